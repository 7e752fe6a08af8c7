import Glibc
import SystemPackage

/// Absolute, lexically normalised paths, kept as bytes.
///
/// A path is whatever bytes a process passed the kernel: it need not be
/// UTF-8, so paths are `FilePath`s (byte-exact), never Swift `String`s.
/// Paths are joined and normalised lexically: `.` and `..` are removed and
/// repeated slashes folded, but symlinks are not resolved, so a report shows
/// a path as the process named it, made absolute.
public enum Paths {
    /// A path from raw bytes (up to the first NUL, if any).
    public static func path<C: Collection>(bytes: C) -> FilePath where C.Element == UInt8 {
        var chars: [CChar] = []
        chars.reserveCapacity(bytes.count + 1)
        for byte in bytes {
            if byte == 0 { break }
            chars.append(CChar(bitPattern: byte))
        }
        chars.append(0)
        return FilePath(platformString: chars)
    }

    /// The bytes of `path`, without a terminating NUL.
    public static func bytes(_ path: FilePath) -> [UInt8] {
        path.withPlatformString { pointer in
            let count = strlen(pointer)
            return pointer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        }
    }

    /// `path` made absolute against `base` (itself absolute) and normalised.
    public static func resolve(_ path: FilePath, against base: FilePath) -> FilePath {
        resolve(bytes: bytes(path), against: base)
    }

    /// `path` (bytes) made absolute against `base` and normalised.
    public static func resolve<C: Collection>(bytes: C, against base: FilePath) -> FilePath where C.Element == UInt8 {
        if bytes.first == UInt8(ascii: "/") { return path(bytes: normalized(Array(bytes))) }
        return path(bytes: normalized(Paths.bytes(base) + [UInt8(ascii: "/")] + bytes))
    }

    /// Removes `.`, `..` (never above `/`), repeated and trailing slashes.
    public static func normalize(_ path: FilePath) -> FilePath {
        resolve(path, against: FilePath("/"))
    }

    /// An absolute path's bytes normalised lexically: `.`, `..` (never above
    /// `/`), repeated and trailing slashes removed. Done on the bytes:
    /// FilePath's component views re-parse the path at every step.
    static func normalized(_ absolute: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(absolute.count)
        var start = 0
        while start < absolute.count {
            var end = start
            while end < absolute.count && absolute[end] != UInt8(ascii: "/") { end += 1 }
            let length = end - start
            if length == 0 || (length == 1 && absolute[start] == UInt8(ascii: ".")) {
                // empty or `.`
            } else if length == 2 && absolute[start] == UInt8(ascii: ".") && absolute[start + 1] == UInt8(ascii: ".") {
                while let last = out.last, last != UInt8(ascii: "/") { out.removeLast() }
                if !out.isEmpty { out.removeLast() }
            } else {
                out.append(UInt8(ascii: "/"))
                out.append(contentsOf: absolute[start..<end])
            }
            start = end + 1
        }
        return out.isEmpty ? [UInt8(ascii: "/")] : out
    }

    /// The directory containing `path` (absolute and normalised); `/` for `/`.
    public static func parent(_ path: FilePath) -> FilePath {
        split(path).parent
    }

    /// The parent directory and the last name of a normalised absolute path,
    /// found on the bytes (FilePath's component views re-parse the path).
    package static func split(_ path: FilePath) -> (parent: FilePath, name: [CChar]) {
        path.withPlatformString { pointer in
            let length = strlen(pointer)
            var slash = length
            while slash > 0 && pointer[slash - 1] != 0x2f { slash -= 1 }
            guard slash > 0 else { return (path, []) }  // relative, one component: nothing above it
            let name = Array(UnsafeBufferPointer(start: pointer + slash, count: length - slash))
            if slash == 1 { return (FilePath("/"), name) }
            var parent = Array(UnsafeBufferPointer(start: pointer, count: slash - 1))
            parent.append(0)
            return (FilePath(platformString: parent), name)
        }
    }

