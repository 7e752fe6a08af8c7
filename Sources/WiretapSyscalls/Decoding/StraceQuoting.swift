/// How strace prints the bytes of a string argument (`-x`, `-xx`).
import SystemPackage
import WiretapCore
public enum StringStyle: Sendable, Hashable {
    /// C escapes for `\" \\ \f \n \r \t \v`, other unprintable bytes in octal.
    case escaped
    /// `-x`: if any byte would need an octal escape, every byte in `\xNN`.
    case hexNonPrintable
    /// `-xx`: every byte in `\xNN`.
    case hexAll
    /// `--strings-in-hex=non-ascii-chars`: as `.escaped`, but the bytes
    /// that would be octal escapes are `\xNN` instead (C escapes stay).
    case hexEscapes
}

extension OutputBuffer {
    /// Appends `bytes` as strace 6.1 quotes a string: in double quotes, with
    /// `...` after the closing quote when `truncated`.
    ///
    /// Octal escapes use the fewest digits, except before a byte that is an
    /// octal digit itself (`"\1\0023"`), so the text reads back unambiguously.
    public mutating func appendQuoted<C: Collection>(_ bytes: C, style: StringStyle = .escaped, truncated: Bool = false)
    where C.Element == UInt8 {
        append(byte: UInt8(ascii: "\""))
        let hex: Bool
        switch style {
        case .escaped, .hexEscapes: hex = false
        case .hexAll: hex = true
        case .hexNonPrintable:
            // Only bytes that would need octal switch to hex; \n and friends do not.
            hex = bytes.contains { !OutputBuffer.isPrintable($0) && !(0x09...0x0d).contains($0) }
        }
        // The common case, printable text in contiguous storage: copy runs
        // of bytes that need no escape in one append each.
        let hexEscapes = style == .hexEscapes
        if !hex, bytes.withContiguousStorageIfAvailable({ appendEscapedRuns($0, hexEscapes: hexEscapes) }) != nil {
            append(byte: UInt8(ascii: "\""))
            if truncated { append("...") }
            return
        }
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if hex {
                append("\\x")
                appendHexDigits(UInt64(byte), minimumWidth: 2)
                continue
            }
            if OutputBuffer.isPrintable(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                append(byte: byte)
            } else {
                appendEscaped(byte, beforeOctalDigit: index != bytes.endIndex && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]),
                              hexEscapes: hexEscapes)
            }
        }
        append(byte: UInt8(ascii: "\""))
        if truncated { append("...") }
    }

    /// strace's escaping of `bytes` (without quotes), run by run.
    private mutating func appendEscapedRuns(_ bytes: UnsafeBufferPointer<UInt8>, hexEscapes: Bool) {
        reserveCapacity(bytes.count + 16)
        var runStart = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if OutputBuffer.isPrintable(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if runStart < i { append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            appendEscaped(byte, beforeOctalDigit: i + 1 < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[i + 1]),
                          hexEscapes: hexEscapes)
            i += 1
            runStart = i
        }
        if runStart < i { append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
    }

    /// One byte that needs an escape: `\"`, `\n` and friends, or the
    /// shortest octal (three digits when an octal digit follows), or with
    /// `hexEscapes` `\xNN`.
    @inline(__always)
    mutating func appendEscaped(_ byte: UInt8, beforeOctalDigit: Bool, hexEscapes: Bool = false) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0c: append("\\f")
        case 0x0a: append("\\n")
        case 0x0d: append("\\r")
        case 0x09: append("\\t")
        case 0x0b: append("\\v")
        default:
            if hexEscapes {
                append("\\x")
                appendHexDigits(UInt64(byte), minimumWidth: 2)
                return
            }
            append(byte: UInt8(ascii: "\\"))
            if beforeOctalDigit || byte >= 0o100 { append(byte: UInt8(ascii: "0") + byte >> 6) }
            if beforeOctalDigit || byte >= 0o10 { append(byte: UInt8(ascii: "0") + (byte >> 3) & 7) }
            append(byte: UInt8(ascii: "0") + byte & 7)
        }
    }

    @inline(__always)
    static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7f }
}

extension OutputBuffer {
    /// `<path>` of an open descriptor, from /proc (for `-y`); nothing if it is not open.
    /// `details` is -yy.
    mutating func appendDescriptorPath(pid: Int32, fd: Int64, details: Bool = false) {
        appendDescriptorPath(pid: pid, fd: fd, decoding: details ? .all : .path)
    }

    /// What `decoding` (`-e decode-fds=`) shows of an open descriptor.
    package mutating func appendDescriptorPath(pid: Int32, fd: Int64, decoding: DescriptorDecoding, style: StringStyle = .escaped) {
        guard fd >= 0, fd <= Int64(Int32.max) else { return }
        appendDescriptorPath(pid: pid, link: "fd/\(fd)", decoding: decoding, style: style)
    }

    /// `<target>` of /proc/PID/LINK (`fd/3`, `cwd`). `details` is -yy: socket
    /// endpoints, device numbers and pidfd processes.
    mutating func appendDescriptorPath(pid: Int32, link: String, details: Bool = false) {
        appendDescriptorPath(pid: pid, link: link, decoding: details ? .all : .path)
    }

