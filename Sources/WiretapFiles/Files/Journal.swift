import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// A snapshot's journal, read back strictly.
///
/// Everything in it is checked before undo acts on any of it: the
/// snapshot directory must belong to the user running undo and be writable
/// by nobody else; paths must be absolute, normalised and free of NUL;
/// modes within 07777; owners that are real ids; blob names `blobs/N`
/// inside the snapshot, each a regular file of the same owner, and a
/// setuid or setgid bit is accepted only when the blob carries it too (which
/// only the snapshot's owner could have set). Anything else is an error
/// naming the line, never a trap.
public struct Journal: Sendable {
    /// One step of what a command did, with what is needed to take it back.
    public enum Record: Sendable {
        /// The object at `path` was saved before the command changed or removed it.
        case saved(path: FilePath, reason: String, state: FileState, blob: String?, parent: FileState)
        /// The command created (or was about to create) `path`.
        case created(path: FilePath, kind: FileState.Kind, parent: FileState)
        /// The command renamed `from` to `to` (or exchanged them).
        case renamed(from: FilePath, to: FilePath, exchange: Bool, fromParent: FileState, toParent: FileState)
        /// A directory's times before the command added or removed entries in it.
        case directoryTimes(path: FilePath, state: FileState)
    }

    /// The command and where it ran (from the header).
    public let command: [[UInt8]]
    public let workingDirectory: FilePath
    /// The records in order, without the cancelled ones.
    public let records: [Record]
    /// What the command left at each path it touched; empty when the run
    /// did not finish (`complete` false).
    public let finals: [(path: FilePath, state: FileState)]
    /// Whether the run finished and closed the journal. A tracer killed
    /// mid-run leaves a journal without its end; undo still works from it.
    public let complete: Bool
    /// The warnings and gaps the run recorded at its end.
    public let notes: [String]

    /// The longest journal undo reads.
    static let sizeLimit = 1 << 30
    /// JSON nesting allowed in a record (they need 3).
    static let depthLimit = 8

    /// Reads and checks `journal` in the snapshot directory open as `directory`
    /// (blobs are checked through `blobs`).
    init(directory: CInt, blobs: CInt, name: String) throws(SnapshotError) {
        let bytes = try Journal.readOwnedFile(in: directory, named: name)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A line the tracer was writing when it was killed has no newline: drop it.
        let tornTail = bytes.last != UInt8(ascii: "\n")
        if lines.last?.isEmpty == true { lines.removeLast() }
        var parsed: [(Int, JSONValue)] = []
        for (index, line) in lines.enumerated() {
            do {
                parsed.append((index + 1, try JSONValue.parse(Array(line), maxDepth: Journal.depthLimit)))
            } catch {
                if tornTail && index == lines.count - 1 && index > 0 { break }
                throw SnapshotError("journal line \(index + 1): \(error)")
            }
        }
        guard let (_, header) = parsed.first else { throw SnapshotError("the journal is empty") }
        guard header["wiretap_snapshot"]?.int64 == Int64(Snapshot.formatVersion) else {
            throw SnapshotError("journal line 1: not a wiretap snapshot journal of format \(Snapshot.formatVersion)")
        }
        guard let commandJSON = header["command"]?.array else { throw SnapshotError("journal line 1: no command") }
        var command: [[UInt8]] = []
        for item in commandJSON {
            guard let bytes = Paths.bytes(fromJSON: item) else { throw SnapshotError("journal line 1: a command argument is invalid") }
            command.append(bytes)
        }
        self.command = command
        guard let cwd = header["working_directory"], let workingDirectory = Journal.normalPath(cwd) else {
            throw SnapshotError("journal line 1: invalid working directory")
        }
        self.workingDirectory = workingDirectory

        var records: [Int: Record] = [:]
        var order: [Int] = []
        var finals: [(FilePath, FileState)] = []
        var complete = false
        var notes: [String] = []
        for (lineNumber, value) in parsed.dropFirst() {
            func fail(_ message: String) -> SnapshotError { SnapshotError("journal line \(lineNumber): \(message)") }
            guard !complete else { throw fail("a record after the end") }
            guard case .object = value, let op = value["op"]?.string else { throw fail("not a record") }
            guard let number = value["record"]?.int64, number == Int64(lineNumber - 2) else { throw fail("records out of order") }
            func path(_ key: String) throws(SnapshotError) -> FilePath {
                guard let item = value[key], let path = Journal.normalPath(item) else {
                    throw fail("\(key) is not an absolute, normalised path")
                }
                return path
            }
            func readState(_ key: String) throws(SnapshotError) -> FileState {
                guard let item = value[key] else { throw fail("no \(key)") }
                do { return try FileState(json: item) } catch { throw fail("\(key): \(error.description)") }
            }
            switch op {
            case "saved":
                let state = try readState("state")
                var blob: String? = nil
                if let item = value["blob"] {
                    guard let name = item.string, let checked = Journal.blobName(name) else { throw fail("invalid blob name") }
                    do { try Journal.checkBlob(checked, in: blobs, for: state) } catch { throw fail(error.description) }
                    blob = name
                }
                if state.kind == .file && blob == nil { throw fail("a saved file without its contents") }
                if state.mode & 0o6000 != 0 && state.kind != .file && state.kind != .directory {
                    throw fail("setuid or setgid on a \(state.kind.rawValue)")
                }
                guard let reason = value["reason"]?.string else { throw fail("no reason") }
                records[Int(number)] = .saved(path: try path("path"), reason: reason, state: state, blob: blob, parent: try readState("parent"))
                order.append(Int(number))
            case "created":
                guard let name = value["kind"]?.string, let kind = FileState.Kind(rawValue: name), kind != .absent else {
                    throw fail("invalid kind")
                }
                records[Int(number)] = .created(path: try path("path"), kind: kind, parent: try readState("parent"))
                order.append(Int(number))
            case "renamed":
                guard let exchange = value["exchange"]?.bool else { throw fail("no exchange flag") }
                records[Int(number)] = .renamed(from: try path("from"), to: try path("to"), exchange: exchange,
                                                fromParent: try readState("from_parent"), toParent: try readState("to_parent"))
                order.append(Int(number))
            case "directory_times":
                let state = try readState("state")
                guard state.kind == .directory else { throw fail("times of something that is not a directory") }
                records[Int(number)] = .directoryTimes(path: try path("path"), state: state)
                order.append(Int(number))
            case "cancelled":
                guard let cancelled = value["cancels"]?.int64, let index = Int(exactly: cancelled), index >= 0,
                      index < Int(number), records[index] != nil else { throw fail("cancels an unknown record") }
                records[index] = nil
            case "final":
                finals.append((try path("path"), try readState("state")))
            case "end":
                complete = true
                for key in ["warnings", "gaps"] {
                    for item in value[key]?.array ?? [] { if let text = item.string { notes.append(text) } }
                }
            default:
                throw fail("unknown record '\(op)'")
            }
        }
        self.records = order.compactMap { records[$0] }
        self.finals = complete ? finals : []
        self.complete = complete
        self.notes = notes
    }