    /// `directory` + `/` + `name` (a name with no slash).
    package static func join(_ directory: FilePath, _ name: [CChar]) -> FilePath {
        directory.withPlatformString { pointer in
            let length = strlen(pointer)
            var joined = Array(UnsafeBufferPointer(start: pointer, count: length))
            if joined.last != 0x2f { joined.append(0x2f) }
            joined += name
            joined.append(0)
            return FilePath(platformString: joined)
        }
    }

    /// Whether `path` is `prefix` or lies below it (by whole components).
    /// Both must be normalised (as every path here is): then a byte
    /// comparison is exact, and far cheaper than FilePath's component views.
    public static func isWithin(_ path: FilePath, _ prefix: FilePath) -> Bool {
        path.withPlatformString { p in
            prefix.withPlatformString { q in
                let prefixLength = strlen(q), pathLength = strlen(p)
                if prefixLength == 1 && q[0] == 0x2f { return p[0] == 0x2f }  // `/` holds every absolute path
                guard pathLength >= prefixLength, memcmp(p, q, prefixLength) == 0 else { return false }
                return pathLength == prefixLength || p[prefixLength] == 0x2f
            }
        }
    }

    /// Whether `path` is absolute, already normalised, and free of NUL bytes:
    /// what a snapshot journal must hold.
    public static func isAbsoluteAndNormal(_ path: FilePath) -> Bool {
        let raw = bytes(path)
        return raw.first == UInt8(ascii: "/") && raw.count < Int(PATH_MAX) && normalized(raw) == raw
    }

    /// `path` with every symlink resolved (realpath(3)), or nil if it does not exist.
    public static func realPath(_ path: FilePath) -> FilePath? {
        path.withPlatformString { pointer -> FilePath? in
            guard let resolved = realpath(pointer, nil) else { return nil }
            defer { free(resolved) }
            return FilePath(platformString: resolved)
        }
    }

    /// The target of the symlink at `path`, as bytes, or nil.
    public static func readLink(_ path: FilePath) -> [UInt8]? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = path.withPlatformString { readlink($0, &buffer, buffer.count - 1) }
        guard n >= 0 else { return nil }
        return buffer[0..<n].map { UInt8(bitPattern: $0) }
    }

    /// The process's current directory.
    public static func currentDirectory() -> FilePath {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return FilePath("/") }
        return FilePath(platformString: buffer)
    }

    // MARK: - JSON

    /// `path` in JSON: a string when its bytes are UTF-8, else
    /// `{"hex": "2f746d702fff"}` (every byte as two hex digits), so that
    /// names that are not UTF-8 survive exactly.
    package static func json(_ path: FilePath) -> JSONValue {
        json(bytes: bytes(path))
    }

    /// `json(_:)` of raw bytes.
    package static func json(bytes: [UInt8]) -> JSONValue {
        if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
        var hex = OutputBuffer(capacity: bytes.count * 2)
        for byte in bytes { hex.appendHexDigits(UInt64(byte), minimumWidth: 2) }
        return .object([("hex", .string(hex.string))])
    }

    /// The bytes a JSON value made by `json(bytes:)` stands for, or nil if it
    /// is neither form (or holds a NUL).
    package static func bytes(fromJSON value: JSONValue) -> [UInt8]? {
        var result: [UInt8]
        if let text = value.string {
            result = Array(text.utf8)
        } else if case .object(let members) = value, members.count == 1, members[0].0 == "hex",
                  let hex = members[0].1.string, hex.utf8.count % 2 == 0 {
            result = []
            result.reserveCapacity(hex.utf8.count / 2)
            var high: UInt8? = nil
            for char in hex.utf8 {
                let nibble: UInt8
                switch char {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
                default: return nil
                }
                if let h = high { result.append(h << 4 | nibble); high = nil } else { high = nibble }
            }
        } else {
            return nil
        }
        return result.contains(0) ? nil : result
    }

    /// The path a JSON value made by `json(_:)` stands for, or nil.
    package static func path(fromJSON value: JSONValue) -> FilePath? {
        bytes(fromJSON: value).map { path(bytes: $0) }
    }
}
