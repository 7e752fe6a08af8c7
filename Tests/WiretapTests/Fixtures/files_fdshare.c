// wiretap files: descriptor tables copied on fork, shared by threads.
// The test creates sub/ and sub2/.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(int ok, const char *what) {
    if (!ok) { perror(what); exit(2); }
}

static void make(int dirfd, const char *name) {
    int fd = openat(dirfd, name, O_CREAT | O_WRONLY, 0644);
    check(fd >= 0, name);
    check(write(fd, "1", 1) == 1, name);
    close(fd);
}

static int thread_fd = -1;

static void *thread_main(void *arg) {
    (void)arg;
    thread_fd = open("sub2", O_RDONLY | O_DIRECTORY);
    check(thread_fd >= 0, "thread open sub2");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    check(chdir(argv[1]) == 0, "chdir");
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    check(dfd >= 0, "open sub");

    pid_t child = fork();
    check(child >= 0, "fork");
    if (child == 0) {
        make(dfd, "from_child");                        // sub/from_child: inherited descriptor
        // The child's table is its own: make the same number name sub2.
        int other = open("sub2", O_RDONLY | O_DIRECTORY);
        if (other < 0 || dup2(other, dfd) != dfd) _exit(3);
        close(other);
        make(dfd, "child_after_dup2");                  // sub2/child_after_dup2
        _exit(0);
    }
    int status = 0;
    check(waitpid(child, &status, 0) == child, "waitpid");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status");
    make(dfd, "parent_after_child");                    // sub/parent_after_child

    // A descriptor a thread opened is the whole process's.
    pthread_t thread;
    check(pthread_create(&thread, NULL, thread_main, NULL) == 0, "pthread_create");
    check(pthread_join(thread, NULL) == 0, "pthread_join");
    make(thread_fd, "via_thread_fd");                   // sub2/via_thread_fd

    // Closing and reopening reuses the number for another directory.
    close(dfd);
    int again = open(".", O_RDONLY | O_DIRECTORY);
    check(again >= 0, "open .");
    make(again, "top");                                  // top
    return 0;
}
