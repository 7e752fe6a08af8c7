import Foundation
import Testing
import Wiretap

/// The library's typed syscall values: a user switches over the arguments of
/// openat, read, clone3 and rt_sigaction, decoded by the decoders that write
/// the strace text; and the README's example is this file's, compiled and run.
@Suite struct LibraryValueTests {
    /// Traces the fixture with a `SyscallValueDecoder`, on a tracer thread.
    static func decodedCalls(_ fixture: String, _ file: String) async throws -> (calls: [DecodedSyscall], opened: [String]) {
        try await TracerThread.run { () throws -> ([DecodedSyscall], [String]) in
            var options = TraceOptions()
            options.followForks = true
            let tracer = Tracer(options: options)
            try tracer.spawn(Command(fixture, arguments: [file]))
            var calls: [DecodedSyscall] = []
            var opened: [String] = []
            // README: library-values begin
            let decoder = SyscallValueDecoder()  // or SyscallValueDecoder(format:): -s, -v, -y, -X...
            try tracer.run { event, tracee in
                guard let call = decoder.decode(event, tracee) else { return .automatic }
                if call.name == "openat", case .string(let path, _) = call.arguments[1],
                   case .flags(_, let names, _) = call.arguments[2] {
                    opened.append(String(decoding: path, as: UTF8.self) + " " + names.joined(separator: "|"))
                }
                // README: library-values end
                calls.append(call)
                return .automatic
            }
            return (calls, opened)
        }
    }

    /// The fields of a structure, also inside strace's `{...} => {...}`.
    static func fields(_ value: SyscallValue) -> [String: SyscallValue] {
        switch value {
        case .structure(let fields, _): Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        case .changed(let from, let to): fields(from).merging(fields(to)) { a, _ in a }
        case .commented(let value, _): fields(value)
        default: [:]
        }
    }

    @Test func argumentsAreTypedValues() async throws {
        let fixture = try TestSupport.fixture("library_values")
        let file = TestSupport.temporaryDirectory() + "/data"
        try "0123456789abcdefXYZ".write(toFile: file, atomically: false, encoding: .utf8)
        let (calls, opened) = try await Self.decodedCalls(fixture, file)
        #expect(opened.contains(file + " O_RDONLY|O_CLOEXEC"))

        let openIndex = try #require(calls.lastIndex { call in
            guard call.name == "openat", case .string(let path, _) = call.arguments[1] else { return false }
            return path == Array(file.utf8)
        })
        let open = calls[openIndex]
        switch open.arguments[0] {
        case .constant(let raw, let name): #expect(raw == -100 && name == "AT_FDCWD")
        default: Issue.record("openat's dirfd: \(open.arguments[0])")
        }
        let fd = try #require(open.exit?.returnValue)

        let read = try #require(calls[openIndex...].first { $0.name == "read" && $0.arguments.first?.integer == fd })
        switch (read.arguments[0], read.arguments[1], read.arguments[2]) {
        case (.descriptor(let descriptor, _), .string(let bytes, let truncated), .unsigned(let size, _)):
            #expect(Int64(descriptor) == fd)
            #expect(bytes == Array("0123456789abcdef".utf8) && !truncated)
            #expect(size == 16)
        default:
            Issue.record("read: \(read.arguments)")
        }

        let sigaction = try #require(calls.first { $0.name == "rt_sigaction" && $0.arguments.first?.integer == Int64(SIGUSR1) })
        switch sigaction.arguments[0] {
        case .constant(_, let name): #expect(name == "SIGUSR1")
        default: Issue.record("rt_sigaction's signal: \(sigaction.arguments[0])")
        }
        let action = Self.fields(sigaction.arguments[1])
        if case .signalSet(let signals, let complemented)? = action["sa_mask"] {
            #expect(signals == ["TERM"] && !complemented)
        } else {
            Issue.record("sa_mask: \(String(describing: action["sa_mask"]))")
        }
        if case .flags(_, let names, _)? = action["sa_flags"] {
            #expect(names.contains("SA_RESTART") && names.contains("SA_RESTORER"))
        } else {
            Issue.record("sa_flags: \(String(describing: action["sa_flags"]))")
        }
        #expect(action["sa_handler"]?.integer.map { $0 != 0 } == true)

        let clone3 = try #require(calls.first { $0.name == "clone3" })
        let arguments = Self.fields(clone3.arguments[0])
        if case .flags(_, let names, _)? = arguments["flags"] {
            #expect(Set(names).isSuperset(of: ["CLONE_VM", "CLONE_THREAD", "CLONE_SIGHAND", "CLONE_SETTLS"]))
        } else {
            Issue.record("clone3's flags: \(clone3.arguments)")
        }
        #expect(arguments["parent_tid"] != nil)
        #expect(clone3.exit.map { $0.returnValue > 0 } == true)
    }

    /// The README's library example is the code between the markers above.
    @Test func readmeShowsThisExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let source = TestSupport.readFile(#filePath).lines
        let begin = try #require(source.firstIndex { $0.contains("// README: library-values begin") })
        let end = try #require(source.firstIndex { $0.contains("// README: library-values end") })
        let indent = source[begin + 1].prefix { $0 == " " }.count
        let example = source[(begin + 1)..<end].map { String($0.dropFirst(indent)) }.joined(separator: "\n")
        let readme = TestSupport.readFile(root + "/README.md")
        #expect(readme.contains(example), "README.md should show:\n\(example)")
    }
}
