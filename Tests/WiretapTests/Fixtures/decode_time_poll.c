#define _GNU_SOURCE
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
/* Time, polling, memory and futex calls after the marker, successes and
 * failures. Times passed in are fixed; times returned are blanked by the
 * test only where they are truly volatile (clock readings). */
int main(int argc, char **argv) {
  write(-1, "MARK", 4);
  struct timespec ts = {0, 1000000}, rem;
  nanosleep(&ts, &rem);
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
  clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &(struct timespec){0, 0}, NULL);
  nanosleep((struct timespec *)1, NULL);
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  syscall(SYS_clock_gettime, CLOCK_BOOTTIME, (void *)1);
  syscall(SYS_clock_gettime, 99, &res);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  struct itimerspec its = {{0, 0}, {5, 0}}, old;
  timerfd_settime(tfd, 0, &its, &old);
  timerfd_settime(tfd, TFD_TIMER_ABSTIME, &(struct itimerspec){{1, 0}, {0, 0}}, NULL);
  timerfd_gettime(99, &its);
  struct itimerval itv = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &itv, NULL);
  alarm(0);

  int p[2];
  pipe(p);
  write(p[1], "x", 1);
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT | POLLERR, 0}};
  poll(fds, 2, 0);
  poll(fds, 1, -1);
  struct pollfd none = {p[1], POLLIN, 0};
  poll(&none, 1, 0);
  ppoll(fds, 2, &(struct timespec){0, 0}, NULL);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  ppoll(&none, 1, &(struct timespec){0, 1000}, &mask);
  syscall(SYS_poll, 1, 1, 0);
  fd_set r, w;
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[1], &w);
  struct timeval tv = {0, 0};
  select(p[1] + 1, &r, &w, NULL, &tv);
  FD_ZERO(&r); FD_SET(p[1], &r);
  select(p[1] + 1, &r, NULL, NULL, &(struct timeval){0, 100});
  FD_ZERO(&r); FD_SET(p[0], &r);
  pselect(p[0] + 1, &r, NULL, NULL, &(struct timespec){0, 0}, &mask);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 42};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev);
  struct epoll_event out[4];
  epoll_wait(ep, out, 4, 0);
  epoll_pwait(ep, out, 4, 0, &mask);
  int efd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
  close(efd);
  syscall(SYS_eventfd2, 0, 0);

  void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  madvise(m, 8192, MADV_DONTNEED);
  madvise(m, 4096, MADV_WILLNEED | 0);
  madvise(m, 4096, 12345);
  mlock(m, 4096);
  munlock(m, 4096);
  mlock2(m, 4096, MLOCK_ONFAULT);
  mlockall(MCL_CURRENT | MCL_FUTURE);
  munlockall();
  msync(m, 4096, MS_SYNC | MS_INVALIDATE);
  void *m2 = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
  mremap(m2, 16384, 4096, 0);
  syscall(SYS_membarrier, 0, 0, 0);
  unsigned char vec[4];
  mincore(m2, 4096, vec);

  uint32_t word = 0;
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT, 0, &(struct timespec){0, 1000}, NULL, 0);
  syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &(struct timespec){0, 0}, NULL, FUTEX_BITSET_MATCH_ANY);
  syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1));
  syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &word, 0);
  syscall(SYS_futex, (void *)1, FUTEX_WAKE, 1, NULL, NULL, 0);
  syscall(SYS_futex, &word, 99, 1, NULL, NULL, 0);
  return 0;
}
