import Glibc
import Testing

/// strace 6.1's per-line options (-i, -n, timestamps and their precisions,
/// --strings-in-hex, -Y, -e quiet=) against the installed strace, and the
/// post-6.1 extensions (--always-show-pid, --color) against their rules.
/// What varies between runs (times) is compared by shape; the rest exactly.
@Suite struct LineOptionTests {
    /// One tool's run: the trace file's lines (or stderr's with `toFile`
    /// false), stderr, and the exit status.
    struct Run {
        var lines: [String]
        var stderr: String
        var status: CInt
    }

    /// Runs `tool flags [-o FILE] program` under `setarch -R` and `env -i`
    /// (addresses match between the two tools).
    static func run(_ tool: String, _ flags: [String], _ program: [String], toFile: Bool = true,
                    environment: [String] = ["PATH=/usr/bin:/bin"]) throws -> Run {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let output = toFile ? ["-o", path] : []
        let result = try TestSupport.run(["/usr/bin/setarch", "-R", "/usr/bin/env", "-i"] + environment + [tool] + flags + output + program,
                                         timeout: 60)
        #expect(!result.timedOut)
        let text = toFile ? TestSupport.readFile(path) : result.stderr
        return Run(lines: text.lines.map(String.init), stderr: result.stderr, status: result.status)
    }

    static func both(_ flags: [String], _ program: [String], toFile: Bool = true,
                     environment: [String] = ["PATH=/usr/bin:/bin"]) throws -> (strace: Run, wiretap: Run) {
        (try run("/usr/bin/strace", flags, program, toFile: toFile, environment: environment),
         try run(TestSupport.wiretap, flags, program, toFile: toFile, environment: environment))
    }

