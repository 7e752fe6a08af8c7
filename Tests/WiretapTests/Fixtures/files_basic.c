// wiretap files: the basic file operations, with paths relative to argv[1].
// The test creates b.txt, c.txt, d.txt, e.txt, g.txt, h.txt and olddir/ first.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what) {
    if (!ok) { perror(what); exit(2); }
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    check(chdir(argv[1]) == 0, "chdir");
    char buf[64];

    int fd = open("a.txt", O_CREAT | O_WRONLY, 0644);          // created + written
    check(fd >= 0, "open a.txt");
    check(write(fd, "new\n", 4) == 4, "write a.txt");
    close(fd);

    fd = open("b.txt", O_RDONLY);                               // read
    check(fd >= 0, "open b.txt");
    check(read(fd, buf, sizeof buf) >= 0, "read b.txt");
    close(fd);

    fd = open("c.txt", O_WRONLY | O_APPEND);                    // written
    check(fd >= 0, "open c.txt");
    check(write(fd, "more\n", 5) == 5, "write c.txt");
    close(fd);

    check(unlink("d.txt") == 0, "unlink d.txt");                // deleted
    check(mkdir("sub", 0755) == 0, "mkdir sub");                // directories_created
    check(rmdir("olddir") == 0, "rmdir olddir");                // directories_removed
    check(rename("e.txt", "f.txt") == 0, "rename e.txt");       // renamed
    check(chmod("b.txt", 0600) == 0, "chmod b.txt");            // metadata
    check(truncate("g.txt", 1) == 0, "truncate g.txt");         // written

    fd = open("h.txt", O_RDWR);                                 // read, not written
    check(fd >= 0, "open h.txt");
    check(read(fd, buf, sizeof buf) >= 0, "read h.txt");
    close(fd);
    return 0;
}
