import Glibc
import WiretapCore

/// Decoders of system administration calls: syslog, mknod, swap, reboot,
/// host names, kernel modules, kexec, quotas, mounting (the old call and the
/// new mount API), chroot and pivot_root, accounting, namespaces,
/// personality, ustat, _sysctl, lookup_dcookie, fanotify and inotify.
enum AdminDecoders {
    static let all: DecoderFamily = [
        .syslog: SyscallDecoder(entry: { d in d.syslogEntry() }, exit: { d in d.syslogExit() }),
        .mknod: SyscallDecoder { d in
            d.deviceNode(path: 0)
            return .done()
        },
        .mknodat: SyscallDecoder { d in
            d.dirfd(0)
            d.deviceNode(path: 1)
            return .done()
        },
        .uselib: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .chroot: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .acct: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .swapoff: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .pivot_root: SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        .syncfs: SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        .swapon: SyscallDecoder { d in
            d.path(0)
            d.next()
            d.swapFlags(UInt32(truncatingIfNeeded: d.arg(1)))
            return .done()
        },
        .reboot: SyscallDecoder { d in d.rebootEntry() },
        .sethostname: SyscallDecoder { d in
            d.hostName()
            return .done()
        },
        .setdomainname: SyscallDecoder { d in
            d.hostName()
            return .done()
        },
        .init_module: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.cString(2)
            return .done()
        },
        .finit_module: SyscallDecoder { d in
            d.fd(0)
            d.cString(1)
            d.flagsArgument(2, Constants.moduleInitFlags, unknown: "MODULE_INIT_???")
            return .done()
        },
        .delete_module: SyscallDecoder { d in
            d.cString(0)
            d.flagsArgument(1, Constants.deleteModuleFlags, unknown: "O_???")
            return .done()
        },
        .kexec_load: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.next()
            d.kexecSegments(at: d.arg(2), count: d.arg(1))
            d.next()
            d.kexecLoadFlags(d.arg(3))
            return .done()
        },
        .kexec_file_load: SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            d.unsignedLong(2)
            d.next()
            d.boundedBuffer(at: d.arg(3), length: Int(clamping: d.arg(2)))
            d.flagsArgument(4, Constants.kexecFileLoadFlags, unknown: "KEXEC_FILE_???")
            return .done()
        },
        .quotactl: SyscallDecoder(entry: { d in
            d.next()
            d.quotaCommand(UInt32(truncatingIfNeeded: d.arg(0)))
            d.path(1)
            return d.quotaData(command: UInt32(truncatingIfNeeded: d.arg(0)), id: UInt32(truncatingIfNeeded: d.arg(2)),
                               at: d.arg(3))
        }, exit: { d in
            d.quotaDataExit(command: UInt32(truncatingIfNeeded: d.arg(0)), at: d.arg(3))
            return .decimal
        }),
        .quotactl_fd: SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            d.quotaCommand(UInt32(truncatingIfNeeded: d.arg(1)))
            return d.quotaData(command: UInt32(truncatingIfNeeded: d.arg(1)), id: UInt32(truncatingIfNeeded: d.arg(2)),
                               at: d.arg(3))
        }, exit: { d in
            d.quotaDataExit(command: UInt32(truncatingIfNeeded: d.arg(1)), at: d.arg(3))
            return .decimal
        }),
        .mount: SyscallDecoder { d in d.mountEntry() },
        .umount2: SyscallDecoder { d in
            d.path(0)
            d.flagsArgument(1, Constants.umountFlags, unknown: "MNT_???")
            return .done()
        },
        .open_tree: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.flagsArgument(2, Constants.openTreeFlags, unknown: "OPEN_TREE_???")
            return .done(.fd)
        },
        .move_mount: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            d.flagsArgument(4, Constants.moveMountFlags, unknown: "MOVE_MOUNT_???")
            return .done()
        },
        .fsopen: SyscallDecoder { d in
            d.cString(0)
            d.flagsArgument(1, Constants.fsopenFlags, unknown: "FSOPEN_???")
            return .done(.fd)
        },
        .fsconfig: SyscallDecoder { d in d.fsconfigEntry() },
        .fsmount: SyscallDecoder { d in
            d.fd(0)
            d.flagsArgument(1, Constants.fsmountFlags, unknown: "FSMOUNT_???")
            d.flagsArgument(2, Constants.fsmountAttributes, unknown: "MOUNT_ATTR_???")
            return .done(.fd)
        },
        .fspick: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.flagsArgument(2, Constants.fspickFlags, unknown: "FSPICK_???")
            return .done(.fd)
        },
        .mount_setattr: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.flagsArgument(2, Constants.mountSetattrFlags, unknown: "AT_???")
            d.next()
            d.mountAttributes(at: d.arg(3), size: d.arg(4))
            d.unsignedLong(4)
            // strace 6.1 prints mount_setattr's result as a descriptor.
            return .done(.fd)
        },
        .setns: SyscallDecoder { d in
            d.fd(0)
            d.flagsArgument(1, Constants.setnsTypes, unknown: "CLONE_NEW???")
            return .done()
        },
        .unshare: SyscallDecoder { d in
            d.flagsArgument(0, Constants.unshareFlags, unknown: "CLONE_???")
            return .done()
        },
        ._sysctl: SyscallDecoder { d in
            d.next()
            d.sysctlArguments(at: d.arg(0))
            return .done()
        },
        .ustat: SyscallDecoder(entry: { d in
            d.next()
            d.makedev(UInt64(UInt32(truncatingIfNeeded: d.arg(0))))
            return .atExit
        }, exit: { d in
            // strace 6.1 is built without <ustat.h> (glibc dropped it): the
            // buffer prints as its address.
            d.pointer(1)
            return .decimal
        }),
        .personality: SyscallDecoder { d in d.personalityEntry() },
        .lookup_dcookie: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.unsignedLong(0)
            d.next()
            if d.failed {
                d.pointerValue(d.arg(1))
            } else {
                d.boundedBuffer(at: d.arg(1), length: Int(clamping: d.result))
            }
            d.unsignedLong(2)
            return .decimal
        }),
        .fanotify_init: SyscallDecoder { d in
            d.next()
            d.fanotifyInitFlags(UInt32(truncatingIfNeeded: d.arg(0)))
            d.openFlagsValue(UInt32(truncatingIfNeeded: d.arg(1)))
            return .done(.fd)
        },
        .fanotify_mark: SyscallDecoder { d in
            d.fd(0)
            d.flagsArgument(1, Constants.fanotifyMarkFlags, unknown: "FAN_MARK_???")
            d.flagsArgument(2, Constants.fanotifyEventFlags, unknown: "FAN_???")
            if d.int(3) == -1 {
                d.next()
                d.symbolic(UInt64(bitPattern: -1), decimal: true, named: true) { $0.append("FAN_NOFD") }
            } else {
                d.dirfd(3)
            }
            d.path(4)
            return .done()
        },
        .inotify_add_watch: SyscallDecoder { d in
            d.fd(0)
            d.path(1)
            d.flagsArgument(2, Constants.inotifyEvents, unknown: "IN_???")
            return .done()
        },
        .inotify_rm_watch: SyscallDecoder { d in
            d.fd(0)
            d.decimal(1)
            return .done()
        },
        .inotify_init1: SyscallDecoder { d in
            d.flagsArgument(0, Constants.inotifyInitFlags, unknown: "IN_???")
            return .done(.fd)
        },
    ]

    /// quotactl commands (QCMD's first part) whose data argument this family decodes.
    fileprivate enum QuotaCommand {
        static let sync = UInt32(Constants.Q_SYNC), quotaOn = UInt32(Constants.Q_QUOTAON)
        static let quotaOff = UInt32(Constants.Q_QUOTAOFF), getFormat = UInt32(Constants.Q_GETFMT)
        static let getInfo = UInt32(Constants.Q_GETINFO), setInfo = UInt32(Constants.Q_SETINFO)
        static let getQuota = UInt32(Constants.Q_GETQUOTA), setQuota = UInt32(Constants.Q_SETQUOTA)
        static let getNextQuota = UInt32(Constants.Q_GETNEXTQUOTA)
        static let xfsQuotaOn = UInt32(Constants.Q_XQUOTAON), xfsQuotaOff = UInt32(Constants.Q_XQUOTAOFF)
        static let xfsGetQuota = UInt32(Constants.Q_XGETQUOTA), xfsSetLimits = UInt32(Constants.Q_XSETQLIM)
        static let xfsGetStatus = UInt32(Constants.Q_XGETQSTAT), xfsRemove = UInt32(Constants.Q_XQUOTARM)
        static let xfsSync = UInt32(Constants.Q_XQUOTASYNC), xfsGetStatusV = UInt32(Constants.Q_XGETQSTATV)
        static let xfsGetNextQuota = UInt32(Constants.Q_XGETNEXTQUOTA)
    }
}

