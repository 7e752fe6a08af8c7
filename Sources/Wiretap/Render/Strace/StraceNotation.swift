/// Turns an argument printed in strace's notation into JSON, so that `--json`
/// gets structures as objects and arrays as arrays from every decoder without
/// each decoder describing its structures twice.
///
/// What is understood, recursively:
/// - `{name=value, ...}` becomes an object; strace's trailing `...` (an
///   abbreviated structure) becomes `"...": true`;
/// - `[a, b]` and space-separated sets (`[INT TERM]`) become arrays; a
///   value-result pair `[110 => 16]` becomes `{"in": 110, "out": 16}`;
/// - `"text"` becomes a string (C escapes undone, invalid UTF-8 repaired), and
///   `"text"...` `{"string": "text", "truncated": true}`;
/// - decimal, `0x` hex and `0`-prefixed octal numbers become numbers, `NULL` null;
/// - anything else (`S_IFREG|0644`, `htons(80)`, `~[RTMIN]`, comments) stays
///   as its text, a JSON string.
/// Text that is not well-formed in this notation is refused (the caller keeps
/// the whole text as a string).
enum StraceNotation {
    /// Appends the JSON form of `text` to `out`; returns false, leaving `out`
    /// as it was, when `text` is not well-formed in strace's notation.
    static func appendJSON(of text: ArraySlice<UInt8>, to out: inout OutputBuffer) -> Bool {
        let mark = out.count
        var parser = Parser(text: text, index: text.startIndex)
        if parser.value(into: &out, inArray: false), parser.index == text.endIndex { return true }
        out.truncate(toCount: mark)
        return false
    }

    private struct Parser {
        let text: ArraySlice<UInt8>
        var index: Int

        var current: UInt8? { index < text.endIndex ? text[index] : nil }

        func startsWith(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard text.endIndex - index >= count else { return false }
            return literal.withUTF8Buffer { lit in
                for i in 0..<count where text[index + i] != lit[i] { return false }
                return true
            }
        }

        /// A comment after a structure (`stx_atime={...} /* 2026-11-24T... */`)
        /// repeats what the structure says; JSON drops it.
        mutating func skipComment() {
            guard startsWith(" /*") else { return }
            var i = index + 3
            while i + 1 < text.endIndex {
                if text[i] == UInt8(ascii: "*") && text[i + 1] == UInt8(ascii: "/") { index = i + 2; return }
                i += 1
            }
        }

        mutating func value(into out: inout OutputBuffer, inArray: Bool) -> Bool {
            switch current {
            case UInt8(ascii: "{")?: return object(into: &out)
            case UInt8(ascii: "[")?: return array(into: &out)
            case UInt8(ascii: "\"")?: return string(into: &out)
            case nil: return false
            default: return atom(into: &out, inArray: inArray)
            }
        }

        mutating func object(into out: inout OutputBuffer) -> Bool {
            index += 1
            out.append(byte: UInt8(ascii: "{"))
            var members = 0
            while true {
                if current == UInt8(ascii: "}") { index += 1; break }
                if members > 0 {
                    guard startsWith(", ") else { return false }
                    index += 2
                    out.append(byte: UInt8(ascii: ","))
                }
                if startsWith("...") {
                    index += 3
                    out.append("\"...\":true")
                } else {
                    let nameStart = index
                    while let c = current, isNameByte(c) { index += 1 }
                    guard index > nameStart, current == UInt8(ascii: "=") else { return false }
                    out.append(byte: UInt8(ascii: "\""))
                    out.append(bytes: text[nameStart..<index])
                    out.append("\":")
                    index += 1
                    guard value(into: &out, inArray: false) else { return false }
                    skipComment()
                }
                members += 1
            }
            out.append(byte: UInt8(ascii: "}"))
            return true
        }

        mutating func array(into out: inout OutputBuffer) -> Bool {
            index += 1
            if startsWith("]") { index += 1; out.append("[]"); return true }
            // `[in => out]`: a value-result argument.
            let start = index, mark = out.count
            out.append("{\"in\":")
            if value(into: &out, inArray: true), startsWith(" => ") {
                index += 4
                out.append(",\"out\":")
                guard value(into: &out, inArray: true), current == UInt8(ascii: "]") else { return false }
                index += 1
                out.append(byte: UInt8(ascii: "}"))
                return true
            }
            index = start
            out.truncate(toCount: mark)
            out.append(byte: UInt8(ascii: "["))
            var elements = 0
            while true {
                if current == UInt8(ascii: "]") { index += 1; break }
                if elements > 0 {
                    if startsWith(", ") { index += 2 } else if current == UInt8(ascii: " ") { index += 1 } else { return false }
                    out.append(byte: UInt8(ascii: ","))
                }
                if startsWith("...") {
                    index += 3
                    out.append("\"...\"")
                } else {
                    guard value(into: &out, inArray: true) else { return false }
                }
                elements += 1
            }
            out.append(byte: UInt8(ascii: "]"))
            return true
        }

