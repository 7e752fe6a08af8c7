import CWiretap
import Glibc
import SystemPackage

/// Puts a tree back the way it was before a command, from a `Snapshot` directory.
///
/// The journal is replayed backwards: what the command created is removed,
/// renames are renamed back, saved pre-images are restored (contents, mode,
/// owner, times), and directory times are put back last. Before changing
/// anything, every path the command touched is compared with what the
/// command left there; if someone changed one since, undo refuses.
public struct Undo {
    /// One step of an undo.
    public enum Action: Sendable, CustomStringConvertible {
        case remove(path: String, kind: FileState.Kind)
        case renameBack(from: String, to: String, exchange: Bool)
        case restore(path: String, state: FileState, blob: String?)
        case restoreTimes(path: String, state: FileState)

        public var description: String {
            switch self {
            case .remove(let path, let kind): return (kind == .directory ? "rmdir " : "remove ") + path
            case .renameBack(let from, let to, let exchange):
                return exchange ? "exchange \(to) <-> \(from)" : "rename \(to) -> \(from)"
            case .restore(let path, let state, _):
                return state.kind == .absent ? "remove \(path)" : "restore \(path) (\(state.kind.rawValue), mode \(String(state.mode, radix: 8)))"
            case .restoreTimes(let path, _): return "restore times of \(path)"
            }
        }
    }

    /// A path the command touched that is no longer as the command left it.
    public struct Conflict: Sendable, CustomStringConvertible {
        public let path: String
        public let expected: FileState
        public let found: FileState
        public var description: String {
            "\(path) changed since the command ran (it left \(expected.kind.rawValue), now \(found.kind.rawValue)"
                + (expected.kind == found.kind ? ", different contents or mode)" : ")")
        }
    }

    public let directory: String
    public let actions: [Action]
    public let conflicts: [Conflict]

    /// Reads a snapshot directory and plans the undo.
    public init(snapshot directory: String) throws(SnapshotError) {
        self.directory = directory
        let path = directory + "/manifest.json"
        if FileState.of(directory + "/undone").kind != .absent {
            throw SnapshotError("\(directory) has already been undone")
        }
        let bytes: [UInt8]
        do { bytes = try ProcFS.readFile(path) } catch {
            throw SnapshotError("cannot read \(path): \(error)")
        }
        let manifest: JSONValue
        do { manifest = try JSONValue.parse(bytes) } catch {
            throw SnapshotError("\(path): \(error)")
        }
        guard manifest["wiretap_snapshot"]?.int == 1, let journal = manifest["journal"]?.array else {
            throw SnapshotError("\(path) is not a wiretap snapshot manifest")
        }
        var actions: [Action] = []
        var times: [Action] = []
        for entry in journal.reversed() {
            switch entry["op"]?.string {
            case "created":
                guard let p = entry["path"]?.string else { continue }
                actions.append(.remove(path: p, kind: FileState.Kind(rawValue: entry["kind"]?.string ?? "") ?? .file))
            case "renamed":
                guard let from = entry["from"]?.string, let to = entry["to"]?.string else { continue }
                actions.append(.renameBack(from: from, to: to, exchange: entry["exchange"]?.bool ?? false))
            case "saved":
                guard let p = entry["path"]?.string, let stateJSON = entry["state"], let state = FileState(json: stateJSON) else { continue }
                actions.append(.restore(path: p, state: state, blob: entry["blob"]?.string))
                if state.kind == .directory { times.append(.restoreTimes(path: p, state: state)) }
            case "directory_times":
                guard let p = entry["path"]?.string, let stateJSON = entry["state"], let state = FileState(json: stateJSON) else { continue }
                times.append(.restoreTimes(path: p, state: state))
            default:
                throw SnapshotError("\(path): unknown journal entry \(entry)")
            }
        }
        // Times last, and the earliest record of a directory last of all, so it wins.
        self.actions = actions + times
        var conflicts: [Conflict] = []
        for item in manifest["final"]?.array ?? [] {
            guard let p = item["path"]?.string, let stateJSON = item["state"], let expected = FileState(json: stateJSON) else { continue }
            let found = FileState.of(p, hashingContents: expected.contentHash != nil)
            if !found.sameContent(as: expected) { conflicts.append(Conflict(path: p, expected: expected, found: found)) }
        }
        self.conflicts = conflicts
    }

