import Glibc
import Testing

/// `-k`: stack traces after each syscall, differential against strace 6.1's
/// `-k` (built with libunwind). strace's libunwind knows only dynamic
/// symbols, where libdw reads libc6-dbg's full symbol tables: a library
/// frame's function name may differ (`__libc_init_first+0x8a` against
/// `__libc_start_call_main+0x7a`, both `[0x2724a]`). So every frame is
/// compared by module and offset, and the fixture's own frames in full.
@Suite struct StackTraceTests {
    static let strace = "/usr/bin/strace"

    static var haveStrace: Bool { access(strace, X_OK) == 0 }

    /// Runs `tool` (strace or wiretap) with `arguments` under `setarch -R`
    /// and `env -i`, so that addresses repeat between the two.
    static func run(_ tool: String, _ arguments: [String], timeout: Double = 60) throws -> TestSupport.Result {
        try TestSupport.run(["/usr/bin/setarch", "-R", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", tool] + arguments, timeout: timeout)
    }

    /// A frame line without its function: ` > MODULE [0xOFFSET]`.
    static func moduleAndOffset(_ line: Substring) -> String {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")") else { return String(line) }
        return String(line[..<open]) + String(line[line.index(after: close)...])
    }

    /// Each stack with what it follows: the syscall name (or `+++`/`---`
    /// line kind) of the line before it, and its frames, each compared in
    /// full when it is in `fullModule`, by module and offset otherwise.
    static func stacks(_ text: String, fullModule: String) -> [String] {
        var result: [String] = []
        var last = ""
        var frames: [String] = []
        func end() {
            if !frames.isEmpty { result.append(last + "\n" + frames.joined(separator: "\n")) }
            frames = []
        }
        for line in text.split(separator: "\n") {
            if line.hasPrefix(" > ") {
                frames.append(line.hasPrefix(" > " + fullModule + "(") ? String(line) : moduleAndOffset(line))
                continue
            }
            // The rest of a line cut by strace's `Process N attached` note (ours follows the line).
            if line.hasPrefix(" => ") { continue }
            end()
            var body = line
            if body.hasPrefix("[pid "), let close = body.firstIndex(of: "]") { body = body[body.index(close, offsetBy: 2)...] }
            if body.hasPrefix("<... ") { body = body.dropFirst(5) }
            last = String(body.prefix(while: { $0 != "(" && $0 != " " }))
        }
        end()
        return result
    }

    /// The lines that are not frames.
    static func withoutFrames(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(" > ") }.joined(separator: "\n")
    }

    enum Build: String, CaseIterable, Sendable {
        case o0, o2
        var flags: [String] { self == .o0 ? ["-g", "-O0"] : ["-g", "-O2", "-fomit-frame-pointer"] }
    }

    @Test(.enabled(if: haveStrace), arguments: Build.allCases)
    func fixtureFramesMatchStraceLineForLine(_ build: Build) throws {
        let chain = try TestSupport.fixture("stack_chain", variant: "k-" + build.rawValue, flags: build.flags)
        let arguments = ["-k", "-e", "trace=write,exit_group", chain]
        let strace = try Self.run(Self.strace, arguments)
        let ours = try Self.run(TestSupport.wiretap, arguments)
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        #expect(Self.withoutFrames(ours.stderr) == Self.withoutFrames(strace.stderr))
        let expected = Self.stacks(strace.stderr, fullModule: chain)
        #expect(expected.count == 2, "\(strace.stderr)")
        #expect(Self.stacks(ours.stderr, fullModule: chain) == expected, "ours:\n\(ours.stderr)\nstrace:\n\(strace.stderr)")
        // The fixture's own frames, exactly as strace names them.
        #expect(ours.stderr.contains(" > \(chain)(inner+0x"), "\(ours.stderr)")
        #expect(ours.stderr.contains(" > \(chain)(outer+0x"), "\(ours.stderr)")
        #expect(ours.stderr.contains(" > \(chain)(main+0x"), "\(ours.stderr)")
    }

    /// Every syscall of a whole run, the dynamic loader's included (its
    /// first execve's stack is the new program's entry, as strace prints it).
    @Test(.enabled(if: haveStrace)) func wholeTraceStacksMatchStrace() throws {
        let chain = try TestSupport.fixture("stack_chain", variant: "k-o0", flags: Build.o0.flags)
        let strace = try Self.run(Self.strace, ["-k", chain])
        let ours = try Self.run(TestSupport.wiretap, ["-k", chain])
        let expected = Self.stacks(strace.stderr, fullModule: chain)
        #expect(expected.count > 20)
        #expect(Self.stacks(ours.stderr, fullModule: chain) == expected, "ours:\n\(ours.stderr)\nstrace:\n\(strace.stderr)")
        // exit_group's stack follows the exit line.
        let lines = ours.stderr.split(separator: "\n")
        let exitLine = try #require(lines.firstIndex(where: { $0.hasPrefix("+++ exited with 0 +++") }))
        #expect(lines[exitLine - 1].hasPrefix("exit_group(0)"))
        #expect(exitLine + 1 < lines.count && lines[exitLine + 1].contains("(_exit+0x"))
    }

