import CWiretap
import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// Puts a tree back the way it was before a command, from a `Snapshot` directory.
///
/// The journal is replayed backwards: what the command created is removed,
/// renames are renamed back, saved pre-images are restored (contents, mode,
/// owner, times), and directory times are put back last.
///
/// What it guarantees, and refuses:
/// - It reads only a snapshot that belongs to the user running it and that
///   nobody else can write, and checks the whole journal first (`Journal`).
/// - It never follows a symlink: every path is walked from `/` one
///   directory at a time without following links (openat2 with
///   RESOLVE_NO_SYMLINKS, or O_NOFOLLOW per component), and every change is
///   made relative to the directory so reached (`unlinkat`, `renameat2`,
///   `fchownat`/`utimensat` with AT_SYMLINK_NOFOLLOW, chmod of an wt_O_PATH
///   descriptor). A component that is now a symlink is a conflict;
///   `--force` does not change that.
/// - Each record names the device and inode of its directory; a directory
///   that is now another object (swapped since the run) is a conflict.
/// - What the command left at each path it touched is compared with what is
///   there now; a path changed since is a conflict.
/// - With any conflict nothing is done, unless forced.
/// - Steps that succeed are recorded in `undo-progress`; a failed step
///   leaves the snapshot retryable (done steps are skipped next time), and
///   it is marked `undone` only when every step succeeded.
/// - Missing parent directories are recreated (with the recorded mode).
public struct Undo {
    /// One step of an undo.
    public enum Action: Sendable, CustomStringConvertible {
        case remove(path: FilePath, kind: FileState.Kind, parent: FileState)
        case renameBack(from: FilePath, to: FilePath, exchange: Bool, fromParent: FileState, toParent: FileState)
        case restore(path: FilePath, state: FileState, blob: String?, parent: FileState)
        case restoreTimes(path: FilePath, state: FileState)

        public var description: String {
            switch self {
            case .remove(let path, let kind, _): return (kind == .directory ? "rmdir " : "remove ") + Paths.display(path)
            case .renameBack(let from, let to, let exchange, _, _):
                return exchange ? "exchange \(Paths.display(to)) <-> \(Paths.display(from))"
                                : "rename \(Paths.display(to)) -> \(Paths.display(from))"
            case .restore(let path, let state, _, _):
                return "restore \(Paths.display(path)) (\(state.kind.rawValue), mode \(String(state.mode, radix: 8)))"
            case .restoreTimes(let path, _): return "restore times of \(Paths.display(path))"
            }
        }

        /// The paths a step changes.
        var paths: [FilePath] {
            switch self {
            case .remove(let path, _, _), .restore(let path, _, _, _), .restoreTimes(let path, _): return [path]
            case .renameBack(let from, let to, _, _, _): return [from, to]
            }
        }
    }

    /// Something that makes undo refuse: a path changed since the run, a
    /// symlink where a directory was, a directory swapped for another.
    public struct Conflict: Sendable, CustomStringConvertible {
        public let path: FilePath
        public let problem: String
        public var description: String { "\(Paths.display(path)): \(problem)" }
    }

    public let directory: FilePath
    public let journal: Journal
    public let actions: [Action]
    /// Steps a previous, interrupted undo completed (skipped now).
    public let completed: Set<Int>
    public let conflicts: [Conflict]

    /// The snapshot directory and its blobs, open for as long as this plan lives.
    private let handles: Handles
    private var directoryFD: CInt { handles.directory }
    private var blobsFD: CInt { handles.blobs }

    /// Closes the snapshot's descriptors when the last copy of the plan goes.
    final class Handles: Sendable {
        let directory: CInt
        let blobs: CInt
        init(directory: CInt, blobs: CInt) {
            self.directory = directory
            self.blobs = blobs
        }
        deinit {
            close(blobs)
            close(directory)
        }
    }

