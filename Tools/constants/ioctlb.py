"""Constant groups for the userfaultfd, seccomp notification and KVM ioctl
decoders (strace's userfaultfd.c, seccomp_ioctl.c, kvm.c; see core.py for the format)."""
INC = "/usr/include"
ARCH = f"{INC}/x86_64-linux-gnu/asm"

import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _headers import DERIVED, derived  # noqa: E402


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


def with_kernel_sg_names(header):
    """glibc's scsi/sg.h plus the names the kernel's include/scsi/sg.h has
    and glibc's copy lacks (strace's xlat/sg_io_flags.in and
    sg_scsi_reset.in carry them with these values)."""
    with open(header) as f:
        text = f.read()
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "kernel-" + os.path.basename(header))
    extra = {"SG_FLAG_UNUSED_LUN_INHIBIT": "2", "SG_FLAG_MMAP_IO": "4", "SG_FLAG_Q_AT_TAIL": "0x10",
             "SG_FLAG_Q_AT_HEAD": "0x20", "SG_SCSI_RESET_TARGET": "4", "SG_SCSI_RESET_NO_ESCALATE": "0x100"}
    with open(path, "w") as f:
        f.write(text + "".join(f"\n#define {name} {value}" for name, value in extra.items()) + "\n")
    return path


SG = with_kernel_sg_names(f"{INC}/scsi/sg.h")


def with_nbd_protocol_flags(header):
    """linux/nbd.h plus the NBD protocol's transmission flags it lacks, which
    clients pass to NBD_SET_FLAGS unmodified (strace's xlat/nbd_ioctl_flags.in
    names them with these values)."""
    with open(header) as f:
        text = f.read()
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "protocol-" + os.path.basename(header))
    extra = {"NBD_FLAG_ROTATIONAL": "(1 << 4)", "NBD_FLAG_SEND_WRITE_ZEROES": "(1 << 6)", "NBD_FLAG_SEND_DF": "(1 << 7)",
             "NBD_FLAG_SEND_RESIZE": "(1 << 9)", "NBD_FLAG_SEND_CACHE": "(1 << 10)"}
    with open(path, "w") as f:
        f.write(text + "".join(f"\n#define {name} {value}" for name, value in extra.items()) + "\n")
    return path


NBD = with_nbd_protocol_flags(f"{INC}/linux/nbd.h")


def with_tee_driver_names(header):
    """linux/tee.h plus the GlobalPlatform return origins and the driver's
    shared memory flags, which are not in the UAPI header (strace's
    xlat/tee_ioctl_origins.in and tee_ioctl_shm_flags.in name them with these values)."""
    with open(header) as f:
        text = f.read()
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "driver-" + os.path.basename(header))
    extra = {"TEEC_ORIGIN_API": "0x00000001", "TEEC_ORIGIN_COMMS": "0x00000002", "TEEC_ORIGIN_TEE": "0x00000003",
             "TEEC_ORIGIN_TRUSTED_APP": "0x00000004", "TEE_IOCTL_SHM_MAPPED": "0x1", "TEE_IOCTL_SHM_DMA_BUF": "0x2",
             "TEE_IOCTL_SHM_EXT_DMA_BUF": "0x4", "TEE_IOCTL_SHM_REGISTER": "0x8", "TEE_IOCTL_SHM_USER_MAPPED": "0x10",
             "TEE_IOCTL_SHM_POOL": "0x20", "TEE_IOCTL_SHM_KERNEL_MAPPED": "0x40"}
    with open(path, "w") as f:
        f.write(text + "".join(f"\n#define {name} {value}" for name, value in extra.items()) + "\n")
    return path


TEE = with_tee_driver_names(f"{INC}/linux/tee.h")


def with_btrfs_compress_types(header):
    """linux/btrfs.h plus the kernel's enum btrfs_compression_type values
    (fs/btrfs/compression.h, not in the UAPI; strace's xlat/btrfs_compress_types.in
    names them with these values)."""
    with open(header) as f:
        text = f.read()
    os.makedirs(DERIVED, exist_ok=True)
    path = os.path.join(DERIVED, "compress-" + os.path.basename(header))
    extra = {"BTRFS_COMPRESS_NONE": "0", "BTRFS_COMPRESS_ZLIB": "1", "BTRFS_COMPRESS_LZO": "2", "BTRFS_COMPRESS_ZSTD": "3"}
    with open(path, "w") as f:
        f.write(text + "".join(f"\n#define {name} {value}" for name, value in extra.items()) + "\n")
    return path


BTRFS = with_btrfs_compress_types(f"{INC}/linux/btrfs.h")

