/// A minimal JSON value, writer and parser for the files report and the
/// snapshot manifest (Foundation stays out of the library).
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Integers are kept exact (nanosecond times do not fit a Double).
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in insertion order, so output is stable and readable.
    case object([(String, JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let x): hasher.combine(x)
        case .number(let x): hasher.combine(x)
        case .integer(let x): hasher.combine(x)
        case .string(let x): hasher.combine(x)
        case .array(let x): hasher.combine(x)
        case .object(let x): for (k, v) in x { hasher.combine(k); hasher.combine(v) }
        }
    }

    package init(_ value: Int) { self = .integer(Int64(value)) }
    package init(_ value: Int64) { self = .integer(value) }
    package init(_ value: String) { self = .string(value) }
    package init(_ values: [String]) { self = .array(values.map { .string($0) }) }

    /// The member `key` of an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    package var string: String? { if case .string(let s) = self { return s } else { return nil } }
    package var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    package var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    package var int64: Int64? {
        switch self {
        case .integer(let v): return v
        case .number(let n): return Int64(exactly: n)
        default: return nil
        }
    }
    package var int: Int? { int64.map { Int($0) } }
}

extension OutputBuffer {
    /// Appends `value` as JSON; `indent` > 0 pretty-prints with that many spaces.
    package mutating func appendJSON(_ value: JSONValue, indent: Int = 0, level: Int = 0) {
        func newline(_ depth: Int) {
            guard indent > 0 else { return }
            append(byte: UInt8(ascii: "\n"))
            for _ in 0..<(depth * indent) { append(byte: UInt8(ascii: " ")) }
        }
        switch value {
        case .null: append("null")
        case .bool(let b): b ? append("true") : append("false")
        case .integer(let i): append(decimal: i)
        case .number(let n):
            if let i = Int64(exactly: n) { append(decimal: i) } else { append(n.description) }
        case .string(let s): appendJSONString(s)
        case .array(let items):
            append(byte: UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { append(byte: UInt8(ascii: ",")) }
                newline(level + 1)
                appendJSON(item, indent: indent, level: level + 1)
            }
            if !items.isEmpty { newline(level) }
            append(byte: UInt8(ascii: "]"))
        case .object(let members):
            append(byte: UInt8(ascii: "{"))
            for (i, (key, item)) in members.enumerated() {
                if i > 0 { append(byte: UInt8(ascii: ",")) }
                newline(level + 1)
                appendJSONString(key)
                append(indent > 0 ? ": " : ":")
                appendJSON(item, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(level) }
            append(byte: UInt8(ascii: "}"))
        }
    }

    /// Appends bytes as a JSON string literal without making a String when
    /// they are ASCII (invalid UTF-8 is repaired through String otherwise).
    @inlinable package mutating func appendJSONString<C: Collection>(bytes: C) where C.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ appendJSONString(buffer: $0) }) != nil { return }
        Array(bytes).withUnsafeBufferPointer { appendJSONString(buffer: $0) }
    }

    /// The concrete forms (a generic call across modules is not specialized).
    package mutating func appendJSONString(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { appendJSONString(buffer: $0) } }
    package mutating func appendJSONString(bytes: ArraySlice<UInt8>) { bytes.withUnsafeBufferPointer { appendJSONString(buffer: $0) } }

    package mutating func appendJSONString(buffer: UnsafeBufferPointer<UInt8>) {
        if buffer.contains(where: { $0 >= 0x80 }) {
            appendJSONString(String(decoding: buffer, as: UTF8.self))
            return
        }
        append(byte: UInt8(ascii: "\""))
        for byte in buffer { appendJSONEscaped(byte) }
        append(byte: UInt8(ascii: "\""))
    }

    @inlinable
    mutating func appendJSONEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case UInt8(ascii: "\n"): append("\\n")
        case UInt8(ascii: "\r"): append("\\r")
        case UInt8(ascii: "\t"): append("\\t")
        case 0..<0x20, 0x7f:
            append("\\u00")
            appendHexDigits(UInt64(byte), minimumWidth: 2)
        default: append(byte: byte)
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control characters.
    package mutating func appendJSONString(_ s: String) {
        append(byte: UInt8(ascii: "\""))
        for byte in s.utf8 { appendJSONEscaped(byte) }
        append(byte: UInt8(ascii: "\""))
    }
}

/// An error parsing JSON: what was expected and at which byte offset.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
    package let offset: Int
    package let message: String
    package var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses a complete JSON document.
    ///
    /// Strict: strings must be valid UTF-8 (nothing is silently replaced),
    /// escapes must be JSON's, and arrays and objects may nest at most
    /// `maxDepth` deep (a hostile file cannot exhaust the stack).
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        let value = try parser.value()
        parser.skipSpace()
        if parser.offset != bytes.count { throw parser.error("trailing characters") }
        return value
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var offset = 0
    var depth = 0

    func error(_ message: String) -> JSONParseError { JSONParseError(offset: offset, message: message) }

    mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[offset]) { offset += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONParseError) {
        for byte in literal.utf8 {
            guard offset < bytes.count, bytes[offset] == byte else { throw error("expected \(literal)") }
            offset += 1
        }
    }

    mutating func value() throws(JSONParseError) -> JSONValue {
        skipSpace()
        guard offset < bytes.count else { throw error("unexpected end") }
        switch bytes[offset] {
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            offset += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= maxDepth else { throw error("nested deeper than \(maxDepth)") }
            var items: [JSONValue] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard offset < bytes.count else { throw error("unterminated array") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                if bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
                throw error("expected , or ]")
            }
        case UInt8(ascii: "{"):
            offset += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= maxDepth else { throw error("nested deeper than \(maxDepth)") }
            var members: [(String, JSONValue)] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
            while true {
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a key") }
                let key = try string()
                skipSpace()
                try expect(":")
                members.append((key, try value()))
                skipSpace()
                guard offset < bytes.count else { throw error("unterminated object") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                if bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
                throw error("expected , or }")
            }
        default:
            return try number()
        }
    }

    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = offset
        while offset < bytes.count, "+-0123456789.eE".utf8.contains(bytes[offset]) { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if let integer = Int64(text) { return .integer(integer) }
        guard offset > start, let n = Double(text) else { throw error("expected a value") }
        return .number(n)
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard offset + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        offset += 4
        return v
    }

    mutating func string() throws(JSONParseError) -> String {
        offset += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw error("unterminated string") }
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            guard offset < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xd800 && scalar < 0xdc00 {
                    guard offset + 6 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate")
                    }
                    offset += 2
                    let low = try hex4()
                    guard low >= 0xdc00 && low < 0xe000 else { throw error("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw error("unpaired surrogate") }
                out.append(contentsOf: String(Character(character)).utf8)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            default: throw error("invalid escape")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
        return text
    }
}
