import WiretapCore

/// The input event device ioctls ('E', strace's evdev.c and evdev_mpers.c):
/// read requests (`EVIOCG*`) print their argument at exit, write requests
/// (`EVIOCS*`, EVIOCGRAB...) at entry, others in hexadecimal.
extension Decoding {
    /// `_IOC_READ`: at exit; `_IOC_WRITE`: now; other directions: the generic hexadecimal.
    mutating func evdevEntry(_ request: UInt32) -> EntryResult? {
        switch request >> 30 {
        case 2:
            return .atExit
        case 1:
            next()
            evdevWrite(request, at: arg(2))
            return .done()
        default:
            return nil
        }
    }

    mutating func evdevExit(_ request: UInt32) -> ReturnFormat? {
        guard request >> 30 == 2 else { return nil }
        next()
        evdevRead(request, at: arg(2))
        return .decimal
    }

    /// The read requests strace names with their size, by number (0x06-0x0a, 0x18-0x1b).
    static let evdevSizedRequestNames: [StaticString] = ["EVIOCGNAME(", "EVIOCGPHYS(", "EVIOCGUNIQ(", "EVIOCGPROP(",
                                                          "EVIOCGMTSLOTS(", "EVIOCGKEY(", "EVIOCGLED(", "EVIOCGSND(",
                                                          "EVIOCGSW("]

    /// strace's evdev_decode_number: `EVIOCGNAME(128)`, `EVIOCGBIT(EV_KEY, 96)`,
    /// `EVIOCGABS(ABS_X)`, `EVIOCSABS(ABS_Y)`; under `-X verbose` (inside a
    /// comment) an unknown axis or type is its bare number.
    static func evdevRequestName(_ code: UInt32, verbose: Bool, _ out: inout OutputBuffer) -> Bool {
        let nr = code & 0xff, size = (code >> 16) & 0x3fff, direction = code >> 30
        func axis(_ value: UInt32, _ table: [NamedConstant], _ unknown: StaticString, _ out: inout OutputBuffer) {
            if out.appendName(of: Int64(value), in: table) { return }
            if value == 0 { out.append("0") } else { out.append(hex: UInt64(value)) }
            if !verbose {
                out.append(" /* ")
                out.append(unknown)
                out.append(" */")
            }
        }
        if direction == 1 {
            guard nr >= 0xc0 else { return false }
            out.append("EVIOCSABS(")
            axis(nr - 0xc0, Constants.evdevAbsoluteAxes, "ABS_???", &out)
            out.append(")")
            return true
        }
        guard direction == 2 else { return false }
        switch nr {
        case 0x20...0x3f:
            out.append("EVIOCGBIT(")
            if nr == 0x20 { out.append("0") } else { axis(nr - 0x20, Constants.evdevEventTypes, "EV_???", &out) }
            out.append(", ")
            out.append(decimal: size)
            out.append(")")
        case 0x40...0x7f:
            out.append("EVIOCGABS(")
            axis(nr - 0x40, Constants.evdevAbsoluteAxes, "ABS_???", &out)
            out.append(")")
        case 0x06...0x0a, 0x18...0x1b:
            out.append(evdevSizedRequestNames[nr <= 0x0a ? Int(nr - 0x06) : Int(nr - 0x18 + 5)])
            out.append(decimal: size)
            out.append(")")
        default:
            return false
        }
        return true
    }

    /// A read request's argument, once the call is over (strace's evdev_read_ioctl).
    mutating func evdevRead(_ code: UInt32, at address: UInt64) {
        typealias R = IoctlRequest
        switch code {
        case R.EVIOCGVERSION: ioctlInt(at: address, .hexadecimal); return
        case R.EVIOCGEFFECTS: ioctlInt(at: address, .unsigned); return
        case R.EVIOCGID: evdevID(at: address); return
        case R.EVIOCGREP: ioctlIntPair(at: address); return
        case R.EVIOCGKEYCODE: evdevKeycode(at: address); return
        case R.EVIOCGKEYCODE_V2: evdevKeymapEntry(at: address); return
        default: break
        }
        let nr = code & 0xff
        switch nr {
        case 0x0a:
            evdevMultitouchSlots(code, at: address)
        case 0x06, 0x07, 0x08:
            if failed { pointerValue(address) } else { ioctlBuffer(at: address, length: UInt64(bitPattern: result)) }
        case 0x09: evdevBitset(at: address, Constants.evdevProperties, maxBit: 0x1f, unknown: "PROP_???")
        case 0x1a: evdevBitset(at: address, Constants.evdevSounds, maxBit: 0x07, unknown: "SND_???")
        case 0x1b: evdevBitset(at: address, Constants.evdevSwitches, maxBit: 0x10, unknown: "SW_???")
        case 0x18: evdevBitset(at: address, Constants.evdevKeycodes, maxBit: 0x2ff, unknown: "KEY_???")
        case 0x19: evdevBitset(at: address, Constants.evdevLeds, maxBit: 0x0f, unknown: "LED_???")
        case 0x40...0x7f: evdevAbsoluteInfo(code, at: address)
        case 0x20...0x3f: evdevBits(type: nr & 0x1f, at: address)
        default: pointerValue(address)
        }
    }

