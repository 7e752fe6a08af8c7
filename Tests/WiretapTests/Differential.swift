import Glibc
import Testing

/// Runs a program under the installed strace and under wiretap with the same
/// flags, and normalises what legitimately differs between two runs: pids,
/// the tracer's own environment address, random bytes, CPU times.
enum Differential {
    /// Both traces, normalised.
    struct Pair {
        var strace: [String]
        var wiretap: [String]

        /// The share of strace's lines that wiretap printed identically (multiset).
        var parity: Double {
            var remaining = Dictionary(wiretap.map { ($0, 1) }, uniquingKeysWith: +)
            var same = 0
            for line in strace where (remaining[line] ?? 0) > 0 {
                remaining[line]! -= 1
                same += 1
            }
            return strace.isEmpty ? 1 : Double(same) / Double(strace.count)
        }
    }

    /// Traces `program` with both tools under `setarch -R` and `env -i`, so
    /// that addresses match, and returns the normalised lines.
    static func run(_ program: [String], flags: [String] = [], environment: [String] = ["PATH=/usr/bin:/bin"],
                    directory: String? = nil) throws -> Pair {
        func trace(_ tool: String) throws -> [String] {
            let path = TestSupport.temporaryDirectory() + "/trace"
            var argv = ["/usr/bin/setarch", "-R", "/usr/bin/env", "-i"] + environment
            if let directory { argv = ["/usr/bin/env", "-C", directory] + argv }
            let result = try TestSupport.run(argv + [tool] + flags + ["-o", path] + program, timeout: 60)
            #expect(!result.timedOut)
            return TestSupport.readFile(path).lines.map(String.init)
        }
        return Pair(strace: normalize(try trace("/usr/bin/strace")), wiretap: normalize(try trace(TestSupport.wiretap)))
    }

    /// The lines from the first one containing `marker` on.
    static func after(_ marker: String, _ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.contains(marker) }) else { return [] }
        return Array(lines[start...])
    }

    /// Replaces each pid by its order of first appearance (P1, P2...) and
    /// blanks what varies between runs.
    static func normalize(_ lines: [String]) -> [String] {
        var names: [String: String] = [:]
        func name(_ pid: Substring) -> String {
            if let known = names[String(pid)] { return known }
            let fresh = "P\(names.count + 1)"
            names[String(pid)] = fresh
            return fresh
        }
        return lines.map { line in
            var out = ""
            var rest = Substring(line)
            // A leading pid column (-f -o FILE).
            if let space = rest.firstIndex(of: " "), space != rest.startIndex, rest[..<space].allSatisfy(\.isNumber) {
                out += name(rest[..<space])
                rest = rest[space...]
            }
            for key in ["si_pid=", "si_utime=", "si_stime="] {
                var result = ""
                while let range = rest.range(of: key) {
                    result += rest[..<range.upperBound]
                    let digits = rest[range.upperBound...].prefix { $0.isNumber }
                    result += key == "si_pid=" ? name(digits) : "0"
                    rest = rest[range.upperBound...].dropFirst(digits.count)
                }
                rest = Substring(result + rest)
            }
            var text = out + rest
            // The result of set_tid_address is the caller's thread id.
            if text.contains("set_tid_address("), let equals = text.range(of: "= ", options: .backwards) {
                text = String(text[..<equals.upperBound]) + name(text[equals.upperBound...])
            }
            // getrandom's bytes are random.
            if text.contains("getrandom(\""), let open = text.firstIndex(of: "\""),
               let close = text[text.index(after: open)...].firstIndex(of: "\"") {
                text = String(text[..<open]) + "\"RANDOM\"" + text[text.index(after: close)...]
            }
            // execve's environment pointer is the tracer's own.
            if text.contains("execve("), let comment = text.range(of: " /* ") {
                let head = text[..<comment.lowerBound]
                if let comma = head.range(of: ", 0x", options: .backwards) {
                    text = String(head[..<comma.lowerBound]) + ", ENVP" + text[comment.lowerBound...]
                }
            }
            return text
        }
    }
}

enum SearchDirection { case backwards }

extension Substring {
    func range(of needle: String, options: SearchDirection) -> Range<Index>? {
        var index = endIndex
        while index > startIndex {
            index = self.index(before: index)
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
        }
        return nil
    }

    func range(of needle: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}

extension String {
    func range(of needle: String, options: SearchDirection) -> Range<Index>? {
        Substring(self).range(of: needle, options: .backwards)
    }
    func range(of needle: String) -> Range<Index>? {
        Substring(self).range(of: needle)
    }
}
