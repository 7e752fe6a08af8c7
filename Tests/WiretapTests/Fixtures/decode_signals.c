#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>
/* The rest of the signal family after the marker: sigaltstack, signalfd4,
 * rt_sigpending, rt_sigtimedwait, rt_sigsuspend interrupted by a pending
 * signal, rt_sigqueueinfo; failures included. */
static void handler(int signal) { (void)signal; }

int main(int argc, char **argv) {
  write(-1, "MARK", 4);
  static char stack[65536];
  stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0}, old;
  sigaltstack(&ss, &old);
  sigaltstack(NULL, &old);
  sigaltstack((stack_t *)1, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGRTMIN + 2);
  signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  syscall(SYS_signalfd4, 99, &set, 8, 0);
  sigprocmask(SIG_BLOCK, &set, NULL);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
  sigset_t pending;
  sigpending(&pending);
  siginfo_t info;
  struct timespec zero = {0, 0};
  sigtimedwait(&set, &info, &zero);
  sigtimedwait(&set, &info, &zero);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
  sigset_t empty;
  sigemptyset(&empty);
  sigsuspend(&empty);
  syscall(SYS_rt_sigqueueinfo, 0, SIGUSR1, (void *)1);
  return 0;
}
