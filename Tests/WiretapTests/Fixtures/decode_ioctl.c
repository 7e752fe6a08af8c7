/* ioctl requests of the families strace decodes, on descriptors any machine
 * has: a pseudo-terminal, sockets, /dev/urandom, namespace files, a regular
 * file and a pipe; each with a good argument, NULL and an unmapped one.
 * Compared line for line with strace by IoctlDecoderTests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
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

  /* Unknown requests of known and unknown types. */
  ioctl(0, _IOC(_IOC_READ, 'T', 0xfe, 8), BAD);
  ioctl(0, _IOC(_IOC_WRITE, 0xe3, 0x1, 4), BAD);
  ioctl(-1, 0xdeadbeef, 0);
  return 0;
}
