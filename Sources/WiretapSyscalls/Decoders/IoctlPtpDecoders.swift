import WiretapCore

/// The PTP hardware clock ioctls ('=', strace's ptp.c). strace leaves them
/// in hexadecimal outside `-e verbose=`. Requests whose structure strace
/// opens at entry and closes at exit (PTP_SYS_OFFSET's samples, a pin's
/// function) are printed whole at exit here, from the memory then; the
/// line reads the same.
extension Decoding {
    mutating func ptpEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        guard memory.dereferences else { return nil }
        let address = arg(2)
        switch request {
        case R.PTP_CLOCK_GETCAPS, R.PTP_CLOCK_GETCAPS2, R.PTP_SYS_OFFSET_PRECISE, R.PTP_SYS_OFFSET_PRECISE2:
            next()
            return .continuesAtExit
        case R.PTP_EXTTS_REQUEST, R.PTP_EXTTS_REQUEST2:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { break }
            beginStructure()
            field("index"); unsignedValue(Self.littleEndian(b, 0, 4))
            field("flags")
            flagsValue(Self.littleEndian(b, 4, 4), Constants.ptpExternalTimestampFlags, unknown: "PTP_???")
            if request == R.PTP_EXTTS_REQUEST2 { ptpReserved(b, at: 8, count: 2) }
            endStructure()
        case R.PTP_PEROUT_REQUEST, R.PTP_PEROUT_REQUEST2:
            next()
            guard let b = ioctlRead(at: address, count: 56) else { break }
            let flags = Self.littleEndian(b, 36, 4)
            beginStructure()
            if flags & UInt64(Constants.PTP_PEROUT_PHASE) != 0 {
                field("phase"); ptpClockTime(b, at: 0, realTime: false)
            } else {
                field("start"); ptpClockTime(b, at: 0, realTime: true)
            }
            field("period"); ptpClockTime(b, at: 16, realTime: false)
            field("index"); unsignedValue(Self.littleEndian(b, 32, 4))
            field("flags"); flagsValue(flags, Constants.ptpPeriodicOutputFlags, unknown: "PTP_PEROUT_???")
            if flags & UInt64(Constants.PTP_PEROUT_DUTY_CYCLE) != 0 {
                field("on"); ptpClockTime(b, at: 40, realTime: false)
            } else if request == R.PTP_PEROUT_REQUEST2 {
                ptpReserved(b, at: 40, count: 4)
            }
            endStructure()
        case R.PTP_ENABLE_PPS, R.PTP_ENABLE_PPS2:
            next()
            hexValue(address)
        case R.PTP_SYS_OFFSET, R.PTP_SYS_OFFSET2, R.PTP_SYS_OFFSET_EXTENDED, R.PTP_SYS_OFFSET_EXTENDED2:
            next()
            let extended = request == R.PTP_SYS_OFFSET_EXTENDED || request == R.PTP_SYS_OFFSET_EXTENDED2
            guard let b = ioctlRead(at: address, count: extended ? 1216 : 832) else { break }
            saved = Int64(Self.littleEndian(b, 0, 4))
            return .continuesAtExit
        case R.PTP_PIN_GETFUNC, R.PTP_PIN_GETFUNC2, R.PTP_PIN_SETFUNC, R.PTP_PIN_SETFUNC2:
            next()
            guard let b = ioctlRead(at: address, count: 96) else { break }
            if request == R.PTP_PIN_GETFUNC || request == R.PTP_PIN_GETFUNC2 {
                saved = Int64(Self.littleEndian(b, 64, 4))
                return .continuesAtExit
            }
            beginStructure()
            field("index"); unsignedValue(Self.littleEndian(b, 64, 4))
            ptpPinFunction(b, request: request)
            endStructure()
        default:
            return nil
        }
        return .done()
    }

    mutating func ptpExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.PTP_CLOCK_GETCAPS, R.PTP_CLOCK_GETCAPS2:
            guard let b = ioctlRead(at: address, count: 80) else { break }
            beginStructure()
            for (index, name) in Self.ptpCapabilityFields.enumerated() {
                field(name); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, index * 4, 4)))
            }
            ptpReserved(b, at: 32, count: 12)
            endStructure()
        case R.PTP_SYS_OFFSET_PRECISE, R.PTP_SYS_OFFSET_PRECISE2:
            guard let b = ioctlRead(at: address, count: 64) else { break }
            beginStructure()
            field("device"); ptpClockTime(b, at: 0, realTime: true)
            field("sys_realtime"); ptpClockTime(b, at: 16, realTime: true)
            field("sys_monoraw"); ptpClockTime(b, at: 32, realTime: false)
            ptpReserved(b, at: 48, count: 4)
            endStructure()
        case R.PTP_SYS_OFFSET, R.PTP_SYS_OFFSET2, R.PTP_SYS_OFFSET_EXTENDED, R.PTP_SYS_OFFSET_EXTENDED2:
            let extended = request == R.PTP_SYS_OFFSET_EXTENDED || request == R.PTP_SYS_OFFSET_EXTENDED2
            var b: [UInt8] = []
            let readable = (try? memory.readExactly(from: address, count: extended ? 1216 : 832, into: &b,
                                                    structure: true)) != nil
            beginStructure()
            field("n_samples"); unsignedValue(UInt64(saved ?? 0))
            if readable { ptpReserved(b, at: 4, count: 3) }
            if !failed {
                if readable {
                    let samples = Int(min(Self.littleEndian(b, 0, 4), 25))
                    field("ts")
                    if extended {
                        ioctlLocalArray(count: samples) { d, i in
                            d.beginArray()
                            for j in 0..<3 { d.ptpClockTime(b, at: 16 + i * 48 + j * 16, realTime: true) }
                            d.endArray()
                        }
                    } else {
                        ioctlLocalArray(count: 2 * samples + 1) { d, i in d.ptpClockTime(b, at: 16 + i * 16, realTime: true) }
                    }
                } else {
                    customValue(.unreadable(address)) { $0.append("???") }
                }
            }
            endStructure()
        case R.PTP_PIN_GETFUNC, R.PTP_PIN_GETFUNC2:
            var b: [UInt8] = []
            let readable = (try? memory.readExactly(from: address, count: 96, into: &b, structure: true)) != nil
            beginStructure()
            field("index"); unsignedValue(UInt64(saved ?? 0))
            if request == R.PTP_PIN_GETFUNC2 && readable { ptpReserved(b, at: 76, count: 5) }
            if !failed {
                if readable {
                    field("name"); loopCString(b[0..<64])
                    ptpPinFunction(b, request: request)
                } else {
                    customValue(.unreadable(address)) { $0.append("???") }
                }
            }
            endStructure()
        default:
            return nil
        }
        return .decimal
    }

    /// struct ptp_clock_caps's int fields, in order.
    static let ptpCapabilityFields: [StaticString] = ["max_adj", "n_alarm", "n_ext_ts", "n_per_out", "pps", "n_pins",
                                                      "cross_timestamping", "adjust_phase"]

    /// `func=PTP_PF_EXTTS, chan=0` (and PTP_PIN_SETFUNC2's reserved words).
    mutating func ptpPinFunction(_ b: [UInt8], request: UInt32) {
        field("func"); namedValue(Int64(Self.littleEndian(b, 68, 4)), Constants.ptpPinFunctions, unknown: "PTP_PF_???")
        field("chan"); unsignedValue(Self.littleEndian(b, 72, 4))
        if request == IoctlRequest.PTP_PIN_SETFUNC2 { ptpReserved(b, at: 76, count: 5) }
    }

    /// `struct ptp_clock_time`: `{sec=1, nsec=2}` (reserved when set), with
    /// the local time commented for a wall-clock time.
    mutating func ptpClockTime(_ b: [UInt8], at offset: Int, realTime: Bool) {
        let seconds = Int64(bitPattern: Self.littleEndian(b, offset, 8))
        let nanoseconds = Self.littleEndian(b, offset + 8, 4)
        let reserved = Self.littleEndian(b, offset + 12, 4)
        beginStructure()
        field("sec"); signedValue(seconds)
        field("nsec"); unsignedValue(nanoseconds)
        if reserved != 0 { field("reserved"); hexValue(reserved) }
        endStructure()
        if realTime && format.constants != .raw {
            localTimeComment(seconds: seconds, fraction: nanoseconds, maximum: 999_999_999, width: 9)
        }
    }

    /// `rsv=[...]` when any of `count` words at `offset` is set.
    mutating func ptpReserved(_ b: [UInt8], at offset: Int, count: Int) {
        guard b[offset..<(offset + count * 4)].contains(where: { $0 != 0 }) else { return }
        field("rsv")
        ioctlLocalArray(count: count) { d, i in d.hexValue(Self.littleEndian(b, offset + i * 4, 4)) }
    }
}
