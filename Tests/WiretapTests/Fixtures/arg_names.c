#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Calls whose -N lines are checked exactly (ArgNamesTests), after the
 * marker. The bad descriptor is strace's tests' (tests/flock.c, fchdir.c):
 * 0xdeadbeefffffffff, which the kernel reads as the int -1. */
int main(void) {
  const unsigned long fd = 0xdeadbeefffffffffUL;
  write(-1, "MARK", 4);
  syscall(SYS_flock, fd, LOCK_SH);
  syscall(SYS_fchdir, fd);
  int n = openat(AT_FDCWD, "/dev/null", O_RDONLY);
  char buf[16];
  read(n, buf, sizeof buf);
  close(n);
  mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  kill(0, 0);
  syscall(SYS_clone3, 0, 0);
  syscall(SYS_sysfs, 3);
  syscall(SYS_getcpu, 0, 0, 0);
  return 0;
}