    /// A write request's argument (strace's evdev_write_ioctl).
    mutating func evdevWrite(_ code: UInt32, at address: UInt64) {
        typealias R = IoctlRequest
        // A 32-bit tracee's EVIOCSFF carries its 44-byte struct ff_effect.
        if is32Bit && code == Self.ioctlRequest(R.EVIOCSFF, size: 44) {
            evdevEffect(at: address)
            return
        }
        switch code {
        case R.EVIOCSREP: ioctlIntPair(at: address)
        case R.EVIOCSKEYCODE: evdevKeycode(at: address)
        case R.EVIOCSKEYCODE_V2: evdevKeymapEntry(at: address)
        case R.EVIOCRMFF: signedValue(Int32(truncatingIfNeeded: address))
        case R.EVIOCGRAB, R.EVIOCREVOKE: unsignedValue(address)
        case R.EVIOCSCLOCKID: ioctlInt(at: address, .unsigned)
        case R.EVIOCSFF: evdevEffect(at: address)
        default:
            if code & 0xff >= 0xc0 { evdevAbsoluteInfo(code, at: address) } else { pointerValue(address) }
        }
    }

    /// EVIOCGBIT(type, len): the bits of one event type's codes.
    mutating func evdevBits(type: UInt32, at address: UInt64) {
        switch Int64(type) {
        case 0: evdevBitset(at: address, Constants.evdevEventTypes, maxBit: 0x1f, unknown: "EV_???")
        case Constants.EV_KEY: evdevBitset(at: address, Constants.evdevKeycodes, maxBit: 0x2ff, unknown: "KEY_???")
        case Constants.EV_REL: evdevBitset(at: address, Constants.evdevRelativeAxes, maxBit: 0x0f, unknown: "REL_???")
        case Constants.EV_ABS: evdevBitset(at: address, Constants.evdevAbsoluteAxes, maxBit: 0x3f, unknown: "ABS_???")
        case Constants.EV_MSC: evdevBitset(at: address, Constants.evdevMisc, maxBit: 0x07, unknown: "MSC_???")
        case Constants.EV_SW: evdevBitset(at: address, Constants.evdevSwitches, maxBit: 0x10, unknown: "SW_???")
        case Constants.EV_LED: evdevBitset(at: address, Constants.evdevLeds, maxBit: 0x0f, unknown: "LED_???")
        case Constants.EV_SND: evdevBitset(at: address, Constants.evdevSounds, maxBit: 0x07, unknown: "SND_???")
        case Constants.EV_REP: evdevBitset(at: address, Constants.evdevAutorepeat, maxBit: 0x01, unknown: "REP_???")
        case Constants.EV_FF: evdevBitset(at: address, Constants.evdevForceFeedbackTypes, maxBit: 0x7f, unknown: "FF_???")
        case Constants.EV_PWR: ioctlInt(at: address, .signed)
        case Constants.EV_FF_STATUS:
            evdevBitset(at: address, Constants.evdevForceFeedbackStatus, maxBit: 0x01, unknown: "FF_STATUS_???")
        default: pointerValue(address)
        }
    }

