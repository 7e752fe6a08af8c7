import WiretapCore

/// The LIRC (infrared) ioctls ('i', strace's lirc_ioctl.c): an unsigned int
/// in brackets, read at exit for the getters; features as flags, modes by
/// name, the transmitter mask in hexadecimal.
extension Decoding {
    mutating func lircEntry(_ request: UInt32) -> EntryResult? {
        guard Self.isLircRequest(request) else { return nil }
        next()
        if request >> 30 == 2 { return .continuesAtExit }
        lircValue(request)
        return .done()
    }

    /// The requests strace decodes.
    static func isLircRequest(_ request: UInt32) -> Bool {
        typealias R = IoctlRequest
        switch request {
        case R.LIRC_GET_FEATURES, R.LIRC_GET_SEND_MODE, R.LIRC_GET_REC_MODE, R.LIRC_GET_REC_RESOLUTION,
             R.LIRC_GET_MIN_TIMEOUT, R.LIRC_GET_MAX_TIMEOUT, R.LIRC_GET_LENGTH, R.LIRC_SET_SEND_MODE,
             R.LIRC_SET_REC_MODE, R.LIRC_SET_SEND_CARRIER, R.LIRC_SET_REC_CARRIER, R.LIRC_SET_SEND_DUTY_CYCLE,
             R.LIRC_SET_TRANSMITTER_MASK, R.LIRC_SET_REC_TIMEOUT, R.LIRC_SET_REC_TIMEOUT_REPORTS,
             R.LIRC_SET_MEASURE_CARRIER_MODE, R.LIRC_SET_REC_CARRIER_RANGE, R.LIRC_SET_WIDEBAND_RECEIVER,
             R.LIRC_GET_REC_TIMEOUT:
            return true
        default:
            return false
        }
    }

    mutating func lircExit(_ request: UInt32) -> ReturnFormat? {
        guard Self.isLircRequest(request), request >> 30 == 2 else { return nil }
        lircValue(request)
        return .decimal
    }

    /// `[LIRC_CAN_SEND_PULSE|...]`, `[LIRC_MODE_MODE2]`, `[0x3]` or `[38000]`.
    mutating func lircValue(_ request: UInt32) {
        typealias R = IoctlRequest
        guard let b = ioctlRead(at: arg(2), count: 4) else { return }
        let value = Self.littleEndian(b, 0, 4)
        beginArray()
        switch request {
        case R.LIRC_GET_FEATURES:
            flagsValue(value, Constants.lircFeatures, unknown: "LIRC_CAN_???")
        case R.LIRC_GET_SEND_MODE, R.LIRC_GET_REC_MODE, R.LIRC_SET_SEND_MODE, R.LIRC_SET_REC_MODE:
            namedValue(Int64(value), Constants.lircModes, unknown: "LIRC_MODE_???")
        case R.LIRC_SET_TRANSMITTER_MASK:
            hexValue(value)
        default:
            unsignedValue(value)
        }
        endArray()
    }
}
