import WiretapCore

/// The network block device ioctls (type 0xab, strace's nbd_ioctl.c):
/// NBD_SET_SOCK's descriptor, the sizes and timeout as numbers,
/// NBD_SET_FLAGS's flags, nothing for the requests without an argument.
extension Decoding {
    mutating func nbdEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.NBD_DISCONNECT, R.NBD_CLEAR_SOCK, R.NBD_DO_IT, R.NBD_CLEAR_QUE, R.NBD_PRINT_DEBUG:
            return .done()
        case R.NBD_SET_SOCK:
            fd(2)
            return .done()
        case R.NBD_SET_BLKSIZE, R.NBD_SET_SIZE, R.NBD_SET_SIZE_BLOCKS, R.NBD_SET_TIMEOUT:
            unsignedLong(2)
            return .done()
        case R.NBD_SET_FLAGS:
            next()
            // strace's printflags reads an unsigned int.
            flagsValue(arg(2) & 0xffff_ffff, Constants.nbdFlags, unknown: "NBD_IOC_FLAG_???")
            return .done()
        default:
            return nil
        }
    }
}

/// The 'X' file system ioctls (strace's fs_x_ioctl.c): FITRIM's
/// `struct fstrim_range`, FS_IOC_FSGETXATTR/FSSETXATTR's `struct fsxattr`,
/// nothing for FIFREEZE and FITHAW.
extension Decoding {
    mutating func fsXEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.FITRIM:
            next()
            guard let b = structureBytes(at: arg(2), count: 24) else { return .done() }
            beginStructure()
            field("start"); hexValue(Self.uint64(b, 0))
            field("len"); unsignedValue(Self.uint64(b, 8))
            field("minlen"); unsignedValue(Self.uint64(b, 16))
            endStructure()
            return .done()
        case R.FS_IOC_FSGETXATTR:
            return .atExit
        case R.FS_IOC_FSSETXATTR:
            next()
            fsXattr(at: arg(2), withExtents: false)
            return .done()
        case R.FIFREEZE, R.FITHAW:
            return .done()
        default:
            return nil
        }
    }

    mutating func fsXExit(_ request: UInt32) -> ReturnFormat? {
        guard request == IoctlRequest.FS_IOC_FSGETXATTR else { return nil }
        next()
        if failed, arg(2) != 0 { pointerValue(arg(2)) } else { fsXattr(at: arg(2), withExtents: true) }
        return .decimal
    }

    /// `{fsx_xflags=..., fsx_extsize=N, [fsx_nextents=N, ]fsx_projid=0x..., fsx_cowextsize=N}`.
    mutating func fsXattr(at address: UInt64, withExtents: Bool) {
        guard let b = structureBytes(at: address, count: 28) else { return }
        let u32 = { (offset: Int) in UInt32(bitPattern: Self.int32(b, offset)) }
        beginStructure()
        field("fsx_xflags"); flagsValue(UInt64(u32(0)), Constants.fsXattrFlags, unknown: "FS_XFLAG_???")
        field("fsx_extsize"); unsignedValue(u32(4))
        if withExtents { field("fsx_nextents"); unsignedValue(u32(8)) }
        field("fsx_projid"); hexValue(UInt64(u32(12)))
        field("fsx_cowextsize"); unsignedValue(u32(16))
        endStructure()
    }

}

