// Writes its argv (argv[0] included) and the value of the variable X, each
// followed by a NUL byte (X: "<unset>" if absent), to the file argv[1].
// Usage: dump_args OUTPUT [ARGS...]
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void put(int fd, const char *s) {
    size_t n = strlen(s) + 1;
    if (write(fd, s, n) != (ssize_t)n) _exit(3);
}
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 2;
    for (int i = 0; i < argc; i++) put(fd, argv[i]);
    const char *x = getenv("X");
    put(fd, x ? x : "<unset>");
    return close(fd) != 0;
}
