/// The values a decoder emitted for one call, recorded as a flat list of
/// tokens (no allocation per value: names are static strings, bytes go to one
/// arena). Recorded only for `--json` and library users; the strace text is
/// written alongside by the same emitter calls. `appendJSON` and `values()`
/// turn the tokens into JSON or `SyscallValue`s.
import WiretapCore
package struct ValueTape {
    /// Bytes in `arena`.
    struct Span: Sendable {
        var start: Int32
        var end: Int32
        var isEmpty: Bool { start == end }
    }

    enum Token {
        case signed(Int64)
        case unsigned(UInt64, SyscallValue.IntegerBase)
        case pointer(UInt64)
        case unreadable(UInt64)
        /// The name as the constant's name writer wrote it (empty: unknown).
        case constant(Int64, Span)
        /// The names as the flag writer wrote them: `A|B|0x40` (`0`: none).
        case flags(UInt64, Span)
        case string(Span, truncated: Bool)
        case descriptor(Int32, annotation: Span?)
        case signalSet(UInt64, complemented: Bool)
        case beginStructure
        case field(StaticString)
        case endStructure(abbreviated: Bool)
        case beginArray
        case endArray(cut: Bool)
        /// Two values follow: what the kernel read, and what it wrote back.
        case beginChanged
        case endChanged
        case beginCall(StaticString)
        case endCall
        /// strace's comment on the value before it.
        case comment(Span)
        /// Text with no structure known (a decoder not yet describing its values).
        case text(Span)
    }

    var tokens: [Token] = []
    var arena: [UInt8] = []
    /// Where the current argument's tokens start (nil between arguments).
    private var argumentStart: Int? = nil

    package init() {}

    package mutating func removeAll() {
        tokens.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        argumentStart = nil
    }

    mutating func store<C: Collection>(_ bytes: C) -> Span where C.Element == UInt8 {
        let start = Int32(arena.count)
        arena.append(contentsOf: bytes)
        return Span(start: start, end: Int32(arena.count))
    }

    func bytes(_ span: Span) -> ArraySlice<UInt8> { arena[Int(span.start)..<Int(span.end)] }

    /// Starts an argument.
    mutating func beginArgument() {
        argumentStart = tokens.count
    }

    /// Ends the current argument. If its tokens are not exactly one value (a
    /// decoder that wrote text without describing it), they are replaced by
    /// `text`, what the argument printed.
    mutating func endArgument(text: ArraySlice<UInt8>) {
        guard let start = argumentStart else { return }
        argumentStart = nil
        if ValueTape.isOneValue(tokens[start...]) { return }
        tokens.removeSubrange(start...)
        tokens.append(.text(store(text)))
    }

    /// Whether `tokens` hold one complete value (with its comments).
    static func isOneValue(_ tokens: ArraySlice<Token>) -> Bool {
        var depth = 0
        var values = 0
        for token in tokens {
            switch token {
            case .beginStructure, .beginArray, .beginChanged, .beginCall:
                if depth == 0 { values += 1 }
                depth += 1
            case .endStructure, .endArray, .endChanged, .endCall:
                depth -= 1
                if depth < 0 { return false }
            case .field:
                if depth == 0 { return false }
            case .comment:
                if depth == 0 && values == 0 { return false }
            default:
                if depth == 0 { values += 1 }
            }
        }
        return depth == 0 && values == 1
    }

    var argumentCount: Int {
        var depth = 0, count = 0
        for token in tokens {
            switch token {
            case .beginStructure, .beginArray, .beginChanged, .beginCall:
                if depth == 0 { count += 1 }
                depth += 1
            case .endStructure, .endArray, .endChanged, .endCall: depth -= 1
            case .field, .comment: break
            default: if depth == 0 { count += 1 }
            }
        }
        return count
    }
}

// MARK: - JSON

extension ValueTape {
    /// The arguments as the contents of a JSON array (no brackets).
    package func appendJSON(to out: inout OutputBuffer) {
        var index = 0
        var first = true
        while index < tokens.count {
            if case .comment = tokens[index] { index += 1; continue }
            if !first { out.append(byte: UInt8(ascii: ",")) }
            first = false
            appendJSONValue(at: &index, to: &out)
        }
    }

