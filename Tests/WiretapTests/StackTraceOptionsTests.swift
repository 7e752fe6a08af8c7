import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// -kk (source lines), --stack-trace[=symbol|source], the frame limit,
/// stacks in --json, and -k on a process attached with -p. gdb's `bt` is
/// the oracle for files and lines (the strace here has no -kk: it was built
/// with libunwind); strace -k -p is the oracle for attaching.
@Suite struct StackTraceOptionsTests {
    /// A frame line's parts: ` > MODULE(SYMBOL+0xOFF) [0xOFFSET] FILE:LINE`.
    struct FrameLine: Equatable, CustomStringConvertible {
        var module: String
        var symbol: String
        var offset: String
        var file: String?
        var line: Int?
        var description: String { "\(module)(\(symbol)) [\(offset)] \(file ?? "-"):\(line.map(String.init) ?? "-")" }
    }

    static func parse(_ line: Substring) -> FrameLine? {
        guard line.hasPrefix(" > "), let open = line.firstIndex(of: "("), let close = line.range(of: ") [") else { return nil }
        let module = String(line[line.index(line.startIndex, offsetBy: 3)..<open])
        let inside = line[line.index(after: open)..<close.lowerBound]
        let symbol = String(inside.prefix(while: { $0 != "+" }))
        let rest = line[close.upperBound...]
        guard let end = rest.firstIndex(of: "]") else { return nil }
        let offset = String(rest[..<end])
        var file: String? = nil
        var number: Int? = nil
        let source = rest[rest.index(after: end)...]
        if source.hasPrefix(" "), let colon = source.lastIndex(of: ":") {
            file = SymbolsTests.basename(String(source.dropFirst()[..<colon]))
            number = Int(source[source.index(after: colon)...])
        }
        return FrameLine(module: module, symbol: symbol, offset: offset, file: file, line: number)
    }