    /// A path from the journal, only if it is absolute, normalised and its
    /// bytes are exactly those written (no NUL, no `.`, `..` or `//`).
    static func normalPath(_ value: JSONValue) -> FilePath? {
        guard let bytes = Paths.bytes(fromJSON: value), bytes.first == UInt8(ascii: "/") else { return nil }
        let path = Paths.path(bytes: bytes)
        guard Paths.bytes(path) == bytes, Paths.isAbsoluteAndNormal(path) else { return nil }
        return path
    }

    /// `blobs/N` with N a plain number: the file name N, or nil.
    static func blobName(_ text: String) -> String? {
        guard text.hasPrefix("blobs/") else { return nil }
        let name = text.dropFirst("blobs/".count)
        guard !name.isEmpty, name.count <= 19, name.utf8.allSatisfy({ (0x30...0x39).contains($0) }), name.first != "0" else { return nil }
        return String(name)
    }

    /// A blob must be a regular file of the snapshot's owner, carrying any
    /// setuid/setgid bit the state claims.
    static func checkBlob(_ name: String, in blobs: CInt, for state: FileState) throws(SnapshotError) {
        var info = stat()
        guard fstatat(blobs, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SnapshotError("blob \(name): \(Errno(rawValue: errno))")
        }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
            throw SnapshotError("blob \(name) is not a regular file of yours")
        }
        let claimed = state.mode & 0o6000
        if claimed & ~UInt32(info.st_mode & 0o6000) != 0 {
            throw SnapshotError("setuid/setgid recorded for a file whose saved copy does not carry it")
        }
    }

    /// Reads a file of the snapshot: a regular file (no symlink) owned by the
    /// user running undo and writable by nobody else.
    static func readOwnedFile(in directory: CInt, named name: String) throws(SnapshotError) -> [UInt8] {
        let fd = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotError("cannot open \(name): \(Errno(rawValue: errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw SnapshotError("\(name) is not a regular file") }
        guard info.st_uid == geteuid() else { throw SnapshotError("\(name) is not yours (owner \(info.st_uid))") }
        guard info.st_mode & 0o022 == 0 else { throw SnapshotError("\(name) is writable by group or others") }
        guard Int(info.st_size) <= sizeLimit else { throw SnapshotError("\(name) is larger than \(sizeLimit) bytes") }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 { if errno == EINTR { continue }; throw SnapshotError("cannot read \(name): \(Errno(rawValue: errno))") }
            if n == 0 { break }
            total += n
        }
        return Array(bytes.prefix(total))
    }
}
