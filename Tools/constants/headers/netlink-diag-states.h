/* ndiag_state values strace 6.1 names (src/xlat/netlink_states.in): the
 * kernel keeps NETLINK_UNCONNECTED and NETLINK_CONNECTED in
 * net/netlink/af_netlink.h, outside uapi; TCP_CLOSE is the state a socket
 * starts in. Copied here for Tools/gen-constants.py. */
#define NETLINK_UNCONNECTED 0
#define NETLINK_CONNECTED 1
#define TCP_CLOSE 7
