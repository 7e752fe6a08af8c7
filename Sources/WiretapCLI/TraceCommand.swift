import CWiretapCLI
import ArgumentParser
import CWiretap
import Glibc
import SystemPackage
import Wiretap

/// `wiretap [strace options] [-p PID]... [--] CMD [ARGS...]`
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretap",
        abstract: "Trace the system calls and signals of a command or of running processes.",
        usage: "wiretap [<options>] [-p PID]... [--] [CMD [ARGS...]]",
        discussion: "Output goes to stderr (or -o FILE), one line per system call, like strace.")

    /// The short and long options that take a value (getopt's `x:`): the
    /// `@Option`s below. `RawArguments` splits the command line with them;
    /// a test checks them against the parser's own description of the options.
    static let shortOptionsWithValue: Set<UInt8> = Set("opesauXPSEbIOU".utf8)
    static let longOptionsWithValue: Set<String> = ["output", "attach", "string-limit", "columns", "user", "const-print-style",
                                                    "trace-path", "summary-sort-by", "stop-wait", "env", "detach-on", "interruptible",
                                                    "summary-syscall-overhead", "summary-columns", "decode-pids", "syscall-limit", "argv0", "trace-fds",
                                                    "stack-trace-frame-limit", "timeline"]
    /// Long options that are spelled `-e NAME=VALUE` too: rewritten to that
    /// before parsing, so that -e and the long form are one code path.
    static let qualifierLongOptions: Set<String> = ["trace", "signal", "status", "abbrev", "verbose", "raw", "read", "write", "kvm", "inject", "fault"]
    /// getopt's `optional_argument`: a value only after `=`. `--quiet` and
    /// `--decode-fds` alone are -q and -y, with a value -e quiet= and -e
    /// decode-fds=; the others are `@Option`s that read "" as "no value".
    static let longOptionsWithOptionalValue: Set<String> = ["quiet", "decode-fds", "relative-timestamps", "syscall-times", "absolute-timestamps",
                                                            "strings-in-hex", "daemonize", "tips", "color", "stack-trace", "stack-traces"]

    /// The per-line options whose values `LineOptions` checks (from the raw options, in order).
    static let lineOptionsWithValue: Set<String> = ["relative-timestamps", "syscall-times", "absolute-timestamps", "strings-in-hex", "decode-pids", "color"]

    /// The options without a value (getopt's plain letters); checked against
    /// the parser's own description of the options by a test. `-h`, `-V`
    /// are handled before parsing.
    static let shortFlags: Set<UInt8> = Set("fqvxzZycCwtrTADdinYNk".utf8)
    static let longFlags: Set<String> = ["follow-forks", "output-separately", "output-append-mode", "no-abbrev", "successful-only", "failed-only", "json", "summary-only", "summary",
                                         "summary-wall-clock", "seccomp-bpf", "instruction-pointer", "syscall-number", "debug", "arg-names",
                                         "always-show-pid", "kill-on-exit", "tree"]

    /// The options as swift-argument-parser takes them: qualifier long
    /// options as `-e NAME=VALUE`, optional values made explicit.
    static func parserArguments(_ split: RawArguments) -> [String] {
        var result: [String] = []
        for option in split.options {
            guard option.name.hasPrefix("--") else {
                result.append(option.name)
                if let value = option.value { result.append(String(decoding: value, as: UTF8.self)) }
                continue
            }
            let name = String(option.name.dropFirst(2))
            let value = option.value.map { String(decoding: $0, as: UTF8.self) }
            switch (name, value) {
            case ("quiet", nil): result.append("-q")
            case ("decode-fds", nil): result.append("-y")
            case (_, let value?) where qualifierLongOptions.contains(name) || name == "quiet" || name == "decode-fds":
                result += ["-e", name + "=" + value]
            case (_, nil) where longOptionsWithOptionalValue.contains(name):
                result += [option.name, ""]  // the parser refuses `--name=`; `.unconditional` takes "" as a value
            case (_, ""?) where lineOptionsWithValue.contains(name):
                result += [option.name, ""]  // `--name=`: LineOptions refuses the empty value in strace's words
            case (_, let value?):
                result.append(option.name + "=" + value)  // also refuses a value given to a flag
            case (_, nil):
                result.append(option.name)
            }
        }
        return result
    }

    /// `wiretap [options] [--] CMD...`: options up to the first argument that
    /// is not one go to the parser; the command, and -E values, stay bytes.
    static func start(_ arguments: [[UInt8]]) -> Never {
        // swift-argument-parser's own tools: the options as JSON, shell completions.
        if let first = arguments.first, first == Array("--experimental-dump-help".utf8) {
            TraceCommand.main(arguments.map { String(decoding: $0, as: UTF8.self) })
        }
        if let first = arguments.first, first.starts(with: "--generate-completion-script".utf8) {
            CompletionScript.main(arguments.map { String(decoding: $0, as: UTF8.self) })
        }
        let split = RawArguments(arguments, shortWithValue: shortOptionsWithValue, longWithValue: longOptionsWithValue.union(qualifierLongOptions),
                                 shortFlags: shortFlags.union(Set("hV".utf8)), longFlags: longFlags.union(["help", "version"]),
                                 longOptionalValue: longOptionsWithOptionalValue)
        // getopt acts on options in order: the first of these wins over anything after it.
        for option in split.options {
            switch option.name {
            case "-h", "--help":
                if split.problem == nil {
                    var text = Help.text
                    text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
                    Glibc.exit(0)
                }
            case "-V", "--version":
                if split.problem == nil { printVersion() }
            default:
                continue
            }
        }
        if let problem = split.problem { usageError(problem) }
        if let problem = firstInvalidValue(split.options) {
            guard let value = problem.value else {
                note(problem.option)  // a fatal message, as strace's error_msg_and_die: no hint
                Glibc.exit(1)
            }
            refuse(problem.option, value)
        }
        do {
            let parsed = try TraceCommand.parse(parserArguments(split))
            try parsed.trace(command: split.command, environmentChanges: split.values(of: ["-E", "--env"]), options: split.options,
                             argv0: split.values(of: ["--argv0"]).last)
        } catch let exit as CleanExit {
            TraceCommand.exit(withError: exit)
        } catch {
            usageError(spelledAsTyped(TraceCommand.message(for: error), split.options))
        }
        Glibc.exit(0)
    }

    /// The long names of the short options whose errors strace words with
    /// the spelling the user typed (`invalid --string-limit argument: 'x'`).
    static let longSpellings = ["-s": "--string-limit", "-a": "--columns", "-X": "--const-print-style", "-I": "--interruptible",
                                "-O": "--summary-syscall-overhead"]

    /// strace checks each of these values as getopt hands it over: the
    /// first bad one is the error, even if a later one is good. A problem
    /// without a value is a message of its own (a third -k).
    static func firstInvalidValue(_ options: [RawArguments.Option]) -> (option: String, value: String?)? {
        var stackTraceMode = StackTraceMode.off
        for option in options {
            guard let mode = stackTraceMode.after(option) else { return ("Too many -k options", nil) }
            stackTraceMode = mode
            guard let bytes = option.value else { continue }
            let value = String(decoding: bytes, as: UTF8.self)
            let valid: Bool
            switch option.name {
            case "-s", "--string-limit": valid = Int(value).map { (0...1_073_741_823).contains($0) } ?? false
            case "-a", "--columns": valid = Int(value).map { (0...Int(Int32.max)).contains($0) } ?? false
            case "-X", "--const-print-style": valid = StraceFormat.ConstantStyle(rawValue: value) != nil
            case "-O", "--summary-syscall-overhead": valid = SyscallSummary.parseDuration(value) != nil
            case "-I", "--interruptible": valid = interruptMode(value) != nil
            case "--stack-trace", "--stack-traces": valid = value == "symbol" || value == "source"
            case "--stack-trace-frame-limit": valid = Int(value).map { (1...1_073_741_823).contains($0) } ?? false
            default: continue
            }
            if !valid { return (option.name, value) }
        }
        return nil
    }

    /// `short`, or its long name if that is how it was given last.
    static func spelling(_ short: String, _ options: [RawArguments.Option]) -> String {
        guard let long = longSpellings[short],
              let last = options.last(where: { $0.name == short || $0.name == long }) else { return short }
        return last.name
    }

    /// `message` with an `invalid -X argument` named as the option was typed.
    static func spelledAsTyped(_ message: String, _ options: [RawArguments.Option]) -> String {
        for short in longSpellings.keys where message.hasPrefix("invalid \(short) argument:") {
            return "invalid " + spelling(short, options) + message.dropFirst("invalid \(short)".count)
        }
        return message
    }

    /// A usage error as strace reports one: `wiretap: MESSAGE`, the hint, exit status 1.
    static func usageError(_ message: String) -> Never {
        note(message)
        let hint = "Try 'wiretap -h' for more information.\n"
        _ = hint.withCString { write(2, $0, strlen($0)) }
        Glibc.exit(1)
    }

    /// `-V`: the version and the optional features built in, in strace's layout.
    static func printVersion() -> Never {
        let text = "wiretap -- version \(WiretapVersion.version)\n"
            + "Command line and output compatible with strace 6.1.\n"
            + "Optional features enabled: \(WiretapVersion.features.joined(separator: " "))\n"
        _ = text.withCString { write(1, $0, strlen($0)) }
        Glibc.exit(0)
    }

    @Flag(name: [.customShort("f"), .customLong("follow-forks")], help: "Follow forks, vforks and threads (-ff with -o: one FILE.PID per task).")
    var follow: Int

    @Flag(name: .customLong("output-separately"), help: "With -o FILE: write each task's trace to FILE.PID.")
    var outputSeparately = false

    @Flag(name: [.customShort("A"), .customLong("output-append-mode")], help: "Append to the -o file instead of truncating it.")
    var appendOutput = false

    @Option(name: [.customShort("o"), .customLong("output")], parsing: .unconditional, help: "Write the trace to FILE instead of stderr.")
    var outputFile: String?

    @Option(name: [.customShort("p"), .customLong("attach")], parsing: .unconditionalSingleValue, help: "Attach to process PID (repeatable; a comma-separated list works too).")
    var attachPIDs: [String] = []

    @Flag(name: .customShort("q"), help: "Suppress messages about attaching and detaching (-qq: exits too).")
    var quiet: Int

    @Option(name: .customShort("e"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Qualify: trace=SET, signal=SET, status=SET; a bare SET means trace=SET.",
                                                        valueName: "EXPR"))
    var expressions: [String] = []

    /// `-ff -o FILE` or `--output-separately -o FILE`: one FILE.PID per task.
    var separateOutputs: Bool { (follow >= 2 || outputSeparately) && outputFile != nil }

    @Option(name: [.customShort("s"), .customLong("string-limit")], parsing: .unconditional, help: ArgumentHelp(
        "Print at most N bytes of each string (default 32; at most 1073741823, as strace).", valueName: "N"))
    var stringLimitText = "32"

    /// -s: 0 to 1073741823 (strace's bound, -1U / 4).
    var stringLimit: Int { Int(stringLimitText).flatMap { (0...1_073_741_823).contains($0) ? $0 : nil } ?? -1 }

    @Flag(name: [.customShort("v"), .customLong("no-abbrev")], help: "Print structures and environments in full.")
    var verbose = false

    @Flag(name: .customShort("x"), help: "Print non-ASCII strings in hex (-xx: all strings).")
    var hexStrings: Int

    @Option(name: [.customShort("a"), .customLong("columns")], parsing: .unconditional, help: ArgumentHelp(
        "Align results at column N (default 40; columns past 4096 pad as 4096).", valueName: "N"))
    var alignColumnText = "40"

    /// -a: 0 to INT_MAX, as strace.
    var alignColumn: Int { Int(alignColumnText).flatMap { (0...Int(Int32.max)).contains($0) ? $0 : nil } ?? -1 }

    @Flag(name: [.customShort("z"), .customLong("successful-only")], help: "Print only syscalls that succeeded.")
    var successfulOnly = false

    @Flag(name: [.customShort("Z"), .customLong("failed-only")], help: "Print only syscalls that failed.")
    var failedOnly = false

    @Option(name: [.customShort("u"), .customLong("user")], parsing: .unconditional, help: "Run the command as USER (name or uid), with its groups.")
    var user: String?

    @Option(name: [.customShort("X"), .customLong("const-print-style")], parsing: .unconditional, help: "Print constants as names (abbrev), numbers (raw) or both (verbose).")
    var constantStyle: String = "abbrev"

    @Option(name: [.customShort("P"), .customLong("trace-path")], parsing: .unconditionalSingleValue, help: "Trace only syscalls accessing PATH (repeatable).")
    var tracePaths: [String] = []

    @Flag(help: "Write JSON Lines, one object per event (schema in the README), instead of strace text.")
    var json = false

    @Option(name: .customLong("timeline"), parsing: .unconditional, help: ArgumentHelp(
        "Also write a Perfetto trace (ui.perfetto.dev) to FILE: process and thread tracks, syscall slices, signals, fork flows.",
        valueName: "FILE"))
    var timelineFile: String?

    @Flag(name: .customShort("y"), help: "Print the paths of file descriptors (-yy: also socket protocols and endpoints, and device numbers).")
    var decodeDescriptors: Int

    @Flag(name: [.customShort("c"), .customLong("summary-only")], help: "Count calls, errors and time per syscall; print only the table.")
    var summaryOnly = false

    @Flag(name: [.customShort("C"), .customLong("summary")], help: "Like -c, but print the trace too.")
    var summaryToo = false

    @Flag(name: [.customShort("w"), .customLong("summary-wall-clock")], help: "In the summary, count wall time from entry to exit instead of system time.")
    var summaryWallClock = false

    @Option(name: [.customShort("S"), .customLong("summary-sort-by")], parsing: .unconditional, help: "Sort the summary by time, calls, errors, name or nothing.")
    var summarySort: String?

    @Flag(name: .customLong("seccomp-bpf"), help: "Stop only at the traced syscalls, with a seccomp-bpf filter (implies -f; not with -p).")
    var seccompBPF = false

    @Option(name: .customLong("stop-wait"), parsing: .unconditional, help: ArgumentHelp(
        "How to wait for the next stop: poll (the default: poll briefly before sleeping, measured against sleeping as it goes, the faster kept) or block (sleep at every stop: least CPU).",
        valueName: "poll|block"))
    var stopWait: StopWait = .poll

    enum StopWait: String, ExpressibleByArgument, CaseIterable {
        case poll, block
    }

    @Flag(name: .customShort("t"), help: "Prefix lines with the time of day (-tt: with microseconds, -ttt: seconds since the epoch).")
    var timestamps: Int

    @Flag(name: .customShort("r"), help: "Prefix lines with the time since the previous one.")
    var relativeTimestamps = false

    @Flag(name: .customShort("T"), help: "Show the time spent in each syscall.")
    var syscallTimes = false

    // MARK: Timestamps and string style with a value (getopt optional_argument: "" means given alone)

    @Option(name: .customLong("relative-timestamps"), parsing: .unconditional, help: ArgumentHelp("-r with a precision: s, ms, us (default) or ns.", valueName: "PRECISION"))
    var relativeTimestampsSpec: String?

    @Option(name: .customLong("syscall-times"), parsing: .unconditional, help: ArgumentHelp("-T with a precision: s, ms, us (default) or ns.", valueName: "PRECISION"))
    var syscallTimesSpec: String?

    @Option(name: .customLong("absolute-timestamps"), parsing: .unconditional, help: ArgumentHelp(
        "Absolute timestamps: [format:]none|time|unix, [precision:]s|ms|us|ns (alone: -t).", valueName: "FORMAT,PRECISION"))
    var absoluteTimestampsSpec: String?

    @Option(name: .customLong("strings-in-hex"), parsing: .unconditional, help: ArgumentHelp(
        "none, non-ascii-chars (hex escapes), non-ascii (-x) or all (-xx, the default alone).", valueName: "WHICH"))
    var stringsInHexSpec: String?

    // MARK: Tracing

    @Option(name: [.customShort("b"), .customLong("detach-on")], parsing: .unconditional, help: ArgumentHelp("Detach from a task when it calls SYSCALL (only execve).", valueName: "SYSCALL"))
    var detachOn: String?

    @Flag(name: .customShort("D"), help: "Run the tracer as a grandchild of the command's parent (-DD: in its own process group, -DDD: in its own session).")
    var daemonizeCount: Int

    @Option(name: .customLong("daemonize"), parsing: .unconditional, help: ArgumentHelp("grandchild (the default alone), pgroup or session: as -D, -DD, -DDD.", valueName: "HOW"))
    var daemonizeSpec: String?

    @Option(name: [.customShort("I"), .customLong("interruptible")], parsing: .unconditional, help: ArgumentHelp(
        "Which signals wiretap blocks: 1/anywhere, 2/waiting, 3/never, 4/never_tstp.", valueName: "N"))
    var interruptible: String?

    // MARK: Output format

    @Flag(name: [.customShort("i"), .customLong("instruction-pointer")], help: "Print the instruction pointer at each syscall.")
    var instructionPointer = false

    @Flag(name: .customShort("k"), help: "Print the stack trace of each syscall and signal (-kk: with source lines).")
    var stackTraceCount: Int

    @Option(name: [.customLong("stack-trace"), .customLong("stack-traces")], parsing: .unconditional, help: ArgumentHelp(
        "symbol (alone: -k) or source (-kk).", valueName: "WHAT"))
    var stackTraceSpec: String?

    @Option(name: .customLong("stack-trace-frame-limit"), parsing: .unconditional, help: ArgumentHelp(
        "Unwind at most N frames of each stack (default 256).", valueName: "N"))
    var stackTraceFrameLimitText: String?

    /// -k, -kk, `--stack-trace[=symbol|source]`, in command-line order
    /// (`start` has refused a third -k and bad values).
    static func stackTraceMode(_ options: [RawArguments.Option]) -> StackTraceMode {
        options.reduce(StackTraceMode.off) { mode, option in mode.after(option) ?? .source }
    }

    enum StackTraceMode {
        case off, symbols, source

        /// The mode once `option` is read; nil for a third -k (strace 6.7:
        /// -k, -kk, and no more).
        func after(_ option: RawArguments.Option) -> StackTraceMode? {
            switch option.name {
            case "-k": self == .source ? nil : self == .off ? .symbols : .source
            case "--stack-trace", "--stack-traces": option.value == Array("source".utf8) ? .source : .symbols
            default: self
            }
        }
    }

    @Flag(name: [.customShort("n"), .customLong("syscall-number")], help: "Print the syscall number.")
    var syscallNumber = false

    @Flag(name: .customShort("Y"), help: "Print the command name of each PID (--decode-pids=comm).")
    var decodePidsComm = false

    @Option(name: .customLong("decode-pids"), parsing: .unconditionalSingleValue, help: ArgumentHelp("comm (command names) and/or pidns (PIDs in wiretap's namespace).", valueName: "WHAT"))
    var decodePids: [String] = []

    @Flag(name: [.customShort("N"), .customLong("arg-names")], help: "Print the name of each syscall argument.")
    var argNames = false

    @Flag(name: .customLong("always-show-pid"), help: "Prefix every line with the PID, even with a single task.")
    var alwaysShowPID = false

    @Option(name: .customLong("color"), parsing: .unconditional, help: ArgumentHelp("Color the output: auto (a terminal, without NO_COLOR), always (the default alone) or never.", valueName: "WHEN"))
    var colorSpec: String?

    // MARK: Statistics

    @Option(name: [.customShort("O"), .customLong("summary-syscall-overhead")], parsing: .unconditional, help: ArgumentHelp(
        "Subtract OVERHEAD from each syscall's time in the summary (unit s, ms, us (default) or ns).", valueName: "OVERHEAD"))
    var overhead: String?

    @Option(name: [.customShort("U"), .customLong("summary-columns")], parsing: .unconditional, help: ArgumentHelp(
        "The summary's columns: time-percent, total-time, min-time, max-time, avg-time, calls, errors, name, and wall-total, wall-min, wall-max, wall-avg.",
        valueName: "COLUMNS"))
    var summaryColumns: String?

    // MARK: Tampering and limits

    @Option(name: .customLong("syscall-limit"), parsing: .unconditional, help: ArgumentHelp("Detach after N traced syscalls.", valueName: "N"))
    var syscallLimit: String?

    @Flag(name: .customLong("kill-on-exit"), help: "Kill the traced processes when wiretap exits.")
    var killOnExit = false

    @Flag(name: .customLong("tree"), help: "At the end, print the process tree: argv, cwd, wall and CPU time, syscalls, exit status; failures marked.")
    var tree = false

    @Option(name: .customLong("argv0"), parsing: .unconditional, help: ArgumentHelp("Run the command with NAME as its argv[0].", valueName: "NAME"))
    var argv0: String?

    @Option(name: .customLong("trace-fds"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Trace only syscalls using these descriptors.", valueName: "SET"))
    var traceFDs: [String] = []

    // MARK: Miscellaneous

    @Flag(name: [.customShort("d"), .customLong("debug")], help: "Print wiretap's own debug messages to stderr.")
    var debug: Int

    @Option(name: .customLong("tips"), parsing: .unconditional, help: ArgumentHelp("Print a tip at exit: [id:]N|random, [format:]none|compact|full.", valueName: "ID,FORMAT"))
    var tipsSpec: String?

    @Option(name: [.customShort("E"), .customLong("env")], parsing: .unconditionalSingleValue, help: ArgumentHelp("Set VAR=VAL, or remove VAR, in the command's environment.",
                                                                              valueName: "VAR[=VAL]"))
    var environmentChanges: [String] = []

    mutating func validate() throws {
        if seccompBPF && !attachPIDs.isEmpty {
            throw ValidationError("--seccomp-bpf is not enabled for processes attached with -p")
        }
        if StraceFormat.ConstantStyle(rawValue: constantStyle) == nil {
            throw ValidationError("invalid -X argument: '\(constantStyle)'")
        }
        if let summarySort, SyscallSummary.SortKey(parsing: summarySort) == nil {
            throw ValidationError("invalid sortby: '\(summarySort)'")
        }
        if let tipsSpec, Tips(tipsSpec) == nil { throw ValidationError("invalid --tips argument: '\(tipsSpec)'") }
        try validateEngineOptions()
        _ = try pids()
        do { _ = try selection() } catch let error as ExpressionError { throw ValidationError(error.description) }
        _ = try traceFDSet()
    }

    /// `--trace-fds=SET` (repeatable: the union of the sets), or nil when not given.
    func traceFDSet() throws -> DescriptorSet? {
        guard !traceFDs.isEmpty else { return nil }
        var sets: [DescriptorSet] = []
        for value in traceFDs {
            do {
                sets.append(try DescriptorSet(parsing: value, expression: "trace-fds=" + value, start: "trace-fds=".count))
            } catch {
                throw ValidationError("invalid --trace-fds argument: '\(value)'")
            }
        }
        return sets.count == 1 ? sets[0] : DescriptorSet(union: sets)
    }

    /// The -e expressions (and -z/-Z) combined.
    func selection() throws -> TraceSelection {
        var selection = TraceSelection()
        for expression in expressions { try selection.apply(expression) }
        if successfulOnly { try selection.apply("status=successful") }
        if failedOnly { try selection.apply("status=failed") }
        return selection
    }

    func pids() throws -> [pid_t] {
        var result: [pid_t] = []
        for list in attachPIDs {
            for item in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard let pid = pid_t(item.trimmingPrefix(" ")), pid > 0 else {
                    throw ValidationError("Invalid process id: '\(item)'")
                }
                result.append(pid)
            }
        }
        return result
    }

    /// The messages -q, -qq, -qqq and -e quiet= suppress (together).
    func quietSet() -> QuietSet {
        QuietSet(count: quiet).union(((try? selection())?.quiet) ?? [])
    }

    /// The output settings the flags ask for; `lines` are the per-line
    /// options resolved in command-line order.
    /// `tracePathBytes`: the `-P` values as given (bytes); nil takes `tracePaths`.
    func straceFormat(following: Bool, hasCommand: Bool, lines: LineOptions, colors: Bool = false,
                      tracePathBytes: [[UInt8]]? = nil) throws -> StraceFormat {
        var format = StraceFormat()
        if following { format.pidPrefix = outputFile == nil ? .bracketedWhenSeveral : .plain }
        if alwaysShowPID {
            // strace 6.9's --always-show-pid: `[pid N] ` on stderr, `N     ` in a file.
            format.alwaysShowPID = true
            if format.pidPrefix == .none { format.pidPrefix = outputFile == nil ? .bracketedWhenSeveral : .plain }
        }
        format.stringLimit = stringLimit
        // -v, unless an -e abbrev= comes after it.
        let verbose = self.verbose && lines.verboseLast
        format.verbose = verbose
        format.stringStyle = lines.stringStyle ?? (hexStrings >= 2 ? .hexAll : hexStrings == 1 ? .hexNonPrintable : .escaped)
        format.alignColumn = alignColumn
        format.selection = try selection()
        // strace's warnings about inject rules, once.
        for rule in format.selection.injections { rule.warnings.forEach(note) }
        format.absoluteTime = lines.absoluteTime
        format.absolutePrecision = lines.absolutePrecision
        format.relativeTimestamps = relativeTimestamps || relativeTimestampsSpec != nil
        format.relativePrecision = lines.relativePrecision
        format.syscallTimes = syscallTimes || syscallTimesSpec != nil
        format.syscallTimePrecision = lines.syscallTimePrecision
        format.instructionPointer = instructionPointer
        format.syscallNumber = syscallNumber
        // JSON records arguments without names.
        format.argumentNames = argNames && !json
        format.pidComm = lines.pidComm
        format.color = colors
        // -y, -yy, or -e decode-fds= (validate() refuses both).
        format.descriptors = format.selection.descriptorDetails ?? DescriptorDecoding(count: decodeDescriptors)
        // -v is strace's abbrev=none.
        if verbose { format.selection.abbreviated = SyscallSet(all: false, includingUnknown: false) }
        format.traceFDs = try traceFDSet()
        format.constants = StraceFormat.ConstantStyle(rawValue: constantStyle) ?? .abbrev
        let quietSet = quietSet()
        format.quietExits = quietSet.contains(.exit)
        format.personalityMessages = !quietSet.contains(.personality) && !(outputFile != nil && hasCommand)
        format.threadExecveMessages = !quietSet.contains(.threadExecve)
        let cwd = Paths.currentDirectory()
        for path in tracePathBytes ?? tracePaths.map({ Array($0.utf8) }) {
            let absolute = Paths.resolve(bytes: path, against: cwd)
            format.paths.insert(path)
            format.paths.insert(Paths.bytes(absolute))
            if let real = Paths.realPath(absolute) { format.paths.insert(Paths.bytes(real)) }
        }
        return format
    }

    /// With -c there are no trace lines: strace warns, in this order, about
    /// the options that only change them, and goes on.
    func warnAboutLineOptionsWithSummaryOnly(_ lines: LineOptions) {
        let descriptorDecoding = (try? selection().descriptorDetails) ?? nil
        let ignored: [(Bool, String)] = [
            (instructionPointer, "-i/--instruction-pointer"),
            (stackTraceCount > 0 || stackTraceSpec != nil, "-k/--stack-traces"),
            (syscallNumber, "-n/--syscall-number"),
            (relativeTimestamps || relativeTimestampsSpec != nil, "-r/--relative-timestamps"),
            (lines.absoluteTime != .none, "-t/--absolute-timestamps"),
            (syscallTimes || syscallTimesSpec != nil, "-T/--syscall-times"),
            (decodeDescriptors > 0 || descriptorDecoding.map { !$0.isEmpty } ?? false, "-y/--decode-fds"),
            (argNames, "-N/--arg-names"),
        ]
        for (given, option) in ignored where given { note("\(option) has no effect with -c/--summary-only") }
    }

    /// Refuses a bad -s or -a as strace does: its words, exit status 1.
    static func refuse(_ option: String, _ value: String) -> Never {
        usageError("invalid \(option) argument: '\(value)'")
    }

    /// Traces `command` (bytes, as given) and the -p processes.
    func trace(command: [[UInt8]], environmentChanges: [[UInt8]], options rawOptions: [RawArguments.Option] = [],
               argv0: [UInt8]? = nil) throws {
        // strace 6.1: -y (and --decode-fds alone, which is -y) excludes -e decode-fds=
        // (its words, exit status 1, no hint).
        if decodeDescriptors > 0 && expressions.contains(where: { $0.hasPrefix("decode-fds=") || $0.hasPrefix("decode-fd=") }) {
            note("-y and --decode-fds cannot be provided simultaneously")
            Glibc.exit(1)
        }
        if stringLimit < 0 { Self.refuse(Self.spelling("-s", rawOptions), stringLimitText) }
        if alignColumn < 0 { Self.refuse(Self.spelling("-a", rawOptions), alignColumnText) }
        let lines: LineOptions
        do {
            lines = try LineOptions(rawOptions)
        } catch {
            if error.hint { Self.usageError(error.message) }
            fail(error.message)
        }
        if summaryOnly { warnAboutLineOptionsWithSummaryOnly(lines) }
        let quietSet = quietSet()
        if !quietSet.contains(.pathResolution) {
            // As strace: a -P path that is not its own canonical form is named with what it resolves to.
            let cwd = Paths.currentDirectory()
            for path in tracePaths {
                if let real = Paths.realPath(Paths.resolve(FilePath(path), against: cwd)), real.string != path {
                    note("Requested path \"\(path)\" resolved into \"\(real.string)\"")
                }
            }
        }
        if command.isEmpty && attachPIDs.isEmpty {
            throw ValidationError("must have PROG [ARGS] or -p PID")
        }
        checkEngineOptions(hasCommand: !command.isEmpty)
        var useSeccomp = seccompBPF
        if useSeccomp && detachOn != nil {
            note("--seccomp-bpf is not enabled because it is not compatible with -b")
            useSeccomp = false
        }
        if useSeccomp && syscallLimitValue != nil {
            note("--seccomp-bpf is not enabled because it is not compatible with --syscall-limit")
            useSeccomp = false
        }
        warnAboutEngineOptions()
        var options = TraceOptions()
        options.followForks = follow > 0 || useSeccomp
        options.attachThreads = follow > 0
        if useSeccomp { options.seccompFilter = SeccompFilter(tracing: try selection().syscalls) }
        options.detachOnExec = detachOn != nil
        options.killOnExit = killOnExit
        let summary = summaryOnly || summaryToo
            ? SyscallSummary(sortKey: summarySort.flatMap { SyscallSummary.SortKey(parsing: $0) } ?? .time,
                             clock: summaryWallClock ? .wall : .system,
                             columns: try summaryColumns.map { try SyscallSummary.parseColumns($0) } ?? SyscallSummary.defaultColumns,
                             overheadNanoseconds: overhead.flatMap(SyscallSummary.parseDuration) ?? 0)
            : nil
        options.measureSystemTime = summary != nil && !summaryWallClock || tree
        // Only --json and --timeline report the new program's path and argv.
        options.describeExec = json || timelineFile != nil
        if stopWait == .block { options.waitStrategy = .block }
        // The command as it will run: bytes, with --argv0 and -E applied.
        var spawn: Command? = nil
        if !command.isEmpty {
            var made = Command(executable: command[0], arguments: Command.Arguments(Array(command.dropFirst())))
            if let argv0 { made.arguments.executablePathOverride = argv0 }
            if !environmentChanges.isEmpty { made.environment = Command.Environment.inherit.applying(environmentChanges) }
            made.user = user
            spawn = made
        }
        // -D: from here on this is the tracer, a grandchild of the original
        // process, which becomes the command once the tracer has attached.
        var daemonized: Tracer.DaemonizedCommand? = nil
        if daemonizeCount > 0 || daemonizeSpec != nil, let mode = daemonizeMode, let spawn {
            do { daemonized = try Tracer.daemonize(spawn, mode: mode, filter: options.seccompFilter) } catch { fail(error.description) }
        }
        let tracer = Tracer(options: options)
        if debug > 0 {
            tracer.debugLog = { note($0) }
            if let daemonized { note("daemonized: tracer \(getpid()), command \(daemonized.pid)") }
        }

        let output: FileDescriptor
        if let outputFile, !separateOutputs {
            do {
                output = try FileDescriptor.open(FilePath(outputFile), .writeOnly,
                                                 options: appendOutput ? [.create, .append, .closeOnExec] : [.create, .truncate, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                fail("Can't fopen '\(outputFile)': \(error)")
            }
        } else {
            output = .standardError
        }
        // --timeline: opened before the command may start, as -o is.
        var timelineOutput: FileDescriptor? = nil
        if let timelineFile {
            do {
                timelineOutput = try FileDescriptor.open(FilePath(timelineFile), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                                         permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                fail("Can't fopen '\(timelineFile)': \(error)")
            }
        }
        // As strace: with -o and a command, attach messages are suppressed.
        let messages = !quietSet.contains(.attach) && !(outputFile != nil && !command.isEmpty)

        let format = try straceFormat(following: options.followForks, hasCommand: !command.isEmpty, lines: lines,
                                      colors: !separateOutputs && lines.colors(output.rawValue) || lines.color == .always,
                                      tracePathBytes: rawOptions.isEmpty ? nil
                                          : rawOptions.compactMap { $0.name == "-P" || $0.name == "--trace-path" ? $0.value : nil })
        // -ff -o FILE: one FILE.PID per task, without pid prefixes.
        let perTask = separateOutputs
        // -k: stack traces after each syscall and signal (none with -c).
        let stackMode = Self.stackTraceMode(rawOptions)
        if stackMode == .off && stackTraceFrameLimitText != nil { note("--stack-trace-frame-limit has no effect without -k/--stack-trace") }
        let frameLimit = stackTraceFrameLimitText.flatMap { Int($0) } ?? StackTraces.defaultFrameLimit
        let stacks: StackTraces? = stackMode != .off && !summaryOnly
            ? StackTraces(includeSource: stackMode == .source, frameLimit: frameLimit) : nil
        let processTree = tree ? ProcessTree(countsSyscalls: true, readsExecutable: json) : nil
        let renderer = TraceOutput(output: output, appending: appendOutput, name: perTask ? "stderr" : outputFile ?? "stderr", format: format,
                                   flushEachLine: outputFile == nil, perTaskBase: perTask ? outputFile : nil, json: json,
                                   stackTraces: stacks.map { stacks in { event, tracee in stacks.stack(event, tracee) } })
        let timeline = timelineOutput.map { fd in
            PerfettoTimeline(output: fd, format: format, onWriteError: { [unowned renderer] error in
                renderer.report("\(timelineFile!): \(error)")
            })
        }

        let interruptMode = interruptMode(hasCommand: !command.isEmpty)
        if debug > 0 { note("interruptible mode \(interruptMode)") }
        // Before the command starts, only handlers (reset by execve); what is
        // ignored is set once it runs, so that it does not inherit that.
        if interruptMode == 2 && wt_install_stop_handlers() != 0 { fail("cannot install signal handlers: \(Errno(rawValue: errno))") }
        // -ff: a task file that cannot be created stops wiretap before the
        // command runs (the first one is opened before the child may exec).
        var taskFileFailure: String? = nil
        do {
            // As strace: a process that cannot be attached to is reported and
            // skipped; wiretap gives up only if nothing is left to trace.
            var attached = 0
            for pid in try pids() {
                let tids: [pid_t]
                switch Result(catching: { try tracer.attach(pid) }) {
                case .success(let attachedTIDs): tids = attachedTIDs
                case .failure(let error): note("\(error)"); continue
                }
                attached += 1
                if messages { note("Process \(pid) attached" + (tids.count > 1 ? " with \(tids.count) threads" : "")) }
                processTree?.attached(pid, tasks: tids)
                if perTask, let failure = tids.lazy.compactMap({ renderer.openTaskFile(for: $0) }).first {
                    taskFileFailure = failure
                    throw TraceError(.spawnCancelled)
                }
            }
            if attached == 0 && command.isEmpty { Glibc.exit(1) }
            if let daemonized {
                if perTask, let failure = renderer.openTaskFile(for: daemonized.pid) {
                    taskFileFailure = failure
                    throw TraceError(.spawnCancelled)
                }
                timeline?.expect(daemonized.pid, command: command.map { String(decoding: $0, as: UTF8.self) })
                try tracer.adopt(daemonized)
                processTree?.spawned(daemonized.pid, argv: command)
                if messages { note("Process \(daemonized.pid) attached") }
            } else if let spawn {
                try tracer.spawn(spawn) { pid in
                    stacks?.spawned(pid)
                    timeline?.expect(pid, command: command.map { String(decoding: $0, as: UTF8.self) })
                    processTree?.spawned(pid, argv: command)
                    taskFileFailure = renderer.openTaskFile(for: pid)
                    return taskFileFailure == nil
                }
            }
        } catch let error as TraceError {
            tracer.detachAll()
            try? tracer.run { _, _ in .automatic }
            fail(taskFileFailure ?? error.description)
        }

        // --syscall-limit reached: wiretap exits 0, whatever the command does (as strace).
        var limitReached = false
        if wt_install_interrupt_handlers(CInt(interruptMode)) != 0 { fail("cannot install signal handlers: \(Errno(rawValue: errno))") }
        do {
            let injector = format.selection.injections.isEmpty ? nil : FaultInjector(rules: format.selection.injections,
                                                                                                 traced: format.selection.syscalls)
            // Read once: option wrappers are slow to read at every stop.
            let printsTrace = !summaryOnly
            // --syscall-limit: the syscalls still to show, and which tasks are inside a shown one.
            var remaining = syscallLimitValue ?? 0
            var limitEntries: Set<pid_t> = []
            let limited = remaining > 0

            let selection = format.selection
            // -f: new tasks to announce once the line in progress is complete.
            var announcements: [(parent: pid_t, child: pid_t)] = []
            // Whatever is buffered goes out before the tracer sleeps: an idle
            // trace is all on disk (and survives wiretap being killed); a busy
            // one, whose next stop a poll finds, still writes in large blocks.
            // --timeline beside a trace decodes each call a second time:
            // the memory the first decoding read is reused, not read again.
            let readCache = timeline != nil && printsTrace ? MemoryReadCache() : nil
            try tracer.run(shouldDetach: { wt_stop_requested() != 0 }, beforeBlocking: { renderer.flush(); timeline?.flush() }) { event, stopped in
                var tracee = stopped
                if let readCache {
                    readCache.removeAll()
                    tracee.readCache = readCache
                }
                if let stacks { stacks.observe(event) }
                if let processTree { processTree.observe(event, tracee) }
                guard injector != nil || summary != nil || messages || limited else {
                    if printsTrace { renderer.render(event, tracee) }
                    if let timeline { timeline.render(event, tracee) }
                    return .automatic
                }
                var event = event
                var resume = Resume.automatic
                if let injector {
                    switch event.kind {
                    case .syscallEntry(let entry):
                        let delay = injector.enter(event.pid, entry, tracee)
                        if delay > 0 { resume = Resume(.automatic, delayNanoseconds: delay) }
                    case .syscallExit(let exit):
                        let (injected, signal) = injector.exit(event.pid, exit, tracee)
                        event.kind = .syscallExit(injected)
                        let delay = injector.exitDelay
                        if let signal { resume = Resume(.automatic, signal: .replace(signal), delayNanoseconds: delay) } else if delay > 0 {
                            resume = Resume(.automatic, delayNanoseconds: delay)
                        }
                    default:
                        break
                    }
                }
                if messages, case .detached = event.kind {
                    // As strace: a call line in progress goes out first, the note interrupts it.
                    renderer.flush()
                    note("Process \(event.pid) detached")
                }
                if let summary, format.selection.counts(event) { summary.record(event, tracee) }
                if printsTrace { renderer.render(event, tracee) }
                if let timeline { timeline.render(event, tracee) }
                if messages {
                    // As strace: `Process N attached` follows the line of the
                    // clone that made N (the new task is announced at the
                    // parent's event stop, before that call's result is known).
                    if case .newTask(let child, _) = event.kind {
                        announcements.append((parent: event.pid, child: child))
                    } else if !announcements.isEmpty {
                        var lineEnded = true
                        if case .syscallEntry = event.kind { lineEnded = false }
                        var index = 0
                        while index < announcements.count {
                            let (parent, child) = announcements[index]
                            if parent == event.pid && lineEnded {
                                renderer.flush()
                                note("Process \(child) attached")
                                announcements.remove(at: index)
                            } else {
                                index += 1
                            }
                        }
                    }
                }
                if limited {
                    switch event.kind {
                    case .syscallEntry:
                        if selection.counts(event) { limitEntries.insert(event.pid) }
                    case .syscallExit(let exit):
                        guard limitEntries.remove(event.pid) != nil,
                              selection.statuses.contains(exit.isError ? .failed : .successful) else { break }
                        remaining -= 1
                        if remaining == 0 {
                            limitReached = true
                            if messages || (quiet == 0 && outputFile != nil) {
                                note("System call limit has been reached, detaching tracees")
                            }
                            tracer.detachAll(killingSpawned: killOnExit)
                        }
                    default:
                        break
                    }
                }
                return resume
            }
            renderer.flush()
            for (_, child) in announcements { note("Process \(child) attached") }
        } catch {
            renderer.flush()
            timeline?.close()
            fail(error.description)
        }
        renderer.close()
        if let timeline, let timelineOutput {
            timeline.close()
            do { try timelineOutput.close() } catch { renderer.report("\(timelineFile!): \(error)") }
        }
        // The name write errors on `output` are reported under (-ff: stderr).
        let outputName = outputFile.flatMap { separateOutputs ? nil : $0 } ?? "stderr"
        if let summary {
            var table = OutputBuffer()
            if json { summary.renderJSON(into: &table) } else { summary.render(into: &table) }
            do { try table.flush(to: output) } catch { renderer.report("\(outputName): \(error)") }
        }
        if let processTree {
            // With -ff the tree goes to stderr (output is stderr then).
            var text = processTree.render(json: json, fd: output.rawValue)
            do { try text.flush(to: output) } catch { renderer.report("\(outputName): \(error)") }
        }
        wt_stop_acknowledged()
        if outputFile != nil && !separateOutputs {
            // close(2) can report a delayed write error (NFS, some FUSE file systems).
            do { try output.close() } catch { renderer.report("\(outputFile!): \(error)") }
        }
        if let tipsSpec { Tips(tipsSpec)?.print() }
        if limitReached { Glibc.exit(renderer.failed ? 1 : 0) }
        exitLikeCommand(tracer, spawned: !command.isEmpty, outputFailed: renderer.failed)
    }
}
