// A non-leader thread execs /bin/true while the main thread sits in pause(); exits 3 if execve fails.
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

extern char **environ;

static void *worker(void *arg) {
    (void)arg;
    usleep(20000);  // let the main thread get into pause()
    char *argv[] = { "true", 0 };
    execve("/bin/true", argv, environ);
    exit(3);
}

int main(void) {
    pthread_t thread;
    if (pthread_create(&thread, 0, worker, 0) != 0) return 2;
    for (;;) pause();
}
