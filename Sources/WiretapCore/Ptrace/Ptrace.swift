import CWiretap
import Glibc
import SystemPackage

/// Options set with `PTRACE_SEIZE` or `PTRACE_SETOPTIONS`.
package struct PtraceOptions: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Syscall stops report `SIGTRAP | 0x80`. The corresponding option is `PTRACE_O_TRACESYSGOOD`.
    package static let traceSysGood = PtraceOptions(rawValue: 0x01)
    /// Auto-attach children created by fork. `PTRACE_O_TRACEFORK`.
    package static let traceFork = PtraceOptions(rawValue: 0x02)
    /// Auto-attach children created by vfork. `PTRACE_O_TRACEVFORK`.
    package static let traceVfork = PtraceOptions(rawValue: 0x04)
    /// Auto-attach tasks created by clone (threads included). `PTRACE_O_TRACECLONE`.
    package static let traceClone = PtraceOptions(rawValue: 0x08)
    /// Stop at a successful execve. `PTRACE_O_TRACEEXEC`.
    package static let traceExec = PtraceOptions(rawValue: 0x10)
    /// Stop when the vfork parent resumes. `PTRACE_O_TRACEVFORKDONE`.
    package static let traceVforkDone = PtraceOptions(rawValue: 0x20)
    /// Stop just before exit. `PTRACE_O_TRACEEXIT`.
    package static let traceExit = PtraceOptions(rawValue: 0x40)
    /// Stop on seccomp `SECCOMP_RET_TRACE`. `PTRACE_O_TRACESECCOMP`.
    package static let traceSeccomp = PtraceOptions(rawValue: 0x80)
    /// Kill the tracee with SIGKILL when the tracer exits. `PTRACE_O_EXITKILL`.
    package static let exitKill = PtraceOptions(rawValue: 0x100000)
}

/// The event encoded in bits 16-23 of a ptrace stop's wait status.
package struct PtraceEvent: RawRepresentable, Hashable, Sendable {
    package let rawValue: CInt
    package init(rawValue: CInt) { self.rawValue = rawValue }
    package static let none = PtraceEvent(rawValue: 0)
    package static let fork = PtraceEvent(rawValue: 1)
    package static let vfork = PtraceEvent(rawValue: 2)
    package static let clone = PtraceEvent(rawValue: 3)
    package static let exec = PtraceEvent(rawValue: 4)
    package static let vforkDone = PtraceEvent(rawValue: 5)
    package static let exit = PtraceEvent(rawValue: 6)
    package static let seccomp = PtraceEvent(rawValue: 7)
    package static let stop = PtraceEvent(rawValue: 128)
}

