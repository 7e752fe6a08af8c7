import CWiretap
import Glibc
import SystemPackage

/// An error creating, writing or reading a snapshot directory.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One step of what a command did, with what is needed to take it back.
public enum JournalEntry: Sendable {
    /// The object at `path` was saved before the command changed or removed it.
    case saved(path: String, reason: String, state: FileState, blob: String?, listing: [String]?)
    /// The command created `path`, which did not exist.
    case created(path: String, kind: FileState.Kind)
    /// The command renamed `from` to `to` (or swapped them).
    case renamed(from: String, to: String, exchange: Bool)
    /// A directory's times before the command added or removed entries in it.
    case directoryTimes(path: String, state: FileState)
}

/// The pre-images of everything a command changes, saved into a directory
/// while the command is stopped at each changing syscall, so that
/// `Undo` can put the tree back.
///
/// Layout: `manifest.json` (what was saved, why, in order, and what the
/// command left at each path) and `blobs/N` (file contents, reflinked or
/// copied with copy_file_range).
public final class Snapshot {
    public let directory: String
    public private(set) var journal: [JournalEntry] = []
    /// Paths whose current object is already accounted for: saved, or created by the command.
    private var preserved: Set<String> = []
    private var timesSaved: Set<String> = []
    private var blobCount = 0
    /// Problems saving (a file that could not be copied...), reported at the end.
    public private(set) var warnings: [String] = []

    /// Creates the snapshot directory; refuses one that exists and is not empty.
    public init(directory: String) throws(SnapshotError) {
        self.directory = Paths.resolve(directory, against: Paths.currentDirectory())
        let state = FileState.of(self.directory)
        if state.kind == .directory {
            let entries: [String]
            do { entries = try ProcFS.directoryEntries(self.directory) } catch {
                throw SnapshotError("cannot read \(self.directory): \(error)")
            }
            if !entries.isEmpty {
                throw SnapshotError("snapshot directory \(self.directory) exists and is not empty; give a new or empty directory")
            }
        } else if state.kind != .absent {
            throw SnapshotError("snapshot directory \(self.directory) exists and is not a directory")
        } else if mkdir(self.directory, 0o700) != 0 {
            throw SnapshotError("cannot create snapshot directory \(self.directory): \(Errno(rawValue: errno))")
        }
        if mkdir(self.directory + "/blobs", 0o700) != 0 {
            throw SnapshotError("cannot create \(self.directory)/blobs: \(Errno(rawValue: errno))")
        }
    }

    /// Whether `path` is inside the snapshot directory (never tracked or saved).
    public func contains(_ path: String) -> Bool { Paths.isWithin(path, directory) }

    /// Saves the object at `path` (contents, mode, owner, times; a symlink as a
    /// link; a directory's listing) before the command changes it: once per object.
    public func saveBeforeChange(_ path: String, reason: String) {
        guard !contains(path), !preserved.contains(path) else { return }
        preserved.insert(path)
        let state = FileState.of(path)
        guard state.kind != .absent else { return }
        var blob: String? = nil
        var listing: [String]? = nil
        switch state.kind {
        case .file:
            blobCount += 1
            let name = "blobs/\(blobCount)"
            if let problem = Snapshot.copyFile(from: path, to: directory + "/" + name) {
                warnings.append("could not save \(path): \(problem)")
            } else {
                blob = name
            }
        case .directory:
            listing = Snapshot.listing(of: path)
        default:
            break
        }
        journal.append(.saved(path: path, reason: reason, state: state, blob: blob, listing: listing))
    }

    /// Remembers the times of the directory holding `path`, before an entry in it changes.
    public func saveParentTimes(of path: String) {
        let parent = Paths.parent(path)
        guard !contains(parent), !timesSaved.contains(parent) else { return }
        timesSaved.insert(parent)
        let state = FileState.of(parent)
        if state.kind == .directory { journal.append(.directoryTimes(path: parent, state: state)) }
    }

    /// Records that the command created `path`.
    public func recordCreated(_ path: String, kind: FileState.Kind) {
        guard !contains(path) else { return }
        preserved.insert(path)
        journal.append(.created(path: path, kind: kind))
    }

    /// Records that the object at `path` is gone (unlink, rmdir).
    public func recordRemoved(_ path: String) {
        preserved.remove(path)
    }