    /// Writes the value starting at `index` and moves past it and its comments.
    private func appendJSONValue(at index: inout Int, to out: inout OutputBuffer) {
        guard index < tokens.count else { return out.append("null") }
        let token = tokens[index]
        index += 1
        switch token {
        case .signed(let v): out.append(decimal: v)
        case .unsigned(let v, _): out.append(decimal: v)
        case .pointer(let v):
            if v == 0 { out.append("null") } else { ValueTape.appendAddress(v, to: &out) }
        case .unreadable(let address):
            out.append("{\"unreadable\":")
            ValueTape.appendAddress(address, to: &out)
            out.append("}")
        case .constant(let raw, let name):
            out.append("{\"raw\":")
            out.append(decimal: raw)
            out.append(",\"name\":")
            if name.isEmpty { out.append("null") } else { out.appendJSONString(bytes: bytes(name)) }
            out.append("}")
        case .flags(let raw, let names):
            out.append("{\"raw\":")
            out.append(decimal: raw)
            out.append(",\"flags\":[")
            let parsed = ValueTape.splitFlags(bytes(names))
            for (i, name) in parsed.names.enumerated() {
                if i > 0 { out.append(byte: UInt8(ascii: ",")) }
                out.appendJSONString(bytes: name)
            }
            out.append("]")
            if parsed.unknown != 0 {
                out.append(",\"unknown\":")
                out.append(decimal: parsed.unknown)
            }
            out.append("}")
        case .string(let span, let truncated):
            if truncated { out.append("{\"string\":") }
            out.appendJSONString(bytes: bytes(span))
            if truncated { out.append(",\"truncated\":true}") }
        case .descriptor(let fd, let annotation):
            if let annotation {
                out.append("{\"fd\":")
                out.append(decimal: fd)
                out.append(",\"path\":")
                out.appendJSONString(bytes: bytes(annotation))
                out.append("}")
            } else {
                out.append(decimal: fd)
            }
        case .signalSet(let set, let complemented):
            out.append(complemented ? "{\"all_except\":[" : "[")
            var first = true
            for n in 1...64 where set & (1 << UInt64(n - 1)) != 0 {
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                out.append(byte: UInt8(ascii: "\""))
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
                out.append(byte: UInt8(ascii: "\""))
            }
            out.append(complemented ? "]}" : "]")
        case .beginStructure:
            out.append(byte: UInt8(ascii: "{"))
            var first = true
            while index < tokens.count {
                switch tokens[index] {
                case .endStructure(let abbreviated):
                    index += 1
                    if abbreviated { out.append(first ? "\"...\":true" : ",\"...\":true") }
                    out.append(byte: UInt8(ascii: "}"))
                    skipComments(&index)
                    return
                case .field(let name):
                    index += 1
                    if !first { out.append(byte: UInt8(ascii: ",")) }
                    first = false
                    out.append(byte: UInt8(ascii: "\""))
                    out.append(name)
                    out.append("\":")
                    if index < tokens.count, case .endStructure = tokens[index] { out.append("null") } else {
                        appendJSONValue(at: &index, to: &out)
                    }
                default:
                    // A value without a field name (strace prints a few): keyed by position.
                    if !first { out.append(byte: UInt8(ascii: ",")) }
                    first = false
                    out.append("\"_\":")
                    appendJSONValue(at: &index, to: &out)
                }
            }
            out.append(byte: UInt8(ascii: "}"))
            return
        case .beginArray:
            let arrayStart = out.count
            out.append(byte: UInt8(ascii: "["))
            var first = true
            while index < tokens.count {
                if case .endArray(let cut) = tokens[index] {
                    index += 1
                    out.append(byte: UInt8(ascii: "]"))
                    if cut {
                        out.insert(contentsOf: "{\"array\":", at: arrayStart)
                        out.append(",\"cut\":true}")
                    }
                    skipComments(&index)
                    return
                }
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                appendJSONValue(at: &index, to: &out)
            }
            out.append(byte: UInt8(ascii: "]"))
            return
        case .beginChanged:
            out.append("{\"in\":")
            appendJSONValue(at: &index, to: &out)
            out.append(",\"out\":")
            if index < tokens.count, case .endChanged = tokens[index] { out.append("null") } else {
                appendJSONValue(at: &index, to: &out)
            }
            // Anything more than two values is not expected; skip to the end.
            var depth = 0
            while index < tokens.count {
                let t = tokens[index]
                index += 1
                if case .endChanged = t, depth == 0 { break }
                switch t {
                case .beginStructure, .beginArray, .beginChanged, .beginCall: depth += 1
                case .endStructure, .endArray, .endChanged, .endCall: depth -= 1
                default: break
                }
            }
            out.append("}")
        case .beginCall(let name):
            out.append("{\"call\":\"")
            out.append(name)
            out.append("\",\"args\":[")
            var first = true
            while index < tokens.count {
                if case .endCall = tokens[index] { index += 1; break }
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                appendJSONValue(at: &index, to: &out)
            }
            out.append("]}")
        case .text(let span):
            // Marked, so that a consumer (and the tests) can tell strace's
            // text from a string the tracee passed.
            out.append("{\"text\":")
            out.appendJSONString(bytes: bytes(span))
            out.append("}")
        case .comment, .field, .endStructure, .endArray, .endChanged, .endCall:
            // Not a value's start (a malformed list): nothing.
            out.append("null")
        }
        skipComments(&index)
    }

