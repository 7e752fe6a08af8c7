import Foundation
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// `--json`: every line parses (with Python's json module and jq), the same
/// syscalls as the text trace, and typed arguments.
@Suite struct JSONTests {
    static func jsonTrace(_ command: [String], flags: [String] = []) throws -> (path: String, lines: [[String: Any]]) {
        let path = TestSupport.temporaryDirectory() + "/trace.jsonl"
        let result = try TestSupport.wiretap(["--json", "-f", "-o", path] + flags + command, timeout: 60)
        #expect(!result.timedOut)
        let objects = TestSupport.readFile(path).lines.map { line -> [String: Any] in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": String(line)]
        }
        return (path, objects)
    }

    /// Every command of the parity corpus, under -v and -yy too (structures
    /// whole, socket details), parses line by line with Python and jq.
    @Test(arguments: ParityTests.corpus.map(\.1))
    func corpusParsesWithJqAndPython(command: [String]) throws {
        let dir = TestSupport.temporaryDirectory()
        try ParityTests.reset(dir)
        for flags in [[], ["-v", "-yy", "-X", "verbose"]] {
            let path = dir + "/trace-\(flags.count).jsonl"
            let result = try TestSupport.run(["/usr/bin/env", "-C", dir, TestSupport.wiretap, "--json", "-f", "-o", path] + flags + command,
                                             timeout: 60)
            #expect(!result.timedOut)
            let lines = TestSupport.readFile(path).lines.count
            #expect(lines > 10)
            let python = try TestSupport.run(["/usr/bin/python3", "-c",
                                              "import json,sys\nn=0\nfor l in open(sys.argv[1]): json.loads(l); n+=1\nprint(n)", path])
            #expect(python.exitCode == 0 && python.stdout == "\(lines)\n", "\(command) \(flags): \(python.stderr)")
            let jq = try TestSupport.run(["/usr/bin/jq", "-c", ".type", path])
            #expect(jq.exitCode == 0 && jq.stdout.lines.count == lines, "\(command) \(flags): \(jq.stderr)")
            try ParityTests.reset(dir)
        }
    }

    @Test(arguments: [
        ["/bin/sh", "-c", "ls -la / | sort | head -3; cat /etc/hostname"],
        ["/usr/bin/python3", "-c", "import json, os; os.listdir('/')"],
        ["/bin/sh", "-c", "mkdir -p $TMPDIR_W/a/b && cp /etc/hostname $TMPDIR_W/a/b/x && rm -rf $TMPDIR_W/a"],
    ])
    func everyLineParsesWithJqAndPython(command: [String]) throws {
        let dir = TestSupport.temporaryDirectory()
        let full = command.map { $0.replacingOccurrences(of: "$TMPDIR_W", with: dir) }
        let (path, objects) = try Self.jsonTrace(full)
        #expect(objects.count > 50)
        #expect(objects.allSatisfy { $0["unparsed"] == nil && $0["type"] is String && $0["pid"] is Int })
        let python = try TestSupport.run(["/usr/bin/python3", "-c",
                                          "import json,sys\nn=0\nfor l in open(sys.argv[1]): json.loads(l); n+=1\nprint(n)", path])
        #expect(python.exitCode == 0 && python.stdout == "\(objects.count)\n", "\(python.stderr)")
        let jq = try TestSupport.run(["/usr/bin/jq", "-c", ".type", path])
        #expect(jq.exitCode == 0 && jq.stdout.lines.count == objects.count, "\(jq.stderr)")
    }

