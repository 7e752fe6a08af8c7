import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSymbols

/// The debugger's lookups (WiretapSymbols' SymbolLookup.swift): functions by
/// name and FILE:LINE locations in a live process, compared with gdb's
/// `break NAME` and `break FILE:LINE` in the same program at the same stop
/// (its first write(1, ...)), both without address space randomization.
@Suite struct SymbolLookupTests {
    struct Build: Sendable, CustomTestStringConvertible {
        var variant: String
        var flags: [String]
        var compiler = "cc"
        var isStatic: Bool { flags.contains("-static") }
        var testDescription: String { "debug_target \(variant)" }
    }

    static let builds: [Build] = [
        Build(variant: "O0", flags: ["-g", "-O0"]),
        Build(variant: "O2", flags: ["-g", "-O2"]),
        Build(variant: "O0-static", flags: ["-g", "-O0", "-static"]),
        Build(variant: "O2-static", flags: ["-g", "-O2", "-static"]),
        // Optimized with a frame pointer: gdb trusts the entry of a GCC unit
        // with location lists, and does not skip the push/mov.
        Build(variant: "O2-fp", flags: ["-g", "-O2", "-fno-omit-frame-pointer"]),
        // clang marks the end of prologues in the line table (prologue_end).
        Build(variant: "clang-O0", flags: ["-g", "-O0"], compiler: "clang"),
        Build(variant: "clang-O2", flags: ["-g", "-O2"], compiler: "clang"),
        Build(variant: "O0-m32", flags: ["-g", "-O0", "-m32"]),
        Build(variant: "O2-m32", flags: ["-g", "-O2", "-m32"]),
    ]

    static let functions = ["main", "compute", "helper_static", "say", "debug_lib_twice", "write"]
    /// debug_target.c has 44 lines, debug_lib.c 9 (and one past the end of each).
    /// And a few by a longer part of the path, or the full path; and a file that is not there.
    static let lines: [(file: String, line: Int)] =
        (1...45).map { ("debug_target.c", $0) } + (1...10).map { ("debug_lib.c", $0) }
        + [("Fixtures/debug_target.c", 25), ("WiretapTests/Fixtures/debug_lib.c", 7),
           (TestSupport.fixtureSources + "/debug_target.c", 20), (TestSupport.fixtureSources + "/debug_target.c", 33),
           ("no_such_file.c", 3), ("target.c", 22)]

    /// The program: debug_target.c with debug_lib.c as a shared library
    /// (found through the rpath), or both linked in for -static.
    static func program(_ build: Build) throws -> String {
        let sources = TestSupport.fixtureSources
        let name = "debug_target-" + build.variant
        if build.isStatic {
            return try TestSupport.build(name, [build.compiler] + build.flags + ["-Wall", sources + "/debug_target.c", sources + "/debug_lib.c"])
        }
        let library = "debug_lib-" + build.variant
        _ = try TestSupport.build("lib\(library).so", [build.compiler] + build.flags + ["-Wall", "-fPIC", "-shared", sources + "/debug_lib.c"])
        return try TestSupport.build(name, [build.compiler] + build.flags + [
            "-Wall", sources + "/debug_target.c", "-L", TestSupport.scratch, "-l" + library, "-Wl,-rpath," + TestSupport.scratch,
        ])
    }

    /// A breakpoint of gdb's: its locations, each with gdb's file and line.
    struct Location: Equatable, CustomStringConvertible {
        var address: UInt64
        var file: String?
        var line: Int?
        var description: String { "0x" + String(address, radix: 16) + " \(file ?? "?"):\(line.map(String.init) ?? "?")" }
    }

