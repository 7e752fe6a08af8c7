// Makes COUNT getppid calls, sleeping GAP_US microseconds before each
// (0: none). Usage: syscall_pace COUNT GAP_US
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc < 3) return 2;
    long count = atol(argv[1]), gap = atol(argv[2]);
    struct timespec t = {gap / 1000000, (gap % 1000000) * 1000};
    for (long i = 0; i < count; i++) {
        if (gap > 0) nanosleep(&t, 0);
        getppid();
    }
    return 0;
}
