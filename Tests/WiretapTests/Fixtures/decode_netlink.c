// Netlink exchanges for NetlinkDecoderTests: real NETLINK_ROUTE dumps
// (links, addresses, routes), a request the kernel answers with
// NLMSG_ERROR, a NETLINK_SOCK_DIAG query of unix sockets, and hand-made
// messages (truncated, garbage, many in one buffer, attributes of every
// shape) sent where no one receives them. Everything after the
// `write(-1, "MARK", 4)` marker is compared with strace, up to
// `write(-1, "END", 3)`.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <linux/inet_diag.h>
#include <linux/netlink_diag.h>
#include <linux/packet_diag.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/smc_diag.h>
#include <linux/if_addrlabel.h>
#include <linux/dcbnl.h>
#include <linux/netconf.h>
#include <linux/net_namespace.h>
#include <linux/selinux_netlink.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <linux/lwtunnel.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/if_bridge.h>
#include <linux/mroute.h>
#include <linux/mroute6.h>
#include <linux/if_tun.h>
#include <linux/filter.h>
#include <linux/tls.h>
#include <linux/mptcp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/mman.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static char reply[65536];

/// Receives replies (recvfrom) until NLMSG_DONE or an error message.
static void drain_recvfrom(int fd) {
    for (int i = 0; i < 64; i++) {
        ssize_t n = recvfrom(fd, reply, sizeof reply, 0, NULL, NULL);
        if (n <= 0) return;
        for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n))
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
    }
}

/// The same with recvmsg and a sockaddr_nl name (strace decodes the iovec).
static void drain_recvmsg(int fd) {
    for (int i = 0; i < 64; i++) {
        struct sockaddr_nl from;
        struct iovec iov = { reply, sizeof reply };
        struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1 };
        ssize_t n = recvmsg(fd, &msg, 0);
        if (n <= 0) return;
        for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n))
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
    }
}

static void put_attr(char *buf, size_t *off, uint16_t type, const void *data, uint16_t len) {
    struct nlattr *a = (struct nlattr *)(buf + *off);
    a->nla_len = NLA_HDRLEN + len;
    a->nla_type = type;
    memcpy(buf + *off + NLA_HDRLEN, data, len);
    *off += NLA_ALIGN(a->nla_len);
}

/// Hand-made garbage with a fixed seed: random payload headers and
/// attribute trees (nested, cut, too long, unknown types) for `count`
/// messages of protocol `proto` on `fd`, sent to nobody.
static uint32_t fuzz_seed;
/// Outermost attribute types drawn from 0..fuzz_types-1 (12 or more).
static uint32_t fuzz_types = 12;
static uint32_t fuzz_next(void) { fuzz_seed = fuzz_seed * 1103515245 + 12345; return fuzz_seed >> 8; }

static size_t fuzz_attributes(char *p, size_t room, int depth) {
    size_t off = 0;
    int n = fuzz_next() % 5;
    for (int i = 0; i < n && off + 4 <= room; i++) {
        struct nlattr *a = (struct nlattr *)(p + off);
        size_t left = room - off - 4;
        size_t len = fuzz_next() % 4 == 0 || depth > 3 ? fuzz_next() % 40 : 0;
        if (len > left) len = left;
        if (len == 0 && depth <= 3)
            len = fuzz_attributes(p + off + 4, left, depth + 1);
        else
            for (size_t k = 0; k < len; k++)
                p[off + 4 + k] = fuzz_next() % 3 == 0 ? fuzz_next() : (k % 4 == 0 ? 1 + fuzz_next() % 3 : 0);
        a->nla_len = 4 + len + (fuzz_next() % 10 == 0 ? fuzz_next() % 8 : 0);
        a->nla_type = fuzz_next() % 16 == 0 ? fuzz_next() : fuzz_next() % (depth == 0 ? fuzz_types : 14);
        off += (len + 4 + 3) & ~3;
    }
    return off > room ? room : off;
}

