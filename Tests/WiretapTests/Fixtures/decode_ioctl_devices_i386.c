/* ioctl family structures with pointers or longs, from a 32-bit (i386)
 * tracee on /dev/null: strace's mpers layouts (struct ff_effect,
 * mtd_oob_buf, hd_geometry, unimapdesc, consolefontdesc, console_font_op).
 * Freestanding: raw int $0x80, no libc; structures declared here in their
 * i386 layout. Compared with strace by IoctlFamilyDecoderTests. */
#include <linux/ioctl.h>

static long sys3(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}
#define ioctl(fd, request, arg) sys3(54, (long)(fd), (long)(request), (long)(arg))

struct ff_envelope { unsigned short attack_length, attack_level, fade_length, fade_level; };
struct ff_effect {
  unsigned short type;
  short id;
  unsigned short direction;
  struct { unsigned short button, interval; } trigger;
  struct { unsigned short length, delay; } replay;
  union {
    struct { unsigned short waveform, period; short magnitude, offset; unsigned short phase;
             struct ff_envelope envelope; unsigned int custom_len; short *custom_data; } periodic;
  } u;
};
struct mtd_oob_buf { unsigned int start, length; unsigned char *ptr; };
struct hd_geometry { unsigned char heads, sectors; unsigned short cylinders; unsigned long start; };
struct unipair { unsigned short unicode, fontpos; };
struct unimapdesc { unsigned short entry_ct; struct unipair *entries; };
struct consolefontdesc { unsigned short charcount, charheight; char *chardata; };
struct console_font_op { unsigned int op, flags, width, height, charcount; unsigned char *data; };

void _start(void) {
  static struct ff_effect ffe = {0x51 /* FF_PERIODIC */, -1, 0x4000, {1, 2}, {3, 4},
                                 {{90, 100, -300, 5, 6, {7, 8, 9, 10}, 11, (short *)0x10}}};
  static struct mtd_oob_buf oob = {1, 2, (unsigned char *)0x20};
  static struct hd_geometry geo = {255, 63, 1023, 0x12345678};
  static struct unipair pairs[2] = {{0x41, 1}, {0x263a, 2}};
  static struct unimapdesc ud = {2, pairs};
  static unsigned char font[64] = {1, 2, 3};
  static struct consolefontdesc cfd = {1, 16, (char *)font};
  static struct console_font_op op = {0 /* KD_FONT_OP_SET */, 0, 8, 16, 1, font};
  static unsigned long value = 7;
  int fd = sys3(5, (long)"/dev/null", 0, 0);
  sys3(4, -1, (long)"MARK", 4);
  ioctl(fd, _IOW('E', 0x80, struct ff_effect), &ffe);
  ioctl(fd, _IOWR('M', 3, struct mtd_oob_buf), &oob);
  ioctl(fd, _IOWR('M', 4, struct mtd_oob_buf), &oob);
  ioctl(fd, 0x0301 /* HDIO_GETGEO */, &geo);
  ioctl(fd, 0x0309 /* HDIO_GET_32BIT */, &value);
  ioctl(fd, 0x0324 /* HDIO_SET_32BIT */, 1);
  ioctl(fd, 0x4B66 /* GIO_UNIMAP */, &ud);
  ioctl(fd, 0x4B67 /* PIO_UNIMAP */, &ud);
  ioctl(fd, 0x4B6B /* GIO_FONTX */, &cfd);
  ioctl(fd, 0x4B6C /* PIO_FONTX */, &cfd);
  ioctl(fd, 0x4B72 /* KDFONTOP */, &op);
  op.op = 1; /* KD_FONT_OP_GET */
  ioctl(fd, 0x4B72 /* KDFONTOP */, &op);
  sys3(1, 0, 0, 0);
}
