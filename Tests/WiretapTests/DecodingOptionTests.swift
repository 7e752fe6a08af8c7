import Glibc
import Testing

/// strace 6.1's decoding qualifiers against strace itself: `-e read=` and
/// `-e write=` hex dumps, `-e raw=`, `-e abbrev=` (and `-v`), `-e verbose=`,
/// `-e decode-fds=` (and `-y`, `-yy`), `-e kvm=`; and wiretap's own
/// `--trace-fds` (strace 6.3's option, which 6.1 lacks) and `-N`.
@Suite struct DecodingOptionTests {
    /// Both tools' lines from the fixture's marker on, each run in a fresh
    /// scratch directory; numbers of 4 digits and more (pids, socket inodes)
    /// are blanked when `blankNumbers`.
    static func compareAfterMark(_ fixture: String, _ arguments: [String] = [], flags: [String],
                                 blankNumbers: Bool = false) throws {
        let program = [try TestSupport.fixture(fixture)] + arguments
        let pair = try Differential.run(program, flags: flags, directory: TestSupport.temporaryDirectory())
        var theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        if blankNumbers {
            theirs = blankPID(theirs).map(blankLongNumbers)
            ours = blankPID(ours).map(blankLongNumbers)
        }
        #expect(theirs.count > 3, "\(flags)")
        #expect(ours == theirs, "\(flags)")
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("\(flags)\nwiretap: \(a)\nstrace:  \(b)")
            break
        }
        if ours.count != theirs.count { Issue.record("\(flags): \(ours.count) lines, strace \(theirs.count)") }
    }

    /// The tracee's own pid (the result of its getpid()) becomes `PID`
    /// wherever it appears as a whole number: pids wrap at pid_max, and a
    /// short one would escape `blankLongNumbers`.
    static func blankPID(_ lines: [String]) -> [String] {
        guard let line = lines.first(where: { $0.hasPrefix("getpid()") }),
              let pid = line.split(separator: "=").last.map({ String($0.filter(\.isNumber)) }), !pid.isEmpty else { return lines }
        return lines.map { line in
            var result = ""
            var digits = ""
            for c in line {
                if c.isNumber { digits.append(c); continue }
                result += digits == pid ? "PID" : digits
                digits = ""
                result.append(c)
            }
            result += digits == pid ? "PID" : digits
            // The result column's padding depends on the pid's width (pids
            // wrap: strace's run and ours may differ by a digit).
            guard result != line, let equals = result.range(of: " = ", options: .backwards) else { return result }
            let head = result[..<equals.lowerBound]
            let trimmed = head.prefix(head.count - head.reversed().prefix { $0 == " " }.count)
            return String(trimmed) + result[equals.lowerBound...]
        }
    }

    /// Runs of 4 digits or more become `N`; where one did, the result
    /// column's padding is folded too (socket inodes grow a digit now and
    /// then, between strace's run and ours).
    static func blankLongNumbers(_ line: String) -> String {
        var result = ""
        var digits = ""
        for c in line {
            if c.isNumber { digits.append(c); continue }
            result += digits.count >= 4 ? "N" : digits
            digits = ""
            result.append(c)
        }
        result += digits.count >= 4 ? "N" : digits
        guard result != line, let equals = result.range(of: " = ", options: .backwards) else { return result }
        let head = result[..<equals.lowerBound]
        let trimmed = head.prefix(head.count - head.reversed().prefix { $0 == " " }.count)
        return String(trimmed) + result[equals.lowerBound...]
    }

    // MARK: -e read= / -e write=

    /// read/write, pread64/pwrite64, readv/writev, preadv/pwritev(2),
    /// vmsplice, send/recv, sendto/recvfrom, sendmsg/recvmsg,
    /// sendmmsg/recvmmsg, mq_timedsend/mq_timedreceive; empty buffers,
    /// unreadable memory, failures; subsets, negation and the long forms.
    @Test(arguments: [
        ["-e", "read=all", "-e", "write=all"],
        ["-e", "read=3,7", "-e", "write=4,5"],
        ["-e", "write=!4", "-e", "read=none"],
        ["--read=8", "--write=6,8"],
        ["-e", "r=5", "-e", "w=5", "-a", "60"],
    ])
    func hexDumpsMatchStrace(flags: [String]) throws {
        try Self.compareAfterMark("decode_dumps", flags: flags)
    }

    /// A 64 MiB write's 340 MB dump is written out as it is made: the
    /// tracer's own peak memory (VmHWM, read while the tracee pauses after
    /// the write) stays far below the dump's size.
    @Test func hugeDumpIsStreamed() throws {
        let program = try TestSupport.fixture("big_write")
        let run = try TestSupport.peakMemory([TestSupport.wiretap, "-o", "/dev/null", "-e", "trace=write", "-e", "write=all", program])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.kilobytes > 0 && run.kilobytes < 48 * 1024, "peak RSS \(run.kilobytes) kB")
    }

    /// Past 1 MiB the offset column widens to 6 hex digits.
    @Test func largeDumpWidensOffsets() throws {
        let program = try TestSupport.fixture("decode_dumps")
        let pair = try Differential.run([program, "0x100011"], flags: ["-e", "write=all", "-e", "trace=write"],
                                        directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        #expect(theirs.count > 0x10000)
        #expect(theirs.last(where: { $0.hasPrefix(" | ") })?.hasPrefix(" | 100010  ") == true)
        #expect(ours == theirs)
    }

    /// With -f, a dump follows its call's line when another task's line came in between.
    @Test func dumpsWithFollowForks() throws {
        let pair = try Differential.run(["/bin/sh", "-c", "echo hello | cat"], flags: ["-f", "-e", "trace=write,read", "-e", "read=all", "-e", "write=1"])
        let theirs = pair.strace.filter { $0.contains(" | 00000") }, ours = pair.wiretap.filter { $0.contains(" | 00000") }
        #expect(theirs.count >= 2)
        #expect(ours.sorted() == theirs.sorted())
    }

    // MARK: -e raw=

    /// (`raw=all` would print the marker's string as an address: `!write` keeps it.)
    @Test(arguments: [["-e", "raw=!write"], ["-e", "raw=read,openat,close,mmap"], ["-e", "x=%network", "-y"]])
    func rawMatchesStrace(flags: [String]) throws {
        try Self.compareAfterMark("decode_dumps", flags: flags, blankNumbers: true)
    }

    // MARK: -e verbose= / -e abbrev= / -v

    /// verbose=none: every structure and array as its address (strings and
    /// data still shown; select's result sets still decoded).
    /// (decode_process is left out: where its SIGCHLD line falls is a race.)
    @Test(arguments: ["decode_files_fds", "decode_network", "decode_signals", "decode_time_poll", "decode_dumps"])
    func verboseNoneMatchesStrace(fixture: String) throws {
        try Self.compareAfterMark(fixture, flags: ["-e", "verbose=none"], blankNumbers: true)
    }

    @Test(arguments: [["-e", "verbose=!ioctl,newfstatat"], ["-e", "v=%network"]])
    func verboseSubsetMatchesStrace(flags: [String]) throws {
        try Self.compareAfterMark("decode_files_fds", flags: flags)
        try Self.compareAfterMark("decode_network", flags: flags)
    }

    /// -v is abbrev=none: termios in full, environments in full.
    @Test(arguments: [["-v"], ["-e", "abbrev=none"], ["-e", "abbrev=!ioctl"], ["-e", "a=ioctl"]])
    func abbrevMatchesStrace(flags: [String]) throws {
        try Self.compareAfterMark("decode_files_fds", flags: flags)
    }

    /// execve's argv and environment (abbrev=none prints the environment whole).
    @Test(arguments: [["-v"], ["-e", "abbrev=!execve"], ["-e", "abbrev=execve"], ["-v", "-e", "abbrev=all"], ["-e", "abbrev=all", "-v"],
                      ["-v", "--abbrev=execve"]])
    func abbrevWholeTraceMatchesStrace(flags: [String]) throws {
        let pair = try Differential.run(["/usr/bin/env"], flags: flags, environment: ["PATH=/usr/bin:/bin", "A=1", "B=two"])
        // Its stdout is a fresh file each run: a different inode and times.
        func keep(_ lines: [String]) -> [String] { lines.filter { !$0.hasPrefix("newfstatat(1,") } }
        #expect(pair.strace.count > 20)
        #expect(keep(pair.wiretap) == keep(pair.strace))
    }

    // MARK: -e decode-fds= / -y / -yy

    @Test(arguments: [
        ["-y"], ["-yy"], ["--decode-fds"], ["--decode-fds=all"],
        ["-e", "decode-fds=path"], ["-e", "decode-fds=socket"], ["-e", "decode-fds=dev"], ["-e", "decode-fds=pidfd"],
        ["-e", "decode-fds=dev,pidfd"], ["-e", "decode-fds=all"], ["-e", "decode-fds=none"], ["-e", "decode-fds=!path"],
    ])
    func decodeFdsMatchesStrace(flags: [String]) throws {
        try Self.compareAfterMark("decode_fds_kinds", flags: flags, blankNumbers: true)
    }

    /// strace 6.1 refuses -y with -e decode-fds=, in these words, exit status 1.
    @Test(arguments: [["-y", "-e", "decode-fds=path"], ["-e", "decode-fds=socket", "-yy"]])
    func decodeFdsWithYIsRefused(flags: [String]) throws {
        let theirs = try TestSupport.run(["/usr/bin/strace"] + flags + ["/bin/true"])
        let ours = try TestSupport.run([TestSupport.wiretap] + flags + ["/bin/true"])
        #expect(theirs.exitCode == 1)
        #expect(ours.exitCode == 1)
        #expect(ours.stderr == theirs.stderr.replacingStrace())
    }

    // MARK: -e kvm=

    /// No /dev/kvm here: -e kvm=vcpu is accepted and changes nothing.
    @Test func kvmVcpuChangesNothing() throws {
        let program = try TestSupport.fixture("decode_fds_kinds")
        func trace(_ flags: [String]) throws -> [String] {
            let path = TestSupport.temporaryDirectory() + "/trace"
            let result = try TestSupport.run(["/usr/bin/setarch", "-R", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", TestSupport.wiretap]
                                             + flags + ["-yy", "-o", path, program], timeout: 60)
            #expect(result.exitCode == 0)
            return Self.blankPID(Differential.after("MARK", Differential.normalize(TestSupport.readFile(path).lines.map(String.init))))
                .map(Self.blankLongNumbers)
        }
        let with = try trace(["-e", "kvm=vcpu"]), without = try trace([])
        #expect(with.count > 5)
        #expect(with == without)
    }

    // MARK: --trace-fds

    /// strace 6.3's --trace-fds=SET (not in 6.1): only calls with a descriptor
    /// argument in SET. Checked against strace's full trace filtered to the
    /// calls whose first argument is in SET (which, in this fixture, are all
    /// the calls naming those descriptors), with the hex dumps of -e read=.
    /// (The dynamic loader's calls before the marker use descriptor 3 only.)
    @Test(arguments: [(["--trace-fds=7"], false, [7]), (["--trace-fds=6", "--trace-fds=7"], false, [6, 7]),
                      (["--trace-fds=!0,1,2,3,4,5,6,99"], true, [0, 1, 2, 3, 4, 5, 6, 99])])
    func traceFdsKeepsCallsOnTheDescriptors(flags: [String], negated: Bool, descriptors: [Int]) throws {
        let program = try TestSupport.fixture("decode_dumps")
        let directory = TestSupport.temporaryDirectory()
        let full = try Differential.run([program], flags: ["-e", "read=all"], directory: directory)
        let filtered = try Differential.run([program], flags: flags + ["-e", "read=all"], directory: directory)
        /// Whether the call's first argument is a descriptor of the set.
        func wanted(_ line: String) -> Bool {
            guard let open = line.firstIndex(of: "(") else { return false }
            let digits = line[line.index(after: open)...].prefix { $0.isNumber }
            guard let fd = Int(digits), line[line.index(after: open)...].dropFirst(digits.count).first.map({ $0 == "," || $0 == ")" }) == true
            else { return false }
            return descriptors.contains(fd) != negated
        }
        var expected: [String] = []
        var keeping = false
        for line in Differential.after("MARK", full.strace) {
            if line.hasPrefix(" | ") || line.hasPrefix(" * ") || line.hasPrefix(" = ") {
                if keeping { expected.append(line) }
                continue
            }
            keeping = line.hasPrefix("+++") || wanted(line)
            if keeping { expected.append(line) }
        }
        #expect(expected.count > 3)
        #expect(filtered.wiretap == expected)
    }

    @Test func traceFdsRefusesAnInvalidSet() throws {
        let result = try TestSupport.run([TestSupport.wiretap, "--trace-fds=x", "/bin/true"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("invalid --trace-fds argument: 'x'"))
    }

    // MARK: -N

    /// -N (strace 6.16) is accepted: names before the arguments, as strace's
    /// tests/fchdir.c expects (`fchdir(fd=-1)`); ArgNamesTests has the rest.
    @Test(arguments: [["-N"], ["--arg-names"]])
    func argNamesPrintsNames(flags: [String]) throws {
        let fixture = try TestSupport.fixture("arg_names")
        let result = try TestSupport.run([TestSupport.wiretap] + flags + ["-e", "trace=fchdir", fixture])
        #expect(result.exitCode == 0)
        #expect(result.stderr.hasPrefix("fchdir(fd=-1)"))
    }
}

private extension String {
    /// strace's messages with wiretap's name.
    func replacingStrace() -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: "/usr/bin/strace: ") {
            result += rest[..<range.lowerBound] + "wiretap: "
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
