import Glibc

/// Decoders of signal handling: rt_sigaction, rt_sigprocmask, rt_sigreturn,
/// with signal sets as strace prints them (`[INT TERM]`, `~[RTMIN RT_1]`).
enum SignalDecoders {
    /// Looked up once, not per call.
    static let restorerFlag = UInt64(Constants.sigactionFlags.first { $0.name.description == "SA_RESTORER" }?.value ?? 0)

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
            // -X: the number, and under verbose its name in a comment.
            switch format.constants {
            case .abbrev:
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
            case .raw:
                out.append(decimal: n)
            case .verbose:
                out.append(decimal: n)
                out.append(" /* ")
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
                out.append(" */")
            }
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
}
