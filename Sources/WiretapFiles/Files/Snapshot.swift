import CWiretap
import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// An error creating, writing or reading a snapshot directory.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The pre-images of everything a command changes, saved into a directory
/// while the command is stopped at each changing syscall, so that `Undo`
/// can put the tree back.
///
/// It is a write-ahead journal: each record (and the copy of the file it
/// protects) is written before the tracee's call is let go, and what
/// protects data (a pre-image about to be overwritten or removed) is
/// `fdatasync`ed first. A tracer killed at any point leaves a journal that
/// undo can work from.
///
/// Layout (the directory is created here, mode 0700; an existing path is refused):
/// - `journal`: JSON Lines. The first line is the header (`wiretap_snapshot`,
///   command, working directory); then one record per step, in order (`saved`,
///   `created`, `renamed`, `directory_times`, `cancelled`); at the end of a
///   run that finished, a `final` record per touched path (what the command
///   left there) and an `end` record.
/// - `blobs/N`: file contents, mode 0600 plus the original's setuid/setgid
///   bits (which undo requires before restoring them).
/// - `undo-progress`, `undone`: written by undo.
///
/// Paths in records are canonical: the parent directory with symlinks
/// resolved at the time of the call (where the change really happened),
/// then the name. Each record also carries the parent directory's device,
/// inode and mode, so undo can tell the directory was swapped.
public final class Snapshot {
    /// The snapshot directory (absolute).
    public let directory: FilePath
    /// The same with symlinks resolved, to recognise it under either name.
    private let realDirectory: FilePath
    /// Whether records protecting data are `fdatasync`ed before the call goes ahead.
    public let synchronous: Bool
    private let directoryFD: CInt
    private let blobsFD: CInt
    private let journalFD: CInt
    private var sequence = 0
    /// Paths whose current object is already accounted for: saved, or created by the command.
    private var preserved: Set<FilePath> = []
    private var timesSaved: Set<FilePath> = []
    /// Every path the journal names, in first-seen order (for the final states).
    private var touched: [FilePath] = []
    private var touchedSet: Set<FilePath> = []
    private var blobCount = 0
    private var line = OutputBuffer(capacity: 4096)
    /// Set when the journal could not be written: every later change is refused.
    public private(set) var failure: String? = nil
    /// Problems that did not stop anything, reported at the end.
    public private(set) var warnings: [String] = []

    /// Creates the snapshot directory (it must not exist), mode 0700, and
    /// writes the journal's header.
    public init(directory: FilePath, command: [[UInt8]], workingDirectory: FilePath, synchronous: Bool = true) throws(SnapshotError) {
        let path = Paths.resolve(directory, against: Paths.currentDirectory())
        self.directory = path
        self.synchronous = synchronous
        let shown = Paths.display(path)
        let made = path.withPlatformString { mkdir($0, 0o700) }
        if made != 0 {
            let error = Errno(rawValue: errno)
            if error == .fileExists {
                throw SnapshotError("snapshot directory \(shown) already exists; give a path that does not exist (wiretap creates it, mode 0700)")
            }
            throw SnapshotError("cannot create snapshot directory \(shown): \(error)")
        }
        let dirFD = path.withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard dirFD >= 0 else { throw SnapshotError("cannot open snapshot directory \(shown): \(Errno(rawValue: errno))") }
        directoryFD = dirFD
        // The umask may have taken bits away; never more than 0700 either way.
        _ = fchmod(dirFD, 0o700)
        realDirectory = Paths.realPath(path) ?? path
        guard mkdirat(dirFD, "blobs", 0o700) == 0 else {
            close(dirFD)
            throw SnapshotError("cannot create \(shown)/blobs: \(Errno(rawValue: errno))")
        }
        blobsFD = openat(dirFD, "blobs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        journalFD = openat(dirFD, "journal", O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard blobsFD >= 0, journalFD >= 0 else {
            let error = Errno(rawValue: errno)
            close(dirFD)
            throw SnapshotError("cannot create the journal in \(shown): \(error)")
        }
        let header: JSONValue = .object([
            ("wiretap_snapshot", JSONValue(Snapshot.formatVersion)),
            ("command", .array(command.map { Paths.json(bytes: $0) })),
            ("working_directory", Paths.json(workingDirectory)),
            ("uid", JSONValue(Int(geteuid()))),
        ])
        if let problem = append(header, sync: true) { throw SnapshotError("cannot write the journal in \(shown): \(problem)") }
        // The directory's own entries (blobs, journal) must be durable too.
        if synchronous { _ = fsync(dirFD) }
    }

