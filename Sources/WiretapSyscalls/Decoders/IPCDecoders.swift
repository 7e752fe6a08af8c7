/// System V IPC (shared memory, semaphores, message queues), POSIX message
/// queues and the kernel's key management calls, printed as strace 6.1 does
/// (its ipc_*.c, mq.c, print_mq_attr.c, print_sigevent.c and keyctl.c).
import WiretapCore

enum IPCDecoders {
    static let all: DecoderFamily = [
        // shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 5
        .shmget: SyscallDecoder { d in
            d.ipcKey(0)
            d.unsignedLong(1)
            d.shmgetFlags(2)
            return .done()
        },
        // shmat(5, NULL, SHM_RDONLY) = 0x7f...
        .shmat: SyscallDecoder(entry: { d in
            d.decimal(0)
            d.pointer(1)
            d.next()
            d.ipcFlagsValue(d.arg(2), Constants.shmAttachFlags, unknown: "SHM_???")
            return .done(.hex)
        }),
        .shmdt: SyscallDecoder { d in
            d.pointer(0)
            return .done()
        },
        // shmctl(5, IPC_STAT, {shm_perm={uid=0, ...}, shm_segsz=4096, ...}) = 0
        .shmctl: SyscallDecoder(entry: { d in
            d.decimal(0)
            d.next()
            d.ipcCommandValue(UInt32(truncatingIfNeeded: d.arg(1)), Constants.shmctlCommands, unknown: "SHM_???")
            switch d.ipcCommand(1) {
            case Constants.IPC_SET:
                d.next()
                d.shmidDescription(at: d.arg(2), set: true)
                return .done()
            case Constants.IPC_STAT, Constants.SHM_STAT, Constants.SHM_STAT_ANY, Constants.IPC_INFO, Constants.SHM_INFO:
                return .atExit
            default:
                d.pointer(2)
                return .done()
            }
        }, exit: { d in
            d.next()
            let address = d.arg(2)
            switch d.ipcCommand(1) {
            case Constants.IPC_INFO: d.shmLimits(at: address)
            case Constants.SHM_INFO: d.shmUsage(at: address)
            default: d.shmidDescription(at: address, set: false)
            }
            return .decimal
        }),
        // semget(IPC_PRIVATE, 1, IPC_CREAT|0600) = 3
        .semget: SyscallDecoder { d in
            d.ipcKey(0)
            d.decimal(1)
            d.ipcGetFlags(2)
            return .done()
        },
        // semop(3, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = 0
        .semop: SyscallDecoder { d in
            d.decimal(0)
            d.semaphoreOperations(1, count: 2)
            return .done()
        },
        .semtimedop: SyscallDecoder { d in
            d.decimal(0)
            d.semaphoreOperations(1, count: 2)
            d.next()
            d.ipcTimespec(at: d.arg(3))
            return .done()
        },
        // semctl(3, 0, IPC_STAT, {sem_perm={...}, sem_otime=0, sem_ctime=..., sem_nsems=1}) = 0
        .semctl: SyscallDecoder(entry: { d in
            d.decimal(0)
            d.decimal(1)
            d.next()
            d.ipcCommandValue(UInt32(truncatingIfNeeded: d.arg(2)), Constants.semctlCommands, unknown: "SEM_???")
            switch d.ipcCommand(2) {
            case Constants.IPC_SET:
                d.next()
                d.semidDescription(at: d.arg(3), set: true)
                return .done()
            case Constants.IPC_STAT, Constants.SEM_STAT, Constants.SEM_STAT_ANY, Constants.IPC_INFO, Constants.SEM_INFO:
                return .atExit
            default:
                d.pointer(3)
                return .done()
            }
        }, exit: { d in
            d.next()
            let address = d.arg(3)
            switch d.ipcCommand(2) {
            case Constants.IPC_INFO, Constants.SEM_INFO: d.semLimits(at: address)
            default: d.semidDescription(at: address, set: false)
            }
            return .decimal
        }),
        // msgget(IPC_PRIVATE, IPC_CREAT|0600) = 2
        .msgget: SyscallDecoder { d in
            d.ipcKey(0)
            d.ipcGetFlags(1)
            return .done()
        },
        // msgsnd(2, {mtype=1, mtext="hello"}, 5, 0) = 0
        .msgsnd: SyscallDecoder { d in
            d.decimal(0)
            d.next()
            d.messageBuffer(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.next()
            d.ipcFlagsValue(d.arg(3), Constants.ipcMessageFlags, unknown: "MSG_???")
            return .done()
        },
        // msgrcv(2, {mtype=1, mtext="hello"}, 64, 0, IPC_NOWAIT) = 5
        .msgrcv: SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.next()
            d.messageBuffer(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.long(3)
            d.next()
            d.ipcFlagsValue(d.arg(4), Constants.ipcMessageFlags, unknown: "MSG_???")
            return .decimal
        }),
        // msgctl(2, IPC_STAT, {msg_perm={...}, msg_stime=..., ...}) = 0
        .msgctl: SyscallDecoder(entry: { d in
            d.decimal(0)
            d.next()
            d.ipcCommandValue(UInt32(truncatingIfNeeded: d.arg(1)), Constants.msgctlCommands, unknown: "MSG_???")
            switch d.ipcCommand(1) {
            case Constants.IPC_SET:
                d.next()
                d.msqidDescription(at: d.arg(2), set: true)
                return .done()
            case Constants.IPC_STAT, Constants.MSG_STAT, Constants.MSG_STAT_ANY, Constants.IPC_INFO, Constants.MSG_INFO:
                return .atExit
            default:
                d.pointer(2)
                return .done()
            }
        }, exit: { d in
            d.next()
            let address = d.arg(2)
            switch d.ipcCommand(1) {
            case Constants.IPC_INFO, Constants.MSG_INFO: d.msgLimits(at: address)
            default: d.msqidDescription(at: address, set: false)
            }
            return .decimal
        }),
        // mq_open("/q", O_RDWR|O_CREAT, 0600, {mq_flags=0, mq_maxmsg=2, mq_msgsize=16, mq_curmsgs=0}) = 3
        .mq_open: SyscallDecoder { d in
            d.path(0)
            d.next()
            d.mqOpenFlagsValue(d.arg(1))
            if d.arg(1) & UInt64(Constants.O_CREAT) != 0 {
                d.mode(2)
                d.next()
                d.mqAttributes(at: d.arg(3), namedFlags: false)
            }
            return .done(.fd)
        },
        .mq_unlink: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .mq_timedsend: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.sizedBytes(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.unsigned(3)
            d.next()
            d.ipcTimespec(at: d.arg(4))
            return .done()
        },
        .mq_timedreceive: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.next()
            if d.arg(3) == 0 || d.failed {
                d.pointerValue(d.arg(3))
            } else if let priority = try? d.memory.load(UInt32.self, from: d.arg(3)) {
                d.beginArray()
                d.unsignedValue(priority)
                d.endArray()
            } else {
                d.unreadable(d.arg(3))
            }
            // The kernel read the timeout at entry: printed even when the call failed.
            d.next()
            d.ipcTimespec(at: d.arg(4))
            return .decimal
        }),
        // mq_notify(3, {sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}) = 0
        .mq_notify: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.sigevent(at: d.arg(1))
            return .done()
        },
        // mq_getsetattr(3, {mq_flags=O_NONBLOCK, ...}, {mq_flags=0, mq_maxmsg=2, ...}) = 0
        .mq_getsetattr: SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            d.mqAttributes(at: d.arg(1), namedFlags: true)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(2)) } else { d.mqAttributes(at: d.arg(2), namedFlags: true) }
            return .decimal
        }),
        // add_key("user", "name", "secret", 6, KEY_SPEC_SESSION_KEYRING) = 123456
        .add_key: SyscallDecoder { d in
            d.cString(0)
            d.cString(1)
            d.next()
            d.sizedBytes(at: d.arg(2), count: d.arg(3))
            d.unsignedLong(3)
            d.next()
            d.keySerialValue(d.arg(4))
            return .done()
        },
        .request_key: SyscallDecoder { d in
            d.cString(0)
            d.cString(1)
            d.cString(2)
            d.next()
            d.keySerialValue(d.arg(3))
            return .done()
        },
        // keyctl(KEYCTL_REVOKE, 123456) = 0
        .keyctl: SyscallDecoder(entry: { d in d.keyctlEntry() }, exit: { d in d.keyctlExit() }),
    ]

    /// Most elements of an array printed, whatever `-v` or `-s` say (strace
    /// stops only where memory ends): a bound on the loop a count from the
    /// tracee drives. Beyond it, `...` as for an abbreviated array.
    static let arrayLimit: UInt64 = 1 << 20
}

