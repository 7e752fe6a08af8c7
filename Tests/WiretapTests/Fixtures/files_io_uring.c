// wiretap files: an io_uring_setup attempt (whatever its result).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif

int main(void) {
    unsigned char params[120];   // struct io_uring_params, zeroed
    memset(params, 0, sizeof params);
    long fd = syscall(SYS_io_uring_setup, 4, params);
    if (fd >= 0) {
        printf("io_uring fd %ld\n", fd);
        close((int)fd);
    } else {
        printf("io_uring_setup: %s\n", strerror(errno));
    }
    return 0;
}
