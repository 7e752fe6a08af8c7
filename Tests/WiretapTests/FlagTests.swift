import Glibc
import Testing

/// strace's flags, each checked against the installed strace (or, for
/// times, against strace's format).
@Suite struct FlagTests {
    @Test(arguments: [
        ["-e", "trace=openat,close"],
        ["-e", "openat,close"],
        ["-e", "trace=!%memory", "-z"],
        ["-e", "trace=%file,%desc", "-Z"],
        ["-e", "trace=/^(mmap|mprotect)$"],
        ["-e", "trace=?nosuchcall,read"],
        ["--trace=%memory"],
        ["-e", "trace=none"],
        ["-s", "5", "-x"],
        ["-xx", "-e", "trace=read,pread64"],
        ["-a", "20"],
        ["-v"],
        ["-e", "trace=%%stat"],
        ["-e", "trace=%fstat"],
        ["-y"],
        ["-X", "raw"],
        ["-X", "verbose", "-v"],
        ["-qq"],
        ["-q"],
        ["-e", "trace=openat", "-e", "inject=openat:error=ENOENT:when=2"],
        ["-e", "inject=access:retval=0"],
        ["-e", "fault=set_robust_list,rseq:when=1..2"],
        ["-e", "trace=brk", "-e", "inject=brk:error=ENOMEM:when=2+"],
        ["-P", "/etc/ld.so.cache"],
        ["-P", "/etc/ld.so.cache", "-P", "/lib/x86_64-linux-gnu/libc.so.6", "-z"],
        ["-yy", "-e", "trace=openat,close"],
        // Long forms, as strace 6.1 spells them.
        ["--trace=openat,close", "--status=successful"],
        ["--signal=none", "--failed-only"],
        ["--successful-only", "--string-limit=5", "--columns=20"],
        ["--no-abbrev", "--const-print-style=verbose"],
        ["--trace-path=/etc/ld.so.cache"],
        ["--follow-forks", "--trace=%process"],
        ["--inject=access:retval=0", "--fault=set_robust_list:when=1"],
        ["--abbrev=none", "--verbose=!newfstatat", "--raw=close,brk"],
        ["--kvm=vcpu", "--quiet=exit", "--decode-fds=path"],
        // getopt's forms: attached values, bundles, abbreviated long options.
        ["-etrace=openat", "-s5", "-a30"],
        ["-qv", "--trace=openat", "--string=8"],
    ])
    func flagMatchesStrace(flags: [String]) throws {
        let pair = try Differential.run(["/bin/true"], flags: flags)
        #expect(!pair.strace.isEmpty, "strace refused \(flags)")
        #expect(pair.wiretap == pair.strace, "flags \(flags)")
    }

    /// -P selects poll and select calls by the descriptors in
    /// their arrays and sets, as strace does.
    @Test(arguments: [["-P", "/etc/hostname"], ["-P", "/etc/hostname", "-y"], ["-P", "/etc/hostname", "-e", "trace=pselect6"]])
    func pathSelectionLooksIntoDescriptorSets(flags: [String]) throws {
        let fixture = try TestSupport.fixture("select_poll_path")
        let pair = try Differential.run([fixture], flags: flags)
        #expect(pair.strace.contains { $0.hasPrefix("pselect6(") || $0.hasPrefix("select(") })
        #expect(pair.wiretap == pair.strace, "flags \(flags)")
    }

    @Test(arguments: [["-e", "signal=none"], ["-e", "signal=SIGUSR1"], ["-e", "signal=!USR1"]])
    func signalSelectionMatchesStrace(flags: [String]) throws {
        let fixture = try TestSupport.fixture("signal_handlers")
        let pair = try Differential.run([fixture], flags: flags + ["-e", "trace=none"])
        #expect(!pair.strace.isEmpty)
        #expect(pair.wiretap == pair.strace, "flags \(flags)")
    }

