import Testing

/// The ioctl families with their own decoder files (evdev, gpio, watchdog...)
/// against strace: each fixture calls its family's requests on /dev/null
/// (the kernel fails them, so the entry side and the addresses at exit
/// show) and, under `-e inject=ioctl:retval=N`, has both tools decode the
/// structures it pre-filled, hostile ones included, as the call's output.
@Suite struct IoctlDeviceDecoderTests {
    /// Each fixture and the fewest ioctl lines it must trace.
    static let fixtures: [(name: String, minimum: Int)] = [
        ("decode_ioctl_evdev", 75),
        ("decode_ioctl_gpio", 30),
        ("decode_ioctl_mtd", 33),
        ("decode_ioctl_hdio", 45),
        ("decode_ioctl_kd", 80),
        ("decode_ioctl_ptp", 22),
        ("decode_ioctl_ubi", 25),
        ("decode_ioctl_watchdog", 13),
        ("decode_ioctl_inotify", 5),
        ("decode_ioctl_lirc", 25),
        ("decode_ioctl_counter", 7),
        ("decode_ioctl_rtc", 16),
    ]

    static let flagSets: [[String]] = [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"], ["-x"], ["-v", "-s", "4"], ["-e", "verbose=none"], ["--json"]]
    /// No injection (the calls fail), success with nothing returned, a
    /// large return (strace sizes evdev's bit sets and strings by it), and
    /// EIO (after which HDIO_DRIVE_CMD still shows the drive's answer) and
    /// ENOMEM (after which GIO_UNIMAP still shows the entries' address).
    static let injections: [[String]] = [[], ["-e", "inject=ioctl:retval=0"], ["-e", "inject=ioctl:retval=200"],
                                         ["-e", "inject=ioctl:error=EIO"], ["-e", "inject=ioctl:error=ENOMEM"]]

    static var cases: [(String, Int, [String], [String])] {
        fixtures.flatMap { fixture in
            flagSets.flatMap { flags in injections.map { (fixture.name, fixture.minimum, flags, $0) } }
        }
    }

    @Test(arguments: cases)
    func fixtureMatchesStrace(fixture: String, minimum: Int, flags: [String], injection: [String]) throws {
        let program = try TestSupport.fixture(fixture)
        let json = flags == ["--json"]
        let pair = try Differential.run([program], flags: (json ? [] : flags) + injection,
                                        directory: TestSupport.temporaryDirectory())
        let marker = flags == ["-xx"] ? "write(-1, \"\\x4d" : "write(-1, \"MARK"
        let theirs = Differential.after(marker, pair.strace)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count >= minimum)
        if json {
            // --json: the same calls, every argument a value (no strace text).
            let trace = try Self.jsonTrace(program, flags: injection)
            #expect(trace.filter { $0.contains("\"name\":\"ioctl\"") }.count >= theirs.filter { $0.hasPrefix("ioctl(") }.count)
            #expect(!trace.contains { $0.contains("\"text\":") })
            return
        }
        let ours = Differential.after(marker, pair.wiretap)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// A 32-bit tracee: the structures strace decodes in their i386 layout
    /// (its mpers variants), under the request names of i386's table
    /// (EVIOCSFF, MEMWRITEOOB and MEMREADOOB have numbers of their own there).
    @Test(arguments: [[], ["-v"]])
    func i386FixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_ioctl_devices_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, \"MARK", pair.strace)
        let ours = Differential.after("write(-1, \"MARK", pair.wiretap)
        #expect(theirs.contains { $0.hasPrefix("ioctl(3, EVIOCSFF, ") })
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count >= 12)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// wiretap's `--json` lines for `program`.
    static func jsonTrace(_ program: String, flags: [String]) throws -> [String] {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/trace.json"
        let result = try TestSupport.run(["/usr/bin/env", "-C", directory, TestSupport.wiretap, "--json"] + flags
                                         + ["-o", path, program])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return TestSupport.readFile(path).lines.map(String.init)
    }
}
