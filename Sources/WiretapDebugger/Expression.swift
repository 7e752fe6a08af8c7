import WiretapCore

/// A small C-like expression over registers and memory, as breakpoint
/// conditions (`break work if $rdi == 3`) and `print` take them:
///
/// - integers (decimal, `0x` hex), `$REGISTER` (any name `info registers` knows);
/// - a global variable `NAME` and its address `&NAME` (`resolvingSymbols`
///   turns them into memory and constants);
/// - `*ADDRESS` (an `int`) and `*(TYPE *)ADDRESS` for `char`, `short`, `int`,
///   `long`, their `unsigned` forms, `intN_t`/`uintN_t` and pointers;
/// - unary `-`, `!`, `~`; binary `* / % + - << >> < <= > >= == != & ^ | && ||`
///   with C's precedence; parentheses.
///
/// Values are 64-bit signed; a comparison or logical operator gives 0 or 1.
public indirect enum Expression: Sendable, Hashable {
    case constant(Int64)
    case register(String)
    /// `size` bytes at the address, sign-extended when `signed`.
    case memory(Expression, size: Int, signed: Bool)
    case unary(String, Expression)
    case binary(String, Expression, Expression)
    /// A global variable by name, and its address: resolved by `resolvingSymbols`.
    case variable(String)
    case addressOf(String)

    /// The same expression with every variable replaced by the memory it
    /// names (its size, as a signed integer) and every `&NAME` by its
    /// address; `lookup` gives a name's address and size (nil: no such symbol).
    public func resolvingSymbols(_ lookup: (String) -> (address: UInt64, size: Int)?) throws(ExpressionError) -> Expression {
        switch self {
        case .constant, .register:
            return self
        case .variable(let name):
            guard let symbol = lookup(name) else { throw ExpressionError("No symbol \"\(name)\" in current context.") }
            guard [1, 2, 4, 8].contains(symbol.size) else {
                throw ExpressionError("'\(name)' has unknown type (\(symbol.size) bytes); cast it: *(int *)&\(name)")
            }
            return .memory(.constant(Int64(bitPattern: symbol.address)), size: symbol.size, signed: true)
        case .addressOf(let name):
            guard let symbol = lookup(name) else { throw ExpressionError("No symbol \"\(name)\" in current context.") }
            return .constant(Int64(bitPattern: symbol.address))
        case .memory(let address, let size, let signed):
            return .memory(try address.resolvingSymbols(lookup), size: size, signed: signed)
        case .unary(let op, let operand):
            return .unary(op, try operand.resolvingSymbols(lookup))
        case .binary(let op, let left, let right):
            return .binary(op, try left.resolvingSymbols(lookup), try right.resolvingSymbols(lookup))
        }
    }

    /// Parses `text`; the error says what was expected and where.
    public init(parsing text: String) throws(ExpressionError) {
        var parser = Parser(Array(text.utf8))
        let expression = try parser.parse(level: 0)
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected text") }
        self = expression
    }

    /// The value, reading registers from `registers` and memory through
    /// `memory(address, count)` (nil: unreadable).
    public func evaluate(registers: Registers, memory: (UInt64, Int) -> [UInt8]?) throws(ExpressionError) -> Int64 {
        switch self {
        case .constant(let value):
            return value
        case .variable(let name), .addressOf(let name):
            throw ExpressionError("No symbol \"\(name)\" in current context.")
        case .register(let name):
            guard let value = RegisterNames.value(name, in: registers) else { throw ExpressionError("Invalid register `\(name)'") }
            return Int64(bitPattern: value)
        case .memory(let address, let size, let signed):
            let at = UInt64(bitPattern: try address.evaluate(registers: registers, memory: memory))
            guard let bytes = memory(at, size), bytes.count == size else {
                throw ExpressionError("Cannot access memory at address 0x\(String(at, radix: 16))")
            }
            var value: UInt64 = 0
            for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * index) }
            if signed && size < 8 {
                let shift = UInt64(64 - 8 * size)
                return Int64(bitPattern: value << shift) >> Int64(shift)
            }
            return Int64(bitPattern: value)
        case .unary(let op, let operand):
            let value = try operand.evaluate(registers: registers, memory: memory)
            switch op {
            case "-": return 0 &- value
            case "!": return value == 0 ? 1 : 0
            default: return ~value
            }
        case .binary(let op, let left, let right):
            let a = try left.evaluate(registers: registers, memory: memory)
            // && and || do not evaluate their right side when the left decides.
            if op == "&&" && a == 0 { return 0 }
            if op == "||" && a != 0 { return 1 }
            let b = try right.evaluate(registers: registers, memory: memory)
            switch op {
            case "*": return a &* b
            case "/", "%":
                guard b != 0 else { throw ExpressionError("Division by zero") }
                if a == .min && b == -1 { return op == "/" ? a : 0 }
                return op == "/" ? a / b : a % b
            case "+": return a &+ b
            case "-": return a &- b
            case "<<": return a << (b & 63)
            case ">>": return a >> (b & 63)
            case "<": return a < b ? 1 : 0
            case "<=": return a <= b ? 1 : 0
            case ">": return a > b ? 1 : 0
            case ">=": return a >= b ? 1 : 0
            case "==": return a == b ? 1 : 0
            case "!=": return a != b ? 1 : 0
            case "&": return a & b
            case "^": return a ^ b
            case "|": return a | b
            default: return b != 0 ? 1 : 0  // && and || with the left side not deciding
            }
        }
    }
}

