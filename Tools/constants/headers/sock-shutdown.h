/* Shutdown bits strace 6.1 names in INET_DIAG_SHUTDOWN: the kernel keeps
 * them in include/net/sock.h, outside uapi. Copied here for
 * Tools/gen-constants.py. */
#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
