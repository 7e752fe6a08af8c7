/* Calls every syscall number of its ABI (x86_64, or i386 with -m32) with a
 * series of argument patterns, ordinary and hostile, behind a seccomp filter
 * that fails every call with ENOSYS: nothing happens, and a tracer decodes
 * each call's arguments on entry as it would for a real one. The tracer's
 * lines are compared with strace's (SyscallSweepTests,
 * Tools/syscall-coverage.py).
 *
 * Freestanding (no libc), so the 32-bit build needs no multilib packages, and
 * static at fixed addresses, so pointers print the same in every run.
 *
 *   syscall_sweep [FIRST [LAST]]: only the numbers from FIRST to LAST
 *   (default: FIRST alone; with neither, all of them).
 */
#if defined(__i386__)
#define NR_EXIT 1
#define NR_EXIT_GROUP 252
#define NR_PRCTL 172
#define NR_SECCOMP 354
#define NR_MMAP 192 /* mmap2 */
#define NR_MUNMAP 91
#define NR_WRITE 4
#define LAST 450
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
#define NR_MMAP 9
#define NR_MUNMAP 11
#define NR_WRITE 1
#define LAST 450
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

struct filter { unsigned short code; unsigned char jt, jf; unsigned int k; };
struct program { unsigned short len; const struct filter *filter; };

/* Three pages at a fixed address: a byte pattern, zeros, and 0xff bytes
 * (every length and count -1); the page after them is left unmapped, so a
 * pointer two bytes before it is a buffer cut short. */
#define AREA 0x10000000L
#define PAGE 4096L
#define GARBAGE (AREA)
#define ZEROS (AREA + PAGE)
#define ONES (AREA + 2 * PAGE)
#define CUT (AREA + 3 * PAGE - 2)

static int skipped(long n) {
  if (n == NR_EXIT || n == NR_EXIT_GROUP) return 1;
#if defined(__x86_64__)
  /* Unassigned numbers; this machine's kernel answers one of them with SIGILL. */
  if (n >= 335 && n < 424) return 1;
#endif
  return 0;
}

static long number(const char *s) {
  long v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}

static void sweep(long n) {
  /* Each row is one call's six arguments. */
  static const unsigned long long rows[][6] = {
      {0, 0, 0, 0, 0, 0},
      {1, 2, 3, 4, 5, 6},
      /* int arguments with the upper half of the register set */
      {0xffffffff00000001ULL, 0xdeadbeef00000002ULL, 0x8000000000000003ULL, 0xffffffff00000004ULL,
       0x1234567800000005ULL, 0xffffffff00000006ULL},
      {~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL},
      /* 32-bit negatives and extremes, zero-extended */
      {0xfffffffeULL, 0x80000000ULL, 0xffffffffULL, 0x7fffffffULL, 0xfffffff7ULL, 0x80000001ULL},
      /* every flag bit */
      {0x7fffffffffffffffULL, 0xffffff00ULL, 0x00ffffffULL, 0xff00ff00ULL, 0x0f0f0f0fULL, 0xf0f0f0f0ULL},
      {GARBAGE, GARBAGE, GARBAGE, GARBAGE, GARBAGE, GARBAGE},
      {ZEROS, ZEROS, ZEROS, ZEROS, ZEROS, ZEROS},
      {ONES, ONES, ONES, ONES, ONES, ONES},
      {CUT, CUT, CUT, CUT, CUT, CUT},
      /* a small descriptor and a count, then buffers */
      {3, GARBAGE, 4, ZEROS, 2, GARBAGE},
      {-100ULL /* AT_FDCWD */, GARBAGE, 0x80000ULL, 0644, ZEROS, 0},
  };
  for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const unsigned long long *a = rows[i];
    call(n, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
  }
}

__attribute__((force_align_arg_pointer, used)) void sweep_main(long argc, char **argv) {
  static const struct filter rules[] = {
      {0x20, 0, 0, 0},                         /* A = seccomp_data.nr */
      {0x15, 2, 0, NR_EXIT},                   /* exit: allow */
      {0x15, 1, 0, NR_EXIT_GROUP},             /* exit_group: allow */
      {0x06, 0, 0, 0x00050000 | 38},           /* everything else: ENOSYS */
      {0x06, 0, 0, 0x7fff0000},                /* allow */
  };
  static const struct program program = {5, rules};
  /* PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED */
  long area = call(NR_MMAP, AREA, 4 * PAGE, 3, 0x32, -1, 0);
  if (area != AREA) call(NR_EXIT, 2, 0, 0, 0, 0, 0);
  call(NR_MUNMAP, AREA + 3 * PAGE, PAGE, 0, 0, 0, 0);
  unsigned char *garbage = (unsigned char *)GARBAGE;
  /* Printable runs, control bytes, high bytes and a NUL every 67 bytes. */
  for (long i = 0; i < PAGE; i++) garbage[i] = (i % 67 == 66) ? 0 : (unsigned char)(0x20 + (i * 13) % 0xe0);
  for (long i = 0; i < PAGE; i++) ((unsigned char *)ONES)[i] = 0xff;
  ((unsigned char *)CUT)[0] = 'x';
  ((unsigned char *)CUT)[1] = 'y';
  call(NR_PRCTL, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
  call(NR_SECCOMP, 1 /* SECCOMP_SET_MODE_FILTER */, 0, (long)&program, 0, 0, 0);
  long first = argc > 1 ? number(argv[1]) : 0;
  long last = argc > 2 ? number(argv[2]) : argc > 1 ? first : LAST;
  for (long n = first; n <= last; n++)
    if (!skipped(n)) sweep(n);
  call(NR_EXIT_GROUP, 0, 0, 0, 0, 0, 0);
}

/* The entry point: hands the initial stack's argc and argv to sweep_main. */
#if defined(__x86_64__)
__asm__(".globl _start\n_start:\n\tmov (%rsp), %rdi\n\tlea 8(%rsp), %rsi\n\tand $-16, %rsp\n\tcall sweep_main\n\thlt\n");
#else
__asm__(".globl _start\n_start:\n\tmov (%esp), %eax\n\tlea 4(%esp), %ecx\n\tand $-16, %esp\n\tsub $8, %esp\n\tpush %ecx\n\tpush %eax\n\tcall sweep_main\n\thlt\n");
#endif
