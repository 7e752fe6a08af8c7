import Glibc
import Testing

/// 32-bit (i386) tracees on the x86_64 tracer: names, argument counts and
/// classes from the i386 tables, the native decoders for calls whose
/// arguments mean the same in both ABIs, and strace's personality message.
@Suite struct CompatTests {
    @Test func i386CallsMatchStrace() throws {
        let program = try TestSupport.fixture32("compat_i386")
        let pair = try Differential.run([program], directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        #expect(theirs.count > 20)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// `-e trace=` selects i386 calls by name and by class, as in strace.
    @Test(arguments: [["-e", "trace=open,kill"], ["-e", "trace=%file"], ["-e", "trace=/^(read|write)$"],
                      ["-e", "trace=!%desc"]])
    func selectionAppliesToI386Calls(flags: [String]) throws {
        let program = try TestSupport.fixture32("compat_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        #expect(pair.strace.count > 2)
        #expect(pair.wiretap == pair.strace)
    }

    /// On stderr strace announces a child's switch to 32-bit mode (with the
    /// pid prefix under -f); -q silences it (and -o with a command, which
    /// implies -q). Digits are masked: pids vary.
    @Test(arguments: [[], ["-q"], ["-f"]])
    func personalityMessage(flags: [String]) throws {
        let program = try TestSupport.fixture32("compat_i386")
        func messages(_ tool: String) throws -> [String] {
            let result = try TestSupport.run([tool] + flags + ["/bin/sh", "-c", "\(program); \(program); exit 0"], timeout: 60)
            return result.stderr.lines.filter { $0.contains("bit mode") || $0.contains("+++") }
                .map { Differential.erasePIDs(String($0)).replacingDigits() }
        }
        let theirs = try messages("/usr/bin/strace")
        #expect(theirs.contains { $0.contains("runs in NN bit mode") } == (flags == ["-f"]), "\(theirs)")
        #expect(try messages(TestSupport.wiretap) == theirs)
    }
}

private extension String {
    /// Pids in `[ Process PID=N ...` and `[pid  N]`.
    func replacingDigits() -> String {
        String(map { $0.isNumber ? "N" : $0 })
    }
}
