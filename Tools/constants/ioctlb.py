"""Constant groups for the userfaultfd, seccomp notification and KVM ioctl
decoders (strace's userfaultfd.c, seccomp_ioctl.c, kvm.c; see core.py for the format)."""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import DERIVED  # noqa: E402


def without_u64_casts(header):
    """`header` with its `(__u64)` casts dropped (`((__u64)1<<0)`), which the
    generator cannot evaluate, copied into .build-constants/; returns the copy's path."""
    with open(header) as f:
        text = re.sub(r"\(__u64\)", "", f.read())
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "nocast-" + os.path.basename(header))
    with open(path, "w") as f:
        f.write(text)
    return path


UFFD = without_u64_casts(f"{INC}/linux/userfaultfd.h")


def with_dm_exists_flag(header):
    """linux/dm-ioctl.h plus DM_EXISTS_FLAG (0x4), which strace's dm.c defines
    itself (from lvm2's libdm-iface.c) and names among the flags."""
    with open(header) as f:
        text = f.read()
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "with-exists-" + os.path.basename(header))
    with open(path, "w") as f:
        f.write(text + "\n#define DM_EXISTS_FLAG 0x00000004\n")
    return path


DM = with_dm_exists_flag(f"{INC}/linux/dm-ioctl.h")

GROUPS = [
    ("uffdApiFeatures", "struct uffdio_api features (UFFD_FEATURE_*)", [f"{INC}/linux/userfaultfd.h"],
     r"UFFD_FEATURE_[A-Z_]+", set()),
    ("uffdioCommandNumbers", "userfaultfd ioctl numbers (_UFFDIO_*), the bits of uffdio_api/uffdio_register ioctls",
     [f"{INC}/linux/userfaultfd.h"], r"_UFFDIO_[A-Z]+", set()),
    ("uffdCopyModes", "struct uffdio_copy mode", [UFFD], r"UFFDIO_COPY_MODE_[A-Z]+", set()),
    ("uffdRegisterModes", "struct uffdio_register mode", [UFFD],
     r"UFFDIO_REGISTER_MODE_[A-Z]+", set()),
    ("uffdZeropageModes", "struct uffdio_zeropage mode", [UFFD],
     r"UFFDIO_ZEROPAGE_MODE_[A-Z]+", set()),
    ("seccompAddfdFlags", "struct seccomp_notif_addfd flags", [f"{INC}/linux/seccomp.h"],
     r"SECCOMP_ADDFD_FLAG_[A-Z]+", set()),
    ("seccompNotifyResponseFlags", "struct seccomp_notif_resp flags", [f"{INC}/linux/seccomp.h"],
     r"SECCOMP_USER_NOTIF_FLAG_[A-Z]+", set()),
    ("kvmMemoryFlags", "struct kvm_userspace_memory_region flags", [f"{INC}/linux/kvm.h"],
     r"KVM_MEM_(?:LOG_DIRTY_PAGES|READONLY)", set()),
    ("kvmCpuidFlags", "struct kvm_cpuid_entry2 flags", [f"{ARCH}/kvm.h"], r"KVM_CPUID_FLAG_[A-Z_]+", set()),
    ("kvmCapabilities", "KVM_CHECK_EXTENSION capabilities", [f"{INC}/linux/kvm.h"], r"KVM_CAP_[A-Z0-9_]+", set()),
    ("dmFlags", "struct dm_ioctl flags", [DM], r"DM_(?!NAME_LIST_)[A-Z_]+_FLAG|DM_DEFERRED_REMOVE", set()),
    ("dmVersionNumbers", "the device mapper ABI version", [DM], r"DM_VERSION_(?:MAJOR|MINOR|PATCHLEVEL)", set()),
]
