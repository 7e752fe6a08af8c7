"""Constant groups for the FilesProcess decoders: xattrs, *at flags as strace
6.1 prints them, splice, sync_file_range, close_range, flock, eventfd2,
pidfd_open, name_to_handle_at, wait options and clone flags in strace's
order (see core.py for the format). Named to sort after the other modules,
so that the constants they emit by name stay theirs."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
BITS = f"{INC}/x86_64-linux-gnu/bits"

# The order strace 6.1 prints these names in (its xlat tables).
ORDER = {
    "flockCommands": ["LOCK_SH", "LOCK_EX", "LOCK_NB", "LOCK_UN", "LOCK_MAND", "LOCK_RW", "LOCK_READ", "LOCK_WRITE"],
    "eventfdCreateFlags": ["EFD_SEMAPHORE", "EFD_CLOEXEC", "EFD_NONBLOCK"],
    "waitOptionFlags": ["WNOHANG", "WEXITED", "WSTOPPED", "WCONTINUED", "WNOWAIT", "__WCLONE", "__WALL", "__WNOTHREAD"],
    "clone3OnlyFlags": ["CLONE_NEWTIME", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP"],
}
GROUPS = [
    # strace's at_flags: no AT_STATX_* (statx prints those apart) and no AT_EACCESS.
    ("pathAtFlags", "*at(2) flags as strace's at_flags lists them", [f"{INC}/linux/fcntl.h"],
     r"AT_(?:SYMLINK_NOFOLLOW|REMOVEDIR|SYMLINK_FOLLOW|NO_AUTOMOUNT|EMPTY_PATH|RECURSIVE)", set()),
    ("nameToHandleFlags", "name_to_handle_at(2) flags", [f"{INC}/linux/fcntl.h"], r"AT_(?:SYMLINK_FOLLOW|EMPTY_PATH)", set()),
    ("xattrFlags", "setxattr(2) flags", [f"{INC}/linux/xattr.h"], r"XATTR_(?:CREATE|REPLACE)", set()),
    ("syncFileRangeFlags", "sync_file_range(2) flags", [f"{INC}/linux/fs.h"], r"SYNC_FILE_RANGE_(?:WAIT_BEFORE|WRITE|WAIT_AFTER)", set()),
    ("closeRangeFlags", "close_range(2) flags", [f"{INC}/linux/close_range.h"], r"CLOSE_RANGE_[A-Z]+", set()),
    ("spliceMoveFlags", "splice(2), tee(2) and vmsplice(2) flags", [f"{BITS}/fcntl-linux.h"], r"SPLICE_F_(?:MOVE|NONBLOCK|MORE|GIFT)", set()),
    ("flockCommands", "flock(2) operations", [f"{INC}/asm-generic/fcntl.h"], r"LOCK_(?:SH|EX|NB|UN|MAND|READ|WRITE|RW)", set()),
    ("eventfdCreateFlags", "eventfd2(2) flags", [derived(f"{BITS}/eventfd.h")], r"EFD_[A-Z]+", set()),
    ("pidfdOpenFlags", "pidfd_open(2) flags", [f"{INC}/asm-generic/fcntl.h", f"{INC}/linux/pidfd.h"], r"PIDFD_NONBLOCK", set()),
    # strace's wait4_options names 2 WSTOPPED (it has no WUNTRACED).
    ("waitOptionFlags", "wait4(2) and waitid(2) options", [f"{INC}/linux/wait.h"],
     r"WNOHANG|WSTOPPED|WEXITED|WCONTINUED|WNOWAIT|__WNOTHREAD|__WALL|__WCLONE", set()),
    # strace's clone_flags: no CLONE_DETACHED, which the kernel ignores.
    ("cloneFlagNames", "clone(2) flags as strace's clone_flags lists them", [f"{INC}/linux/sched.h"],
     r"CLONE_(?:VM|FS|FILES|SIGHAND|PIDFD|PTRACE|VFORK|PARENT|THREAD|NEWNS|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID"
     r"|UNTRACED|CHILD_SETTID|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|IO)", set()),
    ("clone3OnlyFlags", "clone3(2) flags after clone_flags (strace's clone3_flags)", [f"{INC}/linux/sched.h"],
     r"CLONE_(?:NEWTIME|CLEAR_SIGHAND|INTO_CGROUP)", set()),
]
