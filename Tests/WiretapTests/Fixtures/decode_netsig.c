#define _GNU_SOURCE
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <net/ethernet.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
/* Successful calls of the NetSignal group after the marker, as strace 6.1
 * prints their output structures: sockets of several types and families,
 * socket options at SOL_SOCKET, SOL_IP, SOL_IPV6, SOL_TCP and SOL_NETLINK
 * (value-result lengths included), sendto/recvfrom, sendmsg/recvmsg with
 * SCM_RIGHTS and SCM_CREDENTIALS and a msg_namelen the kernel changes,
 * sendmmsg/recvmmsg, accept4; signal masks, actions, queued signals with
 * their siginfo, kill/tkill/tgkill; poll, ppoll, select, pselect6 with
 * ready descriptors, and epoll. argv[1] names the abstract unix socket. */
static void handler(int signal) { (void)signal; }

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "wt-netsig";
  write(-1, "MARK", 4);

  /* Sockets. */
  int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int d = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
  int t = socket(AF_INET6, SOCK_STREAM, 0);
  int n = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int p = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
  struct packet_mreq promiscuous = {.mr_ifindex = 1, .mr_type = PACKET_MR_MULTICAST, .mr_alen = 6,
                                    .mr_address = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}};
  setsockopt(p, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &promiscuous, sizeof promiscuous);
  setsockopt(p, SOL_PACKET, PACKET_DROP_MEMBERSHIP, &promiscuous, 8);
  struct tpacket_req ring = {.tp_block_size = 4096, .tp_block_nr = 0, .tp_frame_size = 2048, .tp_frame_nr = 0};
  setsockopt(p, SOL_PACKET, PACKET_RX_RING, &ring, sizeof ring);
  struct tpacket_stats statistics;
  socklen_t statistics_length = sizeof statistics;
  getsockopt(p, SOL_PACKET, PACKET_STATISTICS, &statistics, &statistics_length);
  if (p >= 0) close(p);
  int pair[2];
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair);

  /* Options. */
  int one = 1, value = 0;
  socklen_t length = sizeof value;
  setsockopt(u, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
  setsockopt(d, SOL_SOCKET, SO_RCVBUF, &one, sizeof one);
  getsockopt(d, SOL_SOCKET, SO_RCVBUF, &value, &length);
  length = 16;
  getsockopt(d, SOL_SOCKET, SO_TYPE, &value, &length);
  length = sizeof value;
  getsockopt(d, SOL_SOCKET, SO_ERROR, &value, &length);
  struct linger linger = {1, 5};
  setsockopt(t, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  length = sizeof linger;
  getsockopt(t, SOL_SOCKET, SO_LINGER, &linger, &length);
  struct ucred credentials;
  length = sizeof credentials;
  getsockopt(pair[0], SOL_SOCKET, SO_PEERCRED, &credentials, &length);
  int tos = IPTOS_LOWDELAY;
  setsockopt(d, SOL_IP, IP_TOS, &tos, sizeof tos);
  length = sizeof value;
  getsockopt(d, SOL_IP, IP_TOS, &value, &length);
  setsockopt(t, SOL_IPV6, IPV6_V6ONLY, &one, sizeof one);
  setsockopt(t, SOL_TCP, TCP_NODELAY, &one, sizeof one);
  length = sizeof value;
  getsockopt(t, SOL_TCP, TCP_MAXSEG, &value, &length);
  char congestion[16];
  length = sizeof congestion;
  getsockopt(t, SOL_TCP, TCP_CONGESTION, congestion, &length);
  setsockopt(n, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  length = sizeof value;
  getsockopt(n, SOL_NETLINK, NETLINK_NO_ENOBUFS, &value, &length);
  setsockopt(d, SOL_SOCKET, 12345, &one, sizeof one);
  setsockopt(d, 999, 1, &one, sizeof one);

  /* Multicast memberships, and a raw ICMP socket's filter. */
  struct ip_mreq membership = {.imr_multiaddr.s_addr = htonl(0xe00000fb), .imr_interface.s_addr = htonl(INADDR_LOOPBACK)};
  setsockopt(d, SOL_IP, IP_ADD_MEMBERSHIP, &membership, sizeof membership);
  setsockopt(d, SOL_IP, IP_DROP_MEMBERSHIP, &membership, 4);
  int d6 = socket(AF_INET6, SOCK_DGRAM, 0);
  struct ipv6_mreq membership6 = {.ipv6mr_multiaddr = {{{0xff, 0x02, [15] = 0xfb}}}, .ipv6mr_interface = 1};
  setsockopt(d6, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &membership6, sizeof membership6);
  close(d6);
  int icmp = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  uint32_t filter = ~((1U << 0) | (1U << 3) | (1U << 11));
  setsockopt(icmp, SOL_RAW, 1 /* ICMP_FILTER */, &filter, sizeof filter);
  filter = (1U << 8) | (1U << 20);
  setsockopt(icmp, SOL_RAW, 1 /* ICMP_FILTER */, &filter, 2);
  length = sizeof filter;
  getsockopt(icmp, SOL_RAW, 1 /* ICMP_FILTER */, &filter, &length);
  close(icmp);

  /* Datagrams with addresses. */
  struct sockaddr_in here = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(d, (struct sockaddr *)&here, sizeof here);
  length = sizeof here;
  getsockname(d, (struct sockaddr *)&here, &length);
  sendto(d, "ping", 4, MSG_DONTWAIT, (struct sockaddr *)&here, sizeof here);
  char buffer[64];
  struct sockaddr_storage from;
  socklen_t fromlen = sizeof from;
  recvfrom(d, buffer, sizeof buffer, MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
  /* The address a datagram came to, as a control message. */
  setsockopt(d, SOL_IP, IP_PKTINFO, &one, sizeof one);
  sendto(d, "pong", 4, 0, (struct sockaddr *)&here, sizeof here);
  char info_control[64];
  struct iovec info_iov = {buffer, sizeof buffer};
  struct msghdr with_info = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &info_iov, .msg_iovlen = 1,
                             .msg_control = info_control, .msg_controllen = sizeof info_control};
  recvmsg(d, &with_info, MSG_DONTWAIT);

  /* An ICMP error queued for a datagram to a closed port (IP_RECVERR):
   * port 1, which no ephemeral port (nor a parallel test) takes. */
  struct sockaddr_in gone = {.sin_family = AF_INET, .sin_port = htons(1), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int erring = socket(AF_INET, SOCK_DGRAM, 0);
  setsockopt(erring, SOL_IP, IP_RECVERR, &one, sizeof one);
  connect(erring, (struct sockaddr *)&gone, sizeof gone);
  send(erring, "?", 1, 0);
  struct pollfd error_ready = {erring, 0, 0};
  poll(&error_ready, 1, 1000);
  char error_control[128];
  struct msghdr with_error = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &info_iov, .msg_iovlen = 1,
                              .msg_control = error_control, .msg_controllen = sizeof error_control};
  recvmsg(erring, &with_error, MSG_ERRQUEUE | MSG_DONTWAIT);
  close(erring);

  /* Messages: data, descriptors and credentials over a unix pair. */
  struct iovec iov[2] = {{"hello ", 6}, {"world", 5}};
  union {
    struct cmsghdr header;
    char bytes[CMSG_SPACE(sizeof(int) * 2) + CMSG_SPACE(sizeof(struct ucred))];
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr message = {.msg_iov = iov, .msg_iovlen = 2, .msg_control = control.bytes,
                           .msg_controllen = CMSG_SPACE(sizeof(int) * 2)};
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int) * 2);
  int fds[2] = {0, 0};
  memcpy(CMSG_DATA(cmsg), fds, sizeof fds);
  sendmsg(pair[0], &message, MSG_NOSIGNAL);
  char in1[4], in2[32];
  struct iovec into[2] = {{in1, sizeof in1}, {in2, sizeof in2}};
  union {
    struct cmsghdr header;
    char bytes[256];
  } received;
  struct msghdr incoming = {.msg_iov = into, .msg_iovlen = 2, .msg_control = received.bytes,
                            .msg_controllen = sizeof received.bytes};
  recvmsg(pair[1], &incoming, MSG_CMSG_CLOEXEC);
  sendmsg(pair[0], &(struct msghdr){.msg_iov = iov, .msg_iovlen = 1}, 0);
  incoming.msg_controllen = 0;
  incoming.msg_control = NULL;
  recvmsg(pair[1], &incoming, 0);

  /* A datagram whose sender's address the kernel fills in (msg_namelen changes). */
  int dgram[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, dgram);
  struct sockaddr_un self = {.sun_family = AF_UNIX};
  strncpy(self.sun_path + 1, name, sizeof self.sun_path - 2);
  bind(dgram[0], (struct sockaddr *)&self, offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
  send(dgram[0], "x", 1, 0);
  struct sockaddr_storage sender;
  struct msghdr named = {.msg_name = &sender, .msg_namelen = sizeof sender, .msg_iov = into, .msg_iovlen = 1};
  recvmsg(dgram[1], &named, 0);

  /* Credentials. */
  setsockopt(pair[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
  struct ucred mine = {getpid(), getuid(), getgid()};
  message.msg_controllen = CMSG_SPACE(sizeof mine);
  cmsg = CMSG_FIRSTHDR(&message);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_CREDENTIALS;
  cmsg->cmsg_len = CMSG_LEN(sizeof mine);
  memcpy(CMSG_DATA(cmsg), &mine, sizeof mine);
  sendmsg(pair[0], &message, 0);
  incoming.msg_control = received.bytes;
  incoming.msg_controllen = sizeof received.bytes;
  recvmsg(pair[1], &incoming, 0);

  /* Several messages at once. */
  struct mmsghdr out[2] = {{.msg_hdr = {.msg_iov = iov, .msg_iovlen = 1}},
                           {.msg_hdr = {.msg_iov = iov + 1, .msg_iovlen = 1}}};
  sendmmsg(pair[0], out, 2, 0);
  char m1[8], m2[8];
  struct iovec mi[2] = {{m1, sizeof m1}, {m2, sizeof m2}};
  struct mmsghdr inm[2] = {{.msg_hdr = {.msg_iov = mi, .msg_iovlen = 1}},
                           {.msg_hdr = {.msg_iov = mi + 1, .msg_iovlen = 1}}};
  recvmmsg(pair[1], inm, 2, MSG_DONTWAIT, NULL);

  /* A connection accepted with flags. */
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in local = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(listener, (struct sockaddr *)&local, sizeof local);
  listen(listener, 1);
  length = sizeof local;
  getsockname(listener, (struct sockaddr *)&local, &length);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  connect(client, (struct sockaddr *)&local, sizeof local);
  struct sockaddr_storage peer;
  socklen_t peerlen = sizeof peer;
  int accepted = accept4(listener, (struct sockaddr *)&peer, &peerlen, SOCK_CLOEXEC | SOCK_NONBLOCK);

  /* Polling: descriptors ready to write, one to read. */
  write(pair[0], "r", 1);
  struct pollfd polled[3] = {{pair[1], POLLIN | POLLPRI, 0}, {client, POLLOUT, 0}, {-1, POLLIN, 0}};
  poll(polled, 3, 0);
  /* ppoll and pselect6 write the time left back: each call gets its own. */
  struct timespec zero = {0, 0}, later = {1, 500000000}, later2 = {1, 500000000}, later3 = {1, 500000000};
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  ppoll(polled, 3, &later, &mask);
  ppoll(polled, 1, &zero, NULL);
  fd_set readable, writable;
  FD_ZERO(&readable);
  FD_ZERO(&writable);
  FD_SET(pair[1], &readable);
  FD_SET(client, &writable);
  FD_SET(0, &readable);
  struct timeval tv = {2, 0};
  /* glibc's select is pselect6: the select syscall itself. */
  syscall(SYS_select, client + 1, &readable, &writable, NULL, &tv);
  FD_ZERO(&readable);
  FD_SET(pair[1], &readable);
  struct {
    const sigset_t *mask;
    size_t size;
  } pmask = {&mask, 8};
  syscall(SYS_pselect6, pair[1] + 1, &readable, NULL, NULL, &later2, &pmask);
  FD_ZERO(&readable);
  syscall(SYS_pselect6, 1, &readable, NULL, NULL, &zero, NULL);
  int e = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event event = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x1234567890};
  epoll_ctl(e, EPOLL_CTL_ADD, pair[1], &event);
  event.events = EPOLLOUT;
  event.data.fd = client;
  epoll_ctl(e, EPOLL_CTL_ADD, client, &event);
  epoll_ctl(e, EPOLL_CTL_MOD, client, &event);
  struct epoll_event events[4];
  epoll_pwait(e, events, 4, 0, &mask);
  syscall(SYS_epoll_pwait2, e, events, 4, &zero, &mask, 8);
  epoll_ctl(e, EPOLL_CTL_DEL, client, NULL);
  epoll_pwait(e, events, 4, 0, NULL);

  /* Signals: masks, actions, queued signals and their siginfo. */
  sigset_t old, many;
  sigfillset(&many);
  sigdelset(&many, SIGKILL);
  sigprocmask(SIG_BLOCK, &mask, &old);
  sigprocmask(SIG_SETMASK, &many, &old);
  sigprocmask(SIG_SETMASK, &old, NULL);
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, &old, 4);
  struct sigaction sa, previous;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_RESTART | SA_NODEFER;
  sigaddset(&sa.sa_mask, SIGINT);
  sigaction(SIGUSR1, &sa, &previous);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGRTMIN + 3, &sa, &previous);
  sigaction(SIGUSR1, NULL, &previous);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  info.si_signo = SIGUSR2;
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_uid = getuid();
  info.si_value.sival_int = 42;
  syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &info);
  siginfo_t got;
  sigtimedwait(&mask, &got, &later3);
  info.si_code = SI_TKILL;
  syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGUSR2, &info);
  sigwaitinfo(&mask, &got);
  kill(getpid(), SIGUSR2);
  sigtimedwait(&mask, &got, &zero);
  syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR2);
  sigtimedwait(&mask, &got, NULL);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0);
  kill(getpid(), 0);
  sigtimedwait(&mask, &got, &zero);
  sa.sa_handler = handler;
  sa.sa_flags = 0;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t wait;
  sigfillset(&wait);
  sigdelset(&wait, SIGUSR1);
  sigprocmask(SIG_BLOCK, &(sigset_t){{1UL << (SIGUSR1 - 1)}}, NULL);
  kill(getpid(), SIGUSR1);
  sigsuspend(&wait);

  close(accepted);
  close(client);
  close(listener);
  close(e);
  close(u);
  close(d);
  close(t);
  close(n);
  return 0;
}
