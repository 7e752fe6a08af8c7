"""Constant groups for the i386 compat decoders (see core.py for the format)."""

INC = "/usr/include"

GROUPS = [
    # socketcall(2)'s sub-calls: SYS_SOCKET (1) to SYS_SENDMMSG (20), each
    # printed by strace under its call's name.
    # fcntl's commands with a struct flock64 on 32-bit ABIs (12, 13, 14: x86_64's
    # headers define them only for 32-bit longs; the text has them).
    ("fcntl64LockCommands", "fcntl(2) struct flock64 commands of 32-bit ABIs", [f"{INC}/asm-generic/fcntl.h"],
     r"F_(?:GET|SET)LKW?64", set()),
    # ipc(2)'s sub-calls (SEMOP 1 to SHMCTL 24), each printed by strace under its call's name.
    ("ipcCalls", "ipc(2) sub-calls", [f"{INC}/linux/ipc.h"],
     r"SEMOP|SEMGET|SEMCTL|SEMTIMEDOP|MSGSND|MSGRCV|MSGGET|MSGCTL|SHMAT|SHMDT|SHMGET|SHMCTL", set()),
    ("socketcallCalls", "socketcall(2) sub-calls", [f"{INC}/linux/net.h"], r"SYS_[A-Z0-9]+", set()),
]
