// main -> outer -> middle (always inlined into outer) -> inner -> write(2),
// for inlined frames in stack traces (SymbolsTests).
#include <string.h>
#include <unistd.h>

volatile int sink;

__attribute__((noinline)) int inner(const char *text) {
    int n = (int)write(1, text, strlen(text));
    sink = n;
    return n + 1;
}

static inline __attribute__((always_inline)) int middle(const char *text) {
    int n = inner(text);
    sink = n;
    return n * 2;
}

__attribute__((noinline)) int outer(const char *text) {
    int n = middle(text);
    sink = n;
    return n + 2;
}

int main(void) {
    int n = outer("inline\n");
    return n == 18 ? 0 : 1;
}
