// A second thread runs worker -> deep -> deeper -> write(2) while the main
// thread waits in pthread_join, for stack traces of a non-main thread
// (SymbolsTests). The main thread writes nothing.
#include <pthread.h>
#include <string.h>
#include <unistd.h>

volatile int sink;

__attribute__((noinline)) int deeper(const char *text) {
    int n = (int)write(1, text, strlen(text));
    sink = n;
    return n + 1;
}

__attribute__((noinline)) int deep(const char *text) {
    int n = deeper(text);
    sink = n;
    return n + 2;
}

__attribute__((noinline)) void *worker(void *arg) {
    int n = deep(arg);
    sink = n;
    return (void *)(long)n;
}

int main(void) {
    pthread_t thread;
    void *result = 0;
    if (pthread_create(&thread, 0, worker, "thread\n") != 0) return 2;
    pthread_join(thread, &result);
    return (long)result == 10 ? 0 : 1;
}
