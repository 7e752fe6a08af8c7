import Testing

/// The V4L2 ioctls against strace: every request strace 6.1's v4l2.c
/// decodes, on /dev/null (the entry's part, the exit's address or `}` as
/// the call fails) and again under `-e inject=ioctl:retval=0` (the exit's
/// part, from the structures the fixture pre-filled), with good, hostile,
/// NULL, unmapped and cut-short arguments, under each `-X` style, `-v`, `-xx`
/// and `-s`.
@Suite struct IoctlV4L2DecoderTests {
    static let inject = ["-e", "inject=ioctl:retval=0"]

    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-v", "-X", "verbose"], ["-xx"], ["-s", "4"], ["--json"]],
          [false, true])
    func fixtureMatchesStrace(flags: [String], injected: Bool) throws {
        let program = try TestSupport.fixture("decode_ioctl_v4l2")
        let json = flags == ["--json"]
        let extra = injected ? Self.inject : []
        let pair = try Differential.run([program], flags: (json ? [] : flags) + extra, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count > 250)
        if json {
            // --json: the same calls, every argument a value (no strace text).
            let trace = try Self.jsonTrace(program, extra)
            #expect(trace.filter { $0.contains("\"name\":\"ioctl\"") }.count == theirs.filter { $0.hasPrefix("ioctl(") }.count)
            #expect(!trace.contains { $0.contains("\"text\":") })
            return
        }
        let ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// A 32-bit tracee: the requests whose structures have i386 layouts
    /// (G/S/TRY_FMT, QUERYBUF/QBUF/DQBUF, G/S_FBUF, ENUMSTD, ENUMINPUT, the
    /// EXT_CTRLS, CREATE_BUFS), named from the i386 request table, the
    /// x86_64 codes of those (unknown to an i386 tracee: `_IOC(...)`), and
    /// two of the same layout.
    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"]])
    func i386MatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_ioctl_v4l2_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace)
        let ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count > 80)
        if flags != ["-X", "raw"] { #expect(theirs.contains { $0.contains("VIDIOC_G_FMT") }) }
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    static func jsonTrace(_ program: String, _ extra: [String]) throws -> [String] {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/trace.json"
        let result = try TestSupport.run(["/usr/bin/env", "-C", directory, TestSupport.wiretap, "--json"] + extra
            + ["-o", path, program])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return TestSupport.readFile(path).lines.map(String.init)
    }
}
