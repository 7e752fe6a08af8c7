/* swapon(2) discard flags. glibc's sys/swap.h defines SWAP_FLAG_PREFER and
 * SWAP_FLAG_DISCARD only; the kernel keeps these two in include/linux/swap.h,
 * outside uapi, so they are copied here for Tools/gen-constants.py. */
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
