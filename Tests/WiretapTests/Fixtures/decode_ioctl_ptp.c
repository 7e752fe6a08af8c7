/* The PTP clock ioctls ('=') on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/ptp_clock.h>
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
  struct ptp_clock_caps caps;
  memset(&caps, 0, sizeof(caps));
  caps.max_adj = 100000;
  caps.n_alarm = 1;
  caps.n_pins = -1;
  ioctl(fd, PTP_CLOCK_GETCAPS, &caps);
  ((unsigned int *)&caps)[19] = 5;
  ioctl(fd, PTP_CLOCK_GETCAPS2, &caps);
  ioctl(fd, PTP_CLOCK_GETCAPS, NULL);
  struct ptp_extts_request extts = {1, PTP_ENABLE_FEATURE | PTP_RISING_EDGE | 0x100, {0, 0}};
  ioctl(fd, PTP_EXTTS_REQUEST, &extts);
  extts.rsv[1] = 7;
  ioctl(fd, PTP_EXTTS_REQUEST2, &extts);
  ioctl(fd, PTP_EXTTS_REQUEST2, tail(12));
  struct ptp_perout_request perout;
  memset(&perout, 0, sizeof(perout));
  perout.start.sec = 1700000000;
  perout.start.nsec = 5;
  perout.period.sec = 1;
  perout.period.reserved = 3;
  perout.index = 2;
  perout.flags = PTP_PEROUT_ONE_SHOT;
  ioctl(fd, PTP_PEROUT_REQUEST, &perout);
  perout.rsv[2] = 9;
  ioctl(fd, PTP_PEROUT_REQUEST2, &perout);
  perout.flags = PTP_PEROUT_PHASE | PTP_PEROUT_DUTY_CYCLE | 0x80;
  ioctl(fd, PTP_PEROUT_REQUEST2, &perout);
  ioctl(fd, PTP_ENABLE_PPS, 1);
  ioctl(fd, PTP_ENABLE_PPS2, 0);
  static struct ptp_sys_offset off;
  off.n_samples = 2;
  for (int i = 0; i < 5; i++) { off.ts[i].sec = 1700000000 + i; off.ts[i].nsec = i * 1000; }
  ioctl(fd, PTP_SYS_OFFSET, &off);
  off.n_samples = 100;
  off.rsv[0] = 1;
  ioctl(fd, PTP_SYS_OFFSET2, &off);
  ioctl(fd, PTP_SYS_OFFSET, tail(100));
  static struct ptp_sys_offset_extended ext;
  ext.n_samples = 1;
  ext.ts[0][0].sec = 1;
  ext.ts[0][1].sec = 1700000000;
  ioctl(fd, PTP_SYS_OFFSET_EXTENDED, &ext);
  ioctl(fd, PTP_SYS_OFFSET_EXTENDED2, &ext);
  struct ptp_sys_offset_precise prec;
  memset(&prec, 0, sizeof(prec));
  prec.device.sec = 1700000000;
  prec.sys_monoraw.sec = 12345;
  ioctl(fd, PTP_SYS_OFFSET_PRECISE, &prec);
  prec.rsv[3] = 1;
  ioctl(fd, PTP_SYS_OFFSET_PRECISE2, &prec);
  struct ptp_pin_desc pin;
  memset(&pin, 0, sizeof(pin));
  strcpy(pin.name, "SMA1");
  pin.index = 1;
  pin.func = PTP_PF_PEROUT;
  pin.chan = 3;
  ioctl(fd, PTP_PIN_GETFUNC, &pin);
  ioctl(fd, PTP_PIN_SETFUNC, &pin);
  pin.rsv[4] = 2;
  pin.func = 9;
  ioctl(fd, PTP_PIN_GETFUNC2, &pin);
  ioctl(fd, PTP_PIN_SETFUNC2, &pin);
  ioctl(fd, PTP_PIN_GETFUNC, BAD);
  ioctl(fd, _IOR('=', 0x77, int), &pin);
  return 0;
}
