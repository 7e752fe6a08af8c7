"""Constant groups for the i386 compat decoders (see core.py for the format)."""

INC = "/usr/include"

GROUPS = [
    # socketcall(2)'s sub-calls: SYS_SOCKET (1) to SYS_SENDMMSG (20), each
    # printed by strace under its call's name.
    ("socketcallCalls", "socketcall(2) sub-calls", [f"{INC}/linux/net.h"], r"SYS_[A-Z0-9]+", set()),
]
