import Glibc
import WiretapCore

/// Decoders of POSIX timers (timer_*), clock adjustment (adjtimex,
/// clock_adjtime), settimeofday, times, the old file-time calls (utime,
/// utimes, futimesat) and resource limits (getrlimit, setrlimit). The other
/// time calls live in PollingDecoders (sleeps, clocks, itimers, timerfd).
enum TimeDecoders {
    static let all: DecoderFamily = [
        .timer_create: SyscallDecoder(entry: { d in
            d.clockID(0)
            d.next()
            d.sigevent(at: d.arg(1), size: 32)  // strace reads its first 32 bytes
            return .atExit
        }, exit: { d in
            d.output(2) { d, address in
                guard address != 0 else { d.pointerValue(0); return }
                guard let id = try? d.memory.load(Int32.self, from: address) else { d.unreadable(address); return }
                d.beginArray()
                d.signedValue(id)
                d.endArray()
            }
            return .decimal
        }),
        .timer_settime: SyscallDecoder(entry: { d in
            d.decimal(0)
            d.flags(1, Constants.timerFlags, unknown: "TIMER_???")
            d.next()
            d.itimerspec(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.output(3) { $0.itimerspec(at: $1) }
            return .decimal
        }),
        .timer_gettime: SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerspec(at: $1) }
            return .decimal
        }),
        .timer_getoverrun: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
        .timer_delete: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
        .adjtimex: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.adjtimexExit(buffer: 0)
        }),
        .clock_adjtime: SyscallDecoder(entry: { d in
            d.clockID(0)
            return .atExit
        }, exit: { d in
            d.adjtimexExit(buffer: 1)
        }),
        .settimeofday: SyscallDecoder { d in
            d.next()
            d.timeval(at: d.arg(0))
            d.next()
            d.timezone(at: d.arg(1))
            return .done()
        },
        .times: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.processTimes(at: $1) }
            return .decimal
        }),
        .utime: SyscallDecoder { d in
            d.path(0)
            d.next()
            d.utimbuf(at: d.arg(1))
            return .done()
        },
        .utimes: SyscallDecoder { d in
            d.path(0)
            d.next()
            d.timevalPair(at: d.arg(1))
            return .done()
        },
        .futimesat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.next()
            d.timevalPair(at: d.arg(2))
            return .done()
        },
        .getrlimit: SyscallDecoder(entry: { d in
            d.rlimitResource(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.rlimit(at: $1) }
            return .decimal
        }),
        .setrlimit: SyscallDecoder { d in
            d.rlimitResource(0)
            d.next()
            d.rlimit(at: d.arg(1))
            return .done()
        },
    ]
}

extension Decoding {
    /// A resource limit's resource: `RLIMIT_NOFILE`, `0x10 /* RLIMIT_??? */`.
    mutating func rlimitResource(_ i: Int) {
        next()
        namedValue(Int64(bitPattern: arg(i)), Constants.resourceLimits, unknown: "RLIMIT_???")
    }

