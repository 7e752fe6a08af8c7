import Glibc

/// Decoders of time and polling: clocks, sleeps, timers and timerfd,
/// poll/ppoll, select/pselect6, epoll, eventfd.
enum PollingDecoders {
    /// clock_gettime and clock_getres: a clock, and a timespec at exit.
    static let clockRead = SyscallDecoder(entry: { d in
        d.clockID(0)
        return .atExit
    }, exit: { d in
        d.output(1) { $0.timespec(at: $1) }
        return .decimal
    })

    static let all: DecoderFamily = [
        .nanosleep: SyscallDecoder(entry: { d in
            d.next()
            d.timespec(at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.remainingTime(1)
            return .decimal
        }),
        .clock_nanosleep: SyscallDecoder(entry: { d in
            d.clockID(0)
            d.flags(1, Constants.timerFlags)
            d.next()
            d.timespec(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.remainingTime(3)
            return .decimal
        }),
        .clock_gettime: clockRead,
        .clock_getres: clockRead,
        .clock_settime: SyscallDecoder { d in
            d.clockID(0)
            d.next()
            d.timespec(at: d.arg(1))
            return .done()
        },
        .gettimeofday: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.timeval(at: $1) }
            d.output(1) { $0.timezone(at: $1) }
            return .decimal
        }),
        .time: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.next()
            if d.arg(0) == 0 || d.failed {
                d.out.appendPointer(d.arg(0))
            } else if let value = try? d.memory.load(Int64.self, from: d.arg(0)) {
                d.out.append("[")
                d.out.append(decimal: value)
                d.out.append("]")
            } else {
                d.out.append(hex: d.arg(0))
            }
            return .decimal
        }),
        .timerfd_create: SyscallDecoder { d in
            d.clockID(0)
            d.flags(1, Constants.timerfdCreateFlags)
            return .done(.fd)
        },
        .timerfd_settime: SyscallDecoder(entry: { d in
            d.fd(0)
            d.flags(1, Constants.timerfdSettimeFlags)
            d.next()
            d.itimerspec(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.output(3) { $0.itimerspec(at: $1) }
            return .decimal
        }),
        .timerfd_gettime: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerspec(at: $1) }
            return .decimal
        }),
        .setitimer: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.intervalTimers, unknown: "ITIMER_???")
            d.next()
            d.itimerval(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.itimerval(at: $1) }
            return .decimal
        }),
        .getitimer: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.intervalTimers, unknown: "ITIMER_???")
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerval(at: $1) }
            return .decimal
        }),
        .alarm: SyscallDecoder { d in
            d.unsigned(0)
            return .done()
        },
        .poll: SyscallDecoder(entry: { d in
            d.next()
            d.pollfds(at: d.arg(0), count: Int(clamping: d.arg(1)), results: false)
            d.unsigned(1)
            d.decimal(2)
            return .resultAtExit
        }, exit: { d in
            d.pollResult(timeout: nil)
            return .custom
        }),
        .ppoll: SyscallDecoder(entry: { d in
            d.next()
            d.pollfds(at: d.arg(0), count: Int(clamping: d.arg(1)), results: false)
            d.unsigned(1)
            d.next()
            d.timespec(at: d.arg(2))
            d.next()
            d.signalSet(at: d.arg(3))
            d.unsignedLong(4)
            return .resultAtExit
        }, exit: { d in
            d.pollResult(timeout: d.arg(2))
            return .custom
        }),
        .select: SyscallDecoder(entry: { d in
            d.selectEntry(timeval: true)
            d.next()
            d.timeval(at: d.arg(4))
            return .resultAtExit
        }, exit: { d in
            d.selectResult(timeval: true)
            return .custom
        }),
        .pselect6: SyscallDecoder(entry: { d in
            d.selectEntry(timeval: false)
            d.next()
            d.timespec(at: d.arg(4))
            d.next()
            d.pselectMask(at: d.arg(5))
            return .resultAtExit
        }, exit: { d in
            d.selectResult(timeval: false)
            return .custom
        }),
        .epoll_create: SyscallDecoder { d in
            d.decimal(0)
            return .done(.fd)
        },
        .epoll_create1: SyscallDecoder { d in
            d.flags(0, Constants.epollCreateFlags)
            return .done(.fd)
        },
        .epoll_ctl: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.namedValue(Int64(d.int(1)), Constants.epollOperations, unknown: "EPOLL_CTL_???")
            d.fd(2)
            d.next()
            if d.arg(3) == 0 { d.out.append("NULL") } else { d.epollEvents(at: d.arg(3), count: 1, array: false) }
            return .done()
        },
        .epoll_wait: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.epollWaitExit()
            d.decimal(2)
            d.decimal(3)
            return .decimal
        }),
        .epoll_pwait: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.epollWaitExit()
            d.decimal(2)
            d.decimal(3)
            d.next()
            d.signalSet(at: d.arg(4))
            d.unsignedLong(5)
            return .decimal
        }),
        .epoll_pwait2: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.epollWaitExit()
            d.decimal(2)
            d.next()
            d.timespec(at: d.arg(3))
            d.next()
            d.signalSet(at: d.arg(4))
            d.unsignedLong(5)
            return .decimal
        }),
        .eventfd: SyscallDecoder { d in
            d.unsigned(0)
            return .done(.fd)
        },
        .eventfd2: SyscallDecoder { d in
            d.unsigned(0)
            d.flags(1, Constants.eventfdFlags)
            return .done(.fd)
        },
    ]
}