    /// Reads a snapshot directory, checks it, and plans the undo.
    public init(snapshot directory: FilePath) throws(SnapshotError) {
        let path = Paths.resolve(directory, against: Paths.currentDirectory())
        self.directory = path
        let shown = Paths.display(path)
        let fd = path.withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else {
            let error = Errno(rawValue: errno)
            if error == .tooManySymbolicLinkLevels || error == .notDirectory {
                throw SnapshotError("\(shown) is not a snapshot directory (not a directory, or a symlink)")
            }
            throw SnapshotError("cannot open \(shown): \(error)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw SnapshotError("cannot stat \(shown): \(Errno(rawValue: errno))") }
        guard info.st_uid == geteuid() else {
            close(fd)
            throw SnapshotError("refusing \(shown): it belongs to uid \(info.st_uid), not to you (uid \(geteuid())); a snapshot is trusted only by its owner")
        }
        guard info.st_mode & 0o022 == 0 else {
            close(fd)
            throw SnapshotError("refusing \(shown): it is writable by group or others (mode \(String(info.st_mode & 0o7777, radix: 8))), so its journal cannot be trusted")
        }
        var undone = stat()
        if fstatat(fd, "undone", &undone, AT_SYMLINK_NOFOLLOW) == 0 {
            close(fd)
            throw SnapshotError("\(shown) has already been undone")
        }
        if fstatat(fd, "journal", &undone, AT_SYMLINK_NOFOLLOW) != 0 && fstatat(fd, "manifest.json", &undone, AT_SYMLINK_NOFOLLOW) == 0 {
            close(fd)
            throw SnapshotError("\(shown) was made by an older wiretap (manifest.json, no journal); this version cannot undo it")
        }
        let blobs = openat(fd, "blobs", wt_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        var blobsInfo = stat()
        guard blobs >= 0, fstat(blobs, &blobsInfo) == 0, blobsInfo.st_uid == geteuid(), blobsInfo.st_mode & 0o022 == 0 else {
            if blobs >= 0 { close(blobs) }
            close(fd)
            throw SnapshotError("refusing \(shown): its blobs directory is missing, not yours, or writable by others")
        }
        handles = Handles(directory: fd, blobs: blobs)
        let journal: Journal
        do throws(SnapshotError) { journal = try Journal(directory: fd, blobs: blobs, name: "journal") } catch {
            throw SnapshotError("\(shown): \(error.description)")
        }
        self.journal = journal
        actions = Undo.plan(journal)
        completed = Undo.readProgress(fd, stepCount: actions.count)
        conflicts = Undo.findConflicts(journal, actions, completed: completed)
    }

    /// The journal's records backwards; times last, the earliest record of a
    /// directory last of all, so it wins.
    static func plan(_ journal: Journal) -> [Action] {
        var actions: [Action] = []
        var times: [Action] = []
        for record in journal.records.reversed() {
            switch record {
            case .created(let path, let kind, let parent):
                actions.append(.remove(path: path, kind: kind, parent: parent))
            case .renamed(let from, let to, let exchange, let fromParent, let toParent):
                actions.append(.renameBack(from: from, to: to, exchange: exchange, fromParent: fromParent, toParent: toParent))
            case .saved(let path, _, let state, let blob, let parent):
                actions.append(.restore(path: path, state: state, blob: blob, parent: parent))
                if state.kind == .directory { times.append(.restoreTimes(path: path, state: state)) }
            case .directoryTimes(let path, let state):
                times.append(.restoreTimes(path: path, state: state))
            }
        }
        return actions + times
    }

    /// Step numbers an earlier undo recorded as done.
    static func readProgress(_ directory: CInt, stepCount: Int) -> Set<Int> {
        guard let bytes = try? Journal.readOwnedFile(in: directory, named: "undo-progress") else { return [] }
        var done: Set<Int> = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if let step = Int(String(decoding: line, as: UTF8.self)), step >= 0, step < stepCount { done.insert(step) }
        }
        return done
    }

    /// Pre-flight checks, before anything changes.
    static func findConflicts(_ journal: Journal, _ actions: [Action], completed: Set<Int>) -> [Conflict] {
        var conflicts: [Conflict] = []
        var reported: Set<FilePath> = []
        func add(_ path: FilePath, _ problem: String) {
            if reported.insert(path).inserted { conflicts.append(Conflict(path: path, problem: problem)) }
        }
        // Paths whose directory the command itself made, removed or moved:
        // their identity changes during the run, so it is checked step by step.
        var structural: [FilePath] = []
        for record in journal.records {
            switch record {
            case .created(let path, .directory, _): structural.append(path)
            case .saved(let path, _, let state, _, _) where state.kind == .directory: structural.append(path)
            case .renamed(let from, let to, _, _, _): structural.append(from); structural.append(to)
            default: break
            }
        }
        var touchedByDoneSteps: Set<FilePath> = []
        for step in completed { touchedByDoneSteps.formUnion(actions[step].paths) }

        for (path, expected) in journal.finals where !touchedByDoneSteps.contains(path) {
            switch SafeWalk.state(of: path, hashing: expected.contentHash != nil) {
            case .failure(let walkError):
                add(path, walkError.description)
            case .success(let found):
                if !found.sameContent(as: expected) {
                    add(path, "changed since the command ran (it left \(expected.kind.rawValue), now \(found.kind.rawValue)"
                              + (expected.kind == found.kind ? ", different contents or mode)" : ")"))
                }
            }
        }
        for (index, action) in actions.enumerated() where !completed.contains(index) {
            for (path, parent) in action.parents {
                let directory = Paths.parent(path)
                switch SafeWalk.existingDirectory(directory) {
                case .failure(let walkError):
                    if case .missing = walkError { continue }
                    add(directory, walkError.description)
                case .success(let (fd, identity)):
                    close(fd)
                    if parent.kind == .directory, identity != parent.identity,
                       !structural.contains(where: { Paths.isWithin(directory, $0) }) {
                        add(directory, "is not the directory the command worked in (device/inode \(identity.device)/\(identity.inode), recorded \(parent.device)/\(parent.inode)): it was replaced since")
                    }
                }
            }
        }
        return conflicts
    }

    /// The outcome of `execute`.
    public struct Outcome: Sendable {
        /// Steps done now.
        public var done: [Action] = []
        /// Steps that failed, and why.
        public var failed: [(action: Action, problem: String)] = []
        /// Steps an earlier undo had done.
        public var skipped = 0
        /// Whether the snapshot is now marked undone (every step succeeded).
        public var finished = false
    }

    /// Carries out the plan. With `force`, a directory that is not the
    /// recorded one is used all the same (a symlink never is).
    public func execute(force: Bool = false) -> Outcome {
        var outcome = Outcome()
        var executor = Executor(directoryFD: directoryFD, blobsFD: blobsFD, force: force, complete: journal.complete)
        let progress = openat(directoryFD, "undo-progress", O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        defer { if progress >= 0 { close(progress) } }
        for (index, action) in actions.enumerated() {
            if completed.contains(index) { outcome.skipped += 1; continue }
            if let problem = executor.perform(action) {
                outcome.failed.append((action, problem))
                continue
            }
            outcome.done.append(action)
            if progress >= 0 {
                var line = Array(String(index).utf8) + [UInt8(ascii: "\n")]
                _ = write(progress, &line, line.count)
            }
        }
        if outcome.failed.isEmpty {
            if progress >= 0 { _ = fsync(progress) }
            let marker = openat(directoryFD, "undone", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if marker >= 0 { close(marker); outcome.finished = true }
        }
        return outcome
    }
}

extension Undo.Action {
    /// Each directory a step works in, with the state recorded for it.
    var parents: [(FilePath, FileState)] {
        switch self {
        case .remove(let path, _, let parent), .restore(let path, _, _, let parent): return [(path, parent)]
        case .renameBack(let from, let to, _, let fromParent, let toParent): return [(from, fromParent), (to, toParent)]
        case .restoreTimes: return []
        }
    }
}

/// Carries out undo steps on directory descriptors, never following a symlink.
struct Executor {
    let directoryFD: CInt
    let blobsFD: CInt
    let force: Bool
    /// Whether the run finished (its journal has an end).
    let complete: Bool
    /// Directories undo recreated: recorded identity -> the new one.
    var recreated: [FileState.Identity: FileState.Identity] = [:]
    var temporaryCount = 0

    init(directoryFD: CInt, blobsFD: CInt, force: Bool, complete: Bool) {
        self.directoryFD = directoryFD
        self.blobsFD = blobsFD
        self.force = force
        self.complete = complete
    }

    /// Opens the directory `path` lives in, checking it is the recorded one
    /// (or, with `create`, making missing directories). Returns the
    /// descriptor and the name, or a problem.
    mutating func parent(of path: FilePath, recorded: FileState, create: Bool) -> Result<(CInt, FilePath.Component), SafeWalk.Error> {
        guard let name = path.lastComponent else { return .failure(.notDirectory(path)) }
        let directory = Paths.parent(path)
        let result = create ? SafeWalk.directory(directory, creatingWithMode: recorded.kind == .directory ? recorded.mode : 0o700)
                            : SafeWalk.existingDirectory(directory).map { ($0.0, $0.1, false) }
        switch result {
        case .failure(let error):
            return .failure(error)
        case .success(let (fd, identity, made)):
            if made && recorded.kind == .directory {
                recreated[recorded.identity] = identity
                _ = fchownat(fd, "", recorded.uid, recorded.gid, wt_AT_EMPTY_PATH)
                _ = wt_fchmod_path_fd(fd, mode_t(recorded.mode))
            }
            if recorded.kind == .directory && !made && !force {
                let expected = recreated[recorded.identity] ?? recorded.identity
                if identity != expected {
                    close(fd)
                    return .failure(.replaced(directory))
                }
            }
            return .success((fd, name))
        }
    }

    mutating func perform(_ action: Undo.Action) -> String? {
        switch action {
        case .remove(let path, let kind, let parent):
            // A missing directory: what was in it is gone already.
            switch self.parent(of: path, recorded: parent, create: false) {
            case .failure(.missing): return nil
            case .failure(let error): return error.description
            case .success(let (fd, name)):
                defer { close(fd) }
                return remove(name, in: fd, expecting: kind)
            }
        case .renameBack(let from, let to, let exchange, let fromParent, let toParent):
            let source: (CInt, FilePath.Component)
            switch self.parent(of: to, recorded: toParent, create: false) {
            case .failure(.missing): return nil  // nothing left to move back
            case .failure(let error): return error.description
            case .success(let opened): source = opened
            }
            defer { close(source.0) }
            guard SafeWalk.lstat(source.1, in: source.0).kind != .absent else {
                // The command itself removed or replaced it later; undone already.
                return nil
            }
            switch self.parent(of: from, recorded: fromParent, create: true) {
            case .failure(let error): return error.description
            case .success(let (destinationFD, destinationName)):
                defer { close(destinationFD) }
                // Both names there after a run that was killed: the tracer died
                // between recording the rename and the kernel doing it.
                if !exchange && !complete && SafeWalk.lstat(destinationName, in: destinationFD).kind != .absent { return nil }
                let flags = exchange ? wt_RENAME_EXCHANGE : wt_RENAME_NOREPLACE
                let status = source.1.withPlatformString { sourceName in
                    destinationName.withPlatformString { wt_renameat2(source.0, sourceName, destinationFD, $0, flags) }
                }
                return status == 0 ? nil : "\(Errno(rawValue: errno))"
            }
        case .restore(let path, let state, let blob, let parent):
            switch self.parent(of: path, recorded: parent, create: true) {
            case .failure(let error): return error.description
            case .success(let (fd, name)):
                defer { close(fd) }
                return restore(name, in: fd, state, blob: blob)
            }
        case .restoreTimes(let path, let state):
            if path.isEmpty || path == FilePath("/") {
                let root = open("/", wt_O_PATH | O_DIRECTORY | O_CLOEXEC)
                defer { close(root) }
                return setTimes(nil, in: root, state)
            }
            switch SafeWalk.existingDirectory(Paths.parent(path)) {
            case .failure(.missing): return nil
            case .failure(let error): return error.description
            case .success(let (fd, _)):
                defer { close(fd) }
                guard let name = path.lastComponent else { return nil }
                let found = SafeWalk.lstat(name, in: fd)
                guard found.kind == .directory else { return nil }  // gone, or not ours to touch
                let expected = recreated[state.identity] ?? state.identity
                if found.identity != expected && !force { return "\(Paths.display(path)) is not the directory recorded (replaced since)" }
                return setTimes(name, in: fd, state)
            }
        }
    }

    private func remove(_ name: FilePath.Component, in directory: CInt, expecting kind: FileState.Kind) -> String? {
        let current = SafeWalk.lstat(name, in: directory)
        switch current.kind {
        case .absent: return nil  // created, then removed by the command itself
        case .directory:
            return name.withPlatformString { unlinkat(directory, $0, AT_REMOVEDIR) } == 0 ? nil : "rmdir: \(Errno(rawValue: errno))"
        default:
            return name.withPlatformString { unlinkat(directory, $0, 0) } == 0 ? nil : "unlink: \(Errno(rawValue: errno))"
        }
    }

    private mutating func restore(_ name: FilePath.Component, in directory: CInt, _ state: FileState, blob: String?) -> String? {
        let current = SafeWalk.lstat(name, in: directory)
        if state.kind == .directory {
            var made = false
            if current.kind != .directory {
                if current.kind != .absent, name.withPlatformString({ unlinkat(directory, $0, 0) }) != 0 { return "unlink: \(Errno(rawValue: errno))" }
                if name.withPlatformString({ mkdirat(directory, $0, 0o700) }) != 0 { return "mkdir: \(Errno(rawValue: errno))" }
                made = true
            }
            let fd = name.withPlatformString { openat(directory, $0, wt_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            guard fd >= 0 else { return "open: \(Errno(rawValue: errno))" }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { return "stat: \(Errno(rawValue: errno))" }
            if made { recreated[state.identity] = FileState(info).identity }
            return setOwnerAndMode(fd, state)
        }
        if current.kind == .directory, name.withPlatformString({ unlinkat(directory, $0, AT_REMOVEDIR) }) != 0 {
            return "rmdir: \(Errno(rawValue: errno))"
        }
        switch state.kind {
        case .absent:
            if current.kind != .absent && current.kind != .directory, name.withPlatformString({ unlinkat(directory, $0, 0) }) != 0 {
                return "unlink: \(Errno(rawValue: errno))"
            }
            return nil
        case .symlink:
            if current.kind != .absent && current.kind != .directory { _ = name.withPlatformString { unlinkat(directory, $0, 0) } }
            var target = state.target ?? []
            target.append(0)
            let made = target.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in name.withPlatformString { symlinkat(chars.baseAddress!, directory, $0) } }
            }
            if made != 0 { return "symlink: \(Errno(rawValue: errno))" }
            _ = name.withPlatformString { fchownat(directory, $0, state.uid, state.gid, AT_SYMLINK_NOFOLLOW) }
            return setTimes(name, in: directory, state)
        case .file:
            guard let blob, let blobName = Journal.blobName(blob) else { return "its contents were not saved" }
            let source = openat(blobsFD, blobName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard source >= 0 else { return "cannot open the saved copy \(blob): \(Errno(rawValue: errno))" }
            defer { close(source) }
            var blobInfo = stat()
            guard fstat(source, &blobInfo) == 0, blobInfo.st_mode & S_IFMT == S_IFREG, blobInfo.st_uid == geteuid() else {
                return "the saved copy \(blob) is not a regular file of yours"
            }
            if current.kind == .file {
                // Rewrite in place: other hard links to this file see the restore too.
                let fd = name.withPlatformString { openat(directory, $0, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
                if fd >= 0 {
                    defer { close(fd) }
                    var info = stat()
                    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return "it changed while being restored" }
                    if ftruncate(fd, 0) != 0 { return "truncate: \(Errno(rawValue: errno))" }
                    if let problem = Snapshot.copy(from: source, to: fd, reflink: false) { return problem }
                    return finishFile(fd, state)
                }
                // Not writable in place (mode 0444 for someone not root): replace it.
            }
            // Write beside it, then rename over: the path is never half-restored.
            temporaryCount += 1
            let temporary = ".wiretap-undo-\(getpid())-\(temporaryCount)"
            let fd = openat(directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return "cannot create a file beside it: \(Errno(rawValue: errno))" }
            defer { close(fd) }
            if let problem = Snapshot.copy(from: source, to: fd, reflink: true) ?? finishFile(fd, state) {
                unlinkat(directory, temporary, 0)
                return problem
            }
            let renamed = name.withPlatformString { renameat(directory, temporary, directory, $0) }
            if renamed != 0 {
                let error = Errno(rawValue: errno)
                unlinkat(directory, temporary, 0)
                return "rename: \(error)"
            }
            return nil
        default:
            return "cannot restore a \(state.kind.rawValue)"
        }
    }

    /// Owner, mode and times of a file being restored, through its descriptor.
    private func finishFile(_ fd: CInt, _ state: FileState) -> String? {
        _ = fchown(fd, state.uid, state.gid)  // only root can give files away; keep going
        // After chown, which clears setuid/setgid.
        if fchmod(fd, mode_t(state.mode)) != 0 { return "chmod: \(Errno(rawValue: errno))" }
        var times = Executor.times(state)
        return futimens(fd, &times) == 0 ? nil : "utimensat: \(Errno(rawValue: errno))"
    }

    /// Owner and mode through an wt_O_PATH descriptor (a directory).
    private func setOwnerAndMode(_ fd: CInt, _ state: FileState) -> String? {
        _ = fchownat(fd, "", state.uid, state.gid, wt_AT_EMPTY_PATH)
        return wt_fchmod_path_fd(fd, mode_t(state.mode)) == 0 ? nil : "chmod: \(Errno(rawValue: errno))"
    }

    /// Times of `name` in `directory` (or of `directory` itself), never through a symlink.
    private func setTimes(_ name: FilePath.Component?, in directory: CInt, _ state: FileState) -> String? {
        var times = Executor.times(state)
        let status: CInt
        if let name {
            status = name.withPlatformString { utimensat(directory, $0, &times, AT_SYMLINK_NOFOLLOW) }
        } else {
            status = utimensat(directory, "", &times, wt_AT_EMPTY_PATH)
        }
        return status == 0 ? nil : "utimensat: \(Errno(rawValue: errno))"
    }

    static func times(_ state: FileState) -> [timespec] {
        func split(_ nanoseconds: Int64) -> timespec {
            // Floor division: times before 1970 have a negative second and a positive nanosecond part.
            let (seconds, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
            return remainder < 0 ? timespec(tv_sec: Int(seconds - 1), tv_nsec: Int(remainder + 1_000_000_000))
                                 : timespec(tv_sec: Int(seconds), tv_nsec: Int(remainder))
        }
        return [split(state.accessTime), split(state.modificationTime)]
    }
}

/// Walking absolute paths one directory at a time, never following a symlink.
enum SafeWalk {
    enum Error: Swift.Error, CustomStringConvertible {
        /// A component is missing.
        case missing(FilePath)
        /// A component is a symlink: never followed.
        case symlink(FilePath)
        /// A component is not a directory.
        case notDirectory(FilePath)
        /// The directory is not the one recorded.
        case replaced(FilePath)
        case failed(FilePath, Errno)

        var description: String {
            switch self {
            case .missing(let path): return "\(Paths.display(path)) does not exist"
            case .symlink(let path): return "\(Paths.display(path)) is now a symbolic link; undo never follows one"
            case .notDirectory(let path): return "\(Paths.display(path)) is not a directory"
            case .replaced(let path): return "\(Paths.display(path)) is not the directory the command worked in (replaced since)"
            case .failed(let path, let error): return "\(Paths.display(path)): \(error)"
            }
        }
    }

    /// Opens the existing directory `path` (wt_O_PATH), refusing any symlink on
    /// the way. Returns the descriptor and its identity.
    static func existingDirectory(_ path: FilePath) -> Result<(CInt, FileState.Identity), Error> {
        // One call where the kernel has openat2; the walk below says exactly
        // what is wrong when it fails.
        let fd = path.withPlatformString { wt_openat_no_symlinks(AT_FDCWD, $0, wt_O_PATH | O_DIRECTORY | O_CLOEXEC) }
        if fd >= 0 {
            var info = stat()
            if fstat(fd, &info) == 0 { return .success((fd, FileState(info).identity)) }
            close(fd)
        }
        return directory(path, creatingWithMode: nil).map { ($0.0, $0.1) }
    }

    /// Opens the directory `path` component by component (O_NOFOLLOW), making
    /// missing ones when `mode` is given (the last with `mode`, those above
    /// it 0700). Returns the descriptor, its identity, and whether it was made.
    static func directory(_ path: FilePath, creatingWithMode mode: UInt32?) -> Result<(CInt, FileState.Identity, Bool), Error> {
        var fd = open("/", wt_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.failed("/", Errno(rawValue: errno))) }
        var walked: [UInt8] = []
        var made = false
        // The components, split on the bytes (the path is normalised).
        let components = Paths.bytes(path).split(separator: UInt8(ascii: "/")).map { Array($0).map { CChar(bitPattern: $0) } + [0] }
        for (index, component) in components.enumerated() {
            walked += [UInt8(ascii: "/")] + component.dropLast().map { UInt8(bitPattern: $0) }
            var next = openat(fd, component, wt_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT, let mode {
                let isLast = index == components.count - 1
                if mkdirat(fd, component, isLast ? mode_t(mode & 0o7777) : 0o700) == 0 || errno == EEXIST {
                    next = openat(fd, component, wt_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    made = isLast && next >= 0
                }
            }
            if next < 0 {
                let error = Errno(rawValue: errno)
                var info = stat()
                let found: FileState = fstatat(fd, component, &info, AT_SYMLINK_NOFOLLOW) == 0 ? FileState(info) : .absent
                close(fd)
                let shown = Paths.path(bytes: walked)
                switch found.kind {
                case .absent: return .failure(.missing(shown))
                case .symlink: return .failure(.symlink(shown))
                case .directory: return .failure(.failed(shown, error))
                default: return .failure(.notDirectory(shown))
                }
            }
            close(fd)
            fd = next
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return .failure(.failed(path, Errno(rawValue: errno)))
        }
        return .success((fd, FileState(info).identity, made))
    }

    /// What is at `name` in `directory`, without following it.
    static func lstat(_ name: FilePath.Component, in directory: CInt) -> FileState {
        var info = stat()
        guard name.withPlatformString({ fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { return .absent }
        var state = FileState(info)
        if state.kind == .symlink {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = name.withPlatformString { readlinkat(directory, $0, &buffer, buffer.count - 1) }
            if n >= 0 { state.target = buffer[0..<n].map { UInt8(bitPattern: $0) } }
        }
        return state
    }

    /// The state at `path`, reached without following any symlink, with its
    /// contents' hash if asked.
    static func state(of path: FilePath, hashing: Bool) -> Result<FileState, Error> {
        guard let name = path.lastComponent else { return .success(FileState(kind: .directory)) }
        switch existingDirectory(Paths.parent(path)) {
        case .failure(.missing): return .success(.absent)
        case .failure(let error): return .failure(error)
        case .success(let (fd, _)):
            defer { close(fd) }
            var state = lstat(name, in: fd)
            if hashing && state.kind == .file {
                let file = name.withPlatformString { openat(fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
                if file >= 0 {
                    state.contentHash = FileState.contentHash(of: file)
                    close(file)
                }
            }
            return .success(state)
        }
    }
}
