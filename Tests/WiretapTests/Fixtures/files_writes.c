// wiretap files: every way of writing to a file descriptor, and opens that
// do not write. The test creates source, w_* (each "0123456789\n"), nowrite,
// existing, touched, futimens_me and fchmod_me.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void check(int ok, const char *what) {
    if (!ok) { perror(what); exit(2); }
}

static int wopen(const char *name) {
    int fd = open(name, O_WRONLY);
    check(fd >= 0, name);
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    check(chdir(argv[1]) == 0, "chdir");
    struct iovec iov[2] = { { "ab", 2 }, { "cd", 2 } };

    int fd = wopen("w_write");
    check(write(fd, "x", 1) == 1, "write");
    close(fd);

    fd = wopen("w_pwrite");
    check(pwrite(fd, "x", 1, 3) == 1, "pwrite");
    close(fd);

    fd = wopen("w_writev");
    check(writev(fd, iov, 2) == 4, "writev");
    close(fd);

    fd = wopen("w_pwritev");
    check(pwritev(fd, iov, 2, 1) == 4, "pwritev");
    close(fd);

    fd = wopen("w_ftruncate");
    check(ftruncate(fd, 2) == 0, "ftruncate");
    close(fd);

    fd = wopen("w_fallocate");
    check(fallocate(fd, 0, 0, 8192) == 0, "fallocate");
    close(fd);

    int src = open("source", O_RDONLY);
    check(src >= 0, "open source");
    fd = wopen("w_copy_file_range");
    check(copy_file_range(src, NULL, fd, NULL, 4, 0) == 4, "copy_file_range");
    close(fd);
    check(lseek(src, 0, SEEK_SET) == 0, "lseek");
    fd = wopen("w_sendfile");
    check(sendfile(fd, src, NULL, 4) == 4, "sendfile");
    close(fd);
    close(src);

    fd = wopen("w_dup");
    int fd2 = dup(fd);
    check(fd2 >= 0, "dup");
    close(fd);
    check(write(fd2, "x", 1) == 1, "write dup");
    close(fd2);

    fd = wopen("w_dupfd_cloexec");
    fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 100);
    check(fd2 >= 100, "F_DUPFD_CLOEXEC");
    close(fd);
    check(write(fd2, "x", 1) == 1, "write F_DUPFD_CLOEXEC");
    close(fd2);

    fd = wopen("nowrite");                                     // opened for writing, never written: nothing
    close(fd);

    fd = open("w_failed", O_RDONLY);                           // read; the write fails
    check(fd >= 0, "open w_failed");
    check(write(fd, "x", 1) < 0 && errno == EBADF, "write to O_RDONLY should fail");
    close(fd);

    fd = open("existing", O_CREAT | O_WRONLY, 0644);           // exists: not created, not written
    check(fd >= 0, "open existing");
    close(fd);

    check(utimensat(AT_FDCWD, "touched", NULL, 0) == 0, "utimensat");   // metadata
    fd = open("futimens_me", O_RDONLY);                                  // read + metadata
    check(fd >= 0, "open futimens_me");
    check(futimens(fd, NULL) == 0, "futimens");
    close(fd);
    fd = open("fchmod_me", O_PATH);
    check(fd >= 0, "open fchmod_me");
    close(fd);
    check(fchmodat(AT_FDCWD, "fchmod_me", 0640, 0) == 0, "fchmodat");   // metadata
    return 0;
}
