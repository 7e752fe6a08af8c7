// The shared library of stack_lib_main.c (SymbolsTests): lib_outer ->
// lib_inner -> write(2), called from the program. Built -fPIC -shared.
#include <string.h>
#include <unistd.h>

volatile int lib_sink;

__attribute__((noinline)) int lib_inner(const char *text) {
    int n = (int)write(1, text, strlen(text));
    lib_sink = n;
    return n + 1;
}

__attribute__((noinline)) int lib_outer(const char *text) {
    int n = lib_inner(text);
    lib_sink = n;
    return n + 2;
}