// MARK: Named values and flags

extension OutputBuffer {
    /// strace's `printflags_ex`: the names of `value`'s bits from `table`
    /// (in the table's order) and the rest in hex; a value with no named bit
    /// in hex with `/* unknown */`; zero as `0` when there is an `unknown`
    /// default, else nothing. `-X raw` prints the number, `-X verbose` the
    /// number and the names in a comment. Returns whether a name was
    /// written (under `-X raw`, whether anything was): strace then joins
    /// what follows with `|`.
    @discardableResult
    mutating func appendStraceFlags(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?,
                                    style: StraceFormat.ConstantStyle) -> Bool {
        if style == .raw {
            guard value != 0 || unknown != nil else { return false }
            appendStraceHex(value)
            return true
        }
        let named = table.contains { $0.value > 0 && UInt64($0.value) & value == UInt64($0.value) }
        if named {
            if style == .verbose {
                append(hex: value)
                append(" /* ")
            }
            appendFlags(value, in: table)
            if style == .verbose { append(" */") }
        } else if value != 0 {
            append(hex: value)
            if let unknown {
                append(" /* ")
                append(unknown)
                append(" */")
            }
        } else if unknown != nil {
            append(byte: UInt8(ascii: "0"))
        }
        return named
    }

    /// strace's `printxval`: `value`'s name from `table` (`-X raw`: the
    /// number; `-X verbose`: both), or the number and `/* unknown */`.
    /// Numbers are `%#x`, or `%d` with `decimal`.
    mutating func appendStraceName(_ value: Int64, bits: UInt64, _ table: [NamedConstant], unknown: StaticString?,
                                   decimal: Bool, style: StraceFormat.ConstantStyle) {
        let number: (inout OutputBuffer) -> Void = { out in
            if decimal { out.append(decimal: value) } else { out.appendStraceHex(bits) }
        }
        if let entry = table.first(where: { $0.value == value }) {
            switch style {
            case .abbrev: append(entry.name)
            case .raw: number(&self)
            case .verbose:
                number(&self)
                append(" /* ")
                append(entry.name)
                append(" */")
            }
        } else {
            number(&self)
            if let unknown, style != .raw {
                append(" /* ")
                append(unknown)
                append(" */")
            }
        }
    }

