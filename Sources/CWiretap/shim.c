#define _GNU_SOURCE 1
#include "CWiretap.h"

#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <grp.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stddef.h>
#include <sched.h>
#include <sys/mman.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <sys/stat.h>

ssize_t wt_process_vm_readv(pid_t pid, const struct iovec *local, unsigned long liovcnt,
                            const struct iovec *remote, unsigned long riovcnt) {
    return syscall(SYS_process_vm_readv, pid, local, liovcnt, remote, riovcnt, 0UL);
}

ssize_t wt_process_vm_writev(pid_t pid, const struct iovec *local, unsigned long liovcnt,
                             const struct iovec *remote, unsigned long riovcnt) {
    return syscall(SYS_process_vm_writev, pid, local, liovcnt, remote, riovcnt, 0UL);
}

int wt_tgkill(pid_t tgid, pid_t tid, int sig) {
    return (int)syscall(SYS_tgkill, tgid, tid, sig);
}

pid_t wt_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int wt_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int wt_pidfd_send_signal(int pidfd, int sig) { return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0); }

int wt_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int wt_spawn_actions_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int wt_allowed_cpu_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

// The child side of a spawn: async-signal-safe calls only.
static void write_errno_and_exit(int fd, int err) {
    if (fd < 0) {
        // -D: the command is the original process, no one reads a pipe.
        char line[256];
        int n = snprintf(line, sizeof line, "wiretap: exec: %s\n", strerror(err));
        ssize_t unused = write(2, line, n > 0 ? (size_t)n : 0);
        (void)unused;
        _exit(1);
    }
    ssize_t unused = write(fd, &err, sizeof err);
    (void)unused;
    _exit(127);
}

// The last steps before execve, shared by both ways of starting a command:
// the seccomp filter, the credentials, execve; on failure the errno goes to
// `err_fd` and the process exits with status 127.
static void prepare_and_exec(const char *path, char *const argv[], char *const envp[],
                             const struct sock_filter *filter, unsigned short filter_len,
                             const struct wt_credentials *credentials, int err_fd) {
    if (filter != NULL && filter_len > 0) {
        struct sock_fprog prog = { .len = filter_len, .filter = (struct sock_filter *)filter };
        if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            write_errno_and_exit(err_fd, errno);
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
            write_errno_and_exit(err_fd, errno);
    }
    if (credentials != NULL) {
        if (setgroups((size_t)credentials->group_count, credentials->groups) != 0 ||
            setgid(credentials->gid) != 0 || setuid(credentials->uid) != 0)
            write_errno_and_exit(err_fd, errno);
    }
    execve(path, argv, envp);
    write_errno_and_exit(err_fd, errno);
}