/// Why an expression could not be parsed or evaluated.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Precedence climbing over the bytes of the text.
private struct Parser {
    let text: [UInt8]
    var position = 0

    init(_ text: [UInt8]) { self.text = text }

    /// Binary operators by precedence, loosest first.
    static let levels: [[String]] = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<=", ">=", "<", ">"],
                                     ["<<", ">>"], ["+", "-"], ["*", "/", "%"]]

    var atEnd: Bool { position >= text.count }

    mutating func skipSpaces() {
        while position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "\t") { position += 1 }
    }

    func error(_ what: String) -> ExpressionError {
        let rest = String(decoding: text[min(position, text.count)...], as: UTF8.self)
        return ExpressionError("\(what) at column \(position + 1)\(rest.isEmpty ? " (end of expression)" : ": \"\(rest)\"")")
    }

    mutating func take(_ token: String) -> Bool {
        skipSpaces()
        let bytes = Array(token.utf8)
        guard position + bytes.count <= text.count, Array(text[position..<position + bytes.count]) == bytes else { return false }
        // `<` is not the start of `<<` or `<=`, `&` not of `&&`, `|` not of `||`.
        if bytes.count == 1, position + 1 < text.count {
            let next = text[position + 1]
            if (token == "<" || token == ">") && (next == bytes[0] || next == UInt8(ascii: "=")) { return false }
            if (token == "&" || token == "|") && next == bytes[0] { return false }
            if token == "!" && next == UInt8(ascii: "=") { return false }
        }
        position += bytes.count
        return true
    }

    mutating func parse(level: Int) throws(ExpressionError) -> Expression {
        guard level < Self.levels.count else { return try unary() }
        var left = try parse(level: level + 1)
        while let op = Self.levels[level].first(where: { take($0) }) {
            left = .binary(op, left, try parse(level: level + 1))
        }
        return left
    }

    mutating func unary() throws(ExpressionError) -> Expression {
        for op in ["-", "!", "~"] where take(op) { return .unary(op, try unary()) }
        if take("&") {
            skipSpaces()
            let start = position
            while position < text.count, isIdentifier(text[position]) { position += 1 }
            let name = String(decoding: text[start..<position], as: UTF8.self)
            guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
                throw error("expected a variable's name after `&`")
            }
            return .addressOf(name)
        }
        if take("*") {
            // `*(TYPE *)ADDRESS`, or `*ADDRESS` as an int.
            let start = position
            if take("("), let (size, signed) = typeName() {
                if take("*"), take(")") { return .memory(try unary(), size: size, signed: signed) }
            }
            position = start
            return .memory(try unary(), size: 4, signed: true)
        }
        return try primary()
    }

    /// A C integer or pointer type's size and signedness (a pointer is read as a pointer: 8 bytes).
    mutating func typeName() -> (Int, Bool)? {
        var words: [String] = []
        while true {
            skipSpaces()
            let start = position
            while position < text.count, isIdentifier(text[position]) { position += 1 }
            guard position > start else { break }
            words.append(String(decoding: text[start..<position], as: UTF8.self))
        }
        // A pointer type (`char **`): the first `*` is the cast's own; more make it a pointer.
        var stars = 0
        var probe = position
        while probe < text.count, text[probe] == UInt8(ascii: "*") || text[probe] == UInt8(ascii: " ") {
            if text[probe] == UInt8(ascii: "*") { stars += 1 }
            probe += 1
        }
        if stars > 1 {
            while stars > 1 { _ = take("*"); stars -= 1 }
            return words.isEmpty ? nil : (8, false)
        }
        let unsigned = words.contains("unsigned")
        let base = words.filter { $0 != "unsigned" && $0 != "signed" && $0 != "const" && $0 != "volatile" }
        switch base {
        case ["char"], ["int8_t"]: return (1, !unsigned)
        case ["uint8_t"]: return (1, false)
        case ["short"], ["short", "int"], ["int16_t"]: return (2, !unsigned)
        case ["uint16_t"]: return (2, false)
        case ["int"], ["int32_t"]: return (4, !unsigned)
        case [] where unsigned: return (4, false)
        case ["uint32_t"]: return (4, false)
        case ["long"], ["long", "int"], ["long", "long"], ["long", "long", "int"], ["int64_t"], ["ssize_t"]: return (8, !unsigned)
        case ["uint64_t"], ["size_t"], ["uintptr_t"]: return (8, false)
        case ["void"]: return nil
        default: return nil
        }
    }

    func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    mutating func primary() throws(ExpressionError) -> Expression {
        skipSpaces()
        if take("(") {
            let inner = try parse(level: 0)
            guard take(")") else { throw error("expected `)`") }
            return inner
        }
        if take("$") {
            let start = position
            while position < text.count, isIdentifier(text[position]) { position += 1 }
            guard position > start else { throw error("expected a register name after `$`") }
            return .register(String(decoding: text[start..<position], as: UTF8.self))
        }
        let start = position
        while position < text.count, isIdentifier(text[position]) { position += 1 }
        let word = String(decoding: text[start..<position], as: UTF8.self)
        guard !word.isEmpty else { throw error("expected a number, `$REGISTER`, `*ADDRESS` or `(`") }
        let value: UInt64?
        if word.hasPrefix("0x") || word.hasPrefix("0X") {
            value = UInt64(word.dropFirst(2), radix: 16)
        } else {
            value = UInt64(word, radix: 10)
        }
        guard let value else {
            // A name: a global variable.
            if let first = word.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) { return .variable(word) }
            position = start
            throw error("not a number or register")
        }
        return .constant(Int64(bitPattern: value))
    }
}
