"""Constant groups for netlink messages (see core.py for the format): the
nlmsghdr types and flags, and NETLINK_ROUTE / NETLINK_SOCK_DIAG payloads.
Names are limited to those strace 6.1's xlat tables list (newer headers
name more). Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
NETLINK = f"{INC}/linux/netlink.h"
NETLINK_DERIVED = derived(NETLINK)
RTNETLINK = derived(f"{INC}/linux/rtnetlink.h")
IF_LINK = derived(f"{INC}/linux/if_link.h")
IF_ADDR = derived(f"{INC}/linux/if_addr.h")
NEIGHBOUR = derived(f"{INC}/linux/neighbour.h")
TCP = derived(f"{INC}/netinet/tcp.h")
TCP_INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "tcp-states.h")
UNIX_DIAG = derived(f"{INC}/linux/unix_diag.h")
INET_DIAG = derived(f"{INC}/linux/inet_diag.h")
SOCK_DIAG = derived(f"{INC}/linux/sock_diag.h")
LINUX_IP = derived(f"{INC}/linux/ip.h")
LINUX_IPV6 = derived(f"{INC}/linux/ipv6.h")
SNMP = derived(f"{INC}/linux/snmp.h")
XFRM = derived(f"{INC}/linux/xfrm.h")
CRYPTO = derived(f"{INC}/linux/cryptouser.h")
FIB_RULES = derived(f"{INC}/linux/fib_rules.h")
GEN_STATS = derived(f"{INC}/linux/gen_stats.h")
NF = f"{INC}/linux/netfilter"
INET6_FLAGS_INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "inet6-if-flags.h")
NETLINK_STATES_INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "netlink-diag-states.h")
SMC_INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "smc-internal.h")
SHUTDOWN_INTERNAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "sock-shutdown.h")


def names(*macros):
    """A pattern matching exactly these macro names."""
    return "|".join(macros)


ROUTE_TYPES = names(*"""RTM_NEWLINK RTM_DELLINK RTM_GETLINK RTM_SETLINK RTM_NEWADDR RTM_DELADDR RTM_GETADDR
RTM_NEWROUTE RTM_DELROUTE RTM_GETROUTE RTM_NEWNEIGH RTM_DELNEIGH RTM_GETNEIGH RTM_NEWRULE RTM_DELRULE RTM_GETRULE
RTM_NEWQDISC RTM_DELQDISC RTM_GETQDISC RTM_NEWTCLASS RTM_DELTCLASS RTM_GETTCLASS RTM_NEWTFILTER RTM_DELTFILTER
RTM_GETTFILTER RTM_NEWACTION RTM_DELACTION RTM_GETACTION RTM_NEWPREFIX RTM_GETMULTICAST RTM_GETANYCAST
RTM_NEWNEIGHTBL RTM_GETNEIGHTBL RTM_SETNEIGHTBL RTM_NEWNDUSEROPT RTM_NEWADDRLABEL RTM_DELADDRLABEL RTM_GETADDRLABEL
RTM_GETDCB RTM_SETDCB RTM_NEWNETCONF RTM_DELNETCONF RTM_GETNETCONF RTM_NEWMDB RTM_DELMDB RTM_GETMDB RTM_NEWNSID
RTM_DELNSID RTM_GETNSID RTM_NEWSTATS RTM_GETSTATS RTM_NEWCACHEREPORT RTM_NEWCHAIN RTM_DELCHAIN RTM_GETCHAIN
RTM_NEWNEXTHOP RTM_DELNEXTHOP RTM_GETNEXTHOP RTM_NEWLINKPROP RTM_DELLINKPROP RTM_GETLINKPROP RTM_NEWVLAN RTM_DELVLAN
RTM_GETVLAN RTM_NEWNEXTHOPBUCKET RTM_DELNEXTHOPBUCKET RTM_GETNEXTHOPBUCKET""".split())

LINK_ATTRIBUTES = names(*"""IFLA_UNSPEC IFLA_ADDRESS IFLA_BROADCAST IFLA_IFNAME IFLA_MTU IFLA_LINK IFLA_QDISC
IFLA_STATS IFLA_COST IFLA_PRIORITY IFLA_MASTER IFLA_WIRELESS IFLA_PROTINFO IFLA_TXQLEN IFLA_MAP IFLA_WEIGHT
IFLA_OPERSTATE IFLA_LINKMODE IFLA_LINKINFO IFLA_NET_NS_PID IFLA_IFALIAS IFLA_NUM_VF IFLA_VFINFO_LIST IFLA_STATS64
IFLA_VF_PORTS IFLA_PORT_SELF IFLA_AF_SPEC IFLA_GROUP IFLA_NET_NS_FD IFLA_EXT_MASK IFLA_PROMISCUITY
IFLA_NUM_TX_QUEUES IFLA_NUM_RX_QUEUES IFLA_CARRIER IFLA_PHYS_PORT_ID IFLA_CARRIER_CHANGES IFLA_PHYS_SWITCH_ID
IFLA_LINK_NETNSID IFLA_PHYS_PORT_NAME IFLA_PROTO_DOWN IFLA_GSO_MAX_SEGS IFLA_GSO_MAX_SIZE IFLA_PAD IFLA_XDP
IFLA_EVENT IFLA_NEW_NETNSID IFLA_IF_NETNSID IFLA_CARRIER_UP_COUNT IFLA_CARRIER_DOWN_COUNT IFLA_NEW_IFINDEX
IFLA_MIN_MTU IFLA_MAX_MTU IFLA_PROP_LIST IFLA_ALT_IFNAME IFLA_PERM_ADDRESS IFLA_PROTO_DOWN_REASON
IFLA_PARENT_DEV_NAME IFLA_PARENT_DEV_BUS_NAME IFLA_GRO_MAX_SIZE IFLA_TSO_MAX_SIZE IFLA_TSO_MAX_SEGS
IFLA_ALLMULTI""".split())

ROUTE_ATTRIBUTES = names(*"""RTA_UNSPEC RTA_DST RTA_SRC RTA_IIF RTA_OIF RTA_GATEWAY RTA_PRIORITY RTA_PREFSRC
RTA_METRICS RTA_MULTIPATH RTA_PROTOINFO RTA_FLOW RTA_CACHEINFO RTA_SESSION RTA_MP_ALGO RTA_TABLE RTA_MARK
RTA_MFC_STATS RTA_VIA RTA_NEWDST RTA_PREF RTA_ENCAP_TYPE RTA_ENCAP RTA_EXPIRES RTA_PAD RTA_UID RTA_TTL_PROPAGATE
RTA_IP_PROTO RTA_SPORT RTA_DPORT RTA_NH_ID""".split())

NEIGH_ATTRIBUTES = names(*"""NDA_UNSPEC NDA_DST NDA_LLADDR NDA_CACHEINFO NDA_PROBES NDA_VLAN NDA_PORT NDA_VNI
NDA_IFINDEX NDA_MASTER NDA_LINK_NETNSID NDA_SRC_VNI NDA_PROTOCOL NDA_NH_ID NDA_FDB_EXT_ATTRS NDA_FLAGS_EXT
NDA_NDM_STATE_MASK NDA_NDM_FLAGS_MASK""".split())

IPV4_DEVCONF = names(*"""IPV4_DEVCONF_FORWARDING IPV4_DEVCONF_MC_FORWARDING IPV4_DEVCONF_PROXY_ARP
IPV4_DEVCONF_ACCEPT_REDIRECTS IPV4_DEVCONF_SECURE_REDIRECTS IPV4_DEVCONF_SEND_REDIRECTS IPV4_DEVCONF_SHARED_MEDIA
IPV4_DEVCONF_RP_FILTER IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE IPV4_DEVCONF_BOOTP_RELAY IPV4_DEVCONF_LOG_MARTIANS
IPV4_DEVCONF_TAG IPV4_DEVCONF_ARPFILTER IPV4_DEVCONF_MEDIUM_ID IPV4_DEVCONF_NOXFRM IPV4_DEVCONF_NOPOLICY
IPV4_DEVCONF_FORCE_IGMP_VERSION IPV4_DEVCONF_ARP_ANNOUNCE IPV4_DEVCONF_ARP_IGNORE IPV4_DEVCONF_PROMOTE_SECONDARIES
IPV4_DEVCONF_ARP_ACCEPT IPV4_DEVCONF_ARP_NOTIFY IPV4_DEVCONF_ACCEPT_LOCAL IPV4_DEVCONF_SRC_VMARK
IPV4_DEVCONF_PROXY_ARP_PVLAN IPV4_DEVCONF_ROUTE_LOCALNET IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL
IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN
IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST IPV4_DEVCONF_DROP_GRATUITOUS_ARP IPV4_DEVCONF_BC_FORWARDING
IPV4_DEVCONF_ARP_EVICT_NOCARRIER""".split())

IPV6_DEVCONF = names(*"""DEVCONF_FORWARDING DEVCONF_HOPLIMIT DEVCONF_MTU6 DEVCONF_ACCEPT_RA DEVCONF_ACCEPT_REDIRECTS
DEVCONF_AUTOCONF DEVCONF_DAD_TRANSMITS DEVCONF_RTR_SOLICITS DEVCONF_RTR_SOLICIT_INTERVAL DEVCONF_RTR_SOLICIT_DELAY
DEVCONF_USE_TEMPADDR DEVCONF_TEMP_VALID_LFT DEVCONF_TEMP_PREFERED_LFT DEVCONF_REGEN_MAX_RETRY
DEVCONF_MAX_DESYNC_FACTOR DEVCONF_MAX_ADDRESSES DEVCONF_FORCE_MLD_VERSION DEVCONF_ACCEPT_RA_DEFRTR
DEVCONF_ACCEPT_RA_PINFO DEVCONF_ACCEPT_RA_RTR_PREF DEVCONF_RTR_PROBE_INTERVAL DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN
DEVCONF_PROXY_NDP DEVCONF_OPTIMISTIC_DAD DEVCONF_ACCEPT_SOURCE_ROUTE DEVCONF_MC_FORWARDING DEVCONF_DISABLE_IPV6
DEVCONF_ACCEPT_DAD DEVCONF_FORCE_TLLAO DEVCONF_NDISC_NOTIFY DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL
DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL DEVCONF_SUPPRESS_FRAG_NDISC DEVCONF_ACCEPT_RA_FROM_LOCAL
DEVCONF_USE_OPTIMISTIC DEVCONF_ACCEPT_RA_MTU DEVCONF_STABLE_SECRET DEVCONF_USE_OIF_ADDRS_ONLY
DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN DEVCONF_DROP_UNICAST_IN_L2_MULTICAST
DEVCONF_DROP_UNSOLICITED_NA DEVCONF_KEEP_ADDR_ON_DOWN DEVCONF_RTR_SOLICIT_MAX_INTERVAL DEVCONF_SEG6_ENABLED
DEVCONF_SEG6_REQUIRE_HMAC DEVCONF_ENHANCED_DAD DEVCONF_ADDR_GEN_MODE DEVCONF_DISABLE_POLICY
DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN DEVCONF_NDISC_TCLASS DEVCONF_RPL_SEG_ENABLED DEVCONF_RA_DEFRTR_METRIC
DEVCONF_IOAM6_ENABLED DEVCONF_IOAM6_ID DEVCONF_IOAM6_ID_WIDE DEVCONF_NDISC_EVICT_NOCARRIER
DEVCONF_ACCEPT_UNTRACKED_NA""".split())

IPSTATS = names(*"""IPSTATS_MIB_NUM IPSTATS_MIB_INPKTS IPSTATS_MIB_INOCTETS IPSTATS_MIB_INDELIVERS
IPSTATS_MIB_OUTFORWDATAGRAMS IPSTATS_MIB_OUTPKTS IPSTATS_MIB_OUTOCTETS IPSTATS_MIB_INHDRERRORS
IPSTATS_MIB_INTOOBIGERRORS IPSTATS_MIB_INNOROUTES IPSTATS_MIB_INADDRERRORS IPSTATS_MIB_INUNKNOWNPROTOS
IPSTATS_MIB_INTRUNCATEDPKTS IPSTATS_MIB_INDISCARDS IPSTATS_MIB_OUTDISCARDS IPSTATS_MIB_OUTNOROUTES
IPSTATS_MIB_REASMTIMEOUT IPSTATS_MIB_REASMREQDS IPSTATS_MIB_REASMOKS IPSTATS_MIB_REASMFAILS IPSTATS_MIB_FRAGOKS
IPSTATS_MIB_FRAGFAILS IPSTATS_MIB_FRAGCREATES IPSTATS_MIB_INMCASTPKTS IPSTATS_MIB_OUTMCASTPKTS
IPSTATS_MIB_INBCASTPKTS IPSTATS_MIB_OUTBCASTPKTS IPSTATS_MIB_INMCASTOCTETS IPSTATS_MIB_OUTMCASTOCTETS
IPSTATS_MIB_INBCASTOCTETS IPSTATS_MIB_OUTBCASTOCTETS IPSTATS_MIB_CSUMERRORS IPSTATS_MIB_NOECTPKTS
IPSTATS_MIB_ECT1PKTS IPSTATS_MIB_ECT0PKTS IPSTATS_MIB_CEPKTS IPSTATS_MIB_REASM_OVERLAPS""".split())

AUDIT_TYPES = names(*"""AUDIT_GET AUDIT_SET AUDIT_LIST AUDIT_ADD AUDIT_DEL AUDIT_USER AUDIT_LOGIN AUDIT_WATCH_INS
AUDIT_WATCH_REM AUDIT_WATCH_LIST AUDIT_SIGNAL_INFO AUDIT_ADD_RULE AUDIT_DEL_RULE AUDIT_LIST_RULES AUDIT_TRIM
AUDIT_MAKE_EQUIV AUDIT_TTY_GET AUDIT_TTY_SET AUDIT_SET_FEATURE AUDIT_GET_FEATURE AUDIT_FIRST_USER_MSG AUDIT_USER_AVC
AUDIT_USER_TTY AUDIT_LAST_USER_MSG AUDIT_DAEMON_START AUDIT_DAEMON_END AUDIT_DAEMON_ABORT AUDIT_DAEMON_CONFIG
AUDIT_SYSCALL AUDIT_FS_WATCH AUDIT_PATH AUDIT_IPC AUDIT_SOCKETCALL AUDIT_CONFIG_CHANGE AUDIT_SOCKADDR AUDIT_CWD
AUDIT_EXECVE AUDIT_IPC_SET_PERM AUDIT_MQ_OPEN AUDIT_MQ_SENDRECV AUDIT_MQ_NOTIFY AUDIT_MQ_GETSETATTR
AUDIT_KERNEL_OTHER AUDIT_FD_PAIR AUDIT_OBJ_PID AUDIT_TTY AUDIT_EOE AUDIT_BPRM_FCAPS AUDIT_CAPSET AUDIT_MMAP
AUDIT_NETFILTER_PKT AUDIT_NETFILTER_CFG AUDIT_SECCOMP AUDIT_PROCTITLE AUDIT_FEATURE_CHANGE AUDIT_REPLACE
AUDIT_KERN_MODULE AUDIT_FANOTIFY AUDIT_TIME_INJOFFSET AUDIT_TIME_ADJNTPVAL AUDIT_BPF AUDIT_EVENT_LISTENER
AUDIT_URINGOP AUDIT_OPENAT2 AUDIT_DM_CTRL AUDIT_DM_EVENT AUDIT_AVC AUDIT_SELINUX_ERR AUDIT_AVC_PATH
AUDIT_MAC_POLICY_LOAD AUDIT_MAC_STATUS AUDIT_MAC_CONFIG_CHANGE AUDIT_MAC_UNLBL_ALLOW AUDIT_MAC_CIPSOV4_ADD
AUDIT_MAC_CIPSOV4_DEL AUDIT_MAC_MAP_ADD AUDIT_MAC_MAP_DEL AUDIT_MAC_IPSEC_ADDSA AUDIT_MAC_IPSEC_DELSA
AUDIT_MAC_IPSEC_ADDSPD AUDIT_MAC_IPSEC_DELSPD AUDIT_MAC_IPSEC_EVENT AUDIT_MAC_UNLBL_STCADD AUDIT_MAC_UNLBL_STCDEL
AUDIT_MAC_CALIPSO_ADD AUDIT_MAC_CALIPSO_DEL AUDIT_ANOM_PROMISCUOUS AUDIT_ANOM_ABEND AUDIT_ANOM_LINK
AUDIT_ANOM_CREAT AUDIT_LAST_KERN_ANOM_MSG AUDIT_INTEGRITY_DATA AUDIT_INTEGRITY_METADATA AUDIT_INTEGRITY_STATUS
AUDIT_INTEGRITY_HASH AUDIT_INTEGRITY_PCR AUDIT_INTEGRITY_RULE AUDIT_INTEGRITY_EVM_XATTR
AUDIT_INTEGRITY_POLICY_RULE AUDIT_KERNEL AUDIT_FIRST_USER_MSG2 AUDIT_LAST_USER_MSG2""".split())

ORDER = {
    "typeOfServices": ["IPTOS_LOWDELAY", "IPTOS_THROUGHPUT", "IPTOS_RELIABILITY", "IPTOS_MINCOST"],
    "netlinkGetFlags": ["NLM_F_DUMP", "NLM_F_ROOT", "NLM_F_MATCH", "NLM_F_ATOMIC"],
}

GROUPS = [
    ("netlinkMessageTypes", "nlmsg_type values every protocol shares", [NETLINK],
     names("NLMSG_NOOP", "NLMSG_ERROR", "NLMSG_DONE", "NLMSG_OVERRUN"), set()),
    ("netlinkFlags", "nlmsg_flags bits of every message", [NETLINK],
     names("NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK", "NLM_F_ECHO", "NLM_F_DUMP_INTR", "NLM_F_DUMP_FILTERED"), set()),
    ("netlinkGetFlags", "nlmsg_flags bits of GET requests", [NETLINK],
     names("NLM_F_DUMP", "NLM_F_ROOT", "NLM_F_MATCH", "NLM_F_ATOMIC"), set()),
    ("netlinkNewFlags", "nlmsg_flags bits of NEW requests", [NETLINK],
     names("NLM_F_REPLACE", "NLM_F_EXCL", "NLM_F_CREATE", "NLM_F_APPEND"), set()),
    ("netlinkDeleteFlags", "nlmsg_flags bits of DEL requests", [NETLINK], names("NLM_F_NONREC", "NLM_F_BULK"), set()),
    ("netlinkAckFlags", "nlmsg_flags bits of NLMSG_ERROR messages", [NETLINK], names("NLM_F_CAPPED", "NLM_F_ACK_TLVS"), set()),
    ("netlinkErrorAttributes", "nlmsgerr extended-ack attributes", [NETLINK_DERIVED],
     names("NLMSGERR_ATTR_UNUSED", "NLMSGERR_ATTR_MSG", "NLMSGERR_ATTR_OFFS", "NLMSGERR_ATTR_COOKIE",
           "NLMSGERR_ATTR_POLICY", "NLMSGERR_ATTR_MISS_TYPE", "NLMSGERR_ATTR_MISS_NEST"), set()),
    ("routeMessageTypes", "NETLINK_ROUTE message types", [RTNETLINK], ROUTE_TYPES, set()),
    ("sockDiagMessageTypes", "NETLINK_SOCK_DIAG message types",
     [f"{INC}/linux/inet_diag.h", f"{INC}/linux/sock_diag.h"],
     names("TCPDIAG_GETSOCK", "DCCPDIAG_GETSOCK", "SOCK_DIAG_BY_FAMILY", "SOCK_DESTROY"), set()),
    ("linkAttributes", "ifinfomsg attributes", [IF_LINK], LINK_ATTRIBUTES, set()),
    ("addressAttributes", "ifaddrmsg attributes", [IF_ADDR], r"IFA_(?:UNSPEC|ADDRESS|LOCAL|LABEL|BROADCAST|ANYCAST|CACHEINFO|MULTICAST|FLAGS|RT_PRIORITY|TARGET_NETNSID|PROTO)", set()),
    ("addressFlags", "ifa_flags bits", [IF_ADDR],
     r"IFA_F_(?:SECONDARY|NODAD|OPTIMISTIC|DADFAILED|HOMEADDRESS|DEPRECATED|TENTATIVE|PERMANENT|MANAGETEMPADDR|NOPREFIXROUTE|MCAUTOJOIN|STABLE_PRIVACY)", set()),
    ("routeScopes", "route scopes", [RTNETLINK], r"RT_SCOPE_(?:UNIVERSE|SITE|LINK|HOST|NOWHERE)", set()),
    ("routeTypes", "route types", [RTNETLINK],
     r"RTN_(?:UNSPEC|UNICAST|LOCAL|BROADCAST|ANYCAST|MULTICAST|BLACKHOLE|UNREACHABLE|PROHIBIT|THROW|NAT|XRESOLVE)", set()),
    ("routeProtocols", "route protocols", [RTNETLINK],
     r"RTPROT_(?:UNSPEC|REDIRECT|KERNEL|BOOT|STATIC|GATED|RA|MRT|ZEBRA|BIRD|DNROUTED|XORP|NTK|DHCP|MROUTED|KEEPALIVED|BABEL|OPENR|BGP|ISIS|OSPF|RIP|EIGRP)", set()),
    ("routeTables", "routing table ids", [RTNETLINK], r"RT_TABLE_(?:UNSPEC|COMPAT|DEFAULT|MAIN|LOCAL)", set()),
    ("routeAttributes", "rtmsg attributes", [RTNETLINK], ROUTE_ATTRIBUTES, set()),
    ("neighbourStates", "neighbour cache entry states", [NEIGHBOUR],
     r"NUD_(?:NONE|INCOMPLETE|REACHABLE|STALE|DELAY|PROBE|FAILED|NOARP|PERMANENT)", set()),
    ("neighbourFlags", "neighbour cache entry flags", [NEIGHBOUR],
     r"NTF_(?:USE|SELF|MASTER|PROXY|EXT_LEARNED|OFFLOADED|STICKY|ROUTER)", set()),
    ("neighbourAttributes", "ndmsg attributes", [NEIGHBOUR], NEIGH_ATTRIBUTES, set()),
    ("linkExtensionFilters", "IFLA_EXT_MASK bits", [RTNETLINK],
     r"RTEXT_FILTER_(?:VF|BRVLAN|BRVLAN_COMPRESSED|SKIP_STATS|MRP|CFM_CONFIG|CFM_STATUS)", set()),
    ("typeOfServices", "rtm_tos bits", [f"{INC}/netinet/ip.h"], r"IPTOS_(?:LOWDELAY|THROUGHPUT|RELIABILITY|MINCOST)", set()),
    ("routeFlags", "rtm_flags bits", [RTNETLINK],
     r"RTM_F_(?:NOTIFY|CLONED|EQUALIZE|PREFIX|LOOKUP_TABLE|FIB_MATCH|OFFLOAD|TRAP|OFFLOAD_FAILED)", set()),
    ("routeMetricAttributes", "RTA_METRICS attributes", [RTNETLINK],
     r"RTAX_(?:UNSPEC|LOCK|MTU|WINDOW|RTT|RTTVAR|SSTHRESH|CWND|ADVMSS|REORDERING|HOPLIMIT|INITCWND|FEATURES|RTO_MIN|INITRWND|QUICKACK|CC_ALGO|FASTOPEN_NO_COOKIE)", set()),
    ("tcpStates", "TCP states", [TCP, TCP_INTERNAL],
     r"TCP_(?:ESTABLISHED|SYN_SENT|SYN_RECV|FIN_WAIT1|FIN_WAIT2|TIME_WAIT|CLOSE|CLOSE_WAIT|LAST_ACK|LISTEN|CLOSING|NEW_SYN_RECV)", set()),
    ("unixDiagShow", "udiag_show bits", [UNIX_DIAG],
     r"UDIAG_SHOW_(?:NAME|VFS|PEER|ICONS|RQLEN|MEMINFO|UID)", set()),
    ("unixDiagAttributes", "unix_diag_msg attributes", [UNIX_DIAG],
     r"UNIX_DIAG_(?:NAME|VFS|PEER|ICONS|RQLEN|MEMINFO|SHUTDOWN|UID)", set()),
    ("xdpAttributes", "IFLA_XDP attributes", [IF_LINK],
     r"IFLA_XDP_(?:UNSPEC|FD|ATTACHED|FLAGS|PROG_ID|DRV_PROG_ID|SKB_PROG_ID|HW_PROG_ID|EXPECTED_FD)", set()),
    ("xdpAttachedModes", "IFLA_XDP_ATTACHED values", [IF_LINK], r"XDP_ATTACHED_(?:NONE|DRV|SKB|HW|MULTI)", set()),
    ("linkInfoAttributes", "IFLA_LINKINFO attributes", [IF_LINK],
     r"IFLA_INFO_(?:UNSPEC|KIND|DATA|XSTATS|SLAVE_KIND|SLAVE_DATA)", set()),
    ("inetDiagAttributes", "inet_diag_msg attributes", [INET_DIAG],
     r"INET_DIAG_(?:NONE|MEMINFO|INFO|VEGASINFO|CONG|TOS|TCLASS|SKMEMINFO|SHUTDOWN|DCTCPINFO|PROTOCOL|SKV6ONLY|LOCALS|PEERS|PAD|MARK|BBRINFO|CLASS_ID|MD5SIG|ULP_INFO|SK_BPF_STORAGES|CGROUP_ID|SOCKOPT)", set()),
    ("inetDiagRequestAttributes", "inet_diag_req_v2 attributes", [INET_DIAG],
     r"INET_DIAG_REQ_(?:NONE|BYTECODE|SK_BPF_STORAGES|PROTOCOL)", set()),
    ("socketMeminfoIndices", "SK_MEMINFO_* array indices", [SOCK_DIAG],
     r"SK_MEMINFO_(?:RMEM_ALLOC|RCVBUF|WMEM_ALLOC|SNDBUF|FWD_ALLOC|WMEM_QUEUED|OPTMEM|BACKLOG|DROPS)", set()),
    ("socketShutdownFlags", "INET_DIAG_SHUTDOWN bits", [SHUTDOWN_INTERNAL], r"RCV_SHUTDOWN|SEND_SHUTDOWN", set()),
    ("nexthopFlags", "rtnh_flags bits", [RTNETLINK],
     r"RTNH_F_(?:DEAD|PERVASIVE|ONLINK|OFFLOAD|LINKDOWN|UNRESOLVED|TRAP)", set()),
    ("ipv4DevconfIndices", "IFLA_INET_CONF entries (strace names index i by IPV4_DEVCONF_*-1)", [LINUX_IP], IPV4_DEVCONF, set()),
    ("ipv6DevconfIndices", "IFLA_INET6_CONF entries", [LINUX_IPV6], IPV6_DEVCONF, set()),
    ("ipStatsIndices", "IFLA_INET6_STATS entries", [SNMP], IPSTATS, set()),
    ("icmp6StatsIndices", "IFLA_INET6_ICMP6STATS entries", [SNMP],
     r"ICMP6_MIB_(?:NUM|INMSGS|INERRORS|OUTMSGS|OUTERRORS|CSUMERRORS)", set()),
    ("inetAttributes", "IFLA_AF_SPEC AF_INET attributes", [IF_LINK], r"IFLA_INET_(?:UNSPEC|CONF)", set()),
    ("inet6Attributes", "IFLA_AF_SPEC AF_INET6 attributes", [IF_LINK],
     r"IFLA_INET6_(?:UNSPEC|FLAGS|CONF|STATS|MCAST|CACHEINFO|ICMP6STATS|TOKEN|ADDR_GEN_MODE|RA_MTU)", set()),
    ("inet6InterfaceFlags", "IFLA_INET6_FLAGS bits", [INET6_FLAGS_INTERNAL], r"IF_(?:RS_SENT|RA_RCVD|RA_MANAGED|RA_OTHERCONF|READY)", set()),
    ("addressGenerationModes", "IFLA_INET6_ADDR_GEN_MODE values", [IF_LINK],
     r"IN6_ADDR_GEN_MODE_(?:EUI64|NONE|STABLE_PRIVACY|RANDOM)", set()),
    ("auditMessageTypes", "NETLINK_AUDIT message types",
     [f"{INC}/linux/audit.h", os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "audit-deprecated.h")], AUDIT_TYPES, set()),
    ("xfrmMessageTypes", "NETLINK_XFRM message types", [XFRM],
     r"XFRM_MSG_(?:NEWSA|DELSA|GETSA|NEWPOLICY|DELPOLICY|GETPOLICY|ALLOCSPI|ACQUIRE|EXPIRE|UPDPOLICY|UPDSA|POLEXPIRE|FLUSHSA|FLUSHPOLICY|NEWAE|GETAE|REPORT|MIGRATE|NEWSADINFO|GETSADINFO|NEWSPDINFO|GETSPDINFO|MAPPING|SETDEFAULT|GETDEFAULT)", set()),
    ("selinuxMessageTypes", "NETLINK_SELINUX message types", [derived(f"{INC}/linux/selinux_netlink.h")],
     r"SELNL_MSG_(?:SETENFORCE|POLICYLOAD)", set()),
    ("cryptoMessageTypes", "NETLINK_CRYPTO message types", [CRYPTO],
     r"CRYPTO_MSG_(?:NEWALG|DELALG|UPDATEALG|GETALG|DELRNG)", set()),
    ("ruleAttributes", "fib_rule_hdr attributes", [FIB_RULES],
     r"FRA_(?:UNSPEC|DST|SRC|IIFNAME|GOTO|UNUSED2|PRIORITY|UNUSED3|UNUSED4|UNUSED5|FWMARK|FLOW|TUN_ID|SUPPRESS_IFGROUP|SUPPRESS_PREFIXLEN|TABLE|FWMASK|OIFNAME|PAD|L3MDEV|UID_RANGE|PROTOCOL|IP_PROTO|SPORT_RANGE|DPORT_RANGE)", set()),
    ("ruleActions", "fib rule actions", [FIB_RULES],
     r"FR_ACT_(?:UNSPEC|TO_TBL|GOTO|NOP|RES3|RES4|BLACKHOLE|UNREACHABLE|PROHIBIT)", set()),
    ("ruleFlags", "fib rule flags", [FIB_RULES],
     r"FIB_RULE_(?:PERMANENT|INVERT|UNRESOLVED|IIF_DETACHED|OIF_DETACHED|FIND_SADDR)", set()),
    ("trafficControlAttributes", "tcmsg attributes", [RTNETLINK],
     r"TCA_(?:UNSPEC|KIND|OPTIONS|STATS|XSTATS|RATE|FCNT|STATS2|STAB|PAD|DUMP_INVISIBLE|CHAIN|HW_OFFLOAD|INGRESS_BLOCK|EGRESS_BLOCK|DUMP_FLAGS)", set()),
    ("trafficStatsAttributes", "TCA_STATS2 attributes", [GEN_STATS],
     r"TCA_STATS_(?:UNSPEC|BASIC|RATE_EST|QUEUE|APP|RATE_EST64|PAD|BASIC_HW|PKT64)", set()),
    ("netfilterSubsystems", "nfnetlink subsystem ids (nlmsg_type >> 8)", [f"{NF}/nfnetlink.h"],
     r"NFNL_SUBSYS_(?:NONE|CTNETLINK|CTNETLINK_EXP|QUEUE|ULOG|OSF|IPSET|ACCT|CTNETLINK_TIMEOUT|CTHELPER|NFTABLES|NFT_COMPAT|HOOK)", set()),
    ("netfilterControlTypes", "nfnetlink batch message types", [NETLINK, f"{NF}/nfnetlink.h"], r"NFNL_MSG_BATCH_(?:BEGIN|END)", set()),
    ("netfilterVersions", "nfgenmsg versions", [f"{NF}/nfnetlink.h"], r"NFNETLINK_V0", set()),
    ("conntrackMessageTypes", "NFNL_SUBSYS_CTNETLINK message types", [derived(f"{NF}/nfnetlink_conntrack.h")],
     r"IPCTNL_MSG_CT_(?:NEW|GET|DELETE|GET_CTRZERO|GET_STATS_CPU|GET_STATS|GET_DYING|GET_UNCONFIRMED)", set()),
    ("conntrackExpectMessageTypes", "NFNL_SUBSYS_CTNETLINK_EXP message types", [derived(f"{NF}/nfnetlink_conntrack.h")],
     r"IPCTNL_MSG_EXP_(?:NEW|GET|DELETE|GET_STATS_CPU)", set()),
    ("netfilterQueueMessageTypes", "NFNL_SUBSYS_QUEUE message types", [derived(f"{NF}/nfnetlink_queue.h")],
     r"NFQNL_MSG_(?:PACKET|VERDICT|CONFIG|VERDICT_BATCH)", set()),
    ("netfilterLogMessageTypes", "NFNL_SUBSYS_ULOG message types", [derived(f"{NF}/nfnetlink_log.h")],
     r"NFULNL_MSG_(?:PACKET|CONFIG)", set()),
    ("osfMessageTypes", "NFNL_SUBSYS_OSF message types", [derived(f"{NF}/nfnetlink_osf.h")], r"OSF_MSG_(?:ADD|REMOVE)", set()),
    ("ipsetCommands", "NFNL_SUBSYS_IPSET message types", [derived(f"{NF}/ipset/ip_set.h")],
     r"IPSET_CMD_(?:NONE|PROTOCOL|CREATE|DESTROY|FLUSH|RENAME|SWAP|LIST|SAVE|ADD|DEL|TEST|HEADER|TYPE|RESTORE|HELP|VERSION|QUIT|COMMIT)", set()),
    ("netfilterAcctMessageTypes", "NFNL_SUBSYS_ACCT message types", [derived(f"{NF}/nfnetlink_acct.h")],
     r"NFNL_MSG_ACCT_(?:NEW|GET|GET_CTRZERO|DEL|OVERQUOTA)", set()),
    ("conntrackTimeoutMessageTypes", "NFNL_SUBSYS_CTNETLINK_TIMEOUT message types", [derived(f"{NF}/nfnetlink_cttimeout.h")],
     r"IPCTNL_MSG_TIMEOUT_(?:NEW|GET|DELETE|DEFAULT_SET|DEFAULT_GET)", set()),
    ("conntrackHelperMessageTypes", "NFNL_SUBSYS_CTHELPER message types", [derived(f"{NF}/nfnetlink_cthelper.h")],
     r"NFNL_MSG_CTHELPER_(?:NEW|GET|DEL)", set()),
    ("nftablesMessageTypes", "NFNL_SUBSYS_NFTABLES message types", [derived(f"{NF}/nf_tables.h")],
     r"NFT_MSG_(?:NEWTABLE|GETTABLE|DELTABLE|NEWCHAIN|GETCHAIN|DELCHAIN|NEWRULE|GETRULE|DELRULE|NEWSET|GETSET|DELSET|NEWSETELEM|GETSETELEM|DELSETELEM|NEWGEN|GETGEN|TRACE|NEWOBJ|GETOBJ|DELOBJ|GETOBJ_RESET|NEWFLOWTABLE|GETFLOWTABLE|DELFLOWTABLE)", set()),
    ("nftCompatMessageTypes", "NFNL_SUBSYS_NFT_COMPAT message types", [derived(f"{NF}/nf_tables_compat.h")], r"NFNL_MSG_COMPAT_GET", set()),
    ("netfilterHookMessageTypes", "NFNL_SUBSYS_HOOK message types", [derived(f"{NF}/nfnetlink_hook.h")], r"NFNL_MSG_HOOK_GET", set()),
    ("netlinkDiagShow", "netlink_diag_req ndiag_show bits", [f"{INC}/linux/netlink_diag.h"],
     r"NDIAG_SHOW_(?:MEMINFO|GROUPS|RING_CFG|FLAGS)", set()),
    ("netlinkDiagAttributes", "netlink_diag_msg attributes", [derived(f"{INC}/linux/netlink_diag.h")],
     r"NETLINK_DIAG_(?:MEMINFO|GROUPS|RX_RING|TX_RING|FLAGS)", set()),
    ("netlinkDiagStates", "netlink_diag_msg ndiag_state values", [NETLINK_STATES_INTERNAL],
     r"NETLINK_UNCONNECTED|NETLINK_CONNECTED|TCP_CLOSE", set()),
    ("netlinkDiagSocketFlags", "NETLINK_DIAG_FLAGS bits", [f"{INC}/linux/netlink_diag.h"],
     r"NDIAG_FLAG_(?:CB_RUNNING|PKTINFO|BROADCAST_ERROR|NO_ENOBUFS|LISTEN_ALL_NSID|CAP_ACK)", set()),
    ("packetDiagShow", "packet_diag_req pdiag_show bits", [f"{INC}/linux/packet_diag.h"],
     r"PACKET_SHOW_(?:INFO|MCLIST|RING_CFG|FANOUT|MEMINFO|FILTER)", set()),
    ("packetDiagAttributes", "packet_diag_msg attributes", [derived(f"{INC}/linux/packet_diag.h")],
     r"PACKET_DIAG_(?:INFO|MCLIST|RX_RING|TX_RING|FANOUT|UID|MEMINFO|FILTER)", set()),
    ("packetDiagInfoFlags", "packet_diag_info pdi_flags bits", [f"{INC}/linux/packet_diag.h"],
     r"PDI_(?:RUNNING|AUXDATA|ORIGDEV|VNETHDR|LOSS)", set()),
    ("packetVersions", "AF_PACKET ring versions", [derived(f"{INC}/linux/if_packet.h")], r"TPACKET_V[123]", set()),
    ("smcDiagAttributes", "smc_diag_msg attributes", [derived(f"{INC}/linux/smc_diag.h")],
     r"SMC_DIAG_(?:NONE|CONNINFO|LGRINFO|SHUTDOWN|DMBINFO|FALLBACK)", set()),
    ("smcDiagModes", "smc_diag_msg diag_fallback values", [derived(f"{INC}/linux/smc_diag.h")],
     r"SMC_DIAG_MODE_(?:SMCR|FALLBACK_TCP|SMCD)", set()),
    ("smcStates", "AF_SMC socket states", [SMC_INTERNAL],
     r"SMC_(?:ACTIVE|INIT|CLOSED|LISTEN|PEERCLOSEWAIT1|PEERCLOSEWAIT2|APPFINCLOSEWAIT|APPCLOSEWAIT1|APPCLOSEWAIT2|PEERFINCLOSEWAIT|PEERABORTWAIT|PROCESSABORT)", set()),
    ("smcLinkGroupRoles", "smc_diag_lgrinfo roles", [SMC_INTERNAL], r"SMC_(?:CLNT|SERV)", set()),
    ("cryptoAttributes", "crypto_user_alg attributes", [derived(f"{INC}/linux/cryptouser.h")],
     r"CRYPTOCFGA_(?:UNSPEC|PRIORITY_VAL|REPORT_LARVAL|REPORT_HASH|REPORT_BLKCIPHER|REPORT_AEAD|REPORT_COMPRESS|REPORT_RNG|REPORT_CIPHER|REPORT_AKCIPHER|REPORT_KPP|REPORT_ACOMP)", set()),
    ("addressLabelAttributes", "ifaddrlblmsg attributes", [derived(f"{INC}/linux/if_addrlabel.h")], r"IFAL_(?:ADDRESS|LABEL)", set()),
    ("dcbCommands", "dcbmsg commands", [derived(f"{INC}/linux/dcbnl.h")],
     r"DCB_CMD_(?:UNDEFINED|GSTATE|SSTATE|PGTX_GCFG|PGTX_SCFG|PGRX_GCFG|PGRX_SCFG|PFC_GCFG|PFC_SCFG|SET_ALL|GPERM_HWADDR|GCAP|GNUMTCS|SNUMTCS|PFC_GSTATE|PFC_SSTATE|BCN_GCFG|BCN_SCFG|GAPP|SAPP|IEEE_SET|IEEE_GET|GDCBX|SDCBX|GFEATCFG|SFEATCFG|CEE_GET|IEEE_DEL)", set()),
    ("dcbAttributes", "dcbmsg attributes", [derived(f"{INC}/linux/dcbnl.h")],
     r"DCB_ATTR_(?:UNDEFINED|IFNAME|STATE|PFC_STATE|PFC_CFG|NUM_TC|PG_CFG|SET_ALL|PERM_HWADDR|CAP|NUMTCS|BCN|APP|IEEE|DCBX|FEATCFG|CEE)", set()),
    ("netconfAttributes", "netconfmsg attributes", [derived(f"{INC}/linux/netconf.h")],
     r"NETCONFA_(?:UNSPEC|IFINDEX|FORWARDING|RP_FILTER|MC_FORWARDING|PROXY_NEIGH|IGNORE_ROUTES_WITH_LINKDOWN|INPUT|BC_FORWARDING)", set()),
    ("nsidAttributes", "RTM_*NSID attributes", [derived(f"{INC}/linux/net_namespace.h")],
     r"NETNSA_(?:NONE|NSID|PID|FD|TARGET_NSID|CURRENT_NSID)", set()),
    ("neighbourTableAttributes", "ndtmsg attributes", [derived(f"{INC}/linux/neighbour.h")],
     r"NDTA_(?:UNSPEC|NAME|THRESH1|THRESH2|THRESH3|CONFIG|PARMS|STATS|GC_INTERVAL|PAD)", set()),
    ("neighbourTableParameterAttributes", "NDTA_PARMS attributes", [derived(f"{INC}/linux/neighbour.h")],
     r"NDTPA_(?:UNSPEC|IFINDEX|REFCNT|REACHABLE_TIME|BASE_REACHABLE_TIME|RETRANS_TIME|GC_STALETIME|DELAY_PROBE_TIME|QUEUE_LEN|APP_PROBES|UCAST_PROBES|MCAST_PROBES|ANYCAST_DELAY|PROXY_DELAY|PROXY_QLEN|LOCKTIME|QUEUE_LENBYTES|MCAST_REPROBES|PAD|INTERVAL_PROBE_TIME_MS)", set()),
    ("nexthopAttributes", "nhmsg attributes", [derived(f"{INC}/linux/nexthop.h")],
     r"NHA_(?:UNSPEC|ID|GROUP|GROUP_TYPE|BLACKHOLE|OIF|GATEWAY|ENCAP_TYPE|ENCAP|GROUPS|MASTER|FDB|RES_GROUP|RES_BUCKET)", set()),
    ("nexthopGroupTypes", "NHA_GROUP_TYPE values", [derived(f"{INC}/linux/nexthop.h")], r"NEXTHOP_GRP_TYPE_(?:MPATH|RES)", set()),
    ("nexthopResilientGroupAttributes", "NHA_RES_GROUP attributes", [derived(f"{INC}/linux/nexthop.h")],
     r"NHA_RES_GROUP_(?:PAD|BUCKETS|IDLE_TIMER|UNBALANCED_TIMER|UNBALANCED_TIME)", set()),
    ("nexthopResilientBucketAttributes", "NHA_RES_BUCKET attributes", [derived(f"{INC}/linux/nexthop.h")],
     r"NHA_RES_BUCKET_(?:PAD|INDEX|IDLE_TIME|NH_ID)", set()),
    ("lightweightTunnelEncapTypes", "RTA_ENCAP_TYPE and NHA_ENCAP_TYPE values", [derived(f"{INC}/linux/lwtunnel.h")],
     r"LWTUNNEL_ENCAP_(?:NONE|MPLS|IP|ILA|IP6|SEG6|BPF|SEG6_LOCAL|RPL)", set()),
    ("trafficActionAttributes", "tcamsg attributes", [derived(f"{INC}/linux/pkt_cls.h")],
     r"TCA_ACT_(?:UNSPEC|KIND|OPTIONS|INDEX|STATS|PAD|COOKIE|FLAGS|HW_STATS|USED_HW_STATS|IN_HW_COUNT)", set()),
    ("trafficActionFlags", "TCA_ACT_FLAGS bits", [derived(f"{INC}/linux/pkt_cls.h")],
     r"TCA_ACT_FLAGS_(?:NO_PERCPU_STATS|SKIP_HW|SKIP_SW)", set()),
    ("trafficActionHardwareStats", "TCA_ACT_HW_STATS bits", [derived(f"{INC}/linux/pkt_cls.h")],
     r"TCA_ACT_HW_STATS_(?:IMMEDIATE|DELAYED)", set()),
    ("linkEvents", "IFLA_EVENT values", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_EVENT_(?:NONE|REBOOT|FEATURES|BONDING_FAILOVER|NOTIFY_PEERS|IGMP_RESEND|BONDING_OPTIONS)", set()),
    ("protoDownReasonAttributes", "IFLA_PROTO_DOWN_REASON attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_PROTO_DOWN_REASON_(?:UNSPEC|MASK|VALUE)", set()),
    ("sizeTableAttributes", "TCA_STAB attributes", [derived(f"{INC}/linux/pkt_sched.h")], r"TCA_STAB_(?:UNSPEC|BASE|DATA)", set()),
    ("linkStatsAttributes", "if_stats_msg attributes (strace names filter_mask bit n by entry n)", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_STATS_(?:UNSPEC|LINK_64|LINK_XSTATS|LINK_XSTATS_SLAVE|LINK_OFFLOAD_XSTATS|AF_SPEC)", set()),
    ("linkExtendedStatsTypes", "IFLA_STATS_LINK_XSTATS attributes", [derived(f"{INC}/linux/if_link.h")],
     r"LINK_XSTATS_TYPE_(?:UNSPEC|BRIDGE|BOND)", set()),
    ("linkOffloadStatsAttributes", "IFLA_STATS_LINK_OFFLOAD_XSTATS attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_OFFLOAD_XSTATS_(?:UNSPEC|CPU_HIT)", set()),
    ("mplsStatsAttributes", "IFLA_STATS_AF_SPEC AF_MPLS attributes", [derived(f"{INC}/linux/mpls.h")], r"MPLS_STATS_(?:UNSPEC|LINK)", set()),
    ("bondExtendedStatsAttributes", "LINK_XSTATS_TYPE_BOND attributes", [derived(f"{INC}/linux/if_bonding.h")], r"BOND_XSTATS_(?:UNSPEC|3AD)", set()),
    ("bond3adStatsAttributes", "BOND_XSTATS_3AD attributes", [derived(f"{INC}/linux/if_bonding.h")],
     r"BOND_3AD_STAT_(?:LACPDU_RX|LACPDU_TX|LACPDU_UNKNOWN_RX|LACPDU_ILLEGAL_RX|MARKER_RX|MARKER_TX|MARKER_RESP_RX|MARKER_RESP_TX|MARKER_UNKNOWN_RX|PAD)", set()),
    ("bridgeExtendedStatsAttributes", "LINK_XSTATS_TYPE_BRIDGE attributes", [derived(f"{INC}/linux/if_bridge.h")],
     r"BRIDGE_XSTATS_(?:UNSPEC|VLAN|MCAST|PAD|STP)", set()),
    ("bridgeVlanFlags", "bridge VLAN flags", [f"{INC}/linux/if_bridge.h"],
     r"BRIDGE_VLAN_INFO_(?:MASTER|PVID|UNTAGGED|RANGE_BEGIN|RANGE_END|BRENTRY|ONLY_OPTS)", set()),
    ("mdbAttributes", "br_port_msg attributes", [derived(f"{INC}/linux/if_bridge.h")], r"MDBA_(?:UNSPEC|MDB|ROUTER)", set()),
    ("mdbDatabaseAttributes", "MDBA_MDB attributes", [derived(f"{INC}/linux/if_bridge.h")], r"MDBA_MDB_(?:UNSPEC|ENTRY)", set()),
    ("mdbEntryAttributes", "MDBA_MDB_ENTRY attributes", [derived(f"{INC}/linux/if_bridge.h")], r"MDBA_MDB_ENTRY_(?:UNSPEC|INFO)", set()),
    ("mdbEntryExtraAttributes", "MDBA_MDB_ENTRY_INFO trailing attributes", [derived(f"{INC}/linux/if_bridge.h")],
     r"MDBA_MDB_EATTR_(?:UNSPEC|TIMER|SRC_LIST|GROUP_MODE|SOURCE|RTPROT)", set()),
    ("mdbRouterAttributes", "MDBA_ROUTER attributes", [derived(f"{INC}/linux/if_bridge.h")], r"MDBA_ROUTER_(?:UNSPEC|PORT)", set()),
    ("mdbRouterPortAttributes", "MDBA_ROUTER_PORT attributes", [derived(f"{INC}/linux/if_bridge.h")],
     r"MDBA_ROUTER_PATTR_(?:UNSPEC|TIMER|TYPE|INET_TIMER|INET6_TIMER)", set()),
    ("mdbStates", "br_mdb_entry states", [derived(f"{INC}/linux/if_bridge.h")], r"MDB_(?:TEMPORARY|PERMANENT)", set()),
    ("mdbFlags", "br_mdb_entry flags", [derived(f"{INC}/linux/if_bridge.h")],
     r"MDB_FLAGS_(?:OFFLOAD|FAST_LEAVE|STAR_EXCL|BLOCKED)", set()),
    ("multicastRouterTypes", "MDBA_ROUTER_PATTR_TYPE values", [derived(f"{INC}/linux/if_bridge.h")],
     r"MDB_RTR_TYPE_(?:DISABLED|TEMP_QUERY|PERM|TEMP)", set()),
    ("multicastRouteFamilies", "rtgen_family values of multicast routing cache reports", [f"{INC}/linux/rtnetlink.h"],
     r"RTNL_FAMILY_(?:IPMR|IP6MR)", set()),
    ("ipv4CacheReportAttributes", "RTNL_FAMILY_IPMR cache report attributes", [derived(f"{INC}/linux/mroute.h")],
     r"IPMRA_CREPORT_(?:UNSPEC|MSGTYPE|VIF_ID|SRC_ADDR|DST_ADDR|PKT|TABLE)", set()),
    ("ipv4CacheReportTypes", "IPMRA_CREPORT_MSGTYPE values", [f"{INC}/linux/mroute.h"],
     r"IGMPMSG_(?:NOCACHE|WRONGVIF|WHOLEPKT|WRVIFWHOLE)", set()),
    ("ipv6CacheReportAttributes", "RTNL_FAMILY_IP6MR cache report attributes", [derived(f"{INC}/linux/mroute6.h")],
     r"IP6MRA_CREPORT_(?:UNSPEC|MSGTYPE|MIF_ID|SRC_ADDR|DST_ADDR|PKT)", set()),
    ("ipv6CacheReportTypes", "IP6MRA_CREPORT_MSGTYPE values", [f"{INC}/linux/mroute6.h"],
     r"MRT6MSG_(?:NOCACHE|WRONGMIF|WHOLEPKT)", set()),
    ("smcDeclineCodes", "SMC_DIAG_FALLBACK reasons", [SMC_INTERNAL], r"SMC_CLC_DECL_[A-Z_]+", set()),
    ("inetDiagBytecodes", "INET_DIAG_REQ_BYTECODE operations", [derived(f"{INC}/linux/inet_diag.h")],
     r"INET_DIAG_BC_(?:NOP|JMP|S_GE|S_LE|D_GE|D_LE|AUTO|S_COND|D_COND|DEV_COND|MARK_COND|S_EQ|D_EQ|CGROUP_COND)", set()),
    ("bridgePortAttributes", "IFLA_PROTINFO AF_BRIDGE attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_BRPORT_(?:UNSPEC|STATE|PRIORITY|COST|MODE|GUARD|PROTECT|FAST_LEAVE|LEARNING|UNICAST_FLOOD|PROXYARP|LEARNING_SYNC|PROXYARP_WIFI|ROOT_ID|BRIDGE_ID|DESIGNATED_PORT|DESIGNATED_COST|ID|NO|TOPOLOGY_CHANGE_ACK|CONFIG_PENDING|MESSAGE_AGE_TIMER|FORWARD_DELAY_TIMER|HOLD_TIMER|FLUSH|MULTICAST_ROUTER|PAD|MCAST_FLOOD|MCAST_TO_UCAST|VLAN_TUNNEL|BCAST_FLOOD|GROUP_FWD_MASK|NEIGH_SUPPRESS|ISOLATED|BACKUP_PORT|MRP_RING_OPEN|MRP_IN_OPEN|MCAST_EHT_HOSTS_LIMIT|MCAST_EHT_HOSTS_CNT|LOCKED)", set()),
    ("bridgeSpecificAttributes", "IFLA_AF_SPEC attributes of AF_BRIDGE links", [derived(f"{INC}/linux/if_bridge.h")],
     r"IFLA_BRIDGE_(?:FLAGS|MODE|VLAN_INFO|VLAN_TUNNEL_INFO|MRP|CFM|MST)", set()),
    ("bridgeFlags", "IFLA_BRIDGE_FLAGS bits", [f"{INC}/linux/if_bridge.h"], r"BRIDGE_FLAGS_(?:MASTER|SELF)", set()),
    ("bridgeModes", "IFLA_BRIDGE_MODE values", [f"{INC}/linux/if_bridge.h"], r"BRIDGE_MODE_(?:VEB|VEPA|UNDEF)", set()),
    ("bridgeVlanTunnelAttributes", "IFLA_BRIDGE_VLAN_TUNNEL_INFO attributes", [derived(f"{INC}/linux/if_bridge.h")],
     r"IFLA_BRIDGE_VLAN_TUNNEL_(?:UNSPEC|ID|VID|FLAGS)", set()),
    ("mctpLinkAttributes", "IFLA_AF_SPEC AF_MCTP attributes", [derived(f"{INC}/linux/if_link.h")], r"IFLA_MCTP_(?:UNSPEC|NET)", set()),
    ("tunAttributes", "IFLA_INFO_DATA attributes of tun links", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_TUN_(?:UNSPEC|OWNER|GROUP|TYPE|PI|VNET_HDR|PERSIST|MULTI_QUEUE|NUM_QUEUES|NUM_DISABLED_QUEUES)", set()),
    ("tunDeviceTypes", "IFLA_TUN_TYPE values", [f"{INC}/linux/if_tun.h"], r"IFF_TUN|IFF_TAP", set()),
    ("bridgeInfoAttributes", "IFLA_INFO_DATA attributes of bridges", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_BR_(?:UNSPEC|FORWARD_DELAY|HELLO_TIME|MAX_AGE|AGEING_TIME|STP_STATE|PRIORITY|VLAN_FILTERING|VLAN_PROTOCOL|GROUP_FWD_MASK|ROOT_ID|BRIDGE_ID|ROOT_PORT|ROOT_PATH_COST|TOPOLOGY_CHANGE|TOPOLOGY_CHANGE_DETECTED|HELLO_TIMER|TCN_TIMER|TOPOLOGY_CHANGE_TIMER|GC_TIMER|GROUP_ADDR|FDB_FLUSH|MCAST_ROUTER|MCAST_SNOOPING|MCAST_QUERY_USE_IFADDR|MCAST_QUERIER|MCAST_HASH_ELASTICITY|MCAST_HASH_MAX|MCAST_LAST_MEMBER_CNT|MCAST_STARTUP_QUERY_CNT|MCAST_LAST_MEMBER_INTVL|MCAST_MEMBERSHIP_INTVL|MCAST_QUERIER_INTVL|MCAST_QUERY_INTVL|MCAST_QUERY_RESPONSE_INTVL|MCAST_STARTUP_QUERY_INTVL|NF_CALL_IPTABLES|NF_CALL_IP6TABLES|NF_CALL_ARPTABLES|VLAN_DEFAULT_PVID|PAD|VLAN_STATS_ENABLED|MCAST_STATS_ENABLED|MCAST_IGMP_VERSION|MCAST_MLD_VERSION|VLAN_STATS_PER_PORT|MULTI_BOOLOPT|MCAST_QUERIER_STATE)", set()),
    ("bridgeBooleanOptions", "IFLA_BR_MULTI_BOOLOPT bit numbers", [derived(f"{INC}/linux/if_bridge.h")],
     r"BR_BOOLOPT_(?:NO_LL_LEARN|MCAST_VLAN_SNOOPING|MST_ENABLE)", set()),
    ("bridgeQuerierAttributes", "IFLA_BR_MCAST_QUERIER_STATE attributes", [derived(f"{INC}/linux/if_bridge.h")],
     r"BRIDGE_QUERIER_(?:UNSPEC|IP_ADDRESS|IP_PORT|IP_OTHER_TIMER|PAD|IPV6_ADDRESS|IPV6_PORT|IPV6_OTHER_TIMER)", set()),
    ("socketFilterAncillaryData", "SKF_AD_* offsets past SKF_AD_OFF", [f"{INC}/linux/filter.h"],
     r"SKF_AD_(?:PROTOCOL|PKTTYPE|IFINDEX|NLATTR|NLATTR_NEST|MARK|QUEUE|HATYPE|RXHASH|CPU|ALU_XOR_X|VLAN_TAG|VLAN_TAG_PRESENT|PAY_OFFSET|RANDOM|VLAN_TPID)", set()),
    ("socketFilterOffsets", "classic BPF load offsets into ancillary data, network and link headers", [f"{INC}/linux/filter.h"],
     r"SKF_(?:AD|NET|LL)_OFF", set()),
    ("vfInfoListAttributes", "IFLA_VFINFO_LIST attributes", [derived(f"{INC}/linux/if_link.h")], r"IFLA_VF_INFO_(?:UNSPEC)|IFLA_VF_INFO", set()),
    ("vfInfoAttributes", "IFLA_VF_INFO attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_VF_(?:UNSPEC|MAC|VLAN|TX_RATE|SPOOFCHK|LINK_STATE|RATE|RSS_QUERY_EN|STATS|TRUST|IB_NODE_GUID|IB_PORT_GUID|VLAN_LIST|BROADCAST)", set()),
    ("vfVlanListAttributes", "IFLA_VF_VLAN_LIST attributes", [derived(f"{INC}/linux/if_link.h")], r"IFLA_VF_VLAN_INFO_UNSPEC|IFLA_VF_VLAN_INFO", set()),
    ("vfStatsAttributes", "IFLA_VF_STATS attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_VF_STATS_(?:RX_PACKETS|TX_PACKETS|RX_BYTES|TX_BYTES|BROADCAST|MULTICAST|PAD|RX_DROPPED|TX_DROPPED)", set()),
    ("vfLinkStates", "IFLA_VF_LINK_STATE values", [derived(f"{INC}/linux/if_link.h")], r"IFLA_VF_LINK_STATE_(?:AUTO|ENABLE|DISABLE)", set()),
    ("vfPortAttributes", "IFLA_VF_PORTS attributes", [derived(f"{INC}/linux/if_link.h")], r"IFLA_VF_PORT_UNSPEC|IFLA_VF_PORT", set()),
    ("portAttributes", "IFLA_VF_PORT and IFLA_PORT_SELF attributes", [derived(f"{INC}/linux/if_link.h")],
     r"IFLA_PORT_(?:UNSPEC|VF|PROFILE|VSI_TYPE|INSTANCE_UUID|HOST_UUID|REQUEST|RESPONSE)", set()),
    ("neighbourExtendedFlags", "NDA_FLAGS_EXT bits", [f"{INC}/linux/neighbour.h"], r"NTF_EXT_MANAGED", set()),
    ("fdbExtraAttributes", "NDA_FDB_EXT_ATTRS attributes", [derived(f"{INC}/linux/neighbour.h")],
     r"NFEA_(?:UNSPEC|ACTIVITY_NOTIFY|DONT_REFRESH)", set()),
    ("fdbNotifyFlags", "NFEA_ACTIVITY_NOTIFY bits", [derived(f"{INC}/linux/neighbour.h")], r"FDB_NOTIFY_(?:BIT|INACTIVE_BIT)", set()),
    ("ulpInfoAttributes", "INET_DIAG_ULP_INFO attributes", [derived(f"{INC}/linux/inet_diag.h")],
     r"INET_ULP_INFO_(?:UNSPEC|NAME|TLS|MPTCP)", set()),
    ("tlsInfoAttributes", "INET_ULP_INFO_TLS attributes", [derived(f"{INC}/linux/tls.h")],
     r"TLS_INFO_(?:UNSPEC|VERSION|CIPHER|TXCONF|RXCONF|ZC_RO_TX|RX_NO_PAD)", set()),
    ("tlsVersions", "TLS_INFO_VERSION values", [os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers", "tls-versions.h")],
     r"TLS_1_2_VERSION|TLS_1_3_VERSION", set()),
    ("tlsCiphers", "TLS_INFO_CIPHER values", [f"{INC}/linux/tls.h"],
     r"TLS_CIPHER_(?:AES_GCM_128|AES_GCM_256|AES_CCM_128|CHACHA20_POLY1305|SM4_GCM|SM4_CCM|ARIA_GCM_128|ARIA_GCM_256)", set()),
    ("tlsConfigurations", "TLS_INFO_TXCONF/RXCONF values", [f"{INC}/linux/tls.h"], r"TLS_CONF_(?:BASE|SW|HW|HW_RECORD)", set()),
    ("mptcpSubflowAttributes", "INET_ULP_INFO_MPTCP attributes", [derived(f"{INC}/linux/mptcp.h")],
     r"MPTCP_SUBFLOW_ATTR_(?:UNSPEC|TOKEN_REM|TOKEN_LOC|RELWRITE_SEQ|MAP_SEQ|MAP_SFSEQ|SSN_OFFSET|MAP_DATALEN|FLAGS|ID_REM|ID_LOC|PAD)", set()),
    ("mptcpSubflowFlags", "MPTCP_SUBFLOW_ATTR_FLAGS bits", [derived(f"{INC}/linux/mptcp.h")],
     r"MPTCP_SUBFLOW_FLAG_(?:MCAP_REM|MCAP_LOC|JOIN_REM|JOIN_LOC|BKUP_REM|BKUP_LOC|FULLY_ESTABLISHED|CONNECTED|MAPVALID)", set()),
    ("bpfStoragesAttributes", "INET_DIAG_SK_BPF_STORAGES attributes", [derived(f"{INC}/linux/sock_diag.h")],
     r"SK_DIAG_BPF_STORAGE_REP_NONE|SK_DIAG_BPF_STORAGE", set()),
    ("bpfStorageAttributes", "SK_DIAG_BPF_STORAGE attributes", [derived(f"{INC}/linux/sock_diag.h")],
     r"SK_DIAG_BPF_STORAGE_(?:NONE|PAD|MAP_ID|MAP_VALUE)", set()),
]
