import Glibc

/// Decoders of signal handling: rt_sigaction, rt_sigprocmask, rt_sigreturn,
/// with signal sets as strace prints them (`[INT TERM]`, `~[RTMIN RT_1]`).
enum SignalDecoders {
    /// Looked up once, not per call.
    static let restorerFlag = UInt64(Constants.sigactionFlags.first { $0.name.description == "SA_RESTORER" }?.value ?? 0)
    static let cloneFlagValues: [String: UInt64] = Dictionary(
        Constants.cloneFlags.map { ($0.name.description, UInt64($0.value)) }, uniquingKeysWith: { first, _ in first })

    static let all: [String: SyscallDecoder] = [
        "rt_sigaction": SyscallDecoder(entry: { d in
            d.next()
            d.signalName(d.int(0))
            d.next()
            d.sigaction(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(2) == 0 { d.out.appendPointer(d.arg(2)) } else { d.sigaction(at: d.arg(2)) }
            d.unsignedLong(3)
            return .decimal
        }),
        "rt_sigprocmask": SyscallDecoder(entry: { d in
            d.named(0, Constants.sigprocmaskHow)
            d.next()
            d.signalSet(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(2) == 0 { d.out.appendPointer(d.arg(2)) } else { d.signalSet(at: d.arg(2)) }
            d.unsignedLong(3)
            return .decimal
        }),
        "clone": SyscallDecoder(entry: { d in
            // x86_64: clone(flags, stack, parent_tid, child_tid, tls).
            d.next()
            d.out.append("child_stack=")
            d.out.appendPointer(d.arg(1))
            d.next()
            d.out.append("flags=")
            d.cloneFlags(d.arg(0))
            return .atExit
        }, exit: { d in
            let flags = d.arg(0)
            if flags & d.cloneFlag("CLONE_PARENT_SETTID") != 0 {
                d.next()
                d.out.append("parent_tid=")
                if let tid = try? d.memory.load(Int32.self, from: d.arg(2)) {
                    d.out.append("[")
                    d.out.append(decimal: tid)
                    d.out.append("]")
                } else {
                    d.out.appendPointer(d.arg(2))
                }
            }
            if flags & (d.cloneFlag("CLONE_CHILD_SETTID") | d.cloneFlag("CLONE_CHILD_CLEARTID")) != 0 {
                d.next()
                d.out.append("child_tidptr=")
                d.out.appendPointer(d.arg(3))
            }
            if flags & d.cloneFlag("CLONE_SETTLS") != 0 {
                d.next()
                d.out.append("tls=")
                d.out.appendPointer(d.arg(4))
            }
            return .decimal
        }),
        "wait4": SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 || d.result == 0 { d.out.appendPointer(d.arg(1)) } else { d.waitStatus(at: d.arg(1)) }
            d.waitOptions(2)
            d.pointer(3)
            return .decimal
        }),
        "rt_sigreturn": SyscallDecoder { d in
            // The handler returned: the stack pointer is at the frame's ucontext,
            // whose uc_sigmask follows uc_flags, uc_link, uc_stack and uc_mcontext.
            #if arch(x86_64)
            d.next()
            d.out.append("{mask=")
            d.signalSet(at: d.stackPointer &+ 8 &+ 8 &+ UInt64(MemoryLayout<stack_t>.size) &+ 256)
            d.out.append("}")
            #endif
            return .done()
        },
    ]
}

extension Decoding {
    /// `SIGINT`, or the number.
    mutating func signalName(_ number: Int32) {
        out.append(Signal(rawValue: number))
    }

    /// A kernel sigset_t (64 signals): `[INT TERM]`, or `~[...]` for the
    /// complement when more than half are set, as strace prints it.
    mutating func signalSet(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let set = try? memory.load(UInt64.self, from: address) else { out.append(hex: address); return }
        appendSignalSet(set)
    }

    mutating func appendSignalSet(_ set: UInt64) {
        let complement = set.nonzeroBitCount > 32
        let shown = complement ? ~set : set
        if complement { out.append("~") }
        out.append("[")
        var first = true
        for n in 1...64 where shown & (1 << UInt64(n - 1)) != 0 {
            if !first { out.append(" ") }
            first = false
            out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
        }
        out.append("]")
    }

    /// A kernel `struct sigaction` (x86_64: handler, flags, restorer, mask).
    mutating func sigaction(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let action = try? memory.load((UInt64, UInt64, UInt64, UInt64).self, from: address) else {
            out.append(hex: address)
            return
        }
        out.append("{sa_handler=")
        switch action.0 {
        case 0: out.append("SIG_DFL")
        case 1: out.append("SIG_IGN")
        default: out.append(hex: action.0)
        }
        out.append(", sa_mask=")
        appendSignalSet(action.3)
        out.append(", sa_flags=")
        out.appendFlags(action.1, in: Constants.sigactionFlags)
        if action.1 & SignalDecoders.restorerFlag != 0 {
            out.append(", sa_restorer=")
            out.appendPointer(action.2)
        }
        out.append("}")
    }

    func cloneFlag(_ name: String) -> UInt64 {
        SignalDecoders.cloneFlagValues[name] ?? 0
    }

    /// `CLONE_VM|...|SIGCHLD`: the flags, then the exit signal in the low byte.
    mutating func cloneFlags(_ value: UInt64) {
        let flags = value & ~0xff
        let signal = value & 0xff
        if flags != 0 { out.appendFlags(flags, in: Constants.cloneFlags) }
        if signal != 0 {
            if flags != 0 { out.append("|") }
            out.append(Signal(rawValue: CInt(signal)))
        }
        if value == 0 { out.append("0") }
    }

    /// `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]` and the other wait-status forms.
    mutating func waitStatus(at address: UInt64) {
        guard let status = try? memory.load(Int32.self, from: address) else { out.append(hex: address); return }
        out.append("[{")
        let low = status & 0x7f
        if low == 0 {
            out.append("WIFEXITED(s) && WEXITSTATUS(s) == ")
            out.append(decimal: (status >> 8) & 0xff)
        } else if low == 0x7f {
            if status == 0xffff {
                out.append("WIFCONTINUED(s)")
            } else {
                out.append("WIFSTOPPED(s) && WSTOPSIG(s) == ")
                out.append(Signal(rawValue: (status >> 8) & 0xff))
            }
        } else {
            out.append("WIFSIGNALED(s) && WTERMSIG(s) == ")
            out.append(Signal(rawValue: low))
            if status & 0x80 != 0 { out.append(" && WCOREDUMP(s)") }
        }
        out.append("}]")
    }

    mutating func waitOptions(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        symbolic(value) { $0.appendFlags(value, in: Constants.waitOptions) }
        typed(.flags(value))
    }
}