    /// strace's decode_bitset: as many bits as the call returned bytes (at
    /// most `maxBit`), read in whole words; `[KEY_ESC KEY_1 ...]` (four names
    /// unless `-v`), the words under `-X raw`, both under `-X verbose`.
    mutating func evdevBitset(at address: UInt64, _ table: [NamedConstant], maxBit: Int, unknown: StaticString) {
        let returned = UInt64(bitPattern: result)
        let bits = returned > UInt64(maxBit / 8) ? maxBit : Int(returned) * 8
        let size = (bits + 7) / 8 + wordSize - 1 - ((bits + 7) / 8 + wordSize - 1) % wordSize
        guard !failed, size > 0 else { pointerValue(address); return }
        guard let bytes = ioctlRead(at: address, count: size) else { return }
        let style = format.constants
        if style != .raw {
            beginValue()
            out.append(byte: UInt8(ascii: "["))
            record(.beginArray)
            var shown = 0
            var cut = false
            for bit in 0..<bits where bytes[bit >> 3] & (1 << UInt8(bit & 7)) != 0 {
                if shown > 0 {
                    out.append(byte: UInt8(ascii: " "))
                    if !unabbreviated && shown > 3 {
                        out.append("...")
                        cut = true
                        break
                    }
                }
                namedValue(Int64(bit), table, unknown: unknown)
                shown += 1
            }
            out.append(byte: UInt8(ascii: "]"))
            record(.endArray(cut: cut))
        }
        if style == .raw {
            ioctlWordArray(bytes)
        } else if style == .verbose {
            let limit = format.stringLimit
            let words = size / wordSize
            let word = wordSize
            let abbreviate = !unabbreviated
            comment { out in
                out.append(byte: UInt8(ascii: "["))
                for index in 0..<words {
                    if index > 0 { out.append(", ") }
                    if abbreviate && index >= limit {
                        out.append("...")
                        break
                    }
                    let value = Self.littleEndian(bytes, index * word, word)
                    if value == 0 { out.append("0") } else { out.append(hex: value) }
                }
                out.append(byte: UInt8(ascii: "]"))
            }
        }
    }

    /// The words of a bit set in hexadecimal (strace's print_local_array of
    /// print_xint_array_member), cut at `-s` elements unless `-v`.
    mutating func ioctlWordArray(_ bytes: [UInt8]) {
        let words = bytes.count / wordSize
        beginArray()
        var cut = false
        for index in 0..<words {
            if !unabbreviated && index >= format.stringLimit {
                cut = true
                break
            }
            hexValue(Self.littleEndian(bytes, index * wordSize, wordSize))
        }
        endArray(cut: cut)
    }

