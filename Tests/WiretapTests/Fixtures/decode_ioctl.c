/* ioctl requests of the families strace decodes, on descriptors any machine
 * has: a pseudo-terminal, sockets, /dev/urandom, namespace files, a regular
 * file and a pipe; each with a good argument, NULL and an unmapped one.
 * Compared line for line with strace by IoctlDecoderTests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/fiemap.h>
#include <linux/loop.h>
#include <linux/perf_event.h>
#include <linux/rtc.h>
#include <sys/syscall.h>
#include <linux/nsfs.h>
#include <linux/random.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#define BAD ((void *)1)

int main(void) {
  write(-1, "MARK", 4);

  /* tty: a pseudo-terminal pair. */
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master >= 0) {
    grantpt(master);
    unlockpt(master);
    int unlock = 0;
    ioctl(master, TIOCSPTLCK, &unlock);
    int number = -1;
    ioctl(master, TIOCGPTN, &number);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    struct termios t;
    ioctl(slave, TCGETS, &t);
    ioctl(slave, TCSETS, &t);
    ioctl(slave, TCSETSW, &t);
    struct winsize w = {24, 80, 0, 0};
    ioctl(slave, TIOCSWINSZ, &w);
    ioctl(slave, TIOCGWINSZ, &w);
    int queued = 0;
    ioctl(master, FIONREAD, &queued);
    ioctl(slave, TIOCOUTQ, &queued);
    ioctl(slave, TCFLSH, TCIOFLUSH);
    ioctl(slave, TCXONC, TCOON);
    ioctl(slave, TCSBRK, 1);
    int line = 0;
    ioctl(slave, TIOCGETD, &line);
    ioctl(slave, TIOCSETD, &line);
    int modem = 0;
    ioctl(slave, TIOCMGET, &modem);
    pid_t group = 0;
    ioctl(slave, TIOCGPGRP, &group);
    ioctl(slave, TIOCGSID, &group);
    ioctl(slave, TIOCGEXCL, &line);
    ioctl(slave, TCGETS, NULL);
    ioctl(slave, TCGETS, BAD);
    ioctl(slave, TIOCGWINSZ, BAD);
    close(slave);
    close(master);
  }

  /* Sockets. */
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  ioctl(s, SIOCGIFINDEX, &ifr);
  ioctl(s, SIOCGIFFLAGS, &ifr);
  ioctl(s, SIOCGIFMTU, &ifr);
  ioctl(s, SIOCGIFADDR, &ifr);
  ioctl(s, SIOCGIFNETMASK, &ifr);
  ioctl(s, SIOCGIFHWADDR, &ifr);
  ifr.ifr_ifindex = 1;
  ioctl(s, SIOCGIFNAME, &ifr);
  char buffer[1024];
  struct ifconf conf = {.ifc_len = sizeof buffer, .ifc_buf = buffer};
  ioctl(s, SIOCGIFCONF, &conf);
  strcpy(ifr.ifr_name, "nonexistent0");
  ioctl(s, SIOCGIFINDEX, &ifr);
  int pending = 0;
  ioctl(s, SIOCINQ, &pending);
  ioctl(s, SIOCOUTQ, &pending);
  ioctl(s, FIONBIO, &pending);
  ioctl(s, SIOCGIFFLAGS, NULL);
  ioctl(s, SIOCGIFFLAGS, BAD);
  close(s);

  /* The random device. */
  int random = open("/dev/urandom", O_RDONLY);
  int entropy = 0;
  ioctl(random, RNDGETENTCNT, &entropy);
  ioctl(random, RNDGETENTCNT, BAD);
  close(random);

  /* Namespace files. */
  int ns = open("/proc/self/ns/net", O_RDONLY);
  ioctl(ns, NS_GET_NSTYPE);
  ioctl(ns, NS_GET_USERNS);
  int pidns = open("/proc/self/ns/pid", O_RDONLY);
  ioctl(pidns, NS_GET_PARENT);
  uid_t owner = 0;
  int userns = open("/proc/self/ns/user", O_RDONLY);
  ioctl(userns, NS_GET_OWNER_UID, &owner);
  close(ns);
  close(pidns);
  close(userns);

  /* A regular file and a pipe. */
  /* In the test's own directory: the same path under both tracers. */
  int file = open("ioctl-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("ioctl-file");
  int flags = 0;
  ioctl(file, FS_IOC_GETFLAGS, &flags);
  ioctl(file, FS_IOC_SETFLAGS, &flags);
  int block = 0;
  ioctl(file, FIGETBSZ, &block);
  ioctl(file, FIONREAD, &block);
  ioctl(file, FIOCLEX);
  ioctl(file, FIONCLEX);
  ioctl(file, FIOASYNC, &flags);
  unsigned int version = 0;
  ioctl(file, FS_IOC_GETVERSION, &version);
  ioctl(file, BLKGETSIZE64, &version);
  ioctl(file, BLKSSZGET, &version);
  ioctl(file, BLKROGET, &version);
  close(file);
  int fds[2];
  pipe(fds);
  write(fds[1], "abc", 3);
  ioctl(fds[0], FIONREAD, &block);
  close(fds[0]);
  close(fds[1]);

  /* loop: on a regular file (ENOTTY), the entry-side structures decoded
   * all the same; /dev/loop-control's LOOP_CTL_GET_FREE only. */
  int lf = open("ioctl-loop", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("ioctl-loop");
  ioctl(lf, LOOP_SET_FD, lf);
  ioctl(lf, LOOP_CHANGE_FD, -1);
  ioctl(lf, LOOP_CLR_FD);
  ioctl(lf, LOOP_SET_CAPACITY);
  ioctl(lf, LOOP_SET_DIRECT_IO, 1);
  ioctl(lf, LOOP_SET_BLOCK_SIZE, 4096);
  ioctl(lf, LOOP_CTL_ADD, 7);
  ioctl(lf, LOOP_CTL_REMOVE, -2);
  struct loop_info li;
  memset(&li, 0, sizeof li);
  li.lo_number = 3; li.lo_device = 0x801; li.lo_inode = 12; li.lo_rdevice = 0x10302;
  li.lo_offset = -1; li.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR | 0x40;
  strcpy(li.lo_name, "backing");
  li.lo_init[0] = 0x1234; li.reserved[1] = 5;
  ioctl(lf, LOOP_SET_STATUS, &li);
  li.lo_encrypt_type = LO_CRYPT_XOR; li.lo_encrypt_key_size = 5;
  memcpy(li.lo_encrypt_key, "k\1y\377z", 5);
  memset(li.lo_name, 'n', sizeof li.lo_name);
  ioctl(lf, LOOP_SET_STATUS, &li);
  li.lo_encrypt_type = 77; li.lo_encrypt_key_size = 1000;
  memset(li.lo_encrypt_key, 'K', sizeof li.lo_encrypt_key);
  li.lo_name[sizeof li.lo_name - 1] = 0;
  ioctl(lf, LOOP_SET_STATUS, &li);
  ioctl(lf, LOOP_SET_STATUS, NULL);
  ioctl(lf, LOOP_SET_STATUS, BAD);
  ioctl(lf, LOOP_GET_STATUS, &li);
  struct loop_info64 li64;
  memset(&li64, 0, sizeof li64);
  li64.lo_device = 0x700; li64.lo_inode = 99; li64.lo_offset = 4096; li64.lo_sizelimit = 1 << 20;
  li64.lo_number = 2; li64.lo_flags = LO_FLAGS_PARTSCAN | LO_FLAGS_DIRECT_IO;
  strcpy((char *)li64.lo_file_name, "/tmp/image");
  ioctl(lf, LOOP_SET_STATUS64, &li64);
  li64.lo_encrypt_type = LO_CRYPT_CRYPTOAPI; li64.lo_encrypt_key_size = 3;
  strcpy((char *)li64.lo_crypt_name, "aes");
  memcpy(li64.lo_encrypt_key, "abc", 3);
  li64.lo_init[1] = 0xffffffffffffffffULL;
  ioctl(lf, LOOP_SET_STATUS64, &li64);
  ioctl(lf, LOOP_SET_STATUS64, NULL);
  ioctl(lf, LOOP_SET_STATUS64, BAD);
  ioctl(lf, LOOP_GET_STATUS64, &li64);
  struct loop_config lc;
  memset(&lc, 0, sizeof lc);
  lc.fd = lf; lc.block_size = 512; lc.info = li64;
  ioctl(lf, LOOP_CONFIGURE, &lc);
  lc.fd = -1; lc.__reserved[3] = 0xabc;
  ioctl(lf, LOOP_CONFIGURE, &lc);
  ioctl(lf, LOOP_CONFIGURE, NULL);
  ioctl(lf, LOOP_CONFIGURE, BAD);
  close(lf);
  int control = open("/dev/loop-control", O_RDWR);
  if (control >= 0) {
    ioctl(control, LOOP_CTL_GET_FREE);
    close(control);
  }

  /* perf: a disabled software counter, and a regular file. */
  struct perf_event_attr pa;
  memset(&pa, 0, sizeof pa);
  pa.type = PERF_TYPE_SOFTWARE;
  pa.size = sizeof pa;
  pa.config = PERF_COUNT_SW_TASK_CLOCK;
  pa.disabled = 1;
  int pf = syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0);
  int pt = open("ioctl-perf", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("ioctl-perf");
  int targets[2] = {pf, pt};
  for (int t = 0; t < 2; t++) {
    int p = targets[t];
    if (p < 0) continue;
    ioctl(p, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(p, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
    ioctl(p, PERF_EVENT_IOC_RESET, 0x6);
    ioctl(p, PERF_EVENT_IOC_REFRESH, -3);
    unsigned long long period = 100000;
    ioctl(p, PERF_EVENT_IOC_PERIOD, &period);
    ioctl(p, PERF_EVENT_IOC_PERIOD, NULL);
    ioctl(p, PERF_EVENT_IOC_PERIOD, BAD);
    ioctl(p, PERF_EVENT_IOC_SET_OUTPUT, -1);
    ioctl(p, PERF_EVENT_IOC_SET_BPF, 12345);
    ioctl(p, PERF_EVENT_IOC_PAUSE_OUTPUT, 1);
    ioctl(p, PERF_EVENT_IOC_SET_FILTER, "filter \"x\"");
    ioctl(p, PERF_EVENT_IOC_SET_FILTER, BAD);
    unsigned long long id = 0;
    ioctl(p, PERF_EVENT_IOC_ID, t == 0 ? (void *)&period : (void *)&id);
    ioctl(p, PERF_EVENT_IOC_ID, BAD);
    struct { unsigned int ids_len, prog_cnt, ids[4]; } query = {4, 0, {0}};
    ioctl(p, PERF_EVENT_IOC_QUERY_BPF, &query);
    ioctl(p, PERF_EVENT_IOC_QUERY_BPF, NULL);
    ioctl(p, PERF_EVENT_IOC_QUERY_BPF, BAD);
    ioctl(p, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, &pa);
    ioctl(p, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, NULL);
    ioctl(p, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, BAD);
    ioctl(p, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(p, PERF_EVENT_IOC_DISABLE, 0);
    close(p);
  }

  /* rtc: on a regular file (never a real clock: nothing is set). */
  int rf = open("ioctl-rtc", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("ioctl-rtc");
  struct rtc_time rt = {.tm_sec = 1, .tm_min = 2, .tm_hour = 3, .tm_mday = 4, .tm_mon = 5, .tm_year = 126,
                        .tm_wday = 6, .tm_yday = 7, .tm_isdst = -1};
  ioctl(rf, RTC_SET_TIME, &rt);
  ioctl(rf, RTC_ALM_SET, &rt);
  ioctl(rf, RTC_SET_TIME, NULL);
  ioctl(rf, RTC_ALM_SET, BAD);
  ioctl(rf, RTC_RD_TIME, &rt);
  ioctl(rf, RTC_ALM_READ, &rt);
  struct rtc_wkalrm wk = {.enabled = 1, .pending = 200, .time = rt};
  ioctl(rf, RTC_WKALM_SET, &wk);
  ioctl(rf, RTC_WKALM_SET, BAD);
  ioctl(rf, RTC_WKALM_RD, &wk);
  struct rtc_pll_info pll = {1, -2, 3, -4, 5, 6, -7};
  ioctl(rf, RTC_PLL_SET, &pll);
  ioctl(rf, RTC_PLL_SET, NULL);
  ioctl(rf, RTC_PLL_GET, &pll);
  ioctl(rf, RTC_IRQP_SET, 64);
  ioctl(rf, RTC_EPOCH_SET, -1L);
  unsigned long rate = 0;
  ioctl(rf, RTC_IRQP_READ, &rate);
  ioctl(rf, RTC_EPOCH_READ, &rate);
  unsigned int vl = 0;
  ioctl(rf, RTC_VL_READ, &vl);
  ioctl(rf, RTC_VL_CLR);
  ioctl(rf, RTC_AIE_ON);
  ioctl(rf, RTC_AIE_OFF);
  ioctl(rf, RTC_UIE_ON);
  ioctl(rf, RTC_UIE_OFF);
  ioctl(rf, RTC_PIE_ON);
  ioctl(rf, RTC_PIE_OFF);
  ioctl(rf, RTC_WIE_ON);
  ioctl(rf, RTC_WIE_OFF);
  close(rf);

  /* FS_IOC_FIEMAP on a regular file (tmpfs refuses it: fine). */
  int ff = open("ioctl-fiemap", O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink("ioctl-fiemap");
  static char fill[8192];
  memset(fill, 'x', sizeof fill);
  write(ff, fill, sizeof fill);
  fsync(ff);
  struct {
    struct fiemap map;
    struct fiemap_extent extents[4];
  } fm;
  memset(&fm, 0, sizeof fm);
  fm.map.fm_length = FIEMAP_MAX_OFFSET;
  fm.map.fm_flags = FIEMAP_FLAG_SYNC;
  fm.map.fm_extent_count = 4;
  ioctl(ff, FS_IOC_FIEMAP, &fm);
  fm.map.fm_extent_count = 0;
  ioctl(ff, FS_IOC_FIEMAP, &fm);
  fm.map.fm_flags = FIEMAP_FLAG_XATTR | 0x100;
  ioctl(ff, FS_IOC_FIEMAP, &fm);
  ioctl(ff, FS_IOC_FIEMAP, NULL);
  ioctl(ff, FS_IOC_FIEMAP, BAD);
  close(ff);
  ioctl(fds[0], FS_IOC_FIEMAP, &fm);

  /* Unknown requests of known and unknown types. */
  ioctl(0, _IOC(_IOC_READ, 'T', 0xfe, 8), BAD);
  ioctl(0, _IOC(_IOC_WRITE, 0xe3, 0x1, 4), BAD);
  ioctl(-1, 0xdeadbeef, 0);
  return 0;
}