    /// `%#llx`: `0`, or `0x` and the digits.
    mutating func appendStraceHex(_ value: UInt64) {
        if value == 0 { append(byte: UInt8(ascii: "0")) } else { append(hex: value) }
    }
}

extension Decoding {
    /// A set of flags as strace's `printflags_ex` prints it (see
    /// `OutputBuffer.appendStraceFlags`): whether a name was printed.
    @discardableResult
    mutating func ipcFlagsValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?) -> Bool {
        let style = format.constants
        // Recorded by name, as `symbolic` records flags, whatever -X says.
        let span = storeText { $0.appendFlags(value, in: table) }
        var named = false
        customValue(.flags(value, span)) { named = $0.appendStraceFlags(value, table, unknown: unknown, style: style) }
        return named
    }

    /// A named value as strace's `printxval` prints it (see `OutputBuffer.appendStraceName`).
    mutating func ipcNamedValue(_ value: Int64, bits: UInt64, _ table: [NamedConstant], unknown: StaticString?, decimal: Bool = false) {
        let style = format.constants
        let name = storeText { out in
            if let entry = table.first(where: { $0.value == value }) { out.append(entry.name) }
        }
        customValue(.constant(value, name)) {
            $0.appendStraceName(value, bits: bits, table, unknown: unknown, decimal: decimal, style: style)
        }
    }

    /// An IPC key: `IPC_PRIVATE` for zero, else in hex.
    mutating func ipcKey(_ i: Int) {
        next()
        let key = UInt64(UInt32(truncatingIfNeeded: arg(i)))
        ipcNamedValue(Int64(key), bits: key, Constants.ipcPrivateKey, unknown: nil)
    }

    /// semget's and msgget's flags: `IPC_CREAT|IPC_EXCL|0600`. Bits with no
    /// name run into the mode with no `|` (`0x10000000000`), as strace
    /// prints them.
    mutating func ipcGetFlags(_ i: Int) {
        next()
        let value = UInt64(UInt32(truncatingIfNeeded: arg(i)))
        let write: (StraceFormat.ConstantStyle, inout OutputBuffer) -> Void = { style, out in
            if out.appendStraceFlags(value & ~0o777, Constants.ipcResourceFlags, unknown: nil, style: style) {
                out.append(byte: UInt8(ascii: "|"))
            }
            Decoding.appendMode(value & 0o777, to: &out)
        }
        customStyledValue(value, write)
    }

    /// shmget's flags: `IPC_CREAT|SHM_HUGETLB|21<<SHM_HUGE_SHIFT|0600`.
    mutating func shmgetFlags(_ i: Int) {
        next()
        let value = UInt64(UInt32(truncatingIfNeeded: arg(i)))
        let write: (StraceFormat.ConstantStyle, inout OutputBuffer) -> Void = { style, out in
            let shift = UInt64(Constants.SHM_HUGE_SHIFT)
            let mask = UInt64(Constants.SHM_HUGE_MASK) << shift
            let hugePageSize = value & ~0o777 & mask
            let flags = value & ~0o777 & ~mask
            if flags != 0 || hugePageSize == 0 {
                out.appendStraceFlags(flags, Constants.shmResourceFlags, unknown: nil, style: style)
            }
            if hugePageSize != 0 {
                if flags != 0 { out.append(byte: UInt8(ascii: "|")) }
                out.append(decimal: hugePageSize >> shift)
                out.append("<<")
                out.appendStraceName(Constants.SHM_HUGE_SHIFT, bits: shift, Constants.shmHugeShift, unknown: nil,
                                     decimal: true, style: style)
            }
            if flags != 0 || hugePageSize != 0 { out.append(byte: UInt8(ascii: "|")) }
            Decoding.appendMode(value & 0o777, to: &out)
        }
        customStyledValue(value, write)
    }

    /// Flags with a mode or a field of their own (semget's, shmget's), which
    /// `write` prints in a -X style: recorded with their abbreviated text.
    mutating func customStyledValue(_ value: UInt64, _ write: (StraceFormat.ConstantStyle, inout OutputBuffer) -> Void) {
        let style = format.constants
        customValue(.flags(value, storeText { write(.abbrev, &$0) })) { write(style, &$0) }
    }

    /// A *ctl command without its IPC_64 bit.
    func ipcCommand(_ i: Int) -> Int64 {
        Int64(UInt32(truncatingIfNeeded: arg(i)) & ~UInt32(Constants.IPC_64))
    }

    /// A *ctl command: `IPC_STAT`, `IPC_64|IPC_STAT`, `0x10 /* SHM_??? */`.
    mutating func ipcCommandValue(_ value: UInt32, _ table: [NamedConstant], unknown: StaticString) {
        let style = format.constants
        let version = UInt32(Constants.IPC_64)
        let command = value & ~version
        let write: (inout OutputBuffer) -> Void = { out in
            if value & version != 0 {
                out.appendStraceName(Constants.IPC_64, bits: UInt64(version), Constants.ipcVersion64, unknown: nil,
                                     decimal: false, style: style)
                out.append(byte: UInt8(ascii: "|"))
            }
            out.appendStraceName(Int64(command), bits: UInt64(command), table, unknown: unknown, decimal: false, style: style)
        }
        let names = storeText { out in
            if value & version != 0 { out.append("IPC_64|") }
            if let entry = table.first(where: { $0.value == Int64(command) }) { out.append(entry.name) }
        }
        customValue(.constant(Int64(value), names), write)
    }

    /// A key or keyring serial number: `KEY_SPEC_SESSION_KEYRING` or in decimal.
    mutating func keySerialValue(_ raw: UInt64) {
        let serial = Int64(Int32(truncatingIfNeeded: raw))
        ipcNamedValue(serial, bits: UInt64(bitPattern: serial), Constants.keySpecialIDs, unknown: nil, decimal: true)
    }

    /// A user or group id as strace's `printuid`: `-1`, else unsigned.
    mutating func ipcIDValue(_ id: UInt32) {
        if id == UInt32.max { signedValue(-1) } else { unsignedValue(id) }
    }

    /// `{tv_sec=1, tv_nsec=0}` as strace's `print_timespec64` prints it
    /// (tv_nsec unsigned), NULL, or the address when unreadable.
    mutating func ipcTimespec(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tv_sec"); signedValue(value.0)
        field("tv_nsec"); unsignedValue(value.1)
        endStructure()
    }
}

