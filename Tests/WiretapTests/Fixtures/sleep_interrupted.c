// A child sleeps 300 ms; its parent stops and continues it meanwhile, so the
// sleep is interrupted and resumed through restart_syscall.
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
int main(void) {
    pid_t p = fork();
    if (p == 0) { struct timespec t = {0, 300000000}; nanosleep(&t, 0); _exit(0); }
    usleep(100000); kill(p, SIGSTOP); usleep(50000); kill(p, SIGCONT);
    int s; wait(&s); return 0;
}
