import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

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
    /// Which object this is: device and inode numbers.
    public var device: UInt64 = 0
    public var inode: UInt64 = 0
    /// A symlink's target, as bytes.
    public var target: [UInt8]? = nil
    /// FNV-1a of a regular file's contents, when asked for.
    public var contentHash: UInt64? = nil

    public static let absent = FileState(kind: .absent)

    /// The identity of the object (device, inode).
    public var identity: Identity { Identity(device: device, inode: inode) }

    /// A device and inode number: which object a path led to.
    public struct Identity: Sendable, Hashable {
        public var device: UInt64
        public var inode: UInt64
    }

    /// Reads the state of `path` without following a final symlink (the
    /// directories on the way are followed, as the tracee's own call would).
    public static func of(_ path: FilePath, hashingContents: Bool = false) -> FileState {
        path.withPlatformString { pointer in
            var info = stat()
            guard lstat(pointer, &info) == 0 else { return .absent }
            var state = FileState(info)
            if state.kind == .symlink { state.target = Paths.readLink(path) }
            if state.kind == .file && hashingContents {
                let fd = open(pointer, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK)
                if fd >= 0 {
                    state.contentHash = contentHash(of: fd)
                    close(fd)
                }
            }
            return state
        }
    }

    /// The state described by a `stat` result (no target or hash).
    public init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        mode = UInt32(info.st_mode & 0o7777)
        uid = info.st_uid
        gid = info.st_gid
        size = Int64(info.st_size)
        accessTime = Int64(info.st_atim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_atim.tv_nsec)
        modificationTime = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// FNV-1a (64-bit) of what is left to read from `fd`, or nil if it cannot be read.
    public static func contentHash(of fd: CInt) -> UInt64? {
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
                    ("size", JSONValue(size)), ("atime_ns", JSONValue(accessTime)), ("mtime_ns", JSONValue(modificationTime)),
                    ("dev", .string(String(device))), ("ino", .string(String(inode)))]
        if let target { members.append(("target", Paths.json(bytes: target))) }
        if let contentHash { members.append(("fnv1a64", .string(String(contentHash, radix: 16)))) }
        return .object(members)
    }

    public init(kind: Kind) { self.kind = kind }

    /// Reads a state written by `json`, strictly: every field in range
    /// (modes within 07777, ids that are not -1), or a description of what is wrong.
    init(json: JSONValue) throws(SnapshotError) {
        guard case .object = json else { throw SnapshotError("a state is not an object") }
        guard let kindName = json["kind"]?.string, let kind = Kind(rawValue: kindName) else {
            throw SnapshotError("a state has no valid kind")
        }
        self.kind = kind
        guard kind != .absent else { return }
        func integer(_ key: String, in range: ClosedRange<Int64>) throws(SnapshotError) -> Int64 {
            guard let value = json[key] else { throw SnapshotError("a state has no \(key)") }
            guard let number = value.int64, range.contains(number) else {
                throw SnapshotError("a state's \(key) is out of range: \(value.compactText)")
            }
            return number
        }
        func unsigned(_ key: String) throws(SnapshotError) -> UInt64 {
            guard let text = json[key]?.string, let number = UInt64(text) else { throw SnapshotError("a state has no valid \(key)") }
            return number
        }
        mode = UInt32(try integer("mode", in: 0...0o7777))
        // -1 means "leave unchanged" to chown: never a real owner.
        uid = UInt32(try integer("uid", in: 0...Int64(UInt32.max - 1)))
        gid = UInt32(try integer("gid", in: 0...Int64(UInt32.max - 1)))
        size = try integer("size", in: 0...Int64.max)
        accessTime = try integer("atime_ns", in: Int64.min...Int64.max)
        modificationTime = try integer("mtime_ns", in: Int64.min...Int64.max)
        device = try unsigned("dev")
        inode = try unsigned("ino")
        if kind == .symlink {
            guard let value = json["target"], let bytes = Paths.bytes(fromJSON: value), !bytes.isEmpty, bytes.count < Int(PATH_MAX) else {
                throw SnapshotError("a symlink's target is missing or invalid")
            }
            target = bytes
        }
        if let hash = json["fnv1a64"] {
            guard let text = hash.string, let value = UInt64(text, radix: 16) else { throw SnapshotError("a state's fnv1a64 is invalid") }
            contentHash = value
        }
    }
}

extension JSONValue {
    /// The value as compact JSON text, for error messages.
    var compactText: String {
        var buffer = OutputBuffer()
        buffer.appendJSON(self)
        let text = buffer.string
        return text.count > 80 ? String(text.prefix(80)) + "..." : text
    }
}