// MARK: - Constants as strace prints them

extension Decoding {
    /// strace's printflags: the names of the set bits joined by `|` and the
    /// rest in hexadecimal; a value none of whose bits has a name as
    /// `0x... /* unknown */`; `0` for none. `-X raw` and `-X verbose` as
    /// strace's.
    fileprivate static func appendFlagsText(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?,
                                            style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        if style == .raw {
            if value != 0 || unknown != nil { appendHex(value, to: &out) }
            return
        }
        let zeroName = value == 0 ? table.first(where: { $0.value == 0 }) : nil
        let named = zeroName != nil || hasFlagName(value, table)
        if !named {
            if value != 0 {
                out.append(hex: value)
                if let unknown {
                    out.append(" /* ")
                    out.append(unknown)
                    out.append(" */")
                }
            } else if unknown != nil {
                out.append("0")
            }
            return
        }
        if style == .verbose {
            appendHex(value, to: &out)
            out.append(" /* ")
        }
        if let zeroName { out.append(zeroName.name) } else { out.appendFlags(value, in: table) }
        if style == .verbose { out.append(" */") }
    }

    /// Whether some bit of `value` has a name in `table`.
    fileprivate static func hasFlagName(_ value: UInt64, _ table: [NamedConstant]) -> Bool {
        table.contains { $0.value > 0 && UInt64($0.value) & value == UInt64($0.value) }
    }

    /// strace's printxval: the name, or `0x... /* unknown */` (`-X raw`: the
    /// number; `-X verbose`: the number and the name in a comment). With
    /// `decimal`, numbers print in decimal (signed).
    fileprivate static func appendNamedText(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString,
                                            style: StraceFormat.ConstantStyle, decimal: Bool = false,
                                            to out: inout OutputBuffer) {
        let name = table.first { UInt64(bitPattern: $0.value) == value }
        if style == .abbrev, let name {
            out.append(name.name)
            return
        }
        if decimal { out.append(decimal: Int64(bitPattern: value)) } else { appendHex(value, to: &out) }
        if style == .raw { return }
        out.append(" /* ")
        if let name { out.append(name.name) } else { out.append(unknown) }
        out.append(" */")
    }

