import CWiretap
import Glibc
import WiretapCore

/// ptrace(2): the request decides which of pid, addr and data strace prints
/// and how; requests that fill in `data` print it at exit.
enum PtraceDecoders {
    static let all: DecoderFamily = [
        .ptrace: SyscallDecoder(entry: { d in d.ptraceEntry() }, exit: { d in d.ptraceExit() }),
    ]

    static let traceMe = UInt64(Constants.PTRACE_TRACEME)
    static let peekText = UInt64(Constants.PTRACE_PEEKTEXT)
    static let peekData = UInt64(Constants.PTRACE_PEEKDATA)
    static let peekUser = UInt64(Constants.PTRACE_PEEKUSER)
    static let pokeUser = UInt64(Constants.PTRACE_POKEUSER)
    static let getRegisterSet = UInt64(Constants.PTRACE_GETREGSET)
    static let setRegisterSet = UInt64(Constants.PTRACE_SETREGSET)
    static let getSignalMask = UInt64(Constants.PTRACE_GETSIGMASK)
    static let setSignalMask = UInt64(Constants.PTRACE_SETSIGMASK)
    static let getSeccompFilter = UInt64(Constants.PTRACE_SECCOMP_GET_FILTER)
    static let getSeccompMetadata = UInt64(Constants.PTRACE_SECCOMP_GET_METADATA)
    static let getSyscallInfo = UInt64(Constants.PTRACE_GET_SYSCALL_INFO)
    static let peekSignalInfo = UInt64(Constants.PTRACE_PEEKSIGINFO)
    static let getEventMessage = UInt64(Constants.PTRACE_GETEVENTMSG)
    static let getSignalInfo = UInt64(Constants.PTRACE_GETSIGINFO)
    static let setSignalInfo = UInt64(Constants.PTRACE_SETSIGINFO)
    static let getRegisters = UInt64(Constants.PTRACE_GETREGS)
    static let setRegisters = UInt64(Constants.PTRACE_SETREGS)
    static let getFPRegisters = UInt64(Constants.PTRACE_GETFPREGS)
    static let setFPRegisters = UInt64(Constants.PTRACE_SETFPREGS)
    /// sizeof(struct user_regs_struct) and sizeof(struct user_fpregs_struct).
    static let registersSize: UInt64 = 216
    static let fpRegistersSize: UInt64 = 512
    /// The general registers in their order in `struct user_regs_struct`.
    static let registerNames: [StaticString] = [
        "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi",
        "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
    ]

    /// Requests that ignore addr and data.
    static let pidOnly: Set<UInt64> = [UInt64(Constants.PTRACE_ATTACH), UInt64(Constants.PTRACE_INTERRUPT),
                                       UInt64(Constants.PTRACE_KILL), UInt64(Constants.PTRACE_LISTEN)]
    /// Requests whose addr strace prints as a plain number.
    static let numericAddress: Set<UInt64> = [getSignalMask, setSignalMask, getSeccompFilter, getSeccompMetadata, getSyscallInfo]
    /// Requests whose data is a signal to deliver.
    static let resuming: Set<UInt64> = [UInt64(Constants.PTRACE_CONT), UInt64(Constants.PTRACE_DETACH),
                                        UInt64(Constants.PTRACE_SYSCALL), UInt64(Constants.PTRACE_SINGLESTEP),
                                        UInt64(Constants.PTRACE_SINGLEBLOCK), UInt64(Constants.PTRACE_SYSEMU),
                                        UInt64(Constants.PTRACE_SYSEMU_SINGLESTEP)]
    /// Requests whose data is a set of PTRACE_O_* options.
    static let settingOptions: Set<UInt64> = [UInt64(Constants.PTRACE_SEIZE), UInt64(Constants.PTRACE_SETOPTIONS),
                                              UInt64(Constants.PTRACE_OLDSETOPTIONS)]
    /// Requests whose data the kernel fills in: printed at exit.
    static let filledAtExit: Set<UInt64> = [peekData, peekText, peekUser, getEventMessage, getSignalInfo, getSignalMask,
                                            peekSignalInfo, getSeccompFilter, getSyscallInfo]

