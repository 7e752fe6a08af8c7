"""Constant groups for the MTD and UBI ioctl decoders (see core.py for the
format): the names of strace 6.1's mtd_* and ubi_* xlat tables, values from
mtd/mtd-abi.h and mtd/ubi-user.h (their enums rewritten by `derived`)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
MTD = derived(f"{INC}/mtd/mtd-abi.h")
UBI = derived(f"{INC}/mtd/ubi-user.h")


def exactly(names):
    """A macro-name regex matching only `names`."""
    return "(?:" + "|".join(names) + ")"


GROUPS = [
    ("mtdFileModes", "MTDFILEMODE modes", [MTD],
     exactly(["MTD_FILE_MODE_NORMAL", "MTD_FILE_MODE_OTP_FACTORY", "MTD_FILE_MODE_OTP_USER", "MTD_FILE_MODE_RAW"]), set()),
    ("mtdFlags", "struct mtd_info_user flags", [MTD],
     exactly(["MTD_WRITEABLE", "MTD_BIT_WRITEABLE", "MTD_NO_ERASE", "MTD_POWERUP_LOCK", "MTD_SLC_ON_MLC_EMULATION"]), set()),
    ("mtdOperationModes", "struct mtd_write_req modes", [MTD],
     exactly(["MTD_OPS_PLACE_OOB", "MTD_OPS_AUTO_OOB", "MTD_OPS_RAW"]), set()),
    ("mtdNandEccModes", "struct nand_oobinfo useecc", [MTD],
     exactly(["MTD_NANDECC_OFF", "MTD_NANDECC_PLACE", "MTD_NANDECC_AUTOPLACE", "MTD_NANDECC_PLACEONLY",
              "MTD_NANDECC_AUTOPL_USR"]), set()),
    ("mtdOTPModes", "OTPSELECT modes", [MTD], exactly(["MTD_OTP_OFF", "MTD_OTP_FACTORY", "MTD_OTP_USER"]), set()),
    ("mtdTypes", "struct mtd_info_user types", [MTD],
     exactly(["MTD_ABSENT", "MTD_RAM", "MTD_ROM", "MTD_NORFLASH", "MTD_NANDFLASH", "MTD_DATAFLASH", "MTD_UBIVOLUME",
              "MTD_MLCNANDFLASH"]), set()),
]

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS += [
    ("ubiVolumeTypes", "struct ubi_mkvol_req vol_type", [UBI], exactly(["UBI_DYNAMIC_VOLUME", "UBI_STATIC_VOLUME"]), set()),
    ("ubiVolumeFlags", "struct ubi_mkvol_req flags", [UBI], exactly(["UBI_VOL_SKIP_CRC_CHECK_FLG"]), set()),
    ("ubiVolumeProperties", "struct ubi_set_vol_prop_req property", [UBI], exactly(["UBI_VOL_PROP_DIRECT_WRITE"]), set()),
    ("ubiDataTypes", "UBI data types (dtype)", [f"{HERE}/headers/ubi-data-types.h"],
     exactly(["UBI_LONGTERM", "UBI_SHORTTERM", "UBI_UNKNOWN"]), set()),
]
