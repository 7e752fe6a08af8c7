/* DisassemblerTests: functions whose code gdb's `disassemble` prints and
 * WiretapDisassembly must print the same (built -O0 and -O2, 64 and 32-bit). */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

int counter;
static volatile long big_values[8];
typedef int (*op_fn)(int, int);

__attribute__((noinline)) static int add(int a, int b) { return a + b; }
__attribute__((noinline)) static int sub(int a, int b) { return a - b; }

/* Direct and indirect calls, a global (%rip-relative in 64-bit). */
__attribute__((noinline)) int calls(int x, op_fn f) {
    int r = add(x, 3);
    r += f(r, x);
    counter += r;
    printf("%d\n", r);
    return r + sub(r, 1);
}

/* A jump table. */
__attribute__((noinline)) int switcher(int k) {
    switch (k) {
    case 0: return 11;
    case 1: return add(k, 7);
    case 2: return 13 * k;
    case 3: return sub(k, 2);
    case 4: return 17;
    case 5: return 19 + counter;
    case 6: return -23;
    default: return -1;
    }
}

/* Bytes, shorts, sign and zero extension, shifts, division, set/cmov. */
__attribute__((noinline)) long mixed(signed char c, unsigned char u, short s, unsigned short w, long n) {
    long r = c + u + s + w;
    r <<= (n & 7);
    r ^= (unsigned long)n >> 3;
    r += n / 7 + n % 5;
    r += (n > 3) ? r : -r;
    r += (c == u);
    r &= -16;
    r += 0x1122334455667788L;
    big_values[n & 7] = r;
    return r;
}

/* Floating point. */
__attribute__((noinline)) double floats(double a, float b, int i) {
    double r = a * b + i;
    if (r > 2.5) r /= 3.0;
    return r + (float)i;
}

/* Memory blocks: inlined memset/memcpy, a local array (stack protector). */
__attribute__((noinline)) int blocks(const char *s) {
    char buf[64];
    memset(buf, 0, sizeof buf);
    strncpy(buf, s, sizeof buf - 1);
    unsigned char sum = 0;
    for (int i = 0; buf[i]; i++) sum += (unsigned char)buf[i];
    return sum;
}

int main(int argc, char **argv) {
    int r = calls(argc, argc > 1 ? add : sub);
    r += switcher(argc);
    r += (int)mixed((signed char)argc, 200, -3, 60000, argc * 1000L);
    r += (int)floats(argc, 1.5f, argc);
    r += blocks(argv[0]);
    return r & 1;
}
