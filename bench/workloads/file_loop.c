// A file loop: create, write, read, stat, rename, unlink, N times (default 20000), in DIR (argv[2], default .).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    const char *dir = argc > 2 ? argv[2] : ".";
    char a[4096], b[4096], buf[64];
    snprintf(a, sizeof a, "%s/wiretap-bench-a", dir);
    snprintf(b, sizeof b, "%s/wiretap-bench-b", dir);
    struct stat st;
    for (long i = 0; i < n; i++) {
        int fd = open(a, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0) return 1;
        if (write(fd, "0123456789abcdef", 16) != 16) return 1;
        close(fd);
        fd = open(a, O_RDONLY);
        if (read(fd, buf, sizeof buf) < 0) return 1;
        close(fd);
        stat(a, &st);
        rename(a, b);
        unlink(b);
    }
    return 0;
}
