#define _GNU_SOURCE
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Arguments no decoder should trust: lengths and counts far past the
 * buffers they describe, garbage structures, bad pointers. The tracer must
 * print something for each call and never crash or hang. */
int main(void) {
  static unsigned char junk[4096];
  memset(junk, 0xff, sizeof junk);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  struct iovec iov = {junk, 16};
  struct msghdr msg = {.msg_name = junk, .msg_namelen = 0xffffffff, .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = junk, .msg_controllen = sizeof junk};
  sendmsg(sv[0], &msg, 0);
  struct msghdr big = {.msg_iov = (struct iovec *)junk, .msg_iovlen = (size_t)-1};
  recvmsg(sv[1], &big, MSG_DONTWAIT);
  syscall(SYS_poll, junk, (unsigned long)-1, 0);
  syscall(SYS_pselect6, -1, junk, junk, junk, junk, junk);
  syscall(SYS_pselect6, 0x7fffffff, junk, NULL, NULL, NULL, NULL);
  syscall(SYS_getgroups, -5, junk);
  syscall(SYS_setgroups, 0x7fffffff, junk);
  syscall(SYS_epoll_wait, 0, junk, 0x7fffffff, 0);
  syscall(SYS_clone3, junk, (size_t)-1);
  syscall(SYS_futex, junk, 0xffffffff, -1, junk, junk, -1);
  syscall(SYS_connect, sv[0], junk, 0x7fffffff);
  syscall(SYS_sched_setaffinity, 0, (size_t)-1, junk);
  syscall(SYS_rt_sigtimedwait, junk, junk, junk, (size_t)-1);
  syscall(SYS_getsockopt, sv[0], 0xffff, 0xffff, junk, junk);
  syscall(SYS_setsockopt, sv[0], 1, 1, junk, -1);
  syscall(SYS_mincore, junk, (size_t)-1, junk);
  syscall(SYS_prctl, 0xffffffff, -1, -1, -1, -1);
  syscall(SYS_waitid, 0xffff, -1, junk, -1, junk);
  syscall(SYS_ioctl, 0, 0xffffffff, junk);
  syscall(SYS_openat2, -100, junk, junk, (size_t)-1);
  syscall(0x7fffffff, 1, 2, 3, 4, 5, 6);
  return 0;
}
