import Glibc
import WiretapCore

/// Decoders of file status: stat, lstat, fstat, newfstatat, statx, and the
/// file system queries statfs and fstatfs.
enum StatDecoders {
    static let all: DecoderFamily = [
        .stat: stat(.path),
        .lstat: stat(.path),
        .fstat: stat(.fd),
        .newfstatat: SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            return .atExit
        }, exit: { d in
            d.stat(2)
            d.flags(3, Constants.pathAtFlags, unknown: "AT_???")
            return .decimal
        }),
        .statx: SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            d.statxFlags(2)
            d.next()
            d.statxMaskArgument(d.arg(3) & 0xffff_ffff)
            return .atExit
        }, exit: { d in
            d.statx(4)
            return .decimal
        }),
        .statfs: statfs(.path),
        .fstatfs: statfs(.fd),
    ]

    /// stat, lstat and fstat: the file, and its `struct stat` at exit.
    static func stat(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            return .atExit
        }, exit: { d in
            d.stat(1)
            return .decimal
        })
    }

    /// statfs and fstatfs: the file, and its file system's `struct statfs` at exit.
    static func statfs(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            return .atExit
        }, exit: { d in
            d.statfs(1)
            return .decimal
        })
    }
}

extension Decoding {

    /// A `struct stat` at exit: `{st_mode=S_IFREG|0644, st_size=1221, ...}`, or its address on failure.
    mutating func stat(_ i: Int) {
        next()
        let address = arg(i)
        if failed { pointerValue(address); return }
        guard let st = try? memory.load(Glibc.stat.self, from: address) else { pointerValue(address); return }
        beginStructure()
        if unabbreviated {
            field("st_dev"); makedev(UInt64(st.st_dev))
            field("st_ino"); unsignedValue(st.st_ino)
        }
        field("st_mode"); symbolicMode(UInt32(st.st_mode))
        if unabbreviated {
            field("st_nlink"); unsignedValue(st.st_nlink)
            field("st_uid"); unsignedValue(st.st_uid)
            field("st_gid"); unsignedValue(st.st_gid)
            field("st_blksize"); signedValue(st.st_blksize)
            field("st_blocks"); signedValue(st.st_blocks)
        }
        let type = UInt32(st.st_mode) & UInt32(S_IFMT)
        if type == UInt32(S_IFCHR) || type == UInt32(S_IFBLK) {
            field("st_rdev"); makedev(UInt64(st.st_rdev))
        } else {
            field("st_size"); signedValue(st.st_size)
        }
        if unabbreviated {
            timeField("st_atime", st.st_atim)
            timeField("st_mtime", st.st_mtim)
            timeField("st_ctime", st.st_ctim)
        }
        endStructure(abbreviated: !unabbreviated)
    }

    /// `st_mtime=1779294449 /* 2026-05-20T16:27:29+0000 */, st_mtime_nsec=0`:
    /// two fields.
    mutating func timeField(_ name: StaticString, _ time: timespec) {
        field(name)
        signedValue(time.tv_sec)
        comment { out in Decoding.isoTime(seconds: time.tv_sec, nanoseconds: time.tv_nsec, into: &out) }
        field(Decoding.nanosecondsFieldName(name))
        signedValue(time.tv_nsec)
    }

    /// `st_atime_nsec` for `st_atime`: the names timeField uses.
    static func nanosecondsFieldName(_ name: StaticString) -> StaticString {
        switch name.description {
        case "st_atime": "st_atime_nsec"
        case "st_mtime": "st_mtime_nsec"
        case "st_ctime": "st_ctime_nsec"
        default: "nsec"
        }
    }

    /// `2026-05-20T16:27:29.123456789+0000` in local time, as strace prints times.
    static func isoTime(seconds: Int, nanoseconds: Int, into out: inout OutputBuffer) {
        var t = seconds
        var local = tm()
        guard localtime_r(&t, &local) != nil else { out.append(decimal: seconds); return }
        func two(_ v: Int32) { if v < 10 { out.append("0") }; out.append(decimal: v) }
        out.append(decimal: Int(local.tm_year) + 1900)
        out.append("-"); two(local.tm_mon + 1)
        out.append("-"); two(local.tm_mday)
        out.append("T"); two(local.tm_hour)
        out.append(":"); two(local.tm_min)
        out.append(":"); two(local.tm_sec)
        if nanoseconds != 0 {
            out.append(".")
            var digits = 1, v = nanoseconds / 10
            while v > 0 { digits += 1; v /= 10 }
            for _ in digits..<9 { out.append("0") }
            out.append(decimal: nanoseconds)
        }
        let offset = local.tm_gmtoff
        out.append(offset < 0 ? "-" : "+")
        two(Int32(abs(offset) / 3600))
        two(Int32(abs(offset) % 3600 / 60))
    }

