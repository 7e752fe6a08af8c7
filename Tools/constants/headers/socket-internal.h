/* Socket constants strace 6.1 names that no installed header defines: the
 * kernel keeps them in include/linux/socket.h, outside uapi. Copied here for
 * Tools/gen-constants.py. */
#define MSG_PROBE 0x10
#define MSG_SENDPAGE_NOTLAST 0x20000
#define MSG_NO_SHARED_FRAGS 0x80000
#define MSG_CMSG_COMPAT 0x80000000
#define SOL_SCTP 132
#define SOL_UDPLITE 136
#define SCM_SECURITY 3