    @Test(.enabled(if: haveStrace)) func lsStacksMatchStrace() throws {
        let arguments = ["-k", "-e", "trace=!getrandom", "/bin/ls", "/usr/include"]
        let strace = try Self.run(Self.strace, arguments)
        let ours = try Self.run(TestSupport.wiretap, arguments)
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        let expected = Self.stacks(strace.stderr, fullModule: "/bin/ls")
        #expect(expected.count > 50)
        #expect(Self.stacks(ours.stderr, fullModule: "/bin/ls") == expected)
    }

    /// SymbolsTests' fixtures under -f -k: C++ names as strace demangles
    /// them (templates, a namespace, after an exception was thrown and
    /// caught), a shared library of our own, a second thread's stacks. The
    /// threads' calls interleave differently from run to run: their stacks
    /// are compared as a multiset, without the join's futex (made or not,
    /// by timing).
    @Test(.enabled(if: haveStrace), arguments: SymbolsTests.otherBuilds.filter { ["stack_cxx", "stack_lib_main", "stack_thread"].contains($0.fixture) })
    func gdbFixtureStacksMatchStrace(_ build: SymbolsTests.Build) throws {
        let path = try SymbolsTests.fixture(build)
        let strace = try Self.run(Self.strace, ["-f", "-k", path])
        let ours = try Self.run(TestSupport.wiretap, ["-f", "-k", path])
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        var expected = Self.stacks(strace.stderr, fullModule: path)
        var got = Self.stacks(ours.stderr, fullModule: path)
        #expect(expected.count > 20)
        if build.threaded {
            // pthread_join waits in futex only if the thread has not ended yet: timing.
            expected = expected.filter { !$0.hasPrefix("futex\n") }.sorted()
            got = got.filter { !$0.hasPrefix("futex\n") }.sorted()
        }
        #expect(got == expected, "ours:\n\(ours.stderr)\nstrace:\n\(strace.stderr)")
        // The fixture's own functions, named in full.
        #expect(ours.stderr.contains(" > \(path)(\(build.chain[build.chain.count - 1])"), "\(ours.stderr)")
    }

    /// Frames without a symbol, in full: strace writes `MODULE() [0x...]`
    /// for a stack it walks as it prints it (a call's, a signal's) and
    /// `MODULE(+0x0) [0x...]` for one it captured at entry (exit_group,
    /// execve). dash exports no functions, so libunwind (which names an
    /// address after the nearest exported function before it, however far)
    /// has no names to give either.
    @Test(.enabled(if: haveStrace)) func symbollessFramesMatchStrace() throws {
        let arguments = ["-k", "-f", "-e", "trace=kill,wait4,exit_group", "-e", "signal=USR1,CHLD",
                         "/bin/sh", "-c", "trap '' USR1; kill -USR1 $$; /bin/true; exit 0"]
        let strace = try Self.run(Self.strace, arguments)
        let ours = try Self.run(TestSupport.wiretap, arguments)
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        let expected = Self.stacks(strace.stderr, fullModule: "/usr/bin/dash")
        #expect(expected.contains { $0.contains("/usr/bin/dash() [") } && expected.contains { $0.contains("/usr/bin/dash(+0x0) [") }, "\(strace.stderr)")
        #expect(Self.stacks(ours.stderr, fullModule: "/usr/bin/dash") == expected, "ours:\n\(ours.stderr)\nstrace:\n\(strace.stderr)")
    }

    /// python3: an interpreter's deep C stacks (its own CFI, libpython's
    /// symbols, the extension modules it dlopens and the maps re-read after
    /// each), every frame by module and offset.
    @Test(.enabled(if: haveStrace)) func python3StacksMatchStrace() throws {
        let arguments = ["-k", "-e", "trace=openat,read,mmap,exit_group", "/usr/bin/python3", "-c", "import json, decimal"]
        let strace = try Self.run(Self.strace, arguments)
        let ours = try Self.run(TestSupport.wiretap, arguments)
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        let expected = Self.stacks(strace.stderr, fullModule: "/nothing in full")
        #expect(expected.count > 100)
        #expect(Self.stacks(ours.stderr, fullModule: "/nothing in full") == expected)
    }

