import Glibc
import Testing

/// End-to-end tests of the `wiretap` command: it runs fixture programs (or
/// attaches to running ones) and the tests read the trace it writes.
///
/// Every test has its own temporary directory and waits only for the pids it
/// started, so the tests run in parallel.
@Suite struct CLITests {
    // MARK: - Helpers

    /// The edge cases below run under both ways of waiting for stops: the
    /// default adaptive polling and blocking in waitpid.
    static let stopWaits: [[String]] = [[], ["--stop-wait=block"]]

    /// One run of wiretap with `-o FILE`: its status and output, and the trace.
    struct Run {
        var result: TestSupport.Result
        var trace: String
        var lines: [Substring] { trace.lines }
    }

    /// Runs `wiretap [-f] -o DIR/trace ARGUMENTS...` and reads the trace back.
    static func traced(_ arguments: [String], follow: Bool, timeout: Double = 10) throws -> Run {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let result = try TestSupport.wiretap((follow ? ["-f"] : []) + ["-o", path] + arguments, timeout: timeout)
        return Run(result: result, trace: TestSupport.readFile(path))
    }

    /// Splits a `-f -o FILE` line, `PID  rest` (strace's `%-5d ` prefix), into PID and rest.
    static func split(_ line: Substring) -> (pid: pid_t, rest: Substring)? {
        guard let space = line.firstIndex(of: " "), let pid = pid_t(line[..<space]) else { return nil }
        var rest = line[space...]
        while rest.first == " " { rest = rest.dropFirst() }
        return (pid, rest)
    }

    /// Every `-f` line as (pid, rest); lines without the prefix are dropped.
    static func tagged(_ lines: [Substring]) -> [(pid: pid_t, rest: Substring)] {
        lines.compactMap(split)
    }

    /// The decimal return value of a syscall line (`name(...) = 123`), if it has one.
    static func returnValue(_ rest: Substring) -> Int? {
        let tokens = rest.split(separator: " ")
        guard let equals = tokens.lastIndex(of: "="), equals + 1 < tokens.count else { return nil }
        return Int(tokens[equals + 1])
    }

    /// The pid of the traced command: the one on the first `execve(` line.
    static func leaderPID(_ lines: [Substring]) -> pid_t? {
        tagged(lines).first { $0.rest.hasPrefix("execve(") }?.pid
    }

    /// Pids with a `+++ exited with CODE +++` line, in order.
    static func exits(_ lines: [Substring], code: CInt) -> [pid_t] {
        tagged(lines).filter { $0.rest == "+++ exited with \(code) +++" }.map(\.pid)
    }

    /// Shows the end of a trace in a failure message.
    static func tail(_ run: Run, _ count: Int = 25, note: String = "") -> Comment {
        Comment(rawValue: note + "status \(run.result.status), stderr: \(run.result.stderr)\ntrace tail:\n"
                    + run.lines.suffix(count).joined(separator: "\n"))
    }

