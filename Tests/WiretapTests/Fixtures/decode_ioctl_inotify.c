/* The inotify ioctl ('I') on /dev/null; see decode_ioctl_evdev.c. */
#include <sys/inotify.h>
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

#ifndef INOTIFY_IOC_SETNEXTWD
#define INOTIFY_IOC_SETNEXTWD _IOW('I', 0, int32_t)
#endif
int main(void) {
  int fd = open("/dev/null", O_RDONLY);
  write(-1, "MARK", 4);
  ioctl(fd, INOTIFY_IOC_SETNEXTWD, 7);
  ioctl(fd, INOTIFY_IOC_SETNEXTWD, 0xffffffff80000000UL);
  ioctl(fd, INOTIFY_IOC_SETNEXTWD, -1L);
  ioctl(fd, _IOR('I', 0, int32_t), tail(4));
  ioctl(fd, _IO('I', 1), 5);
  return 0;
}
