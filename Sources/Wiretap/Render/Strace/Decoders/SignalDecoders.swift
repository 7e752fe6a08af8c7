import Glibc

/// Decoders of signal handling: rt_sigaction, rt_sigprocmask, rt_sigreturn,
/// with signal sets as strace prints them (`[INT TERM]`, `~[RTMIN RT_1]`).
enum SignalDecoders {
    /// Looked up once, not per call.
    static let restorerFlag = UInt64(Constants.sigactionFlags.first { $0.name.description == "SA_RESTORER" }?.value ?? 0)

    static let all: DecoderFamily = [
        .rt_sigaction: SyscallDecoder(entry: { d in
            d.signal(0)
            d.next()
            d.sigaction(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.sigaction(at: $1) }
            d.unsignedLong(3)
            return .decimal
        }),
        .rt_sigprocmask: SyscallDecoder(entry: { d in
            d.named(0, Constants.sigprocmaskHow)
            d.next()
            d.signalSet(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.signalSet(at: $1) }
            d.unsignedLong(3)
            return .decimal
        }),
        .sigaltstack: SyscallDecoder(entry: { d in
            d.next()
            d.altStack(at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.output(1) { $0.altStack(at: $1) }
            return .decimal
        }),
        .signalfd4: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.signalSet(at: d.arg(1))
            d.unsignedLong(2)
            d.flags(3, Constants.signalfdFlags)
            return .done(.fd)
        },
        .signalfd: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.signalSet(at: d.arg(1))
            d.unsignedLong(2)
            return .done(.fd)
        },
        .rt_sigpending: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.signalSet(at: $1) }
            d.unsignedLong(1)
            return .decimal
        }),
        .rt_sigsuspend: SyscallDecoder { d in
            d.next()
            d.signalSet(at: d.arg(0))
            d.unsignedLong(1)
            return .done()
        },
        .rt_sigtimedwait: SyscallDecoder(entry: { d in
            d.next()
            d.signalSet(at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 {
                d.out.appendPointer(d.arg(1))
            } else if let raw = d.siginfo(at: d.arg(1)) {
                d.out.appendSignalInfo(SignalInfo(raw), constants: d.format.constants, pidComm: d.format.pidComm)
            } else {
                d.out.append(hex: d.arg(1))
            }
            d.next()
            d.timespec(at: d.arg(2))
            d.unsignedLong(3)
            // The result is the signal: `10 (SIGUSR1)`.
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" (")
                out.append(Signal(rawValue: CInt(truncatingIfNeeded: value)))
                out.append(")")
            }
            return .custom
        }),
        .rt_sigqueueinfo: SyscallDecoder { d in
            d.pid(0)
            d.signal(1)
            d.next()
            d.siginfoArgument(at: d.arg(2))
            return .done()
        },
        .rt_tgsigqueueinfo: SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.signal(2)
            d.next()
            d.siginfoArgument(at: d.arg(3))
            return .done()
        },
        .rt_sigreturn: SyscallDecoder { d in
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
        symbolic(action.1) { $0.appendFlags(action.1, in: Constants.sigactionFlags) }
        if action.1 & SignalDecoders.restorerFlag != 0 {
            out.append(", sa_restorer=")
            out.appendPointer(action.2)
        }
        out.append("}")
    }

    /// `{ss_sp=0x..., ss_flags=SS_ONSTACK, ss_size=8192}`.
    mutating func altStack(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let stack = try? memory.load((UInt64, Int32, Int32, UInt64).self, from: address) else {
            out.append(hex: address)
            return
        }
        out.append("{ss_sp=")
        out.appendPointer(stack.0)
        out.append(", ss_flags=")
        let flags = UInt64(UInt32(bitPattern: stack.1))
        symbolic(flags) { $0.appendFlags(flags, in: Constants.altStackFlags) }
        out.append(", ss_size=")
        out.append(decimal: stack.3)
        out.append("}")
    }

    /// A siginfo the caller passes in (rt_sigqueueinfo), or its address.
    mutating func siginfoArgument(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let raw = siginfo(at: address) else { out.append(hex: address); return }
        out.appendSignalInfo(SignalInfo(raw), constants: format.constants, pidComm: format.pidComm)
    }
}