// MARK: Semaphores and messages

extension Decoding {
    /// How many elements of an array strace's `print_array` shows: `-s`
    /// of them, all with `-v` (both bounded by `IPCDecoders.arrayLimit`).
    var arrayElementsShown: UInt64 {
        min(unabbreviated ? UInt64.max : UInt64(max(0, format.stringLimit)), IPCDecoders.arrayLimit)
    }

    /// semop's operations and their count:
    /// `[{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}], 1`; `-s` elements
    /// unless `-v`, as strace's `print_array`.
    mutating func semaphoreOperations(_ i: Int, count countArgument: Int) {
        next()
        let address = arg(i)
        let count = UInt64(UInt32(truncatingIfNeeded: arg(countArgument)))
        let elementSize: UInt64 = 6
        defer {
            next()
            unsignedValue(count)
        }
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let size = count &* elementSize
        guard address &+ size > address else { pointerValue(address); return }
        let shown = arrayElementsShown
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index &* elementSize
            guard let operation = try? memory.load((UInt16, Int16, UInt16).self, from: element) else {
                if index == 0 {
                    unreadable(address)
                    return
                }
                // strace's `... /* 0x... */`: the element it could not read.
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if index == 0 { beginArray() }
            if index >= shown {
                endArray(cut: true)
                return
            }
            beginStructure()
            field("sem_num"); unsignedValue(operation.0)
            field("sem_op"); signedValue(operation.1)
            field("sem_flg"); ipcFlagsValue(UInt64(operation.2), Constants.semopFlags, unknown: "SEM_???")
            endStructure()
            index += 1
        }
        endArray()
    }

