// Forks 100 children, each of which makes a syscall at once and exits;
// then reaps them all. Exits 0 if every child exited with 0.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 100; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            syscall(SYS_getppid);
            _exit(0);
        }
        if (pid < 0) return 2;
    }
    int status, failures = 0;
    while (wait(&status) > 0) failures += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return failures ? 1 : 0;
}
