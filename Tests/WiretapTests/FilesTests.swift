import Foundation
import Glibc
import Testing

/// End-to-end tests of `wiretap files`: fixture programs (Fixtures/files_*.c)
/// or small shell commands do known things to files in a per-test directory,
/// and the tests check the JSON report (`--json -o REPORT`) exactly.
///
/// Each fixture takes its working directory as argv[1], chdir()s into it and
/// then uses relative paths, so the tracer has to resolve them. Reports are
/// filtered with `--include DIR` so that what the loader and libc read does
/// not appear.
@Suite struct FilesTests {
    // MARK: - Helpers

    /// A parsed `--json` report.
    struct Report: CustomStringConvertible {
        var object: [String: Any]
        var raw: String

        init?(_ text: String) {
            guard let data = text.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            self.object = object
            self.raw = text
        }

        /// A path array; nil when the key is missing or not an array of strings.
        func paths(_ key: String) -> [String]? { object[key] as? [String] }

        /// The `renamed` entries as [from, to] pairs, in order.
        var renamed: [[String]]? {
            guard let entries = object["renamed"] as? [[String: Any]] else { return nil }
            return entries.map { [($0["from"] as? String) ?? "?", ($0["to"] as? String) ?? "?"] }
        }

        var gaps: [[String: Any]] { (object["gaps"] as? [[String: Any]]) ?? [] }
        var gapKinds: [String] { gaps.map { ($0["kind"] as? String) ?? "?" } }

        var command: [String]? { object["command"] as? [String] }

        /// `{"exited": N}` as N.
        var exited: Int? { (object["status"] as? [String: Any])?["exited"] as? Int }
        /// `{"killed": "SIGNAME"}` as SIGNAME.
        var killed: String? { (object["status"] as? [String: Any])?["killed"] as? String }

        /// Every path the report mentions anywhere.
        var allPaths: [String] {
            var result: [String] = []
            for key in Self.pathKeys { result += paths(key) ?? [] }
            result += (renamed ?? []).flatMap { $0 }
            result += gaps.compactMap { $0["path"] as? String }
            return result
        }

        static let pathKeys = ["read", "written", "created", "deleted", "executed", "metadata",
                               "directories_created", "directories_removed"]

        var description: String { raw }
    }

    /// One `wiretap files --json -o REPORT ARGUMENTS...` run.
    struct Run {
        var result: TestSupport.Result
        var text: String
        var report: Report?

        /// A failure message: status, stderr and the report text.
        var comment: Comment {
            Comment(rawValue: "status \(result.status), stdout: \(result.stdout)\nstderr: \(result.stderr)\nreport: \(text)")
        }
    }

    static func files(_ arguments: [String], timeout: Double = 60) throws -> Run {
        let path = TestSupport.temporaryDirectory() + "/report.json"
        let result = try TestSupport.wiretap(["files", "--json", "-o", path] + arguments, timeout: timeout)
        let text = TestSupport.readFile(path)
        return Run(result: result, text: text, report: Report(text))
    }

    /// Runs `fixture DIR` under `wiretap files --json --include DIR`.
    static func scenario(_ name: String, in dir: String, timeout: Double = 60) throws -> Run {
        let fixture = try TestSupport.fixture(name)
        return try files(["--include", dir, "--", fixture, dir], timeout: timeout)
    }

