import Glibc
import WiretapCore

/// Decoders of the kernel's control interfaces: seccomp, capabilities,
/// landlock, userfaultfd, futex_waitv, and the x86 segment and port calls
/// (modify_ldt, set_thread_area, get_thread_area, iopl, ioperm), and
/// perf_event_open (its attribute structure in PerfDecoders.swift).
enum KernelInterfaceDecoders {
    static let all: DecoderFamily = [
        .iopl: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
        .ioperm: SyscallDecoder { d in
            d.hex(0)
            d.hex(1)
            d.decimal(2)
            return .done()
        },
        .modify_ldt: SyscallDecoder { d in
            d.decimal(0)
            d.next()
            if d.arg(2) == userDescriptorSize { d.userDescriptor(at: d.arg(1), full: true) } else { d.pointerValue(d.arg(1)) }
            d.unsignedLong(2)
            return .done()
        },
        .set_thread_area: SyscallDecoder(entry: { d in
            d.next()
            d.userDescriptor(at: d.arg(0), full: true)
            return .resultAtExit
        }, exit: { d in
            // strace adds the entry the kernel chose: `= 0 (entry_number=12)`.
            guard !d.failed, d.arg(0) != 0, let entry = try? d.memory.load(UInt32.self, from: d.arg(0)) else { return .decimal }
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" (entry_number=")
                out.append(decimal: entry)
                out.append(")")
            }
            return .custom
        }),
        .get_thread_area: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.next()
            d.userDescriptor(at: d.arg(0), full: !d.failed)
            return .decimal
        }),
        .seccomp: SyscallDecoder(entry: { d in d.seccompEntry() }, exit: { d in d.seccompExit() }),
        .capget: SyscallDecoder(entry: { d in
            d.next()
            let header = d.capabilityHeader(at: d.arg(0))
            d.printCapabilityHeader(header, at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.next()
            let header = d.failed ? nil : d.capabilityHeader(at: d.arg(0))
            d.capabilityData(at: d.arg(1), header: header)
            return .decimal
        }),
        .capset: SyscallDecoder { d in
            d.next()
            let header = d.capabilityHeader(at: d.arg(0))
            d.printCapabilityHeader(header, at: d.arg(0))
            d.next()
            d.capabilityData(at: d.arg(1), header: header)
            return .done()
        },
        .landlock_create_ruleset: SyscallDecoder { d in
            d.next()
            d.landlockRulesetAttributes(at: d.arg(0), size: d.arg(1))
            d.unsignedLong(1)
            d.next()
            let flags = d.arg(2) & 0xffff_ffff
            d.flagSet(flags, Constants.landlockCreateFlags, unknown: "LANDLOCK_CREATE_RULESET_???")
            return .done(flags & UInt64(Constants.LANDLOCK_CREATE_RULESET_VERSION) != 0 ? .decimal : .fd)
        },
        .landlock_add_rule: SyscallDecoder { d in
            d.fd(0)
            d.next()
            let type = d.arg(1) & 0xffff_ffff
            d.xlatValue(type, Constants.landlockRuleTypes, unknown: "LANDLOCK_RULE_???")
            d.next()
            if type == UInt64(Constants.LANDLOCK_RULE_PATH_BENEATH) {
                d.landlockPathBeneath(at: d.arg(2))
            } else {
                d.pointerValue(d.arg(2))
            }
            d.next()
            d.hexValue(d.arg(3) & 0xffff_ffff)
            return .done()
        },
        .landlock_restrict_self: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.hexValue(d.arg(1) & 0xffff_ffff)
            return .done()
        },
        .userfaultfd: SyscallDecoder { d in
            d.next()
            d.flagSet(d.arg(0), Constants.userfaultfdFlags, unknown: "UFFD_???")
            return .done(.fd)
        },
        .futex_waitv: SyscallDecoder { d in
            d.next()
            d.futexWaiters(at: d.arg(0), count: d.arg(1) & 0xffff_ffff)
            d.unsigned(1)
            d.next()
            d.hexValue(d.arg(2) & 0xffff_ffff)
            d.next()
            d.timespec(at: d.arg(3))
            d.next()
            d.xlatValue(d.arg(4) & 0xffff_ffff, Constants.clockIds, unknown: "CLOCK_???")
            return .done()
        },
        .perf_event_open: SyscallDecoder { d in
            d.next()
            d.perfEventAttributes(at: d.arg(0))
            d.decimal(1)
            d.decimal(2)
            d.fd(3)
            d.next()
            d.flagSet(d.arg(4), Constants.perfEventOpenFlags, unknown: "PERF_FLAG_???")
            return .done(.fd)
        },
    ]

    /// sizeof(struct user_desc): modify_ldt prints the structure only for this size.
    static let userDescriptorSize: UInt64 = 16
    /// FUTEX_WAITV_MAX: strace prints at most this many waiters.
    static let futexWaitersMaximum = 128
}

