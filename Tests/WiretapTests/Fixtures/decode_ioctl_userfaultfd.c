/* userfaultfd ioctls (type 0xaa): real, successful UFFDIO_API, REGISTER,
 * COPY, ZEROPAGE, WAKE and UNREGISTER on a userfaultfd, then failing and
 * hostile calls (NULL, unmapped, cut short at a page's end, unknown bits),
 * and on /dev/null. Compared with strace by IoctlFamilyDecoderTests, also
 * under -e inject=ioctl:retval=0 (the structures as pre-filled). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A page followed by an unmapped one: structures placed at its end are cut short. */
static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

int main(void) {
  write(-1, "MARK", 4);
  int null = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();
  long page = 4096;

  int uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  struct uffdio_api api = {.api = UFFD_API, .features = 0};
  ioctl(uffd, UFFDIO_API, &api);
  /* A second handshake fails: the structure without the kernel's answer. */
  api.features = UFFD_FEATURE_EVENT_FORK | (1ULL << 40);
  ioctl(uffd, UFFDIO_API, &api);

  char *area = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct uffdio_register reg = {.range = {.start = (uintptr_t)area, .len = 4 * page},
                                .mode = UFFDIO_REGISTER_MODE_MISSING};
  ioctl(uffd, UFFDIO_REGISTER, &reg);

  static char source[4096] __attribute__((aligned(4096))) = "copied";
  struct uffdio_copy copy = {.dst = (uintptr_t)area, .src = (uintptr_t)source, .len = page, .mode = 0};
  ioctl(uffd, UFFDIO_COPY, &copy);
  struct uffdio_zeropage zero = {.range = {.start = (uintptr_t)area + page, .len = page}, .mode = 0};
  ioctl(uffd, UFFDIO_ZEROPAGE, &zero);
  /* Already mapped: EEXIST, no result field. */
  ioctl(uffd, UFFDIO_COPY, &copy);
  ioctl(uffd, UFFDIO_ZEROPAGE, &zero);
  struct uffdio_range range = {.start = (uintptr_t)area + 2 * page, .len = page};
  ioctl(uffd, UFFDIO_WAKE, &range);
  struct uffdio_writeprotect wp = {.range = range, .mode = 0};
  ioctl(uffd, UFFDIO_WRITEPROTECT, &wp);
  struct uffdio_continue cont = {.range = range, .mode = 0};
  ioctl(uffd, UFFDIO_CONTINUE, &cont);
  range.start = (uintptr_t)area;
  range.len = 4 * page;
  ioctl(uffd, UFFDIO_UNREGISTER, &range);

  /* Unknown mode bits, failing calls. */
  copy.mode = UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP | 0x100;
  ioctl(uffd, UFFDIO_COPY, &copy);
  copy.mode = 0x80;
  ioctl(uffd, UFFDIO_COPY, &copy);
  reg.mode = UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP | UFFDIO_REGISTER_MODE_MINOR | 0x40;
  ioctl(uffd, UFFDIO_REGISTER, &reg);
  zero.mode = UFFDIO_ZEROPAGE_MODE_DONTWAKE | 0x20;
  ioctl(uffd, UFFDIO_ZEROPAGE, &zero);
  range.start = 1;
  range.len = -1;
  ioctl(uffd, UFFDIO_UNREGISTER, &range);

  /* NULL, unmapped, cut short, on /dev/null. */
  unsigned int requests[] = {UFFDIO_API, UFFDIO_REGISTER, UFFDIO_UNREGISTER, UFFDIO_WAKE, UFFDIO_COPY,
                             UFFDIO_ZEROPAGE, UFFDIO_WRITEPROTECT, UFFDIO_CONTINUE};
  for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
    ioctl(uffd, requests[i], NULL);
    ioctl(uffd, requests[i], (void *)0x10);
    unsigned size = _IOC_SIZE(requests[i]);
    ioctl(uffd, requests[i], guard + 4096 - size + 8);
    memset(guard + 4096 - size, 0x5a, size);
    ioctl(null, requests[i], guard + 4096 - size);
  }
  struct uffdio_api full = {.api = 0xab, .features = ~0ULL, .ioctls = ~0ULL};
  ioctl(null, UFFDIO_API, &full);
  struct uffdio_register reg_full = {.range = {1, 2}, .mode = ~0ULL, .ioctls = ~0ULL};
  ioctl(null, UFFDIO_REGISTER, &reg_full);
  close(uffd);
  return 0;
}