    @Test func syscallsMatchTheTextTrace() throws {
        let (_, objects) = try Self.jsonTrace(["/bin/cat", "/etc/hostname"])
        let names = objects.filter { $0["type"] as? String == "syscall" }.compactMap { $0["name"] as? String }
        let textPath = TestSupport.temporaryDirectory() + "/trace"
        _ = try TestSupport.wiretap(["-o", textPath, "/bin/cat", "/etc/hostname"])
        let textNames = TestSupport.readFile(textPath).lines.filter { !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
            .map { String($0.prefix { $0 != "(" }) }
        #expect(names == textNames)
    }

    /// Typed arguments under every `-X` style: AT_FDCWD and flags by name
    /// with their raw values, addresses as `"0x..."` strings (arguments and
    /// results alike), NULL as null, a cut string marked.
    @Test(arguments: [[], ["-X", "raw"], ["-X", "verbose"], ["-X", "abbrev"]])
    func argumentsAreTyped(style: [String]) throws {
        let (_, objects) = try Self.jsonTrace(["/bin/cat", "/nonexistent"], flags: style)
        let opens = objects.filter { $0["name"] as? String == "openat" }
        let failed = try #require(opens.first { ($0["args"] as? [Any])?[1] as? String == "/nonexistent" })
        let args = try #require(failed["args"] as? [Any])
        let dirfd = try #require(args[0] as? [String: Any])
        #expect(dirfd["name"] as? String == "AT_FDCWD")
        #expect(dirfd["raw"] as? Int == -100)
        let flags = try #require(args[2] as? [String: Any])
        #expect(flags["flags"] as? [String] == ["O_RDONLY"])
        #expect(flags["raw"] as? Int == 0)
        #expect(failed["return"] as? Int == -1)
        #expect(failed["errno"] as? String == "ENOENT")
        #expect(failed["error"] as? String == "No such file or directory")
        #expect(failed["duration"] is Double || failed["duration"] is Int)
        let cloexec = try #require(opens.first { (($0["args"] as? [Any])?[2] as? [String: Any])?["raw"] as? Int == 0o2000000 })
        #expect(((cloexec["args"] as? [Any])?[2] as? [String: Any])?["flags"] as? [String] == ["O_RDONLY", "O_CLOEXEC"])
        let mmaps = objects.filter { $0["name"] as? String == "mmap" }
        #expect(mmaps.count > 1)
        for mmap in mmaps {
            #expect((mmap["return"] as? String)?.hasPrefix("0x") == true)
            let first = (mmap["args"] as? [Any])?[0]
            #expect(first is NSNull || (first as? String)?.hasPrefix("0x") == true, "an address: null or a \"0x...\" string")
        }
        #expect(mmaps.contains { (($0["args"] as? [Any])?[0]) is NSNull })
        #expect(mmaps.contains { (($0["args"] as? [Any])?[0] as? String)?.hasPrefix("0x") == true })
        let read = try #require(objects.first { $0["name"] as? String == "read" })
        let buffer = try #require((read["args"] as? [Any])?[1] as? [String: Any])
        #expect(buffer["truncated"] as? Bool == true)
        #expect((buffer["string"] as? String)?.hasPrefix("\u{7f}ELF") == true)
    }

    /// What in a JSON value is strace's notation where structure belongs: text
    /// a decoder did not describe (`{"text": ...}`), flag names that are not
    /// names, comments and `=>` inside strings, raw values that are not numbers.
    static func notationProblems(_ value: Any, at path: String) -> [String] {
        func isName(_ s: String) -> Bool {
            guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
            return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        }
        var problems: [String] = []
        switch value {
        case let object as [String: Any]:
            if let text = object["text"] { problems.append("\(path): text \(text)") }
            // A flag set is {"raw", "flags"}; a structure may have a field named flags.
            if let flags = object["flags"], object["raw"] != nil {
                let names = flags as? [String] ?? []
                if names.count != (flags as? [Any])?.count ?? -1 || !names.allSatisfy(isName) { problems.append("\(path): flags \(flags)") }
                if !(object["raw"] is Int) { problems.append("\(path): raw \(object["raw"] ?? "missing")") }
            }
            if object["raw"] != nil, object["flags"] == nil, object.count <= 2 {
                if !(object["raw"] is Int) { problems.append("\(path): raw \(object["raw"]!)") }
                if let name = object["name"], !(name is NSNull), !((name as? String).map(isName) ?? false) {
                    problems.append("\(path): name \(name)")
                }
            }
            for (key, member) in object where key != "flags" { problems += notationProblems(member, at: path + "." + key) }
        case let array as [Any]:
            for (i, element) in array.enumerated() { problems += notationProblems(element, at: "\(path)[\(i)]") }
        case let string as String:
            if string.contains(" /* ") || string.contains(" => ") { problems.append("\(path): \(string.debugDescription)") }
        default:
            break
        }
        return problems
    }

    /// Every command of the parity corpus under every style: arguments are
    /// values, never strace's notation in a string.
    @Test(arguments: ParityTests.corpus.map(\.1))
    func corpusArgumentsAreValues(command: [String]) throws {
        let dir = TestSupport.temporaryDirectory()
        for flags in [["-X", "raw"], ["-X", "abbrev"], ["-X", "verbose"], ["-v"], ["-yy"], ["-x"]] {
            try ParityTests.reset(dir)
            let path = TestSupport.temporaryDirectory() + "/trace.jsonl"
            let result = try TestSupport.run(["/usr/bin/env", "-C", dir, TestSupport.wiretap, "--json", "-f", "-o", path] + flags + command,
                                             timeout: 60)
            #expect(!result.timedOut)
            var problems: [String] = []
            var calls = 0
            for line in TestSupport.readFile(path).lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard object["type"] as? String == "syscall" else { continue }
                calls += 1
                problems += Self.notationProblems(object["args"] ?? [], at: "\(object["name"] ?? "?")")
            }
            #expect(calls > 10)
            #expect(problems.isEmpty, "\(command) \(flags): \(problems.prefix(20))")
        }
    }