extension Decoding {
    mutating func clockID(_ i: Int) {
        next()
        namedValue(Int64(int(i)), Constants.clockIds, unknown: "CLOCK_???")
    }

    /// `{tv_sec=0, tv_nsec=1000000}`, NULL, or the address if unreadable.
    mutating func timespec(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load((Int64, Int64).self, from: address) else { out.append(hex: address); return }
        appendTimespec(value.0, value.1)
    }

    mutating func appendTimespec(_ seconds: Int64, _ nanoseconds: Int64) {
        out.append("{tv_sec=")
        out.append(decimal: seconds)
        out.append(", tv_nsec=")
        out.append(decimal: nanoseconds)
        out.append("}")
    }

    /// `{tv_sec=0, tv_usec=0}`.
    mutating func timeval(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load((Int64, Int64).self, from: address) else { out.append(hex: address); return }
        out.append("{tv_sec=")
        out.append(decimal: value.0)
        out.append(", tv_usec=")
        out.append(decimal: value.1)
        out.append("}")
    }

    mutating func timezone(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load((Int32, Int32).self, from: address) else { out.append(hex: address); return }
        out.append("{tz_minuteswest=")
        out.append(decimal: value.0)
        out.append(", tz_dsttime=")
        out.append(decimal: value.1)
        out.append("}")
    }

    /// `{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=5, tv_nsec=0}}`.
    mutating func itimerspec(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load((Int64, Int64, Int64, Int64).self, from: address) else {
            out.append(hex: address)
            return
        }
        out.append("{it_interval=")
        appendTimespec(value.0, value.1)
        out.append(", it_value=")
        appendTimespec(value.2, value.3)
        out.append("}")
    }

    /// `{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}`.
    mutating func itimerval(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard (try? memory.load((Int64, Int64, Int64, Int64).self, from: address)) != nil else {
            out.append(hex: address)
            return
        }
        out.append("{it_interval=")
        timeval(at: address)
        out.append(", it_value=")
        timeval(at: address + 16)
        out.append("}")
    }

    /// A sleep's remaining time: written only when a signal interrupted it.
    mutating func remainingTime(_ i: Int) {
        next()
        let address = arg(i)
        let interrupted = failed && [-4, -512, -513, -514, -516].contains(result)  // EINTR, ERESTART*
        if interrupted && address != 0 { timespec(at: address) } else { out.appendPointer(address) }
    }

    /// `[{fd=3, events=POLLIN}]` at entry, or at exit the ready ones
    /// `[{fd=3, revents=POLLIN}]`.
    mutating func pollfds(at address: UInt64, count: Int, results: Bool) {
        guard address != 0 else { out.append("NULL"); return }
        guard count > 0 else { out.append("[]"); return }
        guard (try? memory.load((Int32, Int16, Int16).self, from: address)) != nil else { out.append(hex: address); return }
        out.append("[")
        var shown = 0
        // nfds comes from the tracee: bound the walk (the kernel refuses more than RLIMIT_NOFILE).
        for index in 0..<min(count, 1 << 20) {
            guard let entry = try? memory.load((Int32, Int16, Int16).self, from: address &+ UInt64(index) &* 8) else { break }
            let events = UInt64(UInt16(bitPattern: results ? entry.2 : entry.1))
            if results && events == 0 { continue }
            if shown > 0 { out.append(", ") }
            if shown >= format.stringLimit { out.append("..."); break }
            shown += 1
            out.append("{fd=")
            out.append(decimal: entry.0)
            out.append(results ? ", revents=" : ", events=")
            symbolic(events) { $0.appendFlags(events, in: Constants.pollEvents) }
            out.append("}")
        }
        out.append("]")
    }

