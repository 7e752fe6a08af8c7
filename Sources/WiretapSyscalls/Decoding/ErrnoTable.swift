import Glibc
import WiretapCore

/// Errno names and messages from the generated tables.
public enum ErrnoTable {
    /// Appends `ENOENT`, `ERESTARTSYS`, or `errno N` for unknown codes.
    package static func appendName(_ code: Int, to buffer: inout OutputBuffer) {
        if let name = name(code) { buffer.append(name) } else {
            buffer.append("errno ")
            buffer.append(decimal: code)
        }
    }

    /// Appends the message strace prints in parentheses.
    package static func appendMessage(_ code: Int, to buffer: inout OutputBuffer) {
        if code > 0, code < ErrnoNames.messages.count, ErrnoNames.messages[code].utf8CodeUnitCount > 0 {
            buffer.append(ErrnoNames.messages[code])
        } else if let i = internalIndex(code), ErrnoNames.internalMessages[i].utf8CodeUnitCount > 0 {
            buffer.append(ErrnoNames.internalMessages[i])
        } else {
            buffer.append("Unknown error ")
            buffer.append(decimal: code)
        }
    }

    /// The symbolic name of errno `code`.
    public static func name(_ code: Int) -> StaticString? {
        if code > 0, code < ErrnoNames.names.count, ErrnoNames.names[code].utf8CodeUnitCount > 0 {
            return ErrnoNames.names[code]
        }
        if let i = internalIndex(code), ErrnoNames.internalNames[i].utf8CodeUnitCount > 0 {
            return ErrnoNames.internalNames[i]
        }
        return nil
    }

    /// The errno value called `name` (`ENOENT`).
    public static func number(named name: String) -> Int? {
        if let i = ErrnoNames.names.firstIndex(where: { $0.description == name }) { return i }
        if let i = ErrnoNames.internalNames.firstIndex(where: { $0.description == name }) { return ErrnoNames.internalBase + i }
        return nil
    }

    private static func internalIndex(_ code: Int) -> Int? {
        let i = code - ErrnoNames.internalBase
        return i >= 0 && i < ErrnoNames.internalNames.count ? i : nil
    }
}