    /// strace's names of offsets into `struct user` (PTRACE_PEEKUSER's addr),
    /// ascending: the register slots (`8*R15`...`8*SS`), then the fields after
    /// the registers, then `sizeof(struct user)`.
    static let userOffsets: [(offset: UInt64, name: String)] = {
        var table: [(UInt64, String)] = Constants.userRegisters.map { entry in
            let name = entry.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            return (UInt64(entry.value) * 8, "8*" + (name == "EFLAGS" ? "EFL" : name))
        }
        func offset(_ path: PartialKeyPath<user>) -> UInt64 { UInt64(MemoryLayout<user>.offset(of: path) ?? 0) }
        let magic = offset(\user.magic)
        table += [
            (offset(\user.u_fpvalid), "offsetof(struct user, u_fpvalid)"),
            (offset(\user.i387), "offsetof(struct user, i387)"),
            (offset(\user.u_tsize), "offsetof(struct user, u_tsize)"),
            (offset(\user.u_dsize), "offsetof(struct user, u_dsize)"),
            (offset(\user.u_ssize), "offsetof(struct user, u_ssize)"),
            (offset(\user.start_code), "offsetof(struct user, start_code)"),
            (offset(\user.start_stack), "offsetof(struct user, start_stack)"),
            (offset(\user.signal), "offsetof(struct user, signal)"),
            (offset(\user.reserved), "offsetof(struct user, reserved)"),
            // u_ar0 and u_fpstate are in anonymous unions, the two words before magic.
            (magic >= 16 ? magic - 16 : 0, "offsetof(struct user, u_ar0)"),
            (magic >= 8 ? magic - 8 : 0, "offsetof(struct user, u_fpstate)"),
            (magic, "offsetof(struct user, magic)"),
            (offset(\user.u_comm), "offsetof(struct user, u_comm)"),
            (offset(\user.u_debugreg), "offsetof(struct user, u_debugreg)"),
            (UInt64(MemoryLayout<user>.size), "sizeof(struct user)"),
        ]
        return table
    }()
}

extension Decoding {
    /// ptrace at entry: the request, and the pid, addr and data it reads.
    mutating func ptraceEntry() -> EntryResult {
        let request = arg(0)
        next()
        xlatValue(request, Constants.ptraceRequests, unknown: "PTRACE_???")
        if request == PtraceDecoders.traceMe { return .done() }
        pid(1)
        if PtraceDecoders.pidOnly.contains(request) { return .done() }
        let address = arg(2), data = arg(3)
        // The register requests print the registers (at data) where addr goes, and nothing after.
        switch request {
        case PtraceDecoders.getRegisters, PtraceDecoders.getFPRegisters:
            return .atExit
        case PtraceDecoders.setRegisters:
            next()
            registers(at: data, size: PtraceDecoders.registersSize)
            return .done()
        case PtraceDecoders.setFPRegisters:
            next()
            fpRegisters(at: data, size: PtraceDecoders.fpRegistersSize)
            return .done()
        default:
            break
        }
        next()
        switch request {
        case PtraceDecoders.peekUser, PtraceDecoders.pokeUser:
            userOffset(address)
        case PtraceDecoders.getRegisterSet, PtraceDecoders.setRegisterSet:
            xlatValue(address, Constants.ntDescriptorTypes, unknown: "NT_???")
        case _ where PtraceDecoders.numericAddress.contains(request):
            unsignedValue(address)
        case PtraceDecoders.peekSignalInfo:
            peekSignalInfoArguments(at: address)
        default:
            pointerValue(address)
        }
        if request == PtraceDecoders.getRegisterSet, let vector = registerVector(at: data) {
            // At exit, with the length the caller passed.
            saved = Int64(bitPattern: vector.length)
            return .atExit
        }
        if PtraceDecoders.filledAtExit.contains(request) && memory.dereferences { return .atExit }
        if request == PtraceDecoders.getSeccompMetadata, address >= 8, data != 0,
           (try? memory.load(UInt64.self, from: data)) != nil {
            // {filter_off=N, flags=...}: at exit, when filter_off is readable.
            return .atExit
        }
        next()
        switch request {
        case _ where PtraceDecoders.resuming.contains(request):
            // strace's printsignal takes an int: the data's low 32 bits.
            let number = Int32(truncatingIfNeeded: data)
            signalNumberValue(number)
        case _ where PtraceDecoders.settingOptions.contains(request):
            flagSet(data, Constants.ptraceOptions, unknown: "PTRACE_O_???")
        case PtraceDecoders.setSignalInfo:
            if data != 0, let raw = siginfo(at: data) { signalInfoValue(SignalInfo(raw)) } else { pointerValue(data) }
        case PtraceDecoders.setSignalMask:
            signalSet(at: data, length: address)
        case PtraceDecoders.setRegisterSet:
            guard let vector = registerVector(at: data) else { pointerValue(data); return .done() }
            beginStructure()
            field("iov_base"); registerSet(type: address, at: vector.base, size: vector.length)
            field("iov_len"); unsignedValue(vector.length)
            endStructure()
        default:
            pointerValue(data)
        }
        return .done()
    }

