import Glibc
import SystemPackage

/// A syscall entry, as reported at a syscall-entry or seccomp stop.
public struct SyscallEntry: Sendable, Hashable {
    /// The syscall number in `arch`'s table.
    public var number: Int
    /// The six argument registers.
    public var arguments: SyscallArguments
    /// The syscall ABI (an i386 tracee on x86_64 reports `.i386`).
    public var arch: AuditArch
    /// The instruction pointer after the syscall instruction.
    public var instructionPointer: UInt64
    /// The stack pointer.
    public var stackPointer: UInt64
    /// True if this stop came from a seccomp `RET_TRACE` rule rather than `PTRACE_SYSCALL`.
    public var viaSeccomp: Bool

    /// The syscall's name, if the number is known.
    public var name: StaticString? { SyscallTable.name(of: number, arch: arch) }
}

/// A syscall exit: the return value or error.
public struct SyscallExit: Sendable, Hashable {
    /// The syscall number, remembered from the entry (-1 if the entry was not seen).
    public var number: Int
    /// The syscall ABI.
    public var arch: AuditArch
    /// The raw return value (for an error, the negated errno).
    public var returnValue: Int64
    /// Whether the kernel reported an error.
    public var isError: Bool
    /// The result was put there by fault injection (`-e inject=`), not by the kernel.
    public var injected = false
    /// The instruction pointer at the exit stop (0 if unknown): after the
    /// syscall instruction, or for execve and rt_sigreturn where the task goes on.
    public var instructionPointer: UInt64 = 0
    /// Memory an argument points to was overwritten (`-e inject=...:poke_enter=`/`poke_exit=`).
    public var argumentsInjected = false
    /// The tracee was held at the entry or exit (`-e inject=...:delay_enter=`/`delay_exit=`).
    public var delayed = false
    /// The call's entry, as the entry event gave it (nil if the tracer did
    /// not see it: a task attached inside a call). A consumer needs no
    /// per-task map to know what returned.
    public var entry: SyscallEntry? = nil

    public init(number: Int, arch: AuditArch, returnValue: Int64, isError: Bool, injected: Bool = false,
                instructionPointer: UInt64 = 0) {
        self.number = number
        self.arch = arch
        self.returnValue = returnValue
        self.isError = isError
        self.injected = injected
        self.instructionPointer = instructionPointer
    }

    /// The error, if the syscall failed.
    public var error: Errno? { isError ? Errno(rawValue: CInt(truncatingIfNeeded: -returnValue)) : nil }
}

/// How a new task came to be.
public enum NewTaskKind: Sendable, Hashable {
    /// fork(2), or clone without CLONE_VM/CLONE_THREAD.
    case fork
    /// vfork(2): the parent is suspended until the child execs or exits.
    case vfork
    /// A thread: clone with CLONE_THREAD.
    case thread
    /// clone(2) that made a new process (no CLONE_THREAD), other than fork or vfork.
    case process
}

/// Something that happened to a tracee.
public struct TraceEvent: Sendable {
    /// The task (thread id) the event happened to.
    public var pid: pid_t
    /// What happened.
    public var kind: Kind

    public init(pid: pid_t, kind: Kind) {
        self.pid = pid
        self.kind = kind
    }

    public enum Kind: Sendable {
        /// The tracer attached to a running task (`attach`).
        case attached
        /// The task entered a syscall and is stopped before it runs.
        case syscallEntry(SyscallEntry)
        /// The task is returning from a syscall.
        case syscallExit(SyscallExit)
        /// A signal is about to be delivered (signal-delivery stop).
        indirect case signal(SignalInfo)
        /// The task's process stopped (group-stop) because of `Signal`.
        case groupStop(Signal)
        /// The process left a group-stop (SIGCONT).
        case groupContinue
        /// The task created a new task, which is traced from now on.
        case newTask(child: pid_t, kind: NewTaskKind)
        /// The task's process executed a new program. If a non-leader thread
        /// called execve, it now has the leader's pid and `formerTID` is its old id.
        indirect case exec(formerTID: pid_t, executable: String, arguments: [String])
        /// The task exited with `code`.
        case exited(code: CInt)
        /// The task was killed by a signal.
        case killed(signal: Signal, coreDumped: Bool)
        /// The tracer detached from the task, which carries on untraced.
        case detached
        /// The task stopped because `Tracer.interrupt` asked it to.
        case interrupted
    }
}

