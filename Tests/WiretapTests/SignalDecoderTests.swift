import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

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

    /// The `--- SIGCHLD {...} ---` siginfo: text and values from one emitter.
    @Test func signalLineDescribesItsValues() {
        var raw = siginfo_t()
        raw.si_signo = SIGCHLD
        raw.si_code = 1  // CLD_EXITED
        raw._sifields._sigchld.si_pid = 12
        raw._sifields._sigchld.si_status = 3
        var text = OutputBuffer()
        var values: ValueTape? = ValueTape()
        Decoding.describeSignal(SignalInfo(raw), format: StraceFormat(), pid: getpid(), into: &text, values: &values)
        #expect(text.string == "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0, si_status=3, si_utime=0, si_stime=0}")
        var json = OutputBuffer()
        values?.appendJSON(to: &json)
        #expect(json.string == #"{"si_signo":{"raw":17,"name":"SIGCHLD"},"si_code":{"raw":1,"name":"CLD_EXITED"},"si_pid":12,"si_uid":0,"si_status":3,"si_utime":0,"si_stime":0}"#)
        var none: ValueTape? = nil
        var raw2 = StraceFormat()
        raw2.constants = .raw
        text = OutputBuffer()
        Decoding.describeSignal(SignalInfo(raw), format: raw2, pid: getpid(), into: &text, values: &none)
        #expect(text.string == "{si_signo=17, si_code=0x1, si_pid=12, si_uid=0, si_status=3, si_utime=0, si_stime=0}")
        #expect(none == nil)
    }
}
