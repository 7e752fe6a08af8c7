/* The MTD ioctls ('M') on /dev/null; see decode_ioctl_evdev.c. */
#include <mtd/mtd-abi.h>
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
  struct erase_info_user e = {0x1000, 0x2000};
  ioctl(fd, MEMERASE, &e);
  ioctl(fd, MEMLOCK, &e);
  ioctl(fd, MEMUNLOCK, &e);
  ioctl(fd, MEMISLOCKED, &e);
  ioctl(fd, MEMERASE, tail(4));
  struct erase_info_user64 e64 = {0x100000000ULL, 0};
  ioctl(fd, MEMERASE64, &e64);
  struct mtd_oob_buf oob = {1, 2, BAD};
  ioctl(fd, MEMWRITEOOB, &oob);
  oob.ptr = NULL;
  ioctl(fd, MEMREADOOB, &oob);
  struct mtd_oob_buf64 oob64 = {3, 0xffffffff, 4, 0x12345678};
  ioctl(fd, MEMWRITEOOB64, &oob64);
  ioctl(fd, MEMREADOOB64, NULL);
  struct mtd_write_req wr = {1, 2, 3, 0, 0xdeadbeef, MTD_OPS_RAW};
  ioctl(fd, MEMWRITE, &wr);
  wr.mode = 9;
  ioctl(fd, MEMWRITE, &wr);
  struct otp_info otp = {0, 0x40, 1};
  ioctl(fd, OTPLOCK, &otp);
  ioctl(fd, OTPGETREGIONINFO, &otp);
  int sel = MTD_OTP_USER;
  ioctl(fd, OTPSELECT, &sel);
  sel = 7;
  ioctl(fd, OTPSELECT, &sel);
  ioctl(fd, MTDFILEMODE, MTD_FILE_MODE_RAW);
  ioctl(fd, MTDFILEMODE, 0x100000000UL);
  long long block = 0x123456789LL;
  ioctl(fd, MEMGETBADBLOCK, &block);
  ioctl(fd, MEMSETBADBLOCK, &block);
  struct mtd_info_user info = {MTD_NANDFLASH, MTD_WRITEABLE | 0x100, 0x100000, 0x20000, 0x800, 0x40, 7};
  ioctl(fd, MEMGETINFO, &info);
  info.type = 0x55;
  info.flags = 0x100;
  ioctl(fd, MEMGETINFO, &info);
  ioctl(fd, MEMGETINFO, tail(31));
  struct nand_oobinfo ninfo;
  memset(&ninfo, 0, sizeof(ninfo));
  ninfo.useecc = MTD_NANDECC_AUTOPLACE;
  ninfo.eccbytes = 6;
  for (int i = 0; i < 8; i++) { ninfo.oobfree[i][0] = i; ninfo.oobfree[i][1] = i * 2; }
  for (int i = 0; i < 32; i++) ninfo.eccpos[i] = i + 100;
  ioctl(fd, MEMGETOOBSEL, &ninfo);
  struct nand_ecclayout_user lay;
  memset(&lay, 0, sizeof(lay));
  lay.eccbytes = 3;
  for (int i = 0; i < 64; i++) lay.eccpos[i] = i;
  lay.oobavail = 5;
  lay.oobfree[1].offset = 2;
  lay.oobfree[1].length = 3;
  ioctl(fd, ECCGETLAYOUT, &lay);
  struct mtd_ecc_stats stats = {1, 2, 3, 4};
  ioctl(fd, ECCGETSTATS, &stats);
  int count = -1;
  ioctl(fd, OTPGETREGIONCOUNT, &count);
  ioctl(fd, MEMGETREGIONCOUNT, &count);
  struct region_info_user region = {0x10, 0x20, 0x30, 2};
  ioctl(fd, MEMGETREGIONINFO, &region);
  ioctl(fd, MEMGETREGIONINFO, NULL);
  ioctl(fd, MEMGETREGIONINFO, tail(2));
  ioctl(fd, OTPERASE, &otp);
  ioctl(fd, _IO('M', 0x77), 0);
  ioctl(fd, _IOWR('M', 0x77, int), &count);
  return 0;
}
