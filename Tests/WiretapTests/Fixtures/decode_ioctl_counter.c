/* The counter ioctls ('>') on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/counter.h>
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAD ((void *)0x10)

static char *tail(size_t size) {
  static char *page;
  if (!page) {
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
  }
  memset(page, 0x5a, 4096);
  return page + 4096 - size;
}

int main(void) {
  int fd = open("/dev/null", O_RDONLY);
  write(-1, "MARK", 4);
  struct counter_watch w = {{COUNTER_COMPONENT_SIGNAL, COUNTER_SCOPE_COUNT, 2, 3}, COUNTER_EVENT_CAPTURE, 4};
  ioctl(fd, COUNTER_ADD_WATCH_IOCTL, &w);
  struct counter_watch hostile = {{0x77, 0x88, 255, 254}, 0x99, 253};
  ioctl(fd, COUNTER_ADD_WATCH_IOCTL, &hostile);
  ioctl(fd, COUNTER_ADD_WATCH_IOCTL, NULL);
  ioctl(fd, COUNTER_ADD_WATCH_IOCTL, tail(5));
  ioctl(fd, COUNTER_ENABLE_EVENTS_IOCTL, 0x55);
  ioctl(fd, COUNTER_DISABLE_EVENTS_IOCTL);
  ioctl(fd, _IOR(0x3e, 0x03, int), &w);
  return 0;
}
