// main -> outer -> inner -> write(2), for stack traces (SymbolsTests).
// Built -g -O0 and -g -O2 -fomit-frame-pointer, PIE and -no-pie. The
// functions are noinline and use their callee's result after the call, so
// that -O2 makes no tail calls: every frame stays on the stack.
// Usage: stack_chain [ROUNDS]: ROUNDS writes, 50 ms apart (a process to
// attach to with -p), one by default.
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
    int n = outer("stack\n");
    for (int i = 1; i < rounds; i++) {
        nanosleep(&pause, 0);
        n = outer("stack\n");
    }
    return n == 9 ? 0 : 1;
}
