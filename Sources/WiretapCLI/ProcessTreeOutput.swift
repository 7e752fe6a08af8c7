import CWiretapCLI
import CWiretap
import Glibc
import Wiretap

/// The tree as text (drawn, one line per process) and as one JSON object.
extension ProcessTree {
    /// The width argv is cut to fit when the output is not a terminal.
    static let defaultWidth = 160

    /// One line per process, children under their parent in start order:
    /// `PID ARGV [in CWD]  WALL wall, CPU cpu, N syscalls[, T threads]  STATUS`.
    /// Argv is cut with `...` so that the line fits `width` columns (it
    /// keeps 20 at least). A root's cwd is shown if it is not wiretap's.
    func text(width: Int) -> OutputBuffer {
        var out = OutputBuffer()
        let ownCWD = Self.currentDirectory(of: 0)
        for root in roots {
            appendLines(root, connector: [], indent: [], parentCWD: ownCWD, width: width, into: &out)
        }
        return out
    }

    private func appendLines(_ index: Int, connector: [UInt8], indent: [UInt8], parentCWD: [UInt8], width: Int,
                             into out: inout OutputBuffer) {
        let process = processes[index]
        var head = connector
        head.append(contentsOf: String(process.pid).utf8)
        head.append(UInt8(ascii: " "))
        var tail: [UInt8] = []
        if process.cwd != parentCWD && !process.cwd.isEmpty {
            tail.append(contentsOf: " (in ".utf8)
            Self.appendWord(process.cwd, to: &tail)
            tail.append(UInt8(ascii: ")"))
        }
        tail.append(contentsOf: "  ".utf8)
        tail.append(contentsOf: stats(index).utf8)
        tail.append(contentsOf: "  ".utf8)
        tail.append(contentsOf: Self.status(process).utf8)
        var command: [UInt8] = []
        for (i, argument) in process.argv.enumerated() {
            if i > 0 { command.append(UInt8(ascii: " ")) }
            Self.appendWord(argument, to: &command)
        }
        let budget = max(20, width - Self.columns(head) - Self.columns(tail))
        out.append(bytes: head)
        out.append(bytes: Self.cut(command, toColumns: budget))
        out.append(bytes: tail)
        out.append(byte: UInt8(ascii: "\n"))
        let children = process.children
        for (i, child) in children.enumerated() {
            let last = i == children.count - 1
            appendLines(child, connector: indent + Array((last ? "└─ " : "├─ ").utf8),
                        indent: indent + Array((last ? "   " : "│  ").utf8), parentCWD: process.cwd, width: width, into: &out)
        }
    }

    /// `0.912s wall, 1.204s cpu, 312 syscalls, 4 threads`.
    private func stats(_ index: Int) -> String {
        let process = processes[index]
        var parts: [String] = []
        parts.append((process.end.map { Self.duration($0 - process.start) } ?? "?") + " wall")
        if let cpu = process.cpu { parts.append(Self.duration(cpu) + " cpu") }
        if let count = syscallCount(index) { parts.append("\(count) syscall" + (count == 1 ? "" : "s")) }
        if process.threads > 1 { parts.append("\(process.threads) threads") }
        return parts.joined(separator: ", ")
    }

    /// `exit 0`; failures start with `FAILED:`.
    static func status(_ process: Process) -> String {
        var words: [String] = []
        if let error = process.execError {
            // `exec /path: ENOENT`: the path quoted as argv words are.
            var path: [UInt8] = []
            if let tried = process.execPath {
                appendWord(tried, to: &path)
                path += Array(": ".utf8)
            }
            words.append("exec " + String(decoding: path, as: UTF8.self) + (ErrnoTable.name(Int(error)).map { $0.description } ?? "errno \(error)"))
        }
        switch process.ending {
        case .exited(let code)?: words.append("exit \(code)")
        case .killed(let signal, let core)?: words.append("killed by \(signal)" + (core ? " (core dumped)" : ""))
        case .detached?: words.append("detached")
        case nil: words.append("still running")
        }
        return (process.failed ? "FAILED: " : "") + words.joined(separator: ", ")
    }

    /// `12.3ms` below a second, `1.234s` above.
    static func duration(_ nanoseconds: Int64) -> String {
        let ns = max(0, nanoseconds)
        if ns < 1_000_000_000 {
            let tenths = (ns + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10)ms"
        }
        let millis = (ns + 500_000) / 1_000_000
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + "s"
    }

    // MARK: argv as a shell would take it