    /// -ff: each process's file, with the child's exit_group, the parent's
    /// resumed wait4, SIGCHLD, a failed call and the execve (the old
    /// program's stack, then the new one's).
    @Test(.enabled(if: haveStrace)) func perProcessFilesMatchStrace() throws {
        let fork = try TestSupport.fixture("stack_fork", variant: "k", flags: ["-g", "-O0"])
        let dir = TestSupport.temporaryDirectory()
        let strace = try Self.run(Self.strace, ["-ff", "-k", "-o", dir + "/s", fork])
        let ours = try Self.run(TestSupport.wiretap, ["-ff", "-k", "-o", dir + "/w", fork])
        #expect(ours.exitCode == 0 && strace.exitCode == 0, "\(ours.stderr)")
        func files(_ prefix: String) -> [String] {
            guard let handle = opendir(dir) else { return [] }
            defer { closedir(handle) }
            var names: [(Int, String)] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name.hasPrefix(prefix + "."), let pid = Int(name.dropFirst(prefix.count + 1)) { names.append((pid, name)) }
            }
            return names.sorted { $0.0 < $1.0 }.map { TestSupport.readFile(dir + "/" + $0.1) }
        }
        let theirs = files("s"), mine = files("w")
        #expect(theirs.count == 2 && mine.count == 2)
        for (t, m) in zip(theirs, mine) {
            let (ms, ts) = (Self.stacks(m, fullModule: fork), Self.stacks(t, fullModule: fork))
            let first = (0..<min(ms.count, ts.count)).first(where: { ms[$0] != ts[$0] })
            #expect(ms == ts, "\(ms.count) vs \(ts.count) stacks; first difference: \(first.map { "\(ms[$0])\n---\n\(ts[$0])" } ?? "none")")
        }
        let parent = try #require(mine.first)
        #expect(parent.contains("--- SIGCHLD"))
        #expect(parent.contains("= -1 ENOENT (No such file or directory)\n > "))
        #expect(parent.contains("execve(\"/bin/true\""))
    }

    /// -f on stderr: stacks follow complete lines, never an `<unfinished ...>`;
    /// the child's exit_group stack follows its `+++ exited +++`.
    @Test func followForksPlacesStacksAfterCompleteLines() throws {
        let fork = try TestSupport.fixture("stack_fork", variant: "k", flags: ["-g", "-O0"])
        let ours = try Self.run(TestSupport.wiretap, ["-f", "-k", fork])
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        let lines = ours.stderr.split(separator: "\n")
        for (i, line) in lines.enumerated() where line.hasPrefix(" > ") {
            let previous = lines[i - 1]
            #expect(!previous.hasSuffix("<unfinished ...>"), "\(ours.stderr)")
        }
        let childExit = try #require(lines.firstIndex(where: { $0.hasPrefix("[pid ") && $0.hasSuffix("+++ exited with 0 +++") }))
        #expect(lines[childExit + 1].contains("(_exit+0x"))
        #expect(lines[childExit + 2].contains("(child+0x"))
        #expect(lines.contains(where: { $0.hasPrefix("<... wait4 resumed>") || $0.contains("] <... wait4 resumed>") }) || lines.contains(where: { $0.hasPrefix("wait4(") && $0.contains("= ") }))
    }

    @Test func summaryOnlyWarnsAsStrace() throws {
        let ours = try TestSupport.wiretap(["-c", "-k", "-i", "-n", "/bin/true"])
        #expect(ours.exitCode == 0)
        let warnings = ours.stderr.split(separator: "\n").filter { $0.hasPrefix("wiretap: ") }
        #expect(warnings == ["wiretap: -i/--instruction-pointer has no effect with -c/--summary-only",
                             "wiretap: -k/--stack-traces has no effect with -c/--summary-only",
                             "wiretap: -n/--syscall-number has no effect with -c/--summary-only"], "\(ours.stderr)")
        #expect(!ours.stderr.contains(" > "))
        if Self.haveStrace {
            let strace = try TestSupport.run([Self.strace, "-c", "-k", "-i", "-n", "/bin/true"])
            // strace names itself by its argv[0].
            let theirs = strace.stderr.split(separator: "\n").filter { $0.contains("has no effect") }
                .map { "wiretap: " + $0[$0.index($0.firstRange(of: ": ")!.upperBound, offsetBy: 0)...] }
            #expect(warnings.map(String.init) == theirs)
        }
    }

    /// Without -k nothing changes: -k's output without its frames is the plain output.
    @Test func withoutStackTracesTheOutputIsUnchanged() throws {
        let chain = try TestSupport.fixture("stack_chain", variant: "k-o0", flags: Build.o0.flags)
        let plain = try Self.run(TestSupport.wiretap, [chain])
        let stacks = try Self.run(TestSupport.wiretap, ["-k", chain])
        #expect(!plain.stderr.contains("\n > "))
        #expect(stacks.stderr.contains("\n > "))
        func masked(_ text: String) -> String {
            // set_tid_address returns the pid; one more argument moves the stack's addresses.
            text.split(separator: "\n").filter { !$0.hasPrefix("set_tid_address(") }
                .map { $0.replacing(/0x7fff[0-9a-f]+/, with: "0x7fff...") }.joined(separator: "\n")
        }
        #expect(masked(Self.withoutFrames(stacks.stderr)) == masked(plain.stderr))
    }

    @Test func longOptionIsAccepted() throws {
        let ours = try TestSupport.wiretap(["--stack-traces", "-e", "trace=exit_group", "/bin/true"])
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        #expect(ours.stderr.contains("exit_group(0)"))
        #expect(ours.stderr.contains("+++ exited with 0 +++\n > /"), "\(ours.stderr)")
    }
}
