// A forked child raise(SIGSTOP)s; the parent waits for the stop (WUNTRACED, ~3 s at most), sleeps 50 ms,
// SIGCONTs it and waits for its exit. Exits 0 if the child was seen stopped and then exited 0.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    pid_t child = fork();
    if (child < 0) return 2;
    if (child == 0) {
        raise(SIGSTOP);
        _exit(0);
    }
    int status = 0, stopped = 0;
    for (int i = 0; i < 3000 && !stopped; i++) {
        pid_t r = waitpid(child, &status, WUNTRACED | WNOHANG);
        if (r == child && WIFSTOPPED(status)) stopped = 1;
        else if (r == child) return 4;  // it ended without stopping
        else usleep(1000);
    }
    usleep(50000);
    kill(child, SIGCONT);
    if (waitpid(child, &status, 0) != child) return 3;
    if (!stopped) return 5;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
