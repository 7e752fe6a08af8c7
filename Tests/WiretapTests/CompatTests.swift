import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// 32-bit (i386) tracees on the x86_64 tracer: names, argument counts and
/// classes from the i386 tables, the native decoders for calls whose
/// arguments mean the same in both ABIs, and strace's personality message.
@Suite struct CompatTests {
    @Test func i386CallsMatchStrace() throws {
        let program = try TestSupport.fixture32("compat_i386")
        let pair = try Differential.run([program], directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        #expect(theirs.count > 20)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// decode_compat.c: successful and failing i386 calls print as strace
    /// prints them, under several flag sets: 32-bit longs, 16- and 32-bit
    /// uids, i386's own calls (_llseek, mmap2, waitpid, socketcall, the old
    /// signal and select calls), its layouts (stat64, flock, iovec, msghdr,
    /// sigaction, rlimit, rusage, statfs, user_desc, 32-bit times) and the
    /// native decoders of fixed-layout structures and time64 calls.
    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"], ["-s", "2"], ["-e", "verbose=none"]])
    func decodedI386CallsMatchStrace(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_compat")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Differential.after("write(-1, ", pair.strace), ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.count > 80)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// -i on a 32-bit program (a static one, without ASLR'd text: strace's
    /// addresses are ours).
    @Test func instructionPointersOfI386CallsMatchStrace() throws {
        let program = try TestSupport.fixture32("compat_i386")
        let pair = try Differential.run([program], flags: ["-i"], directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("MARK", pair.strace), ours = Differential.after("MARK", pair.wiretap)
        #expect(theirs.count > 20)
        #expect(ours == theirs)
    }

    /// The library's register tampering on a 32-bit tracee: the kernel
    /// exchanges its registers in i386's layout, which the engine converts
    /// both ways. A skipped `open` returns ENOSYS, the result set at its
    /// exit is the descriptor the program then reads from, and the next
    /// `open` is left alone.
    @Test func skippingAndResultsReachAnI386Program() async throws {
        let program = try TestSupport.fixture32("compat_i386")
        let seen = try await TracerThread.run { () throws -> [Int64] in
            let tracer = Tracer()
            try tracer.spawn(Command(program))
            var seen: [Int64] = []
            var opens = 0
            try tracer.run { event, tracee in
                switch event.kind {
                case .syscallEntry(let entry) where entry.arch != .native && entry.number == 5:  // open
                    opens += 1
                    if opens == 1 { try? tracee.skipSyscall() }
                case .syscallExit(let exit) where exit.arch != .native && exit.number == 5:
                    seen.append(exit.returnValue)
                    if opens == 1 { try? tracee.setSyscallResult(7) }
                case .syscallEntry(let entry) where entry.arch != .native && entry.number == 3 && seen.count == 1:  // read(fd, ...)
                    seen.append(Int64(entry.arguments.a0))
                default:
                    break
                }
                return .automatic
            }
            return seen
        }
        #expect(seen == [-38, 7, -2], "ENOSYS, then read(7, ...), then ENOENT")
    }

    /// `-e trace=` selects i386 calls by name and by class, as in strace.
    @Test(arguments: [["-e", "trace=open,kill"], ["-e", "trace=%file"], ["-e", "trace=/^(read|write)$"],
                      ["-e", "trace=!%desc"]])
    func selectionAppliesToI386Calls(flags: [String]) throws {
        let program = try TestSupport.fixture32("compat_i386")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        #expect(pair.strace.count > 2)
        #expect(pair.wiretap == pair.strace)
    }

    /// Calls made through socketcall and ipc are selected by their
    /// sub-call's name and class, as strace selects them; `socketcall`
    /// itself only matches a sub-call nobody knows.
    @Test(arguments: [["-e", "trace=semget,sendmsg,shmat"], ["-e", "trace=%network"], ["-e", "trace=socketcall,ipc"],
                      ["-e", "trace=!%ipc"], ["-e", "trace=/^(shm|msg)"], ["-e", "trace=%memory"], ["-e", "trace=sendmsg@64"],
                      ["-e", "trace=sendmsg@32"]])
    func selectionAppliesToMultiplexedI386Calls(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_compat")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        if flags != ["-e", "trace=sendmsg@64"] { #expect(pair.strace.count > 3) }
        #expect(pair.wiretap == pair.strace)
        for (a, b) in zip(pair.wiretap, pair.strace) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// -e inject= reaches a 32-bit tracee's calls (socketcall and ipc ones
    /// by sub-call, `when=` counted per sub-call) as strace's does.
    @Test(arguments: [["-e", "inject=recvmsg:error=EPERM"], ["-e", "inject=semget,msgget:retval=7"],
                      ["-e", "inject=fcntl64:error=EBADF:when=2+3"], ["-e", "inject=fcntl64:syscall=getpid:retval=5:when=1"],
                      ["-e", "inject=_llseek:retval=4294967298"]])
    func injectionReachesI386Calls(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_compat")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = Differential.after("write(-1, ", pair.strace), ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.contains { $0.hasSuffix("(INJECTED)") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// -c counts a 32-bit tracee's calls in a table of their own, with
    /// socketcall and ipc counted by sub-call: the same rows, calls and
    /// errors as strace's (times differ from run to run).
    @Test(arguments: [["-S", "name"], ["-S", "calls"]])
    func summaryCountsI386CallsApart(flags: [String]) throws {
        let program = try TestSupport.fixture32("decode_compat")
        func rows(_ tool: String) throws -> [String] {
            // Each run in a directory of its own: the program makes and removes files in it.
            let result = try TestSupport.run(["/usr/bin/env", "-C", TestSupport.temporaryDirectory(), tool, "-c"] + flags + [program],
                                             timeout: 60)
            #expect(result.exitCode == 0)
            // Keep the calls, errors and name columns; drop time ones and the personality notice.
            return result.stderr.split(separator: "\n").filter { !$0.hasPrefix("[ Process") }.map { line in
                let fields = line.split(separator: " ")
                guard let first = fields.first, first.first?.isNumber == true, fields.count >= 5 else { return String(line) }
                return fields.dropFirst(3).joined(separator: " ")
            }
        }
        let theirs = try rows("/usr/bin/strace"), ours = try rows(TestSupport.wiretap)
        #expect(theirs.contains("System call usage summary for 32 bit mode:"))
        #expect(theirs.contains { $0.hasSuffix(" semget") })
        #expect(ours == theirs)
    }

    /// On stderr strace announces a child's switch to 32-bit mode (with the
    /// pid prefix under -f); -q silences it (and -o with a command, which
    /// implies -q). Digits are masked: pids vary.
    @Test(arguments: [[], ["-q"], ["-f"]])
    func personalityMessage(flags: [String]) throws {
        let program = try TestSupport.fixture32("compat_i386")
        func messages(_ tool: String) throws -> [String] {
            let result = try TestSupport.run([tool] + flags + ["/bin/sh", "-c", "\(program); \(program); exit 0"], timeout: 60)
            return result.stderr.lines.filter { $0.contains("bit mode") || $0.contains("+++") }
                .map { Differential.erasePIDs(String($0)).replacingDigits() }
        }
        let theirs = try messages("/usr/bin/strace")
        #expect(theirs.contains { $0.contains("runs in NN bit mode") } == (flags == ["-f"]), "\(theirs)")
        #expect(try messages(TestSupport.wiretap) == theirs)
    }
}

private extension String {
    /// Pids in `[ Process PID=N ...` and `[pid  N]`.
    func replacingDigits() -> String {
        String(map { $0.isNumber ? "N" : $0 })
    }
}
