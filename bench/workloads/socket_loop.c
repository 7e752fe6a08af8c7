// A socket loop: N round trips of a datagram over a UNIX socketpair with
// sendto/recvfrom and sendmsg/recvmsg (default 20000): the calls that read a
// descriptor's kind to decode netlink messages.
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fds) != 0) return 1;
    char buf[64];
    for (long i = 0; i < n; i++) {
        if (sendto(fds[0], "ping", 4, 0, NULL, 0) != 4) return 1;
        if (recvfrom(fds[1], buf, sizeof buf, 0, NULL, NULL) != 4) return 1;
        struct iovec iov = {.iov_base = "pong", .iov_len = 4};
        struct msghdr m;
        memset(&m, 0, sizeof m);
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        if (sendmsg(fds[1], &m, 0) != 4) return 1;
        struct iovec in = {.iov_base = buf, .iov_len = sizeof buf};
        m.msg_iov = &in;
        if (recvmsg(fds[0], &m, 0) != 4) return 1;
    }
    return 0;
}
