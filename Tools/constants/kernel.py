"""Constant groups for the kernel-interface decoders: ptrace, seccomp,
capabilities, landlock, userfaultfd, AIO, io_uring, futex_waitv, perf and bpf
(see core.py for the format). Headers with enum constants or casts are read
through `_headers.derived`; names strace 6.1 does not know are left out, as
it prints their bits as unknown."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived, DERIVED  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers")


def uncast(header, cast):
    """`header` with `(cast)` removed from its values (linux/fs.h's
    `((__kernel_rwf_t)0x00000001)`); returns the copy's path."""
    with open(header) as f:
        text = f.read().replace(f"({cast})", "")
    path = os.path.join(DERIVED, "uncast", os.path.relpath(header, INC))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"/* Derived by Tools/constants/kernel.py from {header}. */\n" + text)
    return path


def with_split_members(header):
    """`derived(header)`, with its enum members valued as C does: a member
    without a value is one more than the member before it even when that
    one is another member's name (bpf.h's `BPF_PROG_RUN = BPF_PROG_TEST_RUN,`),
    and a value on the line after `=` (perf_event.h's
    `PERF_SAMPLE_BRANCH_TYPE_SAVE =\n 1U << ...`) is read."""
    path = derived(header)
    with open(header) as f:
        text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
    known, lines = {}, []

    def evaluate(expression):
        expression = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b", r"\1", expression.strip())
        expression = re.sub(r"\b([A-Za-z_][A-Za-z0-9_]*)\b", lambda m: str(known.get(m.group(1), m.group(1))), expression)
        try:
            return int(eval(expression, {"__builtins__": {}}))
        except Exception:
            return None

    for body in re.findall(r"\benum\b[^{;]*\{(.*?)\}", text, flags=re.S):
        counter = 0
        for member in body.split(","):
            m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.+))?\s*$", member, flags=re.S)
            if not m:
                continue
            value = evaluate(m.group(2)) if m.group(2) else counter
            if value is None:
                continue
            known[m.group(1)] = value
            lines.append(f"#undef {m.group(1)}\n#define {m.group(1)} {value}\n")
            counter = value + 1
    # First: the generator keeps a name's first definition.
    with open(path) as f:
        rest = f.read()
    with open(path, "w") as f:
        f.write("".join(lines) + rest)
    return path


def rewritten(header, pattern, replacement):
    """`header` with `pattern` (a regex) replaced, for macros the generator
    cannot evaluate (linux/securebits.h's `issecure_mask(X)`); returns the copy's path."""
    with open(header) as f:
        text = re.sub(pattern, replacement, f.read().replace("\\\n", " "))
    path = os.path.join(DERIVED, "rewritten", os.path.relpath(header, INC))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"/* Derived by Tools/constants/kernel.py from {header}. */\n" + text)
    return path


PTRACE = f"{INC}/linux/ptrace.h"
PRCTL = f"{INC}/linux/prctl.h"
AIO = derived(f"{INC}/linux/aio_abi.h")
IO_URING = with_split_members(f"{INC}/linux/io_uring.h")
LANDLOCK = derived(f"{INC}/linux/landlock.h")
PERF = with_split_members(f"{INC}/linux/perf_event.h")
BPF = with_split_members(f"{INC}/linux/bpf.h")
BREAKPOINT = derived(f"{INC}/linux/hw_breakpoint.h")
RWF = uncast(f"{INC}/linux/fs.h", "__kernel_rwf_t")

# The user-area registers strace names in PTRACE_PEEKUSER's offset (8*R15...8*SS).
USER_REGISTERS = "R15|R14|R13|R12|RBP|RBX|R11|R10|R9|R8|RAX|RCX|RDX|RSI|RDI|ORIG_RAX|RIP|CS|EFLAGS|RSP|SS"
BPF_COMMANDS = "|".join([
    "BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_DELETE_ELEM", "BPF_MAP_GET_NEXT_KEY",
    "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET", "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN",
    "BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID", "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID",
    "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY", "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID",
    "BPF_TASK_FD_QUERY", "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID",
    "BPF_MAP_LOOKUP_BATCH", "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH",
    "BPF_LINK_CREATE", "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS",
    "BPF_ITER_CREATE", "BPF_LINK_DETACH", "BPF_PROG_BIND_MAP",
])

