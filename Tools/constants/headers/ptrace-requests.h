/* strace prints PTRACE_PEEKUSR and PTRACE_POKEUSR (the kernel's uapi names,
 * read from linux/ptrace.h before this file) as PTRACE_PEEKUSER and
 * PTRACE_POKEUSER: these aliases carry strace's names, with the kernel's values. */
#define PTRACE_PEEKUSER PTRACE_PEEKUSR
#define PTRACE_POKEUSER PTRACE_POKEUSR