    private func skipComments(_ index: inout Int) {
        while index < tokens.count, case .comment = tokens[index] { index += 1 }
    }

    package static func appendAddress(_ address: UInt64, to out: inout OutputBuffer) {
        out.append("\"0x")
        out.appendHexDigits(address)
        out.append(byte: UInt8(ascii: "\""))
    }

    /// `A|B|0x40` → names and the unknown remainder; `0` → none.
    static func splitFlags(_ text: ArraySlice<UInt8>) -> (names: [ArraySlice<UInt8>], unknown: UInt64) {
        var names: [ArraySlice<UInt8>] = []
        var unknown: UInt64 = 0
        for piece in text.split(separator: UInt8(ascii: "|")) {
            if let first = piece.first, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
                unknown |= parseNumber(piece)
            } else {
                names.append(piece)
            }
        }
        return (names, unknown)
    }

    /// A number as the name writers print a remainder: `0x...`, `0...` octal, or decimal.
    static func parseNumber(_ text: ArraySlice<UInt8>) -> UInt64 {
        var digits = text[...]
        var radix: UInt64 = 10
        if digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]) {
            digits = digits.dropFirst(2); radix = 16
        } else if digits.count > 1, digits.first == UInt8(ascii: "0") {
            digits = digits.dropFirst(); radix = 8
        }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return value
            }
            value = value &* radix &+ digit
        }
        return value
    }
}

// MARK: - Values

extension ValueTape {
    /// The arguments as values.
    func values() -> [SyscallValue] {
        var result: [SyscallValue] = []
        var index = 0
        while index < tokens.count {
            if case .comment = tokens[index] { index += 1; continue }
            result.append(value(at: &index))
        }
        return result
    }

    private func string(_ span: Span) -> String { String(decoding: bytes(span), as: UTF8.self) }

    private func value(at index: inout Int) -> SyscallValue {
        guard index < tokens.count else { return .text("") }
        let token = tokens[index]
        index += 1
        var value: SyscallValue
        switch token {
        case .signed(let v): value = .signed(v)
        case .unsigned(let v, let base): value = .unsigned(v, base: base)
        case .pointer(let v): value = .pointer(v)
        case .unreadable(let v): value = .unreadable(v)
        case .constant(let raw, let name): value = .constant(raw: raw, name: name.isEmpty ? nil : string(name))
        case .flags(let raw, let names):
            let parsed = ValueTape.splitFlags(bytes(names))
            value = .flags(raw: raw, names: parsed.names.map { String(decoding: $0, as: UTF8.self) }, unknown: parsed.unknown)
        case .string(let span, let truncated): value = .string(Array(bytes(span)), truncated: truncated)
        case .descriptor(let fd, let annotation): value = .descriptor(fd, annotation: annotation.map(string))
        case .signalSet(let set, let complemented):
            var names: [String] = []
            for n in 1...64 where set & (1 << UInt64(n - 1)) != 0 {
                var name = OutputBuffer(capacity: 8)
                name.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
                names.append(name.string)
            }
            value = .signalSet(names, complemented: complemented)
        case .beginStructure:
            var fields: [SyscallField] = []
            var abbreviated = false
            while index < tokens.count {
                if case .endStructure(let a) = tokens[index] { index += 1; abbreviated = a; break }
                var name = "_"
                if case .field(let n) = tokens[index] { name = n.description; index += 1 }
                if index < tokens.count, case .endStructure = tokens[index] { continue }
                fields.append(SyscallField(name, self.value(at: &index)))
            }
            value = .structure(fields, abbreviated: abbreviated)
        case .beginArray:
            var elements: [SyscallValue] = []
            var cut = false
            while index < tokens.count {
                if case .endArray(let c) = tokens[index] { index += 1; cut = c; break }
                elements.append(self.value(at: &index))
            }
            value = .array(elements, cut: cut)
        case .beginChanged:
            var parts: [SyscallValue] = []
            while index < tokens.count {
                if case .endChanged = tokens[index] { index += 1; break }
                parts.append(self.value(at: &index))
            }
            value = .changed(from: parts.first ?? .text(""), to: parts.count > 1 ? parts[1] : .text(""))
        case .beginCall(let name):
            var arguments: [SyscallValue] = []
            while index < tokens.count {
                if case .endCall = tokens[index] { index += 1; break }
                arguments.append(self.value(at: &index))
            }
            value = .call(name.description, arguments)
        case .text(let span): value = .text(string(span))
        case .comment, .field, .endStructure, .endArray, .endChanged, .endCall:
            value = .text("")
        }
        while index < tokens.count, case .comment(let span) = tokens[index] {
            index += 1
            value = .commented(value, comment: string(span))
        }
        return value
    }
}
