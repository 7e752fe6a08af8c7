"""Constant groups for the network decoders (see core.py for the format).
Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"
BITS = f"{INC}/x86_64-linux-gnu/bits"

SOCKET_TYPE = derived(f"{BITS}/socket_type.h")
BITS_SOCKET = derived(f"{BITS}/socket.h")
SYS_SOCKET = derived(f"{INC}/x86_64-linux-gnu/sys/socket.h")
LINUX_IN = derived(f"{INC}/linux/in.h")
INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "socket-internal.h")

# Multicast options at both SOL_IP and SOL_IPV6.
MCAST = r"MCAST_(?:JOIN_GROUP|BLOCK_SOURCE|UNBLOCK_SOURCE|LEAVE_GROUP|JOIN_SOURCE_GROUP|LEAVE_SOURCE_GROUP|MSFILTER)"

# strace prints SOCK_CLOEXEC before SOCK_NONBLOCK.
DESCENDING = {"socketTypeFlags"}
GROUPS = [
    # Sockets
    ("addressFamilies", "socket address families", [BITS_SOCKET], r"AF_[A-Z0-9_]+|AF_DECnet",
     {"AF_LOCAL", "AF_FILE", "AF_ROUTE", "AF_MAX"}),
    ("socketTypes", "socket(2) types", [SOCKET_TYPE], r"SOCK_(?:STREAM|DGRAM|RAW|RDM|SEQPACKET|DCCP|PACKET)", set()),
    ("socketTypeFlags", "socket(2) type flags", [SOCKET_TYPE], r"SOCK_(?:CLOEXEC|NONBLOCK)", set()),
    ("ipProtocols", "IP protocols", [LINUX_IN, f"{INC}/linux/in6.h"], r"IPPROTO_[A-Z0-9_]+", {"IPPROTO_MAX", "IPPROTO_HOPOPTS"}),
    ("netlinkProtocols", "netlink protocols", [f"{INC}/linux/netlink.h"], r"NETLINK_[A-Z0-9_]+",
     {"NETLINK_INET_DIAG", "NETLINK_ADD_MEMBERSHIP", "NETLINK_DROP_MEMBERSHIP", "NETLINK_PKTINFO",
      "NETLINK_BROADCAST_ERROR", "NETLINK_NO_ENOBUFS", "NETLINK_RX_RING", "NETLINK_TX_RING",
      "NETLINK_LISTEN_ALL_NSID", "NETLINK_LIST_MEMBERSHIPS", "NETLINK_CAP_ACK", "NETLINK_EXT_ACK",
      "NETLINK_GET_STRICT_CHK", "NETLINK_UNCONNECTED", "NETLINK_CONNECTED", "NETLINK_MAX_COOKIE_LEN"}),
    # strace 6.1's msg_flags: glibc's, with the kernel's own names for 0x10 and the internal bits.
    ("messageFlags", "send/recv message flags", [BITS_SOCKET, INTERNAL], r"MSG_[A-Z_]+",
     {"MSG_TRYHARD", "MSG_PROXY", "MSG_EOF", "MSG_SOCK_DEVMEM"}),
    # strace 6.1's scmvals: the SCM_* types and the SO_* names of timestamp messages.
    ("scmTypes", "control message types at SOL_SOCKET", [BITS_SOCKET, INTERNAL, f"{INC}/asm-generic/socket.h"],
     r"SCM_(?:RIGHTS|CREDENTIALS|SECURITY|TIMESTAMPING_OPT_STATS|TIMESTAMPING_PKTINFO)"
     r"|SO_(?:WIFI_STATUS|TXTIME|TIMESTAMP_OLD|TIMESTAMPNS_OLD|TIMESTAMPING_OLD|TIMESTAMP_NEW|TIMESTAMPNS_NEW|TIMESTAMPING_NEW)",
     set()),
    ("shutdownHows", "shutdown(2) directions", [SYS_SOCKET], r"SHUT_(?:RD|WR|RDWR)", set()),
    # strace 6.1's socketlayers: AF_VSOCK is a level too; it knows no level after SOL_XDP.
    ("socketLevels", "socket option levels",
     [f"{BITS}/in.h", f"{INC}/asm-generic/socket.h", f"{INC}/netinet/tcp.h", f"{INC}/netinet/udp.h", BITS_SOCKET,
      f"{INC}/linux/can.h", f"{INC}/linux/can/raw.h", f"{INC}/netipx/ipx.h", f"{INC}/netax25/ax25.h",
      f"{INC}/netatalk/at.h", f"{INC}/netrom/netrom.h", f"{INC}/netrose/rose.h", INTERNAL],
     r"SOL_[A-Z0-9_]+|AF_VSOCK", {"SOL_MPTCP", "SOL_MCTP", "SOL_SMC", "SOL_VSOCK"}),
    ("socketOptions", "SOL_SOCKET options", [f"{INC}/asm-generic/socket.h"], r"SO_[A-Z0-9_]+",
     {"SO_GET_FILTER", "SO_DETACH_BPF", "SO_TIMESTAMP", "SO_TIMESTAMPNS", "SO_TIMESTAMPING", "SO_RCVTIMEO", "SO_SNDTIMEO"}),
    ("tcpOptions", "IPPROTO_TCP options", [f"{INC}/linux/tcp.h"], r"TCP_[A-Z0-9_]+",
     {"TCP_MSS_DEFAULT", "TCP_MSS_DESIRED", "TCP_CM_INQ", "TCP_REPAIR_ON", "TCP_REPAIR_OFF", "TCP_REPAIR_OFF_NO_WP",
      "TCP_MD5SIG_MAXKEYLEN", "TCP_MD5SIG_FLAG_PREFIX", "TCP_MD5SIG_FLAG_IFINDEX", "TCP_RECEIVE_ZEROCOPY_FLAG_TLB_CLEAN_HINT",
      "TCP_AO_MAXKEYLEN", "TCP_AO_KEYF_IFINDEX", "TCP_AO_KEYF_EXCLUDE_OPT"}),
    ("ipOptions", "IPPROTO_IP options", [f"{INC}/linux/in.h"],
     r"IP_(?!PMTUDISC_|DEFAULT_|RECVRETOPTS|RECVORIGDSTADDR|MF\b|DF\b|OFFMASK|CE\b)[A-Z0-9_]+|" + MCAST,
     # Newer than strace 6.1.
     {"IP_LOCAL_PORT_RANGE", "IP_PROTOCOL"}),
    # strace names 20 and 21 IPV6_ADD_MEMBERSHIP and IPV6_DROP_MEMBERSHIP.
    ("ipv6Options", "IPPROTO_IPV6 options", [f"{INC}/linux/in6.h", f"{INC}/linux/in.h"],
     r"IPV6_(?!FL_|FLOWINFO_(?!SEND)|PRIORITY_|TLV_|PMTUDISC_|PREFER_SRC_)[A-Z0-9_]+|" + MCAST,
     {"IPV6_RXHOPOPTS", "IPV6_RXDSTOPTS", "IPV6_JOIN_GROUP", "IPV6_LEAVE_GROUP", "IPV6_RECVORIGDSTADDR"}),
    ("netlinkOptions", "SOL_NETLINK options", [f"{INC}/linux/netlink.h"],
     r"NETLINK_(?:ADD_MEMBERSHIP|DROP_MEMBERSHIP|PKTINFO|BROADCAST_ERROR|NO_ENOBUFS|RX_RING|TX_RING|LISTEN_ALL_NSID"
     r"|LIST_MEMBERSHIPS|CAP_ACK|EXT_ACK|GET_STRICT_CHK)", set()),
    ("packetOptions", "SOL_PACKET options", [f"{INC}/linux/if_packet.h"],
     r"PACKET_(?:ADD_MEMBERSHIP|DROP_MEMBERSHIP|RECV_OUTPUT|RX_RING|STATISTICS|COPY_THRESH|AUXDATA|ORIGDEV|VERSION"
     r"|HDRLEN|RESERVE|TX_RING|LOSS|VNET_HDR|TX_TIMESTAMP|TIMESTAMP|FANOUT|TX_HAS_OFF|QDISC_BYPASS|ROLLOVER_STATS"
     r"|FANOUT_DATA|IGNORE_OUTGOING)", set()),
    ("udpOptions", "SOL_UDP options", [f"{INC}/linux/udp.h"], r"UDP_(?:CORK|ENCAP|NO_CHECK6_TX|NO_CHECK6_RX|SEGMENT|GRO)", set()),
    ("rawOptions", "SOL_RAW options", [f"{INC}/linux/icmp.h"], r"ICMP_FILTER", set()),
    ("canProtocols", "AF_CAN protocols", [f"{INC}/linux/can.h"], r"CAN_(?:RAW|BCM|TP16|TP20|MCNET|ISOTP|J1939)", set()),
    # Newer than strace 6.1: ETH_P_PROFINET, ETH_P_ETHERCAT.
    ("ethernetProtocols", "AF_PACKET protocols", [f"{INC}/linux/if_ether.h"], r"ETH_P_[A-Z0-9_]+",
     {"ETH_P_PROFINET", "ETH_P_ETHERCAT"}),
    ("icmpTypes", "ICMP types (SOL_RAW ICMP_FILTER bits)", [f"{INC}/linux/icmp.h"],
     r"ICMP_(?:ECHOREPLY|DEST_UNREACH|SOURCE_QUENCH|REDIRECT|ECHO|TIME_EXCEEDED|PARAMETERPROB|TIMESTAMP|TIMESTAMPREPLY"
     r"|INFO_REQUEST|INFO_REPLY|ADDRESS|ADDRESSREPLY)", set()),
    # Options at the other levels strace 6.1 names (its sock_*_options tables).
    ("tlsOptions", "SOL_TLS options", [f"{INC}/linux/tls.h"], r"TLS_(?:TX|RX)", set()),
    ("algOptions", "SOL_ALG options", [f"{INC}/linux/if_alg.h"],
     r"ALG_SET_(?:KEY|IV|OP|AEAD_ASSOCLEN|AEAD_AUTHSIZE|DRBG_ENTROPY)", set()),
    ("xdpOptions", "SOL_XDP options", [f"{INC}/linux/if_xdp.h"],
     r"XDP_(?:MMAP_OFFSETS|RX_RING|TX_RING|UMEM_REG|UMEM_FILL_RING|UMEM_COMPLETION_RING|STATISTICS|OPTIONS)", set()),
    ("canRawOptions", "SOL_CAN_RAW options", [derived(f"{INC}/linux/can/raw.h")],
     r"CAN_RAW_(?:FILTER|ERR_FILTER|LOOPBACK|RECV_OWN_MSGS|FD_FRAMES|JOIN_FILTERS)", set()),
    ("kcmOptions", "SOL_KCM options", [f"{INC}/linux/kcm.h"], r"KCM_RECV_DISABLE", set()),
    ("vsockOptions", "AF_VSOCK (as a level) options", [f"{INC}/linux/vm_sockets.h"],
     r"SO_VM_SOCKETS_(?:BUFFER_SIZE|BUFFER_MIN_SIZE|BUFFER_MAX_SIZE|PEER_HOST_VM_ID|TRUSTED|CONNECT_TIMEOUT_OLD"
     r"|NONBLOCK_TXRX|CONNECT_TIMEOUT_NEW)", set()),
    # strace 6.1's sock_sctp_options (its four *_OLD names are in no installed header).
    ("sctpOptions", "SOL_SCTP options", [f"{INC}/linux/sctp.h"],
     r"SCTP_(?:RTOINFO|ASSOCINFO|INITMSG|NODELAY|AUTOCLOSE|SET_PEER_PRIMARY_ADDR|PRIMARY_ADDR"
     r"|ADAPTATION_LAYER|DISABLE_FRAGMENTS|PEER_ADDR_PARAMS|DEFAULT_SEND_PARAM|EVENTS"
     r"|I_WANT_MAPPED_V4_ADDR|MAXSEG|STATUS|GET_PEER_ADDR_INFO|DELAYED_SACK|CONTEXT"
     r"|FRAGMENT_INTERLEAVE|PARTIAL_DELIVERY_POINT|MAX_BURST|AUTH_CHUNK|HMAC_IDENT|AUTH_KEY"
     r"|AUTH_ACTIVE_KEY|AUTH_DELETE_KEY|PEER_AUTH_CHUNKS|LOCAL_AUTH_CHUNKS|GET_ASSOC_NUMBER"
     r"|GET_ASSOC_ID_LIST|AUTO_ASCONF|PEER_ADDR_THLDS|RECVRCVINFO|RECVNXTINFO|DEFAULT_SNDINFO"
     r"|AUTH_DEACTIVATE_KEY|REUSE_PORT|PEER_ADDR_THLDS_V2|SOCKOPT_BINDX_ADD|SOCKOPT_BINDX_REM"
     r"|SOCKOPT_PEELOFF|GET_PEER_ADDRS|GET_LOCAL_ADDRS|SOCKOPT_CONNECTX|SOCKOPT_CONNECTX3"
     r"|GET_ASSOC_STATS|PR_SUPPORTED|DEFAULT_PRINFO|PR_ASSOC_STATUS|PR_STREAM_STATUS"
     r"|RECONFIG_SUPPORTED|ENABLE_STREAM_RESET|RESET_STREAMS|RESET_ASSOC|ADD_STREAMS"
     r"|SOCKOPT_PEELOFF_FLAGS|STREAM_SCHEDULER|STREAM_SCHEDULER_VALUE|INTERLEAVING_SUPPORTED"
     r"|SENDMSG_CONNECT|EVENT|ASCONF_SUPPORTED|AUTH_SUPPORTED|ECN_SUPPORTED"
     r"|EXPOSE_POTENTIALLY_FAILED_STATE|REMOTE_UDP_ENCAPS_PORT|PLPMTUD_PROBE_INTERVAL)", set()),
    ("ipxOptions", "SOL_IPX options", [f"{INC}/netipx/ipx.h"], r"IPX_TYPE", set()),
    ("packetMembershipTypes", "struct packet_mreq's mr_type", [f"{INC}/linux/if_packet.h"],
     r"PACKET_MR_(?:MULTICAST|PROMISC|ALLMULTI|UNICAST)", set()),
]
