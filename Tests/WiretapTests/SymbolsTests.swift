import Glibc
import Testing
@testable import Wiretap
import WiretapSymbols

/// The symbols layer (WiretapSymbols): backtraces of a traced fixture at its
/// `write` syscall entry, compared with gdb's `bt` at the same stop.
@Suite struct SymbolsTests {
    /// One build of Fixtures/stack_chain.c.
    struct Build: Sendable, CustomTestStringConvertible {
        var fixture = "stack_chain"
        var variant: String
        var flags: [String]
        var pie: Bool
        /// The fixture's functions from the write's caller up, as gdb names them.
        var chain = ["inner", "outer", "main"]
        var testDescription: String { "\(fixture) \(variant)" }
    }

    static let builds: [Build] = [
        Build(variant: "O0", flags: ["-g", "-O0"], pie: true),
        Build(variant: "O2-nofp", flags: ["-g", "-O2", "-fomit-frame-pointer"], pie: true),
        Build(variant: "O0-nopie", flags: ["-g", "-O0", "-no-pie"], pie: false),
        Build(variant: "O2-nofp-nopie", flags: ["-g", "-O2", "-fomit-frame-pointer", "-no-pie"], pie: false),
        // middle() is inlined into outer(): a frame of its own, as in gdb.
        Build(fixture: "stack_inline", variant: "O0", flags: ["-g", "-O0"], pie: true,
              chain: ["inner", "middle", "outer", "main"]),
        Build(fixture: "stack_inline", variant: "O2-nofp", flags: ["-g", "-O2", "-fomit-frame-pointer"], pie: true,
              chain: ["inner", "middle", "outer", "main"]),
    ]

    /// A frame of gdb's `bt`.
    struct GDBFrame: Equatable, CustomStringConvertible {
        var function: String
        var file: String?
        var line: Int?
        var description: String { "\(function) at \(file ?? "?"):\(line.map(String.init) ?? "?")" }
    }

    /// What the handler saw at the fixture's write entry.
    struct Seen: Sendable {
        var frames: [StackFrame] = []
        var modules: [String] = []
        var cacheAfterFirst = 0
        var cacheAfterSecond = 0
        var cacheAfterRefresh = 0
        var sameFramesAgain = false
        var error: String? = nil
    }

    static func fixture(_ build: Build) throws -> String {
        try TestSupport.fixture(build.fixture, variant: build.variant, flags: build.flags + ["-Wall"])
    }

    /// Traces `path` and takes a backtrace at its first write(1, ...) entry
    /// (then skips the write, keeping the test's output clean).
    static func backtraceAtWrite(_ path: String, includeSource: Bool = true) async throws -> Seen {
        let writeNumber = try #require(SyscallTable.number(of: "write"))
        return try await TracerThread.run { () throws -> Seen in
            let tracer = Tracer()
            try tracer.spawn(Command(path))
            var seen = Seen()
            var done = false
            try tracer.run { event, tracee in
                guard !done, case .syscallEntry(let entry) = event.kind, entry.number == writeNumber,
                      entry.arguments.a0 == 1 else { return .automatic }
                done = true
                do throws(SymbolsError) {
                    let symbols = try ProcessSymbols(pid: tracee.pid, includeSource: includeSource)
                    seen.modules = symbols.modules.map(\.path)
                    seen.frames = try tracee.backtrace(using: symbols)
                    seen.cacheAfterFirst = symbols.cachedAddressCount
                    let again = try tracee.backtrace(using: symbols)
                    seen.sameFramesAgain = again == seen.frames
                    seen.cacheAfterSecond = symbols.cachedAddressCount
                    try symbols.refresh()
                    seen.cacheAfterRefresh = symbols.cachedAddressCount
                } catch {
                    seen.error = error.description
                }
                try? tracee.skipSyscall()
                return .automatic
            }
            return seen
        }
    }

    /// gdb's frames at the first write syscall of `path`.
    static func gdbBacktrace(_ path: String) throws -> [GDBFrame] {
        let result = try TestSupport.run(["/usr/bin/gdb", "-nx", "-batch", "-ex", "catch syscall write", "-ex", "run", "-ex", "bt", path],
                                         timeout: 120)
        var frames: [GDBFrame] = []
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("#") {
            // "#1  0x0000555555555175 in inner (text=...) at /path/file.c:11"
            // "#0  inner (...) at file.c:3" (inlined frames have no address)
            var rest = line.drop(while: { $0 != " " }).drop(while: { $0 == " " })
            if rest.hasPrefix("0x"), let range = rest.range(of: " in ") {
                rest = rest[range.upperBound...]
            }
            let function = String(rest.prefix(while: { $0 != " " }))
            var file: String? = nil
            var lineNumber: Int? = nil
            if let at = rest.range(of: ") at ", options: .backwards) {
                let location = rest[at.upperBound...]
                if let colon = location.lastIndex(of: ":") {
                    file = String(location[..<colon])
                    lineNumber = Int(location[location.index(after: colon)...])
                }
            }
            frames.append(GDBFrame(function: function, file: file, line: lineNumber))
        }
        return frames
    }

    static func basename(_ path: String?) -> String? {
        guard let path else { return nil }
        return path.split(separator: "/").last.map(String.init)
    }

