/* KD_FONT_FLAG_OLD, which strace 6.1 names (its kd_font_flags xlat) and
 * linux/kd.h no longer defines. Copied here for Tools/gen-constants.py. */
#define KD_FONT_FLAG_OLD 0x80000000
