import Glibc

extension OutputBuffer {
    /// Appends a siginfo as strace 6.1 prints it:
    /// `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=0, si_utime=0, si_stime=0}`.
    mutating func appendSignalInfo(_ info: SignalInfo) {
        let signal = info.signal
        let code = info.code
        append("{si_signo=")
        append(signal)
        append(", si_code=")
        // SI_FROMKERNEL: positive codes come from the kernel and are signal-specific
        // (SI_KERNEL itself is generic).
        let fromKernel = code > 0
        let specific = fromKernel ? OutputBuffer.codeTable(for: signal) : nil
        if let specific, appendName(of: Int64(code), in: specific) {
        } else if !appendName(of: Int64(code), in: Constants.signalCodes) {
            append(decimal: code)
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
                append(", si_uid=")
                append(decimal: info.senderUID)
                append(", si_status=")
                if code == 1 {  // CLD_EXITED: an exit code; otherwise a signal
                    append(decimal: info.childStatus)
                } else {
                    append(Signal(rawValue: info.childStatus))
                }
                append(", si_utime=")
                append(decimal: info.childUserTime)
                append(", si_stime=")
                append(decimal: info.childSystemTime)
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