# The regset note types strace names (its nt_descriptor_types), as elf.h defines them.
NT_TYPES = "|".join([
    "NT_386_IOPERM",
    "NT_386_TLS",
    "NT_ARC_V2",
    "NT_ARM_HW_BREAK",
    "NT_ARM_HW_WATCH",
    "NT_ARM_PACA_KEYS",
    "NT_ARM_PACG_KEYS",
    "NT_ARM_PAC_ENABLED_KEYS",
    "NT_ARM_PAC_MASK",
    "NT_ARM_SSVE",
    "NT_ARM_SVE",
    "NT_ARM_SYSTEM_CALL",
    "NT_ARM_TAGGED_ADDR_CTRL",
    "NT_ARM_TLS",
    "NT_ARM_VFP",
    "NT_ARM_ZA",
    "NT_ASRS",
    "NT_AUXV",
    "NT_FILE",
    "NT_FPREGSET",
    "NT_GWINDOWS",
    "NT_LOONGARCH_CPUCFG",
    "NT_LOONGARCH_CSR",
    "NT_LOONGARCH_LASX",
    "NT_LOONGARCH_LBT",
    "NT_LOONGARCH_LSX",
    "NT_LWPSINFO",
    "NT_LWPSTATUS",
    "NT_METAG_CBUF",
    "NT_METAG_RPIPE",
    "NT_METAG_TLS",
    "NT_MIPS_DSP",
    "NT_MIPS_FP_MODE",
    "NT_MIPS_MSA",
    "NT_PLATFORM",
    "NT_PPC_DSCR",
    "NT_PPC_EBB",
    "NT_PPC_PKEY",
    "NT_PPC_PMU",
    "NT_PPC_PPR",
    "NT_PPC_SPE",
    "NT_PPC_TAR",
    "NT_PPC_TM_CDSCR",
    "NT_PPC_TM_CFPR",
    "NT_PPC_TM_CGPR",
    "NT_PPC_TM_CPPR",
    "NT_PPC_TM_CTAR",
    "NT_PPC_TM_CVMX",
    "NT_PPC_TM_CVSX",
    "NT_PPC_TM_SPR",
    "NT_PPC_VMX",
    "NT_PPC_VSX",
    "NT_PRCRED",
    "NT_PRFPXREG",
    "NT_PRPSINFO",
    "NT_PRSTATUS",
    "NT_PRXFPREG",
    "NT_PRXREG",
    "NT_PSINFO",
    "NT_PSTATUS",
    "NT_S390_CTRS",
    "NT_S390_GS_BC",
    "NT_S390_GS_CB",
    "NT_S390_HIGH_GPRS",
    "NT_S390_LAST_BREAK",
    "NT_S390_PREFIX",
    "NT_S390_PV_CPU_DATA",
    "NT_S390_RI_CB",
    "NT_S390_SYSTEM_CALL",
    "NT_S390_TDB",
    "NT_S390_TIMER",
    "NT_S390_TODCMP",
    "NT_S390_TODPREG",
    "NT_S390_VXRS_HIGH",
    "NT_S390_VXRS_LOW",
    "NT_SIGINFO",
    "NT_UTSNAME",
    "NT_VMCOREDD",
    "NT_X86_XSTATE",
])

