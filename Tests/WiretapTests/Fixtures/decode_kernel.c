#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#include <linux/landlock.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <elf.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <asm/ldt.h>
#include <stddef.h>
/* The kernel-interface family after the marker, with calls that succeed
 * (and a few that fail) so that output structures are decoded: ptrace on a
 * stopped child, prctl, seccomp queries, capabilities, arch_prctl, futexes,
 * AIO, io_uring, landlock, userfaultfd, perf_event_open, bpf maps and
 * programs, a seccomp filter that allows everything, and the x86 segment
 * and port calls.
 * argv[1] names a scratch file to write through AIO. Not for -f: the
 * child's PTRACE_TRACEME needs a child no tracer follows. */
static long peeked = 0x1122334455667788;
static struct sock_filter filter_copy[8];

int main(int argc, char **argv) {
  const char *scratch = argc > 1 ? argv[1] : "/tmp/wiretap-kernel-scratch";
  /* SIGCHLD blocked: its delivery would land at a different line in each run. */
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGCHLD);
  sigprocmask(SIG_BLOCK, &blocked, NULL);
  write(-1, "MARK", 4);

  /* ptrace: a child that stops itself under PTRACE_TRACEME. */
  pid_t child = syscall(SYS_fork);
  if (child == 0) {
    syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  long word = 0;
  syscall(SYS_ptrace, PTRACE_PEEKDATA, child, &peeked, &word);
  syscall(SYS_ptrace, PTRACE_PEEKUSR, child, 8 * 10, &word);
  syscall(SYS_ptrace, PTRACE_PEEKUSR, child, 8 * 10 + 4, &word);
  syscall(SYS_ptrace, PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
  unsigned long message = 0;
  syscall(SYS_ptrace, PTRACE_GETEVENTMSG, child, 0, &message);
  siginfo_t info;
  syscall(SYS_ptrace, PTRACE_GETSIGINFO, child, 0, &info);
  uint64_t mask = 0;
  syscall(SYS_ptrace, PTRACE_GETSIGMASK, child, sizeof mask, &mask);
  mask = 1 << (SIGUSR1 - 1);
  syscall(SYS_ptrace, PTRACE_SETSIGMASK, child, sizeof mask, &mask);
  struct ptrace_syscall_info syscall_info;
  syscall(SYS_ptrace, PTRACE_GET_SYSCALL_INFO, child, sizeof syscall_info, &syscall_info);
  syscall(SYS_ptrace, PTRACE_SYSCALL, child, 0, 0);
  syscall(SYS_wait4, child, NULL, 0, NULL);
  syscall(SYS_ptrace, PTRACE_GET_SYSCALL_INFO, child, sizeof syscall_info, &syscall_info);
  syscall(SYS_ptrace, PTRACE_GET_SYSCALL_INFO, child, 8, &syscall_info);
  struct user_regs_struct regs;
  syscall(SYS_ptrace, PTRACE_GETREGS, child, 0, &regs);
  struct iovec vector = {.iov_base = &regs, .iov_len = sizeof regs};
  syscall(SYS_ptrace, PTRACE_GETREGSET, child, NT_PRSTATUS, &vector);
  vector.iov_len = 64;
  syscall(SYS_ptrace, PTRACE_GETREGSET, child, NT_PRSTATUS, &vector);
  syscall(SYS_ptrace, PTRACE_SETREGSET, child, NT_PRSTATUS, &vector);
  vector.iov_len = 12;
  syscall(SYS_ptrace, PTRACE_GETREGSET, child, NT_PRSTATUS, &vector);
  struct user_fpregs_struct fpregs;
  syscall(SYS_ptrace, PTRACE_GETFPREGS, child, 0, &fpregs);
  syscall(SYS_ptrace, PTRACE_SETREGS, child, 0, &regs);
  struct { uint64_t off; uint32_t flags; uint32_t nr; } peek = {0, 0, 4};
  siginfo_t infos[4];
  syscall(SYS_ptrace, PTRACE_PEEKSIGINFO, child, &peek, infos);
  struct { uint64_t filter_off; uint64_t flags; } metadata = {0, 0};
  syscall(SYS_ptrace, PTRACE_SECCOMP_GET_METADATA, child, sizeof metadata, &metadata);
  syscall(SYS_ptrace, PTRACE_SECCOMP_GET_FILTER, child, 0, filter_copy);
  syscall(SYS_ptrace, PTRACE_CONT, child, 0, SIGCONT);
  syscall(SYS_ptrace, PTRACE_ATTACH, 1, 0, 0);
  waitpid(child, &status, 0);
  syscall(SYS_ptrace, PTRACE_PEEKDATA, child, &peeked, &word);

  /* prctl */
  unsigned long base = 0;
  prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
  prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0);
  prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  prctl(PR_SET_PDEATHSIG, 200, 0, 0, 0);
  prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  prctl(0x7fff, 1, 2, 3, 4);
  prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
  unsigned int value = 0;
  prctl(PR_GET_TSC, &value, 0, 0, 0);
  prctl(PR_GET_CHILD_SUBREAPER, &value, 0, 0, 0);
  prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0);
  prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
  prctl(PR_MCE_KILL_GET, 0, 0, 0, 0);
  prctl(PR_SET_PTRACER, -1, 0, 0, 0);
  prctl(PR_SET_MM, 0x7f, 0, 0, 0);
  prctl(PR_SET_SECUREBITS, 0x12345678000, 0, 0, 0);
  prctl(PR_SET_TIMERSLACK, 50000, 0, 0, 0);
  prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
  prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
  char thread_name[16];
  prctl(PR_GET_NAME, thread_name, 0, 0, 0);
  prctl(PR_SET_NAME, "a-thread-name-longer-than-fifteen", 0, 0, 0);
  prctl(PR_GET_NAME, thread_name, 0, 0, 0);
  prctl(PR_SET_NAME, thread_name, 0, 0, 0);
  prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x10000, 4096, "anon-name");
  prctl(PR_GET_TID_ADDRESS, &base, 0, 0, 0);
  prctl(PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, PR_SPEC_ENABLE, 0, 0);
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_DEFAULT, 0, 0);
  prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
  prctl(PR_SET_FP_MODE, 3, 0, 0, 0);
  prctl(PR_SET_UNALIGN, 3, 0, 0, 0);
  prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0);
  prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0);
  prctl(PR_GET_UNALIGN, &value, 0, 0, 0);

  /* seccomp queries */
  unsigned int action = SECCOMP_RET_LOG;
  syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
  struct seccomp_notif_sizes sizes;
  syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
  syscall(SYS_seccomp, 77, 0, NULL);
  /* A filter that allows everything but acct(2), which fails with EPERM. */
  struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_acct, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {.len = 4, .filter = filter};
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG, &program);
  prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);

  /* capabilities */
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  syscall(SYS_capget, &header, data);
  syscall(SYS_capset, &header, data);
  header.version = _LINUX_CAPABILITY_VERSION_1;
  syscall(SYS_capget, &header, data);
  header.version = 0x12345678;
  syscall(SYS_capget, &header, data);

  /* arch_prctl */
  syscall(SYS_arch_prctl, ARCH_GET_FS, &base);
  syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
  syscall(SYS_arch_prctl, 0x1fff, 0x1234);

  /* futexes */
  static uint32_t futex_word = 1;
  syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  struct timespec timeout = {0, 1000};
  syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 2, &timeout, NULL, 0);
  syscall(SYS_futex, &futex_word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 2, &timeout, NULL, FUTEX_BITSET_MATCH_ANY);
  syscall(SYS_futex, &futex_word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &futex_word, 1);
  syscall(SYS_futex, &futex_word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &futex_word, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
  struct futex_waitv waiters[2] = {
    {.val = 2, .uaddr = (uintptr_t)&futex_word, .flags = FUTEX_32},
    {.val = 3, .uaddr = (uintptr_t)&futex_word, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG},
  };
  syscall(SYS_futex_waitv, waiters, 2, 0, NULL, CLOCK_MONOTONIC);

  /* AIO: a write and its completion. */
  int fd = open(scratch, O_RDWR | O_CREAT | O_TRUNC, 0600);
  aio_context_t context = 0;
  syscall(SYS_io_setup, 8, &context);
  struct iocb block = {.aio_data = 0x42, .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_fildes = fd,
                       .aio_buf = (uintptr_t)"hello, aio", .aio_nbytes = 10, .aio_offset = 0};
  struct iocb *blocks[1] = {&block};
  syscall(SYS_io_submit, context, 1, blocks);
  struct io_event events[2];
  syscall(SYS_io_getevents, context, 1, 2, events, NULL);
  syscall(SYS_io_cancel, context, &block, events);
  syscall(SYS_io_destroy, context);
  syscall(SYS_io_destroy, 0);

  /* io_uring */
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  int ring = syscall(SYS_io_uring_setup, 4, &params);
  int files[2] = {fd, 0};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES, files, 2);
  int update_fds[2] = {IORING_REGISTER_FILES_SKIP, fd};
  struct io_uring_files_update files_update = {.offset = 0, .fds = (uintptr_t)update_fds};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES_UPDATE, &files_update, 2);
  syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_FILES, NULL, 0);
  struct io_uring_rsrc_update ring_fds = {.offset = -1U, .data = ring};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_RING_FDS, &ring_fds, 1);
  syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_RING_FDS, &ring_fds, 1);
  uint64_t tags[2] = {0x11, 0x22};
  struct io_uring_rsrc_register resources = {.nr = 2, .flags = IORING_RSRC_REGISTER_SPARSE, .tags = (uintptr_t)tags};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES2, &resources, sizeof resources);
  struct io_uring_rsrc_update2 resource_update = {.offset = 1, .data = (uintptr_t)files, .tags = (uintptr_t)tags, .nr = 1};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES_UPDATE2, &resource_update, sizeof resource_update);
  struct io_uring_buf_reg buffer_ring = {.ring_addr = 0x1000, .ring_entries = 3, .bgid = 7};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_PBUF_RING, &buffer_ring, 1);
  uint64_t cpus = 1;
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_AFF, &cpus, sizeof cpus);
  syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_IOWQ_AFF, NULL, 0);
  uint32_t workers[3] = {0, 0, 7};
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_MAX_WORKERS, workers, 2);
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_MAX_WORKERS, workers, 3);
  struct io_uring_restriction restrictions[3] = {
    {.opcode = IORING_RESTRICTION_REGISTER_OP, .register_op = IORING_REGISTER_PROBE},
    {.opcode = IORING_RESTRICTION_SQE_OP, .sqe_op = IORING_OP_READV},
    {.opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED, .sqe_flags = IOSQE_FIXED_FILE | IOSQE_ASYNC},
  };
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_RESTRICTIONS, restrictions, 3);
  static char probe_buffer[sizeof(struct io_uring_probe) + 4 * sizeof(struct io_uring_probe_op)];
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, probe_buffer, 4);
  probe_buffer[0] = 1;
  syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, probe_buffer, 4);
  syscall(SYS_io_uring_enter, ring, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
  close(ring);
  memset(&params, 0, sizeof params);
  params.flags = IORING_SETUP_CQSIZE;
  params.cq_entries = 1u << 30;
  syscall(SYS_io_uring_setup, 4, &params);

  /* landlock: a ruleset and a rule; the process is not restricted. */
  struct landlock_ruleset_attr ruleset = {.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE};
  syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  int rules = syscall(SYS_landlock_create_ruleset, &ruleset, sizeof ruleset, 0);
  int directory = open("/tmp", O_PATH | O_DIRECTORY);
  struct landlock_path_beneath_attr beneath = {.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE, .parent_fd = directory};
  syscall(SYS_landlock_add_rule, rules, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0);
  syscall(SYS_landlock_restrict_self, -1, 0);
  close(rules);
  close(directory);

  /* userfaultfd */
  int uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  if (uffd >= 0) close(uffd);

  /* perf_event_open: a software counter on this process, and a failing cache event. */
  struct perf_event_attr perf;
  memset(&perf, 0, sizeof perf);
  perf.type = PERF_TYPE_SOFTWARE;
  perf.size = sizeof perf;
  perf.config = PERF_COUNT_SW_TASK_CLOCK;
  perf.disabled = 1;
  perf.exclude_kernel = 1;
  perf.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED;
  int counter = syscall(SYS_perf_event_open, &perf, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (counter >= 0) close(counter);
  perf.type = PERF_TYPE_HW_CACHE;
  perf.config = PERF_COUNT_HW_CACHE_L1D | (PERF_COUNT_HW_CACHE_OP_READ << 8) | (PERF_COUNT_HW_CACHE_RESULT_MISS << 16) | (7ULL << 32);
  perf.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
  perf.precise_ip = 2;
  syscall(SYS_perf_event_open, &perf, -1, -1, -1, 0);

  /* bpf: a map, its elements, a socket filter program, and ids. */
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 8;
  attr.max_entries = 2;
  strcpy(attr.map_name, "wiretap_map");
  int map = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, 72);
  uint32_t key = 1;
  uint64_t element = 42;
  memset(&attr, 0, sizeof attr);
  attr.map_fd = map;
  attr.key = (uintptr_t)&key;
  attr.value = (uintptr_t)&element;
  attr.flags = BPF_EXIST;
  syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, &attr, 32);
  attr.flags = 0;
  syscall(SYS_bpf, BPF_MAP_LOOKUP_ELEM, &attr, 32);
  syscall(SYS_bpf, BPF_MAP_DELETE_ELEM, &attr, 16);
  attr.next_key = (uintptr_t)&element;
  syscall(SYS_bpf, BPF_MAP_GET_NEXT_KEY, &attr, 24);
  struct bpf_insn instructions[] = {
    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
    {.code = BPF_JMP | BPF_EXIT},
  };
  memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  attr.insn_cnt = 2;
  attr.insns = (uintptr_t)instructions;
  attr.license = (uintptr_t)"GPL";
  strcpy(attr.prog_name, "wiretap_prog");
  int prog = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, 72);
  if (prog >= 0) close(prog);
  memset(&attr, 0, sizeof attr);
  attr.start_id = 0xfffffff0; /* past every id: ENOENT however many programs there are */
  syscall(SYS_bpf, BPF_PROG_GET_NEXT_ID, &attr, 12);
  attr.map_fd = map;
  syscall(SYS_bpf, BPF_MAP_FREEZE, &attr, 8);
  ((char *)&attr)[20] = 1;
  syscall(SYS_bpf, BPF_MAP_FREEZE, &attr, 24);
  memset(&attr, 0, sizeof attr);
  attr.pathname = (uintptr_t)"/sys/fs/bpf/wiretap-none";
  syscall(SYS_bpf, BPF_OBJ_GET, &attr, 16);
  syscall(SYS_bpf, BPF_ENABLE_STATS, &attr, 8);
  memset(&attr, 0, sizeof attr);
  attr.btf_id = 0xfffffff0;
  syscall(SYS_bpf, BPF_BTF_GET_FD_BY_ID, &attr, 4);
  syscall(SYS_bpf, BPF_LINK_GET_FD_BY_ID, &attr, 4);
  memset(&attr, 0, sizeof attr);
  attr.raw_tracepoint.name = (uintptr_t)"sys_enter";
  attr.raw_tracepoint.prog_fd = -1;
  syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, 16);
  memset(&attr, 0, sizeof attr);
  attr.btf = (uintptr_t)"not BTF at all";
  attr.btf_size = 14;
  syscall(SYS_bpf, BPF_BTF_LOAD, &attr, 28);
  memset(&attr, 0, sizeof attr);
  attr.test.prog_fd = -1;
  attr.test.repeat = 3;
  attr.test.flags = BPF_F_TEST_RUN_ON_CPU;
  syscall(SYS_bpf, BPF_PROG_TEST_RUN, &attr, 80);
  memset(&attr, 0, sizeof attr);
  attr.link_update.link_fd = -1;
  attr.link_update.flags = BPF_F_REPLACE;
  attr.link_update.old_prog_fd = 5;
  syscall(SYS_bpf, BPF_LINK_UPDATE, &attr, 16);
  uint32_t keys[4], values[8], ids[4];
  memset(&attr, 0, sizeof attr);
  attr.batch.keys = (uintptr_t)keys;
  attr.batch.values = (uintptr_t)values;
  attr.batch.count = 4;
  attr.batch.map_fd = map;
  syscall(SYS_bpf, BPF_MAP_LOOKUP_BATCH, &attr, 56);
  syscall(SYS_bpf, BPF_MAP_DELETE_BATCH, &attr, 56);
  memset(&attr, 0, sizeof attr);
  attr.query.target_fd = -1;
  attr.query.prog_ids = (uintptr_t)ids;
  attr.query.prog_cnt = 4;
  syscall(SYS_bpf, BPF_PROG_QUERY, &attr, 28);
  memset(&attr, 0, sizeof attr);
  attr.task_fd_query.pid = 1;
  attr.task_fd_query.fd = -1;
  attr.task_fd_query.buf_len = 16;
  syscall(SYS_bpf, BPF_TASK_FD_QUERY, &attr, 48);
  memset(&attr, 0, sizeof attr);
  struct bpf_map_info map_info;
  attr.info.bpf_fd = -1;
  attr.info.info_len = sizeof map_info;
  attr.info.info = (uintptr_t)&map_info;
  syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, 16);
  attr.info.bpf_fd = map;
  attr.info.info_len = offsetof(struct bpf_map_info, id); /* the map's id differs from run to run */
  syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, 16);
  memset(&attr, 0, sizeof attr);
  attr.link_create.prog_fd = -1;
  attr.link_create.attach_type = BPF_PERF_EVENT;
  attr.link_create.perf_event.bpf_cookie = 0x1234;
  syscall(SYS_bpf, BPF_LINK_CREATE, &attr, 48);
  if (map >= 0) close(map);

  /* x86 segments and ports */
  struct user_desc desc;
  memset(&desc, 0, sizeof desc);
  syscall(SYS_modify_ldt, 0, &desc, sizeof desc);
  syscall(SYS_modify_ldt, 0, &desc, 8);
  desc.entry_number = 12;
  syscall(SYS_get_thread_area, &desc);
  syscall(SYS_iopl, 0);
  syscall(SYS_ioperm, 0x80, 1, 0);

  close(fd);
  unlink(scratch);
  return 0;
}