    /// `-P`, `-e status=` and `-c` apply to `--json` as to the text.
    @Test func selectionsApply() throws {
        let (_, selected) = try Self.jsonTrace(["/bin/cat", "/etc/hostname"], flags: ["-P", "/etc/hostname"])
        let names = selected.filter { $0["type"] as? String == "syscall" }.compactMap { $0["name"] as? String }
        #expect(names.contains("openat") && names.contains("close"))
        #expect(!names.contains("mmap") && !names.contains("execve") && !names.contains("brk"), "\(names)")
        let (_, failed) = try Self.jsonTrace(["/bin/cat", "/nonexistent"], flags: ["-e", "status=failed"])
        let calls = failed.filter { $0["type"] as? String == "syscall" }
        #expect(calls.count >= 2)
        #expect(calls.allSatisfy { $0["return"] as? Int == -1 && $0["errno"] is String })
        let path = TestSupport.temporaryDirectory() + "/summary.json"
        let result = try TestSupport.wiretap(["--json", "-c", "-S", "calls", "-o", path, "/bin/cat", "/etc/hostname"])
        #expect(result.exitCode == 0)
        let lines = TestSupport.readFile(path).lines
        #expect(lines.count == 1)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect(summary["type"] as? String == "summary")
        let rows = try #require(summary["syscalls"] as? [[String: Any]])
        let counts = rows.compactMap { $0["calls"] as? Int }
        #expect(counts == counts.sorted(by: >), "-S calls orders the rows")
        let total = try #require(summary["total"] as? [String: Any])
        #expect(total["calls"] as? Int == counts.reduce(0, +))
        let strace = try TestSupport.run(["/usr/bin/strace", "-c", "-o", path + ".strace", "/bin/cat", "/etc/hostname"])
        #expect(strace.exitCode == 0)
        // The same calls counted as strace counts them.
        let theirs = TestSupport.readFile(path + ".strace").lines.dropFirst(2).prefix { !$0.hasPrefix("---") }
            .compactMap { line -> (String, Int)? in
                let fields = line.split(separator: " ")
                guard fields.count >= 5, let calls = Int(fields[3]) else { return nil }
                return (String(fields.last!), calls)
            }
        let ours = rows.compactMap { row in (row["name"] as? String).map { ($0, row["calls"] as? Int ?? -1) } }
        #expect(Dictionary(uniqueKeysWithValues: ours) == Dictionary(uniqueKeysWithValues: theirs))
    }

