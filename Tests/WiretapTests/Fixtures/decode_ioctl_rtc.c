/* RTC_PARAM_GET/SET ('p') on /dev/null (and some other rtc requests); see decode_ioctl_evdev.c. */
#include <linux/rtc.h>
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
  struct rtc_param p;
  memset(&p, 0, sizeof(p));
  p.param = RTC_PARAM_FEATURES;
  p.uvalue = (1 << RTC_FEATURE_ALARM) | (1 << RTC_FEATURE_CORRECTION) | (1ULL << 40);
  ioctl(fd, RTC_PARAM_GET, &p);
  ioctl(fd, RTC_PARAM_SET, &p);
  p.uvalue = 1ULL << 40;
  ioctl(fd, RTC_PARAM_SET, &p);
  p.uvalue = 0;
  ioctl(fd, RTC_PARAM_SET, &p);
  p.param = RTC_PARAM_CORRECTION;
  p.svalue = -12345;
  p.index = 3;
  ioctl(fd, RTC_PARAM_GET, &p);
  ioctl(fd, RTC_PARAM_SET, &p);
  p.param = RTC_PARAM_BACKUP_SWITCH_MODE;
  p.uvalue = RTC_BSM_LEVEL;
  ioctl(fd, RTC_PARAM_SET, &p);
  p.uvalue = 99;
  ioctl(fd, RTC_PARAM_GET, &p);
  p.param = 0x1234;
  p.uvalue = 0xabcdef;
  p.__pad = 0x77;
  ioctl(fd, RTC_PARAM_GET, &p);
  ioctl(fd, RTC_PARAM_SET, &p);
  ioctl(fd, RTC_PARAM_GET, NULL);
  ioctl(fd, RTC_PARAM_GET, tail(20));
  ioctl(fd, RTC_PARAM_SET, BAD);
  struct rtc_time t = {1, 2, 3, 4, 5, 126, 6, 7, 0};
  ioctl(fd, RTC_SET_TIME, &t);
  ioctl(fd, RTC_RD_TIME, &t);
  ioctl(fd, RTC_AIE_ON, 0);
  ioctl(fd, _IOR('p', 0x77, int), &t);
  return 0;
}
