// A tree of 50 processes: process i forks 2i+1 and 2i+2 (while < 50); each
// writes "INDEX PID PPID" (its own getpid and getppid) to stdout and waits
// for its children. Exits 0 if every child exited 0.
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define COUNT 50

int main(void) {
    int index = 0;
    for (;;) {
        pid_t children[2] = {0, 0};
        int forked = 0;
        for (int k = 1; k <= 2; k++) {
            int child = 2 * index + k;
            if (child >= COUNT) break;
            pid_t pid = fork();
            if (pid < 0) return 2;
            if (pid == 0) {
                index = child;
                forked = -1;
                break;
            }
            children[forked++] = pid;
        }
        if (forked == -1) continue;  // the child: build its own subtree
        char line[64];
        int n = snprintf(line, sizeof line, "%d %d %d\n", index, (int)getpid(), (int)getppid());
        if (write(1, line, n) != n) return 3;
        int failures = 0;
        for (int k = 0; k < forked; k++) {
            int status;
            if (waitpid(children[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failures++;
        }
        return failures ? 1 : 0;
    }
}
