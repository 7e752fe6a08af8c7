import Glibc
import WiretapCore

extension Decoding {
    /// A siginfo as strace 6.1 prints it (its printsiginfo), described as a structure:
    /// `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=0, si_utime=0, si_stime=0}`,
    /// `{}` when si_signo is 0. Which fields follow si_code depends on
    /// whether the code says a process sent it (`si_code <= 0`) and, if the
    /// kernel did, on the signal. -X gives raw numbers, or numbers with their
    /// names in comments; -Y `si_pid=12<comm>` while the sender exists.
    mutating func signalInfoValue(_ info: SignalInfo) {
        let number = info.raw.si_signo
        let code = info.code
        beginStructure()
        guard number != 0 else { endStructure(); return }
        field("si_signo"); signalNumberValue(number)
        field("si_code"); signalCodeValue(code, signal: number)
        if info.errorNumber != 0 {
            field("si_errno"); errnoValue(UInt32(bitPattern: info.errorNumber))
        }
        let fields = info.raw._sifields
        if code <= 0 {
            // Sent by a process (kill, tgkill, sigqueue), a timer or SIGIO.
            switch Int64(code) {
            case Constants.SI_USER, Constants.SI_TKILL:
                signalSource(info)
            case Constants.SI_TIMER:
                let timer = UInt64(UInt32(bitPattern: fields._timer.si_tid))
                field("si_timerid"); hexValue(timer)
                field("si_overrun"); signedValue(fields._timer.si_overrun)
                signalValueFields(info)
            case Constants.SI_SIGIO:
                field("si_band"); signedValue(fields._sigpoll.si_band)
                field("si_fd"); fdValue(fields._sigpoll.si_fd)
            default:
                signalSource(info)
                if info.value != 0 { signalValueFields(info) }
            }
        } else {
            switch number {
            case SIGCHLD:
                signalSource(info)
                field("si_status")
                // CLD_EXITED: an exit code; otherwise a signal.
                if Int64(code) == Constants.CLD_EXITED { signedValue(info.childStatus) } else { signalNumberValue(info.childStatus) }
                field("si_utime"); clockTicksValue(info.childUserTime)
                field("si_stime"); clockTicksValue(info.childSystemTime)
            case SIGILL, SIGFPE:
                field("si_addr"); pointerValue(info.faultAddress)
            case SIGBUS:
                field("si_addr"); pointerValue(info.faultAddress)
                if Int64(code) == Constants.BUS_MCEERR_AR || Int64(code) == Constants.BUS_MCEERR_AO {
                    field("si_addr_lsb"); hexValue(UInt64(UInt16(bitPattern: fields._sigfault.si_addr_lsb)))
                }
            case SIGSEGV:
                field("si_addr"); pointerValue(info.faultAddress)
                if Int64(code) == Constants.SEGV_BNDERR {
                    field("si_lower"); pointerValue(UInt64(UInt(bitPattern: fields._sigfault._bounds._addr_bnd._lower)))
                    field("si_upper"); pointerValue(UInt64(UInt(bitPattern: fields._sigfault._bounds._addr_bnd._upper)))
                } else if Int64(code) == Constants.SEGV_PKUERR {
                    field("si_pkey"); unsignedValue(fields._sigfault._bounds._pkey)
                }
            case SIGTRAP:
                field("si_addr"); pointerValue(info.faultAddress)
            case SIGIO:
                // POLL_IN through POLL_HUP.
                if code >= 1 && code <= 6 {
                    field("si_band"); signedValue(fields._sigpoll.si_band)
                    field("si_fd"); fdValue(fields._sigpoll.si_fd)
                }
            case SIGSYS:
                field("si_call_addr"); pointerValue(UInt64(UInt(bitPattern: fields._sigsys._call_addr)))
                field("si_syscall"); signedValue(info.syscall)
                field("si_arch")
                let arch = AuditArch(rawValue: fields._sigsys._arch)
                let archName = arch.straceName
                let known = !archName.hasPrefix("0x")
                constantValue(Int64(arch.rawValue), name: known ? Array(archName.utf8) : []) { $0.append(archName) }
            default:
                if info.senderPID != 0 || info.senderUID != 0 { signalSource(info) }
                if info.value != 0 { signalValueFields(info) }
            }
        }
        endStructure()
    }