    /// A `struct msgbuf`: `{mtype=1, mtext="hello"}` with `count` bytes of
    /// text (cut at `-s`); its address if unreadable (or the call failed,
    /// at exit).
    mutating func messageBuffer(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        // strace reads the whole `struct msgbuf` (a long and 8 bytes of text) first.
        guard !failed, let header = try? memory.load((Int64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("mtype"); signedValue(header.0)
        field("mtext")
        sizedBytes(at: address &+ 8, count: count)
        endStructure()
    }
}

// MARK: *ctl structures

/// A structure read whole from the tracee, its fields by offset.
struct IPCStructure {
    let bytes: UnsafeRawBufferPointer

    func u32(_ offset: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    func i32(_ offset: Int) -> Int32 { bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
    func u64(_ offset: Int) -> UInt64 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    func u16(_ offset: Int) -> UInt16 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }
}

extension Decoding {
    /// Reads `size` bytes at `address` and prints them with `body`; prints
    /// NULL, or the address when unreadable or the call failed (at exit).
    mutating func ipcStructure(at address: UInt64, size: Int, _ body: (inout Decoding, IPCStructure) -> Void) {
        guard address != 0 else { pointerValue(0); return }
        guard !failed else { pointerValue(address); return }
        withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { buffer in
            do {
                try memory.readExactly(from: address, into: buffer)
            } catch {
                unreadable(address)
                return
            }
            body(&self, IPCStructure(bytes: UnsafeRawBufferPointer(buffer)))
        }
    }

    /// `struct ipc64_perm` (at offset 0 of every *id64_ds):
    /// `{uid=0, gid=0, mode=0600, key=0, cuid=0, cgid=0}`; with IPC_SET
    /// only what the kernel reads, `{uid=0, gid=0, mode=0600}`.
    mutating func ipcPermissions(_ s: IPCStructure, set: Bool) {
        beginStructure()
        field("uid"); ipcIDValue(s.u32(4))
        field("gid"); ipcIDValue(s.u32(8))
        field("mode"); modeValue(UInt64(s.u32(20)))
        if !set {
            field("key"); unsignedValue(s.u32(0))
            field("cuid"); ipcIDValue(s.u32(12))
            field("cgid"); ipcIDValue(s.u32(16))
        }
        endStructure()
    }

    /// A process id field (`-Y` adds its command).
    mutating func ipcPIDValue(_ pid: Int32) {
        signedValue(pid)
        if format.pidComm { out.appendPIDComm(Int64(pid)) }
    }

    /// `struct shmid64_ds` (112 bytes).
    mutating func shmidDescription(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 112) { d, s in
            d.beginStructure()
            d.field("shm_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("shm_segsz"); d.unsignedValue(s.u64(48))
                d.field("shm_cpid"); d.ipcPIDValue(s.i32(80))
                d.field("shm_lpid"); d.ipcPIDValue(s.i32(84))
                d.field("shm_nattch"); d.unsignedValue(s.u64(88))
                d.field("shm_atime"); d.unsignedValue(s.u64(56))
                d.field("shm_dtime"); d.unsignedValue(s.u64(64))
                d.field("shm_ctime"); d.unsignedValue(s.u64(72))
            }
            d.endStructure()
        }
    }

    /// shmctl IPC_INFO's `struct shminfo64` (72 bytes).
    mutating func shmLimits(at address: UInt64) {
        ipcStructure(at: address, size: 72) { d, s in
            d.beginStructure()
            d.field("shmmax"); d.unsignedValue(s.u64(0))
            d.field("shmmin"); d.unsignedValue(s.u64(8))
            d.field("shmmni"); d.unsignedValue(s.u64(16))
            d.field("shmseg"); d.unsignedValue(s.u64(24))
            d.field("shmall"); d.unsignedValue(s.u64(32))
            d.endStructure()
        }
    }

    /// shmctl SHM_INFO's `struct shm_info` (48 bytes).
    mutating func shmUsage(at address: UInt64) {
        ipcStructure(at: address, size: 48) { d, s in
            d.beginStructure()
            d.field("used_ids"); d.signedValue(s.i32(0))
            d.field("shm_tot"); d.unsignedValue(s.u64(8))
            d.field("shm_rss"); d.unsignedValue(s.u64(16))
            d.field("shm_swp"); d.unsignedValue(s.u64(24))
            d.field("swap_attempts"); d.unsignedValue(s.u64(32))
            d.field("swap_successes"); d.unsignedValue(s.u64(40))
            d.endStructure()
        }
    }

    /// `struct semid64_ds` (104 bytes).
    mutating func semidDescription(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 104) { d, s in
            d.beginStructure()
            d.field("sem_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("sem_otime"); d.unsignedValue(s.u64(48))
                d.field("sem_ctime"); d.unsignedValue(s.u64(64))
                d.field("sem_nsems"); d.unsignedValue(s.u64(80))
            }
            d.endStructure()
        }
    }

    /// semctl IPC_INFO's and SEM_INFO's `struct seminfo` (ten ints).
    mutating func semLimits(at address: UInt64) {
        ipcStructure(at: address, size: 40) { d, s in
            d.beginStructure()
            d.field("semmap"); d.signedValue(s.i32(0))
            d.field("semmni"); d.signedValue(s.i32(4))
            d.field("semmns"); d.signedValue(s.i32(8))
            d.field("semmnu"); d.signedValue(s.i32(12))
            d.field("semmsl"); d.signedValue(s.i32(16))
            d.field("semopm"); d.signedValue(s.i32(20))
            d.field("semume"); d.signedValue(s.i32(24))
            d.field("semusz"); d.signedValue(s.i32(28))
            d.field("semvmx"); d.signedValue(s.i32(32))
            d.field("semaem"); d.signedValue(s.i32(36))
            d.endStructure()
        }
    }

    /// `struct msqid64_ds` (120 bytes); with IPC_SET the permissions and msg_qbytes.
    mutating func msqidDescription(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 120) { d, s in
            d.beginStructure()
            d.field("msg_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("msg_stime"); d.unsignedValue(s.u64(48))
                d.field("msg_rtime"); d.unsignedValue(s.u64(56))
                d.field("msg_ctime"); d.unsignedValue(s.u64(64))
                d.field("msg_qnum"); d.unsignedValue(s.u64(80))
            }
            d.field("msg_qbytes"); d.unsignedValue(s.u64(88))
            if !set {
                d.field("msg_lspid"); d.signedValue(s.i32(96))
                d.field("msg_lrpid"); d.signedValue(s.i32(100))
            }
            d.endStructure()
        }
    }

    /// msgctl IPC_INFO's and MSG_INFO's `struct msginfo` (32 bytes).
    mutating func msgLimits(at address: UInt64) {
        ipcStructure(at: address, size: 32) { d, s in
            d.beginStructure()
            d.field("msgpool"); d.signedValue(s.i32(0))
            d.field("msgmap"); d.signedValue(s.i32(4))
            d.field("msgmax"); d.signedValue(s.i32(8))
            d.field("msgmnb"); d.signedValue(s.i32(12))
            d.field("msgmni"); d.signedValue(s.i32(16))
            d.field("msgssz"); d.signedValue(s.i32(20))
            d.field("msgtql"); d.signedValue(s.i32(24))
            d.field("msgseg"); d.unsignedValue(s.u16(28))
            d.endStructure()
        }
    }
}

// MARK: POSIX message queues

