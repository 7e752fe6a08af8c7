"""Constant groups for the signal and process decoders (see core.py for the format)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

# strace prints SFD_CLOEXEC before SFD_NONBLOCK.
DESCENDING = {"signalfdFlags"}
ORDER = {
    # strace 6.1's print order (its sigact_flags table).
    "sigactionFlags": ["SA_RESTORER", "SA_ONSTACK", "SA_RESTART", "SA_INTERRUPT", "SA_NODEFER", "SA_RESETHAND", "SA_SIGINFO",
                       "SA_NOCLDSTOP", "SA_NOCLDWAIT"],
}
GROUPS = [
    # SA_INTERRUPT (a historical no-op strace still names) is glibc's only.
    ("sigactionFlags", "sigaction sa_flags", [f"{ARCH}/signal.h", f"{INC}/asm-generic/signal-defs.h",
                                              f"{INC}/x86_64-linux-gnu/bits/sigaction.h"],
     r"SA_[A-Z]+", {"SA_NOMASK", "SA_ONESHOT", "SA_UNSUPPORTED", "SA_EXPOSE_TAGBITS", "SA_IMMUTABLE", "SA_STACK"}),
    ("sigprocmaskHow", "rt_sigprocmask's how", [f"{INC}/asm-generic/signal-defs.h"], r"SIG_(?:BLOCK|UNBLOCK|SETMASK)", set()),
    ("cloneFlags", "clone flags (the low byte is the exit signal)", [f"{INC}/linux/sched.h"], r"CLONE_[A-Z_]+",
     {"CLONE_ARGS_SIZE_VER0", "CLONE_ARGS_SIZE_VER1", "CLONE_ARGS_SIZE_VER2", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP"}),
    ("waitOptions", "wait4/waitid options", [f"{INC}/linux/wait.h"], r"W[A-Z]+|__W[A-Z]+", {"WSTOPPED"}),
    ("altStackFlags", "sigaltstack ss_flags", [f"{INC}/linux/signal.h"], r"SS_(?:ONSTACK|DISABLE|AUTODISARM)", set()),
    ("sigsysCodes", "SIGSYS si_code values", [f"{INC}/asm-generic/siginfo.h"], r"SYS_(?:SECCOMP|USER_DISPATCH)", set()),
    ("signalfdFlags", "signalfd4 flags", [derived(f"{INC}/x86_64-linux-gnu/bits/signalfd.h")], r"SFD_[A-Z]+", set()),
]
