/* statfs(2) f_flags bits. No installed header defines ST_VALID (the kernel's
 * include/linux/statfs.h keeps them out of uapi; glibc's bits/statvfs.h
 * declares the others as an enum), so they are copied here from
 * include/linux/statfs.h for Tools/gen-constants.py. ST_VALID comes first:
 * strace prints it first. */
#define ST_VALID	0x0020
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_SYNCHRONOUS	0x0010
#define ST_MANDLOCK	0x0040
#define ST_NOATIME	0x0400
#define ST_NODIRATIME	0x0800
#define ST_RELATIME	0x1000
#define ST_NOSYMFOLLOW	0x2000
