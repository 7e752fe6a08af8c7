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
    /// EXT_CTRLS, CREATE_BUFS), the x86_64 codes of those (hexadecimal), and
    /// two of the same layout. The request itself is left out of the
    /// comparison: wiretap names ioctl codes from x86_64's table only
    /// (`_IOC(_IOC_READ|_IOC_WRITE, 0x56, 0x4, 0xcc)` where strace's m32
    /// table says VIDIOC_G_FMT). Not under inject=: wiretap's injection
    /// does not reach a 32-bit tracee's ioctl (i386 number 54).
    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"]])
    func i386MatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_ioctl_v4l2_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace).map(Self.withoutRequest)
        let ours = Differential.after("write(-1, ", pair.wiretap).map(Self.withoutRequest)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count > 80)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// `ioctl(3, REQ, ...)`: the line without its request (a name, names
    /// joined by ` or `, `_IOC(...)`, or a number with its comment), and the
    /// result column's padding folded.
    static func withoutRequest(_ line: String) -> String {
        guard line.hasPrefix("ioctl("), let first = line.range(of: ", ") else { return line }
        var rest = line[first.upperBound...]
        if rest.hasPrefix("_IOC("), let close = rest.firstIndex(of: ")") {
            rest = rest[rest.index(after: close)...]
        } else if let comment = rest.range(of: " /* "), let end = rest.range(of: " */"),
                  !rest[..<comment.lowerBound].contains(",") {
            rest = rest[end.upperBound...]
        } else {
            rest = rest.drop { $0 != "," }
        }
        return normalized(String(line[..<first.upperBound]) + "REQ" + rest)
    }

    /// The result column's padding folded (a request left out moves it).
    static func normalized(_ line: String) -> String {
        var text = line
        if let equals = text.range(of: " = ", options: .backwards) {
            let head = text[..<equals.lowerBound]
            text = String(head.reversed().drop { $0 == " " }.reversed()) + " = " + text[equals.upperBound...]
        }
        return text
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