    /// ptrace at exit: what the request stored (a peeked word, siginfo,
    /// registers, PTRACE_GET_SYSCALL_INFO's structure...).
    mutating func ptraceExit() -> ReturnFormat {
        let request = arg(0), address = arg(2), data = arg(3)
        switch request {
        case PtraceDecoders.getRegisters:
            next()
            registers(at: data, size: PtraceDecoders.registersSize)
            return .decimal
        case PtraceDecoders.getFPRegisters:
            next()
            fpRegisters(at: data, size: PtraceDecoders.fpRegistersSize)
            return .decimal
        case PtraceDecoders.getSeccompMetadata:
            next()
            seccompMetadata(at: data, size: UInt64(max(0, result)))
            return .decimal
        case PtraceDecoders.getRegisterSet:
            next()
            guard let vector = registerVector(at: data) else { pointerValue(data); return .decimal }
            let before = saved.map { UInt64(bitPattern: $0) } ?? vector.length
            beginStructure()
            field("iov_base"); registerSet(type: address, at: vector.base, size: vector.length)
            field("iov_len")
            customValue(.unsigned(vector.length, .decimal)) { out in
                out.append(decimal: before)
                if before != vector.length { out.append(" => "); out.append(decimal: vector.length) }
            }
            endStructure()
            return .decimal
        default:
            break
        }
        next()
        guard !failed, data != 0 else { pointerValue(data); return .decimal }
        switch request {
        case PtraceDecoders.peekData, PtraceDecoders.peekText, PtraceDecoders.peekUser:
            storedPointer(at: data)
        case PtraceDecoders.getEventMessage:
            if let value = try? memory.load(UInt64.self, from: data) {
                beginArray(); unsignedValue(value); endArray()
            } else {
                unreadable(data)
            }
        case PtraceDecoders.getSignalInfo:
            if let raw = siginfo(at: data) { signalInfoValue(SignalInfo(raw)) } else { unreadable(data) }
        case PtraceDecoders.getSignalMask:
            signalSet(at: data, length: address)
        case PtraceDecoders.getSyscallInfo:
            syscallInfo(at: data, size: address)
        case PtraceDecoders.getSeccompFilter:
            seccompFilter(at: data, count: UInt64(UInt16(truncatingIfNeeded: result)))
        case PtraceDecoders.peekSignalInfo:
            kernelArray(at: data, count: UInt64(max(0, result)), size: MemoryLayout<siginfo_t>.size) { d, raw in
                var info = siginfo_t()
                withUnsafeMutableBytes(of: &info) { $0.copyBytes(from: raw) }
                d.signalInfoValue(SignalInfo(info))
            }
        default:
            pointerValue(data)
        }
        return .decimal
    }

    /// PTRACE_PEEKUSER's offset: `8*RAX`, `8*R15+4`, `offsetof(struct user, u_debugreg)+8`,
    /// by `-X` as strace prints it; the address beyond `struct user`.
    mutating func userOffset(_ address: UInt64) {
        var match: (offset: UInt64, name: String)? = nil
        for entry in PtraceDecoders.userOffsets where entry.offset <= address { match = entry }
        if let found = match, found.offset == PtraceDecoders.userOffsets.last?.offset, address > found.offset { match = nil }
        guard let match else { pointerValue(address); return }
        let style = format.constants
        customValue(.unsigned(address, .hexadecimal)) { out in
            if style != .abbrev { out.appendPointer(address) }
            if style == .raw { return }
            if style == .verbose { out.append(" /* ") }
            out.append(match.name)
            if address != match.offset {
                out.append("+")
                out.append(decimal: address - match.offset)
            }
            if style == .verbose { out.append(" */") }
        }
    }

