import Glibc
import Testing

/// The kernel-interface family against strace: ptrace on a stopped child
/// (peeks, user-area offsets, options, siginfo, signal masks,
/// PTRACE_GET_SYSCALL_INFO), prctl, seccomp queries, capabilities,
/// arch_prctl, futexes and futex_waitv, AIO, io_uring, landlock,
/// userfaultfd and the x86 segment and port calls.
@Suite struct KernelInterfaceDecoderTests {
    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "4"], ["-y"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_kernel")
        let directory = TestSupport.temporaryDirectory()
        let pair = try Differential.run([program, directory + "/aio-scratch"], flags: flags, directory: directory)
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Self.namingChild(Differential.after("write(-1, ", pair.strace))
        let ours = Self.namingChild(Differential.after("write(-1, ", pair.wiretap))
        #expect(theirs.count > 50)
        #expect(theirs.contains { $0.hasPrefix("ptrace(") && $0.contains("entry={nr=") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// The traced child prints no line of its own (no -f), so Differential
    /// leaves its pid as it is: each run's pid, from `fork() = N`, becomes
    /// `CHILD`, and the lines it was in lose their result column's padding.
    static func namingChild(_ lines: [String]) -> [String] {
        guard let fork = lines.first(where: { $0.hasPrefix("fork()") }),
              let equals = fork.range(of: "= ", options: .backwards) else { return lines }
        let pid = String(fork[equals.upperBound...])
        guard !pid.isEmpty, pid.allSatisfy(\.isNumber) else { return lines }
        return lines.map { line in
            var result = ""
            var digits = ""
            for character in line + " " {
                if character.isNumber { digits.append(character); continue }
                result += digits == pid ? "CHILD" : digits
                digits = ""
                result.append(character)
            }
            result.removeLast()
            // The result column's padding depended on the pid's length.
            guard result != line, let equals = result.range(of: " = ", options: .backwards) else { return result }
            var head = String(result[..<equals.lowerBound])
            while head.hasSuffix(" ") { head.removeLast() }
            return head + " = " + result[equals.upperBound...]
        }
    }
}
