// main -> caller -> lib_outer -> lib_inner -> write(2), the last two in a
// shared library of our own (stack_lib.c), for stack traces across modules
// (SymbolsTests). Linked against the library with an rpath.
int lib_outer(const char *text);

volatile int sink;

__attribute__((noinline)) int caller(const char *text) {
    int n = lib_outer(text);
    sink = n;
    return n + 3;
}

int main(void) {
    int n = caller("shared\n");
    return n == 13 ? 0 : 1;
}
