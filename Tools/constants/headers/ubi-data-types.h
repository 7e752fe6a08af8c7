/* UBI data types strace 6.1 names (its ubi_data_types xlat) that
 * mtd/ubi-user.h no longer defines (removed from the kernel's uapi in 3.x).
 * Copied here for Tools/gen-constants.py. */
#define UBI_LONGTERM 1
#define UBI_SHORTTERM 2
#define UBI_UNKNOWN 3
