import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// A minimal protocol-buffers encoder writing into one reusable byte buffer:
/// varints, fixed64, length-delimited strings and bytes, and nested messages.
///
/// Nested messages are written in place: `beginMessage` leaves a 4-byte
/// length that `endMessage` fills in as a padded varint (`0x85 0x80 0x80
/// 0x00` is 5), which every protobuf parser accepts; Perfetto's own
/// protozero writer does the same. So no message is built apart and copied,
/// and a message is at most 2^28 - 1 bytes.
public struct ProtobufWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8]

    /// The wire types used here.
    public enum WireType: UInt8, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
    }

    /// Where a nested message's length goes (returned by `beginMessage`).
    public struct Mark: Sendable {
        fileprivate let offset: Int
    }

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 1 << 16) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes encoded.
    public var count: Int { bytes.count }

    /// Discards the bytes, keeping the storage.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    public mutating func tag(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    /// A `uint64`/`uint32`/enum field.
    public mutating func uint(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        varint(value)
    }

    /// An `int64`/`int32` field (negative numbers take ten bytes, as protobuf's int32 does too).
    public mutating func int(_ field: Int, _ value: Int64) {
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    public mutating func bool(_ field: Int, _ value: Bool) {
        tag(field, .varint)
        bytes.append(value ? 1 : 0)
    }

    /// A `fixed64` field, little-endian.
    public mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, .fixed64)
        var v = value
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// A `string` or `bytes` field.
    public mutating func bytes<C: Collection>(_ field: Int, _ value: C) where C.Element == UInt8 {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ field: Int, _ value: StaticString) {
        value.withUTF8Buffer { bytes(field, $0) }
    }

    public mutating func string(_ field: Int, _ value: String) {
        var value = value
        value.withUTF8 { bytes(field, $0) }
    }

    /// Starts a nested message (or a top-level length-delimited record);
    /// close it with `endMessage`.
    public mutating func beginMessage(_ field: Int) -> Mark {
        tag(field, .lengthDelimited)
        let mark = Mark(offset: bytes.count)
        bytes.append(0x80)
        bytes.append(0x80)
        bytes.append(0x80)
        bytes.append(0x00)
        return mark
    }

    /// Ends the message started at `mark`: writes its length there.
    public mutating func endMessage(_ mark: Mark) {
        let length = bytes.count - mark.offset - 4
        precondition(length < 1 << 28, "protobuf message too long")
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer[mark.offset] = UInt8(truncatingIfNeeded: length) | 0x80
            buffer[mark.offset + 1] = UInt8(truncatingIfNeeded: length >> 7) | 0x80
            buffer[mark.offset + 2] = UInt8(truncatingIfNeeded: length >> 14) | 0x80
            buffer[mark.offset + 3] = UInt8(truncatingIfNeeded: length >> 21)
        }
    }

    /// Appends already-encoded bytes.
    public mutating func append<C: Collection>(raw other: C) where C.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Writes everything to `fd` in as few writes as it takes and empties
    /// the buffer (also when a write fails: the bytes are dropped).
    public mutating func write(to fd: FileDescriptor) throws(Errno) {
        guard !bytes.isEmpty else { return }
        defer { bytes.removeAll(keepingCapacity: true) }
        if let failure = bytes.withUnsafeBytes({ writeWhole($0, to: fd) }) { throw failure }
    }
}
