import Glibc
import Testing

/// The files family's decoders against strace: fixtures that call each
/// syscall after a `write(-1, "MARK", 4)` marker (successes and failures),
/// and whole traces of small file commands.
@Suite struct FileDecoderTests {
    /// Each fixture runs in a fresh scratch directory and removes what it creates.
    @Test(arguments: ["decode_files_fds", "decode_files_paths"])
    func fixtureMatchesStrace(fixture: String) throws {
        let program = try TestSupport.fixture(fixture)
        let pair = try Differential.run([program], directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        #expect(theirs.count > 50)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    @Test func catTraceMatchesStrace() throws {
        let pair = try Differential.run(["/bin/cat", "/etc/hostname"], directory: TestSupport.temporaryDirectory())
        #expect(pair.strace.count > 20)
        #expect(pair.wiretap == pair.strace)
    }

    /// `ls -la /`: the lines of this family's calls (statx, getdents64,
    /// ioctl, xattrs, readlink, lseek...) must match; sockets belong to
    /// another family's decoders.
    @Test func lsTraceMatchesStraceForFileCalls() throws {
        let pair = try Differential.run(["/bin/ls", "-la", "/"], directory: TestSupport.temporaryDirectory())
        let family = ["statx(", "getdents64(", "ioctl(", "lgetxattr(", "getxattr(", "readlink(", "lseek(", "fcntl(", "statfs("]
        func keep(_ lines: [String]) -> [String] { lines.filter { line in family.contains { line.hasPrefix($0) } } }
        #expect(keep(pair.strace).count > 20)
        #expect(keep(pair.wiretap) == keep(pair.strace))
    }

    /// The share of strace's lines wiretap matches for everyday file commands
    /// (printed; a floor guards against regressions).
    @Test func fileCommandsParity() throws {
        let commands: [(String, [String])] = [
            // A directory other tests do not change while this one runs.
            ("ls -la /usr/include/linux/netfilter", ["/bin/ls", "-la", "/usr/include/linux/netfilter"]),
            ("cat /etc/hostname", ["/bin/cat", "/etc/hostname"]),
            ("cp /etc/hostname Z", ["/bin/cp", "/etc/hostname", "Z"]),
            ("mkdir -p a/b/c", ["/bin/mkdir", "-p", "a/b/c"]),
            ("rm -rf a", ["/bin/rm", "-rf", "a"]),
            ("mv X Y", ["/bin/mv", "X", "Y"]),
        ]
        let directory = TestSupport.temporaryDirectory()
        // Each tool starts from the same state: X exists, Y and a/ do not, a/b/c does for rm.
        func prepare(_ name: String) -> () throws -> Void {
            {
                _ = try TestSupport.run(["/bin/sh", "-c", "cd \(directory) && rm -rf X Y Z a && cp /etc/hostname X"
                                         + (name.hasPrefix("rm") ? " && mkdir -p a/b/c" : "")])
            }
        }
        var report: [String] = []
        for (name, command) in commands {
            // Each tool runs on the same starting state: redo the previous step's effect for wiretap's run.
            let pair = try Differential.run(command, flags: ["-f"], directory: directory, prepare: prepare(name))
            report.append("\(name): \(Int((pair.parity * 1000).rounded()) / 10)% of \(pair.strace.count) lines")
            for (a, b) in zip(Differential.canonical(pair.wiretap), Differential.canonical(pair.strace)) where a != b {
                report.append("  first difference:\n    wiretap: \(a)\n    strace:  \(b)")
                break
            }
            // What is left is mostly other families' work: sockets, and the order of
            // open flags (core's `openFlags` is ascending; strace prints O_NOFOLLOW
            // before O_DIRECTORY and O_CLOEXEC last in its own table's order).
            #expect(pair.parity >= 0.85, "\(name): \(pair.parity)")
        }
        print("file commands parity: " + report.joined(separator: "\n"))
    }
}
