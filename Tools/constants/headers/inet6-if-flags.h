/* IPv6 interface flags strace 6.1 names in IFLA_INET6_FLAGS: the kernel
 * keeps them in include/net/if_inet6.h, outside uapi. Copied here for
 * Tools/gen-constants.py. */
#define IF_RS_SENT 0x10
#define IF_RA_RCVD 0x20
#define IF_RA_MANAGED 0x40
#define IF_RA_OTHERCONF 0x80
#define IF_READY 0x80000000
