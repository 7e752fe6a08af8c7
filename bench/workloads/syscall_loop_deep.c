// syscall_loop.c at the bottom of a 20-deep call chain (for -k): getppid()
// N times (default 20000) from depth(20).
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile long sink;

__attribute__((noinline)) long depth(int level, long n) {
    if (level > 0) {
        long r = depth(level - 1, n);
        sink = r;
        return r + 1;
    }
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
    return 0;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    return depth(20, n) == 20 ? 0 : 1;
}