    /// A flag set as strace's printflags prints it (see `appendFlagsText`).
    fileprivate mutating func flagSetValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?) {
        let style = format.constants
        let names = storeText { out in
            if Decoding.hasFlagName(value, table) || value == 0 {
                out.appendFlags(value, in: table)
            } else {
                out.append(hex: value)
            }
        }
        customValue(.flags(value, names)) { Decoding.appendFlagsText(value, table, unknown: unknown, style: style, to: &$0) }
    }

    /// One constant as strace's printxval prints it (see `appendNamedText`).
    fileprivate mutating func constantValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let style = format.constants
        let name = storeText { out in _ = out.appendName(of: Int64(bitPattern: value), in: table) }
        customValue(.constant(Int64(bitPattern: value), name)) {
            Decoding.appendNamedText(value, table, unknown: unknown, style: style, to: &$0)
        }
    }

    /// Argument `i` as a flag set of `table`.
    fileprivate mutating func flagsArgument(_ i: Int, _ table: [NamedConstant], unknown: StaticString) {
        next()
        flagSetValue(arg(i), table, unknown: unknown)
    }

    /// A value written by `write` (several constants joined, as strace's
    /// composite forms), recorded as a flag set whose names are the `-X abbrev` text.
    fileprivate mutating func compositeValue(_ value: UInt64, _ write: (StraceFormat.ConstantStyle, inout OutputBuffer) -> Void) {
        let names = storeNames { write(.abbrev, &$0) }
        let style = format.constants
        customValue(.flags(value, names)) { write(style, &$0) }
    }

    /// The names of a flag set as `write` prints them (`-X abbrev`), for the
    /// value tape: without strace's comments (`0x4 /* KEXEC_??? */` is the
    /// unknown bits `0x4`).
    fileprivate mutating func storeNames(_ write: (inout OutputBuffer) -> Void) -> ValueTape.Span {
        guard recordsValues else { return ValueTape.Span(start: 0, end: 0) }
        var text = OutputBuffer(capacity: 64)
        write(&text)
        let bytes = text.contents
        var names: [UInt8] = []
        names.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            // ` /* ... */`: skipped up to its end.
            if bytes[index] == UInt8(ascii: " "), index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "/"),
               bytes[index + 2] == UInt8(ascii: "*") {
                var end = index + 3
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) { end += 1 }
                index = end + 2
                continue
            }
            names.append(bytes[index])
            index += 1
        }
        return store(names)
    }

    // MARK: syslog

    /// syslog's action, always as `3 /* SYSLOG_ACTION_READ_ALL */`; the
    /// buffer and length by action (READ* at exit).
    fileprivate mutating func syslogEntry() -> EntryResult {
        next()
        let action = int(0)
        syslogStyleValue(action, Constants.syslogActions, unknown: "SYSLOG_ACTION_???")
        switch Int64(action) {
        case Constants.SYSLOG_ACTION_CLOSE, Constants.SYSLOG_ACTION_OPEN, Constants.SYSLOG_ACTION_CLEAR,
             Constants.SYSLOG_ACTION_CONSOLE_OFF, Constants.SYSLOG_ACTION_CONSOLE_ON,
             Constants.SYSLOG_ACTION_SIZE_UNREAD, Constants.SYSLOG_ACTION_SIZE_BUFFER:
            return .done()
        case Constants.SYSLOG_ACTION_READ, Constants.SYSLOG_ACTION_READ_ALL, Constants.SYSLOG_ACTION_READ_CLEAR:
            return .atExit
        case Constants.SYSLOG_ACTION_CONSOLE_LEVEL:
            pointer(1)
            next()
            syslogStyleValue(int(2), Constants.consoleLogLevels, unknown: "LOGLEVEL_???", pastLast: "LOGLEVEL_DEBUG+1")
            return .done()
        default:
            pointer(1)
            decimal(2)
            return .done()
        }
    }

    /// The buffer a SYSLOG_ACTION_READ* filled, and the length.
    fileprivate mutating func syslogExit() -> ReturnFormat {
        next()
        if failed { pointerValue(arg(1)) } else { boundedBuffer(at: arg(1), length: Int(clamping: result)) }
        decimal(2)
        return .decimal
    }

    /// strace's `printxval_ex(..., XLAT_STYLE_VERBOSE | XLAT_STYLE_FMT_D)`:
    /// `3 /* NAME */` whatever `-X` says.
    /// `pastLast` names the value after the table's last one (strace's
    /// `LOGLEVEL_DEBUG+1`, which the kernel accepts).
    fileprivate mutating func syslogStyleValue(_ value: Int32, _ table: [NamedConstant], unknown: StaticString,
                                               pastLast: StaticString? = nil) {
        var name = table.first { $0.value == Int64(value) }?.name
        if name == nil, let pastLast, let last = table.last, Int64(value) == last.value + 1 { name = pastLast }
        let span = storeText { out in if let name { out.append(name) } }
        customValue(.constant(Int64(value), span)) { out in
            out.append(decimal: value)
            out.append(" /* ")
            out.append(name ?? unknown)
            out.append(" */")
        }
    }

    /// `len` bytes at `address` (cut at `-s`): NULL, the bytes, or the address
    /// when they cannot be read. strace's printstrn.
    fileprivate mutating func boundedBuffer(at address: UInt64, length: Int) {
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(length, format.stringLimit))
        let ok = (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil
        if ok || shown == 0 {
            stringValue(scratch.prefix(shown), truncated: length > shown)
        } else {
            unreadable(address)
        }
    }

    // MARK: mknod

    /// mknod's path, mode and, for a character or block device, its number.
    fileprivate mutating func deviceNode(path i: Int) {
        path(i)
        next()
        let mode = UInt32(truncatingIfNeeded: arg(i + 1)) & 0xffff
        symbolicMode(mode)
        let type = mode & UInt32(S_IFMT)
        if type == UInt32(S_IFCHR) || type == UInt32(S_IFBLK) {
            next()
            makedev(UInt64(UInt32(truncatingIfNeeded: arg(i + 2))))
        }
    }

    // MARK: swapon, reboot, sethostname

    /// swapon's flags: the flags, then the priority in decimal
    /// (`SWAP_FLAG_PREFER|10`).
    fileprivate mutating func swapFlags(_ value: UInt32) {
        let priorityMask: UInt32 = 0x7fff  // SWAP_FLAG_PRIO_MASK
        let priority = value & priorityMask
        let flags = UInt64(value & ~priorityMask)
        compositeValue(UInt64(value)) { style, out in
            if flags != 0 {
                Decoding.appendFlagsText(flags, Constants.swapFlags, unknown: "SWAP_FLAG_???", style: style, to: &out)
                out.append("|")
            }
            out.append(decimal: priority)
        }
    }

    /// reboot's magic numbers and command, and LINUX_REBOOT_CMD_RESTART2's command line.
    fileprivate mutating func rebootEntry() -> EntryResult {
        next()
        constantValue(UInt64(UInt32(truncatingIfNeeded: arg(0))), Constants.rebootMagic1, unknown: "LINUX_REBOOT_MAGIC_???")
        next()
        constantValue(UInt64(UInt32(truncatingIfNeeded: arg(1))), Constants.rebootMagic2, unknown: "LINUX_REBOOT_MAGIC_???")
        next()
        let command = UInt32(truncatingIfNeeded: arg(2))
        constantValue(UInt64(command), Constants.rebootCommands, unknown: "LINUX_REBOOT_CMD_???")
        if Int64(command) == Constants.LINUX_REBOOT_CMD_RESTART2 {
            // The kernel copies at most 255 bytes of the command.
            next()
            terminatedString(at: arg(3), limit: 255)
        }
        return .done()
    }

    /// sethostname and setdomainname: the name (its address when longer than
    /// the kernel's 64 bytes) and its length.
    fileprivate mutating func hostName() {
        let length = UInt32(truncatingIfNeeded: arg(1))
        next()
        if length > 64 { pointerValue(arg(0)) } else { boundedBuffer(at: arg(0), length: Int(length)) }
        next()
        unsignedValue(length)
    }

    /// strace's printstr_ex with QUOTE_0_TERMINATED and a length: at most
    /// `limit` bytes up to a NUL, cut at `-s`. Like strace's, the read
    /// (of up to `-s` + 1 bytes) stops at the NUL: memory after it may be
    /// unreadable; the address prints when the string runs into memory that is.
    fileprivate mutating func terminatedString(at address: UInt64, limit: Int) {
        guard address != 0 else { pointerValue(0); return }
        let stringLimit = format.stringLimit
        let size = max(1, min(limit, stringLimit + 1))
        do {
            // Up to `size` bytes: the string, or `size - 1` bytes and no NUL.
            let ended: Bool
            if size == 1 {
                try memory.readExactly(from: address, count: 1, into: &scratch)
                ended = scratch.first == 0
                scratch.removeAll(keepingCapacity: true)
            } else {
                ended = try !memory.readCString(at: address, limit: size - 1, into: &scratch).truncated
            }
            if ended {
                let shown = min(scratch.count, stringLimit)
                stringValue(scratch.prefix(shown), truncated: scratch.count > shown)
                return
            }
            // No NUL in `size` bytes: strace adds the ellipsis whatever -s is.
            let shown = min(size, stringLimit)
            if shown > scratch.count { try memory.readExactly(from: address, count: shown, into: &scratch) }
            stringValue(scratch.prefix(shown), truncated: true)
        } catch {
            unreadable(address)
        }
    }

    // MARK: kexec

    /// kexec_load's segments: `[{buf=..., bufsz=..., mem=..., memsz=...}]`,
    /// the address when there are more than KEXEC_SEGMENT_MAX (16).
    fileprivate mutating func kexecSegments(at address: UInt64, count: UInt64) {
        guard count <= 16 else { pointerValue(address); return }
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else {
            beginArray()
            endArray()
            return
        }
        let shownCount = unabbreviated ? Int(count) : min(Int(count), format.stringLimit)
        for index in 0..<Int(count) {
            let element = address &+ UInt64(index * 32)
            guard let segment = try? memory.load((UInt64, UInt64, UInt64, UInt64).self, from: element) else {
                if index == 0 {
                    unreadable(address)
                } else {
                    // strace's `, ... /* 0x... */]`: the first element it could not read.
                    out.append(", ... /* ")
                    out.append(hex: element)
                    out.append(" */")
                    endArray()
                }
                return
            }
            if index == 0 { beginArray() }
            if index >= shownCount {
                endArray(cut: true)
                return
            }
            beginStructure()
            field("buf"); pointerValue(segment.0)
            field("bufsz"); unsignedValue(segment.1)
            field("mem"); pointerValue(segment.2)
            field("memsz"); unsignedValue(segment.3)
            endStructure()
        }
        endArray()
    }

    /// kexec_load's flags: the architecture (KEXEC_ARCH_MASK bits), then the flags.
    fileprivate mutating func kexecLoadFlags(_ value: UInt64) {
        let architectureMask: UInt64 = 0xffff_0000  // KEXEC_ARCH_MASK
        let architecture = value & architectureMask
        let flags = value & ~architectureMask
        compositeValue(value) { style, out in
            Decoding.appendNamedText(architecture, Constants.kexecArchitectures, unknown: "KEXEC_ARCH_???", style: style,
                                     to: &out)
            if flags != 0 {
                out.append("|")
                Decoding.appendFlagsText(flags, Constants.kexecLoadFlags, unknown: "KEXEC_???", style: style, to: &out)
            }
        }
    }

    // MARK: mount

    /// mount: the file system type and data print as addresses where the
    /// flags make the kernel ignore them (a remount ignores the type; bind,
    /// move and propagation changes both); the old magic in the flags' high
    /// half prints as MS_MGC_VAL.
    fileprivate mutating func mountEntry() -> EntryResult {
        let oldMagicMask: UInt64 = 0xffff_0000  // MS_MGC_MSK
        var flags = arg(3)
        let oldMagic = flags & oldMagicMask == UInt64(Constants.MS_MGC_VAL)
        if oldMagic { flags &= ~oldMagicMask }
        let ignoresType: Bool, ignoresData: Bool
        let propagation = UInt64(Constants.MS_BIND | Constants.MS_MOVE | Constants.MS_SHARED | Constants.MS_PRIVATE
            | Constants.MS_SLAVE | Constants.MS_UNBINDABLE)
        if flags & UInt64(Constants.MS_REMOUNT) != 0 {
            (ignoresType, ignoresData) = (true, false)
        } else if flags & propagation != 0 {
            (ignoresType, ignoresData) = (true, true)
        } else {
            (ignoresType, ignoresData) = (false, false)
        }
        path(0)
        path(1)
        if ignoresType { pointer(2) } else { cString(2) }
        next()
        let shownFlags = flags
        compositeValue(arg(3)) { style, out in
            if oldMagic {
                Decoding.appendNamedText(UInt64(Constants.MS_MGC_VAL), Constants.mountOldMagic, unknown: "MS_???",
                                         style: style, to: &out)
                if shownFlags != 0 { out.append("|") }
            }
            if shownFlags != 0 || !oldMagic {
                Decoding.appendFlagsText(shownFlags, Constants.mountFlags, unknown: "MS_???", style: style, to: &out)
            }
        }
        if ignoresData { pointer(4) } else { cString(4) }
        return .done()
    }

    /// fsconfig: the key, value and auxiliary argument by command.
    fileprivate mutating func fsconfigEntry() -> EntryResult {
        fd(0)
        next()
        let command = UInt32(truncatingIfNeeded: arg(1))
        constantValue(UInt64(command), Constants.fsconfigCommands, unknown: "FSCONFIG_???")
        let auxiliary = int(4)
        let setFlag = UInt32(Constants.FSCONFIG_SET_FLAG), setString = UInt32(Constants.FSCONFIG_SET_STRING)
        let setBinary = UInt32(Constants.FSCONFIG_SET_BINARY), setPath = UInt32(Constants.FSCONFIG_SET_PATH)
        let setPathEmpty = UInt32(Constants.FSCONFIG_SET_PATH_EMPTY), setFD = UInt32(Constants.FSCONFIG_SET_FD)
        // key
        next()
        switch command {
        case setFlag, setString, setBinary, setPath, setPathEmpty, setFD: terminatedString(at: arg(2), limit: 256)
        default: pointerValue(arg(2))
        }
        // value
        switch command {
        case setString:
            next()
            terminatedString(at: arg(3), limit: 256)
        case setPath, setPathEmpty:
            path(3)
        case setBinary where auxiliary >= 0 && auxiliary <= 1024 * 1024:
            next()
            hexBuffer(at: arg(3), length: Int(auxiliary))
        default:
            pointer(3)
        }
        // aux
        switch command {
        case setPath, setPathEmpty: dirfd(4)
        case setFD: fd(4)
        default: decimal(4)
        }
        return .done()
    }

    /// `length` bytes at `address`, every byte as `\xNN` (strace's
    /// QUOTE_FORCE_HEX), cut at `-s`.
    fileprivate mutating func hexBuffer(at address: UInt64, length: Int) {
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(length, format.stringLimit))
        guard (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil || shown == 0 else {
            unreadable(address)
            return
        }
        let bytes = scratch.prefix(shown)
        let truncated = length > shown
        beginValue()
        out.appendQuoted(bytes, style: .hexAll, truncated: truncated)
        if recordsValues { record(.string(store(bytes), truncated: truncated)) }
    }

    /// mount_setattr's `struct mount_attr` (its address when `size` is
    /// below the first version's 32 bytes), and the nonzero bytes of a
    /// larger one.
    fileprivate mutating func mountAttributes(at address: UInt64, size: UInt64) {
        let knownSize: UInt64 = 32  // MOUNT_ATTR_SIZE_VER0
        guard size >= knownSize else { pointerValue(address); return }
        guard address != 0 else { pointerValue(0); return }
        guard let attr = try? memory.load((UInt64, UInt64, UInt64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("attr_set"); flagSetValue(attr.0, Constants.mountAttributes, unknown: "MOUNT_ATTR_???")
        field("attr_clr"); flagSetValue(attr.1, Constants.mountAttributes, unknown: "MOUNT_ATTR_???")
        field("propagation")
        let style = format.constants
        let propagation = attr.2
        customValue(.constant(Int64(bitPattern: propagation), storeText { out in
            _ = out.appendName(of: Int64(bitPattern: propagation), in: Constants.mountPropagations)
        })) { Decoding.appendNamedText(propagation, Constants.mountPropagations, unknown: "MS_???", style: style, to: &$0) }
        field("userns_fd")
        let idmap = UInt64(Constants.MOUNT_ATTR_IDMAP)
        if attr.3 > UInt64(Int32.max) || (attr.0 | attr.1) & idmap == 0 {
            unsignedValue(attr.3)
        } else {
            fdValue(Int32(truncatingIfNeeded: attr.3))
        }
        if size > knownSize { nonzeroTail(at: address, from: Int(knownSize), to: Int(min(size, 4096))) }
        endStructure()
    }

    /// strace's print_nonzero_bytes: the bytes from `start` to `end` of a
    /// structure larger than the kernel knows, if any is not zero, as
    /// `/* bytes 32..39 */ "\x01..."` (`???` when unreadable); nothing if all are zero.
    fileprivate mutating func nonzeroTail(at address: UInt64, from start: Int, to end: Int) {
        guard start < end else { return }
        let length = end - start
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address &+ UInt64(start), count: length, into: &bytes)) != nil else {
            out.append(", ")
            textValue("???")
            return
        }
        guard bytes.contains(where: { $0 != 0 }) else { return }
        out.append(", /* bytes ")
        out.append(decimal: start)
        out.append("..")
        out.append(decimal: end - 1)
        out.append(" */ ")
        let shown = min(length, format.stringLimit)
        let truncated = shown < length
        out.appendQuoted(bytes.prefix(shown), style: .hexAll, truncated: truncated)
        if recordsValues { record(.string(store(bytes.prefix(shown)), truncated: truncated)) }
    }

    // MARK: quotactl

    /// `QCMD(Q_GETQUOTA, USRQUOTA)`, a call of two constants; `-X raw`: the
    /// number; `-X verbose`: both.
    fileprivate mutating func quotaCommand(_ value: UInt32) {
        let command = UInt64(value >> 8), type = UInt64(value & 0xff)
        let style = format.constants
        let text: (inout OutputBuffer) -> Void = { out in
            out.append("QCMD(")
            Decoding.appendNamedText(command, Constants.quotaCommands, unknown: "Q_???", style: .abbrev, to: &out)
            out.append(", ")
            Decoding.appendNamedText(type, Constants.quotaTypes, unknown: "???QUOTA", style: .abbrev, to: &out)
            out.append(")")
        }
        guard style == .abbrev else {
            customValue(.unsigned(UInt64(value), .decimal)) { out in
                out.append(decimal: value)
                if style == .verbose {
                    out.append(" /* ")
                    text(&out)
                    out.append(" */")
                }
            }
            return
        }
        beginCall("QCMD")
        abbreviatedConstant(command, Constants.quotaCommands, unknown: "Q_???")
        abbreviatedConstant(type, Constants.quotaTypes, unknown: "???QUOTA")
        endCall()
    }

    /// A constant by name whatever `-X` says, or `0x... /* unknown */`.
    fileprivate mutating func abbreviatedConstant(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let name = storeText { out in _ = out.appendName(of: Int64(bitPattern: value), in: table) }
        customValue(.constant(Int64(bitPattern: value), name)) {
            Decoding.appendNamedText(value, table, unknown: unknown, style: .abbrev, to: &$0)
        }
    }

    /// The id and data arguments at entry, by command; `.atExit` when the
    /// kernel fills the data in.
    fileprivate mutating func quotaData(command value: UInt32, id: UInt32, at address: UInt64) -> EntryResult {
        typealias Q = AdminDecoders.QuotaCommand
        let command = value >> 8
        switch command {
        case Q.quotaOff, Q.sync, Q.xfsSync:
            return .done()
        case Q.quotaOn:
            next()
            constantValue(UInt64(id), Constants.quotaFormats, unknown: "QFMT_VFS_???")
            next()
            pathBytes(at: address)
            return .done()
        case Q.getQuota, Q.getNextQuota, Q.xfsGetQuota, Q.xfsGetNextQuota:
            next()
            credentialValue(id)
            return .atExit
        case Q.setQuota, Q.xfsSetLimits:
            next()
            credentialValue(id)
            next()
            quotaStructure(command: command, at: address)
            return .done()
        case Q.getFormat, Q.getInfo, Q.xfsGetStatus, Q.xfsGetStatusV:
            return .atExit
        case Q.setInfo:
            next()
            quotaStructure(command: command, at: address)
            return .done()
        case Q.xfsQuotaOn, Q.xfsQuotaOff, Q.xfsRemove:
            next()
            guard let flags = load(UInt32.self, at: address) else { return .done() }
            let table = command == Q.xfsRemove ? Constants.xfsQuotaTypes : Constants.xfsQuotaFlags
            let unknown: StaticString = command == Q.xfsRemove ? "FS_???_QUOTA" : "FS_QUOTA_???"
            beginArray()
            flagSetValue(UInt64(flags), table, unknown: unknown)
            endArray()
            return .done()
        default:
            next()
            credentialValue(id)
            next()
            pointerValue(address)
            return .done()
        }
    }

    /// The data the kernel filled in, at exit.
    fileprivate mutating func quotaDataExit(command value: UInt32, at address: UInt64) {
        next()
        guard !failed else { pointerValue(address); return }
        quotaStructure(command: value >> 8, at: address)
    }

    /// A path argument's value at `address` (as `path(_:)` prints one).
    fileprivate mutating func pathBytes(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        do {
            let read = try memory.readCString(at: address, limit: Int(PATH_MAX), into: &scratch)
            stringValue(scratch, truncated: read.truncated)
        } catch {
            unreadable(address)
        }
    }

    /// A value of `T` at `address`: NULL or the address (printed) when it
    /// cannot be read.
    fileprivate mutating func load<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64) -> T? {
        guard address != 0 else { pointerValue(0); return nil }
        guard let value = try? memory.load(type, from: address) else { unreadable(address); return nil }
        return value
    }

    /// `count` bytes at `address` into a buffer of that size, or nil (the
    /// address printed) when they cannot be read.
    fileprivate mutating func loadBytes(at address: UInt64, count: Int) -> [UInt8]? {
        guard address != 0 else { pointerValue(0); return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: count, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return bytes
    }

    /// The quota structure of `command` at `address`.
    fileprivate mutating func quotaStructure(command: UInt32, at address: UInt64) {
        typealias Q = AdminDecoders.QuotaCommand
        switch command {
        case Q.getQuota, Q.setQuota, Q.getNextQuota:
            let next = command == Q.getNextQuota
            guard let b = loadBytes(at: address, count: next ? 72 : 68) else { return }
            let r = LittleEndianBytes(b)
            beginStructure()
            field("dqb_bhardlimit"); unsignedValue(r.u64(0))
            field("dqb_bsoftlimit"); unsignedValue(r.u64(8))
            field("dqb_curspace"); unsignedValue(r.u64(16))
            field("dqb_ihardlimit"); unsignedValue(r.u64(24))
            field("dqb_isoftlimit"); unsignedValue(r.u64(32))
            field("dqb_curinodes"); unsignedValue(r.u64(40))
            if unabbreviated {
                field("dqb_btime"); unsignedValue(r.u64(48))
                field("dqb_itime"); unsignedValue(r.u64(56))
                field("dqb_valid"); flagSetValue(UInt64(r.u32(64)), Constants.quotaBlockValid, unknown: "QIF_???")
                if next { field("dqb_id"); unsignedValue(r.u32(68)) }
                endStructure()
            } else {
                if next { field("dqb_id"); unsignedValue(r.u32(68)) }
                endStructure(abbreviated: true)
            }
        case Q.getFormat:
            guard let format = load(UInt32.self, at: address) else { return }
            beginArray()
            constantValue(UInt64(format), Constants.quotaFormats, unknown: "QFMT_VFS_???")
            endArray()
        case Q.getInfo, Q.setInfo:
            guard let b = loadBytes(at: address, count: 24) else { return }
            let r = LittleEndianBytes(b)
            beginStructure()
            field("dqi_bgrace"); unsignedValue(r.u64(0))
            field("dqi_igrace"); unsignedValue(r.u64(8))
            field("dqi_flags"); flagSetValue(UInt64(r.u32(16)), Constants.quotaInfoFlags, unknown: "DQF_???")
            field("dqi_valid"); flagSetValue(UInt64(r.u32(20)), Constants.quotaInfoValid, unknown: "IIF_???")
            endStructure()
        case Q.xfsGetQuota, Q.xfsGetNextQuota, Q.xfsSetLimits:
            xfsDiskQuota(at: address)
        case Q.xfsGetStatus:
            xfsQuotaStatus(at: address)
        case Q.xfsGetStatusV:
            xfsQuotaStatusV(at: address)
        default:
            pointerValue(address)
        }
    }

    /// `struct fs_disk_quota` (linux/dqblk_xfs.h, 112 bytes).
    fileprivate mutating func xfsDiskQuota(at address: UInt64) {
        guard let b = loadBytes(at: address, count: 112) else { return }
        let r = LittleEndianBytes(b)
        beginStructure()
        field("d_version"); signedValue(Int8(bitPattern: r.u8(0)))
        field("d_flags")
        flagSetValue(UInt64(bitPattern: Int64(Int8(bitPattern: r.u8(1)))), Constants.xfsQuotaTypes, unknown: "FS_???_QUOTA")
        field("d_fieldmask"); hexValue(UInt64(r.u16(2)))
        field("d_id"); unsignedValue(r.u32(4))
        field("d_blk_hardlimit"); unsignedValue(r.u64(8))
        field("d_blk_softlimit"); unsignedValue(r.u64(16))
        field("d_ino_hardlimit"); unsignedValue(r.u64(24))
        field("d_ino_softlimit"); unsignedValue(r.u64(32))
        field("d_bcount"); unsignedValue(r.u64(40))
        field("d_icount"); unsignedValue(r.u64(48))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("d_itimer"); signedValue(Int32(bitPattern: r.u32(56)))
        field("d_btimer"); signedValue(Int32(bitPattern: r.u32(60)))
        field("d_iwarns"); unsignedValue(r.u16(64))
        field("d_bwarns"); unsignedValue(r.u16(66))
        field("d_rtb_hardlimit"); unsignedValue(r.u64(72))
        field("d_rtb_softlimit"); unsignedValue(r.u64(80))
        field("d_rtbcount"); unsignedValue(r.u64(88))
        field("d_rtbtimer"); signedValue(Int32(bitPattern: r.u32(96)))
        field("d_rtbwarns"); unsignedValue(r.u16(100))
        endStructure()
    }

    /// `{qfs_ino=..., qfs_nblks=..., qfs_nextents=...}` at `offset`.
    fileprivate mutating func xfsQuotaFile(_ r: LittleEndianBytes, _ offset: Int) {
        beginStructure()
        field("qfs_ino"); unsignedValue(r.u64(offset))
        field("qfs_nblks"); unsignedValue(r.u64(offset + 8))
        field("qfs_nextents"); unsignedValue(r.u32(offset + 16))
        endStructure()
    }

    /// `struct fs_quota_stat` (linux/dqblk_xfs.h, 80 bytes).
    fileprivate mutating func xfsQuotaStatus(at address: UInt64) {
        guard let b = loadBytes(at: address, count: 80) else { return }
        let r = LittleEndianBytes(b)
        beginStructure()
        field("qs_version"); signedValue(Int8(bitPattern: r.u8(0)))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("qs_flags"); flagSetValue(UInt64(r.u16(2)), Constants.xfsQuotaFlags, unknown: "FS_QUOTA_???")
        field("qs_uquota"); xfsQuotaFile(r, 8)
        field("qs_gquota"); xfsQuotaFile(r, 32)
        field("qs_incoredqs"); unsignedValue(r.u32(56))
        field("qs_btimelimit"); signedValue(Int32(bitPattern: r.u32(60)))
        field("qs_itimelimit"); signedValue(Int32(bitPattern: r.u32(64)))
        field("qs_rtbtimelimit"); signedValue(Int32(bitPattern: r.u32(68)))
        field("qs_bwarnlimit"); unsignedValue(r.u16(72))
        field("qs_iwarnlimit"); unsignedValue(r.u16(74))
        endStructure()
    }

    /// `struct fs_quota_statv` (linux/dqblk_xfs.h, 160 bytes).
    fileprivate mutating func xfsQuotaStatusV(at address: UInt64) {
        guard let b = loadBytes(at: address, count: 160) else { return }
        let r = LittleEndianBytes(b)
        beginStructure()
        field("qs_version"); signedValue(Int8(bitPattern: r.u8(0)))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("qs_flags"); flagSetValue(UInt64(r.u16(2)), Constants.xfsQuotaFlags, unknown: "FS_QUOTA_???")
        field("qs_incoredqs"); unsignedValue(r.u32(4))
        field("qs_uquota"); xfsQuotaFile(r, 8)
        field("qs_gquota"); xfsQuotaFile(r, 32)
        field("qs_pquota"); xfsQuotaFile(r, 56)
        field("qs_btimelimit"); signedValue(Int32(bitPattern: r.u32(80)))
        field("qs_itimelimit"); signedValue(Int32(bitPattern: r.u32(84)))
        field("qs_rtbtimelimit"); signedValue(Int32(bitPattern: r.u32(88)))
        field("qs_bwarnlimit"); unsignedValue(r.u16(92))
        field("qs_iwarnlimit"); unsignedValue(r.u16(94))
        endStructure()
    }

    // MARK: _sysctl, personality, fanotify

    /// `struct __sysctl_args`: `{name=..., nlen=..., oldval=..., oldlenp=..., newval=..., newlen=...}`.
    fileprivate mutating func sysctlArguments(at address: UInt64) {
        guard let b = loadBytes(at: address, count: 80) else { return }
        let r = LittleEndianBytes(b)
        beginStructure()
        field("name"); pointerValue(r.u64(0))
        field("nlen"); signedValue(Int32(bitPattern: r.u32(8)))
        field("oldval"); pointerValue(r.u64(16))
        field("oldlenp"); pointerValue(r.u64(24))
        field("newval"); pointerValue(r.u64(32))
        field("newlen"); unsignedValue(r.u64(40))
        endStructure()
    }

    /// personality's persona: `PER_LINUX|ADDR_NO_RANDOMIZE`, or `0xffffffff`
    /// (the query); at exit the previous persona in the same form after the
    /// number: `= 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`.
    fileprivate mutating func personalityEntry() -> EntryResult {
        next()
        let persona = UInt32(truncatingIfNeeded: arg(0))
        if persona == 0xffff_ffff {
            hexValue(UInt64(persona))
        } else {
            compositeValue(UInt64(persona)) { style, out in Decoding.appendPersona(persona, style: style, to: &out) }
        }
        let style = format.constants
        resultPrinter = { value, out in
            let previous = UInt32(truncatingIfNeeded: value)
            Decoding.appendHex(UInt64(bitPattern: value), to: &out)
            out.append(" (")
            Decoding.appendPersona(previous, style: style, to: &out)
            out.append(")")
        }
        return .done(.custom)
    }

    /// A persona: its type (PER_MASK bits) and flags.
    fileprivate static func appendPersona(_ persona: UInt32, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let typeMask: UInt32 = 0xff  // PER_MASK
        appendNamedText(UInt64(persona & typeMask), Constants.personalityTypes, unknown: "PER_???", style: style, to: &out)
        let flags = UInt64(persona & ~typeMask)
        if flags != 0 {
            out.append("|")
            appendFlagsText(flags, Constants.personalityFlags, unknown: nil, style: style, to: &out)
        }
    }

    /// fanotify_init's flags: the notification class, then the flags.
    fileprivate mutating func fanotifyInitFlags(_ value: UInt32) {
        let classMask = UInt32(Constants.FAN_CLASS_CONTENT | Constants.FAN_CLASS_PRE_CONTENT)
        let notificationClass = UInt64(value & classMask)
        let flags = UInt64(value & ~classMask)
        compositeValue(UInt64(value)) { style, out in
            Decoding.appendNamedText(notificationClass, Constants.fanotifyClasses, unknown: "FAN_CLASS_???", style: style,
                                     to: &out)
            if flags != 0 {
                out.append("|")
                Decoding.appendFlagsText(flags, Constants.fanotifyInitFlags, unknown: "FAN_???", style: style, to: &out)
            }
        }
    }

    /// open(2) flags as a value: `O_RDONLY|O_CLOEXEC` (fanotify_init's event_f_flags).
    fileprivate mutating func openFlagsValue(_ value: UInt32) {
        next()
        let flags = UInt64(value)
        // Under -X verbose zero too is commented (`0 /* O_RDONLY */`).
        namedFlagsValue(flags) { out in
            // Both access bits: strace's O_ACCMODE.
            if !out.appendName(of: Int64(flags & 3), in: Constants.openAccessModes),
               !out.appendName(of: Int64(flags & 3), in: Constants.openAccessMask) {
                out.append(hex: flags & 3)
            }
            let rest = flags & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
    }
}

/// Little-endian integers at byte offsets of a structure read from the
/// tracee (packed layouts Swift has no type for); zero past the end.
fileprivate struct LittleEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u8(_ offset: Int) -> UInt8 { offset >= 0 && offset < bytes.count ? bytes[offset] : 0 }

    private func word(_ offset: Int, _ size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in stride(from: size - 1, through: 0, by: -1) { value = value << 8 | UInt64(u8(offset + index)) }
        return value
    }

    func u16(_ offset: Int) -> UInt16 { UInt16(truncatingIfNeeded: word(offset, 2)) }
    func u32(_ offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: word(offset, 4)) }
    func u64(_ offset: Int) -> UInt64 { word(offset, 8) }
}
