import Glibc
import WiretapCore

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
            d.output(0) { d, address in
                guard let value = d.load(Int64.self, 0) else { return }
                d.beginArray()
                d.signedValue(value)
                d.endArray()
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
            d.flags(0, Constants.epollCreateFlags, unknown: "EPOLL_???")
            return .done(.fd)
        },
        .epoll_ctl: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.namedValue(Int64(d.int(1)), Constants.epollOperations, unknown: "EPOLL_CTL_???")
            d.fd(2)
            d.next()
            d.epollEvents(at: d.arg(3), count: 1, array: false)
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
            d.flags(1, Constants.eventfdCreateFlags, unknown: "EFD_???")
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
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int64, Int64).self, from: address) else { unreadable(address); return }
        timespecValue(value.0, value.1)
    }

    mutating func timespecValue(_ seconds: Int64, _ nanoseconds: Int64) {
        beginStructure()
        field("tv_sec"); signedValue(seconds)
        field("tv_nsec"); signedValue(nanoseconds)
        endStructure()
    }

    /// `{tv_sec=0, tv_usec=0}`.
    mutating func timeval(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int64, Int64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tv_sec"); signedValue(value.0)
        field("tv_usec"); signedValue(value.1)
        endStructure()
    }

    mutating func timezone(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int32, Int32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tz_minuteswest"); signedValue(value.0)
        field("tz_dsttime"); signedValue(value.1)
        endStructure()
    }

    /// `{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=5, tv_nsec=0}}`.
    mutating func itimerspec(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int64, Int64, Int64, Int64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("it_interval"); timespecValue(value.0, value.1)
        field("it_value"); timespecValue(value.2, value.3)
        endStructure()
    }

    /// `{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}`.
    mutating func itimerval(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard (try? memory.load((Int64, Int64, Int64, Int64).self, from: address)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("it_interval"); timeval(at: address)
        field("it_value"); timeval(at: address + 16)
        endStructure()
    }

    /// A sleep's remaining time: written only when a signal interrupted it.
    mutating func remainingTime(_ i: Int) {
        next()
        let address = arg(i)
        let interrupted = failed && [-4, -512, -513, -514, -516].contains(result)  // EINTR, ERESTART*
        if interrupted && address != 0 { timespec(at: address) } else { pointerValue(address) }
    }

    /// `[{fd=3, events=POLLIN}]` at entry, or at exit the ready ones
    /// `[{fd=3, revents=POLLIN}]`.
    mutating func pollfds(at address: UInt64, count: Int, results: Bool) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        guard (try? memory.load((Int32, Int16, Int16).self, from: address)) != nil else { unreadable(address); return }
        beginArray()
        var shown = 0
        // nfds comes from the tracee: bound the walk (the kernel refuses more than RLIMIT_NOFILE).
        for index in 0..<min(count, 1 << 20) {
            guard let entry = try? memory.load((Int32, Int16, Int16).self, from: address &+ UInt64(index) &* 8) else { break }
            let events = UInt64(UInt16(bitPattern: results ? entry.2 : entry.1))
            if results && events == 0 { continue }
            if shown >= format.stringLimit { endArray(cut: true); return }
            shown += 1
            beginStructure()
            // strace prints the number alone (no -y path).
            field("fd"); customValue(.descriptor(entry.0, annotation: nil)) { $0.append(decimal: entry.0) }
            if results { field("revents") } else { field("events") }
            flagsValue(events, Constants.pollEvents)
            endStructure()
        }
        endArray()
    }

    /// Runs emitters for text that is not an argument (a result's
    /// explanation): into `text`, recording nothing.
    mutating func unrecorded(into text: inout OutputBuffer, _ emit: (inout Decoding) -> Void) {
        let recording = recordsValues
        recordsValues = false
        swap(&text, &out)
        emit(&self)
        swap(&text, &out)
        recordsValues = recording
    }

    /// poll's result: `1 ([{fd=3, revents=POLLIN}])`, `0 (Timeout)`, and ppoll's `left {...}`.
    mutating func pollResult(timeout: UInt64?) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        if result == 0 {
            suffix.append(" (Timeout)")
        } else if memory.dereferences {  // -e verbose=: outside it, the count alone
            suffix.append(" (")
            unrecorded(into: &suffix) { $0.pollfds(at: $0.arg(0), count: Int(clamping: $0.arg(1)), results: true) }
            if let timeout, timeout != 0 {
                suffix.append(", left ")
                unrecorded(into: &suffix) { $0.timespec(at: timeout) }
            }
            suffix.append(")")
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
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { descriptorSetValue([]); return }
        let bytes = min((count + 7) / 8, 1024 / 8 * 8)
        var bits = [UInt8](repeating: 0, count: bytes)
        let ok: Bool = bits.withUnsafeMutableBytes { bits in
            always ? (try? memory.remote.readExactly(from: address, into: bits)) != nil : (try? memory.readExactly(from: address, into: bits)) != nil
        }
        guard ok else { unreadable(address); return }
        var fds: [Int32] = []
        for fd in 0..<min(count, bytes * 8) where bits[fd / 8] & (1 << (fd % 8)) != 0 { fds.append(Int32(fd)) }
        descriptorSetValue(fds)
    }

    /// `[3 4]`: an array of descriptors separated by spaces, as strace
    /// prints an fd_set (no -y paths). A general emitter.
    mutating func descriptorSetValue(_ fds: [Int32]) {
        beginValue()
        out.append(byte: UInt8(ascii: "["))
        record(.beginArray)
        for (index, fd) in fds.enumerated() {
            if index > 0 { out.append(byte: UInt8(ascii: " ")) }
            out.append(decimal: fd)
            record(.descriptor(fd, annotation: nil))
        }
        out.append(byte: UInt8(ascii: "]"))
        record(.endArray(cut: false))
    }

    /// select's result: `2 (in [4], out [5], left {...})` or `0 (Timeout)`.
    mutating func selectResult(timeval: Bool) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        if result == 0 {
            suffix.append(" (Timeout)")
        } else {
            suffix.append(" (")
            var first = true
            let count = Int(int(0))
            for (i, name) in [(1, "in"), (2, "out"), (3, "except")] where arg(i) != 0 {
                var probe = OutputBuffer(capacity: 64)
                unrecorded(into: &probe) { $0.fdSet(at: $0.arg(i), count: count, always: true) }
                guard probe.contents != Array("[]".utf8) else { continue }
                if !first { suffix.append(", ") }
                first = false
                suffix.append(name)
                suffix.append(" ")
                suffix.append(bytes: probe.contents)
            }
            if arg(4) != 0 {
                if !first { suffix.append(", ") }
                suffix.append("left ")
                unrecorded(into: &suffix) { d in
                    if timeval { d.timeval(at: d.arg(4)) } else { d.timespec(at: d.arg(4)) }
                }
            }
            suffix.append(")")
        }
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    /// pselect6's sixth argument: `{sigmask=[USR1], sigsetsize=8}`.
    mutating func pselectMask(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("sigmask"); signalSet(at: value.0)
        field("sigsetsize"); unsignedValue(value.1)
        endStructure()
    }

    /// `{events=EPOLLIN, data={u32=42, u64=42}}`, or an array of them.
    mutating func epollEvents(at address: UInt64, count: Int, array: Bool) {
        guard address != 0 else { pointerValue(0); return }
        // struct epoll_event is packed on x86_64: 4 bytes of events, 8 of data.
        let size = 12
        // -s cuts arrays; epoll_ctl's one event shows whole, as strace's does.
        let shown = array ? max(0, min(count, format.stringLimit)) : max(0, count)
        var raw: [UInt8] = []
        let ok = (try? memory.readExactly(from: address, count: shown * size, into: &raw, structure: true)) != nil
        guard ok || shown == 0 else { unreadable(address); return }
        if array { beginArray() }
        for index in 0..<shown {
            let base = index * size
            var events: UInt64 = 0
            for b in 0..<4 { events |= UInt64(raw[base + b]) << (8 * UInt64(b)) }
            var data: UInt64 = 0
            for b in 0..<8 { data |= UInt64(raw[base + 4 + b]) << (8 * UInt64(b)) }
            beginStructure()
            field("events"); flagsValue(events, Constants.epollEvents)
            field("data")
            beginStructure()
            field("u32"); unsignedValue(UInt32(truncatingIfNeeded: data))
            field("u64"); unsignedValue(data)
            endStructure()
            endStructure()
        }
        if array { endArray(cut: count > shown) }
    }

    mutating func epollWaitExit() {
        output(1) { d, address in d.epollEvents(at: address, count: Int(d.result), array: true) }
    }
}