    @Test(arguments: builds)
    func backtraceMatchesGDB(_ build: Build) async throws {
        let path = try Self.fixture(build)
        let seen = try await Self.backtraceAtWrite(path)
        #expect(seen.error == nil)
        let expected = try Self.gdbBacktrace(path)
        try #require(expected.count >= 4, "gdb gave no backtrace: \(expected)")
        let ours = seen.frames.map { GDBFrame(function: $0.symbol ?? "??", file: $0.file, line: $0.line) }
        try #require(ours.count >= expected.count, "ours: \(ours)\ngdb: \(expected)")
        // Frame 0 is libc's write: gdb names it by its debug-info alias
        // (__GI___libc_write), the ELF symbol table by another (__write...).
        #expect(ours[0].function.hasSuffix("write"), "ours: \(ours[0]) gdb: \(expected[0])")
        #expect(Self.basename(ours[0].file) == Self.basename(expected[0].file))
        // The fixture's frames: the same functions, files and lines as gdb's.
        for i in 1..<expected.count {
            #expect(ours[i].function == expected[i].function, "frame \(i): ours \(ours[i]) gdb \(expected[i])")
            #expect(Self.basename(ours[i].file) == Self.basename(expected[i].file), "frame \(i): ours \(ours[i]) gdb \(expected[i])")
            #expect(ours[i].line == expected[i].line, "frame \(i): ours \(ours[i]) gdb \(expected[i])")
        }
        let chain = 1...build.chain.count
        #expect(Array(ours[chain].map(\.function)) == build.chain)
        #expect(seen.frames[chain].allSatisfy { $0.module == path && $0.offset != nil })
        // Inlined frames are marked, and share their pc with the frame they are inlined into.
        for i in chain {
            #expect(seen.frames[i].inlined == (build.chain[i - 1] == "middle"), "\(seen.frames[i])")
            if seen.frames[i].inlined { #expect(seen.frames[i].pc == seen.frames[i + 1].pc) }
        }
        // Below main: libc's start code, in libc.
        #expect(seen.frames.dropFirst(build.chain.count + 1).contains { $0.module?.contains("libc.so") == true })
        // Versioned names lose their version, as strace and gdb print them.
        #expect(seen.frames.contains { $0.symbol == "__libc_start_main" })
        #expect(!seen.frames.contains { $0.symbol?.contains("@") == true })
    }

    @Test func libcAddressesGiveLibcSymbols() async throws {
        let seen = try await Self.backtraceAtWrite(try Self.fixture(Self.builds[0]))
        let top = try #require(seen.frames.first)
        #expect(top.module?.contains("/libc.so") == true, "\(top)")
        #expect(top.symbol?.hasSuffix("write") == true, "\(top)")
        #expect(top.symbolOffset != nil)
        #expect(top.offset != nil)
        #expect(top.inlined == false)
        #expect(seen.modules.contains { $0.contains("/libc.so") })
        #expect(seen.modules.contains { $0.contains("vdso") })
    }

    @Test func addressesAreLookedUpOnceUntilRefresh() async throws {
        let seen = try await Self.backtraceAtWrite(try Self.fixture(Self.builds[1]))
        #expect(seen.cacheAfterFirst > 0)
        #expect(seen.cacheAfterSecond == seen.cacheAfterFirst)
        #expect(seen.sameFramesAgain)
        #expect(seen.cacheAfterRefresh == 0)
    }

    /// Symbols only (strace -k's detail): the same functions, no source, no inlined frames.
    @Test func symbolsOnlyHaveNoSourceOrInlinedFrames() async throws {
        let build = Self.builds[5]
        let path = try Self.fixture(build)
        let full = try await Self.backtraceAtWrite(path)
        let bare = try await Self.backtraceAtWrite(path, includeSource: false)
        #expect(bare.error == nil)
        #expect(bare.frames.allSatisfy { $0.file == nil && $0.line == nil && !$0.inlined })
        #expect(bare.frames.map(\.symbol) == full.frames.filter { !$0.inlined }.map(\.symbol))
        #expect(bare.frames.map(\.offset) == full.frames.filter { !$0.inlined }.map(\.offset))
    }

    /// The load bias: module-relative offsets are ELF addresses (PIE), and
    /// absolute pcs are ELF addresses (non-PIE), as `nm` gives them.
    @Test(arguments: [builds[0], builds[2]])
    func offsetsFollowTheLoadBias(_ build: Build) async throws {
        let path = try Self.fixture(build)
        let seen = try await Self.backtraceAtWrite(path)
        let nm = try TestSupport.run(["/usr/bin/nm", path])
        var symbolAddress: [String: UInt64] = [:]
        for line in nm.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let address = UInt64(parts[0], radix: 16) { symbolAddress[String(parts[2])] = address }
        }
        for frame in seen.frames[1...3] {
            let name = try #require(frame.symbol)
            let elfAddress = try #require(symbolAddress[name])
            let offset = try #require(frame.offset)
            let symbolOffset = try #require(frame.symbolOffset)
            if build.pie {
                #expect(offset - symbolOffset == elfAddress, "\(frame)")
            } else {
                #expect(frame.pc - symbolOffset == elfAddress, "\(frame)")
            }
        }
    }

    @Test func demanglesCxxAndSwiftNames() {
        #expect(Demangler.demangle("_ZN3foo3barEv") == "foo::bar()")
        #expect(Demangler.demangle("_ZNSt6vectorIiSaIiEE9push_backERKi") == "std::vector<int, std::allocator<int> >::push_back(int const&)")
        #expect(Demangler.demangle("$sSi") == "Swift.Int")
        #expect(Demangler.demangle("main") == "main")
        #expect(Demangler.demangle("_Znot_mangled!") == "_Znot_mangled!")
    }
}