    @Test(arguments: [
        ("trace=open,nosuch", "invalid system call 'nosuch'"),
        ("trace=%nosuch", "invalid system call '%nosuch'"),
        ("trace=open,,bogus", "invalid system call 'bogus'"),
        ("trace=/[", "invalid regular expression"),
        ("signal=SIGNOPE", "invalid signal 'SIGNOPE'"),
        ("status=maybe", "invalid status 'maybe'"),
        ("frobnicate=1", "invalid system call 'frobnicate=1'"),
        ("inject=open:error=ENOPE", "invalid error 'ENOPE'"),
        ("inject=open:when=0", "invalid when '0'"),
        ("inject=open", "inject needs error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit="),
    ])
    func badExpressionsAreRejectedWithTheirPlace(expression: String, message: String) throws {
        let result = try TestSupport.wiretap(["-e", expression, "/bin/true"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        // The caret line points under the offending item.
        let lines = result.stderr.lines
        let caret = try #require(lines.firstIndex { $0.contains("^") && $0.allSatisfy { $0 == " " || $0 == "^" } })
        let echoed = lines[caret - 1]
        let column = lines[caret].firstIndex(of: "^").map { lines[caret].distance(from: lines[caret].startIndex, to: $0) } ?? -1
        let itemStart = expression.firstIndex(of: "=").map { expression.distance(from: expression.startIndex, to: $0) + 1 } ?? 0
        #expect(echoed.hasSuffix(expression))
        if message.hasPrefix("invalid system call '") || message.hasPrefix("invalid signal") || message.hasPrefix("invalid status")
            || message.hasPrefix("invalid error") || message.hasPrefix("invalid when") {
            let bad = String(message.split(separator: "'")[1])
            let expected = expression.distance(from: expression.startIndex, to: expression.range(of: bad)!.lowerBound)
            #expect(column - (echoed.count - expression.count) == expected)
        } else {
            #expect(column - (echoed.count - expression.count) >= 0 && column - (echoed.count - expression.count) <= itemStart)
        }
    }

    /// Matches `regex` (POSIX extended) against every line of the trace.
    static func allLinesMatch(_ lines: [Substring], _ pattern: String) -> Bool {
        var regex = regex_t()
        guard regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB) == 0 else { return false }
        defer { regfree(&regex) }
        return !lines.isEmpty && lines.allSatisfy { regexec(&regex, String($0), 0, nil, 0) == 0 }
    }

    @Test(arguments: [
        (["-t"], "^[0-9]{2}:[0-9]{2}:[0-9]{2} [a-z+]"),
        (["-tt"], "^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} [a-z+]"),
        (["-ttt"], "^[0-9]{10}\\.[0-9]{6} [a-z+]"),
        (["-r"], "^ {5}[0-9]\\.[0-9]{6} [a-z+]"),
        (["-T"], "(<[0-9]+\\.[0-9]{6}>|= \\?|\\+\\+\\+.*)$"),
    ])
    func timeFormatsMatchStraces(flags: [String], pattern: String) throws {
        for tool in ["/usr/bin/strace", TestSupport.wiretap] {
            let path = TestSupport.temporaryDirectory() + "/trace"
            _ = try TestSupport.run([tool] + flags + ["-o", path, "/bin/true"])
            let lines = TestSupport.readFile(path).lines
            #expect(Self.allLinesMatch(lines, pattern), "\(tool) \(flags): \(lines.prefix(3))")
        }
    }

    @Test func injectedSignalIsDelivered() throws {
        let pair = try Differential.run(["/bin/sh", "-c", "echo $$"], flags: ["-e", "trace=getpid", "-e", "inject=getpid:signal=USR1"])
        #expect(pair.strace.contains { $0.hasPrefix("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---") })
        #expect(Array(pair.wiretap.dropFirst()) == Array(pair.strace.dropFirst()))
    }

    /// `-u USER`: the command runs with that user's ids and groups, as under strace.
    @Test func userChangesTheCommandsIdentity() throws {
        let ours = try TestSupport.wiretap(["-u", "nobody", "-e", "trace=none", "/usr/bin/id"])
        let theirs = try TestSupport.run(["/usr/bin/strace", "-u", "nobody", "-e", "trace=none", "/usr/bin/id"])
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.exitCode == theirs.exitCode)
        if geteuid() == 0 { #expect(ours.stdout.hasPrefix("uid=65534(nobody)")) }
        let unknown = try TestSupport.wiretap(["-u", "no-such-user-wiretap", "/bin/true"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.contains("Cannot find user 'no-such-user-wiretap'"))
    }

    @Test func environmentChangesReachTheCommand() throws {
        let result = try TestSupport.wiretap(["-e", "trace=none", "-E", "WIRETAP_A=1", "-E", "HOME", "/bin/sh", "-c",
                                              "echo \"$WIRETAP_A:${HOME-unset}\""])
        #expect(result.stdout == "1:unset\n")
    }

    /// `-c`: the same syscalls with the same call and error counts as strace,
    /// in strace's table format (times differ from run to run).
    @Test(arguments: [["-c"], ["-c", "-w"], ["-c", "-S", "calls"], ["-c", "-S", "name"], ["-c", "-e", "trace=%file"], ["-C"]])
    func summaryMatchesStrace(flags: [String]) throws {
        let pair = try Differential.run(["/bin/cat", "/nonexistent", "/etc/hostname"], flags: flags)
        func table(_ lines: [String]) -> [String] {
            guard let header = lines.firstIndex(where: { $0.hasPrefix("% time") }) else { return [] }
            return Array(lines[header...])
        }
        func counts(_ lines: [String]) -> [String] {
            // calls, errors and name of each row; the percentage and times are dropped.
            table(lines).dropFirst(2).filter { !$0.hasPrefix("---") }.map { line in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count == 6 ? "\(fields[3]) \(fields[4]) \(fields[5])" : "\(fields[3]) - \(fields[4])"
            }
        }
        let expected = table(pair.strace), actual = table(pair.wiretap)
        #expect(expected.count > 5)
        #expect(actual.count == expected.count)
        #expect(actual.first == expected.first)
        #expect(actual.dropFirst().first == expected.dropFirst().first)
        let sortedByCount = flags.contains("calls") || flags.contains("name")
        #expect(sortedByCount ? counts(actual) == counts(expected) : counts(actual).sorted() == counts(expected).sorted())
        let row = "^ *[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9]{6} +[0-9]+ +[0-9]+ +([0-9]+ +)?[a-z0-9_]+$"
        #expect(Self.allLinesMatch(actual.dropFirst(2).filter { !$0.hasPrefix("---") }.map { Substring($0) }, row))
        if flags == ["-C"] {
            // The trace comes first, then the table.
            #expect(pair.wiretap.first?.hasPrefix("execve(") == true)
        }
    }

    /// `-ff -o BASE`: one BASE.PID file per process, no pid prefixes, the same
    /// calls in each as strace writes.
    @Test func perProcessFilesMatchStrace() throws {
        func run(_ tool: String) throws -> [[String]] {
            let dir = TestSupport.temporaryDirectory()
            let result = try TestSupport.run([tool, "-ff", "-o", dir + "/trace", "/bin/sh", "-c", "/bin/true; /bin/true"])
            #expect(result.exitCode == 0)
            let files = ((try? listDirectory(dir)) ?? []).filter { $0.hasPrefix("trace.") }
                .sorted { Int($0.dropFirst(6))! < Int($1.dropFirst(6))! }
            #expect(!files.contains("trace"))
            // Where SIGCHLD lands (and so its rt_sigreturn) depends on scheduling.
            return files.map { name in
                TestSupport.readFile(dir + "/" + name).lines.map { line in
                    String(line.prefix { $0 != "(" && $0 != " " })
                }.filter { $0 != "---" && $0 != "rt_sigreturn" && $0 != "<..." }
            }
        }
        let expected = try run("/usr/bin/strace"), actual = try run(TestSupport.wiretap)
        #expect(expected.count == 3)
        #expect(actual == expected)
    }

    func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw TestSupport.TestFailure("opendir \(path)") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `-A` (`--output-append-mode`) appends to the -o file as strace does:
    /// what was there stays, the trace follows it.
    @Test(arguments: [["-A"], ["--output-append-mode"]])
    func appendModeKeepsWhatTheFileHad(flags: [String]) throws {
        var traces: [[String]] = []
        for tool in ["/usr/bin/strace", TestSupport.wiretap] {
            let path = TestSupport.temporaryDirectory() + "/trace"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0)
            _ = "previous run\n".withCString { write(fd, $0, 13) }
            close(fd)
            let result = try TestSupport.run([tool] + flags + ["-o", path, "-e", "trace=exit_group", "/bin/true"])
            #expect(result.exitCode == 0)
            traces.append(TestSupport.readFile(path).lines.map(String.init))
        }
        #expect(traces[0] == ["previous run", "exit_group(0)                           = ?", "+++ exited with 0 +++"], "strace: \(traces[0])")
        #expect(traces[1] == traces[0])
    }
}
