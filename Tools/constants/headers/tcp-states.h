/* TCP states strace 6.1 names that glibc's netinet/tcp.h leaves out: the
 * kernel keeps TCP_NEW_SYN_RECV in include/net/tcp_states.h, outside uapi.
 * Copied here for Tools/gen-constants.py. */
#define TCP_NEW_SYN_RECV 12