DESCENDING = set()
GROUPS = [
    # ptrace
    ("ptraceRequests", "ptrace(2) requests, with strace's PTRACE_PEEKUSER and PTRACE_POKEUSER",
     [PTRACE, f"{ARCH}/ptrace-abi.h", f"{HERE}/ptrace-requests.h"],
     r"PTRACE_(?!O_|EVENT|SYSCALL_INFO_|PEEKSIGINFO_SHARED|PEEKUSR\b|POKEUSR\b)[A-Z0-9_]+", set()),
    ("ptraceOptions", "PTRACE_SETOPTIONS options", [PTRACE], r"PTRACE_O_[A-Z_]+", {"PTRACE_O_MASK"}),
    ("ptraceEvents", "ptrace event stops (PTRACE_EVENT_*)", [PTRACE], r"PTRACE_EVENT_(?!MSG)[A-Z_]+", set()),
    ("ptraceSyscallInfoOperations", "PTRACE_GET_SYSCALL_INFO's op", [PTRACE], r"PTRACE_SYSCALL_INFO_[A-Z]+", set()),
    ("ptracePeekSiginfoFlags", "PTRACE_PEEKSIGINFO flags", [PTRACE], r"PTRACE_PEEKSIGINFO_SHARED", set()),
    ("userRegisters", "x86_64 user-area register slots (sys/reg.h)", [f"{INC}/x86_64-linux-gnu/sys/reg.h"],
     "(?:" + USER_REGISTERS + r")\b", set()),
    ("ntDescriptorTypes", "PTRACE_GETREGSET/SETREGSET note types", [f"{INC}/elf.h"], "(?:" + NT_TYPES + r")\b", set()),
    # prctl (the options themselves are process.py's prctlOptions)
    ("securebits", "PR_SET_SECUREBITS bits",
     [rewritten(f"{INC}/linux/securebits.h", r"issecure_mask\((\w+)\)", r"(1 << (\1))")],
     r"SECBIT_(?:NOROOT|NO_SETUID_FIXUP|KEEP_CAPS|NO_CAP_AMBIENT_RAISE)(?:_LOCKED)?\b", set()),
    ("prctlTSCModes", "PR_SET_TSC modes", [PRCTL], r"PR_TSC_(?:ENABLE|SIGSEGV)\b", set()),
    ("prctlUnalignFlags", "PR_SET_UNALIGN flags", [PRCTL], r"PR_UNALIGN_(?:NOPRINT|SIGBUS)\b", set()),
    ("prctlFPModes", "PR_SET_FP_MODE flags", [PRCTL], r"PR_FP_MODE_(?:FR|FRE)\b", set()),
    ("prctlAmbientOperations", "PR_CAP_AMBIENT operations", [PRCTL], r"PR_CAP_AMBIENT_(?:IS_SET|RAISE|LOWER|CLEAR_ALL)\b", set()),
    ("prctlMCEKillOperations", "PR_MCE_KILL operations", [PRCTL], r"PR_MCE_KILL_(?:CLEAR|SET)\b", set()),
    ("prctlMCEKillPolicies", "PR_MCE_KILL policies", [PRCTL], r"PR_MCE_KILL_(?:LATE|EARLY|DEFAULT)\b", set()),
    ("prctlSetMMFields", "PR_SET_MM fields", [PRCTL], r"PR_SET_MM_(?!MAP_SIZE_?\w)[A-Z_]+\b", set()),
    ("prctlSpeculationMisfeatures", "PR_SET_SPECULATION_CTRL misfeatures", [PRCTL],
     r"PR_SPEC_(?:STORE_BYPASS|INDIRECT_BRANCH|L1D_FLUSH)\b", set()),
    ("prctlSpeculationSetModes", "PR_SET_SPECULATION_CTRL modes", [PRCTL],
     r"PR_SPEC_(?:ENABLE|DISABLE|FORCE_DISABLE|DISABLE_NOEXEC)\b", set()),
    ("prctlSpeculationStates", "PR_GET_SPECULATION_CTRL states", [PRCTL],
     r"PR_SPEC_(?:NOT_AFFECTED|PRCTL|ENABLE|DISABLE|FORCE_DISABLE|DISABLE_NOEXEC)\b", set()),
    ("prctlVMAOperations", "PR_SET_VMA operations", [PRCTL], r"PR_SET_VMA_ANON_NAME\b", set()),
    ("prctlSyscallDispatchModes", "PR_SET_SYSCALL_USER_DISPATCH modes", [PRCTL], r"PR_SYS_DISPATCH_(?:OFF|ON)\b", set()),
    ("prctlSchedCoreCommands", "PR_SCHED_CORE commands", [PRCTL],
     r"PR_SCHED_CORE_(?:GET|CREATE|SHARE_TO|SHARE_FROM)\b", set()),
    # seccomp
    ("seccompOperations", "seccomp(2) operations", [f"{INC}/linux/seccomp.h"],
     r"SECCOMP_(?:SET_MODE_[A-Z]+|GET_ACTION_AVAIL|GET_NOTIF_SIZES)", set()),
    ("seccompFilterFlags", "seccomp(2) filter flags", [f"{INC}/linux/seccomp.h"], r"SECCOMP_FILTER_FLAG_[A-Z_]+", set()),
    ("seccompReturnActions", "seccomp filter return actions", [f"{INC}/linux/seccomp.h"],
     r"SECCOMP_RET_(?:KILL_PROCESS|KILL_THREAD|TRAP|ERRNO|USER_NOTIF|TRACE|LOG|ALLOW)\b", set()),
    # capabilities
    ("capabilityVersions", "capget/capset header versions", [f"{INC}/linux/capability.h"],
     r"_LINUX_CAPABILITY_VERSION_[123]", set()),
    # landlock
    ("landlockAccessFs", "landlock filesystem access rights", [LANDLOCK], r"LANDLOCK_ACCESS_FS_[A-Z_]+",
     {"LANDLOCK_ACCESS_FS_TRUNCATE", "LANDLOCK_ACCESS_FS_IOCTL_DEV"}),
    ("landlockRuleTypes", "landlock rule types", [LANDLOCK], r"LANDLOCK_RULE_[A-Z_]+", {"LANDLOCK_RULE_NET_PORT"}),
    ("landlockCreateFlags", "landlock_create_ruleset(2) flags", [LANDLOCK], r"LANDLOCK_CREATE_RULESET_[A-Z_]+",
     {"LANDLOCK_CREATE_RULESET_ERRATA"}),
    # userfaultfd: its own flag and the descriptor flags it takes.
    ("userfaultfdFlags", "userfaultfd(2) flags", [f"{INC}/linux/userfaultfd.h", f"{INC}/asm-generic/fcntl.h"],
     r"UFFD_USER_MODE_ONLY|O_NONBLOCK|O_CLOEXEC", set()),
    # futex_waitv
    ("futexWaiterFlags", "struct futex_waitv flags", [f"{INC}/linux/futex.h"], r"FUTEX_32|FUTEX_PRIVATE_FLAG", set()),
    # AIO
    ("aioCommands", "struct iocb's aio_lio_opcode", [AIO], r"IOCB_CMD_[A-Z]+", set()),
    ("aioFlags", "struct iocb's aio_flags", [AIO], r"IOCB_FLAG_[A-Z]+", set()),
    ("readWriteFlags", "preadv2/pwritev2 and iocb RWF_* flags", [RWF], r"RWF_(?:HIPRI|DSYNC|SYNC|NOWAIT|APPEND)\b", set()),
    # io_uring
    ("ioUringSetupFlags", "io_uring_setup(2) flags", [IO_URING], r"IORING_SETUP_[A-Z0-9_]+",
     {"IORING_SETUP_SINGLE_ISSUER", "IORING_SETUP_DEFER_TASKRUN", "IORING_SETUP_NO_MMAP",
      "IORING_SETUP_REGISTERED_FD_ONLY", "IORING_SETUP_NO_SQARRAY", "IORING_SETUP_HYBRID_IOPOLL"}),
    ("ioUringFeatures", "io_uring_params features", [IO_URING], r"IORING_FEAT_[A-Z0-9_]+",
     {"IORING_FEAT_REG_REG_RING", "IORING_FEAT_RECVSEND_BUNDLE", "IORING_FEAT_MIN_TIMEOUT"}),
    ("ioUringEnterFlags", "io_uring_enter(2) flags", [IO_URING], r"IORING_ENTER_[A-Z_]+",
     {"IORING_ENTER_ABS_TIMER", "IORING_ENTER_EXT_ARG_REG", "IORING_ENTER_NO_IOWAIT"}),
    ("ioUringRegisterOperations", "io_uring_register(2) opcodes", [IO_URING], r"IORING_(?:UN)?REGISTER_[A-Z0-9_]+",
     {"IORING_REGISTER_LAST", "IORING_REGISTER_FILES_SKIP", "IORING_REGISTER_SYNC_CANCEL",
      "IORING_REGISTER_FILE_ALLOC_RANGE", "IORING_REGISTER_USE_REGISTERED_RING"}),
    ("ioUringOperations", "io_uring SQE operations (IORING_OP_*)", [IO_URING],
     r"(?:" + "|".join(['IORING_OP_NOP', 'IORING_OP_READV', 'IORING_OP_WRITEV', 'IORING_OP_FSYNC', 'IORING_OP_READ_FIXED', 'IORING_OP_WRITE_FIXED', 'IORING_OP_POLL_ADD', 'IORING_OP_POLL_REMOVE', 'IORING_OP_SYNC_FILE_RANGE', 'IORING_OP_SENDMSG', 'IORING_OP_RECVMSG', 'IORING_OP_TIMEOUT', 'IORING_OP_TIMEOUT_REMOVE', 'IORING_OP_ACCEPT', 'IORING_OP_ASYNC_CANCEL', 'IORING_OP_LINK_TIMEOUT', 'IORING_OP_CONNECT', 'IORING_OP_FALLOCATE', 'IORING_OP_OPENAT', 'IORING_OP_CLOSE', 'IORING_OP_FILES_UPDATE', 'IORING_OP_STATX', 'IORING_OP_READ', 'IORING_OP_WRITE', 'IORING_OP_FADVISE', 'IORING_OP_MADVISE', 'IORING_OP_SEND', 'IORING_OP_RECV', 'IORING_OP_OPENAT2', 'IORING_OP_EPOLL_CTL', 'IORING_OP_SPLICE', 'IORING_OP_PROVIDE_BUFFERS', 'IORING_OP_REMOVE_BUFFERS', 'IORING_OP_TEE', 'IORING_OP_SHUTDOWN', 'IORING_OP_RENAMEAT', 'IORING_OP_UNLINKAT', 'IORING_OP_MKDIRAT', 'IORING_OP_SYMLINKAT', 'IORING_OP_LINKAT', 'IORING_OP_MSG_RING', 'IORING_OP_FSETXATTR', 'IORING_OP_SETXATTR', 'IORING_OP_FGETXATTR', 'IORING_OP_GETXATTR', 'IORING_OP_SOCKET', 'IORING_OP_URING_CMD']) + r")\b", set()),
    ("ioUringOperationFlags", "io_uring_probe_op flags", [IO_URING], r"IO_URING_OP_SUPPORTED\b", set()),
    ("ioUringWorkQueueAccounts", "IORING_REGISTER_IOWQ_MAX_WORKERS indices", [IO_URING], r"IO_WQ_(?:BOUND|UNBOUND)\b", set()),
    ("ioUringRestrictionOpcodes", "io_uring_restriction opcodes", [IO_URING],
     r"IORING_RESTRICTION_(?:REGISTER_OP|SQE_OP|SQE_FLAGS_ALLOWED|SQE_FLAGS_REQUIRED)\b", set()),
    ("ioUringSQEFlags", "io_uring SQE flags", [IO_URING],
     r"IOSQE_(?:FIXED_FILE|IO_DRAIN|IO_LINK|IO_HARDLINK|ASYNC|BUFFER_SELECT|CQE_SKIP_SUCCESS)\b", set()),
    ("ioUringResourceFlags", "io_uring_rsrc_register flags", [IO_URING], r"IORING_RSRC_REGISTER_SPARSE\b", set()),
    # perf_event_open
    ("perfEventTypes", "perf_event_attr types", [PERF], r"PERF_TYPE_(?!MAX)[A-Z_]+", set()),
    ("perfEventOpenFlags", "perf_event_open(2) flags", [PERF], r"PERF_FLAG_[A-Z_]+", set()),
    ("perfAttributeSizes", "perf_event_attr sizes (PERF_ATTR_SIZE_VER*)", [PERF],
     r"(?:" + "|".join(['PERF_ATTR_SIZE_VER0', 'PERF_ATTR_SIZE_VER1', 'PERF_ATTR_SIZE_VER2', 'PERF_ATTR_SIZE_VER3', 'PERF_ATTR_SIZE_VER4', 'PERF_ATTR_SIZE_VER5', 'PERF_ATTR_SIZE_VER6', 'PERF_ATTR_SIZE_VER7']) + r")\b", set()),
    ("perfHardwareEvents", "PERF_TYPE_HARDWARE events", [PERF],
     r"(?:" + "|".join(['PERF_COUNT_HW_CPU_CYCLES', 'PERF_COUNT_HW_INSTRUCTIONS', 'PERF_COUNT_HW_CACHE_REFERENCES', 'PERF_COUNT_HW_CACHE_MISSES', 'PERF_COUNT_HW_BRANCH_INSTRUCTIONS', 'PERF_COUNT_HW_BRANCH_MISSES', 'PERF_COUNT_HW_BUS_CYCLES', 'PERF_COUNT_HW_STALLED_CYCLES_FRONTEND', 'PERF_COUNT_HW_STALLED_CYCLES_BACKEND', 'PERF_COUNT_HW_REF_CPU_CYCLES']) + r")\b", set()),
    ("perfSoftwareEvents", "PERF_TYPE_SOFTWARE events", [PERF],
     r"(?:" + "|".join(['PERF_COUNT_SW_CPU_CLOCK', 'PERF_COUNT_SW_TASK_CLOCK', 'PERF_COUNT_SW_PAGE_FAULTS', 'PERF_COUNT_SW_CONTEXT_SWITCHES', 'PERF_COUNT_SW_CPU_MIGRATIONS', 'PERF_COUNT_SW_PAGE_FAULTS_MIN', 'PERF_COUNT_SW_PAGE_FAULTS_MAJ', 'PERF_COUNT_SW_ALIGNMENT_FAULTS', 'PERF_COUNT_SW_EMULATION_FAULTS', 'PERF_COUNT_SW_DUMMY', 'PERF_COUNT_SW_BPF_OUTPUT', 'PERF_COUNT_SW_CGROUP_SWITCHES']) + r")\b", set()),
    ("perfHardwareCaches", "PERF_TYPE_HW_CACHE caches", [PERF],
     r"(?:" + "|".join(['PERF_COUNT_HW_CACHE_L1D', 'PERF_COUNT_HW_CACHE_L1I', 'PERF_COUNT_HW_CACHE_LL', 'PERF_COUNT_HW_CACHE_DTLB', 'PERF_COUNT_HW_CACHE_ITLB', 'PERF_COUNT_HW_CACHE_BPU', 'PERF_COUNT_HW_CACHE_NODE']) + r")\b", set()),
    ("perfHardwareCacheOperations", "PERF_TYPE_HW_CACHE operations", [PERF],
     r"(?:" + "|".join(['PERF_COUNT_HW_CACHE_OP_READ', 'PERF_COUNT_HW_CACHE_OP_WRITE', 'PERF_COUNT_HW_CACHE_OP_PREFETCH']) + r")\b", set()),
    ("perfHardwareCacheResults", "PERF_TYPE_HW_CACHE results", [PERF],
     r"(?:" + "|".join(['PERF_COUNT_HW_CACHE_RESULT_ACCESS', 'PERF_COUNT_HW_CACHE_RESULT_MISS']) + r")\b", set()),
    ("perfSampleFormats", "perf_event_attr sample_type bits", [PERF],
     r"(?:" + "|".join(['PERF_SAMPLE_IP', 'PERF_SAMPLE_TID', 'PERF_SAMPLE_TIME', 'PERF_SAMPLE_ADDR', 'PERF_SAMPLE_READ', 'PERF_SAMPLE_CALLCHAIN', 'PERF_SAMPLE_ID', 'PERF_SAMPLE_CPU', 'PERF_SAMPLE_PERIOD', 'PERF_SAMPLE_STREAM_ID', 'PERF_SAMPLE_RAW', 'PERF_SAMPLE_BRANCH_STACK', 'PERF_SAMPLE_REGS_USER', 'PERF_SAMPLE_STACK_USER', 'PERF_SAMPLE_WEIGHT', 'PERF_SAMPLE_DATA_SRC', 'PERF_SAMPLE_IDENTIFIER', 'PERF_SAMPLE_TRANSACTION', 'PERF_SAMPLE_REGS_INTR', 'PERF_SAMPLE_PHYS_ADDR', 'PERF_SAMPLE_AUX', 'PERF_SAMPLE_CGROUP', 'PERF_SAMPLE_DATA_PAGE_SIZE', 'PERF_SAMPLE_CODE_PAGE_SIZE', 'PERF_SAMPLE_WEIGHT_STRUCT']) + r")\b", set()),
    ("perfReadFormats", "perf_event_attr read_format bits", [PERF],
     r"(?:" + "|".join(['PERF_FORMAT_TOTAL_TIME_ENABLED', 'PERF_FORMAT_TOTAL_TIME_RUNNING', 'PERF_FORMAT_ID', 'PERF_FORMAT_GROUP', 'PERF_FORMAT_LOST']) + r")\b", set()),
    ("perfBranchSampleTypes", "perf_event_attr branch_sample_type bits", [PERF],
     r"(?:" + "|".join(['PERF_SAMPLE_BRANCH_USER', 'PERF_SAMPLE_BRANCH_KERNEL', 'PERF_SAMPLE_BRANCH_HV', 'PERF_SAMPLE_BRANCH_ANY', 'PERF_SAMPLE_BRANCH_ANY_CALL', 'PERF_SAMPLE_BRANCH_ANY_RETURN', 'PERF_SAMPLE_BRANCH_IND_CALL', 'PERF_SAMPLE_BRANCH_ABORT_TX', 'PERF_SAMPLE_BRANCH_IN_TX', 'PERF_SAMPLE_BRANCH_NO_TX', 'PERF_SAMPLE_BRANCH_COND', 'PERF_SAMPLE_BRANCH_CALL_STACK', 'PERF_SAMPLE_BRANCH_IND_JUMP', 'PERF_SAMPLE_BRANCH_CALL', 'PERF_SAMPLE_BRANCH_NO_FLAGS', 'PERF_SAMPLE_BRANCH_NO_CYCLES', 'PERF_SAMPLE_BRANCH_TYPE_SAVE', 'PERF_SAMPLE_BRANCH_HW_INDEX', 'PERF_SAMPLE_BRANCH_PRIV_SAVE']) + r")\b", set()),
    ("hardwareBreakpointTypes", "perf_event_attr bp_type values", [BREAKPOINT],
     r"(?:" + "|".join(['HW_BREAKPOINT_EMPTY', 'HW_BREAKPOINT_R', 'HW_BREAKPOINT_W', 'HW_BREAKPOINT_RW', 'HW_BREAKPOINT_X']) + r")\b", set()),
    # classic BPF instructions (seccomp filters)
    ("bpfClasses", "classic BPF instruction classes", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_LD', 'BPF_LDX', 'BPF_ST', 'BPF_STX', 'BPF_ALU', 'BPF_JMP', 'BPF_RET', 'BPF_MISC']) + r")\b", set()),
    ("bpfSizes", "BPF load sizes", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_W', 'BPF_H', 'BPF_B', 'BPF_DW']) + r")\b", set()),
    ("bpfModes", "classic BPF addressing modes", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_IMM', 'BPF_ABS', 'BPF_IND', 'BPF_MEM', 'BPF_LEN', 'BPF_MSH', 'BPF_XADD']) + r")\b", set()),
    ("bpfALUOperations", "BPF ALU operations", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_ADD', 'BPF_SUB', 'BPF_MUL', 'BPF_DIV', 'BPF_OR', 'BPF_AND', 'BPF_LSH', 'BPF_RSH', 'BPF_NEG', 'BPF_MOD', 'BPF_XOR', 'BPF_MOV', 'BPF_ARSH', 'BPF_END']) + r")\b", set()),
    ("bpfJumpOperations", "BPF jump operations", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_JA', 'BPF_JEQ', 'BPF_JGT', 'BPF_JGE', 'BPF_JSET', 'BPF_JNE', 'BPF_JSGT', 'BPF_JSGE', 'BPF_CALL', 'BPF_EXIT', 'BPF_JLT', 'BPF_JLE', 'BPF_JSLT', 'BPF_JSLE']) + r")\b", set()),
    ("bpfSources", "BPF operand sources", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_K', 'BPF_X']) + r")\b", set()),
    ("bpfReturnValues", "classic BPF return value sources", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_K', 'BPF_X', 'BPF_A']) + r")\b", set()),
    ("bpfMiscOperations", "classic BPF miscellaneous operations", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_TAX', 'BPF_TXA']) + r")\b", set()),
    # bpf
    ("bpfMapTypes", "BPF_MAP_CREATE map types", [BPF],
     r"(?:" + "|".join(['BPF_MAP_TYPE_UNSPEC', 'BPF_MAP_TYPE_HASH', 'BPF_MAP_TYPE_ARRAY', 'BPF_MAP_TYPE_PROG_ARRAY', 'BPF_MAP_TYPE_PERF_EVENT_ARRAY', 'BPF_MAP_TYPE_PERCPU_HASH', 'BPF_MAP_TYPE_PERCPU_ARRAY', 'BPF_MAP_TYPE_STACK_TRACE', 'BPF_MAP_TYPE_CGROUP_ARRAY', 'BPF_MAP_TYPE_LRU_HASH', 'BPF_MAP_TYPE_LRU_PERCPU_HASH', 'BPF_MAP_TYPE_LPM_TRIE', 'BPF_MAP_TYPE_ARRAY_OF_MAPS', 'BPF_MAP_TYPE_HASH_OF_MAPS', 'BPF_MAP_TYPE_DEVMAP', 'BPF_MAP_TYPE_SOCKMAP', 'BPF_MAP_TYPE_CPUMAP', 'BPF_MAP_TYPE_XSKMAP', 'BPF_MAP_TYPE_SOCKHASH', 'BPF_MAP_TYPE_CGROUP_STORAGE', 'BPF_MAP_TYPE_REUSEPORT_SOCKARRAY', 'BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE', 'BPF_MAP_TYPE_QUEUE', 'BPF_MAP_TYPE_STACK', 'BPF_MAP_TYPE_SK_STORAGE', 'BPF_MAP_TYPE_DEVMAP_HASH', 'BPF_MAP_TYPE_STRUCT_OPS', 'BPF_MAP_TYPE_RINGBUF', 'BPF_MAP_TYPE_INODE_STORAGE', 'BPF_MAP_TYPE_TASK_STORAGE', 'BPF_MAP_TYPE_BLOOM_FILTER', 'BPF_MAP_TYPE_USER_RINGBUF']) + r")\b", set()),
    ("bpfMapFlags", "BPF_MAP_CREATE map flags", [BPF],
     r"(?:" + "|".join(['BPF_F_NO_PREALLOC', 'BPF_F_NO_COMMON_LRU', 'BPF_F_NUMA_NODE', 'BPF_F_RDONLY', 'BPF_F_WRONLY', 'BPF_F_STACK_BUILD_ID', 'BPF_F_ZERO_SEED', 'BPF_F_RDONLY_PROG', 'BPF_F_WRONLY_PROG', 'BPF_F_CLONE', 'BPF_F_MMAPABLE', 'BPF_F_PRESERVE_ELEMS', 'BPF_F_INNER_MAP']) + r")\b", set()),
    ("bpfProgramTypes", "BPF_PROG_LOAD program types", [BPF],
     r"(?:" + "|".join(['BPF_PROG_TYPE_UNSPEC', 'BPF_PROG_TYPE_SOCKET_FILTER', 'BPF_PROG_TYPE_KPROBE', 'BPF_PROG_TYPE_SCHED_CLS', 'BPF_PROG_TYPE_SCHED_ACT', 'BPF_PROG_TYPE_TRACEPOINT', 'BPF_PROG_TYPE_XDP', 'BPF_PROG_TYPE_PERF_EVENT', 'BPF_PROG_TYPE_CGROUP_SKB', 'BPF_PROG_TYPE_CGROUP_SOCK', 'BPF_PROG_TYPE_LWT_IN', 'BPF_PROG_TYPE_LWT_OUT', 'BPF_PROG_TYPE_LWT_XMIT', 'BPF_PROG_TYPE_SOCK_OPS', 'BPF_PROG_TYPE_SK_SKB', 'BPF_PROG_TYPE_CGROUP_DEVICE', 'BPF_PROG_TYPE_SK_MSG', 'BPF_PROG_TYPE_RAW_TRACEPOINT', 'BPF_PROG_TYPE_CGROUP_SOCK_ADDR', 'BPF_PROG_TYPE_LWT_SEG6LOCAL', 'BPF_PROG_TYPE_LIRC_MODE2', 'BPF_PROG_TYPE_SK_REUSEPORT', 'BPF_PROG_TYPE_FLOW_DISSECTOR', 'BPF_PROG_TYPE_CGROUP_SYSCTL', 'BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE', 'BPF_PROG_TYPE_CGROUP_SOCKOPT', 'BPF_PROG_TYPE_TRACING', 'BPF_PROG_TYPE_STRUCT_OPS', 'BPF_PROG_TYPE_EXT', 'BPF_PROG_TYPE_LSM', 'BPF_PROG_TYPE_SK_LOOKUP', 'BPF_PROG_TYPE_SYSCALL']) + r")\b", set()),
    ("bpfProgramFlags", "BPF_PROG_LOAD flags", [BPF],
     r"(?:" + "|".join(['BPF_F_STRICT_ALIGNMENT', 'BPF_F_ANY_ALIGNMENT', 'BPF_F_TEST_RND_HI32', 'BPF_F_TEST_STATE_FREQ', 'BPF_F_SLEEPABLE']) + r")\b", set()),
    ("bpfLookupFlags", "BPF_MAP_LOOKUP_ELEM flags", [BPF],
     r"(?:" + "|".join(['BPF_ANY', 'BPF_F_LOCK']) + r")\b", set()),
    ("bpfUpdateFlags", "BPF_MAP_UPDATE_ELEM flags", [BPF],
     r"(?:" + "|".join(['BPF_ANY', 'BPF_NOEXIST', 'BPF_EXIST', 'BPF_F_LOCK']) + r")\b", set()),
    ("bpfAttachTypes", "BPF attach types", [BPF],
     r"(?:" + "|".join(['BPF_CGROUP_INET_INGRESS', 'BPF_CGROUP_INET_EGRESS', 'BPF_CGROUP_INET_SOCK_CREATE', 'BPF_CGROUP_SOCK_OPS', 'BPF_SK_SKB_STREAM_PARSER', 'BPF_SK_SKB_STREAM_VERDICT', 'BPF_CGROUP_DEVICE', 'BPF_SK_MSG_VERDICT', 'BPF_CGROUP_INET4_BIND', 'BPF_CGROUP_INET6_BIND', 'BPF_CGROUP_INET4_CONNECT', 'BPF_CGROUP_INET6_CONNECT', 'BPF_CGROUP_INET4_POST_BIND', 'BPF_CGROUP_INET6_POST_BIND', 'BPF_CGROUP_UDP4_SENDMSG', 'BPF_CGROUP_UDP6_SENDMSG', 'BPF_LIRC_MODE2', 'BPF_FLOW_DISSECTOR', 'BPF_CGROUP_SYSCTL', 'BPF_CGROUP_UDP4_RECVMSG', 'BPF_CGROUP_UDP6_RECVMSG', 'BPF_CGROUP_GETSOCKOPT', 'BPF_CGROUP_SETSOCKOPT', 'BPF_TRACE_RAW_TP', 'BPF_TRACE_FENTRY', 'BPF_TRACE_FEXIT', 'BPF_MODIFY_RETURN', 'BPF_LSM_MAC', 'BPF_TRACE_ITER', 'BPF_CGROUP_INET4_GETPEERNAME', 'BPF_CGROUP_INET6_GETPEERNAME', 'BPF_CGROUP_INET4_GETSOCKNAME', 'BPF_CGROUP_INET6_GETSOCKNAME', 'BPF_XDP_DEVMAP', 'BPF_CGROUP_INET_SOCK_RELEASE', 'BPF_XDP_CPUMAP', 'BPF_SK_LOOKUP', 'BPF_XDP', 'BPF_SK_SKB_VERDICT', 'BPF_SK_REUSEPORT_SELECT', 'BPF_SK_REUSEPORT_SELECT_OR_MIGRATE', 'BPF_PERF_EVENT', 'BPF_TRACE_KPROBE_MULTI', 'BPF_LSM_CGROUP']) + r")\b", set()),
    ("bpfAttachFlags", "BPF_PROG_ATTACH flags", [BPF],
     r"(?:" + "|".join(['BPF_F_ALLOW_OVERRIDE', 'BPF_F_ALLOW_MULTI', 'BPF_F_REPLACE']) + r")\b", set()),
    ("bpfFileModeFlags", "BPF object open flags", [BPF],
     r"(?:" + "|".join(['BPF_F_RDONLY', 'BPF_F_WRONLY']) + r")\b", set()),
    ("ebpfRegisters", "eBPF registers", [BPF],
     r"(?:" + "|".join(['BPF_REG_0', 'BPF_REG_1', 'BPF_REG_2', 'BPF_REG_3', 'BPF_REG_4', 'BPF_REG_5', 'BPF_REG_6', 'BPF_REG_7', 'BPF_REG_8', 'BPF_REG_9', 'BPF_REG_10']) + r")\b", set()),
    ("ebpfClasses", "eBPF instruction classes", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_LD', 'BPF_LDX', 'BPF_ST', 'BPF_STX', 'BPF_ALU', 'BPF_JMP', 'BPF_JMP32', 'BPF_ALU64']) + r")\b", set()),
    ("ebpfModes", "eBPF addressing modes", [f"{INC}/linux/bpf_common.h", BPF, f"{INC}/linux/filter.h"],
     r"(?:" + "|".join(['BPF_IMM', 'BPF_ABS', 'BPF_IND', 'BPF_MEM', 'BPF_XADD']) + r")\b", set()),
    ("bpfTestRunFlags", "BPF_PROG_TEST_RUN flags", [BPF], r"BPF_F_TEST_(?:RUN_ON_CPU|XDP_LIVE_FRAMES)\b", set()),
    ("bpfQueryFlags", "BPF_PROG_QUERY flags", [BPF], r"BPF_F_QUERY_EFFECTIVE\b", set()),
    ("bpfTaskDescriptorTypes", "BPF_TASK_FD_QUERY descriptor types", [BPF],
     r"BPF_FD_TYPE_(?:RAW_TRACEPOINT|TRACEPOINT|KPROBE|KRETPROBE|UPROBE|URETPROBE)\b", set()),
    ("bpfKprobeMultiFlags", "BPF_LINK_CREATE kprobe_multi flags", [BPF], r"BPF_F_KPROBE_MULTI_RETURN\b", set()),
    ("bpfCommands", "bpf(2) commands", [BPF], "(?:" + BPF_COMMANDS + r")\b", set()),
]
