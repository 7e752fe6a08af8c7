#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
/* The network family after the marker: socket types and protocols, the
 * sockaddr families (unix paths, abstract and unnamed; IPv4; IPv6;
 * netlink), a TCP and a UDP exchange over loopback, msghdr with iovecs and
 * SCM_RIGHTS, socket options, and failures (bad descriptors, EFAULT).
 * argv[1], if given, is the abstract socket name: test cases running at the
 * same time must not bind the same one. */
int main(int argc, char **argv) {
  write(-1, "MARK", 4);
  int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  strcpy(sun.sun_path, "/nonexistent/socket");
  connect(u, (struct sockaddr *)&sun, sizeof sun);
  struct sockaddr_un abstract = {.sun_family = AF_UNIX};
  const char *name = argc > 1 ? argv[1] : "wiretap-test";
  size_t length = strlen(name) < sizeof abstract.sun_path - 1 ? strlen(name) : sizeof abstract.sun_path - 1;
  memcpy(abstract.sun_path + 1, name, length);
  bind(u, (struct sockaddr *)&abstract, offsetof(struct sockaddr_un, sun_path) + 1 + length);
  close(u);
  socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
  socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  socket(12345, SOCK_STREAM, 0);

  int l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(0), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(l, (struct sockaddr *)&sin, sizeof sin);
  listen(l, 16);
  socklen_t len = sizeof sin;
  getsockname(l, (struct sockaddr *)&sin, &len);
  int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  connect(c, (struct sockaddr *)&sin, sizeof sin);
  struct sockaddr_in peer;
  socklen_t plen = sizeof peer;
  int a = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
  int err = 0;
  socklen_t elen = sizeof err;
  getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen);
  send(c, "hello", 5, 0);
  char buf[64];
  recv(a, buf, sizeof buf, 0);
  sendto(a, "world\n", 6, MSG_NOSIGNAL, NULL, 0);
  recvfrom(c, buf, sizeof buf, 0, NULL, NULL);
  plen = sizeof peer;
  getpeername(a, (struct sockaddr *)&peer, &plen);
  shutdown(c, SHUT_WR);
  close(a);
  close(c);
  close(l);

  int d = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in dsin = {.sin_family = AF_INET, .sin_port = htons(0), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(d, (struct sockaddr *)&dsin, sizeof dsin);
  len = sizeof dsin;
  getsockname(d, (struct sockaddr *)&dsin, &len);
  sendto(d, "ping", 4, 0, (struct sockaddr *)&dsin, sizeof dsin);
  struct sockaddr_in from;
  socklen_t flen = sizeof from;
  recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
  close(d);

  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  struct iovec iov[2] = {{"abc", 3}, {"defgh", 5}};
  struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
  sendmsg(sv[0], &msg, 0);
  char r1[4], r2[16];
  struct iovec riov[2] = {{r1, sizeof r1}, {r2, sizeof r2}};
  struct msghdr rmsg = {.msg_iov = riov, .msg_iovlen = 2};
  recvmsg(sv[1], &rmsg, 0);
  union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
  memset(&control, 0, sizeof control);
  struct msghdr fdmsg = {.msg_iov = iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&fdmsg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  int zero = 0;
  memcpy(CMSG_DATA(cmsg), &zero, sizeof zero);
  sendmsg(sv[0], &fdmsg, MSG_DONTWAIT);
  recvmsg(sv[1], &rmsg, MSG_DONTWAIT);
  struct linger lg = {1, 5};
  setsockopt(sv[0], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  socklen_t lglen = sizeof lg;
  getsockopt(sv[0], SOL_SOCKET, SO_LINGER, &lg, &lglen);
  struct timeval tmo = {3, 500};
  setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof tmo);
  int type = 0;
  socklen_t typelen = 2;
  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &typelen);
  struct mmsghdr mm[2];
  memset(mm, 0, sizeof mm);
  mm[0].msg_hdr.msg_iov = &iov[0]; mm[0].msg_hdr.msg_iovlen = 1;
  mm[1].msg_hdr.msg_iov = &iov[1]; mm[1].msg_hdr.msg_iovlen = 1;
  sendmmsg(sv[0], mm, 2, 0);
  struct mmsghdr rmm[2];
  memset(rmm, 0, sizeof rmm);
  rmm[0].msg_hdr.msg_iov = &riov[0]; rmm[0].msg_hdr.msg_iovlen = 1;
  rmm[1].msg_hdr.msg_iov = &riov[1]; rmm[1].msg_hdr.msg_iovlen = 1;
  recvmmsg(sv[1], rmm, 2, MSG_DONTWAIT, NULL);
  close(sv[0]);
  close(sv[1]);

  int six = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(9), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  connect(six, (struct sockaddr *)&sin6, sizeof sin6);
  int v6only = 1;
  setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
  close(six);

  int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  struct sockaddr_nl snl = {.nl_family = AF_NETLINK};
  bind(nl, (struct sockaddr *)&snl, sizeof snl);
  close(nl);
  /* nl_groups as C's %#08x prints it: 00000000, 0x000005, 0x1000000. */
  struct sockaddr_nl groups[] = {{.nl_family = AF_NETLINK, .nl_pid = 99999, .nl_groups = 5},
                                 {.nl_family = AF_NETLINK, .nl_pid = 99999, .nl_groups = 0x1000000},
                                 {.nl_family = AF_NETLINK, .nl_pid = 99999, .nl_groups = 0xffffffff}};
  for (int i = 0; i < 3; i++) connect(99, (struct sockaddr *)&groups[i], sizeof groups[i]);

  connect(99, (struct sockaddr *)&sin, sizeof sin);
  connect(argc > 5 ? 1 : 0, (struct sockaddr *)1, 16);
  accept(99, NULL, NULL);
  listen(99, 1);
  setsockopt(99, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  sendto(99, "x", 1, 0, NULL, 0);
  shutdown(99, SHUT_RDWR);
  return 0;
}
