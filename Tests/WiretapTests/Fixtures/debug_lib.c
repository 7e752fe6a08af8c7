// The second file of debug_target.c (SymbolLookupTests): a shared library
// of the PIE builds, linked into the static ones.
volatile int debug_lib_sink;

__attribute__((noinline)) int debug_lib_twice(int x) {
    int y = x * 2;
    debug_lib_sink = y;
    return y;
}