    /// poll's result: `1 ([{fd=3, revents=POLLIN}])`, `0 (Timeout)`, and ppoll's `left {...}`.
    mutating func pollResult(timeout: UInt64?) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        if result == 0 {
            suffix.append(" (Timeout)")
        } else if memory.dereferences {  // -e verbose=: outside it, the count alone
            swap(&suffix, &out)
            out.append(" (")
            pollfds(at: arg(0), count: Int(clamping: arg(1)), results: true)
            if let timeout, timeout != 0 {
                out.append(", left ")
                timespec(at: timeout)
            }
            out.append(")")
            swap(&suffix, &out)
        }
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    mutating func selectEntry(timeval: Bool) {
        decimal(0)
        let count = Int(int(0))
        for i in 1...3 {
            next()
            fdSet(at: arg(i), count: count)
        }
        saved = nil
    }

    /// `[3 4]`: the descriptors in an fd_set of `count` bits.
    /// `always`: read even outside `-e verbose=` (strace shows select's result sets then).
    mutating func fdSet(at address: UInt64, count: Int, always: Bool = false) {
        guard address != 0 else { out.append("NULL"); return }
        guard count > 0 else { out.append("[]"); return }
        let bytes = min((count + 7) / 8, 1024 / 8 * 8)
        var bits = [UInt8](repeating: 0, count: bytes)
        let ok: Bool = bits.withUnsafeMutableBytes { bits in
            always ? (try? memory.remote.readExactly(from: address, into: bits)) != nil : (try? memory.readExactly(from: address, into: bits)) != nil
        }
        guard ok else { out.append(hex: address); return }
        out.append("[")
        var first = true
        for fd in 0..<min(count, bytes * 8) where bits[fd / 8] & (1 << (fd % 8)) != 0 {
            if !first { out.append(" ") }
            first = false
            out.append(decimal: fd)
        }
        out.append("]")
    }

    /// select's result: `2 (in [4], out [5], left {...})` or `0 (Timeout)`.
    mutating func selectResult(timeval: Bool) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        swap(&suffix, &out)
        if result == 0 {
            out.append(" (Timeout)")
        } else {
            out.append(" (")
            var first = true
            let count = Int(int(0))
            for (i, name) in [(1, "in"), (2, "out"), (3, "except")] where arg(i) != 0 {
                var probe = OutputBuffer(capacity: 64)
                swap(&probe, &out)
                fdSet(at: arg(i), count: count, always: true)
                swap(&probe, &out)
                guard probe.contents != Array("[]".utf8) else { continue }
                if !first { out.append(", ") }
                first = false
                out.append(name)
                out.append(" ")
                out.append(bytes: probe.contents)
            }
            if arg(4) != 0 {
                if !first { out.append(", ") }
                out.append("left ")
                if timeval { self.timeval(at: arg(4)) } else { timespec(at: arg(4)) }
            }
            out.append(")")
        }
        swap(&suffix, &out)
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    /// pselect6's sixth argument: `{sigmask=[USR1], sigsetsize=8}`.
    mutating func pselectMask(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load((UInt64, UInt64).self, from: address) else { out.append(hex: address); return }
        out.append("{sigmask=")
        signalSet(at: value.0)
        out.append(", sigsetsize=")
        out.append(decimal: value.1)
        out.append("}")
    }

    /// `{events=EPOLLIN, data={u32=42, u64=42}}`, or an array of them.
    mutating func epollEvents(at address: UInt64, count: Int, array: Bool) {
        guard address != 0 else { out.append("NULL"); return }
        // struct epoll_event is packed on x86_64: 4 bytes of events, 8 of data.
        let size = 12
        let shown = max(0, min(count, format.stringLimit))
        var raw: [UInt8] = []
        let ok = (try? memory.readExactly(from: address, count: shown * size, into: &raw, structure: true)) != nil
        guard ok || shown == 0 else { out.append(hex: address); return }
        if array { out.append("[") }
        for index in 0..<shown {
            if index > 0 { out.append(", ") }
            let base = index * size
            var events: UInt64 = 0
            for b in 0..<4 { events |= UInt64(raw[base + b]) << (8 * UInt64(b)) }
            var data: UInt64 = 0
            for b in 0..<8 { data |= UInt64(raw[base + 4 + b]) << (8 * UInt64(b)) }
            out.append("{events=")
            symbolic(events) { $0.appendFlags(events, in: Constants.epollEvents) }
            out.append(", data={u32=")
            out.append(decimal: UInt32(truncatingIfNeeded: data))
            out.append(", u64=")
            out.append(decimal: data)
            out.append("}}")
        }
        if count > shown { out.append(", ...") }
        if array { out.append("]") }
    }

    mutating func epollWaitExit() {
        next()
        if failed { out.appendPointer(arg(1)); return }
        epollEvents(at: arg(1), count: Int(result), array: true)
    }
}
