import WiretapCore

/// Readers shared by the ioctl family decoders: strace's umove_or_printaddr,
/// printnum_int, printpair_int, printstrn and print_array.
extension Decoding {
    /// A request number with another argument size (a 32-bit tracee's
    /// number for a structure with pointers or longs).
    static func ioctlRequest(_ code: UInt32, size: UInt32) -> UInt32 {
        code & ~(0x3fff << 16) | size << 16
    }

    /// How printnum_int prints its number.
    enum IoctlNumberStyle { case signed, unsigned, hexadecimal }

    /// `count` bytes at `address`, or nil after printing `NULL`, or the address
    /// when they cannot be read or the call failed (the kernel wrote nothing).
    mutating func ioctlRead(at address: UInt64, count: Int) -> [UInt8]? {
        guard address != 0 else { pointerValue(0); return nil }
        guard !failed else { pointerValue(address); return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: count, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return bytes
    }

    /// printnum_int: `[N]`.
    mutating func ioctlInt(at address: UInt64, _ style: IoctlNumberStyle) {
        guard let b = ioctlRead(at: address, count: 4) else { return }
        let value = Self.littleEndian(b, 0, 4)
        beginArray()
        switch style {
        case .signed: signedValue(Int32(truncatingIfNeeded: value))
        case .unsigned: unsignedValue(value)
        case .hexadecimal: hexValue(value)
        }
        endArray()
    }

    /// printpair_int with `%u`: `[A, B]`.
    mutating func ioctlIntPair(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: 8) else { return }
        beginArray()
        unsignedValue(Self.littleEndian(b, 0, 4))
        unsignedValue(Self.littleEndian(b, 4, 4))
        endArray()
    }

    /// printstrn: `length` bytes as a string cut at `-s`; the address when
    /// the bytes shown (and one more, as strace reads) cannot be read.
    mutating func ioctlBuffer(at address: UInt64, length: UInt64, forceHex: Bool = false) {
        guard address != 0 else { pointerValue(0); return }
        let total = Int(clamping: length)
        let shown = min(total, format.stringLimit)
        let read = min(total, format.stringLimit < Int.max ? format.stringLimit + 1 : Int.max)
        let ok = (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil
        if ok || read == 0 {
            if forceHex {
                // QUOTE_FORCE_HEX: every byte as \xNN, whatever -x says.
                let bytes = scratch.prefix(shown)
                let truncated = total > shown
                customValue(.string(store(bytes), truncated: truncated)) {
                    $0.appendQuoted(bytes, style: .hexAll, truncated: truncated)
                }
            } else {
                stringValue(scratch.prefix(shown), truncated: total > shown)
            }
        } else {
            unreadable(address)
        }
    }

    /// strace's print_array: `count` elements of `elementSize` bytes read one
    /// by one, `-s` of them unless `-v` (then `...`), `..., /* 0x... */`
    /// where memory ends, the address when the first cannot be read.
    /// `truncated` (PAF_ARRAY_TRUNCATED): the count shown is less than the
    /// tracee's, so `...` ends the array.
    mutating func ioctlArray(at address: UInt64, count: Int, elementSize: Int, truncated: Bool = false,
                             _ element: (inout Decoding, [UInt8]) -> Void) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else {
            beginArray()
            if truncated { elided() }
            endArray()
            return
        }
        let limit = unabbreviated ? Int.max : format.stringLimit
        var bytes: [UInt8] = []
        var index = 0
        var cut = false
        // No more than the address space holds, as strace checks the end address.
        let fits = UInt64(count).multipliedReportingOverflow(by: UInt64(elementSize))
        guard !fits.overflow, !address.addingReportingOverflow(fits.partialValue).overflow else {
            unreadable(address)
            return
        }
        while index < count {
            let current = address &+ UInt64(index * elementSize)
            // tfetch_mem: nothing is read at the exit of a failed call.
            guard !failed, (try? memory.readExactly(from: current, count: elementSize, into: &bytes, structure: true)) != nil else {
                if index == 0 { unreadable(address); return }
                elided()
                comment { $0.append(hex: current) }
                cut = true
                break
            }
            if index == 0 { beginArray() }
            if index >= limit {
                elided()
                cut = true
                break
            }
            element(&self, bytes)
            index += 1
        }
        if truncated && !cut { elided() }
        endArray()
    }

    /// Flags whose table holds bit numbers, named `prefix` + name as strace's
    /// xlat spells them (`1<<RTC_FEATURE_ALARM`, `1 << IDE_NICE_0`), in the
    /// table's order; `0x... /* unknown */` when no bit has a name.
    mutating func bitNumberFlags(_ value: UInt64, _ table: [NamedConstant], prefix: StaticString, unknown: StaticString) {
        func bit(_ entry: NamedConstant) -> UInt64 { entry.value >= 0 && entry.value < 64 ? 1 << UInt64(entry.value) : 0 }
        guard value != 0, table.contains(where: { value & bit($0) != 0 }) else {
            if value == 0 { symbolic(0) { $0.append("0") }; return }
            customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
            if format.constants != .raw { comment(unknown) }
            return
        }
        symbolic(value) { out in
            var rest = value
            var first = true
            for entry in table where rest & bit(entry) != 0 {
                if !first { out.append("|") }
                out.append(prefix)
                out.append(entry.name)
                rest &= ~bit(entry)
                first = false
            }
            if rest != 0 {
                out.append("|")
                out.append(hex: rest)
            }
        }
    }

    /// strace's print_local_array: `count` elements, `-s` of them unless `-v`.
    mutating func ioctlLocalArray(count: Int, _ element: (inout Decoding, Int) -> Void) {
        beginArray()
        for index in 0..<count {
            if !unabbreviated && index >= format.stringLimit {
                elided()
                break
            }
            element(&self, index)
        }
        endArray()
    }

    /// A little-endian number of `size` bytes (at most 8) at `offset` (zero past the end).
    static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<min(size, 8) where offset + index < bytes.count && offset + index >= 0 {
            value |= UInt64(bytes[offset + index]) << (8 * UInt64(index))
        }
        return value
    }
}
