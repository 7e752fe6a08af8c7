/* AF_SMC socket states, link group roles and decline codes strace 6.1 names
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
/* CLC decline reasons (net/smc/smc_clc.h), as strace 6.1's
 * src/xlat/smc_decl_codes.in lists them. */
#define SMC_CLC_DECL_MEM 0x01010000
#define SMC_CLC_DECL_TIMEOUT_CL 0x02010000
#define SMC_CLC_DECL_TIMEOUT_AL 0x02020000
#define SMC_CLC_DECL_CNFERR 0x03000000
#define SMC_CLC_DECL_PEERNOSMC 0x03010000
#define SMC_CLC_DECL_IPSEC 0x03020000
#define SMC_CLC_DECL_NOSMCDEV 0x03030000
#define SMC_CLC_DECL_MODEUNSUPP 0x03040000
#define SMC_CLC_DECL_RMBE_EC 0x03050000
#define SMC_CLC_DECL_OPTUNSUPP 0x03060000
#define SMC_CLC_DECL_SYNCERR 0x04000000
#define SMC_CLC_DECL_PEERDECL 0x05000000
#define SMC_CLC_DECL_INTERR 0x99990000
#define SMC_CLC_DECL_ERR_RTOK 0x99990001
#define SMC_CLC_DECL_ERR_RDYLNK 0x99990002
#define SMC_CLC_DECL_ERR_REGRMB 0x99990003
