// Three times: fork, exec /bin/true in the child, wait for it; exits 0 if every child exited 0.
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int failures = 0;
    for (int i = 0; i < 3; i++) {
        pid_t child = fork();
        if (child < 0) return 2;
        if (child == 0) {
            execl("/bin/true", "true", (char *)0);
            _exit(127);
        }
        int status;
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failures++;
    }
    return failures ? 1 : 0;
}
