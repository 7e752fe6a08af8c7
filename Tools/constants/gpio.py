"""Constant groups for the GPIO ioctl decoders (see core.py for the format):
the names of strace 6.1's gpio_* xlat tables, values from linux/gpio.h."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
GPIO = derived(f"{INC}/linux/gpio.h")

# strace prints GPIOEVENT_REQUEST_BOTH_EDGES (both bits) before its parts.
ORDER = {"gpioEventFlags": ["GPIOEVENT_REQUEST_BOTH_EDGES", "GPIOEVENT_REQUEST_RISING_EDGE",
                            "GPIOEVENT_REQUEST_FALLING_EDGE"]}

GROUPS = [
    ("gpioLineFlags", "struct gpioline_info flags (GPIOLINE_FLAG_*)", [GPIO], r"GPIOLINE_FLAG_[A-Z_]+", set()),
    ("gpioHandleFlags", "GPIOHANDLE_REQUEST_* flags", [GPIO], r"GPIOHANDLE_REQUEST_[A-Z_]+", set()),
    ("gpioEventFlags", "GPIOEVENT_REQUEST_* flags", [GPIO], r"GPIOEVENT_REQUEST_[A-Z_]+", set()),
    ("gpioV2LineFlags", "GPIO_V2_LINE_FLAG_* flags", [GPIO], r"GPIO_V2_LINE_FLAG_[A-Z_]+", set()),
    ("gpioV2LineAttributeIDs", "struct gpio_v2_line_attribute ids", [GPIO], r"GPIO_V2_LINE_ATTR_ID_[A-Z_]+", set()),
]
