import Glibc
import SystemPackage
import Wiretap
import WiretapDebugger
import WiretapDisassembly
import WiretapSymbols
import CEditLine

// The debugger prompt's helpers: locations and expressions resolved,
// stops and values written as gdb writes them, JSON, source lines.

extension DebugSession {

    /// An address from `*ADDRESS`, `ADDRESS` or a function name.
    mutating func resolve(_ location: String) -> UInt64? {
        let text = location.trimmingSpaces
        if text.hasPrefix("*") {
            // `*ADDRESS`, or `*FUNCTION`: its first instruction (no prologue skipped).
            let target = String(text.dropFirst()).trimmingSpaces
            if let address = number(target) { return address }
            guard let address = loadSymbols()?.addresses(ofFunction: target).first else {
                failure("No symbol \"\(target)\" in current context.")
                return nil
            }
            return address
        }
        guard !text.isEmpty else { failure("No default breakpoint address now."); return nil }
        guard let symbols = loadSymbols() else { failure("No symbol table is loaded."); return nil }
        if let line = Int(text), line > 0 {
            // A bare LINE is in the current source file (where the thread is, else main's), as gdb has it.
            let pc = (try? debugger.registers())?.instructionPointer ?? 0
            guard let file = symbols.lineInfo(at: pc)?.file
                    ?? symbols.breakpointAddresses(ofFunction: "main").first.flatMap({ symbols.lineInfo(at: $0)?.file }) else {
                failure("No symbol table is loaded.  Use the \"file\" command.")
                return nil
            }
            return resolve("\(file):\(line)")
        }
        if let address = number(text) { return address }
        // FILE:LINE, or a function (after its prologue, where gdb's `break NAME` puts it).
        if let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) {
            do {
                guard let address = try symbols.addresses(file: String(text[..<colon]), line: line).first else {
                    failure("Line \(line) is out of range for \"\(text[..<colon])\".")
                    return nil
                }
                return address
            } catch {
                failure(error.description)
                return nil
            }
        }
        guard let address = symbols.breakpointAddresses(ofFunction: text).first else {
            failure("Function \"\(text)\" not defined.")
            return nil
        }
        return address
    }

    mutating func loadSymbols() -> ProcessSymbols? {
        if symbols == nil { symbols = try? ProcessSymbols(pid: debugger.process, includeSource: true) }
        try? symbols?.refresh()
        return symbols
    }

    mutating func symbolFrame(_ address: UInt64) -> StackFrame? {
        guard address != 0, let symbols = loadSymbols() else { return nil }
        return symbols.frame(at: address)
    }

    func location(_ pc: UInt64, _ frame: StackFrame?) -> String {
        guard let frame, let symbol = frame.symbol else { return "0x\(hex(pc, width: addressWidth)) in ?? ()" }
        if let file = frame.file, let line = frame.line {
            // gdb gives the address too when the pc is inside a line, not at its start.
            let address = isLineStart(pc) ? "" : "0x\(hex(pc, width: addressWidth)) in "
            return "\(address)\(symbol) () at \(file):\(line)"
        }
        // gdb names the library a function is in, not the program itself.
        let executable = (try? ProcFS.linkTarget("/proc/\(debugger.process)/exe")).map { String(decoding: $0, as: UTF8.self) }
        let module = frame.module.flatMap { $0 == executable ? nil : " from \($0)" } ?? ""
        return "0x\(hex(pc, width: addressWidth)) in \(symbol) ()\(module)"
    }

    /// `x/Ns`: N strings from `address` on, each up to its NUL, as gdb shows
    /// them (200 characters at most, then `...`; bytes escaped as C does).
    mutating func examineStrings(at address: UInt64, count: Int) {
        var here = address
        var lines: [String] = []
        var strings: [JSONOut] = []
        for _ in 0..<count {
            // Byte by byte past a page end: a string may end just before unmapped memory.
            var bytes: [UInt8] = []
            var ended = false
            while bytes.count < 200 {
                let chunk = 64 - Int((here &+ UInt64(bytes.count)) % 64)
                guard let read = try? debugger.readMemory(at: here &+ UInt64(bytes.count), count: min(chunk, 200 - bytes.count)) else { break }
                if let nul = read.firstIndex(of: 0) {
                    bytes += read[..<nul]
                    ended = true
                    break
                }
                bytes += read
            }
            if bytes.isEmpty && !ended {
                failure("Cannot access memory at address 0x\(hex(here))")
                break
            }
            let name = symbolNamer()(here).map { " <\($0)>" } ?? ""
            lines.append("0x\(hex(here))\(name):\t\"\(Self.escapedC(bytes, quote: "\""))\"" + (ended ? "" : "..."))
            strings.append(.string(String(decoding: bytes, as: UTF8.self)))
            here &+= UInt64(bytes.count + (ended ? 1 : 0))
        }
        result("x", lines.joined(separator: "\n"), extra: ["address": .address(address), "strings": .array(strings)])
    }

    /// Bytes as gdb prints them in C quotes: printable ASCII as itself, the
    /// usual escapes (`\n`, `\t`, `\033`...), a printable UTF-8 character as
    /// itself (gdb's UTF-8 charset; never a control or formatting one, which
    /// could rewrite the terminal), every other byte in octal.
    static func escapedC(_ bytes: [UInt8], quote: Character) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0xc2, let (scalar, length) = utf8Scalar(bytes, at: index - 1), isSafeToShow(scalar) {
                out.unicodeScalars.append(scalar)
                index += length - 1
                continue
            }
            switch byte {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0a: out += "\\n"
            case 0x0b: out += "\\v"
            case 0x0c: out += "\\f"
            case 0x0d: out += "\\r"
            case 0x1b: out += "\\033"
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20...0x7e:
                let character = Character(Unicode.Scalar(byte))
                out += character == quote ? "\\" + String(character) : String(character)
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out
    }

    /// The scalar of a well-formed UTF-8 sequence at `start` and its length.
    static func utf8Scalar(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[start]
        let length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
        guard lead < 0xf5, start + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07)
        for offset in 1..<length {
            let next = bytes[start + offset]
            guard next & 0xc0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3f)
        }
        // Overlong forms are not well-formed.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// A character that only draws: not a control, format (bidi), separator or private-use one.
    static func isSafeToShow(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return false
        default: return scalar.value >= 0xa0
        }
    }

    /// `text` parsed as an expression, its global variables and `&NAME`s resolved through the ELF symbols.
    mutating func parseExpression(_ text: String) throws(WiretapDebugger.ExpressionError) -> Expression {
        let symbols = loadSymbols()
        return try Expression(parsing: text).resolvingSymbols { symbols?.variable(named: $0) }
    }

    /// The value of `text` at this stop (registers of the selected frame).
    mutating func evaluate(_ text: String) throws(WiretapDebugger.ExpressionError) -> Int64 {
        let parsed = try parseExpression(text)
        guard let registers = try? debugger.registers() else { throw WiretapDebugger.ExpressionError("No registers.") }
        let debugger = self.debugger
        return try parsed.evaluate(registers: selectedFrameRegisters(registers)) { address, count in
            try? debugger.readMemory(at: address, count: count)
        }
    }

    func number(_ text: String) -> UInt64? {
        let text = text.trimmingSpaces
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }

    /// A command line from the user: at a terminal with line editing and
    /// history (libedit), and Enter repeating a stepping command as in gdb;
    /// otherwise a plain line.
    mutating func readCommandLine() -> String? {
        guard !json, isatty(0) == 1 else {
            if !json { prompt() }
            return readLine(strippingNewline: true)
        }
        guard let raw = readline("(wiretap) ") else {
            say("quit")
            return nil
        }
        defer { free(raw) }
        let line = String(cString: raw)
        if line.trimmingSpaces.isEmpty { return repeatable ?? "" }
        add_history(raw)
        let word = line.trimmingSpaces.prefix { $0 != " " && $0 != "/" }
        let repeating: Set<Substring> = ["s", "step", "n", "next", "si", "stepi", "ni", "nexti", "c", "continue", "x", "up", "down", "u", "until"]
        repeatable = repeating.contains(word) ? line : nil
        return line
    }

    func prompt() {
        _ = "(wiretap) ".withCString { write(1, $0, strlen($0)) }
    }

    func say(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    func failure(_ message: String) {
        if muted { return }
        if json { emit(["type": .string("error"), "message": .string(message)]) } else {
            var line = message + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
    }

    func result(_ command: String, _ text: String?, extra: [String: JSONOut] = [:]) {
        if json {
            var object: [String: JSONOut] = ["type": .string("result"), "command": .string(command)]
            if let text { object["output"] = .string(text) }
            for (key, value) in extra { object[key] = value }
            emit(object)
        } else if let text {
            say(text)
        }
    }

    func emit(_ object: [String: JSONOut]) {
        var out = "{"
        for (index, key) in object.keys.sorted(by: { $0 == "type" ? true : $1 == "type" ? false : $0 < $1 }).enumerated() {
            if index > 0 { out += "," }
            out += JSONOut.quoted(key) + ":" + object[key]!.text
        }
        out += "}\n"
        out.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}

/// A JSON value of the debugger's output.
enum JSONOut {
    case string(String)
    case number(Int64)
    case address(UInt64)
    case array([JSONOut])
    indirect case object([String: JSONOut])
    case bool(Bool)
    case null

    var text: String {
        switch self {
        case .string(let value): JSONOut.quoted(value)
        case .number(let value): String(value)
        case .address(let value): "\"0x\(String(value, radix: 16))\""
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { JSONOut.quoted($0) + ":" + members[$0]!.text }.joined(separator: ",") + "}"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

func hex(_ value: UInt64, width: Int = 0) -> String {
    let digits = String(value, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

extension String {
    /// Without the spaces and tabs at either end (a command word or argument).
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// A caught syscall as strace prints it: a strace renderer writing into an
/// unlinked temporary file, read back at each catchpoint stop.
final class CaughtSyscallText {
    let file: FileDescriptor
    let renderer: StraceRenderer
    var offset: Int64 = 0
    /// The entry's part of the line, kept for the exit.
    var opened: [UInt8] = []

    init?() {
        // An unlinked temporary file: nothing is left behind, whatever happens.
        var template = Array("/tmp/wiretap-catch-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        file = FileDescriptor(rawValue: fd)
        renderer = StraceRenderer(output: file, format: StraceFormat(), flushEachLine: true)
    }

    deinit { try? file.close() }

    func render(_ event: TraceEvent, _ tracee: Tracee) {
        renderer.render(event, tracee)
        renderer.flush()
    }

    /// What the renderer wrote since the last stop: `write(1, "hi", 2` at
    /// the entry, the whole `write(1, "hi", 2) = 2` at the exit.
    func take(entering: Bool) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(file.rawValue, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
            offset += Int64(count)
        }
        if entering {
            opened = bytes
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) + " ..."
        }
        let line = opened + bytes
        opened = []
        var text = String(decoding: line, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? nil : text
    }
}

/// Source files' lines, read once per file, for gdb's `LINE\tSOURCE` after a step.
enum SourceLines {
    nonisolated(unsafe) private static var files: [String: [Substring]] = [:]

    static func line(_ number: Int, of path: String) -> String? {
        guard let lines = lines(of: path), number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    /// How many lines the file has (a final newline ends the last one), nil when it cannot be read.
    static func count(of path: String) -> Int? {
        guard let lines = lines(of: path) else { return nil }
        return lines.last?.isEmpty == true ? lines.count - 1 : lines.count
    }

    static func lines(of path: String) -> [Substring]? {
        if files[path] == nil {
            guard let bytes = try? ProcFS.readFile(path) else { return nil }
            files[path] = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }
        return files[path]
    }
}
