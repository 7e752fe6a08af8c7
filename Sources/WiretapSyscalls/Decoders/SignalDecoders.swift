import Glibc
import WiretapCore

/// Decoders of signal handling: kill, tkill, tgkill, rt_sigaction,
/// rt_sigprocmask, rt_sigreturn, rt_sigqueueinfo..., with signal sets as
/// strace prints them (`[INT TERM]`, `~[RTMIN RT_1]`).
enum SignalDecoders {
    /// Looked up once, not per call.
    static let restorerFlag = UInt64(Constants.sigactionFlags.first { $0.name.description == "SA_RESTORER" }?.value ?? 0)

    static let all: DecoderFamily = [
        .kill: SyscallDecoder { d in
            d.pid(0)
            d.signalArgument(1)
            return .done()
        },
        .tkill: SyscallDecoder { d in
            d.pid(0)
            d.signalArgument(1)
            return .done()
        },
        .tgkill: SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.signalArgument(2)
            return .done()
        },
        .rt_sigaction: SyscallDecoder(entry: { d in
            d.signalArgument(0)
            d.next()
            d.sigaction(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.sigaction(at: $1) }
            d.unsignedLong(3)
            return .decimal
        }),
        .rt_sigprocmask: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.sigprocmaskHow, unknown: "SIG_???")
            d.next()
            d.signalSet(at: d.arg(1), length: d.arg(3))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.signalSet(at: $1, length: $0.arg(3)) }
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
            d.signalSet(at: d.arg(1), length: d.arg(2))  // the address unless the size is 8
            d.unsignedLong(2)
            d.flags(3, Constants.signalfdFlags, unknown: "SFD_???")
            return .done(.fd)
        },
        .signalfd: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.signalSet(at: d.arg(1), length: d.arg(2))  // the address unless the size is 8
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
            d.signalSet(at: d.arg(0), length: d.arg(1))
            d.unsignedLong(1)
            return .done()
        },
        .rt_sigtimedwait: SyscallDecoder(entry: { d in
            d.next()
            d.signalSet(at: d.arg(0), length: d.arg(3))
            return .atExit
        }, exit: { d in
            d.output(1) { $0.siginfoArgument(at: $1) }
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
            d.signalArgument(1)
            d.next()
            d.siginfoArgument(at: d.arg(2))
            return .done()
        },
        .rt_tgsigqueueinfo: SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.signalArgument(2)
            d.next()
            d.siginfoArgument(at: d.arg(3))
            return .done()
        },
        .rt_sigreturn: SyscallDecoder { d in
            // The handler returned: the stack pointer is at the frame's ucontext,
            // whose uc_sigmask follows uc_flags, uc_link, uc_stack and uc_mcontext.
            #if arch(x86_64)
            d.next()
            d.beginStructure()
            d.field("mask")
            d.signalSet(at: d.stackPointer &+ 8 &+ 8 &+ UInt64(MemoryLayout<stack_t>.size) &+ 256, length: 8)
            d.endStructure()
            #endif
            return .done()
        },
    ]
}

extension Decoding {
    /// A kernel sigset_t (64 signals): `[INT TERM]`, or `~[...]` for the
    /// complement when more than half are set, as strace prints it.
    mutating func signalSet(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let set = try? memory.load(UInt64.self, from: address) else { unreadable(address); return }
        signalSetValue(set)
    }

    /// A signal number argument, as strace's printsignal prints it: `SIGTERM`,
    /// `15` under -X raw, `15 /* SIGTERM */` under -X verbose, and a number
    /// with no name (0, -1, 65) in decimal.
    mutating func signalArgument(_ i: Int) {
        next()
        signalNumberValue(int(i))
    }

    /// A signal set of `length` bytes (the call's sigsetsize), as strace's
    /// print_sigset_addr_len reads it: the address when the length is under
    /// `minimum` or over the kernel's 8 bytes, else the set.
    mutating func signalSet(at address: UInt64, length: UInt64, minimum: UInt64 = 8) {
        guard length >= minimum, length <= 8 else { pointerValue(address); return }
        guard address != 0 else { pointerValue(0); return }
        var raw: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: Int(length), into: &raw, structure: true)) != nil else {
            unreadable(address)
            return
        }
        var set: UInt64 = 0
        for (index, byte) in raw.prefix(8).enumerated() { set |= UInt64(byte) << (8 * UInt64(index)) }
        signalMaskValue(set, bytes: Int(length))
    }

    /// strace's sigset text: the signals of a `bytes`-long mask, or `~[...]`
    /// those missing when two thirds or more of its 32-bit words' bits are
    /// set. -X raw prints numbers, -X verbose numbers with their names.
    mutating func signalMaskValue(_ set: UInt64, bytes: Int = 8) {
        let words = min(max((bytes + 3) / 4, 1), 2)
        let width = UInt64(words * 32)
        let valid: UInt64 = width == 64 ? .max : (1 << width) - 1
        let masked = set & valid
        let complement = masked.nonzeroBitCount >= words * 32 * 2 / 3
        let shown = complement ? ~masked & valid : masked
        beginValue()
        if complement { out.append("~") }
        out.append("[")
        var first = true
        var remaining = shown
        while remaining != 0 {
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            let number = bit + 1
            if !first { out.append(" ") }
            first = false
            switch format.constants {
            case .abbrev:
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(number)))
            case .raw:
                out.append(decimal: number)
            case .verbose:
                out.append(decimal: number)
                out.append(" /* ")
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(number)))
                out.append(" */")
            }
        }
        out.append("]")
        record(.signalSet(shown, complemented: complement))
    }

    /// A kernel `struct sigaction` (x86_64: handler, flags, restorer, mask).
    mutating func sigaction(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let action = try? memory.load((UInt64, UInt64, UInt64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("sa_handler")
        switch action.0 {
        case 0: symbolic(0, named: true) { $0.append("SIG_DFL") }
        case 1: symbolic(1, named: true) { $0.append("SIG_IGN") }
        case UInt64.max: symbolic(.max, named: true) { $0.append("SIG_ERR") }
        default: pointerValue(action.0)
        }
        field("sa_mask"); signalMaskValue(action.3)
        field("sa_flags"); flagsValue(action.1, Constants.sigactionFlags)
        if action.1 & SignalDecoders.restorerFlag != 0 {
            field("sa_restorer"); pointerValue(action.2)
        }
        endStructure()
    }

    /// `{ss_sp=0x..., ss_flags=SS_ONSTACK, ss_size=8192}`.
    mutating func altStack(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let stack = try? memory.load((UInt64, Int32, Int32, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("ss_sp"); pointerValue(stack.0)
        field("ss_flags"); flagsValue(UInt64(UInt32(bitPattern: stack.1)), Constants.altStackFlags)
        field("ss_size"); unsignedValue(stack.3)
        endStructure()
    }

    /// A siginfo in the tracee's memory (rt_sigqueueinfo's), or its address.
    mutating func siginfoArgument(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let raw = siginfo(at: address) else { unreadable(address); return }
        signalInfoValue(SignalInfo(raw))
    }
}
