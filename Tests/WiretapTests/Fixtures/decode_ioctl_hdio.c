/* The HDIO ioctls (0x03) on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/hdreg.h>
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
  struct hd_geometry geo = {255, 63, 1023, 0x123456789UL};
  ioctl(fd, HDIO_GETGEO, &geo);
  ioctl(fd, HDIO_GETGEO, NULL);
  ioctl(fd, HDIO_GETGEO, tail(15));
  static unsigned char cmd[4 + 3 * 512] = {0xec, 1, 2, 0};
  ioctl(fd, HDIO_DRIVE_CMD, cmd);
  cmd[0] = 0x02;
  cmd[3] = 2;
  for (int i = 4; i < (int)sizeof(cmd); i++) cmd[i] = i;
  ioctl(fd, HDIO_DRIVE_CMD, cmd);
  ioctl(fd, HDIO_DRIVE_CMD, BAD);
  char *short_cmd = tail(3);
  ioctl(fd, HDIO_DRIVE_CMD, short_cmd);
  unsigned long value = 3;
  ioctl(fd, HDIO_GET_32BIT, &value);
  ioctl(fd, HDIO_GET_ACOUSTIC, &value);
  ioctl(fd, HDIO_GET_ADDRESS, &value);
  ioctl(fd, HDIO_GET_DMA, &value);
  ioctl(fd, HDIO_GET_KEEPSETTINGS, &value);
  ioctl(fd, HDIO_GET_MULTCOUNT, &value);
  ioctl(fd, HDIO_GET_NOWERR, &value);
  ioctl(fd, HDIO_GET_UNMASKINTR, &value);
  ioctl(fd, HDIO_GET_WCACHE, &value);
  value = BUSSTATE_TRISTATE;
  ioctl(fd, HDIO_GET_BUSSTATE, &value);
  value = 7;
  ioctl(fd, HDIO_GET_BUSSTATE, &value);
  value = (1 << IDE_NICE_0) | (1 << IDE_NICE_1) | (1 << IDE_NICE_DSC_OVERLAP) | 0x100;
  ioctl(fd, HDIO_GET_NICE, &value);
  value = 0x100;
  ioctl(fd, HDIO_GET_NICE, &value);
  ioctl(fd, HDIO_GET_NICE, tail(4));
  static char identity[512] = "ATA disk\001\377";
  ioctl(fd, HDIO_GET_IDENTITY, identity);
  ioctl(fd, HDIO_OBSOLETE_IDENTITY, identity);
  ioctl(fd, HDIO_GET_IDENTITY, tail(100));
  int args[3] = {1, -1, 0x10};
  ioctl(fd, HDIO_DRIVE_RESET, args);
  ioctl(fd, HDIO_SCAN_HWIF, args);
  ioctl(fd, HDIO_SCAN_HWIF, tail(8));
  ioctl(fd, HDIO_SET_32BIT, 1);
  ioctl(fd, HDIO_SET_ACOUSTIC, -1L);
  ioctl(fd, HDIO_SET_ADDRESS, 2);
  ioctl(fd, HDIO_SET_DMA, 3);
  ioctl(fd, HDIO_SET_KEEPSETTINGS, 4);
  ioctl(fd, HDIO_SET_MULTCOUNT, 5);
  ioctl(fd, HDIO_SET_NOWERR, 6);
  ioctl(fd, HDIO_SET_PIO_MODE, 7);
  ioctl(fd, HDIO_SET_UNMASKINTR, 8);
  ioctl(fd, HDIO_SET_WCACHE, 9);
  ioctl(fd, HDIO_UNREGISTER_HWIF, 10);
  ioctl(fd, HDIO_SET_BUSSTATE, BUSSTATE_ON);
  ioctl(fd, HDIO_SET_BUSSTATE, 0x100000000UL);
  ioctl(fd, HDIO_SET_NICE, (1 << IDE_NICE_2) | (1 << IDE_NICE_ATAPI_OVERLAP));
  ioctl(fd, HDIO_SET_NICE, 0);
  ioctl(fd, HDIO_SET_NICE, 0x40);
  ioctl(fd, HDIO_GET_QDMA, &value);
  ioctl(fd, HDIO_DRIVE_TASK, &value);
  ioctl(fd, _IOR(0x03, 0x77, int), &value);
  return 0;
}
