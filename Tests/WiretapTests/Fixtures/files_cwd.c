// wiretap files: working directories per process (fork) and shared by threads.
// The test creates sub/ and sub/deeper/.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(int ok, const char *what) {
    if (!ok) { perror(what); exit(2); }
}

static void make(const char *name) {
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    check(fd >= 0, name);
    check(write(fd, "1", 1) == 1, name);
    close(fd);
}

static void *thread_main(void *arg) {
    (void)arg;
    check(chdir("deeper") == 0, "thread chdir deeper");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    check(chdir(argv[1]) == 0, "chdir");
    check(chdir("sub") == 0, "chdir sub");

    pid_t child = fork();
    check(child >= 0, "fork");
    if (child == 0) {
        if (chdir("..") != 0) _exit(3);
        make("from_child");                       // <dir>/from_child
        _exit(0);
    }
    int status = 0;
    check(waitpid(child, &status, 0) == child, "waitpid");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status");
    make("from_parent");                          // <dir>/sub/from_parent: the child's chdir is its own

    // A thread's chdir changes the working directory of the whole process.
    pthread_t thread;
    check(pthread_create(&thread, NULL, thread_main, NULL) == 0, "pthread_create");
    check(pthread_join(thread, NULL) == 0, "pthread_join");
    make("from_main_after_thread");               // <dir>/sub/deeper/from_main_after_thread

    int up = open("..", O_RDONLY | O_DIRECTORY);
    check(up >= 0, "open ..");
    check(fchdir(up) == 0, "fchdir");
    close(up);
    make("after_fchdir");                         // <dir>/sub/after_fchdir
    return 0;
}