    /// Creates (or replaces) a regular file with `contents` and exactly `mode`.
    static func makeFile(_ path: String, _ contents: String = "data\n", mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSupport.TestFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw TestSupport.TestFailure("cannot write \(path)")
        }
        fchmod(fd, mode)
    }

    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else {
            throw TestSupport.TestFailure("mkdir \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Shell-quotes `s` for `/bin/sh -c`.
    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - What each fixture expects to find in its directory (UndoTests uses these too)

    static func prepareBasic(_ dir: String) throws {
        for name in ["b.txt", "c.txt", "d.txt", "e.txt", "g.txt", "h.txt"] {
            try makeFile(dir + "/" + name, "contents of \(name)\n")
        }
        try makeDirectory(dir + "/olddir")
    }

    static func prepareDirfds(_ dir: String) throws {
        let p = { (name: String) in dir + "/" + name }
        try makeDirectory(p("sub"))
        try makeDirectory(p("sub2"))
        try makeDirectory(p("sub/z"))
        try makeFile(p("sub/q"))
        try makeFile(p("sub/y"))
        try makeFile(p("sub/m"), "m\n")
        try makeFile(p("sub/n"), "n\n", mode: 0o600)
        try makeFile(p("src"))
        try makeFile(p("excl_old"))
        try makeFile(p("trunc_me"), "to be truncated\n")
        try makeFile(p("own.txt"))
    }

    static func prepareCwd(_ dir: String) throws {
        try makeDirectory(dir + "/sub")
        try makeDirectory(dir + "/sub/deeper")
    }

    static func prepareFailed(_ dir: String) throws {
        try makeDirectory(dir + "/full")
        try makeFile(dir + "/full/inside")
        try makeDirectory(dir + "/existing_dir")
    }

    static func prepareMmap(_ dir: String) throws {
        try makeFile(dir + "/mapped.bin", String(repeating: "a", count: 4096))
    }

    static let writeTargets = ["w_copy_file_range", "w_dup", "w_dupfd_cloexec", "w_fallocate", "w_ftruncate", "w_pwrite",
                               "w_pwritev", "w_sendfile", "w_write", "w_writev"]

    static func prepareWrites(_ dir: String) throws {
        for name in writeTargets + ["source", "nowrite", "w_failed", "existing", "touched", "futimens_me", "fchmod_me"] {
            try makeFile(dir + "/" + name, "0123456789\n")
        }
    }

    static func prepareFdshare(_ dir: String) throws {
        try makeDirectory(dir + "/sub")
        try makeDirectory(dir + "/sub2")
    }

    // MARK: - Scenarios

    @Test func basicOperations() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareBasic(dir)

        let run = try Self.scenario("files_basic", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        let p = { (name: String) in dir + "/" + name }

        #expect(report.paths("read") == [p("b.txt"), p("h.txt")], run.comment)
        #expect(report.paths("written") == [p("a.txt"), p("c.txt"), p("g.txt")], run.comment)
        #expect(report.paths("created") == [p("a.txt")], run.comment)
        #expect(report.paths("deleted") == [p("d.txt")], run.comment)
        #expect(report.renamed == [[p("e.txt"), p("f.txt")]], run.comment)
        #expect(report.paths("executed") == [], run.comment)
        #expect(report.paths("metadata") == [p("b.txt")], run.comment)
        #expect(report.paths("directories_created") == [p("sub")], run.comment)
        #expect(report.paths("directories_removed") == [p("olddir")], run.comment)
        #expect(report.gaps.isEmpty, run.comment)
        #expect(report.exited == 0, run.comment)
        #expect(report.command == [try TestSupport.fixture("files_basic"), dir], run.comment)

        // The fixture really did those things (the report is not about a different run).
        #expect(TestSupport.readFile(p("c.txt")) == "contents of c.txt\nmore\n")
        #expect(Self.exists(p("f.txt")) && !Self.exists(p("e.txt")) && !Self.exists(p("d.txt")))
    }

    @Test func directoryDescriptorsAndAtCalls() throws {
        let dir = TestSupport.temporaryDirectory()
        let p = { (name: String) in dir + "/" + name }
        try Self.prepareDirfds(dir)

        let run = try Self.scenario("files_dirfds", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)

        #expect(report.paths("read") == [p("sub/q")], run.comment)
        #expect(report.paths("written") == [p("sub/r"), p("sub/x"), p("sub2/p"), p("trunc_me")], run.comment)
        #expect(report.paths("created") == [p("excl_new"), p("sub/hard"), p("sub/r"), p("sub/sym"), p("sub/x"), p("sub2/p")],
                run.comment)
        #expect(report.paths("deleted") == [p("sub/y")], run.comment)
        #expect(report.renamed == [[p("sub/m"), p("sub/n")], [p("sub/n"), p("sub/m")]], run.comment)
        #expect(report.paths("executed") == [], run.comment)
        #expect(report.paths("metadata") == [p("own.txt")], run.comment)
        #expect(report.paths("directories_created") == [], run.comment)
        #expect(report.paths("directories_removed") == [p("sub/z")], run.comment)
        #expect(report.gaps.isEmpty, run.comment)
        #expect(TestSupport.readFile(p("sub/m")) == "n\n", "the exchange happened")
    }

    @Test func workingDirectoriesPerProcessAndSharedByThreads() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareCwd(dir)

        let run = try Self.scenario("files_cwd", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        let expected = ["from_child", "sub/after_fchdir", "sub/deeper/from_main_after_thread", "sub/from_parent"]
            .map { dir + "/" + $0 }
        // Where the files really are: the report must agree with the kernel.
        for path in expected { #expect(Self.exists(path), "\(path) was not created by the fixture") }
        #expect(report.paths("created") == expected, run.comment)
        #expect(report.paths("written") == expected, run.comment)
        #expect(report.paths("read") == [], run.comment)
        #expect(report.paths("deleted") == [], run.comment)
        #expect(report.renamed == [], run.comment)
        #expect(report.paths("directories_created") == [], run.comment)
        #expect(report.paths("directories_removed") == [], run.comment)
    }

    @Test func everyKindOfWrite() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareWrites(dir)
        let run = try Self.scenario("files_writes", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        let p = { (name: String) in dir + "/" + name }
        #expect(report.paths("written") == Self.writeTargets.map(p), run.comment)
        #expect(report.paths("read") == [p("futimens_me"), p("source"), p("w_failed")], run.comment)
        #expect(report.paths("created") == [], run.comment)
        #expect(report.paths("metadata") == [p("fchmod_me"), p("futimens_me"), p("touched")], run.comment)
        #expect(report.paths("deleted") == [], run.comment)
        #expect(report.renamed == [], run.comment)
        #expect(report.gaps.isEmpty, run.comment)
    }

    @Test func descriptorTablesCopiedOnForkSharedByThreads() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareFdshare(dir)
        let run = try Self.scenario("files_fdshare", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        let expected = ["sub/from_child", "sub/parent_after_child", "sub2/child_after_dup2", "sub2/via_thread_fd", "top"]
            .map { dir + "/" + $0 }
        for path in expected { #expect(Self.exists(path), "\(path) was not created by the fixture") }
        #expect(report.paths("created") == expected, run.comment)
        #expect(report.paths("written") == expected, run.comment)
        #expect(report.paths("read") == [], run.comment)
    }

    @Test func forkAndExecOfAShell() throws {
        let dir = TestSupport.temporaryDirectory()
        let fixture = try TestSupport.fixture("files_exec")
        let run = try Self.files(["--", fixture, dir])
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        #expect(report.paths("executed") == [fixture, "/bin/sh"].sorted(), run.comment)
        let inDir = { (key: String) in (report.paths(key) ?? []).filter { $0.hasPrefix(dir + "/") } }
        #expect(inDir("created") == [dir + "/out.txt"], run.comment)
        #expect(inDir("written") == [dir + "/out.txt"], run.comment)
        #expect(TestSupport.readFile(dir + "/out.txt") == "hi\n")
    }

    @Test func failedCallsDoNotCount() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareFailed(dir)

        let run = try Self.scenario("files_failed", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        // The one call that succeeded is there, so the filter is not hiding everything.
        #expect(report.paths("created") == [dir + "/ok.txt"], run.comment)
        #expect(report.paths("written") == [dir + "/ok.txt"], run.comment)
        for key in ["read", "deleted", "executed", "metadata", "directories_created", "directories_removed"] {
            #expect(report.paths(key) == [], "\(key): \(run.comment)")
        }
        #expect(report.renamed == [], run.comment)
    }

    @Test func ioUringIsAGap() throws {
        let fixture = try TestSupport.fixture("files_io_uring")
        let run = try Self.files(["--", fixture])
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        let gaps = report.gaps.filter { ($0["kind"] as? String) == "io_uring" }
        #expect(!gaps.isEmpty, run.comment)
        for gap in gaps {
            #expect(((gap["pid"] as? Int) ?? 0) > 0, "gap without a pid: \(gap)")
            #expect(gap["detail"] is String, "gap without a detail: \(gap)")
        }
    }

    @Test func sharedWritableMappingCountsAsWritten() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.prepareMmap(dir)
        let run = try Self.scenario("files_mmap", in: dir)
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        #expect(TestSupport.readFile(dir + "/mapped.bin").hasPrefix("Xa"), "the fixture wrote through the mapping")
        #expect(report.paths("written") == [dir + "/mapped.bin"], run.comment)
        #expect(report.paths("read") == [dir + "/mapped.bin"], "O_RDWR is a read: \(run.comment)")
        #expect(report.paths("created") == [], run.comment)
        #expect(report.gapKinds.allSatisfy { $0 == "shared_mmap" }, run.comment)
    }

    @Test func writeThroughAnInheritedDescriptor() throws {
        let dir = TestSupport.temporaryDirectory()
        let other = TestSupport.temporaryDirectory()
        let reportPath = other + "/report.json"
        let redirected = dir + "/redirected.txt"
        // wiretap's own stdout goes to a file: /bin/echo inherits that descriptor.
        let pid = try TestSupport.start([TestSupport.wiretap, "files", "--json", "-o", reportPath, "--include", dir,
                                         "--", "/bin/echo", "hello"],
                                        stdoutPath: redirected, stderrPath: other + "/stderr")
        let (status, timedOut) = TestSupport.wait(pid, timeout: 60)
        #expect(!timedOut)
        let text = TestSupport.readFile(reportPath)
        let comment = Comment(rawValue: "status \(status), stderr: \(TestSupport.readFile(other + "/stderr"))\nreport: \(text)")
        #expect(status == 0, comment)
        #expect(TestSupport.readFile(redirected) == "hello\n", "the command's stdout stays its own")
        let report = try #require(Report(text), comment)
        #expect(report.paths("written") == [redirected], comment)
        #expect(report.paths("created") == [], comment)
        let gaps = report.gaps.filter { ($0["kind"] as? String) == "inherited_fd" }
        #expect(!gaps.isEmpty, comment)
        for gap in gaps {
            if let path = gap["path"] as? String { #expect(path == redirected, comment) }
        }
    }

    @Test func reportNeverMixesWithTheCommandsStdout() throws {
        let result = try TestSupport.wiretap(["files", "--json", "--", "/bin/echo", "hi"], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "status \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout == "hi\n")
        let report = try #require(Report(result.stderr), "stderr is not one JSON object: \(result.stderr)")
        #expect(report.paths("executed")?.contains("/bin/echo") == true, "\(report)")
        #expect(report.command == ["/bin/echo", "hi"], "\(report)")
    }

    @Test(arguments: [0, 3, 42])
    func exitStatusIsPassedThrough(code: Int) throws {
        let run = try Self.files(["--", "/bin/sh", "-c", "exit \(code)"])
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == CInt(code), run.comment)
        let report = try #require(run.report, run.comment)
        #expect(report.exited == code, run.comment)
        #expect(report.killed == nil, run.comment)
        #expect(report.command == ["/bin/sh", "-c", "exit \(code)"], run.comment)
    }

    @Test func deathBySignalIsReported() throws {
        let run = try Self.files(["--", "/bin/sh", "-c", "kill -TERM $$"])
        #expect(!run.result.timedOut)
        #expect(run.result.signal == SIGTERM || run.result.exitCode == 128 + SIGTERM, run.comment)
        let report = try #require(run.report, run.comment)
        #expect(report.killed == "SIGTERM", run.comment)
        #expect(report.exited == nil, run.comment)
    }

    @Test func humanReportHasCounts() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.makeFile(dir + "/existing.txt")
        let reportPath = TestSupport.temporaryDirectory() + "/report.txt"
        let script = "cd \(Self.quote(dir)) && echo x > new.txt && cat existing.txt > /dev/null && rm existing.txt"
        let result = try TestSupport.wiretap(["files", "-o", reportPath, "--include", dir, "--", "/bin/sh", "-c", script],
                                             timeout: 60)
        let text = TestSupport.readFile(reportPath)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "status \(result.status), stderr: \(result.stderr)")
        #expect(!text.hasPrefix("{"), "without --json the report is for humans: \(text)")
        #expect(text.contains("created (1):"), "\(text)")
        #expect(text.contains("deleted (1):"), "\(text)")
        #expect(text.contains("read (1):"), "\(text)")
        #expect(text.contains(dir + "/new.txt"), "\(text)")
        #expect(text.contains(dir + "/existing.txt"), "\(text)")
        #expect(result.stderr.isEmpty, "the report went to -o: \(result.stderr)")
    }

    @Test func humanReportGoesToStderrWithoutOutputFile() throws {
        let dir = TestSupport.temporaryDirectory()
        let script = "cd \(Self.quote(dir)) && echo x > new.txt && echo out"
        let result = try TestSupport.wiretap(["files", "--include", dir, "--", "/bin/sh", "-c", script], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "status \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout == "out\n")
        #expect(result.stderr.contains("created (1):"), "\(result.stderr)")
        #expect(result.stderr.contains(dir + "/new.txt"), "\(result.stderr)")
    }

    @Test func includeAndExcludeFilter() throws {
        let script = { (dir: String) in
            "cd \(Self.quote(dir)) && mkdir keep drop other && echo a > keep/a && echo b > drop/b && echo c > other/c"
                + " && cat /proc/self/stat /dev/null > /dev/null && { cat /sys/devices/system/cpu/online > /dev/null 2>&1; true; }"
        }

        // No filter: everything the command did, but nothing under /proc, /sys or /dev.
        let all = TestSupport.temporaryDirectory()
        let unfiltered = try Self.files(["--", "/bin/sh", "-c", script(all)])
        #expect(!unfiltered.result.timedOut)
        #expect(unfiltered.result.exitCode == 0, unfiltered.comment)
        let full = try #require(unfiltered.report, unfiltered.comment)
        let created = full.paths("created") ?? []
        for name in ["keep/a", "drop/b", "other/c"] {
            #expect(created.contains(all + "/" + name), unfiltered.comment)
        }
        let special = full.allPaths.filter { $0.hasPrefix("/proc/") || $0.hasPrefix("/sys/") || $0.hasPrefix("/dev/") }
        #expect(special.isEmpty, "paths under /proc, /sys or /dev: \(special)")
        #expect(!(full.paths("read") ?? []).isEmpty, "the shell and cat read something (ld.so.cache, libc...)")

        // --include DIR --exclude DIR/drop.
        let dir = TestSupport.temporaryDirectory()
        let filtered = try Self.files(["--include", dir, "--exclude", dir + "/drop", "--", "/bin/sh", "-c", script(dir)])
        #expect(!filtered.result.timedOut)
        #expect(filtered.result.exitCode == 0, filtered.comment)
        let report = try #require(filtered.report, filtered.comment)
        #expect(report.paths("created") == [dir + "/keep/a", dir + "/other/c"], filtered.comment)
        #expect(report.paths("written") == [dir + "/keep/a", dir + "/other/c"], filtered.comment)
        #expect(report.paths("read") == [], filtered.comment)
        #expect(report.paths("executed") == [], filtered.comment)
        #expect(report.allPaths.allSatisfy { $0.hasPrefix(dir + "/") }, filtered.comment)
        #expect(!report.allPaths.contains { $0.hasPrefix(dir + "/drop/") }, filtered.comment)
        #expect(report.paths("directories_created")?.contains(dir + "/keep") == true, filtered.comment)

        // Two --include prefixes.
        let two = TestSupport.temporaryDirectory()
        let both = try Self.files(["--include", two + "/keep", "--include", two + "/other", "--", "/bin/sh", "-c", script(two)])
        #expect(!both.result.timedOut)
        #expect(both.result.exitCode == 0, both.comment)
        let bothReport = try #require(both.report, both.comment)
        #expect(bothReport.paths("created") == [two + "/keep/a", two + "/other/c"], both.comment)
    }

    @Test func pathsAreNormalisedButSymlinksNotResolved() throws {
        let dir = TestSupport.temporaryDirectory()
        try Self.makeDirectory(dir + "/real")
        guard symlink("real", dir + "/link") == 0 else { throw TestSupport.TestFailure("symlink failed") }
        let script = "cd \(Self.quote(dir + "/")) && echo x > ./real/../real//n1 && echo y > link/n2 && mkdir made/ && rm -r made/"
        let run = try Self.files(["--include", dir, "--", "/bin/sh", "-c", script])
        #expect(!run.result.timedOut)
        #expect(run.result.exitCode == 0, run.comment)
        let report = try #require(run.report, run.comment)
        #expect(report.paths("created") == [dir + "/link/n2", dir + "/real/n1"], run.comment)
        #expect(report.paths("written") == [dir + "/link/n2", dir + "/real/n1"], run.comment)
        #expect(report.paths("directories_created") == [dir + "/made"], run.comment)
        #expect(report.paths("directories_removed") == [dir + "/made"], run.comment)
        #expect(TestSupport.readFile(dir + "/real/n2") == "y\n")
    }
}
