import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles
import WiretapSymbols

/// The symbols layer (WiretapSymbols): backtraces of a traced fixture at its
/// `write` syscall entry, compared with gdb's `bt` at the same stop.
@Suite struct SymbolsTests {
    /// One build of a fixture: by default Fixtures/stack_chain.c with `cc`.
    struct Build: Sendable, CustomTestStringConvertible {
        enum Language: Sendable { case c, cxx, swift }
        /// Where a frame of the chain is expected.
        enum Module: Sendable { case program, library, swiftCore }
        var fixture = "stack_chain"
        var variant: String
        var flags: [String]
        var pie = true
        /// The fixture's functions from the write's caller up, as gdb names
        /// them (for Swift: as `swift-demangle` demangles gdb's names).
        var chain = ["inner", "outer", "main"]
        var language = Language.c
        /// A shared library (Fixtures/NAME.c) built with the same flags, that the program is linked against.
        var library: String? = nil
        /// The module of each frame of `chain`; nil: all in the program.
        var modules: [Module]? = nil
        /// The write happens on a thread other than the main one.
        var threaded = false
        var testDescription: String { "\(fixture) \(variant)" }

        /// Dynamically linked C without threads: libc's start code is below main.
        var libcStartsMain: Bool { language == .c && !threaded && !flags.contains("-static") }
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

    /// Statically linked, with our own shared library, on a second thread,
    /// C++, Swift, 32-bit.
    static let otherBuilds: [Build] = [
        // libc is part of the program: write and the start code have no debug info.
        Build(variant: "O0-static", flags: ["-g", "-O0", "-static"], pie: false),
        Build(variant: "O2-nofp-static", flags: ["-g", "-O2", "-fomit-frame-pointer", "-static"], pie: false),
        Build(fixture: "stack_lib_main", variant: "O0", flags: ["-g", "-O0"],
              chain: ["lib_inner", "lib_outer", "caller", "main"], library: "stack_lib",
              modules: [.library, .library, .program, .program]),
        Build(fixture: "stack_lib_main", variant: "O2-nofp", flags: ["-g", "-O2", "-fomit-frame-pointer"],
              chain: ["lib_inner", "lib_outer", "caller", "main"], library: "stack_lib",
              modules: [.library, .library, .program, .program]),
        // gdb goes on below worker, through libc's start_thread and clone3, to the thread's first frame.
        Build(fixture: "stack_thread", variant: "O0", flags: ["-g", "-O0", "-pthread"],
              chain: ["deeper", "deep", "worker"], threaded: true),
        Build(fixture: "stack_thread", variant: "O2-nofp", flags: ["-g", "-O2", "-fomit-frame-pointer", "-pthread"],
              chain: ["deeper", "deep", "worker"], threaded: true),
        Build(fixture: "stack_cxx", variant: "O0", flags: ["-g", "-O0"],
              chain: ["ns::emit", "ns::Box<int>::put", "ns::relay<int>", "main"], language: .cxx),
        Build(fixture: "stack_cxx", variant: "O2", flags: ["-g", "-O2"],
              chain: ["ns::emit", "ns::Box<int>::put", "ns::relay<int>", "main"], language: .cxx),
        // String.withCString is generic: at -Onone its unspecialized body in libswiftCore runs.
        Build(fixture: "stack_swift", variant: "Onone", flags: ["-g", "-Onone"],
              chain: ["closure #1 (Swift.UnsafePointer<Swift.Int8>) -> Swift.Int in stack_swift.inner(Swift.String) -> Swift.Int",
                      "Swift.String.withCString<A>((Swift.UnsafePointer<Swift.Int8>) throws -> A) throws -> A",
                      "stack_swift.inner(Swift.String) -> Swift.Int",
                      "stack_swift.outer(Swift.String) -> Swift.Int",
                      "main"],
              language: .swift, modules: [.program, .swiftCore, .program, .program, .program]),
        // i386: the write goes through the vDSO's __kernel_vsyscall, below libc's write.
        Build(variant: "O0-m32", flags: ["-g", "-O0", "-m32"]),
        Build(variant: "O2-nofp-m32", flags: ["-g", "-O2", "-fomit-frame-pointer", "-m32"]),
    ]

    /// A frame of gdb's `bt`.
    struct GDBFrame: Equatable, CustomStringConvertible {
        var function: String
        var file: String?
        var line: Int?
        /// The module gdb names for a frame without debug info ("... () from /lib/libfoo.so").
        var module: String? = nil
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
        /// The thread that wrote, and its process.
        var tid: pid_t = 0
        var tgid: pid_t = 0
    }

