/// One decoded argument, result or field of a system call, as the decoders
/// describe it. The strace text, `--json` and library users are three views
/// of the same values: a decoder says "a flag set with these names", never
/// "the text `O_RDONLY|O_CLOEXEC`".
///
/// ```swift
/// switch call.arguments[2] {
/// case .flags(let raw, let names, _): print(raw, names)   // 524288 ["O_RDONLY", "O_CLOEXEC"]
/// default: break
/// }
/// ```
import WiretapCore
public indirect enum SyscallValue: Sendable, Hashable {
    /// An integer the call treats as signed (an `int`, a `long`, an offset).
    case signed(Int64)
    /// An integer the call treats as unsigned, with the base strace prints it in.
    case unsigned(UInt64, base: IntegerBase)
    /// One named value (`AT_FDCWD`, `SEEK_SET`, `RLIMIT_STACK`); `name` is nil
    /// for a value the table does not know.
    case constant(raw: Int64, name: String?)
    /// A set of flags: the names of the bits that are set, and the bits no
    /// name covers (`unknown`, 0 when every bit has a name).
    case flags(raw: UInt64, names: [String], unknown: UInt64)
    /// An address in the tracee (0 is NULL).
    case pointer(UInt64)
    /// Bytes read from the tracee (a path, a string, a data buffer); `truncated`
    /// when only the first `-s` bytes were read.
    case string([UInt8], truncated: Bool)
    /// A file descriptor, with what `-y`/`-yy` shows of it (its path, a
    /// socket's endpoints, a device's numbers), as strace escapes it.
    case descriptor(Int32, annotation: String?)
    /// A structure's fields in order; `abbreviated` when only the fields
    /// strace shows without `-v` are present.
    case structure([SyscallField], abbreviated: Bool)
    /// An array's elements; `cut` when only the first `-s` elements were read
    /// (or the rest could not be read).
    case array([SyscallValue], cut: Bool)
    /// A value the kernel read and then rewrote (strace's `[in => out]`).
    case changed(from: SyscallValue, to: SyscallValue)
    /// A set of signals by name without the `SIG` prefix (`["INT", "TERM"]`);
    /// `complemented` for strace's `~[...]` (every signal but these).
    case signalSet([String], complemented: Bool)
    /// Memory at this address could not be read (strace prints the address).
    case unreadable(UInt64)
    /// One of strace's function-like forms: `htons(80)`, `makedev(0x8, 0x1)`,
    /// `inet_addr("127.0.0.1")`.
    case call(String, [SyscallValue])
    /// A value with strace's explanatory comment (`/* 35 vars */`, a date).
    case commented(SyscallValue, comment: String)
    /// What a decoder prints as text alone (no structure known to it).
    case text(String)

    /// The base an unsigned integer is printed in.
    public enum IntegerBase: Sendable, Hashable {
        case decimal, hexadecimal, octal
    }
}

/// A named field of a structure.
public struct SyscallField: Sendable, Hashable {
    public var name: String
    public var value: SyscallValue

    public init(_ name: String, _ value: SyscallValue) {
        self.name = name
        self.value = value
    }
}

extension SyscallValue {
    /// The integer value of a number, constant, flag set, pointer or
    /// descriptor (nil for other values).
    public var integer: Int64? {
        switch self {
        case .signed(let v): v
        case .unsigned(let v, _): Int64(bitPattern: v)
        case .constant(let raw, _): raw
        case .flags(let raw, _, _): Int64(bitPattern: raw)
        case .pointer(let v): Int64(bitPattern: v)
        case .descriptor(let fd, _): Int64(fd)
        case .commented(let value, _): value.integer
        default: nil
        }
    }

    /// A field of a structure by name (nil for other values).
    public subscript(field name: String) -> SyscallValue? {
        switch self {
        case .structure(let fields, _): fields.first { $0.name == name }?.value
        case .commented(let value, _): value[field: name]
        default: nil
        }
    }
}
