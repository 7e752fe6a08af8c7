import Glibc
import SystemPackage

/// Per-process facts read from `/proc`.
package enum ProcFS {
    /// Reads a whole `/proc` file (they report size 0, so read until EOF).
    package static func readFile(_ path: String) throws(Errno) -> [UInt8] {
        let fd: FileDescriptor
        do { fd = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec) } catch { throw (error as? Errno) ?? .ioError }
        defer { try? fd.close() }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n: Int
            do { n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) } } catch { throw (error as? Errno) ?? .ioError }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    /// A task's command name (`/proc/PID/comm` without its newline), or nil
    /// once it is gone (a zombie still has one).
    package static func commandName(of pid: pid_t) -> [UInt8]? {
        guard pid > 0 else { return nil }
        var path = OutputBuffer(capacity: 32)
        path.append("/proc/")
        path.append(decimal: pid)
        path.append("/comm")
        path.append(byte: 0)
        let fd = path.contents.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { Glibc.open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
        }
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        bytes.removeSubrange(n...)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return bytes
    }

    package static func readLink(_ path: String) throws(Errno) -> String {
        String(decoding: try linkTarget(path), as: UTF8.self)
    }

    /// The target of the symlink at `path`, as bytes (paths need not be UTF-8).
    package static func linkTarget(_ path: String) throws(Errno) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        if n < 0 { throw Errno(rawValue: errno) }
        return buffer[0..<n].map { UInt8(bitPattern: $0) }
    }

    /// The executable's path (`/proc/PID/exe`).
    package static func executable(of pid: pid_t) throws(Errno) -> String {
        try readLink("/proc/\(pid)/exe")
    }

    /// The current working directory (`/proc/PID/cwd`).
    package static func currentDirectory(of pid: pid_t) throws(Errno) -> String {
        try readLink("/proc/\(pid)/cwd")
    }

    /// The command line (`/proc/PID/cmdline`), split at NUL bytes.
    package static func arguments(of pid: pid_t) throws(Errno) -> [String] {
        try argumentBytes(of: pid).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The command line (`/proc/PID/cmdline`), split at NUL bytes, as bytes.
    package static func argumentBytes(of pid: pid_t) throws(Errno) -> [[UInt8]] {
        let bytes = try readFile("/proc/\(pid)/cmdline")
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { Array($0) }
        if parts.last == [] { parts.removeLast() }
        return parts
    }

    /// A field of `/proc/PID/status`, such as `Tgid`, `TracerPid` or `State`.
    package static func status(of pid: pid_t, field: String) throws(Errno) -> String? {
        let text = String(decoding: try readFile("/proc/\(pid)/status"), as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return line.dropFirst(field.count + 1).trimmingPrefix { $0 == " " || $0 == "\t" }.description
        }
        return nil
    }

    /// The thread group (process) id of task `tid`.
    package static func threadGroup(of tid: pid_t) throws(Errno) -> pid_t {
        guard let value = try status(of: tid, field: "Tgid"), let tgid = pid_t(value) else { throw .noSuchProcess }
        return tgid
    }

    /// The ids of the threads of process `pid` (`/proc/PID/task`).
    package static func threads(of pid: pid_t) throws(Errno) -> [pid_t] {
        try directoryEntries("/proc/\(pid)/task").compactMap { pid_t($0) }.sorted()
    }

    /// The names in a directory, without `.` and `..`.
    package static func directoryEntries(_ path: String) throws(Errno) -> [String] {
        guard let dir = opendir(path) else { throw Errno(rawValue: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