    static func fixture(_ build: Build) throws -> String {
        try program(build).path
    }

    /// Builds `build`'s program (and its shared library, if any).
    static func program(_ build: Build) throws -> (path: String, library: String?) {
        let source = TestSupport.fixtureSources + "/" + build.fixture
        let name = build.fixture + "-" + build.variant
        switch build.language {
        case .c:
            guard let library = build.library else {
                return (try TestSupport.fixture(build.fixture, variant: build.variant, flags: build.flags + ["-Wall"]), nil)
            }
            let libraryName = library + "-" + build.variant
            let soname = "lib\(libraryName).so"
            let libraryPath = try TestSupport.build(soname, ["cc"] + build.flags + [
                "-Wall", "-fPIC", "-shared", "-Wl,-soname," + soname, TestSupport.fixtureSources + "/" + library + ".c",
            ])
            // Found at run time through the rpath, as an installed library through the loader's paths.
            let path = try TestSupport.build(name, ["cc"] + build.flags + [
                "-Wall", source + ".c", "-L", TestSupport.scratch, "-l" + libraryName, "-Wl,-rpath," + TestSupport.scratch,
            ])
            return (path, libraryPath)
        case .cxx:
            return (try TestSupport.build(name, ["g++"] + build.flags + ["-Wall", source + ".cpp"]), nil)
        case .swift:
            return (try TestSupport.build(name, ["swiftc"] + build.flags + ["-module-name", "stack_swift", source + ".swift"]), nil)
        }
    }

