// Rewrites N existing files DIR/f0..f(N-1) with 4 KiB each (creating any
// that are missing): under `wiretap files --snapshot`, every file's
// pre-image is saved (and synced) before its truncating open goes ahead.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000;
    const char *dir = argc > 2 ? argv[2] : ".";
    char path[4096], block[4096];
    memset(block, 'w', sizeof block);
    for (long i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%ld", dir, i);
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0) return 1;
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) return 1;
        close(fd);
    }
    return 0;
}
