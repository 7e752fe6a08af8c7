"""Constant groups for the HDIO ioctl decoder (see core.py for the format):
strace 6.1's hdio_* xlat tables. The ATA commands come from a copy of the
kernel's non-uapi values in headers/ata-commands.h."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
HERE = os.path.dirname(os.path.abspath(__file__))
HDREG = derived(f"{INC}/linux/hdreg.h")

# strace's hdio_ide_nice order (IDE_NICE_1 before IDE_NICE_0).
ORDER = {"ideNiceBits": ["IDE_NICE_DSC_OVERLAP", "IDE_NICE_ATAPI_OVERLAP", "IDE_NICE_1", "IDE_NICE_0", "IDE_NICE_2"]}

GROUPS = [
    ("ataCommands", "HDIO_DRIVE_CMD commands (ATA_CMD_*)", [f"{HERE}/headers/ata-commands.h"], r"ATA_CMD_[A-Z0-9_]+", set()),
    ("hdioBusStates", "HDIO_GET/SET_BUSSTATE states", [HDREG], r"BUSSTATE_(?:OFF|ON|TRISTATE)", set()),
    ("ideNiceBits", "HDIO_GET/SET_NICE bit numbers (IDE_NICE_*)", [HDREG], r"IDE_NICE_[A-Z0-9_]+", set()),
]
