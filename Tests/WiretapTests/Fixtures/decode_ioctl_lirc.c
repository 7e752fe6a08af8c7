/* The LIRC ioctls ('i') on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/lirc.h>
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
  unsigned int v = LIRC_CAN_SEND_PULSE | LIRC_CAN_REC_MODE2 | LIRC_CAN_SET_REC_CARRIER_RANGE | 0x1;
  ioctl(fd, LIRC_GET_FEATURES, &v);
  v = 0x40;
  ioctl(fd, LIRC_GET_FEATURES, &v);
  v = LIRC_MODE_MODE2;
  ioctl(fd, LIRC_GET_SEND_MODE, &v);
  ioctl(fd, LIRC_GET_REC_MODE, &v);
  ioctl(fd, LIRC_SET_SEND_MODE, &v);
  v = 3;
  ioctl(fd, LIRC_SET_REC_MODE, &v);
  v = 38000;
  ioctl(fd, LIRC_GET_REC_RESOLUTION, &v);
  ioctl(fd, LIRC_GET_MIN_TIMEOUT, &v);
  ioctl(fd, LIRC_GET_MAX_TIMEOUT, &v);
  ioctl(fd, LIRC_GET_LENGTH, &v);
  ioctl(fd, LIRC_SET_SEND_CARRIER, &v);
  ioctl(fd, LIRC_SET_REC_CARRIER, &v);
  ioctl(fd, LIRC_SET_SEND_DUTY_CYCLE, &v);
  ioctl(fd, LIRC_SET_TRANSMITTER_MASK, &v);
  v = 0;
  ioctl(fd, LIRC_SET_TRANSMITTER_MASK, &v);
  ioctl(fd, LIRC_SET_REC_TIMEOUT, &v);
  ioctl(fd, LIRC_SET_REC_TIMEOUT_REPORTS, &v);
  ioctl(fd, LIRC_SET_MEASURE_CARRIER_MODE, &v);
  ioctl(fd, LIRC_SET_REC_CARRIER_RANGE, &v);
  ioctl(fd, LIRC_SET_WIDEBAND_RECEIVER, &v);
  ioctl(fd, LIRC_GET_REC_TIMEOUT, &v);
  ioctl(fd, LIRC_GET_FEATURES, NULL);
  ioctl(fd, LIRC_GET_FEATURES, tail(2));
  ioctl(fd, LIRC_SET_SEND_MODE, BAD);
  ioctl(fd, _IOR('i', 0x77, unsigned int), &v);
  return 0;
}