    /// A call is written at its exit, so the `exec` event comes before the
    /// `execve` call that made it (documented in the README).
    @Test func execEventPrecedesItsExecve() throws {
        let (_, objects) = try Self.jsonTrace(["/bin/sh", "-c", "exec /bin/true"])
        let order = objects.compactMap { object -> String? in
            switch object["type"] as? String {
            case "exec": "exec:" + (object["executable"] as? String ?? "")
            case "syscall" where object["name"] as? String == "execve":
                "execve:" + (((object["args"] as? [Any])?.first as? String) ?? "")
            default: nil
            }
        }
        #expect(order.map { $0.prefix { $0 != ":" } } == ["exec", "execve", "exec", "execve"], "\(order)")
        #expect(order.last == "execve:/bin/true")
    }

    /// Structures are objects: a stat of a file of known size, `-v`'s whole
    /// structure, execve's argv array and a SIGCHLD's siginfo.
    @Test func structuresAreObjects() throws {
        let directory = TestSupport.temporaryDirectory()
        let file = directory + "/seven"
        _ = try TestSupport.run(["/bin/sh", "-c", "printf 1234567 > \(file)"])
        let (_, objects) = try Self.jsonTrace(["/bin/sh", "-c", "/usr/bin/stat -c %s \(file) >/dev/null; exit 0"], flags: ["-v", "-s", "200"])
        let stats = objects.filter { ($0["name"] as? String).map { ["newfstatat", "statx", "fstat"].contains($0) } ?? false }
        let ofFile = try #require(stats.first { ($0["args"] as? [Any])?.contains { $0 as? String == file } == true })
        let args = try #require(ofFile["args"] as? [Any])
        let structure = try #require(args.compactMap { $0 as? [String: Any] }.first { $0["stx_size"] != nil || $0["st_size"] != nil })
        #expect((structure["stx_size"] ?? structure["st_size"]) as? Int == 7)
        #expect(structure["..."] == nil, "-v prints structures whole")
        let execve = try #require(objects.first { $0["name"] as? String == "execve" && ($0["args"] as? [Any])?.first as? String == "/usr/bin/stat" })
        #expect((execve["args"] as? [Any])?[1] as? [String] == ["/usr/bin/stat", "-c", "%s", file])
        let chld = try #require(objects.first { $0["type"] as? String == "signal" })
        let info = try #require(chld["siginfo"] as? [String: Any])
        #expect((info["si_signo"] as? [String: Any])?["name"] as? String == "SIGCHLD")
        #expect((info["si_signo"] as? [String: Any])?["raw"] as? Int == Int(SIGCHLD))
        #expect((info["si_code"] as? [String: Any])?["name"] as? String == "CLD_EXITED")
        #expect(info["si_status"] as? Int == 0)
    }

    @Test func eventsOfProcessesAndSignals() throws {
        let fixture = try TestSupport.fixture("signal_handlers")
        let (_, objects) = try Self.jsonTrace(["/bin/sh", "-c", "\(fixture); exit 3"])
        let types = Set(objects.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["syscall", "exec", "new_task", "signal", "exit"]))
        let exits = objects.filter { $0["type"] as? String == "exit" }
        #expect(exits.last?["code"] as? Int == 3)
        let signal = try #require(objects.first { $0["type"] as? String == "signal" && $0["signal"] as? String == "SIGUSR1" })
        #expect(((signal["siginfo"] as? [String: Any])?["si_code"] as? [String: Any])?["name"] as? String == "SI_TKILL")
        let exec = try #require(objects.first { $0["type"] as? String == "exec" && ($0["executable"] as? String)?.hasSuffix("signal_handlers") == true })
        #expect(exec["argv"] as? [String] == [fixture])
    }
}
