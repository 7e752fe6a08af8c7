import CWiretap
import Glibc
import Synchronization
import Testing

/// Helpers shared by the tests: fixture programs compiled with `cc` at test
/// time, and running processes (the built `wiretap` among them) with a timeout.
enum TestSupport {
    /// Where the test bundle lives: `wiretap` is built next to it.
    static let productsDirectory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(n > 0, "cannot read /proc/self/exe")
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<path.lastIndex(of: "/")!])
    }()

    /// The `wiretap` executable built with the tests.
    static var wiretap: String { productsDirectory + "/wiretap" }

    static let fixtureSources: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
    }()

    static let scratch: String = {
        var template = Array("/tmp/wiretap-tests-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(dir != nil, "mkdtemp failed")
        return String(cString: dir!)
    }()

    private static let compiled = Mutex<[String: String]>([:])

    /// Compiles `Fixtures/NAME.c` once per test run and returns the binary's path.
    static func fixture(_ name: String) throws -> String {
        try fixture(name, flags: ["-O1", "-g", "-pthread", "-Wall"])
    }

    /// A 32-bit (i386) fixture: freestanding (`_start`, raw `int $0x80`), so
    /// that no multilib packages are needed.
    static func fixture32(_ name: String) throws -> String {
        try fixture(name, flags: ["-m32", "-nostdlib", "-static", "-ffreestanding", "-fno-pic", "-O1", "-Wall"])
    }

    /// `Fixtures/NAME.c` compiled with `flags` (once per run), into a
    /// binary named NAME-VARIANT.
    static func fixture(_ name: String, variant: String, flags: [String]) throws -> String {
        try fixture(name, flags: flags, output: name + "-" + variant)
    }

    private static func fixture(_ name: String, flags: [String], output outputName: String? = nil) throws -> String {
        let key = outputName ?? name
        return try compiled.withLock { cache in
            if let path = cache[key] { return path }
            let output = scratch + "/" + key
            let result = try run(["/usr/bin/cc"] + flags + ["-o", output, fixtureSources + "/" + name + ".c"], timeout: 120)
            guard result.exitCode == 0 else {
                throw TestFailure("cc \(name).c failed: \(result.stderr)")
            }
            cache[key] = output
            return output
        }
    }

    /// A fixture built by `command` (a compiler, its flags and sources)
    /// with `-o SCRATCH/OUTPUT` appended, once per run; for what
    /// `fixture(_:variant:flags:)` cannot build (C++, Swift, shared
    /// libraries, programs linked against them). The compiler is looked up
    /// in PATH when not given as a path; a missing one fails the calling
    /// test (.ci/run installs them).
    static func build(_ output: String, _ command: [String]) throws -> String {
        guard let compiler = command.first, let executable = executable(compiler) else {
            throw TestFailure("\(command.first ?? "no command"): not found (.ci/run installs it)")
        }
        return try compiled.withLock { cache in
            if let path = cache[output] { return path }
            let path = scratch + "/" + output
            let result = try run([executable] + command.dropFirst() + ["-o", path], timeout: 300)
            guard result.exitCode == 0 else {
                throw TestFailure("\(command.joined(separator: " ")) failed: \(result.stderr)")
            }
            cache[output] = path
            return path
        }
    }

    /// `name`'s path: itself if it has a slash, else the first executable
    /// `name` in PATH; nil if there is none.
    static func executable(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
            return "\(directory)/\(name)"
        }
        return nil
    }

    /// A fresh empty directory for one test.
    static func temporaryDirectory() -> String {
        var template = Array((scratch + "/t-XXXXXX").utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: dir!)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Result {
        var status: CInt
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var exitCode: CInt? { (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil }
        var signal: CInt? { (status & 0x7f) != 0 && (status & 0x7f) != 0x7f ? status & 0x7f : nil }
    }

    /// Starts `argv` with stdout and stderr going to files; returns its pid.
    static func start(_ argv: [String], stdoutPath: String, stderrPath: String, environment: [String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Tests run in parallel: a descriptor another test holds open without
        // O_CLOEXEC must not reach the child (it shifts the tracee's fd numbers).
        wt_spawn_actions_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Start in its own process group, with default signal dispositions and mask.
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let cArgs = argv.map { strdup($0) } + [nil]
        let env = environment ?? currentEnvironment()
        let cEnv = env.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw TestFailure("posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    static func currentEnvironment() -> [String] {
        var result: [String] = []
        var cursor = Glibc.environ
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }

    /// Waits for `pid` for at most `timeout` seconds; kills it (SIGKILL) if it
    /// does not finish, and says so in the result.
    static func wait(_ pid: pid_t, timeout: Double) -> (status: CInt, timedOut: Bool) {
        var status: CInt = 0
        let deadline = now() + timeout
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status, false) }
            if r < 0 && errno != EINTR { return (-1, false) }
            if now() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return (status, true)
            }
            usleep(2_000)
        }
    }

    /// Runs `argv` to completion (or `timeout`) and returns its status and output.
    static func run(_ argv: [String], timeout: Double = 30, environment: [String]? = nil) throws -> Result {
        let dir = temporaryDirectory()
        let pid = try start(argv, stdoutPath: dir + "/stdout", stderrPath: dir + "/stderr", environment: environment)
        let (status, timedOut) = wait(pid, timeout: timeout)
        return Result(status: status, stdout: readFile(dir + "/stdout"), stderr: readFile(dir + "/stderr"), timedOut: timedOut)
    }

    /// Runs the built `wiretap` with `arguments`.
    static func wiretap(_ arguments: [String], timeout: Double = 30) throws -> Result {
        try run([wiretap] + arguments, timeout: timeout)
    }

    /// swift-argument-parser's description of the trace command's own
    /// options (`--experimental-dump-help`, without the `files` and `undo`
    /// subcommands, which follow the root's arguments in it).
    static func traceOptionsDump() throws -> String {
        let dump = try wiretap(["--experimental-dump-help"])
        guard dump.exitCode == 0, dump.stdout.contains("\"arguments\"") else {
            throw TestFailure("--experimental-dump-help: \(dump.stdout) \(dump.stderr)")
        }
        return String(dump.stdout[..<(dump.stdout.range(of: "\"subcommands\"")?.lowerBound ?? dump.stdout.endIndex)])
    }

    /// Runs `argv` and returns its exit status and its own peak memory in
    /// kB, read as VmHWM from /proc while it runs (a high-water mark, so any
    /// sample after the peak holds it; the program should outlive its peak
    /// by a few milliseconds). Not wait4's ru_maxrss: that counts the
    /// spawning test process too (posix_spawn shares its memory until exec)
    /// and the program's children.
    static func peakMemory(_ argv: [String], timeout: Double = 120) throws -> (status: CInt, kilobytes: Int, stderr: String) {
        let directory = temporaryDirectory()
        let pid = try start(argv, stdoutPath: directory + "/out", stderrPath: directory + "/err")
        var status: CInt = 0
        var peak = 0
        let deadline = now() + timeout
        while waitpid(pid, &status, WNOHANG) == 0 {
            // "VmHWM:     1234 kB"
            if let value = procStatus(pid, "VmHWM")?.split(separator: " ").first.flatMap({ Int($0) }) { peak = max(peak, value) }
            if now() > deadline { kill(pid, SIGKILL) }
            usleep(2_000)
        }
        return (status, peak, readFile(directory + "/err"))
    }

    static func readFile(_ path: String) -> String {
        String(decoding: readBytes(path), as: UTF8.self)
    }

    /// A file's bytes (empty if it cannot be read).
    static func readBytes(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Polls `condition` every 5 ms for up to `timeout` seconds.
    static func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// A field of /proc/PID/status (State, TracerPid...), or nil if the process is gone.
    static func procStatus(_ pid: pid_t, _ field: String) -> String? {
        let text = readFile("/proc/\(pid)/status")
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return String(line.dropFirst(field.count + 1)).trimmingCharacters(in: " \t")
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }

    /// The lines of the text, without the final empty one.
    var lines: [Substring] { split(separator: "\n", omittingEmptySubsequences: false).dropLast(hasSuffix("\n") ? 1 : 0).map { $0 } }
}
