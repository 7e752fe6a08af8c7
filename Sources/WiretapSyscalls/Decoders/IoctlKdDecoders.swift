import Glibc
import WiretapCore

/// The console and keyboard ioctls ('K', strace's kd_ioctl.c and
/// kd_mpers_ioctl.c): tones, LEDs, modes, screen and font maps, keymap
/// entries, accent tables. Structures with pointers are read in the
/// tracee's layout (4-byte pointers for a 32-bit one).
extension Decoding {
    /// The PIT's tick rate strace divides by for KIOCSOUND and KDMKTONE.
    static let kdTickRate: UInt64 = 1_193_182

    mutating func kdEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        // strace truncates the argument to the tracee's word size.
        let address = is32Bit ? arg(2) & 0xffff_ffff : arg(2)
        switch request {
        case R.KIOCSOUND:
            next()
            unsignedValue(address)
            let frequency = address == 0 ? 0 : UInt32(truncatingIfNeeded: Self.kdTickRate / address)
            if format.constants != .raw { kdFrequencyComment(frequency, milliseconds: nil) }
        case R.KDMKTONE:
            next()
            let value = UInt32(truncatingIfNeeded: address)
            let ticks = value >> 16, count = value & 0xffff
            customValue(.unsigned(UInt64(value), .decimal)) { out in
                if ticks != 0 {
                    out.append(decimal: ticks)
                    out.append("<<16|")
                }
                out.append(decimal: count)
            }
            let frequency = ticks != 0 && count != 0 ? UInt32(Self.kdTickRate / UInt64(count)) : 0
            if format.constants != .raw { kdFrequencyComment(frequency, milliseconds: ticks) }
        case R.KDGETLED, R.KDGKBLED, R.KDGKBTYPE, R.KDGETMODE, R.KDGKBMODE, R.KDGKBMETA:
            next()
            return .continuesAtExit
        case R.KDSETLED:
            next()
            kdLeds(UInt8(truncatingIfNeeded: address), defaults: false)
        case R.KDSKBLED:
            next()
            kdLeds(UInt8(truncatingIfNeeded: address), defaults: true)
        case R.KDADDIO, R.KDDELIO:
            next()
            hexValue(address)
            if address >= 0x3b4 && address <= 0x3df && format.constants != .raw {
                comment { out in
                    out.append("GPFIRST + ")
                    out.append(decimal: address - 0x3b4)
                }
            }
        case R.KDSETMODE:
            next()
            namedValue(Int64(bitPattern: address), Constants.kdModes, unknown: "KD_???")
        case R.GIO_SCRNMAP, R.GIO_UNISCRNMAP, R.GIO_FONT, R.GIO_CMAP:
            next()
            return .continuesAtExit
        case R.PIO_SCRNMAP:
            next()
            ioctlBuffer(at: address, length: 256, forceHex: true)
        case R.PIO_UNISCRNMAP:
            next()
            kdUnicodeScreenMap(at: address)
        case R.KDSKBMODE:
            next()
            kdDecimalName(Int64(Int32(truncatingIfNeeded: address)), UInt64(UInt32(truncatingIfNeeded: address)),
                          Constants.kdKeyboardModes, unknown: "K_???")
        case R.KDGKBENT, R.KDSKBENT:
            next()
            // strace reads the table and index with umoven: even outside -e verbose=.
            var b: [UInt8] = []
            guard address != 0, (try? memory.readExactly(from: address, count: 2, into: &b)) != nil else {
                pointerValue(address)
                break
            }
            guard request == R.KDSKBENT else {
                saved = Int64(b[0]) | Int64(b[1]) << 8
                return .continuesAtExit
            }
            beginStructure()
            kdKeyboardEntryHead(b)
            kdKeyboardEntryValue(at: address)
            endStructure()
        case R.KDGKBSENT, R.KDSKBSENT:
            next()
            guard let b = ioctlRead(at: address, count: 1) else { break }
            guard request == R.KDSKBSENT else {
                saved = Int64(b[0])
                return .continuesAtExit
            }
            beginStructure()
            field("kb_func"); kdFunctionKeyValue(b[0])
            kdKeyboardString(at: address &+ 1)
            endStructure()
        case R.KDGKBDIACR, R.KDGKBDIACRUC:
            next()
            return .continuesAtExit
        case R.KDSKBDIACR, R.KDSKBDIACRUC:
            next()
            kdAccentTable(at: address, unicode: request == R.KDSKBDIACRUC)
        case R.KDGETKEYCODE, R.KDSETKEYCODE:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            guard request == R.KDSETKEYCODE else {
                saved = Int64(bitPattern: Self.littleEndian(b, 0, 8))
                return .continuesAtExit
            }
            beginStructure()
            field("scancode"); hexValue(Self.littleEndian(b, 0, 4))
            field("keycode"); hexValue(Self.littleEndian(b, 4, 4))
            endStructure()
        case R.KDSIGACCEPT:
            next()
            if address < UInt64(Int32.max) { signalNumberValue(Int32(address)) } else { unsignedValue(address) }
        case R.KDKBDREP:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            beginOffsetPair()
            kdKeyboardRepeat(b)
            return .continuesAtExit
        case R.PIO_FONT:
            next()
            ioctlBuffer(at: address, length: 8192, forceHex: true)
        case R.KDSKBMETA:
            next()
            namedValue(Int64(UInt32(truncatingIfNeeded: address)), Constants.kdMetaModes, unknown: "K_???")
        case R.PIO_UNIMAPCLR:
            next()
            guard let b = ioctlRead(at: address, count: 6) else { break }
            beginStructure()
            field("advised_hashsize"); unsignedValue(Self.littleEndian(b, 0, 2))
            field("advised_hashstep"); unsignedValue(Self.littleEndian(b, 2, 2))
            field("advised_hashlevel"); unsignedValue(Self.littleEndian(b, 4, 2))
            endStructure()
        case R.PIO_CMAP:
            next()
            ioctlBuffer(at: address, length: 48, forceHex: true)
        case R.KDENABIO, R.KDDISABIO, R.KDMAPDISP, R.KDUNMAPDISP, R.PIO_FONTRESET:
            break
        case R.GIO_UNIMAP, R.PIO_UNIMAP:
            next()
            guard let b = ioctlRead(at: address, count: is32Bit ? 8 : 16) else { break }
            let count = Self.littleEndian(b, 0, 2)
            guard request == R.PIO_UNIMAP else {
                saved = Int64(count)
                return .continuesAtExit
            }
            beginStructure()
            field("entry_ct"); unsignedValue(count)
            field("entries"); kdUnicodePairs(at: Self.littleEndian(b, is32Bit ? 4 : 8, wordSize), count: Int(count))
            endStructure()
        case R.GIO_FONTX, R.PIO_FONTX:
            next()
            guard let b = ioctlRead(at: address, count: is32Bit ? 8 : 16) else { break }
            if request == R.GIO_FONTX { beginOffsetPair() }
            kdFontDescription(b, data: request == R.PIO_FONTX)
            if request == R.GIO_FONTX { return .continuesAtExit }
        case R.KDFONTOP:
            next()
            guard let b = ioctlRead(at: address, count: is32Bit ? 24 : 32) else { break }
            let operation = Int64(Self.littleEndian(b, 0, 4))
            let continues = operation != Constants.KD_FONT_OP_SET && operation != Constants.KD_FONT_OP_COPY
            if continues { beginOffsetPair() }
            kdFontOperation(b, entering: true)
            if continues { return .continuesAtExit }
        default:
            return nil
        }
        return .done()
    }

    mutating func kdExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = is32Bit ? arg(2) & 0xffff_ffff : arg(2)
        switch request {
        case R.KDGETLED, R.KDGKBLED:
            guard let b = ioctlRead(at: address, count: 1) else { break }
            beginArray(); kdLeds(b[0], defaults: request == R.KDGKBLED); endArray()
        case R.KDGKBTYPE:
            guard let b = ioctlRead(at: address, count: 1) else { break }
            beginArray(); namedValue(Int64(b[0]), Constants.kdKeyboardTypes, unknown: "KB_???"); endArray()
        case R.KDGETMODE:
            guard let b = ioctlRead(at: address, count: 4) else { break }
            beginArray(); namedValue(Int64(Self.littleEndian(b, 0, 4)), Constants.kdModes, unknown: "KD_???"); endArray()
        case R.KDGKBMODE:
            guard let b = ioctlRead(at: address, count: 4) else { break }
            let value = Self.littleEndian(b, 0, 4)
            beginArray()
            kdDecimalName(Int64(Int32(truncatingIfNeeded: value)), value, Constants.kdKeyboardModes, unknown: "K_???")
            endArray()
        case R.KDGKBMETA:
            guard let b = ioctlRead(at: address, count: 4) else { break }
            beginArray(); namedValue(Int64(Self.littleEndian(b, 0, 4)), Constants.kdMetaModes, unknown: "K_???"); endArray()
        case R.GIO_SCRNMAP:
            if failed { pointerValue(address) } else { ioctlBuffer(at: address, length: 256, forceHex: true) }
        case R.GIO_UNISCRNMAP:
            kdUnicodeScreenMap(at: address)
        case R.GIO_FONT:
            if failed { pointerValue(address) } else { ioctlBuffer(at: address, length: 8192, forceHex: true) }
        case R.GIO_CMAP:
            if failed { pointerValue(address) } else { ioctlBuffer(at: address, length: 48, forceHex: true) }
        case R.KDGKBENT:
            let head = UInt64(UInt16(truncatingIfNeeded: saved ?? 0))
            beginStructure()
            kdKeyboardEntryHead([UInt8(head & 0xff), UInt8(head >> 8)])
            if !failed { kdKeyboardEntryValue(at: address) }
            endStructure()
        case R.KDGKBSENT:
            beginStructure()
            field("kb_func"); kdFunctionKeyValue(UInt8(truncatingIfNeeded: saved ?? 0))
            if !failed { kdKeyboardString(at: address &+ 1) }
            endStructure()
        case R.KDGKBDIACR, R.KDGKBDIACRUC:
            kdAccentTable(at: address, unicode: request == R.KDGKBDIACRUC)
        case R.KDGETKEYCODE:
            let pair = UInt64(bitPattern: saved ?? 0)
            beginStructure()
            field("scancode"); hexValue(pair & 0xffff_ffff)
            field("keycode")
            if !failed, let keycode = try? memory.load(UInt32.self, from: address &+ 4) {
                beginChanged(bracketed: false)
                hexValue(pair >> 32)
                hexValue(UInt64(keycode))
                endChanged(bracketed: false)
            } else {
                hexValue(pair >> 32)
            }
            endStructure()
        case R.KDKBDREP:
            defer { endOffsetPair() }
            var b: [UInt8] = []
            guard !failed, (try? memory.readExactly(from: address, count: 8, into: &b, structure: true)) != nil else { break }
            offsetPairSeparator()
            kdKeyboardRepeat(b)
        case R.GIO_UNIMAP:
            let entryCount = UInt64(saved ?? 0)
            beginStructure()
            field("entry_ct")
            var b: [UInt8] = []
            guard (try? memory.readExactly(from: address, count: is32Bit ? 8 : 16, into: &b, structure: true)) != nil else {
                unsignedValue(entryCount)
                unreadable(address)
                endStructure()
                break
            }
            beginChanged(bracketed: false)
            unsignedValue(entryCount)
            unsignedValue(Self.littleEndian(b, 0, 2))
            endChanged(bracketed: false)
            let entries = Self.littleEndian(b, is32Bit ? 4 : 8, wordSize)
            field("entries")
            if failed && result != -Int64(ENOMEM) {
                pointerValue(entries)
            } else {
                kdUnicodePairs(at: entries, count: Int(entryCount))
            }
            endStructure()
        case R.GIO_FONTX:
            defer { endOffsetPair() }
            var b: [UInt8] = []
            guard !failed, (try? memory.readExactly(from: address, count: is32Bit ? 8 : 16, into: &b, structure: true)) != nil else {
                break
            }
            offsetPairSeparator()
            kdFontDescription(b, data: true)
        case R.KDFONTOP:
            defer { endOffsetPair() }
            var b: [UInt8] = []
            guard !failed, (try? memory.readExactly(from: address, count: is32Bit ? 24 : 32, into: &b, structure: true)) != nil else {
                break
            }
            offsetPairSeparator()
            kdFontOperation(b, entering: false)
        default:
            return nil
        }
        return .decimal
    }

    /// ` /* 1193 Hz */`, ` /* 1193 Hz, 100 ms */` or ` /* off */`.
    mutating func kdFrequencyComment(_ frequency: UInt32, milliseconds: UInt32?) {
        guard frequency != 0 else { comment("off"); return }
        comment { out in
            out.append(decimal: frequency)
            out.append(" Hz")
            if let milliseconds {
                out.append(", ")
                out.append(decimal: milliseconds)
                out.append(" ms")
            }
        }
    }

    /// LED flags: `LED_NUM|LED_CAP`; the keyboard's defaults (KDGKBLED)
    /// also name the upper nibble, `LED_SCR<<4`.
    mutating func kdLeds(_ value: UInt8, defaults: Bool) {
        let table = Constants.kdLeds
        func named(_ bits: UInt64) -> Bool {
            table.contains { $0.value > 0 && (bits & UInt64($0.value) != 0 || (defaults && bits & UInt64($0.value) << 4 != 0)) }
        }
        let bits = UInt64(value)
        guard bits != 0, named(bits) else {
            if bits == 0 { symbolic(0) { $0.append("0") }; return }
            customValue(.flags(bits, unknownFlagsSpan(bits))) { $0.append(hex: bits) }
            if format.constants != .raw { comment("LED_???") }
            return
        }
        symbolic(bits) { out in
            var rest = bits
            var first = true
            for shift in stride(from: UInt64(0), through: defaults ? 4 : 0, by: 4) {
                for entry in table where entry.value > 0 && rest & (UInt64(entry.value) << shift) != 0 {
                    if !first { out.append("|") }
                    out.append(entry.name)
                    if shift != 0 { out.append("<<4") }
                    rest &= ~(UInt64(entry.value) << shift)
                    first = false
                }
            }
            if rest != 0 {
                out.append("|")
                out.append(hex: rest)
            }
        }
    }

    /// strace's printxval_d: a name, else the number in decimal (`5 /* K_??? */`).
    mutating func kdDecimalName(_ value: Int64, _ bits: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        if table.contains(where: { $0.value == value }) {
            symbolic(bits, decimal: true, named: true) { _ = $0.appendName(of: value, in: table) }
        } else {
            customValue(.constant(value, ValueTape.Span(start: 0, end: 0))) { $0.append(decimal: value) }
            if format.constants != .raw { comment(unknown) }
        }
    }

    /// GIO/PIO_UNISCRNMAP: 256 unsigned shorts, `UNI_DIRECT_BASE+0x41` for a
    /// direct-font position (read whatever the call returned, as strace does).
    mutating func kdUnicodeScreenMap(at address: UInt64) {
        let style = format.constants
        ioctlArray(at: address, count: 256, elementSize: 2) { d, bytes in
            let value = Self.littleEndian(bytes, 0, 2)
            let direct = value & ~0x1ff == 0xf000
            let offset = value & 0x1ff
            let write: (inout OutputBuffer) -> Void = { out in
                out.append("UNI_DIRECT_BASE+")
                if offset == 0 { out.append("0") } else { out.append(hex: offset) }
            }
            if style != .abbrev || !direct {
                d.hexValue(value)
                if direct && style == .verbose { d.comment(write) }
            } else {
                d.customValue(.unsigned(value, .hexadecimal), write)
            }
        }
    }

    /// The first half of `struct kbentry`: the table (a name, or modifier
    /// bits) and the index.
    mutating func kdKeyboardEntryHead(_ b: [UInt8]) {
        field("kb_table")
        let table = Int64(b[0])
        if Constants.kdKeyTables.contains(where: { $0.value == table }) {
            namedValue(table, Constants.kdKeyTables, unknown: "K_???")
        } else {
            bitNumberFlags(UInt64(b[0]), Constants.kdKeymapBits, prefix: "1<<", unknown: "K_???")
        }
        field("kb_index"); unsignedValue(b[1])
    }

    /// `kb_value=0x101 /* K_F2 */`, `kb_value=0x61 /* K(KT_LATIN, 'a') */`,
    /// `kb_value=???` when unreadable.
    mutating func kdKeyboardEntryValue(at address: UInt64) {
        field("kb_value")
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address &+ 2, count: 2, into: &b)) != nil else {
            // strace's tprint_unavailable; recorded as the memory it could not read.
            customValue(.unreadable(address &+ 2)) { $0.append("???") }
            return
        }
        let value = UInt16(b[0]) | UInt16(b[1]) << 8
        hexValue(UInt64(value))
        guard format.constants != .raw else { return }
        let type = Int64(value >> 8), keyValue = UInt8(value & 0xff)
        if let table = Self.kdKeyTable(type), table.contains(where: { $0.value == Int64(value) }) {
            comment { _ = $0.appendName(of: Int64(value), in: table) }
            return
        }
        comment { out in
            out.append("K(")
            if !out.appendName(of: type, in: Constants.kdKeyTypes) { out.append(hex: UInt64(type)) }
            out.append(", ")
            switch type {
            case Constants.KT_LATIN, Constants.KT_META, Constants.KT_LETTER, Constants.KT_DEAD2:
                Self.appendQuotedCharacter(keyValue, to: &out)
            default:
                if keyValue == 0 { out.append("0") } else { out.append(hex: UInt64(keyValue)) }
            }
            out.append(")")
        }
    }

    /// The names of a key type's values, for the types strace names.
    static func kdKeyTable(_ type: Int64) -> [NamedConstant]? {
        switch type {
        case Constants.KT_FN: Constants.kdFunctionKeys
        case Constants.KT_SPEC: Constants.kdSpecialKeys
        case Constants.KT_PAD: Constants.kdPadKeys
        case Constants.KT_DEAD: Constants.kdDeadKeys
        case Constants.KT_CUR: Constants.kdCursorKeys
        case Constants.KT_SHIFT: Constants.kdShiftKeys
        case Constants.KT_ASCII: Constants.kdAsciiKeys
        case Constants.KT_LOCK: Constants.kdLockKeys
        case Constants.KT_SLOCK: Constants.kdStickyLockKeys
        case Constants.KT_BRL: Constants.kdBrailleKeys
        default: nil
        }
    }

    /// strace's print_char with quotes and escaped whitespace: `'a'`, `'\n'`, `'\x01'`.
    static func appendQuotedCharacter(_ c: UInt8, to out: inout OutputBuffer) {
        out.append("'")
        if c >= 0x20 && c < 0x7f {
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\\") { out.append("\\") }
            out.append(byte: c)
        } else if c >= 9 && c <= 13 {
            out.append("\\")
            let escapes: StaticString = "tnvfr"
            out.append(byte: escapes.utf8Start[Int(c - 9)])
        } else {
            out.append("\\x")
            out.append(byte: hexDigits[Int(c >> 4)])
            out.append(byte: hexDigits[Int(c & 15)])
        }
        out.append("'")
    }

    /// A character field as print_char writes it.
    mutating func kdCharacter(_ c: UInt8) {
        customValue(.unsigned(UInt64(c), .decimal)) { Self.appendQuotedCharacter(c, to: &$0) }
    }

    /// `KVAL(K_F1)`: a function key's number by its key's name.
    mutating func kdFunctionKeyValue(_ value: UInt8) {
        let key = Constants.KT_FN << 8 | Int64(value)
        let table = Constants.kdFunctionKeys
        if table.contains(where: { $0.value == key }) {
            symbolic(UInt64(value), named: true) { out in
                out.append("KVAL(")
                _ = out.appendName(of: key, in: table)
                out.append(")")
            }
        } else {
            customValue(.constant(Int64(value), ValueTape.Span(start: 0, end: 0))) {
                if value == 0 { $0.append("0") } else { $0.append(hex: UInt64(value)) }
            }
            if format.constants != .raw { comment("KVAL(K_???)") }
        }
    }

    /// `kb_string="..."`: up to its NUL within 512 bytes, `-s` of them
    /// (then `...`); `???` when unreadable before the NUL.
    mutating func kdKeyboardString(at address: UInt64) {
        field("kb_string")
        guard let (bytes, terminated) = kdReadString(at: address, limit: 512) else {
            customValue(.unreadable(address)) { $0.append("???") }
            return
        }
        let length = terminated ? bytes.count + 1 : 512
        let size = min(format.stringLimit, length)
        // The last byte shown is the NUL: omitted, and the string is whole,
        // unless -x/-xx print it in hexadecimal (strace's hex quoting does
        // not omit it, and then reports the string as cut).
        let hex = format.stringStyle == .hexAll || format.stringStyle == .hexNonPrintable
        if terminated && size == length && hex {
            stringValue(bytes + [0], truncated: true)
        } else if terminated && size == length {
            stringValue(bytes, truncated: false)
        } else {
            var shown = Array(bytes.prefix(size))
            if shown.count < size { shown.append(0) }
            stringValue(shown, truncated: true)
        }
    }

    /// strace's umovestr: bytes up to a NUL within `limit`, page by page
    /// (nil when a page cannot be read before the NUL), and whether it was found.
    mutating func kdReadString(at address: UInt64, limit: Int) -> ([UInt8], Bool)? {
        var collected: [UInt8] = []
        var current = address
        var left = limit
        var chunk: [UInt8] = []
        while left > 0 {
            let inPage = 4096 - Int(current & 4095)
            let count = min(left, inPage)
            guard (try? memory.readExactly(from: current, count: count, into: &chunk)) != nil else { return nil }
            if let end = chunk.firstIndex(of: 0) {
                collected.append(contentsOf: chunk[..<end])
                return (collected, true)
            }
            collected.append(contentsOf: chunk)
            current &+= UInt64(count)
            left -= count
        }
        return (collected, false)
    }

    /// KDGKBDIACR(UC)/KDSKBDIACR(UC): `{kb_cnt=N, kbdiacr=[{diacr='`', base='a',
    /// result='\xe0'}, ...]}` (at most 256 entries, `...` beyond).
    mutating func kdAccentTable(at address: UInt64, unicode: Bool) {
        guard let b = ioctlRead(at: address, count: 4) else { return }
        let count = Self.littleEndian(b, 0, 4)
        beginStructure()
        field("kb_cnt"); unsignedValue(count)
        field(unicode ? "kbdiacruc" : "kbdiacr")
        let shown = Int(min(count, 256))
        let elementSize = unicode ? 12 : 3
        ioctlArray(at: address &+ 4, count: shown, elementSize: elementSize, truncated: count > 256) { d, bytes in
            d.beginStructure()
            if unicode {
                d.field("diacr"); d.hexValue(Self.littleEndian(bytes, 0, 4))
                d.field("base"); d.hexValue(Self.littleEndian(bytes, 4, 4))
                d.field("result"); d.hexValue(Self.littleEndian(bytes, 8, 4))
            } else {
                d.field("diacr"); d.kdCharacter(bytes[0])
                d.field("base"); d.kdCharacter(bytes[1])
                d.field("result"); d.kdCharacter(bytes[2])
            }
            d.endStructure()
        }
        endStructure()
    }

    /// `struct kbd_repeat`: `{delay=250, period=33}`.
    mutating func kdKeyboardRepeat(_ b: [UInt8]) {
        beginStructure()
        field("delay"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4)))
        field("period"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 4, 4)))
        endStructure()
    }

    /// `struct unipair` entries: `[{unicode=0x41, fontpos=0x41}, ...]`.
    mutating func kdUnicodePairs(at address: UInt64, count: Int) {
        ioctlArray(at: address, count: count, elementSize: 4) { d, bytes in
            d.beginStructure()
            d.field("unicode"); d.hexValue(Self.littleEndian(bytes, 0, 2))
            d.field("fontpos"); d.hexValue(Self.littleEndian(bytes, 2, 2))
            d.endStructure()
        }
    }

    /// `struct consolefontdesc`: the font data's address, or (`data`) the
    /// data itself in hexadecimal.
    mutating func kdFontDescription(_ b: [UInt8], data: Bool) {
        let count = Self.littleEndian(b, 0, 2)
        let pointer = Self.littleEndian(b, is32Bit ? 4 : 8, wordSize)
        beginStructure()
        field("charcount"); unsignedValue(count)
        field("charheight"); unsignedValue(Self.littleEndian(b, 2, 2))
        field("chardata")
        if data { ioctlBuffer(at: pointer, length: min(count, 512) * 32, forceHex: true) } else { pointerValue(pointer) }
        endStructure()
    }

    /// `struct console_font_op`, the fields its operation uses; at entry
    /// with the operation and flags.
    mutating func kdFontOperation(_ b: [UInt8], entering: Bool) {
        let operation = Int64(Self.littleEndian(b, 0, 4))
        let width = Self.littleEndian(b, 8, 4), count = Self.littleEndian(b, 16, 4)
        let data = Self.littleEndian(b, is32Bit ? 20 : 24, wordSize)
        let setDefault = operation == Constants.KD_FONT_OP_SET_DEFAULT, copy = operation == Constants.KD_FONT_OP_COPY
        beginStructure()
        if entering {
            field("op"); namedValue(operation, Constants.kdFontOperations, unknown: "KD_FONT_OP_???")
            if !setDefault && !copy {
                field("flags"); flagsValue(Self.littleEndian(b, 4, 4), Constants.kdFontFlags, unknown: "KD_FONT_FLAG_???")
            }
        }
        if !copy { field("width"); unsignedValue(width) }
        field("height"); unsignedValue(Self.littleEndian(b, 12, 4))
        if !setDefault && !copy { field("charcount"); unsignedValue(count) }
        switch operation {
        case Constants.KD_FONT_OP_GET where entering:
            field("data"); pointerValue(data)
        case Constants.KD_FONT_OP_GET, Constants.KD_FONT_OP_SET:
            field("data")
            ioctlBuffer(at: data, length: (min(width, 32) + 7) / 8 * 32 * min(count, 512), forceHex: true)
        case Constants.KD_FONT_OP_SET_DEFAULT:
            if entering { field("data"); kdFontName(at: data) }
        case Constants.KD_FONT_OP_COPY:
            break
        default:
            field("data"); pointerValue(data)
        }
        endStructure()
    }

    /// KD_FONT_OP_SET_DEFAULT's font name: a string of at most 32 bytes with
    /// its NUL (printstr_ex's QUOTE_0_TERMINATED | QUOTE_EXPECT_TRAILING_0).
    mutating func kdFontName(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        let limit = format.stringLimit
        let wanted = min(limit < Int.max ? limit + 1 : Int.max, 32)
        guard let (bytes, terminated) = kdReadString(at: address, limit: wanted) else {
            unreadable(address)
            return
        }
        var size = wanted > limit ? limit : wanted
        if size == 32 { size = 31 }
        if terminated && bytes.count <= size {
            stringValue(bytes, truncated: false)
        } else {
            // No NUL among the bytes shown: `...` unless the next one is the NUL.
            let nextIsNul = terminated && bytes.count == size
            stringValue(bytes.prefix(size), truncated: !nextIsNul)
        }
    }
}
