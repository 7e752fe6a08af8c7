import Glibc

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
        public var path: String?
        public var detail: String
    }

    public var read: Set<String> = []
    public var written: Set<String> = []
    public var created: Set<String> = []
    public var deleted: Set<String> = []
    public var renamed: [(from: String, to: String)] = []
    public var executed: Set<String> = []
    public var metadata: Set<String> = []
    public var directoriesCreated: Set<String> = []
    public var directoriesRemoved: Set<String> = []
    public var gaps: [Gap] = []

    public init() {}

    /// The report as one JSON object (`--json`).
    public func json(command: [String], termination: Tracer.Termination?, snapshot: String?) -> JSONValue {
        func sorted(_ set: Set<String>) -> JSONValue { JSONValue(set.sorted()) }
        var status: JSONValue = .null
        switch termination {
        case .exited(let code)?: status = .object([("exited", JSONValue(Int(code)))])
        case .killed(let signal, _)?: status = .object([("killed", .string(signal.description))])
        case nil: break
        }
        var members: [(String, JSONValue)] = [
            ("command", JSONValue(command)),
            ("status", status),
            ("read", sorted(read)),
            ("written", sorted(written)),
            ("created", sorted(created)),
            ("deleted", sorted(deleted)),
            ("renamed", .array(renamed.map { .object([("from", .string($0.from)), ("to", .string($0.to))]) })),
            ("executed", sorted(executed)),
            ("metadata", sorted(metadata)),
            ("directories_created", sorted(directoriesCreated)),
            ("directories_removed", sorted(directoriesRemoved)),
            ("gaps", .array(gaps.map { gap in
                var fields: [(String, JSONValue)] = [("kind", .string(gap.kind.rawValue)), ("pid", JSONValue(Int(gap.pid)))]
                if let path = gap.path { fields.append(("path", .string(path))) }
                fields.append(("detail", .string(gap.detail)))
                return .object(fields)
            })),
        ]
        if let snapshot { members.append(("snapshot", .string(snapshot))) }
        return .object(members)
    }

    /// The human report: a summary line, then each non-empty group, sorted, with counts.
    public func text() -> String {
        var out = "wiretap files: \(read.count) read, \(written.count) written, \(created.count) created, "
            + "\(deleted.count) deleted, \(renamed.count) renamed\n"
        func group(_ title: String, _ paths: [String]) {
            guard !paths.isEmpty else { return }
            out += "\(title) (\(paths.count)):\n"
            for path in paths { out += "  \(path)\n" }
        }
        group("read", read.sorted())
        group("written", written.sorted())
        group("created", created.sorted())
        group("deleted", deleted.sorted())
        group("renamed", renamed.map { "\($0.from) -> \($0.to)" })
        group("executed", executed.sorted())
        group("metadata changed", metadata.sorted())
        group("directories created", directoriesCreated.sorted())
        group("directories removed", directoriesRemoved.sorted())
        group("not seen through", gaps.map { "\($0.kind.rawValue): \($0.detail)" })
        return out
    }
}
