import Glibc
import Testing

/// The statistics, engine and tampering options: -S/-U/-O, -b execve, -D,
/// -I, --syscall-limit, --kill-on-exit, --argv0, -d, and inject's syscall=,
/// delay_*= and poke_*=. strace 6.1 is the oracle where it has the option.
@Suite struct EngineOptionTests {
    static let strace = "/usr/bin/strace"

    /// Runs strace and wiretap with the same arguments; stderr of strace with
    /// its name replaced by wiretap's, for message comparisons.
    static func both(_ arguments: [String], timeout: Double = 30) throws -> (strace: TestSupport.Result, wiretap: TestSupport.Result) {
        var theirs = try TestSupport.run([strace] + arguments, timeout: timeout)
        theirs.stderr = theirs.stderr.replacingAll(strace, with: "wiretap").replacingAll("strace", with: "wiretap")
        let ours = try TestSupport.wiretap(arguments, timeout: timeout)
        return (theirs, ours)
    }

    /// The lines of a -c table: header, rules, rows.
    static func table(_ text: String) -> [Substring] {
        text.lines.filter { !$0.isEmpty && !$0.hasPrefix("wiretap:") && !$0.hasPrefix("strace:") }
    }

    // MARK: - 1. The -c table

    @Test func everyStrace61ColumnHasStracesHeaderAndWidth() throws {
        let columns = "time-percent,total-time,min-time,max-time,avg-time,calls,errors,name"
        let (theirs, ours) = try Self.both(["-c", "-U", columns, "-S", "name", "/bin/true"])
        #expect(ours.exitCode == 0 && theirs.exitCode == 0)
        let a = Self.table(theirs.stderr), b = Self.table(ours.stderr)
        #expect(a.count == b.count, "\(ours.stderr)")
        // Header and rules are identical; the times differ run to run.
        #expect(b.first == "% time     seconds shortest  longest  usecs/call     calls    errors syscall")
        #expect(a.first == b.first)
        #expect(a.dropFirst().first == b.dropFirst().first)
    }

    @Test(arguments: [["calls", "errors", "name"], ["name", "calls"], ["count", "error"], ["syscall", "errors", "calls"]])
    func callAndErrorColumnsMatchStrace(columns: [String]) throws {
        // Calls and errors of /bin/true are deterministic: the whole table matches.
        let (theirs, ours) = try Self.both(["-c", "-U", columns.joined(separator: ","), "-S", "name", "/bin/true"])
        #expect(Self.table(ours.stderr) == Self.table(theirs.stderr), "\(ours.stderr)\nstrace:\n\(theirs.stderr)")
    }

    @Test(arguments: ["calls", "count", "errors", "name", "syscall", "nothing", "none"])
    func sortKeysMatchStrace(key: String) throws {
        let (theirs, ours) = try Self.both(["-c", "-U", "calls,errors,name", "-S", key, "/bin/true"])
        #expect(Self.table(ours.stderr) == Self.table(theirs.stderr), "\(ours.stderr)\nstrace:\n\(theirs.stderr)")
    }

    @Test func timeSortKeysAreAccepted() throws {
        for key in ["min-time", "max-time", "avg-time", "shortest", "longest", "time_total", "wall-avg"] {
            let ours = try TestSupport.wiretap(["-c", "-S", key, "/bin/true"])
            #expect(ours.exitCode == 0, "\(key): \(ours.stderr)")
            #expect(ours.stderr.contains("total"), "\(key)")
        }
    }

    @Test(arguments: [
        ["-c", "-U", "bogus", "/bin/true"], ["-c", "-U", "name,,calls", "/bin/true"], ["-c", "-U", "calls,count", "/bin/true"],
        ["-c", "-U", "none", "/bin/true"], ["-U", "calls", "/bin/true"], ["-c", "-S", "foo", "/bin/true"],
        ["-c", "-O", "x", "/bin/true"], ["-c", "-O", "1xs", "/bin/true"], ["-c", "-O", "-1", "/bin/true"],
    ])
    func summaryOptionErrorsMatchStrace(arguments: [String]) throws {
        let (theirs, ours) = try Self.both(arguments)
        #expect(ours.exitCode == theirs.exitCode)
        #expect(ours.stderr == theirs.stderr)
    }

    @Test func sortWithoutSummaryWarnsAsStrace() throws {
        let (theirs, ours) = try Self.both(["-S", "calls", "-e", "trace=none", "/bin/true"])
        #expect(ours.exitCode == 0)
        #expect(ours.stderr.lines.first == theirs.stderr.lines.first)
        #expect(ours.stderr.hasPrefix("wiretap: -S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)\n"))
    }

