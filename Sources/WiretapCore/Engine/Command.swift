import CWiretap
import Glibc
import SystemPackage

/// A program to run under the tracer.
///
/// The program, its arguments and its environment are bytes, as the kernel
/// takes them: a file name or argument that is not valid UTF-8 reaches the
/// program unchanged. (The API follows swift-subprocess's `Arguments` and
/// `Environment`, which take raw bytes the same way.) The `String`
/// initialisers are conveniences.
public struct Command: Sendable, Hashable {
    /// The program: a path, or a name looked up in `PATH` as execvp does.
    public var executable: [UInt8]
    /// The arguments after argv[0] (and argv[0] itself, if not the executable).
    public var arguments: Arguments
    /// The environment the program starts with.
    public var environment: Environment
    /// Run as this user (name or uid) with its groups, as strace's `-u`; needs root.
    public var user: String? = nil

    /// A command whose argv[0] is `executable`; `environment` nil passes the tracer's own.
    public init(_ executable: String, arguments: [String] = [], environment: [String]? = nil) {
        self.executable = Array(executable.utf8)
        self.arguments = Arguments(arguments)
        self.environment = environment.map { .custom($0) } ?? .inherit
    }

    /// A command from raw bytes: any file name, argument and variable.
    public init(executable: [UInt8], arguments: Arguments = [], environment: Environment = .inherit) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// argv as the program gets it: argv[0] (the executable unless
    /// overridden), then the arguments.
    public var argv: [[UInt8]] {
        [arguments.executablePathOverride ?? executable] + arguments.values
    }

    /// The arguments of a command (argv without argv[0], unless overridden).
    public struct Arguments: Sendable, Hashable, ExpressibleByArrayLiteral {
        /// argv[0], when it is not the executable as given.
        public var executablePathOverride: [UInt8]?
        /// argv[1...].
        public var values: [[UInt8]]

        public init(arrayLiteral elements: String...) { self.init(elements) }

        public init(_ array: [String]) {
            executablePathOverride = nil
            values = array.map { Array($0.utf8) }
        }

        public init(_ array: [[UInt8]]) {
            executablePathOverride = nil
            values = array
        }

        public init(executablePathOverride: [UInt8]?, remainingValues: [[UInt8]]) {
            self.executablePathOverride = executablePathOverride
            values = remainingValues
        }

        public init(executablePathOverride: String?, remainingValues: [String]) {
            self.executablePathOverride = executablePathOverride.map { Array($0.utf8) }
            values = remainingValues.map { Array($0.utf8) }
        }
    }

    /// The environment of a command: the tracer's own, or `NAME=value` entries.
    public struct Environment: Sendable, Hashable {
        /// nil: the tracer's own `environ`, passed as strace passes it.
        public let entries: [[UInt8]]?

        /// The tracer's own environment.
        public static var inherit: Environment { Environment(entries: nil) }

        /// Exactly these `NAME=value` entries.
        public static func custom(_ entries: [String]) -> Environment {
            Environment(entries: entries.map { Array($0.utf8) })
        }

        /// Exactly these `NAME=value` entries, as bytes.
        public static func custom(_ entries: [[UInt8]]) -> Environment {
            Environment(entries: entries)
        }

        /// This environment with `changes` applied in order, as strace's
        /// `-E`: `NAME=value` replaces NAME (appended at the end), a bare
        /// `NAME` removes it.
        public func applying(_ changes: [[UInt8]]) -> Environment {
            var result = entries ?? Environment.current()
            for change in changes {
                let equals = change.firstIndex(of: UInt8(ascii: "="))
                var prefix = Array(change[..<(equals ?? change.endIndex)])
                prefix.append(UInt8(ascii: "="))
                result.removeAll { $0.starts(with: prefix) }
                if equals != nil { result.append(change) }
            }
            return Environment(entries: result)
        }

