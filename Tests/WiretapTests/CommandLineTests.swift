import Glibc
import Testing

/// The front door, against strace 6.1: the same argument vectors to both,
/// comparing the exit status, whether the command ran, and (for usage
/// errors) the message with the program's name swapped.
@Suite struct CommandLineTests {
    /// One argument vector; `CMD` stands for a command that leaves a marker file.
    static let vectors: [[String]] = [
        ["-j", "CMD"],
        ["--nonsense", "CMD"],
        ["--nonsense=3", "CMD"],
        ["--summ=3", "CMD"],
        ["--trac=openat", "CMD"],
        ["-s"],
        ["--string-limit"],
        ["-o"],
        [],
        ["-s100", "-o", "/dev/null", "CMD"],
        ["-o/dev/null", "CMD"],
        ["-etrace=openat", "-o", "/dev/null", "CMD"],
        ["-e", "trace=file", "-o", "/dev/null", "CMD"],
        ["-e", "trace=signal", "-o", "/dev/null", "CMD"],
        ["-e", "trace=network", "-o", "/dev/null", "CMD"],
        ["-fqqv", "-o", "/dev/null", "CMD"],
        ["-fs", "64", "-o", "/dev/null", "CMD"],
        ["--seccomp", "-e", "trace=openat", "-o", "/dev/null", "CMD"],
        ["--string-limit=10", "--output-separately", "-o", "/dev/null", "CMD"],
        ["--su", "CMD"],
        ["--summary-only=x", "CMD"],
        ["-s", "abc", "CMD"],
        ["-s", "1073741824", "CMD"],
        ["-a", "-1", "CMD"],
        ["-X", "foo", "CMD"],
        ["-e", "trace=bogus", "CMD"],
        ["-e", "trace=open,,close,", "-o", "/dev/null", "CMD"],
        ["-e", "trace=", "CMD"],
        ["-p", "x"],
        ["-p", "99999999"],
        ["-p", "99999999", "-o", "/dev/null", "CMD"],
        ["-o", "/dev/null", "--", "CMD"],
        // Every other option of strace 6.1, valid and not.
        ["-b", "execve", "-o", "/dev/null", "CMD"],
        ["-b", "open", "CMD"],
        ["--detach-on=execve", "-o", "/dev/null", "CMD"],
        ["-D", "-o", "/dev/null", "CMD"],
        ["-DD", "-o", "/dev/null", "CMD"],
        ["-DDD", "-o", "/dev/null", "CMD"],
        ["-DDDD", "CMD"],
        ["--daemonize=session", "-o", "/dev/null", "CMD"],
        ["--daemonize=bogus", "CMD"],
        ["-I1", "-o", "/dev/null", "CMD"],
        ["-I", "4", "-o", "/dev/null", "CMD"],
        ["-I", "5", "CMD"],
        ["--interruptible=never_tstp", "-o", "/dev/null", "CMD"],
        ["-i", "-n", "-o", "/dev/null", "CMD"],
        ["--instruction-pointer", "--syscall-number", "-o", "/dev/null", "CMD"],
        ["-Y", "-o", "/dev/null", "CMD"],
        ["--decode-pids=comm,pidns", "-o", "/dev/null", "CMD"],
        ["--decode-pids=bogus", "CMD"],
        ["-c", "-O", "10", "-o", "/dev/null", "CMD"],
        ["-c", "-O", "1ms", "-o", "/dev/null", "CMD"],
        ["-O", "x", "CMD"],
        ["-c", "-U", "calls,name,min-time,max-time", "-o", "/dev/null", "CMD"],
        ["-c", "-U", "bogus", "CMD"],
        ["-U", "calls", "CMD"],
        ["-c", "-S", "min-time", "-o", "/dev/null", "CMD"],
        ["-c", "-S", "avg-time", "-o", "/dev/null", "CMD"],
        ["--relative-timestamps=ms", "-o", "/dev/null", "CMD"],
        ["--relative-timestamps=xs", "CMD"],
        ["--syscall-times=ns", "-o", "/dev/null", "CMD"],
        ["--absolute-timestamps=format:unix,precision:ns", "-o", "/dev/null", "CMD"],
        ["--absolute-timestamps=bogus", "CMD"],
        ["--strings-in-hex=non-ascii-chars", "-o", "/dev/null", "CMD"],
        ["--strings-in-hex=bogus", "CMD"],
        ["-e", "abbrev=none", "-e", "verbose=!stat", "-e", "raw=read", "-o", "/dev/null", "CMD"],
        ["-e", "read=all", "-e", "write=1,2", "-o", "/dev/null", "CMD"],
        ["-e", "read=x", "CMD"],
        ["-e", "quiet=all", "-o", "/dev/null", "CMD"],
        ["-qqq", "-o", "/dev/null", "CMD"],
        ["--quiet=attach,exit", "-o", "/dev/null", "CMD"],
        ["-e", "quiet=bogus", "CMD"],
        ["-e", "kvm=vcpu", "-o", "/dev/null", "CMD"],
        ["-e", "decode-fds=all", "-o", "/dev/null", "CMD"],
        ["--decode-fds", "-o", "/dev/null", "CMD"],
        ["-y", "-e", "decode-fds=path", "CMD"],
        ["-e", "inject=openat:delay_enter=1:when=1", "-o", "/dev/null", "CMD"],
        ["-e", "inject=getpid:syscall=gettid:retval=1", "-o", "/dev/null", "CMD"],
        ["-e", "inject=write:poke_enter=@arg2=41", "-o", "/dev/null", "CMD"],
        ["-e", "trace=openat@64", "-o", "/dev/null", "CMD"],
        ["-e", "trace=openat@x", "CMD"],
        ["-d", "-o", "/dev/null", "CMD"],
        ["--tips", "-o", "/dev/null", "CMD"],
        ["-V"],
        ["-h"],
        ["-o", "/dev/null", "-V", "CMD"],
    ]

