import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// `-N` / `--arg-names` (strace 6.16's option, which 6.1 lacks): each
/// argument's name before its value, from Tools/gen-arg-names.py's table.
@Suite struct ArgNamesTests {
    /// One wiretap run under `setarch -R` and `env -i` (addresses repeat from
    /// run to run), its lines from `marker` on (all when nil), pids normalised.
    static func trace(_ program: [String], flags: [String], marker: String? = nil) throws -> [String] {
        let path = TestSupport.temporaryDirectory() + "/trace"
        let argv = ["/usr/bin/setarch", "-R", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", TestSupport.wiretap]
            + flags + ["-o", path] + program
        let result = try TestSupport.run(argv, timeout: 60)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = TestSupport.readFile(path).lines.map(String.init)
        return marker.map { Differential.after($0, lines) } ?? lines
    }

    /// `named` with its names taken out reads as `plain`, line by line
    /// (pids and other volatile values normalised); reports the first lines that differ.
    static func expectSameButNames(_ named: [String], _ plain: [String]) {
        let a = Differential.canonical(Differential.normalize(named.map(withoutNames))).sorted()
        let b = Differential.canonical(Differential.normalize(plain.map(withoutNames))).sorted()
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x != y {
            Issue.record("with -N: \(x)\nwithout: \(y)")
            break
        }
    }

    /// A trace line's top-level arguments, each split into the `name=` prefix
    /// (nil without one) and the rest; nil for lines that are not a call.
    /// Quotes, brackets and braces are skipped over (structure fields are not
    /// arguments).
    static func arguments(of line: String) -> (call: String, arguments: [(name: String?, value: String)], tail: String)? {
        let chars = Array(line)
        guard !line.contains("+++ "), !line.contains("--- ") else { return nil }
        // `<... wait4 resumed>rest`: the arguments go on after the `>`.
        let resumed = line.range(of: " resumed>").map { chars.index(0, offsetBy: line.distance(from: line.startIndex, to: $0.upperBound)) - 1 }
        guard let open = resumed ?? chars.firstIndex(of: "(") else { return nil }
        var args: [(String?, String)] = []
        var current = "", depth = 0, inString = false, i = open + 1
        var end = chars.count
        scan: while i < chars.count {
            let c = chars[i]
            if inString {
                current.append(c)
                if c == "\\", i + 1 < chars.count { current.append(chars[i + 1]); i += 1 } else if c == "\"" { inString = false }
            } else {
                switch c {
                case "\"": inString = true; current.append(c)
                case "(", "[", "{": depth += 1; current.append(c)
                case ")" where depth == 0: end = i; break scan
                case ")", "]", "}": depth -= 1; current.append(c)
                case "," where depth == 0 && i + 1 < chars.count && chars[i + 1] == " ":
                    args.append(split(current)); current = ""; i += 1
                default: current.append(c)
                }
            }
            i += 1
        }
        if !current.isEmpty || !args.isEmpty { args.append(split(current)) }
        return (String(chars[...open].dropLast()), args, String(chars[end...]))
    }

    private static func split(_ argument: String) -> (String?, String) {
        let name = argument.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty, name.first!.isLetter || name.first == "_",
              argument.dropFirst(name.count).first == "=" else { return (nil, argument) }
        return (String(name), String(argument.dropFirst(name.count + 1)))
    }

    /// A line with the top-level `name=` prefixes removed and the result
    /// column's padding folded (names move it).
    static func withoutNames(_ line: String) -> String {
        // A cut line keeps the space strace leaves before ` <unfinished ...>`,
        // so that it joins its resumed half as the whole line reads.
        let cut = " <unfinished ...>"
        if line.hasSuffix(cut) {
            let head = String(line.dropLast(cut.count))
            let bare = withoutNames(head)
            return bare + (head.hasSuffix(" ") && !bare.hasSuffix(" ") ? " " : "") + cut
        }
        guard let parsed = arguments(of: line) else { return line }
        let text = parsed.call + String(line[line.index(line.startIndex, offsetBy: parsed.call.count)]) + parsed.arguments.map(\.value).joined(separator: ", ") + parsed.tail
        return text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// (a) With -N, every line reads as without it once the names are taken
    /// out; and each named argument carries the table's name for its position.
    @Test(arguments: ["decode_dumps", "decode_files_fds", "decode_network", "decode_process", "decode_signals", "arg_names"])
    func namesChangeNothingElse(fixture: String) throws {
        let program = [try TestSupport.fixture(fixture)]
        let work = TestSupport.temporaryDirectory() + "/work"
        func run(_ flags: [String]) throws -> [String] {
            // The same fresh working directory for both runs: some fixtures create files.
            _ = try TestSupport.run(["/bin/rm", "-rf", work])
            #expect(mkdir(work, 0o755) == 0)
            // -f: the pid column lets pids in results be normalised.
            return try Self.trace(["/usr/bin/env", "-C", work] + program, flags: ["-f"] + flags)
        }
        let plain = try run([]), named = try run(["-N"])
        Self.expectSameButNames(named, plain)
        var namedArguments = 0
        for line in named {
            guard let parsed = Self.arguments(of: line), let call = parsed.call.split(separator: " ").last, call != "clone",
                  let number = SyscallTable.number(of: String(call)) else { continue }
            let table = ArgumentNames.names(of: number, arch: .x86_64).map(\.description)
            for (i, argument) in parsed.arguments.enumerated() where i < table.count && !line.contains("resumed>") {
                #expect(argument.name == table[i], "\(line)")
                namedArguments += 1
            }
        }
        #expect(namedArguments > 10)
        // Without -N, no names (clone's own aside).
        #expect(!plain.contains { $0.hasPrefix("openat(dirfd=") || $0.hasPrefix("execve(pathname=") })
    }

    /// (a) Also on a program of this machine, from its first line.
    @Test func catReadsAsWithoutNames() throws {
        let plain = try Self.trace(["/bin/cat", "/etc/hostname"], flags: ["-f"])
        let named = try Self.trace(["/bin/cat", "/etc/hostname"], flags: ["-f", "--arg-names"])
        Self.expectSameButNames(named, plain)
        #expect(named.first?.drop { $0 != " " }.drop { $0 == " " }.hasPrefix("execve(pathname=\"/bin/cat\", argv=[\"/bin/cat\", \"/etc/hostname\"], envp=") == true)
    }

    /// (b) Lines whose names are strace's (tests/flock.c and tests/fchdir.c
    /// print `flock(fd=%d, op=LOCK_SH)` and `fchdir(fd=%d)` for the same bad
    /// descriptor; the others' names are those strace's decoders print).
    @Test func exactLines() throws {
        let lines = try Self.trace([try TestSupport.fixture("arg_names")], flags: ["-N"], marker: "MARK")
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        let expected = [
            "write(fd=-1, buf=\"MARK\", count=4) = -1 EBADF (Bad file descriptor)",
            "flock(fd=-1, op=LOCK_SH) = -1 EBADF (Bad file descriptor)",
            "fchdir(fd=-1) = -1 EBADF (Bad file descriptor)",
            "openat(dirfd=AT_FDCWD, pathname=\"/dev/null\", flags=O_RDONLY) = 3",
            "read(fd=3, buf=\"\", count=16) = 0",
            "close(fd=3) = 0",
            "mmap(addr=NULL, length=4096, prot=PROT_NONE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, offset=0) = 0x",
            "kill(pid=0, signum=0) = 0",
            "clone3(cl_args=NULL, size=0) = -1 EINVAL (Invalid argument)",
        ]
        #expect(lines.count >= expected.count)
        for (line, want) in zip(lines, expected) {
            #expect(want.hasSuffix("0x") ? line.hasPrefix(want) : line == want)
        }
        #expect(lines.contains("exit_group(status=0) = ?"))
    }

    /// (b) `-e raw=` names the arguments by position, as strace's printargs
    /// does (`arg1=`); an undecoded call by the table.
    @Test func rawAndUndecodedCalls() throws {
        let fixture = try TestSupport.fixture("arg_names")
        let raw = try Self.trace([fixture], flags: ["-N", "-e", "raw=flock", "-e", "trace=flock"])
        #expect(raw.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            == "flock(arg1=0xdeadbeefffffffff, arg2=0x1) = -1 EBADF (Bad file descriptor)")
        // sysfs is printed in hex (strace 6.1 does not decode it either).
        let sysfs = try Self.trace([fixture], flags: ["-N", "-e", "trace=sysfs"])
        #expect(sysfs.first?.hasPrefix("sysfs(option=0x3, fs_index=0x") == true)
    }

    /// (c) The table names most of the x86_64 syscalls that take arguments:
    /// 302 of 344 from manpages-dev 6.03. The rest are calls those pages lack
    /// (io_uring_*, the mount API, rseq, futex_waitv...), unimplemented ones
    /// (afs_syscall, tuxcall...) and wrappers whose arguments differ from the
    /// syscall's (ppoll, waitid, fchmodat...). 85% leaves room for a
    /// regenerated table to lose a few, not for a broken parser.
    @Test func tableCoverage() {
        var known = 0, named = 0
        for number in 0..<SyscallNames.x86_64.count where SyscallTable.argumentCount(of: number, arch: .x86_64) > 0
            && !SyscallNames.x86_64[number].description.isEmpty {
            let names = ArgumentNames.names(of: number, arch: .x86_64)
            known += 1
            if !names.isEmpty {
                named += 1
                #expect(names.count == SyscallTable.argumentCount(of: number, arch: .x86_64), "\(SyscallNames.x86_64[number])")
            }
        }
        #expect(known >= 340)
        #expect(Double(named) >= 0.85 * Double(known), "\(named) of \(known)")
        let samples: [String: [String]] = [
            "read": ["fd", "buf", "count"], "write": ["fd", "buf", "count"],
            "openat": ["dirfd", "pathname", "flags", "mode"],
            "mmap": ["addr", "length", "prot", "flags", "fd", "offset"],
            "flock": ["fd", "op"], "clone3": ["cl_args", "size"], "execve": ["pathname", "argv", "envp"],
            "newfstatat": ["dirfd", "pathname", "statbuf", "flags"], "wait4": ["pid", "status", "options", "usage"],
            "fcntl": ["fd", "op", "arg"], "exit_group": ["status"], "getcwd": ["buf", "size"],
        ]
        for (name, expected) in samples {
            let number = SyscallTable.number(of: name, arch: .x86_64)!
            #expect(ArgumentNames.names(of: number, arch: .x86_64).map(\.description) == expected, "\(name)")
        }
        // Other ABIs have no names.
        #expect(ArgumentNames.names(of: 3, arch: .i386).isEmpty)
    }

    /// (c) strace 6.16's warning with -c, which goes on tracing (exit status 0).
    @Test(arguments: [["-c", "-N"], ["--summary-only", "--arg-names"]])
    func summaryOnlyWarns(flags: [String]) throws {
        let result = try TestSupport.wiretap(flags + ["/bin/true"])
        #expect(result.exitCode == 0)
        #expect(result.stderr.hasPrefix("wiretap: -N/--arg-names has no effect with -c/--summary-only\n"))
        #expect(result.stderr.contains("% time"))
        // With -C (a trace and the summary) nothing to warn about.
        let both = try TestSupport.wiretap(["-C", "-N", "/bin/true"])
        #expect(!both.stderr.contains("has no effect"))
        #expect(both.stderr.contains("execve(pathname="))
    }

    /// --json records arguments without names.
    @Test func jsonIgnoresNames() throws {
        let result = try TestSupport.wiretap(["--json", "-N", "/bin/true"])
        #expect(result.exitCode == 0)
        #expect(!result.stderr.contains("fd=3") && !result.stdout.contains("pathname="))
    }
}
