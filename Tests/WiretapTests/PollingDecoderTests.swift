import Glibc
import Testing

/// Time, polling, memory and futex decoders against strace: sleeps and
/// clocks, timerfd and itimers, poll/ppoll/select/pselect6 with their
/// result forms, epoll, eventfd, madvise/mlock/msync/mremap/mincore/
/// membarrier, and futex commands (successes and failures).
@Suite struct PollingDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-e", "trace=%memory"], ["-e", "trace=%clock"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_time_poll")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let marked = flags.first != "-e"
        let theirs = marked ? Differential.after("MARK", pair.strace) : pair.strace
        let ours = marked ? Differential.after("MARK", pair.wiretap) : pair.wiretap
        #expect(theirs.count > 2)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// A shell waiting for a pipeline (wait4 interrupted by SIGCHLD, poll
    /// in python's subprocess) keeps the same lines.
    @Test func pythonSubprocessMatchesStrace() throws {
        let script = "import subprocess; subprocess.run(['/bin/true'])"
        let pair = try Differential.run(["/usr/bin/python3", "-c", script], flags: ["-f"], directory: TestSupport.temporaryDirectory())
        let family = ["clock_nanosleep(", "poll(", "pipe2(", "wait4(", "clock_gettime(", "madvise(", "mremap("]
        func keep(_ lines: [String]) -> [String] {
            Differential.canonical(lines).filter { line in family.contains { line.hasPrefix($0) } }
        }
        #expect(!keep(pair.strace).isEmpty)
        #expect(keep(pair.wiretap).sorted() == keep(pair.strace).sorted())
    }
}
