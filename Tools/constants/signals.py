"""Constant groups for the signal decoders (see core.py for the format)."""
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
]
