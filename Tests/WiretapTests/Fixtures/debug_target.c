// The debugger's symbol lookups (SymbolLookupTests): functions by name and
// lines by FILE:LINE, compared with gdb's `break`. Line numbers matter: the
// tests name lines of this file by the markers in their comments.
#include <string.h>
#include <unistd.h>

int debug_lib_twice(int x); // debug_lib.c (shared library or linked in)

volatile int sink;

static __attribute__((noinline)) int helper_static(int x) {
    int y = x * 3;
    sink = y;
    return y + 1;
}

__attribute__((noinline)) int compute(int n) {
    int total = 0;

    // LINE-BLANK: the line above has no code; gdb moves to the next one that has.
    for (int i = 0; i < n; i++) {
        total += helper_static(i);
    }
    if (total > 100) {
        int extra = total / 7; // LINE-BLOCK
        sink = extra;
        total -= extra;
    }
    return total;
}

__attribute__((noinline)) void say(const char *text) {
    write(1, text, strlen(text)); // LINE-WRITE
}

int main(int argc, char **argv) {
    (void)argv;
    int n = compute(argc + 20);
    n += debug_lib_twice(n);
    sink = n;
    say("debug_target\n");
    return 0;
}
