"""Constant groups for the ioctl argument decoders (see core.py for the format)."""
INC = "/usr/include"

GROUPS = [
    ("fsInodeFlags", "FS_IOC_GETFLAGS/SETFLAGS inode flags", [f"{INC}/linux/fs.h"], r"FS_[A-Z_]+_FL",
     {"FS_FL_USER_VISIBLE", "FS_FL_USER_MODIFIABLE", "FS_BTREE_FL"}),
    ("ttyFlushQueues", "TCFLSH queues", [f"{INC}/asm-generic/termbits-common.h"], r"TC(?:I|O|IO)FLUSH", set()),
    ("ttyFlowActions", "TCXONC actions", [f"{INC}/asm-generic/termbits-common.h"], r"TC(?:OOFF|OON|IOFF|ION)", set()),
    ("modemLines", "TIOCMGET/TIOCMSET modem lines", [f"{INC}/asm-generic/termios.h"], r"TIOCM_[A-Z0-9]+",
     {"TIOCM_CD", "TIOCM_RI", "TIOCM_MODEM_BITS"}),
    ("nsfsTypes", "NS_GET_NSTYPE namespace types", [f"{INC}/linux/sched.h"], r"CLONE_NEW[A-Z]+", set()),
]

import os  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

GROUPS += [
    ("interfaceFlags", "network interface flags (SIOCGIFFLAGS)", [derived(f"{INC}/linux/if.h")], r"IFF_[A-Z_]+",
     {"IFF_VOLATILE"}),
    ("arpHardwareTypes", "ARPHRD_* hardware types", [f"{INC}/linux/if_arp.h"], r"ARPHRD_[A-Z0-9_]+", set()),
]

GROUPS += [
    ("loopFlags", "struct loop_info lo_flags (LO_FLAGS_*)", [derived(f"{INC}/linux/loop.h")], r"LO_FLAGS_[A-Z_]+", set()),
    ("loopCryptTypes", "struct loop_info lo_encrypt_type (LO_CRYPT_*)", [f"{INC}/linux/loop.h"], r"LO_CRYPT_[A-Z0-9]+", set()),
]

GROUPS += [
    ("perfIoctlFlags", "PERF_EVENT_IOC_ENABLE/DISABLE/RESET flags", [derived(f"{INC}/linux/perf_event.h")],
     r"PERF_IOC_FLAG_[A-Z_]+", set()),
]

GROUPS += [
    ("rtcVoltageFlags", "RTC_VL_READ voltage flags", [derived(f"{INC}/linux/rtc.h")], r"RTC_VL_[A-Z_]+",
     {"RTC_VL_READ", "RTC_VL_CLR"}),
]

GROUPS += [
    ("fiemapFlags", "struct fiemap fm_flags", [f"{INC}/linux/fiemap.h"], r"FIEMAP_FLAG_[A-Z_]+", set()),
    ("fiemapExtentFlags", "struct fiemap_extent fe_flags", [f"{INC}/linux/fiemap.h"], r"FIEMAP_EXTENT_[A-Z_]+", set()),
]

GROUPS += [
    ("rtcParameters", "struct rtc_param params (RTC_PARAM_*)", [f"{INC}/linux/rtc.h"],
     r"RTC_PARAM_(?:FEATURES|CORRECTION|BACKUP_SWITCH_MODE)", set()),
    ("rtcFeatureBits", "RTC_PARAM_FEATURES bit numbers (RTC_FEATURE_*)", [f"{INC}/linux/rtc.h"],
     r"RTC_FEATURE_(?!CNT)[A-Z0-9_]+", set()),
    ("rtcBackupSwitchModes", "RTC_PARAM_BACKUP_SWITCH_MODE values (RTC_BSM_*)", [f"{INC}/linux/rtc.h"], r"RTC_BSM_[A-Z]+", set()),
]