    /// Records a rename; what is known about each object moves with it.
    public func recordRenamed(from: String, to: String, exchange: Bool) {
        guard !contains(from), !contains(to) else { return }
        journal.append(.renamed(from: from, to: to, exchange: exchange))
        let moving = preserved.filter { Paths.isWithin($0, from) }
        let swapped = exchange ? preserved.filter { Paths.isWithin($0, to) } : []
        if !exchange { preserved = preserved.filter { !Paths.isWithin($0, to) } }
        preserved.subtract(moving)
        preserved.subtract(swapped)
        for path in moving { preserved.insert(to + path.dropFirst(from.count)) }
        for path in swapped { preserved.insert(from + path.dropFirst(to.count)) }
    }

    /// Every path the journal names.
    var touchedPaths: [String] {
        var seen: Set<String> = []
        var paths: [String] = []
        func add(_ p: String) { if seen.insert(p).inserted { paths.append(p) } }
        for entry in journal {
            switch entry {
            case .saved(let path, _, _, _, _), .created(let path, _): add(path)
            case .renamed(let from, let to, _): add(from); add(to)
            case .directoryTimes: break
            }
        }
        return paths
    }

    /// Writes `manifest.json`: the journal, and what the command left at
    /// every path it touched (undo compares against that).
    public func finish(command: [String], workingDirectory: String) throws(SnapshotError) {
        var entries: [JSONValue] = []
        for entry in journal {
            switch entry {
            case .saved(let path, let reason, let state, let blob, let listing):
                var members: [(String, JSONValue)] = [("op", "saved"), ("path", .string(path)), ("reason", .string(reason)),
                                                      ("state", state.json)]
                if let blob { members.append(("blob", .string(blob))) }
                if let listing { members.append(("listing", JSONValue(listing))) }
                entries.append(.object(members))
            case .created(let path, let kind):
                entries.append(.object([("op", "created"), ("path", .string(path)), ("kind", .string(kind.rawValue))]))
            case .renamed(let from, let to, let exchange):
                entries.append(.object([("op", "renamed"), ("from", .string(from)), ("to", .string(to)), ("exchange", .bool(exchange))]))
            case .directoryTimes(let path, let state):
                entries.append(.object([("op", "directory_times"), ("path", .string(path)), ("state", state.json)]))
            }
        }
        let final: [JSONValue] = touchedPaths.map { path in
            .object([("path", .string(path)), ("state", FileState.of(path, hashingContents: true).json)])
        }
        let manifest: JSONValue = .object([
            ("wiretap_snapshot", JSONValue(1)),
            ("command", JSONValue(command)),
            ("working_directory", .string(workingDirectory)),
            ("journal", .array(entries)),
            ("final", .array(final)),
            ("warnings", JSONValue(warnings)),
        ])
        var buffer = OutputBuffer()
        buffer.appendJSON(manifest, indent: 2)
        buffer.append(byte: UInt8(ascii: "\n"))
        let path = directory + "/manifest.json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SnapshotError("cannot write \(path): \(Errno(rawValue: errno))") }
        defer { close(fd) }
        do { try buffer.flush(to: FileDescriptor(rawValue: fd)) } catch {
            throw SnapshotError("cannot write \(path): \(error)")
        }
    }

    // MARK: - File helpers

    /// Copies a regular file's contents: a reflink where the filesystem
    /// allows it, else copy_file_range, else read/write. Returns a problem or nil.
    /// With `inPlace`, `destination` must exist and keeps its inode (and so its other hard links).
    static func copyFile(from source: String, to destination: String, inPlace: Bool = false) -> String? {
        let src = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard src >= 0 else { return "\(Errno(rawValue: errno))" }
        defer { close(src) }
        let dst = inPlace ? open(destination, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)
                          : open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard dst >= 0 else { return "\(Errno(rawValue: errno))" }
        defer { close(dst) }
        if !inPlace && wt_clone_file(dst, src) == 0 { return nil }
        while true {
            let n = wt_copy_file_range(src, dst, 1 << 30)
            if n > 0 { continue }
            if n == 0 { return nil }
            if errno == EINTR { continue }
            break  // EXDEV, EINVAL, ENOSYS...: copy by hand
        }
        if lseek(src, 0, SEEK_SET) < 0 || ftruncate(dst, 0) != 0 || lseek(dst, 0, SEEK_SET) < 0 {
            return "\(Errno(rawValue: errno))"
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(src, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; return "\(Errno(rawValue: errno))" }
            if n == 0 { return nil }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(dst, $0.baseAddress! + written, n - written) }
                if w < 0 { if errno == EINTR { continue }; return "\(Errno(rawValue: errno))" }
                written += w
            }
        }
    }

    static func listing(of directory: String) -> [String] {
        ((try? ProcFS.directoryEntries(directory)) ?? []).sorted()
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
