// wiretap files: *at calls resolved against tracked directory descriptors.
// The test creates: sub/ (with q, y, m, n and the empty dir z), sub2/, src,
// excl_old, trunc_me, own.txt.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static void check(int ok, const char *what) {
    if (!ok) { perror(what); exit(2); }
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    check(chdir(argv[1]) == 0, "chdir");
    struct stat st;

    // A directory fd: neither a read nor anything else.
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    check(dfd >= 0, "open sub");
    int fd = openat(dfd, "x", O_CREAT | O_WRONLY, 0644);          // created + written sub/x
    check(fd >= 0, "openat x");
    check(write(fd, "x", 1) == 1, "write x");
    close(fd);

    // An O_PATH directory fd.
    int pfd = open("sub2", O_PATH | O_DIRECTORY);
    check(pfd >= 0, "open sub2 O_PATH");
    fd = openat(pfd, "p", O_CREAT | O_WRONLY, 0644);              // created + written sub2/p
    check(fd >= 0, "openat p");
    check(write(fd, "p", 1) == 1, "write p");
    close(fd);
    close(pfd);

    // dup2 / dup3 / F_DUPFD of the directory fd.
    check(dup2(dfd, 50) == 50, "dup2");
    fd = openat(50, "q", O_RDONLY);                                // read sub/q
    check(fd >= 0, "openat q");
    close(fd);
    check(dup3(dfd, 51, O_CLOEXEC) == 51, "dup3");
    int dupfd = fcntl(dfd, F_DUPFD, 60);
    check(dupfd >= 60, "F_DUPFD");
    fd = openat(dupfd, "r", O_CREAT | O_WRONLY, 0644);            // created + written sub/r
    check(fd >= 0, "openat r");
    check(write(fd, "r", 1) == 1, "write r");
    close(fd);
    close(dupfd);

    // AT_EMPTY_PATH: a stat does nothing; fchownat on an O_PATH file fd is metadata of that file.
    check(fstatat(dfd, "", &st, AT_EMPTY_PATH) == 0, "fstatat AT_EMPTY_PATH");
    int ofd = open("own.txt", O_PATH);
    check(ofd >= 0, "open own.txt O_PATH");
    check(fchownat(ofd, "", getuid(), getgid(), AT_EMPTY_PATH) == 0, "fchownat AT_EMPTY_PATH");
    close(ofd);

    check(unlinkat(51, "y", 0) == 0, "unlinkat y");                // deleted sub/y
    check(unlinkat(dfd, "z", AT_REMOVEDIR) == 0, "unlinkat z");    // directories_removed sub/z
    check(syscall(SYS_renameat2, dfd, "m", dfd, "n", RENAME_EXCHANGE) == 0, "renameat2 exchange");
    check(linkat(AT_FDCWD, "src", dfd, "hard", 0) == 0, "linkat");  // created sub/hard
    check(symlinkat("../src", dfd, "sym") == 0, "symlinkat");      // created sub/sym

    fd = open("excl_new", O_CREAT | O_EXCL | O_WRONLY, 0644);     // created (no write)
    check(fd >= 0, "open excl_new");
    close(fd);
    fd = open("excl_old", O_CREAT | O_EXCL | O_WRONLY, 0644);     // fails: nothing
    check(fd < 0 && errno == EEXIST, "open excl_old should fail with EEXIST");

    fd = open("trunc_me", O_WRONLY | O_TRUNC);                     // written, not created
    check(fd >= 0, "open trunc_me");
    close(fd);

    close(dfd);
    close(50);
    close(51);
    return 0;
}
