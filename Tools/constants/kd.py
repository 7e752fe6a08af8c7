"""Constant groups for the console (KD) ioctl decoder (see core.py for the
format): the names of strace 6.1's kd_* xlat tables, values from linux/kd.h
and linux/keyboard.h."""
import os

INC = "/usr/include"
KD = f"{INC}/linux/kd.h"
KEYBOARD = f"{INC}/linux/keyboard.h"
HERE = os.path.dirname(os.path.abspath(__file__))


def exactly(names):
    """A macro-name regex matching only `names`."""
    return "(?:" + "|".join(names) + ")"


GROUPS = [
    ("kdLeds", "KDGETLED/KDSETLED LEDs (LED_*)", [KD], exactly(["LED_SCR", "LED_NUM", "LED_CAP"]), set()),
    ("kdKeyboardModes", "KDGKBMODE/KDSKBMODE modes", [KD], exactly(["K_RAW", "K_XLATE", "K_MEDIUMRAW", "K_UNICODE", "K_OFF"]),
     set()),
    ("kdKeyboardTypes", "KDGKBTYPE types", [KD], exactly(["KB_84", "KB_101", "KB_OTHER"]), set()),
    ("kdMetaModes", "KDGKBMETA/KDSKBMETA modes", [KD], exactly(["K_METABIT", "K_ESCPREFIX"]), set()),
    ("kdModes", "KDGETMODE/KDSETMODE modes", [KD], exactly(["KD_TEXT", "KD_GRAPHICS", "KD_TEXT0", "KD_TEXT1"]), set()),
    ("kdFontFlags", "struct console_font_op flags", [KD, f"{HERE}/headers/kd-font-flag-old.h"], exactly(["KD_FONT_FLAG_DONT_RECALC", "KD_FONT_FLAG_OLD"]), set()),
    ("kdFontOperations", "struct console_font_op ops", [KD],
     exactly(["KD_FONT_OP_SET", "KD_FONT_OP_GET", "KD_FONT_OP_SET_DEFAULT", "KD_FONT_OP_COPY"]), set()),
    ("kdKeyTables", "struct kbentry kb_table tables", [KD],
     exactly(["K_NORMTAB", "K_SHIFTTAB", "K_ALTTAB", "K_ALTSHIFTTAB"]), set()),
    ("kdKeymapBits", "struct kbentry kb_table modifier bit numbers (KG_*)", [KEYBOARD],
     exactly(["KG_SHIFT", "KG_ALTGR", "KG_CTRL", "KG_ALT", "KG_SHIFTL", "KG_SHIFTR", "KG_CTRLL", "KG_CTRLR"]), set()),
]
