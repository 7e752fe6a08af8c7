/* Audit message types strace 6.1 names that linux/audit.h only mentions in
 * a comment (deprecated). Copied here for Tools/gen-constants.py. */
#define AUDIT_FS_WATCH 1301
