import Glibc
import WiretapCore

/// Decoders of memory management beyond the loader's calls (madvise,
/// mremap, mlock, msync, mincore, membarrier), and futexes.
enum MemoryDecoders {
    static let all: DecoderFamily = [
        .madvise: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.next()
            d.namedValue(Int64(d.int(2)), Constants.madviseAdvice, unknown: "MADV_???")
            return .done()
        },
        .mlock: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            return .done()
        },
        .munlock: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            return .done()
        },
        .mlock2: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.next()
            d.straceFlagsValue(d.arg(2), Constants.mlock2Flags, unknown: "MLOCK_???")
            return .done()
        },
        .mlockall: SyscallDecoder { d in
            d.next()
            d.straceFlagsValue(d.arg(0), Constants.mlockallFlags, unknown: "MCL_???")
            return .done()
        },
        .msync: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.next()
            d.straceFlagsValue(d.arg(2), Constants.msyncFlagNames, unknown: "MS_???")
            return .done()
        },
        .mremap: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.unsignedLong(2)
            d.next()
            d.straceFlagsValue(d.arg(3), Constants.mremapFlags, unknown: "MREMAP_???")
            // MREMAP_MAYMOVE|MREMAP_FIXED: the new address.
            if d.arg(3) & 3 == 3 { d.pointer(4) }
            return .done(.hex)
        },
        .mincore: SyscallDecoder(entry: { d in
            d.pointer(0)
            d.unsignedLong(1)
            return .atExit
        }, exit: { d in
            d.output(2) { d, address in
                let pages = Int(clamping: (d.arg(1) &+ 4095) / 4096)
                let shown = min(pages, d.format.stringLimit)
                var bytes: [UInt8] = []
                let ok = (try? d.memory.readExactly(from: address, count: shown, into: &bytes, structure: true)) != nil
                guard ok else { d.unreadable(address); return }
                d.beginArray()
                for byte in bytes { d.unsignedValue(byte) }
                d.endArray(cut: pages > shown)
            }
            return .decimal
        }),
        .membarrier: SyscallDecoder { d in
            d.next()
            let command = Int64(d.int(0))
            d.namedValue(command, Constants.membarrierCommands, unknown: "MEMBARRIER_CMD_???")
            d.next()
            let flags = d.arg(1) & 0xffff_ffff
            d.straceFlagsValue(flags, Constants.membarrierFlags, unknown: "MEMBARRIER_CMD_FLAG_???")
            if flags & UInt64(Constants.MEMBARRIER_CMD_FLAG_CPU) != 0 { d.decimal(2) }
            guard command == 0 else { return .done() }
            // MEMBARRIER_CMD_QUERY answers with the supported commands.
            let style = d.format.constants
            d.resultPrinter = { value, out in
                if value == 0 { out.append("0"); return }
                out.append(hex: UInt64(bitPattern: value))
                out.append(" (")
                if style != .abbrev { out.append(hex: UInt64(bitPattern: value)) }
                if style == .verbose { out.append(" /* ") }
                if style != .raw { out.appendFlags(UInt64(bitPattern: value), in: Constants.membarrierCommands) }
                if style == .verbose { out.append(" */") }
                out.append(")")
            }
            return .done(.custom)
        },
        .futex: SyscallDecoder { d in d.futex() },
    ]

    static let privateFlag: Int32 = 128
    static let clockRealtime: Int32 = 256
}

extension Decoding {
    /// futex: which arguments strace prints depends on the command (the
    /// operation's low 7 bits), whether or not the operation has a name.
    mutating func futex() -> EntryResult {
        pointer(0)
        next()
        let op = int(1)
        let command = op & 127
        let bits = UInt64(UInt32(bitPattern: op))
        let base = Int64(op & ~MemoryDecoders.clockRealtime)
        // strace names the commands, their _PRIVATE forms (FUTEX_FD's as
        // FUTEX_FD|FUTEX_PRIVATE_FLAG) and FUTEX_CLOCK_REALTIME with the waits.
        let realtime = op & MemoryDecoders.clockRealtime != 0
        let privateFD = base == Constants.FUTEX_FD | Int64(MemoryDecoders.privateFlag)
        let named = (Constants.futexCommands.contains { $0.value == base } || privateFD)
            && (!realtime || [0, 9, 11].contains(command))
        if named {
            // The command and FUTEX_CLOCK_REALTIME: a flag set, printed as
            // one named value (commented even when zero, FUTEX_WAIT).
            namedFlagsValue(bits) { out in
                if privateFD { out.append("FUTEX_FD|FUTEX_PRIVATE_FLAG") } else {
                    _ = out.appendName(of: base, in: Constants.futexCommands)
                }
                if realtime { out.append("|FUTEX_CLOCK_REALTIME") }
            }
        } else {
            customValue(.flags(bits, unknownFlagsSpan(bits))) { $0.append(hex: bits) }
            if format.constants != .raw { comment("FUTEX_???") }
        }
        switch Int64(command) {
        case Constants.FUTEX_WAIT:
            unsigned(2)
            next()
            timespec(at: arg(3))
        case Constants.FUTEX_LOCK_PI, Constants.FUTEX_LOCK_PI2:
            next()
            timespec(at: arg(3))
        case Constants.FUTEX_WAIT_BITSET:
            unsigned(2)
            next()
            timespec(at: arg(3))
            futexBitset(5)
        case Constants.FUTEX_WAKE_BITSET:
            unsigned(2)
            futexBitset(5)
        case Constants.FUTEX_REQUEUE:
            unsigned(2)
            unsigned(3)
            pointer(4)
        case Constants.FUTEX_CMP_REQUEUE, Constants.FUTEX_CMP_REQUEUE_PI:
            unsigned(2)
            unsigned(3)
            pointer(4)
            unsigned(5)
        case Constants.FUTEX_WAKE_OP:
            unsigned(2)
            unsigned(3)
            pointer(4)
            futexWakeOp(5)
        case Constants.FUTEX_WAIT_REQUEUE_PI:
            unsigned(2)
            next()
            timespec(at: arg(3))
            pointer(4)
        case Constants.FUTEX_FD, Constants.FUTEX_WAKE:
            unsigned(2)
        case Constants.FUTEX_UNLOCK_PI, Constants.FUTEX_TRYLOCK_PI:
            break
        default:
            unsigned(2)
            pointer(3)
            pointer(4)
            next()
            hexValue(arg(5) & 0xffff_ffff)
        }
        return .done()
    }

