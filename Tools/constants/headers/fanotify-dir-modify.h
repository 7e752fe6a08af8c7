/* fanotify(7) FAN_DIR_MODIFY: briefly in uapi (Linux 5.7) and since removed
 * from include/uapi/linux/fanotify.h, but strace 6.1 still prints it, so it
 * is copied here for Tools/gen-constants.py. */
#define FAN_DIR_MODIFY 0x00080000