    deinit {
        close(journalFD)
        close(blobsFD)
        close(directoryFD)
    }

    static let formatVersion = 2

    /// Whether `path` (as a tracee named it, or canonical) is the snapshot
    /// directory or inside it.
    public func contains(_ path: FilePath) -> Bool {
        Paths.isWithin(path, directory) || Paths.isWithin(path, realDirectory)
    }

    /// Whether removing or renaming `path` would move or remove the snapshot directory.
    public func isAncestor(_ path: FilePath) -> Bool {
        Paths.isWithin(directory, path) || Paths.isWithin(realDirectory, path)
    }

    /// Where a change to `path` really happens: its parent directory with
    /// symlinks resolved, then its name, and the parent's state.
    public struct Location {
        public let path: FilePath
        public let parent: FileState
    }

    /// `path` made canonical (see `Location`).
    ///
    /// One `stat` of the parent as named (following links, as the tracee's
    /// call will) gives its state and identity; the canonical name of a
    /// directory already seen with that identity is reused, else realpath(3)
    /// finds it. A directory renamed by the command drops the cache
    /// (`forgetCanonicalNames`); one renamed by someone else could leave a
    /// stale name, which undo then finds missing or not the recorded
    /// directory, and refuses.
    public func locate(_ path: FilePath) -> Location {
        let (parent, name) = Paths.split(path)
        guard !name.isEmpty else { return Location(path: path, parent: FileState.of(path)) }
        var info = stat()
        guard parent.withPlatformString({ stat($0, &info) }) == 0 else { return Location(path: path, parent: .absent) }
        let state = FileState(info)
        if let cached = canonicalParents[parent], cached.identity == state.identity {
            return Location(path: Paths.join(cached.canonical, name), parent: state)
        }
        guard let real = Paths.realPath(parent) else { return Location(path: path, parent: state) }
        if canonicalParents.count >= 4096 { canonicalParents.removeAll(keepingCapacity: true) }
        canonicalParents[parent] = (real, state.identity)
        return Location(path: Paths.join(real, name), parent: state)
    }

    /// The command renamed a directory: canonical names seen so far may be stale.
    public func forgetCanonicalNames() { canonicalParents.removeAll(keepingCapacity: true) }

    private var canonicalParents: [FilePath: (canonical: FilePath, identity: FileState.Identity)] = [:]

    // MARK: - Records

    /// Saves the object at `location` (contents, mode, owner, times; a
    /// symlink as a link) before the command changes it: once per object.
    /// Returns nil when it is saved (or needs no saving), else why it could not be.
    public func saveBeforeChange(_ location: Location, reason: String) -> String? {
        if let failure { return failure }
        let path = location.path
        guard !contains(path), !preserved.contains(path) else { return nil }
        var blob: String? = nil
        var state: FileState
        switch openForSaving(path) {
        case .absent:
            return nil
        case .failed(let problem):
            return "cannot read \(Paths.display(path)): \(problem)"
        case .opened(let fd, let opened):
            defer { close(fd) }
            state = opened
            blobCount += 1
            let name = String(blobCount)
            if let problem = saveBlob(from: fd, named: name, mode: state.mode, size: state.size) {
                return "cannot save \(Paths.display(path)): \(problem)"
            }
            blob = "blobs/" + name
        case .other(let found):
            state = found
        }
        var members: [(String, JSONValue)] = [("op", "saved"), ("path", Paths.json(path)), ("reason", .string(reason)),
                                              ("state", state.json)]
        if let blob { members.append(("blob", .string(blob))) }
        members.append(("parent", location.parent.json))
        if let problem = record(members, sync: true) { return problem }
        preserved.insert(path)
        touch(path)
        return nil
    }