    /// Bad qualifier values: strace's message (and exit status 1), then
    /// ours adds where in the expression it goes wrong.
    @Test(arguments: ["trace=", "trace=,", "trace=!", "trace=bogus", "trace=open,bogus", "trace=%nosuch", "trace=open@x",
                      "signal=", "signal=,", "signal=SIGNOPE", "status=", "status=bogus", "quiet=", "quiet=foo",
                      "read=", "read=x", "read=-1", "write=1,y", "decode-fds=", "decode-fds=foo", "abbrev=", "verbose=nosuch",
                      "raw=,", "kvm=x", "nosuch=1"])
    func badExpressionsAreRefusedInStracesWords(expression: String) throws {
        let strace = try TestSupport.run(["/usr/bin/strace", "-e", expression, "/bin/true"])
        let wiretap = try TestSupport.wiretap(["-e", expression, "/bin/true"])
        #expect(strace.exitCode == 1 && wiretap.exitCode == 1, "\(wiretap.stderr)")
        let expected = "wiretap:" + (strace.stderr.split(separator: "\n").first ?? "").drop { $0 != ":" }.dropFirst()
        #expect(wiretap.stderr.hasPrefix(expected), "strace: \(strace.stderr)\nwiretap: \(wiretap.stderr)")
    }

    /// With -c, the options that only change trace lines are named in
    /// strace's warnings, in its order, and the run goes on.
    @Test(arguments: [["-c", "-T", "-y", "-r", "-t", "-n", "-i"], ["-c", "-e", "decode-fds=path"], ["-c", "--relative-timestamps=ms"],
                      ["-c", "--absolute-timestamps=none"], ["-c", "-tt", "-yy"], ["-C", "-i"], ["-c", "-x", "-v", "-s5"]])
    func summaryOnlyWarnsAboutLineOptionsAsStrace(flags: [String]) throws {
        let strace = try TestSupport.run(["/usr/bin/strace"] + flags + ["-o", "/dev/null", "/bin/true"])
        let wiretap = try TestSupport.wiretap(flags + ["-o", "/dev/null", "/bin/true"])
        #expect(wiretap.exitCode == 0 && strace.exitCode == 0)
        #expect(wiretap.stderr.replacingOccurrences(of: "wiretap:", with: "strace:") == strace.stderr.replacingOccurrences(of: "/usr/bin/strace:", with: "strace:"))
    }

