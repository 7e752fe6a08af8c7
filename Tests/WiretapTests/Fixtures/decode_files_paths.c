#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <termios.h>
#include <dirent.h>
#include <stdio.h>
/* Path, directory and file system calls of the files family (and the tty
 * ioctls, on a pseudo-terminal opened before the marker), after the marker:
 * successes and failures. Runs in a scratch directory and removes what it
 * creates. fstatfs looks at /proc: a disk's free counts change between runs. */
int main(int argc, char **argv) {
  int m = posix_openpt(O_RDWR|O_NOCTTY); grantpt(m); unlockpt(m);
  int s = ioctl(m, TIOCGPTPEER, O_RDWR|O_NOCTTY);
  int proc = open("/proc", O_RDONLY|O_DIRECTORY);
  write(-1, "MARK", 4);
  struct termios t; struct winsize ws = {24, 80, 0, 0}; int n;
  ioctl(s, TCGETS, &t); ioctl(s, TCSETS, &t); ioctl(s, TCSETSW, &t); ioctl(s, TCSETSF, &t);
  t.c_lflag &= ~(ICANON|ECHO); ioctl(s, TCSETS, &t); ioctl(s, TCGETS, &t); ioctl(s, TCGETS, (void*)1);
  ioctl(s, TIOCSWINSZ, &ws); ioctl(s, TIOCGWINSZ, &ws); ioctl(s, TIOCGWINSZ, (void*)1);
  ioctl(s, TIOCGPGRP, &n); ioctl(s, TIOCSPGRP, (void*)1); ioctl(s, FIONREAD, &n); ioctl(s, FIONREAD, (void*)1);
  mkdir("d", 0755); mkdir("d", 0755); mkdirat(AT_FDCWD, "d/e", 0700); mkdir((void*)1, 0);
  int dfd = open("d", O_RDONLY|O_DIRECTORY);
  mkdirat(dfd, "f", 0777);
  char buf[4096]; syscall(SYS_getdents64, dfd, buf, sizeof buf); syscall(SYS_getdents64, dfd, buf, sizeof buf);
  syscall(SYS_getdents64, 99, buf, sizeof buf);
  symlink("target", "d/ln"); symlinkat("t2", dfd, "ln2"); symlink("x", "nodir/ln");
  char rb[64]; readlink("d/ln", rb, sizeof rb); readlink("d/ln", rb, 3); readlinkat(dfd, "ln2", rb, sizeof rb); readlink("d", rb, 64);
  int f = open("d/file", O_CREAT|O_WRONLY, 0600);
  link("d/file", "d/hard"); linkat(dfd, "hard", dfd, "hard2", 0); linkat(AT_FDCWD, "d/ln", AT_FDCWD, "d/hl", AT_SYMLINK_FOLLOW); link("nope", "x");
  rename("d/hard2", "d/h3"); renameat(dfd, "h3", dfd, "h4"); syscall(SYS_renameat2, dfd, "h4", dfd, "hard", RENAME_NOREPLACE); syscall(SYS_renameat2, dfd, "h4", dfd, "h5", RENAME_EXCHANGE|RENAME_WHITEOUT);
  chmod("d/file", 0640); chmod("nope", 04755); fchmod(f, 0600); fchmodat(dfd, "file", 0644, 0); fchmod(99, 0);
  chown("d/file", -1, -1); lchown("d/ln", getuid(), getgid()); fchown(f, -1, getgid()); fchownat(dfd, "ln", -1, -1, AT_SYMLINK_NOFOLLOW); chown("nope", 0, 0);
  struct timespec ts[2] = {{1000000000, 5}, {UTIME_NOW, 0}};
  utimensat(AT_FDCWD, "d/file", ts, 0);
  ts[0].tv_nsec = UTIME_OMIT; ts[1].tv_sec = 1700000000; ts[1].tv_nsec = 0;
  utimensat(dfd, "file", ts, AT_SYMLINK_NOFOLLOW); utimensat(AT_FDCWD, "d/file", NULL, 0); futimens(f, ts); utimensat(AT_FDCWD, "d/file", (void*)1, 0);
  truncate("d/file", 10); truncate("nope", 1);
  struct stat st; stat("d/file", &st); lstat("d/ln", &st); fstatat(dfd, "file", &st, AT_SYMLINK_NOFOLLOW); stat("nope", &st); stat("d/file", (void*)1);
  struct statx sx; statx(AT_FDCWD, "d/file", 0, STATX_BASIC_STATS, &sx); statx(dfd, "", AT_EMPTY_PATH, STATX_ALL, &sx); statx(AT_FDCWD, "nope", AT_SYMLINK_NOFOLLOW|AT_STATX_DONT_SYNC, STATX_TYPE|STATX_SIZE, &sx);
  statx(AT_FDCWD, "d/file", 0, STATX_BASIC_STATS, (void*)1);
  struct statfs sf; statfs("/proc", &sf); fstatfs(proc, &sf); statfs("nope", &sf); fstatfs(99, &sf);
  syscall(SYS_faccessat2, AT_FDCWD, "d/file", R_OK|W_OK, AT_EACCESS); syscall(SYS_faccessat2, dfd, "nope", F_OK, 0);
  char cwd[4096]; getcwd(cwd, sizeof cwd); syscall(SYS_getcwd, cwd, 2);
  chdir("d"); fchdir(dfd); chdir("nope"); fchdir(99); chdir("..");
  unlink("d/ln"); unlink("nope"); unlinkat(dfd, "ln2", 0); unlinkat(dfd, "e", AT_REMOVEDIR); rmdir("d/f"); rmdir("nope");
  unlink("d/file"); unlink("d/hard"); unlink("d/h4"); rmdir("d");
  return 0;
}