extension Decoding {
    // MARK: Emitters this family adds (shared by the kernel-interface families)

    /// strace's `printflags`: the names of the set bits and the rest in hex;
    /// a value none of whose bits has a name prints as `0x... /* PREFIX_??? */`.
    mutating func flagSet(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        if value == 0, table.contains(where: { $0.value == 0 }) {
            // A table with a name for zero (BPF_ANY) prints it.
            symbolic(0, named: true) { _ = $0.appendName(of: 0, in: table) }
            return
        }
        flagsValue(value, table, unknown: unknown)
    }

    /// An array of `count` elements of `size` bytes at `address`, as strace's
    /// `print_array` prints one: NULL, `[]`, the address when the first
    /// element cannot be read, at most `-s` elements unless `-v` (then
    /// `...`), and `... /* 0x... */` where a later element cannot be read.
    /// `limit` caps the elements further; `element` prints one from its bytes.
    /// Returns whether it printed an array with an element read (strace's
    /// print_array result).
    @discardableResult
    mutating func kernelArray(at address: UInt64, count: UInt64, size: Int, limit: Int = Int.max,
                              _ element: (inout Decoding, ArraySlice<UInt8>) -> Void) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        guard count > 0 else { beginArray(); endArray(); return false }
        let total = count.multipliedReportingOverflow(by: UInt64(size))
        guard memory.dereferences, !total.overflow, address.addingReportingOverflow(total.partialValue).overflow == false else {
            pointerValue(address)
            return false
        }
        let shownLimit = max(0, unabbreviated ? limit : min(limit, format.stringLimit))
        // Memory a failed call was to fill in is not read (strace's tfetch_mem).
        let readable = exit == nil || !failed
        var bytes: [UInt8] = []
        var index: UInt64 = 0
        var cut = false
        while index < count {
            let current = address &+ index &* UInt64(size)
            // As strace, each element is read before the -s limit is checked.
            guard readable, (try? memory.readExactly(from: current, count: size, into: &bytes, structure: true)) != nil else {
                if index == 0 { unreadable(current); return false }
                endArrayUnreadable(at: current)
                return true
            }
            if index == 0 { beginArray() }
            if index >= UInt64(shownLimit) { cut = true; break }
            element(&self, bytes[...])
            index += 1
        }
        endArray(cut: cut)
        return true
    }

    /// Ends an array whose next element could not be read: `, ... /* 0x... */]`.
    private mutating func endArrayUnreadable(at address: UInt64) {
        customValue(.unreadable(address)) { $0.append("...") }
        comment { $0.append(hex: address) }
        endArray()
    }

    /// A little-endian integer of `T` at `offset` in `bytes` (zero past the end).
    static func word<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, at offset: Int, as type: T.Type = T.self) -> T {
        var value: T = 0
        let size = MemoryLayout<T>.size
        for i in 0..<size {
            let index = bytes.startIndex + offset + i
            guard index < bytes.endIndex else { break }
            value |= T(truncatingIfNeeded: bytes[index]) << (8 * i)
        }
        return value
    }

    // MARK: perf_event_open and bpf (their structures in part)

    // MARK: arch_prctl

    /// arch_prctl: the code, then the address or value it takes (the
    /// GET codes' stored values at exit).
    mutating func archPrctlEntry() -> EntryResult {
        let code = arg(0) & 0xffff_ffff
        next()
        xlatValue(code, Constants.archPrctlCodes, unknown: "ARCH_???")
        switch Int64(code) {
        case Constants.ARCH_GET_FS, Constants.ARCH_GET_GS:
            return .atExit
        case Constants.ARCH_GET_CPUID:
            return .done()
        default:
            hex(1)
            return .done()
        }
    }

    /// arch_prctl at exit: the FS or GS base the kernel stored (`[0x7f...]`).
    mutating func archPrctlExit() -> ReturnFormat {
        next()
        if failed { pointerValue(arg(1)) } else { storedPointer(at: arg(1)) }
        return .decimal
    }

    // MARK: x86 segments

    /// `struct user_desc`: all of it, or with `full` false strace's
    /// `{entry_number=N, ...}`.
    mutating func userDescriptor(at address: UInt64, full: Bool) {
        guard address != 0 else { pointerValue(0); return }
        guard let raw = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("entry_number")
        if raw.0 == UInt32.max { signedValue(-1) } else { unsignedValue(raw.0) }
        guard full else { endStructure(abbreviated: true); return }
        field("base_addr"); paddedHexValue(raw.1)
        field("limit"); paddedHexValue(raw.2)
        let bits = raw.3
        field("seg_32bit"); unsignedValue(bits & 1)
        field("contents"); unsignedValue((bits >> 1) & 3)
        field("read_exec_only"); unsignedValue((bits >> 3) & 1)
        field("limit_in_pages"); unsignedValue((bits >> 4) & 1)
        field("seg_not_present"); unsignedValue((bits >> 5) & 1)
        field("useable"); unsignedValue((bits >> 6) & 1)
        field("lm"); unsignedValue((bits >> 7) & 1)
        endStructure()
    }

    // MARK: seccomp

    /// seccomp: the operation, then its flags and argument as the operation reads them.
    mutating func seccompEntry() -> EntryResult {
        next()
        let operation = arg(0) & 0xffff_ffff
        xlatValue(operation, Constants.seccompOperations, unknown: "SECCOMP_SET_MODE_???")
        let flags = arg(1) & 0xffff_ffff
        next()
        switch Int64(operation) {
        case Constants.SECCOMP_GET_ACTION_AVAIL:
            hexValue(flags)
            next()
            let address = arg(2)
            guard address != 0, let action = try? memory.load(UInt32.self, from: address) else { pointerValue(address); return .done() }
            beginArray()
            xlatValue(UInt64(action), Constants.seccompReturnActions, unknown: "SECCOMP_RET_???")
            endArray()
        case Constants.SECCOMP_GET_NOTIF_SIZES:
            hexValue(flags)
            return .atExit
        case Constants.SECCOMP_SET_MODE_FILTER:
            flagSet(flags, Constants.seccompFilterFlags, unknown: "SECCOMP_FILTER_FLAG_???")
            next()
            socketFilterProgram(at: arg(2))
        default:
            hexValue(flags)
            pointer(2)
        }
        return .done()
    }

    /// SECCOMP_GET_NOTIF_SIZES at exit: `struct seccomp_notif_sizes`.
    mutating func seccompExit() -> ReturnFormat {
        next()
        let address = arg(2)
        guard !failed, address != 0, let sizes = try? memory.load((UInt16, UInt16, UInt16).self, from: address) else {
            pointerValue(address)
            return .decimal
        }
        beginStructure()
        field("seccomp_notif"); unsignedValue(sizes.0)
        field("seccomp_notif_resp"); unsignedValue(sizes.1)
        field("seccomp_data"); unsignedValue(sizes.2)
        endStructure()
        return .decimal
    }

    /// `struct sock_fprog` of a seccomp filter: `{len=N, filter=ADDRESS}`,
    /// with -v the instructions (`[BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0x4), ...]`).
    mutating func socketFilterProgram(at address: UInt64) {
        guard address != 0, let program = try? memory.load((UInt16, UInt16, UInt16, UInt16, UInt64).self, from: address) else {
            pointerValue(address)
            return
        }
        beginStructure()
        field("len"); unsignedValue(program.0)
        field("filter"); seccompFilter(at: program.4, count: UInt64(program.0))
        endStructure()
    }

    /// BPF_MAXINSNS: strace prints at most this many instructions.
    static let filterInstructionsMaximum = 4096

    /// `count` classic BPF instructions of a seccomp filter: their address
    /// unless -v, as strace.
    mutating func seccompFilter(at address: UInt64, count: UInt64) {
        guard unabbreviated else { pointerValue(address); return }
        kernelArray(at: address, count: count, size: 8, limit: Decoding.filterInstructionsMaximum) { d, raw in
            d.filterInstruction(code: Decoding.word(raw, at: 0), jumpTrue: raw[raw.startIndex + 2],
                                jumpFalse: raw[raw.startIndex + 3], k: Decoding.word(raw, at: 4))
        }
    }

    /// One instruction: `BPF_JUMP(code, k, jt, jf)` when it jumps, else
    /// `BPF_STMT(code, k)`, a return's k as a seccomp action.
    mutating func filterInstruction(code: UInt16, jumpTrue: UInt8, jumpFalse: UInt8, k: UInt32) {
        let style = format.constants
        let jumps = jumpTrue != 0 || jumpFalse != 0
        beginCall(jumps ? "BPF_JUMP" : "BPF_STMT")
        customValue(.unsigned(UInt64(code), .hexadecimal)) { Decoding.appendFilterCode(code, style: style, to: &$0) }
        if !jumps && UInt64(code & 7) == UInt64(Constants.BPF_RET) {
            let action = UInt64(k & 0xffff_0000), data = UInt64(k & 0xffff)
            customValue(.unsigned(UInt64(k), .hexadecimal)) { out in
                Decoding.appendConstant(action, Constants.seccompReturnActions, unknown: "SECCOMP_RET_???", style: style, to: &out)
                if data != 0 { out.append("|"); Decoding.appendHex(data, to: &out) }
            }
        } else {
            hexValue(UInt64(k))
        }
        if jumps {
            hexValue(UInt64(jumpTrue))
            hexValue(UInt64(jumpFalse))
        }
        endCall()
    }

    /// A BPF opcode: `BPF_LD|BPF_W|BPF_ABS`, `BPF_JMP|BPF_K|BPF_JEQ`...; with
    /// `extended`, an eBPF one (BPF_JMP32, BPF_ALU64, no classic modes).
    static func appendFilterCode(_ code: UInt16, extended: Bool = false, style: StraceFormat.ConstantStyle,
                                 to out: inout OutputBuffer) {
        let value = UInt64(code)
        let instructionClass = value & 0x07
        var rest = value & ~instructionClass
        func part(_ field: UInt64, _ table: [NamedConstant]) {
            out.append("|")
            appendConstant(field, table, unknown: "BPF_???", style: style, to: &out)
        }
        func remainder() {
            guard rest != 0 else { return }
            out.append("|")
            appendHex(rest, to: &out)
            out.append(" /* BPF_??? */")
        }
        appendConstant(instructionClass, extended ? Constants.ebpfClasses : Constants.bpfClasses, unknown: "BPF_???",
                       style: style, to: &out)
        switch Int64(instructionClass) {
        case Constants.BPF_ST where !extended, Constants.BPF_STX where !extended:
            remainder()
        case Constants.BPF_LD, Constants.BPF_LDX, Constants.BPF_ST, Constants.BPF_STX:
            part(value & 0x18, Constants.bpfSizes)
            part(value & 0xe0, extended ? Constants.ebpfModes : Constants.bpfModes)
        case Constants.BPF_MISC where !extended:
            part(value & 0xf8, Constants.bpfMiscOperations)
            rest &= ~(value & 0xf8)
            remainder()
        case Constants.BPF_ALU, Constants.BPF_MISC:
            part(value & 0x08, Constants.bpfSources)
            part(value & 0xf0, Constants.bpfALUOperations)
        case Constants.BPF_JMP:
            part(value & 0x08, Constants.bpfSources)
            part(value & 0xf0, Constants.bpfJumpOperations)
        default:  // BPF_RET, or eBPF's BPF_JMP32 (strace prints only what is left)
            if !extended {
                part(value & 0x18, Constants.bpfReturnValues)
                rest &= ~(value & 0x18)
            }
            remainder()
        }
    }

    // MARK: capabilities

    /// The capability header (version, pid), or nil when it is not to be read.
    func capabilityHeader(at address: UInt64) -> (version: UInt32, pid: Int32)? {
        guard address != 0, let header = try? memory.load((UInt32, Int32).self, from: address) else { return nil }
        return (header.0, header.1)
    }

    /// `{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`, or the address when it was not read.
    mutating func printCapabilityHeader(_ header: (version: UInt32, pid: Int32)?, at address: UInt64) {
        guard let header else { pointerValue(address); return }
        beginStructure()
        field("version")
        xlatValue(UInt64(header.version), Constants.capabilityVersions, unknown: "_LINUX_CAPABILITY_VERSION_???")
        field("pid"); signedValue(header.pid)
        if format.pidComm { out.appendPIDComm(Int64(header.pid)) }
        endStructure()
    }

    /// The capability sets: one `user_cap_data_struct`, two for versions 2 and 3.
    mutating func capabilityData(at address: UInt64, header: (version: UInt32, pid: Int32)?) {
        guard let header, address != 0 else { pointerValue(address); return }
        let sets = header.version == UInt32(Constants._LINUX_CAPABILITY_VERSION_2)
            || header.version == UInt32(Constants._LINUX_CAPABILITY_VERSION_3) ? 2 : 1
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 12 * sets, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return
        }
        let raw = bytes[...]
        beginStructure()
        for (index, name) in [StaticString("effective"), "permitted", "inheritable"].enumerated() {
            field(name)
            let low: UInt32 = Decoding.word(raw, at: index * 4)
            let high: UInt32 = sets > 1 ? Decoding.word(raw, at: 12 + index * 4) : 0
            capabilityBits(low: low, high: high)
        }
        endStructure()
    }

    /// strace's capability set: `1<<CAP_CHOWN|1<<CAP_KILL`, the upper word's
    /// bits after the lower word's.
    mutating func capabilityBits(low: UInt32, high: UInt32) {
        if low != 0 || high == 0 { capabilityMask(UInt64(low), base: 0) }
        if high != 0 {
            if low != 0 { out.append("|") }
            capabilityMask(UInt64(high), base: 32)
        }
    }

    /// One word of a capability set, its bit `n` being capability `base + n`.
    private mutating func capabilityMask(_ value: UInt64, base: Int64) {
        var known: UInt64 = 0
        for bit in 0..<32 where value & (1 << UInt64(bit)) != 0
            && Constants.capabilities.contains(where: { $0.value == base + Int64(bit) }) {
            known |= 1 << UInt64(bit)
        }
        guard value == 0 || known != 0 else {
            customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
            if format.constants != .raw { comment("CAP_???") }
            return
        }
        symbolic(value) { out in
            if value == 0 { out.append("0"); return }
            var first = true
            for bit in 0..<32 where known & (1 << UInt64(bit)) != 0 {
                if !first { out.append("|") }
                first = false
                out.append("1<<")
                _ = out.appendName(of: base + Int64(bit), in: Constants.capabilities)
            }
            let rest = value & ~known
            if rest != 0 {
                out.append("|")
                out.append(hex: rest)
            }
        }
    }

    // MARK: landlock

    /// `struct landlock_ruleset_attr`: the address when `size` is too small for
    /// handled_access_fs, `...` after it when larger.
    mutating func landlockRulesetAttributes(at address: UInt64, size: UInt64) {
        guard size >= 8, address != 0, let access = try? memory.load(UInt64.self, from: address) else {
            pointerValue(address)
            return
        }
        beginStructure()
        field("handled_access_fs")
        flagSet(access, Constants.landlockAccessFs, unknown: "LANDLOCK_ACCESS_FS_???")
        endStructure(abbreviated: size > 8)
    }

    /// `struct landlock_path_beneath_attr` (packed: 12 bytes).
    mutating func landlockPathBeneath(at address: UInt64) {
        var bytes: [UInt8] = []
        guard address != 0, (try? memory.readExactly(from: address, count: 12, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        beginStructure()
        field("allowed_access")
        flagSet(Decoding.word(bytes[...], at: 0, as: UInt64.self), Constants.landlockAccessFs, unknown: "LANDLOCK_ACCESS_FS_???")
        field("parent_fd")
        fdValue(Decoding.word(bytes[...], at: 8, as: Int32.self))
        endStructure()
    }

    // MARK: futex_waitv

    /// futex_waitv's `struct futex_waitv` array (at most FUTEX_WAITV_MAX waiters).
    mutating func futexWaiters(at address: UInt64, count: UInt64) {
        kernelArray(at: address, count: count, size: 24, limit: KernelInterfaceDecoders.futexWaitersMaximum) { d, raw in
            d.beginStructure()
            d.field("val"); d.hexValue(Decoding.word(raw, at: 0, as: UInt64.self))
            d.field("uaddr"); d.pointerValue(Decoding.word(raw, at: 8, as: UInt64.self))
            d.field("flags")
            d.flagSet(UInt64(Decoding.word(raw, at: 16, as: UInt32.self)), Constants.futexWaiterFlags, unknown: "FUTEX_???")
            let reserved: UInt32 = Decoding.word(raw, at: 20)
            if reserved != 0 { d.field("__reserved"); d.hexValue(UInt64(reserved)) }
            d.endStructure()
        }
    }
}
