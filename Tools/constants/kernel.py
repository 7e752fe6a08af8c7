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


PTRACE = f"{INC}/linux/ptrace.h"
AIO = derived(f"{INC}/linux/aio_abi.h")
IO_URING = derived(f"{INC}/linux/io_uring.h")
LANDLOCK = derived(f"{INC}/linux/landlock.h")
PERF = derived(f"{INC}/linux/perf_event.h")
BPF = derived(f"{INC}/linux/bpf.h")
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
    ("ioPriorityClasses", "I/O priority classes", [derived(f"{INC}/linux/ioprio.h")], r"IOPRIO_CLASS_(?:NONE|RT|BE|IDLE)\b", set()),
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
    # perf_event_open
    ("perfEventTypes", "perf_event_attr types", [PERF], r"PERF_TYPE_(?!MAX)[A-Z_]+", set()),
    ("perfEventOpenFlags", "perf_event_open(2) flags", [PERF], r"PERF_FLAG_[A-Z_]+", set()),
    # bpf
    ("bpfCommands", "bpf(2) commands", [BPF], "(?:" + BPF_COMMANDS + r")\b", set()),
]
