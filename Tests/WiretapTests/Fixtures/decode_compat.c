/* A 32-bit (i386) tracee: after the marker, successful and failing calls
 * of the i386 ABI that wiretap decodes: 32-bit longs (negative offsets),
 * 16-bit and 32-bit uids, _llseek, mmap2, waitpid, the time64 calls, and
 * native decoders whose structures have only fixed-width fields. Every
 * printed value is the same from run to run (no pids, no clock readings;
 * addresses are static or MAP_FIXED). Run in a scratch directory.
 * Freestanding: raw int $0x80, no libc. */
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  long nf[2] = {n, f};
  __asm__ volatile("push %%ebp\n\t"
                   "mov 4(%%eax), %%ebp\n\t"
                   "mov (%%eax), %%eax\n\t"
                   "int $0x80\n\t"
                   "pop %%ebp"
                   : "=a"(r)
                   : "a"(nf), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                   : "memory");
  return r;
}
#define sys(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys5(n, a, b, c, d, e) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

struct ts64 { long long sec, nsec; };

/* Signal frames: the handler returns through these, as glibc's __restore
 * and __restore_rt do (sigreturn first pops the signal number). */
__asm__(".text\n"
        "restore_old: popl %eax\n movl $119, %eax\n int $0x80\n"
        "restore_rt: movl $173, %eax\n int $0x80\n");
extern char restore_old[], restore_rt[];
static void on_alarm(int sig) { (void)sig; }

