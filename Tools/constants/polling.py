"""Constant groups for the polling (and time) decoders (see core.py for the format).
Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"
BITS = f"{INC}/x86_64-linux-gnu/bits"

EVENTPOLL = derived(f"{INC}/linux/eventpoll.h")
EVENTFD = derived(f"{BITS}/eventfd.h")
POLL = derived(f"{INC}/asm-generic/poll.h")

DESCENDING = set()
GROUPS = [
    # Polling
    ("pollEvents", "poll(2) events", [POLL], r"POLL[A-Z]+", {"POLLFREE", "POLL_BUSY_LOOP"}),
    ("epollEvents", "epoll events", [EVENTPOLL], r"EPOLL(?!_)[A-Z_]+", set()),
    ("epollCreateFlags", "epoll_create1(2) flags", [f"{INC}/asm-generic/fcntl.h", EVENTPOLL], r"EPOLL_CLOEXEC", set()),
    ("epollOperations", "epoll_ctl(2) operations", [EVENTPOLL], r"EPOLL_CTL_[A-Z]+", set()),
    ("eventfdFlags", "eventfd2(2) flags", [EVENTFD], r"EFD_[A-Z]+", set()),
]
