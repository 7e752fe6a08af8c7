import Glibc

/// The siginfo of a signal: who sent it, why, and the fields its kind carries.
public struct SignalInfo: Sendable {
    /// The raw kernel structure.
    public var raw: siginfo_t

    public init(_ raw: siginfo_t) { self.raw = raw }

    /// The signal.
    public var signal: Signal { Signal(rawValue: raw.si_signo) }
    /// `si_code`: `SI_USER`, `SI_TKILL`, `CLD_EXITED`, `SEGV_MAPERR`...
    public var code: CInt { raw.si_code }
    /// `si_errno`.
    public var errorNumber: CInt { raw.si_errno }
    /// `si_pid` of the sender (kill, sigqueue, SIGCHLD).
    public var senderPID: pid_t { raw._sifields._kill.si_pid }
    /// `si_uid` of the sender.
    public var senderUID: uid_t { raw._sifields._kill.si_uid }
    /// `si_status` of a SIGCHLD.
    public var childStatus: CInt { raw._sifields._sigchld.si_status }
    /// `si_utime` of a SIGCHLD.
    public var childUserTime: Int { raw._sifields._sigchld.si_utime }
    /// `si_stime` of a SIGCHLD.
    public var childSystemTime: Int { raw._sifields._sigchld.si_stime }
    /// `si_addr` of a fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP).
    public var faultAddress: UInt64 { UInt64(UInt(bitPattern: raw._sifields._sigfault.si_addr)) }
    /// `si_value` of a queued signal (`sigqueue`, POSIX timers).
    public var value: UInt64 { UInt64(UInt(bitPattern: raw._sifields._rt.si_sigval.sival_ptr)) }
    /// `si_syscall` of a SIGSYS.
    public var syscall: CInt { raw._sifields._sigsys._syscall }
}
