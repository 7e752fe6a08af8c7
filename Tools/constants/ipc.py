"""Constant groups for the SysV IPC, POSIX message queue and key management
decoders (see core.py for the format).

KEY_POS_VIEW and the other key permission bits are defined only by
libkeyutils-dev's keyutils.h (not by the kernel's uapi headers)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import DERIVED  # noqa: E402

INC = "/usr/include"
KEYUTILS = f"{INC}/keyutils.h"


def without_key_casts(header):
    """`header` with `((__kernel_key_t) 0)` read as `0` (IPC_PRIVATE), which
    the generator's `#define` reader cannot evaluate; returns the copy's path."""
    with open(header) as f:
        text = f.read()
    text = re.sub(r"\(\(__kernel_key_t\)\s*([0-9]+)\)", r"\1", text)
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "ipc-" + os.path.basename(header))
    with open(path, "w") as f:
        f.write(text)
    return path


def definition_order(header, pattern):
    """The names matching `pattern` in the order `header` defines them."""
    regex = re.compile(r"^\s*#\s*define\s+(" + pattern + r")\s")
    with open(header) as f:
        return [m.group(1) for m in map(regex.match, f) if m]


IPC = without_key_casts(f"{INC}/linux/ipc.h")
SHM = [IPC, f"{INC}/asm-generic/hugetlb_encode.h", f"{INC}/linux/shm.h"]
SEM = [IPC, f"{INC}/linux/sem.h"]
MSG = [IPC, f"{INC}/linux/msg.h"]
KEYCTL = f"{INC}/linux/keyctl.h"
IPC_COMMANDS = r"IPC_(?:RMID|SET|STAT|INFO)"

# strace 6.1's print order (its xlat tables) where it is not by value.
ORDER = {
    "semopFlags": ["SEM_UNDO", "IPC_NOWAIT"],
    "ipcMessageFlags": ["MSG_NOERROR", "MSG_EXCEPT", "MSG_COPY", "IPC_NOWAIT"],
    # Possessor, user, group, other; each group's bits before its _ALL.
    "keyPermissions": definition_order(KEYUTILS, r"KEY_(?:POS|USR|GRP|OTH)_[A-Z]+"),
}
GROUPS = [
    ("ipcPrivateKey", "the key of a new private IPC object", [IPC], r"IPC_PRIVATE", set()),
    ("ipcVersion64", "the IPC_64 bit of *ctl commands", [IPC], r"IPC_64", set()),
    ("ipcResourceFlags", "semget/msgget flags above the mode", [IPC], r"IPC_(?:CREAT|EXCL|NOWAIT)", set()),
    ("shmResourceFlags", "shmget flags above the mode and below the huge page size", SHM,
     r"IPC_(?:CREAT|EXCL)|SHM_HUGETLB|SHM_NORESERVE", set()),
    ("shmHugeShift", "where shmget's huge page size starts, and its mask", SHM, r"SHM_HUGE_(?:SHIFT|MASK)", set()),
    ("shmAttachFlags", "shmat flags", SHM, r"SHM_(?:RDONLY|RND|REMAP|EXEC)", set()),
    ("shmctlCommands", "shmctl commands", SHM, IPC_COMMANDS + r"|SHM_(?:LOCK|UNLOCK|STAT|INFO|STAT_ANY)", set()),
    ("semctlCommands", "semctl commands", SEM,
     IPC_COMMANDS + r"|GET(?:PID|VAL|ALL|NCNT|ZCNT)|SET(?:VAL|ALL)|SEM_(?:STAT|INFO|STAT_ANY)", set()),
    ("semopFlags", "struct sembuf sem_flg", SEM, r"SEM_UNDO|IPC_NOWAIT", set()),
    ("msgctlCommands", "msgctl commands", MSG, IPC_COMMANDS + r"|MSG_(?:STAT|INFO|STAT_ANY)", set()),
    ("ipcMessageFlags", "msgsnd/msgrcv flags", MSG, r"MSG_(?:NOERROR|EXCEPT|COPY)|IPC_NOWAIT", set()),
    ("mqAttributeFlags", "struct mq_attr mq_flags", [f"{INC}/asm-generic/fcntl.h"], r"O_NONBLOCK", set()),
    ("keyctlCommands", "keyctl commands", [KEYCTL], r"KEYCTL_(?!MOVE_EXCL|CAPS|SUPPORTS)[A-Z_0-9]+", set()),
    ("keySpecialIDs", "special key and keyring serial numbers", [KEYCTL], r"KEY_SPEC_[A-Z_]+", set()),
    ("keyRequestKeyrings", "KEYCTL_SET_REQKEY_KEYRING's keyrings", [KEYCTL], r"KEY_REQKEY_DEFL_[A-Z_]+", set()),
    ("keyctlMoveFlags", "KEYCTL_MOVE flags", [KEYCTL], r"KEYCTL_MOVE_EXCL", set()),
    ("keyPermissions", "KEYCTL_SETPERM permissions", [KEYUTILS], r"KEY_(?:POS|USR|GRP|OTH)_[A-Z]+", set()),
]
GROUPS += [
    ("keyctlCapabilities0", "KEYCTL_CAPABILITIES' first byte", [KEYCTL], r"KEYCTL_CAPS0_[A-Z_]+", set()),
    ("keyctlCapabilities1", "KEYCTL_CAPABILITIES' second byte", [KEYCTL], r"KEYCTL_CAPS1_[A-Z_]+", set()),
    ("keyctlSupportedOperations", "struct keyctl_pkey_query supported_ops", [KEYCTL], r"KEYCTL_SUPPORTS_[A-Z]+", set()),
]
