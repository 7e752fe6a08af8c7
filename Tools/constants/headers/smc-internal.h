/* AF_SMC socket states and link group roles strace 6.1 names
 * (src/xlat/smc_states.in, smc_link_group_roles.in): the kernel keeps them
 * in net/smc/smc.h, outside uapi. Copied here for Tools/gen-constants.py. */
#define SMC_ACTIVE 1
#define SMC_INIT 2
#define SMC_CLOSED 7
#define SMC_LISTEN 10
#define SMC_PEERCLOSEWAIT1 20
#define SMC_PEERCLOSEWAIT2 21
#define SMC_APPFINCLOSEWAIT 24
#define SMC_APPCLOSEWAIT1 22
#define SMC_APPCLOSEWAIT2 23
#define SMC_PEERFINCLOSEWAIT 25
#define SMC_PEERABORTWAIT 26
#define SMC_PROCESSABORT 27
#define SMC_CLNT 0
#define SMC_SERV 1
