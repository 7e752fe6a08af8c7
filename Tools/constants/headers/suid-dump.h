/* prctl(PR_SET_DUMPABLE) values. No installed header defines them (the
 * kernel keeps them in include/linux/sched/coredump.h, outside uapi), so
 * they are copied here for Tools/gen-constants.py. */
#define SUID_DUMP_DISABLE 0
#define SUID_DUMP_USER 1
#define SUID_DUMP_ROOT 2
