// Process trees for TreeTests.
//   tree_forks fifty: starts 2 threads, then forks 50 children one after
//     the other; every 10th forks a grandchild (which exits 0); child i
//     exits with i % 4. Reaps them all and exits 0.
//   tree_forks kill: forks a child that kills itself with SIGKILL; exits 0.
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) { return arg; }

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "kill") == 0) {
        pid_t pid = fork();
        if (pid == 0) {
            kill(getpid(), SIGKILL);
            _exit(1);
        }
        int status;
        waitpid(pid, &status, 0);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : 2;
    }
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) pthread_create(&threads[i], NULL, idle, NULL);
    for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < 50; i++) {
        pid_t pid = fork();
        if (pid < 0) return 2;
        if (pid == 0) {
            if (i % 10 == 0) {
                pid_t grandchild = fork();
                if (grandchild == 0) _exit(0);
                waitpid(grandchild, NULL, 0);
            }
            _exit(i % 4);
        }
        waitpid(pid, NULL, 0);  // one at a time: start order is fork order
    }
    return 0;
}
