import Glibc
import WiretapCore

extension Decoding {
    /// A siginfo as strace 6.1 prints it, described as a structure:
    /// `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=0, si_utime=0, si_stime=0}`.
    /// -X gives raw numbers, or numbers with their names in comments;
    /// -Y `si_pid=12<comm>` while the sender exists.
    mutating func signalInfoValue(_ info: SignalInfo) {
        let signal = info.signal
        let code = info.code
        let style = format.constants
        beginStructure()
        field("si_signo"); signalValue(signal)
        field("si_code")
        // SI_FROMKERNEL: positive codes come from the kernel and are signal-specific
        // (SI_KERNEL itself is generic).
        let fromKernel = code > 0
        let specific = fromKernel ? OutputBuffer.codeTable(for: signal) : nil
        var name = OutputBuffer(capacity: 0)
        let named = (specific.map { name.appendName(of: Int64(code), in: $0) } ?? false)
            || name.appendName(of: Int64(code), in: Constants.signalCodes)
        // Not `symbolic`: -X raw prints zero as 0x0, and an unnamed code in decimal.
        constantValue(Int64(code), name: name.contents) { out in
            switch style {
            case .abbrev:
                if named { out.append(bytes: name.contents) } else { out.append(decimal: code) }
            case .raw, .verbose:
                out.append(hex: UInt64(UInt32(bitPattern: code)))
            }
        }
        if style == .verbose && named { comment { $0.append(bytes: name.contents) } }
        if info.errorNumber != 0 {
            field("si_errno")
            let errno = Int(info.errorNumber)
            let known = ErrnoTable.name(errno)
            constantValue(Int64(errno), name: known.map { UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount) }
                          ?? UnsafeBufferPointer(start: nil, count: 0)) { ErrnoTable.appendName(errno, to: &$0) }
        }
        if !fromKernel {
            // Sent by a process (kill, tgkill, sigqueue) or a timer.
            if code == -2 {  // SI_TIMER
                let timer = UInt64(UInt32(bitPattern: info.raw._sifields._timer.si_tid))
                field("si_timerid"); customValue(.unsigned(timer, .hexadecimal)) { $0.append(hex: timer) }
                field("si_overrun"); signedValue(info.raw._sifields._timer.si_overrun)
            } else {
                field("si_pid"); pidValue(info.senderPID)
                field("si_uid"); unsignedValue(info.senderUID)
            }
            if code == -1 || code == -2 || code == -3 {  // SI_QUEUE, SI_TIMER, SI_MESGQ carry a value
                field("si_int"); signedValue(Int32(truncatingIfNeeded: info.value))
                field("si_ptr"); pointerValue(info.value)
            }
        } else {
            switch signal.rawValue {
            case SIGCHLD:
                field("si_pid"); pidValue(info.senderPID)
                field("si_uid"); unsignedValue(info.senderUID)
                field("si_status")
                // CLD_EXITED: an exit code; otherwise a signal.
                if code == 1 { signedValue(info.childStatus) } else { signalValue(Signal(rawValue: info.childStatus)) }
                field("si_utime"); clockTicksValue(info.childUserTime)
                field("si_stime"); clockTicksValue(info.childSystemTime)
            case SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP:
                field("si_addr"); pointerValue(info.faultAddress)
            case SIGIO:
                field("si_band"); signedValue(info.raw._sifields._sigpoll.si_band)
                field("si_fd"); signedValue(info.raw._sifields._sigpoll.si_fd)
            case SIGSYS:
                field("si_call_addr"); pointerValue(UInt64(UInt(bitPattern: info.raw._sifields._sigsys._call_addr)))
                field("si_syscall"); signedValue(info.syscall)
                field("si_arch")
                let arch = AuditArch(rawValue: info.raw._sifields._sigsys._arch)
                let archName = arch.straceName
                let known = !archName.hasPrefix("0x")
                constantValue(Int64(arch.rawValue), name: known ? Array(archName.utf8) : []) { $0.append(archName) }
            default:
                break
            }
        }
        endStructure()
    }

    /// A signal by name, or under -X its number (`17 /* SIGCHLD */`): a
    /// named constant (unnamed outside 1-64).
    mutating func signalValue(_ signal: Signal) {
        let number = signal.rawValue
        if number >= 1 && number <= 64 {
            symbolic(UInt64(bitPattern: Int64(number)), decimal: true, named: true) { $0.append(signal) }
        } else {
            let style = format.constants
            constantValue(Int64(number), name: "") { $0.appendSignal(signal, constants: style) }
        }
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
