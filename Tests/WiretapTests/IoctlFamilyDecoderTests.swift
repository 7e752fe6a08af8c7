import Glibc
import Testing

/// The ioctl families with their own decoder files (userfaultfd, seccomp
/// notification, KVM, ...) against strace, one fixture per family, each
/// under the `-X` styles, `-v`, `-xx`, `-y` (KVM's also under `-e kvm=vcpu`), with and without
/// `-e inject=ioctl:retval=0` (the call skipped and reported successful:
/// both tools decode what the fixture pre-filled), and `--json`.
@Suite struct IoctlFamilyDecoderTests {
    /// Each fixture and the fewest ioctl lines it must print (so a test cannot pass empty).
    static let fixtures: [(name: String, minimum: Int)] = [
        ("decode_ioctl_userfaultfd", 40),
        ("decode_ioctl_seccomp", 25),
        // Without /dev/kvm (CI), only the calls on /dev/null.
        ("decode_ioctl_kvm", access("/dev/kvm", R_OK | W_OK) == 0 ? 45 : 10),
        ("decode_ioctl_dm", 120),
        ("decode_ioctl_scsi", 100),
        ("decode_ioctl_nbd", 35),
        ("decode_ioctl_fs", 130),
        ("decode_ioctl_tee", 50),
    ]

    static let flagSets: [[String]] = [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-v", "-X", "verbose"], ["-xx"],
                                       ["-y"], ["-s", "2"]]

    static let cases: [(String, [String])] = fixtures.flatMap { fixture in
        flagSets.flatMap { [(fixture.name, $0), (fixture.name, $0 + ["-e", "inject=ioctl:retval=0"])] }
            + [(fixture.name, ["--json"])]
    } + [("decode_ioctl_kvm", ["-e", "kvm=vcpu"]), ("decode_ioctl_kvm", ["-e", "kvm=vcpu", "-y", "-X", "verbose"])]

    @Test(arguments: cases.indices)
    func fixtureMatchesStrace(index: Int) throws {
        let (name, flags) = Self.cases[index]
        let minimum = Self.fixtures.first { $0.name == name }?.minimum ?? 1
        let program = try TestSupport.fixture(name)
        let json = flags == ["--json"]
        let pair = try Differential.run([program], flags: json ? [] : flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count >= minimum, "\(name) \(flags)")
        if json {
            let trace = try IoctlDecoderTests.jsonTrace(program)
            #expect(trace.filter { $0.contains("\"name\":\"ioctl\"") }.count == theirs.filter { $0.hasPrefix("ioctl(") }.count)
            #expect(!trace.contains { $0.contains("\"text\":") }, "\(name)")
            return
        }
        let ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(ours == theirs, "\(name) \(flags)")
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("\(name) \(flags)\nwiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// An i386 tracee: SG_IO's sg_io_hdr in its 32-bit layout (and fixed-layout
    /// structures of other families). Without inject: wiretap does not yet
    /// inject into i386 ioctl calls (`-e inject=ioctl` names the x86_64 number only).
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"]])
    func i386FixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_ioctl_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace), ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.filter { $0.hasPrefix("ioctl(") }.count >= 5)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }
}