pid_t wt_spawn_stopped(const char *path, char *const argv[], char *const envp[],
                       const struct sock_filter *filter, unsigned short filter_len,
                       const struct wt_credentials *credentials,
                       int *go_fd, int *error_fd) {
    int go[2], err[2];
    if (pipe2(go, O_CLOEXEC) != 0) return -1;
    if (pipe2(err, O_CLOEXEC) != 0) {
        int saved = errno;
        close(go[0]); close(go[1]);
        errno = saved;
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(go[0]); close(go[1]); close(err[0]); close(err[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(go[1]);
        close(err[0]);
        char byte;
        ssize_t n;
        do { n = read(go[0], &byte, 1); } while (n < 0 && errno == EINTR);
        if (n != 1) _exit(127);
        prepare_and_exec(path, argv, envp, filter, filter_len, credentials, err[1]);
    }
    close(go[0]);
    close(err[1]);
    *go_fd = go[1];
    *error_fd = err[0];
    return pid;
}

pid_t wt_daemonize_spawn(const char *path, char *const argv[], char *const envp[],
                         const struct sock_filter *filter, unsigned short filter_len,
                         const struct wt_credentials *credentials, int mode,
                         pid_t *middle_pid, int *release_fd) {
    int link[2];
    if (pipe2(link, O_CLOEXEC) != 0) return -1;
    pid_t original = getpid();
    // Yama (ptrace_scope 1) lets a process trace only its descendants unless told otherwise.
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
    pid_t middle = fork();
    if (middle < 0) {
        int saved = errno;
        close(link[0]); close(link[1]);
        errno = saved;
        return -1;
    }
    if (middle > 0) {
        // The original process: it becomes the command once the tracer has
        // attached, which it says by killing the middle process (SIGKILL). A
        // middle process that exits instead means the tracer gave up: no exec.
        close(link[0]);
        close(link[1]);
        int status = 0;
        while (waitpid(middle, &status, 0) < 0) {
            if (errno != EINTR) _exit(1);
        }
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) _exit(1);
        prctl(PR_SET_PTRACER, 0, 0, 0, 0);
        prepare_and_exec(path, argv, envp, filter, filter_len, credentials, -1);
    }
    // The middle process: waits until the tracer kills it, or exits when the
    // tracer's end of the pipe closes without that (it failed).
    pid_t tracer = fork();
    if (tracer < 0) _exit(1);
    if (tracer > 0) {
        close(link[1]);
        char byte;
        while (read(link[0], &byte, 1) < 0 && errno == EINTR) {}
        _exit(1);
    }
    // The tracer (grandchild).
    close(link[0]);
    if (mode == 2 && setpgid(0, 0) != 0) return -2;
    if (mode == 3 && setsid() < 0) return -3;
    *middle_pid = getppid();
    *release_fd = link[1];
    return original;
}

int wt_clone_file(int dst, int src) { return ioctl(dst, FICLONE, src); }


ssize_t wt_copy_file_range(int src, int dst, size_t length) {
    return copy_file_range(src, NULL, dst, NULL, length, 0);
}

int wt_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

int wt_openat_no_symlinks(int dirfd, const char *path, int flags) {
#ifdef SYS_openat2
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(unsigned)flags;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int wt_fchmod_path_fd(int fd, mode_t mode) {
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
    if (syscall(SYS_fchmodat2, fd, "", mode, AT_EMPTY_PATH) == 0) return 0;
    if (errno != ENOSYS && errno != EINVAL) return -1;
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    return chmod(name, mode);
}

const int wt_O_PATH = O_PATH, wt_O_TMPFILE = O_TMPFILE, wt_AT_EMPTY_PATH = AT_EMPTY_PATH;
const int wt_AT_REMOVEDIR = AT_REMOVEDIR, wt_AT_FDCWD = AT_FDCWD;
const int wt_AT_SYMLINK_NOFOLLOW = AT_SYMLINK_NOFOLLOW, wt_AT_SYMLINK_FOLLOW = AT_SYMLINK_FOLLOW;
const int wt_F_DUPFD = F_DUPFD, wt_F_DUPFD_CLOEXEC = F_DUPFD_CLOEXEC, wt_F_SETFD = F_SETFD;
const int wt_FD_CLOEXEC = FD_CLOEXEC, wt_O_CLOEXEC = O_CLOEXEC;
const unsigned int wt_RENAME_EXCHANGE = RENAME_EXCHANGE, wt_RENAME_NOREPLACE = RENAME_NOREPLACE;
const unsigned int wt_CLOSE_RANGE_CLOEXEC = CLOSE_RANGE_CLOEXEC;
const unsigned long wt_CLONE_FILES = CLONE_FILES, wt_CLONE_FS = CLONE_FS;
const unsigned long wt_CLONE_THREAD = CLONE_THREAD, wt_CLONE_VFORK = CLONE_VFORK;
const int wt_MAP_SHARED = MAP_SHARED, wt_PROT_WRITE = PROT_WRITE;

const uint32_t wt_SECCOMP_RET_TRACE = SECCOMP_RET_TRACE, wt_SECCOMP_RET_ALLOW = SECCOMP_RET_ALLOW;
const uint32_t wt_FICLONE = FICLONE, wt_FICLONERANGE = FICLONERANGE;
const uint32_t wt_SECCOMP_DATA_NR = offsetof(struct seccomp_data, nr);
const uint32_t wt_SECCOMP_DATA_ARCH = offsetof(struct seccomp_data, arch);
