#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <termios.h>
#include <dirent.h>
#include <stdio.h>
/* Descriptor calls of the files family, after the marker: successes and
 * failures (bad descriptors, EFAULT pointers). Runs in a scratch directory
 * and removes what it creates. */
int main(int argc, char **argv) {
  write(-1, "MARK", 4);
  int fd = open("f1", O_RDWR|O_CREAT|O_TRUNC, 0644);
  struct open_how how = {.flags = O_RDONLY|O_CLOEXEC, .mode = 0, .resolve = RESOLVE_NO_SYMLINKS};
  int fd2 = syscall(SYS_openat2, AT_FDCWD, "f1", &how, sizeof how);
  syscall(SYS_openat2, AT_FDCWD, "nope", &how, sizeof how);
  syscall(SYS_openat2, AT_FDCWD, "f1", (void*)1, sizeof how);
  struct iovec iov[2] = {{"hello", 5}, {" world\n", 7}};
  writev(fd, iov, 2);
  writev(99, iov, 2);
  writev(fd, (struct iovec *)(argc > 99 ? iov : (void*)1), 2);
  lseek(fd, 0, SEEK_SET);
  lseek(fd, 0, SEEK_END);
  lseek(fd, 1, SEEK_DATA);
  lseek(99, 0, SEEK_CUR);
  char a[4], b[20];
  struct iovec r[2] = {{a, 4}, {b, 20}};
  readv(fd2, r, 2);
  preadv(fd2, r, 2, 3);
  pwritev(fd, iov, 2, 100);
  readv(99, r, 2);
  fcntl(fd, F_GETFL); fcntl(fd, F_SETFL, O_NONBLOCK|O_APPEND); fcntl(fd, F_GETFD); fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fd, F_GETFD); fcntl(fd, F_DUPFD, 10); fcntl(fd, F_DUPFD_CLOEXEC, 20); fcntl(99, F_GETFL);
  struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  fcntl(fd, F_SETLK, &fl); fcntl(fd, F_GETLK, &fl); fcntl(fd, F_SETLKW, &fl); fcntl(fd, F_OFD_SETLK, &fl);
  fcntl(fd, F_GETPIPE_SZ); fcntl(fd, F_SETOWN, 0); fcntl(fd, F_GETOWN); fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL); fcntl(fd, F_GET_SEALS);
  fcntl(fd, F_NOTIFY, DN_MODIFY); fcntl(fd, F_SETLEASE, F_RDLCK); fcntl(fd, F_GETLEASE); fcntl(fd, 1234, 5);
  struct termios t; struct winsize ws; int n;
  ioctl(0, TCGETS, &t); ioctl(fd, TCGETS, &t); ioctl(fd, TIOCGWINSZ, &ws); ioctl(fd, TIOCSWINSZ, &ws);
  ioctl(fd, TCSETS, &t); ioctl(fd, TCSETSW, &t); ioctl(fd, TCSETSF, &t);
  ioctl(fd, TIOCGPGRP, &n); ioctl(fd, TIOCSPGRP, &n); ioctl(fd, FIONREAD, &n); n = 1; ioctl(fd, FIONBIO, &n); ioctl(99, FIONBIO, &n);
  ioctl(fd, 0x1234, 5);
  int p[2]; pipe(p); ioctl(p[0], FIONREAD, &n); pipe2(p, O_CLOEXEC|O_NONBLOCK); pipe2((int *)(argc > 99 ? p : (void*)1), 0);
  dup(fd); dup2(fd, 30); dup3(fd, 31, O_CLOEXEC); dup(99);
  fsync(fd); fdatasync(fd); fsync(99); ftruncate(fd, 5); ftruncate(99, 5); fallocate(fd, 0, 0, 100); fallocate(fd, FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, 0, 10);
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL); posix_fadvise(fd, 0, 10, POSIX_FADV_DONTNEED);
  flock(fd, LOCK_EX|LOCK_NB); flock(fd, LOCK_UN); flock(99, LOCK_SH);
  off_t off = 0; sendfile(fd, fd2, &off, 3); sendfile(fd, fd2, NULL, 3);
  loff_t o1 = 0, o2 = 0; copy_file_range(fd2, &o1, fd, &o2, 4, 0); copy_file_range(fd2, NULL, fd, NULL, 4, 0);
  sync(); umask(022); umask(077);
  unlink("f1");
  return 0;
}
