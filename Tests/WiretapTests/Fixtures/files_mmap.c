// wiretap files: a write through a shared writable mapping of mapped.bin
// (created by the test, 4096 bytes).
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    int fd = open("mapped.bin", O_RDWR);
    if (fd < 0) { perror("open"); return 2; }
    unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 2; }
    close(fd);
    p[0] = 'X';
    if (msync(p, 4096, MS_SYNC) != 0) { perror("msync"); return 2; }
    munmap(p, 4096);
    return 0;
}
