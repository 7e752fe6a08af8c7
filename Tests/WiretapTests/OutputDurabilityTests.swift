import Glibc
import Testing

/// Issue 10, the trace output: a trace that survives a crash of wiretap, and
/// no silent loss (write errors reported, an unusable -ff directory refused
/// before the command runs), bounded -s/-a, linear argument handling, and the
/// command's argv, environment and path passed as bytes.
@Suite struct OutputDurabilityTests {
    // MARK: - Helpers

    /// The syscall names of `lines` (text up to `(`; other lines as they are)
    /// up to and including the first line that contains `marker`; nil if none does.
    static func names(_ lines: [Substring], through marker: String) -> [Substring]? {
        guard let last = lines.firstIndex(where: { $0.contains(marker) }) else { return nil }
        return lines[...last].map { line in line.firstIndex(of: "(").map { line[..<$0] } ?? line }
    }

    /// Starts `wiretap -o TRACE ARGUMENTS...` in the background; returns its
    /// pid and the paths of the trace and of the command's stdout.
    static func startTraced(_ arguments: [String]) throws -> (pid: pid_t, trace: String, stdout: String, stderr: String) {
        let dir = TestSupport.temporaryDirectory()
        let trace = dir + "/trace"
        let pid = try TestSupport.start([TestSupport.wiretap, "-o", trace] + arguments,
                                        stdoutPath: dir + "/stdout", stderrPath: dir + "/stderr")
        return (pid, trace, dir + "/stdout", dir + "/stderr")
    }

    static func reap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    // MARK: - 1. Flushed before the tracer blocks

    /// While the command sleeps, everything it did before is on disk (strace
    /// writes each line as it goes; wiretap buffered up to 32 KB and wrote
    /// nothing until the command ended).
    @Test(arguments: CLITests.stopWaits)
    func idleTraceIsOnDisk(wait: [String]) throws {
        let program = try TestSupport.fixture("print_then_sleep")
        let run = try Self.startTraced(wait + [program, "30"])
        defer { Self.reap(run.pid) }
        #expect(TestSupport.eventually(timeout: 10) { TestSupport.readFile(run.stdout).contains("before-sleep") })
        let onDisk = TestSupport.eventually(timeout: 5) {
            TestSupport.readFile(run.trace).lines.contains { $0.hasPrefix("write(1, \"before-sleep\\n\", 13) ") && $0.hasSuffix(" = 13") }
        }
        #expect(onDisk, "trace while the command sleeps:\n\(TestSupport.readFile(run.trace))")
    }

    /// SIGKILL of wiretap while the command sleeps: the trace file holds every
    /// line strace prints up to the write before the sleep.
    @Test(arguments: CLITests.stopWaits)
    func killedTracerLosesNothingBeforeTheSleep(wait: [String]) throws {
        let program = try TestSupport.fixture("print_then_sleep")
        let straceTrace = TestSupport.temporaryDirectory() + "/strace"
        let oracle = try TestSupport.run(["/usr/bin/strace", "-o", straceTrace, program, "0"])
        let expected = try #require(Self.names(TestSupport.readFile(straceTrace).lines, through: "before-sleep"))

        let run = try Self.startTraced(wait + [program, "30"])
        #expect(oracle.exitCode == 0)
        let sleeping = TestSupport.eventually(timeout: 10) { TestSupport.readFile(run.stdout).contains("before-sleep") }
        // The command is in its 30 s nanosleep: give the tracer time to reach its wait.
        usleep(500_000)
        kill(run.pid, SIGKILL)
        var status: CInt = 0
        while waitpid(run.pid, &status, 0) < 0 && errno == EINTR {}
        #expect(sleeping)
        let trace = TestSupport.readFile(run.trace)
        let got = Self.names(trace.lines, through: "before-sleep")
        #expect(got == expected, "after SIGKILL the trace holds:\n\(trace)")
    }

