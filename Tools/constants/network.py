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

# strace prints SOCK_CLOEXEC before SOCK_NONBLOCK.
DESCENDING = {"socketTypeFlags"}
GROUPS = [
    # Sockets
    ("addressFamilies", "socket address families", [BITS_SOCKET], r"AF_[A-Z0-9_]+",
     {"AF_LOCAL", "AF_FILE", "AF_ROUTE", "AF_MAX"}),
    ("socketTypes", "socket(2) types", [SOCKET_TYPE], r"SOCK_(?:STREAM|DGRAM|RAW|RDM|SEQPACKET|DCCP|PACKET)", set()),
    ("socketTypeFlags", "socket(2) type flags", [SOCKET_TYPE], r"SOCK_(?:CLOEXEC|NONBLOCK)", set()),
    ("ipProtocols", "IP protocols", [LINUX_IN], r"IPPROTO_[A-Z0-9_]+", {"IPPROTO_MAX"}),
    ("netlinkProtocols", "netlink protocols", [f"{INC}/linux/netlink.h"], r"NETLINK_[A-Z0-9_]+",
     {"NETLINK_INET_DIAG", "NETLINK_ADD_MEMBERSHIP", "NETLINK_DROP_MEMBERSHIP", "NETLINK_PKTINFO",
      "NETLINK_BROADCAST_ERROR", "NETLINK_NO_ENOBUFS", "NETLINK_RX_RING", "NETLINK_TX_RING",
      "NETLINK_LISTEN_ALL_NSID", "NETLINK_LIST_MEMBERSHIPS", "NETLINK_CAP_ACK", "NETLINK_EXT_ACK",
      "NETLINK_GET_STRICT_CHK", "NETLINK_UNCONNECTED", "NETLINK_CONNECTED", "NETLINK_MAX_COOKIE_LEN"}),
    ("messageFlags", "send/recv message flags", [BITS_SOCKET], r"MSG_[A-Z_]+", {"MSG_TRYHARD"}),
    ("scmTypes", "control message types at SOL_SOCKET", [BITS_SOCKET], r"SCM_(?:RIGHTS|CREDENTIALS|SECURITY|PIDFD)", set()),
    ("shutdownHows", "shutdown(2) directions", [SYS_SOCKET], r"SHUT_(?:RD|WR|RDWR)", set()),
    ("socketLevels", "socket option levels",
     [f"{BITS}/in.h", f"{INC}/asm-generic/socket.h", f"{INC}/netinet/tcp.h", f"{INC}/netinet/udp.h", BITS_SOCKET],
     r"SOL_[A-Z0-9_]+", set()),
    ("socketOptions", "SOL_SOCKET options", [f"{INC}/asm-generic/socket.h"], r"SO_[A-Z0-9_]+",
     {"SO_GET_FILTER", "SO_DETACH_BPF", "SO_TIMESTAMP", "SO_TIMESTAMPNS", "SO_TIMESTAMPING", "SO_RCVTIMEO", "SO_SNDTIMEO"}),
    ("tcpOptions", "IPPROTO_TCP options", [f"{INC}/linux/tcp.h"], r"TCP_[A-Z0-9_]+",
     {"TCP_MSS_DEFAULT", "TCP_MSS_DESIRED", "TCP_CM_INQ", "TCP_REPAIR_ON", "TCP_REPAIR_OFF", "TCP_REPAIR_OFF_NO_WP",
      "TCP_MD5SIG_MAXKEYLEN", "TCP_MD5SIG_FLAG_PREFIX", "TCP_MD5SIG_FLAG_IFINDEX", "TCP_RECEIVE_ZEROCOPY_FLAG_TLB_CLEAN_HINT",
      "TCP_AO_MAXKEYLEN", "TCP_AO_KEYF_IFINDEX", "TCP_AO_KEYF_EXCLUDE_OPT"}),
    ("ipOptions", "IPPROTO_IP options", [f"{INC}/linux/in.h"],
     r"IP_(?!PMTUDISC_|DEFAULT_|RECVRETOPTS|RECVORIGDSTADDR|MF\b|DF\b|OFFMASK|CE\b)[A-Z0-9_]+", set()),
    ("ipv6Options", "IPPROTO_IPV6 options", [f"{INC}/linux/in6.h"],
     r"IPV6_(?!FL_|FLOWINFO_|PRIORITY_|TLV_|PMTUDISC_|PREFER_SRC_)[A-Z0-9_]+",
     {"IPV6_RXHOPOPTS", "IPV6_RXDSTOPTS", "IPV6_ADD_MEMBERSHIP", "IPV6_DROP_MEMBERSHIP"}),
]
