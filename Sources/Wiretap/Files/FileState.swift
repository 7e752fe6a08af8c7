import Glibc

/// What is at a path, as lstat(2) and the contents say.
public struct FileState: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case absent, file, directory, symlink, other
    }

    public var kind: Kind
    /// Permission bits (`st_mode & 0o7777`).
    public var mode: UInt32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var size: Int64 = 0
    /// Access and modification times in nanoseconds since the epoch.
    public var accessTime: Int64 = 0
    public var modificationTime: Int64 = 0
    /// A symlink's target.
    public var target: String? = nil
    /// FNV-1a of a regular file's contents, when asked for.
    public var contentHash: UInt64? = nil

    public static let absent = FileState(kind: .absent)

    /// Reads the state of `path` without following a final symlink.
    public static func of(_ path: String, hashingContents: Bool = false) -> FileState {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        var state = FileState(kind: .other)
        switch info.st_mode & S_IFMT {
        case S_IFREG: state.kind = .file
        case S_IFDIR: state.kind = .directory
        case S_IFLNK: state.kind = .symlink
        default: state.kind = .other
        }
        state.mode = UInt32(info.st_mode & 0o7777)
        state.uid = info.st_uid
        state.gid = info.st_gid
        state.size = Int64(info.st_size)
        state.accessTime = Int64(info.st_atim.tv_sec) * 1_000_000_000 + Int64(info.st_atim.tv_nsec)
        state.modificationTime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        if state.kind == .symlink { state.target = try? ProcFS.readLink(path) }
        if state.kind == .file && hashingContents { state.contentHash = contentHash(of: path) }
        return state
    }

    /// FNV-1a (64-bit) of a file's contents, or nil if it cannot be read.
    public static func contentHash(of path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            for i in 0..<n { hash = (hash ^ UInt64(buffer[i])) &* 0x100_0000_01b3 }
        }
        return hash
    }

    /// Whether what the command left at a path is still there: same kind,
    /// permissions, link target, and (for files) size, modification time and contents.
    public func sameContent(as other: FileState) -> Bool {
        guard kind == other.kind else { return false }
        switch kind {
        case .absent: return true
        case .directory: return mode == other.mode
        case .symlink: return target == other.target
        case .file:
            return mode == other.mode && size == other.size && modificationTime == other.modificationTime
                && contentHash == other.contentHash
        case .other: return mode == other.mode
        }
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(kind.rawValue))]
        guard kind != .absent else { return .object(members) }
        members += [("mode", JSONValue(Int(mode))), ("uid", JSONValue(Int(uid))), ("gid", JSONValue(Int(gid))),
                    ("size", JSONValue(size)), ("atime_ns", JSONValue(accessTime)), ("mtime_ns", JSONValue(modificationTime))]
        if let target { members.append(("target", .string(target))) }
        if let contentHash { members.append(("fnv1a64", .string(String(contentHash, radix: 16)))) }
        return .object(members)
    }

    init(kind: Kind) { self.kind = kind }

    init?(json: JSONValue) {
        guard let kindName = json["kind"]?.string, let kind = Kind(rawValue: kindName) else { return nil }
        self.kind = kind
        mode = UInt32(json["mode"]?.int ?? 0)
        uid = UInt32(json["uid"]?.int ?? 0)
        gid = UInt32(json["gid"]?.int ?? 0)
        size = json["size"]?.int64 ?? 0
        accessTime = json["atime_ns"]?.int64 ?? 0
        modificationTime = json["mtime_ns"]?.int64 ?? 0
        target = json["target"]?.string
        contentHash = json["fnv1a64"]?.string.flatMap { UInt64($0, radix: 16) }
    }
}
