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

        /// The share of strace's calls and events that wiretap printed
        /// identically, compared as a multiset of `canonical` lines.
        var parity: Double {
            let theirs = Differential.canonical(strace), ours = Differential.canonical(wiretap)
            var remaining = Dictionary(ours.map { ($0, 1) }, uniquingKeysWith: +)
            var same = 0
            for line in theirs where (remaining[line] ?? 0) > 0 {
                remaining[line]! -= 1
                same += 1
            }
            return theirs.isEmpty ? 1 : Double(same) / Double(theirs.count)
        }

        /// strace's canonical lines that wiretap did not print identically.
        var unmatched: [String] {
            let theirs = Differential.canonical(strace), ours = Differential.canonical(wiretap)
            var remaining = Dictionary(ours.map { ($0, 1) }, uniquingKeysWith: +)
            var missing: [String] = []
            for line in theirs {
                if (remaining[line] ?? 0) > 0 { remaining[line]! -= 1 } else { missing.append(line) }
            }
            return missing
        }
    }

    /// Traces `program` with both tools under `setarch -R` and `env -i`, so
    /// that addresses match, and returns the normalised lines. `prepare`
    /// runs before each tool's run (to recreate what the command changes).
    static func run(_ program: [String], flags: [String] = [], environment: [String] = ["PATH=/usr/bin:/bin"],
                    directory: String? = nil, prepare: (() throws -> Void)? = nil) throws -> Pair {
        func trace(_ tool: String) throws -> [String] {
            try prepare?()
            let path = TestSupport.temporaryDirectory() + "/trace"
            var argv = ["/usr/bin/setarch", "-R", "/usr/bin/env", "-i"] + environment
            if let directory { argv = ["/usr/bin/env", "-C", directory] + argv }
            let result = try TestSupport.run(argv + [tool] + flags + ["-o", path] + program, timeout: 60)
            #expect(!result.timedOut)
            return TestSupport.readFile(path).lines.map(String.init)
        }
        return Pair(strace: normalize(try trace("/usr/bin/strace")), wiretap: normalize(try trace(TestSupport.wiretap)))
    }

    /// Lines as they would read with no interleaving: each `name(args <unfinished ...>`
    /// joined with its `<... name resumed>rest`, the pid column removed, and
    /// the result column's padding (which depends on the joint) folded.
    /// Which process's lines interleave with which depends on scheduling.
    static func canonical(_ lines: [String]) -> [String] {
        var open: [String: String] = [:]
        var result: [String] = []
        for line in lines {
            var pid = ""
            var body = Substring(line)
            if let space = body.firstIndex(of: " "), body.first == "P" {
                pid = String(body[..<space])
                body = body[space...].drop { $0 == " " }
            }
            if body.hasSuffix(" <unfinished ...>") {
                open[pid] = String(body.dropLast(" <unfinished ...>".count))
                continue
            }
            var text = String(body)
            if body.hasPrefix("<... "), let close = body.range(of: " resumed>"), let start = open.removeValue(forKey: pid) {
                text = start + body[close.upperBound...]
            }
            // Fold the alignment before " = ".
            if let equals = text.range(of: ") = ", options: .backwards) {
                text = String(text[..<text.index(after: equals.lowerBound)]) + " = " + text[equals.upperBound...]
            } else if let equals = text.range(of: " = ", options: .backwards) {
                let head = text[..<equals.lowerBound]
                text = String(head.reversed().drop { $0 == " " }.reversed()) + " = " + text[equals.upperBound...]
            }
            result.append(erasePIDs(text))
        }
        result.append(contentsOf: open.values.map { erasePIDs($0 + " <unfinished ...>") })
        return result
    }

    /// Replaces every normalised pid (`P1`, `P2`...) by `P`.
    static func erasePIDs(_ line: String) -> String {
        var out = ""
        var previous: Character = " "
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if c == "P" && !(previous.isLetter || previous.isNumber || previous == "_") {
                let digits = line[line.index(after: index)...].prefix { $0.isNumber }
                if !digits.isEmpty {
                    out += "P"
                    index = line.index(index, offsetBy: digits.count + 1)
                    previous = "0"
                    continue
                }
            }
            out.append(c)
            previous = c
            index = line.index(after: index)
        }
        return out
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
        // Every task that printed a line (-f -o FILE's pid column): its pid
        // is volatile wherever it appears (clone's and wait4's results,
        // getpid, set_tid_address, rt_sigreturn returning a wait4's result).
        var pids: Set<Substring> = []
        for line in lines {
            if let space = line.firstIndex(of: " "), space != line.startIndex, line[..<space].allSatisfy(\.isNumber) {
                pids.insert(line[..<space])
            }
        }
        func namingPIDs(_ text: Substring) -> String {
            guard !pids.isEmpty else { return String(text) }
            var result = ""
            var index = text.startIndex
            while index < text.endIndex {
                let c = text[index]
                let startsToken = index == text.startIndex || !(text[text.index(before: index)].isNumber || text[text.index(before: index)].isLetter || text[text.index(before: index)] == "_")
                if c.isNumber && startsToken {
                    let digits = text[index...].prefix { $0.isNumber }
                    let end = text.index(index, offsetBy: digits.count)
                    let endsToken = end == text.endIndex || !(text[end].isLetter || text[end] == "_")
                    result += pids.contains(digits) && endsToken ? name(digits) : String(digits)
                    index = end
                } else {
                    result.append(c)
                    index = text.index(after: index)
                }
            }
            return result
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
                    // CPU times carry their seconds in a comment: volatile too.
                    if key != "si_pid=", rest.hasPrefix(" /* "), let close = rest.range(of: " */") {
                        rest = rest[close.upperBound...]
                    }
                }
                rest = Substring(result + rest)
            }
            var text = out + namingPIDs(rest)
            // The result of set_tid_address is the caller's thread id.
            if text.contains("set_tid_address("), let equals = text.range(of: "= ", options: .backwards) {
                text = String(text[..<equals.upperBound]) + name(text[equals.upperBound...])
            }
            // Times that change between runs: the timestamps a command sets
            // (gzip copies its input's), free space and counters.
            if text.contains("utimensat(") || text.contains("<... utimensat resumed>") {
                text = blank(["tv_sec=", "tv_nsec="], in: text)
                text = blankComments(in: text)
            }
            if text.contains("statfs(") || text.contains("statfs resumed>") {
                text = blank(["f_bfree=", "f_bavail=", "f_ffree="], in: text)
            }
            if text.contains("sysinfo(") || text.contains("sysinfo resumed>") {
                text = blank(["uptime=", "loads=[", "freeram=", "sharedram=", "bufferram=", "procs="], in: text)
            }
            // The first process's parent is the tracer.
            if text.contains("getppid()"), let equals = text.range(of: "= ", options: .backwards),
               !text[equals.upperBound...].hasPrefix("P") {
                text = String(text[..<equals.upperBound]) + "PPID"
            }
            // Socket inodes (-y).
            if text.contains("socket:[") { text = blank(["socket:["], in: text) }
            // Ephemeral ports (and under -X their bytes).
            if text.contains("sin_port=") || text.contains("sin6_port=") {
                text = blankPorts(in: text)
            }
            // getrandom's bytes are random (also when the call was resumed).
            if text.contains("getrandom(\"") || text.contains("<... getrandom resumed>\""), let open = text.firstIndex(of: "\""),
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

