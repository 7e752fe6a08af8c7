import Foundation
import Glibc
import Testing

/// End-to-end tests of `wiretap files --snapshot DIR` and `wiretap undo DIR`:
/// build a tree, record it, run a command that changes it under a snapshot,
/// undo, and check that the tree is exactly as it was (types, modes, contents,
/// symlink targets).
@Suite struct UndoTests {
    // MARK: - Tree state

    /// What the tests compare about one path of a tree.
    struct Entry: Equatable, CustomStringConvertible {
        var type: String            // "file", "dir", "symlink", "other"
        var mode: UInt32            // st_mode & 0o7777
        var contents: [UInt8] = []  // regular files
        var target: String = ""     // symlinks

        var description: String {
            let extra = type == "file" ? " \(contents.count) bytes \(Self.digest(contents))" : type == "symlink" ? " -> \(target)" : ""
            return "\(type) \(String(mode, radix: 8))\(extra)"
        }

        static func digest(_ bytes: [UInt8]) -> String {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return String(h, radix: 16)
        }
    }

    /// Every path under `root` (relative, "." for the root itself) and its state.
    static func state(_ root: String) -> [String: Entry] {
        var result: [String: Entry] = [:]
        func visit(_ relative: String) {
            let path = relative == "." ? root : root + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            let mode = UInt32(st.st_mode) & 0o7777
            switch UInt32(st.st_mode) & 0o170000 {
            case 0o040000:
                result[relative] = Entry(type: "dir", mode: mode)
                guard let dir = opendir(path) else { return }
                var names: [String] = []
                while let entry = readdir(dir) {
                    let name = withUnsafePointer(to: &entry.pointee.d_name) {
                        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(dir)
                for name in names { visit(relative == "." ? name : relative + "/" + name) }
            case 0o100000:
                result[relative] = Entry(type: "file", mode: mode, contents: TestSupport.readBytes(path))
            case 0o120000:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(path, &buffer, buffer.count - 1)
                let target = n >= 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
                result[relative] = Entry(type: "symlink", mode: mode, target: target)
            default:
                result[relative] = Entry(type: "other", mode: mode)
            }
        }
        visit(".")
        return result
    }


    /// The differences between two states, for failure messages.
    static func diff(_ expected: [String: Entry], _ actual: [String: Entry]) -> String {
        var lines: [String] = []
        for key in Set(expected.keys).union(actual.keys).sorted() where expected[key] != actual[key] {
            lines.append("  \(key): expected \(expected[key].map(String.init(describing:)) ?? "absent"), got \(actual[key].map(String.init(describing:)) ?? "absent")")
        }
        return lines.isEmpty ? "no differences" : "differences:\n" + lines.joined(separator: "\n")
    }

    // MARK: - Building trees

    static func makeFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSupport.TestFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestSupport.TestFailure("cannot write \(path)") }
            offset += n
        }
        fchmod(fd, mode)
    }

    static func makeFile(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
        try makeFile(path, Array(text.utf8), mode: mode)
    }

    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        guard mkdir(path, 0o700) == 0 else {
            throw TestSupport.TestFailure("mkdir \(path): \(String(cString: strerror(errno)))")
        }
        chmod(path, mode)
    }

    static func makeSymlink(_ target: String, at path: String) throws {
        guard symlink(target, path) == 0 else { throw TestSupport.TestFailure("symlink \(path) failed") }
    }

    /// Deterministic pseudo-random bytes.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - Running

    /// A test's directories: `tree` (what the command changes) and `snap`
    /// (the snapshot, outside the tree, not yet existing).
    struct Place {
        let base = TestSupport.temporaryDirectory()
        var tree: String { base + "/tree" }
        var snap: String { base + "/snap" }
        var report: String { base + "/report.txt" }
        init() throws { try UndoTests.makeDirectory(base + "/tree") }
    }

    static func describe(_ result: TestSupport.Result, _ what: String) -> Comment {
        Comment(rawValue: "\(what): status \(result.status), stdout: \(result.stdout)\nstderr: \(result.stderr)")
    }

    /// `wiretap files --snapshot SNAP -o REPORT -- COMMAND...`
    static func record(_ place: Place, _ command: [String], timeout: Double = 120) throws -> TestSupport.Result {
        try TestSupport.wiretap(["files", "--snapshot", place.snap, "-o", place.report, "--"] + command, timeout: timeout)
    }

    /// `/bin/sh -c SCRIPT` run in the tree.
    static func shell(_ place: Place, _ script: String) -> [String] {
        ["/bin/sh", "-c", "cd \(quote(place.tree)) && " + script]
    }

    /// Records `command` under a snapshot, checks that the tree changed, undoes
    /// it and checks that the tree is exactly as before.
    static func roundTrip(_ place: Place, _ command: [String], timeout: Double = 120,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = state(place.tree)
        let recorded = try record(place, command, timeout: timeout)
        #expect(!recorded.timedOut, sourceLocation: sourceLocation)
        #expect(recorded.exitCode == 0, Comment(rawValue: describe(recorded, "files").rawValue + "\nreport: \(TestSupport.readFile(place.report))"),
                sourceLocation: sourceLocation)
        let after = state(place.tree)
        #expect(after != before, "the command changed nothing", sourceLocation: sourceLocation)
        #expect(exists(place.snap + "/journal"), "no journal", sourceLocation: sourceLocation)

        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: timeout)
        #expect(!undo.timedOut, sourceLocation: sourceLocation)
        #expect(undo.exitCode == 0, describe(undo, "undo"), sourceLocation: sourceLocation)
        let restored = state(place.tree)
        #expect(restored == before, Comment(rawValue: diff(before, restored) + "\nreport: \(TestSupport.readFile(place.report))"),
                sourceLocation: sourceLocation)
    }

    // MARK: - Tests

    @Test func recursiveRemoval() throws {
        let place = try Place()
        let t = place.tree
        try Self.makeDirectory(t + "/victim")
        try Self.makeDirectory(t + "/victim/a")
        try Self.makeDirectory(t + "/victim/a/b", mode: 0o700)
        try Self.makeDirectory(t + "/victim/a/b/c")
        try Self.makeDirectory(t + "/victim/empty", mode: 0o750)
        try Self.makeFile(t + "/victim/top.txt", "top\n", mode: 0o644)
        try Self.makeFile(t + "/victim/a/run.sh", "#!/bin/sh\necho hi\n", mode: 0o755)
        try Self.makeFile(t + "/victim/a/b/secret", "secret\n", mode: 0o600)
        try Self.makeFile(t + "/victim/a/b/c/blob", Self.noise(100_000, seed: 7), mode: 0o640)
        try Self.makeFile(t + "/victim/a/b/c/empty", "", mode: 0o444)
        try Self.makeSymlink("a/b/secret", at: t + "/victim/link")
        try Self.makeSymlink("/nonexistent/dangling", at: t + "/victim/a/dangling")
        try Self.makeFile(t + "/bystander", "stays\n")
        try Self.roundTrip(place, ["/bin/rm", "-rf", t + "/victim"])
    }

    @Test func renameChainsAndDirectoryRename() throws {
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/a", "the a file\n", mode: 0o640)
        try Self.makeFile(t + "/c", "c is overwritten by the chain\n")
        try Self.makeDirectory(t + "/d1")
        try Self.makeDirectory(t + "/d1/inner")
        try Self.makeFile(t + "/d1/inner/f", "f\n", mode: 0o600)
        try Self.makeSymlink("inner/f", at: t + "/d1/l")
        try Self.roundTrip(place, Self.shell(place, "mv a b && mv b c && mv d1 d2 && mv d2/inner/f d2/g"))
    }

    @Test func truncation() throws {
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/big.bin", Self.noise(3 * 1024 * 1024, seed: 42), mode: 0o600)
        try Self.makeFile(t + "/file", "0123456789abcdefghijklmnopqrstuvwxyz\n")
        try Self.makeFile(t + "/small", "grows\n")
        try Self.roundTrip(place, Self.shell(place, ": > big.bin && truncate -s 10 file && truncate -s 100000 small"))
    }

    @Test func createdFilesAndDirectoriesAreRemoved() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/existing", "existing\n")
        try Self.roundTrip(place, Self.shell(place,
            "echo x > tmp && rm tmp && echo stay > stays && mkdir -p n/e/s/t && touch n/e/s/t/f && ln -s stays sl && ln existing hl"))
        #expect(!Self.exists(place.tree + "/stays"))
        #expect(!Self.exists(place.tree + "/n"))
    }

    @Test func chmodIsReverted() throws {
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/f", "f\n", mode: 0o644)
        try Self.makeFile(t + "/x", "x\n", mode: 0o755)
        try Self.makeDirectory(t + "/d", mode: 0o755)
        try Self.roundTrip(place, Self.shell(place, "chmod 600 f && chmod 4711 x && chmod 700 d"))
    }

    @Test func tarExtraction() throws {
        let place = try Place()
        let t = place.tree
        let source = place.base + "/source"
        try Self.makeDirectory(source)
        try Self.makeDirectory(source + "/x")
        try Self.makeDirectory(source + "/x/y", mode: 0o700)
        try Self.makeFile(source + "/x/one", "one\n")
        try Self.makeFile(source + "/x/y/two.sh", "#!/bin/sh\n", mode: 0o755)
        try Self.makeFile(source + "/existing.txt", "from the archive\n", mode: 0o644)
        try Self.makeSymlink("x/one", at: source + "/link")
        let archive = place.base + "/archive.tar"
        let tar = try TestSupport.run(["/usr/bin/tar", "cf", archive, "-C", source, "x", "existing.txt", "link"], timeout: 60)
        try #require(tar.exitCode == 0, Self.describe(tar, "tar cf"))

        try Self.makeFile(t + "/existing.txt", "the original, overwritten by tar\n", mode: 0o600)
        try Self.makeFile(t + "/untouched", "untouched\n")
        try Self.roundTrip(place, ["/usr/bin/tar", "xf", archive, "-C", t])
    }

    @Test func gitInitAddCommit() throws {
        guard access("/usr/bin/git", X_OK) == 0 else {
            // Swift Testing has no "skip" from inside a test; say so and stop.
            print("UndoTests.gitInitAddCommit skipped: /usr/bin/git is not installed")
            return
        }
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/README", "readme\n")
        try Self.makeDirectory(t + "/src")
        try Self.makeFile(t + "/src/main.c", "int main(void) { return 0; }\n")
        try Self.makeFile(t + "/src/build.sh", "#!/bin/sh\n", mode: 0o755)
        let home = place.base + "/home"
        try Self.makeDirectory(home)
        let git = "/usr/bin/git -c user.name=t -c user.email=t@t -c commit.gpgsign=false -c gc.auto=0"
            + " -c maintenance.auto=false -c init.defaultBranch=main"
        try Self.roundTrip(place, Self.shell(place,
            "export HOME=\(Self.quote(home)) GIT_CONFIG_NOSYSTEM=1 && \(git) init -q && \(git) add . && \(git) commit -q -m x"))
        #expect(!Self.exists(t + "/.git"))
    }

    @Test func pythonWritesAppendsRenamesDeletes() throws {
        let candidates: [String] = ["/usr/bin/python3", "/usr/local/bin/python3"]
        let python = candidates.first { access($0, X_OK) == 0 }
        let interpreter = try #require(python, "python3 is not installed (/usr/bin/python3 or /usr/local/bin/python3)")
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/app.txt", "first line\n", mode: 0o664)
        try Self.makeFile(t + "/old.txt", "old\n", mode: 0o600)
        try Self.makeFile(t + "/gone.txt", "gone\n")
        try Self.makeFile(t + "/over.txt", "over\n")
        try Self.makeFile(t + "/over2.txt", "replaced by a rename\n", mode: 0o755)
        let script = """
            import os, sys
            os.chdir(sys.argv[1])
            with open('new.txt', 'w') as f: f.write('created by python\\n')
            with open('app.txt', 'a') as f: f.write('appended\\n')
            os.rename('old.txt', 'renamed.txt')
            os.remove('gone.txt')
            with open('over.txt', 'w') as f: f.write('overwritten')
            os.makedirs('pkg/sub')
            with open('pkg/sub/m.py', 'w') as f: f.write('x = 1\\n')
            os.replace('new.txt', 'over2.txt')
            os.chmod('app.txt', 0o600)
            """
        try Self.roundTrip(place, [interpreter, "-c", script, t])
    }

    /// A write through a symlink changes the file it points to: undo must put that file back.
    @Test func writeThroughASymlinkIsUndone() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/real.txt", "real\n")
        try Self.makeSymlink("real.txt", at: place.tree + "/sl")
        try Self.makeDirectory(place.tree + "/realdir")
        try Self.makeFile(place.tree + "/realdir/f", "f\n")
        try Self.makeSymlink("realdir", at: place.tree + "/dirlink")
        try Self.roundTrip(place, Self.shell(place, "echo more >> sl && echo over > dirlink/f && rm dirlink/f && echo new > dirlink/g"))
    }

    /// A hard link the command made shares the inode of an existing file: a
    /// write through it changes that file, which undo must put back.
    @Test func writeThroughANewHardLinkIsUndone() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/existing", "existing\n", mode: 0o640)
        try Self.roundTrip(place, Self.shell(place, "ln existing hl && echo more >> hl"))
    }

    /// A directory removed and made again under the same name.
    @Test func directoryRemovedAndRecreated() throws {
        let place = try Place()
        try Self.makeDirectory(place.tree + "/d", mode: 0o750)
        try Self.makeFile(place.tree + "/d/in", "in\n", mode: 0o600)
        try Self.makeDirectory(place.tree + "/d/deep")
        try Self.makeFile(place.tree + "/d/deep/x", "x\n")
        try Self.roundTrip(place, Self.shell(place, "rm -rf d && mkdir d && echo z > d/new && mkdir d/deep && echo y > d/deep/x"))
    }

    /// The FilesTests fixtures (at calls, dirfds, RENAME_EXCHANGE, links, cwd
    /// per process and thread, shared mappings), recorded and undone.
    @Test(arguments: ["files_basic", "files_dirfds", "files_cwd", "files_mmap", "files_exec", "files_writes", "files_fdshare"])
    func fixtureIsUndone(name: String) throws {
        let place = try Place()
        switch name {
        case "files_basic": try FilesTests.prepareBasic(place.tree)
        case "files_dirfds": try FilesTests.prepareDirfds(place.tree)
        case "files_cwd": try FilesTests.prepareCwd(place.tree)
        case "files_mmap": try FilesTests.prepareMmap(place.tree)
        case "files_writes": try FilesTests.prepareWrites(place.tree)
        case "files_fdshare": try FilesTests.prepareFdshare(place.tree)
        default: break
        }
        try Self.roundTrip(place, [try TestSupport.fixture(name), place.tree])
    }

    @Test func dryRunChangesNothing() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/a", "a\n")
        let original = Self.state(place.tree)
        let recorded = try Self.record(place, Self.shell(place, "echo created > fresh && echo more >> a && rm a"))
        #expect(!recorded.timedOut)
        #expect(recorded.exitCode == 0, Self.describe(recorded, "files"))
        let after = Self.state(place.tree)
        #expect(after != original)

        let dry = try TestSupport.wiretap(["undo", "--dry-run", place.snap], timeout: 60)
        #expect(!dry.timedOut)
        #expect(dry.exitCode == 0, Self.describe(dry, "undo --dry-run"))
        #expect((dry.stdout + dry.stderr).contains(place.tree + "/fresh"), Self.describe(dry, "undo --dry-run"))
        #expect((dry.stdout + dry.stderr).contains(place.tree + "/a"), Self.describe(dry, "undo --dry-run"))
        let afterDry = Self.state(place.tree)
        #expect(afterDry == after, Comment(rawValue: Self.diff(after, afterDry)))

        // The snapshot is still usable after a dry run.
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(undo.exitCode == 0, Self.describe(undo, "undo"))
        let restored = Self.state(place.tree)
        #expect(restored == original, Comment(rawValue: Self.diff(original, restored)))
    }

    @Test func refusesWhenATouchedFileChangedAfterwards() throws {
        let place = try Place()
        let t = place.tree
        try Self.makeFile(t + "/a", "a\n")
        try Self.makeFile(t + "/keep", "keep\n")
        let original = Self.state(place.tree)
        let recorded = try Self.record(place, Self.shell(place, "echo more >> a && echo new > b"))
        #expect(!recorded.timedOut)
        #expect(recorded.exitCode == 0, Self.describe(recorded, "files"))

        // Someone else changes a file the command wrote.
        try Self.makeFile(t + "/a", "changed by hand afterwards\n")
        let beforeUndo = Self.state(place.tree)
        let refused = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(!refused.timedOut)
        #expect(refused.exitCode != 0 && refused.exitCode != nil, Self.describe(refused, "undo"))
        #expect((refused.stdout + refused.stderr).contains(t + "/a"), Self.describe(refused, "undo"))
        let afterRefusal = Self.state(place.tree)
        #expect(afterRefusal == beforeUndo, Comment(rawValue: "undo changed something although it refused: " + Self.diff(beforeUndo, afterRefusal)))

        let forced = try TestSupport.wiretap(["undo", "--force", place.snap], timeout: 60)
        #expect(!forced.timedOut)
        #expect(forced.exitCode == 0, Self.describe(forced, "undo --force"))
        let restored = Self.state(place.tree)
        #expect(restored == original, Comment(rawValue: Self.diff(original, restored)))
    }

    @Test func refusesWhenACreatedFileWasRemovedAfterwards() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/a", "a\n")
        let recorded = try Self.record(place, Self.shell(place, "echo new > b && echo more >> a"))
        #expect(recorded.exitCode == 0, Self.describe(recorded, "files"))
        guard unlink(place.tree + "/b") == 0 else { throw TestSupport.TestFailure("unlink b") }
        let beforeUndo = Self.state(place.tree)
        let refused = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(!refused.timedOut)
        #expect(refused.exitCode != 0 && refused.exitCode != nil, Self.describe(refused, "undo"))
        #expect((refused.stdout + refused.stderr).contains(place.tree + "/b"), Self.describe(refused, "undo"))
        let afterRefusal = Self.state(place.tree)
        #expect(afterRefusal == beforeUndo, Comment(rawValue: Self.diff(beforeUndo, afterRefusal)))
    }

    @Test func nonEmptySnapshotDirectoryIsRefused() throws {
        let place = try Place()
        try Self.makeDirectory(place.snap)
        try Self.makeFile(place.snap + "/something", "already here\n")
        let marker = place.tree + "/marker"
        let result = try Self.record(place, ["/bin/sh", "-c", "touch \(Self.quote(marker))"], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.exitCode != 0 && result.exitCode != nil, Self.describe(result, "files"))
        #expect(!result.stderr.isEmpty, "no message")
        #expect(result.stderr.contains(place.snap), Self.describe(result, "files"))
        #expect(!Self.exists(marker), "the command ran")
        #expect(TestSupport.readFile(place.snap + "/something") == "already here\n")
    }

    @Test func anExistingSnapshotPathIsRefusedEvenEmpty() throws {
        let place = try Place()
        try Self.makeDirectory(place.snap)
        let marker = place.tree + "/marker"
        let result = try Self.record(place, ["/bin/sh", "-c", "touch \(Self.quote(marker))"], timeout: 60)
        #expect(result.exitCode == 1, Self.describe(result, "files"))
        #expect(result.stderr.contains("already exists"), Self.describe(result, "files"))
        #expect(!Self.exists(marker), "the command ran")
    }

    @Test func snapshotDirectoryIsCreatedPrivate() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/a", "a\n")
        let old = umask(0)
        defer { umask(old) }
        let result = try Self.record(place, Self.shell(place, "echo b > b && rm a"), timeout: 60)
        #expect(result.exitCode == 0, Self.describe(result, "files"))
        var info = stat()
        #expect(lstat(place.snap, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o700, "snapshot mode \(String(info.st_mode & 0o7777, radix: 8))")
        #expect(info.st_uid == geteuid())
    }

    @Test func manifestIsJSONAndSnapshotIsNotReported() throws {
        let place = try Place()
        try Self.makeFile(place.tree + "/a", "a\n")
        let result = try TestSupport.wiretap(["files", "--json", "--snapshot", place.snap, "-o", place.report, "--"]
                                             + Self.shell(place, "echo b > b && echo more >> a && rm a"), timeout: 120)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, Self.describe(result, "files"))
        let journal = TestSupport.readBytes(place.snap + "/journal")
        #expect(!journal.isEmpty, "no journal")
        for line in journal.split(separator: UInt8(ascii: "\n")) {
            let parsed = try? JSONSerialization.jsonObject(with: Data(line))
            #expect(parsed is [String: Any], "a journal line is not a JSON object: \(String(decoding: line, as: UTF8.self).prefix(500))")
        }

        let text = TestSupport.readFile(place.report)
        let report = try #require(FilesTests.Report(text), "report: \(text)")
        #expect(report.paths("created")?.contains(place.tree + "/b") == true, "\(text)")
        #expect(report.paths("deleted")?.contains(place.tree + "/a") == true, "\(text)")
        let leaked = report.allPaths.filter { $0 == place.snap || $0.hasPrefix(place.snap + "/") }
        #expect(leaked.isEmpty, "the snapshot directory appears in the report: \(leaked)")
    }
}
