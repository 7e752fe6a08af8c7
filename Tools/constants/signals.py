"""Constant groups for the signal and process decoders (see core.py for the format)."""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

DESCENDING = set()
ORDER = {
    # strace 6.1's print order (its sigact_flags table).
    "sigactionFlags": ["SA_RESTORER", "SA_ONSTACK", "SA_RESTART", "SA_NODEFER", "SA_RESETHAND", "SA_SIGINFO",
                       "SA_NOCLDSTOP", "SA_NOCLDWAIT"],
}
GROUPS = [
    ("sigactionFlags", "sigaction sa_flags", [f"{ARCH}/signal.h", f"{INC}/asm-generic/signal-defs.h"],
     r"SA_[A-Z]+", {"SA_NOMASK", "SA_ONESHOT", "SA_UNSUPPORTED", "SA_EXPOSE_TAGBITS", "SA_IMMUTABLE"}),
    ("sigprocmaskHow", "rt_sigprocmask's how", [f"{INC}/asm-generic/signal-defs.h"], r"SIG_(?:BLOCK|UNBLOCK|SETMASK)", set()),
    ("cloneFlags", "clone flags (the low byte is the exit signal)", [f"{INC}/linux/sched.h"], r"CLONE_[A-Z_]+",
     {"CLONE_ARGS_SIZE_VER0", "CLONE_ARGS_SIZE_VER1", "CLONE_ARGS_SIZE_VER2", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP"}),
    ("waitOptions", "wait4/waitid options", [f"{INC}/linux/wait.h"], r"W[A-Z]+|__W[A-Z]+", {"WSTOPPED"}),
]