void _start(void) {
  static char buf[256];
  static int fds[2], sv[2], ids[3];
  static unsigned short ids16[3];
  static unsigned long long result64;
  static int status, word = 0;
  static unsigned char vec[4];
  static unsigned long long sigset = 1ULL << 9, oldset;
  static struct ts64 ts, sleep = {0, 1000}, zero[2] = {{0, 0}, {0, 0}}, its[2];
  static struct ts64 omit[2] = {{0, (1L << 30) - 2}, {0, (1L << 30) - 2}};
  static struct { unsigned long long cur, max; } limit;
  static struct { int events; unsigned int data[2]; } __attribute__((packed)) ev = {1, {7, 0}}, evs[2];
  static struct { short fd, pad; short events, revents; } pfd;
  static struct { unsigned long long flags, mode, resolve; } how = {02000000, 0, 0};
  static struct { unsigned short family; char path[30]; } addr;
  static int addrlen = sizeof addr;
  static long long off = 0;
  static int head[3];

  sys(4, -1, "MARK", 4);                                          /* write */
  long fd = sys(5, "file", 0101 | 01000 | 0100000, 0644);          /* open O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE */
  sys(4, fd, "0123456789abcdef", 16);
  sys(19, fd, 4, 0);                                               /* lseek SEEK_SET */
  sys(19, fd, -1, 0);                                              /* lseek -1: EINVAL */
  sys(19, fd, -4, 1);                                              /* lseek SEEK_CUR -4 */
  sys5(140, fd, 0, 8, &result64, 0);                               /* _llseek to 8 */
  sys5(140, fd, -1, -16, &result64, 1);                            /* _llseek -16: EINVAL */
  sys5(140, fd, 0, 2, 0x10, 0);                                    /* _llseek, bad result: EFAULT */
  sys(93, fd, 12, 0);                                              /* ftruncate */
  sys(92, "file", 10, 0);                                          /* truncate */
  sys(92, "file", -1, 0);                                          /* truncate -1: EINVAL */
  sys(143, fd, 2, 0);                                              /* flock LOCK_EX */
  sys(143, fd, 8, 0);                                              /* flock LOCK_UN */

  /* uids: 16-bit and 32-bit calls */
  sys(164, -1, -1, 0xffff);                                        /* setresuid(-1, -1, -1) */
  sys(164, 0x10000, -1, -1);                                       /* setresuid(0, ...) in 16 bits */
  sys(165, &ids16[0], &ids16[1], &ids16[2]);                       /* getresuid */
  sys(171, &ids16[0], &ids16[1], 0x10);                            /* getresgid: EFAULT */
  sys(23, 0, 0, 0);                                                /* setuid(0) */
  sys(182, "file", -1, 0xffff);                                    /* chown(-1, -1) */
  sys(16, "file", 0, 0x10000);                                     /* lchown(0, 0) */
  sys(95, fd, 0xffff, 0);                                          /* fchown */
  sys(138, 0, 0, 0);                                               /* setfsuid */
  sys(208, -1, -1, -1);                                            /* setresuid32 */
  sys(209, &ids[0], &ids[1], &ids[2]);                             /* getresuid32 */
  sys(212, "file", 0, -1);                                         /* chown32 */
  sys(198, "nonexistent", 0, 0);                                   /* lchown32: ENOENT */
  sys(207, fd, -1, 0);                                             /* fchown32 */
  sys5(298, -100, "file", -1, -1, 0);                              /* fchownat */

  /* memory */
  long map = sys6(192, 0x20000000, 8192, 3, 0x32, -1, 0);          /* mmap2 MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED */
  *(volatile char *)map = 1;
  sys6(192, 0x20010000, 4096, 1, 0x12, fd, 1);                     /* mmap2 of the file at page 1 */
  sys6(192, 0, 4096, 1, 0x2, 99, 3);                               /* mmap2 EBADF */
  static unsigned long mmargs[6] = {0x20020000, 4096, 3, 0x32, -1, 0};
  sys(90, mmargs, 0, 0);                                           /* mmap (old): its arguments in memory */
  sys(90, 0x10, 0, 0);                                             /* mmap (old): unreadable */
  sys(91, 0x20020000, 4096, 0);
  sys(218, 0x20000000, 4096, vec);                                 /* mincore */
  sys(150, 0x20000000, 4096, 0);                                   /* mlock */
  sys(151, 0x20000000, 4096, 0);                                   /* munlock */
  sys(144, 0x20000000, 4096, 4);                                   /* msync MS_SYNC */
  sys(219, 0x20000000, 4096, 4);                                   /* madvise MADV_DONTNEED */
  sys5(163, 0x20000000, 8192, 4096, 0, 0);                         /* mremap shrink */
  sys(91, 0x20000000, 4096, 0);                                    /* munmap */
  sys(91, 0x20010000, 4096, 0);

  /* process */
  sys(7, -1, &status, 1);                                          /* waitpid WNOHANG: ECHILD */
  sys(27, 0, 0, 0);                                                /* alarm */
  sys(96, 0, 0, 0);                                                /* getpriority */
  sys(155, 0, buf, 0);                                             /* sched_getparam */
  sys(157, 0, 0, 0);                                               /* sched_getscheduler */
  sys(242, 0, 128, buf);                                           /* sched_getaffinity */
  sys5(172, 15, "compat", 0, 0, 0);                                /* prctl PR_SET_NAME */
  sys5(340, 0, 7, 0, &limit, 0);                                   /* prlimit64 RLIMIT_NOFILE */
  sys6(175, 0, (long)&sigset, (long)&oldset, 8, 0, 0);              /* rt_sigprocmask SIG_BLOCK */
  sys(176, &oldset, 8, 0);                                         /* rt_sigpending */
  static unsigned mask32 = (1 << 1) | (1 << 14), oldmask32, many32 = 0xfffffff0;
  sys(126, 0, &mask32, &oldmask32);                                /* sigprocmask SIG_BLOCK */
  sys(126, 2, &many32, &oldmask32);                                /* sigprocmask SIG_SETMASK, most */
  sys(126, 2, &oldmask32, 0x10);                                   /* sigprocmask: EFAULT */
  sys(126, 2, &mask32, 0);                                         /* sigprocmask SIG_SETMASK */
  sys(73, &oldmask32, 0, 0);                                       /* sigpending */
  long sfd = sys(321, -1, &mask32, 4);                             /* signalfd, a 4-byte mask: EINVAL */
  sys(6, sfd, 0, 0);
  sys5(327, -1, &mask32, 4, 04000, 0);                             /* signalfd4, a 4-byte mask: EINVAL */
  sys5(175, 0, (long)&mask32, 0, 4, 0);                            /* rt_sigprocmask, a 4-byte mask: EINVAL */
  sys(176, &oldmask32, 4, 0);                                      /* rt_sigpending, a 4-byte mask */
  sys5(177, &mask32, 0, 0, 4, 0);                                 /* rt_sigtimedwait, a 4-byte mask: EINVAL */
  static int info[32] = {10, 0, -1, 42, 0, 7};                     /* SIGUSR1, SI_QUEUE, pid 42, uid 0, si_int 7 */
  static int chld[32] = {17, 0, 1, 42, 0, 3, 5, 6};                /* SIGCHLD, CLD_EXITED, status 3 */
  static int timeout32[2] = {0, 0};
  static struct ts64 timeout64 = {0, 0};
  static unsigned long long usr2 = 1ULL << 11;
  sys(178, 0x7fffffff, 10, info);                                  /* rt_sigqueueinfo: ESRCH */
  sys5(335, 0x7fffffff, 0x7fffffff, 17, chld, 0);                  /* rt_tgsigqueueinfo: EINVAL or ESRCH */
  sys5(177, &usr2, info, timeout32, 8, 0);                         /* rt_sigtimedwait: EAGAIN */
  sys5(421, &usr2, info, &timeout64, 8, 0);                        /* rt_sigtimedwait_time64: EAGAIN */
  sys5(284, 0, 0, info, 5, 0);                                     /* waitid P_ALL WEXITED|WNOHANG: ECHILD */
  sys(69, 1 << 1, 0, 0);                                           /* ssetmask */
  sys(68, 0, 0, 0);                                                /* sgetmask */
  sys(69, 0, 0, 0);                                                /* ssetmask: none */
  sys(375, 0, 0, 0);                                               /* membarrier QUERY */
  static unsigned short groups16[32];
  sys(80, 0, 0, 0);                                                /* getgroups(0, NULL) */
  sys(80, 32, groups16, 0);                                        /* getgroups, 16-bit */
  sys(81, 1, groups16, 0);                                         /* setgroups, 16-bit */
  sys(81, 70000, groups16, 0);                                     /* setgroups past NGROUPS_MAX: EINVAL */
  sys(39, "dir", 0x10000 | 0755, 0);                               /* mkdir: mode narrowed to 16 bits */
  sys(40, "dir", 0, 0);                                            /* rmdir */
  sys(60, 0x10000 | 022, 0, 0);                                   /* umask 022 */
  sys(311, head, 12, 0);                                           /* set_robust_list */
  sys(122, buf, 0, 0);                                             /* uname */

  /* time64 */
  sys(406, 1, &ts, 0);                                             /* clock_getres_time64 */
  sys5(407, 1, 0, &sleep, 0, 0);                                   /* clock_nanosleep_time64 */
  sys6(422, (long)&word, 0, 1, (long)&sleep, 0, 0);                /* futex_time64 FUTEX_WAIT: EAGAIN */
  sys5(412, -100, "file", omit, 0, 0);                             /* utimensat_time64 UTIME_OMIT */
  static int omit32[4] = {0, (1 << 30) - 2, 0, (1 << 30) - 1};
  static int times32[4] = {1000000000, 5, 1000000000, 0};
  sys5(320, -100, "file", omit32, 0, 0);                           /* utimensat UTIME_OMIT, UTIME_NOW */
  sys5(320, -100, "file", times32, 0x100, 0);                      /* utimensat, 32-bit times */
  long tfd = sys(322, 1, 02000000, 0);                             /* timerfd_create */
  sys5(411, tfd, 0, zero, its, 0);                                 /* timerfd_settime64 */
  sys(410, tfd, its, 0);                                           /* timerfd_gettime64 */

  /* i386 layouts: stat64, struct stat, argv, sigaction, stack_t, 32-bit time_t */
  static char st[128];
  static const char *argv[] = {"/nonexistent", "-x", "arg", 0};
  static const char *envp[] = {"A=1", 0};
  static struct { unsigned long handler, flags, restorer; unsigned long long mask; } __attribute__((packed))
      act = {1, 0x14000000, 0x8048000, 1ULL << 14}, oldact;
  static struct { unsigned long sp; int flags; unsigned long size; } ss = {0x20000000, 0, 8192}, oldss;
  static struct { int sec, nsec; } ts32, sleep32 = {0, 1000};
  static int tz[2];
  long null = sys(5, "/dev/null", 0, 0);
  sys(195, "/dev/null", st, 0);                                   /* stat64 */
  sys(196, "/", st, 0);                                           /* lstat64 */
  sys(197, null, st, 0);                                          /* fstat64 */
  sys5(300, -100, "/dev/null", st, 0x100, 0);                     /* fstatat64 AT_SYMLINK_NOFOLLOW */
  sys(195, "/nonexistent", st, 0);                                /* stat64: ENOENT */
  sys(106, "/", st, 0);                                           /* stat */
  sys(107, "/dev/null", st, 0);                                   /* lstat */
  sys(108, null, st, 0);                                          /* fstat */
  sys(108, null, 0x10, 0);                                        /* fstat: EFAULT */
  sys(18, "/dev/null", st, 0);                                    /* oldstat */
  sys(84, "/dev/null", st, 0);                                    /* oldlstat */
  sys(28, null, st, 0);                                           /* oldfstat */
  sys(18, "/nonexistent", st, 0);                                 /* oldstat: ENOENT */
  long proc = sys(5, "/proc", 0200000, 0);
  static char dirents[48];
  long root = sys(5, "/", 0200000, 0);                            /* open O_DIRECTORY */
  sys(141, root, dirents, sizeof dirents);                         /* getdents: i386's linux_dirent, the first entries */
  sys(141, root, dirents, 8);                                      /* getdents: EINVAL */
  sys(89, root, dirents, 1);                                       /* readdir: one old_linux_dirent */
  sys(89, root, dirents, 2);                                       /* readdir, count 2 */
  sys(89, 99, dirents, 1);                                         /* readdir: EBADF */
  sys(6, root, 0, 0);
  sys(99, "/proc", st, 0);                                        /* statfs */
  sys(100, proc, st, 0);                                          /* fstatfs */
  sys(268, "/proc", 84, st);                                      /* statfs64 */
  sys(269, proc, 84, st);                                         /* fstatfs64 */
  sys(268, "/proc", 84, 0x10);                                    /* statfs64: EFAULT */
  sys(11, "/nonexistent", argv, envp);                            /* execve: ENOENT */
  sys(11, "/nonexistent", 0, 0x10);                               /* execve, unreadable envp */
  sys5(174, 10, &act, &oldact, 8, 0);                             /* rt_sigaction SIGUSR1 SIG_IGN */
  sys5(174, 10, 0, &oldact, 8, 0);                                /* rt_sigaction: the old one */
  static struct { unsigned long handler, mask, flags, restorer; } oact = {0x8048000, 1 << 1, 0x14000000, 0x8048010}, oldoact;
  sys(67, 12, &oact, &oldoact);                                   /* sigaction SIGUSR2 */
  sys(67, 12, 0, &oldoact);                                       /* sigaction: the old one */
  sys(67, 12, 0x10, 0);                                           /* sigaction: EFAULT */
  sys(48, 12, 1, 0);                                              /* signal SIG_IGN */
  sys(48, 12, 0, 0);                                              /* signal SIG_DFL */
  sys(186, &ss, &oldss, 0);                                       /* sigaltstack */
  sys(186, 0, &oldss, 0);
  sys(266, 1, &ts32, 0);                                          /* clock_getres */
  sys(162, &sleep32, 0, 0);                                       /* nanosleep */
  sys5(267, 1, 0, &sleep32, 0, 0);                                /* clock_nanosleep */
  sys(78, 0, tz, 0);                                              /* gettimeofday(NULL, &tz) */
  sys(265, 1, 0x10, 0);                                           /* clock_gettime: EFAULT */
  sys6(240, (long)&word, 128, 1, (long)&sleep32, 0, 0);           /* futex FUTEX_WAIT_PRIVATE, 32-bit timeout: EAGAIN */
  sys6(240, (long)&word, 9, 0, (long)&sleep32, 0, -1);             /* futex FUTEX_WAIT_BITSET: ETIMEDOUT */
  sys6(240, (long)&word, 129, 1, 0, 0, 0);                         /* futex FUTEX_WAKE_PRIVATE */
  static int itv[4] = {0, 0, 0, 0}, olditv[4], usage[18];
  sys(105, 0, olditv, 0);                                          /* getitimer ITIMER_REAL */
  sys(104, 1, itv, olditv);                                        /* setitimer ITIMER_VIRTUAL */
  sys(104, 1, 0x10, 0);                                            /* setitimer: EFAULT */
  sys(77, -1, usage, 0);                                           /* getrusage RUSAGE_CHILDREN: zeros */
  sys5(114, -1, &status, 1, usage, 0);                             /* wait4 WNOHANG: ECHILD */

  /* fcntl's i386 flock layouts, thread areas */
  static struct { short type, whence; int start, len, pid; } lock32 = {1, 0, 0, 10, 0}, unlock32 = {2, 0, 0, 0, 0}, query32;
  static struct { short type, whence; long long start, len; int pid; } __attribute__((packed, aligned(4)))
      lock64 = {0, 1, -2, 5, 0}, unlock64 = {2, 0, 0, 0, 0}, query64 = {1, 0, 0, 0, 0};
  static struct { unsigned entry, base, limit, flags; } desc = {-1, 0x20000000, 0xfffff, 0x51};
  sys(221, fd, 6, &lock32);                                        /* fcntl64 F_SETLK F_WRLCK */
  query32.type = 1;
  sys(221, fd, 5, &query32);                                       /* fcntl64 F_GETLK */
  sys(55, fd, 6, &unlock32);                                       /* fcntl F_SETLK F_UNLCK */
  sys(221, fd, 37, &lock64);                                       /* fcntl64 F_OFD_SETLK F_RDLCK: EBADF */
  sys(221, fd, 37, &unlock64);                                     /* fcntl64 F_OFD_SETLK F_UNLCK */
  sys(221, fd, 36, &query64);                                      /* fcntl64 F_OFD_GETLK */
  sys(221, fd, 6, 0x10);                                           /* fcntl64 F_SETLK: EFAULT */
  static struct { short type, whence; long long start, len; int pid; } __attribute__((packed, aligned(4)))
      wlock64 = {1, 0, 0, 10, 0}, query64b = {1, 0, 0, 0, 0};
  sys(221, fd, 13, &wlock64);                                      /* fcntl64 F_SETLK64 F_WRLCK */
  sys(221, fd, 12, &query64b);                                     /* fcntl64 F_GETLK64 */
  sys(221, fd, 14, &unlock64);                                     /* fcntl64 F_SETLKW64 F_UNLCK */
  sys(55, fd, 13, &wlock64);                                       /* fcntl F_SETLK64: its argument in hex */
  sys(221, fd, 12, 0x10);                                          /* fcntl64 F_GETLK64: EFAULT */
  sys(221, 99, 13, &wlock64);                                      /* fcntl64 F_SETLK64: EBADF */
  sys(55, fd, 2, 1);                                               /* fcntl F_SETFD FD_CLOEXEC */
  sys(221, fd, 1030, 0);                                           /* fcntl64 F_DUPFD_CLOEXEC */
  static unsigned rlim[2];
  static int ptid = 5;
  sys(191, 7, rlim, 0);                                            /* ugetrlimit RLIMIT_NOFILE */
  sys(76, 4, rlim, 0);                                             /* getrlimit RLIMIT_CORE */
  sys(75, 4, rlim, 0);                                             /* setrlimit RLIMIT_CORE */
  sys(75, 4, 0x10, 0);                                             /* setrlimit: EFAULT */
  sys5(120, 0x200 | 0x20000 | 0x80000 | 0x100000 | 0x1000000 | 17, 0, &ptid, &desc, 0x20000000); /* clone: EINVAL */
  sys(243, &desc, 0, 0);                                           /* set_thread_area */
  sys(243, 0x10, 0, 0);                                            /* set_thread_area: EFAULT */
  static char ldt[64];
  sys(123, 0, ldt, sizeof ldt);                                    /* modify_ldt read: 0 bytes */
  sys(123, 1, &desc, 16);                                          /* modify_ldt write: this process's LDT entry 12 */

  /* descriptors, polling, sockets */
  sys(331, fds, 04000, 0);                                         /* pipe2 O_NONBLOCK */
  sys(4, fds[1], "hi", 2);
  sys(54, fds[0], 0x541b, buf);                                    /* ioctl FIONREAD */
  pfd.fd = fds[0]; pfd.events = 1;
  sys(168, &pfd, 1, 0);                                            /* poll */
  sys5(414, &pfd, 1, zero, 0, 8);                                  /* ppoll_time64 */
  static unsigned rset[32], wset[32];
  static struct { int sec, usec; } tv0 = {0, 0};
  static struct { int sec, nsec; } ts0 = {0, 0};
  static struct ts64 ts64zero = {0, 0};
  static struct { unsigned mask, size; } sigmask32 = {(unsigned)&sigset, 8};
  rset[0] = 1u << fds[0]; wset[0] = 1u << fds[1];
  sys5(142, fds[1] + 1, rset, wset, 0, &tv0);                       /* _newselect */
  rset[0] = 1u << fds[0];
  sys6(308, fds[0] + 1, (long)rset, 0, 0, (long)&ts0, (long)&sigmask32); /* pselect6 */
  rset[0] = 1u << fds[0];
  sys6(413, fds[0] + 1, (long)rset, 0, 0, (long)&ts64zero, (long)&sigmask32); /* pselect6_time64 */
  sys6(413, fds[0] + 1, 0, 0, 0, (long)&ts64zero, 0);               /* pselect6_time64: timeout */
  static unsigned long selargs[5];
  rset[0] = 1u << fds[0];
  selargs[0] = fds[0] + 1; selargs[1] = (unsigned long)rset; selargs[4] = (unsigned long)&tv0;
  sys(82, selargs, 0, 0);                                          /* select (old): its arguments in memory */
  sys(82, 0, 0, 0);                                                /* select (old): NULL */
  long ep = sys(329, 02000000, 0, 0);                              /* epoll_create1 */
  sys5(255, ep, 1, fds[0], &ev, 0);                                /* epoll_ctl ADD */
  sys5(256, ep, evs, 2, 0, 0);                                     /* epoll_wait */
  long in = sys(5, "file", 0, 0);
  sys5(239, fds[1], in, &off, 3, 0);                               /* sendfile64 */
  long out = sys(5, "copy", 0101 | 01000, 0644);
  sys6(377, in, (long)&off, out, 0, 4, 0);                         /* copy_file_range */
  static char va[4], vb[8];
  static struct { void *base; unsigned long len; } wv[2] = {{"ab", 2}, {"cde", 3}}, rv[2] = {{va, 4}, {vb, 8}};
  sys(146, fds[1], wv, 2);                                         /* writev */
  sys(145, fds[0], rv, 2);                                         /* readv: "hi012" and "abcde" */
  sys(145, fds[0], rv, 0);                                         /* readv, no vector */
  sys(145, fds[0], 0x10, 1);                                       /* readv: EFAULT */
  sys5(181, out, "xyz", 3, 1, 0);                                  /* pwrite64 at 1 */
  sys5(180, in, buf, 4, 2, 0);                                     /* pread64 at 2 */
  sys5(180, in, buf, 4, -2, -1);                                   /* pread64 at -2: EINVAL */
  sys5(333, in, rv, 2, 3, 0);                                      /* preadv at 3 */
  sys5(334, out, wv, 2, 0, 1);                                     /* pwritev at 1 << 32: EFBIG or more */
  sys6(378, in, (long)rv, 1, 0, 0, 0);                             /* preadv2 */
  sys6(379, out, (long)wv, 1, -1, -1, 0);                          /* pwritev2 at the current offset */
  static unsigned off32 = 1;
  static int its32[4] = {0, 0, 0, 0}, oldits32[4];
  sys5(187, fds[1], in, &off32, 2, 0);                             /* sendfile, 32-bit offset */
  sys5(187, fds[1], in, 0x10, 2, 0);                               /* sendfile: EFAULT */
  sys5(325, tfd, 0, its32, oldits32, 0);                           /* timerfd_settime */
  sys(326, tfd, oldits32, 0);                                      /* timerfd_gettime */
  sys(194, out, 12, 0);                                            /* ftruncate64 */
  sys(193, "copy", 10, 0);                                         /* truncate64 */
  sys(193, "copy", -1, -1);                                        /* truncate64 -1: EINVAL */
  sys5(250, in, 0, 0, 4, 2);                                       /* fadvise64 POSIX_FADV_SEQUENTIAL */
  sys6(272, in, 1, 0, 4, 0, 1);                                    /* fadvise64_64 POSIX_FADV_RANDOM */
  sys6(324, out, 0, 0, 0, 16, 0);                                  /* fallocate */
  sys5(225, in, 0, 0, 4, 0);                                       /* readahead */
  long efd = sys(328, 3, 02000000, 0);                             /* eventfd2 */
  sys(4, efd, &off, 8);
  sys5(327, -1, &sigset, 8, 02000000, 0);                          /* signalfd4 */
  sys5(360, 1, 1, 0, sv, 0);                                           /* socketpair AF_UNIX SOCK_STREAM */
  sys6(369, sv[0], (long)"ping", 4, 0x4000, 0, 0);                 /* sendto MSG_NOSIGNAL */
  sys6(371, sv[1], (long)buf, sizeof buf, 0x40, 0, 0);             /* recvfrom MSG_DONTWAIT */
  sys(367, sv[0], &addr, &addrlen);                                /* getsockname */
  static struct { unsigned len; int level, type, fd; } cmsg = {16, 1, 1, 0};
  static struct { void *name; unsigned namelen; void *iov; unsigned iovlen; void *control; unsigned controllen; int flags; }
      msg = {0, 0, wv, 2, &cmsg, 16, 0}, rmsg = {0, 0, rv, 2, &cmsg, 16, 0};
  static struct { unsigned len; int level, type, fd; } rcmsg;
  static int one = 1, optlen = 4;
  cmsg.fd = fds[0];
  sys(370, sv[0], &msg, 0);                                        /* sendmsg with SCM_RIGHTS */
  rmsg.control = &rcmsg;
  sys(372, sv[1], &rmsg, 0);                                       /* recvmsg */
  sys5(366, sv[0], 1, 9, &one, 4);                                 /* setsockopt SO_KEEPALIVE */
  sys5(365, sv[0], 1, 3, &one, &optlen);                           /* getsockopt SO_TYPE */
  static unsigned long callargs[3];
  callargs[0] = sv[0]; callargs[1] = (unsigned long)&msg; callargs[2] = 0;
  sys(102, 16, callargs, 0);                                       /* socketcall SYS_SENDMSG */
  callargs[1] = (unsigned long)&rmsg;
  callargs[0] = sv[1];
  sys(102, 17, callargs, 0);                                       /* socketcall SYS_RECVMSG */
  static unsigned long sendargs[4], recvargs[4];
  sendargs[0] = sv[0]; sendargs[1] = (unsigned long)"pong"; sendargs[2] = 4; sendargs[3] = 0x4000;
  sys(102, 9, sendargs, 0);                                        /* socketcall SYS_SEND: no syscall of its own */
  recvargs[0] = sv[1]; recvargs[1] = (unsigned long)buf; recvargs[2] = sizeof buf; recvargs[3] = 0x40;
  sys(102, 10, recvargs, 0);                                       /* socketcall SYS_RECV */
  sys(102, 10, recvargs, 0);                                       /* SYS_RECV failing: nothing left (EAGAIN) */
  sys(102, 99, callargs, 0);                                       /* socketcall, unknown call */
  sys(102, 1, 0x10, 0);                                            /* socketcall, unreadable arguments */
  static int dg[2];
  static struct { void *base; unsigned long len; } m1[1] = {{"one", 3}}, m2[1] = {{"three", 5}}, r1[1] = {{va, 4}}, r2[1] = {{vb, 8}};
  static struct { void *name; unsigned namelen; void *iov; unsigned iovlen; void *control; unsigned controllen; int flags; unsigned len; }
      mm[2] = {{0, 0, m1, 1, 0, 0, 0, 0}, {0, 0, m2, 1, 0, 0, 0, 0}}, rm[2] = {{0, 0, r1, 1, 0, 0, 0, 0}, {0, 0, r2, 1, 0, 0, 0, 0}};
  static struct { int sec, nsec; } mmwait = {0, 0};
  sys5(360, 1, 2, 0, dg, 0);                                       /* socketpair AF_UNIX SOCK_DGRAM */
  sys5(345, dg[0], mm, 2, 0, 0);                                   /* sendmmsg: two datagrams */
  sys5(337, dg[1], rm, 2, 0x40, &mmwait);                          /* recvmmsg MSG_DONTWAIT, 32-bit timeout */
  sys5(337, dg[1], rm, 2, 0x40, &mmwait);                          /* recvmmsg: EAGAIN */
  sys5(345, dg[0], mm, 1, 0, 0);
  static struct ts64 mmwait64 = {0, 0};
  sys5(417, dg[1], rm, 2, 0x40, &mmwait64);                        /* recvmmsg_time64 */
  sys5(345, dg[0], 0x10, 1, 0, 0);                                 /* sendmmsg: EFAULT */
  static struct { unsigned short family; char path[30]; } from;
  static struct { void *name; unsigned namelen; void *iov; unsigned iovlen; void *control; unsigned controllen; int flags; }
      named = {&from, sizeof from, r1, 1, 0, 0, 0};
  sys5(345, dg[0], mm, 1, 0, 0);
  sys(372, dg[1], &named, 0x40);                                   /* recvmsg: msg_namelen in => out */
  sys(372, dg[1], &named, 0x40);                                   /* recvmsg: EAGAIN, {msg_namelen=N} */
  sys(373, sv[0], 1, 0);                                           /* shutdown SHUT_WR */
  sys5(437, -100, "file", &how, sizeof how, 0);                    /* openat2 */
  sys5(229, "file", "user.none", buf, sizeof buf, 0);              /* getxattr: ENODATA */
  sys(278, "/nonexistent", 0, 0);                                  /* mq_unlink: ENOENT */

  /* more i386 layouts: 32-bit times, register pairs; native decoders of plain arguments */
  static int pipe2fds[2];
  static struct { short fd, pad; short events, revents; } pfd2;
  static struct { int actime, modtime; } ubuf = {1000000000, 1000000005};
  static struct { int sec, usec; } tvs[2] = {{1000000000, 5}, {1000000001, 0}}, badtv = {0, 2000000};
  static int itimer32[4] = {0, 0, 0, 0}, olditimer32[4], timerid;
  static unsigned ioprio_node;
  static struct { unsigned handle_bytes; int handle_type; } handle = {0, 0};
  static int mount_id;
  static char attr[56];
  static long long soff = 0;
  sys(34, 0, 0, 0);                                                /* nice(0) */
  sys(43, 0x10, 0, 0);                                             /* times: EFAULT */
  sys(25, 0x10, 0, 0);                                             /* stime: EFAULT */
  sys(30, "file", &ubuf, 0);                                       /* utime, 32-bit utimbuf */
  sys(30, "file", 0, 0);                                           /* utime(NULL): now */
  sys(271, "file", tvs, 0);                                        /* utimes, 32-bit timevals */
  sys5(299, -100, "file", tvs, 0, 0);                              /* futimesat */
  sys(79, &badtv, 0, 0);                                           /* settimeofday: EINVAL */
  sys(161, 0, 0x10, 0);                                            /* sched_rr_get_interval: EFAULT */
  sys(259, 1, 0, &timerid);                                        /* timer_create CLOCK_MONOTONIC */
  sys5(260, timerid, 0, itimer32, olditimer32, 0);                 /* timer_settime, 32-bit itimerspec */
  sys(261, timerid, olditimer32, 0);                               /* timer_gettime */
  sys(263, timerid, 0, 0);                                         /* timer_delete */
  static struct { int value, signo, notify, tid, pad[12]; } sev = {0x1234, 10, 0, 0, {0}};
  sys(259, 0, &sev, &timerid);                                     /* timer_create with a sigevent */
  sys(263, timerid, 0, 0);
  /* POSIX message queues, in an IPC namespace of their own: test cases run
   * in parallel, and the queue's name would collide across them. */
  sys(310, 0x08000000, 0, 0);                                      /* unshare CLONE_NEWIPC */
  static struct { long flags, maxmsg, msgsize, curmsgs, reserved[4]; } mqattr = {0, 2, 16, 0, {0}}, oldmqattr;
  static unsigned prio;
  long mq = sys5(277, "wiretap_compat", 02 | 0100 | 0200, 0600, &mqattr, 0); /* mq_open O_RDWR|O_CREAT|O_EXCL */
  sys5(279, mq, "hello", 5, 1, &ts0);                              /* mq_timedsend, 32-bit timeout */
  sys(282, mq, 0, &oldmqattr);                                     /* mq_getsetattr */
  sys5(280, mq, buf, 16, &prio, &ts0);                             /* mq_timedreceive */
  sys5(280, mq, buf, 16, &prio, &ts0);                             /* mq_timedreceive: ETIMEDOUT */
  sys(281, mq, &sev, 0);                                           /* mq_notify SIGEV_SIGNAL */
  sys(281, mq, 0, 0);                                              /* mq_notify(NULL) */
  sys(6, mq, 0, 0);
  sys(278, "wiretap_compat", 0, 0);                                /* mq_unlink */
  sys(331, pipe2fds, 04000, 0);                                    /* pipe2 */
  sys(4, pipe2fds[1], "x", 1);
  pfd2.fd = pipe2fds[0]; pfd2.events = 1;
  sys5(309, &pfd2, 1, &ts0, 0, 8);                                 /* ppoll, 32-bit timeout: ready, time left */
  sys5(309, &pfd2, 1, 0, &sigset, 8);                              /* ppoll, no timeout */
  sys6(315, pipe2fds[0], fds[1], 1, 0, 0, 0);                      /* tee */
  sys6(313, pipe2fds[0], 0, out, (long)&soff, 1, 0);               /* splice into the file at 0 */
  sys(124, 0x10, 0, 0);                                            /* adjtimex: EFAULT */
  sys(343, 0, 0x10, 0);                                            /* clock_adjtime: EFAULT */
  sys6(314, out, 1, 0, 2, 0, 2);                                   /* sync_file_range SYNC_FILE_RANGE_WRITE */
  sys6(314, out, -1, -1, 2, 0, 2);                                 /* sync_file_range at -1: EINVAL */
  long fan = sys(338, 0, 0, 0);                                    /* fanotify_init */
  sys6(339, fan, 1, 2, 0, -100, (long)".");                        /* fanotify_mark FAN_MARK_ADD FAN_MODIFY */
  sys6(339, fan, 1, 2, 1, -100, (long)".");                        /* fanotify_mark, a high mask bit: EINVAL */
  sys(6, fan, 0, 0);
  sys5(253, 5, 1, buf, sizeof buf, 0);                             /* lookup_dcookie, a 64-bit cookie */
  sys(22, "/nonexistent", 0, 0);                                   /* umount: ENOENT */
  sys(52, "/nonexistent", 2, 0);                                   /* umount2 MNT_DETACH: ENOENT */
  sys5(226, "file", "user.wt", "v", 1, 0);                         /* setxattr */
  sys5(228, in, "user.wt", "w", 1, 1);                             /* fsetxattr XATTR_CREATE */
  sys(232, "file", buf, sizeof buf);                               /* listxattr */
  sys(234, in, 0, 0);                                              /* flistxattr(NULL, 0) */
  sys(235, "file", "user.wt", 0);                                  /* removexattr */
  sys(237, in, "user.wt", 0);                                      /* fremovexattr */
  sys(14, "fifo", 0010644, 0);                                     /* mknod S_IFIFO */
  sys5(297, -100, "fifo", 0010644, 0, 0);                          /* mknodat: EEXIST */
  sys(10, "fifo", 0, 0);
  long ino = sys(332, 04000, 0, 0);                                /* inotify_init1 IN_NONBLOCK */
  long watch = sys(292, ino, ".", 2);                              /* inotify_add_watch IN_MODIFY */
  sys(293, ino, watch, 0);                                         /* inotify_rm_watch */
  sys(6, ino, 0, 0);
  long memfd = sys(356, "compat", 1, 0);                           /* memfd_create MFD_CLOEXEC */
  sys(6, memfd, 0, 0);
  sys5(341, -100, "file", &handle, &mount_id, 0);                  /* name_to_handle_at: EOVERFLOW */
  sys(290, 1, 0, 0);                                               /* ioprio_get IOPRIO_WHO_PROCESS */
  sys(318, 0, &ioprio_node, 0);                                    /* getcpu(NULL, &node, NULL) */
  sys(436, 1000, 1010, 0);                                         /* close_range */
  sys(136, 0xffffffff, 0, 0);                                      /* personality query */
  sys5(352, 0, attr, sizeof attr, 0, 0);                           /* sched_getattr */
  sys(344, out, 0, 0);                                             /* syncfs */
  sys(310, 0, 0, 0);                                               /* unshare(0) */
  sys(115, "/nonexistent", 0, 0);                                  /* swapoff: ENOENT */
  sys(129, "wiretap_none", 04000, 0);                              /* delete_module: ENOENT */
  sys(103, 10, 0, 0);                                              /* syslog SYSLOG_ACTION_SIZE_BUFFER */
  long fsfd = sys(430, "tmpfs", 1, 0);                             /* fsopen FSOPEN_CLOEXEC */
  sys(6, fsfd, 0, 0);
  sys5(287, "user", "wiretap:none", 0, 0, 0);                      /* request_key: ENOKEY */
  sys5(288, 20, 0x7fffffff, wv, 2, 0);                              /* keyctl KEYCTL_INSTANTIATE_IOV: i386's iovecs */
  sys5(21, "none", "/nonexistent", "tmpfs", 0, "size=1m");         /* mount: ENOENT */
  sys(350, -1, "", 0);                                             /* finit_module: EBADF */
  /* NUMA policy, robust list, iovec calls, execveat */
  static unsigned nodes[2], onenode[2] = {1, 0};
  static int policy;
  static void *pages[1];
  static int pagestatus[1];
  static unsigned robust_head, robust_len;
  static struct { void *base; unsigned long len; } spliced[1] = {{"zz", 2}}, ranges[1] = {{(void *)0x20030000, 4096}};
  long numa = sys6(192, 0x20030000, 4096, 3, 0x32, -1, 0);         /* mmap2 */
  *(volatile char *)numa = 1;
  pages[0] = (void *)numa;
  sys5(275, &policy, nodes, 64, 0, 0);                             /* get_mempolicy: MPOL_DEFAULT, two 32-bit words */
  sys5(275, &policy, nodes, 64, 0x20030000, 0x3);                  /* get_mempolicy MPOL_F_NODE|MPOL_F_ADDR */
  sys(276, 0, 0, 0);                                               /* set_mempolicy MPOL_DEFAULT */
  sys6(274, 0x20030000, 4096, 1, (long)onenode, 33, 0);            /* mbind MPOL_PREFERRED, node 0 */
  sys(294, 0, 64, onenode);                                        /* migrate_pages(0, 64, [1], NULL): EFAULT */
  sys6(317, 0, 1, (long)pages, 0, (long)pagestatus, 0);            /* move_pages: where the page is */
  sys(312, 0, &robust_head, &robust_len);                          /* get_robust_list */
  sys(312, 0, 0x10, &robust_len);                                  /* get_robust_list: EFAULT */
  sys5(316, pipe2fds[1], spliced, 1, 0, 0);                        /* vmsplice */
  sys5(440, -1, ranges, 1, 20, 0);                                 /* process_madvise MADV_COLD: EBADF */
  sys5(358, -100, "/nonexistent", argv, envp, 0);                  /* execveat: ENOENT */
  sys5(358, -100, "", argv, envp, 0x1000);                         /* execveat AT_EMPTY_PATH: ENOENT */
  /* System V IPC through ipc(2), in a new IPC namespace (ids the same from run to run) */
  static struct { unsigned short num; short op, flg; } sops[1] = {{0, 1, 0x1000}};
  static struct { int sec, nsec; } semts = {0, 0};
  static struct { int mtype; char text[8]; } msgout = {7, "hello"}, msgin;
  static unsigned long rcvpair[2], attached, semunptr = 0x1234;
  sys(310, 0x08000000, 0, 0);                                      /* unshare CLONE_NEWIPC */
  long semid = sys6(117, 2, 0, 1, 01600, 0, 0);                    /* ipc SEMGET IPC_CREAT|0600 */
  sys6(117, 1, semid, 1, 0, (long)sops, 0);                        /* ipc SEMOP */
  sys6(117, 4, semid, 1, 0, (long)sops, (long)&semts);             /* ipc SEMTIMEDOP */
  static int ipcbuf[40];
  static struct { int key, uid, gid, cuid, cgid; unsigned short mode, pad1, seq, pad2; unsigned long u1, u2;
                  unsigned long rest[16]; } ipcset = {0, 0, 0, 0, 0, 0640, 0, 0, 0, 0, 0, {0}};
  static unsigned long ipcbufptr = (unsigned long)ipcbuf, ipcsetptr = (unsigned long)&ipcset;
  sys6(117, 3, semid, 0, 0x103, (long)&ipcbufptr, 0);              /* ipc SEMCTL IPC_64|IPC_INFO */
  sys6(117, 3, semid, 0, 0x113, (long)&ipcbufptr, 0);              /* ipc SEMCTL IPC_64|SEM_INFO */
  sys6(117, 3, semid, 0, 0x101, (long)&ipcsetptr, 0);              /* ipc SEMCTL IPC_64|IPC_SET */
  sys5(394, semid, 0, 0x103, ipcbuf, 0);                           /* semctl IPC_64|IPC_INFO */
  sys5(394, semid, 0, 0x101, &ipcset, 0);                          /* semctl IPC_64|IPC_SET */
  sys5(394, semid, 0, 0x100 | 12, 0, 0);                           /* semctl IPC_64|GETALL(NULL): EFAULT */
  sys6(117, 3, semid, 0, 0x100, (long)&semunptr, 0);               /* ipc SEMCTL IPC_64|IPC_RMID */
  sys6(117, 3, semid, 0, 0x100, 0x10, 0);                          /* ipc SEMCTL, unreadable semun: EFAULT */
  long msqid = sys6(117, 13, 0, 01600, 0, 0, 0);                   /* ipc MSGGET */
  sys6(117, 11, msqid, 5, 0, (long)&msgout, 0);                    /* ipc MSGSND */
  rcvpair[0] = (unsigned long)&msgin;
  sys6(117, 12, msqid, 8, 04000, (long)rcvpair, 0);                /* ipc MSGRCV, the old form */
  sys6(117, 11, msqid, 5, 04000, (long)&msgout, 0);                /* ipc MSGSND IPC_NOWAIT */
  sys6(117, (1 << 16) | 12, msqid, 8, 04000, (long)&msgin, 7);     /* ipc MSGRCV version 1 */
  sys6(117, 12, msqid, 8, 04000, (long)rcvpair, 0);                /* ipc MSGRCV: ENOMSG */
  sys6(117, 12, msqid, 8, 04000, 0x10, 0);                         /* ipc MSGRCV, unreadable pair: EFAULT */
  sys5(400, msqid, &msgout, 5, 0, 0);                              /* msgsnd */
  sys5(401, msqid, &msgin, 8, -7, 04000);                          /* msgrcv, type <= 7 */
  sys6(117, 14, msqid, 0x103, 0, (long)ipcbuf, 0);                 /* ipc MSGCTL IPC_64|IPC_INFO */
  sys6(117, 14, msqid, 0x101, 0, (long)&ipcset, 0);                /* ipc MSGCTL IPC_64|IPC_SET: EINVAL (qbytes 0)? */
  sys(402, msqid, 0x10c, ipcbuf);                                  /* msgctl IPC_64|MSG_INFO */
  sys6(117, 14, msqid, 0x100, 0, 0, 0);                            /* ipc MSGCTL IPC_64|IPC_RMID */
  long shmid = sys6(117, 23, 0, 4096, 01600, 0, 0);                /* ipc SHMGET */
  sys6(117, 21, shmid, 0, (long)&attached, 0x20040000, 0);         /* ipc SHMAT */
  sys6(117, 21, shmid, 0x1000, (long)&attached, 0x20050000, 0);    /* ipc SHMAT SHM_RDONLY */
  sys6(117, 22, 0, 0, 0, 0x20040000, 0);                           /* ipc SHMDT */
  sys6(117, 22, 0, 0, 0, 0x20050000, 0);
  sys6(117, 24, shmid, 0x103, 0, (long)ipcbuf, 0);                 /* ipc SHMCTL IPC_64|IPC_INFO */
  sys6(117, 24, shmid, 0x10e, 0, (long)ipcbuf, 0);                 /* ipc SHMCTL IPC_64|SHM_INFO */
  sys6(117, 24, shmid, 0x101, 0, (long)&ipcset, 0);                /* ipc SHMCTL IPC_64|IPC_SET */
  sys(396, shmid, 0x10e, ipcbuf);                                  /* shmctl IPC_64|SHM_INFO */
  sys(396, shmid, 0x101, &ipcset);                                 /* shmctl IPC_64|IPC_SET */
  sys6(117, 24, shmid, 0x100, 0, 0, 0);                            /* ipc SHMCTL IPC_64|IPC_RMID */
  sys6(117, 99, 1, 2, 3, 4, 5);                                    /* ipc, unknown call: ENOSYS */
  sys6(117, (2 << 16) | 98, 1, 2, 3, 4, 5);                        /* ipc, unknown call and version */
  /* A SIGALRM handled with each frame: rt_sigreturn and sigreturn read their masks */
  static struct { unsigned long handler, flags, restorer; unsigned long long mask; } __attribute__((packed))
      rtalarm = {0, 0x04000004, 0, 1ULL << 9};                      /* SA_RESTORER|SA_SIGINFO, mask [USR1] */
  static struct { unsigned long handler, mask, flags, restorer; } oldalarm = {0, 1 << 11, 0x04000000, 0};
  static unsigned long long alrm = 1ULL << 13, none = 0;
  static int alarm_in[4] = {0, 0, 0, 20000};
  rtalarm.handler = (unsigned long)on_alarm; rtalarm.restorer = (unsigned long)restore_rt;
  oldalarm.handler = (unsigned long)on_alarm; oldalarm.restorer = (unsigned long)restore_old;
  sys5(175, 0, (long)&alrm, 0, 8, 0);                              /* rt_sigprocmask SIG_BLOCK [ALRM] */
  sys5(174, 14, &rtalarm, 0, 8, 0);                                /* rt_sigaction SIGALRM, SA_SIGINFO */
  sys(104, 0, alarm_in, 0);                                        /* setitimer ITIMER_REAL 20 ms */
  sys(179, &none, 8, 0);                                           /* rt_sigsuspend([]): the handler, rt_sigreturn */
  sys(67, 14, &oldalarm, 0);                                       /* sigaction SIGALRM, no SA_SIGINFO */
  sys(104, 0, alarm_in, 0);
  sys(179, &none, 8, 0);                                           /* rt_sigsuspend([]): the handler, sigreturn */
  /* seccomp with i386's sock_fprog {u16 len; 4-byte filter}: an allow-all filter */
  static unsigned short allow_all[4] = {0x06, 0, 0, 0x7fff};       /* BPF_RET|BPF_K SECCOMP_RET_ALLOW */
  static struct { unsigned short len; unsigned long filter; } fprog = {1, 0};
  fprog.filter = (unsigned long)allow_all;
  sys6(172, 38, 1, 0, 0, 0, 0);                                    /* prctl PR_SET_NO_NEW_PRIVS */
  sys(354, 1, 0, &fprog);                                          /* seccomp SECCOMP_SET_MODE_FILTER */
  /* kexec_load with i386's 16-byte segments; an unknown flag (0x80) makes it EINVAL before anything loads */
  static unsigned long segments[8] = {0x1000, 16, 0x100000, 4096, 0x2000, 32, 0x200000, 8192};
  sys5(283, 0x100000, 2, segments, 0x80, 0);                        /* kexec_load */
  /* futex: an unknown op whose low bits are FUTEX_WAIT still has a 32-bit timeout */
  static int futex_timeout[2] = {1, 2};
  sys5(240, &word, 0x10000000, 5, futex_timeout, 0);                /* futex: ENOSYS */
  sys(10, "file", 0, 0);                                           /* unlink */
  sys(10, "copy", 0, 0);
  sys(252, 0, 0, 0);                                               /* exit_group */
  for (;;) {}
}
