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
TIMERFD_BITS = derived(f"{BITS}/timerfd.h")
TIMERFD = derived(f"{INC}/x86_64-linux-gnu/sys/timerfd.h")
POLL = derived(f"{INC}/asm-generic/poll.h")

# strace prints these flags highest first.
DESCENDING = {"eventfdFlags", "timerfdCreateFlags"}
GROUPS = [
    # Polling
    ("pollEvents", "poll(2) events", [POLL], r"POLL[A-Z]+|POLL_BUSY_LOOP", {"POLLFREE"}),
    ("epollEvents", "epoll events", [EVENTPOLL], r"EPOLL(?!_)[A-Z_]+", set()),
    ("epollCreateFlags", "epoll_create1(2) flags", [f"{INC}/asm-generic/fcntl.h", EVENTPOLL], r"EPOLL_CLOEXEC", set()),
    ("epollOperations", "epoll_ctl(2) operations", [EVENTPOLL], r"EPOLL_CTL_[A-Z]+", set()),
    ("eventfdFlags", "eventfd2(2) flags", [EVENTFD], r"EFD_[A-Z]+", set()),
    # Time
    ("clockIds", "clock ids", [f"{INC}/linux/time.h"], r"CLOCK_[A-Z_]+", set()),
    ("timerFlags", "clock_nanosleep/timer_settime flags", [f"{INC}/linux/time.h"], r"TIMER_ABSTIME", set()),
    ("timerfdCreateFlags", "timerfd_create flags", [TIMERFD_BITS], r"TFD_(?:CLOEXEC|NONBLOCK)", set()),
    ("timerfdSettimeFlags", "timerfd_settime flags", [TIMERFD], r"TFD_TIMER_[A-Z_]+", set()),
    ("intervalTimers", "setitimer/getitimer's which", [f"{INC}/linux/time.h"], r"ITIMER_[A-Z]+", set()),
]
