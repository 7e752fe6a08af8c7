// T threads (argv[1], default 4) each making N cheap syscalls (argv[2], default 25000).
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long calls;

static void *worker(void *arg) {
    (void)arg;
    for (long i = 0; i < calls; i++) syscall(SYS_getppid);
    return 0;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    calls = argc > 2 ? atol(argv[2]) : 25000;
    pthread_t ids[256];
    if (threads > 256) threads = 256;
    for (int i = 0; i < threads; i++) pthread_create(&ids[i], 0, worker, 0);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], 0);
    return 0;
}
