import Foundation
import Glibc
import Testing

/// Undo against a hostile local user and a hostile journal, byte-exact
/// names, snapshots that cannot be taken, and undo that can be retried.
/// The numbers in the names are the cases of the issue that asked for them.
@Suite struct UndoSafetyTests {
    static let isRoot = geteuid() == 0

    /// Runs `script` with sh as the unprivileged user `nobody` (setpriv).
    static func asNobody(_ script: String) throws -> TestSupport.Result {
        try TestSupport.run(["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/bin/sh", "-c", script], timeout: 30)
    }

    /// A world-writable sticky directory like /tmp (the test's own scratch
    /// directory is private), and a root-owned directory standing for /etc/cron.d.
    struct SharedPlace {
        let base: String
        var sticky: String { base + "/p" }
        var victim: String { base + "/victim" }
        var snap: String { base + "/snap" }
        init() throws {
            var template = Array("/tmp/wiretap-undo-attack-XXXXXX".utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw TestSupport.TestFailure("mkdtemp")
            }
            base = String(cString: made)
            chmod(base, 0o755)
            mkdir(base + "/p", 0o777)
            chmod(base + "/p", 0o1777)
            mkdir(base + "/victim", 0o755)
        }
    }

    static func listing(_ directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? ["<unreadable>"]
    }

    static func mtime(_ path: String) -> Int {
        var info = stat()
        guard lstat(path, &info) == 0 else { return -1 }
        return info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
    }

    // MARK: - 1. A symlink planted in place of a parent directory

    @Test(.enabled(if: isRoot, "needs root to act as two users"))
    func undoNeverWritesThroughASymlinkPlantedForAParent() throws {
        let place = try SharedPlace()
        let made = try Self.asNobody("mkdir \(place.sticky)/c && echo evil > \(place.sticky)/c/job")
        #expect(made.exitCode == 0, "\(made.stderr)")
        let recorded = try TestSupport.wiretap(["files", "--snapshot", place.snap, "-o", place.base + "/report", "--",
                                                "/bin/rm", place.sticky + "/c/job"], timeout: 60)
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        let swapped = try Self.asNobody("mv \(place.sticky)/c \(place.sticky)/c.old && ln -s \(place.victim) \(place.sticky)/c")
        #expect(swapped.exitCode == 0, "\(swapped.stderr)")
        let victimTime = Self.mtime(place.victim)

        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(undo.exitCode == 1, "undo: \(undo.stderr)")
        #expect(undo.stderr.contains("symbolic link"), "undo: \(undo.stderr)")
        #expect(Self.listing(place.victim).isEmpty, "undo wrote through the link: \(Self.listing(place.victim))")

        let forced = try TestSupport.wiretap(["undo", "--force", place.snap], timeout: 60)
        #expect(forced.exitCode == 1, "undo --force: \(forced.stderr)")
        #expect(Self.listing(place.victim).isEmpty, "undo --force wrote through the link: \(Self.listing(place.victim))")
        #expect(Self.mtime(place.victim) == victimTime, "directory times were set through the link")
    }

    @Test(.enabled(if: isRoot, "needs root to act as two users"))
    func undoRefusesAParentDirectorySwappedForAnother() throws {
        let place = try SharedPlace()
        _ = try Self.asNobody("mkdir \(place.sticky)/c && echo evil > \(place.sticky)/c/job")
        let recorded = try TestSupport.wiretap(["files", "--snapshot", place.snap, "-o", place.base + "/report", "--",
                                                "/bin/rm", place.sticky + "/c/job"], timeout: 60)
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        // Not a link this time: another directory under the same name.
        _ = try Self.asNobody("mv \(place.sticky)/c \(place.sticky)/c.old && mkdir \(place.sticky)/c")
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(undo.exitCode == 1, "undo: \(undo.stderr)")
        #expect(undo.stderr.contains("replaced"), "undo: \(undo.stderr)")
        #expect(Self.listing(place.sticky + "/c").isEmpty, "restored into a directory that is not the recorded one")
    }

    // MARK: - 2. A snapshot directory, or a journal, that is not ours

    /// A real snapshot of `rm a` (with `b` created), in a fresh place.
    static func realSnapshot() throws -> UndoTests.Place {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/a", "precious\n", mode: 0o644)
        let recorded = try UndoTests.record(place, UndoTests.shell(place, "rm a && echo new > b"))
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        return place
    }

