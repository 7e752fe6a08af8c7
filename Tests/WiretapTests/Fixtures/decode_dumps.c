#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <mqueue.h>
/* Data moved through descriptors, for -e read= / -e write= hex dumps, after
 * the marker: pipe 3/4, file 5, datagram socket pair 6/7, message queue 8.
 * Printable and non-printable bytes, buffers of more and less than 16 bytes,
 * empty buffers (strace stops a vector's dump at the first), unreadable
 * memory, failures. With an argument N: one write of N bytes to /dev/null
 * (offsets wider than 5 hex digits past 1 MiB). Runs in a scratch directory. */
int main(int argc, char **argv) {
  if (argc > 1) {
    size_t n = strtoul(argv[1], 0, 0);
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (char)(i * 7);
    int null = open("/dev/null", O_WRONLY);
    write(-1, "MARK", 4);
    write(null, big, n);
    return 0;
  }
  write(-1, "MARK", 4);
  int p[2]; pipe2(p, O_NONBLOCK);
  const char data[] = "hello, world\n\001\002\377 binary \t tail 0123456789abcdefXYZ";
  write(p[1], data, sizeof data - 1);
  char buf[100];
  read(p[0], buf, sizeof buf);
  write(p[1], "", 0);
  struct iovec iov[3] = {{(void *)"abc", 3}, {(void *)"", 0}, {(void *)data, 20}};
  writev(p[1], iov, 3);
  char a[2], b[30];
  struct iovec r[2] = {{a, 2}, {b, 30}};
  readv(p[0], r, 2);
  struct iovec v[2] = {{(void *)"vmsp", 4}, {(void *)"lice\0\1", 6}};
  vmsplice(p[1], v, 2, 0);
  read(p[0], buf, sizeof buf);
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  pwrite(fd, data, 17, 0);
  pread(fd, buf, 40, 0);
  pwritev(fd, iov, 3, 5);
  preadv(fd, r, 2, 0);
  pwritev2(fd, v, 2, 0, 0);
  preadv2(fd, r, 2, 0, 0);
  int s[2]; socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
  send(s[0], "sendme", 6, 0);
  recv(s[1], buf, 100, 0);
  sendto(s[0], data, 33, 0, NULL, 0);
  recvfrom(s[1], buf, 100, 0, NULL, NULL);
  struct msghdr m = {0}; m.msg_iov = iov; m.msg_iovlen = 3;
  sendmsg(s[0], &m, 0);
  struct msghdr rm = {0}; rm.msg_iov = r; rm.msg_iovlen = 2;
  recvmsg(s[1], &rm, 0);
  struct mmsghdr mm[2] = {{.msg_hdr = m}, {.msg_hdr = m}};
  sendmmsg(s[0], mm, 2, 0);
  struct mmsghdr rmm[2] = {{.msg_hdr = rm}, {.msg_hdr = rm}};
  recvmmsg(s[1], rmm, 2, MSG_DONTWAIT, NULL);
  /* The queue's name comes from the scratch directory: both tools' runs use
   * the same one, concurrent tests different ones. */
  char cwd[4096], name[64] = "/wiretap-";
  getcwd(cwd, sizeof cwd);
  strncat(name, strrchr(cwd, '/') + 1, 40);
  struct mq_attr at = {.mq_maxmsg = 2, .mq_msgsize = 16};
  mqd_t q = mq_open(name, O_RDWR | O_CREAT, 0600, &at);
  mq_send(q, "queued\n", 7, 1);
  unsigned prio; mq_receive(q, buf, 64, &prio);
  mq_unlink(name);
  struct iovec bad[2] = {{(void *)"ok", 2}, {(void *)1, 5}};
  writev(p[1], bad, 2);
  write(p[1], (void *)1, 5);
  write(99, data, 5);
  read(p[0], buf, sizeof buf);
  read(p[0], (void *)1, 5);
  writev(p[1], (void *)1, 2);
  unlink("f");
  return 0;
}
