import Glibc
import Testing

/// The administration family against strace: mounts (the old call and the
/// new mount API), device nodes, inotify and fanotify, host names and
/// namespaces, syslog and personality, made for real in the fixture's own
/// mount and UTS namespaces; reboot, swap, kexec, module, quota and
/// accounting calls with arguments that fail before doing anything.
@Suite struct AdminDecoderTests {
    /// The directory the fixture mounts its tmpfs on: one per test case and
    /// test process, as cases run in parallel.
    static func directory(_ flags: [String]) -> String {
        "/tmp/wt-admin-\(getpid())-" + String(flags.joined().filter { $0.isLetter || $0.isNumber })
    }

    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "2"], ["-y"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_admin")
        let pair = try Differential.run([program, Self.directory(flags)], flags: flags,
                                        directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        // Namespace inodes (`3<uts:[4026532178]>`) depend on what else runs meanwhile.
        let theirs = Differential.after("write(-1, ", pair.strace).map(NetworkDecoderTests.blankingInodes)
        let ours = Differential.after("write(-1, ", pair.wiretap).map(NetworkDecoderTests.blankingInodes)
        #expect(theirs.count > 50)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }
}
