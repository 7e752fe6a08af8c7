// The physical limit of a ptrace syscall tracer: per stop it does exactly
// waitpid + PTRACE_GET_SYSCALL_INFO + PTRACE_SYSCALL, and prints nothing.
// Follows forks, vforks and clones. Usage: minitracer [--poll] CMD [ARGS...]
//
// --poll polls with WNOHANG for an adaptive window (grown from 20 us up to
// 200 us while stops come quickly, halved while they do not) before
// blocking: the limit of a tracer that polls, to compare Wiretap's default
// against (its waiter, Engine/StopWaiter.swift, also sizes the window from
// measured stop latency and probes blocking). Without it, the limit of a
// tracer that sleeps in waitpid at every stop.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

enum { INITIAL_WINDOW = 20000, MAXIMUM_WINDOW = 200000 };

static pid_t next_stop(int poll, int *status) {
    static long long window;
    if (!poll) return waitpid(-1, status, __WALL);
    long long start = now_ns();
    if (window > 0) {
        do {
            pid_t pid = waitpid(-1, status, __WALL | WNOHANG);
            if (pid != 0) return pid;
        } while (now_ns() < start + window);
    }
    pid_t pid = waitpid(-1, status, __WALL);
    if (pid > 0) {
        if (now_ns() - start <= MAXIMUM_WINDOW) {
            window = window == 0 ? INITIAL_WINDOW : (window * 2 > MAXIMUM_WINDOW ? MAXIMUM_WINDOW : window * 2);
        } else {
            window /= 2;
            if (window < INITIAL_WINDOW) window = 0;
        }
    }
    return pid;
}

int main(int argc, char **argv) {
    int poll = argc > 1 && strcmp(argv[1], "--poll") == 0;
    argv += poll;
    argc -= poll;
    if (argc < 2) { fprintf(stderr, "usage: minitracer [--poll] CMD [ARGS...]\n"); return 2; }
    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
           PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
    ptrace(PTRACE_SYSCALL, child, 0, 0);
    struct __ptrace_syscall_info info;
    int code = 0, live = 1;
    while (live > 0) {
        pid_t pid = next_stop(poll, &status);
        if (pid < 0) { if (errno == EINTR) continue; break; }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (pid == child) code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            live--;
            continue;
        }
        int sig = WSTOPSIG(status), event = status >> 16, inject = 0;
        if (sig == (SIGTRAP | 0x80)) {
            ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
        } else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) {
            live++;
        } else if (event == 0 && sig != SIGSTOP && sig != SIGTRAP) {
            inject = sig;
        }
        ptrace(PTRACE_SYSCALL, pid, 0, inject);
    }
    return code;
}
