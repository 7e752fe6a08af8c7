// The C side of Wiretap: only what Swift cannot call directly.
//
// - glibc's ptrace, prctl and syscall are variadic, which Swift refuses;
// - the W* wait-status macros and BPF/AUDIT constants do not import;
// - the child side of fork/exec must not run Swift code (a forked child of a
//   multi-threaded process may hang on a lock held by a vanished thread).
#ifndef CWIRETAP_H
#define CWIRETAP_H

// No _GNU_SOURCE here: it would change glibc's struct layouts (fd_set...)
// from what Swift's Glibc module sees, and the modules would clash.
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/personality.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <elf.h>
#include <sys/sysinfo.h>
#include <sys/xattr.h>

// MARK: ptrace and friends

static inline long wt_ptrace(int request, pid_t pid, void *addr, void *data) {
    return ptrace((enum __ptrace_request)request, pid, addr, data);
}

static inline long wt_ptrace_peek(int request, pid_t pid, uintptr_t addr, int *out_errno) {
    errno = 0;
    long word = ptrace((enum __ptrace_request)request, pid, (void *)addr, (void *)0);
    *out_errno = errno;
    return word;
}

ssize_t wt_process_vm_readv(pid_t pid, const struct iovec *local, unsigned long liovcnt,
                            const struct iovec *remote, unsigned long riovcnt);
ssize_t wt_process_vm_writev(pid_t pid, const struct iovec *local, unsigned long liovcnt,
                             const struct iovec *remote, unsigned long riovcnt);
int wt_tgkill(pid_t tgid, pid_t tid, int sig);
pid_t wt_gettid(void);
/// How many CPUs the calling thread may run on (sched_getaffinity needs
/// _GNU_SOURCE, which this header avoids); -1 with errno on failure.
int wt_allowed_cpu_count(void);

// The request numbers as plain ints, so Swift need not know glibc's enum.
static const int WT_PTRACE_TRACEME = PTRACE_TRACEME;
static const int WT_PTRACE_PEEKDATA = PTRACE_PEEKDATA;
static const int WT_PTRACE_POKEDATA = PTRACE_POKEDATA;
static const int WT_PTRACE_PEEKUSER = PTRACE_PEEKUSER;
static const int WT_PTRACE_POKEUSER = PTRACE_POKEUSER;
#if defined(__x86_64__)
#include <stddef.h>
#include <sys/user.h>
/// Where the debug registers DR0-DR7 sit in `struct user` (PTRACE_PEEKUSER/POKEUSER offsets).
static const int WT_USER_DEBUGREG_OFFSET = (int)offsetof(struct user, u_debugreg);
#endif
static const int WT_PTRACE_CONT = PTRACE_CONT;
static const int WT_PTRACE_KILL = PTRACE_KILL;
static const int WT_PTRACE_SINGLESTEP = PTRACE_SINGLESTEP;
static const int WT_PTRACE_SYSCALL = PTRACE_SYSCALL;
static const int WT_PTRACE_DETACH = PTRACE_DETACH;
static const int WT_PTRACE_SETOPTIONS = PTRACE_SETOPTIONS;
static const int WT_PTRACE_GETEVENTMSG = PTRACE_GETEVENTMSG;
static const int WT_PTRACE_GETSIGINFO = PTRACE_GETSIGINFO;
static const int WT_PTRACE_GETREGSET = PTRACE_GETREGSET;
static const int WT_PTRACE_SETREGSET = PTRACE_SETREGSET;
static const int WT_PTRACE_SEIZE = PTRACE_SEIZE;
static const int WT_PTRACE_INTERRUPT = PTRACE_INTERRUPT;
static const int WT_PTRACE_LISTEN = PTRACE_LISTEN;
static const int WT_PTRACE_GET_SYSCALL_INFO = PTRACE_GET_SYSCALL_INFO;

static const int WT_NT_PRSTATUS = NT_PRSTATUS;
static const uint8_t WT_SYSCALL_INFO_NONE = PTRACE_SYSCALL_INFO_NONE;
static const uint8_t WT_SYSCALL_INFO_ENTRY = PTRACE_SYSCALL_INFO_ENTRY;
static const uint8_t WT_SYSCALL_INFO_EXIT = PTRACE_SYSCALL_INFO_EXIT;
static const uint8_t WT_SYSCALL_INFO_SECCOMP = PTRACE_SYSCALL_INFO_SECCOMP;

extern char **environ;
static inline char **wt_environ(void) { return environ; }

/// personality(2) (not exported to Swift by Glibc): the debugger sets
/// ADDR_NO_RANDOMIZE on the tracer thread around a spawn.
static inline int wt_personality(unsigned long persona) { return personality(persona); }
static inline unsigned long wt_addr_no_randomize(void) { return ADDR_NO_RANDOMIZE; }

// MARK: wait status

static inline int wt_wifexited(int s) { return WIFEXITED(s); }
static inline int wt_wexitstatus(int s) { return WEXITSTATUS(s); }
static inline int wt_wifsignaled(int s) { return WIFSIGNALED(s); }
static inline int wt_wtermsig(int s) { return WTERMSIG(s); }
static inline int wt_wcoredump(int s) { return WCOREDUMP(s); }
static inline int wt_wifstopped(int s) { return WIFSTOPPED(s); }
static inline int wt_wstopsig(int s) { return WSTOPSIG(s); }
static const int WT_WALL = __WALL;
static const int WT_WNOTHREAD = __WNOTHREAD;

// MARK: seccomp

static const uint32_t WT_AUDIT_ARCH_X86_64 = 0xC000003EU;
static const uint32_t WT_AUDIT_ARCH_I386 = 0x40000003U;
static const uint32_t WT_AUDIT_ARCH_AARCH64 = 0xC00000B7U;
static const uint32_t WT_AUDIT_ARCH_ARM = 0x40000028U;

