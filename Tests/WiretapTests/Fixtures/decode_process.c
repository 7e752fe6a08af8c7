#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>
/* The process family after the marker: ids and credentials, prctl,
 * scheduling, process groups and sessions, resource usage, uname and
 * sysinfo, kill/tkill/tgkill, clone3 and waitid; successes and failures. */
int main(int argc, char **argv) {
  write(-1, "MARK", 4);
  getuid(); geteuid(); getgid(); getegid();
  setuid(0); setgid(0); setreuid(-1, -1); setregid(-1, -1); setresuid(-1, -1, -1); setresgid(-1, -1, -1);
  uid_t r, e, s;
  getresuid(&r, &e, &s);
  gid_t gr, ge, gs;
  getresgid(&gr, &ge, &gs);
  syscall(SYS_getresuid, 1, 2, 3);
  gid_t groups[64];
  int n = getgroups(64, groups);
  getgroups(0, NULL);
  setgroups(n > 0 ? 1 : 0, groups);
  kill(0, 0);
  kill(-1234567, SIGTERM);
  syscall(SYS_tkill, -1, SIGUSR1);
  syscall(SYS_tgkill, -1, -1, 0);
  prctl(PR_SET_NAME, "wiretap-test");
  char name[16];
  prctl(PR_GET_NAME, name);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  int signal = 0;
  prctl(PR_GET_PDEATHSIG, &signal);
  prctl(PR_GET_DUMPABLE);
  prctl(PR_SET_DUMPABLE, 1);
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(PR_CAPBSET_READ, 21);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  prctl(PR_GET_SECCOMP);
  prctl(PR_SET_TIMERSLACK, 50000);
  prctl(9999, 1, 2, 3, 4);
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  sched_setaffinity(0, sizeof set, &set);
  sched_getaffinity(0, 1, (cpu_set_t *)1);
  sched_yield();
  struct sched_param param = {0};
  sched_getparam(0, &param);
  sched_getscheduler(0);
  sched_setscheduler(0, SCHED_OTHER, &param);
  sched_get_priority_max(SCHED_FIFO);
  sched_get_priority_min(SCHED_RR);
  sched_getscheduler(-1);
  getpriority(PRIO_PROCESS, 0);
  setpriority(PRIO_PROCESS, 0, 0);
  struct rusage usage;
  getrusage(RUSAGE_CHILDREN, &usage);
  getrusage(99, &usage);
  struct utsname u;
  uname(&u);
  uname((struct utsname *)1);
  sysinfo((struct sysinfo *)1);
  setpgid(0, 0);
  setsid();
  getsid(-1);
  getpgid(-1);
  struct clone_args args;
  memset(&args, 0, sizeof args);
  args.flags = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
  args.exit_signal = SIGCHLD;
  args.child_tid = (uint64_t)(uintptr_t)&n;
  long child = syscall(SYS_clone3, &args, sizeof args);
  if (child == 0) _exit(3);
  siginfo_t si;
  waitid(P_PID, child, &si, WEXITED);
  waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
  syscall(SYS_clone3, (void *)1, 88);
  return 0;
}