    /// Traces `path` and takes a backtrace at its first write(1, ...) entry
    /// (then skips the write, keeping the test's output clean).
    /// (With `followThreads`, the tracer follows clones: the write may be on any thread.)
    static func backtraceAtWrite(_ path: String, includeSource: Bool = true, followThreads: Bool = false) async throws -> Seen {
        return try await TracerThread.run { () throws -> Seen in
            var options = TraceOptions()
            options.followForks = followThreads
            let tracer = Tracer(options: options)
            try tracer.spawn(Command(path))
            var seen = Seen()
            var done = false
            try tracer.run { event, tracee in
                guard !done, case .syscallEntry(let entry) = event.kind, entry.arguments.a0 == 1,
                      entry.number == SyscallTable.number(of: "write", arch: entry.arch) else { return .automatic }
                done = true
                seen.tid = tracee.pid
                // The process's symbols (as the CLI makes them), the writing thread's stack.
                seen.tgid = (try? ProcFS.threadGroup(of: tracee.pid)) ?? 0
                do throws(SymbolsError) {
                    let symbols = try ProcessSymbols(pid: seen.tgid, includeSource: includeSource)
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

    /// gdb's frames at the first write syscall of `path` (in whichever
    /// thread makes it: gdb switches to the thread that stopped).
    ///
    /// `readAll` is gdb's -readnow: gdb finds no Swift function through the
    /// .debug_names index swiftc writes (it prints no file:line for them
    /// then); reading all debug info, it does.
    static func gdbBacktrace(_ path: String, readAll: Bool = false) throws -> [GDBFrame] {
        let result = try TestSupport.run(["/usr/bin/gdb", "-nx", "-batch"] + (readAll ? ["-readnow"] : [])
                                         + ["-ex", "catch syscall write", "-ex", "run", "-ex", "bt", path],
                                         timeout: 120)
        var frames: [GDBFrame] = []
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("#") {
            // "#1  0x0000555555555175 in inner (text=...) at /path/file.c:11"
            // "#0  inner (...) at file.c:3" (inlined frames have no address)
            // "#2  0x00007ffff7b322d8 in $sSS11withCString...F () from /path/libswiftCore.so"
            // "#2  0x000055555555534a in ns::Box<int>::put (this=..., v=1) at ..."
            var rest = line.drop(while: { $0 != " " }).drop(while: { $0 == " " })
            if rest.hasPrefix("0x"), let range = rest.range(of: " in ") {
                rest = rest[range.upperBound...]
            }
            // The name ends where the arguments begin (a C++ name may hold spaces: "Box<pair<int, int> >").
            let function = String(rest[..<(rest.range(of: " (")?.lowerBound ?? rest.endIndex)])
            var file: String? = nil
            var lineNumber: Int? = nil
            if let at = rest.range(of: ") at ", options: .backwards) {
                let location = rest[at.upperBound...]
                if let colon = location.lastIndex(of: ":") {
                    file = String(location[..<colon])
                    lineNumber = Int(location[location.index(after: colon)...])
                }
            }
            var module: String? = nil
            if let from = rest.range(of: ") from ", options: .backwards) {
                module = String(rest[from.upperBound...])
            }
            frames.append(GDBFrame(function: function, file: file, line: lineNumber, module: module))
        }
        return frames
    }

    /// gdb names a module by the path the loader opened (/lib32/libc.so.6),
    /// we by /proc/PID/maps' (/usr/lib32/libc.so.6): the same file when
    /// their symbolic links resolve to the same path.
    static func realPath(_ path: String?) -> String? {
        guard let path, let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func basename(_ path: String?) -> String? {
        guard let path else { return nil }
        return path.split(separator: "/").last.map(String.init)
    }

    /// gdb's names for `build`'s language. gdb does not demangle Swift
    /// names: it prints the symbols' linkage names; `swift-demangle` (the
    /// toolchain's demangler, not ours) turns them into what
    /// `swift_demangle` gives.
    static func gdbNames(_ frames: [GDBFrame], _ build: Build) throws -> [String] {
        let names = frames.map(\.function)
        guard build.language == .swift else { return names }
        let mangled = names.filter { $0.hasPrefix("$s") }
        guard let demangler = TestSupport.executable("swift-demangle") else {
            throw TestSupport.TestFailure("swift-demangle not found in PATH (it comes with the Swift toolchain)")
        }
        let result = try TestSupport.run([demangler, "--compact"] + mangled)
        let demangled = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(result.exitCode == 0 && demangled.count >= mangled.count, "swift-demangle: \(result.stderr)")
        let table = Dictionary(zip(mangled, demangled), uniquingKeysWith: { a, _ in a })
        return names.map { table[$0] ?? $0 }
    }

    /// gdb's name -> ours, for libc functions with several local symbols
    /// at one address (libc's .symtab has __GI___clone3, __clone3 and
    /// clone3 at the same address; libdwfl names it by one, gdb by another).
    /// Frames whose names are these pairs still match in file and line.
    static let aliases = ["clone3": "__clone3"]

    /// Our name for a frame, compared with gdb's.
    ///
    /// C++: ours is the ELF symbol demangled by `__cxa_demangle` (as strace
    /// -k prints it), "ns::Box<int>::put(int)" or, for a function template,
    /// with its return type, "int ns::relay<int>(int)"; gdb's `bt` prints
    /// the qualified name without either, "ns::Box<int>::put (this=...,
    /// v=1)". The comparison drops our parameter list and return type (and
    /// nothing else: a clone suffix like " [clone .cold]" stays and fails it).
    static func ourName(_ frame: StackFrame, _ build: Build) -> String {
        let name = frame.symbol ?? "??"
        return build.language == .cxx ? qualifiedName(name) : name
    }

    /// "int ns::relay<int>(int)" -> "ns::relay<int>"; unchanged if it does
    /// not end in a parameter list (with cv- or ref-qualifiers).
    static func qualifiedName(_ demangled: String) -> String {
        let characters = Array(demangled)
        guard let close = characters.lastIndex(of: ")"),
              ["", " const", " volatile", " const volatile", " &", " &&", " const &", " const &&"]
                .contains(String(characters[(close + 1)...])) else { return demangled }
        var depth = 0
        var open: Int? = nil
        for i in stride(from: close, through: 0, by: -1) {
            if characters[i] == ")" { depth += 1 }
            if characters[i] == "(" {
                depth -= 1
                if depth == 0 { open = i; break }
            }
        }
        guard let open, open > 0 else { return demangled }
        // A return type ends at the last space outside template arguments.
        var start = 0
        var angles = 0
        for i in 0..<open {
            switch characters[i] {
            case "<": angles += 1
            case ">": angles -= 1
            case " " where angles == 0: start = i + 1
            default: break
            }
        }
        return String(characters[start..<open])
    }

    @Test(arguments: builds + otherBuilds)
    func backtraceMatchesGDB(_ build: Build) async throws {
        let (path, library) = try Self.program(build)
        let seen = try await Self.backtraceAtWrite(path, followThreads: build.threaded)
        #expect(seen.error == nil)
        if build.threaded { #expect(seen.tid != seen.tgid, "the write was on the main thread") }
        let expected = try Self.gdbBacktrace(path, readAll: build.language == .swift)
        try #require(expected.count >= 4, "gdb gave no backtrace: \(expected)")
        let gdbNames = try Self.gdbNames(expected, build)
        let ours = seen.frames.map { GDBFrame(function: Self.ourName($0, build), file: $0.file, line: $0.line, module: $0.module) }
        // Where the fixture's frames begin: after libc's write (and, for
        // i386, the vDSO's __kernel_vsyscall) in both.
        let gdbStart = try #require(gdbNames.firstIndex(of: build.chain[0]), "gdb: \(gdbNames)")
        let start = try #require(ours.firstIndex { $0.function == build.chain[0] }, "ours: \(ours)\ngdb: \(gdbNames)")
        #expect(start == gdbStart, "ours: \(ours)\ngdb: \(expected)")
        try #require(ours.count - start >= expected.count - gdbStart, "ours: \(ours)\ngdb: \(expected)")
        // The frames before it (libc's write; for i386 first the vDSO's
        // __kernel_vsyscall): gdb names write by its debug-info alias
        // (__GI___libc_write), the ELF symbol table by another (__write...).
        for i in 0..<min(start, gdbStart) {
            #expect(ours[i].function == gdbNames[i] || (ours[i].function.hasSuffix("write") && gdbNames[i].hasSuffix("write")),
                    "frame \(i): ours \(ours[i]) gdb \(expected[i])")
            #expect(Self.basename(ours[i].file) == Self.basename(expected[i].file), "frame \(i): ours \(ours[i]) gdb \(expected[i])")
            if let module = expected[i].module {
                #expect(Self.realPath(ours[i].module) == Self.realPath(module), "frame \(i): ours \(ours[i]) gdb \(expected[i])")
            }
        }
        // From there to gdb's last frame: the same functions, files and
        // lines as gdb's, and the same module where gdb names one.
        for k in 0..<(expected.count - gdbStart) {
            let (o, g) = (ours[start + k], expected[gdbStart + k])
            #expect(o.function == gdbNames[gdbStart + k] || Self.aliases[gdbNames[gdbStart + k]] == o.function,
                    "frame \(gdbStart + k): ours \(o) gdb \(g)")
            #expect(Self.basename(o.file) == Self.basename(g.file), "frame \(gdbStart + k): ours \(o) gdb \(g)")
            #expect(o.line == g.line, "frame \(gdbStart + k): ours \(o) gdb \(g)")
            if let module = g.module {
                #expect(Self.realPath(o.module) == Self.realPath(module), "frame \(gdbStart + k): ours \(o) gdb \(g)")
            }
        }
        let chain = start..<(start + build.chain.count)
        #expect(Array(ours[chain].map(\.function)) == build.chain)
        for (i, module) in zip(chain, build.modules ?? Array(repeating: .program, count: build.chain.count)) {
            let frame = seen.frames[i]
            #expect(frame.offset != nil, "\(frame)")
            switch module {
            case .program: #expect(frame.module == path, "\(frame)")
            case .library: #expect(frame.module == library, "\(frame)")
            case .swiftCore: #expect(Self.basename(frame.module) == "libswiftCore.so", "\(frame)")
            }
        }
        // Inlined frames are marked, and share their pc with the frame they are inlined into.
        for i in chain {
            #expect(seen.frames[i].inlined == (build.chain[i - start] == "middle"), "\(seen.frames[i])")
            if seen.frames[i].inlined { #expect(seen.frames[i].pc == seen.frames[i + 1].pc) }
        }
        if build.libcStartsMain {
            // Below main: libc's start code, in libc.
            #expect(seen.frames.dropFirst(chain.upperBound).contains { $0.module?.contains("libc.so") == true })
            // Versioned names lose their version, as strace and gdb print them.
            #expect(seen.frames.contains { $0.symbol == "__libc_start_main" })
        }
        #expect(!seen.frames.contains { $0.symbol?.contains("@") == true })
    }

    /// The C++ name normalisation of `backtraceMatchesGDB` drops exactly a
    /// parameter list and a return type.
    @Test func qualifiedNamesDropOnlyParametersAndReturnType() {
        #expect(Self.qualifiedName("ns::Box<int>::put(int)") == "ns::Box<int>::put")
        #expect(Self.qualifiedName("int ns::relay<int>(int)") == "ns::relay<int>")
        #expect(Self.qualifiedName("ns::Box<std::pair<int, int> >::get() const") == "ns::Box<std::pair<int, int> >::get")
        #expect(Self.qualifiedName("ns::emit(char const*, int) [clone .cold]") == "ns::emit(char const*, int) [clone .cold]")
        #expect(Self.qualifiedName("main") == "main")
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
