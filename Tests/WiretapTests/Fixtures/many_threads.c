// Creates and joins 200 short-lived threads, one at a time; exits 0 if all were created and joined.
#include <pthread.h>

static void *worker(void *arg) { return arg; }

int main(void) {
    for (int i = 0; i < 200; i++) {
        pthread_t thread;
        void *result = 0;
        if (pthread_create(&thread, 0, worker, (void *)(long)(i + 1)) != 0) return 2;
        if (pthread_join(thread, &result) != 0 || result != (void *)(long)(i + 1)) return 3;
    }
    return 0;
}