# strace's order for SG_FLAG_* (its xlat table, not the values').
ORDER = {
    "sgIOFlags": ["SG_FLAG_DIRECT_IO", "SG_FLAG_UNUSED_LUN_INHIBIT", "SG_FLAG_MMAP_IO", "SG_FLAG_NO_DXFER",
                  "SG_FLAG_Q_AT_TAIL", "SG_FLAG_Q_AT_HEAD"],
}

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
    ("sgDxferDirections", "struct sg_io_hdr dxfer_direction", [SG], r"SG_DXFER_(?:NONE|TO_DEV|FROM_DEV|TO_FROM_DEV)", set()),
    ("sgIOFlags", "struct sg_io_hdr flags", [SG],
     r"SG_FLAG_(?:DIRECT_IO|UNUSED_LUN_INHIBIT|MMAP_IO|NO_DXFER|Q_AT_TAIL|Q_AT_HEAD)", set()),
    ("sgIOInfo", "struct sg_io_hdr info", [SG], r"SG_INFO_(?:CHECK|DIRECT_IO|MIXED_IO)", set()),
    ("sgSCSIResets", "SG_SCSI_RESET values", [SG], r"SG_SCSI_RESET_[A-Z_]+", set()),
    ("bsgProtocols", "struct sg_io_v4 protocol", [f"{INC}/linux/bsg.h"], r"BSG_PROTOCOL_[A-Z]+", set()),
    ("bsgSubprotocols", "struct sg_io_v4 subprotocol", [f"{INC}/linux/bsg.h"], r"BSG_SUB_PROTOCOL_[A-Z_]+", set()),
    ("bsgFlags", "struct sg_io_v4 flags", [f"{INC}/linux/bsg.h"], r"BSG_FLAG_[A-Z_]+", set()),
    ("nbdFlags", "NBD_SET_FLAGS flags", [NBD], r"NBD_FLAG_[A-Z_]+", set()),
    ("fsXattrFlags", "struct fsxattr fsx_xflags", [f"{INC}/linux/fs.h"], r"FS_XFLAG_[A-Z_]+", set()),
    ("teeGeneralCaps", "struct tee_ioctl_version_data gen_caps", [TEE], r"TEE_GEN_CAP_[A-Z_]+", set()),
    ("teeImplementations", "struct tee_ioctl_version_data impl_id", [TEE], r"TEE_IMPL_ID_[A-Z_]+", set()),
    ("teeOpteeCaps", "struct tee_ioctl_version_data impl_caps (OP-TEE)", [TEE], r"TEE_OPTEE_CAP_[A-Z_]+", set()),
    ("teeLoginTypes", "struct tee_ioctl_open_session_arg clnt_login", [TEE],
     r"TEE_IOCTL_LOGIN_(?:PUBLIC|USER|GROUP|APPLICATION|USER_APPLICATION|GROUP_APPLICATION)", set()),
    ("teeOrigins", "ret_origin (TEEC_ORIGIN_*)", [TEE], r"TEEC_ORIGIN_[A-Z_]+", set()),
    ("teeParamTypes", "struct tee_ioctl_param attr types", [TEE],
     r"TEE_IOCTL_PARAM_ATTR_TYPE_(?!MASK)[A-Z_]+|TEE_IOCTL_PARAM_ATTR_META", set()),
    ("teeShmFlags", "TEE shared memory flags", [TEE], r"TEE_IOCTL_SHM_[A-Z_]+", set()),
    ("teeLimits", "TEE ioctl limits", [TEE], r"TEE_MAX_ARG_SIZE", set()),
    ("btrfsBalanceControls", "BTRFS_IOC_BALANCE_CTL commands", [f"{INC}/linux/btrfs.h"], r"BTRFS_BALANCE_CTL_[A-Z]+", set()),
    ("btrfsSubvolumeFlags", "btrfs subvolume flags (strace's btrfs_snap_flags_v2)", [f"{INC}/linux/btrfs.h"],
     r"BTRFS_SUBVOL_(?:CREATE_ASYNC|RDONLY|QGROUP_INHERIT)", set()),
    ("btrfsQuotaControls", "BTRFS_IOC_QUOTA_CTL commands", [f"{INC}/linux/btrfs.h"], r"BTRFS_QUOTA_CTL_[A-Z_]+", set()),
    ("kvmExitReasons", "struct kvm_run exit_reason (KVM_RUN under -e kvm=vcpu)", [f"{INC}/linux/kvm.h"],
     r"KVM_EXIT_[A-Z0-9_]+",
     {"KVM_EXIT_HYPERV_HCALL", "KVM_EXIT_HYPERV_SYNDBG", "KVM_EXIT_HYPERV_SYNIC", "KVM_EXIT_IO_IN", "KVM_EXIT_IO_OUT",
      "KVM_EXIT_XEN_HCALL"}),
    ("btrfsFeaturesCompat", "struct btrfs_ioctl_feature_flags compat_flags", [f"{INC}/linux/btrfs.h"],
     r"BTRFS_FEATURE_COMPAT_(?!RO_)[A-Z0-9_]+", set()),
    ("btrfsFeaturesCompatRO", "struct btrfs_ioctl_feature_flags compat_ro_flags", [f"{INC}/linux/btrfs.h"],
     r"BTRFS_FEATURE_COMPAT_RO_[A-Z0-9_]+", set()),
    ("btrfsFeaturesIncompat", "struct btrfs_ioctl_feature_flags incompat_flags", [f"{INC}/linux/btrfs.h"],
     r"BTRFS_FEATURE_INCOMPAT_[A-Z0-9_]+", set()),
    ("btrfsQgroupLimitFlags", "struct btrfs_qgroup_limit flags", [f"{INC}/linux/btrfs.h"], r"BTRFS_QGROUP_LIMIT_[A-Z_]+", set()),
    ("btrfsDefragFlags", "struct btrfs_ioctl_defrag_range_args flags", [f"{INC}/linux/btrfs.h"],
     r"BTRFS_DEFRAG_RANGE_(?:COMPRESS|START_IO)", set()),
    ("btrfsCompressTypes", "struct btrfs_ioctl_defrag_range_args compress_type", [BTRFS], r"BTRFS_COMPRESS_[A-Z]+", set()),
    ("btrfsFSInfoFlags", "struct btrfs_ioctl_fs_info_args flags", [f"{INC}/linux/btrfs.h"], r"BTRFS_FS_INFO_FLAG_[A-Z_]+", set()),
    ("btrfsChecksumTypes", "struct btrfs_ioctl_fs_info_args csum_type", [derived(f"{INC}/linux/btrfs_tree.h")],
     r"BTRFS_CSUM_TYPE_[A-Z0-9]+", set()),
]
