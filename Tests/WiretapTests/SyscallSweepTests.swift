import Glibc
import Testing

/// Every syscall of both ABIs, called with twelve ordinary and hostile
/// argument rows behind a seccomp filter that fails each with ENOSYS
/// (Fixtures/syscall_sweep.c), traced by strace and by wiretap under seven
/// flag sets. docs/syscall-coverage.md (Tools/syscall-coverage.py --write)
/// says which syscalls print exactly as strace's; this checks it both ways:
/// a syscall listed as the same must be, one listed as differing must not
/// differ on more lines than listed, nor on none (then the table is stale).
/// And wiretap must survive every row.
@Suite struct SyscallSweepTests {
    /// Tools/syscall-coverage.py's flag sets.
    static let flagSets: [[String]] = [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"], ["-s", "4"], ["-y"]]
    static let rows = 12

    enum ABI: String, CaseIterable, CustomTestStringConvertible {
        case x86_64, i386
        var testDescription: String { rawValue }

        /// The numbers the fixture calls, in order (its skipped()).
        var swept: [Int] {
            (0...450).filter { n in
                switch self {
                case .x86_64: n != 60 && n != 231 && !(335..<424).contains(n)
                case .i386: n != 1 && n != 252
                }
            }
        }

        func fixture() throws -> String {
            let flags = ["-nostdlib", "-static", "-ffreestanding", "-fno-pic", "-O1", "-Wall"]
            return try TestSupport.fixture("syscall_sweep", variant: rawValue, flags: self == .i386 ? ["-m32"] + flags : flags)
        }
    }

    /// A table row: how many of its lines differed when the table was written.
    struct Listed { var differing: Int; var compared: Int }

    /// docs/syscall-coverage.md's rows for `abi`, by syscall name.
    static func table(_ abi: ABI) throws -> [String: Listed] {
        let root = String(TestSupport.fixtureSources.dropLast("/Tests/WiretapTests/Fixtures".count))
        let text = TestSupport.readFile(root + "/docs/syscall-coverage.md")
        guard let section = text.range(of: "\n## \(abi.rawValue)\n") else {
            throw TestSupport.TestFailure("docs/syscall-coverage.md has no \(abi.rawValue) section")
        }
        var result: [String: Listed] = [:]
        for line in text[section.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { cell in
                String(cell.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            }
            guard cells.count >= 4, let _ = Int(cells[1]) else { continue }
            let state = cells[3]
            if state == "same" {
                result[cells[2]] = Listed(differing: 0, compared: 0)
            } else if state.hasPrefix("differs "), let slash = state.firstIndex(of: "/"),
                      let differing = Int(state[state.index(state.startIndex, offsetBy: 8)..<slash]),
                      let compared = Int(state[state.index(after: slash)...]) {
                result[cells[2]] = Listed(differing: differing, compared: compared)
            }
        }
        return result
    }

    /// One tool's lines for the sweep, ROWS per swept number, from `first`
    /// on; and its exit status.
    static func runOnce(_ tool: String, _ flags: [String], _ program: String, from first: Int?) throws -> (lines: [String], status: CInt) {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let range = first.map { ["\($0)", "450"] } ?? []
        let argv = ["/usr/bin/setarch", "-R", "/usr/bin/env", "-i", tool] + flags + ["-o", path, program] + range
        let pid = try TestSupport.start(argv, stdoutPath: "/dev/null", stderrPath: "/dev/null")
        let (status, timedOut) = TestSupport.wait(pid, timeout: 300)
        #expect(!timedOut, "\(tool) \(flags) timed out")
        let lines = TestSupport.readFile(path).lines.map(String.init)
        let start = lines.firstIndex { $0.hasPrefix("seccomp(") }.map { $0 + 1 } ?? lines.count
        let end = lines.firstIndex { $0.hasPrefix("exit_group(") } ?? lines.count
        return (start <= end ? Array(lines[start..<end]) : [], status)
    }

    /// One run of the sweep: from which number (nil: all), and how many calls it gave.
    typealias Segment = (first: Int?, count: Int)

    /// Each swept number's lines (nil where the tool died on it: strace 6.1
    /// aborts on some hostile rows under -X verbose; the sweep goes on from
    /// the next number in a new run), whether every run exited 0, and the
    /// runs it took. `segments` replays another tool's runs, so both see the
    /// same memory (a restarted run's stack differs, which rt_sigreturn prints).
    static func sweep(_ tool: String, _ flags: [String], _ abi: ABI, _ program: String,
                      segments: [Segment]? = nil) throws -> (calls: [[String]?], clean: Bool, segments: [Segment]) {
        let numbers = abi.swept
        var calls: [[String]?] = []
        var clean = true
        if let segments {
            for (first, count) in segments {
                let (lines, status) = try runOnce(tool, flags, program, from: first)
                clean = clean && status == 0
                for k in 0..<count {
                    calls.append((k + 1) * rows <= lines.count ? Array(lines[(k * rows)..<((k + 1) * rows)]) : nil)
                }
            }
            return (calls, clean, segments)
        }
        var taken: [Segment] = []
        var first: Int? = nil
        while calls.count < numbers.count {
            let (lines, status) = try runOnce(tool, flags, program, from: first)
            clean = clean && status == 0
            let before = calls.count
            let complete = status == 0 ? lines.count / rows : max(0, (lines.count - 1) / rows)
            for k in 0..<complete where calls.count < numbers.count {
                calls.append(Array(lines[(k * rows)..<((k + 1) * rows)]))
            }
            if status != 0 && calls.count < numbers.count { calls.append(nil) }
            taken.append((first, calls.count - before))
            if status == 0 || calls.count >= numbers.count { break }
            first = numbers[calls.count]
        }
        return (calls, clean, taken)
    }

    static func name(_ line: String) -> String {
        String(line.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    @Test(arguments: ABI.allCases)
    func sweepMatchesTheCoverageTable(abi: ABI) throws {
        let program = try abi.fixture()
        let listed = try Self.table(abi)
        #expect(listed.count > 300, "the coverage table lists \(listed.count) \(abi) syscalls")
        var differing: [String: Int] = [:]
        var firstDifference: [String: String] = [:]
        var seen: Set<String> = []
        for flags in Self.flagSets {
            let theirs = try Self.sweep("/usr/bin/strace", flags, abi, program)
            let ours = try Self.sweep(TestSupport.wiretap, flags, abi, program, segments: theirs.segments)
            #expect(ours.clean, "wiretap \(flags.joined(separator: " ")) did not exit 0 on the \(abi) sweep")
            #expect(theirs.calls.count == abi.swept.count)
            for (index, their) in theirs.calls.enumerated() {
                guard let their, let call = their.first else { continue }
                let name = Self.name(call)
                seen.insert(name)
                let mine = index < ours.calls.count ? ours.calls[index] ?? [] : []
                for (row, line) in their.enumerated() where row >= mine.count || mine[row] != line {
                    differing[name, default: 0] += 1
                    if firstDifference[name] == nil {
                        firstDifference[name] = "[\(flags.joined(separator: " "))]\n  strace:  \(line)\n  wiretap: \(row < mine.count ? mine[row] : "(missing)")"
                    }
                }
            }
        }
        for name in listed.keys.sorted() where !seen.contains(name) {
            Issue.record("\(abi) \(name) is in docs/syscall-coverage.md but the sweep never printed it")
        }
        for name in seen.sorted() {
            guard let entry = listed[name] else {
                Issue.record("\(abi) \(name) is not in docs/syscall-coverage.md (run Tools/syscall-coverage.py --write)")
                continue
            }
            let now = differing[name, default: 0]
            if entry.differing == 0 && now > 0 {
                Issue.record("\(abi) \(name) is listed as printing the same as strace, but \(now) lines differ:\n\(firstDifference[name]!)")
            } else if now > entry.differing {
                Issue.record("\(abi) \(name): \(now) lines differ, the table says \(entry.differing):\n\(firstDifference[name]!)")
            } else if entry.differing > 0 && now == 0 {
                Issue.record("\(abi) \(name) now prints the same as strace on every line: mark it so (Tools/syscall-coverage.py --write)")
            }
        }
    }

    /// `--json` on every hostile row: wiretap exits 0, every line is one
    /// JSON object, and every argument is a value (no `{"text": ...}`).
    @Test(arguments: ABI.allCases)
    func sweepJSONIsValues(abi: ABI) throws {
        let program = try abi.fixture()
        let path = TestSupport.temporaryDirectory() + "/trace.json"
        let pid = try TestSupport.start([TestSupport.wiretap, "--json", "-v", "-yy", "-o", path, program],
                                        stdoutPath: "/dev/null", stderrPath: "/dev/null")
        let (status, timedOut) = TestSupport.wait(pid, timeout: 300)
        #expect(!timedOut)
        #expect(status == 0)
        let lines = TestSupport.readFile(path).lines
        #expect(lines.count > abi.swept.count * Self.rows)
        let check = try TestSupport.run(["/usr/bin/python3", "-c", """
            import json, sys
            bad = 0
            for line in open(sys.argv[1]):
                json.loads(line)
                bad += '"text":' in line
            print(bad)
            """, path])
        #expect(check.exitCode == 0, "\(check.stderr)")
        #expect(check.stdout == "0\n", "lines with text values: \(check.stdout)")
    }
}
