// Forks a child with two threads, one blocked in read(2) on a pipe, the
// other (the leader) in pause(2); writes the child's pid to stdout, kills
// it with SIGKILL after 100 ms and reaps it. Exits 0 if it died of SIGKILL.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg) {
    (void)arg;
    char byte;
    (void)read(fds[0], &byte, 1);
    return 0;
}

int main(void) {
    if (pipe(fds) != 0) return 2;
    pid_t pid = fork();
    if (pid < 0) return 2;
    if (pid == 0) {
        pthread_t thread;
        if (pthread_create(&thread, 0, reader, 0) != 0) _exit(2);
        for (;;) pause();
    }
    printf("%d\n", (int)pid);
    fflush(stdout);
    struct timespec t = {0, 100 * 1000 * 1000};
    nanosleep(&t, 0);
    kill(pid, SIGKILL);
    int status;
    if (waitpid(pid, &status, 0) != pid) return 1;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : 1;
}