    /// The execve line's pointer is in the tracer's own copy of libc, which
    /// is mapped differently in strace and wiretap: blanked.
    static func blankExecPointer(_ lines: [String]) -> [String] {
        let pointer = try! Regex(#"\[[0-9a-f]{8}([0-9a-f]{8})?\] "#)
        return lines.map { $0.contains("execve(") ? $0.replacing(pointer, with: "[EXEC] ") : $0 }
    }

    /// strace's messages (`strace: ` or `/usr/bin/strace: `) in wiretap's name.
    static func renamed(_ line: some StringProtocol) -> String {
        for prefix in ["strace: ", "/usr/bin/strace: "] where line.hasPrefix(prefix) {
            return "wiretap: " + line.dropFirst(prefix.count)
        }
        return String(line)
    }

    /// Splits `line` into the part `prefix` matches at its start and the rest (nil: no match).
    static func split(_ line: String, _ prefix: Regex<AnyRegexOutput>) -> (String, String)? {
        guard let match = line.prefixMatch(of: prefix) else { return nil }
        return (String(line[..<match.range.upperBound]), String(line[match.range.upperBound...]))
    }

    // MARK: -i and -n

    /// A whole single-process trace with -n -i is strace's byte for byte
    /// (ASLR off: the same pointers), including the signal line's pointer
    /// (the faulting instruction) and `[????????????????]` on the exit line.
    @Test(arguments: [["-n", "-i"], ["-i"], ["-n"], ["--syscall-number", "--instruction-pointer", "-tt"]])
    func syscallNumberAndPointerMatchStrace(flags: [String]) throws {
        let program = [try TestSupport.fixture("die_by_signal"), "SEGV"]
        let pair = try Self.both(flags, program)
        // Only -tt's stamp varies: blank its digits.
        func stable(_ lines: [String]) -> [String] {
            Differential.normalize(Self.blankExecPointer(lines.map { flags.contains("-tt") ? String($0.drop { $0 != " " }) : $0 }))
        }
        #expect(pair.strace.lines.count > 20)
        #expect(stable(pair.wiretap.lines) == stable(pair.strace.lines))
        let last = try #require(pair.wiretap.lines.last)
        if flags.contains("-i") || flags.contains("--instruction-pointer") {
            #expect(last.contains("[????????????????] +++ killed by SIGSEGV +++"))
            #expect(pair.wiretap.lines.contains { $0.contains("] --- SIGSEGV") && !$0.contains("?") })
        }
        if flags.contains("-n") || flags.contains("--syscall-number") {
            #expect(stable(pair.wiretap.lines).first!.drop { $0 == " " }.hasPrefix("[  59] "))
            #expect(last.contains("[ 302] "))  // the task's last syscall (prlimit64)
        }
    }

    /// An i386 task: 8 hex digits, `[????????]`, and the personality line
    /// with the previous call's number and the new mode's pointer.
    @Test func compatTaskUsesEightDigitPointers() throws {
        let program = [try TestSupport.fixture32("compat_i386")]
        // Without -o (which implies -q), strace prints the personality line.
        let pair = try Self.both(["-n", "-i"], program, toFile: false)
        func stable(_ lines: [String]) -> [String] { Differential.normalize(Self.blankExecPointer(lines)).map { $0.replacingPIDNumbers() } }
        #expect(stable(pair.wiretap.lines) == stable(pair.strace.lines))
        #expect(pair.wiretap.lines.contains { $0.hasPrefix("[  59] [0") && $0.contains("] [ Process PID=") && $0.contains(" runs in 32 bit mode. ]") })
        #expect(pair.wiretap.lines.last == "[   1] [????????] +++ exited with 7 +++")
    }

    /// With -f: unfinished and resumed lines, signal and exit lines of
    /// several processes; compared as a multiset with pids erased.
    @Test func followedProcessesMatchStrace() throws {
        let program = [try TestSupport.fixture("stop_cont")]
        let pair = try Self.both(["-f", "-n", "-i"], program)
        func lines(_ run: Run) -> [String] {
            // SIGCHLDs that arrive close together merge: how many are seen varies.
            Differential.normalize(run.lines).filter { ($0.contains("---") || $0.contains("+++")) && !$0.contains("--- SIGCHLD") }
                .map(Differential.erasePIDs).sorted()
        }
        #expect(lines(pair.strace).count >= 5)
        #expect(lines(pair.wiretap) == lines(pair.strace))
        let prefix = try Regex(#"^P\d+ +\[ *\d+\] \[([0-9a-f]{16}|\?{16})\] "#)
        for line in Differential.normalize(pair.wiretap.lines) { #expect(line.prefixMatch(of: prefix) != nil, "\(line)") }
    }

    /// A thread's execve: the leader's call ends `= ?`, `+++ superseded by
    /// execve in pid N +++` follows (with -n/-i as strace prints it: the
    /// execve's number and the new program's pointer), then the execve resumes.
    @Test func threadExecveIsSuperseded() throws {
        let program = [try TestSupport.fixture("thread_exec")]
        let pair = try Self.both(["-f", "-n", "-i", "-e", "trace=execve,pause"], program)
        func tail(_ run: Run) -> [String] {
            Differential.erasePIDs(Differential.normalize(run.lines).joined(separator: "\n")).split(separator: "\n")
                .drop { !$0.contains("pause") }.map(String.init)
        }
        #expect(tail(pair.strace).contains { $0.contains("+++ superseded by execve in pid P +++") })
        #expect(tail(pair.wiretap) == tail(pair.strace))
    }

    /// -ff: the leader's file gets `pause() = ?`, the superseded line and the
    /// execve's result; the thread's file ends ` <pid changed to N ...>`.
    @Test func threadExecveWithSeparateFiles() throws {
        let program = [try TestSupport.fixture("thread_exec")]
        func files(_ tool: String) throws -> [[String]] {
            let dir = TestSupport.temporaryDirectory()
            let result = try TestSupport.run([tool, "-ff", "-o", dir + "/t", "-e", "trace=execve,pause"] + program, timeout: 60)
            #expect(!result.timedOut)
            var names: [String] = []
            if let handle = opendir(dir) {
                while let entry = readdir(handle) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name.hasPrefix("t.") { names.append(name) }
                }
                closedir(handle)
            }
            return names.map { TestSupport.readFile(dir + "/" + $0).lines.map { Differential.erasePIDs(Differential.normalize([String($0)])[0]) } }
                .map { $0.map { line in line.replacingPIDNumbers() } }.sorted { $0.count < $1.count }
        }
        let theirs = try files("/usr/bin/strace"), ours = try files(TestSupport.wiretap)
        #expect(theirs.count == 2)
        #expect(ours == theirs)
    }

    // MARK: Timestamps

    /// Each flag set with the shape of its prefix (and -T's suffix); the
    /// lines must have those shapes and be strace's once they are removed.
    static let timestampCases: [(flags: [String], prefix: String, suffix: String?)] = [
        (["-r"], #"^ {5}\d\.\d{6} "#, nil),
        (["--relative-timestamps=ns"], #"^ {5}\d\.\d{9} "#, nil),
        (["--relative-timestamps=s"], #"^ {5}\d "#, nil),
        (["-r", "--relative-timestamps=ms"], #"^ {5}\d\.\d{3} "#, nil),
        (["--relative-timestamps=ms", "-r"], #"^ {5}\d\.\d{6} "#, nil),
        (["-tt", "-r"], #"^\d\d:\d\d:\d\d\.\d{6} \(\+ {5}\d\.\d{6}\) "#, nil),
        (["-t"], #"^\d\d:\d\d:\d\d "#, nil),
        (["-ttt"], #"^\d{10}\.\d{6} "#, nil),
        (["--absolute-timestamps"], #"^\d\d:\d\d:\d\d "#, nil),
        (["--absolute-timestamps=unix,ns"], #"^\d{10}\.\d{9} "#, nil),
        (["--absolute-timestamps=format:time,precision:ms"], #"^\d\d:\d\d:\d\d\.\d{3} "#, nil),
        (["--absolute-timestamps=ms", "--absolute-timestamps=unix"], #"^\d{10}\.\d{3} "#, nil),
        (["--absolute-timestamps=none", "--absolute-timestamps=US"], #"^\d\d:\d\d:\d\d\.\d{6} "#, nil),
        (["--absolute-timestamps=unix,none"], #"^"#, nil),
        (["-T"], #"^"#, #" <\d+\.\d{6}>$"#),
        (["--syscall-times=ns"], #"^"#, #" <\d+\.\d{9}>$"#),
        (["--syscall-times=s"], #"^"#, #" <\d+>$"#),
        (["--syscall-times=ms", "-T"], #"^"#, #" <\d+\.\d{6}>$"#),
    ]

    @Test(arguments: 0..<timestampCases.count)
    func timestampShapesMatchStrace(index: Int) throws {
        let (flags, prefixPattern, suffixPattern) = Self.timestampCases[index]
        let prefix = try Regex(prefixPattern)
        let suffix = try suffixPattern.map { try Regex($0) }
        let pair = try Self.both(flags + ["-e", "trace=execve,getpid,exit_group"], ["/usr/bin/python3", "-c", "import os; os.getpid()"])
        func rest(_ run: Run) -> [String] {
            Differential.normalize(run.lines.map { line -> String in
                guard let (_, body) = Self.split(line, prefix) else {
                    Issue.record("prefix \(prefixPattern) does not match: \(line)")
                    return line
                }
                guard let suffix, body.hasSuffix(">"), !body.hasPrefix("+++") else { return body }
                guard let match = body.firstMatch(of: suffix) else {
                    Issue.record("suffix \(suffixPattern!) does not match: \(line)")
                    return body
                }
                return String(body[..<match.range.lowerBound])
            }).map { $0.replacingPIDNumbers() }
        }
        let theirs = rest(pair.strace), ours = rest(pair.wiretap)
        #expect(theirs.count >= 3)
        #expect(ours == theirs)
    }

    // MARK: --strings-in-hex

    @Test(arguments: [["--strings-in-hex=non-ascii-chars"], ["--strings-in-hex=non-ascii"], ["--strings-in-hex"], ["--strings-in-hex=all"],
                      ["--strings-in-hex=none"], ["--strings-in-hex=all", "--strings-in-hex=non-ascii-chars"]])
    func stringsInHexMatchStrace(flags: [String]) throws {
        let program = [try TestSupport.fixture("write_hex_args"), "41420a09", "4142ff303132", "48656c6c6f", "00", "7f41", "c3a9", "5c22", "0d0b0c", "0731"]
        let pair = try Self.both(flags + ["-e", "trace=write"], program)
        #expect(pair.strace.lines.count == 10)
        #expect(pair.wiretap.lines == pair.strace.lines)
    }

    // MARK: -Y

    /// `pid<comm>` in prefixes (`-o`: `N<comm> `, stderr: `[pid  N<comm>] `),
    /// results and arguments, the name changing with PR_SET_NAME; lines
    /// compared with pids renamed and sorted (the two processes interleave).
    @Test(arguments: [(["-Y"], true), (["--decode-pids=comm"], false), (["--decode-pids=pidns", "--decode-pids=pidns,comm"], true)])
    func pidNamesMatchStrace(flags: [String], toFile: Bool) throws {
        let program = [try TestSupport.fixture("pid_names")]
        let pair = try Self.both(["-f", "-e", "trace=getpid,getppid,prctl,exit_group,kill"] + flags, program, toFile: toFile)
        // A SIGCHLD's si_pid names the child only while it is unreaped: the
        // parent may reap it first, under either tool (then it prints bare).
        // On stderr either tool's attach note may cut a line that is open.
        func lines(_ run: Run) -> [String] {
            let text = run.lines.joined(separator: "\n").replacing(/(?:wiretap|(?:\/usr\/bin\/)?strace): Process \d+ attached\n/, with: "")
            return text.split(separator: "\n").map { Self.renamed(String($0)) }.filter { !$0.hasPrefix("wiretap: ") && !$0.hasPrefix("strace: ") }
                .map { $0.replacingPIDNumbers() }
                .map { $0.replacing(/si_pid=PID<[^>]*>/, with: "si_pid=PID") }.sorted()
        }
        #expect(lines(pair.strace).contains { $0.contains("<renamed>") && $0.contains("getppid()") })
        #expect(lines(pair.wiretap) == lines(pair.strace))
    }

    /// Without -Y nothing changes, and pidns alone adds nothing (one namespace).
    @Test func pidNamespaceAloneChangesNothing() throws {
        let program = [try TestSupport.fixture("pid_names")]
        let plain = try Self.run(TestSupport.wiretap, ["-f", "-e", "trace=getpid,getppid"], program)
        let pidns = try Self.run(TestSupport.wiretap, ["-f", "-e", "trace=getpid,getppid", "--decode-pids=pidns"], program)
        #expect(!plain.lines.joined().contains("<"))
        #expect(plain.lines.map { $0.replacingPIDNumbers() }.sorted() == pidns.lines.map { $0.replacingPIDNumbers() }.sorted())
    }

    // MARK: Quiet

    /// The messages (stderr) and `+++` lines of a thread execve under each
    /// quiet setting, as strace prints them.
    @Test(arguments: [[], ["-q"], ["-qq"], ["-qqq"], ["-e", "quiet=exit"], ["-e", "quiet=attach"], ["-e", "quiet=thread-execve"],
                      ["-e", "quiet=!exit"], ["--quiet=attach,personality"], ["-e", "quiet=none"]])
    func quietMatchesStrace(flags: [String]) throws {
        let program = [try TestSupport.fixture("thread_exec")]
        let pair = try Self.both(["-f", "-e", "trace=none"] + flags, program, toFile: false)
        func messages(_ run: Run) -> [String] {
            run.lines.map(Self.renamed).map { $0.replacingPIDNumbers() }
        }
        #expect(messages(pair.wiretap) == messages(pair.strace))
    }

    /// -P with a path that resolves elsewhere: strace names what it resolved
    /// into, unless quiet=path-resolution or quiet=all (-qqq does not silence it).
    @Test(arguments: [[], ["-q"], ["-e", "quiet=path-resolution"], ["-qqq"], ["-e", "quiet=all"]])
    func pathResolutionMessageMatchesStrace(flags: [String]) throws {
        let dir = TestSupport.temporaryDirectory()
        #expect(symlink("/etc/hostname", dir + "/link") == 0)
        func messages(_ tool: String) throws -> [String] {
            let result = try TestSupport.run(["/usr/bin/env", "-C", dir, tool] + flags + ["-P", "link", "-e", "trace=none", "/bin/true"])
            return result.stderr.lines.map(Self.renamed)
        }
        let theirs = try messages("/usr/bin/strace")
        #expect(try messages(TestSupport.wiretap) == theirs)
        #expect(theirs.contains("wiretap: Requested path \"link\" resolved into \"/etc/hostname\"") == !flags.contains { $0.hasPrefix("quiet=") })
    }

    // MARK: --always-show-pid

    @Test func alwaysShowPIDPrefixesEveryLine() throws {
        let program = ["/bin/true"]
        let onStderr = try Self.run(TestSupport.wiretap, ["--always-show-pid", "-e", "trace=execve,exit_group"], program, toFile: false)
        let inFile = try Self.run(TestSupport.wiretap, ["--always-show-pid", "-e", "trace=execve,exit_group"], program)
        let without = try Self.run(TestSupport.wiretap, ["-e", "trace=execve,exit_group"], program)
        let bracketed = try Regex(#"^\[pid +\d+\] (execve|exit_group|\+\+\+)"#)
        let plain = try Regex(#"^\d+ +(execve|exit_group|\+\+\+)"#)
        #expect(onStderr.lines.count == 3 && inFile.lines.count == 3)
        for line in onStderr.lines { #expect(line.prefixMatch(of: bracketed) != nil, "\(line)") }
        for line in inFile.lines { #expect(line.prefixMatch(of: plain) != nil, "\(line)") }
        #expect(without.lines.first?.hasPrefix("execve(") == true)
        // The prefix is strace's: `[pid  N] ` is what -f prints with two tasks.
        let lengths = onStderr.lines.map { $0.prefix { $0 != "]" }.count }
        #expect(Set(lengths).count == 1 && lengths[0] >= 9)
    }

    // MARK: --color

    static let escape = "\u{1b}["

    static func stripEscapes(_ line: String) -> String {
        var out = ""
        var inside = false
        for c in line {
            if c == "\u{1b}" { inside = true; continue }
            if inside { if c == "m" { inside = false }; continue }
            out.append(c)
        }
        return out
    }

    /// --color=always colors names, errors and exits and keeps the columns;
    /// auto writing to a file (or with NO_COLOR), never, and no option do not.
    @Test func colorOnlyWhenAsked() throws {
        let program = ["/bin/cat", "/nonexistent"]
        let flags = ["-e", "trace=openat,exit_group"]
        let plain = try Self.run(TestSupport.wiretap, flags, program)
        let always = try Self.run(TestSupport.wiretap, ["--color=always"] + flags, program)
        let alone = try Self.run(TestSupport.wiretap, ["--color"] + flags, program)
        let auto = try Self.run(TestSupport.wiretap, ["--color=auto"] + flags, program)
        let never = try Self.run(TestSupport.wiretap, ["--color=never"] + flags, program)
        func stable(_ lines: [String]) -> [String] { Differential.normalize(lines) }
        #expect(!plain.lines.joined().contains(Self.escape))
        #expect(stable(auto.lines) == stable(plain.lines))
        #expect(stable(never.lines) == stable(plain.lines))
        #expect(always.lines.contains { $0.hasPrefix(Self.escape + "1mopenat" + Self.escape + "0m(") })
        #expect(always.lines.contains { $0.contains("= " + Self.escape + "31m-1 ENOENT (No such file or directory)" + Self.escape + "0m") })
        #expect(always.lines.last?.hasPrefix(Self.escape) == true && always.lines.last?.contains("+++ exited with 1 +++") == true)
        #expect(stable(always.lines.map(Self.stripEscapes)) == stable(plain.lines))
        #expect(stable(alone.lines) == stable(always.lines))
        // auto on a terminal colors, unless NO_COLOR is set.
        let tty = try TestSupport.run(["/usr/bin/script", "-qec", TestSupport.wiretap + " --color=auto -e trace=exit_group /bin/true", "/dev/null"],
                                      environment: ["PATH=/usr/bin:/bin", "TERM=xterm"])
        #expect(tty.stdout.contains(Self.escape + "1mexit_group"))
        let noColor = try TestSupport.run(["/usr/bin/script", "-qec", TestSupport.wiretap + " --color=auto -e trace=exit_group /bin/true", "/dev/null"],
                                          environment: ["PATH=/usr/bin:/bin", "TERM=xterm", "NO_COLOR=1"])
        #expect(noColor.stdout.contains("exit_group(0)") && !noColor.stdout.contains(Self.escape))
    }

    // MARK: Bad values

    /// strace's exit status and first line on stderr (its name replaced).
    @Test(arguments: [["--relative-timestamps=x"], ["--relative-timestamps="], ["--relative-timestamps=1"], ["--syscall-times=10ms"],
                      ["--syscall-times=sec"], ["--absolute-timestamps=x"], ["--absolute-timestamps=format:ms"],
                      ["--absolute-timestamps=precision:unix"], ["-t", "--absolute-timestamps=unix"], ["--absolute-timestamps", "-tt"],
                      ["--strings-in-hex=x"], ["--strings-in-hex="], ["-x", "--strings-in-hex=all"], ["--strings-in-hex", "-xx"],
                      ["--decode-pids=x"], ["--decode-pids=comm,x"], ["--decode-pids="]])
    func badValuesAreRefusedAsStraceDoes(flags: [String]) throws {
        let theirs = try TestSupport.run(["/usr/bin/strace"] + flags + ["/bin/true"])
        let ours = try TestSupport.wiretap(flags + ["/bin/true"])
        #expect(theirs.exitCode == 1)
        #expect(ours.exitCode == theirs.exitCode)
        let first = theirs.stderr.lines.first.map(Self.renamed)
        #expect(ours.stderr.lines.first.map(String.init) == first)
        #expect(ours.stderr.lines.count == theirs.stderr.lines.count)
    }

    /// Default output is unchanged by the machinery: the whole trace of a
    /// small command is still strace's.
    @Test func defaultOutputUnchanged() throws {
        let pair = try Differential.run(["/usr/bin/env"])
        #expect(pair.wiretap == pair.strace)
    }
}

extension String {
    /// Every run of 3 or more digits that is a live or recent pid-like number
    /// becomes `PID` (pids are the only long decimal numbers in these traces'
    /// prefixes, results and messages), so runs of two tools compare.
    func replacingPIDNumbers() -> String {
        var out = ""
        var digits = ""
        var previous: Character = " "
        func flush(_ next: Character?) {
            if digits.count >= 3 && !(previous == "x") && next != "." { out += "PID" } else { out += digits }
            digits = ""
        }
        for c in self {
            if c.isNumber {
                if digits.isEmpty { previous = out.last ?? " " }
                digits.append(c)
                continue
            }
            if !digits.isEmpty { flush(c) }
            out.append(c)
        }
        if !digits.isEmpty { flush(nil) }
        return out
    }
}
