/* For every x86_64 syscall number and each argument position, makes the call
 * four times behind a seccomp filter that fails it with ENOSYS: with the
 * argument 0x13, 0x100000013, 0x10013 and 0x14; and that with the other
 * arguments 0, then 1 (a pointer next to a count of 0 prints as [] whatever
 * it is), then -1 (open's mode is printed only with O_CREAT among the flags). Where strace prints the argument (0x13 and 0x14 differ), and prints
 * the first two alike, it reads it as 32 bits (an int...); where the first
 * three, as 16 (a umode_t), as the kernel does. Run by
 * Tools/probe-syscalls.py.
 *
 *   cc -nostdlib -static -ffreestanding -fno-pic -O1 -o width-probe width-probe.c
 */
#define NR_EXIT 60
#define NR_EXIT_GROUP 231
#define NR_PRCTL 157
#define NR_SECCOMP 317
#define LAST 470

struct filter { unsigned short code; unsigned char jt, jf; unsigned int k; };
struct program { unsigned short len; const struct filter *filter; };

static long call(long n, const long *a) {
  long r;
  register long r10 __asm__("r10") = a[3];
  register long r8 __asm__("r8") = a[4];
  register long r9 __asm__("r9") = a[5];
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return r;
}

__attribute__((force_align_arg_pointer)) void _start(void) {
  static const struct filter rules[] = {
      {0x20, 0, 0, 0},
      {0x15, 2, 0, NR_EXIT},
      {0x15, 1, 0, NR_EXIT_GROUP},
      {0x06, 0, 0, 0x00050000 | 38},
      {0x06, 0, 0, 0x7fff0000},
  };
  static const struct program program = {5, rules};
  long setup[6] = {38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0};
  call(NR_PRCTL, setup);
  long filter[6] = {1 /* SECCOMP_SET_MODE_FILTER */, 0, (long)&program, 0, 0, 0};
  call(NR_SECCOMP, filter);
  for (long n = 0; n <= LAST; n++) {
    if (n == NR_EXIT || n == NR_EXIT_GROUP) continue;
    /* Unassigned numbers; this machine's kernel answers one of them with SIGILL. */
    if (n >= 335 && n < 424) continue;
    static const long contexts[3] = {0, 1, -1};
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 6; i++) {
        long others = contexts[k];
        long a[6] = {others, others, others, others, others, others};
        a[i] = 0x13;
        call(n, a);
        a[i] = 0x100000013L;
        call(n, a);
        a[i] = 0x10013;
        call(n, a);
        a[i] = 0x14;
        call(n, a);
      }
    }
  }
  long done[6] = {0, 0, 0, 0, 0, 0};
  call(NR_EXIT, done);
}