/// `key=123` becomes `key=N` for each key (`loads=[1, 2, 3]`: every number in the brackets).
private func blank(_ keys: [String], in text: String) -> String {
    var text = text
    for key in keys {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: key) {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            if key.hasSuffix("[") {
                let inside = rest.prefix { $0 != "]" }
                result += inside.split(separator: ",").map { _ in "N" }.joined(separator: ", ")
                rest = rest.dropFirst(inside.count)
            } else {
                let digits = rest.prefix { $0.isNumber }
                result += "N"
                rest = rest.dropFirst(digits.count)
            }
        }
        text = result + rest
    }
    return text
}

/// `htons(40123)` (a port the kernel chose) becomes `htons(PORT)`; under -X,
/// `sin_port="\x9c\xbb"` becomes `sin_port=PORT`. Ports below 1024 stay.
private func blankPorts(in text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let range = rest.range(of: "htons(") {
        result += rest[..<range.upperBound]
        rest = rest[range.upperBound...]
        let digits = rest.prefix { $0.isNumber }
        result += (Int(digits) ?? 0) >= 1024 ? "PORT" : String(digits)
        rest = rest.dropFirst(digits.count)
    }
    result += rest
    for key in ["sin_port=\"", "sin6_port=\""] {
        var out = ""
        var rest = Substring(result)
        while let range = rest.range(of: key) {
            out += rest[..<range.lowerBound] + key.dropLast() + "PORT"
            rest = rest[range.upperBound...]
            rest = rest.drop { $0 != "\"" }.dropFirst()
        }
        result = out + rest
    }
    return result
}

/// `/* 2026-11-24T01:25:08.115485079+0000 */` becomes `/* DATE */`.
private func blankComments(in text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "/* "), let close = rest[open.upperBound...].range(of: " */") {
        result += rest[..<open.upperBound] + "DATE"
        rest = rest[close.lowerBound...]
    }
    return result + rest
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