    /// adjtimex and clock_adjtime at exit: the timex (its address if the
    /// call failed), and a successful result with the clock state's name
    /// (`= 0 (TIME_OK)`). An i386 tracee's timex has its own layout.
    mutating func adjtimexExit(buffer i: Int) -> ReturnFormat {
        next()
        let address = arg(i)
        guard !failed else { pointerValue(address); return .decimal }
        guard is32Bit ? timex32(at: address) : timex(at: address) else { return .decimal }
        let state = result
        guard let entry = Constants.adjtimexStates.first(where: { $0.value == state }) else { return .decimal }
        let name = entry.name
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(" (")
            out.append(name)
            out.append(")")
        }
        return .custom
    }

    /// A struct timex, every field; false (the address or NULL printed) if it
    /// could not be read.
    mutating func timex(at address: UInt64) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        // The kernel's struct __kernel_timex: 208 bytes on x86_64.
        var raw: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 208, into: &raw, structure: true)) != nil, raw.count >= 208 else {
            unreadable(address)
            return false
        }
        func u32(_ offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for b in 0..<4 { value |= UInt32(raw[offset + b]) << (8 * UInt32(b)) }
            return value
        }
        func s64(_ offset: Int) -> Int64 {
            var value: UInt64 = 0
            for b in 0..<8 { value |= UInt64(raw[offset + b]) << (8 * UInt64(b)) }
            return Int64(bitPattern: value)
        }
        beginStructure()
        field("modes"); flagsValue(UInt64(u32(0)), Constants.adjtimexModes, unknown: "ADJ_???")
        field("offset"); signedValue(s64(8))
        field("freq"); signedValue(s64(16))
        field("maxerror"); signedValue(s64(24))
        field("esterror"); signedValue(s64(32))
        field("status"); flagsValue(UInt64(u32(40)), Constants.adjtimexStatus, unknown: "STA_???")
        field("constant"); signedValue(s64(48))
        field("precision"); signedValue(s64(56))
        field("tolerance"); signedValue(s64(64))
        field("time")
        beginStructure()
        field("tv_sec"); signedValue(s64(72))
        field("tv_usec"); unsignedValue(UInt64(bitPattern: s64(80)))
        endStructure()
        field("tick"); signedValue(s64(88))
        field("ppsfreq"); signedValue(s64(96))
        field("jitter"); signedValue(s64(104))
        field("shift"); signedValue(Int32(bitPattern: u32(112)))
        field("stabil"); signedValue(s64(120))
        field("jitcnt"); signedValue(s64(128))
        field("calcnt"); signedValue(s64(136))
        field("errcnt"); signedValue(s64(144))
        field("stbcnt"); signedValue(s64(152))
        field("tai"); signedValue(Int32(bitPattern: u32(160)))
        endStructure()
        return true
    }

    /// times' struct tms: `{tms_utime=12 /* 0.12 s */, ...}`.
    mutating func processTimes(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((UInt64, UInt64, UInt64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("tms_utime"); clockTicks(times.0)
        field("tms_stime"); clockTicks(times.1)
        field("tms_cutime"); clockTicks(times.2)
        field("tms_cstime"); clockTicks(times.3)
        endStructure()
    }

    /// A clock_t as strace's print_clock_t: unsigned, commented with seconds
    /// when nonzero (not under -X raw): `43 /* 0.43 s */`.
    mutating func clockTicks(_ ticks: UInt64) {
        unsignedValue(ticks)
        let perSecond = UInt64(clamping: sysconf(Int32(_SC_CLK_TCK)))
        guard ticks != 0, format.constants != .raw, perSecond > 0 else { return }
        // As many fraction digits as the tick rate has beyond its first (2 for 100 Hz), at most 9.
        var width = 0
        var rate = perSecond
        while rate >= 10 && width < 9 { rate /= 10; width += 1 }
        comment { out in
            out.append(decimal: ticks / perSecond)
            out.append(".")
            // The fraction rounded to `width` digits, as printf's %.*f does.
            var scale: UInt64 = 1
            for _ in 0..<width { scale *= 10 }
            let fraction = ticks % perSecond
            // fraction < perSecond, and scale <= 1e9: no overflow for any real tick rate.
            let digits = min((fraction.multipliedReportingOverflow(by: scale * 2).partialValue + perSecond) / (perSecond * 2), scale - 1)
            Decoding.appendZeroPadded(digits, width: width, to: &out)
            out.append(" s")
        }
    }

    /// utime's struct utimbuf: `{actime=1 /* 1970-01-01T00:00:01+0000 */, modtime=...}`.
    mutating func utimbuf(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Int64, Int64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("actime"); signedValue(times.0)
        localTimeComment(seconds: times.0, fraction: 0, maximum: 0, width: 0)
        field("modtime"); signedValue(times.1)
        localTimeComment(seconds: times.1, fraction: 0, maximum: 0, width: 0)
        endStructure()
    }

    /// utimes' and futimesat's two timevals, each commented with its local
    /// time: `[{tv_sec=1, tv_usec=0} /* 1970-01-01T00:00:01+0000 */, ...]`.
    mutating func timevalPair(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Int64, UInt64, Int64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        // strace's print_local_array: cut at -s elements unless -v.
        let shown = unabbreviated ? 2 : min(2, max(0, format.stringLimit))
        beginArray()
        for index in 0..<shown {
            let seconds = index == 0 ? times.0 : times.2, microseconds = index == 0 ? times.1 : times.3
            beginStructure()
            field("tv_sec"); signedValue(seconds)
            field("tv_usec"); unsignedValue(microseconds)
            endStructure()
            localTimeComment(seconds: seconds, fraction: microseconds, maximum: 999_999, width: 6)
        }
        endArray(cut: shown < 2)
    }

    /// strace's sprinttime_ex as a comment: `/* 2024-05-01T12:00:00.000100+0000 */`,
    /// nothing for a zero time, a fraction above `maximum`, or a time
    /// localtime cannot convert.
    mutating func localTimeComment(seconds: Int64, fraction: UInt64, maximum: UInt64, width: Int) {
        guard !(seconds == 0 && fraction == 0), fraction <= maximum else { return }
        var t = time_t(seconds)
        var local = tm()
        guard localtime_r(&t, &local) != nil else { return }
        comment { out in
            func two(_ v: Int32) { if v < 10 { out.append("0") }; out.append(decimal: v) }
            out.append(decimal: Int64(local.tm_year) + 1900)
            out.append("-"); two(local.tm_mon + 1)
            out.append("-"); two(local.tm_mday)
            out.append("T"); two(local.tm_hour)
            out.append(":"); two(local.tm_min)
            out.append(":"); two(local.tm_sec)
            if fraction > 0 {
                out.append(".")
                Decoding.appendZeroPadded(fraction, width: width, to: &out)
            }
            let offset = local.tm_gmtoff
            out.append(offset < 0 ? "-" : "+")
            two(Int32(abs(offset) / 3600))
            two(Int32(abs(offset) % 3600 / 60))
        }
    }

    /// `value` in decimal, zero-padded on the left to `width` digits (`%0*llu`).
    static func appendZeroPadded(_ value: UInt64, width: Int, to out: inout OutputBuffer) {
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        if digits < width { for _ in digits..<width { out.append("0") } }
        out.append(decimal: value)
    }
}