    /// Remembers the times of the directory holding `location`, before an entry in it changes.
    public func saveParentTimes(of location: Location) -> String? {
        if let failure { return failure }
        let parent = Paths.parent(location.path)
        guard !contains(parent), !timesSaved.contains(parent), location.parent.kind == .directory else { return nil }
        if let problem = record([("op", "directory_times"), ("path", Paths.json(parent)), ("state", location.parent.json)], sync: false) {
            return problem
        }
        timesSaved.insert(parent)
        return nil
    }

    /// Records, before the call, that the command is about to create
    /// `location` (absent now). Returns the record's number, for `cancel`,
    /// or why it could not be recorded.
    public func recordCreating(_ location: Location, kind: FileState.Kind) -> Result<Int, SnapshotError> {
        if let failure { return .failure(SnapshotError(failure)) }
        let members: [(String, JSONValue)] = [("op", "created"), ("path", Paths.json(location.path)),
                                              ("kind", .string(kind.rawValue)), ("parent", location.parent.json)]
        if let problem = record(members, sync: false) { return .failure(SnapshotError(problem)) }
        return .success(sequence - 1)
    }

    /// The call recorded as record `number` failed or did nothing: undo skips it.
    public func cancel(_ number: Int) {
        _ = record([("op", "cancelled"), ("cancels", JSONValue(number))], sync: false)
    }

    /// The command did create `path` (recorded before by `recordCreating`).
    public func confirmCreated(_ path: FilePath) {
        preserved.insert(path)
        touch(path)
    }

    /// Records that the object at `path` is gone (unlink, rmdir).
    public func recordRemoved(_ path: FilePath) {
        preserved.remove(path)
    }

    /// Records, before the call, a rename of `from` to `to` (or an
    /// exchange). Returns the record's number, for `cancel`, or why not.
    public func recordRenaming(from: Location, to: Location, exchange: Bool) -> Result<Int, SnapshotError> {
        if let failure { return .failure(SnapshotError(failure)) }
        let members: [(String, JSONValue)] = [
            ("op", "renamed"), ("from", Paths.json(from.path)), ("to", Paths.json(to.path)), ("exchange", .bool(exchange)),
            ("from_parent", from.parent.json), ("to_parent", to.parent.json),
        ]
        if let problem = record(members, sync: false) { return .failure(SnapshotError(problem)) }
        return .success(sequence - 1)
    }

    /// The rename went through: what is known about each object moves with it.
    public func confirmRenamed(from: FilePath, to: FilePath, exchange: Bool) {
        touch(from)
        touch(to)
        let moving = preserved.filter { Paths.isWithin($0, from) }
        let swapped = exchange ? preserved.filter { Paths.isWithin($0, to) } : []
        if !exchange { preserved = preserved.filter { !Paths.isWithin($0, to) } }
        preserved.subtract(moving)
        preserved.subtract(swapped)
        for path in moving { preserved.insert(Snapshot.moved(path, from: from, to: to)) }
        for path in swapped { preserved.insert(Snapshot.moved(path, from: to, to: from)) }
    }

    static func moved(_ path: FilePath, from: FilePath, to: FilePath) -> FilePath {
        var rest = path
        _ = rest.removePrefix(from)
        return rest.isEmpty ? to : to.pushing(rest)
    }

    /// Closes the journal of a run that finished: what the command left at
    /// every path it touched (undo compares against that), then the end mark.
    public func finish(gaps: [String]) throws(SnapshotError) {
        for path in touched {
            _ = record([("op", "final"), ("path", Paths.json(path)), ("state", FileState.of(path, hashingContents: true).json)], sync: false)
        }
        let end: [(String, JSONValue)] = [("op", "end"), ("warnings", JSONValue(warnings)), ("gaps", JSONValue(gaps))]
        if let problem = record(end, sync: true) { throw SnapshotError("cannot finish the journal: \(problem)") }
        if let failure { throw SnapshotError("the journal is incomplete: \(failure)") }
    }

    // MARK: - Writing

    private func touch(_ path: FilePath) {
        if touchedSet.insert(path).inserted { touched.append(path) }
    }

