// Raises SIGUSR1 and sigqueue()s SIGRTMIN+2 (value 42) to itself with handlers installed; prints "rt=N"
// (N = that signal's number) and exits 0 only if both handlers ran (with the queued value).
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, rt, rtValue;

static void onUsr1(int sig) { usr1 = sig == SIGUSR1; }
static void onRealtime(int sig, siginfo_t *info, void *context) {
    (void)context;
    rt = sig == SIGRTMIN + 2;
    rtValue = info->si_value.sival_int;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = onUsr1;
    if (sigaction(SIGUSR1, &sa, 0) != 0) return 2;
    sa.sa_sigaction = onRealtime;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGRTMIN + 2, &sa, 0) != 0) return 2;
    printf("rt=%d\n", SIGRTMIN + 2);
    fflush(stdout);
    raise(SIGUSR1);
    union sigval value = { .sival_int = 42 };
    if (sigqueue(getpid(), SIGRTMIN + 2, value) != 0) return 2;
    return usr1 && rt && rtValue == 42 ? 0 : 1;
}
