// 8 threads, all alive at once (a barrier), each calls getppid(2) exactly 100 times; the main thread never does.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 8
#define CALLS 100
static pthread_barrier_t start, finish;

static void *worker(void *arg) {
    (void)arg;
    pthread_barrier_wait(&start);
    for (int i = 0; i < CALLS; i++) syscall(SYS_getppid);
    pthread_barrier_wait(&finish);  // no thread ends before all are done: tids stay distinct
    return 0;
}

int main(void) {
    pthread_t threads[THREADS];
    pthread_barrier_init(&start, 0, THREADS);
    pthread_barrier_init(&finish, 0, THREADS);
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&threads[i], 0, worker, 0) != 0) return 2;
    for (int i = 0; i < THREADS; i++) pthread_join(threads[i], 0);
    return 0;
}
