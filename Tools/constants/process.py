"""Constant groups for the process decoders (see core.py for the format).
Headers with enum constants are read through `_headers.derived`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import derived  # noqa: E402

INC = "/usr/include"
BITS = f"{INC}/x86_64-linux-gnu/bits"
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "headers")
RESOURCE = derived(f"{BITS}/resource.h")

PRCTL_OPTIONS = "|".join([
    "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG", "PR_GET_DUMPABLE", "PR_SET_DUMPABLE", "PR_GET_UNALIGN", "PR_SET_UNALIGN",
    "PR_GET_KEEPCAPS", "PR_SET_KEEPCAPS", "PR_GET_FPEMU", "PR_SET_FPEMU", "PR_GET_FPEXC", "PR_SET_FPEXC",
    "PR_GET_TIMING", "PR_SET_TIMING", "PR_SET_NAME", "PR_GET_NAME", "PR_GET_ENDIAN", "PR_SET_ENDIAN",
    "PR_GET_SECCOMP", "PR_SET_SECCOMP", "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_GET_TSC", "PR_SET_TSC",
    "PR_GET_SECUREBITS", "PR_SET_SECUREBITS", "PR_SET_TIMERSLACK", "PR_GET_TIMERSLACK",
    "PR_TASK_PERF_EVENTS_DISABLE", "PR_TASK_PERF_EVENTS_ENABLE", "PR_MCE_KILL", "PR_MCE_KILL_GET", "PR_SET_MM",
    "PR_SET_PTRACER", "PR_SET_CHILD_SUBREAPER", "PR_GET_CHILD_SUBREAPER", "PR_SET_NO_NEW_PRIVS",
    "PR_GET_NO_NEW_PRIVS", "PR_GET_TID_ADDRESS", "PR_SET_THP_DISABLE", "PR_GET_THP_DISABLE",
    "PR_MPX_ENABLE_MANAGEMENT", "PR_MPX_DISABLE_MANAGEMENT", "PR_SET_FP_MODE", "PR_GET_FP_MODE", "PR_CAP_AMBIENT",
    "PR_SVE_SET_VL", "PR_SVE_GET_VL", "PR_GET_SPECULATION_CTRL", "PR_SET_SPECULATION_CTRL", "PR_PAC_RESET_KEYS",
    "PR_SET_TAGGED_ADDR_CTRL", "PR_GET_TAGGED_ADDR_CTRL", "PR_SET_IO_FLUSHER", "PR_GET_IO_FLUSHER",
    "PR_SET_SYSCALL_USER_DISPATCH", "PR_PAC_SET_ENABLED_KEYS", "PR_PAC_GET_ENABLED_KEYS", "PR_SCHED_CORE",
    "PR_SME_SET_VL", "PR_SME_GET_VL", "PR_SET_VMA",
])

DESCENDING = set()
GROUPS = [
    ("prctlOptions", "prctl(2) options", [f"{INC}/linux/prctl.h"], "(?:" + PRCTL_OPTIONS + r")\b", set()),
    ("capabilities", "capabilities", [f"{INC}/linux/capability.h"], r"CAP_[A-Z_]+",
     {"CAP_LAST_CAP"}),
    ("seccompModes", "seccomp modes", [f"{INC}/linux/seccomp.h"], r"SECCOMP_MODE_[A-Z]+", set()),
    ("dumpableModes", "PR_SET_DUMPABLE values", [f"{HERE}/suid-dump.h"], r"SUID_DUMP_[A-Z]+", set()),
    ("schedulerPolicies", "scheduling policies", [f"{BITS}/sched.h"],
     r"SCHED_(?:OTHER|FIFO|RR|BATCH|ISO|IDLE|DEADLINE)", set()),
    ("priorityTargets", "getpriority/setpriority's which", [RESOURCE], r"PRIO_(?:PROCESS|PGRP|USER)", set()),
    ("rusageTargets", "getrusage's who", [RESOURCE], r"RUSAGE_(?:SELF|CHILDREN|THREAD)", set()),
    ("waitidTypes", "waitid's idtype", [f"{INC}/linux/wait.h"], r"P_(?:ALL|PID|PGID|PIDFD)", set()),
]