    /// `<target>` of /proc/PID/LINK as strace 6.1's `-e decode-fds=SET` shows
    /// it: a socket's protocol and endpoints (`socket`), a device's path and
    /// numbers (`dev`, `</dev/null<char 1:3>>`), a pidfd's process (`pidfd`,
    /// `<pid:1234>`), else the path (`path`); nothing when none applies.
    /// The path is the link's bytes, escaped as strace escapes strings in
    /// `style` (and `<`, `>`), with a deleted file's ` (deleted)` after the
    /// brackets: `<dir/a\nb>(deleted)`.
    mutating func appendDescriptorPath(pid: Int32, link: String, decoding: DescriptorDecoding, style: StringStyle = .escaped) {
        guard !decoding.isEmpty, let target = try? ProcFS.linkTarget("/proc/\(pid)/\(link)") else { return }
        if decoding.contains(.pidfd), target.elementsEqual("anon_inode:[pidfd]".utf8), link.hasPrefix("fd/"),
           let process = DescriptorDetails.pidfdProcess(pid: pid, fd: link.dropFirst(3)) {
            append("<pid:")
            append(decimal: process)
            append(byte: UInt8(ascii: ">"))
            return
        }
        let isSocket = target.starts(with: "socket:[".utf8)
        var detail: DescriptorDetails.Detail? = nil
        if isSocket ? decoding.contains(.socket) : decoding.contains(.device) {
            detail = DescriptorDetails.describe(pid: pid, link: link, target: String(decoding: target, as: UTF8.self))
        }
        switch detail {
        case .socket(let text)?:
            append(byte: UInt8(ascii: "<"))
            append(text)
            append(byte: UInt8(ascii: ">"))
            return
        case .device?:
            break
        case nil:
            // A socket strace cannot describe shows its link, `socket:[N]`, under decode-fds=socket too.
            guard decoding.contains(.path) || (isSocket && decoding.contains(.socket)) else { return }
        }
        let suffix = " (deleted)".utf8
        let deleted = target.count > suffix.count && target.suffix(suffix.count).elementsEqual(suffix)
        append(byte: UInt8(ascii: "<"))
        appendDescriptorTarget(deleted ? target.dropLast(suffix.count) : target[...], style: style)
        if case .device(let numbers)? = detail { append(numbers) }
        append(byte: UInt8(ascii: ">"))
        if deleted { append("(deleted)") }
    }

    /// A descriptor's path inside `<...>`: strace's string escapes without
    /// the quotes, `<` and `>` escaped too; under `-x`/`-xx` in hexadecimal
    /// as a string would be.
    mutating func appendDescriptorTarget(_ bytes: ArraySlice<UInt8>, style: StringStyle) {
        let hex: Bool
        switch style {
        case .escaped, .hexEscapes: hex = false
        case .hexAll: hex = true
        case .hexNonPrintable: hex = bytes.contains { !OutputBuffer.isPrintable($0) && !(0x09...0x0d).contains($0) }
        }
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if hex {
                append("\\x")
                appendHexDigits(UInt64(byte), minimumWidth: 2)
            } else if OutputBuffer.isPrintable(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                        && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") {
                append(byte: byte)
            } else {
                let nextIsOctal = index != bytes.endIndex && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index])
                appendEscaped(byte, beforeOctalDigit: nextIsOctal, hexEscapes: style == .hexEscapes)
            }
        }
    }
}

extension OutputBuffer {
    /// `-Y`: `<comm>` of a process or thread that exists (a zombie included);
    /// nothing for 0, negative values (process groups) or a task that is gone.
    package mutating func appendPIDComm(_ pid: Int64) {
        guard pid > 0, pid <= Int64(Int32.max), let name = ProcFS.commandName(of: Int32(pid)) else { return }
        appendCommandName(name)
    }

    /// `<name>`, bytes that are not printable in octal.
    package mutating func appendCommandName(_ name: [UInt8]) {
        append(byte: UInt8(ascii: "<"))
        for byte in name {
            if OutputBuffer.isPrintable(byte) {
                append(byte: byte)
            } else {
                append(byte: UInt8(ascii: "\\"))
                append(byte: UInt8(ascii: "0") + byte >> 6)
                append(byte: UInt8(ascii: "0") + (byte >> 3) & 7)
                append(byte: UInt8(ascii: "0") + byte & 7)
            }
        }
        append(byte: UInt8(ascii: ">"))
    }
}

extension Paths {
    /// `path` for people: printable ASCII as it is, backslash doubled, every
    /// other byte (controls, escape sequences, non-ASCII) as a C escape, as
    /// strace prints strings. A hostile name can neither forge report lines
    /// nor reach the terminal.
    public static func display(_ path: FilePath) -> String {
        display(bytes: bytes(path))
    }

    /// `display(_:)` of raw bytes.
    public static func display<C: Collection>(bytes: C) -> String where C.Element == UInt8 {
        // strace's own quoting, without the quotes around it.
        var out = OutputBuffer(capacity: bytes.count + 8)
        out.appendQuoted(bytes)
        out.removeLast()
        return String(decoding: out.contents.dropFirst(), as: UTF8.self)
    }
}
