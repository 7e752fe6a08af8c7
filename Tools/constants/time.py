"""Constant groups for the time decoders (Sources/WiretapSyscalls/Decoders/TimeDecoders.swift):
timers, timerfd, adjtimex, resource limits and usage (see core.py for the format).
Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
BITS = f"{INC}/x86_64-linux-gnu/bits"

TIMERFD_BITS = derived(f"{BITS}/timerfd.h")
TIMERFD = derived(f"{INC}/x86_64-linux-gnu/sys/timerfd.h")

# The order strace 6.1 prints these names in (its xlat tables).
ORDER = {
    "timerfdFlags": ["TFD_TIMER_ABSTIME", "TFD_TIMER_CANCEL_ON_SET", "TFD_CLOEXEC", "TFD_NONBLOCK"],
    "adjtimexModes": ["ADJ_OFFSET_SS_READ", "ADJ_OFFSET_SINGLESHOT", "ADJ_OFFSET", "ADJ_FREQUENCY", "ADJ_MAXERROR",
                      "ADJ_ESTERROR", "ADJ_STATUS", "ADJ_TIMECONST", "ADJ_TAI", "ADJ_SETOFFSET", "ADJ_MICRO",
                      "ADJ_NANO", "ADJ_TICK"],
}
GROUPS = [
    ("timerfdFlags", "timerfd_create and timerfd_settime flags (strace prints one table for both)",
     [TIMERFD, TIMERFD_BITS], r"TFD_(?:TIMER_ABSTIME|TIMER_CANCEL_ON_SET|CLOEXEC|NONBLOCK)", set()),
    ("adjtimexModes", "adjtimex's modes", [f"{INC}/linux/timex.h"], r"ADJ_[A-Z_]+", set()),
    ("adjtimexStatus", "adjtimex's status bits", [f"{INC}/linux/timex.h"], r"STA_[A-Z]+", {"STA_RONLY"}),
    ("adjtimexStates", "adjtimex's clock states (its result)", [f"{INC}/linux/timex.h"], r"TIME_[A-Z]+", {"TIME_BAD"}),
    ("sigeventNotifications", "sigevent's sigev_notify", [f"{INC}/asm-generic/siginfo.h"], r"SIGEV_(?:SIGNAL|NONE|THREAD|THREAD_ID)", set()),
    ("rusageWho", "getrusage's who, RUSAGE_BOTH included", [f"{INC}/linux/resource.h"], r"RUSAGE_[A-Z]+", set()),
    ("utimensatFlags", "utimensat's flags: strace 6.1's at_flags table (no AT_STATX_*)", [f"{INC}/linux/fcntl.h"],
     r"AT_(?:SYMLINK_NOFOLLOW|REMOVEDIR|SYMLINK_FOLLOW|NO_AUTOMOUNT|EMPTY_PATH|RECURSIVE)", set()),
]
