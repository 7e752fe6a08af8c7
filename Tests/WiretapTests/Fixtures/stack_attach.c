// main -> outer -> inner -> write(2), ROUNDS times, a pause after each:
// a process to attach to with -p -k. Usage: stack_attach ROUNDS
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile int sink;

__attribute__((noinline)) int inner(const char *text) {
    int n = (int)write(1, text, strlen(text));
    sink = n;
    return n + 1;
}

__attribute__((noinline)) int outer(const char *text) {
    int n = inner(text);
    sink = n;
    return n + 2;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1;
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (int i = 0; i < rounds; i++) {
        outer("tick\n");
        nanosleep(&pause, 0);
    }
    return 0;
}