/// Typed wrappers around ptrace(2) requests.
///
/// Every call must come from the tracer thread: the kernel binds a tracee to
/// the thread that attached it, and answers `ESRCH` to any other thread.
package enum Ptrace {
    @inline(__always)
    static func check(_ result: Int) throws(Errno) {
        if result == -1 { throw Errno(rawValue: errno) }
    }

    @inline(__always)
    static func request(_ request: CInt, _ pid: pid_t, _ addr: UInt = 0, _ data: UInt = 0) throws(Errno) {
        try check(wt_ptrace(request, pid, UnsafeMutableRawPointer(bitPattern: addr),
                            UnsafeMutableRawPointer(bitPattern: data)))
    }

    /// Attaches to `pid` without stopping it. The corresponding ptrace request is `PTRACE_SEIZE`.
    package static func seize(_ pid: pid_t, options: PtraceOptions) throws(Errno) {
        try request(WT_PTRACE_SEIZE, pid, 0, UInt(options.rawValue))
    }

    /// Stops a seized tracee. The corresponding ptrace request is `PTRACE_INTERRUPT`.
    package static func interrupt(_ pid: pid_t) throws(Errno) {
        try request(WT_PTRACE_INTERRUPT, pid)
    }

    /// Keeps a group-stopped tracee stopped while letting it report events.
    /// The corresponding ptrace request is `PTRACE_LISTEN`.
    package static func listen(_ pid: pid_t) throws(Errno) {
        try request(WT_PTRACE_LISTEN, pid)
    }

    /// Resumes until the next stop other than a syscall. The corresponding ptrace request is `PTRACE_CONT`.
    package static func `continue`(_ pid: pid_t, signal: Signal? = nil) throws(Errno) {
        try request(WT_PTRACE_CONT, pid, 0, UInt(signal?.rawValue ?? 0))
    }

    /// Resumes until the next syscall entry or exit. The corresponding ptrace request is `PTRACE_SYSCALL`.
    package static func syscall(_ pid: pid_t, signal: Signal? = nil) throws(Errno) {
        try request(WT_PTRACE_SYSCALL, pid, 0, UInt(signal?.rawValue ?? 0))
    }

    /// Executes one instruction. The corresponding ptrace request is `PTRACE_SINGLESTEP`.
    package static func singleStep(_ pid: pid_t, signal: Signal? = nil) throws(Errno) {
        try request(WT_PTRACE_SINGLESTEP, pid, 0, UInt(signal?.rawValue ?? 0))
    }

    /// Detaches, resuming the tracee with `signal`. The corresponding ptrace request is `PTRACE_DETACH`.
    package static func detach(_ pid: pid_t, signal: Signal? = nil) throws(Errno) {
        try request(WT_PTRACE_DETACH, pid, 0, UInt(signal?.rawValue ?? 0))
    }

    /// Changes the options of a tracee. The corresponding ptrace request is `PTRACE_SETOPTIONS`.
    package static func setOptions(_ pid: pid_t, _ options: PtraceOptions) throws(Errno) {
        try request(WT_PTRACE_SETOPTIONS, pid, 0, UInt(options.rawValue))
    }

    /// The message of the last ptrace event (new pid, former tid, exit status...).
    /// The corresponding ptrace request is `PTRACE_GETEVENTMSG`.
    package static func eventMessage(_ pid: pid_t) throws(Errno) -> UInt {
        var message: UInt = 0
        let result = withUnsafeMutablePointer(to: &message) {
            wt_ptrace(WT_PTRACE_GETEVENTMSG, pid, nil, UnsafeMutableRawPointer($0))
        }
        try check(result)
        return message
    }

    /// The siginfo of the signal that caused a signal-delivery stop.
    /// The corresponding ptrace request is `PTRACE_GETSIGINFO`.
    package static func signalInfo(_ pid: pid_t) throws(Errno) -> SignalInfo {
        var info = siginfo_t()
        let result = withUnsafeMutablePointer(to: &info) {
            wt_ptrace(WT_PTRACE_GETSIGINFO, pid, nil, UnsafeMutableRawPointer($0))
        }
        try check(result)
        return SignalInfo(info)
    }

    /// What the tracee is doing at a syscall or seccomp stop.
    /// The corresponding ptrace request is `PTRACE_GET_SYSCALL_INFO` (Linux 5.3+).
    package static func syscallInfo(_ pid: pid_t, into info: inout __ptrace_syscall_info) throws(Errno) {
        let result = withUnsafeMutablePointer(to: &info) {
            wt_ptrace(WT_PTRACE_GET_SYSCALL_INFO, pid,
                      UnsafeMutableRawPointer(bitPattern: MemoryLayout<__ptrace_syscall_info>.size),
                      UnsafeMutableRawPointer($0))
        }
        try check(result)
    }

    /// Reads the general-purpose registers, in this architecture's 64-bit
    /// layout whatever the tracee's (a 32-bit tracee's come in its own
    /// layout and are converted). The corresponding ptrace request is
    /// `PTRACE_GETREGSET` with `NT_PRSTATUS`.
    package static func registers(_ pid: pid_t) throws(Errno) -> Registers {
        var regs = Registers()
        var count = 0
        let result = withUnsafeMutableBytes(of: &regs.raw) { raw -> Int in
            var vector = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
            let result = withUnsafeMutablePointer(to: &vector) {
                wt_ptrace(WT_PTRACE_GETREGSET, pid, UnsafeMutableRawPointer(bitPattern: Int(WT_NT_PRSTATUS)),
                          UnsafeMutableRawPointer($0))
            }
            count = vector.iov_len  // the kernel's view: how much it wrote
            return result
        }
        try check(result)
        regs.adoptKernelLayout(count: count)
        return regs
    }

    /// Writes the general-purpose registers (given in the 64-bit layout; a
    /// 32-bit tracee's are written in its own). The corresponding ptrace
    /// request is `PTRACE_SETREGSET` with `NT_PRSTATUS`.
    package static func setRegisters(_ pid: pid_t, _ registers: Registers) throws(Errno) {
        if var narrow = registers.kernelLayoutI386() {
            let result = narrow.withUnsafeMutableBytes { raw -> Int in
                var vector = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
                return withUnsafeMutablePointer(to: &vector) {
                    wt_ptrace(WT_PTRACE_SETREGSET, pid, UnsafeMutableRawPointer(bitPattern: Int(WT_NT_PRSTATUS)),
                              UnsafeMutableRawPointer($0))
                }
            }
            return try check(result)
        }
        var regs = registers
        let result = withUnsafeMutableBytes(of: &regs.raw) { raw -> Int in
            var vector = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
            return withUnsafeMutablePointer(to: &vector) {
                wt_ptrace(WT_PTRACE_SETREGSET, pid, UnsafeMutableRawPointer(bitPattern: Int(WT_NT_PRSTATUS)),
                          UnsafeMutableRawPointer($0))
            }
        }
        try check(result)
    }

    /// Reads one word of tracee memory. The corresponding ptrace request is `PTRACE_PEEKDATA`.
    package static func peekData(_ pid: pid_t, address: UInt64) throws(Errno) -> UInt64 {
        var error: CInt = 0
        let word = wt_ptrace_peek(WT_PTRACE_PEEKDATA, pid, UInt(address), &error)
        if error != 0 { throw Errno(rawValue: error) }
        return UInt64(bitPattern: Int64(word))
    }

    /// Writes one word of tracee memory. The corresponding ptrace request is `PTRACE_POKEDATA`.
    package static func pokeData(_ pid: pid_t, address: UInt64, word: UInt64) throws(Errno) {
        try request(WT_PTRACE_POKEDATA, pid, UInt(address), UInt(word))
    }

    /// Reads one word of the task's `struct user` (its debug registers, for
    /// one) at byte `offset`. The corresponding ptrace request is `PTRACE_PEEKUSER`.
    package static func peekUser(_ pid: pid_t, offset: Int) throws(Errno) -> UInt64 {
        var error: CInt = 0
        let word = wt_ptrace_peek(WT_PTRACE_PEEKUSER, pid, UInt(offset), &error)
        if error != 0 { throw Errno(rawValue: error) }
        return UInt64(bitPattern: Int64(word))
    }

    /// Writes one word of the task's `struct user` at byte `offset`. The
    /// corresponding ptrace request is `PTRACE_POKEUSER`.
    package static func pokeUser(_ pid: pid_t, offset: Int, word: UInt64) throws(Errno) {
        try request(WT_PTRACE_POKEUSER, pid, UInt(offset), UInt(word))
    }
}

/// A decoded waitpid(2) status.
package struct WaitStatus: RawRepresentable, Hashable, Sendable {
    package let rawValue: CInt
    package init(rawValue: CInt) { self.rawValue = rawValue }

    package var exited: Bool { wt_wifexited(rawValue) != 0 }
    package var exitCode: CInt { wt_wexitstatus(rawValue) }
    package var signaled: Bool { wt_wifsignaled(rawValue) != 0 }
    package var terminationSignal: Signal { Signal(rawValue: wt_wtermsig(rawValue)) }
    package var coreDumped: Bool { wt_wcoredump(rawValue) != 0 }
    package var stopped: Bool { wt_wifstopped(rawValue) != 0 }
    /// The stop signal, including the 0x80 bit of syscall stops.
    package var stopSignal: CInt { wt_wstopsig(rawValue) }
    /// The ptrace event of an event stop, or `.none`.
    package var event: PtraceEvent { PtraceEvent(rawValue: (rawValue >> 16) & 0xff) }
    /// Whether this is a syscall stop (needs `.traceSysGood`).
    package var isSyscallStop: Bool { stopped && stopSignal == (SIGTRAP | 0x80) }
}