    /// gdb's locations for each of `queries` (`break QUERY`) at the first
    /// write(1, ...) of `path`; an empty list where gdb set no breakpoint.
    static func gdbBreakpoints(_ path: String, _ queries: [String]) throws -> [[Location]] {
        var arguments = ["/usr/bin/gdb", "-nx", "-batch", "-ex", "set breakpoint pending off",
                         "-ex", "catch syscall write", "-ex", "run"]
        for (i, query) in queries.enumerated() {
            arguments += ["-ex", "echo @@query \(i)\\n", "-ex", "break \(query)"]
        }
        arguments += ["-ex", "echo @@info\\n", "-ex", "info breakpoints", "-ex", "kill", path]
        let result = try TestSupport.run(arguments, timeout: 180)
        var numberOfQuery: [Int: Int] = [:]
        var query: Int? = nil
        var inInfo = false
        var locations: [Int: [Location]] = [:]
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("@@query ") { query = Int(line.dropFirst(8)); continue }
            if line == "@@info" { inInfo = true; continue }
            if !inInfo {
                // "Breakpoint 7 at 0x5555555551a0: debug_target.c:20. (2 locations)"
                if let query, line.hasPrefix("Breakpoint "), let number = Int(line.dropFirst(11).prefix { $0.isNumber }) {
                    numberOfQuery[query] = number
                }
                continue
            }
            // "2       breakpoint     keep y   0x0000555555555229 in main at /path/debug_target.c:38"
            // "7.1                         y   0x00005555555551a0 in compute at /path/debug_target.c:20"
            let words = line.split(separator: " ")
            guard let first = words.first, let number = Int(first.prefix { $0.isNumber }),
                  let hex = words.first(where: { $0.hasPrefix("0x") }), let address = UInt64(hex.dropFirst(2), radix: 16) else { continue }
            var location = Location(address: address)
            if let at = words.lastIndex(of: "at"), at + 1 < words.count, let colon = words[at + 1].lastIndex(of: ":") {
                location.file = String(words[at + 1][..<colon])
                location.line = Int(words[at + 1][words[at + 1].index(after: colon)...])
            }
            locations[number, default: []].append(location)
        }
        try #require(!locations.isEmpty, "gdb: \(result.stdout)\n\(result.stderr)")
        return queries.indices.map { i in numberOfQuery[i].flatMap { locations[$0] } ?? [] }
    }

    /// What our lookups gave at the write stop.
    struct Ours: Sendable {
        var entries: [[UInt64]] = []
        var breakpoints: [[UInt64]] = []
        var breakpointLines: [[Int?]] = []
        var lines: [Result<[UInt64], SymbolsError>] = []
        var rows: [[(address: UInt64, line: Int, isStatement: Bool)]] = []
        var error: String? = nil
    }

    /// Runs `path` (without address space randomization, as gdb runs it)
    /// to its first write(1, ...) and makes the lookups there.
    static func lookups(_ path: String) async throws -> Ours {
        try await TracerThread.run { () throws -> Ours in
            let tracer = Tracer()
            try tracer.spawn(Command("/usr/bin/setarch", arguments: ["-R", path]))
            var ours = Ours()
            var done = false
            try tracer.run { event, tracee in
                guard !done, case .syscallEntry(let entry) = event.kind, entry.arguments.a0 == 1,
                      entry.number == SyscallTable.number(of: "write", arch: entry.arch) else { return .automatic }
                done = true
                do throws(SymbolsError) {
                    let symbols = try ProcessSymbols(pid: (try? ProcFS.threadGroup(of: tracee.pid)) ?? tracee.pid)
                    for name in functions {
                        ours.entries.append(symbols.addresses(ofFunction: name))
                        let breakpoints = symbols.breakpointAddresses(ofFunction: name)
                        ours.breakpoints.append(breakpoints)
                        ours.breakpointLines.append(breakpoints.map { symbols.lineInfo(at: $0)?.line })
                        ours.rows.append(symbols.addresses(ofFunction: name).first.map { symbols.lineRows(ofFunctionAt: $0) } ?? [])
                    }
                    for (file, line) in lines {
                        do throws(SymbolsError) {
                            ours.lines.append(.success(try symbols.addresses(file: file, line: line)))
                        } catch {
                            ours.lines.append(.failure(error))
                        }
                    }
                } catch {
                    ours.error = error.description
                }
                try? tracee.skipSyscall()
                return .automatic
            }
            return ours
        }
    }

    static func hex(_ addresses: [UInt64]) -> String {
        "[" + addresses.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + "]"
    }

    @Test(arguments: builds)
    func functionBreakpointsMatchGDB(_ build: Build) async throws {
        let path = try Self.program(build)
        let ours = try await Self.lookups(path)
        try #require(ours.error == nil, "\(ours.error ?? "")")
        let gdb = try Self.gdbBreakpoints(path, Self.functions)
        for (i, name) in Self.functions.enumerated() {
            let expected = gdb[i]
            try #require(!expected.isEmpty, "gdb set no breakpoint at \(name)")
            #expect(ours.breakpoints[i] == expected.map(\.address).sorted(),
                    "break \(name): ours \(Self.hex(ours.breakpoints[i])) gdb \(expected)")
            // The entry is the symbol's address, at or before the breakpoint, in the same function.
            #expect(ours.entries[i].count == ours.breakpoints[i].count, "\(name): entries \(Self.hex(ours.entries[i]))")
            for (entry, breakpoint) in zip(ours.entries[i], ours.breakpoints[i]) {
                #expect(entry <= breakpoint && breakpoint - entry < 32, "\(name): entry 0x\(String(entry, radix: 16))")
            }
            // gdb's line for the breakpoint, where the fixture has it.
            if let line = expected.first?.line, expected.first?.file?.hasSuffix("debug_target.c") == true
                || expected.first?.file?.hasSuffix("debug_lib.c") == true {
                #expect(ours.breakpointLines[i].first == line, "break \(name): gdb \(expected)")
            }
        }
        #expect(Set(ours.entries[0]).count == 1, "one main: \(Self.hex(ours.entries[0]))")
    }

    @Test(arguments: builds)
    func lineBreakpointsMatchGDB(_ build: Build) async throws {
        let path = try Self.program(build)
        let ours = try await Self.lookups(path)
        try #require(ours.error == nil, "\(ours.error ?? "")")
        let gdb = try Self.gdbBreakpoints(path, Self.lines.map { "\($0.file):\($0.line)" })
        #expect(gdb.filter { !$0.isEmpty }.count > 20, "gdb set too few breakpoints")
        for (i, (file, line)) in Self.lines.enumerated() {
            let expected = gdb[i].map(\.address).sorted()
            switch ours.lines[i] {
            case .success(let addresses):
                #expect(addresses.sorted() == expected, "break \(file):\(line): ours \(Self.hex(addresses)) gdb \(gdb[i])")
            case .failure(let error):
                #expect(expected.isEmpty, "break \(file):\(line): ours \(error) gdb \(gdb[i])")
            }
        }
    }

    /// A file is named by its full path or a trailing part of it, whole components only.
    @Test func fileNamesMatchWholeTrailingComponents() {
        let path = "/src/proj/Fixtures/debug_target.c"
        #expect(ProcessSymbols.fileMatches(path, "debug_target.c"))
        #expect(ProcessSymbols.fileMatches(path, "Fixtures/debug_target.c"))
        #expect(ProcessSymbols.fileMatches(path, "./debug_target.c"))
        #expect(ProcessSymbols.fileMatches(path, path))
        #expect(!ProcessSymbols.fileMatches(path, "target.c"))
        #expect(!ProcessSymbols.fileMatches(path, "other/debug_target.c"))
        #expect(!ProcessSymbols.fileMatches(path, "debug_target"))
    }

    /// The rows of a function: sorted, inside it, beginning at its entry,
    /// with the line of each of gdb's breakpoints inside it.
    @Test(arguments: builds)
    func functionRowsCoverTheFunction(_ build: Build) async throws {
        let path = try Self.program(build)
        let ours = try await Self.lookups(path)
        try #require(ours.error == nil, "\(ours.error ?? "")")
        for name in ["compute", "say", "debug_lib_twice"] {
            let i = try #require(Self.functions.firstIndex(of: name))
            let rows = ours.rows[i]
            let entry = try #require(ours.entries[i].first)
            try #require(!rows.isEmpty, "\(name): no rows")
            #expect(rows.first?.address == entry, "\(name)")
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.address <= $1.address }, "\(name)")
            #expect(rows.contains { $0.isStatement })
            // The breakpoint is at a statement row of the line lineInfo gives.
            let breakpoint = try #require(ours.breakpoints[i].first)
            let line = try #require(ours.breakpointLines[i].first ?? nil)
            #expect(rows.contains { $0.address == breakpoint && $0.line == line }, "\(name): \(rows)")
        }
    }
}
