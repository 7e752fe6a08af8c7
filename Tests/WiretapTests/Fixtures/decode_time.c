#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
/* The time group after the marker, successes and failures: POSIX timers,
 * clock adjustment read-only (adjtimex and clock_adjtime with modes 0),
 * clock_settime and settimeofday only with arguments the kernel refuses
 * (the system clock is never changed), sleeps, itimers, timerfd, times,
 * the file-time calls on a file in the current directory, and resource
 * limits and usage. Raw syscalls: glibc implements utime, utimes,
 * futimesat, getrlimit and setrlimit with other calls, and timer_create
 * with its own timer ids. Values that change between runs (CPU times, the
 * clock's state) are blanked by the test, not here. */
static void on_signal(int signal) { (void)signal; }
static long sys(long number, long a, long b, long c, long d) { return syscall(number, a, b, c, d); }

int main(void) {
  write(-1, "MARK", 4);

  /* POSIX timers: ids from 0 in a fresh process. */
  struct sigevent signal_event = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
  signal_event.sigev_value.sival_ptr = (void *)0x1234;
  int timer = -1, quiet = -1, plain = -1, refused = -1;
  sys(SYS_timer_create, CLOCK_MONOTONIC, (long)&signal_event, (long)&timer, 0);
  struct sigevent none = {.sigev_notify = SIGEV_NONE};
  sys(SYS_timer_create, CLOCK_REALTIME, (long)&none, (long)&quiet, 0);
  sys(SYS_timer_create, CLOCK_BOOTTIME, 0, (long)&plain, 0);
  struct sigevent to_thread = {.sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGALRM};
  to_thread._sigev_un._tid = 999999;
  sys(SYS_timer_create, CLOCK_MONOTONIC, (long)&to_thread, (long)&refused, 0);
  struct sigevent by_thread = {.sigev_notify = SIGEV_THREAD, .sigev_signo = 0};
  by_thread._sigev_un._sigev_thread._function = (void (*)(__sigval_t))0x1000;
  by_thread._sigev_un._sigev_thread._attribute = (void *)0x2000;
  sys(SYS_timer_create, CLOCK_MONOTONIC, (long)&by_thread, (long)&refused, 0);
  struct sigevent odd = {.sigev_notify = 77, .sigev_signo = 5};
  sys(SYS_timer_create, CLOCK_MONOTONIC, (long)&odd, (long)&refused, 0);
  sys(SYS_timer_create, 99, 0, (long)&refused, 0);
  sys(SYS_timer_create, CLOCK_MONOTONIC, 0, 0, 0);

  struct itimerspec arm = {{0, 0}, {100, 0}}, old;
  memset(&old, 0x55, sizeof old);
  sys(SYS_timer_settime, timer, 0, (long)&arm, (long)&old);
  struct itimerspec disarm = {{1, 500}, {0, 0}};
  sys(SYS_timer_settime, timer, TIMER_ABSTIME, (long)&disarm, 0);
  struct itimerspec current;
  sys(SYS_timer_gettime, timer, (long)&current, 0, 0);
  sys(SYS_timer_gettime, 999, (long)&current, 0, 0);
  sys(SYS_timer_settime, timer, 0x8, (long)&arm, 0);
  sys(SYS_timer_settime, 999, TIMER_ABSTIME | 0x10, (long)&arm, (long)&old);
  sys(SYS_timer_getoverrun, timer, 0, 0, 0);
  sys(SYS_timer_getoverrun, -1, 0, 0, 0);
  sys(SYS_timer_delete, quiet, 0, 0, 0);
  sys(SYS_timer_delete, plain, 0, 0, 0);
  sys(SYS_timer_delete, timer, 0, 0, 0);
  sys(SYS_timer_delete, 12345, 0, 0, 0);

  /* Clock adjustment, reading only (modes 0), and refused settings. */
  struct timex tx;
  memset(&tx, 0, sizeof tx);
  sys(SYS_adjtimex, (long)&tx, 0, 0, 0);
  memset(&tx, 0, sizeof tx);
  sys(SYS_clock_adjtime, CLOCK_REALTIME, (long)&tx, 0, 0);
  memset(&tx, 0, sizeof tx);
  sys(SYS_clock_adjtime, CLOCK_MONOTONIC, (long)&tx, 0, 0);
  sys(SYS_clock_adjtime, 99, (long)&tx, 0, 0);
  sys(SYS_adjtimex, 0, 0, 0, 0);
  struct timespec bad_ts = {1, 2000000000};
  sys(SYS_clock_settime, CLOCK_MONOTONIC, (long)&(struct timespec){5, 6}, 0, 0);
  sys(SYS_clock_settime, CLOCK_REALTIME, (long)&bad_ts, 0, 0);
  sys(SYS_clock_settime, 99, (long)&bad_ts, 0, 0);
  struct timeval bad_tv = {1, 2000000};
  struct timezone bad_tz = {100000, 0};
  sys(SYS_settimeofday, (long)&bad_tv, 0, 0, 0);
  sys(SYS_settimeofday, (long)&bad_tv, (long)&bad_tz, 0, 0);
  sys(SYS_settimeofday, (long)&(struct timeval){3, -1}, 0, 0, 0);

  /* Sleeps. */
  struct timespec rem;
  sys(SYS_nanosleep, (long)&(struct timespec){0, 1000}, (long)&rem, 0, 0);
  sys(SYS_nanosleep, (long)&(struct timespec){0, -1}, 0, 0, 0);
  sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&(struct timespec){0, 1000}, (long)&rem);
  sys(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, (long)&(struct timespec){1, 0}, (long)&rem);
  sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0x4, (long)&(struct timespec){0, 1}, 0);
  sys(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, (long)&(struct timespec){0, 1}, 0);
  sys(SYS_clock_nanosleep, 10 /* CLOCK_SGI_CYCLE */, 0, (long)&(struct timespec){0, 1}, 0);

  /* Sleeps a signal interrupts: the remaining time is printed for a
   * relative sleep (blanked by the test), the address for an absolute one. */
  struct sigaction on_alarm = {.sa_handler = on_signal};
  sigaction(SIGALRM, &on_alarm, NULL);
  struct itimerval soon = {{0, 0}, {0, 20000}};
  sys(SYS_setitimer, ITIMER_REAL, (long)&soon, 0, 0);
  sys(SYS_nanosleep, (long)&(struct timespec){5, 0}, (long)&rem, 0, 0);
  sys(SYS_setitimer, ITIMER_REAL, (long)&soon, 0, 0);
  sys(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&(struct timespec){5, 0}, (long)&rem);
  sys(SYS_setitimer, ITIMER_REAL, (long)&soon, 0, 0);
  sys(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, (long)&(struct timespec){4000000000, 0}, (long)&rem);

  /* Interval timers. */
  struct itimerval unset = {{0, 0}, {0, 0}}, previous;
  sys(SYS_setitimer, ITIMER_PROF, (long)&unset, (long)&previous, 0);
  sys(SYS_setitimer, ITIMER_REAL, (long)&(struct itimerval){{0, 0}, {1000, 0}}, 0, 0);
  sys(SYS_setitimer, ITIMER_REAL, (long)&unset, 0, 0);
  sys(SYS_setitimer, 99, (long)&unset, 0, 0);
  sys(SYS_setitimer, ITIMER_VIRTUAL, (long)&(struct itimerval){{0, 2000000}, {0, 0}}, 0, 0);

  /* timerfd. */
  int tfd = sys(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC, 0, 0);
  struct itimerspec far = {{0, 0}, {4000000000, 0}}, before;
  sys(SYS_timerfd_settime, tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, (long)&far, (long)&before);
  sys(SYS_timerfd_settime, tfd, 0, (long)&(struct itimerspec){{0, 0}, {0, 0}}, 0);
  sys(SYS_timerfd_settime, tfd, 0x10, (long)&far, 0);
  sys(SYS_timerfd_create, CLOCK_MONOTONIC, 0x4, 0, 0);
  sys(SYS_timerfd_create, 99, 0, 0, 0);
  close(tfd);

  /* times: its result and CPU times vary (blanked by the test); some CPU
   * time first, so that they are not all zero. */
  for (volatile long spin = 0; spin < 600000000; spin++) {
  }
  struct tms tms;
  sys(SYS_times, (long)&tms, 0, 0, 0);
  sys(SYS_times, 0, 0, 0, 0);

  /* File times. */
  int fd = open("time-file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  close(fd);
  struct utimbuf ub = {1000000000, 1234567890};
  sys(SYS_utime, (long)"time-file", (long)&ub, 0, 0);
  sys(SYS_utime, (long)"time-file", 0, 0, 0);
  sys(SYS_utime, (long)"no-such-file", (long)&(struct utimbuf){0, 1}, 0, 0);
  struct timeval tv2[2] = {{1000000000, 123456}, {1234567890, 0}};
  sys(SYS_utimes, (long)"time-file", (long)tv2, 0, 0);
  struct timeval odd_tv[2] = {{0, 0}, {5, 1000000}};
  sys(SYS_utimes, (long)"time-file", (long)odd_tv, 0, 0);
  sys(SYS_futimesat, AT_FDCWD, (long)"time-file", (long)tv2, 0);
  int dir = open(".", O_RDONLY | O_DIRECTORY);
  sys(SYS_futimesat, dir, (long)"time-file", 0, 0);
  struct timespec ts2[2] = {{1000000000, 5}, {0, UTIME_OMIT}};
  sys(SYS_utimensat, AT_FDCWD, (long)"time-file", (long)ts2, AT_SYMLINK_NOFOLLOW);
  struct timespec now[2] = {{0, UTIME_NOW}, {7, 0}};
  sys(SYS_utimensat, dir, (long)"time-file", (long)now, 0);
  sys(SYS_utimensat, dir, (long)"time-file", (long)ts2, 0x4);
  close(dir);
  unlink("time-file");

  /* Resource limits and usage. */
  struct rlimit rl;
  sys(SYS_getrlimit, RLIMIT_NOFILE, (long)&rl, 0, 0);
  sys(SYS_getrlimit, RLIMIT_STACK, (long)&rl, 0, 0);
  sys(SYS_getrlimit, RLIMIT_CORE, (long)&rl, 0, 0);
  sys(SYS_setrlimit, RLIMIT_CORE, (long)&rl, 0, 0);
  sys(SYS_setrlimit, RLIMIT_NOFILE, (long)&(struct rlimit){4096, 1024}, 0, 0);
  sys(SYS_setrlimit, RLIMIT_AS, (long)&(struct rlimit){RLIM_INFINITY, RLIM_INFINITY}, 0, 0);
  sys(SYS_getrlimit, 99, (long)&rl, 0, 0);
  sys(SYS_getrlimit, RLIMIT_NOFILE, 0, 0, 0);
  struct rlimit old_limit;
  sys(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, (long)&old_limit);
  sys(SYS_prlimit64, 0, RLIMIT_CORE, (long)&rl, (long)&old_limit);
  sys(SYS_prlimit64, 0, 99, 0, (long)&old_limit);
  struct rusage ru;
  sys(SYS_getrusage, RUSAGE_CHILDREN, (long)&ru, 0, 0);
  sys(SYS_getrusage, RUSAGE_SELF, (long)&ru, 0, 0);
  sys(SYS_getrusage, RUSAGE_THREAD, (long)&ru, 0, 0);
  sys(SYS_getrusage, -2, (long)&ru, 0, 0);
  sys(SYS_getrusage, 5, (long)&ru, 0, 0);
  return 0;
}
