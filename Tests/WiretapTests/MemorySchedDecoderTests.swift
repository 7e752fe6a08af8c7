import Glibc
import Testing

/// The memory-policy and scheduling family against strace: mappings and
/// their flags, NUMA policies and node masks, move_pages, memfd, protection
/// keys, process_madvise, sched_attr, affinity, I/O priorities, getcpu,
/// robust lists, kcmp and membarrier; successes and failures.
@Suite struct MemorySchedDecoderTests {
    /// Not `-y`: strace prints a deleted file's descriptor as
    /// `3</memfd:name>(deleted)`, a cross-cutting difference of the
    /// descriptor annotations, not of this family's decoders.
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "4"], ["-s", "300"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_memsched")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Self.blankingPID(Differential.after("write(-1, ", pair.strace))
        let ours = Self.blankingPID(Differential.after("write(-1, ", pair.wiretap))
        #expect(theirs.count > 80)
        #expect(theirs.contains { $0.hasPrefix("mbind(0x32000000, 4096, MPOL_BIND, [0x00000000000001], 2,") }
            || flags != [])
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// The two runs are two processes: their id (from the `getpid()` line)
    /// becomes `PID` wherever it appears as a whole number.
    static func blankingPID(_ lines: [String]) -> [String] {
        guard let line = lines.first(where: { $0.hasPrefix("getpid()") }),
              let equals = line.lastIndex(of: "=") else { return lines }
        let pid = line[line.index(after: equals)...].filter { $0.isNumber }
        guard !pid.isEmpty else { return lines }
        return lines.map { line in
            var out = ""
            var digits = ""
            func flush() {
                out += digits == pid ? "PID" : digits
                digits = ""
            }
            for c in line {
                if c.isNumber { digits.append(c); continue }
                flush()
                out.append(c)
            }
            flush()
            return out
        }
    }
}
