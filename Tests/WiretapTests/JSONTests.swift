import Foundation
import Testing

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

    @Test func argumentsAreTyped() throws {
        let (_, objects) = try Self.jsonTrace(["/bin/cat", "/nonexistent"])
        let opens = objects.filter { $0["name"] as? String == "openat" }
        let failed = try #require(opens.first { ($0["args"] as? [Any])?[1] as? String == "/nonexistent" })
        let args = try #require(failed["args"] as? [Any])
        #expect(args[0] as? String == "AT_FDCWD")
        let flags = try #require(args[2] as? [String: Any])
        #expect(flags["flags"] as? [String] == ["O_RDONLY"])
        #expect(flags["raw"] as? Int == 0)
        #expect(failed["return"] as? Int == -1)
        #expect(failed["errno"] as? String == "ENOENT")
        #expect(failed["error"] as? String == "No such file or directory")
        #expect(failed["duration"] is Double || failed["duration"] is Int)
        let mmap = try #require(objects.first { $0["name"] as? String == "mmap" })
        #expect((mmap["return"] as? String)?.hasPrefix("0x") == true)
        #expect(((mmap["args"] as? [Any])?[0]) is NSNull)
        let read = try #require(objects.first { $0["name"] as? String == "read" })
        let buffer = try #require((read["args"] as? [Any])?[1] as? [String: Any])
        #expect(buffer["truncated"] as? Bool == true)
        #expect((buffer["string"] as? String)?.hasPrefix("\u{7f}ELF") == true)
    }

    @Test func eventsOfProcessesAndSignals() throws {
        let fixture = try TestSupport.fixture("signal_handlers")
        let (_, objects) = try Self.jsonTrace(["/bin/sh", "-c", "\(fixture); exit 3"])
        let types = Set(objects.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["syscall", "exec", "new_task", "signal", "exit"]))
        let exits = objects.filter { $0["type"] as? String == "exit" }
        #expect(exits.last?["code"] as? Int == 3)
        let signal = try #require(objects.first { $0["type"] as? String == "signal" && $0["signal"] as? String == "SIGUSR1" })
        #expect((signal["siginfo"] as? String)?.hasPrefix("{si_signo=SIGUSR1, si_code=SI_TKILL") == true)
        let exec = try #require(objects.first { $0["type"] as? String == "exec" && ($0["executable"] as? String)?.hasSuffix("signal_handlers") == true })
        #expect(exec["argv"] as? [String] == [fixture])
    }
}