    /// `makedev(0x1, 0x3)` (`-X raw`: `0x103`; `-X verbose`: `0x103 /* makedev(0x1, 0x3) */`).
    mutating func makedev(_ dev: UInt64) {
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        if format.constants == .abbrev {
            beginCall("makedev")
            hexValue(major)
            hexValue(minor)
            endCall()
            return
        }
        hexValue(dev)
        if format.constants == .verbose {
            comment { out in
                out.append("makedev(")
                if major == 0 { out.append("0") } else { out.append(hex: major) }
                out.append(", ")
                if minor == 0 { out.append("0") } else { out.append(hex: minor) }
                out.append(")")
            }
        }
    }

    /// statx's flags: the sync type first (`AT_STATX_SYNC_AS_STAT`), then the `AT_*` flags.
    mutating func statxFlags(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        let style = format.constants
        let names = storeText { out in
            let sync = value & 0x6000
            if sync == 0 { out.append("AT_STATX_SYNC_AS_STAT") } else { out.appendFlags(sync, in: Constants.statxSyncTypes) }
            if value & ~0x6000 != 0 {
                out.append("|")
                out.appendFlags(value & ~0x6000, in: Constants.pathAtFlags)
            }
        }
        customValue(.flags(value, names)) { Decoding.appendStatxFlags(value, style: style, to: &$0) }
    }

    /// statx's flags as strace prints them: the sync type (printflags with
    /// no default: nothing at all for 0 under `-X raw`), then `|` and the
    /// other *at flags (a number alone when none is known).
    static func appendStatxFlags(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let sync = value & 0x6000
        let rest = value & ~0x6000
        if sync != 0 {
            if style != .abbrev { out.append(hex: sync) }
            if style == .verbose { out.append(" /* ") }
            if style != .raw { out.appendFlags(sync, in: Constants.statxSyncTypes) }
            if style == .verbose { out.append(" */") }
        } else if style == .abbrev {
            out.append("AT_STATX_SYNC_AS_STAT")
        } else if style == .verbose {
            out.append("0 /* AT_STATX_SYNC_AS_STAT */")
        }
        guard rest != 0 else { return }
        out.append("|")
        let known = Constants.pathAtFlags.contains { UInt64($0.value) & rest == UInt64($0.value) }
        if !known || style != .abbrev { out.append(hex: rest) }
        guard known, style != .raw else { return }
        if style == .verbose { out.append(" /* ") }
        out.appendFlags(rest, in: Constants.pathAtFlags)
        if style == .verbose { out.append(" */") }
    }

    /// statx's mask argument: as appendStatxMask, and with no known bit
    /// `0x10000000 /* STATX_??? */`.
    mutating func statxMaskArgument(_ mask: UInt64) {
        let known = Constants.statxMaskSets.contains { UInt64($0.value) & mask == UInt64($0.value) }
            || Constants.statxMasks.contains { $0.value > 0 && UInt64($0.value) & mask == UInt64($0.value) }
        if mask == 0 || known {
            appendStatxMask(mask)
        } else {
            customValue(.flags(mask, ValueTape.Span(start: 0, end: 0))) { $0.append(hex: mask) }
            if format.constants != .raw { comment("STATX_???") }
        }
    }

    /// `STATX_BASIC_STATS|STATX_MNT_ID`: the composite masks first, as strace prints them.
    mutating func appendStatxMask(_ value: UInt64) {
        let mask = value & 0xffff_ffff
        symbolic(mask) { out in
            var remaining = mask
            var first = true
            for set in Constants.statxMaskSets where UInt64(set.value) & remaining == UInt64(set.value) {
                out.append(set.name)
                remaining &= ~UInt64(set.value)
                first = false
                break
            }
            if remaining != 0 || first {
                if !first { out.append("|") }
                out.appendFlags(remaining, in: Constants.statxMasks)
            }
        }
    }

