/* Network block device ioctls (type 0xab), only on /dev/null (ENOTTY: no
 * nbd device is touched): every request strace decodes, with descriptors,
 * sizes, known and unknown flags. Run by IoctlFamilyDecoderTests with and
 * without -e inject=ioctl:retval=0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/nbd.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
  write(-1, "MARK", 4);
  int fd = open("/dev/null", O_RDONLY);
  unsigned long values[] = {0, 1, 4096, 0xffffffffUL, 0x123456789abcdefUL, -1UL};
  unsigned int none[] = {NBD_DISCONNECT, NBD_CLEAR_SOCK, NBD_DO_IT, NBD_CLEAR_QUE, NBD_PRINT_DEBUG};
  for (unsigned i = 0; i < sizeof(none) / sizeof(none[0]); i++) ioctl(fd, none[i], 0x10UL);
  unsigned int sizes[] = {NBD_SET_BLKSIZE, NBD_SET_SIZE, NBD_SET_SIZE_BLOCKS, NBD_SET_TIMEOUT};
  for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    for (unsigned j = 0; j < sizeof(values) / sizeof(values[0]); j++) ioctl(fd, sizes[i], values[j]);
  ioctl(fd, NBD_SET_SOCK, (unsigned long)fd);
  ioctl(fd, NBD_SET_SOCK, -1UL);
  ioctl(fd, NBD_SET_SOCK, 0x100000003UL);
  unsigned long flags[] = {0, NBD_FLAG_HAS_FLAGS | NBD_FLAG_READ_ONLY | NBD_FLAG_SEND_FLUSH,
                           (1 << 4) | (1 << 6) | (1 << 7) | (1 << 9) | (1 << 10), NBD_FLAG_CAN_MULTI_CONN | 0x800,
                           0x10000, -1UL};
  for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) ioctl(fd, NBD_SET_FLAGS, flags[i]);
  ioctl(fd, _IO(0xab, 11), 0x10UL);
  return 0;
}
