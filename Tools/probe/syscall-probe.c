/* Makes every syscall number of its ABI (i386 or x86_64) once, with the
 * arguments 0x11..0x66, behind a seccomp filter that fails all of them with
 * ENOSYS except exit. Run under strace by Tools/probe-syscalls.py, which
 * reads how many arguments strace prints for each call and which
 * -e trace=%CLASS classes select it. Freestanding: no libc, so that the
 * 32-bit build needs no multilib packages.
 *
 *   cc -m32 -nostdlib -static -ffreestanding -fno-pic -O1 -o probe32 syscall-probe.c
 *   cc      -nostdlib -static -ffreestanding -fno-pic -O1 -o probe64 syscall-probe.c
 */
#ifndef PROBE_LAST
#define PROBE_LAST 470
#endif

struct filter { unsigned short code; unsigned char jt, jf; unsigned int k; };
struct program { unsigned short len; const struct filter *filter; };

#if defined(__i386__)
#define NR_EXIT 1
#define NR_EXIT_GROUP 252
#define NR_PRCTL 172
#define NR_SECCOMP 354
static volatile long sixth;
static long call(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  sixth = f;
  __asm__ volatile("push %%ebp\n\tmov sixth, %%ebp\n\tint $0x80\n\tpop %%ebp"
                   : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
  return r;
}
#elif defined(__x86_64__)
#define NR_EXIT 60
#define NR_EXIT_GROUP 231
#define NR_PRCTL 157
#define NR_SECCOMP 317
static long call(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return r;
}
#else
#error "i386 or x86_64 only"
#endif

__attribute__((force_align_arg_pointer)) void _start(void) {
  static const struct filter rules[] = {
      {0x20, 0, 0, 0},                         /* A = seccomp_data.nr */
      {0x15, 2, 0, NR_EXIT},                   /* exit: allow */
      {0x15, 1, 0, NR_EXIT_GROUP},             /* exit_group: allow */
      {0x06, 0, 0, 0x00050000 | 38},           /* everything else: ENOSYS */
      {0x06, 0, 0, 0x7fff0000},                /* allow */
  };
  static const struct program program = {5, rules};
  call(NR_PRCTL, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
  call(NR_SECCOMP, 1 /* SECCOMP_SET_MODE_FILTER */, 0, (long)&program, 0, 0, 0);
  for (long n = 0; n <= PROBE_LAST; n++) {
    if (n == NR_EXIT || n == NR_EXIT_GROUP) continue;
#if defined(__x86_64__)
    /* Unassigned numbers; this machine's kernel answers one of them with SIGILL. */
    if (n >= 335 && n < 424) continue;
#endif
    call(n, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66);
  }
  call(NR_EXIT, 0, 0, 0, 0, 0, 0);
}
