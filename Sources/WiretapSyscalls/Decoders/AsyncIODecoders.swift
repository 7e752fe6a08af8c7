import Glibc
import WiretapCore

/// Decoders of asynchronous I/O: the kernel AIO calls (io_setup, io_submit,
/// io_getevents...) and io_uring's three calls.
enum AsyncIODecoders {
    static let all: DecoderFamily = [
        .io_setup: SyscallDecoder(entry: { d in
            d.unsigned(0)
            return .atExit
        }, exit: { d in
            d.output(1) { d, address in d.storedPointer(at: address) }
            return .decimal
        }),
        .io_destroy: SyscallDecoder { d in
            d.pointer(0)
            return .done()
        },
        .io_submit: SyscallDecoder { d in
            d.pointer(0)
            d.long(1)
            d.next()
            let count = Int64(bitPattern: d.arg(1))
            if count < 0 {
                d.pointerValue(d.arg(2))
            } else {
                d.kernelArray(at: d.arg(2), count: UInt64(count), size: 8) { d, raw in
                    d.ioControlBlock(at: Decoding.word(raw, at: 0, as: UInt64.self))
                }
            }
            return .done()
        },
        .io_cancel: SyscallDecoder(entry: { d in
            d.pointer(0)
            d.next()
            var bytes: [UInt8] = []
            let address = d.arg(1)
            if address != 0, (try? d.memory.readExactly(from: address, count: 64, into: &bytes, structure: true)) != nil {
                d.beginStructure()
                _ = d.ioControlBlockHeader(bytes[...])
                d.endStructure()
            } else {
                d.pointerValue(address)
            }
            return .atExit
        }, exit: { d in
            d.next()
            var bytes: [UInt8] = []
            let address = d.arg(2)
            if !d.failed, address != 0, (try? d.memory.readExactly(from: address, count: 32, into: &bytes, structure: true)) != nil {
                d.ioEvent(bytes[...])
            } else {
                d.pointerValue(address)
            }
            return .decimal
        }),
        .io_getevents: SyscallDecoder(entry: { d in d.ioGetEventsEntry() }, exit: { d in d.ioGetEventsExit(signals: false) }),
        .io_pgetevents: SyscallDecoder(entry: { d in d.ioGetEventsEntry() }, exit: { d in d.ioGetEventsExit(signals: true) }),
        .io_uring_setup: SyscallDecoder(entry: { d in
            d.unsigned(0)
            return .atExit
        }, exit: { d in
            d.next()
            d.ioUringParameters(at: d.arg(1))
            return .fd
        }),
        .io_uring_enter: SyscallDecoder { d in
            d.fd(0)
            d.unsigned(1)
            d.unsigned(2)
            d.next()
            d.flagSet(d.arg(3) & 0xffff_ffff, Constants.ioUringEnterFlags, unknown: "IORING_ENTER_???")
            d.next()
            d.signalSet(at: d.arg(4), length: d.arg(5))
            d.unsignedLong(5)
            return .done()
        },
        .io_uring_register: SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            let operation = d.arg(1) & 0xffff_ffff
            d.xlatValue(operation, Constants.ioUringRegisterOperations, unknown: "IORING_REGISTER_???")
            let count = d.arg(3) & 0xffff_ffff
            if Int64(operation) == Constants.IORING_REGISTER_PROBE, d.ioUringProbeIsEmpty(at: d.arg(2), count: count) {
                // A zeroed probe the kernel fills in: printed at exit.
                return .atExit
            }
            if Int64(operation) == Constants.IORING_REGISTER_IOWQ_MAX_WORKERS {
                // What the caller asked for ` => ` the limits the kernel had, at exit.
                d.next()
                guard d.workQueueLimitsValue(at: d.arg(2), count: count) else {
                    d.unsigned(3)
                    return .done()
                }
                d.customValue(.text(ValueTape.Span(start: 0, end: 0))) { $0.append(" => ") }
                return .continuesAtExit
            }
            d.next()
            d.ioUringRegisterArgument(operation: Int64(operation), at: d.arg(2), count: count)
            d.unsigned(3)
            return .done()
        }, exit: { d in
            let count = d.arg(3) & 0xffff_ffff
            if Int64(d.arg(1) & 0xffff_ffff) == Constants.IORING_REGISTER_IOWQ_MAX_WORKERS {
                d.resumeArgument()
                d.workQueueLimitsValue(at: d.arg(2), count: count)
                d.unsigned(3)
                return .decimal
            }
            d.next()
            if d.failed {
                d.pointerValue(d.arg(2))
            } else {
                d.ioUringProbe(at: d.arg(2), count: count)
            }
            d.unsigned(3)
            return .decimal
        }),
    ]
}