    /// `S_IFDIR|S_ISVTX|0777`, as strace prints st_mode: a flag set whose
    /// names are the file type and the set-id and sticky bits, and whose
    /// unknown remainder is the permission bits (`0777`, octal). A mode of no
    /// known file type prints as its number (`0170644`): a flag set with the
    /// whole mode as its remainder.
    mutating func symbolicMode(_ mode: UInt32) {
        let type = Int64(mode & UInt32(S_IFMT))
        let named = type == 0 || Constants.fileTypes.contains { $0.value == type }
        let style = format.constants
        let names = storeText { Decoding.appendModeNames(mode, named: named, to: &$0) }
        customValue(.flags(UInt64(mode), names)) { out in
            if style != .abbrev || !named { Decoding.appendMode(UInt64(mode), to: &out) }
            guard named, style != .raw else { return }
            if style == .verbose { out.append(" /* ") }
            Decoding.appendModeNames(mode, named: true, to: &out)
            if style == .verbose { out.append(" */") }
        }
    }

    /// `S_IFDIR|S_ISVTX|0777`; the whole mode in octal when its type has no name.
    static func appendModeNames(_ mode: UInt32, named: Bool, to out: inout OutputBuffer) {
        guard named else { appendMode(UInt64(mode), to: &out); return }
        let type = Int64(mode & UInt32(S_IFMT))
        if type != 0 {
            _ = out.appendName(of: type, in: Constants.fileTypes)
            out.append("|")
        }
        for bit in Constants.modeBits.reversed() where UInt32(bit.value) & mode != 0 {
            out.append(bit.name)
            out.append("|")
        }
        appendMode(UInt64(mode & 0o777), to: &out)
    }

    /// strace's `%#03o`: `000`, `007`, `022`, `0755`.
    static func appendMode(_ value: UInt64, to out: inout OutputBuffer) {
        if value < 0o10 {
            out.append("00")
            out.append(decimal: value)
        } else {
            out.appendOctal(value)
        }
    }

    /// statx's buffer at exit: `{stx_mask=..., stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=10, ...}`.
    mutating func statx(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed else { pointerValue(address); return }
        guard let st = try? memory.load(StatxBuffer.self, from: address) else { unreadable(address); return }
        let mask = UInt64(st.stx_mask)
        func has(_ bit: Int64) -> Bool { mask & UInt64(bit) != 0 }
        beginStructure()
        field("stx_mask"); appendStatxMask(mask)
        if unabbreviated { field("stx_blksize"); unsignedValue(st.stx_blksize) }
        field("stx_attributes"); statxAttributes(st.stx_attributes)
        if unabbreviated {
            if has(Constants.STATX_NLINK) { field("stx_nlink"); unsignedValue(st.stx_nlink) }
            if has(Constants.STATX_UID) { field("stx_uid"); unsignedValue(st.stx_uid) }
            if has(Constants.STATX_GID) { field("stx_gid"); unsignedValue(st.stx_gid) }
        }
        if has(Constants.STATX_TYPE) || has(Constants.STATX_MODE) { field("stx_mode"); symbolicMode(UInt32(st.stx_mode)) }
        if unabbreviated, has(Constants.STATX_INO) { field("stx_ino"); unsignedValue(st.stx_ino) }
        if has(Constants.STATX_SIZE) { field("stx_size"); unsignedValue(st.stx_size) }
        guard unabbreviated else { endStructure(abbreviated: true); return }
        if has(Constants.STATX_BLOCKS) { field("stx_blocks"); unsignedValue(st.stx_blocks) }
        field("stx_attributes_mask"); statxAttributes(st.stx_attributes_mask)
        if has(Constants.STATX_ATIME) { statxTime("stx_atime", st.stx_atime) }
        if has(Constants.STATX_BTIME) { statxTime("stx_btime", st.stx_btime) }
        if has(Constants.STATX_CTIME) { statxTime("stx_ctime", st.stx_ctime) }
        if has(Constants.STATX_MTIME) { statxTime("stx_mtime", st.stx_mtime) }
        field("stx_rdev_major"); unsignedValue(st.stx_rdev_major)
        field("stx_rdev_minor"); unsignedValue(st.stx_rdev_minor)
        field("stx_dev_major"); unsignedValue(st.stx_dev_major)
        field("stx_dev_minor"); unsignedValue(st.stx_dev_minor)
        if has(Constants.STATX_MNT_ID) { field("stx_mnt_id"); hexValue(st.stx_mnt_id) }
        if has(Constants.STATX_DIOALIGN) {
            field("stx_dio_mem_align"); unsignedValue(st.stx_dio_mem_align)
            field("stx_dio_offset_align"); unsignedValue(st.stx_dio_offset_align)
        }
        endStructure()
    }

