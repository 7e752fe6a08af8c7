import Glibc

extension OutputBuffer {
    /// Appends a siginfo as strace 6.1 prints it:
    /// `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=0, si_utime=0, si_stime=0}`.
    /// `constants` is -X: raw numbers, or numbers with their names in comments;
    /// `pidComm` is -Y: `si_pid=12<comm>` while the sender exists.
    mutating func appendSignalInfo(_ info: SignalInfo, constants: StraceFormat.ConstantStyle = .abbrev, pidComm: Bool = false) {
        let signal = info.signal
        let code = info.code
        append("{si_signo=")
        appendSignal(signal, constants: constants)
        append(", si_code=")
        // SI_FROMKERNEL: positive codes come from the kernel and are signal-specific
        // (SI_KERNEL itself is generic).
        let fromKernel = code > 0
        let specific = fromKernel ? OutputBuffer.codeTable(for: signal) : nil
        var name = OutputBuffer(capacity: 0)
        let named = (specific.map { name.appendName(of: Int64(code), in: $0) } ?? false)
            || name.appendName(of: Int64(code), in: Constants.signalCodes)
        switch constants {
        case .abbrev:
            if named { append(bytes: name.contents) } else { append(decimal: code) }
        case .raw, .verbose:
            append(hex: UInt64(UInt32(bitPattern: code)))
            if constants == .verbose && named {
                append(" /* ")
                append(bytes: name.contents)
                append(" */")
            }
        }
        if info.errorNumber != 0 {
            append(", si_errno=")
            ErrnoTable.appendName(Int(info.errorNumber), to: &self)
        }
        if !fromKernel {
            // Sent by a process (kill, tgkill, sigqueue) or a timer.
            if code == -2 {  // SI_TIMER
                append(", si_timerid=")
                append(hex: UInt64(UInt32(bitPattern: info.raw._sifields._timer.si_tid)))
                append(", si_overrun=")
                append(decimal: info.raw._sifields._timer.si_overrun)
            } else {
                append(", si_pid=")
                append(decimal: info.senderPID)
                if pidComm { appendPIDComm(Int64(info.senderPID)) }
                append(", si_uid=")
                append(decimal: info.senderUID)
            }
            if code == -1 || code == -2 || code == -3 {  // SI_QUEUE, SI_TIMER, SI_MESGQ carry a value
                append(", si_int=")
                append(decimal: Int32(truncatingIfNeeded: info.value))
                append(", si_ptr=")
                appendPointer(info.value)
            }
        } else {
            switch signal.rawValue {
            case SIGCHLD:
                append(", si_pid=")
                append(decimal: info.senderPID)
                if pidComm { appendPIDComm(Int64(info.senderPID)) }
                append(", si_uid=")
                append(decimal: info.senderUID)
                append(", si_status=")
                if code == 1 {  // CLD_EXITED: an exit code; otherwise a signal
                    append(decimal: info.childStatus)
                } else {
                    appendSignal(Signal(rawValue: info.childStatus), constants: constants)
                }
                append(", si_utime=")
                appendClockTicks(info.childUserTime, comment: constants != .raw)
                append(", si_stime=")
                appendClockTicks(info.childSystemTime, comment: constants != .raw)
            case SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP:
                append(", si_addr=")
                appendPointer(info.faultAddress)
            case SIGIO:
                append(", si_band=")
                append(decimal: info.raw._sifields._sigpoll.si_band)
                append(", si_fd=")
                append(decimal: info.raw._sifields._sigpoll.si_fd)
            case SIGSYS:
                append(", si_call_addr=")
                appendPointer(UInt64(UInt(bitPattern: info.raw._sifields._sigsys._call_addr)))
                append(", si_syscall=")
                append(decimal: info.syscall)
                append(", si_arch=")
                append(AuditArch(rawValue: info.raw._sifields._sigsys._arch).straceName)
            default:
                break
            }
        }
        append(byte: UInt8(ascii: "}"))
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

    /// A clock_t in ticks, with seconds when nonzero: `43 /* 0.43 s */`.
    mutating func appendClockTicks(_ ticks: Int, comment: Bool = true) {
        append(decimal: ticks)
        guard ticks != 0, comment else { return }
        let perSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
        guard perSecond > 0 else { return }
        append(" /* ")
        let magnitude = ticks.magnitude
        if ticks < 0 { append("-") }
        append(decimal: magnitude / UInt(perSecond))
        append(".")
        let hundredths = magnitude % UInt(perSecond) * 100 / UInt(perSecond)
        if hundredths < 10 { append("0") }
        append(decimal: hundredths)
        append(" s */")
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
