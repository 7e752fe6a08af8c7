/* seccomp user notification ioctls (type '!') on /dev/null: NOTIF_RECV's
 * structure zeroed (printed at exit only) and filled (entry => exit),
 * NOTIF_SEND, NOTIF_ID_VALID (not its old wrong-direction code, which strace
 * names SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR and wiretap does not yet), NOTIF_ADDFD,
 * with unknown flags, NULL, unmapped and cut-short arguments. Run by
 * IoctlFamilyDecoderTests with and without -e inject=ioctl:retval=0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

int main(void) {
  write(-1, "MARK", 4);
  int null = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();

  struct seccomp_notif notif;
  memset(&notif, 0, sizeof(notif));
  ioctl(null, SECCOMP_IOCTL_NOTIF_RECV, &notif);
  notif.id = 0x123456789abcdefULL;
  notif.pid = 1;
  notif.flags = 3;
  notif.data.nr = SYS_getpid;
  notif.data.arch = AUDIT_ARCH_X86_64;
  notif.data.instruction_pointer = 0x401000;
  for (int i = 0; i < 6; i++) notif.data.args[i] = 0x1111111111111111ULL * (i + 1);
  ioctl(null, SECCOMP_IOCTL_NOTIF_RECV, &notif);
  notif.data.nr = 100000;
  notif.data.arch = AUDIT_ARCH_I386;
  notif.data.instruction_pointer = 0;
  ioctl(null, SECCOMP_IOCTL_NOTIF_RECV, &notif);
  notif.data.nr = 1;
  notif.data.arch = 0x12345678;
  ioctl(null, SECCOMP_IOCTL_NOTIF_RECV, &notif);

  struct seccomp_notif_resp resp = {.id = 0xfeed, .val = -5, .error = -EPERM, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE};
  ioctl(null, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  resp.error = 0;
  resp.val = 1;
  resp.flags = 6;
  ioctl(null, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  resp.error = -100000;
  resp.flags = 0;
  ioctl(null, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  resp.error = 5;
  ioctl(null, SECCOMP_IOCTL_NOTIF_SEND, &resp);

  uint64_t id = 0xdeadbeef;
  ioctl(null, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);

  struct seccomp_notif_addfd addfd = {.id = 7, .flags = SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND,
                                      .srcfd = null, .newfd = 9, .newfd_flags = O_CLOEXEC};
  ioctl(null, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
  addfd.flags = 0x10;
  addfd.srcfd = -1;
  addfd.newfd = -1;
  addfd.newfd_flags = O_CLOEXEC | 0x1;
  ioctl(null, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
  addfd.flags = 0;
  addfd.newfd_flags = 0;
  ioctl(null, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);

  unsigned int requests[] = {SECCOMP_IOCTL_NOTIF_RECV, SECCOMP_IOCTL_NOTIF_SEND, SECCOMP_IOCTL_NOTIF_ID_VALID,
                             SECCOMP_IOCTL_NOTIF_ADDFD, _IO('!', 9)};
  for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
    ioctl(null, requests[i], NULL);
    ioctl(null, requests[i], (void *)0x10);
    unsigned size = _IOC_SIZE(requests[i]) ? _IOC_SIZE(requests[i]) : 8;
    ioctl(null, requests[i], guard + 4096 - size + 4);
    memset(guard + 4096 - size, 0, size);
    ioctl(null, requests[i], guard + 4096 - size);
  }
  return 0;
}