    /// strace's printsignal: `SIGTERM` (under -X its number, commented by
    /// -X verbose), or a number with no name in decimal.
    mutating func signalNumberValue(_ number: Int32) {
        if Decoding.signalHasName(number) {
            symbolic(UInt64(bitPattern: Int64(number)), decimal: true, named: true) { $0.append(Signal(rawValue: number)) }
        } else {
            signedValue(number)
        }
    }

    /// si_code: a generic SI_* name, else one of the signal's own codes,
    /// else `%#x` of its 32 bits (no `???` comment).
    mutating func signalCodeValue(_ code: Int32, signal: Int32) {
        let bits = UInt32(bitPattern: code)
        let generic = Constants.signalCodes.first { UInt32(truncatingIfNeeded: $0.value) == bits }
        let specific = generic == nil ? Decoding.signalCodeTable(for: signal)?.first { UInt32(truncatingIfNeeded: $0.value) == bits } : nil
        if let name = (generic ?? specific)?.name {
            symbolic(UInt64(bits), named: true) { $0.append(name) }
        } else {
            constantValue(Int64(code), name: "") { $0.append(hex: UInt64(bits)) }
        }
    }

    /// The si_code table of a signal's own codes, as strace picks it (by
    /// signal number alone, whatever the code's sign).
    static func signalCodeTable(for signal: Int32) -> [NamedConstant]? {
        switch signal {
        case SIGILL: Constants.illegalInstructionCodes
        case SIGFPE: Constants.floatingPointCodes
        case SIGSEGV: Constants.segmentationCodes
        case SIGBUS: Constants.busCodes
        case SIGTRAP: Constants.trapCodes
        case SIGCHLD: Constants.childCodes
        case SIGIO: Constants.pollCodes
        case SIGSYS: Constants.sigsysCodes
        default: nil
        }
    }

    /// An errno value in a structure, unsigned: `ENOENT` (under -X the
    /// number, commented by -X verbose), or the number when it has no name.
    mutating func errnoValue(_ value: UInt32) {
        if let name = ErrnoTable.name(Int(value)) {
            symbolic(UInt64(value), decimal: true, named: true) { $0.append(name) }
        } else {
            unsignedValue(value)
        }
    }

    /// `si_pid=..., si_uid=...` (a uid of -1 prints as -1).
    private mutating func signalSource(_ info: SignalInfo) {
        field("si_pid"); pidValue(info.senderPID)
        field("si_uid")
        if info.senderUID == UInt32.max { signedValue(-1) } else { unsignedValue(info.senderUID) }
    }

    /// `si_int=..., si_ptr=...`: the value a queued signal carries.
    private mutating func signalValueFields(_ info: SignalInfo) {
        field("si_int"); signedValue(Int32(truncatingIfNeeded: info.value))
        field("si_ptr"); pointerValue(info.value)
    }

    /// A process id in a structure; -Y adds `<comm>` while it exists.
    mutating func pidValue(_ pid: pid_t) {
        signedValue(pid)
        if format.pidComm { out.appendPIDComm(Int64(pid)) }
    }

    /// A clock_t in ticks, commented with seconds when nonzero (not under
    /// -X raw): `43 /* 0.43 s */`.
    mutating func clockTicksValue(_ ticks: Int) {
        signedValue(ticks)
        guard ticks != 0, format.constants != .raw, Int(sysconf(Int32(_SC_CLK_TCK))) > 0 else { return }
        comment { $0.appendTicksAsSeconds(ticks) }
    }

