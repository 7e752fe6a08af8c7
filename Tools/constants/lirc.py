"""Constant groups for the LIRC ioctl decoder (see core.py for the format):
the names of strace 6.1's lirc_features and lirc_modes, values from
linux/lirc.h (its LIRC_MODE2SEND/LIRC_MODE2REC macros expanded first)."""
import os
import re

INC = "/usr/include"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def expanded(header):
    """`header` with LIRC_MODE2SEND(x) and LIRC_MODE2REC(x) written out."""
    with open(header) as f:
        text = f.read()
    text = re.sub(r"LIRC_MODE2SEND\((\w+)\)", r"(\1)", text)
    text = re.sub(r"LIRC_MODE2REC\((\w+)\)", r"((\1) << 16)", text)
    # Not where `derived` would write its own copy of the header.
    path = os.path.join(ROOT, ".build-constants", "expanded", "linux-lirc.h")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


LIRC = expanded(f"{INC}/linux/lirc.h")
FEATURES = ["LIRC_CAN_SEND_PULSE", "LIRC_CAN_SEND_LIRCCODE", "LIRC_CAN_SET_SEND_CARRIER",
            "LIRC_CAN_SET_SEND_DUTY_CYCLE", "LIRC_CAN_SET_TRANSMITTER_MASK", "LIRC_CAN_REC_MODE2",
            "LIRC_CAN_REC_SCANCODE", "LIRC_CAN_REC_LIRCCODE", "LIRC_CAN_SET_REC_CARRIER", "LIRC_CAN_MEASURE_CARRIER",
            "LIRC_CAN_USE_WIDEBAND_RECEIVER", "LIRC_CAN_SET_REC_TIMEOUT", "LIRC_CAN_GET_REC_RESOLUTION",
            "LIRC_CAN_SET_REC_CARRIER_RANGE"]

GROUPS = [
    ("lircFeatures", "LIRC_GET_FEATURES bits", [LIRC], "(?:" + "|".join(FEATURES) + ")", set()),
    ("lircModes", "LIRC send and receive modes", [LIRC], r"LIRC_MODE_(?:RAW|PULSE|MODE2|SCANCODE|LIRCCODE)", set()),
]
