import Glibc
import SystemPackage

/// A growable byte buffer for building output without per-event allocations.
///
/// Renderers append into one buffer and flush it to a file descriptor in
/// large writes; its storage is reused from event to event.
package struct OutputBuffer: Sendable {
    @usableFromInline var bytes: [UInt8]
    /// The column the buffer starts at: bytes of the current line already
    /// flushed (a line may be written out before it ends, when the tracer is
    /// about to sleep), so that `pad(toColumn:)` still counts them.
    @usableFromInline var flushedColumn = 0

    /// Creates an empty buffer with room for `capacity` bytes.
    package init(capacity: Int = 1 << 16) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes buffered.
    @inlinable package var count: Int { bytes.count }

    /// The buffered bytes as a string (invalid UTF-8 repaired).
    package var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The buffered bytes.
    @inlinable package var contents: [UInt8] { bytes }

    /// Removes the last byte.
    @inlinable package mutating func removeLast() { bytes.removeLast() }

    /// Drops the bytes after the first `count`.
    @inlinable package mutating func truncate(toCount count: Int) {
        bytes.removeSubrange(count...)
    }

    /// Discards the buffered bytes, keeping the storage (the next byte starts a line).
    @inlinable package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        flushedColumn = 0
    }

    @inlinable package mutating func append(byte: UInt8) { bytes.append(byte) }

    @inlinable package mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// The concrete forms of `append(bytes:)` (a generic call across
    /// modules is not specialized).
    package mutating func append(bytes other: [UInt8]) { bytes.append(contentsOf: other) }
    package mutating func append(bytes other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }
    package mutating func append(bytes other: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: other) }
    package mutating func append(bytes other: UnsafeRawBufferPointer) { bytes.append(contentsOf: other) }

    @inlinable package mutating func append<C: Collection>(bytes other: C) where C.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// The concrete forms of `append(decimal:)` (a generic call across
    /// modules is not specialized).
    package mutating func append(decimal value: Int) { append(decimal: Int64(value)) }
    package mutating func append(decimal value: Int32) { append(decimal: Int64(value)) }
    package mutating func append(decimal value: UInt32) { appendUnsigned(UInt64(value)) }
    package mutating func append(decimal value: UInt64) { appendUnsigned(value) }
    package mutating func append(decimal value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude)
        } else {
            appendUnsigned(UInt64(value))
        }
    }

    /// Appends a signed decimal number.
    @inlinable package mutating func append<T: BinaryInteger>(decimal value: T) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // The magnitude of the most negative value does not fit in T.
            appendUnsigned(UInt64(value.magnitude))
        } else {
            appendUnsigned(UInt64(value))
        }
    }

    @inlinable mutating func appendUnsigned(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits
        let count = withUnsafeMutableBytes(of: &digits) { raw -> Int in
            var v = value
            var i = 0
            repeat {
                raw[23 - i] = UInt8(ascii: "0") &+ UInt8(v % 10)
                v /= 10
                i += 1
            } while v != 0
            return i
        }
        withUnsafeBytes(of: &digits) { raw in
            // Rebased: a plain buffer takes Array's memcpy path, a slice the element-wise one.
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(24 - count)...]))
        }
    }

    /// Appends `0x` and the value in lowercase hexadecimal.
    @inlinable package mutating func append(hex value: UInt64) {
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        appendHexDigits(value)
    }

    /// `0644`-style octal: `0`, then the digits (nothing more for zero).
    @inlinable package mutating func appendOctal(_ value: UInt64) {
        append(byte: UInt8(ascii: "0"))
        guard value != 0 else { return }
        var shift = 63
        while shift > 0 && value >> UInt64(shift) == 0 { shift -= 3 }
        while shift >= 0 {
            append(byte: UInt8(ascii: "0") + UInt8((value >> UInt64(shift)) & 7))
            shift -= 3
        }
    }

    /// Inserts `text` at byte offset `index`.
    package mutating func insert(contentsOf text: StaticString, at index: Int) {
        text.withUTF8Buffer { bytes.insert(contentsOf: $0, at: index) }
    }

    /// Appends the value in lowercase hexadecimal, without prefix.
    @inlinable package mutating func appendHexDigits(_ value: UInt64, minimumWidth: Int = 1) {
        var shift = 60
        while shift > 0 && (value >> UInt64(shift)) == 0 && shift / 4 >= minimumWidth { shift -= 4 }
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xf)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    /// Pads with spaces up to `column` bytes since the last newline (at least `minimum` spaces).
    /// `skippingEscapes`: ANSI escape sequences (`ESC [ ... m`) take no column.
    package mutating func pad(toColumn column: Int, minimum: Int = 1, skippingEscapes: Bool = false) {
        var lineStart = bytes.count
        while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var width = bytes.count - lineStart + (lineStart == 0 ? flushedColumn : 0)
        if skippingEscapes {
            var i = lineStart
            while i < bytes.count {
                if bytes[i] == 0x1b {
                    let start = i
                    while i < bytes.count && bytes[i] != UInt8(ascii: "m") { i += 1 }
                    width -= min(i + 1, bytes.count) - start
                }
                i += 1
            }
        }
        var spaces = Swift.max(minimum, column - width)
        while spaces > 0 {
            let chunk = Swift.min(spaces, 32)
            OutputBuffer.spaces.withUTF8Buffer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<chunk])) }
            spaces -= chunk
        }
    }

    private static let spaces: StaticString = "                                "

    /// Reserves room for `extra` more bytes.
    @inlinable package mutating func reserveCapacity(_ extra: Int) {
        if bytes.capacity - bytes.count < extra { bytes.reserveCapacity(Swift.max(bytes.count + extra, bytes.capacity * 2)) }
    }

    /// `flush(to:)` for a stream that goes on after a failed write: the
    /// first error is kept in `firstError` and given to `report` once;
    /// later ones are dropped (the bytes are discarded either way).
    package mutating func flush(to fd: FileDescriptor, firstError: inout Errno?, report: ((Errno) -> Void)?) {
        do {
            try flush(to: fd)
        } catch {
            guard firstError == nil else { return }
            firstError = error
            report?(error)
        }
    }

    /// Writes everything buffered to `fd` and empties the buffer.
    package mutating func flush(to fd: FileDescriptor) throws(Errno) {
        guard !bytes.isEmpty else { return }
        let newline = bytes.lastIndex(of: UInt8(ascii: "\n"))
        if let newline {
            flushedColumn = bytes.count - newline - 1
        } else {
            flushedColumn += bytes.count
        }
        // An open line's color escapes (--color) take no column.
        var i = newline.map { $0 + 1 } ?? 0
        while i < bytes.count {
            if bytes[i] == 0x1b {
                let start = i
                while i < bytes.count && bytes[i] != UInt8(ascii: "m") { i += 1 }
                flushedColumn -= Swift.min(i + 1, bytes.count) - start
            }
            i += 1
        }
        defer { bytes.removeAll(keepingCapacity: true) }
        if let failure = bytes.withUnsafeBytes({ writeWhole($0, to: fd) }) { throw failure }
    }
}

/// Writes all of `bytes` to `fd` (swift-system's `writeAll`: partial
/// writes continued, EINTR retried); the error that stopped it, if any.
package func writeWhole(_ bytes: UnsafeRawBufferPointer, to fd: FileDescriptor) -> Errno? {
    do {
        _ = try fd.writeAll(bytes)
        return nil
    } catch let error as Errno {
        return error
    } catch {
        return Errno.ioError
    }
}
