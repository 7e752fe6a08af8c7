import WiretapCore

/// RTC_PARAM_GET and RTC_PARAM_SET ('p', strace's rtc.c): `struct
/// rtc_param`, the parameter and index at entry and, for a get, ` => ` the
/// value at exit. The other rtc requests are left to `IoctlArgument`.
extension Decoding {
    mutating func rtcParamEntry(_ request: UInt32) -> EntryResult? {
        let get: Bool
        switch request {
        case IoctlRequest.RTC_PARAM_GET: get = true
        case IoctlRequest.RTC_PARAM_SET: get = false
        default: return nil
        }
        next()
        guard let b = ioctlRead(at: arg(2), count: 24) else { return .done() }
        if get { beginOffsetPair() }
        beginStructure()
        field("param")
        namedValue(Int64(bitPattern: Self.littleEndian(b, 0, 8)), Constants.rtcParameters, unknown: "RTC_PARAM_???")
        if !get { rtcParamValue(b) }
        field("index"); unsignedValue(Self.littleEndian(b, 16, 4))
        rtcParamPadding(b)
        endStructure()
        return get ? .continuesAtExit : .done()
    }

    /// ` => {uvalue=...}` (the address when the call failed: strace reads it all the same).
    mutating func rtcParamExit(_ request: UInt32) -> ReturnFormat? {
        guard request == IoctlRequest.RTC_PARAM_GET else { return nil }
        defer { endOffsetPair() }
        offsetPairSeparator()
        guard let b = ioctlRead(at: arg(2), count: 24) else { return .decimal }
        beginStructure()
        rtcParamValue(b)
        rtcParamPadding(b)
        endStructure()
        return .decimal
    }

    /// The value field the parameter names.
    mutating func rtcParamValue(_ b: [UInt8]) {
        let value = Self.littleEndian(b, 8, 8)
        switch Int64(bitPattern: Self.littleEndian(b, 0, 8)) {
        case Constants.RTC_PARAM_FEATURES:
            field("uvalue"); rtcFeatures(value)
        case Constants.RTC_PARAM_CORRECTION:
            field("svalue"); signedValue(Int64(bitPattern: value))
        case Constants.RTC_PARAM_BACKUP_SWITCH_MODE:
            field("uvalue"); namedValue(Int64(bitPattern: value), Constants.rtcBackupSwitchModes, unknown: "RTC_BSM_???")
        default:
            field("uvalue"); hexValue(value)
        }
    }

    mutating func rtcParamPadding(_ b: [UInt8]) {
        let padding = Self.littleEndian(b, 20, 4)
        if padding != 0 { field("__pad"); hexValue(padding) }
    }

    /// RTC_PARAM_FEATURES's bits as strace names them: `1<<RTC_FEATURE_ALARM|...`.
    mutating func rtcFeatures(_ value: UInt64) {
        let table = Constants.rtcFeatureBits
        let known = table.contains { $0.value >= 0 && $0.value < 64 && value & (1 << UInt64($0.value)) != 0 }
        guard value != 0, !known else {
            symbolic(value) { out in
                var rest = value
                var first = true
                for entry in table where entry.value >= 0 && entry.value < 64 && rest & (1 << UInt64(entry.value)) != 0 {
                    if !first { out.append("|") }
                    out.append("1<<")
                    out.append(entry.name)
                    rest &= ~(1 << UInt64(entry.value))
                    first = false
                }
                if rest != 0 || first {
                    if !first { out.append("|") }
                    if rest == 0 { out.append("0") } else { out.append(hex: rest) }
                }
            }
            return
        }
        customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
        if format.constants != .raw { comment("1<<RTC_FEATURE_???") }
    }
}