    /// Describes a siginfo outside any syscall (the `--- SIGCHLD {...} ---`
    /// line): its text goes to `out`, and when `values` is not nil its value
    /// is added to that tape (one value), from the same emitter the decoders use.
    /// `pid` is the task that got the signal.
    package static func describeSignal(_ info: SignalInfo, format: StraceFormatBox, pid: pid_t, into out: inout OutputBuffer,
                               values: inout ValueTape?) {
        var decoding = Decoding(out: OutputBuffer(capacity: 0), arguments: SyscallArguments(0, 0, 0, 0, 0, 0),
                                memory: RemoteMemory(pid: pid), format: format, scratch: [], alreadyPrinted: 0)
        swap(&decoding.out, &out)
        if var tape = values {
            values = nil
            swap(&decoding.values, &tape)
            decoding.recordsValues = true
        }
        decoding.next()
        decoding.signalInfoValue(info)
        decoding.finishValues()
        swap(&decoding.out, &out)
        if decoding.recordsValues { values = decoding.values }
    }

    static func describeSignal(_ info: SignalInfo, format: StraceFormat, pid: pid_t, into out: inout OutputBuffer,
                               values: inout ValueTape?) {
        describeSignal(info, format: StraceFormatBox(format), pid: pid, into: &out, values: &values)
    }
}

extension OutputBuffer {
    /// Appends a siginfo's text (Decoding.signalInfoValue), for callers
    /// outside a decoder's values.
    /// `constants` is -X; `pidComm` is -Y.
    package mutating func appendSignalInfo(_ info: SignalInfo, constants: StraceFormat.ConstantStyle = .abbrev, pidComm: Bool = false) {
        var format = StraceFormat()
        format.constants = constants
        format.pidComm = pidComm
        var values: ValueTape? = nil
        Decoding.describeSignal(info, format: format, pid: 0, into: &self, values: &values)
    }

    /// `NULL` for zero, else `0x...`, as strace prints pointers.
    mutating func appendPointer(_ value: UInt64) {
        if value == 0 { append("NULL") } else { append(hex: value) }
    }

    static func codeTable(for signal: Signal) -> [NamedConstant]? {
        switch signal.rawValue {
        case SIGILL: Constants.illegalInstructionCodes
        case SIGFPE: Constants.floatingPointCodes
        case SIGSEGV: Constants.segmentationCodes
        case SIGBUS: Constants.busCodes
        case SIGTRAP: Constants.trapCodes
        case SIGCHLD: Constants.childCodes
        case SIGIO: Constants.pollCodes
        default: nil
        }
    }

    /// A signal by name, or under -X its number (`17 /* SIGCHLD */`).
    mutating func appendSignal(_ signal: Signal, constants: StraceFormat.ConstantStyle) {
        switch constants {
        case .abbrev: append(signal)
        case .raw: append(decimal: signal.rawValue)
        case .verbose:
            append(decimal: signal.rawValue)
            append(" /* ")
            append(signal)
            append(" */")
        }
    }

    /// A clock_t in ticks as seconds, `0.43 s` (the comment's text).
    mutating func appendTicksAsSeconds(_ ticks: Int) {
        let perSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
        guard perSecond > 0 else { return }
        let magnitude = ticks.magnitude
        if ticks < 0 { append("-") }
        append(decimal: magnitude / UInt(perSecond))
        append(".")
        let hundredths = magnitude % UInt(perSecond) * 100 / UInt(perSecond)
        if hundredths < 10 { append("0") }
        append(decimal: hundredths)
        append(" s")
    }
}

extension AuditArch {
    /// strace's name for an AUDIT_ARCH value.
    var straceName: String {
        switch self {
        case .x86_64: "AUDIT_ARCH_X86_64"
        case .i386: "AUDIT_ARCH_I386"
        case .aarch64: "AUDIT_ARCH_AARCH64"
        default: "0x" + String(rawValue, radix: 16)
        }
    }
}
