/* Successful (and a few failing) calls of the FilesProcess group, for
 * FilesProcessDecoderTests to compare wiretap's lines with strace's after the
 * marker write(-1, "MARK", 4). Runs in a scratch directory (the current
 * one); run twice (under strace, then wiretap), it leaves the same state for
 * the second run: what it creates it removes, except `keep/`, made once, whose
 * inodes and file handle the second run must see again.
 *
 * xattrs, getdents, name_to_handle_at/open_by_handle_at, splice/tee/vmsplice,
 * sync_file_range, fallocate, close_range, execve/execveat (failing),
 * pidfd_open/send_signal/getfd, process_vm_readv/writev, clone/clone3,
 * wait4/waitid, flock, newfstatat, statx, fchownat, linkat, unlinkat,
 * renameat2, access/faccessat/faccessat2, openat2, dup3, pipe2, eventfd2,
 * epoll_create1, signalfd/signalfd4.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

static long sys(long n, long a, long b, long c, long d, long e, long f) { return syscall(n, a, b, c, d, e, f); }

static const char remote_text[] = "remote bytes";

int main(void) {
  /* Set-up before the marker: a directory kept between the two runs. */
  if (mkdir("keep", 0755) == 0) {
    int k = open("keep/a", O_CREAT | O_WRONLY, 0644);
    close(k);
    k = open("keep/bb", O_CREAT | O_WRONLY, 0644);
    close(k);
  }
  /* Children's SIGCHLD stays pending: no signal line races with wait4's. */
  sigset_t child_signal;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child_signal, NULL);
  unlink("f");
  unlink("g");
  unlink("h");
  rmdir("sub");

  write(-1, "MARK", 4);
  pid_t self = getpid();

  /* Extended attributes. */
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  setxattr("f", "user.one", "value\0", 6, XATTR_CREATE);
  setxattr("f", "user.two", "bin\1\2\0x", 7, 0);
  lsetxattr("f", "user.three", "a longer value than four", 24, 0);
  fsetxattr(fd, "user.four", "v", 1, XATTR_REPLACE);
  fsetxattr(fd, "user.four", "v", 1, XATTR_CREATE);
  char value[64];
  getxattr("f", "user.one", value, sizeof value);
  getxattr("f", "user.one", NULL, 0);
  getxattr("f", "user.missing", value, sizeof value);
  lgetxattr("f", "user.two", value, sizeof value);
  fgetxattr(fd, "user.three", value, sizeof value);
  getxattr("f", "user.three", value, 2);
  char names[256];
  listxattr("f", names, sizeof names);
  listxattr("f", NULL, 0);
  llistxattr("f", names, sizeof names);
  flistxattr(fd, names, sizeof names);
  flistxattr(fd, names, 3);
  removexattr("f", "user.one");
  lremovexattr("f", "user.two");
  fremovexattr(fd, "user.three");
  fremovexattr(fd, "user.missing");

  /* Old-style directory entries. */
  int dir = open("keep", O_RDONLY | O_DIRECTORY);
  char entries[1024];
  sys(SYS_getdents, dir, (long)entries, sizeof entries, 0, 0, 0);
  sys(SYS_getdents, dir, (long)entries, sizeof entries, 0, 0, 0);
  lseek(dir, 0, SEEK_SET);
  sys(SYS_getdents, dir, (long)entries, 20, 0, 0, 0);
  sys(SYS_getdents, fd, (long)entries, sizeof entries, 0, 0, 0);
  /* getdents64 walks its records the same way (one entry: "1 entries"). */
  lseek(dir, 0, SEEK_SET);
  sys(SYS_getdents64, dir, (long)entries, 40, 0, 0, 0);
  sys(SYS_getdents64, dir, (long)entries, sizeof entries, 0, 0, 0);

  /* File handles. */
  struct {
    struct file_handle h;
    unsigned char bytes[128];
  } handle;
  int mount_id;
  handle.h.handle_bytes = 0;
  name_to_handle_at(AT_FDCWD, "keep/a", &handle.h, &mount_id, 0);
  handle.h.handle_bytes = 128;
  if (name_to_handle_at(dir, "a", &handle.h, &mount_id, AT_SYMLINK_FOLLOW) == 0) {
    int opened = open_by_handle_at(dir, &handle.h, O_RDONLY | O_CLOEXEC);
    close(opened);
  }
  name_to_handle_at(AT_FDCWD, "missing", &handle.h, &mount_id, 0);

  /* Pipes: splice, tee, vmsplice. */
  int p[2], q[2];
  pipe2(p, O_CLOEXEC);
  pipe2(q, O_NONBLOCK | O_CLOEXEC);
  write(p[1], "spliced data", 12);
  tee(p[0], q[1], 5, SPLICE_F_NONBLOCK);
  loff_t out_offset = 3;
  splice(p[0], NULL, fd, &out_offset, 12, SPLICE_F_MOVE | SPLICE_F_MORE);
  splice(q[0], NULL, fd, NULL, 5, 0);
  struct iovec gifts[2] = {{"gift", 4}, {"ed", 2}};
  vmsplice(p[1], gifts, 2, SPLICE_F_GIFT);
  splice(p[0], NULL, q[1], NULL, 6, 0x40);

  /* Space and syncing. */
  sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  fallocate(fd, 0, 0, 8192);
  fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 4096, 4096);
  fallocate(fd, 0x100, 0, 1);
  close_range(900, 999, 0);
  close_range(900, ~0U, CLOSE_RANGE_CLOEXEC);
  flock(fd, LOCK_EX | LOCK_NB);
  flock(fd, LOCK_UN);

  /* Programs that are not there. */
  char *argv[] = {"prog", "-x", "an argument", NULL};
  char *envp[] = {"A=1", "B=2", NULL};
  execve("/nonexistent/prog", argv, envp);
  execveat(AT_FDCWD, "/nonexistent/prog", argv, envp, 0);
  execveat(dir, "", argv, NULL, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);

  /* Process descriptors and other processes' memory (our own). */
  int pidfd = sys(SYS_pidfd_open, self, 0, 0, 0, 0, 0);
  sys(SYS_pidfd_send_signal, pidfd, 0, 0, 0, 0, 0);
  int got = sys(SYS_pidfd_getfd, pidfd, fd, 0, 0, 0, 0);
  close(got);
  char local[32];
  struct iovec mine[2] = {{local, 6}, {local + 6, 20}};
  struct iovec theirs[1] = {{(void *)remote_text, sizeof remote_text}};
  process_vm_readv(self, mine, 2, theirs, 1, 0);
  struct iovec source[1] = {{"written", 7}};
  struct iovec target[1] = {{local, 7}};
  process_vm_writev(self, source, 1, target, 1, 0);
  close(pidfd);

  /* Children: clone, clone3, wait4, waitid. */
  int status;
  long child = sys(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
  if (child == 0) _exit(3);
  wait4(child, &status, 0, NULL);
  pid_t parent_tid = 0;
  child = sys(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, 0, (long)&parent_tid, 0, 0, 0);
  if (child == 0) _exit(0);
  wait4(child, &status, __WALL, NULL);
  int clone_pidfd = -1;
  child = sys(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, (long)&clone_pidfd, 0, 0, 0);
  if (child == 0) _exit(0);
  wait4(child, &status, 0, NULL);
  close(clone_pidfd);
  int child_pidfd = -1;
  struct clone_args args;
  memset(&args, 0, sizeof args);
  args.flags = CLONE_PIDFD;
  args.pidfd = (uint64_t)(uintptr_t)&child_pidfd;
  args.exit_signal = SIGCHLD;
  child = sys(SYS_clone3, (long)&args, sizeof args, 0, 0, 0, 0);
  if (child == 0) _exit(0);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  sys(SYS_waitid, P_PIDFD, child_pidfd, (long)&info, WEXITED, 0, 0);
  close(child_pidfd);
  sys(SYS_waitid, P_ALL, 0, (long)&info, WEXITED | WNOHANG, 0, 0);
  /* A larger clone_args than the kernel's, its tail not zero: E2BIG. */
  struct {
    struct clone_args args;
    uint64_t tail[2];
  } larger;
  memset(&larger, 0, sizeof larger);
  larger.args.exit_signal = SIGCHLD;
  larger.args.flags = CLONE_PARENT_SETTID;
  larger.args.parent_tid = (uint64_t)(uintptr_t)&parent_tid;
  larger.tail[1] = 0x1234;
  sys(SYS_clone3, (long)&larger, sizeof larger, 0, 0, 0, 0);

  /* Names and attributes. */
  struct stat st;
  fstatat(AT_FDCWD, "/", &st, 0);
  fstatat(AT_FDCWD, "missing", &st, AT_SYMLINK_NOFOLLOW);
  struct statx stx;
  statx(AT_FDCWD, "/", AT_STATX_SYNC_AS_STAT | AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE | STATX_INO, &stx);
  statx(AT_FDCWD, "missing", AT_STATX_DONT_SYNC, STATX_ALL, &stx);
  fchownat(AT_FDCWD, "f", 0, 0, 0);
  fchownat(AT_FDCWD, "f", -1, 0, AT_SYMLINK_NOFOLLOW);
  linkat(AT_FDCWD, "f", AT_FDCWD, "g", 0);
  linkat(AT_FDCWD, "f", AT_FDCWD, "g", AT_SYMLINK_FOLLOW);
  sys(SYS_renameat2, AT_FDCWD, (long)"g", AT_FDCWD, (long)"h", 1 /* RENAME_NOREPLACE */, 0);
  sys(SYS_renameat2, AT_FDCWD, (long)"h", AT_FDCWD, (long)"f", 2 /* RENAME_EXCHANGE */, 0);
  mkdir("sub", 0755);
  unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR);
  unlinkat(AT_FDCWD, "h", 0);
  access("f", R_OK | W_OK);
  access("missing", F_OK);
  faccessat(AT_FDCWD, "f", X_OK, 0);
  sys(SYS_faccessat, AT_FDCWD, (long)"f", W_OK, 0, 0, 0);
  sys(SYS_faccessat2, AT_FDCWD, (long)"f", R_OK, AT_EACCESS, 0, 0);
  sys(SYS_faccessat2, dir, (long)"", F_OK, AT_EMPTY_PATH, 0, 0);
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
  int o = sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how, sizeof how, 0, 0);
  close(o);
  how.flags = O_WRONLY | O_CREAT | O_TRUNC;
  how.mode = 0600;
  how.resolve = 0;
  o = sys(SYS_openat2, dir, (long)"c", (long)&how, sizeof how, 0, 0);
  close(o);
  unlinkat(dir, "c", 0);
  struct {
    struct open_how how;
    uint64_t tail[2];
  } larger_how;
  memset(&larger_how, 0, sizeof larger_how);
  larger_how.how.flags = O_RDONLY;
  larger_how.tail[0] = 0xff;
  sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&larger_how, sizeof larger_how, 0, 0);
  sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&larger_how, 20, 0, 0);

  /* Descriptors. */
  dup3(fd, 77, O_CLOEXEC);
  close(77);
  int r[2];
  pipe2(r, O_DIRECT);
  close(r[0]);
  close(r[1]);
  int e = eventfd(3, EFD_CLOEXEC | EFD_SEMAPHORE);
  close(e);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  close(ep);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  sigaddset(&mask, SIGRTMIN + 1);
  int s = sys(SYS_signalfd, -1, (long)&mask, 8, 0, 0, 0);
  close(s);
  s = sys(SYS_signalfd4, -1, (long)&mask, 8, SFD_NONBLOCK | SFD_CLOEXEC, 0, 0);
  close(s);

  close(dir);
  close(fd);
  unlink("f");
  return 0;
}