    /// EVIOCGID's `struct input_id`: `{bustype=3, vendor=1133, product=49298, version=273}`.
    mutating func evdevID(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: 8) else { return }
        beginStructure()
        field("bustype"); unsignedValue(Self.littleEndian(b, 0, 2))
        field("vendor"); unsignedValue(Self.littleEndian(b, 2, 2))
        field("product"); unsignedValue(Self.littleEndian(b, 4, 2))
        field("version"); unsignedValue(Self.littleEndian(b, 6, 2))
        endStructure()
    }

    /// EVIOCGKEYCODE/EVIOCSKEYCODE's `[scancode, KEY_A]`.
    mutating func evdevKeycode(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: 8) else { return }
        beginArray()
        unsignedValue(Self.littleEndian(b, 0, 4))
        namedValue(Int64(Self.littleEndian(b, 4, 4)), Constants.evdevKeycodes, unknown: "KEY_???")
        endArray()
    }

    /// `struct input_keymap_entry`: `{flags=0, len=4, ...}`; with `-v` the
    /// index, keycode and the 32 scancode bytes.
    mutating func evdevKeymapEntry(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: 40) else { return }
        beginStructure()
        field("flags"); unsignedValue(b[0])
        field("len"); unsignedValue(b[1])
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("index"); unsignedValue(Self.littleEndian(b, 2, 2))
        field("keycode"); namedValue(Int64(Self.littleEndian(b, 4, 4)), Constants.evdevKeycodes, unknown: "KEY_???")
        // PRINT_FIELD_X_ARRAY: every element, whatever -s says.
        field("scancode")
        beginArray()
        for index in 0..<32 { hexValue(UInt64(b[8 + index])) }
        endArray()
        endStructure()
    }

    /// EVIOCGMTSLOTS(len): `{code=ABS_MT_SLOT, values=[...]}`, len / 4 - 1 values.
    mutating func evdevMultitouchSlots(_ code: UInt32, at address: UInt64) {
        let count = Int((code >> 16) & 0x3fff) / 4
        guard count > 0 else { pointerValue(address); return }
        guard let b = ioctlRead(at: address, count: 4) else { return }
        beginStructure()
        field("code")
        namedValue(Int64(Self.littleEndian(b, 0, 4)), Constants.evdevMultitouchSlots, unknown: "ABS_MT_???")
        field("values")
        ioctlArray(at: address &+ 4, count: count - 1, elementSize: 4) { d, bytes in
            d.signedValue(Int32(truncatingIfNeeded: Self.littleEndian(bytes, 0, 4)))
        }
        endStructure()
    }

    /// EVIOCGABS/EVIOCSABS's `struct input_absinfo`, of the request's size:
    /// `{value=0, minimum=0, ...}`; with `-v` maximum, fuzz, flat and (when
    /// the size holds it) resolution; `...` for a larger size.
    mutating func evdevAbsoluteInfo(_ code: UInt32, at address: UInt64) {
        let size = Int((code >> 16) & 0x3fff)
        guard size >= 20 else { pointerValue(address); return }
        guard let b = ioctlRead(at: address, count: min(size, 24)) else { return }
        beginStructure()
        field("value"); unsignedValue(Self.littleEndian(b, 0, 4))
        field("minimum"); unsignedValue(Self.littleEndian(b, 4, 4))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("maximum"); unsignedValue(Self.littleEndian(b, 8, 4))
        field("fuzz"); unsignedValue(Self.littleEndian(b, 12, 4))
        field("flat"); unsignedValue(Self.littleEndian(b, 16, 4))
        if size >= 24 { field("resolution"); unsignedValue(Self.littleEndian(b, 20, 4)) }
        endStructure(abbreviated: size > 20 && size != 24)
    }

    /// EVIOCSFF's `struct ff_effect` (48 bytes, 44 for a 32-bit tracee):
    /// `{type=FF_RUMBLE, id=-1, direction=0, ...}`; with `-v` the trigger,
    /// the replay and the effect of its type.
    mutating func evdevEffect(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: is32Bit ? 44 : 48) else { return }
        let type = Int64(Self.littleEndian(b, 0, 2))
        beginStructure()
        field("type"); namedValue(type, Constants.evdevForceFeedbackTypes, unknown: "FF_???")
        field("id"); signedValue(Int16(truncatingIfNeeded: Self.littleEndian(b, 2, 2)))
        field("direction"); unsignedValue(Self.littleEndian(b, 4, 2))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("trigger")
        beginStructure()
        field("button"); unsignedValue(Self.littleEndian(b, 6, 2))
        field("interval"); unsignedValue(Self.littleEndian(b, 8, 2))
        endStructure()
        field("replay")
        beginStructure()
        field("length"); unsignedValue(Self.littleEndian(b, 10, 2))
        field("delay"); unsignedValue(Self.littleEndian(b, 12, 2))
        endStructure()
        func short(_ offset: Int) -> Int16 { Int16(truncatingIfNeeded: Self.littleEndian(b, offset, 2)) }
        switch type {
        case Constants.FF_CONSTANT:
            field("constant")
            beginStructure()
            field("level"); signedValue(short(16))
            field("envelope"); evdevEnvelope(b, at: 18)
            endStructure()
        case Constants.FF_RAMP:
            field("ramp")
            beginStructure()
            field("start_level"); signedValue(short(16))
            field("end_level"); signedValue(short(18))
            field("envelope"); evdevEnvelope(b, at: 20)
            endStructure()
        case Constants.FF_PERIODIC:
            field("periodic")
            beginStructure()
            field("waveform"); unsignedValue(Self.littleEndian(b, 16, 2))
            field("period"); unsignedValue(Self.littleEndian(b, 18, 2))
            field("magnitude"); signedValue(short(20))
            field("offset"); signedValue(short(22))
            field("phase"); unsignedValue(Self.littleEndian(b, 24, 2))
            field("envelope"); evdevEnvelope(b, at: 26)
            field("custom_len"); unsignedValue(Self.littleEndian(b, 36, 4))
            field("custom_data"); pointerValue(Self.littleEndian(b, 40, wordSize))
            endStructure()
        case Constants.FF_RUMBLE:
            field("rumble")
            beginStructure()
            field("strong_magnitude"); unsignedValue(Self.littleEndian(b, 16, 2))
            field("weak_magnitude"); unsignedValue(Self.littleEndian(b, 18, 2))
            endStructure()
        default:
            break
        }
        endStructure()
    }

    /// `struct ff_envelope` at `offset`.
    mutating func evdevEnvelope(_ b: [UInt8], at offset: Int) {
        beginStructure()
        field("attack_length"); unsignedValue(Self.littleEndian(b, offset, 2))
        field("attack_level"); unsignedValue(Self.littleEndian(b, offset + 2, 2))
        field("fade_length"); unsignedValue(Self.littleEndian(b, offset + 4, 2))
        field("fade_level"); hexValue(Self.littleEndian(b, offset + 6, 2))
        endStructure()
    }
}
