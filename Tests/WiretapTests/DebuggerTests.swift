import Glibc
import Testing
import WiretapCore
import WiretapDebugger

/// `wiretap debug` against gdb on the same program: the values gdb shows at
/// a breakpoint, the bytes under a breakpoint, a watchpoint's old and new
/// values, the syscalls a catchpoint stops at. Both run the fixture built
/// without PIE, so code and data addresses are the same in both runs.
@Suite struct DebuggerTests {
    /// debug_loop built with `-g -O0 -no-pie`, and the addresses of `work` and `counter`.
    static func target() throws -> (program: String, work: String, counter: String) {
        let program = try TestSupport.fixture("debug_loop", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let symbols = try TestSupport.run(["/usr/bin/nm", program]).stdout
        func address(_ name: String) -> String? {
            symbols.split(separator: "\n").first { $0.hasSuffix(" " + name) }.map { "0x" + String($0.prefix { $0 != " " }) }
        }
        guard let work = address("work"), let counter = address("counter") else { throw TestSupport.TestFailure("nm found no work/counter") }
        return (program, work, counter)
    }

    /// Runs the same commands under gdb and `wiretap debug --batch` (`start`:
    /// run the program from its beginning).
    static func both(_ commands: [String], _ program: String, arguments: [String] = []) throws -> (gdb: [String], ours: [String]) {
        let gdbArgs = ["/usr/bin/gdb", "-nx", "-batch"] + commands.flatMap { ["-ex", $0 == "start" ? "run" : $0] }
            + ["--args", program] + arguments
        // gdb's `run` starts the program; ours is stopped at its start already: `continue`.
        let ourArgs = [TestSupport.wiretap, "debug", "--batch"] + commands.flatMap { ["-ex", $0 == "start" ? "continue" : $0] }
            + ["--", program] + arguments
        let gdb = try TestSupport.run(gdbArgs, timeout: 60)
        let ours = try TestSupport.run(ourArgs, timeout: 60)
        return (gdb.stdout.split(separator: "\n").map(String.init), ours.stdout.split(separator: "\n").map(String.init))
    }

    /// `print $rdi` at each of three hits of a breakpoint on `work`: the
    /// argument the loop passes, numbered in gdb's value history.
    @Test func registersAtBreakpointMatchGdb() throws {
        let (program, work, _) = try Self.target()
        let commands = ["break *\(work)", "start", "p $rdi", "c", "p $rdi", "c", "p $rdi", "info registers rip"]
        let (gdb, ours) = try Self.both(commands, program)
        let values = { (lines: [String]) in lines.filter { $0.hasPrefix("$") } }
        #expect(values(gdb) == ["$1 = 0", "$2 = 1", "$3 = 2"])
        #expect(values(ours) == values(gdb))
        // rip at the stop is the breakpoint's address in both.
        let rip = { (lines: [String]) in lines.first { $0.hasPrefix("rip") }?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
        #expect(rip(ours) != nil && rip(ours) == rip(gdb))
    }

    /// `info registers` in gdb's columns (the code pointer named, eflags's
    /// flags, the segment registers) and `print $eflags`: the lines that do
    /// not depend on the stack's place are gdb's exactly.
    @Test func registerTableMatchesGdb() throws {
        let (program, _, _) = try Self.target()
        let (gdb, ours) = try Self.both(["break work", "start", "info registers", "p $eflags", "p $rip", "p $cs"], program)
        let kept = { (lines: [String]) in
            lines.filter { line in ["rax ", "rdi ", "rip ", "eflags ", "cs ", "ss ", "ds ", "es ", "fs ", "gs ", "$"].contains { line.hasPrefix($0) } }
        }
        #expect(kept(gdb).count == 13)
        #expect(kept(gdb).contains { $0.hasPrefix("rip") && $0.hasSuffix(">") && $0.contains(" <work+") })
        #expect(kept(ours) == kept(gdb))
    }

    /// `break NAME` and `break FILE:LINE` on a PIE build, -O0 and -O2: each
    /// stop is in the same function at the same line as gdb's.
    @Test(arguments: ["-O0", "-O2"])
    func breakpointsByNameAndLineMatchGdb(optimization: String) throws {
        let program = try TestSupport.fixture("debug_loop", variant: "pie" + optimization, flags: ["-g", optimization])
        let commands = ["break work", "break debug_loop.c:21", "break debug_loop.c:24", "start", "c", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        // `Breakpoint 2, main (argc=1, ...) at FILE:20`: the number, the function and the line.
        let stops = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Breakpoint ") && $0.dropFirst("Breakpoint ".count).drop { $0.isNumber }.hasPrefix(",") }.map { line -> String in
                let number = line.dropFirst("Breakpoint ".count).prefix { $0 != "," }
                let function = line.split(separator: ", ", maxSplits: 1).last?.split(separator: " ").first ?? ""
                let place = line.range(of: " at ", options: .backwards).map { String(line[$0.upperBound...].split(separator: "/").last ?? "") } ?? ""
                return "\(number) \(function) \(place)"
            }
        }
        #expect(stops(gdb).count == 4)
        #expect(stops(ours) == stops(gdb))
    }

    /// `next`, `step` and `finish` from `main` on a PIE -O0 build: the same
    /// lines (`LINE\tSOURCE`), function headers and returned value as gdb.
    @Test func lineSteppingMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "pie-O0", flags: ["-g", "-O0"])
        let commands = ["break main", "start", "next", "next", "next", "next", "next", "step", "next", "finish", "next", "next",
                        "next", "step", "next"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["2"])
        // Lines after the first stop, with gdb's argument lists left out (`work (n=0) at` -> `work () at`).
        let shown = { (lines: [String]) -> [String] in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.dropFirst().filter { !$0.isEmpty }.map { line in
                guard let open = line.firstIndex(of: "("), let close = line.range(of: ") at ") else { return line }
                return String(line[..<open]) + "()" + line[close.lowerBound...].dropFirst()
            }
        }
        #expect(shown(gdb).contains { $0.hasPrefix("Value returned is $1 = 0") })
        #expect(shown(gdb).filter { $0.first?.isNumber == true }.count >= 9)
        #expect(shown(ours) == shown(gdb))
    }

    /// `disassemble` and `x/3i $pc` at a breakpoint, -O0 and -O2: gdb's
    /// lines exactly (addresses, `<+N>` offsets, `=> ` at the stop, AT&T text,
    /// `# 0x... <counter>` comments, `<atol@plt>` names of PLT entries), the
    /// int3 never shown.
    @Test(arguments: ["-O0", "-O2"])
    func disassemblyMatchesGdb(optimization: String) throws {
        let program = try TestSupport.fixture("debug_loop", variant: "nopie" + optimization, flags: ["-g", optimization, "-no-pie"])
        let (gdb, ours) = try Self.both(["break *work", "start", "disassemble", "x/3i $pc", "disassemble main"], program)
        let dump = { (lines: [String]) in lines.filter { $0.hasPrefix("   0x") || $0.hasPrefix("=> 0x") || $0.hasPrefix("Dump of") } }
        #expect(dump(gdb).count > 10)
        #expect(dump(gdb).contains { $0.hasPrefix("=> ") })
        #expect(dump(gdb).contains { $0.contains("@plt>") })
        #expect(dump(ours) == dump(gdb))
        for (a, b) in zip(dump(ours), dump(gdb)) where a != b {
            Issue.record("wiretap: \(a)\ngdb:     \(b)")
            break
        }
    }

    /// `x/8xb` at a breakpoint's address shows the program's bytes, not the
    /// `int3`, exactly as gdb prints them.
    @Test func memoryUnderABreakpointMatchesGdb() throws {
        let (program, work, _) = try Self.target()
        let (gdb, ours) = try Self.both(["break *\(work)", "start", "x/8xb \(work)", "x/2xw \(work)"], program)
        let dumps = { (lines: [String]) in lines.filter { $0.hasPrefix("0x") && $0.contains(":\t") } }
        #expect(dumps(gdb).count == 2)
        #expect(!dumps(ours).joined().contains("0xcc\t"))
        #expect(dumps(ours) == dumps(gdb))
    }

    /// A write watchpoint on `counter`: the same old and new values, stop after stop.
    @Test func watchpointValuesMatchGdb() throws {
        let (program, work, counter) = try Self.target()
        let commands = ["break *\(work)", "start", "delete", "watch *(int *)\(counter)", "c", "c", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        let values = { (lines: [String]) in lines.filter { $0.hasPrefix("Old value") || $0.hasPrefix("New value") } }
        #expect(values(gdb) == ["Old value = 0", "New value = 1", "Old value = 1", "New value = 3", "Old value = 3", "New value = 6",
                                "Old value = 6", "New value = 10"])
        #expect(values(ours) == values(gdb))
    }

    /// `catch syscall write`: a stop at the call and at its return.
    @Test func syscallCatchpointMatchesGdb() throws {
        let (program, _, _) = try Self.target()
        let (gdb, ours) = try Self.both(["catch syscall write", "start", "c"], program)
        let stops = { (lines: [String]) in
            lines.compactMap { line in line.range(of: "syscall write)").map { _ in line.contains("call to") ? "call" : "return" } }
        }
        #expect(stops(gdb) == ["call", "return"])
        #expect(stops(ours) == stops(gdb))
    }

    /// A caught syscall is printed as strace prints it: at the exit stop,
    /// the whole line, identical to strace's for the same call.
    @Test func caughtSyscallIsPrintedAsStraceDoes() throws {
        let (program, _, _) = try Self.target()
        let ours = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "catch syscall write", "-ex", "c",
                                        "-ex", "c", "--", program], timeout: 60).stdout
        let path = TestSupport.temporaryDirectory() + "/trace"
        _ = try TestSupport.run(["/usr/bin/strace", "-e", "trace=write", "-o", path, program])
        let strace = TestSupport.readFile(path)
        let theirs = strace.split(separator: "\n").first { $0.hasPrefix("write(1, ") }.map(String.init)
        #expect(theirs == "write(1, \"done\\n\", 5)                   = 5")
        let lines = ours.split(separator: "\n").map(String.init)
        #expect(lines.contains("write(1, \"done\\n\", 5 ..."))
        #expect(theirs != nil && lines.contains(theirs!))
    }

    /// Detaching with a breakpoint set takes it out: the program finishes
    /// its loop (its exit status says whether every call ran) untouched.
    @Test func detachLeavesNoBreakpointBehind() throws {
        let (program, work, counter) = try Self.target()
        let directory = TestSupport.temporaryDirectory()
        let script = "\(TestSupport.wiretap) debug --batch -ex 'break *\(work)' -ex 'watch *(int *)\(counter)' -ex c -ex detach -- \(program) 1000 > \(directory)/out; echo $? > \(directory)/status"
        let result = try TestSupport.run(["/bin/sh", "-c", script], timeout: 60)
        #expect(result.exitCode == 0)
        // The detached program runs on its own: wait for its "done".
        var output = ""
        for _ in 0..<200 {
            output = TestSupport.readFile(directory + "/out")
            if output.contains("done") { break }
            usleep(50_000)
        }
        #expect(output.contains("Breakpoint 1,"))
        #expect(output.contains("detached"))
        #expect(output.contains("done"))
    }

    /// `-p PID`: the running process stops where it is, a breakpoint
    /// catches its loop, and `--batch` ending lets it go on untouched (its
    /// exit status says every call ran once).
    @Test func attachBreaksThenLetsTheProcessGoOn() throws {
        let (program, work, _) = try Self.target()
        let directory = TestSupport.temporaryDirectory()
        let script = """
            \(program) 400 5000 > \(directory)/out & child=$!
            sleep 0.2
            \(TestSupport.wiretap) debug --batch -p $child -ex 'break *\(work)' -ex c -ex 'p $rdi' > \(directory)/debug
            wait $child; echo "status=$?" >> \(directory)/out
            """
        let result = try TestSupport.run(["/bin/sh", "-c", script], timeout: 120)
        #expect(result.exitCode == 0)
        let debug = TestSupport.readFile(directory + "/debug")
        #expect(debug.contains("Breakpoint 1,"))
        #expect(debug.contains("$1 = "))
        #expect(TestSupport.readFile(directory + "/out") == "done\nstatus=0\n")
    }

    /// Four threads through one breakpoint (its hits passed over with
    /// `ignore`): every thread traps on it and steps over it without a
    /// SIGTRAP reaching the program, whose total comes out right.
    @Test func threadsRunThroughABreakpoint() throws {
        let program = try TestSupport.fixture("debug_threads", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        guard let work = try TestSupport.run(["/usr/bin/nm", program]).stdout.split(separator: "\n")
            .first(where: { $0.hasSuffix(" work") }).map({ "0x" + $0.prefix { $0 != " " } }) else { throw TestSupport.TestFailure("no work") }
        for _ in 0..<3 {
            let result = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "break *\(work)", "-ex", "c",
                                              "-ex", "ignore 1 100000", "-ex", "c", "--", program], timeout: 60)
            #expect(result.stdout.contains("Breakpoint 1,"))
            #expect(result.stdout.contains("done\n"))
            #expect(result.exitCode == 0)
        }
    }

    /// `detach` in a threaded program: the threads that trapped on the
    /// breakpoint before it was taken out are let go without a SIGTRAP.
    @Test func detachFromThreadsDeliversNoTrap() throws {
        let program = try TestSupport.fixture("debug_threads", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        for _ in 0..<5 {
            let directory = TestSupport.temporaryDirectory()
            // The detached program writes "done" (its total right) after wiretap is gone: wait for the file.
            let script = "\(TestSupport.wiretap) debug --batch -ex 'break work' -ex c -ex detach -- \(program) > \(directory)/out 2>&1"
            let result = try TestSupport.run(["/bin/sh", "-c", script], timeout: 60)
            #expect(result.exitCode == 0)
            var output = ""
            for _ in 0..<200 {
                output = TestSupport.readFile(directory + "/out")
                if output.contains("done\n") { break }
                usleep(20_000)
            }
            #expect(output.contains("detached]"))
            #expect(output.contains("done\n"))
            #expect(!output.contains("SIGTRAP"))
        }
    }

    /// A vfork child (posix_spawn) shares the parent's memory: the parent's
    /// breakpoints stay in, and stop it before and after the spawn.
    @Test func breakpointsSurviveASpawn() throws {
        let program = try TestSupport.fixture("debug_spawn", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let result = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "break work", "-ex", "c", "-ex", "c",
                                          "-ex", "c", "-ex", "c", "--", program], timeout: 60)
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("Breakpoint 1,") }.count == 3)
        #expect(result.stdout.contains("done\n"))
        #expect(result.exitCode == 0)
    }

    /// A forked child is let go with the breakpoints taken out of its copy
    /// of the code (gdb's detach-on-fork): it runs its calls and exits 0.
    @Test func forkedChildLosesTheBreakpoints() throws {
        let program = try TestSupport.fixture("debug_fork", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let result = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "break work", "-ex", "c", "-ex", "c",
                                          "--", program], timeout: 60)
        #expect(result.stdout.contains("Breakpoint 1,"))
        #expect(result.stdout.contains("done\n"))
        #expect(result.stdout.contains("exited normally"))
        #expect(result.exitCode == 0)
    }

    /// The program's own exit status comes back as wiretap's, and a program
    /// that is killed (`kill`, or `--batch` ending) reports nothing more.
    @Test func exitStatusIsTheProgramsAndJSONIsOnePerLine() throws {
        let (program, work, _) = try Self.target()
        let result = try TestSupport.run([TestSupport.wiretap, "debug", "--json", "-ex", "break *\(work)", "-ex", "c", "-ex",
                                          "p $rdi", "-ex", "delete", "-ex", "c", "--", program], timeout: 60)
        #expect(result.exitCode == 0)
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.contains { $0.contains("\"reason\":\"breakpoint\"") && $0.contains("\"breakpoint\":1") })
        #expect(lines.contains { $0.contains("\"type\":\"result\"") && $0.contains("\"value\":0") })
        #expect(lines.contains { $0.hasPrefix("{\"type\":\"exited\"") && $0.contains("\"code\":0") })
        #expect(result.stdout.contains("done"))
    }

    /// The library: a breakpoint hit on every call, counted in `onStop`.
    @Test func libraryDebuggerCountsBreakpointHits() throws {
        let (program, work, _) = try Self.target()
        guard let address = UInt64(work.dropFirst(2), radix: 16) else { throw TestSupport.TestFailure("bad address \(work)") }
        let debugger = Debugger()
        try debugger.launch(Command(program, arguments: ["7"]))
        var hits: [UInt64] = []
        var exit: CInt? = nil
        try debugger.run { stop, debugger in
            switch stop.reason {
            case .started: _ = try? debugger.setBreakpoint(at: address)
            case .breakpoint: hits.append((try? debugger.registers().raw.rdi) ?? 99)
            case .exited(let code): exit = code
            default: break
            }
            return .continue
        }
        #expect(hits == [0, 1, 2, 3, 4, 5, 6])
        #expect(exit == 0)
    }

    /// All-stop: eight threads call `work` at the same moment, 20 times over.
    /// Every call is reported once, by the thread that made it, and at each
    /// report every other thread of the process is stopped (`t`, traced, in
    /// /proc); the program's own count comes out right.
    @Test func eightThreadsAtOneBreakpointAreEachReportedOnce() throws {
        let program = try TestSupport.fixture("debug_barrier", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        guard let work = try TestSupport.run(["/usr/bin/nm", program]).stdout.split(separator: "\n")
            .first(where: { $0.hasSuffix(" work") }).flatMap({ UInt64($0.prefix { $0 != " " }, radix: 16) }) else {
            throw TestSupport.TestFailure("no work")
        }
        func state(_ thread: pid_t) -> String {
            let stat = TestSupport.readFile("/proc/\(thread)/stat")
            guard let end = stat.lastIndex(of: ")") else { return "gone" }
            return String(stat[end...].dropFirst(2).prefix(1))
        }
        let debugger = Debugger()
        try debugger.launch(Command(program, arguments: ["20"]))
        var hits: [pid_t: Int] = [:]
        var notStopped: [String] = []
        var wrongPlace = 0
        var exit: CInt? = nil
        try debugger.run { stop, debugger in
            switch stop.reason {
            case .started: _ = try? debugger.setBreakpoint(at: work)
            case .breakpoint:
                hits[stop.thread, default: 0] += 1
                if stop.pc != work { wrongPlace += 1 }
                for thread in debugger.threads where state(thread) != "t" { notStopped.append("\(thread): \(state(thread))") }
            case .exited(let code): exit = code
            default: break
            }
            return .continue
        }
        #expect(hits.count == 8)
        #expect(hits.values.allSatisfy { $0 == 20 }, "hits per thread: \(hits.values.sorted())")
        #expect(wrongPlace == 0)
        #expect(notStopped.isEmpty, "running while a stop was shown: \(notStopped.prefix(5))")
        #expect(exit == 0)
    }

    /// gdb's argument lists left out of frame lines (`work (n=0) at` -> `work () at`).
    static func withoutArguments(_ line: String) -> String {
        guard let open = line.firstIndex(of: "("), let close = line.range(of: ") at ") ?? line.range(of: ") from "),
              !line.hasPrefix("$") else { return line }
        return String(line[..<open]) + "()" + line[close.lowerBound...].dropFirst()
    }

    /// `break ... if`, `condition`, and expressions in `print`: the same
    /// stops, values, condition listing and condition error as gdb.
    @Test func conditionsAndExpressionsMatchGdb() throws {
        let (program, _, counter) = try Self.target()
        let commands = ["break work if $rdi == 3 || $rdi >= 5", "info breakpoints", "start", "p $rdi", "p *(int *)\(counter) + 1",
                        "p/x $rdi * 16", "p -$rdi < 0 && !($rdi % 2 == 0)", "c", "p $rdi", "condition 1 *(int*)0 == 1", "c",
                        "condition 1", "c", "p $rdi", "p *(char *)0"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["8"])
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("$") || $0.hasPrefix("\tstop only if") || $0.hasPrefix("Error in testing")
                || $0.hasPrefix("Breakpoint 1,") || $0.hasPrefix("Cannot access") }.map(Self.withoutArguments)
        }
        #expect(kept(gdb).filter { $0.hasPrefix("$") } == ["$1 = 3", "$2 = 4", "$3 = 0x30", "$4 = 1", "$5 = 5", "$6 = 7"])
        // The condition that cannot be read stops (its error is on standard error in both).
        #expect(kept(gdb).filter { $0.hasPrefix("Breakpoint 1,") }.count == 4)
        #expect(kept(ours) == kept(gdb))
    }

    /// `until`, `until LOCATION`/`advance` and a bare `break LINE`, with a
    /// breakpoint met by steps: the same lines and hit count as gdb.
    @Test func untilAndAdvanceMatchGdb() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "pie-O0", flags: ["-g", "-O0"])
        let commands = ["break 23", "start", "next", "next", "next", "until", "until", "until", "next", "advance 26",
                        "info breakpoints"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["3"])
        let shown = { (lines: [String]) -> [String] in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.dropFirst().filter { !$0.isEmpty }.map(Self.withoutArguments)
                .map { $0.hasPrefix("1       breakpoint") ? String($0.prefix(26)) : $0 }
        }
        #expect(shown(gdb).contains { $0.contains("already hit") })
        #expect(shown(gdb).filter { $0.hasPrefix("Breakpoint 1,") }.count >= 2)
        #expect(shown(ours) == shown(gdb))
    }

    /// `up`, `down`, `frame N` and `print $pc` in a caller's frame: the
    /// same frames, errors at the ends and values as gdb.
    @Test func frameSelectionMatchesGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break work", "start", "up", "p $pc", "down", "frame 1", "down", "p $pc", "bt", "frame 0", "c", "up 2"]
        let (gdb, ours) = try Self.both(commands, program)
        let kept = { (lines: [String]) in lines.filter { $0.hasPrefix("#") || $0.hasPrefix("$") }.map(Self.withoutArguments) }
        #expect(kept(gdb).contains { $0.hasPrefix("$1 = (void (*)()) 0x") && $0.hasSuffix("<main+") == false })
        #expect(kept(gdb).filter { $0.hasPrefix("#1  ") }.count >= 2)
        #expect(kept(ours) == kept(gdb))
    }

    /// Stops in two threads: gdb's `Thread N "NAME" hit Breakpoint` lines,
    /// the stopped thread marked current in `info threads`, and `thread 1`
    /// switching to main's thread, whose backtrace is gdb's.
    @Test func threadStopsMatchGdb() throws {
        let program = try TestSupport.fixture("debug_join", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        let (gdb, ours) = try Self.both(["break work", "start", "info threads", "thread 1", "bt", "c", "thread"], program)
        let hits = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Thread ") && $0.contains(" hit Breakpoint 1, ") }.map(Self.withoutArguments)
        }
        let source = TestSupport.fixtureSources + "/debug_join.c"
        #expect(hits(gdb) == ["Thread 2 \"debug_join-nopi\" hit Breakpoint 1, work () at \(source):8",
                              "Thread 1 \"debug_join-nopi\" hit Breakpoint 1, work () at \(source):8"])
        #expect(hits(ours) == hits(gdb))
        let current = { (lines: [String]) in lines.first { $0.hasPrefix("* ") }.map { $0.hasPrefix("* 2 ") && $0.contains(" work (") } }
        #expect(current(gdb) == true)
        #expect(current(ours) == true)
        // Thread 1's frames, waiting in pthread_join: the functions and lines (gdb's inlined frames have no address).
        let frames = { (lines: [String]) in
            lines.filter { $0.hasPrefix("#") }.dropFirst(2).map { line in
                Self.withoutArguments(line).split(separator: " ").filter { !$0.hasPrefix("0x") && $0 != "in" }.joined(separator: " ")
            }
        }
        #expect(frames(gdb).last?.hasPrefix("#") == true && frames(gdb).last?.contains("main ()") == true)
        // The innermost caller and main's call line (gdb shows one more of glibc's inlined frames in between).
        let ends = { (frames: [String]) in [frames.first, frames.last].map { $0?.drop { $0 != " " } } }
        #expect(ends(frames(ours)) == ends(frames(gdb)))
        #expect(ours.contains { $0.hasPrefix("[Switching to thread 1 (LWP ") })
        #expect(ours.contains { $0.hasPrefix("[Current thread is 1 (LWP ") })
    }

    /// A watchpoint set before any thread exists fires in the threads
    /// created later (their debug registers written at their first stop):
    /// the same stops, threads and values as gdb.
    @Test func watchpointsSurviveClone() throws {
        let program = try TestSupport.fixture("debug_join", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        guard let total = try TestSupport.run(["/usr/bin/nm", program]).stdout.split(separator: "\n")
            .first(where: { $0.hasSuffix(" total") }).map({ "0x" + $0.prefix { $0 != " " } }) else { throw TestSupport.TestFailure("no total") }
        let (gdb, ours) = try Self.both(["watch *(int *)\(total)", "start", "c", "c"], program)
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Old value") || $0.hasPrefix("New value") || $0.contains(" hit Hardware watchpoint") }
        }
        #expect(kept(gdb) == ["Thread 2 \"debug_join-nopi\" hit Hardware watchpoint 1: *(int *)\(total)", "Old value = 0", "New value = 1",
                              "Thread 1 \"debug_join-nopi\" hit Hardware watchpoint 1: *(int *)\(total)", "Old value = 1", "New value = 3"])
        #expect(kept(ours) == kept(gdb))
    }

    /// A breakpoint in a function a signal handler calls, with `handle`
    /// letting one signal through silently and printing another: the same
    /// stops, messages and signal frame (`<signal handler called>`) as gdb,
    /// and the program gets both signals (it checks).
    @Test func breakpointInASignalHandlerMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_signal", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let commands = ["break work", "handle SIGUSR1 nostop noprint", "handle SIGUSR2 nostop print", "start", "bt", "c", "c", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Breakpoint 1,") || $0.hasPrefix("Program received") || $0.hasPrefix("#") || $0 == "done"
                || $0.hasPrefix("[Inferior 1") }.map(Self.withoutArguments).map { line in
                // Frame addresses and glibc's aliases (`__GI_kill`) aside: the frame number and function.
                line.hasPrefix("#") ? line.split(separator: " ").filter { !$0.hasPrefix("0x") && $0 != "in" }.prefix(2).joined(separator: " ")
                    .replacing("__GI_", with: "") : line.replacing(/process \d+/, with: "process N")
            }
        }
        #expect(kept(gdb).contains("#2 <signal"))
        #expect(kept(gdb).filter { $0.hasPrefix("Breakpoint 1,") }.count == 4)
        #expect(kept(gdb).contains("Program received signal SIGUSR2, User defined signal 2."))
        #expect(kept(ours) == kept(gdb))
    }

    /// `catch fork`, `catch signal`, `catch exec`: the same catchpoints,
    /// listing, stops (function and line) and new-program message as gdb.
    @Test func forkSignalAndExecCatchpointsMatchGdb() throws {
        let program = try TestSupport.fixture("debug_exec", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let commands = ["catch fork", "catch exec", "catch signal SIGUSR2", "info breakpoints", "start", "c", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Catchpoint ") || $0.hasPrefix("process ") || $0.hasPrefix("[Inferior 1")
                || $0.contains("catchpoint     keep") }.map { line -> String in
                var line = line.replacing(/process \d+/, with: "process N").replacing(/signal "SIGUSR2" ?/, with: "signal SIGUSR2")
                line = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                // A stop: the catchpoint and the function it is in (gdb's arguments, addresses and library paths aside).
                guard let comma = line.range(of: "), ") else { return line }
                let function = line[comma.upperBound...].split(separator: " ").first { !$0.hasPrefix("0x") && $0 != "in" } ?? ""
                return String(line[..<comma.upperBound]) + function
            }
        }
        #expect(kept(gdb).count == 11, "\(kept(gdb))")
        #expect(kept(ours) == kept(gdb))
    }

    /// `hbreak`: a breakpoint in a debug register stops where gdb's does,
    /// is listed and counted the same, and goes with `delete`.
    @Test func hardwareBreakpointsMatchGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break main", "start", "hbreak work", "info breakpoints", "c", "c", "info breakpoints", "delete 2", "c"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["3"])
        let shown = { (lines: [String]) in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty }.map(Self.withoutArguments)
                .map { $0.replacing(/process \d+/, with: "process N") }
        }
        #expect(shown(gdb).contains { $0.hasPrefix("2       hw breakpoint  keep y") })
        #expect(shown(gdb).contains("\tbreakpoint already hit 2 times"))
        #expect(shown(ours) == shown(gdb))
    }

    /// A breakpoint on a function of a library the program loads later with
    /// `dlopen` (`set breakpoint pending on`): listed as pending, set when
    /// the library loads, and it stops where and as often as gdb's; without
    /// `pending on`, a batch refuses it as gdb does.
    @Test func pendingBreakpointInADlopenedLibraryMatchesGdb() throws {
        let sources = TestSupport.fixtureSources
        let library = try TestSupport.build("libdebug_lib_pending.so", ["cc", "-g", "-O0", "-fPIC", "-shared", sources + "/debug_lib.c"])
        let program = try TestSupport.fixture("debug_dlopen", variant: "pie", flags: ["-g", "-O0"])
        let commands = ["set breakpoint pending on", "break debug_lib_twice", "info breakpoints", "start", "bt", "info breakpoints", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program, arguments: [library])
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Breakpoint 1") || $0.hasPrefix("1       breakpoint") || $0.hasPrefix("\tbreakpoint already")
                || $0.hasPrefix("#") || $0 == "done" || $0.hasPrefix("Num") }.map(Self.withoutArguments).map { line in
                // Addresses differ between runs (ASLR): the function, place and counts are compared.
                line.replacing(#/0x[0-9a-f]+ /#, with: "ADDRESS ")
            }
        }
        #expect(kept(gdb).contains("1       breakpoint     keep y   <PENDING>  debug_lib_twice"))
        #expect(kept(gdb).filter { $0.hasPrefix("Breakpoint 1,") }.count == 2)
        #expect(kept(ours) == kept(gdb))
        let refused = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "break debug_lib_twice", "-ex", "info breakpoints",
                                           "--", program, library], timeout: 60)
        #expect(refused.stderr.contains("[answered N; input not from terminal]"))
        #expect(refused.stdout.contains("No breakpoints or watchpoints."))
    }

    /// `set follow-fork-mode child`: the parent is let go (its int3s taken
    /// out: it finishes, "done"), the child keeps the breakpoints and stops
    /// at each call, as gdb's messages and stops say.
    @Test func followingTheChildAtForkMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_fork", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let commands = ["set follow-fork-mode child", "break work", "start", "c", "info breakpoints", "c", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("Thread ") || $0.hasPrefix("Breakpoint 1,") || $0.hasPrefix("[New inferior")
                || $0.hasPrefix("[Inferior") || $0.hasPrefix("[Detaching") || $0.hasPrefix("\tbreakpoint already") }
                .map { Self.withoutArguments($0).replacing(/process \d+/, with: "process N") }
        }
        #expect(kept(gdb).filter { $0.hasPrefix("Thread 2.1 ") }.count == 3)
        #expect(kept(ours) == kept(gdb))
        #expect(ours.contains("done"))
    }

    /// A static build (no dynamic linker, libc linked in): breakpoints by
    /// name and line, steps and the backtrace are gdb's.
    @Test func staticProgramMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "static", flags: ["-g", "-O0", "-static"])
        let commands = ["break work", "break debug_loop.c:24", "start", "bt", "c", "next", "next", "step", "finish"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["2"])
        let shown = { (lines: [String]) in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty && !$0.hasPrefix("Run till exit") }
                .map(Self.withoutArguments)
        }
        #expect(shown(gdb).contains { $0.hasPrefix("Breakpoint 2,") })
        #expect(shown(gdb).contains { $0.hasPrefix("#1  0x") && $0.contains("main ()") })
        #expect(shown(ours) == shown(gdb))
    }

    /// At a terminal (a pty from script(1)) the prompt edits lines: Enter
    /// repeats `continue` as in gdb, and the up arrow brings back the last
    /// command from the history.
    @Test func promptHasHistoryAndRepeatsAtATerminal() throws {
        let (program, _, _) = try Self.target()
        let keys = ["break work", "c", "", "", "p $rdi", "\u{1b}[A", "quit"]
        let typing = keys.map { "sleep 0.3; printf '%s\\n' '\($0)'" }.joined(separator: "; ")
        let script = "(sleep 0.5; \(typing); sleep 0.5) | /usr/bin/script -qfec '\(TestSupport.wiretap) debug \(program)' /dev/null"
        let result = try TestSupport.run(["/bin/sh", "-c", script], timeout: 60)
        // A terminal's lines end in "\r\n" (one Character in Swift).
        let lines = result.stdout.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        // Three stops (c, then Enter twice), in calls 0, 1 and 2; the recalled `p $rdi` prints again.
        #expect(lines.filter { $0.contains("Breakpoint 1, ") }.count == 3, "\(result.stdout)")
        #expect(lines.contains { $0.hasSuffix("$1 = 2") })
        #expect(lines.contains { $0.hasSuffix("$2 = 2") })
    }

    /// `stepi` and `nexti` (over the call to `work`, then into it with
    /// `stepi`): gdb's lines exactly (`0xADDRESS\tLINE\tSOURCE` inside a
    /// line, `LINE\tSOURCE` at its start, the function's header on entering it).
    @Test func instructionSteppingMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "pie-O0", flags: ["-g", "-O0"])
        let commands = ["break 23", "start", "si", "si", "ni", "si", "si", "si", "si", "si", "si", "si", "si", "si", "si", "si", "si", "ni"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["3"])
        let shown = { (lines: [String]) in lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty }.map(Self.withoutArguments) }
        #expect(shown(gdb).contains { $0.hasPrefix("0x") })
        #expect(shown(gdb).contains { $0.hasPrefix("work () at") })
        #expect(shown(ours) == shown(gdb))
    }

    /// `help COMMAND` answers for every command the usage lists, and says
    /// so for one that does not exist.
    @Test func helpCoversEveryCommand() throws {
        let usage = try TestSupport.run([TestSupport.wiretap, "debug", "--help"]).stdout
        let listed = usage.split(separator: "\n").drop { !$0.hasPrefix("Commands") }.dropFirst()
            .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        #expect(listed.count >= 30)
        let (program, _, _) = try Self.target()
        let result = try TestSupport.run([TestSupport.wiretap, "debug", "--batch"] + listed.flatMap { ["-ex", "help \($0)"] }
                                         + ["-ex", "help frobnicate", "--", program], timeout: 60)
        #expect(result.stderr.split(separator: "\n") == ["Undefined command: \"frobnicate\".  Try \"help\"."])
        #expect(result.stdout.split(separator: "\n").count >= listed.count + 2)
    }

    /// `finish` from a caller's frame (after `up`), from `main` (refused),
    /// a breakpoint inside a line and a watchpoint's stop: gdb's lines,
    /// with the address where the pc is inside a line.
    @Test func finishFromASelectedFrameAndMidLineStopsMatchGdb() throws {
        let program = try TestSupport.fixture("debug_calls", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let symbols = try TestSupport.run(["/usr/bin/nm", program]).stdout.split(separator: "\n")
        guard let work = symbols.first(where: { $0.hasSuffix(" work") }).flatMap({ UInt64($0.prefix { $0 != " " }, radix: 16) }),
              let values = symbols.first(where: { $0.hasSuffix(" values") }).map({ "0x" + $0.prefix { $0 != " " } }) else {
            throw TestSupport.TestFailure("no work/values")
        }
        let commands = ["break work", "start", "up", "finish", "c", "up", "up", "finish", "break *0x\(String(work + 1, radix: 16))",
                        "c", "bt", "watch *(int *)\(values)", "c", "c"]
        let (gdb, ours) = try Self.both(commands, program)
        let shown = { (lines: [String]) in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty }.map(Self.withoutArguments)
        }
        #expect(shown(gdb).contains { $0.hasPrefix("0x") && $0.contains(" in main () at ") })
        #expect(shown(gdb).contains { $0.hasPrefix("Breakpoint 2, 0x") })
        #expect(shown(ours) == shown(gdb))
    }

    /// `next` and `until` out of a function whose return lands exactly on
    /// the start of the caller's next line (-O0's `work` returns to line 24's
    /// first instruction): they stop there, as gdb does.
    @Test func returningOntoALineStartStopsThereAsGdbDoes() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "pie-O0", flags: ["-g", "-O0"])
        let (gdb, ours) = try Self.both(["break 15", "start", "next", "c", "until", "next"], program, arguments: ["3"])
        let shown = { (lines: [String]) in lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty }.map(Self.withoutArguments) }
        #expect(shown(gdb).filter { $0.hasPrefix("24\t") }.count == 2)
        #expect(shown(ours) == shown(gdb))
    }

    /// A global variable by name (its ELF symbol: address and size) in
    /// `print`, `watch`, `x` and a condition: the same values, watchpoint
    /// stops and memory as gdb (`print &counter` aside: gdb adds its C type).
    @Test func globalVariablesByNameMatchGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break work", "start", "print counter", "p counter + 5 * 2", "watch counter", "c", "c", "p counter",
                        "x/2xw &counter", "delete", "break work if counter == 3", "c", "p $rdi", "p nosuch"]
        let (gdb, ours) = try Self.both(commands, program)
        let kept = { (lines: [String]) in
            lines.filter { $0.hasPrefix("$") || $0.hasPrefix("Hardware watchpoint") || $0.hasPrefix("Old value") || $0.hasPrefix("New value")
                || ($0.hasPrefix("0x") && $0.contains(":\t")) || $0.hasPrefix("Breakpoint 3,") }.map(Self.withoutArguments)
        }
        #expect(kept(gdb).contains("Hardware watchpoint 2: counter"))
        #expect(kept(gdb).filter { $0.hasPrefix("$") }.count == 4)
        #expect(kept(ours) == kept(gdb))
    }

    /// `set var NAME = EXPR`, `set *(TYPE *)&NAME = EXPR` (one byte of it)
    /// and `set $REG = EXPR`: the program sees the values gdb's would
    /// (counter carries the written 7 on); a constant is not an lvalue.
    @Test func setWritesVariablesMemoryAndRegistersAsGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break work", "start", "set var counter = 40", "p counter", "set *(char *)&counter = 7", "p counter",
                        "set $rdi = $rdi + 100", "p $rdi", "set $rax = counter == 7", "p $rax", "c", "p counter"]
        let (gdb, ours) = try Self.both(commands, program)
        let values = { (lines: [String]) in lines.filter { $0.hasPrefix("$") } }
        #expect(values(gdb) == ["$1 = 40", "$2 = 7", "$3 = 100", "$4 = 1", "$5 = 7"])
        #expect(values(ours) == values(gdb))
        let refused = try TestSupport.run([TestSupport.wiretap, "debug", "--batch", "-ex", "set var 3 = 4", "--", program], timeout: 60)
        #expect(refused.stderr.contains("Left operand of assignment is not an lvalue."))
    }

    /// Attaching to a running threaded program (nine threads meeting at a
    /// barrier): every thread is attached and stopped at the first stop,
    /// a breakpoint stops the process with all threads listed, and detach
    /// lets it finish with its count right.
    @Test func attachToAThreadedProgramStopsAllItsThreads() throws {
        let program = try TestSupport.fixture("debug_barrier", variant: "nopie", flags: ["-g", "-O0", "-no-pie", "-pthread"])
        let directory = TestSupport.temporaryDirectory()
        let script = """
            \(program) 20000 > \(directory)/out & child=$!
            sleep 0.3
            \(TestSupport.wiretap) debug --batch -p $child -ex 'info threads' -ex 'break work' -ex c -ex 'info threads' -ex detach > \(directory)/debug
            wait $child; echo "status=$?" >> \(directory)/out
            """
        let result = try TestSupport.run(["/bin/sh", "-c", script], timeout: 120)
        #expect(result.exitCode == 0)
        let debug = TestSupport.readFile(directory + "/debug").split(separator: "\n")
        // Two tables of nine threads (main and eight workers), the second with the stopped one marked.
        #expect(debug.filter { ($0.hasPrefix("  ") || $0.hasPrefix("* ")) && $0.contains(" LWP ") }.count == 18)
        #expect(debug.first == "Program stopped.")
        #expect(debug.contains { $0.contains(" hit Breakpoint 1, work () at ") })
        #expect(debug.contains { $0.hasPrefix("* ") && $0.contains(" work () at ") })
        #expect(TestSupport.readFile(directory + "/out") == "done\nstatus=0\n")
    }

    /// `x/s` and `x/c`: gdb's lines (escapes, octal, UTF-8 shown, an embedded
    /// NUL ending one string and starting the next); a right-to-left
    /// override is printed in octal, never as itself.
    @Test func stringsAndCharactersMatchGdb() throws {
        let program = try TestSupport.fixture("debug_strings", variant: "nopie", flags: ["-g", "-O0", "-no-pie"])
        let (gdb, ours) = try Self.both(["break main", "start", "x/s &greeting", "x/2s &two", "x/4c &greeting", "x/s &sneaky"], program)
        let dumps = { (lines: [String]) in lines.filter { $0.hasPrefix("0x4") }.dropLast() }
        #expect(dumps(gdb).count == 4)
        #expect(dumps(ours) == dumps(gdb))
        #expect(ours.contains { $0.hasSuffix("<sneaky>:\t\"a\\342\\200\\256b\"") })
    }

    /// `list` (around the stop, then on; a line, FILE:LINE, a function,
    /// and after `up` around the caller's line): gdb's lines.
    @Test func listMatchesGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break work", "start", "list", "list", "list", "list 3", "list work", "list main", "list debug_loop.c:20", "up", "list"]
        let (gdb, ours) = try Self.both(commands, program)
        let listed = { (lines: [String]) in lines.filter { $0.first?.isNumber == true && $0.contains("\t") } }
        #expect(listed(gdb).count > 50)
        #expect(listed(ours) == listed(gdb))
    }

    /// `start` (a temporary breakpoint on main, then run) and `tbreak`: the
    /// same "Temporary breakpoint" lines as gdb's, and gone once hit.
    @Test func startAndTemporaryBreakpointsMatchGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["start", "tbreak work", "c", "info breakpoints", "c"]
        let gdb = try TestSupport.run(["/usr/bin/gdb", "-nx", "-batch"] + commands.flatMap { ["-ex", $0] } + ["--args", program, "2"], timeout: 60)
        let ours = try TestSupport.run([TestSupport.wiretap, "debug", "--batch"] + commands.flatMap { ["-ex", $0] } + ["--", program, "2"], timeout: 60)
        let kept = { (output: String) in
            output.split(separator: "\n").filter { $0.hasPrefix("Temporary") || $0.hasPrefix("No breakpoints") || ($0.first?.isNumber == true && $0.contains("\t")) }
                .map { Self.withoutArguments(String($0)) }
        }
        #expect(kept(gdb.stdout).filter { $0.hasPrefix("Temporary breakpoint 1, main () at ") }.count == 1)
        #expect(kept(ours.stdout) == kept(gdb.stdout))
    }

    /// `display` and `display/x` after every stop (a step's too), `info
    /// display`, `undisplay N`: gdb's lines.
    @Test func displayMatchesGdb() throws {
        let (program, _, _) = try Self.target()
        let commands = ["break work", "start", "display counter", "display/x $rdi", "c", "info display", "undisplay 1", "c", "next"]
        let (gdb, ours) = try Self.both(commands, program)
        let shown = { (lines: [String]) in lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty }.map(Self.withoutArguments) }
        #expect(shown(gdb).contains("2: /x $rdi = 0x2"))
        #expect(shown(ours) == shown(gdb))
    }

    /// An i386 program (debug_loop built with -m32): line stepping over and
    /// into calls, the backtrace, `finish`, a variable, a watchpoint and
    /// `$eip`, with gdb's 8-digit addresses.
    @Test func i386ProgramMatchesGdb() throws {
        let program = try TestSupport.fixture("debug_loop", variant: "m32", flags: ["-m32", "-g", "-O0"])
        let commands = ["break 23", "start", "next", "next", "next", "next", "step", "bt", "p $eip", "p counter", "finish", "next", "next",
                        "watch counter", "c", "info registers eip"]
        let (gdb, ours) = try Self.both(commands, program, arguments: ["3"])
        let shown = { (lines: [String]) in
            lines.drop { !$0.hasPrefix("Breakpoint 1,") }.filter { !$0.isEmpty && !$0.hasPrefix("Run till") }.map(Self.withoutArguments)
        }
        #expect(shown(gdb).contains { $0.contains(/^#1  0x[0-9a-f]{8} in main/) })
        #expect(shown(gdb).contains { $0.hasPrefix("eip ") })
        #expect(shown(ours) == shown(gdb))
    }
}