    // MARK: - 2. Write errors

    /// The first line strace writes on stderr, with our name for its own
    /// (strace names itself by its argv[0]).
    static func straceMessage(_ arguments: [String]) throws -> String {
        let result = try TestSupport.run(["/usr/bin/strace"] + arguments)
        let first = try #require(result.stderr.lines.first, "strace said nothing: \(result.stderr)")
        let colon = try #require(first.firstRange(of: ": "))
        #expect(first[..<colon.lowerBound].hasSuffix("strace"))
        return "wiretap: " + first[colon.upperBound...]
    }

    /// `-o /dev/full`: the error once, as strace words it; the command runs to
    /// its end; exit status 1 when the command exited 0, the command's own
    /// status when it failed.
    @Test(arguments: [0, 3])
    func fullDeviceIsReportedOnce(code: Int) throws {
        let expected = try Self.straceMessage(["-o", "/dev/full", "true"])
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.wiretap(["-o", "/dev/full", "/bin/sh", "-c", "echo ran > \(dir)/marker; exit \(code)"])
        #expect(result.stderr == expected + "\n", "stderr: \(result.stderr)")
        #expect(TestSupport.readFile(dir + "/marker") == "ran\n")
        #expect(result.exitCode == (code == 0 ? 1 : CInt(code)))
    }

    /// The same for the `-c` table, which is written at the end (strace 6.1
    /// loses it silently, exit 0: its words come from the trace case).
    @Test func summaryTableWriteErrorIsReported() throws {
        let expected = try Self.straceMessage(["-o", "/dev/full", "true"])
        let result = try TestSupport.wiretap(["-c", "-o", "/dev/full", "true"])
        #expect(result.stderr == expected + "\n", "stderr: \(result.stderr)")
        #expect(result.exitCode == 1)
    }

    /// Tracing to a pipe whose reader is gone (`wiretap ... 2>&1 | head -1`):
    /// wiretap does not die of SIGPIPE (strace does, and kills the command):
    /// the command runs to its end and wiretap exits 1.
    @Test(arguments: [["-f"], ["-f", "--json"]])
    func closedPipeDoesNotKillTheTrace(flags: [String]) throws {
        let dir = TestSupport.temporaryDirectory()
        var fds: [CInt] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // nobody will read
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let argv = [TestSupport.wiretap] + flags + ["/bin/sh", "-c", "for i in 1 2 3; do cat /dev/null; done; echo ran > \(dir)/marker"]
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        #expect(posix_spawn(&pid, TestSupport.wiretap, &actions, &attributes, cArgs, environ) == 0)
        close(fds[1])
        let (status, timedOut) = TestSupport.wait(pid, timeout: 30)
        #expect(!timedOut)
        #expect((status & 0x7f) == 0, "wiretap died of signal \(status & 0x7f)")
        #expect((status >> 8) & 0xff == 1)
        #expect(TestSupport.readFile(dir + "/marker") == "ran\n")
    }

    // MARK: - 3. -ff into a directory that cannot hold the files

    /// strace's message for the first task's file, and the command never runs.
    @Test func perTaskFilesInAMissingDirectoryStopBeforeTheCommand() throws {
        let dir = TestSupport.temporaryDirectory()
        #expect(try TestSupport.run(["/usr/bin/strace", "-ff", "-o", dir + "/missing/x", "true"]).exitCode == 1)
        let expected = try Self.straceMessage(["-ff", "-o", dir + "/missing/x", "true"]).replacing(/\.\d+'/, with: ".PID'")

        let result = try TestSupport.wiretap(["-ff", "-o", dir + "/missing/x", "/bin/sh", "-c", "echo ran > \(dir)/marker"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.replacing(/\.\d+'/, with: ".PID'") == expected + "\n", "stderr: \(result.stderr)")
        #expect(access(dir + "/marker", F_OK) != 0, "the command ran")
    }
}
