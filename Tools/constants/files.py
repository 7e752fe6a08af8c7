"""Constant groups for the files decoders (see core.py for the format)."""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"
BITS = f"{INC}/x86_64-linux-gnu/bits"
HERE = __import__("os").path.dirname(__import__("os").path.abspath(__file__))

# strace lists the composite statx masks before the single bits.
DESCENDING = {"statxMaskSets"}
GROUPS = [
    ("seekWhence", "lseek(2) origins", [f"{INC}/linux/fs.h"], r"SEEK_(?:SET|CUR|END|DATA|HOLE)", set()),
    ("fcntlCommands", "fcntl(2) commands", [f"{INC}/asm-generic/fcntl.h", f"{INC}/linux/fcntl.h"],
     r"F_(?:DUPFD|GETFD|SETFD|GETFL|SETFL|GETLK|SETLK|SETLKW|SETOWN|GETOWN|SETSIG|GETSIG|SETOWN_EX|GETOWN_EX|GETOWNER_UIDS"
     r"|OFD_GETLK|OFD_SETLK|OFD_SETLKW|SETLEASE|GETLEASE|NOTIFY|CANCELLK|DUPFD_CLOEXEC|SETPIPE_SZ|GETPIPE_SZ|ADD_SEALS|GET_SEALS)", set()),
    ("lockTypes", "struct flock l_type values and leases", [f"{INC}/asm-generic/fcntl.h"], r"F_(?:RDLCK|WRLCK|UNLCK|EXLCK|SHLCK)", set()),
    ("descriptorFlags", "F_GETFD/F_SETFD flags", [f"{INC}/asm-generic/fcntl.h"], r"FD_CLOEXEC", set()),
    ("notifyFlags", "F_NOTIFY events", [f"{INC}/linux/fcntl.h"], r"DN_[A-Z]+", set()),
    ("sealFlags", "F_ADD_SEALS seals", [f"{INC}/linux/fcntl.h"], r"F_SEAL_[A-Z_]+", set()),
    ("ownerTypes", "F_SETOWN_EX owner types", [f"{INC}/asm-generic/fcntl.h"], r"F_OWNER_(?:TID|PID|PGRP)", set()),
    ("flockOperations", "flock(2) operations", [f"{INC}/asm-generic/fcntl.h"], r"LOCK_(?:SH|EX|NB|UN|MAND|READ|WRITE|RW)", set()),
    ("fallocateModes", "fallocate(2) modes", [f"{INC}/linux/falloc.h"], r"FALLOC_FL_[A-Z_]+", set()),
    ("fadviseAdvice", "posix_fadvise advice", [f"{BITS}/fcntl-linux.h"], r"POSIX_FADV_[A-Z]+", set()),
    ("renameFlags", "renameat2(2) flags", [f"{INC}/linux/fs.h"], r"RENAME_[A-Z]+", set()),
    ("resolveFlags", "openat2(2) resolve flags", [f"{INC}/linux/openat2.h"], r"RESOLVE_[A-Z_]+", set()),
    ("statxMaskSets", "statx(2) composite masks", [f"{INC}/linux/stat.h"], r"STATX_(?:ALL|BASIC_STATS)", set()),
    ("statxMasks", "statx(2) mask bits", [f"{INC}/linux/stat.h"], r"STATX_(?!ATTR_)[A-Z_]+",
     {"STATX_ALL", "STATX_BASIC_STATS", "STATX__RESERVED"}),
    ("statxAttributes", "statx(2) attributes", [f"{INC}/linux/stat.h"], r"STATX_ATTR_[A-Z_]+", set()),
    ("statxSyncTypes", "statx(2) sync types", [f"{INC}/linux/fcntl.h"], r"AT_STATX_(?:FORCE_SYNC|DONT_SYNC)", set()),
    ("modeBits", "st_mode set-id and sticky bits", [f"{INC}/linux/stat.h"], r"S_IS(?:UID|GID|VTX)", set()),
    ("filesystemMagics", "statfs f_type magic numbers", [f"{INC}/linux/magic.h"], r"[A-Z0-9_]+_MAGIC[0-9]?", set()),
    ("termInputFlags", "termios c_iflag bits", [f"{INC}/asm-generic/termbits-common.h", f"{INC}/asm-generic/termbits.h"],
     r"IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8", set()),
    # strace prints c_lflag bits in this order, which is not the values' order.
    ("termLocalFlags", "termios c_lflag bits up to NOFLSH", [f"{INC}/asm-generic/termbits.h"],
     r"ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH", set()),
    ("termLocalExtensions", "termios c_lflag IEXTEN", [f"{INC}/asm-generic/termbits.h"], r"IEXTEN", set()),
    ("termLocalEchoFlags", "termios c_lflag echo and flush bits", [f"{INC}/asm-generic/termbits.h"],
     r"ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN", set()),
    ("termLocalStopFlags", "termios c_lflag TOSTOP and EXTPROC", [f"{INC}/asm-generic/termbits.h"], r"TOSTOP|EXTPROC", set()),
    ("faccessatFlags", "faccessat2(2) flags", [f"{INC}/linux/fcntl.h"], r"AT_(?:SYMLINK_NOFOLLOW|EACCESS|EMPTY_PATH)", set()),
]
GROUPS.append(("utimeSpecial", "utimensat(2) special tv_nsec values", [f"{BITS}/stat.h"], r"UTIME_(?:NOW|OMIT)", set()))
# ST_VALID is printed before the other bits, so it has a group of its own.
GROUPS.append(("statfsValidFlag", "statfs f_flags ST_VALID", [f"{HERE}/headers/statfs-flags.h"], r"ST_VALID", set()))
GROUPS.append(("statfsFlags", "statfs f_flags bits", [f"{HERE}/headers/statfs-flags.h"], r"ST_[A-Z]+", {"ST_VALID"}))