        /// A quoted string with C escapes, optionally followed by `...`.
        mutating func string(into out: inout OutputBuffer) -> Bool {
            index += 1
            var bytes: [UInt8] = []
            while true {
                guard let c = current else { return false }
                index += 1
                if c == UInt8(ascii: "\"") { break }
                guard c == UInt8(ascii: "\\") else { bytes.append(c); continue }
                guard let e = current else { return false }
                index += 1
                switch e {
                case UInt8(ascii: "n"): bytes.append(0x0a)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0d)
                case UInt8(ascii: "v"): bytes.append(0x0b)
                case UInt8(ascii: "f"): bytes.append(0x0c)
                case UInt8(ascii: "x"):
                    var v: UInt8 = 0
                    for _ in 0..<2 {
                        guard let c = current, let d = hexDigit(c) else { return false }
                        v = v << 4 | d
                        index += 1
                    }
                    bytes.append(v)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var v = UInt32(e - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "7") else { break }
                        v = v << 3 | UInt32(c - UInt8(ascii: "0"))
                        index += 1
                    }
                    bytes.append(UInt8(truncatingIfNeeded: v))
                default: bytes.append(e)
                }
            }
            let truncated = startsWith("...")
            if truncated {
                index += 3
                out.append("{\"string\":")
            }
            out.appendJSONString(bytes: bytes)
            if truncated { out.append(",\"truncated\":true}") }
            return true
        }

        /// Anything up to the next separator at this depth: a number, NULL, or text.
        mutating func atom(into out: inout OutputBuffer, inArray: Bool) -> Bool {
            let start = index
            var depth = 0
            var quoted = false
            while let c = current {
                if quoted {
                    if c == UInt8(ascii: "\\") { index += 1 } else if c == UInt8(ascii: "\"") { quoted = false }
                    index += 1
                    continue
                }
                if startsWith("/*") {
                    // A comment (`-X verbose`) belongs to the value before it.
                    while index < text.endIndex && !startsWith("*/") { index += 1 }
                    guard index < text.endIndex else { return false }
                    index += 2
                    continue
                }
                switch c {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 { return emitAtom(text[start..<index], into: &out) }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { return emitAtom(text[start..<index], into: &out) }
                case UInt8(ascii: " "):
                    // Inside arrays a space separates set members, unless a
                    // comment or `=>` follows.
                    if depth == 0 && inArray && !startsWith(" /*") {
                        return emitAtom(text[start..<index], into: &out)
                    }
                default: break
                }
                index += 1
            }
            return emitAtom(text[start..<index], into: &out)
        }

        func emitAtom(_ atom: ArraySlice<UInt8>, into out: inout OutputBuffer) -> Bool {
            guard !atom.isEmpty else { return false }
            if atom.elementsEqual("NULL".utf8) { out.append("null"); return true }
            if let number = Self.number(atom) {
                if number.isNegative { out.append(byte: UInt8(ascii: "-")) }
                out.append(decimal: number.magnitude)
                return true
            }
            out.appendJSONString(bytes: atom)
            return true
        }

        static func number(_ atom: ArraySlice<UInt8>) -> (isNegative: Bool, magnitude: UInt64)? {
            var digits = atom
            let negative = digits.first == UInt8(ascii: "-")
            if negative { digits = digits.dropFirst() }
            guard let first = digits.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
            var radix: UInt64 = 10
            if digits.count > 2, digits.starts(with: "0x".utf8) {
                radix = 16
                digits = digits.dropFirst(2)
            } else if digits.count > 1, first == UInt8(ascii: "0") {
                radix = 8
                digits = digits.dropFirst()
            }
            var value: UInt64 = 0
            for c in digits {
                guard let d = hexDigit(c), UInt64(d) < radix else { return nil }
                let (m, o1) = value.multipliedReportingOverflow(by: radix)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                guard !o1, !o2 else { return nil }
                value = s
            }
            return (negative, value)
        }
    }
}

private func isNameByte(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
}

private func hexDigit(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
