// wiretap files: failed calls count for nothing. Only ok.txt is created.
// The test creates full/ (not empty, with full/inside) and existing_dir/.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void fails(int rc, const char *what) {
    if (rc >= 0) { fprintf(stderr, "%s unexpectedly succeeded\n", what); exit(2); }
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    fails(open("missing", O_RDONLY), "open missing");
    fails(open("missing_rw", O_RDWR), "open missing O_RDWR");
    fails(open("no_such_dir/new", O_CREAT | O_WRONLY, 0644), "open no_such_dir/new");
    fails(unlink("missing2"), "unlink missing2");
    fails(rename("missing3", "renamed3"), "rename missing3");
    fails(mkdir("existing_dir", 0755), "mkdir existing_dir");
    fails(rmdir("full"), "rmdir full");
    fails(rmdir("missing_dir"), "rmdir missing_dir");
    fails(chmod("missing4", 0600), "chmod missing4");
    fails(truncate("missing5", 0), "truncate missing5");
    fails(link("missing6", "link6"), "link missing6");
    fails(symlink("x", "full/inside"), "symlink over full/inside");
    fails(unlink("existing_dir"), "unlink existing_dir");
    int fd = open("ok.txt", O_CREAT | O_WRONLY, 0644);
    if (fd < 0 || write(fd, "ok", 2) != 2) { perror("ok.txt"); return 2; }
    close(fd);
    return 0;
}