extension Decoding {
    /// `[0x...]`: a pointer the kernel stored (printnum_ptr).
    mutating func storedPointer(at address: UInt64) {
        guard address != 0, let value = try? memory.load(UInt64.self, from: address) else { pointerValue(address); return }
        beginArray()
        pointerValue(value)
        endArray()
    }

    // MARK: AIO

    /// io_getevents and io_pgetevents at entry: the context and the two counts.
    mutating func ioGetEventsEntry() -> EntryResult {
        pointer(0)
        long(1)
        long(2)
        return .atExit
    }

    /// At exit: the events read (the address if the call failed), the
    /// timeout, and io_pgetevents' `{sigmask=..., sigsetsize=N}` (`signals`).
    mutating func ioGetEventsExit(signals: Bool) -> ReturnFormat {
        next()
        if failed {
            pointerValue(arg(3))
        } else {
            kernelArray(at: arg(3), count: UInt64(max(0, result)), size: 32) { d, raw in d.ioEvent(raw) }
        }
        next()
        timespec(at: arg(4))
        if signals {
            next()
            let address = arg(5)
            if address != 0, let argument = try? memory.load((UInt64, UInt64).self, from: address) {
                beginStructure()
                field("sigmask"); signalSet(at: argument.0, length: argument.1)
                field("sigsetsize"); unsignedValue(argument.1)
                endStructure()
            } else {
                pointerValue(address)
            }
        }
        return .decimal
    }

    /// `struct io_event`.
    mutating func ioEvent(_ raw: ArraySlice<UInt8>) {
        beginStructure()
        field("data"); hexValue(Decoding.word(raw, at: 0, as: UInt64.self))
        field("obj"); hexValue(Decoding.word(raw, at: 8, as: UInt64.self))
        field("res"); signedValue(Decoding.word(raw, at: 16, as: Int64.self))
        field("res2"); signedValue(Decoding.word(raw, at: 24, as: Int64.self))
        endStructure()
    }

