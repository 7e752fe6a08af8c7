// Writes "before-sleep\n" to stdout, sleeps SECONDS, then writes "after-sleep\n".
// Usage: print_then_sleep SECONDS
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (write(1, "before-sleep\n", 13) != 13) return 3;
    struct timespec t = {atol(argv[1]), 0};
    nanosleep(&t, 0);
    if (write(1, "after-sleep\n", 12) != 12) return 3;
    return 0;
}
