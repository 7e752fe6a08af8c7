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
            d.flags(1, Constants.timerFlags, unknown: "TIMER_???")
            d.next()
            d.timespec(at: d.arg(2))
            return .atExit
        }, exit: { d in
            // The remaining time is written only for a relative sleep (no TIMER_ABSTIME).
            if d.arg(1) == 0 {
                d.remainingTime(3)
            } else {
                d.pointer(3)
            }
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
            d.flags(1, Constants.timerfdFlags, unknown: "TFD_???")
            return .done(.fd)
        },
        .timerfd_settime: SyscallDecoder(entry: { d in
            d.fd(0)
            d.flags(1, Constants.timerfdFlags, unknown: "TFD_???")
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
            d.pollfds(at: d.arg(0), count: d.arg(1) & 0xffff_ffff)
            d.unsigned(1)
            d.decimal(2)
            return .resultAtExit
        }, exit: { d in
            d.pollResult(timeout: nil)
            return .custom
        }),
        .ppoll: SyscallDecoder(entry: { d in
            d.next()
            d.pollfds(at: d.arg(0), count: d.arg(1) & 0xffff_ffff)
            d.unsigned(1)
            d.next()
            d.timespec(at: d.arg(2))
            d.next()
            d.signalSet(at: d.arg(3), length: d.arg(4))
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
            d.kernelSignalSet(at: d.arg(5))
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
            d.xlatValue(d.arg(1) & 0xffff_ffff, Constants.epollOperations, unknown: "EPOLL_CTL_???")
            d.fd(2)
            d.next()
            if d.int(1) == Int32(Constants.EPOLL_CTL_DEL) {
                d.pointerValue(d.arg(3))
            } else {
                d.epollEvents(at: d.arg(3), count: 1, array: false)
            }
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
            d.output(4) { $0.signalSet(at: $1, length: $0.arg(5)) }
            d.unsignedLong(5)
            return .decimal
        }),
        .epoll_pwait2: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.epollWaitExit()
            d.decimal(2)
            d.output(3) { $0.timespec(at: $1) }
            d.output(4) { $0.signalSet(at: $1, length: $0.arg(5)) }
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
        field("tv_nsec"); unsignedValue(UInt64(bitPattern: nanoseconds))
        endStructure()
    }

    /// `{tv_sec=0, tv_usec=0}`.
    mutating func timeval(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int64, Int64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tv_sec"); signedValue(value.0)
        field("tv_usec"); unsignedValue(UInt64(bitPattern: value.1))
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
        // ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK (strace's is_erestart: not EINTR).
        let interrupted: Bool
        switch result {
        case -512, -513, -514, -516: interrupted = failed
        default: interrupted = false
        }
        if interrupted && address != 0 { timespec(at: address) } else { pointerValue(address) }
    }

    /// poll's `[{fd=3, events=POLLIN}]` at entry: strace's array of
    /// pollfds (`events` only for a descriptor >= 0), cut at `-s` elements.
    mutating func pollfds(at address: UInt64, count: UInt64) {
        straceArray(at: address, count: count, of: (Int32, Int16, Int16).self) { d, entry in
            d.beginStructure()
            d.field("fd"); d.fdValue(entry.0)
            if entry.0 >= 0 {
                d.field("events"); d.flagsValue(UInt64(UInt16(bitPattern: entry.1)), Constants.pollEvents)
            }
            d.endStructure()
        }
    }

    /// strace's print_array: NULL, `[]` for no elements, the address when
    /// the first element can't be read (or the size overflows), `...` after
    /// `-s` elements unless -v, and `..., /* 0x... */` where reading stops.
    /// `element` prints one element read from the tracee. Elements are read
    /// one at a time, at most 2^20 of them.
    mutating func straceArray<Element: BitwiseCopyable>(at start: UInt64, count: UInt64, of type: Element.Type,
                                                        _ element: (inout Decoding, Element) -> Void) {
        straceArrayWhile(at: start, count: count, of: type) { (d: inout Decoding, value: Element) -> Bool in
            element(&d, value)
            return true
        }
    }

    /// `straceArray` whose `element` may end the array (returning false
    /// after printing what ends it, as strace's print functions do).
    /// `evenAfterFailure`: read at the exit of a failed call too (strace's
    /// sendmmsg clears the error while it prints).
    mutating func straceArrayWhile<Element: BitwiseCopyable>(at start: UInt64, count: UInt64, of type: Element.Type,
                                                             evenAfterFailure: Bool = false,
                                                             _ element: (inout Decoding, Element) -> Bool) {
        guard start != 0 else { pointerValue(0); return }
        guard count != 0 else { beginArray(); endArray(); return }
        let size = UInt64(MemoryLayout<Element>.size)
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        let end = start &+ total
        guard !overflow, end > start else { pointerValue(start); return }
        let limit = unabbreviated ? count : min(count, UInt64(max(format.stringLimit, 0)))
        let readable = memory.dereferences && (exit == nil || !failed || evenAfterFailure)
        // The elements likely printed, in one read when they can be read whole
        // (at most 256 KiB); the rest, or all when that read fails, one by one.
        let batchCount = size == 0 ? 0 : min(limit == UInt64.max ? count : limit &+ 1, count, (1 << 18) / max(size, 1))
        var batch: [UInt8] = []
        let batched = readable && batchCount > 0
            && (try? memory.readExactly(from: start, count: Int(batchCount * size), into: &batch, structure: true)) != nil
        func fetch(at index: UInt64) -> Element? {
            if batched && index < batchCount {
                return batch.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Int(index * size), as: Element.self) }
            }
            return try? memory.load(type, from: start &+ index &* size)
        }
        var index: UInt64 = 0
        while index < count {
            let address = start &+ index &* size
            guard readable, index < 1 << 20, let value = fetch(at: index) else {
                if index == 0 {
                    unreadable(address)
                    return
                }
                customValue(.unreadable(address)) { $0.append("...") }
                comment { $0.append(hex: address) }
                break
            }
            if index == 0 { beginArray() }
            if index >= limit {
                endArray(cut: true)
                return
            }
            guard element(&self, value) else { break }
            index += 1
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

    /// poll's result: `1 ([{fd=3, revents=POLLIN}])`, `0 (Timeout)`, and
    /// ppoll's `left {...}`, as strace's decode_poll_exiting builds it: the
    /// ready entries (cut at `-s` unless -v, and where memory ends), and the
    /// time left read at exit.
    mutating func pollResult(timeout: UInt64?) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        let start = arg(0)
        let count = arg(1) & 0xffff_ffff
        if result == 0 {
            suffix.append(" (Timeout)")
        } else if memory.dereferences, start != 0, count != 0, start &+ count &* 8 > start {
            var text = OutputBuffer(capacity: 128)
            let limit = unabbreviated ? UInt64.max : UInt64(max(format.stringLimit, 0))
            var printed: UInt64 = 0
            // strace's 1024-byte buffer: an entry that would not fit ends the list.
            let room = 1024 - (2 + 16 + 9)
            // One read for the whole array when it can be read whole; else entry by entry.
            let total = min(count, 1 << 20)
            // The reused scratch storage (no allocation per call).
            var whole: [UInt8] = []
            swap(&whole, &scratch)
            defer { swap(&whole, &scratch) }
            let wholeRead = (try? memory.readExactly(from: start, count: Int(total) * 8, into: &whole, structure: true)) != nil
            func entry(_ index: UInt64) -> (Int32, Int16, Int16)? {
                guard wholeRead else { return try? memory.load((Int32, Int16, Int16).self, from: start &+ index &* 8) }
                let at = Int(index) * 8
                func half(_ offset: Int) -> UInt16 { UInt16(whole[at + offset]) | UInt16(whole[at + offset + 1]) << 8 }
                return (Int32(bitPattern: UInt32(half(0)) | UInt32(half(2)) << 16), Int16(bitPattern: half(4)), Int16(bitPattern: half(6)))
            }
            for index in 0..<total {
                let address = start &+ index &* 8
                guard let entry = entry(index) else {
                    text.append(text.count == 0 ? "[" : ", ")
                    text.append(hex: address)
                    break
                }
                if entry.2 == 0 { continue }
                text.append(text.count == 0 ? "[" : ", ")
                if printed >= limit {
                    text.append("...")
                    break
                }
                var element = OutputBuffer(capacity: 64)
                element.append("{fd=")
                element.append(decimal: entry.0)
                element.append(", revents=")
                let revents = UInt64(UInt16(bitPattern: entry.2))
                unrecorded(into: &element) { $0.flagsValue(revents, Constants.pollEvents) }
                if text.count + element.count + 1 >= room {
                    text.append("...")
                    break
                }
                text.append(bytes: element.contents)
                text.append("}")
                printed += 1
            }
            if text.count > 0 { text.append("]") }
            if let timeout, timeout != 0 {
                text.append(text.count == 0 ? "left " : ", left ")
                if let value = try? memory.load((Int64, Int64).self, from: timeout) {
                    text.append("{tv_sec=")
                    text.append(decimal: value.0)
                    text.append(", tv_nsec=")
                    text.append(decimal: UInt64(bitPattern: value.1))
                    text.append("}")
                } else {
                    text.append(hex: timeout)
                }
            }
            if text.count > 0 {
                suffix.append(" (")
                suffix.append(bytes: text.contents)
                suffix.append(")")
            }
        }
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    /// select's nfds as the kernel and strace take it: an int, 0 when
    /// negative, at most 2^20.
    var selectDescriptorCount: Int { Int(min(max(int(0), 0), 1 << 20)) }

    mutating func selectEntry(timeval: Bool) {
        decimal(0)
        let count = selectDescriptorCount
        for i in 1...3 {
            next()
            fdSet(at: arg(i), count: count)
        }
        saved = nil
    }

    /// The bytes strace reads of an fd_set of `count` bits: whole 8-byte words.
    static func fdSetSize(_ count: Int) -> Int { ((count + 7) / 8 + 7) & ~7 }

    /// `[3 4]`: the descriptors in an fd_set of `count` bits (with -y,
    /// their paths); the address when there are no bits to read.
    mutating func fdSet(at address: UInt64, count: Int) {
        let size = Decoding.fdSetSize(count)
        guard size > 0, memory.dereferences else { pointerValue(address); return }
        guard address != 0 else { pointerValue(0); return }
        var bits: [UInt8] = []
        swap(&bits, &scratch)
        defer { swap(&bits, &scratch) }
        guard (try? memory.readExactly(from: address, count: size, into: &bits, structure: true)) != nil else {
            unreadable(address)
            return
        }
        beginValue()
        out.append(byte: UInt8(ascii: "["))
        record(.beginArray)
        var first = true
        for (index, byte) in bits.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                let fd = index * 8 + bit
                guard fd < count else { break }
                if !first { out.append(byte: UInt8(ascii: " ")) }
                first = false
                out.append(decimal: fd)
                if !format.descriptors.isEmpty { out.appendDescriptorPath(pid: memory.pid, fd: Int64(fd), decoding: format.descriptors) }
                record(.descriptor(Int32(fd), annotation: nil))
            }
        }
        out.append(byte: UInt8(ascii: "]"))
        record(.endArray(cut: false))
    }

    /// select's result as strace's decode_select builds it:
    /// `2 (in [4], out [5], left {...})` or `0 (Timeout)`; the sets list
    /// at most as many descriptors as the call says are ready.
    mutating func selectResult(timeval: Bool) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        if result == 0 {
            suffix.append(" (Timeout)")
        } else {
            var text = OutputBuffer(capacity: 128)
            var ready = result
            let count = selectDescriptorCount
            let size = Decoding.fdSetSize(count)
            var separator = false
            var bits: [UInt8] = []
            swap(&bits, &scratch)
            defer { swap(&bits, &scratch) }
            for (i, name) in [(1, "in"), (2, "out"), (3, "except")] where ready > 0 && size > 0 && arg(i) != 0 {
                guard (try? memory.remote.readExactly(from: arg(i), count: size, into: &bits)) != nil else { continue }
                var first = true
                scan: for (index, byte) in bits.enumerated() where byte != 0 {
                    for bit in 0..<8 where byte & (1 << bit) != 0 {
                        let fd = index * 8 + bit
                        guard fd < count else { break scan }
                        // strace's 1024-byte buffer: descriptors that would not fit are left out.
                        if text.count < 1024 - (11 + 12 + 2) {
                            if first {
                                if separator { text.append(", ") }
                                text.append(name)
                                text.append(" [")
                                first = false
                                separator = true
                            } else {
                                text.append(" ")
                            }
                            text.append(decimal: fd)
                        }
                        ready -= 1
                        if ready == 0 { break scan }
                    }
                }
                if text.count > 0 { text.append("]") }
            }
            if arg(4) != 0 {
                text.append(separator ? ", left " : "left ")
                if memory.dereferences, let value = try? memory.load((Int64, Int64).self, from: arg(4)) {
                    text.append("{tv_sec=")
                    text.append(decimal: value.0)
                    text.append(timeval ? ", tv_usec=" : ", tv_nsec=")
                    text.append(decimal: UInt64(bitPattern: value.1))
                    text.append("}")
                } else {
                    text.append(hex: arg(4))
                }
            }
            suffix.append(" (")
            suffix.append(bytes: text.contents)
            suffix.append(")")
        }
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    /// pselect6's sixth argument: `{sigmask=[USR1], sigsetsize=8}` (the set
    /// read at its size, as strace's print_kernel_sigset does).
    mutating func kernelSignalSet(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("sigmask"); signalSet(at: value.0, length: value.1)
        field("sigsetsize"); unsignedValue(value.1)
        endStructure()
    }

    /// `{events=EPOLLIN, data={u32=42, u64=42}}` (epoll_ctl's), or strace's
    /// array of them (epoll_wait's, cut at `-s` unless -v).
    mutating func epollEvents(at address: UInt64, count: Int, array: Bool) {
        // struct epoll_event is packed on x86_64: 4 bytes of events, 8 of data.
        func event(_ d: inout Decoding, _ raw: (UInt32, UInt32, UInt32)) {
            let data = UInt64(raw.1) | UInt64(raw.2) << 32
            d.beginStructure()
            d.field("events"); d.flagsValue(UInt64(raw.0), Constants.epollEvents)
            d.field("data")
            d.beginStructure()
            d.field("u32"); d.unsignedValue(raw.1)
            d.field("u64"); d.unsignedValue(data)
            d.endStructure()
            d.endStructure()
        }
        if array {
            straceArray(at: address, count: UInt64(bitPattern: Int64(count)), of: (UInt32, UInt32, UInt32).self, event)
            return
        }
        guard address != 0 else { pointerValue(0); return }
        guard let raw = try? memory.load((UInt32, UInt32, UInt32).self, from: address) else { unreadable(address); return }
        event(&self, raw)
    }

    /// strace's printxval: a value by name (`-X` as `symbolic`), else
    /// `%#x` with `unknown` in a comment (none under -X raw); zero is `0`.
    mutating func xlatValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        if let entry = table.first(where: { UInt64(bitPattern: $0.value) == value }) {
            symbolic(value, named: true) { $0.append(entry.name) }
        } else {
            customValue(.constant(Int64(bitPattern: value), ValueTape.Span(start: 0, end: 0))) { out in
                if value == 0 { out.append("0") } else { out.append(hex: value) }
            }
            if format.constants != .raw { comment(unknown) }
        }
    }

    mutating func epollWaitExit() {
        output(1) { d, address in d.epollEvents(at: address, count: Int(d.result), array: true) }
    }
}
