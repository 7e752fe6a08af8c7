/* Descriptors whose paths need escaping under -y: a byte that is not UTF-8,
 * a newline, a tab, <, >, a quote, a backslash, a control byte, octal digits
 * after an escape; one file deleted while open. Names are relative to the
 * working directory (the test's own). */
#include <fcntl.h>
#include <unistd.h>

int main(void) {
  static const char *names[] = {"a\377b\nc", "q<r>s\"t\\u\tv w|\001x", "d\0017e", "plain"};
  write(-1, "MARK", 4);
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    int fd = open(names[i], O_CREAT | O_RDWR, 0600);
    write(fd, "x", 1);
    if (i == 0) unlink(names[i]);
    write(fd, "y", 1);
    close(fd);
    unlink(names[i]);
  }
  return 0;
}