    mutating func futexBitset(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        if Constants.futexBitsets.contains(where: { $0.value == Int64(value) }) {
            symbolic(value, named: true) { _ = $0.appendName(of: Int64(value), in: Constants.futexBitsets) }
        } else {
            hexValue(value)
        }
    }

    /// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1`.
    /// The value is the encoded number; strace's expression is its text.
    mutating func futexWakeOp(_ i: Int) {
        next()
        let value = UInt32(truncatingIfNeeded: arg(i))
        let style = format.constants
        customValue(.unsigned(UInt64(value), .hexadecimal)) { out in
            let op = Int64((value >> 28) & 0x7), shiftFlag = (value >> 28) & 0x8
            let cmp = Int64((value >> 24) & 0xf)
            let oparg = (value >> 12) & 0xfff, cmparg = value & 0xfff
            if shiftFlag != 0 { out.append("FUTEX_OP_OPARG_SHIFT|") }
            Decoding.appendWakeOpField(op, Constants.futexWakeOps, unknown: "FUTEX_OP_???", shift: "<<28", style: style, to: &out)
            out.append("|")
            Decoding.appendHex(UInt64(oparg), to: &out)
            out.append("<<12|")
            Decoding.appendWakeOpField(cmp, Constants.futexWakeComparisons, unknown: "FUTEX_OP_CMP_???", shift: "<<24",
                                       style: style, to: &out)
            out.append("|")
            Decoding.appendHex(UInt64(cmparg), to: &out)
        }
    }

    /// strace's `%#x`: `0`, or `0x...`.
    static func appendHex(_ value: UInt64, to out: inout OutputBuffer) {
        if value == 0 { out.append("0") } else { out.append(hex: value) }
    }

    /// One field of FUTEX_WAKE_OP's operation. strace's -X raw form puts the
    /// "unknown" comment after the shift.
    private static func appendWakeOpField(_ value: Int64, _ table: [NamedConstant], unknown: StaticString, shift: StaticString,
                                          style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        switch style {
        case .abbrev:
            if !out.appendName(of: value, in: table) { appendHex(UInt64(value), to: &out) }
            out.append(shift)
        case .verbose:
            appendHex(UInt64(value), to: &out)
            out.append(" /* ")
            if !out.appendName(of: value, in: table) { out.append(unknown) }
            out.append(" */")
            out.append(shift)
        case .raw:
            appendHex(UInt64(value), to: &out)
            out.append(shift)
            out.append(" /* ")
            out.append(unknown)
            out.append(" */")
        }
    }

    /// A flag set printed the way `symbolic(named: true)` prints one constant
    /// (under `-X verbose`, commented even when zero): futex's
    /// `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`. A general emitter.
    mutating func namedFlagsValue(_ value: UInt64, _ names: (inout OutputBuffer) -> Void) {
        let recording = recordsValues
        recordsValues = false
        symbolic(value, named: true, names)
        recordsValues = recording
        guard recording else { return }
        var text = OutputBuffer(capacity: 64)
        names(&text)
        record(.flags(value, store(text.contents)))
    }

    /// The names of a flag set none of whose bits has a name: its value as
    /// the unknown remainder (`0x...`).
    mutating func unknownFlagsSpan(_ value: UInt64) -> ValueTape.Span {
        guard recordsValues else { return ValueTape.Span(start: 0, end: 0) }
        var text = OutputBuffer(capacity: 20)
        text.append(hex: value)
        return store(text.contents)
    }
}
