import Glibc
import Testing

/// The process family against strace: credentials, kill/tkill/tgkill,
/// prctl, scheduling, groups and sessions, getrusage, uname, sysinfo,
/// clone3 and waitid (successes and failures), and the lines of real
/// commands that use them.
@Suite struct ProcessDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_process")
        let pair = try Differential.run([program], flags: ["-f"] + flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.canonical(Differential.after("MARK", pair.strace))
        let ours = Differential.canonical(Differential.after("MARK", pair.wiretap))
        #expect(theirs.count > 50)
        // The child's lines interleave with the parent's differently from run
        // to run: compare as multisets (each line is still checked whole).
        #expect(ours.sorted() == theirs.sorted())
        for (a, b) in zip(ours.sorted(), theirs.sorted()) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// sort (sysinfo, sched_getaffinity), find (uname), a shell pipeline
    /// (clone, wait4) and python3 (clone3 of a thread, futex, gettid).
    @Test(arguments: [
        ["/usr/bin/sort", "/etc/hostname"],
        ["/usr/bin/find", "/etc/hostname", "-newer", "/etc/passwd"],
        ["/bin/sh", "-c", "echo a | cat"],
        ["/usr/bin/python3", "-c", "import threading; t = threading.Thread(target=print); t.start(); t.join()"],
    ])
    func realCommandsMatchStrace(command: [String]) throws {
        let pair = try Differential.run(command, flags: ["-f"], directory: TestSupport.temporaryDirectory())
        let family = ["sysinfo(", "sched_getaffinity(", "uname(", "clone(", "clone3(", "wait4(", "getrusage(",
                      "prctl(", "getpid(", "gettid(", "getppid(", "kill(", "tgkill("]
        func keep(_ lines: [String]) -> [String] {
            Differential.canonical(lines).filter { line in family.contains { line.hasPrefix($0) } }
        }
        #expect(!keep(pair.strace).isEmpty)
        // Threads and processes interleave differently from run to run: compare the lines as multisets.
        #expect(keep(pair.wiretap).sorted() == keep(pair.strace).sorted())
    }
}