    /// The frame lines after the first line that starts with `prefix`.
    static func stack(after prefix: String, in text: String) -> [Substring] {
        let lines = text.split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return [] }
        return Array(lines[(start + 1)...].prefix(while: { $0.hasPrefix(" > ") }))
    }

    static let builds = [SymbolsTests.builds[0], SymbolsTests.builds[1], SymbolsTests.builds[2], SymbolsTests.builds[5]]

    /// -kk: the fixture's frames name gdb's functions, files and lines; the
    /// lines are -k's with ` FILE:LINE` added. An inlined function is not a
    /// line of its own (as in strace): its pc's line names the function it
    /// was inlined into, at the inlined function's position (gdb's frame for
    /// the inlined function).
    @Test(arguments: builds)
    func sourceLinesMatchGDB(_ build: SymbolsTests.Build) throws {
        let path = try SymbolsTests.fixture(build)
        let ours = try TestSupport.wiretap(["-kk", "-e", "trace=write", path])
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        let frames = Self.stack(after: "write(1, ", in: ours.stderr).compactMap { Self.parse($0) }
        let gdb = try SymbolsTests.gdbBacktrace(path)
        try #require(gdb.count >= 4 && frames.count >= 4, "ours:\n\(ours.stderr)\ngdb: \(gdb)")
        var expected: [FrameLine] = []
        var i = 1
        while i <= build.chain.count {
            // `middle` is inlined into the next frame: one line, its function and middle's position.
            let named = build.chain[i - 1] == "middle" ? gdb[i + 1] : gdb[i]
            expected.append(FrameLine(module: path, symbol: named.function, offset: "", file: SymbolsTests.basename(gdb[i].file), line: gdb[i].line))
            i += build.chain[i - 1] == "middle" ? 2 : 1
        }
        let fixtureFrames = frames.dropFirst().prefix(expected.count).map { FrameLine(module: $0.module, symbol: $0.symbol, offset: "", file: $0.file, line: $0.line) }
        #expect(fixtureFrames == expected, "ours:\n\(ours.stderr)\ngdb: \(gdb)")
        // The same frames as -k, which has no source positions.
        let symbolsOnly = try TestSupport.wiretap(["-k", "-e", "trace=write", path])
        let plain = Self.stack(after: "write(1, ", in: symbolsOnly.stderr).compactMap { Self.parse($0) }
        #expect(plain.allSatisfy { $0.file == nil && $0.line == nil })
        #expect(plain.map { [$0.module, $0.symbol, $0.offset] } == frames.map { [$0.module, $0.symbol, $0.offset] })
        // The long spellings are the same options.
        let long = try TestSupport.wiretap(["--stack-trace=source", "-e", "trace=write", path])
        #expect(Self.stack(after: "write(1, ", in: long.stderr).compactMap { Self.parse($0) } == frames)
        let symbol = try TestSupport.wiretap(["--stack-trace=symbol", "-e", "trace=write", path])
        #expect(Self.stack(after: "write(1, ", in: symbol.stderr).compactMap { Self.parse($0) } == plain)
    }

    /// --json -kk: every frame an object, inlined functions frames of their
    /// own, with gdb's functions, files and lines.
    @Test func jsonFramesMatchGDBWithInlinedFunctions() throws {
        let build = SymbolsTests.builds[5]  // stack_inline -O2: middle() is inlined into outer()
        let path = try SymbolsTests.fixture(build)
        let ours = try TestSupport.wiretap(["--json", "-kk", "-e", "trace=write", path])
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        let line = try #require(ours.stderr.split(separator: "\n").first { $0.contains("\"name\":\"write\"") })
        let object = try JSONValue.parse(Array(line.utf8))
        let stack = try #require(object["stack"]?.array, "\(line)")
        let gdb = try SymbolsTests.gdbBacktrace(path)
        try #require(stack.count >= gdb.count, "\(line)\ngdb: \(gdb)")
        for i in 1...build.chain.count {
            let frame = stack[i]
            #expect(frame["symbol"]?.string == gdb[i].function, "frame \(i): \(frame) gdb \(gdb[i])")
            #expect(SymbolsTests.basename(frame["file"]?.string) == SymbolsTests.basename(gdb[i].file), "frame \(i): \(frame)")
            #expect(frame["line"]?.int == gdb[i].line, "frame \(i): \(frame) gdb \(gdb[i])")
            #expect(frame["module"]?.string == path)
            #expect(frame["inlined"]?.bool == (build.chain[i - 1] == "middle"), "\(frame)")
            // Addresses are "0x..." strings; an inlined frame has no symbol offset.
            #expect(frame["pc"]?.string?.hasPrefix("0x") == true)
            #expect(frame["offset"]?.string?.hasPrefix("0x") == true)
            #expect((frame["symbol_offset"]?.string == nil) == (frame["inlined"]?.bool == true), "\(frame)")
        }
        #expect(object["stack_cut"] == nil)
    }

    /// --json -k and -k show the same frames: one source, two views.
    @Test func jsonAndTextFramesAgree() throws {
        let path = try SymbolsTests.fixture(SymbolsTests.builds[1])
        let text = try TestSupport.wiretap(["-k", "-e", "trace=write,exit_group", path])
        let json = try TestSupport.wiretap(["--json", "-k", "-e", "trace=write,exit_group", path])
        #expect(text.exitCode == 0 && json.exitCode == 0, "\(json.stderr)")
        var fromJSON: [String] = []
        for line in json.stderr.split(separator: "\n") where line.contains("\"type\":\"syscall\"") {
            let object = try JSONValue.parse(Array(line.utf8))
            let stack = try #require(object["stack"]?.array, "\(line)")
            #expect(!stack.isEmpty)
            for frame in stack {
                let symbol = frame["symbol"]?.string.map { $0 + "+" + (frame["symbol_offset"]?.string ?? "?") } ?? "+0x0"
                fromJSON.append(" > \(frame["module"]?.string ?? "?")(\(symbol)) [\(frame["offset"]?.string ?? "?")]")
            }
        }
        let fromText = text.stderr.split(separator: "\n").filter { $0.hasPrefix(" > ") }.map(String.init)
        #expect(fromText.count > 8)
        #expect(fromJSON == fromText)
    }

    /// --stack-trace-frame-limit=N: N frames, then strace's
    /// `too many stack frames` if there were more.
    @Test func frameLimitCutsTheStack() throws {
        let path = try SymbolsTests.fixture(SymbolsTests.builds[0])
        let full = Self.stack(after: "write(1, ", in: try TestSupport.wiretap(["-k", "-e", "trace=write", path]).stderr)
        try #require(full.count >= 5, "\(full)")
        let cut = try TestSupport.wiretap(["-k", "--stack-trace-frame-limit=3", "-e", "trace=write", path])
        #expect(cut.exitCode == 0)
        #expect(Self.stack(after: "write(1, ", in: cut.stderr) == Array(full.prefix(3)) + [" > too many stack frames"], "\(cut.stderr)")
        // Exactly as many frames as the limit: nothing was cut.
        let exact = try TestSupport.wiretap(["-k", "--stack-trace-frame-limit", String(full.count), "-e", "trace=write", path])
        #expect(Self.stack(after: "write(1, ", in: exact.stderr) == full, "\(exact.stderr)")
        // JSON says where it was cut.
        let json = try TestSupport.wiretap(["--json", "-k", "--stack-trace-frame-limit=2", "-e", "trace=write", path])
        let line = try #require(json.stderr.split(separator: "\n").first { $0.contains("\"name\":\"write\"") })
        let object = try JSONValue.parse(Array(line.utf8))
        #expect(object["stack"]?.array?.count == 2)
        #expect(object["stack_cut"]?.string == "frame_limit")
    }

    /// The options' errors, in the words of strace 6.7+ (which has them).
    @Test func badStackTraceOptionsAreRefused() throws {
        let tooMany = try TestSupport.wiretap(["-kkk", "/bin/true"])
        #expect(tooMany.exitCode == 1 && tooMany.stderr == "wiretap: Too many -k options\n", "\(tooMany.stderr)")
        let sourceThenK = try TestSupport.wiretap(["--stack-trace=source", "-k", "/bin/true"])
        #expect(sourceThenK.exitCode == 1 && sourceThenK.stderr == "wiretap: Too many -k options\n", "\(sourceThenK.stderr)")
        for (arguments, message) in [(["--stack-trace=lines"], "invalid --stack-trace argument: 'lines'"),
                                     (["--stack-trace-frame-limit=0"], "invalid --stack-trace-frame-limit argument: '0'"),
                                     (["--stack-trace-frame-limit=x"], "invalid --stack-trace-frame-limit argument: 'x'"),
                                     (["--stack-trace-frame-limit"], "option '--stack-trace-frame-limit' requires an argument")] {
            // A missing value is missing at the end: getopt takes the next argument, whatever it is.
            let command = arguments == ["--stack-trace-frame-limit"] ? [] : ["/bin/true"]
            let result = try TestSupport.wiretap(["-k"] + arguments + command)
            #expect(result.exitCode == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("wiretap: " + message + "\n"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasSuffix("Try 'wiretap -h' for more information.\n"), "\(result.stderr)")
        }
        // A limit without -k: a warning, and the trace goes on.
        let alone = try TestSupport.wiretap(["--stack-trace-frame-limit=5", "-e", "trace=exit_group", "/bin/true"])
        #expect(alone.exitCode == 0)
        #expect(alone.stderr.hasPrefix("wiretap: --stack-trace-frame-limit has no effect without -k/--stack-trace\n"), "\(alone.stderr)")
        #expect(!alone.stderr.contains(" > "))
    }

    /// -k -p: the stacks of a process wiretap attached to, as strace -k -p
    /// prints them for another run of the same program (by module and
    /// offset, which do not move with ASLR).
    @Test(.enabled(if: StackTraceTests.haveStrace)) func attachedProcessStacksMatchStrace() throws {
        let path = try SymbolsTests.fixture(SymbolsTests.builds[0])
        func traceAttached(_ tool: String) throws -> String {
            let dir = TestSupport.temporaryDirectory()
            let target = try TestSupport.start([path, "30"], stdoutPath: dir + "/out", stderrPath: dir + "/err")
            defer { _ = TestSupport.wait(target, timeout: 20) }
            _ = TestSupport.eventually(timeout: 5) { TestSupport.readFile(dir + "/out").contains("stack") }
            let result = try TestSupport.run([tool, "-k", "-e", "trace=write", "-p", String(target)], timeout: 30)
            #expect(result.exitCode == 0, "\(tool): \(result.stderr)")
            return result.stderr
        }
        let ours = try traceAttached(TestSupport.wiretap)
        let strace = try traceAttached(StackTraceTests.strace)
        let oursStack = Self.stack(after: "write(1, ", in: ours).map { StackTraceTests.moduleAndOffset($0) }
        let straceStack = Self.stack(after: "write(1, ", in: strace).map { StackTraceTests.moduleAndOffset($0) }
        #expect(!straceStack.isEmpty, "\(strace)")
        #expect(oursStack == straceStack, "ours:\n\(ours)\nstrace:\n\(strace)")
        #expect(ours.contains(" > \(path)(inner+0x") && ours.contains(" > \(path)(outer+0x") && ours.contains(" > \(path)(main+0x"), "\(ours)")
        // Every write has its stack.
        let writes = ours.split(separator: "\n").filter { $0.hasPrefix("write(1, ") }.count
        #expect(writes > 5)
        #expect(ours.split(separator: "\n").filter { $0.contains("(inner+0x") }.count == writes, "\(ours)")
    }
}
