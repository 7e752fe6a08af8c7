/* The watchdog ioctls ('W') on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/watchdog.h>
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
  int value = -5;
  ioctl(fd, WDIOC_GETSTATUS, &value);
  ioctl(fd, WDIOC_GETBOOTSTATUS, &value);
  ioctl(fd, WDIOC_GETTEMP, &value);
  ioctl(fd, WDIOC_GETTIMEOUT, &value);
  ioctl(fd, WDIOC_GETPRETIMEOUT, &value);
  ioctl(fd, WDIOC_GETTIMELEFT, &value);
  ioctl(fd, WDIOC_GETTIMELEFT, NULL);
  ioctl(fd, WDIOC_GETTIMELEFT, tail(2));
  ioctl(fd, WDIOC_SETTIMEOUT, &value);
  ioctl(fd, WDIOC_SETPRETIMEOUT, BAD);
  ioctl(fd, WDIOC_KEEPALIVE, 0x1234);
  struct watchdog_info info = {1, 2, "wd"};
  ioctl(fd, WDIOC_GETSUPPORT, &info);
  ioctl(fd, WDIOC_SETOPTIONS, &value);
  ioctl(fd, _IOR('W', 0x77, int), &value);
  return 0;
}
