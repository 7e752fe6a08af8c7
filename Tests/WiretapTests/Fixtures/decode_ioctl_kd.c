/* The console ioctls ('K') on /dev/null; see decode_ioctl_evdev.c. */
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <signal.h>
#include <errno.h>
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
  ioctl(fd, KIOCSOUND, 1000);
  ioctl(fd, KIOCSOUND, 0);
  ioctl(fd, KIOCSOUND, 0x100000000UL);
  ioctl(fd, KDMKTONE, (100 << 16) | 1000);
  ioctl(fd, KDMKTONE, 1000);
  ioctl(fd, KDMKTONE, 100 << 16);
  unsigned char leds = LED_NUM | LED_CAP;
  ioctl(fd, KDGETLED, &leds);
  ioctl(fd, KDSETLED, LED_SCR | 0x80);
  ioctl(fd, KDSETLED, 0x80);
  leds = LED_SCR | (LED_CAP << 4) | 0x80;
  ioctl(fd, KDGKBLED, &leds);
  ioctl(fd, KDSKBLED, (LED_NUM << 4) | LED_NUM);
  ioctl(fd, KDSKBLED, 0);
  unsigned char type = KB_101;
  ioctl(fd, KDGKBTYPE, &type);
  type = 9;
  ioctl(fd, KDGKBTYPE, &type);
  ioctl(fd, KDADDIO, 0x3b5);
  ioctl(fd, KDDELIO, 0x100);
  ioctl(fd, KDENABIO);
  ioctl(fd, KDDISABIO);
  ioctl(fd, KDSETMODE, KD_GRAPHICS);
  ioctl(fd, KDSETMODE, 7);
  unsigned int mode = KD_TEXT1;
  ioctl(fd, KDGETMODE, &mode);
  ioctl(fd, KDMAPDISP);
  ioctl(fd, KDUNMAPDISP);
  static unsigned char scrmap[E_TABSZ];
  for (int i = 0; i < E_TABSZ; i++) scrmap[i] = i;
  ioctl(fd, GIO_SCRNMAP, scrmap);
  ioctl(fd, PIO_SCRNMAP, scrmap);
  static unsigned short uniscr[E_TABSZ];
  for (int i = 0; i < E_TABSZ; i++) uniscr[i] = (i & 1) ? 0xf000 + i : i;
  ioctl(fd, GIO_UNISCRNMAP, uniscr);
  ioctl(fd, PIO_UNISCRNMAP, uniscr);
  ioctl(fd, PIO_UNISCRNMAP, tail(10));
  mode = K_UNICODE;
  ioctl(fd, KDGKBMODE, &mode);
  mode = 77;
  ioctl(fd, KDGKBMODE, &mode);
  ioctl(fd, KDSKBMODE, K_MEDIUMRAW);
  ioctl(fd, KDSKBMODE, -3);
  struct kbentry ke = {K_SHIFTTAB, 30, K_F2};
  ioctl(fd, KDGKBENT, &ke);
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_table = (1 << KG_CTRL) | (1 << KG_ALT) | 0x10;
  ke.kb_value = K(KT_LATIN, 'a');
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_value = K(KT_META, '\n');
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_value = K(KT_CONS, 3);
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_value = K(0x77, 0);
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_value = K(KT_DEAD2, 0xe9);
  ioctl(fd, KDSKBENT, &ke);
  ke.kb_value = K_HEXa;
  ioctl(fd, KDSKBENT, &ke);
  ioctl(fd, KDSKBENT, tail(2));
  ioctl(fd, KDSKBENT, NULL);
  static struct kbsentry kse = {KVAL(K_F5), "\033[15~"};
  ioctl(fd, KDGKBSENT, &kse);
  ioctl(fd, KDSKBSENT, &kse);
  memset(kse.kb_string, 'x', sizeof(kse.kb_string));
  ioctl(fd, KDSKBSENT, &kse);
  char *ks = tail(10);
  ks[0] = 3;
  ioctl(fd, KDSKBSENT, ks);
  static struct kbdiacrs dia;
  dia.kb_cnt = 3;
  dia.kbdiacr[0] = (struct kbdiacr){'`', 'a', 0xe0};
  dia.kbdiacr[1] = (struct kbdiacr){'\'', '\t', 0x01};
  dia.kbdiacr[2] = (struct kbdiacr){'\\', 'e', 0xff};
  ioctl(fd, KDGKBDIACR, &dia);
  ioctl(fd, KDSKBDIACR, &dia);
  dia.kb_cnt = 1000;
  ioctl(fd, KDSKBDIACR, &dia);
  static struct kbdiacrsuc diauc;
  diauc.kb_cnt = 2;
  diauc.kbdiacruc[0] = (struct kbdiacruc){0x60, 0x61, 0xe0};
  diauc.kbdiacruc[1] = (struct kbdiacruc){0x1, 0x2, 0x3};
  ioctl(fd, KDGKBDIACRUC, &diauc);
  ioctl(fd, KDSKBDIACRUC, &diauc);
  diauc.kb_cnt = 0;
  ioctl(fd, KDSKBDIACRUC, &diauc);
  ioctl(fd, KDSKBDIACRUC, tail(20));
  struct kbkeycode kc = {0x1e, 0x20};
  ioctl(fd, KDGETKEYCODE, &kc);
  ioctl(fd, KDSETKEYCODE, &kc);
  ioctl(fd, KDGETKEYCODE, NULL);
  ioctl(fd, KDSIGACCEPT, SIGUSR1);
  ioctl(fd, KDSIGACCEPT, 0);
  ioctl(fd, KDSIGACCEPT, 100);
  ioctl(fd, KDSIGACCEPT, 0x80000000UL);
  struct kbd_repeat rep = {250, 33};
  ioctl(fd, KDKBDREP, &rep);
  ioctl(fd, KDKBDREP, tail(4));
  static unsigned char font[8192];
  for (int i = 0; i < 8192; i++) font[i] = i;
  ioctl(fd, GIO_FONT, font);
  ioctl(fd, PIO_FONT, font);
  ioctl(fd, PIO_FONTRESET);
  int meta = K_ESCPREFIX;
  ioctl(fd, KDGKBMETA, &meta);
  ioctl(fd, KDSKBMETA, K_METABIT);
  ioctl(fd, KDSKBMETA, 9);
  struct unimapinit umi = {1, 2, 3};
  ioctl(fd, PIO_UNIMAPCLR, &umi);
  unsigned char cmap[48];
  for (int i = 0; i < 48; i++) cmap[i] = 255 - i;
  ioctl(fd, GIO_CMAP, cmap);
  ioctl(fd, PIO_CMAP, cmap);
  struct unipair pairs[3] = {{0x41, 1}, {0x42, 2}, {0x263a, 3}};
  struct unimapdesc ud = {3, pairs};
  ioctl(fd, GIO_UNIMAP, &ud);
  ioctl(fd, PIO_UNIMAP, &ud);
  ud.entries = BAD;
  ioctl(fd, PIO_UNIMAP, &ud);
  struct consolefontdesc cfd = {2, 16, (char *)font};
  ioctl(fd, GIO_FONTX, &cfd);
  ioctl(fd, PIO_FONTX, &cfd);
  struct console_font_op op = {KD_FONT_OP_GET, KD_FONT_FLAG_DONT_RECALC, 8, 16, 2, font};
  ioctl(fd, KDFONTOP, &op);
  op.op = KD_FONT_OP_SET;
  op.flags = 0x40;
  ioctl(fd, KDFONTOP, &op);
  op.op = KD_FONT_OP_SET_DEFAULT;
  op.data = (unsigned char *)"default8x16";
  ioctl(fd, KDFONTOP, &op);
  op.data = (unsigned char *)"a-font-name-that-is-far-too-long-for-the-kernel";
  ioctl(fd, KDFONTOP, &op);
  op.op = KD_FONT_OP_COPY;
  ioctl(fd, KDFONTOP, &op);
  op.op = 9;
  ioctl(fd, KDFONTOP, &op);
  ioctl(fd, KDFONTOP, tail(20));
  ioctl(fd, _IOR('K', 0x77, int), &meta);
  return 0;
}