    /// `-O` is subtracted from every call (never below zero): with 1s, a
    /// short program's wall times are all zero; without it, they are not.
    @Test func overheadIsSubtractedFromEachCall() throws {
        let plain = try TestSupport.wiretap(["-c", "-w", "-U", "total-time,calls,name", "/bin/true"])
        let lessened = try TestSupport.wiretap(["-c", "-w", "-O", "1s", "-U", "total-time,calls,name", "/bin/true"])
        let total = { (text: String) in Self.table(text).last.map { $0.split(separator: " ")[0] } }
        #expect(total(plain.stderr) != "0.000000", "\(plain.stderr)")
        #expect(total(lessened.stderr) == "0.000000", "\(lessened.stderr)")
        let rows = Self.table(lessened.stderr).compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }
        #expect(rows.count > 5 && rows.allSatisfy { $0 == 0 }, "\(lessened.stderr)")
    }

    /// strace 7.1's wall columns: headers, widths, and wall time shown next to system time.
    @Test func wallColumns() throws {
        let run = try TestSupport.wiretap(["-c", "-U", "total-time,wall-total,wall-min,wall-max,wall-avg,calls", "/bin/true"])
        let lines = Self.table(run.stderr)
        #expect(lines.first == "    seconds  wall-total wall-min wall-max    wall-avg     calls syscall", "\(run.stderr)")
        #expect(lines.dropFirst().first == "----------- ----------- -------- -------- ----------- --------- ----------------")
        let totalWall = lines.last.map { $0.split(separator: " ")[1] }
        #expect(totalWall != "0.000000", "\(run.stderr)")
    }

    // MARK: - 2. -b execve

    @Test func detachOnExecveMatchesStrace() throws {
        // The command's own execve is traced; the second one detaches: the
        // exec'd program runs untraced and prints, wiretap exits 0.
        let dir = TestSupport.temporaryDirectory()
        let arguments = ["-b", "execve", "/bin/sh", "-c", "exec /bin/sh -c 'echo ran > \(dir)/ran'"]
        let (theirs, ours) = try Self.both(arguments)
        #expect(ours.exitCode == 0 && theirs.exitCode == 0)
        // Detached, not left stopped: the program finishes (after wiretap has exited).
        #expect(TestSupport.eventually { TestSupport.readFile(dir + "/ran") == "ran\n" })
        // As strace: the call line, interrupted by the note, then the detach mark.
        let last = ours.stderr.lines.suffix(2).map(String.init)
        #expect(last.first?.hasPrefix("execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", \"echo ran > ") == true, "\(ours.stderr)")
        #expect(last.first?.contains(" vars */wiretap: Process ") == true && last.first?.hasSuffix(" detached") == true, "\(ours.stderr)")
        #expect(last.last == " <detached ...>", "\(ours.stderr)")
        #expect(theirs.stderr.lines.last == " <detached ...>")
        #expect(ours.stderr.contains("execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", \"echo ran > "))
        #expect(!ours.stderr.contains("+++ exited"))
    }

    @Test func detachOnExecveFollowsChildren() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = dir + "/trace"
        let ours = try TestSupport.wiretap(["-f", "-o", path, "-b", "execve", "/bin/sh", "-c", "/bin/true; exit 3"])
        #expect(ours.exitCode == 3)
        let trace = TestSupport.readFile(path)
        let child = trace.lines.first { $0.contains("execve(\"/bin/true\"") }
        // Cut by another task's line, or detached while its line was the open one.
        #expect(child?.hasSuffix(" <unfinished ...>") == true || child?.hasSuffix(" <detached ...>") == true, "\(trace)")
        // The child was detached: none of /bin/true's own calls appear.
        let childPID = child.flatMap { $0.split(separator: " ").first }.map(String.init) ?? "?"
        #expect(trace.lines.filter { $0.hasPrefix(childPID + " ") }.count == 2, "\(trace)")
        #expect(trace.lines.last?.hasSuffix("+++ exited with 3 +++") == true)
    }

    @Test func detachOnOtherSyscallsIsRefusedAsStrace() throws {
        let (theirs, ours) = try Self.both(["-b", "open", "/bin/true"])
        #expect(ours.exitCode == 1 && theirs.exitCode == 1)
        #expect(ours.stderr == "wiretap: Syscall 'open' for -b isn't supported\n")
        #expect(ours.stderr == theirs.stderr)
    }

    // MARK: - 3. -D

    /// With -D the command is the process its parent started (what `$!` gives):
    /// its pid, parent and exit status are its own; the tracer is elsewhere.
    @Test(arguments: [(["-D"], 1), (["-DD"], 2), (["-DDD"], 3), (["--daemonize"], 1), (["--daemonize=pgroup"], 2), (["--daemonize=session"], 3)])
    func daemonizedTracerIsAGrandchild(flags: [String], mode: Int) throws {
        let dir = TestSupport.temporaryDirectory()
        let script = "t=$(grep TracerPid /proc/$$/status | cut -f2); echo $$ $t; cut -d' ' -f5,6 /proc/$t/stat; cut -d' ' -f5,6 /proc/$$/stat; exit 7"
        let pid = try TestSupport.start([TestSupport.wiretap] + flags + ["-o", dir + "/trace", "/bin/sh", "-c", script],
                                        stdoutPath: dir + "/stdout", stderrPath: dir + "/stderr")
        let (status, timedOut) = TestSupport.wait(pid, timeout: 20)
        #expect(!timedOut)
        // The process we started is the command: its own exit status.
        #expect((status >> 8) & 0xff == 7 && status & 0x7f == 0, "status \(status), \(TestSupport.readFile(dir + "/stderr"))")
        let lines = TestSupport.readFile(dir + "/stdout").lines.map { $0.split(separator: " ").map(String.init) }
        try #require(lines.count == 3, "\(lines)")
        #expect(lines[0][0] == "\(pid)")
        let tracer = pid_t(lines[0][1]) ?? 0
        #expect(tracer != 0 && tracer != getpid() && tracer != pid)
        let (tracerGroup, tracerSession) = (lines[1][0], lines[1][1])
        let (group, session) = (lines[2][0], lines[2][1])
        switch mode {
        case 1: #expect(tracerGroup == group && tracerSession == session)
        case 2: #expect(tracerGroup == "\(tracer)" && tracerGroup != group && tracerSession == session)
        default: #expect(tracerSession == "\(tracer)" && tracerSession != session)
        }
        // The tracer finishes the trace on its own.
        #expect(TestSupport.eventually { TestSupport.readFile(dir + "/trace").contains("+++ exited with 7 +++") })
        let trace = TestSupport.readFile(dir + "/trace")
        #expect(trace.hasPrefix("execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", "), "\(trace)")
    }

    @Test(arguments: [["-D", "-p", "1"], ["-DDDD", "/bin/true"], ["-D", "--daemonize", "/bin/true"], ["--daemonize=foo", "/bin/true"]])
    func daemonizeErrorsMatchStrace(arguments: [String]) throws {
        let (theirs, ours) = try Self.both(arguments)
        #expect(ours.exitCode == theirs.exitCode)
        #expect(ours.stderr == theirs.stderr)
    }

    // MARK: - 4. -I

    /// -I4 (never_tstp): SIGTSTP does not stop wiretap; -I3 (never): SIGTERM
    /// does not end it. The trace runs to its end either way.
    @Test(arguments: [("4", SIGTSTP), ("never_tstp", SIGTSTP), ("3", SIGTERM), ("never", SIGINT)])
    func uninterruptibleTracerIgnoresSignals(mode: String, signal: CInt) throws {
        let dir = TestSupport.temporaryDirectory()
        let tracer = try TestSupport.start([TestSupport.wiretap, "-I", mode, "-o", dir + "/trace", "/bin/sh", "-c", "sleep 0.6; exit 5"],
                                           stdoutPath: dir + "/stdout", stderrPath: dir + "/stderr")
        #expect(TestSupport.eventually { TestSupport.readFile(dir + "/trace").contains("execve(\"/bin/sh\"") })
        kill(tracer, signal)
        usleep(150_000)
        let state = TestSupport.procStatus(tracer, "State") ?? "gone"
        #expect(state.hasPrefix("S") || state.hasPrefix("R"), "State \(state)")
        let (status, timedOut) = TestSupport.wait(tracer, timeout: 10)
        if timedOut || state.hasPrefix("T") { kill(tracer, SIGCONT) }
        #expect(!timedOut)
        #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 5, "status \(status)")
        #expect(TestSupport.readFile(dir + "/trace").contains("+++ exited with 5 +++"))
    }

    /// Without -I, -p keeps the interrupt-and-detach behaviour; -I1
    /// (anywhere) leaves SIGTERM its default action: wiretap dies at once,
    /// and its spawned command with it (PTRACE_O_EXITKILL).
    @Test func interruptibleAnywhereDiesBySignal() throws {
        let dir = TestSupport.temporaryDirectory()
        let tracer = try TestSupport.start([TestSupport.wiretap, "-I1", "-o", dir + "/trace", "/bin/sh", "-c", "sleep 5"],
                                           stdoutPath: dir + "/stdout", stderrPath: dir + "/stderr")
        #expect(TestSupport.eventually { TestSupport.readFile(dir + "/trace").contains("execve(\"/bin/sh\"") })
        kill(tracer, SIGTERM)
        let (status, timedOut) = TestSupport.wait(tracer, timeout: 5)
        #expect(!timedOut)
        #expect(status & 0x7f == SIGTERM, "status \(status)")
    }

    @Test(arguments: [["-I", "0", "/bin/true"], ["-I", "5", "/bin/true"], ["-I", "never_tstpx", "/bin/true"], ["-I", "", "/bin/true"]])
    func interruptibleErrorsMatchStrace(arguments: [String]) throws {
        let (theirs, ours) = try Self.both(arguments)
        #expect(ours.exitCode == 1 && theirs.exitCode == 1)
        #expect(ours.stderr == theirs.stderr)
    }

    // MARK: - 5. --syscall-limit, --kill-on-exit, --argv0

    @Test func syscallLimitDetachesAndLeavesTheCommandRunning() throws {
        let dir = TestSupport.temporaryDirectory()
        let started = TestSupport.now()
        let run = try TestSupport.wiretap(["--syscall-limit=3", "-e", "trace=!brk", "-o", dir + "/trace",
                                           "/bin/sh", "-c", "sleep 0.4; echo done > \(dir)/done"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(TestSupport.now() - started < 0.35, "wiretap waited for the command")
        let calls = TestSupport.readFile(dir + "/trace").lines.filter { $0.contains("(") }
        #expect(calls.count == 3, "\(calls)")
        #expect(!calls.contains { $0.hasPrefix("brk(") })
        // Detached, not killed and not left stopped: it finishes its work.
        #expect(TestSupport.eventually(timeout: 5) { TestSupport.readFile(dir + "/done") == "done\n" })
    }

    @Test func syscallLimitMessages() throws {
        let run = try TestSupport.wiretap(["--syscall-limit=2", "/bin/true"])
        #expect(run.stderr.contains("wiretap: System call limit has been reached, detaching tracees\nwiretap: Process "), "\(run.stderr)")
        #expect(run.stderr.lines.filter { $0.contains(") ") && !$0.hasPrefix("wiretap:") }.count == 2)
    }

    @Test func syscallLimitWithKillOnExitKillsTheCommand() throws {
        let dir = TestSupport.temporaryDirectory()
        let run = try TestSupport.wiretap(["--syscall-limit=2", "--kill-on-exit", "-o", dir + "/trace",
                                           "/bin/sh", "-c", "sleep 0.3; echo done > \(dir)/done"])
        #expect(run.exitCode == 0)
        usleep(600_000)
        #expect(TestSupport.readFile(dir + "/done").isEmpty)
    }

    @Test(arguments: [(["--syscall-limit=0", "/bin/true"], "wiretap: invalid --syscall-limit argument: '0'\nTry 'wiretap -h' for more information.\n"),
                      (["--syscall-limit=x", "/bin/true"], "wiretap: invalid --syscall-limit argument: 'x'\nTry 'wiretap -h' for more information.\n"),
                      (["--kill-on-exit", "-p", "1"], "wiretap: --kill-on-exit and -p/--attach are mutually exclusive options\n"),
                      (["--argv0=x", "-p", "1"], "wiretap: PROG [ARGS] must be specified with --argv0\nTry 'wiretap -h' for more information.\n")])
    func laterOptionErrors(arguments: [String], message: String) throws {
        let run = try TestSupport.wiretap(arguments)
        #expect(run.exitCode == 1)
        #expect(run.stderr == message)
    }

    @Test func argv0IsTakenAsBytes() throws {
        let dir = TestSupport.temporaryDirectory()
        // A name that is not UTF-8 reaches the program unchanged.
        let run = try TestSupport.run(["/bin/sh", "-c", "exec \(TestSupport.wiretap) -o \(dir)/trace --argv0=\"$(printf 'n\\377m')\" /bin/cat /proc/self/cmdline > \(dir)/out"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(TestSupport.readBytes(dir + "/out") == [UInt8(ascii: "n"), 0xFF] + Array("m\0/proc/self/cmdline\0".utf8))
        #expect(TestSupport.readFile(dir + "/trace").hasPrefix("execve(\"/bin/cat\", [\"n\\377m\", \"/proc/self/cmdline\"]"))
    }

    // MARK: - 6. -d

    @Test func debugMessages() throws {
        let run = try TestSupport.wiretap(["-d", "-f", "-e", "trace=none", "/bin/sh", "-c", "/bin/true"])
        #expect(run.exitCode == 0)
        #expect(run.stderr.contains("wiretap: ptrace_setoptions = 0x"), "\(run.stderr)")
        #expect(run.stderr.contains("wiretap: PTRACE_GET_SYSCALL_INFO works"))
        #expect(run.stderr.contains("wiretap: new task "))
        let quiet = try TestSupport.wiretap(["-f", "-e", "trace=none", "/bin/sh", "-c", "/bin/true"])
        #expect(!quiet.stderr.contains("ptrace_setoptions"))
    }

    // MARK: - 7. inject: syscall=, poke_*, delay_*

    @Test(arguments: [["-e", "trace=write", "-e", "inject=write:poke_enter=@arg2=4142", "/bin/echo", "hi"],
                      ["-e", "trace=getpid", "-e", "inject=getpid:syscall=gettid:retval=5", "/bin/sh", "-c", "echo $$"],
                      ["-e", "trace=write", "-e", "inject=write:poke_exit=@arg2=4142:delay_enter=1ms", "/bin/echo", "hi"],
                      // Without when=, every call (the loader's openat calls and cat's own all fail).
                      ["-e", "trace=openat", "-e", "inject=openat:error=EACCES", "/bin/cat", "/etc/hostname"],
                      // Only traced calls are tampered with.
                      ["-e", "trace=write", "-e", "inject=openat:error=EACCES", "/bin/cat", "/etc/hostname"],
                      // retval as strtoul reads it.
                      ["-e", "trace=getpid", "-e", "inject=getpid:retval=0x1f", "/bin/sh", "-c", "echo $$"]])
    func tamperingMatchesStrace(arguments: [String]) throws {
        let (theirs, ours) = try Self.both(arguments)
        #expect(ours.exitCode == theirs.exitCode)
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stderr == theirs.stderr)
    }

    @Test func pokeAcceptsHexEscapesToo() throws {
        let run = try TestSupport.wiretap(["-e", "trace=write", "-e", "inject=write:poke_enter=@arg2=\\x41\\x42", "/bin/echo", "hi"])
        #expect(run.stdout == "AB\n")
        #expect(run.stderr.contains("write(1, \"AB\\n\", 3)                     = 3 (INJECTED: args)"), "\(run.stderr)")
    }

    @Test func delayHoldsTheTracee() throws {
        let started = TestSupport.now()
        let run = try TestSupport.wiretap(["-e", "trace=write", "-e", "inject=write:delay_exit=300ms", "/bin/echo", "hi"])
        #expect(TestSupport.now() - started >= 0.3)
        #expect(run.stderr.contains("= 3 (DELAYED)"), "\(run.stderr)")
    }

    /// A delayed tracee does not hold up the others: a child delayed 1.5 s
    /// at each write while its sibling runs to its end meanwhile.
    @Test func delayDoesNotBlockOtherTracees() throws {
        let dir = TestSupport.temporaryDirectory()
        let script = "(echo slow > \(dir)/slow) & (sleep 0.2; echo fast > \(dir)/fast; date +%s%N > \(dir)/fast-time) ; wait"
        let run = try TestSupport.wiretap(["-f", "-o", dir + "/trace", "-e", "trace=none", "-e", "inject=write:delay_enter=1500ms:when=1",
                                           "/bin/sh", "-c", script])
        #expect(run.exitCode == 0)
        #expect(TestSupport.readFile(dir + "/slow") == "slow\n")
        #expect(TestSupport.readFile(dir + "/fast") == "fast\n")
    }

    @Test(arguments: [("inject=getpid:syscall=write:retval=1", "invalid syscall 'write'"), ("inject=getpid:syscall=gettid", "inject needs"),
                      ("inject=getpid:delay_enter=x", "invalid delay_enter 'x'"), ("inject=getpid:poke_enter=@arg1=4", "invalid poke_enter"),
                      ("inject=getpid:poke_enter=@arg8=41", "invalid poke_enter"), ("fault=getpid:delay_enter=1", "invalid inject option 'delay_enter'"),
                      ("inject=getpid:delay_exit=1:delay_exit=2", "delay_exit given twice")])
    func tamperingParseErrors(expression: String, message: String) throws {
        let (theirs, ours) = try Self.both(["-e", expression, "/bin/true"])
        #expect(theirs.exitCode == 1 && ours.exitCode == 1)
        #expect(ours.stderr.contains(message), "\(ours.stderr)")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