    /// Carries out the plan. Returns the problems met (an empty list means success).
    public func execute() -> [String] {
        var problems: [String] = []
        for action in actions {
            if let problem = perform(action) { problems.append("\(action): \(problem)") }
        }
        let marker = open(directory + "/undone", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if marker >= 0 { close(marker) }
        return problems
    }

    private func perform(_ action: Action) -> String? {
        switch action {
        case .remove(let path, let kind):
            return remove(path, expecting: kind)
        case .renameBack(let from, let to, let exchange):
            // Absent: the command itself overwrote it later with something it
            // had created (a lock file renamed over it); that is undone already.
            if FileState.of(to).kind == .absent { return nil }
            if exchange {
                return wt_renameat2(AT_FDCWD, to, AT_FDCWD, from, wt_RENAME_EXCHANGE) == 0 ? nil : "\(Errno(rawValue: errno))"
            }
            return rename(to, from) == 0 ? nil : "\(Errno(rawValue: errno))"
        case .restore(let path, let state, let blob):
            return restore(path, state, blob: blob)
        case .restoreTimes(let path, let state):
            return setTimes(path, state, followLink: false)
        }
    }

    private func remove(_ path: String, expecting kind: FileState.Kind) -> String? {
        let current = FileState.of(path)
        switch current.kind {
        case .absent: return nil  // created, then removed by the command itself
        case .directory: return rmdir(path) == 0 ? nil : "\(Errno(rawValue: errno))"
        default: return unlink(path) == 0 ? nil : "\(Errno(rawValue: errno))"
        }
    }

    private func restore(_ path: String, _ state: FileState, blob: String?) -> String? {
        let current = FileState.of(path)
        if state.kind == .directory {
            if current.kind != .directory {
                if current.kind != .absent, unlink(path) != 0 { return "\(Errno(rawValue: errno))" }
                if mkdir(path, mode_t(state.mode)) != 0 { return "\(Errno(rawValue: errno))" }
            }
            return setMetadata(path, state)
        }
        if current.kind == .directory, rmdir(path) != 0 { return "\(Errno(rawValue: errno))" }
        switch state.kind {
        case .absent:
            if current.kind != .absent && current.kind != .directory, unlink(path) != 0 { return "\(Errno(rawValue: errno))" }
            return nil
        case .symlink:
            if current.kind != .absent && current.kind != .directory { unlink(path) }
            if symlink(state.target ?? "", path) != 0 { return "\(Errno(rawValue: errno))" }
            _ = lchown(path, state.uid, state.gid)
            return setTimes(path, state, followLink: false)
        case .file:
            guard let blob else { return "its contents were not saved" }
            if current.kind == .file {
                // Rewrite in place: other hard links to this file see the restore too.
                if let problem = Snapshot.copyFile(from: directory + "/" + blob, to: path, inPlace: true) { return problem }
                return setMetadata(path, state)
            }
            // Write beside it, then rename over: the path is never half-restored.
            let temporary = Paths.parent(path) + "/.wiretap-undo-\(getpid())"
            if let problem = Snapshot.copyFile(from: directory + "/" + blob, to: temporary) { return problem }
            if rename(temporary, path) != 0 {
                let error = Errno(rawValue: errno)
                unlink(temporary)
                return "\(error)"
            }
            return setMetadata(path, state)
        default:
            return "cannot restore a \(state.kind.rawValue)"
        }
    }

    private func setMetadata(_ path: String, _ state: FileState) -> String? {
        _ = lchown(path, state.uid, state.gid)  // only root can give files away; keep going
        if chmod(path, mode_t(state.mode)) != 0 { return "chmod: \(Errno(rawValue: errno))" }
        return setTimes(path, state, followLink: true)
    }

    private func setTimes(_ path: String, _ state: FileState, followLink: Bool) -> String? {
        guard FileState.of(path).kind != .absent else { return nil }
        var times = [
            timespec(tv_sec: Int(state.accessTime / 1_000_000_000), tv_nsec: Int(state.accessTime % 1_000_000_000)),
            timespec(tv_sec: Int(state.modificationTime / 1_000_000_000), tv_nsec: Int(state.modificationTime % 1_000_000_000)),
        ]
        let flags = followLink ? 0 : AT_SYMLINK_NOFOLLOW
        return utimensat(AT_FDCWD, path, &times, flags) == 0 ? nil : "utimensat: \(Errno(rawValue: errno))"
    }
}