extension Decoding {
    /// mq_open's flags: `O_RDWR|O_CREAT` (`O_ACCMODE` when both access bits
    /// are set), with no mode (mq_open prints one only with O_CREAT).
    mutating func mqOpenFlagsValue(_ value: UInt64) {
        let style = format.constants
        let names: (inout OutputBuffer) -> Void = { out in
            if !out.appendName(of: Int64(value & 3), in: Constants.openAccessModes) { out.append("O_ACCMODE") }
            let rest = value & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
        // Under -X verbose the names follow even a zero (`0 /* O_RDONLY */`).
        customValue(.flags(value, storeText(names))) { out in
            switch style {
            case .abbrev: names(&out)
            case .raw: out.appendStraceHex(value)
            case .verbose:
                out.appendStraceHex(value)
                out.append(" /* ")
                names(&out)
                out.append(" */")
            }
        }
    }

    /// `struct mq_attr`: `{mq_flags=0, mq_maxmsg=2, mq_msgsize=16, mq_curmsgs=0}`;
    /// mq_flags by name (mq_getsetattr) or in hex (mq_open).
    mutating func mqAttributes(at address: UInt64, namedFlags: Bool) {
        guard address != 0 else { pointerValue(0); return }
        guard let attributes = try? memory.load((UInt64, Int64, Int64, Int64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("mq_flags")
        if namedFlags {
            ipcFlagsValue(attributes.0, Constants.mqAttributeFlags, unknown: "O_???")
        } else {
            hexValue(attributes.0)
        }
        field("mq_maxmsg"); signedValue(attributes.1)
        field("mq_msgsize"); signedValue(attributes.2)
        field("mq_curmsgs"); signedValue(attributes.3)
        endStructure()
    }

    /// `struct sigevent`: `{sigev_value={sival_int=1, sival_ptr=0x1},
    /// sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}`; sigev_value only
    /// when set, the thread id or function after the kind that has one.
    /// `size`: how much strace reads (mq_notify the whole 64 bytes,
    /// timer_create the first 32), which decides when a sigevent cut
    /// short by unreadable memory prints as its address.
    mutating func sigevent(at address: UInt64, size: Int = 64) {
        ipcStructure(at: address, size: size) { d, s in
            let value = s.u64(0)
            let signal = s.i32(8)
            let notify = s.i32(12)
            d.beginStructure()
            if value != 0 {
                d.field("sigev_value")
                d.beginStructure()
                d.field("sival_int"); d.signedValue(s.i32(0))
                d.field("sival_ptr"); d.pointerValue(value)
                d.endStructure()
            }
            d.field("sigev_signo")
            switch Int64(notify) {
            case Constants.SIGEV_SIGNAL, Constants.SIGEV_THREAD, Constants.SIGEV_THREAD_ID:
                // strace's printsignal: a number with no name in decimal alone.
                d.signalNumberValue(signal)
            default:
                d.unsignedValue(UInt32(bitPattern: signal))
            }
            d.field("sigev_notify")
            d.ipcNamedValue(Int64(notify), bits: UInt64(UInt32(bitPattern: notify)), Constants.sigeventNotifications, unknown: "SIGEV_???")
            switch Int64(notify) {
            case Constants.SIGEV_THREAD_ID:
                d.field("sigev_notify_thread_id"); d.signedValue(s.i32(16))
            case Constants.SIGEV_THREAD:
                d.field("sigev_notify_function"); d.pointerValue(s.u64(16))
                d.field("sigev_notify_attributes"); d.pointerValue(s.u64(24))
            default:
                break
            }
            d.endStructure()
        }
    }
}

// MARK: keyctl

extension Decoding {
    /// The keyctl command, as the kernel reads it (an int).
    var keyctlCommand: Int64 { Int64(int(0)) }

    /// keyctl's entry: the command and the arguments it reads.
    mutating func keyctlEntry() -> EntryResult {
        let command = keyctlCommand
        next()
        ipcNamedValue(command, bits: UInt64(UInt32(bitPattern: int(0))), Constants.keyctlCommands, unknown: "KEYCTL_???")
        switch command {
        case Constants.KEYCTL_GET_KEYRING_ID:
            keySerial(1)
            decimal(2)
        case Constants.KEYCTL_JOIN_SESSION_KEYRING:
            cString(1)
        case Constants.KEYCTL_UPDATE:
            keySerial(1)
            next()
            sizedBytes(at: arg(2), count: arg(3))
            unsignedLong(3)
        case Constants.KEYCTL_REVOKE, Constants.KEYCTL_CLEAR, Constants.KEYCTL_INVALIDATE, Constants.KEYCTL_ASSUME_AUTHORITY:
            keySerial(1)
        case Constants.KEYCTL_LINK, Constants.KEYCTL_UNLINK:
            keySerial(1)
            keySerial(2)
        case Constants.KEYCTL_DESCRIBE, Constants.KEYCTL_READ, Constants.KEYCTL_GET_SECURITY:
            keySerial(1)
            return .atExit
        case Constants.KEYCTL_SEARCH:
            keySerial(1)
            cString(2)
            cString(3)
            keySerial(4)
        case Constants.KEYCTL_CHOWN:
            keySerial(1)
            next(); ipcIDValue(UInt32(truncatingIfNeeded: arg(2)))
            next(); ipcIDValue(UInt32(truncatingIfNeeded: arg(3)))
        case Constants.KEYCTL_SETPERM:
            keySerial(1)
            next()
            ipcFlagsValue(UInt64(UInt32(truncatingIfNeeded: arg(2))), Constants.keyPermissions, unknown: "KEY_???")
        case Constants.KEYCTL_INSTANTIATE:
            keySerial(1)
            next()
            sizedBytes(at: arg(2), count: arg(3))
            unsignedLong(3)
            keySerial(4)
        case Constants.KEYCTL_INSTANTIATE_IOV:
            keySerial(1)
            iovec(2, count: 3, data: -1)
            unsignedLong(3)
            keySerial(4)
        case Constants.KEYCTL_NEGATE:
            keySerial(1)
            next(); unsignedValue(UInt32(truncatingIfNeeded: arg(2)))
            keySerial(3)
        case Constants.KEYCTL_REJECT:
            keySerial(1)
            next(); unsignedValue(UInt32(truncatingIfNeeded: arg(2)))
            next(); errnoValue(UInt32(truncatingIfNeeded: arg(3)))
            keySerial(4)
        case Constants.KEYCTL_SET_REQKEY_KEYRING:
            next()
            let keyring = Int64(Int32(truncatingIfNeeded: arg(1)))
            ipcNamedValue(keyring, bits: UInt64(bitPattern: keyring), Constants.keyRequestKeyrings,
                          unknown: "KEY_REQKEY_DEFL_???", decimal: true)
        case Constants.KEYCTL_SET_TIMEOUT:
            keySerial(1)
            next(); unsignedValue(UInt32(truncatingIfNeeded: arg(2)))
        case Constants.KEYCTL_SESSION_TO_PARENT:
            break
        case Constants.KEYCTL_GET_PERSISTENT:
            next(); ipcIDValue(UInt32(truncatingIfNeeded: arg(1)))
            keySerial(2)
        case Constants.KEYCTL_RESTRICT_KEYRING:
            keySerial(1)
            cString(2)
            cString(3)
        case Constants.KEYCTL_MOVE:
            keySerial(1)
            keySerial(2)
            keySerial(3)
            next()
            ipcFlagsValue(UInt64(UInt32(truncatingIfNeeded: arg(4))), Constants.keyctlMoveFlags, unknown: "KEYCTL_MOVE_???")
        case Constants.KEYCTL_CAPABILITIES:
            return .atExit
        case Constants.KEYCTL_DH_COMPUTE:
            next()
            diffieHellmanParameters(at: arg(1))
            return .atExit
        case Constants.KEYCTL_PKEY_QUERY:
            keySerial(1)
            hex(2)
            cString(3)
            return .atExit
        case Constants.KEYCTL_PKEY_ENCRYPT, Constants.KEYCTL_PKEY_DECRYPT, Constants.KEYCTL_PKEY_SIGN:
            return publicKeyOperation(writesOutput: true)
        case Constants.KEYCTL_PKEY_VERIFY:
            return publicKeyOperation(writesOutput: false)
        default:
            hex(1)
            hex(2)
            hex(3)
            hex(4)
        }
        return .done()
    }

    /// keyctl's exit, for the commands that write into the tracee.
    mutating func keyctlExit() -> ReturnFormat {
        switch keyctlCommand {
        case Constants.KEYCTL_DESCRIBE, Constants.KEYCTL_READ, Constants.KEYCTL_GET_SECURITY:
            next()
            let address = arg(2)
            let length = arg(3)
            if failed {
                pointerValue(address)
            } else {
                let written = result >= 0 && UInt64(result) > length ? length : UInt64(bitPattern: result)
                keyText(at: address, count: Int(clamping: written),
                        omittingTrailingNul: keyctlCommand != Constants.KEYCTL_READ)
            }
            unsignedLong(3)
        case Constants.KEYCTL_CAPABILITIES:
            next()
            if failed {
                pointerValue(arg(1))
            } else {
                keyCapabilities(at: arg(1), count: min(arg(2), UInt64(bitPattern: result)))
            }
            unsignedLong(2)
        case Constants.KEYCTL_DH_COMPUTE:
            next()
            if failed {
                pointerValue(arg(2))
            } else {
                let written = result >= 0 && UInt64(result) > arg(3) ? arg(3) : UInt64(bitPattern: result)
                sizedBytes(at: arg(2), count: written)
            }
            unsignedLong(3)
            next()
            keyDerivationParameters(at: arg(4))
        case Constants.KEYCTL_PKEY_QUERY:
            next()
            ipcStructure(at: arg(4), size: 56) { d, s in
                d.beginStructure()
                d.field("supported_ops")
                d.ipcFlagsValue(UInt64(s.u32(0)), Constants.keyctlSupportedOperations, unknown: "KEYCTL_SUPPORTS_???")
                d.field("key_size"); d.unsignedValue(s.u32(4))
                d.field("max_data_size"); d.unsignedValue(s.u16(8))
                d.field("max_sig_size"); d.unsignedValue(s.u16(10))
                d.field("max_enc_size"); d.unsignedValue(s.u16(12))
                d.field("max_dec_size"); d.unsignedValue(s.u16(14))
                d.spareWords(s, at: 16, count: 10)
                d.endStructure()
            }
        case Constants.KEYCTL_PKEY_ENCRYPT, Constants.KEYCTL_PKEY_DECRYPT, Constants.KEYCTL_PKEY_SIGN:
            // The output buffer, as long as the parameters' out_len said at entry.
            next()
            if failed { pointerValue(arg(4)) } else { sizedBytes(at: arg(4), count: UInt64(truncatingIfNeeded: saved ?? 0)) }
        default:
            break
        }
        return .decimal
    }

    /// `count` bytes as strace's `printstrn`: NULL for a null address
    /// (whatever the count), the bytes cut at `-s`, or the address. Like
    /// strace, it reads one byte past `-s` when there are more: if that
    /// byte cannot be read, the address.
    mutating func sizedBytes(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        let limit = UInt64(max(0, format.stringLimit))
        let wanted = Int(min(count, limit &+ 1))
        guard (try? memory.readExactly(from: address, count: wanted, into: &scratch)) != nil else {
            unreadable(address)
            return
        }
        stringValue(scratch[0..<Int(min(count, limit))], truncated: count > limit)
    }

    /// A structure's reserved words, `__spare=[0x1, 0, ...]`, printed only
    /// when one is not zero.
    mutating func spareWords(_ s: IPCStructure, at offset: Int, count: Int) {
        guard (0..<count).contains(where: { s.u32(offset + 4 * $0) != 0 }) else { return }
        field("__spare")
        beginArray()
        for index in 0..<count {
            if !unabbreviated && index >= format.stringLimit { endArray(cut: true); return }
            hexValue(UInt64(s.u32(offset + 4 * index)))
        }
        endArray()
    }

    /// KEYCTL_DH_COMPUTE's `struct keyctl_dh_params`: `{private=1, prime=2, base=3}`.
    mutating func diffieHellmanParameters(at address: UInt64) {
        ipcStructure(at: address, size: 12) { d, s in
            d.beginStructure()
            d.field("private"); d.keySerialValue(UInt64(s.u32(0)))
            d.field("prime"); d.keySerialValue(UInt64(s.u32(4)))
            d.field("base"); d.keySerialValue(UInt64(s.u32(8)))
            d.endStructure()
        }
    }

    /// KEYCTL_DH_COMPUTE's `struct keyctl_kdf_params` (56 bytes), read
    /// even after a failure, as strace does: `{hashname="sha256",
    /// otherinfo=NULL, otherinfolen=0}`.
    mutating func keyDerivationParameters(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        withUnsafeTemporaryAllocation(byteCount: 56, alignment: 8) { buffer in
            do {
                try memory.remote.readExactly(from: address, into: buffer)
            } catch {
                unreadable(address)
                return
            }
            let s = IPCStructure(bytes: UnsafeRawBufferPointer(buffer))
            beginStructure()
            field("hashname"); appendCString(at: s.u64(0))
            let otherLength = s.u32(16)
            field("otherinfo")
            if otherLength != 0 { sizedBytes(at: s.u64(8), count: UInt64(otherLength)) } else { pointerValue(s.u64(8)) }
            field("otherinfolen"); unsignedValue(otherLength)
            spareWords(s, at: 20, count: 8)
            endStructure()
        }
    }

    /// KEYCTL_PKEY_ENCRYPT, DECRYPT, SIGN (`writesOutput`) and VERIFY:
    /// `{key_id=1, in_len=4, out_len=256}, "enc=pkcs1", "data", ` and the
    /// output at exit (`saved` carries out_len to it), or the second input.
    mutating func publicKeyOperation(writesOutput: Bool) -> EntryResult {
        next()
        var lengths: (input: UInt32, other: UInt32)? = nil
        ipcStructure(at: arg(1), size: 40) { d, s in
            lengths = (s.u32(4), s.u32(8))
            d.beginStructure()
            d.field("key_id"); d.keySerialValue(UInt64(s.u32(0)))
            d.field("in_len"); d.unsignedValue(s.u32(4))
            if writesOutput {
                d.field("out_len")
            } else {
                d.field("in2_len")
            }
            d.unsignedValue(s.u32(8))
            d.spareWords(s, at: 12, count: 7)
            d.endStructure()
        }
        cString(2)
        next()
        if let lengths { sizedBytes(at: arg(3), count: UInt64(lengths.input)) } else { pointerValue(arg(3)) }
        if writesOutput, let lengths {
            saved = Int64(lengths.other)
            return .atExit
        }
        next()
        if let lengths { sizedBytes(at: arg(4), count: UInt64(lengths.other)) } else { pointerValue(arg(4)) }
        return .done()
    }

    /// A key serial number argument.
    mutating func keySerial(_ i: Int) {
        next()
        keySerialValue(arg(i))
    }

    /// What KEYCTL_READ, DESCRIBE and GET_SECURITY wrote: `count` bytes,
    /// cut at `-s`; for DESCRIBE and GET_SECURITY, a NUL as the last byte
    /// shown is left out, as strace's `QUOTE_OMIT_TRAILING_0` does (unless
    /// the string prints in hex: `-xx`, or `-x`, which that NUL itself calls for).
    mutating func keyText(at address: UInt64, count: Int, omittingTrailingNul: Bool) {
        guard address != 0 else { pointerValue(0); return }
        guard omittingTrailingNul, count > 0 else {
            bytes(at: address, count: count, style: format.stringStyle)
            return
        }
        let limit = max(0, format.stringLimit)
        let wanted = min(count, limit &+ 1)
        guard (try? memory.readExactly(from: address, count: wanted, into: &scratch)) != nil else {
            unreadable(address)
            return
        }
        var shown = min(wanted, limit)
        let inHex = format.stringStyle == .hexAll || format.stringStyle == .hexNonPrintable
        if !inHex, shown > 0, scratch[shown - 1] == 0 { shown -= 1 }
        stringValue(scratch[0..<shown], truncated: count > limit)
    }

    /// KEYCTL_CAPABILITIES' bytes: `[KEYCTL_CAPS0_CAPABILITIES|..., KEYCTL_CAPS1_NS_KEYRING_NAME|..., 0]`.
    mutating func keyCapabilities(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let shown = arrayElementsShown
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index
            guard let byte = try? memory.load(UInt8.self, from: element) else {
                if index == 0 { unreadable(address); return }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if index == 0 { beginArray() }
            if index >= shown { endArray(cut: true); return }
            switch index {
            case 0: ipcFlagsValue(UInt64(byte), Constants.keyctlCapabilities0, unknown: "KEYCTL_CAPS0_???")
            case 1: ipcFlagsValue(UInt64(byte), Constants.keyctlCapabilities1, unknown: "KEYCTL_CAPS1_???")
            default: hexValue(UInt64(byte))
            }
            index += 1
        }
        endArray()
    }
}