        /// The tracer's `environ`, as bytes.
        static func current() -> [[UInt8]] {
            var result: [[UInt8]] = []
            var cursor = wt_environ()
            while let entry = cursor?.pointee {
                result.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self),
                                                        count: strlen(entry))))
                cursor = cursor! + 1
            }
            return result
        }
    }

    /// Finds the program the way execvp does: a name with a slash is used as
    /// is; otherwise each `PATH` entry is tried (default `/bin:/usr/bin`).
    func resolvedPath() throws(TraceError) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        if executable.contains(slash) {
            if Command.withCString(executable, { access($0, F_OK) }) != 0 { throw TraceError(.commandNotFound(Command.display(executable))) }
            return executable
        }
        if executable.isEmpty { throw TraceError(.commandNotFound("")) }
        var searchPath: [UInt8] = Array("/bin:/usr/bin".utf8)
        if let value = getenv("PATH") {
            searchPath = Array(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
        }
        var deniedCandidate: [UInt8]? = nil
        for directory in searchPath.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? [UInt8(ascii: ".")] : Array(directory)) + [slash] + executable
            let usable: Bool = Command.withCString(candidate) { path in
                var info = stat()
                return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            }
            guard usable else { continue }
            if Command.withCString(candidate, { access($0, X_OK) }) == 0 { return candidate }
            deniedCandidate = deniedCandidate ?? candidate
        }
        if let deniedCandidate {
            throw TraceError(.execFailed(path: Command.display(deniedCandidate), errno: .permissionDenied))
        }
        throw TraceError(.commandNotFound(Command.display(executable)))
    }

    /// Calls `body` with `bytes` as a NUL-terminated C string.
    static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        var terminated = bytes
        terminated.append(0)
        return terminated.withUnsafeBytes { body($0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
    }

    /// Bytes for a message (invalid UTF-8 shown as U+FFFD; never used as a name again).
    static func display(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// A child forked and waiting for the go-ahead to exec (see `wt_spawn_stopped`).
struct SpawnedChild {
    let pid: pid_t
    let path: [UInt8]
    /// Write end of the go-ahead pipe.
    var goFD: CInt
    /// Read end of the exec-error pipe (close-on-exec in the child).
    var errorFD: CInt

    static func fork(_ command: Command, path: [UInt8], filter: [sock_filter]? = nil) throws(TraceError) -> SpawnedChild {
        var credentials: (uid: uid_t, gid: gid_t, groups: [gid_t])? = nil
        if let user = command.user { credentials = try UserCredentials.look(up: user) }
        let argv = CStringArray(command.argv)
        let envp = command.environment.entries.map(CStringArray.init)
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
                    Command.withCString(path) { cPath in
                        wt_spawn_stopped(cPath, argv.pointer, envp?.pointer ?? wt_environ(), program.baseAddress,
                                         UInt16(program.count), credentials == nil ? nil : credsPointer, &goFD, &errorFD)
                    }
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

    init(_ strings: [[UInt8]]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (i, bytes) in strings.enumerated() {
            let copy = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(copy, base, bytes.count) }
            }
            copy[bytes.count] = 0
            pointer[i] = copy
        }
        pointer[strings.count] = nil
    }

    func free() {
        for i in 0..<count { Glibc.free(pointer[i]) }
        pointer.deallocate()
    }
}

/// Resolves `-u USER` in the tracer, before fork: the child only applies ids.
enum UserCredentials {
    /// The user's uid, primary gid and groups.
    ///
    /// Not through glibc's NSS in this process: a statically linked wiretap
    /// would load the host's NSS modules, built for another glibc, and they
    /// crash (seen in libnss_systemd for an unknown user). The host's own
    /// `getent` asks NSS as the machine is configured (files, LDAP,
    /// systemd...); without it, /etc/passwd and /etc/group are read.
    static func look(up user: String) throws(TraceError) -> (uid: uid_t, gid: gid_t, groups: [gid_t]) {
        guard !user.isEmpty, !user.contains(":"), !user.contains("\n") else { throw TraceError(.unknownUser(user)) }
        let candidates: [String] = ["/usr/bin/getent", "/bin/getent"]
        if let getent = candidates.first(where: { access($0, X_OK) == 0 }) {
            guard let output = run([getent, "passwd", user]),
                  let entry = passwdEntry(output.split(separator: UInt8(ascii: "\n")).first ?? []) else {
                throw TraceError(.unknownUser(user))
            }
            // `name: gid gid...`, the groups NSS gives the user (initgroups).
            var groups: [gid_t] = []
            if let line = run([getent, "initgroups", entry.name]).flatMap({ $0.split(separator: UInt8(ascii: "\n")).first }) {
                let fields = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
                groups = fields.dropFirst().compactMap { gid_t($0) }
            }
            if !groups.contains(entry.gid) { groups.insert(entry.gid, at: 0) }
            return (entry.uid, entry.gid, groups)
        }
        let passwdFile = (try? ProcFS.readFile("/etc/passwd")) ?? []
        guard let entry = passwdFile.split(separator: UInt8(ascii: "\n")).lazy.compactMap({ passwdEntry($0) })
            .first(where: { $0.name == user || uid_t(user) == $0.uid }) else { throw TraceError(.unknownUser(user)) }
        var groups: [gid_t] = [entry.gid]
        for line in ((try? ProcFS.readFile("/etc/group")) ?? []).split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard fields.count >= 4, let gid = gid_t(String(decoding: fields[2], as: UTF8.self)) else { continue }
            let members = fields[3].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
            if members.contains(entry.name) && !groups.contains(gid) { groups.append(gid) }
        }
        return (entry.uid, entry.gid, groups)
    }

    /// `name:x:uid:gid:...` parsed, or nil.
    static func passwdEntry<C: Collection>(_ line: C) -> (name: String, uid: uid_t, gid: gid_t)? where C.Element == UInt8 {
        let fields = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count >= 4, let uid = uid_t(String(decoding: fields[2], as: UTF8.self)),
              let gid = gid_t(String(decoding: fields[3], as: UTF8.self)) else { return nil }
        return (String(decoding: fields[0], as: UTF8.self), uid, gid)
    }

    /// Runs `argv` (no shell) and returns its standard output, or nil if it failed.
    static func run(_ argv: [String]) -> [UInt8]? {
        var pipeFDs: [CInt] = [-1, -1]
        guard wt_pipe_cloexec(&pipeFDs) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        let arguments = CStringArray(argv.map { Array($0.utf8) })
        defer { arguments.free() }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, arguments.pointer, wt_environ())
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        guard spawned == 0 else { return nil }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while output.count < 1 << 20 {
            let n = read(pipeFDs[0], &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            output.append(contentsOf: chunk[0..<n])
        }
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0 ? output : nil
    }
}