/// The 0x94 file system ioctls (strace's fs_0x94_ioctl.c) other than FICLONE
/// and FICLONERANGE (decoded by `IoctlArgument`): FIDEDUPERANGE's
/// `struct file_dedupe_range` (` => ` the results), FS_IOC_GETFSLABEL and
/// FS_IOC_SETFSLABEL's label; of the btrfs requests (strace's btrfs.c), those
/// without an argument, BTRFS_IOC_BALANCE_CTL, the u64 ones (START_SYNC,
/// DEFAULT_SUBVOL, WAIT_SYNC), SUBVOL_GETFLAGS/SETFLAGS, the
/// `struct btrfs_ioctl_vol_args` ones, QGROUP_ASSIGN, QGROUP_CREATE, QGROUP_LIMIT,
/// QUOTA_CTL, QUOTA_RESCAN, DEFRAG_RANGE, GET/SET/GET_SUPPORTED_FEATURES, FS_INFO, DEV_INFO; the other btrfs requests are left in hexadecimal.
extension Decoding {
    mutating func fs0x94Entry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.FIDEDUPERANGE:
            next()
            guard let b = structureBytes(at: arg(2), count: 24) else { return .done() }
            let count = UInt16(b[16]) | UInt16(b[17]) << 8
            beginOffsetPair()
            beginStructure()
            field("src_offset"); unsignedValue(Self.uint64(b, 0))
            field("src_length"); unsignedValue(Self.uint64(b, 8))
            field("dest_count"); unsignedValue(count)
            field("info")
            let complete = dedupeInfo(at: arg(2) &+ 24, count: count, exiting: false)
            endStructure()
            guard complete else { endOffsetPair(); return .done() }
            return .continuesAtExit
        case R.FS_IOC_GETFSLABEL:
            return .atExit
        case R.FS_IOC_SETFSLABEL:
            next()
            fsLabel(at: arg(2))
            return .done()
        case R.BTRFS_IOC_TRANS_START, R.BTRFS_IOC_TRANS_END, R.BTRFS_IOC_SYNC, R.BTRFS_IOC_SCRUB_CANCEL,
             R.BTRFS_IOC_QUOTA_RESCAN_WAIT, R.BTRFS_IOC_DEFRAG, R.BTRFS_IOC_BALANCE:
            return .done()
        case R.BTRFS_IOC_BALANCE_CTL:
            next()
            xlatValue(arg(2), Constants.btrfsBalanceControls, unknown: "BTRFS_BALANCE_CTL_???")
            return .done()
        case R.BTRFS_IOC_START_SYNC, R.BTRFS_IOC_SUBVOL_GETFLAGS:
            return .atExit
        case R.BTRFS_IOC_DEFAULT_SUBVOL, R.BTRFS_IOC_WAIT_SYNC:
            next()
            integer(.uint64, at: arg(2))
            return .done()
        case R.BTRFS_IOC_SUBVOL_SETFLAGS:
            next()
            btrfsSubvolumeFlags(at: arg(2))
            return .done()
        case R.BTRFS_IOC_SNAP_CREATE, R.BTRFS_IOC_RESIZE, R.BTRFS_IOC_SCAN_DEV, R.BTRFS_IOC_FORGET_DEV,
             R.BTRFS_IOC_ADD_DEV, R.BTRFS_IOC_RM_DEV, R.BTRFS_IOC_SUBVOL_CREATE, R.BTRFS_IOC_SNAP_DESTROY,
             R.BTRFS_IOC_DEVICES_READY:
            next()
            // struct btrfs_ioctl_vol_args: a descriptor and a name of BTRFS_PATH_NAME_MAX + 1 bytes.
            guard let b = structureBytes(at: arg(2), count: 4096) else { return .done() }
            beginStructure()
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.uint64(b, 0)))
            field("name"); loopCString(b[8..<4096])
            endStructure()
            return .done()
        case R.BTRFS_IOC_QGROUP_LIMIT, R.BTRFS_IOC_GET_FEATURES, R.BTRFS_IOC_GET_SUPPORTED_FEATURES, R.BTRFS_IOC_FS_INFO:
            return .atExit
        case R.BTRFS_IOC_DEV_INFO:
            next()
            guard let b = structureBytes(at: arg(2), count: 4096) else { return .done() }
            beginOffsetPair()
            beginStructure()
            field("devid"); makedev(Self.uint64(b, 0))
            if b[8..<24].contains(where: { $0 != 0 }) { field("uuid"); teeUUID(b[8..<24]) }
            endStructure()
            return .continuesAtExit
        case R.BTRFS_IOC_SET_FEATURES:
            next()
            guard let b = structureBytes(at: arg(2), count: 48) else { return .done() }
            beginArray()
            btrfsFeatures(b, at: 0)
            btrfsFeatures(b, at: 24)
            endArray()
            return .done()
        case R.BTRFS_IOC_DEFRAG_RANGE:
            next()
            guard let b = structureBytes(at: arg(2), count: 48) else { return .done() }
            beginStructure()
            field("start"); unsignedValue(Self.uint64(b, 0))
            field("len"); btrfsU64(Self.uint64(b, 8))
            field("flags"); flagsValue(Self.uint64(b, 16), Constants.btrfsDefragFlags, unknown: "BTRFS_DEFRAG_RANGE_???")
            field("extent_thresh"); unsignedValue(UInt32(bitPattern: Self.int32(b, 24)))
            field("compress_type")
            Self.xlatField(&self, UInt64(UInt32(bitPattern: Self.int32(b, 28))), Constants.btrfsCompressTypes,
                           unknown: "BTRFS_COMPRESS_???")
            endStructure()
            return .done()
        case R.BTRFS_IOC_QGROUP_ASSIGN:
            next()
            guard let b = structureBytes(at: arg(2), count: 24) else { return .done() }
            beginStructure()
            field("assign"); unsignedValue(Self.uint64(b, 0))
            field("src"); unsignedValue(Self.uint64(b, 8))
            field("dst"); unsignedValue(Self.uint64(b, 16))
            endStructure()
            return .done()
        case R.BTRFS_IOC_QGROUP_CREATE:
            next()
            guard let b = structureBytes(at: arg(2), count: 16) else { return .done() }
            beginStructure()
            field("create"); unsignedValue(Self.uint64(b, 0))
            field("qgroupid"); unsignedValue(Self.uint64(b, 8))
            endStructure()
            return .done()
        case R.BTRFS_IOC_QUOTA_CTL:
            next()
            guard let b = structureBytes(at: arg(2), count: 16) else { return .done() }
            beginStructure()
            field("cmd")
            Self.xlatField(&self, Self.uint64(b, 0), Constants.btrfsQuotaControls, unknown: "BTRFS_QUOTA_CTL_???")
            endStructure()
            return .done()
        case R.BTRFS_IOC_QUOTA_RESCAN:
            next()
            guard let b = structureBytes(at: arg(2), count: 64) else { return .done() }
            beginStructure()
            field("flags"); unsignedValue(Self.uint64(b, 0))
            endStructure()
            return .done()
        default:
            return nil
        }
    }

    /// `{compat_flags=..., compat_ro_flags=..., incompat_flags=...}`.
    mutating func btrfsFeatures(_ b: [UInt8], at offset: Int) {
        beginStructure()
        field("compat_flags")
        flagsValue(Self.uint64(b, offset), Constants.btrfsFeaturesCompat, unknown: "BTRFS_FEATURE_COMPAT_???")
        field("compat_ro_flags")
        flagsValue(Self.uint64(b, offset + 8), Constants.btrfsFeaturesCompatRO, unknown: "BTRFS_FEATURE_COMPAT_RO_???")
        field("incompat_flags")
        flagsValue(Self.uint64(b, offset + 16), Constants.btrfsFeaturesIncompat, unknown: "BTRFS_FEATURE_INCOMPAT_???")
        endStructure()
    }

    /// strace's PRINT_FIELD_U64: the number, `UINT64_MAX` (by `-X`) for all bits set.
    mutating func btrfsU64(_ value: UInt64) {
        guard value == UInt64.max else { unsignedValue(value); return }
        let style = format.constants
        let span = storeText { $0.append("UINT64_MAX") }
        customValue(.constant(-1, span)) { out in
            if style != .abbrev { out.append(decimal: value) }
            if style == .verbose { out.append(" /* ") }
            if style != .raw { out.append("UINT64_MAX") }
            if style == .verbose { out.append(" */") }
        }
    }

    /// `BTRFS_SUBVOL_RDONLY`: the u64 at `address` as subvolume flags.
    mutating func btrfsSubvolumeFlags(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let flags = try? memory.load(UInt64.self, from: address) else { unreadable(address); return }
        flagsValue(flags, Constants.btrfsSubvolumeFlags, unknown: "BTRFS_SUBVOL_???")
    }

    mutating func fs0x94Exit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        switch request {
        case R.FIDEDUPERANGE:
            resumeArgument()
            defer { endOffsetPair() }
            guard !failed else { return .decimal }
            offsetPairSeparator()
            guard let b = structureBytes(at: arg(2), count: 24) else { return .decimal }
            let count = UInt16(b[16]) | UInt16(b[17]) << 8
            beginStructure()
            field("info")
            dedupeInfo(at: arg(2) &+ 24, count: count, exiting: true)
            endStructure()
            return .decimal
        case R.FS_IOC_GETFSLABEL:
            next()
            if failed, arg(2) != 0 { pointerValue(arg(2)) } else { fsLabel(at: arg(2)) }
            return .decimal
        case R.BTRFS_IOC_START_SYNC:
            next()
            if failed, arg(2) != 0 { pointerValue(arg(2)) } else { integer(.uint64, at: arg(2)) }
            return .decimal
        case R.BTRFS_IOC_SUBVOL_GETFLAGS:
            next()
            if failed, arg(2) != 0 { pointerValue(arg(2)) } else { btrfsSubvolumeFlags(at: arg(2)) }
            return .decimal
        case R.BTRFS_IOC_DEV_INFO:
            resumeArgument()
            defer { endOffsetPair() }
            guard !failed else { return .decimal }
            offsetPairSeparator()
            guard let b = structureBytes(at: arg(2), count: 4096) else { return .decimal }
            beginStructure()
            if b[8..<24].contains(where: { $0 != 0 }) { field("uuid"); teeUUID(b[8..<24]) }
            field("bytes_used"); unsignedValue(Self.uint64(b, 24))
            field("total_bytes"); unsignedValue(Self.uint64(b, 32))
            field("path"); loopCString(b[3072..<4096])
            endStructure()
            return .decimal
        case R.BTRFS_IOC_FS_INFO:
            next()
            if failed, arg(2) != 0 { pointerValue(arg(2)); return .decimal }
            guard let b = structureBytes(at: arg(2), count: 1024) else { return .decimal }
            let flags = Self.uint64(b, 48)
            let u32 = { (offset: Int) in UInt32(bitPattern: Self.int32(b, offset)) }
            beginStructure()
            field("max_id"); unsignedValue(Self.uint64(b, 0))
            field("num_devices"); unsignedValue(Self.uint64(b, 8))
            field("fsid"); teeUUID(b[16..<32])
            field("nodesize"); unsignedValue(u32(32))
            field("sectorsize"); unsignedValue(u32(36))
            field("clone_alignment"); unsignedValue(u32(40))
            if flags & UInt64(Constants.BTRFS_FS_INFO_FLAG_CSUM_INFO) != 0 {
                field("csum_type")
                Self.xlatField(&self, UInt64(UInt16(b[44]) | UInt16(b[45]) << 8), Constants.btrfsChecksumTypes,
                               unknown: "BTRFS_CSUM_TYPE_???")
                field("csum_size"); unsignedValue(UInt16(b[46]) | UInt16(b[47]) << 8)
            }
            field("flags"); flagsValue(flags, Constants.btrfsFSInfoFlags, unknown: "BTRFS_FS_INFO_FLAG_???")
            if flags & UInt64(Constants.BTRFS_FS_INFO_FLAG_GENERATION) != 0 {
                field("generation"); unsignedValue(Self.uint64(b, 56))
            }
            if flags & UInt64(Constants.BTRFS_FS_INFO_FLAG_METADATA_UUID) != 0 {
                field("metadata_uuid"); teeUUID(b[64..<80])
            }
            endStructure()
            return .decimal
        case R.BTRFS_IOC_QGROUP_LIMIT, R.BTRFS_IOC_GET_FEATURES, R.BTRFS_IOC_GET_SUPPORTED_FEATURES:
            next()
            if failed, arg(2) != 0 { pointerValue(arg(2)); return .decimal }
            let size = request == R.BTRFS_IOC_GET_FEATURES ? 24 : request == R.BTRFS_IOC_QGROUP_LIMIT ? 48 : 72
            guard let b = structureBytes(at: arg(2), count: size) else { return .decimal }
            switch request {
            case R.BTRFS_IOC_QGROUP_LIMIT:
                beginStructure()
                field("qgroupid"); unsignedValue(Self.uint64(b, 0))
                field("lim")
                beginStructure()
                field("flags")
                flagsValue(Self.uint64(b, 8), Constants.btrfsQgroupLimitFlags, unknown: "BTRFS_QGROUP_LIMIT_???")
                field("max_rfer"); unsignedValue(Self.uint64(b, 16))
                field("max_excl"); unsignedValue(Self.uint64(b, 24))
                field("rsv_rfer"); unsignedValue(Self.uint64(b, 32))
                field("rsv_excl"); unsignedValue(Self.uint64(b, 40))
                endStructure()
                endStructure()
            case R.BTRFS_IOC_GET_FEATURES:
                btrfsFeatures(b, at: 0)
            default:
                beginArray()
                btrfsFeatures(b, at: 0); comment("supported")
                btrfsFeatures(b, at: 24); comment("safe to set")
                btrfsFeatures(b, at: 48); comment("safe to clear")
                endArray()
            }
            return .decimal
        default:
            return nil
        }
    }

    /// A label of FSLABEL_MAX (256) bytes, up to its NUL.
    mutating func fsLabel(at address: UInt64) {
        guard let b = structureBytes(at: address, count: 256) else { return }
        loopCString(b[...])
    }

    /// `[{dest_fd=3, dest_offset=0}, ...]` (at exit `[{bytes_deduped=0, status=0}, ...]`):
    /// two elements unless -v, as strace prints them. Returns strace's
    /// print_array result: false when the array was empty or unreadable.
    @discardableResult
    mutating func dedupeInfo(at address: UInt64, count: UInt16, exiting: Bool) -> Bool {
        guard count > 0 else { beginArray(); endArray(); return false }
        var remaining = !unabbreviated && count > 2 ? 2 : Int.max
        let abbreviationEnd = !unabbreviated && format.stringLimit < Int(count) ? format.stringLimit : Int(count)
        var b: [UInt8] = []
        for index in 0..<Int(count) {
            let element = address &+ UInt64(index * 32)
            guard (try? memory.readExactly(from: element, count: 32, into: &b, structure: true)) != nil else {
                if index == 0 { unreadable(element); return false }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                endArray()
                return false
            }
            if index == 0 { beginArray() }
            if index >= abbreviationEnd { endArray(cut: true); return true }
            if remaining == 0 { endArray(cut: true); return true }
            remaining -= 1
            beginStructure()
            if exiting {
                field("bytes_deduped"); unsignedValue(Self.uint64(b, 16))
                field("status"); signedValue(Self.int32(b, 24))
            } else {
                field("dest_fd"); fdValue(Int32(truncatingIfNeeded: Self.uint64(b, 0)))
                field("dest_offset"); unsignedValue(Self.uint64(b, 8))
            }
            endStructure()
        }
        endArray()
        return true
    }
}
