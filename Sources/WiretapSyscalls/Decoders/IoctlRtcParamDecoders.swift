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
        bitNumberFlags(value, Constants.rtcFeatureBits, prefix: "1<<", unknown: "1<<RTC_FEATURE_???")
    }
}
