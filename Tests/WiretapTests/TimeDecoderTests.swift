import Glibc
import Testing

/// The time group against strace: POSIX timers and their sigevents,
/// adjtimex and clock_adjtime (read only), refused clock settings, sleeps
/// (some a signal interrupts), itimers, timerfd, times,
/// utime/utimes/futimesat/utimensat with their time comments, and resource
/// limits and usage; successes and failures.
@Suite struct TimeDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-y"], ["-s", "1"], ["-xx"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_time")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let blankTheirs = Differential.after("write(-1, ", pair.strace).map(Self.blankingVolatile)
        let blankOurs = Differential.after("write(-1, ", pair.wiretap).map(Self.blankingVolatile)
        // The fixture spends CPU time before times: its user time is commented
        // in both (the other times may be zero in one run and not the next).
        if !flags.contains("raw") {
            #expect(blankTheirs.contains { $0.hasPrefix("times({tms_utime=N /* N.N s */") })
            #expect(blankOurs.contains { $0.hasPrefix("times({tms_utime=N /* N.N s */") })
        }
        let theirs = blankTheirs.map(Self.droppingSeconds), ours = blankOurs.map(Self.droppingSeconds)
        #expect(theirs.count > 80)
        #expect(theirs.contains { $0.hasPrefix("adjtimex({modes=") })
        #expect(theirs.contains { $0.hasPrefix("nanosleep({tv_sec=N, tv_nsec=N}, {tv_sec=N, tv_nsec=N}) = ? ERESTART") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// File times' comments are in the tracer's local time: zones with
    /// half-hour offsets east and west of UTC.
    @Test(arguments: [("Asia/Kolkata", "+0530"), ("America/St_Johns", "-0330")])
    func timeCommentsFollowTheTimeZone(zone: String, offset: String) throws {
        let program = try TestSupport.fixture("decode_time")
        let pair = try Differential.run([program], environment: ["PATH=/usr/bin:/bin", "TZ=\(zone)"],
                                        directory: TestSupport.temporaryDirectory())
        let calls = ["utime(", "utimes(", "futimesat("]
        func fileTimes(_ lines: [String]) -> [String] { lines.filter { line in calls.contains { line.hasPrefix($0) } } }
        let theirs = fileTimes(pair.strace), ours = fileTimes(pair.wiretap)
        #expect(theirs.contains { $0.contains(offset + " */") })
        #expect(ours == theirs)
    }

    /// What differs between two runs: CPU times and the uptime in ticks
    /// (times, getrusage), the clock and its error estimates (adjtimex,
    /// clock_adjtime). Each such number becomes `N`; the rest of the line,
    /// field names, flags and comments included, is compared.
    static func blankingVolatile(_ line: String) -> String {
        if line.hasPrefix("times(") || line.hasPrefix("getrusage(") {
            return blankingNumbers(in: line) { _ in true }
        }
        // A sleep a signal interrupted: the time it had left.
        if (line.hasPrefix("nanosleep(") || line.hasPrefix("clock_nanosleep(")) && line.hasSuffix("(Interrupted by signal)") {
            return blankingNumbers(in: line) { key in key == "tv_sec" || key == "tv_nsec" }
        }
        if line.hasPrefix("adjtimex(") || line.hasPrefix("clock_adjtime(") {
            let volatile = ["offset", "freq", "maxerror", "esterror", "tv_sec", "tv_usec", "ppsfreq", "jitter",
                            "stabil", "jitcnt", "calcnt", "errcnt", "stbcnt"]
            return blankingNumbers(in: line) { key in volatile.contains(key) }
        }
        return line
    }

    /// A blanked times line without its seconds comments (`N /* N.N s */`
    /// is `N`): a CPU time may be zero in one run, and uncommented.
    static func droppingSeconds(_ line: String) -> String {
        guard line.hasPrefix("times(") else { return line }
        var out = line
        while let range = out.firstRange(of: " /* N.N s */") { out.removeSubrange(range) }
        return out
    }

    /// Replaces each run of digits by `N` where `blank` accepts the name of
    /// the field it is the value of (`key=123`; "" outside a field).
    static func blankingNumbers(in line: String, where blank: (String) -> Bool) -> String {
        var out = ""
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            guard c.isNumber else { out.append(c); index = line.index(after: index); continue }
            let digits = line[index...].prefix { $0.isNumber || $0.isLetter }
            // The field name before `=` (or `=-`), if the value follows one.
            var head = out[...]
            if head.hasSuffix("-") { head = head.dropLast() }
            var key = ""
            if head.hasSuffix("=") { key = String(head.dropLast().reversed().prefix { $0.isLetter || $0 == "_" }.reversed()) }
            out += blank(key) ? "N" : String(digits)
            index = line.index(index, offsetBy: digits.count)
        }
        return out
    }
}
