/* quotactl(2) commands of the old v1 and v2 quota formats, which strace 6.1
 * still names. Linux removed them from include/uapi/linux/quota.h; they were
 * `(n) << 8` there (strace's OLD_CMD), as copied here for
 * Tools/gen-constants.py. */
#define Q_V1_QUOTAON 0x0100
#define Q_V1_QUOTAOFF 0x0200
#define Q_V1_GETQUOTA 0x0300
#define Q_V1_SETQUOTA 0x0400
#define Q_V1_SETUSE 0x0500
#define Q_V1_SYNC 0x0600
#define Q_SETQLIM 0x0700
#define Q_V1_GETSTATS 0x0800
#define Q_V1_RSQUASH 0x1000
#define Q_V2_GETQUOTA 0x0D00
#define Q_V2_SETQUOTA 0x0E00
#define Q_V2_SETUSE 0x0F00
#define Q_V2_GETINFO 0x0900
#define Q_V2_SETINFO 0x0A00
#define Q_V2_SETGRACE 0x0B00
#define Q_V2_SETFLAGS 0x0C00
#define Q_V2_GETSTATS 0x1100
