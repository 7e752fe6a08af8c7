// Kills itself: argv[1] "TERM" raises SIGTERM, "SEGV" writes through a NULL pointer; exits 3 if it survives.
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char **argv) {
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);  // never leave a core file behind
    if (argc > 1 && strcmp(argv[1], "TERM") == 0) raise(SIGTERM);
    if (argc > 1 && strcmp(argv[1], "SEGV") == 0) {
        volatile int *volatile p = 0;
        *p = 1;
    }
    return 3;
}
