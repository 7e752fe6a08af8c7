"""Constant groups for the startup decoders and signal lines.

Each entry: (Swift name, doc, headers, macro-name regex, names to leave out).
Groups listed in DESCENDING are printed high bit first, as strace does for them.
"""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

DESCENDING = {"accessModes"}
# The order strace 6.1 prints these names in (its xlat tables): a name made
# of several bits comes before the names of its parts.
ORDER = {
    "openFlags": ["O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_SYNC", "__O_SYNC",
                  "O_DSYNC", "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_PATH",
                  "O_TMPFILE", "__O_TMPFILE", "O_DIRECTORY", "FASYNC"],
}
GROUPS = [
    ("signalCodes", "si_code values any signal can carry (SI_*)", [f"{INC}/asm-generic/siginfo.h"], r"SI_[A-Z]+", {"SI_MAX_SIZE"}),
    ("illegalInstructionCodes", "SIGILL si_code values", [f"{INC}/asm-generic/siginfo.h"], r"ILL_[A-Z]+", {"NSIGILL"}),
    ("floatingPointCodes", "SIGFPE si_code values", [f"{INC}/asm-generic/siginfo.h"], r"FPE_[A-Z]+", set()),
    ("segmentationCodes", "SIGSEGV si_code values", [f"{INC}/asm-generic/siginfo.h"], r"SEGV_[A-Z]+", set()),
    ("busCodes", "SIGBUS si_code values", [f"{INC}/asm-generic/siginfo.h"], r"BUS_[A-Z_]+", set()),
    ("trapCodes", "SIGTRAP si_code values", [f"{INC}/asm-generic/siginfo.h"], r"TRAP_[A-Z]+", set()),
    ("childCodes", "SIGCHLD si_code values", [f"{INC}/asm-generic/siginfo.h"], r"CLD_[A-Z]+", set()),
    ("pollCodes", "SIGPOLL si_code values", [f"{INC}/asm-generic/siginfo.h"], r"POLL_[A-Z]+", set()),
    ("openFlags", "open(2) flags other than the access mode", [f"{INC}/asm-generic/fcntl.h"], r"O_[A-Z]+|__O_[A-Z]+|FASYNC",
     {"O_ACCMODE", "O_RDONLY", "O_WRONLY", "O_RDWR", "O_NDELAY"}),
    ("openAccessModes", "open(2) access modes (O_ACCMODE bits)", [f"{INC}/asm-generic/fcntl.h"], r"O_RDONLY|O_WRONLY|O_RDWR|O_ACCMODE", set()),
    ("atFlags", "*at(2) flags", [f"{INC}/linux/fcntl.h"], r"AT_[A-Z_]+",
     {"AT_FDCWD", "AT_STATX_SYNC_TYPE", "AT_STATX_SYNC_AS_STAT", "AT_EACCESS"}),
    ("protections", "mmap/mprotect protections", [f"{INC}/asm-generic/mman-common.h"], r"PROT_[A-Z]+", {"PROT_NONE"}),
    ("mapTypes", "mmap mapping types (MAP_TYPE bits)", [f"{INC}/linux/mman.h"], r"MAP_SHARED|MAP_PRIVATE|MAP_SHARED_VALIDATE", set()),
    ("mapFlags", "mmap flags other than the type", [f"{INC}/asm-generic/mman-common.h", f"{INC}/asm-generic/mman.h", f"{ARCH}/mman.h"],
     r"MAP_[A-Z0-9_]+", {"MAP_TYPE", "MAP_FILE", "MAP_HUGE_SHIFT", "MAP_HUGE_MASK", "MAP_ANON"}),
    ("archPrctlCodes", "arch_prctl codes", [f"{ARCH}/prctl.h"], r"ARCH_[A-Z0-9_]+", set()),
    ("resourceLimits", "getrlimit/prlimit64 resources", [f"{INC}/asm-generic/resource.h"], r"RLIMIT_[A-Z]+", set()),
    ("fileTypes", "st_mode file types", [f"{INC}/linux/stat.h"], r"S_IF(?:SOCK|LNK|REG|BLK|DIR|CHR|IFO)", set()),
    ("accessModes", "access(2) modes", [f"{INC}/unistd.h"], r"[RWX]_OK", set()),
    ("randomFlags", "getrandom(2) flags", [f"{INC}/linux/random.h"], r"GRND_[A-Z]+", set()),
]