    /// Whether `pid` (a child of ours, so a zombie until reaped) has not exited.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let state = TestSupport.procStatus(pid, "State") else { return false }
        return !state.hasPrefix("Z") && !state.hasPrefix("X")
    }

    /// Kills and reaps a process this test started.
    static func reap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Starts `sleep 100`, then `wiretap -p` on it; waits until wiretap says
    /// it attached. Returns both pids and wiretap's stderr path.
    static func attachToSleeper(stopFirst: Bool) throws -> (sleeper: pid_t, wiretap: pid_t, stderr: String) {
        let dir = TestSupport.temporaryDirectory()
        let sleeper = try TestSupport.start(["/bin/sleep", "100"], stdoutPath: dir + "/sleep.out", stderrPath: dir + "/sleep.err")
        if stopFirst {
            kill(sleeper, SIGSTOP)
            let stopped = TestSupport.eventually(timeout: 5) { TestSupport.procStatus(sleeper, "State")?.hasPrefix("T") == true }
            if !stopped {
                reap(sleeper)
                throw TestSupport.TestFailure("sleep \(sleeper) did not stop: State \(TestSupport.procStatus(sleeper, "State") ?? "?")")
            }
        } else {
            // Let it get into nanosleep.
            _ = TestSupport.eventually(timeout: 5) { TestSupport.procStatus(sleeper, "State")?.hasPrefix("S") == true }
        }
        let stderr = dir + "/wiretap.err"
        let tracer = try TestSupport.start([TestSupport.wiretap, "-p", String(sleeper)],
                                           stdoutPath: dir + "/wiretap.out", stderrPath: stderr)
        let attached = TestSupport.eventually(timeout: 5) { TestSupport.readFile(stderr).contains("attached") }
        if !attached {
            reap(tracer)
            reap(sleeper)
            throw TestSupport.TestFailure("wiretap never said it attached; stderr: \(TestSupport.readFile(stderr))")
        }
        return (sleeper, tracer, stderr)
    }

    // MARK: - 1. Death by a signal

    @Test(arguments: [("TERM", SIGTERM), ("SEGV", SIGSEGV)])
    func deathBySignalIsPassedOn(name: String, signal: CInt) throws {
        let fixture = try TestSupport.fixture("die_by_signal")
        let run = try Self.traced([fixture, name], follow: false)
        #expect(!run.result.timedOut)
        #expect(run.result.signal == signal, "wiretap status \(run.result.status), expected death by SIG\(name)")
        #expect(run.result.exitCode == nil)
        let last = run.lines.last.map(String.init)
        #expect(last == "+++ killed by SIG\(name) +++" || last == "+++ killed by SIG\(name) (core dumped) +++",
                Self.tail(run))
        #expect(run.lines.contains { $0.hasPrefix("--- SIG\(name) {si_signo=SIG\(name), si_code=") }, Self.tail(run))
    }

    // MARK: - 2. fork + exec, three times

    @Test(arguments: CLITests.stopWaits) func followsThreeForkExecs(wait: [String]) throws {
        let fixture = try TestSupport.fixture("fork_exec_three")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run))
        let exited = Self.exits(run.lines, code: 0)
        #expect(exited.count == 4, Self.tail(run))
        #expect(Set(exited).count == 4, "pids: \(exited)")
        let leader = try #require(Self.leaderPID(run.lines))
        #expect(exited.last == leader, "the command exits last")
        // Each child is traced through its exec.
        let execs = Set(Self.tagged(run.lines).filter { $0.rest.hasPrefix("execve(") }.map(\.pid))
        for child in exited where child != leader {
            #expect(execs.contains(child), "no execve line for child \(child)")
        }
    }

    // MARK: - 3. 8 threads x 100 syscalls

    @Test(arguments: CLITests.stopWaits) func countsEverySyscallOfEightThreads(wait: [String]) throws {
        let fixture = try TestSupport.fixture("threads_getppid")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run))
        var perThread: [pid_t: Int] = [:]
        for line in Self.tagged(run.lines) where line.rest.hasPrefix("getppid(") {
            perThread[line.pid, default: 0] += 1
        }
        #expect(perThread.values.reduce(0, +) == 800, "per thread: \(perThread)")
        #expect(perThread.count == 8, "per thread: \(perThread)")
        #expect(perThread.values.allSatisfy { $0 == 100 }, "per thread: \(perThread)")
        let leader = try #require(Self.leaderPID(run.lines))
        #expect(perThread[leader] == nil, "the main thread never calls getppid")
        // Every line of the trace has the pid prefix under -f.
        #expect(run.lines.allSatisfy { Self.split($0) != nil }, Self.tail(run))
    }

    // MARK: - 4. 200 short-lived threads

    @Test(arguments: CLITests.stopWaits) func followsTwoHundredShortLivedThreads(wait: [String]) throws {
        let fixture = try TestSupport.fixture("many_threads")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run))
        let leader = try #require(Self.leaderPID(run.lines))
        let threadExits = Self.exits(run.lines, code: 0).filter { $0 != leader }
        #expect(threadExits.count == 200, Self.tail(run))
        #expect(Set(threadExits).count == 200)
        // The thread ids clone/clone3 returned to the main thread are exactly the ones that exited.
        let cloneLines = ["clone3(", "clone(", "<... clone3 resumed>", "<... clone resumed>"]
        let created = Self.tagged(run.lines).filter { line in
            line.pid == leader && cloneLines.contains { line.rest.hasPrefix($0) }
        }.compactMap { Self.returnValue($0.rest) }.filter { $0 > 0 }.map { pid_t($0) }
        #expect(created.count == 200)
        #expect(Set(created) == Set(threadExits))
        let last = try #require(run.lines.last.flatMap(Self.split), Self.tail(run))
        #expect(last.pid == leader && last.rest == "+++ exited with 0 +++", Self.tail(run))
    }

    // MARK: - 5. vfork + exec

    @Test(arguments: CLITests.stopWaits) func followsVforkAndExec(wait: [String]) throws {
        let fixture = try TestSupport.fixture("vfork_exec")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run))
        let exited = Self.exits(run.lines, code: 0)
        #expect(exited.count == 2, Self.tail(run))
        #expect(Set(exited).count == 2)
        let leader = try #require(Self.leaderPID(run.lines))
        let childExecs = Self.tagged(run.lines).filter { $0.rest.hasPrefix("execve(") && $0.pid != leader }
        #expect(childExecs.count == 1, Self.tail(run, 60))
        if let child = childExecs.first?.pid {
            #expect(exited.contains(child))
            // `execve(...) = 0`, or `<... execve resumed>) = 0` when the parent's vfork line interleaved.
            let results = Self.tagged(run.lines).filter {
                $0.pid == child && ($0.rest.hasPrefix("execve(") || $0.rest.hasPrefix("<... execve resumed>"))
            }.compactMap { Self.returnValue($0.rest) }
            #expect(results == [0], Self.tail(run, 60))
        }
        #expect(exited.last == leader)
    }

    // MARK: - 6. execve from a non-leader thread

    @Test(arguments: CLITests.stopWaits) func execFromANonLeaderThread(wait: [String]) throws {
        let fixture = try TestSupport.fixture("thread_exec")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run))
        let leader = try #require(Self.leaderPID(run.lines))
        let last = try #require(run.lines.last.flatMap(Self.split), Self.tail(run))
        #expect(last.pid == leader && last.rest == "+++ exited with 0 +++", Self.tail(run))
    }

    /// The thread's execve completes under the leader's pid; it must be shown
    /// as an execve (strace: `<... execve resumed>) = 0`), not as the pause(2)
    /// the old leader was blocked in, which never returned.
    @Test func execFromANonLeaderThreadIsRenderedAsExecve() throws {
        let fixture = try TestSupport.fixture("thread_exec")
        let run = try Self.traced([fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0)
        let leader = try #require(Self.leaderPID(run.lines))
        let lines = Self.tagged(run.lines)
        // (`+++ superseded by execve in pid N +++`, strace's note that the leader was replaced, is not an execve line.)
        let leaderExecs = lines.filter { $0.pid == leader && $0.rest.contains("execve") && !$0.rest.hasPrefix("+++ superseded") }
        #expect(leaderExecs.count == 2, "execve lines under the leader: \(leaderExecs.map(\.rest))")
        // pause(2) may be shown entered (`pause( <unfinished ...>`), but it never returns a value.
        let pauseResults = lines.filter { $0.rest.hasPrefix("pause(") || $0.rest.hasPrefix("<... pause resumed>") }
            .compactMap { Self.returnValue($0.rest) }
        #expect(pauseResults.isEmpty, "pause(2) was cut short by the exec and never returned: \(pauseResults)")
    }

    // MARK: - 7. SIGSTOP and SIGCONT

    @Test(arguments: CLITests.stopWaits) func childStoppedAndContinued(wait: [String]) throws {
        let fixture = try TestSupport.fixture("stop_cont")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run, note: "fixture: 5 = child never seen stopped, 4 = ended without stopping; "))
        let leader = try #require(Self.leaderPID(run.lines))
        let lines = Self.tagged(run.lines)
        let stopped = lines.filter { $0.rest == "--- stopped by SIGSTOP ---" }
        #expect(stopped.count == 1, Self.tail(run))
        let child = try #require(stopped.first?.pid)
        #expect(child != leader)
        #expect(lines.contains { $0.pid == child && $0.rest.hasPrefix("--- SIGCONT {si_signo=SIGCONT") }, Self.tail(run))
        #expect(Self.exits(run.lines, code: 0).contains(child))
    }

    // MARK: - 8. A tracee that waits for its children

    @Test(arguments: CLITests.stopWaits) func traceeReapsItsOwnChildren(wait: [String]) throws {
        let fixture = try TestSupport.fixture("wait_children")
        let run = try Self.traced(wait + [fixture], follow: true)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run, note: "the fixture saw wrong statuses for its children; "))
        let leader = try #require(Self.leaderPID(run.lines))
        var children: Set<pid_t> = []
        for code: CInt in 1...3 {
            let exited = Self.exits(run.lines, code: code)
            #expect(exited.count == 1, "exits with \(code): \(exited)")
            children.formUnion(exited)
        }
        #expect(children.count == 3)
        #expect(!children.contains(leader))
    }

    // MARK: - 9. Signal handlers run

    @Test func signalHandlersRunUnderTracing() throws {
        let fixture = try TestSupport.fixture("signal_handlers")
        let run = try Self.traced([fixture], follow: false)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, Self.tail(run, note: "a handler did not run (or lost the queued value); "))
        #expect(run.lines.contains { $0.hasPrefix("--- SIGUSR1 {si_signo=SIGUSR1, si_code=") }, Self.tail(run))
        // The fixture prints its SIGRTMIN+2 number; strace names it relative to the kernel's SIGRTMIN (32).
        let printed = run.result.stdout.lines.first { $0.hasPrefix("rt=") }
        let number = try #require(printed.flatMap { Int($0.dropFirst(3)) })
        let name = "SIGRT_\(number - 32)"
        // sigqueue: si_code SI_QUEUE, and the queued value 42 (see also the strace comparison in StraceOutputTests).
        #expect(run.lines.contains { $0.hasPrefix("--- \(name) {si_signo=\(name), si_code=SI_QUEUE, si_pid=") && $0.hasSuffix(", si_int=42, si_ptr=0x2a} ---") },
                Self.tail(run))
    }

    // MARK: - 10, 11. Attach and detach

    @Test func detachOnInterruptLeavesARunningProcessRunning() throws {
        let (sleeper, tracer, stderr) = try Self.attachToSleeper(stopFirst: false)
        defer { Self.reap(sleeper) }
        kill(tracer, SIGINT)
        let (status, timedOut) = TestSupport.wait(tracer, timeout: 5)
        #expect(!timedOut, "wiretap did not exit after SIGINT")
        #expect((status & 0x7f) == 0, "wiretap status \(status)")
        #expect(TestSupport.readFile(stderr).contains("Process \(sleeper) detached"), "\(TestSupport.readFile(stderr))")
        #expect(Self.isAlive(sleeper), "sleep died")
        // Detaching may take the task through a moment of being woken; then it must sleep, untraced.
        let settled = TestSupport.eventually(timeout: 2) {
            TestSupport.procStatus(sleeper, "TracerPid") == "0"
                && TestSupport.procStatus(sleeper, "State").map { !$0.hasPrefix("T") && !$0.hasPrefix("t") } == true
        }
        #expect(settled, "State \(TestSupport.procStatus(sleeper, "State") ?? "gone"), TracerPid \(TestSupport.procStatus(sleeper, "TracerPid") ?? "gone")")
        usleep(100_000)
        let state = TestSupport.procStatus(sleeper, "State") ?? "gone"
        #expect(!state.hasPrefix("T") && !state.hasPrefix("t") && !state.hasPrefix("Z"), "State \(state)")
        #expect(TestSupport.procStatus(sleeper, "TracerPid") == "0")
        #expect(Self.isAlive(sleeper))
    }

    @Test func detachOnInterruptLeavesAStoppedProcessStopped() throws {
        let (sleeper, tracer, stderr) = try Self.attachToSleeper(stopFirst: true)
        defer { Self.reap(sleeper) }
        kill(tracer, SIGINT)
        let (status, timedOut) = TestSupport.wait(tracer, timeout: 5)
        #expect(!timedOut, "wiretap did not exit after SIGINT")
        #expect((status & 0x7f) == 0, "wiretap status \(status)")
        #expect(TestSupport.readFile(stderr).contains("Process \(sleeper) detached"), "\(TestSupport.readFile(stderr))")
        let settled = TestSupport.eventually(timeout: 2) {
            TestSupport.procStatus(sleeper, "TracerPid") == "0" && TestSupport.procStatus(sleeper, "State")?.hasPrefix("T") == true
        }
        #expect(settled, "State \(TestSupport.procStatus(sleeper, "State") ?? "gone"), TracerPid \(TestSupport.procStatus(sleeper, "TracerPid") ?? "gone")")
        usleep(100_000)
        let state = TestSupport.procStatus(sleeper, "State") ?? "gone"
        #expect(state.hasPrefix("T"), "State \(state): it must stay in group-stop")
        #expect(TestSupport.procStatus(sleeper, "TracerPid") == "0")
        #expect(Self.isAlive(sleeper))
    }

    // MARK: - 12. Errors

    @Test(arguments: ["/nonexistent/wiretap-no-such-command", "wiretap-no-such-command-in-path"])
    func nonexistentCommand(command: String) throws {
        let result = try TestSupport.wiretap([command, "argument"], timeout: 10)
        #expect(!result.timedOut)
        #expect(result.exitCode != 0 && result.exitCode != nil, "status \(result.status)")
        #expect(result.stderr.contains(command), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("No such file"), "stderr: \(result.stderr)")
    }

    @Test func nonexistentPID() throws {
        // A pid that cannot exist, and the pid of a child that has exited and been reaped.
        let dir = TestSupport.temporaryDirectory()
        let gone = try TestSupport.start(["/bin/true"], stdoutPath: dir + "/out", stderrPath: dir + "/err")
        #expect(!TestSupport.wait(gone, timeout: 5).timedOut)
        for pid in [pid_t(Int32.max), gone] {
            let result = try TestSupport.wiretap(["-p", String(pid)], timeout: 10)
            #expect(!result.timedOut)
            #expect(result.exitCode != 0 && result.exitCode != nil, "pid \(pid): status \(result.status)")
            #expect(result.stderr.contains("No such process"), "pid \(pid): stderr: \(result.stderr)")
            #expect(result.stderr.contains(String(pid)), "pid \(pid): stderr: \(result.stderr)")
        }
    }

    // MARK: - 13. -o FILE

    @Test func outputFileGetsTheTraceAndStderrNothing() throws {
        let fixture = try TestSupport.fixture("exit_code")
        let run = try Self.traced([fixture, "7"], follow: false)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 7)
        #expect(run.lines.contains { $0.hasPrefix("execve(") }, Self.tail(run))
        #expect(run.lines.contains { $0.hasPrefix("exit_group(") }, Self.tail(run))
        #expect(run.lines.last == "+++ exited with 7 +++", Self.tail(run))
        #expect(run.result.stderr.isEmpty, "stderr: \(run.result.stderr)")
        #expect(run.result.stdout.isEmpty, "stdout: \(run.result.stdout)")

        // Without -o the same trace goes to stderr: the check above is not vacuous.
        let plain = try TestSupport.wiretap([fixture, "7"], timeout: 10)
        #expect(!plain.timedOut)
        #expect(plain.exitCode == 7)
        #expect(plain.stderr.lines.last == "+++ exited with 7 +++", "stderr: \(plain.stderr)")
    }

    // MARK: - 14. Exit codes

    @Test(arguments: [0, 1, 255])
    func exitCodeIsPassedThrough(code: Int) throws {
        let fixture = try TestSupport.fixture("exit_code")
        let run = try Self.traced([fixture, String(code)], follow: false)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == CInt(code), "status \(run.result.status)")
        #expect(run.lines.last.map(String.init) == "+++ exited with \(code) +++", Self.tail(run))
    }

    // MARK: - --seccomp-bpf

    /// The filter outlives the tracer (traced calls would fail with ENOSYS),
    /// so the command must die with wiretap, even when wiretap is SIGKILLed.
    @Test func seccompTraceesDieWithTheTracer() throws {
        let dir = TestSupport.temporaryDirectory()
        let tracer = try TestSupport.start([TestSupport.wiretap, "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null",
                                            "/bin/sleep", "100"], stdoutPath: dir + "/out", stderrPath: dir + "/err")
        var sleeper: pid_t = 0
        let started = TestSupport.eventually {
            let children = TestSupport.readFile("/proc/\(tracer)/task/\(tracer)/children").split(separator: " ")
            guard let first = children.first.flatMap({ pid_t($0) }) else { return false }
            sleeper = first
            return TestSupport.readFile("/proc/\(first)/cmdline").hasPrefix("/bin/sleep")
        }
        try #require(started, "sleep never started under wiretap")
        kill(tracer, SIGKILL)
        _ = TestSupport.wait(tracer, timeout: 5)
        #expect(TestSupport.eventually(timeout: 5) { kill(sleeper, 0) == -1 && errno == ESRCH })
    }

    @Test func seccompIsRefusedWithAttach() throws {
        let result = try TestSupport.wiretap(["--seccomp-bpf", "-p", "1"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("--seccomp-bpf is not enabled for processes attached with -p"))
    }

    /// With -f and the trace on stderr, `Process N attached` comes after the
    /// line of the clone that made N, as strace prints it, never inside it
    /// (the new task is reported at the parent's event stop, before the
    /// clone's result is known), also when N's first lines come before
    /// that result (`<... clone resumed>`).
    @Test func attachMessagesFollowTheCloneLine() throws {
        for _ in 0..<3 {
            let result = try TestSupport.wiretap(["-f", "-e", "trace=clone,set_robust_list", "/bin/sh", "-c", "echo hi | cat"])
            #expect(result.exitCode == 0)
            let lines = result.stderr.lines.map(String.init)
            var announced = 0
            for (index, line) in lines.enumerated() {
                #expect(!line.contains("wiretap:") || line.hasPrefix("wiretap:"), "a message inside a line: \(line)")
                guard let match = line.wholeMatch(of: /wiretap: Process (\d+) attached/) else { continue }
                announced += 1
                let child = String(match.output.1)
                let previous = index > 0 ? lines[index - 1] : ""
                #expect(previous.hasSuffix("= " + child), "\(line) after: \(previous)")
            }
            #expect(announced == 2, "\(result.stderr)")
        }
    }
}
