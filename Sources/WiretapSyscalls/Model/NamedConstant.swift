/// A constant strace prints by name (`O_CREAT`, `SIGCHLD`'s `CLD_EXITED`...),
/// from the tables Tools/gen-constants.py generates.
import WiretapCore
struct NamedConstant: Sendable {
    let name: StaticString
    let value: Int64

    init(_ name: StaticString, _ value: Int64) {
        self.name = name
        self.value = value
    }
}

extension OutputBuffer {
    /// Appends the name of `value` from `table`, or nil-returns false if it has none.
    mutating func appendName(of value: Int64, in table: [NamedConstant]) -> Bool {
        for entry in table where entry.value == value {
            append(entry.name)
            return true
        }
        return false
    }

    /// Appends a bit set as strace does: known names joined by `|`, the
    /// remaining bits as one hexadecimal number, and `0` for no bits.
    mutating func appendFlags(_ value: UInt64, in table: [NamedConstant]) {
        var remaining = value
        var first = true
        for entry in table where entry.value > 0 && UInt64(entry.value) & remaining == UInt64(entry.value) {
            if !first { append(byte: UInt8(ascii: "|")) }
            append(entry.name)
            remaining &= ~UInt64(entry.value)
            first = false
        }
        if remaining != 0 || first {
            if !first { append(byte: UInt8(ascii: "|")) }
            if remaining == 0 { append(byte: UInt8(ascii: "0")) } else { append(hex: remaining) }
        }
    }
}

/// The generated constant tables; each Tools/constants/NAME.py adds an extension.
enum Constants {}
