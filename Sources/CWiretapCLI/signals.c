// The command line's signal policy (strace's -I): which signals stop the
// tracer, and dying the way a traced command died. Not part of the library.
#define _GNU_SOURCE
#include "CWiretapCLI.h"
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig, siginfo_t *info, void *context) {
    (void)context;
    // The SIGPIPE the kernel sends a process that writes to a pipe nobody
    // reads comes as SI_USER from the writer itself: that is the trace
    // output's reader going away, which the failed write (EPIPE) reports.
    // Tracing goes on; only a SIGPIPE sent by someone else is a request to stop.
    if (sig == SIGPIPE && info != NULL && info->si_code == SI_USER && info->si_pid == getpid()) return;
    if (stop_signal == 0) stop_signal = sig;
    // A signal that lands between the tracer's check and its waitpid would be
    // lost; a repeating timer interrupts the wait until the request is seen.
    struct itimerval every = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &every, NULL);
}

static void on_alarm(int sig) { (void)sig; }

int wt_install_stop_handlers(void) { return wt_install_interrupt_handlers(0); }

int wt_install_interrupt_handlers(int mode) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    if (mode != 0) {
        if (sigaction(SIGTTOU, &sa, NULL) != 0 || sigaction(SIGTTIN, &sa, NULL) != 0) return -1;
        if (mode == 4 && sigaction(SIGTSTP, &sa, NULL) != 0) return -1;
    }
    if (mode == 0 || mode == 2) {
        sa.sa_sigaction = on_stop_signal;  // no SA_RESTART: waitpid must return EINTR
        sa.sa_flags = SA_SIGINFO;
    }
    int stops[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
    if (mode != 1)
        for (unsigned i = 0; i < sizeof stops / sizeof stops[0]; i++)
            if (sigaction(stops[i], &sa, NULL) != 0) return -1;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sa.sa_handler = on_alarm;
    return sigaction(SIGALRM, &sa, NULL);
}

int wt_stop_requested(void) { return stop_signal; }

void wt_stop_acknowledged(void) {
    struct itimerval off;
    memset(&off, 0, sizeof off);
    setitimer(ITIMER_REAL, &off, NULL);
}

void wt_die_by_signal(int sig) {
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), sig);
}


int wt_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
