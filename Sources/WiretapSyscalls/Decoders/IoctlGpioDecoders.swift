import WiretapCore

/// The GPIO character device ioctls (0xb4, strace's gpio_ioctl.c). Requests
/// that pass a structure both ways print what was asked at entry and
/// ` => ` what the kernel filled in at exit (nothing more when it failed).
extension Decoding {
    mutating func gpioEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.GPIO_GET_CHIPINFO_IOCTL, R.GPIOHANDLE_GET_LINE_VALUES_IOCTL:
            return .atExit
        case R.GPIO_GET_LINEINFO_UNWATCH_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 4) else { return .done() }
            beginStructure()
            field("offset"); unsignedValue(Self.littleEndian(b, 0, 4))
            endStructure()
        case R.GPIO_V2_GET_LINEINFO_IOCTL, R.GPIO_V2_GET_LINEINFO_WATCH_IOCTL:
            return gpioEntryPair(at: address, count: 256) { d, b in
                d.field("offset"); d.unsignedValue(Self.littleEndian(b, 64, 4))
            }
        case R.GPIO_V2_GET_LINE_IOCTL:
            return gpioEntryPair(at: address, count: 592) { d, b in d.gpioV2LineRequest(b) }
        case R.GPIO_V2_LINE_SET_CONFIG_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 272) else { return .done() }
            gpioV2LineConfig(b, at: 0)
        case R.GPIO_V2_LINE_GET_VALUES_IOCTL:
            return gpioEntryPair(at: address, count: 16) { d, b in
                d.field("mask"); d.hexValue(Self.littleEndian(b, 8, 8))
            }
        case R.GPIO_V2_LINE_SET_VALUES_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { return .done() }
            beginStructure()
            field("bits"); hexValue(Self.littleEndian(b, 0, 8))
            field("mask"); hexValue(Self.littleEndian(b, 8, 8))
            endStructure()
        case R.GPIO_GET_LINEINFO_IOCTL, R.GPIO_GET_LINEINFO_WATCH_IOCTL:
            return gpioEntryPair(at: address, count: 72) { d, b in
                d.field("line_offset"); d.unsignedValue(Self.littleEndian(b, 0, 4))
            }
        case R.GPIO_GET_LINEHANDLE_IOCTL:
            return gpioEntryPair(at: address, count: 364) { d, b in d.gpioHandleRequest(b) }
        case R.GPIO_GET_LINEEVENT_IOCTL:
            return gpioEntryPair(at: address, count: 48) { d, b in
                d.field("lineoffset"); d.unsignedValue(Self.littleEndian(b, 0, 4))
                d.field("handleflags")
                d.flagsValue(Self.littleEndian(b, 4, 4), Constants.gpioHandleFlags, unknown: "GPIOHANDLE_REQUEST_???")
                d.field("eventflags")
                d.flagsValue(Self.littleEndian(b, 8, 4), Constants.gpioEventFlags, unknown: "GPIOEVENT_REQUEST_???")
                d.field("consumer_label"); d.loopCString(b[12..<44])
            }
        case R.GPIOHANDLE_SET_LINE_VALUES_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 64) else { return .done() }
            gpioHandleData(b)
        case R.GPIOHANDLE_SET_CONFIG_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 84) else { return .done() }
            beginStructure()
            field("flags")
            flagsValue(Self.littleEndian(b, 0, 4), Constants.gpioHandleFlags, unknown: "GPIOHANDLE_REQUEST_???")
            field("default_values"); ioctlLocalArray(count: 64) { d, i in d.unsignedValue(b[4 + i]) }
            endStructure()
        default:
            return nil
        }
        return .done()
    }

    /// The first half of `{in} => {out}`: the structure's fields that go in,
    /// or its address (then nothing at exit).
    mutating func gpioEntryPair(at address: UInt64, count: Int, _ fields: (inout Decoding, [UInt8]) -> Void) -> EntryResult {
        next()
        guard let b = ioctlRead(at: address, count: count) else { return .done() }
        beginOffsetPair()
        beginStructure()
        fields(&self, b)
        endStructure()
        return .continuesAtExit
    }

    mutating func gpioExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.GPIO_GET_CHIPINFO_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 68) else { break }
            beginStructure()
            field("name"); loopCString(b[0..<32])
            field("label"); loopCString(b[32..<64])
            field("lines"); unsignedValue(Self.littleEndian(b, 64, 4))
            endStructure()
        case R.GPIOHANDLE_GET_LINE_VALUES_IOCTL:
            next()
            guard let b = ioctlRead(at: address, count: 64) else { break }
            gpioHandleData(b)
        case R.GPIO_V2_GET_LINEINFO_IOCTL, R.GPIO_V2_GET_LINEINFO_WATCH_IOCTL, R.GPIO_V2_GET_LINE_IOCTL,
             R.GPIO_V2_LINE_GET_VALUES_IOCTL, R.GPIO_GET_LINEINFO_IOCTL, R.GPIO_GET_LINEINFO_WATCH_IOCTL,
             R.GPIO_GET_LINEHANDLE_IOCTL, R.GPIO_GET_LINEEVENT_IOCTL:
            gpioExitPair(request, at: address)
        default:
            return nil
        }
        return .decimal
    }

    /// ` => {...}` after what the entry printed, unless the call failed.
    mutating func gpioExitPair(_ request: UInt32, at address: UInt64) {
        typealias R = IoctlRequest
        defer { endOffsetPair() }
        guard !failed else { return }
        offsetPairSeparator()
        let size: Int
        switch request {
        case R.GPIO_V2_GET_LINEINFO_IOCTL, R.GPIO_V2_GET_LINEINFO_WATCH_IOCTL: size = 256
        case R.GPIO_V2_GET_LINE_IOCTL: size = 592
        case R.GPIO_V2_LINE_GET_VALUES_IOCTL: size = 16
        case R.GPIO_GET_LINEINFO_IOCTL, R.GPIO_GET_LINEINFO_WATCH_IOCTL: size = 72
        case R.GPIO_GET_LINEHANDLE_IOCTL: size = 364
        default: size = 48
        }
        guard let b = ioctlRead(at: address, count: size) else { return }
        beginStructure()
        switch request {
        case R.GPIO_V2_GET_LINEINFO_IOCTL, R.GPIO_V2_GET_LINEINFO_WATCH_IOCTL:
            gpioV2LineInfo(b)
        case R.GPIO_V2_GET_LINE_IOCTL:
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 588, 4)))
        case R.GPIO_V2_LINE_GET_VALUES_IOCTL:
            field("bits"); hexValue(Self.littleEndian(b, 0, 8))
        case R.GPIO_GET_LINEINFO_IOCTL, R.GPIO_GET_LINEINFO_WATCH_IOCTL:
            field("flags")
            flagsValue(Self.littleEndian(b, 4, 4), Constants.gpioLineFlags, unknown: "GPIOLINE_FLAG_???")
            field("name"); loopCString(b[8..<40])
            field("consumer"); loopCString(b[40..<72])
        case R.GPIO_GET_LINEHANDLE_IOCTL:
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 360, 4)))
        default:
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 44, 4)))
        }
        endStructure()
    }

    /// `struct gpiohandle_request`'s fields that go in.
    mutating func gpioHandleRequest(_ b: [UInt8]) {
        let lines = Int(Self.littleEndian(b, 356, 4))
        field("lines"); unsignedValue(UInt32(lines))
        field("lineoffsets"); ioctlLocalArray(count: min(lines, 64)) { d, i in d.unsignedValue(Self.littleEndian(b, i * 4, 4)) }
        field("flags")
        flagsValue(Self.littleEndian(b, 256, 4), Constants.gpioHandleFlags, unknown: "GPIOHANDLE_REQUEST_???")
        field("default_values"); ioctlLocalArray(count: min(lines, 64)) { d, i in d.unsignedValue(b[260 + i]) }
        field("consumer_label"); loopCString(b[324..<356])
    }

    /// `struct gpiohandle_data`: `{values=[...]}`.
    mutating func gpioHandleData(_ b: [UInt8]) {
        beginStructure()
        field("values"); ioctlLocalArray(count: 64) { d, i in d.unsignedValue(b[i]) }
        endStructure()
    }

    /// `struct gpio_v2_line_request`'s fields that go in.
    mutating func gpioV2LineRequest(_ b: [UInt8]) {
        let lines = Self.littleEndian(b, 560, 4)
        field("num_lines"); unsignedValue(lines)
        field("offsets")
        ioctlLocalArray(count: Int(min(lines, 64))) { d, i in d.unsignedValue(Self.littleEndian(b, i * 4, 4)) }
        field("consumer"); loopCString(b[256..<288])
        field("config"); gpioV2LineConfig(b, at: 288)
        let bufferSize = Self.littleEndian(b, 564, 4)
        if bufferSize != 0 { field("event_buffer_size"); unsignedValue(bufferSize) }
        gpioPadding(b, at: 568, count: 5)
    }

    /// `padding=[...]` when any of `count` u32 at `offset` is set.
    mutating func gpioPadding(_ b: [UInt8], at offset: Int, count: Int) {
        guard b[offset..<(offset + count * 4)].contains(where: { $0 != 0 }) else { return }
        // PRINT_FIELD_X_ARRAY: every element, whatever -s says.
        field("padding")
        beginArray()
        for index in 0..<count { hexValue(Self.littleEndian(b, offset + index * 4, 4)) }
        endArray()
    }

    /// `struct gpio_v2_line_config` at `offset`.
    mutating func gpioV2LineConfig(_ b: [UInt8], at offset: Int) {
        let count = Self.littleEndian(b, offset + 8, 4)
        beginStructure()
        field("flags")
        flagsValue(Self.littleEndian(b, offset, 8), Constants.gpioV2LineFlags, unknown: "GPIO_V2_LINE_FLAG_???")
        field("num_attrs"); unsignedValue(count)
        gpioPadding(b, at: offset + 12, count: 5)
        if count != 0 {
            field("attrs")
            ioctlLocalArray(count: Int(min(count, 10))) { d, i in
                let attribute = offset + 32 + i * 24
                d.beginStructure()
                d.gpioV2LineAttribute(b, at: attribute, asField: true)
                d.field("mask"); d.hexValue(Self.littleEndian(b, attribute + 16, 8))
                d.endStructure()
            }
        }
        endStructure()
    }

    /// `struct gpio_v2_line_info`'s fields (inside the braces).
    mutating func gpioV2LineInfo(_ b: [UInt8]) {
        let count = Self.littleEndian(b, 68, 4)
        field("name"); loopCString(b[0..<32])
        field("consumer"); loopCString(b[32..<64])
        field("flags")
        flagsValue(Self.littleEndian(b, 72, 8), Constants.gpioV2LineFlags, unknown: "GPIO_V2_LINE_FLAG_???")
        field("num_attrs"); unsignedValue(count)
        if count != 0 {
            field("attrs")
            ioctlLocalArray(count: Int(min(count, 10))) { d, i in
                d.beginStructure()
                d.gpioV2LineAttribute(b, at: 80 + i * 16, asField: false)
                d.endStructure()
            }
        }
        gpioPadding(b, at: 240, count: 4)
    }

    /// A `struct gpio_v2_line_attribute`'s fields by its id; `id=, data=`
    /// (inside `attr={...}` for a config attribute) for an unknown id or a
    /// set padding.
    mutating func gpioV2LineAttribute(_ b: [UInt8], at offset: Int, asField: Bool) {
        let id = Int64(Self.littleEndian(b, offset, 4))
        let padding = Self.littleEndian(b, offset + 4, 4)
        let value = Self.littleEndian(b, offset + 8, 8)
        if padding == 0 {
            switch id {
            case Constants.GPIO_V2_LINE_ATTR_ID_FLAGS:
                field("flags"); flagsValue(value, Constants.gpioV2LineFlags, unknown: "GPIO_V2_LINE_FLAG_???")
                return
            case Constants.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES:
                field("values"); hexValue(value)
                return
            case Constants.GPIO_V2_LINE_ATTR_ID_DEBOUNCE:
                field("debounce_period_us"); unsignedValue(UInt32(truncatingIfNeeded: value))
                return
            default:
                break
            }
        }
        if asField {
            field("attr")
            beginStructure()
        }
        field("id"); unsignedValue(UInt32(id))
        if padding != 0 { field("padding"); hexValue(padding) }
        field("data"); hexValue(value)
        if asField { endStructure() }
    }
}