/// What a tracee does when the handler returns from an event.
public struct Resume: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// The engine's default: run to the next syscall when tracing syscalls,
        /// otherwise continue; keep a group-stopped process stopped.
        case automatic
        /// Run to the next syscall entry or exit (`PTRACE_SYSCALL`).
        case syscall
        /// Run until the next signal or event (`PTRACE_CONT`).
        case `continue`
        /// Execute one instruction (`PTRACE_SINGLESTEP`).
        case singleStep
        /// Stop tracing this task; it carries on untraced (`PTRACE_DETACH`).
        case detach
        /// Leave it stopped, other tasks being served meanwhile, until
        /// `Tracer.resumeHeld` says how it goes on (a debugger's all-stop).
        /// The consumer must let it go: with every task held, `run` waits forever.
        case hold
    }

    /// What to do with the signal of a signal-delivery stop.
    public enum SignalDisposition: Sendable, Hashable {
        /// Deliver it (the default): the tracee sees what it would have untraced.
        case deliver
        /// Discard it.
        case suppress
        /// Deliver another signal instead.
        case replace(Signal)
    }

    public var action: Action
    public var signal: SignalDisposition
    /// Hold the tracee stopped this long (nanoseconds) before resuming it, as
    /// strace's `delay_enter=`/`delay_exit=`: other tracees are served meanwhile.
    public var delayNanoseconds: Int64 = 0

    public init(_ action: Action, signal: SignalDisposition = .deliver) {
        self.action = action
        self.signal = signal
    }

    public init(_ action: Action, signal: SignalDisposition = .deliver, delayNanoseconds: Int64) {
        self.action = action
        self.signal = signal
        self.delayNanoseconds = delayNanoseconds
    }

    public static let automatic = Resume(.automatic)
    public static let syscall = Resume(.syscall)
    public static let `continue` = Resume(.continue)
    public static let singleStep = Resume(.singleStep)
    public static let detach = Resume(.detach)
    public static let hold = Resume(.hold)

    /// The same action, discarding a pending signal.
    public func suppressingSignal() -> Resume { Resume(action, signal: .suppress) }
}

/// The state of a tracee as the engine last saw it.
public enum TraceeState: Sendable, Hashable {
    case running
    case syscallEntryStop
    case syscallExitStop
    case signalDeliveryStop
    case groupStop
    case eventStop
    case exited
    case killed
    case detached
}

/// The tracee an event is about: its id, state, memory and registers.
///
/// Valid only inside the handler, on the tracer thread, while the tracee is stopped.
public struct Tracee: Sendable {
    /// The task id.
    public let pid: pid_t
    /// The state the tracee is in for this event.
    public let state: TraceeState
    /// Its system CPU time in nanoseconds, as wait4 reported it with this
    /// stop (only with `TraceOptions.measureSystemTime`).
    public let systemTime: Int64?
    /// Set by the handler: the memory reads of this stop, kept for whoever
    /// decodes the same call again (see `MemoryReadCache`).
    public var readCache: MemoryReadCache? = nil
    /// Its user CPU time in nanoseconds, likewise. At an exit or kill
    /// event both are the process's (all its threads), with the times of
    /// the children it waited for (wait4's RUSAGE_BOTH).
    public let userTime: Int64?

    public init(pid: pid_t, state: TraceeState, systemTime: Int64? = nil, userTime: Int64? = nil) {
        self.pid = pid
        self.state = state
        self.systemTime = systemTime
        self.userTime = userTime
    }

    /// The tracee's memory.
    public var memory: RemoteMemory { RemoteMemory(pid: pid, cache: readCache) }

    /// Reads the general-purpose registers (the tracee must be stopped).
    public func registers() throws(Errno) -> Registers { try Ptrace.registers(pid) }

    /// Writes the general-purpose registers (the tracee must be stopped).
    public func setRegisters(_ registers: Registers) throws(Errno) { try Ptrace.setRegisters(pid, registers) }

    /// At a syscall-entry stop: makes the kernel run nothing for this call
    /// (its number becomes -1). Give it a result with `setSyscallResult` at
    /// the exit stop, or the tracee sees ENOSYS.
    ///
    /// The corresponding ptrace requests are `PTRACE_GETREGSET` and
    /// `PTRACE_SETREGSET` (`NT_PRSTATUS`). x86_64 only; elsewhere it throws
    /// `Errno.notSupported`.
    public func skipSyscall() throws(Errno) {
        #if arch(x86_64)
        var registers = try registers()
        registers.syscallNumber = UInt64.max
        try setRegisters(registers)
        #else
        throw .notSupported
        #endif
    }

    /// At a syscall-exit stop: the value the tracee's call returns
    /// (`-errno` for an error).
    public func setSyscallResult(_ value: Int64) throws(Errno) {
        var registers = try registers()
        registers.returnValue = UInt64(bitPattern: value)
        try setRegisters(registers)
    }
}
