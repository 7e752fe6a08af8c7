"""Constant groups for the memory-policy, mapping and scheduling decoders
(MemoryPolicyDecoders: mmap's protections and flags, NUMA policies, memfd,
pkeys, ioprio, kcmp, sched_attr). See core.py for the format.

Each pattern names exactly the macros strace 6.1's xlat table has, so names
newer headers add (MAP_DROPPABLE, MFD_EXEC...) are printed as strace 6.1
prints them: as unknown bits. ORDER is strace's print order where it is not
ascending."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

MEMPOLICY = derived(f"{INC}/linux/mempolicy.h")
IOPRIO = derived(f"{INC}/linux/ioprio.h")
KCMP = derived(f"{INC}/linux/kcmp.h")
MEMBARRIER = derived(f"{INC}/linux/membarrier.h")
PPC_MMAN = "/usr/powerpc64le-linux-gnu/include/asm/mman.h"
MMAN = [f"{INC}/linux/mman.h", f"{INC}/asm-generic/mman-common.h", f"{INC}/asm-generic/mman.h", f"{ARCH}/mman.h"]

ORDER = {
    # strace's mmap_flags table (the x86_64 values).
    "mmapFlagNames": ["MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE", "MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT",
                      "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_GROWSDOWN", "MAP_DENYWRITE",
                      "MAP_EXECUTABLE", "MAP_FILE", "MAP_LOCKED", "MAP_STACK", "MAP_HUGETLB", "MAP_SYNC",
                      "MAP_UNINITIALIZED", "MAP_FIXED_NOREPLACE"],
    "msyncFlagNames": ["MS_SYNC", "MS_ASYNC", "MS_INVALIDATE"],
    # Highest bit first, as strace's mpol_mode_flags table lists them.
    "mempolicyModeFlags": ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES", "MPOL_F_NUMA_BALANCING"],
}
GROUPS = [
    ("mmapProtections", "mmap(2)/mprotect(2) protections, PROT_NONE included", [f"{INC}/asm-generic/mman-common.h"],
     r"PROT_(?:NONE|READ|WRITE|EXEC|SEM|GROWSDOWN|GROWSUP)", set()),
    ("mmapFlagNames", "mmap(2) mapping types and flags as strace 6.1 names them, MAP_FILE included", MMAN,
     r"MAP_(?:SHARED|PRIVATE|SHARED_VALIDATE|FIXED|ANONYMOUS|32BIT|NORESERVE|POPULATE|NONBLOCK|GROWSDOWN|DENYWRITE"
     r"|EXECUTABLE|FILE|LOCKED|STACK|HUGETLB|SYNC|UNINITIALIZED|FIXED_NOREPLACE)", set()),
    ("mappingEncodings", "the mapping type mask and the huge page size fields of mmap(2) and memfd_create(2) flags",
     [f"{INC}/asm-generic/hugetlb_encode.h", f"{INC}/asm-generic/mman-common.h", f"{INC}/linux/mman.h", f"{INC}/linux/memfd.h"],
     r"MAP_TYPE|MAP_HUGE_SHIFT|MAP_HUGE_MASK|MFD_HUGE_SHIFT|MFD_HUGE_MASK", set()),
    ("msyncFlagNames", "msync(2) flags in strace's order", [f"{INC}/asm-generic/mman-common.h"], r"MS_(?:SYNC|ASYNC|INVALIDATE)", set()),
    # PKEY_DISABLE_EXECUTE is powerpc's (strace names it on every
    # architecture): its value from the powerpc kernel headers, package
    # linux-libc-dev-ppc64el-cross.
    ("pkeyAccessRights", "pkey_alloc(2) access rights", [f"{INC}/asm-generic/mman-common.h", PPC_MMAN],
     r"PKEY_DISABLE_(?:ACCESS|WRITE|EXECUTE)", set()),
    ("memfdFlags", "memfd_create(2) flags", [f"{INC}/linux/memfd.h"], r"MFD_(?:CLOEXEC|ALLOW_SEALING|HUGETLB)", set()),
    ("memfdSecretFlags", "memfd_secret(2) flags", [f"{INC}/asm-generic/fcntl.h"], r"O_CLOEXEC", set()),
    ("mempolicyModes", "NUMA memory policy modes", [MEMPOLICY], r"MPOL_(?:DEFAULT|PREFERRED|BIND|INTERLEAVE|LOCAL|PREFERRED_MANY)", set()),
    ("mempolicyModeFlags", "NUMA memory policy mode flags", [MEMPOLICY], r"MPOL_F_(?:STATIC_NODES|RELATIVE_NODES|NUMA_BALANCING)", set()),
    ("mbindFlags", "mbind(2) flags", [MEMPOLICY], r"MPOL_MF_(?:STRICT|MOVE|MOVE_ALL)", set()),
    ("movePagesFlags", "move_pages(2) flags", [MEMPOLICY], r"MPOL_MF_(?:MOVE|MOVE_ALL)", set()),
    ("getMempolicyFlags", "get_mempolicy(2) flags", [MEMPOLICY], r"MPOL_F_(?:NODE|ADDR|MEMS_ALLOWED)", set()),
    ("ioprioTargets", "ioprio_get(2)/ioprio_set(2) targets", [IOPRIO], r"IOPRIO_WHO_(?:PROCESS|PGRP|USER)", set()),
    ("ioprioClasses", "I/O priority classes", [IOPRIO], r"IOPRIO_CLASS_(?:NONE|RT|BE|IDLE)", set()),
    ("kcmpTypes", "kcmp(2) types", [KCMP], r"KCMP_(?:FILE|VM|FILES|FS|SIGHAND|IO|SYSVSEM|EPOLL_TFD)", set()),
    ("membarrierFlags", "membarrier(2) flags", [MEMBARRIER], r"MEMBARRIER_CMD_FLAG_CPU", set()),
    ("schedAttrFlags", "struct sched_attr's sched_flags", [f"{INC}/linux/sched.h"],
     r"SCHED_FLAG_(?:RESET_ON_FORK|RECLAIM|DL_OVERRUN|KEEP_POLICY|KEEP_PARAMS|UTIL_CLAMP_MIN|UTIL_CLAMP_MAX)", set()),
]