/// `cut`: each message copied to the end of a page followed by an unmapped
/// one, at most its first 17 bytes readable... up to all of it.
static void fuzz(int fd, int proto, int count, uint32_t seed, int cut) {
    static char *page;
    if (cut && !page) {
        page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        munmap(page + 4096, 4096);
    }
    static char fbuf[2048];
    static const uint32_t diag_sizes[] = { 1, 20, 28, 16, 52, 56, 60, 64, 72, 24 };
    static const uint32_t route_sizes[] = { 1, 4, 8, 12, 16, 20, 28 };
    static const uint8_t diag_families[] = { 1, 2, 10, 16, 17, 43, 3 };
    static const uint8_t route_families[] = { 0, 2, 10, 7, 128, 129 };
    struct sockaddr_nl nobody = { .nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0 };
    fuzz_seed = seed;
    for (int i = 0; i < count; i++) {
        memset(fbuf, 0, sizeof fbuf);
        struct nlmsghdr *h = (struct nlmsghdr *)fbuf;
        size_t hdr = fuzz_next() % 3 == 0 ? fuzz_next() % 80
                     : proto == NETLINK_SOCK_DIAG ? diag_sizes[fuzz_next() % 10] : route_sizes[fuzz_next() % 7];
        for (size_t k = 0; k < hdr; k++) fbuf[16 + k] = fuzz_next() % 2 ? fuzz_next() : 0;
        fbuf[16] = proto == NETLINK_SOCK_DIAG ? diag_families[fuzz_next() % 7] : route_families[fuzz_next() % 6];
        size_t aoff = 16 + ((hdr + 3) & ~3);
        size_t alen = fuzz_attributes(fbuf + aoff, 600, 0);
        static const uint16_t diag_types[] = { 18, 19, 20, 21 };
        h->nlmsg_len = aoff + alen;
        h->nlmsg_type = proto == NETLINK_SOCK_DIAG ? diag_types[fuzz_next() % 4] : 16 + fuzz_next() % 104;
        h->nlmsg_flags = fuzz_next() % 2 ? NLM_F_REQUEST : 0;
        h->nlmsg_seq = 1000 + i;
        if (cut) {
            size_t keep = h->nlmsg_len > 17 ? 17 + fuzz_next() % (h->nlmsg_len - 17) : h->nlmsg_len;
            memcpy(page + 4096 - keep, fbuf, keep);
            sendto(fd, page + 4096 - keep, h->nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
        } else {
            sendto(fd, fbuf, h->nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
        }
    }
}

int main(void) {
    int route = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl self = { .nl_family = AF_NETLINK };
    bind(route, (struct sockaddr *)&self, sizeof self);
    int user = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
    bind(user, (struct sockaddr *)&self, sizeof self);
    int diag = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    int uevent = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
    bind(uevent, (struct sockaddr *)&self, sizeof self);
    // Protocols whose messages strace names but does not decode further.
    int audit = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
    bind(audit, (struct sockaddr *)&self, sizeof self);
    int xfrm = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
    bind(xfrm, (struct sockaddr *)&self, sizeof self);
    int generic = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    bind(generic, (struct sockaddr *)&self, sizeof self);
    int netfilter = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    bind(netfilter, (struct sockaddr *)&self, sizeof self);
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    // Nobody listens at this port: sends fail with ECONNREFUSED, after
    // strace and wiretap have decoded them.
    struct sockaddr_nl nobody = { .nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0 };
    struct stat st;
    fstat(pair[0], &st);
    write(-1, "MARK", 4);

    // RTM_GETLINK dump: the request with an ifinfomsg, replies by recvfrom.
    struct { struct nlmsghdr h; struct ifinfomsg i; } getlink = {
        { sizeof getlink, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0 }, { .ifi_family = AF_UNSPEC } };
    sendto(route, &getlink, sizeof getlink, 0, NULL, 0);
    drain_recvfrom(route);

    // RTM_GETADDR dump as getaddrinfo asks it (a bare family), by sendmsg/recvmsg.
    struct { struct nlmsghdr h; struct rtgenmsg g; } getaddr = {
        { sizeof getaddr, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 2, 0 }, { AF_UNSPEC } };
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    struct iovec iov = { &getaddr, sizeof getaddr };
    struct msghdr msg = { .msg_name = &kernel, .msg_namelen = sizeof kernel, .msg_iov = &iov, .msg_iovlen = 1 };
    sendmsg(route, &msg, 0);
    drain_recvmsg(route);

    // RTM_GETROUTE dump of IPv4 and IPv6 routes.
    struct { struct nlmsghdr h; struct rtmsg r; } getroute = {
        { sizeof getroute, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 3, 0 }, { .rtm_family = AF_INET } };
    sendto(route, &getroute, sizeof getroute, 0, NULL, 0);
    drain_recvfrom(route);
    getroute.r.rtm_family = AF_INET6;
    sendto(route, &getroute, sizeof getroute, 0, NULL, 0);
    drain_recvfrom(route);

    // A sock_diag query of one unix socket (the socketpair's first end:
    // a dump would list every socket of the machine).
    struct { struct nlmsghdr h; struct unix_diag_req r; } query = {
        { sizeof query, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, 12, 0 },
        { .sdiag_family = AF_UNIX, .udiag_states = -1, .udiag_ino = st.st_ino, .udiag_cookie = { -1, -1 },
          .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_VFS | UDIAG_SHOW_ICONS | UDIAG_SHOW_UID } };
    // The socket is not bound before this first send: strace cannot name
    // its protocol then, and prints the message without it. No socket has
    // inode 0: an error comes back.
    query.r.udiag_ino = 0;
    sendto(diag, &query, sizeof query, 0, NULL, 0);
    recvfrom(diag, reply, sizeof reply, 0, NULL, NULL);
    query.r.udiag_ino = st.st_ino;
    sendto(diag, &query, sizeof query, 0, NULL, 0);
    recvfrom(diag, reply, sizeof reply, 0, NULL, NULL);
    query.r.udiag_states = 1 << 1 | 1 << 10 | 1;
    query.r.udiag_show = 0x80;
    sendto(diag, &query, sizeof query - 1, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    sendto(diag, &query, sizeof query, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // An unknown route message type with NLM_F_ACK: NLMSG_ERROR comes back.
    struct { struct nlmsghdr h; struct rtgenmsg g; char pad[3]; } bad = {
        { sizeof bad, 0x7ff, NLM_F_REQUEST | NLM_F_ACK, 4, 0 }, { AF_INET }, { 0 } };
    sendto(route, &bad, sizeof bad, 0, NULL, 0);
    drain_recvfrom(route);
    // A valid type with a payload too short: an error that quotes the request.
    struct { struct nlmsghdr h; } shortreq = { { sizeof shortreq, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 5, 0 } };
    sendto(route, &shortreq, sizeof shortreq, 0, NULL, 0);
    drain_recvfrom(route);

    // Hand-made route messages with attributes, sent to nobody.
    static char buf[4096];
    size_t off = NLMSG_HDRLEN;
    struct ifaddrmsg ifa = { AF_INET, 8, IFA_F_PERMANENT | 0x8000 >> 8, RT_SCOPE_HOST, 1 };
    memcpy(buf + off, &ifa, sizeof ifa);
    off += NLMSG_ALIGN(sizeof ifa);
    struct in_addr lo = { htonl(INADDR_LOOPBACK) };
    put_attr(buf, &off, IFA_ADDRESS, &lo, 4);
    put_attr(buf, &off, IFA_LOCAL, &lo, 3);
    put_attr(buf, &off, IFA_LABEL, "lo", 3);
    put_attr(buf, &off, IFA_LABEL, "nonul", 5);
    struct ifa_cacheinfo ci = { 1, 2, 3, 4 };
    put_attr(buf, &off, IFA_CACHEINFO, &ci, sizeof ci);
    uint32_t flags = IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE | 0x10000;
    put_attr(buf, &off, IFA_FLAGS, &flags, 4);
    put_attr(buf, &off, IFA_RT_PRIORITY, &flags, 2);
    put_attr(buf, &off, 0x55, "xyz", 3);
    put_attr(buf, &off, NLA_F_NESTED | IFA_LABEL, "ab", 3);
    put_attr(buf, &off, NLA_F_NET_BYTEORDER | 0x66, "ab", 2);
    put_attr(buf, &off, IFA_TARGET_NETNSID, &flags, 4);
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    *h = (struct nlmsghdr){ off, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, 7, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // IPv6 addresses, a cut attribute and a zero-length one.
    off = NLMSG_HDRLEN;
    ifa = (struct ifaddrmsg){ AF_INET6, 128, 0, RT_SCOPE_LINK, 0x7fff };
    memcpy(buf + off, &ifa, sizeof ifa);
    off += NLMSG_ALIGN(sizeof ifa);
    struct in6_addr six = IN6ADDR_LOOPBACK_INIT;
    put_attr(buf, &off, IFA_ADDRESS, &six, 16);
    put_attr(buf, &off, IFA_BROADCAST, &six, 4);
    memset(buf + off, 0, 4);
    ((struct nlattr *)(buf + off))->nla_type = IFA_FLAGS;
    off += 4;
    ((struct nlattr *)(buf + off))->nla_len = 200;
    ((struct nlattr *)(buf + off))->nla_type = IFA_LABEL;
    memcpy(buf + off + 4, "cut", 4);
    off += 8;
    *h = (struct nlmsghdr){ off, RTM_DELADDR, NLM_F_REQUEST | NLM_F_NONREC | 0x4000, 8, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // A link with attributes, then a short ifinfomsg.
    off = NLMSG_HDRLEN;
    struct ifinfomsg ifi = { AF_UNSPEC, 0, ARPHRD_LOOPBACK, 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, 0xffffffff };
    memcpy(buf + off, &ifi, sizeof ifi);
    off += NLMSG_ALIGN(sizeof ifi);
    put_attr(buf, &off, IFLA_IFNAME, "lo", 3);
    uint32_t mtu = 65536;
    put_attr(buf, &off, IFLA_MTU, &mtu, 4);
    put_attr(buf, &off, IFLA_TXQLEN, &mtu, 2);
    uint8_t one = 1;
    put_attr(buf, &off, IFLA_OPERSTATE, &one, 1);
    put_attr(buf, &off, IFLA_CARRIER, &one, 1);
    int32_t nsid = -1;
    put_attr(buf, &off, IFLA_LINK_NETNSID, &nsid, 4);
    put_attr(buf, &off, IFLA_QDISC, "noqueue", 8);
    put_attr(buf, &off, 0x3fff, "?", 1);
    *h = (struct nlmsghdr){ off, RTM_SETLINK, NLM_F_REQUEST | NLM_F_REPLACE | NLM_F_ACK, 9, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 8, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ATOMIC, 10, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 8, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 1, RTM_GETNEIGH, NLM_F_REQUEST, 11, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 1, 0, (struct sockaddr *)&nobody, sizeof nobody);

    // inet_diag requests and a reply-shaped message, sent to nobody.
    struct { struct nlmsghdr h; struct inet_diag_req_v2 r; struct nlattr a; uint8_t proto; uint8_t pad[3]; } inetq = {
        { sizeof inetq, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 13, 0 },
        { .sdiag_family = AF_INET, .sdiag_protocol = IPPROTO_TCP,
          .idiag_ext = 1 << (INET_DIAG_INFO - 1) | 1 << (INET_DIAG_SKMEMINFO - 1) | 0x80,
          .idiag_states = 1 << TCP_LISTEN,
          .id = { .idiag_sport = htons(80), .idiag_dport = htons(40000), .idiag_src = { htonl(INADDR_LOOPBACK) },
                  .idiag_dst = { htonl(0x0a000001) }, .idiag_if = 1, .idiag_cookie = { 1, 2 } } },
        { 5, INET_DIAG_REQ_PROTOCOL }, IPPROTO_UDP, { 0 } };
    sendto(diag, &inetq, sizeof inetq, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    inetq.r.sdiag_family = AF_INET6;
    inetq.r.idiag_ext = 0;
    inetq.r.idiag_states = 0x80000000;
    memcpy(inetq.r.id.idiag_src, &six, 16);
    sendto(diag, &inetq, sizeof inetq - 8, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    struct { struct nlmsghdr h; struct inet_diag_msg m; char attrs[128]; } inetm = {
        { 0, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 13, 0 },
        { .idiag_family = AF_INET, .idiag_state = TCP_ESTABLISHED, .idiag_timer = 1, .idiag_retrans = 2,
          .id = { .idiag_sport = htons(22), .idiag_dport = htons(50000), .idiag_src = { htonl(INADDR_LOOPBACK) } },
          .idiag_expires = 3, .idiag_rqueue = 4, .idiag_wqueue = 5, .idiag_uid = 6, .idiag_inode = 7 } };
    off = 0;
    put_attr(inetm.attrs, &off, INET_DIAG_CONG, "cubic", 6);
    uint8_t tos = 0x10;
    put_attr(inetm.attrs, &off, INET_DIAG_TOS, &tos, 1);
    uint8_t shut = 3;
    put_attr(inetm.attrs, &off, INET_DIAG_SHUTDOWN, &shut, 1);
    uint32_t mem[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    put_attr(inetm.attrs, &off, INET_DIAG_SKMEMINFO, mem, sizeof mem);
    put_attr(inetm.attrs, &off, INET_DIAG_MEMINFO, mem, 16);
    uint16_t opts = 0x0812;
    put_attr(inetm.attrs, &off, INET_DIAG_SOCKOPT, &opts, 2);
    uint64_t cgroup = 12345;
    put_attr(inetm.attrs, &off, INET_DIAG_CGROUP_ID, &cgroup, 8);
    put_attr(inetm.attrs, &off, INET_DIAG_INFO, mem, 8);
    inetm.h.nlmsg_len = NLMSG_HDRLEN + sizeof inetm.m + off;
    sendto(diag, &inetm, inetm.h.nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // A route with attributes of every kind, sent to nobody.
    off = NLMSG_HDRLEN;
    struct rtmsg rtm = { AF_INET, 24, 0, 0x18, RT_TABLE_MAIN, RTPROT_KERNEL, RT_SCOPE_LINK, RTN_UNICAST, RTM_F_NOTIFY | 0x1000000 };
    memcpy(buf + off, &rtm, sizeof rtm);
    off += NLMSG_ALIGN(sizeof rtm);
    put_attr(buf, &off, RTA_DST, &lo, 4);
    put_attr(buf, &off, RTA_GATEWAY, &lo, 2);
    uint32_t one32 = 1;
    put_attr(buf, &off, RTA_OIF, &one32, 4);
    put_attr(buf, &off, RTA_PRIORITY, &mtu, 4);
    uint32_t table = 1000;
    put_attr(buf, &off, RTA_TABLE, &table, 4);
    put_attr(buf, &off, RTA_PREF, &one, 1);
    uint16_t port = 53;
    put_attr(buf, &off, RTA_DPORT, &port, 2);
    uint64_t expires = 1ULL << 40;
    put_attr(buf, &off, RTA_EXPIRES, &expires, 8);
    char metrics[32];
    size_t moff = 0;
    put_attr(metrics, &moff, RTAX_MTU, &mtu, 4);
    put_attr(metrics, &moff, RTAX_CC_ALGO, "bbr", 4);
    put_attr(buf, &off, RTA_METRICS, metrics, moff);
    struct rta_cacheinfo rci = { 1, 2, -3, 4, 5, 0x66, 7, 8 };
    put_attr(buf, &off, RTA_CACHEINFO, &rci, sizeof rci);
    put_attr(buf, &off, RTA_MULTIPATH, &rci, 8);
    *h = (struct nlmsghdr){ off, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND, 14, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 11, RTM_DELROUTE, NLM_F_REQUEST, 15, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 11, 0, (struct sockaddr *)&nobody, sizeof nobody);

    // NETLINK_KOBJECT_UEVENT carries no netlink header: text, or libudev's
    // monitor header and text.
    static const char event[] = "add@/devices/virtual/net/x\0ACTION=add\0SUBSYSTEM=net";
    sendto(uevent, event, sizeof event, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    struct { char prefix[8]; uint32_t magic, header_size, properties_off, properties_len,
             subsystem_hash, devtype_hash, bloom_hi, bloom_lo; char text[16]; } monitor = {
        "libudev", htonl(0xfeedcafe), 40, 40, 16, htonl(0x12345678), 0, 1, htonl(2), "ACTION=add" };
    sendto(uevent, &monitor, sizeof monitor, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    sendto(uevent, &monitor, 40, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    monitor.prefix[7] = 'X';
    sendto(uevent, &monitor, sizeof monitor, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // Generic netlink: the controller's family, by name (its types are
    // numbered at run time; strace asks the kernel for their names).
    memset(buf, 0, 64);
    off = NLMSG_HDRLEN + GENL_HDRLEN;
    ((struct genlmsghdr *)NLMSG_DATA(h))->cmd = CTRL_CMD_GETFAMILY;
    put_attr(buf, &off, CTRL_ATTR_FAMILY_NAME, "nlctrl", 7);
    *h = (struct nlmsghdr){ off, GENL_ID_CTRL, NLM_F_REQUEST, 22, 0 };
    sendto(generic, buf, off, 0, NULL, 0);
    recvfrom(generic, reply, sizeof reply, 0, NULL, NULL);
    *h = (struct nlmsghdr){ 16, 0x7fff, NLM_F_REQUEST, 23, 0 };
    sendto(generic, buf, 16, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // nfnetlink: subsystem<<8|type, nfgenmsg, attributes; batch markers.
    static const struct { uint16_t type, flags; uint8_t family, version; uint16_t res; } nf[] = {
        { 0x10, NLM_F_REQUEST, AF_UNSPEC, 0, 0x0a00 },           // NFNL_MSG_BATCH_BEGIN, res_id=htons(NFNL_SUBSYS_NFTABLES)
        { 0x0a01, NLM_F_REQUEST | NLM_F_DUMP, AF_INET, 0, 0 },   // NFT_MSG_GETTABLE
        { 0x0a00, NLM_F_REQUEST | NLM_F_CREATE, AF_INET6, 0, 10 }, // NFT_MSG_NEWTABLE, res_id=NFNL_SUBSYS_NFTABLES
        { 0x0102, NLM_F_REQUEST | NLM_F_NONREC, AF_INET, 1, 0x3412 }, // IPCTNL_MSG_CT_DELETE
        { 0x0620, 0, AF_INET, 0, 0 },                            // IPSET_CMD_??? 
        { 0x2005, 0, AF_INET, 0, 0 },                            // subsystem beyond the table
        { 0x0011, NLM_F_REQUEST, AF_UNSPEC, 0, 0 },              // NFNL_MSG_BATCH_END
        { 0x0005, NLM_F_REQUEST, AF_UNSPEC, 0, 0 },              // reserved control type
    };
    for (unsigned i = 0; i < sizeof nf / sizeof nf[0]; i++) {
        memset(buf, 0, 64);
        off = NLMSG_HDRLEN + 4;
        buf[16] = nf[i].family; buf[17] = nf[i].version; memcpy(buf + 18, &nf[i].res, 2);
        put_attr(buf, &off, 1 | (i == 2 ? NLA_F_NESTED : 0), "t0", 3);
        put_attr(buf, &off, 0x20, &mtu, 4);
        *h = (struct nlmsghdr){ i == 5 ? 20 : off, nf[i].type, nf[i].flags, 30 + i, 0 };
        sendto(netfilter, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    }

    // Audit and xfrm message types and flags, to nobody.
    memset(buf, 0, 64);
    *h = (struct nlmsghdr){ 24, 1000 /* AUDIT_GET */, NLM_F_REQUEST | NLM_F_ACK, 16, 0 };
    sendto(audit, buf, 24, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 16, 1301 /* AUDIT_FS_WATCH */, NLM_F_REQUEST | NLM_F_DUMP, 17, 0 };
    sendto(audit, buf, 16, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 16, 999, 0, 18, 0 };
    sendto(audit, buf, 16, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 16, 0x12 /* XFRM_MSG_GETSA */, NLM_F_REQUEST | NLM_F_DUMP, 19, 0 };
    sendto(xfrm, buf, 16, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 20, 0x10 /* XFRM_MSG_NEWSA */, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, 20, 0 };
    sendto(xfrm, buf, 20, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 16, 0x11 /* XFRM_MSG_DELSA */, NLM_F_REQUEST | NLM_F_NONREC, 21, 0 };
    sendto(xfrm, buf, 16, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // Generic messages on a NETLINK_USERSOCK socket: nothing per protocol.
    sendto(user, buf, 10, 0, (struct sockaddr *)&nobody, sizeof nobody);
    sendto(user, NULL, 0, 0, (struct sockaddr *)&nobody, sizeof nobody);
    sendto(user, (void *)16, 20, 0, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, sizeof buf);
    *h = (struct nlmsghdr){ 0, NLMSG_NOOP, 0, 0, 0 };
    sendto(user, buf, 40, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 1000, 0x20, NLM_F_MULTI | 0x8000, 0xffffffff, 0xffffffff };
    sendto(user, buf, 40, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ 0xffffffff, NLMSG_OVERRUN, 0xffff, 1, 2 };
    sendto(user, buf, 40, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // NLMSG_DONE with its count, then with other payload sizes.
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 4, NLMSG_DONE, NLM_F_MULTI, 3, 4 };
    *(int *)NLMSG_DATA(h) = -7;
    sendto(user, buf, NLMSG_HDRLEN + 4, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 6, NLMSG_DONE, 0, 3, 4 };
    sendto(user, buf, NLMSG_HDRLEN + 6, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // NLMSG_ERROR: short, whole, capped, with attributes.
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 8, NLMSG_ERROR, 0, 5, 0 };
    sendto(user, buf, NLMSG_HDRLEN + 8, 0, (struct sockaddr *)&nobody, sizeof nobody);
    struct nlmsgerr *err = NLMSG_DATA(h);
    err->error = -13;
    err->msg = (struct nlmsghdr){ 24, 0x30, NLM_F_REQUEST | NLM_F_ECHO, 6, 7 };
    memcpy((char *)(err + 1), "\1\2\3\4\5\6\7\x08", 8);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + sizeof *err + 8, NLMSG_ERROR, 0, 5, 0 };
    sendto(user, buf, h->nlmsg_len, 0, (struct sockaddr *)&nobody, sizeof nobody);
    err->error = 0;
    err->msg.nlmsg_len = 8;
    off = NLMSG_HDRLEN + sizeof *err;
    put_attr(buf, &off, NLMSGERR_ATTR_MSG, "bad thing", 10);
    uint32_t where = 20;
    put_attr(buf, &off, NLMSGERR_ATTR_OFFS, &where, 4);
    put_attr(buf, &off, 99, &where, 4);
    *h = (struct nlmsghdr){ off, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 5, 0 };
    sendto(user, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    err->error = -4095;
    *h = (struct nlmsghdr){ off, NLMSG_ERROR, NLM_F_ACK_TLVS, 5, 0 };
    sendto(user, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Forty messages in one buffer (cut after -s), the last one cut short.
    for (int i = 0; i < 40; i++)
        *(struct nlmsghdr *)(buf + 16 * i) = (struct nlmsghdr){ 16, NLMSG_NOOP, NLM_F_REQUEST, i, 0 };
    sendto(user, buf, 40 * 16 - 4, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Messages running off the end of mapped memory.
    long page = sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(pages + page, page);
    char *edge = pages + page - 32;
    *(struct nlmsghdr *)edge = (struct nlmsghdr){ 16, NLMSG_NOOP, 0, 1, 0 };
    *(struct nlmsghdr *)(edge + 16) = (struct nlmsghdr){ 16, NLMSG_NOOP, 0, 2, 0 };
    sendto(user, edge, 64, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    // sock_diag dumps of netlink sockets (NETLINK_USERSOCK ones: only this
    // process has any; one, in a group, so that the dump's order is fixed)
    // and of packet sockets (none but ours on this machine).
    close(user);
    int groups = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_USERSOCK);
    bind(groups, (struct sockaddr *)&self, sizeof self);
    int group = 3;
    setsockopt(groups, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof group);
    struct { struct nlmsghdr h; struct netlink_diag_req r; } ndq = {
        { sizeof ndq, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 40, 0 },
        { .sdiag_family = AF_NETLINK, .sdiag_protocol = NETLINK_USERSOCK,
          .ndiag_show = NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS | NDIAG_SHOW_RING_CFG | NDIAG_SHOW_FLAGS,
          .ndiag_cookie = { -1, -1 } } };
    sendto(diag, &ndq, sizeof ndq, 0, NULL, 0);
    drain_recvfrom(diag);
    int packet = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    int version = TPACKET_V2;
    setsockopt(packet, SOL_PACKET, PACKET_VERSION, &version, sizeof version);
    struct tpacket_req ring = { .tp_block_size = 4096, .tp_block_nr = 1, .tp_frame_size = 2048, .tp_frame_nr = 2 };
    setsockopt(packet, SOL_PACKET, PACKET_RX_RING, &ring, sizeof ring);
    struct packet_mreq mreq = { .mr_ifindex = 1, .mr_type = PACKET_MR_MULTICAST, .mr_alen = 6,
                                .mr_address = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } };
    setsockopt(packet, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    int packet2 = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_LOOPBACK));
    struct { struct nlmsghdr h; struct packet_diag_req r; } pdq = {
        { sizeof pdq, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 41, 0 },
        { .sdiag_family = AF_PACKET,
          .pdiag_show = PACKET_SHOW_INFO | PACKET_SHOW_MCLIST | PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT | PACKET_SHOW_MEMINFO } };
    sendto(diag, &pdq, sizeof pdq, 0, NULL, 0);
    drain_recvfrom(diag);
    close(packet2);
    close(packet);
    close(groups);

    // Hand-made sock_diag messages, to nobody: requests (NLM_F_REQUEST) and
    // replies, short, with attributes of every shape.
    ndq.r.sdiag_protocol = NDIAG_PROTO_ALL;
    ndq.r.ndiag_show = 0x30;
    sendto(diag, &ndq, sizeof ndq, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    ndq.r.sdiag_protocol = 0x77;
    ndq.r.ndiag_show = 0;
    sendto(diag, &ndq, sizeof ndq - 1, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    ndq.h.nlmsg_len = sizeof ndq;
    sendto(diag, &ndq, sizeof ndq, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    struct { struct nlmsghdr h; struct netlink_diag_msg m; char attrs[200]; } ndm = {
        { 0, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 42, 0 },
        { .ndiag_family = AF_NETLINK, .ndiag_type = SOCK_RAW, .ndiag_protocol = NETLINK_ROUTE, .ndiag_state = 1,
          .ndiag_portid = 5, .ndiag_dst_portid = 6, .ndiag_dst_group = 7, .ndiag_ino = 8, .ndiag_cookie = { 9, 10 } } };
    off = 0;
    uint64_t grp[3] = { 0, 0x5, 0xffffffffffffffffULL };
    put_attr(ndm.attrs, &off, NETLINK_DIAG_GROUPS, grp, sizeof grp);
    put_attr(ndm.attrs, &off, NETLINK_DIAG_GROUPS, grp, 4);
    struct netlink_diag_ring ndr = { 1, 2, 3, 4 };
    put_attr(ndm.attrs, &off, NETLINK_DIAG_RX_RING, &ndr, sizeof ndr);
    put_attr(ndm.attrs, &off, NETLINK_DIAG_TX_RING, &ndr, 12);
    uint32_t ndflags = NDIAG_FLAG_CB_RUNNING | NDIAG_FLAG_CAP_ACK | 0x100;
    put_attr(ndm.attrs, &off, NETLINK_DIAG_FLAGS, &ndflags, 4);
    put_attr(ndm.attrs, &off, NETLINK_DIAG_MEMINFO, mem, 12);
    put_attr(ndm.attrs, &off, 0x99, "x", 1);
    ndm.h.nlmsg_len = NLMSG_HDRLEN + sizeof ndm.m + off;
    sendto(diag, &ndm, ndm.h.nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    ndm.m.ndiag_state = 0x55;
    ndm.m.ndiag_protocol = 0x66;
    ndm.m.ndiag_type = 0x77;
    sendto(diag, &ndm, NLMSG_HDRLEN + sizeof ndm.m, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    ndm.h.nlmsg_len = NLMSG_HDRLEN + 10;
    sendto(diag, &ndm, NLMSG_HDRLEN + 10, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    pdq.r.sdiag_protocol = 3;
    pdq.r.pdiag_ino = 77;
    pdq.r.pdiag_show = PACKET_SHOW_FILTER | 0x80;
    pdq.r.pdiag_cookie[0] = 1;
    sendto(diag, &pdq, sizeof pdq, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    pdq.h.nlmsg_len = NLMSG_HDRLEN + 5;
    sendto(diag, &pdq, NLMSG_HDRLEN + 5, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    struct { struct nlmsghdr h; struct packet_diag_msg m; char attrs[400]; } pdm = {
        { 0, SOCK_DIAG_BY_FAMILY, 0, 43, 0 },
        { .pdiag_family = AF_PACKET, .pdiag_type = SOCK_DGRAM, .pdiag_num = ETH_P_IP, .pdiag_ino = 11, .pdiag_cookie = { 12, 13 } } };
    off = 0;
    struct packet_diag_info pdi = { 1, TPACKET_V3, 4, 5, 6, PDI_RUNNING | PDI_LOSS | 0x40 };
    put_attr(pdm.attrs, &off, PACKET_DIAG_INFO, &pdi, sizeof pdi);
    pdi.pdi_version = 9;
    pdi.pdi_index = 0x7fff;
    put_attr(pdm.attrs, &off, PACKET_DIAG_INFO, &pdi, sizeof pdi);
    put_attr(pdm.attrs, &off, PACKET_DIAG_INFO, &pdi, 20);
    struct packet_diag_mclist mcl[2] = { { 1, 2, 3, 6, { 1, 2, 3, 4, 5, 6 } }, { 0, 0, 0, 99, { 0xff } } };
    put_attr(pdm.attrs, &off, PACKET_DIAG_MCLIST, mcl, sizeof mcl);
    struct packet_diag_ring pdr = { 1, 2, 3, 4, 5, 6, 7 };
    put_attr(pdm.attrs, &off, PACKET_DIAG_RX_RING, &pdr, sizeof pdr);
    uint32_t fanout = 0x10002;
    put_attr(pdm.attrs, &off, PACKET_DIAG_FANOUT, &fanout, 4);
    uint32_t uid = -1;
    put_attr(pdm.attrs, &off, PACKET_DIAG_UID, &uid, 4);
    uid = 1000;
    put_attr(pdm.attrs, &off, PACKET_DIAG_UID, &uid, 4);
    put_attr(pdm.attrs, &off, PACKET_DIAG_MEMINFO, mem, sizeof mem);
    struct sock_filter prog[] = {
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + 0x7c),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_LL_OFF + 1),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x800, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0xffff),
    };
    put_attr(pdm.attrs, &off, PACKET_DIAG_FILTER, prog, sizeof prog);
    pdm.h.nlmsg_len = NLMSG_HDRLEN + sizeof pdm.m + off;
    sendto(diag, &pdm, pdm.h.nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // Legacy TCPDIAG_GETSOCK and DCCPDIAG_GETSOCK requests (struct inet_diag_req).
    struct { struct nlmsghdr h; struct inet_diag_req r; struct nlattr a; uint8_t proto; uint8_t pad[3]; } legacy = {
        { sizeof legacy, TCPDIAG_GETSOCK, NLM_F_REQUEST | NLM_F_DUMP, 44, 0 },
        { .idiag_family = AF_INET, .idiag_src_len = 1, .idiag_dst_len = 2,
          .idiag_ext = 1 << (INET_DIAG_MEMINFO - 1) | 0x80,
          .id = { .idiag_sport = htons(80), .idiag_src = { htonl(INADDR_LOOPBACK) }, .idiag_if = 1 },
          .idiag_states = 1 << TCP_LISTEN | 1 << TCP_CLOSE, .idiag_dbs = 3 },
        { 5, INET_DIAG_REQ_PROTOCOL }, IPPROTO_TCP, { 0 } };
    sendto(diag, &legacy, sizeof legacy, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    legacy.h.nlmsg_type = DCCPDIAG_GETSOCK;
    legacy.r.idiag_family = AF_INET6;
    sendto(diag, &legacy, NLMSG_HDRLEN + sizeof legacy.r, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    sendto(diag, &legacy, NLMSG_HDRLEN + sizeof legacy.r - 1, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    legacy.h.nlmsg_flags = NLM_F_MULTI;
    sendto(diag, &legacy, sizeof legacy, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // AF_SMC requests and replies.
    struct { struct nlmsghdr h; struct smc_diag_req r; } smcq = {
        { sizeof smcq, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 45, 0 },
        { .diag_family = AF_SMC, .diag_ext = 1 << (SMC_DIAG_CONNINFO - 1) | 1 << (SMC_DIAG_LGRINFO - 1) | 0x10,
          .id = { .idiag_sport = htons(1), .idiag_dport = htons(2), .idiag_src = { htonl(INADDR_LOOPBACK) }, .idiag_cookie = { 3, 4 } } } };
    sendto(diag, &smcq, sizeof smcq, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    smcq.r.diag_ext = 0;
    sendto(diag, &smcq, sizeof smcq - 1, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    struct { struct nlmsghdr h; struct smc_diag_msg m; char attrs[400]; } smcm = {
        { 0, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 46, 0 },
        { .diag_family = AF_SMC, .diag_state = 1, .diag_mode = 2, .diag_shutdown = 3,
          .id = { .idiag_sport = htons(5), .idiag_dst = { htonl(0x0a000001) } }, .diag_uid = 7, .diag_inode = 0x100000000ULL } };
    off = 0;
    struct smc_diag_conninfo sci = { 1, 2, 3, 4, { 5, 6, 7 }, { 8, 9, 10 }, { 11, 12, 13 }, { 14, 15, 16 }, 0, 1, 2, 0xff,
                                     { 17, 18, 19 }, { 20, 21, 22 }, { 23, 24, 25 } };
    put_attr(smcm.attrs, &off, SMC_DIAG_CONNINFO, &sci, sizeof sci);
    struct smc_diag_lgrinfo lgr = { { { 1, "mlx5_0", 2, "fe80::1", "fe80::2" } }, 1 };
    put_attr(smcm.attrs, &off, SMC_DIAG_LGRINFO, &lgr, sizeof lgr);
    uint8_t smcshut = 3;
    put_attr(smcm.attrs, &off, SMC_DIAG_SHUTDOWN, &smcshut, 1);
    smcshut = 0x6;
    put_attr(smcm.attrs, &off, SMC_DIAG_SHUTDOWN, &smcshut, 1);
    struct smcd_diag_dmbinfo dmb = { 1, 0x2, 0x3, 0xabcdef, 0 };
    put_attr(smcm.attrs, &off, SMC_DIAG_DMBINFO, &dmb, sizeof dmb);
    put_attr(smcm.attrs, &off, SMC_DIAG_DMBINFO, &dmb, 8);
    smcm.h.nlmsg_len = NLMSG_HDRLEN + sizeof smcm.m + off;
    sendto(diag, &smcm, smcm.h.nlmsg_len, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    smcm.m.diag_state = 0x63;
    smcm.m.diag_mode = 0x63;
    sendto(diag, &smcm, NLMSG_HDRLEN + sizeof smcm.m, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);

    // NETLINK_ROUTE kinds: address labels, netconf and namespace ids from
    // the kernel, then hand-made ones (DCB too), to nobody.
    struct { struct nlmsghdr h; struct ifaddrlblmsg m; } getlabel = {
        { sizeof getlabel, RTM_GETADDRLABEL, NLM_F_REQUEST | NLM_F_DUMP, 50, 0 }, { .ifal_family = AF_INET6 } };
    sendto(route, &getlabel, sizeof getlabel, 0, NULL, 0);
    drain_recvfrom(route);
    struct { struct nlmsghdr h; struct netconfmsg m; char pad[3]; } getconf = {
        { sizeof getconf, RTM_GETNETCONF, NLM_F_REQUEST | NLM_F_DUMP, 51, 0 }, { .ncm_family = AF_INET } };
    sendto(route, &getconf, sizeof getconf, 0, NULL, 0);
    drain_recvfrom(route);
    struct { struct nlmsghdr h; struct rtgenmsg m; char pad[3]; } getnsid = {
        { sizeof getnsid, RTM_GETNSID, NLM_F_REQUEST | NLM_F_DUMP, 52, 0 }, { AF_UNSPEC } };
    sendto(route, &getnsid, sizeof getnsid, 0, NULL, 0);
    drain_recvfrom(route);
    off = NLMSG_HDRLEN;
    struct ifaddrlblmsg ifal = { AF_INET6, 0, 64, 1, 1, 99 };
    memcpy(buf + off, &ifal, sizeof ifal);
    off += sizeof ifal;
    put_attr(buf, &off, IFAL_ADDRESS, &six, 16);
    put_attr(buf, &off, IFAL_ADDRESS, &six, 5);
    uint32_t label = 7;
    put_attr(buf, &off, IFAL_LABEL, &label, 4);
    put_attr(buf, &off, IFAL_LABEL, &label, 2);
    put_attr(buf, &off, 9, &label, 4);
    *h = (struct nlmsghdr){ off, RTM_NEWADDRLABEL, NLM_F_REQUEST | NLM_F_CREATE, 53, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 11, RTM_DELADDRLABEL, NLM_F_REQUEST, 54, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 11, 0, (struct sockaddr *)&nobody, sizeof nobody);
    off = NLMSG_HDRLEN;
    struct dcbmsg dcb = { AF_UNSPEC, DCB_CMD_GSTATE, 0 };
    memcpy(buf + off, &dcb, sizeof dcb);
    off += sizeof dcb;
    put_attr(buf, &off, DCB_ATTR_IFNAME, "lo", 3);
    put_attr(buf, &off, DCB_ATTR_STATE, &one, 1);
    *h = (struct nlmsghdr){ off, RTM_GETDCB, NLM_F_REQUEST, 55, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    buf[NLMSG_HDRLEN + 1] = 0x7e;
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 4, RTM_SETDCB, NLM_F_REQUEST, 56, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 4, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 3, RTM_SETDCB, NLM_F_REQUEST, 57, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 3, 0, (struct sockaddr *)&nobody, sizeof nobody);
    off = NLMSG_HDRLEN + 4;
    buf[NLMSG_HDRLEN] = AF_INET;
    put_attr(buf, &off, NETCONFA_IFINDEX, &one32, 4);
    put_attr(buf, &off, NETCONFA_FORWARDING, &nsid, 4);
    put_attr(buf, &off, NETCONFA_RP_FILTER, &one32, 2);
    put_attr(buf, &off, NETCONFA_BC_FORWARDING, &one32, 4);
    put_attr(buf, &off, 0x30, &one32, 4);
    *h = (struct nlmsghdr){ off, RTM_NEWNETCONF, NLM_F_REQUEST, 58, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 2, RTM_DELNETCONF, NLM_F_REQUEST, 59, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 2, 0, (struct sockaddr *)&nobody, sizeof nobody);
    off = NLMSG_HDRLEN + 4;
    put_attr(buf, &off, NETNSA_NSID, &nsid, 4);
    put_attr(buf, &off, NETNSA_PID, &one32, 4);
    int32_t nsfd = 1;
    put_attr(buf, &off, NETNSA_FD, &nsfd, 4);
    put_attr(buf, &off, NETNSA_TARGET_NSID, &one32, 4);
    put_attr(buf, &off, NETNSA_CURRENT_NSID, &one32, 3);
    *h = (struct nlmsghdr){ off, RTM_NEWNSID, NLM_F_REQUEST, 60, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);

    // NETLINK_SELINUX notifications, to nobody.
    int selinux = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SELINUX);
    bind(selinux, (struct sockaddr *)&self, sizeof self);
    memset(buf, 0, 64);
    *(int32_t *)(buf + NLMSG_HDRLEN) = -5;
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 4, SELNL_MSG_SETENFORCE, 0, 61, 0 };
    sendto(selinux, buf, NLMSG_HDRLEN + 4, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 8, SELNL_MSG_POLICYLOAD, 0, 62, 0 };
    sendto(selinux, buf, NLMSG_HDRLEN + 8, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 3, SELNL_MSG_POLICYLOAD, 0, 63, 0 };
    sendto(selinux, buf, NLMSG_HDRLEN + 3, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 4, 0x12, 0, 64, 0 };
    sendto(selinux, buf, NLMSG_HDRLEN + 4, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    // Neighbour tables, next hops, tc actions and more route attributes,
    // hand-made, to nobody; a next hop dump from the kernel.
    struct { struct nlmsghdr h; struct nhmsg m; } getnh = {
        { sizeof getnh, RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, 70, 0 }, { .nh_family = AF_UNSPEC } };
    sendto(route, &getnh, sizeof getnh, 0, NULL, 0);
    drain_recvfrom(route);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN + 4;
    buf[NLMSG_HDRLEN] = AF_INET;
    put_attr(buf, &off, NDTA_NAME, "arp_cache", 10);
    put_attr(buf, &off, NDTA_THRESH1, &one32, 4);
    uint64_t interval = 30000;
    put_attr(buf, &off, NDTA_GC_INTERVAL, &interval, 8);
    struct ndt_config ndtc = { 4, 5, 6, 7, 8, 9, 0xff, 10, 11 };
    put_attr(buf, &off, NDTA_CONFIG, &ndtc, sizeof ndtc);
    put_attr(buf, &off, NDTA_CONFIG, &ndtc, 8);
    char parms[128];
    size_t poff = 0;
    put_attr(parms, &poff, NDTPA_IFINDEX, &one32, 4);
    put_attr(parms, &poff, NDTPA_REFCNT, &one32, 4);
    put_attr(parms, &poff, NDTPA_REACHABLE_TIME, &interval, 8);
    put_attr(parms, &poff, NDTPA_QUEUE_LENBYTES, &one32, 4);
    put_attr(parms, &poff, NDTPA_INTERVAL_PROBE_TIME_MS, &interval, 8);
    put_attr(parms, &poff, NDTPA_LOCKTIME, &one32, 4);
    put_attr(parms, &poff, 40, &one32, 4);
    put_attr(buf, &off, NDTA_PARMS, parms, poff);
    uint64_t ndts[11] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
    put_attr(buf, &off, NDTA_STATS, ndts, sizeof ndts);
    put_attr(buf, &off, NDTA_STATS, ndts, 80);
    put_attr(buf, &off, NDTA_STATS, ndts, 84);
    *h = (struct nlmsghdr){ off, RTM_SETNEIGHTBL, NLM_F_REQUEST, 71, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 1, RTM_GETNEIGHTBL, NLM_F_REQUEST | NLM_F_DUMP, 72, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 1, 0, (struct sockaddr *)&nobody, sizeof nobody);

    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct nhmsg nhm = { AF_INET, RT_SCOPE_LINK, RTPROT_STATIC, 0, RTNH_F_ONLINK | 0x100 };
    memcpy(buf + off, &nhm, sizeof nhm);
    off += sizeof nhm;
    put_attr(buf, &off, NHA_ID, &one32, 4);
    put_attr(buf, &off, NHA_OIF, &one32, 4);
    put_attr(buf, &off, NHA_GATEWAY, &lo, 4);
    put_attr(buf, &off, NHA_GATEWAY, &lo, 2);
    struct nexthop_grp nhg[2] = { { 1, 2, 0, 0 }, { 3, 4, 5, 6 } };
    put_attr(buf, &off, NHA_GROUP, nhg, sizeof nhg);
    uint16_t grptype = NEXTHOP_GRP_TYPE_RES;
    put_attr(buf, &off, NHA_GROUP_TYPE, &grptype, 2);
    grptype = 9;
    put_attr(buf, &off, NHA_GROUP_TYPE, &grptype, 2);
    uint16_t encap = LWTUNNEL_ENCAP_SEG6;
    put_attr(buf, &off, NHA_ENCAP_TYPE, &encap, 2);
    put_attr(buf, &off, NHA_BLACKHOLE, &one32, 1);
    char res[64];
    size_t roff = 0;
    uint16_t buckets = 8;
    put_attr(res, &roff, NHA_RES_GROUP_BUCKETS, &buckets, 2);
    uint32_t ticks = 250;
    put_attr(res, &roff, NHA_RES_GROUP_IDLE_TIMER, &ticks, 4);
    put_attr(res, &roff, NHA_RES_GROUP_UNBALANCED_TIME, &interval, 8);
    put_attr(buf, &off, NHA_RES_GROUP, res, roff);
    roff = 0;
    put_attr(res, &roff, NHA_RES_BUCKET_INDEX, &buckets, 2);
    put_attr(res, &roff, NHA_RES_BUCKET_IDLE_TIME, &one32, 4);
    put_attr(res, &roff, NHA_RES_BUCKET_NH_ID, &one32, 4);
    put_attr(buf, &off, NHA_RES_BUCKET, res, roff);
    *h = (struct nlmsghdr){ off, RTM_NEWNEXTHOP, NLM_F_REQUEST | NLM_F_CREATE, 73, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    buf[NLMSG_HDRLEN + 3] = 0x42;
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 8, RTM_DELNEXTHOP, NLM_F_REQUEST, 74, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 8, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 7, RTM_GETNEXTHOP, NLM_F_REQUEST, 75, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 7, 0, (struct sockaddr *)&nobody, sizeof nobody);

    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN + 4;
    put_attr(buf, &off, TCA_ACT_KIND, "gact", 5);
    put_attr(buf, &off, TCA_ACT_INDEX, &one32, 4);
    uint32_t actflags = TCA_ACT_FLAGS_SKIP_HW | 0x80;
    put_attr(buf, &off, TCA_ACT_FLAGS, &actflags, 4);
    uint32_t hwstats = TCA_ACT_HW_STATS_IMMEDIATE;
    put_attr(buf, &off, TCA_ACT_HW_STATS, &hwstats, 4);
    put_attr(buf, &off, TCA_ACT_USED_HW_STATS, &hwstats, 2);
    char stats[64];
    size_t soff = 0;
    struct { uint64_t bytes; uint32_t packets; } basic = { 100, 2 };
    put_attr(stats, &soff, 1 /* TCA_STATS_BASIC */, &basic, 12);
    put_attr(buf, &off, TCA_ACT_STATS, stats, soff);
    put_attr(buf, &off, TCA_ACT_COOKIE, "cookie", 6);
    *h = (struct nlmsghdr){ off, RTM_NEWACTION, NLM_F_REQUEST | NLM_F_EXCL, 76, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 3, RTM_DELACTION, NLM_F_REQUEST, 77, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 3, 0, (struct sockaddr *)&nobody, sizeof nobody);

    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    rtm = (struct rtmsg){ AF_INET6, 64, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST, 0 };
    memcpy(buf + off, &rtm, sizeof rtm);
    off += NLMSG_ALIGN(sizeof rtm);
    struct { uint16_t family; uint8_t addr[16]; } via = { AF_INET, { 10, 0, 0, 1 } };
    put_attr(buf, &off, RTA_VIA, &via, 6);
    via.family = AF_INET6;
    memcpy(via.addr, &six, 16);
    put_attr(buf, &off, RTA_VIA, &via, 18);
    put_attr(buf, &off, RTA_VIA, &via, 5);
    via.family = AF_PACKET;
    put_attr(buf, &off, RTA_VIA, &via, 2);
    put_attr(buf, &off, RTA_VIA, &via, 1);
    put_attr(buf, &off, RTA_ENCAP_TYPE, &encap, 2);
    encap = 0x99;
    put_attr(buf, &off, RTA_ENCAP_TYPE, &encap, 2);
    uint64_t mfc[3] = { 1, 2, 3 };
    put_attr(buf, &off, RTA_MFC_STATS, mfc, sizeof mfc);
    put_attr(buf, &off, RTA_MFC_STATS, mfc, 16);
    *h = (struct nlmsghdr){ off, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_REPLACE, 78, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // More link attributes and a qdisc's size table, to nobody.
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    ifi = (struct ifinfomsg){ AF_UNSPEC, 0, ARPHRD_ETHER, 1, 0, 0 };
    memcpy(buf + off, &ifi, sizeof ifi);
    off += NLMSG_ALIGN(sizeof ifi);
    int32_t nsfd2 = 2;
    put_attr(buf, &off, IFLA_NET_NS_FD, &nsfd2, 4);
    put_attr(buf, &off, IFLA_NEW_IFINDEX, &one32, 4);
    uint32_t linkevent = IFLA_EVENT_NOTIFY_PEERS;
    put_attr(buf, &off, IFLA_EVENT, &linkevent, 4);
    linkevent = 0x77;
    put_attr(buf, &off, IFLA_EVENT, &linkevent, 4);
    put_attr(buf, &off, IFLA_EVENT, &linkevent, 2);
    char reason[32];
    size_t reoff = 0;
    uint32_t mask = 0xff00;
    put_attr(reason, &reoff, IFLA_PROTO_DOWN_REASON_MASK, &mask, 4);
    put_attr(reason, &reoff, IFLA_PROTO_DOWN_REASON_VALUE, &one32, 4);
    put_attr(reason, &reoff, IFLA_PROTO_DOWN_REASON_VALUE, &one32, 3);
    put_attr(buf, &off, IFLA_PROTO_DOWN_REASON, reason, reoff);
    *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 80, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct tcmsg tcm = { AF_UNSPEC, 0, 0, 1, 0x10000, TC_H_ROOT, 0 };
    memcpy(buf + off, &tcm, sizeof tcm);
    off += sizeof tcm;
    put_attr(buf, &off, TCA_KIND, "pfifo", 6);
    char stab[96];
    size_t stoff = 0;
    struct tc_sizespec spec = { 1, 2, -3, -4, 5, 6, 7, 8 };
    put_attr(stab, &stoff, TCA_STAB_BASE, &spec, sizeof spec);
    put_attr(stab, &stoff, TCA_STAB_BASE, &spec, 20);
    uint16_t table16[5] = { 1, 2, 3, 4, 5 };
    put_attr(stab, &stoff, TCA_STAB_DATA, table16, sizeof table16);
    put_attr(stab, &stoff, TCA_STAB_DATA, table16, 1);
    put_attr(buf, &off, TCA_STAB, stab, stoff);
    *h = (struct nlmsghdr){ off, RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_CREATE, 81, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Interface statistics: a dump from the kernel, then hand-made.
    struct { struct nlmsghdr h; struct if_stats_msg m; } getstats = {
        { sizeof getstats, RTM_GETSTATS, NLM_F_REQUEST | NLM_F_DUMP, 82, 0 },
        { .family = AF_UNSPEC, .filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64) } };
    sendto(route, &getstats, sizeof getstats, 0, NULL, 0);
    drain_recvfrom(route);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct if_stats_msg ifs = { AF_INET, 1, 2, 1, 0x3e | 0x100 };
    memcpy(buf + off, &ifs, sizeof ifs);
    off += sizeof ifs;
    uint64_t counters[25] = { 1, 2, 3 };
    char xstats[256];
    size_t xoff = 0;
    put_attr(xstats, &xoff, LINK_XSTATS_TYPE_BOND, "\1\2\3\4", 4);
    put_attr(buf, &off, IFLA_STATS_LINK_XSTATS, xstats, xoff);
    char bond[64], bond3ad[48], bridge[200];
    size_t boff = 0, b3off = 0, broff = 0;
    put_attr(bond3ad, &b3off, 0 /* BOND_3AD_STAT_LACPDU_RX */, counters, 8);
    put_attr(bond3ad, &b3off, 8 /* BOND_3AD_STAT_MARKER_UNKNOWN_RX */, counters, 8);
    put_attr(bond3ad, &b3off, 9 /* BOND_3AD_STAT_PAD */, counters, 8);
    put_attr(bond, &boff, 1 /* BOND_XSTATS_3AD */, bond3ad, b3off);
    xoff = 0;
    put_attr(xstats, &xoff, LINK_XSTATS_TYPE_BOND, bond, boff);
    put_attr(buf, &off, IFLA_STATS_LINK_XSTATS_SLAVE, xstats, xoff);
    struct { uint64_t c[4]; uint16_t vid, flags; uint32_t pad; } vlan = { { 1, 2, 3, 4 }, 5, 0x7, 0 };
    put_attr(bridge, &broff, 1 /* BRIDGE_XSTATS_VLAN */, &vlan, sizeof vlan);
    vlan.pad = 9;
    vlan.flags = 0x100;
    char vbuf[48] = { 0 };
    memcpy(vbuf, &vlan, sizeof vlan);
    put_attr(bridge, &broff, 1 /* BRIDGE_XSTATS_VLAN */, vbuf, sizeof vlan + 2);
    put_attr(bridge, &broff, 4 /* BRIDGE_XSTATS_STP */, counters, 48);
    put_attr(bridge, &broff, 4 /* BRIDGE_XSTATS_STP */, counters, 40);
    xoff = 0;
    put_attr(xstats, &xoff, LINK_XSTATS_TYPE_BRIDGE, bridge, broff);
    char xstats2[256];
    memcpy(xstats2, xstats, xoff);
    put_attr(buf, &off, IFLA_STATS_LINK_XSTATS, xstats2, xoff);
    char offload[300];
    size_t ooff = 0;
    put_attr(offload, &ooff, IFLA_OFFLOAD_XSTATS_CPU_HIT, counters, 184);
    put_attr(buf, &off, IFLA_STATS_LINK_OFFLOAD_XSTATS, offload, ooff);
    char afspec[128], mpls[100];
    size_t aoff = 0, mpoff = 0;
    put_attr(mpls, &mpoff, 1 /* MPLS_STATS_LINK */, counters, 80);
    put_attr(afspec, &aoff, AF_MPLS, mpls, mpoff);
    put_attr(afspec, &aoff, AF_INET, "\0", 1);
    put_attr(buf, &off, IFLA_STATS_AF_SPEC, afspec, aoff);
    put_attr(buf, &off, IFLA_STATS_LINK_64, counters, 100);
    *h = (struct nlmsghdr){ off, RTM_NEWSTATS, NLM_F_REQUEST, 83, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 11, RTM_GETSTATS, NLM_F_REQUEST, 84, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 11, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Bridge multicast databases: a dump from the kernel, then hand-made.
    struct { struct nlmsghdr h; struct br_port_msg m; } getmdb = {
        { sizeof getmdb, RTM_GETMDB, NLM_F_REQUEST | NLM_F_DUMP, 85, 0 }, { .family = AF_BRIDGE } };
    sendto(route, &getmdb, sizeof getmdb, 0, NULL, 0);
    drain_recvfrom(route);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct br_port_msg bpm = { AF_BRIDGE, 1 };
    memcpy(buf + off, &bpm, sizeof bpm);
    off += sizeof bpm;
    char entry[128], mdbattrs[200], dbattrs[200];
    size_t eoff = 0, moff2 = 0, dboff = 0;
    struct br_mdb_entry bme = { 1, MDB_PERMANENT, MDB_FLAGS_OFFLOAD | 0x80, 10 };
    bme.addr.u.ip4 = htonl(0xe0000001);
    bme.addr.proto = htons(ETH_P_IP);
    char ebuf[64] = { 0 };
    memcpy(ebuf, &bme, sizeof bme);
    size_t ebytes = sizeof bme;
    put_attr(ebuf, &ebytes, MDBA_MDB_EATTR_TIMER, &ticks, 4);
    put_attr(entry, &eoff, MDBA_MDB_ENTRY_INFO, ebuf, ebytes);
    bme.addr.proto = htons(AF_INET6);
    memcpy(&bme.addr.u.ip6, &six, 16);
    bme.state = 7;
    put_attr(entry, &eoff, MDBA_MDB_ENTRY_INFO, &bme, sizeof bme);
    bme.addr.proto = htons(AF_INET);
    put_attr(entry, &eoff, MDBA_MDB_ENTRY_INFO, &bme, sizeof bme);
    put_attr(entry, &eoff, MDBA_MDB_ENTRY_INFO, &bme, 20);
    put_attr(mdbattrs, &moff2, MDBA_MDB_ENTRY, entry, eoff);
    put_attr(dbattrs, &dboff, MDBA_MDB, mdbattrs, moff2);
    char rport[64], rattrs[96];
    size_t poff2 = 4, roff2 = 0;
    memcpy(rport, &one32, 4);
    put_attr(rport, &poff2, MDBA_ROUTER_PATTR_TIMER, &ticks, 4);
    uint8_t rtype = MDB_RTR_TYPE_PERM;
    put_attr(rport, &poff2, MDBA_ROUTER_PATTR_TYPE, &rtype, 1);
    rtype = 9;
    put_attr(rport, &poff2, MDBA_ROUTER_PATTR_TYPE, &rtype, 1);
    put_attr(rattrs, &roff2, MDBA_ROUTER_PORT, rport, poff2);
    put_attr(rattrs, &roff2, MDBA_ROUTER_PORT, rport, 3);
    put_attr(dbattrs, &dboff, MDBA_ROUTER, rattrs, roff2);
    memcpy(buf + off, dbattrs, dboff);
    off += dboff;
    *h = (struct nlmsghdr){ off, RTM_NEWMDB, NLM_F_REQUEST | NLM_F_CREATE, 86, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 7, RTM_DELMDB, NLM_F_REQUEST, 87, 0 };
    sendto(route, buf, NLMSG_HDRLEN + 7, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Multicast routing cache reports, to nobody.
    for (int family = 0; family < 3; family++) {
        memset(buf, 0, 256);
        off = NLMSG_HDRLEN + 4;
        buf[NLMSG_HDRLEN] = family == 0 ? RTNL_FAMILY_IPMR : family == 1 ? RTNL_FAMILY_IP6MR : AF_INET;
        uint8_t mtype = family == 0 ? IGMPMSG_WHOLEPKT : 9;
        put_attr(buf, &off, 1 /* MSGTYPE */, &mtype, 1);
        put_attr(buf, &off, 2 /* VIF_ID */, &one32, 4);
        if (family == 1) {
            put_attr(buf, &off, IP6MRA_CREPORT_SRC_ADDR, &six, 16);
            put_attr(buf, &off, IP6MRA_CREPORT_DST_ADDR, &six, 4);
        } else {
            put_attr(buf, &off, IPMRA_CREPORT_SRC_ADDR, &lo, 4);
            put_attr(buf, &off, IPMRA_CREPORT_DST_ADDR, &lo, 3);
            put_attr(buf, &off, IPMRA_CREPORT_TABLE, &one32, 4);
        }
        put_attr(buf, &off, 5 /* PKT */, "\x45\x00", 2);
        *h = (struct nlmsghdr){ off, RTM_NEWCACHEREPORT, 0, 88 + family, 0 };
        sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    }
    *h = (struct nlmsghdr){ NLMSG_HDRLEN + 2, RTM_NEWCACHEREPORT, 0, 91, 0 };
    buf[NLMSG_HDRLEN] = 0x99;
    sendto(route, buf, NLMSG_HDRLEN + 2, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Attributes found by fuzzing against strace: inet_diag bytecode and
    // congestion control infos, SMC fallback reasons, protocols of any
    // width, strings with NULs inside, hardware addresses too long.
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct inet_diag_req_v2 req2 = { .sdiag_family = AF_INET, .sdiag_protocol = IPPROTO_TCP };
    memcpy(buf + off, &req2, sizeof req2);
    off += sizeof req2;
    char bc[128];
    size_t bcoff = 0;
    struct inet_diag_bc_op bcop = { INET_DIAG_BC_S_GE, 8, 12 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    bcop = (struct inet_diag_bc_op){ 0, 0, 1024 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    bcoff = 0;
    bcop = (struct inet_diag_bc_op){ INET_DIAG_BC_D_COND, 4, 24 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    struct inet_diag_hostcond hc = { AF_INET, 8, -1 };
    memcpy(bc + bcoff, &hc, sizeof hc); bcoff += sizeof hc;
    memcpy(bc + bcoff, &lo, 4); bcoff += 4;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    bcoff = 0;
    bcop = (struct inet_diag_bc_op){ INET_DIAG_BC_S_COND, 4, 36 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    hc = (struct inet_diag_hostcond){ AF_INET6, 128, 22 };
    memcpy(bc + bcoff, &hc, sizeof hc); bcoff += sizeof hc;
    memcpy(bc + bcoff, &six, 16); bcoff += 16;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    bcoff = 0;
    bcop = (struct inet_diag_bc_op){ INET_DIAG_BC_DEV_COND, 4, 8 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    memcpy(bc + bcoff, &one32, 4); bcoff += 4;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    bcoff = 0;
    bcop = (struct inet_diag_bc_op){ INET_DIAG_BC_MARK_COND, 4, 12 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    struct inet_diag_markcond mc = { 1, 0xff };
    memcpy(bc + bcoff, &mc, sizeof mc); bcoff += sizeof mc;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    bcoff = 0;
    bcop = (struct inet_diag_bc_op){ INET_DIAG_BC_JMP, 4, 8 };
    memcpy(bc + bcoff, &bcop, 4); bcoff += 4;
    memcpy(bc + bcoff, "\1\2\3", 3); bcoff += 3;
    put_attr(buf, &off, INET_DIAG_REQ_BYTECODE, bc, bcoff);
    uint16_t proto16 = IPPROTO_UDP;
    put_attr(buf, &off, INET_DIAG_REQ_PROTOCOL, &proto16, 2);
    put_attr(buf, &off, INET_DIAG_REQ_PROTOCOL, counters, 12);
    *h = (struct nlmsghdr){ off, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 92, 0 };
    sendto(diag, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct inet_diag_msg idm = { .idiag_family = AF_INET6, .idiag_state = TCP_LISTEN };
    memcpy(buf + off, &idm, sizeof idm);
    off += sizeof idm;
    struct tcpvegas_info vegas = { 1, 2, 3, 4 };
    put_attr(buf, &off, INET_DIAG_VEGASINFO, &vegas, sizeof vegas);
    struct tcp_dctcp_info dctcp = { 1, 2, 3, 4, 5 };
    put_attr(buf, &off, INET_DIAG_DCTCPINFO, &dctcp, sizeof dctcp);
    struct tcp_bbr_info bbr = { 0x10, 0x20, 3, 4, 5 };
    put_attr(buf, &off, INET_DIAG_BBRINFO, &bbr, sizeof bbr);
    put_attr(buf, &off, INET_DIAG_BBRINFO, &bbr, 12);
    put_attr(buf, &off, INET_DIAG_PROTOCOL, &proto16, 2);
    put_attr(buf, &off, INET_DIAG_CONG, "re\0no", 6);
    put_attr(buf, &off, INET_DIAG_CONG, "\0", 1);
    *h = (struct nlmsghdr){ off, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 93, 0 };
    sendto(diag, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    memcpy(buf + off, &smcm.m, sizeof smcm.m);
    off += sizeof smcm.m;
    struct smc_diag_fallback fb = { 0x03030000, 0x42 };
    put_attr(buf, &off, SMC_DIAG_FALLBACK, &fb, sizeof fb);
    *h = (struct nlmsghdr){ off, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 94, 0 };
    sendto(diag, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    struct unix_diag_msg udm = { .udiag_family = AF_UNIX, .udiag_type = SOCK_STREAM };
    memcpy(buf + off, &udm, sizeof udm);
    off += sizeof udm;
    struct unix_diag_vfs uvfs = { .udiag_vfs_ino = 77, .udiag_vfs_dev = 0x801 };
    put_attr(buf, &off, UNIX_DIAG_VFS, &uvfs, sizeof uvfs);
    put_attr(buf, &off, UNIX_DIAG_NAME, "\0abstract", 9);
    *h = (struct nlmsghdr){ off, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 95, 0 };
    sendto(diag, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    memset(buf, 0, 1024);
    off = NLMSG_HDRLEN;
    ifi = (struct ifinfomsg){ AF_UNSPEC, 0, ARPHRD_ETHER, 1, 0, 0 };
    memcpy(buf + off, &ifi, sizeof ifi);
    off += NLMSG_ALIGN(sizeof ifi);
    put_attr(buf, &off, IFLA_ADDRESS, counters, 33);
    put_attr(buf, &off, IFLA_ADDRESS, counters, 32);
    put_attr(buf, &off, IFLA_IFNAME, "a\0b\0", 4);
    put_attr(buf, &off, IFLA_IFNAME, "a\0b", 3);
    *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 96, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // Garbage with a fixed seed, in every protocol decoded here.
    fuzz(route, NETLINK_ROUTE, 120, 11, 0);
    fuzz(diag, NETLINK_SOCK_DIAG, 120, 23, 0);
    fuzz(selinux, NETLINK_SELINUX, 20, 5, 0);
    fuzz(netfilter, NETLINK_NETFILTER, 20, 7, 0);
    fuzz(xfrm, NETLINK_XFRM, 10, 9, 0);
    fuzz(audit, NETLINK_AUDIT, 10, 3, 0);
    // The same kind of garbage running into unmapped memory.
    fuzz(route, NETLINK_ROUTE, 60, 13, 1);
    fuzz(diag, NETLINK_SOCK_DIAG, 60, 29, 1);
    // Route messages with any attribute of their kind at the top.
    fuzz_types = 60;
    fuzz(route, NETLINK_ROUTE, 150, 12, 0);
    // IFLA_PROTINFO: bridge ports, IPv6, other families, to nobody.
    for (int family = 0; family < 3; family++) {
        memset(buf, 0, 1024);
        off = NLMSG_HDRLEN;
        ifi = (struct ifinfomsg){ family == 0 ? AF_BRIDGE : family == 1 ? AF_INET6 : AF_INET, 0, ARPHRD_ETHER, 1, 0, 0 };
        memcpy(buf + off, &ifi, sizeof ifi);
        off += NLMSG_ALIGN(sizeof ifi);
        char pinfo[200];
        size_t pioff = 0;
        if (family == 0) {
            put_attr(pinfo, &pioff, IFLA_BRPORT_STATE, &one, 1);
            uint16_t prio = 32;
            put_attr(pinfo, &pioff, IFLA_BRPORT_PRIORITY, &prio, 2);
            put_attr(pinfo, &pioff, IFLA_BRPORT_COST, &one32, 4);
            struct ifla_bridge_id bid = { { 0x80, 0 }, { 2, 0, 0, 0, 0, 1 } };
            put_attr(pinfo, &pioff, IFLA_BRPORT_ROOT_ID, &bid, sizeof bid);
            put_attr(pinfo, &pioff, IFLA_BRPORT_BRIDGE_ID, &bid, 6);
            put_attr(pinfo, &pioff, IFLA_BRPORT_HOLD_TIMER, &ticks, 4);
            uint16_t fwd = 0x4000;
            put_attr(pinfo, &pioff, IFLA_BRPORT_GROUP_FWD_MASK, &fwd, 2);
            put_attr(pinfo, &pioff, IFLA_BRPORT_BACKUP_PORT, &one32, 4);
            put_attr(pinfo, &pioff, IFLA_BRPORT_FLUSH, "", 0);
        } else {
            uint32_t i6flags = 0x80000000 | 0x10;
            put_attr(pinfo, &pioff, IFLA_INET6_FLAGS, &i6flags, 4);
            put_attr(pinfo, &pioff, IFLA_INET6_RA_MTU, &one32, 4);
        }
        put_attr(buf, &off, IFLA_PROTINFO, pinfo, pioff);
        *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 97 + family, 0 };
        sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    }
    // IFLA_AF_SPEC of a bridge, and of families without a table, to nobody.
    for (int family = 0; family < 2; family++) {
        memset(buf, 0, 1024);
        off = NLMSG_HDRLEN;
        ifi = (struct ifinfomsg){ family == 0 ? AF_BRIDGE : AF_UNSPEC, 0, ARPHRD_ETHER, 1, 0, 0 };
        memcpy(buf + off, &ifi, sizeof ifi);
        off += NLMSG_ALIGN(sizeof ifi);
        char spec[200], tun[64];
        size_t soff2 = 0, toff = 0;
        if (family == 0) {
            uint16_t bflags = BRIDGE_FLAGS_SELF | 0x10, bmode = BRIDGE_MODE_UNDEF;
            put_attr(spec, &soff2, IFLA_BRIDGE_FLAGS, &bflags, 2);
            put_attr(spec, &soff2, IFLA_BRIDGE_MODE, &bmode, 2);
            bmode = 7;
            put_attr(spec, &soff2, IFLA_BRIDGE_MODE, &bmode, 2);
            struct bridge_vlan_info bvi = { BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED, 100 };
            char bvbuf[8] = { 0 };
            memcpy(bvbuf, &bvi, sizeof bvi);
            bvbuf[4] = 0x7f;
            put_attr(spec, &soff2, IFLA_BRIDGE_VLAN_INFO, bvbuf, sizeof bvi);
            put_attr(spec, &soff2, IFLA_BRIDGE_VLAN_INFO, bvbuf, 6);
            put_attr(tun, &toff, IFLA_BRIDGE_VLAN_TUNNEL_ID, &one32, 4);
            uint16_t tvid = 10;
            put_attr(tun, &toff, IFLA_BRIDGE_VLAN_TUNNEL_VID, &tvid, 2);
            put_attr(tun, &toff, IFLA_BRIDGE_VLAN_TUNNEL_FLAGS, &tvid, 2);
            put_attr(spec, &soff2, IFLA_BRIDGE_VLAN_TUNNEL_INFO, tun, toff);
            put_attr(spec, &soff2, IFLA_BRIDGE_MRP, "\1\2", 2);
        } else {
            char mctp[16];
            size_t mcoff = 0;
            put_attr(mctp, &mcoff, IFLA_MCTP_NET, &one32, 4);
            put_attr(spec, &soff2, AF_MCTP, mctp, mcoff);
            put_attr(spec, &soff2, AF_PACKET, "\1\2\3", 3);
        }
        put_attr(buf, &off, IFLA_AF_SPEC, spec, soff2);
        *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 100 + family, 0 };
        sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    }
    // IFLA_LINKINFO: kinds whose data strace decodes (bridge, tun, can
    // statistics, a bridge slave's port) and others, to nobody.
    static const char *const kinds[] = { "bridge", "tun", "can", "veth", "a-kind-name-longer-than-sixty-four-bytes-is-not-remembered-by-strace", "bridge" };
    for (int k = 0; k < 6; k++) {
        memset(buf, 0, 1024);
        off = NLMSG_HDRLEN;
        ifi = (struct ifinfomsg){ AF_UNSPEC, 0, ARPHRD_ETHER, 1, 0, 0 };
        memcpy(buf + off, &ifi, sizeof ifi);
        off += NLMSG_ALIGN(sizeof ifi);
        char info[600], data[400];
        size_t ioff = 0, doff = 0;
        put_attr(info, &ioff, k == 5 ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND, kinds[k], strlen(kinds[k]) + (k == 3 ? 0 : 1));
        if (k == 0 || k == 3 || k == 4) {
            put_attr(data, &doff, IFLA_BR_FORWARD_DELAY, &ticks, 4);
            put_attr(data, &doff, IFLA_BR_STP_STATE, &one32, 4);
            uint16_t bprio = 0x8000;
            put_attr(data, &doff, IFLA_BR_PRIORITY, &bprio, 2);
            put_attr(data, &doff, IFLA_BR_VLAN_FILTERING, &one, 1);
            uint16_t vproto = htons(ETH_P_8021Q);
            put_attr(data, &doff, IFLA_BR_VLAN_PROTOCOL, &vproto, 2);
            vproto = htons(0x1234);
            put_attr(data, &doff, IFLA_BR_VLAN_PROTOCOL, &vproto, 2);
            put_attr(data, &doff, IFLA_BR_GROUP_FWD_MASK, &vproto, 2);
            struct ifla_bridge_id bid = { { 0x80, 0 }, { 2, 0, 0, 0, 0, 1 } };
            put_attr(data, &doff, IFLA_BR_ROOT_ID, &bid, sizeof bid);
            put_attr(data, &doff, IFLA_BR_GROUP_ADDR, bid.addr, 6);
            put_attr(data, &doff, IFLA_BR_MULTI_BOOLOPT, counters, 8);
            uint32_t boolopt[2] = { 1 << BR_BOOLOPT_MST_ENABLE | 0x100, 0 };
            put_attr(data, &doff, IFLA_BR_MULTI_BOOLOPT, boolopt, 8);
            char qstate[64];
            size_t qoff = 0;
            put_attr(qstate, &qoff, BRIDGE_QUERIER_IP_ADDRESS, &lo, 4);
            put_attr(qstate, &qoff, BRIDGE_QUERIER_IP_PORT, &one32, 4);
            put_attr(qstate, &qoff, BRIDGE_QUERIER_IPV6_OTHER_TIMER, &ticks, 4);
            put_attr(data, &doff, IFLA_BR_MCAST_QUERIER_STATE, qstate, qoff);
            put_attr(info, &ioff, IFLA_INFO_DATA, data, doff);
        } else if (k == 1) {
            uint32_t owner = -1;
            put_attr(data, &doff, IFLA_TUN_OWNER, &owner, 4);
            put_attr(data, &doff, IFLA_TUN_GROUP, &one32, 4);
            uint8_t ttype = IFF_TAP;
            put_attr(data, &doff, IFLA_TUN_TYPE, &ttype, 1);
            ttype = 9;
            put_attr(data, &doff, IFLA_TUN_TYPE, &ttype, 1);
            put_attr(data, &doff, IFLA_TUN_PERSIST, &one, 1);
            put_attr(data, &doff, IFLA_TUN_NUM_QUEUES, &one32, 4);
            put_attr(info, &ioff, IFLA_INFO_DATA, data, doff);
        } else if (k == 2) {
            uint32_t can[6] = { 1, 2, 3, 4, 5, 6 };
            put_attr(info, &ioff, IFLA_INFO_XSTATS, can, sizeof can);
            put_attr(info, &ioff, IFLA_INFO_XSTATS, can, 20);
        } else {
            put_attr(data, &doff, IFLA_BRPORT_STATE, &one, 1);
            put_attr(data, &doff, IFLA_BRPORT_COST, &one32, 4);
            put_attr(info, &ioff, IFLA_INFO_SLAVE_DATA, data, doff);
            put_attr(info, &ioff, IFLA_INFO_DATA, data, doff);
        }
        put_attr(buf, &off, IFLA_LINKINFO, info, ioff);
        *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 102 + k, 0 };
        sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    }
    // SR-IOV virtual functions and port profiles, to nobody.
    memset(buf, 0, 2048);
    off = NLMSG_HDRLEN;
    ifi = (struct ifinfomsg){ AF_UNSPEC, 0, ARPHRD_ETHER, 1, 0, 0 };
    memcpy(buf + off, &ifi, sizeof ifi);
    off += NLMSG_ALIGN(sizeof ifi);
    {
        char vf[600], vfl[700], vlist[64], vstats[64], ports[200], port[150];
        size_t vfoff = 0, vfloff = 0, vloff = 0, vsoff = 0, psoff = 0, poff3 = 0;
        struct ifla_vf_mac vmac = { 1, { 2, 0, 0, 0, 0, 3 } };
        put_attr(vf, &vfoff, IFLA_VF_MAC, &vmac, sizeof vmac);
        struct ifla_vf_vlan vvlan = { 1, 100, 3 };
        put_attr(vf, &vfoff, IFLA_VF_VLAN, &vvlan, sizeof vvlan);
        put_attr(vf, &vfoff, IFLA_VF_VLAN, &vvlan, 8);
        struct ifla_vf_rate vrate = { 1, 10, 20 };
        put_attr(vf, &vfoff, IFLA_VF_RATE, &vrate, sizeof vrate);
        struct ifla_vf_link_state vls = { 1, IFLA_VF_LINK_STATE_DISABLE };
        put_attr(vf, &vfoff, IFLA_VF_LINK_STATE, &vls, sizeof vls);
        vls.link_state = 7;
        put_attr(vf, &vfoff, IFLA_VF_LINK_STATE, &vls, sizeof vls);
        struct ifla_vf_trust vtrust = { 1, 1 };
        put_attr(vf, &vfoff, IFLA_VF_TRUST, &vtrust, sizeof vtrust);
        uint32_t guid[4] = { 1, 0x11223344, 0x55667788, 0x99 };
        put_attr(vf, &vfoff, IFLA_VF_IB_NODE_GUID, guid, 12);
        put_attr(vf, &vfoff, IFLA_VF_IB_PORT_GUID, guid, 16);
        put_attr(vf, &vfoff, IFLA_VF_IB_PORT_GUID, guid, 14);
        put_attr(vstats, &vsoff, IFLA_VF_STATS_RX_PACKETS, counters, 8);
        put_attr(vstats, &vsoff, IFLA_VF_STATS_PAD, counters, 8);
        put_attr(vstats, &vsoff, IFLA_VF_STATS_TX_DROPPED, counters, 8);
        put_attr(vf, &vfoff, IFLA_VF_STATS, vstats, vsoff);
        struct ifla_vf_vlan_info vvi = { 1, 10, 0, htons(ETH_P_8021AD) };
        put_attr(vlist, &vloff, IFLA_VF_VLAN_INFO, &vvi, sizeof vvi);
        put_attr(vf, &vfoff, IFLA_VF_VLAN_LIST, vlist, vloff);
        struct ifla_vf_broadcast vbc;
        memset(&vbc, 0xff, sizeof vbc);
        put_attr(vf, &vfoff, IFLA_VF_BROADCAST, &vbc, sizeof vbc);
        put_attr(vfl, &vfloff, IFLA_VF_INFO, vf, vfoff);
        put_attr(buf, &off, IFLA_VFINFO_LIST, vfl, vfloff);
        put_attr(port, &poff3, IFLA_PORT_VF, &one32, 4);
        put_attr(port, &poff3, IFLA_PORT_PROFILE, "profile", 8);
        struct ifla_port_vsi vsi = { 1, { 2, 3, 4 }, 5, { 0, 6, 0 } };
        put_attr(port, &poff3, IFLA_PORT_VSI_TYPE, &vsi, sizeof vsi);
        vsi.pad[1] = 0;
        put_attr(port, &poff3, IFLA_PORT_VSI_TYPE, &vsi, sizeof vsi);
        put_attr(port, &poff3, IFLA_PORT_INSTANCE_UUID, guid, 16);
        put_attr(port, &poff3, IFLA_PORT_REQUEST, &one, 1);
        uint16_t response = 256;
        put_attr(port, &poff3, IFLA_PORT_RESPONSE, &response, 2);
        put_attr(ports, &psoff, IFLA_VF_PORT, port, poff3);
        put_attr(buf, &off, IFLA_VF_PORTS, ports, psoff);
        put_attr(buf, &off, IFLA_PORT_SELF, port, poff3);
    }
    *h = (struct nlmsghdr){ off, RTM_NEWLINK, NLM_F_REQUEST, 110, 0 };
    sendto(route, buf, off, 0, (struct sockaddr *)&nobody, sizeof nobody);
    // inet_diag replies with MD5 signatures, upper layer protocol info, BPF
    // storages and local addresses, to nobody.
    memset(buf, 0, 2048);
    off = NLMSG_HDRLEN;
    {
        struct inet_diag_msg idm2 = { .idiag_family = AF_INET, .idiag_state = TCP_ESTABLISHED };
        memcpy(buf + off, &idm2, sizeof idm2);
        off += sizeof idm2;
        // struct tcp_diag_md5sig (linux/tcp.h clashes with netinet/tcp.h).
        struct { uint8_t tcpm_family, tcpm_prefixlen; uint16_t tcpm_keylen; uint32_t tcpm_addr[4]; uint8_t tcpm_key[80]; } sig[2] = { { AF_INET, 32, 4, { htonl(INADDR_LOOPBACK) }, { 1, 2, 3, 4 } },
                                          { AF_INET6, 128, 90, { 0 }, { 5 } } };
        memcpy(sig[1].tcpm_addr, &six, 16);
        put_attr(buf, &off, INET_DIAG_MD5SIG, sig, sizeof sig);
        char ulp[128], tls[64], mp[96];
        size_t uoff = 0, tlsoff = 0, mpoff = 0;
        put_attr(ulp, &uoff, INET_ULP_INFO_NAME, "tls", 4);
        uint16_t tv = TLS_1_3_VERSION, tc = TLS_CIPHER_AES_GCM_256, tconf = TLS_CONF_SW;
        put_attr(tls, &tlsoff, TLS_INFO_VERSION, &tv, 2);
        put_attr(tls, &tlsoff, TLS_INFO_CIPHER, &tc, 2);
        put_attr(tls, &tlsoff, TLS_INFO_TXCONF, &tconf, 2);
        put_attr(tls, &tlsoff, TLS_INFO_ZC_RO_TX, "", 0);
        put_attr(ulp, &uoff, INET_ULP_INFO_TLS, tls, tlsoff);
        uint32_t token = 0xdeadbeef, mpflags = MPTCP_SUBFLOW_FLAG_MCAP_REM | MPTCP_SUBFLOW_FLAG_CONNECTED | 0x1000;
        put_attr(mp, &mpoff, MPTCP_SUBFLOW_ATTR_TOKEN_REM, &token, 4);
        put_attr(mp, &mpoff, MPTCP_SUBFLOW_ATTR_MAP_SEQ, &interval, 8);
        put_attr(mp, &mpoff, MPTCP_SUBFLOW_ATTR_FLAGS, &mpflags, 4);
        put_attr(mp, &mpoff, MPTCP_SUBFLOW_ATTR_ID_REM, &one, 1);
        put_attr(ulp, &uoff, INET_ULP_INFO_MPTCP, mp, mpoff);
        put_attr(buf, &off, INET_DIAG_ULP_INFO, ulp, uoff);
        char storages[64], storage[48];
        size_t stgoff = 0, stoff = 0;
        put_attr(storage, &stoff, SK_DIAG_BPF_STORAGE_MAP_ID, &one32, 4);
        put_attr(storage, &stoff, SK_DIAG_BPF_STORAGE_MAP_VALUE, &interval, 8);
        put_attr(storage, &stoff, SK_DIAG_BPF_STORAGE_MAP_VALUE, &interval, 3);
        put_attr(storages, &stgoff, SK_DIAG_BPF_STORAGE, storage, stoff);
        put_attr(buf, &off, INET_DIAG_SK_BPF_STORAGES, storages, stgoff);
        struct sockaddr_storage locals[2];
        memset(locals, 0, sizeof locals);
        struct sockaddr_in *sin = (struct sockaddr_in *)&locals[0];
        sin->sin_family = AF_INET; sin->sin_port = htons(80); sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&locals[1];
        sin6->sin6_family = AF_INET6; sin6->sin6_port = htons(443); sin6->sin6_addr = six;
        put_attr(buf, &off, INET_DIAG_LOCALS, locals, sizeof locals);
        uint8_t sockopt3[3] = { 1, 0, 7 };
        put_attr(buf, &off, INET_DIAG_SOCKOPT, sockopt3, 3);
    }
    *h = (struct nlmsghdr){ off, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, 111, 0 };
    sendto(diag, buf, off, MSG_DONTWAIT, (struct sockaddr *)&nobody, sizeof nobody);
    write(-1, "END", 3);

    return 0;
}
