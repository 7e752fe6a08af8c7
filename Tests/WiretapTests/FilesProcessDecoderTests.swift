import Glibc
import Testing

/// The FilesProcess group against strace, on successful calls: xattrs,
/// getdents, file handles, splice/tee/vmsplice, fallocate, close_range,
/// execve/execveat, pidfds, process_vm_readv/writev, clone/clone3 and
/// wait4/waitid, the `*at` calls, openat2, and the descriptor makers
/// (Fixtures/decode_files_process.c).
@Suite struct FilesProcessDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "2"], ["-y"], ["-yy"], ["-Y"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_files_process")
        // One directory for both runs: the fixture keeps `keep/` (its inodes
        // and file handle) for the second.
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Self.normalized(Differential.after("write(-1, ", pair.strace))
        let ours = Self.normalized(Differential.after("write(-1, ", pair.wiretap))
        #expect(theirs.count > 100)
        // Decoded, not printed raw: a few lines the group's decoders make.
        #expect(theirs.contains { $0.hasPrefix("getdents(") && ($0.contains(" entries */") || $0.contains("d_name=")) })
        #expect(theirs.contains { $0.hasPrefix("clone3(") && $0.contains(" => {pidfd=[") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// The tracee's pid (getpid's result, which pidfd_open and
    /// process_vm_readv print) and its children's (clone's and clone3's
    /// results, parent_tid) become `PID`; inodes of pipes and anonymous files (-y)
    /// `[INODE]`: they change from run to run.
    static func normalized(_ lines: [String]) -> [String] {
        var pids: [String] = []
        for line in lines where line.hasPrefix("getpid(") || line.hasPrefix("clone(") || line.hasPrefix("clone3(") {
            if let equals = line.range(of: " = ", options: .backwards) {
                // `= 1234`, or with -Y `= 1234<comm>`.
                let value = line[equals.upperBound...].prefix { $0.isNumber }
                if !value.isEmpty { pids.append(String(value)) }
            }
        }
        return lines.map { line in
            var out = ""
            var index = line.startIndex
            while index < line.endIndex {
                let c = line[index]
                let previous: Character? = index == line.startIndex ? nil : line[line.index(before: index)]
                if c.isNumber, previous.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true {
                    let digits = String(line[index...].prefix { $0.isNumber })
                    let end = line.index(index, offsetBy: digits.count)
                    let endsToken = end == line.endIndex || !(line[end].isLetter || line[end] == "_")
                    if previous == "[" && out.hasSuffix(":[") {
                        out += "INODE"
                    } else {
                        out += pids.contains(digits) && endsToken ? "PID" : digits
                    }
                    index = end
                    continue
                }
                out.append(c)
                index = line.index(after: index)
            }
            return out
        }
    }
}
