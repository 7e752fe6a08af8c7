// vfork()s a child that execs /bin/true, waits for it; exits 0 if it exited 0.
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t child = vfork();
    if (child < 0) return 2;
    if (child == 0) {
        execl("/bin/true", "true", (char *)0);
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) != child) return 3;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
