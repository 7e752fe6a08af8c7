import Glibc
import Testing

/// The NetSignal group's successful calls against strace (Fixtures/decode_netsig.c):
/// socket types, protocols and options at several levels, value-result
/// lengths, msghdr with descriptors and credentials, mmsghdr vectors,
/// accept4; signal masks and actions, queued signals and the siginfo
/// rt_sigtimedwait returns, kill/tkill/tgkill; poll, ppoll, select,
/// pselect6 and epoll with ready descriptors. strace is the oracle: the
/// lines after the marker must be the same under each flag set.
@Suite struct NetSignalDecoderTests {
    /// The fixture's abstract socket name, one per test case and process
    /// (cases run in parallel; a name bound twice fails).
    static func abstractName(_ flags: [String]) -> String {
        "wtns\(getpid())" + String(flags.joined().filter { $0.isLetter || $0.isNumber })
    }

    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "2"], ["-y"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_netsig")
        let pair = try Differential.run([program, Self.abstractName(flags)], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Self.normalized(Differential.after("write(-1, ", pair.strace))
        let ours = Self.normalized(Differential.after("write(-1, ", pair.wiretap))
        #expect(theirs.count > 100)
        // The decoding this group is about must be there at all.
        #expect(theirs.contains { $0.hasPrefix("recvmsg(") && $0.contains("cmsg_data=[") })
        #expect(theirs.contains { $0.hasPrefix("rt_sigtimedwait(") && $0.contains("si_code=") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// What changes from run to run: the process id (getpid's result, as
    /// kill's argument, si_pid, SO_PEERCRED's pid...), ports (`htons(N)`,
    /// under -X their bytes), and the time a ppoll or select left.
    static func normalized(_ lines: [String]) -> [String] {
        normalizedNumbers(lines).map { line in
            var out = ""
            var rest = Substring(line)
            while let range = rest.range(of: "sin_port=\"") {
                out += rest[..<range.upperBound] + "PORT"
                rest = rest[range.upperBound...].drop { $0 != "\"" }
            }
            return out + rest
        }
    }

    static func normalizedNumbers(_ lines: [String]) -> [String] {
        var ids: Set<Substring> = []
        for line in lines where line.hasPrefix("getpid()") || line.hasPrefix("gettid()") {
            if let equals = line.range(of: "= ", options: .backwards) { ids.insert(line[equals.upperBound...]) }
        }
        return lines.map { line in
            var out = ""
            var rest = Substring(line)
            while let c = rest.first {
                if c.isNumber, out.last.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true {
                    let digits = rest.prefix { $0.isNumber }
                    rest = rest.dropFirst(digits.count)
                    // A packet socket counts every loopback packet, other tests' too.
                    let counters = out.hasSuffix("tp_packets=") || out.hasSuffix("tp_drops=")
                    if counters || out.hasSuffix("htons(") || out.hasSuffix("left {tv_sec=")
                        || (out.hasSuffix("tv_nsec=") || out.hasSuffix("tv_usec=")) && out.contains("left {") {
                        out += "N"
                    } else {
                        out += ids.contains(digits) ? "PID" : String(digits)
                    }
                } else {
                    out.append(c)
                    rest = rest.dropFirst()
                }
            }
            return out
        }
    }
}