    mutating func statxAttributes(_ value: UInt64) {
        flagsValue(value, Constants.statxAttributes)
    }

    /// `stx_atime={tv_sec=..., tv_nsec=...} /* ISO */`: a field.
    mutating func statxTime(_ name: StaticString, _ time: StatxBuffer.Timestamp) {
        field(name)
        beginStructure()
        field("tv_sec"); signedValue(time.tv_sec)
        field("tv_nsec"); unsignedValue(time.tv_nsec)
        endStructure()
        comment { Decoding.isoTime(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec), into: &$0) }
    }

    /// `struct statfs` at exit, or its address on failure.
    mutating func statfs(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed else { pointerValue(address); return }
        guard let st = try? memory.load(StatfsBuffer.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("f_type")
        let type = Int64(st.f_type)
        if Constants.filesystemMagics.contains(where: { $0.value == type }) {
            symbolic(UInt64(bitPattern: type), named: true) { _ = $0.appendName(of: type, in: Constants.filesystemMagics) }
        } else {
            hexValue(UInt64(bitPattern: type))
        }
        field("f_bsize"); signedValue(st.f_bsize)
        field("f_blocks"); unsignedValue(st.f_blocks)
        field("f_bfree"); unsignedValue(st.f_bfree)
        field("f_bavail"); unsignedValue(st.f_bavail)
        field("f_files"); unsignedValue(st.f_files)
        field("f_ffree"); unsignedValue(st.f_ffree)
        field("f_fsid")
        beginStructure()
        field("val")
        beginArray()
        hexValue(UInt64(UInt32(bitPattern: st.f_fsid.0)))
        hexValue(UInt64(UInt32(bitPattern: st.f_fsid.1)))
        endArray()
        endStructure()
        field("f_namelen"); signedValue(st.f_namelen)
        field("f_frsize"); signedValue(st.f_frsize)
        let flags = UInt64(bitPattern: st.f_flags)
        if let valid = Constants.statfsValidFlag.first, flags & UInt64(valid.value) != 0 {
            field("f_flags")
            symbolic(flags) { out in
                out.append(valid.name)
                let rest = flags & ~UInt64(valid.value)
                if rest != 0 {
                    out.append("|")
                    out.appendFlags(rest, in: Constants.statfsFlags)
                }
            }
        }
        endStructure()
    }
}

/// The kernel's `struct statx` (linux/stat.h; glibc declares it only with _GNU_SOURCE).
struct StatxBuffer: BitwiseCopyable {
    struct Timestamp: BitwiseCopyable {
        var tv_sec: Int64 = 0
        var tv_nsec: UInt32 = 0
        var reserved: Int32 = 0
    }
    var stx_mask: UInt32 = 0
    var stx_blksize: UInt32 = 0
    var stx_attributes: UInt64 = 0
    var stx_nlink: UInt32 = 0
    var stx_uid: UInt32 = 0
    var stx_gid: UInt32 = 0
    var stx_mode: UInt16 = 0
    var spare0: UInt16 = 0
    var stx_ino: UInt64 = 0
    var stx_size: UInt64 = 0
    var stx_blocks: UInt64 = 0
    var stx_attributes_mask: UInt64 = 0
    var stx_atime = Timestamp()
    var stx_btime = Timestamp()
    var stx_ctime = Timestamp()
    var stx_mtime = Timestamp()
    var stx_rdev_major: UInt32 = 0
    var stx_rdev_minor: UInt32 = 0
    var stx_dev_major: UInt32 = 0
    var stx_dev_minor: UInt32 = 0
    var stx_mnt_id: UInt64 = 0
    var stx_dio_mem_align: UInt32 = 0
    var stx_dio_offset_align: UInt32 = 0
}

/// The kernel's `struct statfs` on 64-bit targets (glibc's Swift module has no `statfs` type).
struct StatfsBuffer: BitwiseCopyable {
    var f_type: Int64 = 0
    var f_bsize: Int64 = 0
    var f_blocks: UInt64 = 0
    var f_bfree: UInt64 = 0
    var f_bavail: UInt64 = 0
    var f_files: UInt64 = 0
    var f_ffree: UInt64 = 0
    var f_fsid: (Int32, Int32) = (0, 0)
    var f_namelen: Int64 = 0
    var f_frsize: Int64 = 0
    var f_flags: Int64 = 0
    var f_spare: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
}
