"""Constant groups for the system administration decoders: syslog, reboot,
swapon, modules, kexec, quotactl, mount and the new mount API, namespaces,
personality, fanotify and inotify (see core.py for the format).

Each group takes exactly the names strace 6.1's table has (its
src/xlat/*.in), not every macro of the prefix: this machine's headers know
newer flags strace 6.1 prints as unknown bits. Headers with enum constants
are read through `_headers.derived`; dqblk_xfs.h's function-like XQM_CMD()
through `expanded` below. Names no installed header has come from
Tools/constants/headers/."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from _headers import DERIVED, derived  # noqa: E402

INC = "/usr/include"
FCNTL = f"{INC}/asm-generic/fcntl.h"


def expanded(header):
    """`header` with its one-argument function-like macros expanded where they
    are used (`Q_XQUOTAON XQM_CMD(1)` from `XQM_CMD(x) (('X'<<8)+(x))`) and
    character literals as numbers, as a copy in .build-constants/."""
    with open(header) as f:
        text = f.read().replace("\\\n", " ")
    text = re.sub(r"'(.)'", lambda m: str(ord(m.group(1))), text)
    macros = dict((m.group(1), (m.group(2), m.group(3).split("/*")[0].strip()))
                  for m in re.finditer(r"^\s*#\s*define\s+(\w+)\((\w+)\)\s+(.+)$", text, flags=re.M))
    for name, (parameter, body) in macros.items():
        def expand(m, parameter=parameter, body=body):
            return "(" + re.sub(r"\b" + parameter + r"\b", m.group(1), body) + ")"
        text = re.sub(r"(?<!define )\b" + name + r"\((\w+)\)", expand, text)
    path = os.path.join(DERIVED, "expanded", os.path.relpath(header, INC))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("/* Expanded by Tools/constants/admin.py from " + header + ". */\n" + text)
    return path


def names(*macros):
    """A pattern matching exactly these macro names."""
    return "|".join(macros)


SYSLOG = f"{HERE}/headers/syslog.h"
MOUNT = derived(f"{INC}/linux/mount.h")
SYS_MOUNT = derived(f"{INC}/x86_64-linux-gnu/sys/mount.h")
PERSONALITY = derived(f"{INC}/linux/personality.h")
QUOTA = derived(f"{INC}/linux/quota.h")
XFS_QUOTA = expanded(f"{INC}/linux/dqblk_xfs.h")
SCHED = f"{INC}/linux/sched.h"
FANOTIFY = [f"{INC}/linux/fanotify.h", f"{HERE}/headers/fanotify-dir-modify.h"]

CLONE_NAMESPACES = ["CLONE_NEWTIME", "CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC",
                    "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET"]
AT_FLAGS = ["AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH",
            "AT_RECURSIVE"]

# The order strace 6.1 prints these flags in (its tables'), where it is not
# ascending.
ORDER = {
    "deleteModuleFlags": ["O_NONBLOCK", "O_TRUNC"],
    "openTreeFlags": ["OPEN_TREE_CLONE", "OPEN_TREE_CLOEXEC", *AT_FLAGS],
    "fanotifyEventFlags": ["FAN_ACCESS", "FAN_MODIFY", "FAN_ATTRIB", "FAN_CLOSE_WRITE", "FAN_CLOSE_NOWRITE", "FAN_OPEN",
                           "FAN_MOVED_FROM", "FAN_MOVED_TO", "FAN_CREATE", "FAN_DELETE", "FAN_DELETE_SELF",
                           "FAN_MOVE_SELF", "FAN_OPEN_EXEC", "FAN_Q_OVERFLOW", "FAN_FS_ERROR", "FAN_OPEN_PERM",
                           "FAN_ACCESS_PERM", "FAN_OPEN_EXEC_PERM", "FAN_DIR_MODIFY", "FAN_ONDIR",
                           "FAN_EVENT_ON_CHILD", "FAN_RENAME"],
}

GROUPS = [
    # syslog
    ("syslogActions", "syslog(2) actions", [SYSLOG], r"SYSLOG_ACTION_[A-Z_]+", set()),
    ("consoleLogLevels", "syslog(2) SYSLOG_ACTION_CONSOLE_LEVEL levels", [SYSLOG], r"LOGLEVEL_[A-Z]+", set()),
    # swapon, reboot
    ("swapFlags", "swapon(2) flags above the priority",
     [f"{INC}/x86_64-linux-gnu/sys/swap.h", f"{HERE}/headers/swap-flags.h"],
     names("SWAP_FLAG_PREFER", "SWAP_FLAG_DISCARD", "SWAP_FLAG_DISCARD_ONCE", "SWAP_FLAG_DISCARD_PAGES"), set()),
    ("rebootMagic1", "reboot(2) first magic number", [f"{INC}/linux/reboot.h"], r"LINUX_REBOOT_MAGIC1", set()),
    ("rebootMagic2", "reboot(2) second magic numbers", [f"{INC}/linux/reboot.h"], r"LINUX_REBOOT_MAGIC2[ABC]?", set()),
    ("rebootCommands", "reboot(2) commands", [f"{INC}/linux/reboot.h"],
     names(*("LINUX_REBOOT_CMD_" + c for c in ["RESTART", "HALT", "CAD_ON", "CAD_OFF", "POWER_OFF", "RESTART2",
                                               "SW_SUSPEND", "KEXEC"])), set()),
    # modules, kexec
    ("deleteModuleFlags", "delete_module(2) flags", [FCNTL], names("O_NONBLOCK", "O_TRUNC"), set()),
    ("moduleInitFlags", "finit_module(2) flags", [f"{INC}/linux/module.h"],
     names("MODULE_INIT_IGNORE_MODVERSIONS", "MODULE_INIT_IGNORE_VERMAGIC", "MODULE_INIT_COMPRESSED_FILE"), set()),
    ("kexecArchitectures", "kexec_load(2) architectures (KEXEC_ARCH_MASK bits)", [f"{INC}/linux/kexec.h"],
     names(*("KEXEC_ARCH_" + a for a in ["DEFAULT", "386", "68K", "PARISC", "X86_64", "PPC", "PPC64", "IA_64", "ARM",
                                         "S390", "SH", "MIPS_LE", "MIPS", "AARCH64", "RISCV", "LOONGARCH"])), set()),
    ("kexecLoadFlags", "kexec_load(2) flags", [f"{INC}/linux/kexec.h"],
     names("KEXEC_ON_CRASH", "KEXEC_PRESERVE_CONTEXT"), set()),
    ("kexecFileLoadFlags", "kexec_file_load(2) flags", [f"{INC}/linux/kexec.h"],
     names("KEXEC_FILE_UNLOAD", "KEXEC_FILE_ON_CRASH", "KEXEC_FILE_NO_INITRAMFS"), set()),
    # quotactl
    ("quotaCommands", "quotactl(2) commands (QCMD's first part)",
     [QUOTA, XFS_QUOTA, f"{HERE}/headers/quota-v1-v2.h"],
     r"Q_(?:V1_[A-Z]+|V2_[A-Z]+|SETQLIM|SYNC|QUOTAON|QUOTAOFF|GETFMT|GETINFO|SETINFO|GETQUOTA|SETQUOTA|GETNEXTQUOTA|"
     r"XQUOTAON|XQUOTAOFF|XGETQUOTA|XSETQLIM|XGETQSTAT|XQUOTARM|XQUOTASYNC|XGETQSTATV|XGETNEXTQUOTA)", set()),
    ("quotaTypes", "quotactl(2) quota types (QCMD's second part)", [QUOTA], names("USRQUOTA", "GRPQUOTA", "PRJQUOTA"),
     set()),
    ("quotaFormats", "quotactl(2) Q_QUOTAON and Q_GETFMT formats", [QUOTA],
     names("QFMT_VFS_OLD", "QFMT_VFS_V0", "QFMT_OCFS2", "QFMT_VFS_V1"), set()),
    ("quotaBlockValid", "struct if_dqblk dqb_valid bits", [QUOTA],
     names("QIF_BLIMITS", "QIF_SPACE", "QIF_ILIMITS", "QIF_INODES", "QIF_BTIME", "QIF_ITIME"), set()),
    ("quotaInfoFlags", "struct if_dqinfo dqi_flags bits", [QUOTA], names("DQF_ROOT_SQUASH", "DQF_SYS_FILE"), set()),
    ("quotaInfoValid", "struct if_dqinfo dqi_valid bits", [QUOTA], names("IIF_BGRACE", "IIF_IGRACE", "IIF_FLAGS"), set()),
    ("xfsQuotaTypes", "XFS quota types (d_flags, Q_XQUOTARM)", [XFS_QUOTA],
     names("FS_USER_QUOTA", "FS_PROJ_QUOTA", "FS_GROUP_QUOTA"), set()),
    ("xfsQuotaFlags", "XFS quota state flags (qs_flags, Q_XQUOTAON)", [XFS_QUOTA], r"FS_QUOTA_[UGP]DQ_(?:ACCT|ENFD)",
     set()),
    # mount, umount2 and the new mount API
    ("mountFlags", "mount(2) flags", [MOUNT],
     names(*("MS_" + f for f in ["RDONLY", "NOSUID", "NODEV", "NOEXEC", "SYNCHRONOUS", "REMOUNT", "MANDLOCK", "DIRSYNC",
                                 "NOSYMFOLLOW", "NOATIME", "NODIRATIME", "BIND", "MOVE", "REC", "SILENT", "POSIXACL",
                                 "UNBINDABLE", "PRIVATE", "SLAVE", "SHARED", "RELATIME", "KERNMOUNT", "I_VERSION",
                                 "STRICTATIME", "LAZYTIME", "SUBMOUNT", "NOREMOTELOCK", "NOSEC", "BORN", "ACTIVE",
                                 "NOUSER"])), set()),
    ("mountOldMagic", "mount(2)'s old magic in the high flag bits", [MOUNT], r"MS_MGC_VAL", set()),
    ("umountFlags", "umount2(2) flags", [SYS_MOUNT], names("MNT_FORCE", "MNT_DETACH", "MNT_EXPIRE", "UMOUNT_NOFOLLOW"),
     set()),
    ("openTreeFlags", "open_tree(2) flags", [FCNTL, f"{INC}/linux/fcntl.h", MOUNT],
     names("OPEN_TREE_CLONE", "OPEN_TREE_CLOEXEC", *AT_FLAGS), set()),
    ("moveMountFlags", "move_mount(2) flags", [MOUNT],
     names(*("MOVE_MOUNT_" + f for f in ["F_SYMLINKS", "F_AUTOMOUNTS", "F_EMPTY_PATH", "T_SYMLINKS", "T_AUTOMOUNTS",
                                         "T_EMPTY_PATH", "SET_GROUP"])), set()),
    ("fsopenFlags", "fsopen(2) flags", [MOUNT], r"FSOPEN_CLOEXEC", set()),
    ("fsconfigCommands", "fsconfig(2) commands", [MOUNT],
     names(*("FSCONFIG_" + c for c in ["SET_FLAG", "SET_STRING", "SET_BINARY", "SET_PATH", "SET_PATH_EMPTY", "SET_FD",
                                       "CMD_CREATE", "CMD_RECONFIGURE"])), set()),
    ("fsmountFlags", "fsmount(2) flags", [MOUNT], r"FSMOUNT_CLOEXEC", set()),
    ("fsmountAttributes", "fsmount(2) attribute flags", [MOUNT],
     names(*("MOUNT_ATTR_" + a for a in ["RDONLY", "NOSUID", "NODEV", "NOEXEC", "NOATIME", "STRICTATIME",
                                         "NODIRATIME"])), set()),
    ("fspickFlags", "fspick(2) flags", [MOUNT],
     names("FSPICK_CLOEXEC", "FSPICK_SYMLINK_NOFOLLOW", "FSPICK_NO_AUTOMOUNT", "FSPICK_EMPTY_PATH"), set()),
    ("mountSetattrFlags", "mount_setattr(2) flags", [f"{INC}/linux/fcntl.h"],
     names("AT_SYMLINK_NOFOLLOW", "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH", "AT_RECURSIVE"), set()),
    ("mountAttributes", "struct mount_attr attr_set and attr_clr flags", [MOUNT],
     names(*("MOUNT_ATTR_" + a for a in ["RDONLY", "NOSUID", "NODEV", "NOEXEC", "NOATIME", "STRICTATIME",
                                         "NODIRATIME", "IDMAP", "NOSYMFOLLOW"])), set()),
    ("mountPropagations", "struct mount_attr propagation types", [MOUNT],
     names("MS_UNBINDABLE", "MS_PRIVATE", "MS_SLAVE", "MS_SHARED"), set()),
    # namespaces
    ("setnsTypes", "setns(2) namespace types", [SCHED], names(*CLONE_NAMESPACES), set()),
    ("unshareFlags", "unshare(2) flags", [SCHED],
     names("CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_SYSVSEM", *CLONE_NAMESPACES),
     set()),
    # personality
    ("personalityTypes", "personality(2) types (PER_MASK bits)", [PERSONALITY], r"PER_[A-Z0-9_]+",
     {"PER_CLEAR_ON_SETID"}),
    ("personalityFlags", "personality(2) flags", [PERSONALITY],
     names("UNAME26", "ADDR_NO_RANDOMIZE", "FDPIC_FUNCPTRS", "MMAP_PAGE_ZERO", "ADDR_COMPAT_LAYOUT",
           "READ_IMPLIES_EXEC", "ADDR_LIMIT_32BIT", "SHORT_INODE", "WHOLE_SECONDS", "STICKY_TIMEOUTS",
           "ADDR_LIMIT_3GB"), set()),
    # fanotify, inotify
    ("fanotifyClasses", "fanotify_init(2) notification classes", FANOTIFY,
     names("FAN_CLASS_NOTIF", "FAN_CLASS_CONTENT", "FAN_CLASS_PRE_CONTENT"), set()),
    ("fanotifyInitFlags", "fanotify_init(2) flags", FANOTIFY,
     names("FAN_CLOEXEC", "FAN_NONBLOCK", "FAN_UNLIMITED_QUEUE", "FAN_UNLIMITED_MARKS", "FAN_ENABLE_AUDIT",
           "FAN_REPORT_PIDFD", "FAN_REPORT_TID", "FAN_REPORT_FID", "FAN_REPORT_DIR_FID", "FAN_REPORT_NAME",
           "FAN_REPORT_TARGET_FID"), set()),
    ("openAccessMask", "open(2) access mode with both bits set, as strace names it (fanotify_init's event_f_flags)",
     [FCNTL], r"O_ACCMODE", set()),
    ("fanotifyMarkFlags", "fanotify_mark(2) flags", FANOTIFY,
     names(*("FAN_MARK_" + f for f in ["ADD", "REMOVE", "DONT_FOLLOW", "ONLYDIR", "MOUNT", "IGNORED_MASK",
                                       "IGNORED_SURV_MODIFY", "FLUSH", "FILESYSTEM", "EVICTABLE", "IGNORE"])), set()),
    ("fanotifyEventFlags", "fanotify_mark(2) event mask", FANOTIFY, names(*ORDER["fanotifyEventFlags"]), set()),
    ("inotifyEvents", "inotify_add_watch(2) mask", [f"{INC}/linux/inotify.h"],
     names(*("IN_" + e for e in ["ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE", "CLOSE_NOWRITE", "OPEN", "MOVED_FROM",
                                 "MOVED_TO", "CREATE", "DELETE", "DELETE_SELF", "MOVE_SELF", "UNMOUNT", "Q_OVERFLOW",
                                 "IGNORED", "ONLYDIR", "DONT_FOLLOW", "EXCL_UNLINK", "MASK_CREATE", "MASK_ADD", "ISDIR",
                                 "ONESHOT"])), set()),
    ("inotifyInitFlags", "inotify_init1(2) flags", [FCNTL, f"{INC}/linux/inotify.h"], names("IN_NONBLOCK", "IN_CLOEXEC"),
     set()),
]
