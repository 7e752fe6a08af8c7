import CWiretap
import Glibc
import SystemPackage

/// A program to run under the tracer.
public struct Command: Sendable, Hashable {
    /// The program: a path, or a name looked up in `PATH` as execvp does.
    public var executable: String
    /// argv, including argv[0].
    public var arguments: [String]
    /// The environment as `NAME=value` strings; nil passes the tracer's own.
    public var environment: [String]?
    /// Run as this user (name or uid) with its groups, as strace's `-u`; needs root.
    public var user: String? = nil

    /// A command whose argv[0] is `executable`.
    public init(_ executable: String, arguments: [String] = [], environment: [String]? = nil) {
        self.executable = executable
        self.arguments = [executable] + arguments
        self.environment = environment
    }

    /// Finds the program the way execvp does: a name with a slash is used as
    /// is; otherwise each `PATH` entry is tried (default `/bin:/usr/bin`).
    func resolvedPath() throws(TraceError) -> String {
        if executable.contains("/") {
            if access(executable, F_OK) != 0 { throw TraceError(.commandNotFound(executable)) }
            return executable
        }
        if executable.isEmpty { throw TraceError(.commandNotFound(executable)) }
        let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/bin:/usr/bin"
        var deniedCandidate: String? = nil
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + executable
            var info = stat()
            guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            deniedCandidate = deniedCandidate ?? candidate
        }
        if let deniedCandidate { throw TraceError(.execFailed(path: deniedCandidate, errno: .permissionDenied)) }
        throw TraceError(.commandNotFound(executable))
    }
}

/// A child forked and waiting for the go-ahead to exec (see `wt_spawn_stopped`).
struct SpawnedChild {
    let pid: pid_t
    let path: String
    /// Write end of the go-ahead pipe.
    var goFD: CInt
    /// Read end of the exec-error pipe (close-on-exec in the child).
    var errorFD: CInt

    static func fork(_ command: Command, path: String, filter: [sock_filter]? = nil) throws(TraceError) -> SpawnedChild {
        var credentials: (uid: uid_t, gid: gid_t, groups: [gid_t])? = nil
        if let user = command.user { credentials = try UserCredentials.look(up: user) }
        let argv = CStringArray(command.arguments)
        let envp = command.environment.map(CStringArray.init)
        defer { argv.free(); envp?.free() }
        var goFD: CInt = -1
        var errorFD: CInt = -1
        // Without an explicit environment the child gets the tracer's own
        // `environ`, as strace passes it, not a copy.
        let groups = credentials?.groups ?? []
        let pid = (filter ?? []).withUnsafeBufferPointer { program in
            groups.withUnsafeBufferPointer { groupList in
                var creds = wt_credentials(uid: credentials?.uid ?? 0, gid: credentials?.gid ?? 0,
                                           group_count: Int32(groupList.count), groups: groupList.baseAddress)
                return withUnsafePointer(to: &creds) { credsPointer in
                    wt_spawn_stopped(path, argv.pointer, envp?.pointer ?? wt_environ(), program.baseAddress,
                                     UInt16(program.count), credentials == nil ? nil : credsPointer, &goFD, &errorFD)
                }
            }
        }
        if pid < 0 { throw TraceError(.spawnFailed(Errno(rawValue: errno))) }
        return SpawnedChild(pid: pid, path: path, goFD: goFD, errorFD: errorFD)
    }

    /// Lets the child go on to exec.
    mutating func release() {
        var byte: UInt8 = 1
        _ = Glibc.write(goFD, &byte, 1)
        close(goFD)
        goFD = -1
    }

    /// Makes a child that was never released exit, and reaps it.
    mutating func abandon() {
        if goFD >= 0 { close(goFD); goFD = -1 }
        kill(pid, SIGKILL)
        var status: CInt = 0
        while waitpid(pid, &status, WT_WALL) < 0 && errno == EINTR {}
        closeErrorPipe()
    }

    /// The errno the child reported if its exec failed, or nil if it exec'd.
    mutating func execError() -> Errno? {
        guard errorFD >= 0 else { return nil }
        var code: CInt = 0
        var n: Int
        repeat { n = read(errorFD, &code, MemoryLayout<CInt>.size) } while n < 0 && errno == EINTR
        closeErrorPipe()
        return n == MemoryLayout<CInt>.size ? Errno(rawValue: code) : nil
    }

    mutating func closeErrorPipe() {
        if errorFD >= 0 { close(errorFD); errorFD = -1 }
    }
}

/// A NULL-terminated array of C strings, for execve.
struct CStringArray {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointer[i] = strdup(s) }
        pointer[strings.count] = nil
    }

    func free() {
        for i in 0..<count { Glibc.free(pointer[i]) }
        pointer.deallocate()
    }
}

/// Resolves `-u USER` in the tracer, before fork: the child only applies ids.
enum UserCredentials {
    static func look(up user: String) throws(TraceError) -> (uid: uid_t, gid: gid_t, groups: [gid_t]) {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var storage = [CChar](repeating: 0, count: 16384)
        if let uid = uid_t(user) {
            getpwuid_r(uid, &entry, &storage, storage.count, &result)
        } else {
            getpwnam_r(user, &entry, &storage, storage.count, &result)
        }
        guard result != nil else { throw TraceError(.unknownUser(user)) }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pw_name, entry.pw_gid, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(entry.pw_name, entry.pw_gid, &groups, &count)
        }
        return (entry.pw_uid, entry.pw_gid, Array(groups.prefix(Int(max(0, count)))))
    }
}
