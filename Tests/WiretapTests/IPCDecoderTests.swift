import Glibc
import Testing

/// The IPC family against strace: SysV shared memory, semaphores and
/// message queues with the structures their *ctl calls fill in, POSIX
/// message queues, and keys (add_key, request_key, keyctl), successes and
/// failures, in an IPC namespace of the fixture's own.
@Suite struct IPCDecoderTests {
    // -s 2: the fixture's buffers cut short by an unmapped page hold two bytes.
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "4"], ["-s", "2"], ["-y"], ["-e", "verbose=none"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_ipc")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Self.blankingVolatile(Differential.after("write(-1, ", pair.strace))
        let ours = Self.blankingVolatile(Differential.after("write(-1, ", pair.wiretap))
        #expect(theirs.count > 100)
        // The structures were decoded (not printed as addresses, as -e verbose=none prints them).
        let decoded = !flags.contains("verbose=none")
        #expect(theirs.contains { $0.contains("shm_segsz=4096") } == decoded)
        #expect(theirs.contains { $0.contains("mq_maxmsg=4") } == decoded)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// What differs from run to run: the tracee's pid (which the fixture's
    /// `getpid()` line gives, and shm_cpid, msg_lspid and semctl GETPID
    /// repeat), key serial numbers (the results of add_key, request_key
    /// and keyctl above 999, wherever they appear after) and times (`..time=N`);
    /// the result column's padding is folded.
    static func blankingVolatile(_ lines: [String]) -> [String] {
        var volatile: [Substring: String] = [:]
        for line in lines {
            guard let equals = line.range(of: " = ", options: .backwards) else { continue }
            let result = line[equals.upperBound...].prefix { $0.isNumber }
            guard !result.isEmpty else { continue }
            if line.hasPrefix("getpid()") {
                volatile[result] = "PID"
            } else if line.hasPrefix("add_key(") || line.hasPrefix("request_key(") || line.hasPrefix("keyctl("),
                      result.count >= 4 {
                volatile[result] = "SERIAL"
            }
        }
        return lines.map { line in
            var out = ""
            var digits = ""
            var previous: Character = " "
            func flush() {
                guard !digits.isEmpty else { return }
                if out.hasSuffix("time=") {
                    out += "TIME"
                } else if !(previous.isLetter || previous == "_"), let name = volatile[Substring(digits)] {
                    out += name
                } else {
                    out += digits
                }
                digits = ""
            }
            for c in line {
                if c.isNumber { digits.append(c); continue }
                flush()
                out.append(c)
                previous = c
            }
            flush()
            // The result column's padding depends on the length of what was blanked.
            if let equals = out.range(of: " = ", options: .backwards) {
                let head = out[..<equals.lowerBound]
                out = String(head.reversed().drop { $0 == " " }.reversed()) + " = " + out[equals.upperBound...]
            }
            return out
        }
    }
}
