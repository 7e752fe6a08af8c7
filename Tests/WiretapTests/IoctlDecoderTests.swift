import Glibc
import Testing

/// ioctl against strace: request names from the generated table (every name
/// of a shared code, `_IOC(...)` for unknown ones), and the arguments of the
/// tty, socket (ifreq, ifconf), random, nsfs, fs and block requests, with
/// good, NULL and unmapped pointers, under each `-X` style and `-v`.
@Suite struct IoctlDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-v", "-X", "raw"], ["-v", "-X", "verbose"],
                      ["-xx"], ["-y"], ["--json"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_ioctl")
        let json = flags == ["--json"]
        let pair = try Differential.run([program], flags: json ? [] : flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace).map(Self.normalized)
        if json {
            // --json: the same calls, every argument a value (no strace text).
            let trace = try Self.jsonTrace(program)
            #expect(trace.filter { $0.contains("\"name\":\"ioctl\"") }.count == theirs.filter { $0.hasPrefix("ioctl(") }.count)
            #expect(!trace.contains { $0.contains("\"text\":") })
            return
        }
        let ours = Differential.after("write(-1, ", pair.wiretap).map(Self.normalized)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count > 50)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// Inodes blanked, the perf event id (global), FIEMAP's physical offsets (each run's file has
    /// its own blocks), and the pseudo-terminal's number (tests running
    /// in parallel open others).
    static func normalized(_ line: String) -> String {
        var text = NetworkDecoderTests.blankingInodes(line)
        for marker in ["/dev/pts/", "TIOCGPTN, [", "0x80045430, [", "TIOCGPTN */, [", "PERF_EVENT_IOC_ID, [",
                       "0x80082407, [", "PERF_EVENT_IOC_ID */, [", "fe_physical="] {
            var searchStart = text.startIndex
            while let range = text.range(of: marker, range: searchStart..<text.endIndex) {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                text.replaceSubrange(range.upperBound..<digits.endIndex, with: "N")
                searchStart = range.upperBound
            }
        }
        // -xx: "/dev/pts/N" in hex.
        let hexMarker = "\\x70\\x74\\x73\\x2f"
        if let range = text.range(of: hexMarker) {
            var end = range.upperBound
            while text[end...].hasPrefix("\\x3"), text.index(end, offsetBy: 4, limitedBy: text.endIndex) != nil {
                end = text.index(end, offsetBy: 4)
            }
            text.replaceSubrange(range.upperBound..<end, with: "N")
        }
        return text
    }

    static func jsonTrace(_ program: String) throws -> [String] {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/trace.json"
        let result = try TestSupport.run(["/usr/bin/env", "-C", directory, TestSupport.wiretap, "--json", "-o", path, program])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return TestSupport.readFile(path).lines.map(String.init)
    }
}
