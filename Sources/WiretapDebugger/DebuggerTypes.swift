import Glibc
import WiretapCore

/// A software breakpoint: an `int3` byte in the program's code.
public struct Breakpoint: Sendable, Hashable {
    /// Its number, as the user refers to it (shared with watchpoints and catchpoints).
    public internal(set) var id: Int
    public let address: UInt64
    /// The program's byte the `int3` replaced.
    public internal(set) var original: UInt8
    /// Deleted after its first stop (`tbreak`).
    public internal(set) var temporary: Bool
    public internal(set) var enabled = true
    /// Hits to pass over before stopping.
    public internal(set) var ignoreCount = 0
    public internal(set) var hitCount = 0
    /// Whether the `int3` is in memory (not while a thread steps over it).
    public internal(set) var inserted = true
    /// Stops only when this is not 0 (`break ... if COND`, `condition N COND`).
    public internal(set) var condition: Expression? = nil
    /// The condition as the user wrote it.
    public internal(set) var conditionText: String? = nil

    init(id: Int, address: UInt64, original: UInt8, temporary: Bool) {
        self.id = id
        self.address = address
        self.original = original
        self.temporary = temporary
    }
}

/// A hardware watchpoint, or a hardware breakpoint (`access` `.execute`):
/// one of the debug registers DR0-DR3.
public struct Watchpoint: Sendable, Hashable {
    public let id: Int
    /// Which of DR0-DR3.
    public let slot: Int
    public let address: UInt64
    /// 1, 2, 4 or 8 bytes.
    public let length: Int
    public let access: DebugRegisters.Access
    /// The value when last seen (nil when it could not be read).
    public internal(set) var value: UInt64?
    /// Hits to pass over before stopping.
    public internal(set) var ignoreCount = 0
    /// Times it stopped the program (or would have, but for the ignore count).
    public internal(set) var hitCount = 0
}

/// Why the program stopped.
public enum StopReason: Sendable, Hashable {
    /// Right after exec, before any of the program's code ran.
    case started
    case breakpoint(id: Int, address: UInt64)
    /// A `stepi` finished.
    case step
    /// A breakpoint whose condition could not be evaluated (unreadable memory): it stops, as gdb's does.
    case conditionError(id: Int, address: UInt64, message: String)
    /// A watchpoint fired: the value before and after (a read leaves them equal).
    case watchpoint(id: Int, address: UInt64, old: UInt64?, new: UInt64?)
    /// A caught syscall, at its entry or its exit.
    case syscallEntry(catchpoint: Int, number: Int, arch: AuditArch)
    case syscallExit(catchpoint: Int, number: Int, arch: AuditArch, result: Int64)
    /// A `catch fork`, `catch vfork`, `catch exec` or `catch signal` catchpoint.
    case caught(catchpoint: Int, event: CaughtEvent)
    /// The dynamic linker changed the list of loaded libraries (a `dlopen`,
    /// a `dlclose`): only with `Debugger.stopAtLibraryEvents`.
    case libraryEvent
    /// A signal the program received (it is delivered when the program goes on).
    case signal(Signal)
    case exited(code: CInt)
    case killed(Signal)
}

/// What `catch` can stop at, besides syscalls.
public enum CatchKind: Sendable, Hashable {
    case fork
    case vfork
    case exec
    /// These signals (nil: every signal but SIGTRAP and SIGINT, gdb's "standard signals"), whatever `handle` says.
    case signal(Set<CInt>?)
}

/// What a catchpoint caught.
public enum CaughtEvent: Sendable, Hashable {
    case fork(child: pid_t)
    case vfork(child: pid_t)
    /// The process runs a new program now (`path`); its breakpoints and watchpoints are gone with the old one.
    case exec(path: String)
    case signal(Signal)
}

/// A stop the user sees: which thread, why, where.
public struct DebugStop: Sendable, Hashable {
    public let thread: pid_t
    public let reason: StopReason
    /// The thread's instruction pointer (0 once the process is gone).
    public let pc: UInt64

    public init(thread: pid_t, reason: StopReason, pc: UInt64) {
        self.thread = thread
        self.reason = reason
        self.pc = pc
    }
}

/// How the program goes on after a stop.
public enum DebuggerCommand: Sendable, Hashable {
    /// Until the next breakpoint, watchpoint, catchpoint or signal.
    case `continue`
    /// One instruction of the stopped thread (`stepi`).
    case stepInstruction
    /// SIGKILL the process.
    case kill
    /// Take every breakpoint and watchpoint out and let the process run on untraced.
    case detach
}

/// What the debugger does when the program receives a signal (gdb's
/// `handle`): stop for the user, say it arrived, give it to the program.
public struct SignalHandling: Sendable, Hashable {
    /// The program stops and `onStop` sees `StopReason.signal`.
    public var stop: Bool
    /// Without stopping, `Debugger.signalObserver` is told.
    public var print: Bool
    /// The program gets the signal when it goes on (else it is discarded).
    public var pass: Bool

    public init(stop: Bool, print: Bool, pass: Bool) {
        self.stop = stop
        self.print = print || stop
        self.pass = pass
    }

    /// gdb's defaults: the signals a program uses in its normal course
    /// (SIGALRM, SIGCHLD, SIGWINCH...) pass silently; SIGINT and SIGTRAP,
    /// which are the debugger's, stop and are not passed; the rest stop and are passed.
    public static func gdbDefault(for signal: Signal) -> SignalHandling {
        switch signal.rawValue {
        case SIGALRM, SIGURG, SIGCHLD, SIGWINCH, SIGIO, SIGVTALRM, SIGPROF: SignalHandling(stop: false, print: false, pass: true)
        case SIGINT, SIGTRAP: SignalHandling(stop: true, print: true, pass: false)
        default: SignalHandling(stop: true, print: true, pass: true)
        }
    }
}

/// An error of the debugger, with what the user should know.
public struct DebuggerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case launchFailed(String)
        case attachFailed(pid_t, String)
        case engine(String)
        case notRunning
        case cannotAccess(UInt64)
        case noThread(pid_t)
        case badWatchpoint(address: UInt64, length: Int)
        case noDebugRegisterLeft
    }

    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .launchFailed(let why): "cannot start the program: \(why)"
        case .attachFailed(let pid, let why): "cannot attach to process \(pid): \(why)"
        case .engine(let why): "tracing failed: \(why)"
        case .notRunning: "The program is not being run."
        case .cannotAccess(let address): "Cannot access memory at address 0x\(String(address, radix: 16))"
        case .noThread(let tid): "thread \(tid) is gone"
        case .badWatchpoint(let address, let length):
            "cannot watch \(length) bytes at 0x\(String(address, radix: 16)): a watchpoint covers 1, 2, 4 or 8 aligned bytes"
        case .noDebugRegisterLeft: "Hardware watchpoints used exceeds limit (4 debug registers)."
        }
    }
}