    /// Appends a record with its number; nil on success.
    private func record(_ members: [(String, JSONValue)], sync: Bool) -> String? {
        // Nothing may follow a line that failed (it may be torn): undo reads
        // the journal up to there, as after a crash.
        if let failure { return failure }
        let problem = append(.object([("record", JSONValue(sequence))] + members), sync: sync)
        sequence += 1
        if let problem, failure == nil { failure = "the snapshot journal cannot be written: \(problem)" }
        return problem.map { "the snapshot journal cannot be written: \($0)" }
    }

    /// Writes one JSON line in a single `write` (O_APPEND), then syncs it if asked.
    private func append(_ value: JSONValue, sync: Bool) -> String? {
        line.removeAll()
        line.appendJSON(value)
        line.append(byte: UInt8(ascii: "\n"))
        let written = line.contents.withUnsafeBytes { write(journalFD, $0.baseAddress, $0.count) }
        if written < 0 { return "\(Errno(rawValue: errno))" }
        if written != line.count {
            // A short write leaves a torn line: undo ignores a torn last line,
            // but nothing may follow it.
            return "short write (\(written) of \(line.count) bytes)"
        }
        if sync && synchronous && fdatasync(journalFD) != 0 { return "fdatasync: \(Errno(rawValue: errno))" }
        return nil
    }

    private enum Opened {
        case absent
        case failed(String)
        case opened(CInt, FileState)
        case other(FileState)
    }

    /// Opens a regular file to copy it (never through a final symlink), or
    /// describes what else is there.
    private func openForSaving(_ path: FilePath) -> Opened {
        let state = FileState.of(path)
        switch state.kind {
        case .absent: return .absent
        case .file:
            let fd = path.withPlatformString { open($0, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) }
            guard fd >= 0 else { return .failed("\(Errno(rawValue: errno))") }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                return .failed("it changed while being saved")
            }
            return .opened(fd, FileState(info))
        default:
            return .other(state)
        }
    }

    /// Copies an open file into `blobs/NAME`: a reflink where the
    /// filesystem allows it, else copy_file_range, else read/write; then
    /// syncs it. Returns a problem or nil.
    private func saveBlob(from source: CInt, named name: String, mode: UInt32, size: Int64) -> String? {
        let destination = openat(blobsFD, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard destination >= 0 else { return "\(Errno(rawValue: errno))" }
        defer { close(destination) }
        if let problem = Snapshot.copy(from: source, to: destination, reflink: true) {
            unlinkat(blobsFD, name, 0)
            return problem
        }
        var info = stat()
        guard fstat(destination, &info) == 0, Int64(info.st_size) == size else {
            unlinkat(blobsFD, name, 0)
            return "the copy is incomplete (the file changed while being saved?)"
        }
        // The setuid/setgid bits ride on the blob: undo restores them only
        // from a blob that has them, which only its owner could have set.
        _ = fchmod(destination, mode_t(0o600 | (mode & 0o6000)))
        if synchronous && fdatasync(destination) != 0 {
            let error = Errno(rawValue: errno)
            unlinkat(blobsFD, name, 0)
            return "fdatasync: \(error)"
        }
        return nil
    }

    /// Copies the rest of `source` into `destination` (both open). Returns a problem or nil.
    static func copy(from source: CInt, to destination: CInt, reflink: Bool) -> String? {
        if reflink && wt_clone_file(destination, source) == 0 { return nil }
        while true {
            let n = wt_copy_file_range(source, destination, 1 << 30)
            if n > 0 { continue }
            if n == 0 { return nil }
            if errno == EINTR { continue }
            if errno == ENOSPC || errno == EIO || errno == EDQUOT { return "\(Errno(rawValue: errno))" }
            break  // EXDEV, EINVAL, ENOSYS...: copy by hand
        }
        if lseek(source, 0, SEEK_SET) < 0 || ftruncate(destination, 0) != 0 || lseek(destination, 0, SEEK_SET) < 0 {
            return "\(Errno(rawValue: errno))"
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(source, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; return "\(Errno(rawValue: errno))" }
            if n == 0 { return nil }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, n - written) }
                if w < 0 { if errno == EINTR { continue }; return "\(Errno(rawValue: errno))" }
                written += w
            }
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
