"""Constant groups for the counter ioctl decoder (see core.py for the format):
strace 6.1's counter_ioctl_* tables, values from linux/counter.h's enums."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
COUNTER = derived(f"{INC}/linux/counter.h")

GROUPS = [
    ("counterComponentTypes", "struct counter_component types", [COUNTER], r"COUNTER_COMPONENT_[A-Z_]+", set()),
    ("counterScopes", "struct counter_component scopes", [COUNTER], r"COUNTER_SCOPE_[A-Z_]+", set()),
    ("counterEventTypes", "struct counter_watch events", [COUNTER],
     r"COUNTER_EVENT_(?:OVERFLOW|UNDERFLOW|OVERFLOW_UNDERFLOW|THRESHOLD|INDEX|CHANGE_OF_STATE|CAPTURE)", set()),
]
