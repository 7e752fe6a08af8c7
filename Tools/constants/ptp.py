"""Constant groups for the PTP clock ioctl decoder (see core.py for the
format): the names of strace 6.1's ptp_* xlat tables, values from
linux/ptp_clock.h (its enum rewritten by `derived`)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
PTP = derived(f"{INC}/linux/ptp_clock.h")

GROUPS = [
    ("ptpExternalTimestampFlags", "struct ptp_extts_request flags", [PTP],
     r"PTP_(?:ENABLE_FEATURE|RISING_EDGE|FALLING_EDGE|STRICT_FLAGS)", set()),
    ("ptpPeriodicOutputFlags", "struct ptp_perout_request flags", [PTP], r"PTP_PEROUT_(?:ONE_SHOT|DUTY_CYCLE|PHASE)", set()),
    ("ptpPinFunctions", "struct ptp_pin_desc functions", [PTP], r"PTP_PF_(?:NONE|EXTTS|PEROUT|PHYSYNC)", set()),
]