    /// Appends `word` as a shell word: as is when it is plain; in single
    /// quotes when it has spaces, quotes or shell characters; as `$'...'`
    /// with `\n`, `\t`, `\xHH` when it has control characters or invalid UTF-8.
    static func appendWord(_ word: [UInt8], to out: inout [UInt8]) {
        if !word.isEmpty && word.allSatisfy(isPlain) {
            out.append(contentsOf: word)
            return
        }
        var printable = true
        var i = 0
        while i < word.count {
            let length = printableLength(word, at: i)
            if length == 0 { printable = false; break }
            i += length
        }
        if printable {
            out.append(UInt8(ascii: "'"))
            for byte in word {
                if byte == UInt8(ascii: "'") { out.append(contentsOf: "'\\''".utf8) } else { out.append(byte) }
            }
            out.append(UInt8(ascii: "'"))
            return
        }
        out.append(contentsOf: "$'".utf8)
        i = 0
        while i < word.count {
            let length = printableLength(word, at: i)
            if length > 1 {
                out.append(contentsOf: word[i..<i + length])
                i += length
                continue
            }
            let byte = word[i]
            switch byte {
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "\\'".utf8)
            default:
                if length == 1 {
                    out.append(byte)
                } else {
                    let digits = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)]])
                }
            }
            i += 1
        }
        out.append(UInt8(ascii: "'"))
    }

    /// Bytes a shell takes literally outside quotes.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="),
             UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: ","): true
        default: false
        }
    }

    /// The length of the printable character at `i` (a printable ASCII byte,
    /// or a valid UTF-8 sequence other than a C1 control), or 0.
    private static func printableLength(_ word: [UInt8], at i: Int) -> Int {
        let lead = word[i]
        if lead < 0x80 { return lead >= 0x20 && lead != 0x7f ? 1 : 0 }
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xc2...0xdf: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1f)
        case 0xe0...0xef: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0f)
        case 0xf0...0xf4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: return 0
        }
        guard i + length <= word.count else { return 0 }
        for byte in word[(i + 1)..<(i + length)] {
            guard byte & 0xc0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(byte & 0x3f)
        }
        if scalar < minimum || scalar > 0x10ffff || (0xd800...0xdfff).contains(scalar) || (0x80...0x9f).contains(scalar) { return 0 }
        return length
    }

    /// Columns `text` takes: one per character (UTF-8 continuation bytes take none).
    static func columns(_ text: [UInt8]) -> Int { text.reduce(0) { $0 + ($1 & 0xc0 == 0x80 ? 0 : 1) } }

    /// `text`, or its first characters and `...` in `limit` columns.
    static func cut(_ text: [UInt8], toColumns limit: Int) -> [UInt8] {
        guard columns(text) > limit else { return text }
        var result: [UInt8] = []
        var used = 0
        for byte in text {
            let starts = byte & 0xc0 != 0x80
            if starts {
                if used == limit - 3 { break }
                used += 1
            }
            result.append(byte)
        }
        return result + Array("...".utf8)
    }

    // MARK: JSON

    /// `{"type":"tree","pid":ROOT,"time":NOW,"processes":[...]}` (see the README's JSON section).
    func json() -> JSONValue {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let time = Double(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000) / 1e6
        return .object([("type", .string("tree")), ("pid", roots.first.map { .integer(Int64(processes[$0].pid)) } ?? .null),
                        ("time", .number(time)), ("processes", .array(roots.map(json)))])
    }

    private func json(_ index: Int) -> JSONValue {
        let process = processes[index]
        func seconds(_ ns: Int64) -> JSONValue { .number(Double(ns / 1000) / 1e6) }
        // As the JSON renderer writes bytes: invalid UTF-8 replaced.
        func string(_ bytes: [UInt8]) -> JSONValue { .string(String(decoding: bytes, as: UTF8.self)) }
        let exit: JSONValue
        switch process.ending {
        case .exited(let code)?: exit = .object([("code", .integer(Int64(code)))])
        case .killed(let signal, let core)?: exit = .object([("signal", .string(signal.description)), ("core_dumped", .bool(core))])
        case .detached?, nil: exit = .null
        }
        let wall: JSONValue = process.end.map { seconds($0 - process.start) } ?? .null
        let cpu: JSONValue = process.cpu.map(seconds) ?? .null
        let count: JSONValue = syscallCount(index).map { .integer(Int64($0)) } ?? .null
        var detached = false
        if case .detached? = process.ending { detached = true }
        var execError = JSONValue.null
        if let error = process.execError {
            execError = .string(ErrnoTable.name(Int(error)).map { $0.description } ?? "errno \(error)")
        }
        var members: [(String, JSONValue)] = []
        members.append(("pid", .integer(Int64(process.pid))))
        members.append(("argv", .array(process.argv.map(string))))
        members.append(("executable", string(process.executable)))
        members.append(("cwd", string(process.cwd)))
        members.append(("start", seconds(process.startRealtime)))
        members.append(("wall", wall))
        members.append(("cpu", cpu))
        members.append(("syscalls", count))
        members.append(("threads", .integer(Int64(process.threads))))
        members.append(("exit", exit))
        members.append(("detached", .bool(detached)))
        members.append(("exec_error", execError))
        members.append(("exec_path", process.execError != nil ? process.execPath.map(string) ?? .null : .null))
        members.append(("failed", .bool(process.failed)))
        members.append(("children", .array(process.children.map(json))))
        return .object(members)
    }

    /// The tree as the output takes it: JSON (one line) or the drawing,
    /// cut to the terminal's width when `fd` is one.
    func render(json asJSON: Bool, fd: CInt) -> OutputBuffer {
        if asJSON {
            var out = OutputBuffer()
            out.appendJSON(json())
            out.append("\n")
            return out
        }
        let columns = Int(wt_terminal_columns(fd))
        return text(width: columns > 0 ? columns : Self.defaultWidth)
    }
}
