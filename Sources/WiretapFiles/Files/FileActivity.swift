import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// What a command did to files, gathered by `FileTracker`.
public struct FileActivity: Sendable {
    /// Something the tracker could not see through, reported rather than ignored.
    public struct Gap: Sendable, Hashable {
        public enum Kind: String, Sendable {
            /// io_uring submissions: file operations the tracer cannot see.
            case ioUring = "io_uring"
            /// A file mapped shared and writable: writes through memory are not syscalls.
            case sharedMmap = "shared_mmap"
            /// A file written through a descriptor inherited from outside the command.
            case inheritedFD = "inherited_fd"
        }
        public var kind: Kind
        public var pid: pid_t
        public var path: FilePath?
        public var detail: String
    }

    public var read: Set<FilePath> = []
    public var written: Set<FilePath> = []
    public var created: Set<FilePath> = []
    public var deleted: Set<FilePath> = []
    public var renamed: [(from: FilePath, to: FilePath)] = []
    public var executed: Set<FilePath> = []
    public var metadata: Set<FilePath> = []
    public var directoriesCreated: Set<FilePath> = []
    public var directoriesRemoved: Set<FilePath> = []
    public var gaps: [Gap] = []

    public init() {}

    /// Paths in byte order, as JSON (a string, or `{"hex": ...}` when not UTF-8).
    static func sortedJSON(_ set: Set<FilePath>) -> JSONValue {
        .array(sorted(set).map(Paths.json))
    }

    static func sorted(_ set: Set<FilePath>) -> [FilePath] {
        set.map { ($0, Paths.bytes($0)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
    }

    /// The report as one JSON object (`--json`). Paths that are not UTF-8
    /// are `{"hex": "..."}` objects (see `Paths.json`).
    package func json(command: [[UInt8]], termination: Tracer.Termination?, snapshot: FilePath?,
                     refusals: [FileTracker.Refusal] = []) -> JSONValue {
        let sorted = FileActivity.sortedJSON
        var status: JSONValue = .null
        switch termination {
        case .exited(let code)?: status = .object([("exited", JSONValue(Int(code)))])
        case .killed(let signal, _)?: status = .object([("killed", .string(signal.description))])
        case nil: break
        }
        var members: [(String, JSONValue)] = [
            ("command", .array(command.map { Paths.json(bytes: $0) })),
            ("status", status),
            ("read", sorted(read)),
            ("written", sorted(written)),
            ("created", sorted(created)),
            ("deleted", sorted(deleted)),
            ("renamed", .array(renamed.map { .object([("from", Paths.json($0.from)), ("to", Paths.json($0.to))]) })),
            ("executed", sorted(executed)),
            ("metadata", sorted(metadata)),
            ("directories_created", sorted(directoriesCreated)),
            ("directories_removed", sorted(directoriesRemoved)),
            ("gaps", .array(gaps.map { gap in
                var fields: [(String, JSONValue)] = [("kind", .string(gap.kind.rawValue)), ("pid", JSONValue(Int(gap.pid)))]
                if let path = gap.path { fields.append(("path", Paths.json(path))) }
                fields.append(("detail", .string(gap.detail)))
                return .object(fields)
            })),
            ("refused", .array(refusals.map { refusal in
                var fields: [(String, JSONValue)] = [("pid", JSONValue(Int(refusal.pid))), ("call", .string(refusal.call))]
                if let path = refusal.path { fields.append(("path", Paths.json(path))) }
                fields.append(("reason", .string(refusal.reason)))
                return .object(fields)
            })),
        ]
        if let snapshot { members.append(("snapshot", Paths.json(snapshot))) }
        return .object(members)
    }

    /// The human report: a summary line, then each non-empty group, sorted,
    /// with counts. Every path is escaped (`Paths.display`): control bytes
    /// in a name cannot forge lines or reach the terminal.
    public func text(refusals: [FileTracker.Refusal] = []) -> String {
        var out = "wiretap files: \(read.count) read, \(written.count) written, \(created.count) created, "
            + "\(deleted.count) deleted, \(renamed.count) renamed\n"
        func group(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "\(title) (\(lines.count)):\n"
            for line in lines { out += "  \(line)\n" }
        }
        func paths(_ set: Set<FilePath>) -> [String] { FileActivity.sorted(set).map(Paths.display) }
        group("read", paths(read))
        group("written", paths(written))
        group("created", paths(created))
        group("deleted", paths(deleted))
        group("renamed", renamed.map { "\(Paths.display($0.from)) -> \(Paths.display($0.to))" })
        group("executed", paths(executed))
        group("metadata changed", paths(metadata))
        group("directories created", paths(directoriesCreated))
        group("directories removed", paths(directoriesRemoved))
        group("not seen through", gaps.map { "\($0.kind.rawValue): \($0.detail)" })
        group("refused (not protected, so not allowed to happen)", refusals.map { refusal in
            "\(refusal.call)" + (refusal.path.map { " " + Paths.display($0) } ?? "") + " (process \(refusal.pid)): \(refusal.reason)"
        })
        return out
    }
}
