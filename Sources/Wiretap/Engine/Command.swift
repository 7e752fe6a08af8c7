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
        let argv = CStringArray(command.arguments)
        let envp = command.environment.map(CStringArray.init)
        defer { argv.free(); envp?.free() }
        var goFD: CInt = -1
        var errorFD: CInt = -1
        // Without an explicit environment the child gets the tracer's own
        // `environ`, as strace passes it, not a copy.
        let pid = (filter ?? []).withUnsafeBufferPointer { program in
            wt_spawn_stopped(path, argv.pointer, envp?.pointer ?? wt_environ(), program.baseAddress,
                             UInt16(program.count), &goFD, &errorFD)
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