static const uint16_t WT_BPF_LD_W_ABS = BPF_LD | BPF_W | BPF_ABS;
static const uint16_t WT_BPF_JEQ_K = BPF_JMP | BPF_JEQ | BPF_K;
static const uint16_t WT_BPF_JGE_K = BPF_JMP | BPF_JGE | BPF_K;
static const uint16_t WT_BPF_RET_K = BPF_RET | BPF_K;
/// From linux/seccomp.h (taken when shim.c is compiled).
extern const uint32_t wt_SECCOMP_RET_TRACE, wt_SECCOMP_RET_ALLOW;
/// `struct sysinfo` under a name Swift does not confuse with the function.
typedef struct sysinfo wt_sysinfo;
/// ioctl requests defined with _IOW() in <linux/fs.h>, which Swift cannot import.
extern const uint32_t wt_FICLONE, wt_FICLONERANGE;
extern const uint32_t wt_SECCOMP_DATA_NR, wt_SECCOMP_DATA_ARCH;

// MARK: spawning

/// Who the spawned command runs as (strace's -u): applied in the child just
/// before execve, supplementary groups first.
struct wt_credentials {
    uid_t uid;
    gid_t gid;
    int group_count;
    const gid_t *groups;
};

/// Forks a child that waits for the parent's go-ahead byte on a pipe, then
/// (optionally) installs a seccomp filter, changes directory, and execs `path`.
///
/// On success returns the child's pid, stores the write end of the go-ahead
/// pipe in `*go_fd` and the read end of the exec-error pipe in `*error_fd`.
/// If the exec fails, the child writes its errno (an int) to the error pipe
/// and exits with status 127. A parent that closes `go_fd` without writing
/// makes the child exit with status 127 without exec'ing.
/// On failure returns -1 with errno set; nothing is left behind.
pid_t wt_spawn_stopped(const char *path, char *const argv[], char *const envp[],
                       const struct sock_filter *filter, unsigned short filter_len,
                       const struct wt_credentials *credentials,
                       int *go_fd, int *error_fd);

/// strace's -D: the calling process forks; the child forks the tracer and
/// waits. Returns in the tracer (the grandchild) the pid of the calling
/// process, which becomes the command: it waits for the middle process to be
/// killed (SIGKILL, by the tracer once attached), then applies `filter` and
/// `credentials` and execs; if the middle process exits otherwise (the
/// tracer closed `*release_fd` or died first) it exits with status 1
/// without exec'ing. An exec failure prints `wiretap: exec: ERROR` to stderr
/// and exits with status 1, as strace does.
/// `mode` 2 puts the tracer in a new process group, 3 in a new session
/// (returns -2 or -3 if that fails). Returns -1 with errno if the first fork
/// fails; never returns in the calling process otherwise.
pid_t wt_daemonize_spawn(const char *path, char *const argv[], char *const envp[],
                         const struct sock_filter *filter, unsigned short filter_len,
                         const struct wt_credentials *credentials, int mode,
                         pid_t *middle_pid, int *release_fd);

// MARK: file operations for snapshots and undo

/// Makes `dst` share `src`'s extents (FICLONE) where the filesystem can.
int wt_clone_file(int dst, int src);
/// copy_file_range(2) without offsets.
ssize_t wt_copy_file_range(int src, int dst, size_t length);
/// renameat2(2).
int wt_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/// openat2(2) of `path` below `dirfd` refusing every symlink on the way
/// (RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS); -1 with errno ENOSYS
/// where the kernel has no openat2 (before 5.6).
int wt_openat_no_symlinks(int dirfd, const char *path, int flags);
/// chmod of the object `fd` refers to (an O_PATH descriptor will do), never
/// through a symlink: fchmodat2 with AT_EMPTY_PATH where the kernel has it
/// (6.6), else chmod of /proc/self/fd/N, which names that very inode.
int wt_fchmod_path_fd(int fd, mode_t mode);

/// Constants that need _GNU_SOURCE or kernel headers, taken from those
/// headers when shim.c is compiled.
extern const int wt_O_PATH, wt_O_TMPFILE, wt_AT_EMPTY_PATH, wt_AT_REMOVEDIR, wt_AT_FDCWD;
extern const int wt_AT_SYMLINK_NOFOLLOW, wt_AT_SYMLINK_FOLLOW;
extern const int wt_F_DUPFD, wt_F_DUPFD_CLOEXEC, wt_F_SETFD, wt_FD_CLOEXEC, wt_O_CLOEXEC;
extern const unsigned int wt_RENAME_EXCHANGE, wt_RENAME_NOREPLACE, wt_CLOSE_RANGE_CLOEXEC;
extern const unsigned long wt_CLONE_FILES, wt_CLONE_FS, wt_CLONE_THREAD, wt_CLONE_VFORK;
extern const int wt_MAP_SHARED, wt_PROT_WRITE;

/// A descriptor for process `pid` (pidfd_open(2)); -1 with errno on failure.
int wt_pidfd_open(pid_t pid);
/// Sends `sig` through a pidfd: never to a process that reused the pid.
int wt_pidfd_send_signal(int pidfd, int sig);
/// pipe2(fds, O_CLOEXEC): close-on-exec from the start, so no other thread's
/// spawn inherits it; -1 with errno on failure.
int wt_pipe_cloexec(int fds[2]);
/// posix_spawn_file_actions_addclosefrom_np: the child closes every
/// descriptor from `from` up (glibc declares it only under _GNU_SOURCE).
int wt_spawn_actions_close_from(posix_spawn_file_actions_t *actions, int from);

#endif
