import CWiretap
import Glibc
import Testing
@testable import WiretapCLI

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
        wt_spawn_actions_close_from(&actions, 3)
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
        #expect(posix_spawn(&pid, TestSupport.wiretap, &actions, &attributes, cArgs, Glibc.environ) == 0)
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

    // MARK: - 4. -s and -a bounded as strace bounds them

    /// strace 6.1 takes -s up to 1073741823 (-1U / 4) and -a up to INT_MAX;
    /// past that, or not a number: its two lines and exit status 1.
    @Test(arguments: [["-s", "3000000000"], ["-a", "3000000000"], ["-s", "1073741824"], ["-s", "-1"], ["-a", "-1"],
                      ["-a", "2147483648"], ["-s", "abc"], ["-s99999999999999999999"]])
    func outOfRangeLimitsAreRefusedAsStraceDoes(flags: [String]) throws {
        let theirs = try TestSupport.run(["/usr/bin/strace"] + flags + ["true"])
        let ours = try TestSupport.wiretap(flags + ["true"])
        #expect(theirs.exitCode == 1)
        #expect(ours.exitCode == 1)
        #expect(ours.stderr == theirs.stderr.replacing("/usr/bin/strace", with: "wiretap"), "stderr: \(ours.stderr)")
    }

    /// `-s 1000000000` (strace takes it) reads strings as long as they are,
    /// not a gigabyte each: peak RSS stays small (it was over 1 GB).
    @Test func hugeStringLimitTakesNoMemoryUpFront() throws {
        // sleep: the strings are read at its execve, and it outlives that peak.
        let run = try TestSupport.peakMemory([TestSupport.wiretap, "-s", "1000000000", "-v", "-o", "/dev/null", "/bin/sleep", "0.2"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.kilobytes > 0 && run.kilobytes < 100_000, "peak RSS \(run.kilobytes) KB")
    }

    /// `-a 999999999`: strace pads every line with a gigabyte of spaces
    /// (6 GB for `true`); wiretap pads to column 4096 at most, and finishes.
    @Test func hugeAlignColumnPadsTo4096() throws {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let result = try TestSupport.wiretap(["-a", "999999999", "-o", path, "/bin/true"], timeout: 30)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        let lines = TestSupport.readFile(path).lines.filter { $0.hasPrefix("brk(") || $0.hasPrefix("mmap(") }
        #expect(!lines.isEmpty)
        for line in lines {
            let equals = try #require(line.firstRange(of: " = "))
            #expect(line.distance(from: line.startIndex, to: equals.lowerBound) + 1 == 4096, "\(line.prefix(80))")
        }
    }

    // MARK: - 5. Linear argument parsing and rendering

    /// 100,000 arguments under `-v -s 1000000`: parsing took 299 s and the
    /// execve line 21 s before (quadratic); strace takes 0.1 s. The bound is
    /// loose on purpose (a loaded machine must not fail it): quadratic
    /// behaviour is minutes. The line itself must be strace's.
    @Test func hundredThousandArguments() throws {
        let arguments = (1...100_000).map(String.init)
        let environment = ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin"]
        func execveLine(_ tool: String) throws -> (line: Substring?, seconds: Double) {
            let path = TestSupport.temporaryDirectory() + "/trace"
            let start = TestSupport.now()
            let result = try TestSupport.run(environment + [tool, "-o", path, "-v", "-s", "1000000", "-e", "trace=execve",
                                                            "/usr/bin/true"] + arguments, timeout: 120)
            #expect(result.exitCode == 0, "\(tool): \(result.stderr.prefix(300))")
            return (TestSupport.readFile(path).lines.first, TestSupport.now() - start)
        }
        let theirs = try execveLine("/usr/bin/strace")
        let ours = try execveLine(TestSupport.wiretap)
        #expect(ours.seconds < 20, "took \(ours.seconds) s")
        #expect(theirs.line != nil && ours.line == theirs.line)
    }

    /// Bundled short flags with an attached value, as getopt reads them.
    @Test func bundledOptionsAreReadAsStraceReadsThem() throws {
        let pair = try Differential.run(["/bin/echo", "hello-world"], flags: ["-qfs5", "-etrace=execve,write", "-a20"])
        #expect(!pair.strace.isEmpty)
        #expect(pair.wiretap == pair.strace)
    }

    /// The split of a command line: options up to the first non-option or `--`.
    @Test(arguments: [
        (["-f", "-o", "x", "ls", "-l"], ["-f", "-o=x"], ["ls", "-l"]),
        (["-fqv", "true"], ["-f", "-q", "-v"], ["true"]),
        (["-s100", "-fs5", "echo", "-s"], ["-s=100", "-f", "-s=5"], ["echo", "-s"]),
        (["-o", "-x", "true"], ["-o=-x"], ["true"]),
        (["--env=A=1", "--env", "B=2", "--json", "true"], ["--env=A=1", "--env=B=2", "--json"], ["true"]),
        (["-f", "--", "-v"], ["-f"], ["-v"]),
        (["-", "x"], [], ["-", "x"]),
        (["-e", "trace=open", "--", "--", "y"], ["-e=trace=open"], ["--", "y"]),
        (["-f", "-s"], ["-f", "-s"], []),
        (["--stop-wait", "block", "ls"], ["--stop-wait=block"], ["ls"]),
    ])
    func splitsLikeGetopt(arguments: [String], options: [String], command: [String]) {
        let split = RawArguments(arguments.map { Array($0.utf8) }, shortWithValue: TraceCommand.shortOptionsWithValue,
                                 longWithValue: TraceCommand.longOptionsWithValue)
        #expect(split.options.map { $0.name + ($0.value.map { "=" + String(decoding: $0, as: UTF8.self) } ?? "") } == options)
        #expect(split.command == command.map { Array($0.utf8) })
    }

    /// The options the splitter gives a value are exactly those the parser
    /// declares as taking one (from its own `--experimental-dump-help`).
    @Test func splitterKnowsEveryOptionThatTakesAValue() throws {
        let dump = try TestSupport.traceOptionsDump()
        // Each argument object has `"kind" : "flag"|"option"` then `"names" : [{"kind" : "short", "name" : "o"}, ...]`.
        var short: Set<UInt8> = []
        var long: Set<String> = []
        var shortFlags: Set<UInt8> = []
        var longFlags: Set<String> = []
        let argument = /"kind" : "(flag|option)",\s*"names" : \[([^\]]*)\]/
        for match in dump.matches(of: argument) {
            for name in match.output.2.matches(of: /"kind" : "(short|long)",\s*"name" : "([^"]+)"/) {
                let isOption = match.output.1 == "option"
                if name.output.1 == "short" {
                    let letter = UInt8(ascii: name.output.2.unicodeScalars.first!)
                    if isOption { short.insert(letter) } else { shortFlags.insert(letter) }
                } else {
                    if isOption { long.insert(String(name.output.2)) } else { longFlags.insert(String(name.output.2)) }
                }
            }
        }
        #expect(short == TraceCommand.shortOptionsWithValue)
        // Long options with an optional value are `@Option`s too, except
        // --quiet and --decode-fds (rewritten to -q/-y or -e); qualifier
        // long options are rewritten to -e.
        #expect(long == TraceCommand.longOptionsWithValue.union(TraceCommand.longOptionsWithOptionalValue.subtracting(["quiet", "decode-fds"])))
        #expect(long.isDisjoint(with: TraceCommand.qualifierLongOptions))
        // The flags, which the splitter needs to tell unknown options (-h/--help and -V are handled before parsing).
        #expect(shortFlags.subtracting(Set("h".utf8)) == TraceCommand.shortFlags)
        #expect(longFlags.subtracting(["help"]) == TraceCommand.longFlags)
    }

    /// The same for `wiretap files`, from its help text (it cannot be asked
    /// from the command line until it splits its arguments this way).
    @Test func splitterKnowsEveryFilesOptionThatTakesAValue() {
        var short: Set<UInt8> = []
        var long: Set<String> = []
        // `  -o <o>   Write the report...`, `  --snapshot <snapshot>   ...`
        for line in FilesCommand.helpMessage(columns: 400).split(separator: "\n") {
            guard let match = line.wholeMatch(of: /\s+(?:-([A-Za-z])|--([a-z-]+)) <[^>]+>.*/) else { continue }
            if let letter = match.output.1 { short.insert(UInt8(ascii: letter.unicodeScalars.first!)) }
            if let name = match.output.2 { long.insert(String(name)) }
        }
        #expect(short == RawArguments.filesShortWithValue)
        #expect(long == RawArguments.filesLongWithValue)
    }

    // MARK: - 6. The command as bytes

    /// Runs `argv` (bytes) with `environment` (bytes); returns its status and stderr.
    static func runBytes(_ argv: [[UInt8]], environment: [[UInt8]], timeout: Double = 30) throws -> (status: CInt, stderr: String) {
        let dir = TestSupport.temporaryDirectory()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        wt_spawn_actions_close_from(&actions, 3)
        func cStrings(_ list: [[UInt8]]) -> [UnsafeMutablePointer<CChar>?] {
            list.map { bytes in
                let copy = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
                for (i, byte) in bytes.enumerated() { copy[i] = CChar(bitPattern: byte) }
                copy[bytes.count] = 0
                return copy
            } + [nil]
        }
        let cArgs = cStrings(argv), cEnv = cStrings(environment)
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, cArgs[0]!, &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw TestSupport.TestFailure("posix_spawn: \(rc)") }
        let (status, timedOut) = TestSupport.wait(pid, timeout: timeout)
        #expect(!timedOut)
        return (status, TestSupport.readFile(dir + "/stderr"))
    }

    /// argv, `-E X=VALUE` and the program's file name with bytes that are not
    /// UTF-8 reach the program exactly (they became U+FFFD, and so another
    /// file name, before): by path, and found in PATH.
    @Test(arguments: [true, false])
    func commandBytesArriveExactly(byPath: Bool) throws {
        let fixture = try TestSupport.fixture("dump_args")
        let dir = TestSupport.temporaryDirectory()
        let name: [UInt8] = Array("dump".utf8) + [0xff] + Array("args".utf8)
        let program = Array(dir.utf8) + [UInt8(ascii: "/")] + name
        #expect(link(fixture, String(decoding: Array(dir.utf8), as: UTF8.self) + "/placeholder") == 0)
        let renamed = (Array(dir.utf8) + Array("/placeholder".utf8) + [0]).withUnsafeBufferPointer { old in
            (program + [0]).withUnsafeBufferPointer { new in
                rename(UnsafeRawPointer(old.baseAddress!).assumingMemoryBound(to: CChar.self),
                       UnsafeRawPointer(new.baseAddress!).assumingMemoryBound(to: CChar.self))
            }
        }
        #expect(renamed == 0)
        let output = Array((dir + "/out").utf8)
        let value: [UInt8] = [0xfe, 0xff, UInt8(ascii: "v")]
        let arguments: [[UInt8]] = [Array("a".utf8) + [0xff, 0x80] + Array("b".utf8), [], [0xc3, 0x28]]
        let command = byPath ? program : name
        let argv: [[UInt8]] = [Array(TestSupport.wiretap.utf8), Array("-E".utf8), Array("X=".utf8) + value,
                               Array("-o".utf8), Array("/dev/null".utf8), Array("--".utf8), command, output] + arguments
        let environment: [[UInt8]] = [Array("PATH=".utf8) + Array(dir.utf8) + Array(":/usr/bin:/bin".utf8)]
        let run = try Self.runBytes(argv, environment: environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let parts: [[UInt8]] = [command, output] + arguments + [value]
        let expected: [UInt8] = parts.flatMap { $0 + [UInt8(0)] }
        #expect(TestSupport.readBytes(dir + "/out") == expected)
    }
}
