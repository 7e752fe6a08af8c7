/* TLS_1_2_VERSION and TLS_1_3_VERSION as linux/tls.h's
 * TLS_VERSION_NUMBER(id) macro computes them (major << 8 | minor), which
 * Tools/gen-constants.py cannot evaluate. */
#define TLS_1_2_VERSION 0x303
#define TLS_1_3_VERSION 0x304
