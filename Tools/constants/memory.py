"""Constant groups for the memory and futex decoders (see core.py for the format;
msync's flags are in memorypolicy.py, in strace's order).
Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"
BITS = f"{INC}/x86_64-linux-gnu/bits"

FUTEX = derived(f"{INC}/linux/futex.h")
MEMBARRIER = derived(f"{INC}/linux/membarrier.h")
FUTEX_COMMANDS = r"FUTEX_(?:WAIT|WAKE|FD|REQUEUE|CMP_REQUEUE|WAKE_OP|LOCK_PI|UNLOCK_PI|TRYLOCK_PI|WAIT_BITSET|WAKE_BITSET|WAIT_REQUEUE_PI|CMP_REQUEUE_PI|LOCK_PI2)"

GROUPS = [
    # Memory
    ("madviseAdvice", "madvise(2) advice", [f"{INC}/asm-generic/mman-common.h"], r"MADV_[A-Z_]+", set()),
    ("mremapFlags", "mremap(2) flags", [f"{INC}/linux/mman.h"], r"MREMAP_[A-Z]+", set()),
    ("mlockallFlags", "mlockall(2) flags", [f"{INC}/asm-generic/mman.h"], r"MCL_[A-Z]+", set()),
    ("mlock2Flags", "mlock2(2) flags", [f"{INC}/asm-generic/mman-common.h"], r"MLOCK_[A-Z]+", set()),
    ("membarrierCommands", "membarrier(2) commands", [MEMBARRIER], r"MEMBARRIER_CMD_(?!FLAG_)[A-Z_]+",
     {"MEMBARRIER_CMD_SHARED", "MEMBARRIER_CMD_GET_REGISTRATIONS"}),
    # Futexes
    ("futexCommands", "futex(2) commands, private or not", [FUTEX], FUTEX_COMMANDS + r"(?:_PRIVATE)?", set()),
    ("futexWakeOps", "FUTEX_WAKE_OP operations", [FUTEX], r"FUTEX_OP_(?:SET|ADD|OR|ANDN|XOR)", set()),
    ("futexWakeComparisons", "FUTEX_WAKE_OP comparisons", [FUTEX], r"FUTEX_OP_CMP_[A-Z]+", set()),
    ("futexBitsets", "futex bitsets", [FUTEX], r"FUTEX_BITSET_MATCH_ANY", set()),
]
