// wiretap files: fork + exec of /bin/sh -c 'echo hi > out.txt' in argv[1].
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 2; }
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", "echo hi > out.txt", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child) { perror("waitpid"); return 2; }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}