    @Test(.enabled(if: isRoot, "needs root to give the snapshot away"))
    func snapshotOwnedByAnotherUserIsRefused() throws {
        let place = try Self.realSnapshot()
        chown(place.snap, 65534, 65534)
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(undo.exitCode == 1, "\(undo.stderr)")
        #expect(undo.stderr.contains("not to you"), "\(undo.stderr)")
        #expect(!UndoTests.exists(place.tree + "/a"), "undo acted on a foreign snapshot")
    }

    @Test func snapshotWritableByOthersIsRefused() throws {
        let place = try Self.realSnapshot()
        chmod(place.snap, 0o777)
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(undo.exitCode == 1, "\(undo.stderr)")
        #expect(undo.stderr.contains("writable by group or others"), "\(undo.stderr)")
        #expect(!UndoTests.exists(place.tree + "/a"))
    }

    /// Rewrites the journal's records with `edit` (as JSON objects).
    static func tamper(_ place: UndoTests.Place, _ edit: (inout [String: Any]) -> Void) throws {
        let path = place.snap + "/journal"
        let lines = TestSupport.readBytes(path).split(separator: UInt8(ascii: "\n"))
        var out = Data()
        for (index, line) in lines.enumerated() {
            guard index > 0, var record = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                out.append(Data(line)); out.append(0x0a); continue
            }
            edit(&record)
            out.append(try JSONSerialization.data(withJSONObject: record))
            out.append(0x0a)
        }
        try out.write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
    }

    static func expectRefused(_ place: UndoTests.Place, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = UndoTests.state(place.tree)
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(undo.exitCode == 1, "\(what): \(undo.stderr)", sourceLocation: sourceLocation)
        #expect(undo.signal == nil, "\(what): undo died of signal \(undo.signal ?? 0)", sourceLocation: sourceLocation)
        #expect(undo.stderr.contains("journal line"), "\(what): \(undo.stderr)", sourceLocation: sourceLocation)
        #expect(UndoTests.state(place.tree) == before, "\(what): the tree changed", sourceLocation: sourceLocation)
    }

    @Test func journalClaimingSetuidForAFileThatHadNoneIsRefused() throws {
        let place = try Self.realSnapshot()
        try Self.tamper(place) { record in
            if record["op"] as? String == "saved", var state = record["state"] as? [String: Any] {
                state["mode"] = 2541  // 04755
                record["state"] = state
            }
        }
        try Self.expectRefused(place, "setuid claim")
    }

    @Test(arguments: ["../../etc/shadow", "blobs/../journal", "/etc/shadow", "blobs/01", "blobs/x"])
    func blobNamesOutsideTheSnapshotAreRefused(name: String) throws {
        let place = try Self.realSnapshot()
        try Self.tamper(place) { record in if record["blob"] != nil { record["blob"] = name } }
        try Self.expectRefused(place, "blob \(name)")
    }

    @Test(arguments: ["mode=4096", "mode=-1", "mode=abc", "uid=-1", "gid=4294967295", "uid=1e30"])
    func stateValuesOutOfRangeAreRefused(change: String) throws {
        let place = try Self.realSnapshot()
        let parts = change.split(separator: "=").map(String.init)
        try Self.tamper(place) { record in
            if record["op"] as? String == "saved", var state = record["state"] as? [String: Any] {
                state[parts[0]] = Double(parts[1]).map { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) as Any : $0 as Any } ?? parts[1]
                record["state"] = state
            }
        }
        try Self.expectRefused(place, change)
    }

    @Test(arguments: ["relative/path", "/a/../b", "/a//b", "/a/./b", "/a/b/", "/a\u{0}b"])
    func pathsThatAreNotAbsoluteAndNormalAreRefused(path: String) throws {
        let place = try Self.realSnapshot()
        try Self.tamper(place) { record in if record["path"] != nil && record["op"] as? String == "saved" { record["path"] = path } }
        try Self.expectRefused(place, "path \(path)")
    }

    @Test func deeplyNestedJournalIsRefusedWithoutOverflowingTheStack() throws {
        let place = try Self.realSnapshot()
        let path = place.snap + "/journal"
        var bytes = TestSupport.readBytes(path)
        bytes += Array(String(repeating: "[", count: 200_000).utf8) + [0x0a]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try Self.expectRefused(place, "deep nesting")
    }

    // MARK: - 5. Names that are not UTF-8, and control bytes

    /// Every name under `root` as raw bytes (relative paths joined with "/"), with its kind and contents.
    static func rawState(_ root: String) -> [[UInt8]: String] {
        var result: [[UInt8]: String] = [:]
        func visit(_ relative: [UInt8]) {
            var path = Array(root.utf8) + (relative.isEmpty ? [] : [UInt8(ascii: "/")] + relative)
            path.append(0)
            var info = stat()
            let found = path.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &info) }
            }
            guard found == 0 else { return }
            let mode = String(info.st_mode & 0o7777, radix: 8)
            if info.st_mode & S_IFMT == S_IFDIR {
                result[relative] = "dir \(mode)"
                guard let dir = path.withUnsafeBufferPointer({ $0.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) } }) else { return }
                var names: [[UInt8]] = []
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                    if name != [0x2e] && name != [0x2e, 0x2e] { names.append(name) }
                }
                closedir(dir)
                for name in names { visit(relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name) }
            } else {
                let contents = String(decoding: TestSupport.readBytes(String(decoding: path.dropLast(), as: UTF8.self)), as: UTF8.self)
                result[relative] = "\(info.st_mode & S_IFMT == S_IFREG ? "file" : "other") \(mode) \(contents)"
            }
        }
        visit([])
        return result
    }

    @Test func namesThatAreNotUTF8AreRestoredByteExact() throws {
        let place = try UndoTests.Place()
        // Made by the shell from octal escapes: wiretap's own argv stays ASCII here.
        let setup = try TestSupport.run(["/bin/sh", "-c", #"cd "$1" && printf 'x' > "$(printf 'f\377')" && mkdir "$(printf 'd\376')" && echo in > "$(printf 'd\376/g\375')""#, "sh", place.tree])
        #expect(setup.exitCode == 0, "\(setup.stderr)")
        let before = Self.rawState(place.tree)
        #expect(before.keys.contains([0x66, 0xff]), "setup did not make the name: \(before.keys)")
        let recorded = try UndoTests.record(place, ["/bin/sh", "-c",
            #"cd "$1" && rm "$(printf 'f\377')" && mv "$(printf 'd\376')" "$(printf 'e\374')" && echo more >> "$(printf 'e\374/g\375')""#,
            "sh", place.tree])
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        #expect(Self.rawState(place.tree) != before)
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        let after = Self.rawState(place.tree)
        #expect(after == before, "before: \(before)\nafter: \(after)")
    }

    @Test func jsonReportCarriesNamesThatAreNotUTF8AsHex() throws {
        let place = try UndoTests.Place()
        let result = try TestSupport.wiretap(["files", "--json", "-o", place.report, "--", "/bin/sh", "-c",
                                              #"cd "$1" && printf x > "$(printf 'n\377m')""#, "sh", place.tree], timeout: 60)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(TestSupport.readBytes(place.report))) as? [String: Any])
        let created = report["created"] as? [Any] ?? []
        let expected = Array(place.tree.utf8) + [UInt8(ascii: "/"), UInt8(ascii: "n"), 0xff, UInt8(ascii: "m")]
        let hex = expected.map { String(format: "%02x", $0) }.joined()
        #expect(created.contains { ($0 as? [String: String])?["hex"] == hex }, "created: \(created)")
    }

    /// `wiretap files -- rm $'x\xff'` removes that file, not `x` followed by
    /// U+FFFD (what the argv became before it was kept as bytes), and undo brings it back.
    @Test func theCommandsArgvReachesItByteExact() throws {
        let place = try UndoTests.Place()
        let target = Array(place.tree.utf8) + Array("/x".utf8) + [0xff]
        let lookalike = Array(place.tree.utf8) + Array("/x".utf8) + [0xef, 0xbf, 0xbd]
        for name in [target, lookalike] {
            let fd = (name + [0]).withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
            #expect(fd >= 0)
            close(fd)
        }
        let before = Self.rawState(place.tree)
        let argv: [[UInt8]] = [Array(TestSupport.wiretap.utf8), Array("files".utf8), Array("--snapshot".utf8), Array(place.snap.utf8),
                               Array("-o".utf8), Array(place.report.utf8), Array("--".utf8), Array("/bin/rm".utf8), target]
        let run = try OutputDurabilityTests.runBytes(argv, environment: [Array("PATH=/usr/bin:/bin".utf8)])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let after = Self.rawState(place.tree)
        #expect(after.keys.contains(Array("x".utf8) + [0xef, 0xbf, 0xbd]), "the lookalike was removed: \(after.keys)")
        #expect(!after.keys.contains(Array("x".utf8) + [0xff]), "the named file is still there: \(after.keys)")
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        #expect(Self.rawState(place.tree) == before)
    }

    @Test func controlBytesInNamesAreEscapedInTheReportAndInUndo() throws {
        let place = try UndoTests.Place()
        let setup = try TestSupport.run(["/bin/sh", "-c", #"cd "$1" && printf 'x' > "$(printf 'a\nforged: etc-passwd\033[31m')""#, "sh", place.tree])
        #expect(setup.exitCode == 0, "\(setup.stderr)")
        let recorded = try UndoTests.record(place, ["/bin/sh", "-c", #"cd "$1" && rm ./a*"#, "sh", place.tree])
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        let report = TestSupport.readBytes(place.report)
        #expect(!report.contains(0x1b), "an ESC byte reached the report")
        let text = String(decoding: report, as: UTF8.self)
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("forged") }, "a name forged a report line:\n\(text)")
        #expect(text.contains(#"/a\nforged: etc-passwd\33[31m"#), "escaped name missing:\n\(text)")
        let dryRun = try TestSupport.wiretap(["undo", "--dry-run", place.snap], timeout: 30)
        #expect(!Array(dryRun.stdout.utf8).contains(0x1b) && dryRun.stdout.contains(#"\n"#), "\(dryRun.stdout)")
    }

    // MARK: - 6. Undo that can be finished

    @Test func missingParentsAreRecreatedForARenameOutOfARemovedDirectory() throws {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/keep", "k\n")
        try UndoTests.roundTrip(place, UndoTests.shell(place, "mkdir t && echo x > t/f && mv t/f out && rmdir t"))
    }

    @Test func aFailedStepLeavesTheSnapshotRetryable() throws {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/a", "a\n")
        let before = UndoTests.state(place.tree)
        let recorded = try UndoTests.record(place, UndoTests.shell(place, "mkdir n && echo f > n/f && echo more >> a"))
        #expect(recorded.exitCode == 0, "\(recorded.stderr)")
        // Someone adds a file in the directory the command made: rmdir will fail.
        try UndoTests.makeFile(place.tree + "/n/extra", "someone else's\n")
        let first = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(first.exitCode == 1, "\(first.stderr)")
        #expect(first.stderr.contains("not done: rmdir"), "\(first.stderr)")
        #expect(!UndoTests.exists(place.snap + "/undone"), "marked undone after a failed step")
        #expect(UndoTests.exists(place.tree + "/n/extra"), "undo removed what it did not create")
        unlink(place.tree + "/n/extra")
        let second = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resuming"), "\(second.stderr)")
        #expect(UndoTests.state(place.tree) == before, Comment(rawValue: UndoTests.diff(before, UndoTests.state(place.tree))))
        let third = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(third.exitCode == 1 && third.stderr.contains("already been undone"), "\(third.stderr)")
    }

    /// The state JSON the journal keeps for a directory.
    static func directoryStateJSON(_ path: String) -> String {
        var info = stat()
        lstat(path, &info)
        return #"{"kind":"directory","mode":\#(info.st_mode & 0o7777),"uid":\#(info.st_uid),"gid":\#(info.st_gid),"size":0,"atime_ns":0,"mtime_ns":0,"dev":"\#(info.st_dev)","ino":"\#(info.st_ino)"}"#
    }

    @Test func aRenameJournaledButNeverDoneBeforeAKillIsSkipped() throws {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/from", "from\n")
        try UndoTests.makeFile(place.tree + "/to", "to\n")
        // What a tracer killed between journaling rename(from, to) and the kernel doing it leaves.
        mkdir(place.snap, 0o700)
        mkdir(place.snap + "/blobs", 0o700)
        let parent = Self.directoryStateJSON(place.tree)
        let journal = #"{"wiretap_snapshot":2,"command":["mv","from","to"],"working_directory":"\#(place.tree)","uid":0}"# + "\n"
            + #"{"record":0,"op":"renamed","from":"\#(place.tree)/from","to":"\#(place.tree)/to","exchange":false,"from_parent":\#(parent),"to_parent":\#(parent)}"# + "\n"
        try Data(journal.utf8).write(to: URL(fileURLWithPath: place.snap + "/journal"))
        chmod(place.snap + "/journal", 0o600)
        let before = UndoTests.state(place.tree)
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 30)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        #expect(undo.stderr.contains("did not finish"), "\(undo.stderr)")
        #expect(UndoTests.state(place.tree) == before, Comment(rawValue: UndoTests.diff(before, UndoTests.state(place.tree))))
    }

    // MARK: - 4. A snapshot that cannot be taken stops the change

    @Test(.enabled(if: isRoot, "needs root to mount a small tmpfs"))
    func aPreImageThatCannotBeSavedStopsTheChange() throws {
        let place = try UndoTests.Place()
        let mount = place.base + "/small"
        mkdir(mount, 0o700)
        let mounted = try TestSupport.run(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount])
        try #require(mounted.exitCode == 0, "mount: \(mounted.stderr)")
        defer { _ = try? TestSupport.run(["/bin/umount", mount]) }
        try UndoTests.makeFile(place.tree + "/big", UndoTests.noise(1 << 20, seed: 7))
        try UndoTests.makeFile(place.tree + "/small", "s\n")
        let big = TestSupport.readBytes(place.tree + "/big")
        let result = try TestSupport.wiretap(["files", "--snapshot", mount + "/snap", "-o", place.report, "--"]
                                             + UndoTests.shell(place, "rm -f big; rm -f small; echo done"), timeout: 60)
        #expect(result.exitCode == 1, "files: \(result.stderr)")
        #expect(result.stderr.contains("refused"), "files: \(result.stderr)")
        #expect(TestSupport.readBytes(place.tree + "/big") == big, "the unprotected file was removed")
        #expect(!UndoTests.exists(place.tree + "/small"), "a protectable change was refused too")
        let report = TestSupport.readFile(place.report)
        #expect(report.contains("refused") && report.contains(place.tree + "/big"), "report:\n\(report)")
        // What was protected is still undone.
        let undo = try TestSupport.wiretap(["undo", mount + "/snap"], timeout: 60)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        #expect(TestSupport.readFile(place.tree + "/small") == "s\n")
    }

    @Test func theSnapshotIsProtectedEvenWhenTheReportLeavesItOut() throws {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/a", "a\n")
        let snap = UndoTests.quote(place.snap)
        let result = try TestSupport.wiretap(["files", "--snapshot", place.snap, "--include", place.tree, "-o", place.report, "--",
                                              "/bin/sh", "-c", "echo more >> \(UndoTests.quote(place.tree))/a; mv \(snap)/journal \(snap)/j; "
                                              + "rm -f \(snap)/blobs/*; chmod 777 \(snap); ln \(snap)/journal \(snap)/../hard; true"], timeout: 60)
        #expect(result.exitCode == 1, "files: \(result.stderr)")
        let report = TestSupport.readFile(place.report)
        #expect(report.contains("refused"), "report:\n\(report)")
        #expect(!UndoTests.exists(place.snap + "/j") && !UndoTests.exists(place.base + "/hard"), "the journal was moved or linked out")
        var info = stat()
        #expect(lstat(place.snap, &info) == 0 && info.st_mode & 0o7777 == 0o700, "the snapshot's mode was changed")
        let undo = try TestSupport.wiretap(["undo", place.snap], timeout: 60)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        #expect(TestSupport.readFile(place.tree + "/a") == "a\n")
    }

    @Test func theCommandCannotRemoveTheSnapshotInsideItsTree() throws {
        let place = try UndoTests.Place()
        try UndoTests.makeFile(place.tree + "/a", "a\n")
        try UndoTests.makeDirectory(place.tree + "/d")
        try UndoTests.makeFile(place.tree + "/d/b", "b\n")
        let snap = place.tree + "/snap"
        let before = UndoTests.state(place.tree)
        let result = try TestSupport.wiretap(["files", "--snapshot", snap, "-o", place.report, "--"]
                                             + UndoTests.shell(place, "rm -rf ./*; echo x > snap/journal; true"), timeout: 60)
        #expect(result.exitCode == 1, "files: \(result.stderr)")
        #expect(result.stderr.contains("snapshot directory"), "files: \(result.stderr)")
        #expect(UndoTests.exists(snap + "/journal") && TestSupport.readFile(snap + "/journal").hasPrefix("{\"wiretap_snapshot\""),
                "the snapshot was damaged")
        #expect(!UndoTests.exists(place.tree + "/a"), "the command's other changes did not happen")
        let undo = try TestSupport.wiretap(["undo", snap], timeout: 60)
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        var restored = UndoTests.state(place.tree)
        restored = restored.filter { !$0.key.hasPrefix("snap") }
        #expect(restored == before, Comment(rawValue: UndoTests.diff(before, restored)))
    }
}