    /// A bad value is named as it was typed (`--string-limit` or `-s`), and
    /// the first bad one is the error, as strace checks each in turn.
    @Test(arguments: [["--interruptible=5"], ["--summary-syscall-overhead=x"], ["--string-limit=x"], ["--columns=x"],
                      ["--const-print-style=x"], ["-X", "x"], ["--string-limit=x", "-s", "y"], ["-s", "5", "-s", "x"],
                      ["-a", "x", "-a", "3"], ["-O", "1", "-O", "x"], ["-I", "5", "-I", "1"]])
    func badValuesAreNamedAsTyped(flags: [String]) throws {
        let strace = try TestSupport.run(["/usr/bin/strace"] + flags + ["/bin/true"])
        let wiretap = try TestSupport.wiretap(flags + ["/bin/true"])
        #expect(wiretap.exitCode == 1 && strace.exitCode == 1)
        #expect(wiretap.stderr.replacingOccurrences(of: "wiretap:", with: "strace:").replacingOccurrences(of: "'wiretap -h'", with: "'strace -h'")
                    == strace.stderr.replacingOccurrences(of: "/usr/bin/strace", with: "strace"))
    }

    struct Outcome: Equatable, CustomStringConvertible {
        var exitCode: CInt?
        var ran: Bool
        var description: String { "exit \(exitCode.map(String.init) ?? "signal"), command \(ran ? "ran" : "did not run")" }
    }

    static func run(_ tool: String, _ vector: [String]) throws -> (Outcome, String) {
        let dir = TestSupport.temporaryDirectory()
        let marker = dir + "/ran"
        var argv: [String] = []
        for item in vector {
            // The output goes into the test's directory: `-ff -o /dev/null` would create /dev/null.PID.
            if item == "CMD" { argv += ["/bin/sh", "-c", "echo > \(marker)"] } else { argv.append(item.replacing("/dev/null", with: dir + "/trace")) }
        }
        let result = try TestSupport.run([tool] + argv, timeout: 30)
        var info = stat()
        return (Outcome(exitCode: result.exitCode, ran: lstat(marker, &info) == 0), result.stderr)
    }

    @Test(arguments: vectors)
    func sameOutcomeAsStrace(vector: [String]) throws {
        let (strace, straceErrors) = try Self.run("/usr/bin/strace", vector)
        let (wiretap, wiretapErrors) = try Self.run(TestSupport.wiretap, vector)
        // strace 6.1 has no long option of that name (ours is --json...); it still refuses it the same way.
        #expect(wiretap == strace, "\(vector): strace \(strace), wiretap \(wiretap)\nstrace: \(straceErrors)\nwiretap: \(wiretapErrors)")
        // getopt's own messages, word for word.
        let straceFirst = straceErrors.split(separator: "\n").first.map(String.init) ?? ""
        if strace.exitCode != 0 && straceFirst.contains("option") {
            // getopt names the program as argv[0] (`/usr/bin/strace: ...`); an
            // ambiguous option's candidates are each tool's own options.
            var expected = "wiretap:" + straceFirst.drop { $0 != ":" }.dropFirst()
            if let cut = expected.range(of: "; possibilities:") { expected = String(expected[..<cut.upperBound]) } else { expected += "\n" }
            #expect(wiretapErrors.hasPrefix(expected), "\(vector): expected \(expected)\ngot: \(wiretapErrors)")
            #expect(wiretapErrors.contains("Try 'wiretap -h' for more information."))
        }
    }

    /// A `retval=` a tracee could take for an error, or that a 32-bit tracee
    /// sees clipped: strace's warning, word for word.
    @Test(arguments: ["-1", "18446744073709551615", "4294967295", "4294967196", "0x100000001", "4095", "0"])
    func injectedReturnValueWarningsMatchStrace(value: String) throws {
        let argv = ["-e", "inject=write:retval=\(value)", "-e", "trace=none", "/bin/true"]
        let strace = try TestSupport.run(["/usr/bin/strace"] + argv).stderr
        let wiretap = try TestSupport.run([TestSupport.wiretap] + argv).stderr
        let theirs = strace.split(separator: "\n").filter { $0.hasPrefix("/usr/bin/strace: ") }.map { $0.dropFirst(17) }
        let ours = wiretap.split(separator: "\n").filter { $0.hasPrefix("wiretap: ") }.map { $0.dropFirst(9) }
        #expect(ours == theirs)
        if value == "-1" { #expect(theirs.count == 1) }
    }

    /// `-v` prints argv and the environment whole, however many entries (-s
    /// limits each string, not the count), as strace does.
    @Test func verboseShowsTheWholeEnvironment() throws {
        let environment = (1...40).map { "VARIABLE\($0)=value\($0)" }
        let arguments = ["-v", "-s", "5", "-e", "trace=execve", "/bin/echo", "a", "b", "c", "d", "e", "f", "g"]
        let strace = try TestSupport.run(["/usr/bin/strace"] + arguments, environment: environment)
        let wiretap = try TestSupport.run([TestSupport.wiretap] + arguments, environment: environment)
        let expected = strace.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(expected.contains("\"VARIA\"..., \"VARIA\"...]"), "strace: \(expected)")
        #expect(wiretap.stderr.split(separator: "\n").first.map(String.init) == expected, "wiretap: \(wiretap.stderr)")
    }

    @Test func versionNamesTheBuildAndItsFeatures() throws {
        let result = try TestSupport.wiretap(["-V"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("wiretap -- version "), "\(result.stdout)")
        #expect(result.stdout.contains("Optional features enabled: json"), "\(result.stdout)")
        let long = try TestSupport.wiretap(["--version"])
        #expect(long.stdout == result.stdout)
    }

    @Test func helpCoversEveryOptionAndTheSubcommandsHaveTheirs() throws {
        let help = try TestSupport.wiretap(["--help"])
        #expect(help.exitCode == 0)
        // Every option the parser knows, from its own description.
        let dump = try TestSupport.traceOptionsDump()
        var names = 0
        for name in dump.matches(of: /"kind" : "(short|long)",\s*"name" : "([^"]+)"/) {
            let option = (name.output.1 == "short" ? "-" : "--") + name.output.2
            names += 1
            #expect(help.stdout.contains(" " + option + " ") || help.stdout.contains(" " + option + ",") || help.stdout.contains(" " + option + "=")
                        || help.stdout.contains(" " + option + "[") || help.stdout.contains(" " + option + "\n"), "--help lacks \(option)")
        }
        #expect(names > 60)
        // And every option of strace 6.1's own help.
        let strace = try TestSupport.run(["/usr/bin/strace", "-h"])
        let straceOptions = strace.stdout.matches(of: /(?:^|[ \[])(--?[a-zA-Z][a-z0-9-]*)/.anchorsMatchLineEndings())
        #expect(Set(straceOptions.map { String($0.output.1) }).count > 50)
        for match in straceOptions {
            #expect(help.stdout.contains(String(match.output.1)), "--help lacks strace's \(match.output.1)")
        }
        #expect(try TestSupport.wiretap(["-h"]).stdout == help.stdout)
        for sub in ["files", "undo"] {
            let result = try TestSupport.wiretap([sub, "--help"])
            #expect(result.exitCode == 0 && result.stdout.contains("USAGE: wiretap \(sub)"), "\(sub) --help: \(result.stdout) \(result.stderr)")
            // A usage error points at the subcommand's own help.
            let wrong = try TestSupport.wiretap([sub, "--no-such-option", "x"])
            #expect(wrong.exitCode != 0 && wrong.stderr.contains("See 'wiretap \(sub) --help'"), "\(wrong.stderr)")
        }
    }

    /// The manual page names every option the parser knows, and renders.
    @Test func manualPageCoversEveryOption() throws {
        let page = TestSupport.readFile(TestSupport.fixtureSources + "/../../../doc/wiretap.1")
        #expect(page.hasPrefix(".TH WIRETAP 1"), "doc/wiretap.1 missing")
        let dump = try TestSupport.traceOptionsDump()
        for name in dump.matches(of: /"kind" : "(short|long)",\s*"name" : "([^"]+)"/) {
            let option = (name.output.1 == "short" ? "\\-" : "\\-\\-") + name.output.2.replacingOccurrences(of: "-", with: "\\-")
            #expect(page.contains(".B " + option) || page.contains(".BR " + option) || page.contains(", " + option)
                        || page.contains(" " + option + " ") || page.contains(option + "\n") || page.contains(" " + option + "="), "the manual page lacks \(option)")
        }
        for sub in ["files", "tree", "undo"] {
            #expect(page.contains(".SH WIRETAP \(sub.uppercased())"), "no section for \(sub)")
        }
        if access("/usr/bin/groff", X_OK) == 0 {
            let rendered = try TestSupport.run(["/usr/bin/groff", "-man", "-Tutf8", "-ww", TestSupport.fixtureSources + "/../../../doc/wiretap.1"])
            #expect(rendered.exitCode == 0 && rendered.stderr.isEmpty && rendered.stdout.contains("wiretap undo"), "groff: \(rendered.stderr)")
        }
    }

    @Test func stackTracesAreAnOptionNotTakenForTheCommand() throws {
        let result = try TestSupport.wiretap(["-k", "-e", "trace=exit_group", "/bin/true"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("exit_group(0)"), "\(result.stderr)")
        #expect(!result.stderr.contains("Can't stat"))
    }

    @Test func unknownUserIsStracesError() throws {
        let result = try TestSupport.wiretap(["-u", "nosuchuser-wiretap", "/bin/true"])
        let strace = try TestSupport.run(["/usr/bin/strace", "-u", "nosuchuser-wiretap", "/bin/true"])
        #expect(result.exitCode == strace.exitCode && result.signal == nil, "\(result.stderr)")
        #expect(result.stderr.contains("Cannot find user 'nosuchuser-wiretap'"), "\(result.stderr)")
    }

    /// --tips takes what strace 6.1 takes (compared value by value) and
    /// prints a tip, in a bubble, on stderr after the trace.
    @Test(arguments: ["", "=3", "=id:3", "=random", "=compact", "=full", "=none", "=id:random,format:full", "=foo",
                      "=id:-1", "=format:bad", "=id:x", "=3,full", "=full,3", "=,"])
    func tipsAcceptWhatStraceAccepts(value: String) throws {
        let wiretap = try TestSupport.wiretap(["-o", "/dev/null", "--tips" + value, "/bin/true"])
        let strace = try TestSupport.run(["/usr/bin/strace", "-o", "/dev/null", "--tips" + value, "/bin/true"])
        #expect(wiretap.exitCode == strace.exitCode, "\(wiretap.stderr)")
        #expect(wiretap.stderr.isEmpty == strace.stderr.isEmpty, "\(wiretap.stderr)")
        if wiretap.exitCode == 0 && !wiretap.stderr.isEmpty {
            let lines = wiretap.stderr.split(separator: "\n")
            #expect(lines.first?.hasPrefix("  ______") == true && lines.contains { $0.hasPrefix(" \\______") }, "\(wiretap.stderr)")
        }
        if wiretap.exitCode != 0 {
            #expect(wiretap.stderr.hasPrefix("wiretap: invalid --tips argument: '\(value.dropFirst())'"), "\(wiretap.stderr)")
        }
    }

    /// The bash completion script completes the trace options and those of
    /// `files` and `undo` (driven as bash's programmable completion does);
    /// the zsh and fish scripts name the subcommands' options too.
    @Test func shellCompletionsCoverTheSubcommands() throws {
        let directory = TestSupport.temporaryDirectory()
        let bash = try TestSupport.wiretap(["--generate-completion-script", "bash"])
        #expect(bash.exitCode == 0)
        let script = directory + "/wiretap.bash"
        try bash.stdout.write(toFile: script)
        let harness = directory + "/complete.sh"
        try """
            shopt -s extglob
            source "$1"
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                _wiretap wiretap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                echo "${COMPREPLY[*]}"
            }
            complete_line "wiretap files --sn"
            complete_line "wiretap undo --dr"
            complete_line "wiretap --follow"
            complete_line "wiretap --summary-c"
            """.write(toFile: harness)
        let result = try TestSupport.run(["/bin/bash", harness, script])
        #expect(result.stdout == "--snapshot\n--dry-run\n--follow-forks\n--summary-columns\n", "\(result.stdout) \(result.stderr)")
        for shell in ["zsh", "fish"] {
            let generated = try TestSupport.wiretap(["--generate-completion-script", shell])
            #expect(generated.exitCode == 0 && generated.stdout.contains("snapshot") && generated.stdout.contains("dry-run")
                        && generated.stdout.contains("follow-forks"), "\(shell)")
        }
    }
}

fileprivate extension String {
    /// Writes the string to a new file at `path` (truncating it).
    func write(toFile path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestSupport.TestFailure("cannot create \(path)") }
        defer { close(fd) }
        var copy = self
        let written = copy.withUTF8 { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == utf8.count else { throw TestSupport.TestFailure("cannot write \(path)") }
    }
}
