/* The UBI ioctls ('o', 'O') on /dev/null; see decode_ioctl_evdev.c. */
#include <mtd/ubi-user.h>
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
  struct ubi_mkvol_req mk;
  memset(&mk, 0, sizeof(mk));
  mk.vol_id = 3;
  mk.alignment = 1;
  mk.bytes = 1 << 20;
  mk.vol_type = UBI_DYNAMIC_VOLUME;
  mk.flags = UBI_VOL_SKIP_CRC_CHECK_FLG;
  mk.name_len = 4;
  strcpy(mk.name, "root");
  ioctl(fd, UBI_IOCMKVOL, &mk);
  mk.vol_type = -1;
  mk.flags = 0x80;
  mk.name_len = 2;
  ioctl(fd, UBI_IOCMKVOL, &mk);
  mk.name_len = 300;
  memset(mk.name, 'a', sizeof(mk.name));
  ioctl(fd, UBI_IOCMKVOL, &mk);
  mk.name_len = -5;
  ioctl(fd, UBI_IOCMKVOL, &mk);
  ioctl(fd, UBI_IOCMKVOL, NULL);
  int32_t id = 2;
  ioctl(fd, UBI_IOCRMVOL, &id);
  struct ubi_rsvol_req rs = {-1, 4};
  ioctl(fd, UBI_IOCRSVOL, &rs);
  static struct ubi_rnvol_req rn;
  rn.count = 2;
  rn.ents[0].vol_id = 1;
  rn.ents[0].name_len = 3;
  strcpy(rn.ents[0].name, "abc");
  rn.ents[1].vol_id = 2;
  rn.ents[1].name_len = 1;
  strcpy(rn.ents[1].name, "xyz");
  ioctl(fd, UBI_IOCRNVOL, &rn);
  rn.count = 100;
  ioctl(fd, UBI_IOCRNVOL, &rn);
  rn.count = -1;
  ioctl(fd, UBI_IOCRNVOL, &rn);
  ioctl(fd, UBI_IOCRPEB, &id);
  ioctl(fd, UBI_IOCSPEB, &id);
  struct ubi_attach_req at = {1, 2, 2048, 20, 0, {0}};
  ioctl(fd, UBI_IOCATT, &at);
  ioctl(fd, UBI_IOCATT, tail(10));
  ioctl(fd, UBI_IOCDET, &id);
  int64_t bytes = -7;
  ioctl(fd, UBI_IOCVOLUP, &bytes);
  ioctl(fd, UBI_IOCEBER, &id);
  struct ubi_leb_change_req ch = {1, 2, 3, {0}};
  ioctl(fd, UBI_IOCEBCH, &ch);
  ch.dtype = 9;
  ioctl(fd, UBI_IOCEBCH, &ch);
  struct ubi_map_req map = {5, 1, {0}};
  ioctl(fd, UBI_IOCEBMAP, &map);
  ioctl(fd, UBI_IOCEBUNMAP, &id);
  ioctl(fd, UBI_IOCEBISMAP, &id);
  struct ubi_set_vol_prop_req prop = {UBI_VOL_PROP_DIRECT_WRITE, {0}, 1};
  ioctl(fd, UBI_IOCSETVOLPROP, &prop);
  prop.property = 7;
  ioctl(fd, UBI_IOCSETVOLPROP, &prop);
  ioctl(fd, UBI_IOCVOLCRBLK, &prop);
  ioctl(fd, UBI_IOCVOLRMBLK);
  ioctl(fd, _IOR('O', 0x77, int), &id);
  ioctl(fd, _IOW('o', 0x77, int), &id);
  return 0;
}
