/* One 64 MiB write to /dev/null, then a pause (in which the tracer's peak
 * memory can be read from /proc): for -e write= on a huge buffer. */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  size_t size = 64 << 20;
  char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int fd = open("/dev/null", O_WRONLY);
  if (p == MAP_FAILED || fd < 0) return 1;
  if (write(fd, p, size) != (ssize_t)size) return 2;
  usleep(300000);
  return 0;
}
