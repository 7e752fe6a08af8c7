import Glibc
import Testing

/// The signal family against strace: sigaltstack, signalfd4, rt_sigpending,
/// rt_sigtimedwait (with the siginfo it returns), rt_sigsuspend interrupted
/// by a pending signal, rt_sigqueueinfo, and rt_sigaction under -X.
@Suite struct SignalDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_signals")
        let pair = try Differential.run([program], flags: ["-f"] + flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.canonical(Differential.after("MARK", pair.strace))
        let ours = Differential.canonical(Differential.after("MARK", pair.wiretap))
        #expect(theirs.count > 15)
        // The child's lines interleave with the parent's differently from run
        // to run: compare as multisets (each line is still checked whole).
        #expect(ours.sorted() == theirs.sorted())
        for (a, b) in zip(ours.sorted(), theirs.sorted()) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }
}
