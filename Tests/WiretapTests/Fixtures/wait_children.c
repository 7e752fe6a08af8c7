// Forks 3 children exiting with 1, 2 and 3 and waits for each; exits 0 only if every status was right.
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t children[3];
    for (int i = 0; i < 3; i++) {
        children[i] = fork();
        if (children[i] < 0) return 2;
        if (children[i] == 0) _exit(i + 1);
    }
    int ok = 1;
    for (int i = 0; i < 3; i++) {
        int status;
        if (waitpid(children[i], &status, 0) != children[i] || !WIFEXITED(status) || WEXITSTATUS(status) != i + 1)
            ok = 0;
    }
    return ok ? 0 : 1;
}
