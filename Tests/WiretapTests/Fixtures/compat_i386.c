/* A 32-bit tracee on a 64-bit tracer: after the marker, i386 syscalls with
 * layout-independent arguments (strings, descriptors, flags), successes and
 * failures, and an unknown number (raw, six arguments).
 * Freestanding: raw int $0x80, no libc. */
static long sys(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}

void _start(void) {
  static char buf[64];
  static int fds[2];
  sys(4, -1, (long)"MARK", 4);                                /* write */
  long fd = sys(5, (long)"/etc/hostname", 0x8000 | 02000000, 0); /* open O_LARGEFILE|O_CLOEXEC */
  sys(3, fd, (long)buf, 8);                                   /* read */
  sys(6, fd, 0, 0);                                           /* close */
  sys(6, 99, 0, 0);                                           /* close: EBADF */
  sys(5, (long)"/nonexistent", 0, 0);                          /* open: ENOENT */
  sys(33, (long)"/etc/hostname", 4, 0);                        /* access R_OK */
  sys(295, -100, (long)"/etc", 0x10000 | 0200000);             /* openat O_DIRECTORY */
  sys(331, (long)fds, 02000000, 0);                            /* pipe2 */
  sys(4, fds[1], (long)"x\n", 2);                              /* write */
  sys(41, fds[0], 0, 0);                                       /* dup */
  sys(63, fds[0], 20, 0);                                      /* dup2 */
  sys(183, (long)buf, sizeof buf, 0);                           /* getcwd */
  sys(85, (long)"/proc/self/exe", (long)buf, sizeof buf);       /* readlink */
  sys(39, (long)"/nonexistent/dir", 0755, 0);                   /* mkdir: ENOENT */
  sys(10, (long)"/nonexistent/file", 0, 0);                     /* unlink: ENOENT */
  sys(60, 022, 0, 0);                                          /* umask */
  sys(12, (long)"/", 0, 0);                                     /* chdir */
  sys(125, 0x8048000, 4096, 1);                                 /* mprotect PROT_READ */
  sys(37, 0, 0, 0);                                            /* kill(0, 0) */
  sys(460, 1, 2, 3);                                           /* unknown number */
  sys(1, 7, 0, 0);                                             /* exit */
  for (;;) {}
}
