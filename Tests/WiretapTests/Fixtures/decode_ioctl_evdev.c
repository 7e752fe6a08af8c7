/* The evdev ioctls ('E') on /dev/null: the kernel fails them (ENOTTY), so
 * strace and wiretap decode the entry arguments and print the addresses at
 * exit; run under `-e inject=ioctl:retval=N` the calls are skipped and both
 * decode what is pre-filled here. Good, hostile (unknown names, huge
 * values), NULL, unmapped and cut-short arguments.
 * Compared line for line with strace by IoctlFamilyDecoderTests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/input.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAD ((void *)0x10)

/* The last `size` bytes of a page followed by an unmapped one. */
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

  /* Read requests: decoded at exit. */
  int version = 0x010001;
  ioctl(fd, EVIOCGVERSION, &version);
  ioctl(fd, EVIOCGVERSION, NULL);
  ioctl(fd, EVIOCGVERSION, BAD);
  ioctl(fd, EVIOCGVERSION, tail(2));
  int effects = -1;
  ioctl(fd, EVIOCGEFFECTS, &effects);
  struct input_id id = {BUS_USB, 0x046d, 0xc077, 0x111};
  ioctl(fd, EVIOCGID, &id);
  ioctl(fd, EVIOCGID, tail(6));
  unsigned int rep[2] = {250, 0xffffffff};
  ioctl(fd, EVIOCGREP, rep);
  ioctl(fd, EVIOCSREP, rep);
  ioctl(fd, EVIOCSREP, tail(4));
  unsigned int keycode[2] = {0x70004, KEY_A};
  ioctl(fd, EVIOCGKEYCODE, keycode);
  ioctl(fd, EVIOCSKEYCODE, keycode);
  unsigned int badkey[2] = {1, 0x2fe};
  ioctl(fd, EVIOCSKEYCODE, badkey);
  badkey[1] = 0x12345678;
  ioctl(fd, EVIOCGKEYCODE, badkey);
  struct input_keymap_entry ike = {.flags = INPUT_KEYMAP_BY_INDEX, .len = 4, .index = 7, .keycode = BTN_LEFT};
  for (int i = 0; i < 32; i++) ike.scancode[i] = i * 9;
  ioctl(fd, EVIOCGKEYCODE_V2, &ike);
  ioctl(fd, EVIOCSKEYCODE_V2, &ike);
  ike.keycode = 0xfff;
  ioctl(fd, EVIOCSKEYCODE_V2, &ike);
  ioctl(fd, EVIOCSKEYCODE_V2, tail(39));

  /* Strings: as many bytes as the call returned. */
  static char name[512] = "Logitech USB Optical Mouse\0rest\x01\xff";
  ioctl(fd, EVIOCGNAME(sizeof(name)), name);
  ioctl(fd, EVIOCGPHYS(sizeof(name)), name);
  ioctl(fd, EVIOCGUNIQ(0), name);
  ioctl(fd, EVIOCGNAME(16), NULL);
  ioctl(fd, EVIOCGNAME(16), BAD);
  ioctl(fd, EVIOCGNAME(16), tail(20));

  /* Multitouch slots. */
  int32_t mt[8] = {ABS_MT_POSITION_X, 10, -20, 30, 0x7fffffff, -1, 0, 1};
  ioctl(fd, EVIOCGMTSLOTS(sizeof(mt)), mt);
  ioctl(fd, EVIOCGMTSLOTS(4), mt);
  ioctl(fd, EVIOCGMTSLOTS(0), mt);
  mt[0] = 0x1234;
  ioctl(fd, EVIOCGMTSLOTS(8), mt);
  static int32_t many[1024];
  for (int i = 0; i < 1024; i++) many[i] = i * 1000 - 7;
  ioctl(fd, EVIOCGMTSLOTS(4096), many);
  int32_t *cut = (int32_t *)tail(12);
  cut[0] = ABS_MT_SLOT;
  ioctl(fd, EVIOCGMTSLOTS(32), cut);

  /* Bit sets. */
  static unsigned char bits[512];
  memset(bits, 0, sizeof(bits));
  bits[0] = 0xff;
  bits[1] = 0x81;
  bits[4] = 0x10;
  bits[15] = 0x80;
  bits[95] = 0xff;
  ioctl(fd, EVIOCGBIT(0, sizeof(bits)), bits);
  ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(bits)), bits);
  ioctl(fd, EVIOCGBIT(EV_REL, 2), bits);
  ioctl(fd, EVIOCGBIT(EV_ABS, 8), bits);
  ioctl(fd, EVIOCGBIT(EV_MSC, 1), bits);
  ioctl(fd, EVIOCGBIT(EV_SW, 4), bits);
  ioctl(fd, EVIOCGBIT(EV_LED, 2), bits);
  ioctl(fd, EVIOCGBIT(EV_SND, 1), bits);
  ioctl(fd, EVIOCGBIT(EV_REP, 1), bits);
  ioctl(fd, EVIOCGBIT(EV_FF, 16), bits);
  ioctl(fd, EVIOCGBIT(EV_PWR, 4), bits);
  ioctl(fd, EVIOCGBIT(EV_FF_STATUS, 1), bits);
  ioctl(fd, EVIOCGBIT(0x1e, 8), bits);
  ioctl(fd, EVIOCGBIT(EV_KEY, 8), NULL);
  ioctl(fd, EVIOCGBIT(EV_KEY, 8), BAD);
  ioctl(fd, EVIOCGKEY(sizeof(bits)), bits);
  ioctl(fd, EVIOCGLED(8), bits);
  ioctl(fd, EVIOCGSND(8), bits);
  ioctl(fd, EVIOCGSW(8), bits);
  ioctl(fd, EVIOCGPROP(8), bits);
  ioctl(fd, EVIOCGKEY(8), tail(4));
  ioctl(fd, EVIOCGBIT(EV_SW, 8), tail(8));
  ioctl(fd, EVIOCGBIT(EV_KEY, 96), tail(96));

  /* Absolute axes, of the regular size and others. */
  struct input_absinfo abs = {100, -5, 1023, 4, 8, 12};
  ioctl(fd, EVIOCGABS(ABS_X), &abs);
  ioctl(fd, EVIOCGABS(ABS_MT_TOOL_Y), &abs);
  ioctl(fd, EVIOCGABS(0x3f), &abs);
  ioctl(fd, EVIOCSABS(ABS_Y), &abs);
  ioctl(fd, EVIOCSABS(0x3e), &abs);
  ioctl(fd, _IOR('E', 0x40 + ABS_Z, char[20]), &abs);
  ioctl(fd, _IOR('E', 0x40 + ABS_Z, char[16]), &abs);
  ioctl(fd, _IOR('E', 0x40 + ABS_Z, char[22]), &abs);
  ioctl(fd, _IOW('E', 0xc0 + ABS_Z, char[28]), &abs);
  ioctl(fd, EVIOCSABS(ABS_X), tail(20));
  ioctl(fd, EVIOCSABS(ABS_X), NULL);

  /* Force feedback. */
  struct ff_effect ffe;
  memset(&ffe, 0, sizeof(ffe));
  ffe.type = FF_PERIODIC;
  ffe.id = -1;
  ffe.direction = 0x4000;
  ffe.trigger.button = 1;
  ffe.trigger.interval = 2;
  ffe.replay.length = 3;
  ffe.replay.delay = 4;
  ffe.u.periodic.waveform = FF_SINE;
  ffe.u.periodic.period = 100;
  ffe.u.periodic.magnitude = -300;
  ffe.u.periodic.offset = 5;
  ffe.u.periodic.phase = 6;
  ffe.u.periodic.envelope.attack_length = 7;
  ffe.u.periodic.envelope.attack_level = 8;
  ffe.u.periodic.envelope.fade_length = 9;
  ffe.u.periodic.envelope.fade_level = 10;
  ffe.u.periodic.custom_len = 11;
  ffe.u.periodic.custom_data = BAD;
  ioctl(fd, EVIOCSFF, &ffe);
  ffe.type = FF_CONSTANT;
  ioctl(fd, EVIOCSFF, &ffe);
  ffe.type = FF_RAMP;
  ioctl(fd, EVIOCSFF, &ffe);
  ffe.type = FF_RUMBLE;
  ioctl(fd, EVIOCSFF, &ffe);
  ffe.type = 0x7777;
  ioctl(fd, EVIOCSFF, &ffe);
  ioctl(fd, EVIOCSFF, tail(40));
  ioctl(fd, EVIOCRMFF, 3);
  ioctl(fd, EVIOCRMFF, -2L);
  ioctl(fd, EVIOCGRAB, 1);
  ioctl(fd, EVIOCGRAB, 0xffffffff00000001UL);
  ioctl(fd, EVIOCREVOKE, 0);
  int clock = 1;
  ioctl(fd, EVIOCSCLOCKID, &clock);
  ioctl(fd, EVIOCSCLOCKID, BAD);

  /* Masks (strace prints the address), and requests it does not know. */
  struct input_mask mask = {EV_KEY, 8, 0};
  ioctl(fd, EVIOCGMASK, &mask);
  ioctl(fd, EVIOCSMASK, &mask);
  ioctl(fd, _IOR('E', 0x99, int), &mask);
  ioctl(fd, _IOW('E', 0x99, int), &mask);
  ioctl(fd, _IO('E', 0x99), 0x1234);
  ioctl(fd, _IOWR('E', 0x01, int), &version);
  return 0;
}