    /// PTRACE_SECCOMP_GET_METADATA's `struct seccomp_metadata`: filter_off,
    /// and after a successful call the flags as far as the result (the size
    /// the kernel wrote) reaches.
    mutating func seccompMetadata(at address: UInt64, size: UInt64) {
        guard let offset = try? memory.load(UInt64.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("filter_off"); unsignedValue(offset)
        var more = false
        if !failed, size > 8 {
            if size >= 16, let flags = try? memory.load(UInt64.self, from: address &+ 8) {
                field("flags"); flagSet(flags, Constants.seccompFilterFlags, unknown: "SECCOMP_FILTER_FLAG_???")
                more = size > 16
            } else {
                textValue("???")
            }
        }
        endStructure(abbreviated: more)
    }

    /// The `struct iovec` of PTRACE_GETREGSET/SETREGSET.
    func registerVector(at address: UInt64) -> (base: UInt64, length: UInt64)? {
        guard address != 0, let vector = try? memory.load((UInt64, UInt64).self, from: address) else { return nil }
        return (vector.0, vector.1)
    }

    /// A register set by its note type: general or floating-point registers, else its address.
    mutating func registerSet(type: UInt64, at address: UInt64, size: UInt64) {
        switch Int64(bitPattern: type) {
        case Constants.NT_PRSTATUS: registers(at: address, size: size)
        case Constants.NT_FPREGSET: fpRegisters(at: address, size: size)
        default: pointerValue(address)
        }
    }

    /// The first `size` bytes of a `struct user_regs_struct`: the registers
    /// they hold, `...` when `size` is larger; the address for a size that
    /// is not a whole number of registers, or unreadable memory (or a failed call).
    mutating func registers(at address: UInt64, size: UInt64) {
        let fetched = Int(min(size, PtraceDecoders.registersSize))
        var bytes: [UInt8] = []
        guard size != 0, size & 7 == 0, address != 0, !(exit != nil && failed),
              (try? memory.readExactly(from: address, count: fetched, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        beginStructure()
        for (index, name) in PtraceDecoders.registerNames.enumerated() where index * 8 < fetched {
            field(name); hexValue(Decoding.word(bytes[...], at: index * 8, as: UInt64.self))
        }
        endStructure(abbreviated: size > PtraceDecoders.registersSize)
    }

    /// The first `size` bytes of a `struct user_fpregs_struct`, as `registers`.
    mutating func fpRegisters(at address: UInt64, size: UInt64) {
        let fetched = Int(min(size, PtraceDecoders.fpRegistersSize))
        var bytes: [UInt8] = []
        guard size != 0, size & 7 == 0, address != 0, !(exit != nil && failed),
              (try? memory.readExactly(from: address, count: fetched, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        bytes += [UInt8](repeating: 0, count: Int(PtraceDecoders.fpRegistersSize) - bytes.count)
        let raw = bytes[...]
        beginStructure()
        field("cwd"); hexValue(UInt64(Decoding.word(raw, at: 0, as: UInt16.self)))
        let fields: [(StaticString, Int, Int)] = [("swd", 2, 2), ("ftw", 4, 2), ("fop", 6, 2), ("rip", 8, 8), ("rdp", 16, 8),
                                                   ("mxcsr", 24, 4), ("mxcr_mask", 28, 4)]
        for (name, offset, width) in fields where fetched > offset {
            field(name)
            switch width {
            case 2: hexValue(UInt64(Decoding.word(raw, at: offset, as: UInt16.self)))
            case 4: hexValue(UInt64(Decoding.word(raw, at: offset, as: UInt32.self)))
            default: hexValue(Decoding.word(raw, at: offset, as: UInt64.self))
            }
        }
        for (name, offset, end) in [(StaticString("st_space"), 32, 160), ("xmm_space", 160, 416), ("padding", 416, 512)]
            where fetched > offset {
            field(name)
            let count = (min(fetched, end) - offset) / 4
            let shown = unabbreviated ? count : min(count, max(0, format.stringLimit))
            beginArray()
            for index in 0..<shown { hexValue(UInt64(Decoding.word(raw, at: offset + 4 * index, as: UInt32.self))) }
            endArray(cut: shown < count)
        }
        endStructure(abbreviated: size > PtraceDecoders.fpRegistersSize)
    }

    /// PTRACE_PEEKSIGINFO's `struct ptrace_peeksiginfo_args`.
    mutating func peekSignalInfoArguments(at address: UInt64) {
        guard address != 0, let value = try? memory.load((UInt64, UInt32, UInt32).self, from: address) else {
            pointerValue(address)
            return
        }
        beginStructure()
        field("off"); unsignedValue(value.0)
        field("flags"); flagSet(UInt64(value.1), Constants.ptracePeekSiginfoFlags, unknown: "PTRACE_PEEKSIGINFO_???")
        field("nr"); unsignedValue(value.2)
        endStructure()
    }

    /// PTRACE_GET_SYSCALL_INFO's `struct ptrace_syscall_info`: as much of it
    /// as the caller's buffer (`size`) and the kernel's answer both hold.
    mutating func syscallInfo(at address: UInt64, size: UInt64) {
        let expectedSeccompSize: UInt64 = 84
        let fetched = Int(min(size, UInt64(max(0, result)), expectedSeccompSize))
        var bytes: [UInt8] = []
        guard fetched > 0, (try? memory.readExactly(from: address, count: fetched, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        let raw = bytes[...]
        let operation = UInt64(raw[raw.startIndex])
        beginStructure()
        field("op")
        xlatValue(operation, Constants.ptraceSyscallInfoOperations, unknown: "PTRACE_SYSCALL_INFO_???")
        defer { endStructure() }
        guard fetched >= 8 else { return }
        let arch: UInt32 = Decoding.word(raw, at: 4)
        field("arch")
        auditArchValue(arch)
        guard fetched >= 16 else { return }
        field("instruction_pointer"); pointerValue(Decoding.word(raw, at: 8, as: UInt64.self))
        guard fetched >= 24 else { return }
        field("stack_pointer"); pointerValue(Decoding.word(raw, at: 16, as: UInt64.self))
        guard fetched >= 32 else { return }
        switch Int64(operation) {
        case Constants.PTRACE_SYSCALL_INFO_ENTRY, Constants.PTRACE_SYSCALL_INFO_SECCOMP:
            field(operation == 1 ? "entry" : "seccomp")
            beginStructure()
            field("nr")
            syscallNameValue(Decoding.word(raw, at: 24, as: UInt64.self), arch: arch)
            let count = min(6, (fetched - 32) / 8)
            if count > 0 {
                field("args")
                // At most -s of them unless -v, as strace's arrays.
                let shown = unabbreviated ? count : min(count, max(0, format.stringLimit))
                beginArray()
                for index in 0..<shown { hexValue(Decoding.word(raw, at: 32 + 8 * index, as: UInt64.self)) }
                endArray(cut: shown < count)
            }
            if Int64(operation) == Constants.PTRACE_SYSCALL_INFO_SECCOMP, UInt64(fetched) >= expectedSeccompSize {
                field("ret_data"); unsignedValue(Decoding.word(raw, at: 80, as: UInt32.self))
            }
            endStructure()
        case Constants.PTRACE_SYSCALL_INFO_EXIT:
            field("exit")
            beginStructure()
            let value: Int64 = Decoding.word(raw, at: 24)
            let complete = fetched >= 33
            let isError = complete && raw[raw.startIndex + 32] != 0
            field("rval")
            if isError, value < 0, value >= -4095 {
                customValue(.signed(value)) { out in
                    out.append("-")
                    ErrnoTable.appendName(Int(-value), to: &out)
                }
            } else {
                signedValue(value)
            }
            if complete { field("is_error"); unsignedValue(raw[raw.startIndex + 32]) }
            endStructure()
        default:
            break
        }
    }

    /// An AUDIT_ARCH_* value by name.
    mutating func auditArchValue(_ value: UInt32) {
        let arch = AuditArch(rawValue: value)
        if arch == .x86_64 || arch == .i386 || arch == .aarch64 {
            symbolic(UInt64(value), named: true) { $0.append(arch.straceName) }
        } else {
            customValue(.constant(Int64(value), ValueTape.Span(start: 0, end: 0))) { Decoding.appendHex(UInt64(value), to: &$0) }
            if format.constants != .raw { comment("AUDIT_ARCH_???") }
        }
    }

    /// A syscall number by name in `arch` (`__NR_getpid`), else the number.
    mutating func syscallNameValue(_ number: UInt64, arch: UInt32) {
        let known = AuditArch(rawValue: arch)
        let names = known == .x86_64 || known == .i386 ? SyscallTable.names(for: known) : []
        if number < UInt64(names.count), names[Int(number)].utf8CodeUnitCount > 0 {
            let name = names[Int(number)]
            symbolic(number, decimal: true, named: true) { out in
                out.append("__NR_")
                out.append(name)
            }
        } else {
            unsignedValue(number)
        }
    }
}