    /// A `struct iocb` at `address`, or the address.
    mutating func ioControlBlock(at address: UInt64) {
        var bytes: [UInt8] = []
        guard address != 0, (try? memory.readExactly(from: address, count: 64, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        let raw = bytes[...]
        beginStructure()
        let opcode = ioControlBlockHeader(raw)
        let buffer: UInt64 = Decoding.word(raw, at: 24)
        let length: UInt64 = Decoding.word(raw, at: 32)
        let offset: Int64 = Decoding.word(raw, at: 40)
        let valid = Int64(bitPattern: length) >= 0
        switch opcode {
        case 0, 1:  // PREAD, PWRITE
            field("aio_buf")
            if opcode == 1 && valid { bufferValue(at: buffer, length: length) } else { hexValue(buffer) }
            field("aio_nbytes"); unsignedValue(length)
            field("aio_offset"); signedValue(offset)
            ioControlBlockFlags(raw)
        case 7, 8:  // PREADV, PWRITEV
            if valid {
                field("aio_buf")
                iovecArray(at: buffer, count: length, data: opcode == 8 ? -1 : nil)
            } else {
                field("aio_buf"); hexValue(buffer)
                field("aio_nbytes"); unsignedValue(length)
            }
            field("aio_offset"); signedValue(offset)
            ioControlBlockFlags(raw)
        case 5:  // POLL
            field("aio_buf")
            flagSet(buffer, Constants.pollEvents, unknown: "POLL???")
            ioControlBlockFlags(raw)
        default:
            break
        }
        endStructure()
    }

    /// A data buffer of `length` bytes, cut at `-s` (printstrn).
    mutating func bufferValue(at address: UInt64, length: UInt64) {
        guard address != 0 || length == 0 else { pointerValue(0); return }
        let shown = Int(min(length, UInt64(max(0, format.stringLimit))))
        if (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil || shown == 0 {
            stringValue(scratch, truncated: length > UInt64(shown))
        } else {
            unreadable(address)
        }
    }

    /// The fields of a `struct iocb` every command has; returns the command.
    mutating func ioControlBlockHeader(_ raw: ArraySlice<UInt8>) -> UInt16 {
        field("aio_data"); hexValue(Decoding.word(raw, at: 0, as: UInt64.self))
        let key: UInt32 = Decoding.word(raw, at: 8)
        if key != 0 { field("aio_key"); unsignedValue(key) }
        let readWriteFlags: UInt32 = Decoding.word(raw, at: 12)
        if readWriteFlags != 0 {
            field("aio_rw_flags")
            flagSet(UInt64(readWriteFlags), Constants.readWriteFlags, unknown: "RWF_???")
        }
        let opcode: UInt16 = Decoding.word(raw, at: 16)
        field("aio_lio_opcode")
        if Constants.aioCommands.contains(where: { $0.value == Int64(opcode) }) {
            symbolic(UInt64(opcode), decimal: true, named: true) { _ = $0.appendName(of: Int64(opcode), in: Constants.aioCommands) }
        } else {
            customValue(.constant(Int64(opcode), ValueTape.Span(start: 0, end: 0))) { $0.append(decimal: opcode) }
            if format.constants != .raw { comment("IOCB_CMD_???") }
        }
        let priority: Int16 = Decoding.word(raw, at: 18)
        let flags: UInt32 = Decoding.word(raw, at: 56)
        if flags & UInt32(Constants.IOCB_FLAG_IOPRIO) != 0 {
            field("aio_reqprio"); ioPriorityValue(UInt32(UInt16(bitPattern: priority)))
        } else if priority != 0 {
            field("aio_reqprio"); signedValue(priority)
        }
        field("aio_fildes"); fdValue(Decoding.word(raw, at: 20, as: Int32.self))
        return opcode
    }

    /// An I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`, by `-X`
    /// (the number first, and the form in a comment, outside -X abbrev).
    mutating func ioPriorityValue(_ value: UInt32) {
        let style = format.constants
        customValue(.unsigned(UInt64(value), .hexadecimal)) { out in
            if style != .abbrev { Decoding.appendHex(UInt64(value), to: &out) }
            if style == .raw { return }
            if style == .verbose { out.append(" /* ") }
            Decoding.appendIOPriority(value, style: style, to: &out)
            if style == .verbose { out.append(" */") }
        }
    }

    /// aio_flags and aio_resfd, when set.
    mutating func ioControlBlockFlags(_ raw: ArraySlice<UInt8>) {
        let flags: UInt32 = Decoding.word(raw, at: 56)
        let descriptor: UInt32 = Decoding.word(raw, at: 60)
        if flags != 0 {
            field("aio_flags")
            flagSet(UInt64(flags), Constants.aioFlags, unknown: "IOCB_FLAG_???")
        }
        if flags & UInt32(Constants.IOCB_FLAG_RESFD) != 0 {
            field("aio_resfd"); fdValue(Int32(bitPattern: descriptor))
        } else if descriptor != 0 {
            field("aio_resfd"); hexValue(UInt64(descriptor))
        }
    }

    // MARK: io_uring

    /// io_uring_register's argument, by operation.
    mutating func ioUringRegisterArgument(operation: Int64, at address: UInt64, count: UInt64) {
        func descriptors(_ skip: Bool) {
            kernelArray(at: address, count: count, size: 4) { d, raw in d.ioUringFile(Decoding.word(raw, at: 0), skip: skip) }
        }
        func load(_ size: Int) -> ArraySlice<UInt8>? {
            var bytes: [UInt8] = []
            guard address != 0, (try? memory.readExactly(from: address, count: size, into: &bytes, structure: true)) != nil else {
                return nil
            }
            return bytes[...]
        }
        switch operation {
        case Constants.IORING_REGISTER_BUFFERS:
            iovecArray(at: address, count: count, data: nil)
        case Constants.IORING_REGISTER_FILES, Constants.IORING_REGISTER_EVENTFD, Constants.IORING_REGISTER_EVENTFD_ASYNC:
            descriptors(false)
        case Constants.IORING_REGISTER_FILES_UPDATE:
            // struct io_uring_files_update: offset, resv, fds.
            guard let raw = load(16) else { pointerValue(address); return }
            beginStructure()
            field("offset"); unsignedValue(Decoding.word(raw, at: 0, as: UInt32.self))
            let reserved: UInt32 = Decoding.word(raw, at: 4)
            if reserved != 0 { field("resv"); hexValue(UInt64(reserved)) }
            field("fds")
            kernelArray(at: Decoding.word(raw, at: 8), count: count, size: 4) { d, element in
                d.ioUringFile(Decoding.word(element, at: 0), skip: true)
            }
            endStructure()
        case Constants.IORING_REGISTER_FILES2, Constants.IORING_REGISTER_BUFFERS2:
            // struct io_uring_rsrc_register: nr, flags, resv2, data, tags.
            guard count >= 32, let raw = load(32) else { pointerValue(address); return }
            let number = UInt64(Decoding.word(raw, at: 0, as: UInt32.self))
            beginStructure()
            field("nr"); unsignedValue(number)
            field("flags")
            flagSet(UInt64(Decoding.word(raw, at: 4, as: UInt32.self)), Constants.ioUringResourceFlags, unknown: "IORING_RSRC_REGISTER_???")
            let reserved: UInt64 = Decoding.word(raw, at: 8)
            if reserved != 0 { field("resv2"); hexValue(reserved) }
            ioUringResourceData(operation: operation, at: Decoding.word(raw, at: 16), count: number)
            ioUringResourceTags(at: Decoding.word(raw, at: 24), count: number)
            endStructure()
        case Constants.IORING_REGISTER_FILES_UPDATE2, Constants.IORING_REGISTER_BUFFERS_UPDATE:
            // struct io_uring_rsrc_update2: offset, resv, data, tags, nr, resv2.
            guard count >= 32, let raw = load(32) else { pointerValue(address); return }
            let number = UInt64(Decoding.word(raw, at: 24, as: UInt32.self))
            beginStructure()
            field("offset"); unsignedValue(Decoding.word(raw, at: 0, as: UInt32.self))
            let reserved: UInt32 = Decoding.word(raw, at: 4)
            if reserved != 0 { field("resv"); hexValue(UInt64(reserved)) }
            ioUringResourceData(operation: operation, at: Decoding.word(raw, at: 8), count: number)
            ioUringResourceTags(at: Decoding.word(raw, at: 16), count: number)
            field("nr"); unsignedValue(number)
            let reserved2: UInt32 = Decoding.word(raw, at: 28)
            if reserved2 != 0 { field("resv2"); hexValue(UInt64(reserved2)) }
            endStructure()
        case Constants.IORING_REGISTER_RING_FDS, Constants.IORING_UNREGISTER_RING_FDS:
            // struct io_uring_rsrc_update: offset, resv, data.
            let registering = operation == Constants.IORING_REGISTER_RING_FDS
            kernelArray(at: address, count: count, size: 16) { d, raw in
                let offset: UInt32 = Decoding.word(raw, at: 0)
                let reserved: UInt32 = Decoding.word(raw, at: 4)
                let data: UInt64 = Decoding.word(raw, at: 8)
                d.beginStructure()
                d.field("offset")
                if registering && offset == UInt32.max { d.signedValue(-1) } else { d.unsignedValue(offset) }
                if reserved != 0 { d.field("resv"); d.hexValue(UInt64(reserved)) }
                if registering {
                    d.field("data"); d.fdValue(Int32(truncatingIfNeeded: data))
                } else if data != 0 {
                    d.field("data"); d.hexValue(data)
                }
                d.endStructure()
            }
        case Constants.IORING_REGISTER_PROBE:
            ioUringProbe(at: address, count: count)
        case Constants.IORING_REGISTER_IOWQ_MAX_WORKERS:
            // Unreadable (or NULL, or none): as strace's print_array.
            workQueueLimitsValue(at: address, count: count)
        case Constants.IORING_REGISTER_IOWQ_AFF:
            affinityList(at: address, length: UInt32(truncatingIfNeeded: count))
        case Constants.IORING_REGISTER_RESTRICTIONS:
            kernelArray(at: address, count: count, size: 16) { d, raw in d.ioUringRestriction(raw) }
        case Constants.IORING_REGISTER_PBUF_RING, Constants.IORING_UNREGISTER_PBUF_RING:
            // struct io_uring_buf_reg: ring_addr, ring_entries, bgid, pad, resv[3].
            guard let raw = load(40) else { pointerValue(address); return }
            beginStructure()
            field("ring_addr"); pointerValue(Decoding.word(raw, at: 0))
            field("ring_entries"); unsignedValue(Decoding.word(raw, at: 8, as: UInt32.self))
            field("bgid"); unsignedValue(Decoding.word(raw, at: 12, as: UInt16.self))
            let pad: UInt16 = Decoding.word(raw, at: 14)
            if pad != 0 { field("pad"); hexValue(UInt64(pad)) }
            let reserved = [16, 24, 32].map { Decoding.word(raw, at: $0, as: UInt64.self) }
            if reserved.contains(where: { $0 != 0 }) {
                field("resv")
                beginArray()
                for value in reserved { hexValue(value) }
                endArray()
            }
            endStructure()
        default:
            pointerValue(address)
        }
    }

    /// `[[IO_WQ_BOUND]=N, [IO_WQ_UNBOUND]=M]`: the limits at `address`;
    /// whether an element was printed.
    @discardableResult
    mutating func workQueueLimitsValue(at address: UInt64, count: UInt64) -> Bool {
        let style = format.constants
        var next: UInt64 = 0
        return kernelArray(at: address, count: count, size: 4) { d, raw in
            let index = next
            next += 1
            d.customValue(.unsigned(UInt64(Decoding.word(raw, at: 0, as: UInt32.self)), .decimal)) { out in
                out.append("[")
                Decoding.appendIndex(index, Constants.ioUringWorkQueueAccounts, unknown: "IO_WQ_???", style: style, to: &out)
                out.append("]=")
                out.append(decimal: Decoding.word(raw, at: 0, as: UInt32.self))
            }
        }
    }

    /// An array index `[IO_WQ_BOUND]` as strace prints it with PAF_PRINT_INDICES (decimal numbers).
    static func appendIndex(_ index: UInt64, _ table: [NamedConstant], unknown: StaticString,
                            style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let known = table.contains { UInt64($0.value) == index }
        if known, style == .abbrev { _ = out.appendName(of: Int64(index), in: table); return }
        out.append(decimal: index)
        if style == .raw { return }
        out.append(" /* ")
        if known { _ = out.appendName(of: Int64(index), in: table) } else { out.append(unknown) }
        out.append(" */")
    }

    /// `struct io_uring_restriction`: the opcode and what it restricts.
    mutating func ioUringRestriction(_ raw: ArraySlice<UInt8>) {
        let opcode = UInt64(Decoding.word(raw, at: 0, as: UInt16.self))
        let operand = UInt64(raw[raw.startIndex + 2])
        beginStructure()
        field("opcode"); xlatValue(opcode, Constants.ioUringRestrictionOpcodes, unknown: "IORING_RESTRICTION_???")
        switch Int64(opcode) {
        case Constants.IORING_RESTRICTION_REGISTER_OP:
            field("register_op"); xlatValue(operand, Constants.ioUringRegisterOperations, unknown: "IORING_REGISTER_???")
        case Constants.IORING_RESTRICTION_SQE_OP:
            field("sqe_op"); xlatValue(operand, Constants.ioUringOperations, unknown: "IORING_OP_???")
        case Constants.IORING_RESTRICTION_SQE_FLAGS_ALLOWED, Constants.IORING_RESTRICTION_SQE_FLAGS_REQUIRED:
            field("sqe_flags"); flagSet(operand, Constants.ioUringSQEFlags, unknown: "IOSQE_???")
        default:
            comment { $0.append("op: "); Decoding.appendHex(operand, to: &$0) }
        }
        let reserved = raw[raw.startIndex + 3]
        if reserved != 0 { field("resv"); hexValue(UInt64(reserved)) }
        let reserved2 = [4, 8, 12].map { Decoding.word(raw, at: $0, as: UInt32.self) }
        if reserved2.contains(where: { $0 != 0 }) {
            field("resv2")
            beginArray()
            for value in reserved2 { hexValue(UInt64(value)) }
            endArray()
        }
        endStructure()
    }

    /// The most io_uring_probe_op entries strace reads.
    static let probeOperationsMaximum: UInt64 = 256

    /// Whether IORING_REGISTER_PROBE's buffer is readable and all zeros
    /// (then strace prints it at exit only).
    func ioUringProbeIsEmpty(at address: UInt64, count: UInt64) -> Bool {
        guard count <= Decoding.probeOperationsMaximum, address != 0 else { return false }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 16 + 8 * Int(count), into: &bytes, structure: true)) != nil else {
            return false
        }
        return bytes.allSatisfy { $0 == 0 }
    }

    /// `struct io_uring_probe` with `count` operations (the kernel's
    /// ops_len of them at exit, `...` when it knows more).
    mutating func ioUringProbe(at address: UInt64, count: UInt64) {
        var bytes: [UInt8] = []
        guard count <= Decoding.probeOperationsMaximum, address != 0,
              (try? memory.readExactly(from: address, count: 16 + 8 * Int(count), into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        let raw = bytes[...]
        let lastOperation = UInt64(raw[raw.startIndex])
        let length = UInt64(raw[raw.startIndex + 1])
        beginStructure()
        field("last_op")
        ioUringOperationValue(lastOperation)
        field("ops_len"); unsignedValue(length)
        let reserved: UInt16 = Decoding.word(raw, at: 2)
        if reserved != 0 { field("resv"); hexValue(UInt64(reserved)) }
        let reserved2 = [4, 8, 12].map { Decoding.word(raw, at: $0, as: UInt32.self) }
        if reserved2.contains(where: { $0 != 0 }) {
            field("resv2")
            beginArray()
            for value in reserved2 { hexValue(UInt64(value)) }
            endArray()
        }
        field("ops")
        let atExit = exit != nil
        let shown = atExit ? min(length, count) : count
        let limit = unabbreviated ? shown : min(shown, UInt64(max(0, format.stringLimit)))
        beginArray()
        for index in 0..<Int(limit) {
            let base = 16 + 8 * index
            beginStructure()
            field("op"); ioUringOperationValue(UInt64(raw[raw.startIndex + base]))
            let opReserved = raw[raw.startIndex + base + 1]
            if opReserved != 0 { field("resv"); hexValue(UInt64(opReserved)) }
            field("flags")
            flagSet(UInt64(Decoding.word(raw, at: base + 2, as: UInt16.self)), Constants.ioUringOperationFlags, unknown: "IO_URING_OP_???")
            let opReserved2: UInt32 = Decoding.word(raw, at: base + 4)
            if opReserved2 != 0 { field("resv2"); hexValue(UInt64(opReserved2)) }
            endStructure()
        }
        endArray(cut: limit < shown || (atExit && count < length))
        endStructure()
    }

    /// An IORING_OP_* value, in decimal under -X raw.
    mutating func ioUringOperationValue(_ value: UInt64) {
        if Constants.ioUringOperations.contains(where: { UInt64($0.value) == value }) {
            symbolic(value, decimal: true, named: true) { _ = $0.appendName(of: Int64(value), in: Constants.ioUringOperations) }
        } else {
            customValue(.constant(Int64(value), ValueTape.Span(start: 0, end: 0))) { $0.append(decimal: value) }
            if format.constants != .raw { comment("IORING_OP_???") }
        }
    }

    /// A registered file: a descriptor, or with `skip` IORING_REGISTER_FILES_SKIP (-2).
    mutating func ioUringFile(_ value: Int32, skip: Bool) {
        if skip && value == -2 {
            symbolic(UInt64(bitPattern: Int64(value)), decimal: true, named: true) { $0.append("IORING_REGISTER_FILES_SKIP") }
        } else {
            fdValue(value)
        }
    }

    /// io_uring_rsrc_register's and io_uring_rsrc_update2's data: files or buffers.
    mutating func ioUringResourceData(operation: Int64, at address: UInt64, count: UInt64) {
        field("data")
        switch operation {
        case Constants.IORING_REGISTER_FILES2, Constants.IORING_REGISTER_FILES_UPDATE2:
            let skip = operation == Constants.IORING_REGISTER_FILES_UPDATE2
            kernelArray(at: address, count: count, size: 4) { d, raw in d.ioUringFile(Decoding.word(raw, at: 0), skip: skip) }
        default:
            iovecArray(at: address, count: count, data: nil)
        }
    }

    /// The resource tags: an array of `nr` 64-bit values.
    mutating func ioUringResourceTags(at address: UInt64, count: UInt64) {
        field("tags")
        kernelArray(at: address, count: count, size: 8) { d, raw in d.hexValue(Decoding.word(raw, at: 0, as: UInt64.self)) }
    }

    /// `struct io_uring_params`: what the caller set, and after a successful
    /// call what the kernel filled in.
    mutating func ioUringParameters(at address: UInt64) {
        var bytes: [UInt8] = []
        guard address != 0, (try? memory.readExactly(from: address, count: 120, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        let raw = bytes[...]
        func u32(_ offset: Int) -> UInt32 { Decoding.word(raw, at: offset) }
        let flags = u32(8)
        beginStructure()
        field("flags"); flagSet(UInt64(flags), Constants.ioUringSetupFlags, unknown: "IORING_SETUP_???")
        field("sq_thread_cpu"); hexValue(UInt64(u32(12)))
        field("sq_thread_idle"); unsignedValue(u32(16))
        if flags & UInt32(Constants.IORING_SETUP_ATTACH_WQ) != 0 { field("wq_fd"); fdValue(Int32(bitPattern: u32(24))) }
        if u32(28) != 0 || u32(32) != 0 || u32(36) != 0 {
            field("resv")
            beginArray()
            for offset in [28, 32, 36] { hexValue(UInt64(u32(offset))) }
            endArray()
        }
        if !failed {
            field("sq_entries"); unsignedValue(u32(0))
            field("cq_entries"); unsignedValue(u32(4))
            field("features"); flagSet(UInt64(u32(20)), Constants.ioUringFeatures, unknown: "IORING_FEAT_???")
            field("sq_off")
            ringOffsets(raw, at: 40, names: ["head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array"])
            field("cq_off")
            ringOffsets(raw, at: 80, names: ["head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags"])
        }
        endStructure()
    }

    /// `struct io_sqring_offsets` or `io_cqring_offsets`: seven u32 fields,
    /// then resv1 (u32) and resv2 (u64) when set.
    private mutating func ringOffsets(_ raw: ArraySlice<UInt8>, at base: Int, names: [StaticString]) {
        beginStructure()
        for (index, name) in names.enumerated() {
            field(name); unsignedValue(Decoding.word(raw, at: base + 4 * index, as: UInt32.self))
        }
        let reserved1: UInt32 = Decoding.word(raw, at: base + 28)
        let reserved2: UInt64 = Decoding.word(raw, at: base + 32)
        if reserved1 != 0 { field("resv1"); hexValue(UInt64(reserved1)) }
        if reserved2 != 0 { field("resv2"); hexValue(reserved2) }
        endStructure()
    }
}
