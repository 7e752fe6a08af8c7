import Glibc
import Testing

/// Differential tests: the same program under the installed strace and under
/// wiretap, with the same flags, and the lines compared after normalising
/// what truly varies between runs (pids, CPU times).
@Suite struct StraceOutputTests {
    /// Runs `strace` or `wiretap` with `flags -o FILE PROGRAM ARGS` under
    /// `setarch -R` (no ASLR) and returns the trace lines.
    static func trace(_ tool: String, _ flags: [String], _ program: [String]) throws -> [String] {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let result = try TestSupport.run(["/usr/bin/setarch", "-R", tool] + flags + ["-o", path] + program, timeout: 30)
        #expect(!result.timedOut)
        return TestSupport.readFile(path).lines.map(String.init)
    }

    /// Compares the kept lines. With several processes, which one runs first
    /// (and so which pid is seen first) depends on scheduling: there every
    /// pid is erased and the lines are compared as a multiset.
    static func compare(_ fixture: String, _ arguments: [String] = [], flags: [String], keep: (String) -> Bool) throws {
        let program = [try TestSupport.fixture(fixture)] + arguments
        var expected = Differential.normalize(try trace("/usr/bin/strace", flags, program)).filter(keep)
        var actual = Differential.normalize(try trace(TestSupport.wiretap, flags, program)).filter(keep)
        #expect(!expected.isEmpty)
        if flags.contains("-f") {
            expected = expected.map(Differential.erasePIDs).sorted()
            actual = actual.map(Differential.erasePIDs).sorted()
        }
        #expect(actual == expected)
    }

    static func isSignalOrExitLine(_ line: String) -> Bool {
        let body = line.drop { $0 != " " && $0 != "-" && $0 != "+" }.drop { $0 == " " }
        return body.hasPrefix("---") || body.hasPrefix("+++")
    }

    /// `racyChildSignals`: children exit close together, and a SIGCHLD that
    /// arrives while another is pending is merged into it, so how many are
    /// delivered differs from run to run, traced by strace or not.
    @Test(arguments: [("signal_handlers", false), ("fork_exec_three", false), ("stop_cont", true), ("wait_children", true)])
    func signalAndExitLinesMatchStrace(fixture: String, racyChildSignals: Bool) throws {
        try Self.compare(fixture, flags: ["-f"]) { line in
            Self.isSignalOrExitLine(line) && !(racyChildSignals && line.contains("--- SIGCHLD"))
        }
    }

    /// Whole traces of small real commands must match strace line for line.
    @Test(arguments: [["/bin/true"], ["/usr/bin/env"]])
    func wholeTraceMatchesStrace(command: [String]) throws {
        let pair = try Differential.run(command)
        #expect(pair.strace.count > 20)
        #expect(pair.wiretap == pair.strace)
    }

    @Test(arguments: [["-e", "trace=openat,execve"], ["-e", "trace=%memory"], ["-e", "trace=none"]])
    func seccompTraceMatchesStrace(flags: [String]) throws {
        let pair = try Differential.run(["/bin/true"], flags: ["-f", "--seccomp-bpf"] + flags)
        #expect(pair.wiretap == pair.strace)
    }

    @Test func restartSyscallNamesTheInterruptedCall() throws {
        let fixture = try TestSupport.fixture("sleep_interrupted")
        let pair = try Differential.run([fixture], flags: ["-f", "-e", "trace=clock_nanosleep,restart_syscall"])
        let theirs = Differential.canonical(pair.strace).filter { $0.contains("restart_syscall") }
        let ours = Differential.canonical(pair.wiretap).filter { $0.contains("restart_syscall") }
        #expect(theirs.contains { $0.hasPrefix("restart_syscall(<... resuming interrupted clock_nanosleep ...>)") })
        // How many sleeps the stop and continue interrupt depends on timing
        // (the parent's own sleep may or may not be hit by its SIGCHLD).
        #expect(ours.contains { $0.hasPrefix("restart_syscall(<... resuming interrupted clock_nanosleep ...>)") })
        #expect(Set(ours).isSubset(of: Set(theirs)))
    }

    /// rt_sigaction, rt_sigprocmask and rt_sigreturn with their structures and signal sets.
    @Test(arguments: [["signal_handlers"], ["/usr/bin/python3", "-c", "import signal; signal.pthread_sigmask(signal.SIG_BLOCK, [2, 15])"]])
    func signalCallsMatchStrace(command: [String]) throws {
        let program = command.count == 1 ? [try TestSupport.fixture(command[0])] : command
        let pair = try Differential.run(program, flags: ["-e", "trace=rt_sigaction,rt_sigprocmask,rt_sigreturn"])
        #expect(pair.strace.count > 3)
        #expect(pair.wiretap == pair.strace)
    }

    /// clone and wait4 across a pipeline, compared as canonical lines (pids erased).
    @Test func processCallsMatchStrace() throws {
        let pair = try Differential.run(["/bin/sh", "-c", "/bin/true | /bin/true; /bin/sh -c 'kill -9 $$'; exit 0"],
                                        flags: ["-f", "-e", "trace=clone,wait4"])
        func calls(_ lines: [String]) -> [String] {
            Differential.canonical(lines).filter { $0.hasPrefix("clone(") || $0.hasPrefix("wait4(") }
                .map { $0.split(separator: "=").dropLast().joined(separator: "=") }  // results are pids
                .sorted()
        }
        #expect(calls(pair.strace).count >= 4)
        #expect(calls(pair.wiretap) == calls(pair.strace))
        #expect(pair.wiretap.contains { $0.contains("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]") })
    }

    @Test(arguments: ["SIGTERM", "SIGSEGV"])
    func deathLinesMatchStrace(signal: String) throws {
        try Self.compare("die_by_signal", [signal], flags: [], keep: Self.isSignalOrExitLine)
    }
}
