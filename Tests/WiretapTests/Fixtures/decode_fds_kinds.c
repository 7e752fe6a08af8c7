#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
/* One descriptor of each kind -e decode-fds= tells apart, after the marker:
 * a file, a character device, a unix socket pair, a pidfd, and a socket
 * strace cannot describe (vsock: its link's `socket:[N]`; not a packet
 * socket, which NetlinkDecoderTests' packet dumps would see). */
int main(void) {
  write(-1, "MARK", 4);
  int f = open("/etc/hostname", O_RDONLY);
  int n = open("/dev/null", O_WRONLY);
  int s[2]; socketpair(AF_UNIX, SOCK_STREAM, 0, s);
  int pfd = syscall(SYS_pidfd_open, getpid(), 0);
  char c;
  read(f, &c, 1);
  write(n, "x", 1);
  write(s[0], "y", 1);
  fcntl(pfd, F_GETFD);
  int vsock = socket(AF_VSOCK, SOCK_STREAM, 0);
  fcntl(vsock, F_GETFD);
  close(vsock);
  close(f); close(n); close(s[0]); close(s[1]); close(pfd);
  return 0;
}
