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
            guard let b = fsRead(arg(2), count: 24) else { return .done() }
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
        guard let b = fsRead(address, count: 28) else { return }
        let u32 = { (offset: Int) in UInt32(bitPattern: Self.int32(b, offset)) }
        beginStructure()
        field("fsx_xflags"); flagsValue(UInt64(u32(0)), Constants.fsXattrFlags, unknown: "FS_XFLAG_???")
        field("fsx_extsize"); unsignedValue(u32(4))
        if withExtents { field("fsx_nextents"); unsignedValue(u32(8)) }
        field("fsx_projid"); hexValue(UInt64(u32(12)))
        field("fsx_cowextsize"); unsignedValue(u32(16))
        endStructure()
    }

    /// `count` bytes at `address`, or nil after printing `NULL` or the address.
    mutating func fsRead(_ address: UInt64, count: Int) -> [UInt8]? {
        guard address != 0 else { pointerValue(0); return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: count, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return bytes
    }
}

/// The 0x94 file system ioctls (strace's fs_0x94_ioctl.c) other than FICLONE
/// and FICLONERANGE (decoded by `IoctlArgument`): FIDEDUPERANGE's
/// `struct file_dedupe_range` (` => ` the results), FS_IOC_GETFSLABEL and
/// FS_IOC_SETFSLABEL's label; of the btrfs requests (strace's btrfs.c), those
/// without an argument, BTRFS_IOC_BALANCE_CTL, the u64 ones (START_SYNC,
/// DEFAULT_SUBVOL, WAIT_SYNC), SUBVOL_GETFLAGS/SETFLAGS, the
/// `struct btrfs_ioctl_vol_args` ones, QGROUP_ASSIGN, QGROUP_CREATE, QUOTA_CTL
/// and QUOTA_RESCAN; the other btrfs requests are left in hexadecimal.
extension Decoding {
    mutating func fs0x94Entry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.FIDEDUPERANGE:
            next()
            guard let b = fsRead(arg(2), count: 24) else { return .done() }
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
            guard let b = fsRead(arg(2), count: 4096) else { return .done() }
            beginStructure()
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.uint64(b, 0)))
            field("name"); loopCString(b[8..<4096])
            endStructure()
            return .done()
        case R.BTRFS_IOC_QGROUP_ASSIGN:
            next()
            guard let b = fsRead(arg(2), count: 24) else { return .done() }
            beginStructure()
            field("assign"); unsignedValue(Self.uint64(b, 0))
            field("src"); unsignedValue(Self.uint64(b, 8))
            field("dst"); unsignedValue(Self.uint64(b, 16))
            endStructure()
            return .done()
        case R.BTRFS_IOC_QGROUP_CREATE:
            next()
            guard let b = fsRead(arg(2), count: 16) else { return .done() }
            beginStructure()
            field("create"); unsignedValue(Self.uint64(b, 0))
            field("qgroupid"); unsignedValue(Self.uint64(b, 8))
            endStructure()
            return .done()
        case R.BTRFS_IOC_QUOTA_CTL:
            next()
            guard let b = fsRead(arg(2), count: 16) else { return .done() }
            beginStructure()
            field("cmd")
            Self.xlatField(&self, Self.uint64(b, 0), Constants.btrfsQuotaControls, unknown: "BTRFS_QUOTA_CTL_???")
            endStructure()
            return .done()
        case R.BTRFS_IOC_QUOTA_RESCAN:
            next()
            guard let b = fsRead(arg(2), count: 64) else { return .done() }
            beginStructure()
            field("flags"); unsignedValue(Self.uint64(b, 0))
            endStructure()
            return .done()
        default:
            return nil
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
            guard let b = fsRead(arg(2), count: 24) else { return .decimal }
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
        default:
            return nil
        }
    }

    /// A label of FSLABEL_MAX (256) bytes, up to its NUL.
    mutating func fsLabel(at address: UInt64) {
        guard let b = fsRead(address, count: 256) else { return }
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
