import Glibc
import SystemPackage
import Wiretap
import WiretapDebugger
import WiretapDisassembly
import WiretapSymbols
import CEditLine

/// `wiretap debug [-ex CMD]... [--batch] [--json] [--] PROG [ARGS]`: a
/// debugger with gdb's command names, on the tracing engine.
///
/// The program stops right after its exec, before any of its code ran; the
/// `-ex` commands run there, then the prompt reads commands (or, with
/// `--batch`, the program is killed once the `-ex` commands are done, as gdb
/// does). With `--json` each stop and each command's result is one JSON
/// object per line.
struct DebugCommand {
    var commands: [String] = []
    var batch = false
    var json = false
    var program: [[UInt8]] = []
    /// `-p PID`: attach instead of launching.
    var attachPID: pid_t? = nil

    static let usage = """
        Usage: wiretap debug [-ex COMMAND]... [--batch] [--json] [--] PROG [ARGS]
               wiretap debug [-ex COMMAND]... [--batch] [--json] -p PID

        Debug PROG: it stops right after its exec, before any of its code ran.
        With -p, attach to the running process PID and stop it where it is.

          -ex COMMAND, --eval-command=COMMAND
                         run COMMAND at that first stop (repeatable, in order)
          -p PID, --pid PID
                         attach to a running process (detach, or quit, lets it go on)
          --batch        exit once the -ex commands are done (the program is killed;
                         an attached process is detached)
          --json         one JSON object per stop and per command result
          -h, --help     this help

        Commands (gdb's names and abbreviations; `help COMMAND` says more):
          break, tbreak, hbreak, condition, delete, disable, enable, ignore, watch, rwatch,
          awatch, catch, handle, start, continue, step, next, stepi, nexti, finish,
          until, advance, backtrace, frame, up, down, thread, info, list, print,
          display, undisplay, set, x, disassemble, kill, detach, quit

        """

    /// `help COMMAND`: each command's use, as gdb's `help` gives it.
    static let commandHelp: [(names: [String], text: String)] = [
        (["break", "b", "br"], "break LOCATION [if CONDITION]: stop there. LOCATION is FUNCTION (after its prologue), *FUNCTION or *ADDRESS (that instruction), FILE:LINE or LINE. A function of a library not loaded yet waits for it (`set breakpoint pending on`)."),
        (["tbreak"], "tbreak LOCATION: a breakpoint deleted at its first stop."),
        (["hbreak", "thbreak"], "hbreak LOCATION: a breakpoint in a debug register (no int3 written; four in all with the watchpoints)."),
        (["condition", "cond"], "condition N [EXPRESSION]: breakpoint N stops only where EXPRESSION is not 0 (`$rdi == 3`, `*(int *)0x404028 > 2 && $rax != 0`); without one, always."),
        (["delete", "d"], "delete [N...]: delete those breakpoints, watchpoints and catchpoints (all, without numbers)."),
        (["disable", "enable"], "disable N... / enable N...: a disabled breakpoint is passed over silently."),
        (["ignore"], "ignore N COUNT: breakpoint or watchpoint N lets COUNT hits pass."),
        (["watch", "rwatch", "awatch"], "watch NAME, *ADDRESS or *(TYPE *)ADDRESS: stop when the program writes it (rwatch, awatch: reads or writes), with the old and new value. 1, 2, 4 or 8 aligned bytes; four debug registers in all."),
        (["catch"], "catch syscall [NAME|%CLASS...] (strace's -e trace= sets; the call is printed as strace prints it), catch fork, catch vfork, catch exec, catch signal [SIGNAL...]."),
        (["handle"], "handle SIGNAL... [no]stop [no]print [no]pass: what a signal does (info signals [SIGNAL] shows it)."),
        (["start"], "start: run to main (a temporary breakpoint there)."),
        (["nexti", "ni"], "nexti: one instruction, a call run over to its return."),
        (["list", "l"], "list [LINE|FILE:LINE|FUNCTION]: ten source lines around it, or around the selected frame's line; again: the next ten."),
        (["display"], "display[/x] EXPRESSION: print it now and at every stop (info display lists them)."),
        (["undisplay"], "undisplay [N...]: stop displaying those expressions (all, without numbers)."),
        (["continue", "c", "cont", "run", "r"], "continue: run until a breakpoint, watchpoint, catchpoint or signal stops the program."),
        (["step", "s"], "step: to the next source line, into functions that have line information."),
        (["next", "n"], "next: to the next source line in this function, over calls."),
        (["stepi", "si"], "stepi: one instruction."),
        (["finish", "fin"], "finish: until this function returns (its value is printed)."),
        (["until", "u"], "until: as next, but a loop's jump back does not stop; until LOCATION: as advance."),
        (["advance"], "advance LOCATION: run to LOCATION, or until this function returns."),
        (["backtrace", "bt", "where"], "backtrace: the frames of the current thread, innermost first, ending at main."),
        (["frame", "f", "up", "down"], "frame [N], up [N], down [N]: select a frame (print uses its pc); info frame describes it."),
        (["thread", "t"], "thread [N]: which thread is current, or make thread N current (info threads lists them)."),
        (["info", "i"], "info breakpoints|registers [REG...]|threads|frame|signals [SIGNAL]."),
        (["print", "p"], "print[/x] EXPRESSION: registers ($rip, $eax, $eflags...), global variables (NAME, &NAME: their ELF symbols, read as integers of their size), memory (*(int *)ADDRESS), arithmetic and comparisons."),
        (["set"], "set $REGISTER = EXPRESSION; set var NAME = EXPRESSION; set *(TYPE *)ADDRESS = EXPRESSION; set breakpoint pending on|off|auto; set follow-fork-mode child|parent."),
        (["x"], "x/NFU ADDRESS: N units of memory (F: x d u c s i; U: b h w g), the program's bytes under breakpoints. ADDRESS may be an expression (&NAME, $rsp)."),
        (["disassemble", "disas"], "disassemble [FUNCTION|ADDRESS]: the function's instructions, as gdb prints them (=> at the stop)."),
        (["kill", "k"], "kill: kill the program."),
        (["detach"], "detach: take every breakpoint and watchpoint out and let the program run on untraced."),
        (["quit", "q"], "quit: kill a program started here, detach from one attached to."),
    ]

    static func start(_ args: [[UInt8]]) -> Never {
        var command = DebugCommand()
        var index = 0
        func refuse(_ message: String) -> Never { refuseSubcommand("debug", message) }
        while index < args.count {
            let arg = args[index]
            let text = String(decoding: arg, as: UTF8.self)
            if text == "--" { index += 1; break }
            guard arg.count > 1, arg[0] == UInt8(ascii: "-") else { break }
            index += 1
            switch text {
            case "-h", "--help":
                var help = usage
                help.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
                Glibc.exit(0)
            case "-V", "--version":
                TraceCommand.printVersion()
            case "-ex", "--ex", "--eval-command":
                guard index < args.count else { refuse("option '\(text)' requires an argument") }
                command.commands.append(String(decoding: args[index], as: UTF8.self))
                index += 1
            case "-p", "--pid":
                guard index < args.count, let pid = Int32(String(decoding: args[index], as: UTF8.self)), pid > 0 else {
                    refuse("option '\(text)' requires a process id")
                }
                command.attachPID = pid
                index += 1
            case "-batch", "--batch":
                command.batch = true
            case "--json":
                command.json = true
            default:
                if text.hasPrefix("--eval-command=") {
                    command.commands.append(String(text.dropFirst("--eval-command=".count)))
                } else {
                    refuse("unknown option '\(text)'")
                }
            }
        }
        command.program = Array(args[index...])
        if command.attachPID != nil && !command.program.isEmpty { refuse("-p PID and a program to run exclude each other") }
        guard !command.program.isEmpty || command.attachPID != nil else {
            refuse("no program to debug: wiretap debug [--] PROG [ARGS], or -p PID")
        }
        Glibc.exit(command.run())
    }

    func run() -> CInt {
        let debugger = Debugger()
        do {
            if let attachPID {
                try debugger.attach(attachPID)
            } else {
                try debugger.launch(Command(executable: program[0], arguments: Command.Arguments(Array(program.dropFirst()))))
            }
        } catch {
            note("debug: " + error.description)
            return 1
        }
        var session = DebugSession(debugger: debugger, json: json, batch: batch, initialCommands: commands)
        debugger.forkObserver = { parent, child in session.followed(parent: parent, child: child) }
        debugger.execObserver = { [json] pid, path in
            guard !json else { return }
            var line = "process \(pid) is executing new program: \(DebugSession.escapedC(Array(path.utf8), quote: "\0"))\n"
            line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        }
        // A signal that is printed but does not stop (`handle SIG nostop print`): a line, and on it goes.
        debugger.signalObserver = { [json] thread, signal in
            let meaning = strsignal(signal.rawValue).map { ", " + String(cString: $0) } ?? ""
            var line: String
            if json {
                line = "{\"type\":\"signal\",\"lwp\":\(thread),\"signal\":\"\(signal.description)\"}\n"
            } else {
                let who = debugger.threadHistory.count > 1 ? "Thread \(debugger.threadNumber(of: thread) ?? 0)" : "Program"
                line = "\n\(who) received signal \(signal.description)\(meaning).\n"
            }
            line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        }
        do {
            try debugger.run { stop, debugger in session.stopped(stop) }
        } catch {
            note("debug: " + error.description)
            return 1
        }
        return session.exitStatus
    }
}

/// The prompt's state across stops: what to run next, how to print.
struct DebugSession {
    let debugger: Debugger
    let json: Bool
    let batch: Bool
    var pending: [String]
    var exitStatus: CInt = 0
    var symbols: ProcessSymbols? = nil
    /// Set by `quit` and `kill`: what every later stop answers.
    var finishing: DebuggerCommand? = nil
    /// gdb's value history: `print` shows `$1`, `$2`...
    var printed = 0
    /// Prints caught syscalls as strace does (made at the first `catch syscall`).
    var syscallText: CaughtSyscallText? = nil
    /// Made at the first `disassemble` or `x/i`.
    var disassembler: Disassembler? = nil
    /// Breakpoints whose location is not in the program yet (a library it
    /// will load): numbered already, set at the library event that brings it.
    var pendingBreakpoints: [(id: Int, location: String, temporary: Bool, conditionText: String?, condition: Expression?)] = []
    /// `set breakpoint pending on|off|auto` (auto: ask at a terminal, no otherwise).
    var pendingMode = "auto"
    /// Failures not shown (a pending breakpoint's quiet retry).
    var muted = false
    /// The last command that Enter repeats (gdb repeats stepping and examining commands).
    var repeatable: String? = nil
    /// gdb's inferior number: 1, then one more for each fork's child followed.
    var inferior = 1
    /// Each watchpoint's expression as typed, which its stops repeat (as gdb's do).
    var watchExpressions: [Int: String] = [:]
    /// `display` expressions, numbered from 1.
    var displays: [(id: Int, expression: String, hex: Bool)] = []
    var nextDisplay = 0
    /// `tbreak` numbers, for their stop message.
    var temporaryBreakpoints: Set<Int> = []
    /// `list`: the file it shows and the line the next bare `list` starts at (nil after a stop).
    var listFile: String? = nil
    var listNext: Int? = nil
    /// The frame `frame`, `up` and `down` chose (0: the innermost), until the next stop.
    var selectedFrame = 0
    /// The function of the last stop shown (a `stepi` into another names it).
    var lastStopFunction: String? = nil
    /// `nexti` over a call: the hidden breakpoint after it.
    var nextInstructionBreakpoint: Int? = nil
    /// The thread of the last stop shown (a stop in another says so).
    var lastStopThread: pid_t = 0
    /// A `step`, `next` or `finish` under way, and the function it started in.
    var plan: LineStepper? = nil
    var planFunction: String? = nil

    init(debugger: Debugger, json: Bool, batch: Bool, initialCommands: [String]) {
        self.debugger = debugger
        self.json = json
        self.batch = batch
        self.pending = initialCommands
    }

    // MARK: Stops

    /// `set follow-fork-mode child`: the debugger moved to a fork's child (gdb's messages).
    mutating func followed(parent: pid_t, child: pid_t) {
        inferior += 1
        if json {
            emit(["type": .string("follow"), "parent": .number(Int64(parent)), "child": .number(Int64(child)), "inferior": .number(Int64(inferior))])
        } else {
            say("[Attaching after process \(parent) fork to child process \(child)]\n[New inferior \(inferior) (process \(child))]\n"
                + "[Detaching after fork from parent process \(parent)]\n[Inferior \(inferior - 1) (process \(parent)) detached]")
        }
        lastStopThread = parent
    }

    /// Reports `stop`, then runs commands until one resumes the program.
    mutating func stopped(_ stop: DebugStop) -> DebuggerCommand {
        switch stop.reason {
        case .exited(let code):
            // After `detach` the process is not ours: nothing more to say of it.
            if finishing == .detach { return .continue }
            exitStatus = code
            if json { emit(["type": .string("exited"), "code": .number(Int64(code))]) } else if finishing != .kill {
                say(code == 0 ? "[Inferior \(inferior) (process \(debugger.process)) exited normally]"
                              : "[Inferior \(inferior) (process \(debugger.process)) exited with code \(String(code, radix: 8).count < 2 ? "0" : "")\(String(code, radix: 8))]")
            }
            return .continue
        case .killed(let signal):
            if finishing == .detach { return .continue }
            exitStatus = 128 + signal.rawValue
            if json { emit(["type": .string("killed"), "signal": .string(signal.description)]) } else if finishing != .kill {
                let meaning = strsignal(signal.rawValue).map { ", " + String(cString: $0) } ?? ""
                say("\nProgram terminated with signal \(signal.description)\(meaning).")
            }
            return .continue
        default:
            break
        }
        if let finishing { return finishing }
        listNext = nil
        if case .libraryEvent = stop.reason {
            // Libraries came or went: set the pending breakpoints whose place exists now, and go on.
            resolvePendingBreakpoints()
            return .continue
        }
        selectedFrame = 0
        if let id = nextInstructionBreakpoint {
            nextInstructionBreakpoint = nil
            if case .breakpoint(let hit, _) = stop.reason, hit == id {
                // Back after the call `nexti` ran over: shown as the instruction step it is.
                report(DebugStop(thread: stop.thread, reason: .step, pc: stop.pc))
                return runCommands(at: stop)
            }
            debugger.delete(id)
        }
        if var current = plan, let symbols = loadSymbols() {
            if let command = current.next(at: stop, debugger: debugger, symbols: symbols) {
                plan = current
                return command
            }
            plan = nil
            // The plan's own stops (an instruction step, its hidden breakpoints) show as a line; the rest as themselves.
            switch stop.reason {
            case .step: reportLine(stop, plan: current)
            case .breakpoint(let id, _) where id < 0: reportLine(stop, plan: current)
            default: report(stop)
            }
        } else {
            report(stop)
        }
        if !displays.isEmpty { showDisplays() }
        return runCommands(at: stop)
    }

    /// Runs commands (the -ex ones, then the user's) until one resumes the program.
    private mutating func runCommands(at stop: DebugStop) -> DebuggerCommand {
        while true {
            let line: String
            if !pending.isEmpty {
                line = pending.removeFirst()
            } else if batch {
                // gdb: a process it started is killed, one it attached to let go.
                finishing = debugger.wasAttached ? .detach : .kill
                return finishing!
            } else {
                guard let read = readCommandLine() else {
                    finishing = debugger.wasAttached ? .detach : .kill
                    return finishing!
                }
                line = read
            }
            if let resume = execute(line, at: stop) { return resume }
        }
    }

    private mutating func report(_ stop: DebugStop) {
        // The innermost frame: an inlined function's own name and line, as gdb shows them.
        let frame = stop.pc == 0 ? nil : innermostFrame(of: stop.thread).1
        // gdb names the thread once the program has had more than one, and says when the stop is in another.
        let threaded = debugger.threadHistory.count > 1 || inferior > 1
        let number = debugger.threadNumber(of: stop.thread) ?? 0
        // With a second inferior (a fork's child followed), gdb numbers threads INFERIOR.N.
        let threadID = inferior > 1 ? "\(inferior).\(number)" : "\(number)"
        let hit = threaded ? "Thread \(threadID) \"\(threadName(stop.thread))\" hit " : ""
        if threaded && stop.thread != lastStopThread && !json && stop.reason != .started { say("[Switching to LWP \(stop.thread)]") }
        lastStopThread = stop.thread
        defer { lastStopFunction = frame?.symbol }
        let threadFields: [String: JSONOut] = ["thread": .number(Int64(number)), "lwp": .number(Int64(stop.thread))]
        switch stop.reason {
        case .started:
            if json { emit(["type": .string("stop"), "reason": .string("started"), "pc": .address(stop.pc)].merging(threadFields) { a, _ in a }) } else {
                say("Program stopped.\n\(location(stop.pc, frame))")
            }
        case .breakpoint(let id, _), .conditionError(let id, _, _):
            var conditionError: JSONOut = .null
            if case .conditionError(_, _, let message) = stop.reason {
                // On standard error, as gdb prints it.
                if json { conditionError = .string(message) } else { failure("Error in testing breakpoint condition:\n\(message)") }
            }
            if json {
                emit(["type": .string("stop"), "reason": .string("breakpoint"), "breakpoint": .number(Int64(id)), "condition_error": conditionError,
                      "pc": .address(stop.pc), "function": frame?.symbol.map(JSONOut.string) ?? .null].merging(threadFields) { a, _ in a })
            } else {
                // A `tbreak` is gone once hit: gdb still names it temporary.
                let kind = temporaryBreakpoints.remove(id) != nil ? "Temporary breakpoint" : "Breakpoint"
                say("\n\(hit)\(kind) \(id), \(location(stop.pc, frame))" + sourceSuffix(frame))
            }
        case .step:
            if json { emit(["type": .string("stop"), "reason": .string("step"), "pc": .address(stop.pc)].merging(threadFields) { a, _ in a }) } else {
                say(instructionStepText(stop.pc, frame))
            }
        case .watchpoint(let id, let address, let old, let new):
            if json {
                emit(["type": .string("stop"), "reason": .string("watchpoint"), "watchpoint": .number(Int64(id)),
                      "address": .address(address), "old": old.map { .number(Int64(bitPattern: $0)) } ?? .null,
                      "new": new.map { .number(Int64(bitPattern: $0)) } ?? .null, "pc": .address(stop.pc)].merging(threadFields) { a, _ in a })
            } else {
                let kind = debugger.watchpoints.first { $0.id == id }?.access
                let name = kind == .readWrite ? "Hardware access (read/write) watchpoint" : "Hardware watchpoint"
                var text = "\n\(hit)\(name) \(id): \(watchExpressions[id] ?? "*0x" + hex(address))\n\n"
                if old != new {
                    text += "Old value = \(old.map(String.init) ?? "<unreadable>")\nNew value = \(new.map(String.init) ?? "<unreadable>")\n"
                } else {
                    text += "Value = \(new.map(String.init) ?? "<unreadable>")\n"
                }
                say(text + location(stop.pc, frame) + sourceSuffix(frame))
            }
        case .syscallEntry(let id, let number, let arch), .syscallExit(let id, let number, let arch, _):
            let name = SyscallTable.name(of: number, arch: arch)?.description ?? "syscall_\(number)"
            let entering: Bool
            if case .syscallEntry = stop.reason { entering = true } else { entering = false }
            if json {
                var object: [String: JSONOut] = ["type": .string("stop"), "reason": .string(entering ? "syscall-entry" : "syscall-exit"),
                                                 "catchpoint": .number(Int64(id)), "syscall": .string(name), "pc": .address(stop.pc)]
                    .merging(threadFields) { a, _ in a }
                if case .syscallExit(_, _, _, let result) = stop.reason { object["return"] = .number(result) }
                if let line = syscallText?.take(entering: entering) { object["strace"] = .string(line) }
                emit(object)
            } else {
                var text = "\n\(hit)Catchpoint \(id) (\(entering ? "call to" : "returned from") syscall \(name)), \(location(stop.pc, frame))" + sourceSuffix(frame)
                // The call as strace prints it: its arguments at the entry, the whole line at the exit.
                if let line = syscallText?.take(entering: entering) { text += "\n" + line }
                say(text)
            }
        case .caught(let id, let event):
            let what: String
            var fields: [String: JSONOut] = ["type": .string("stop"), "reason": .string("catch"), "catchpoint": .number(Int64(id)),
                                             "pc": .address(stop.pc)]
            switch event {
            case .fork(let child): what = "forked process \(child)"; fields["event"] = .string("fork"); fields["child"] = .number(Int64(child))
            case .vfork(let child): what = "vforked process \(child)"; fields["event"] = .string("vfork"); fields["child"] = .number(Int64(child))
            case .exec(let path): what = "exec'd \(Self.escapedC(Array(path.utf8), quote: "\0"))"; fields["event"] = .string("exec"); fields["path"] = .string(path)
            case .signal(let signal): what = "signal \(signal.description)"; fields["event"] = .string("signal"); fields["signal"] = .string(signal.description)
            }
            if json { emit(fields.merging(threadFields) { a, _ in a }) } else {
                say("\n\(hit)Catchpoint \(id) (\(what)), \(location(stop.pc, frame))" + sourceSuffix(frame))
            }
        case .signal(let signal):
            if json { emit(["type": .string("stop"), "reason": .string("signal"), "signal": .string(signal.description),
                            "pc": .address(stop.pc)].merging(threadFields) { a, _ in a }) } else {
                let who = threaded ? "Thread \(threadID) \"\(threadName(stop.thread))\"" : "Program"
                let meaning = strsignal(signal.rawValue).map { ", " + String(cString: $0) } ?? ""
                say("\n\(who) received signal \(signal.description)\(meaning).\n\(location(stop.pc, frame))" + sourceSuffix(frame))
            }
        case .exited, .killed, .libraryEvent:
            break
        }
    }

    /// Whether `pc` starts a line: a statement row of its function's line table.
    private func isLineStart(_ pc: UInt64) -> Bool {
        symbols?.lineRows(ofFunctionAt: pc).contains { $0.address == pc && $0.isStatement } ?? false
    }

    /// The source line after a stop's location, as gdb shows it: `\nLINE\tTEXT`,
    /// or gdb's note when the file cannot be read; nothing without line information.
    private func sourceSuffix(_ frame: StackFrame?) -> String {
        guard let file = frame?.file, let line = frame?.line else { return "" }
        guard let source = SourceLines.line(line, of: file) else { return "\n\(line)\t\(file): No such file or directory." }
        return "\n\(line)\t\(source)"
    }

    /// Where a `stepi` or `nexti` ended, as gdb says it: the function's header
    /// when it is another one, then `LINE\tSOURCE` at a line's first
    /// instruction or `0xADDRESS\tLINE\tSOURCE` inside one.
    private mutating func instructionStepText(_ pc: UInt64, _ frame: StackFrame?) -> String {
        guard let frame, let file = frame.file, let line = frame.line else { return location(pc, frame) }
        let source = SourceLines.line(line, of: file) ?? "in \(file)"
        if frame.symbol != lastStopFunction { return location(pc, frame) + "\n\(line)\t\(source)" }
        // A line's start: a statement row of the line table (as gdb keeps them: a
        // same-line row with a discriminator is not one).
        return isLineStart(pc) ? "\(line)\t\(source)" : "0x\(hex(pc, width: 16))\t\(line)\t\(source)"
    }

    /// Where a `step`, `next` or `finish` ended: gdb's `LINE\tSOURCE`, after
    /// the function's name when it is another one than where it started.
    private mutating func reportLine(_ stop: DebugStop, plan: LineStepper) {
        let frame = symbolFrame(stop.pc)
        defer { lastStopFunction = frame?.symbol }
        guard let symbols = loadSymbols(), let place = symbols.lineInfo(at: stop.pc) else {
            report(stop)
            return
        }
        if json {
            let reason: String
            switch plan.mode {
            case .finish: reason = "finish"
            case .until: reason = "until"
            case .advance: reason = "advance"
            case .step, .next: reason = "step"
            }
            var object: [String: JSONOut] = ["type": .string("stop"), "reason": .string(reason),
                                             "pc": .address(stop.pc), "file": .string(place.file), "line": .number(Int64(place.line)),
                                             "function": frame?.symbol.map(JSONOut.string) ?? .null]
            if let value = plan.returnedValue { object["value"] = .number(Int64(bitPattern: value)) }
            emit(object)
            return
        }
        var text = ""
        if plan.mode == .finish || plan.mode.isAdvance || frame?.symbol != planFunction {
            text += location(stop.pc, frame) + "\n"
        }
        text += "\(place.line)\t" + (SourceLines.line(place.line, of: place.file) ?? "in \(place.file)")
        if plan.mode == .finish, let value = plan.returnedValue {
            printed += 1
            text += "\nValue returned is $\(printed) = \(Int32(truncatingIfNeeded: value))"
        }
        say(text)
    }

    // MARK: Commands

    /// Runs one command line; returns how the program goes on when the command resumes it.
    private mutating func execute(_ line: String, at stop: DebugStop) -> DebuggerCommand? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard !trimmed.isEmpty else { return nil }
        let word = String(trimmed.prefix { $0 != " " && $0 != "/" })
        let rest = String(trimmed.dropFirst(word.count).drop { $0 == " " })
        switch word {
        case "c", "continue", "cont", "fg", "run", "r":
            return .continue
        case "si", "stepi":
            return .stepInstruction
        case "ni", "nexti":
            // Over a call: run to the instruction after it; anything else is one instruction.
            guard let instruction = disassemble(at: stop.pc == 0 ? 0 : ((try? debugger.registers())?.instructionPointer ?? 0), count: 1).first,
                  instruction.isCall, let id = try? debugger.setBreakpoint(at: instruction.nextAddress, temporary: true, hidden: true) else {
                return .stepInstruction
            }
            nextInstructionBreakpoint = id
            return .continue
        case "s", "step", "n", "next", "fin", "finish", "u", "until", "advance":
            var mode: LineStepper.Mode = word.hasPrefix("s") ? .step : word.hasPrefix("n") ? .next : word.hasPrefix("f") ? .finish : .until
            if word == "advance" || (mode == .until && !rest.trimmingSpaces.isEmpty) {
                guard !rest.trimmingSpaces.isEmpty else { failure("Argument required (a location)."); return nil }
                guard let target = resolve(rest) else { return nil }
                mode = .advance(target)
            }
            let level = mode == .finish ? selectedFrame : 0
            guard let symbols = loadSymbols(), let stepper = LineStepper(mode, debugger: debugger, symbols: symbols, frameLevel: level) else {
                failure(mode == .finish ? "\"finish\" not meaningful in the outermost frame." : "Cannot find bounds of current function")
                return nil
            }
            planFunction = symbolFrame(stop.pc)?.symbol
            if mode == .finish, !json, !batch {
                let frames = currentFrames()
                say("Run till exit from " + (level < frames.count ? frameLine(level, frames[level]) : "#0  \(location(stop.pc, symbolFrame(stop.pc)))"))
            }
            plan = stepper
            return stepper.firstCommand
        case "k", "kill":
            finishing = .kill
            return .kill
        case "q", "quit":
            finishing = debugger.wasAttached ? .detach : .kill
            return finishing!
        case "detach":
            if !json { say("[Inferior \(inferior) (process \(debugger.process)) detached]") }
            finishing = .detach
            return .detach
        case "b", "break", "br", "tbreak":
            breakCommand(rest, temporary: word == "tbreak")
        case "hbreak", "thbreak":
            hardwareBreakCommand(rest)
        case "d", "delete":
            if rest.isEmpty {
                for breakpoint in debugger.breakpoints where breakpoint.id > 0 { debugger.delete(breakpoint.id) }
                for watchpoint in debugger.watchpoints { debugger.deleteWatchpoint(watchpoint.id) }
                debugger.deleteSyscallCatchpoint()
                for catchpoint in debugger.catchpoints { debugger.deleteCatchpoint(catchpoint.id) }
                pendingBreakpoints.removeAll()
            } else {
                for item in rest.split(separator: " ") {
                    guard let id = Int(item) else { failure("Convenience variable must have integer value.\nArguments must be breakpoint numbers."); continue }
                    if !debugger.delete(id) && !debugger.deleteWatchpoint(id) {
                        if let index = pendingBreakpoints.firstIndex(where: { $0.id == id }) {
                            pendingBreakpoints.remove(at: index)
                        } else if debugger.syscallCatchpoint?.id == id { debugger.deleteSyscallCatchpoint() } else if !debugger.deleteCatchpoint(id) {
                            failure("No breakpoint number \(id).")
                        }
                    }
                }
            }
            result("delete", nil)
        case "disable", "enable":
            for item in rest.split(separator: " ") {
                guard let id = Int(item), debugger.setEnabled(id, word == "enable") else { failure("No breakpoint number \(item)."); continue }
            }
            result(word, nil)
        case "handle":
            handleCommand(rest)
        case "condition", "cond":
            conditionCommand(rest)
        case "ignore":
            let parts = rest.split(separator: " ")
            guard parts.count == 2, let id = Int(parts[0]), let count = Int(parts[1]), debugger.setIgnoreCount(id, count) else {
                failure("Argument required (a breakpoint number and a count).")
                return nil
            }
            result("ignore", "Will ignore next \(count) crossings of breakpoint \(id).")
        case "watch", "rwatch", "awatch":
            watchCommand(rest, access: word == "watch" ? .write : .readWrite, word: word)
        case "catch":
            catchCommand(rest)
        case "i", "info":
            infoCommand(rest)
        case "p", "print":
            printCommand(rest)
        case "set":
            setCommand(rest)
        case "x":
            examineCommand(String(trimmed.dropFirst(1)))
        case "disassemble", "disas":
            disassembleCommand(rest, at: stop)
        case "thread", "t":
            threadCommand(rest)
        case "list", "l":
            listCommand(rest)
        case "display":
            displayCommand(String(trimmed.dropFirst(word.count)))
        case "undisplay":
            let numbers = rest.split(separator: " ").compactMap { Int($0) }
            if rest.trimmingSpaces.isEmpty { displays.removeAll() } else { displays.removeAll { numbers.contains($0.id) } }
            result("undisplay", nil)
        case "start":
            // The program is stopped at its start already: to main, as gdb's `start` (a temporary breakpoint there).
            breakCommand("main", temporary: true)
            return .continue
        case "frame", "f", "up", "down":
            frameCommand(word, rest)
        case "bt", "backtrace", "where":
            backtraceCommand(stop)
        case "help", "h":
            let topic = rest.trimmingSpaces
            if topic.isEmpty {
                result("help", DebugCommand.usage)
            } else if let entry = DebugCommand.commandHelp.first(where: { $0.names.contains(topic) }) {
                result("help", entry.text)
            } else {
                failure("Undefined command: \"\(topic)\".  Try \"help\".")
            }
        default:
            failure("Undefined command: \"\(word)\".  Try \"help\".")
        }
        return nil
    }

    /// The current thread's frames, innermost first.
    private mutating func currentFrames() -> [StackFrame] {
        guard let registers = try? debugger.registers(), let symbols = loadSymbols(),
              let frames = try? symbols.backtrace(of: debugger.currentThread, registers: registers, limit: 64) else { return [] }
        return Self.endingAtMain(frames)
    }

    /// gdb's `backtrace past-main off`: the frames below `main` (libc's start-up) are not shown.
    static func endingAtMain(_ frames: [StackFrame]) -> [StackFrame] {
        guard let main = frames.firstIndex(where: { $0.symbol == "main" && !$0.inlined }) else { return frames }
        return Array(frames[...main])
    }

    /// The registers as the selected frame sees them: its pc (the others are the innermost frame's).
    private mutating func selectedFrameRegisters(_ registers: Registers) -> Registers {
        guard selectedFrame > 0 else { return registers }
        let frames = currentFrames()
        guard selectedFrame < frames.count else { return registers }
        var registers = registers
        registers.instructionPointer = frames[selectedFrame].pc
        return registers
    }

    /// `frame [N]`, `up [N]`, `down [N]`: select a frame and show it; `info frame`: describe it.
    private mutating func frameCommand(_ word: String, _ argument: String) {
        let frames = currentFrames()
        guard !frames.isEmpty else { failure("No stack."); return }
        let text = argument.trimmingSpaces
        var target = selectedFrame
        switch word {
        case "up", "down":
            guard let count = text.isEmpty ? 1 : Int(text) else { failure("Invalid number \"\(text)\"."); return }
            target += word == "up" ? count : -count
            if target >= frames.count {
                guard selectedFrame < frames.count - 1 else { failure("Initial frame selected; you cannot go up."); return }
                target = frames.count - 1
            } else if target < 0 {
                guard selectedFrame > 0 else { failure("Bottom (innermost) frame selected; you cannot go down."); return }
                target = 0
            }
        default:
            if !text.isEmpty {
                guard let level = Int(text), level >= 0 else { failure("Invalid number \"\(text)\"."); return }
                guard level < frames.count else { failure("No frame at level \(text)."); return }
                target = level
            }
        }
        selectedFrame = target
        listNext = nil  // `list` is around the selected frame now
        let frame = frames[target]
        var shown = frameLine(target, frame)
        shown += sourceSuffix(frame)
        result(word == "f" ? "frame" : word, shown, extra: ["level": .number(Int64(target)), "pc": .address(frame.pc),
                                                           "function": frame.symbol.map(JSONOut.string) ?? .null])
    }

    /// `info frame`: the selected frame's level, pc, place and caller.
    private mutating func infoFrame() {
        let frames = currentFrames()
        guard selectedFrame < frames.count else { failure("No stack."); return }
        let frame = frames[selectedFrame]
        var lines = ["Stack level \(selectedFrame):"]
        var place = " rip = 0x\(hex(frame.pc))"
        if let symbol = frame.symbol {
            place += " in \(symbol)"
            if let file = frame.file, let line = frame.line { place += " (\(file):\(line))" }
        }
        if selectedFrame + 1 < frames.count { place += "; saved rip = 0x\(hex(frames[selectedFrame + 1].pc))" }
        lines.append(place)
        if selectedFrame + 1 < frames.count { lines.append(" called by frame at level \(selectedFrame + 1)") }
        if selectedFrame > 0 { lines.append(" caller of frame at level \(selectedFrame - 1)") }
        if frame.inlined { lines.append(" inlined into frame \(selectedFrame + 1)") }
        result("info frame", lines.joined(separator: "\n"), extra: ["level": .number(Int64(selectedFrame)), "pc": .address(frame.pc)])
    }

    /// A frame as `bt` prints it: `#N  0x... in FUNCTION () at FILE:LINE`.
    private func frameLine(_ index: Int, _ frame: StackFrame) -> String {
        var text = "#\(pad(String(index), 3))"
        // The kernel's return path from a signal handler (glibc's sigreturn trampoline), as gdb shows it.
        if index > 0 && frame.symbol == "__restore_rt" { return text + "<signal handler called>" }
        if (index > 0 && !frame.inlined) || frame.symbol == nil || (index == 0 && frame.file != nil && !isLineStart(frame.pc)) {
            text += "0x\(hex(frame.pc, width: 16)) in "
        }
        text += "\(frame.symbol ?? "??") ()"
        if let file = frame.file, let line = frame.line { text += " at \(file):\(line)" }
        return text
    }

    /// gdb's What for a code address: `in FUNCTION at FILE:LINE`, or `<FUNCTION+OFFSET>` without line information.
    private mutating func breakpointPlace(_ address: UInt64) -> String {
        guard let frame = symbolFrame(address), let symbol = frame.symbol else { return "" }
        if let file = frame.file, let line = frame.line { return "in \(symbol) at \(file):\(line)" }
        return "<\(symbol)" + (frame.symbolOffset.flatMap { $0 == 0 ? nil : "+\($0)" } ?? "") + ">"
    }

    /// How gdb names a catchpoint: `fork`, `signal SIGUSR1`, `standard signals`.
    private func catchDescription(_ kind: CatchKind) -> String {
        switch kind {
        case .fork: "fork"
        case .vfork: "vfork"
        case .exec: "exec"
        case .signal(nil): "standard signals"
        case .signal(let signals?): "signal " + signals.sorted().map { Signal(rawValue: $0).description }.joined(separator: " ")
        }
    }

    /// `handle SIGNAL... KEYWORD...`: what the signals do from now on (gdb's keywords).
    private mutating func handleCommand(_ argument: String) {
        var signals: [Signal] = []
        var changes: [(inout SignalHandling) -> Void] = []
        for word in argument.split(separator: " ") {
            switch word.lowercased() {
            case "stop": changes.append { $0.stop = true; $0.print = true }
            case "nostop": changes.append { $0.stop = false }
            case "print": changes.append { $0.print = true }
            case "noprint": changes.append { $0.print = false; $0.stop = false }
            case "pass", "noignore": changes.append { $0.pass = true }
            case "nopass", "ignore": changes.append { $0.pass = false }
            case "all": signals += (1...31).map { Signal(rawValue: $0) }.filter { $0 != .trap && $0 != .interrupt }
            default:
                guard let signal = Signal(name: String(word)) else {
                    failure("Unrecognized or ambiguous flag word: \"\(word)\".")
                    return
                }
                signals.append(signal)
            }
        }
        guard !signals.isEmpty else { failure("Argument required (signal number or name)."); return }
        for signal in signals {
            var handling = debugger.handling(of: signal)
            for change in changes { change(&handling) }
            debugger.setHandling(handling, for: signal)
        }
        // gdb shows the table at its prompt, not in a batch.
        result("handle", batch ? nil : signalTable(signals))
    }

    /// gdb's `info signals` table.
    private func signalTable(_ signals: [Signal]) -> String {
        var lines = ["Signal        Stop\tPrint\tPass to program\tDescription"]
        for signal in signals {
            let handling = debugger.handling(of: signal)
            let yes = { (value: Bool) in value ? "Yes" : "No" }
            let meaning = strsignal(signal.rawValue).map { String(cString: $0) } ?? ""
            lines.append("\(pad(signal.description, 14))\(yes(handling.stop))\t\(yes(handling.print))\t\(yes(handling.pass))\t\t\(meaning)")
        }
        return lines.joined(separator: "\n")
    }

    /// `display[/x] EXPRESSION`: shown now and after every stop, as gdb's `N: EXPR = VALUE`.
    private mutating func displayCommand(_ argument: String) {
        var text = argument.trimmingSpaces
        var hexadecimal = false
        if text.hasPrefix("/x") {
            hexadecimal = true
            text = String(text.dropFirst(2)).trimmingSpaces
        }
        guard !text.isEmpty else { showDisplays(); return }
        nextDisplay += 1
        displays.append((nextDisplay, text, hexadecimal))
        // gdb shows it at once at its prompt, not in a batch.
        if !batch { showDisplays(only: nextDisplay) }
    }

    /// The `display` expressions' values (gdb prints them after each stop).
    private mutating func showDisplays(only: Int? = nil) {
        for display in displays where only == nil || display.id == only {
            let line: String
            do {
                let value = try evaluate(display.expression)
                let shown = display.hex ? "0x" + hex(UInt64(bitPattern: value)) : String(value)
                line = "\(display.id): \(display.hex ? "/x " : "")\(display.expression) = \(shown)"
            } catch {
                line = "\(display.id): \(display.hex ? "/x " : "")\(display.expression) = <error: \(error.description)>"
            }
            result("display", line, extra: ["display": .number(Int64(display.id))])
        }
    }

    /// `list [LINE|FILE:LINE|FUNCTION]`: ten source lines around it, or
    /// around the selected frame's line; `list` again goes on with the next ten.
    private mutating func listCommand(_ argument: String) {
        let text = argument.trimmingSpaces
        var file: String
        var center: Int
        if text.isEmpty, let next = listNext, let current = listFile {
            file = current
            center = next + 5
        } else if text.isEmpty {
            let frames = currentFrames()
            guard selectedFrame < frames.count, let place = frames[selectedFrame].file, let line = frames[selectedFrame].line else {
                failure("No symbol table is loaded.  Use the \"file\" command.")
                return
            }
            file = place
            center = line
        } else if let line = Int(text) {
            guard let current = listFile ?? currentFrames().first?.file else { failure("No symbol table is loaded.  Use the \"file\" command."); return }
            file = current
            center = line
        } else if let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) {
            guard let address = resolve(text), let place = loadSymbols()?.lineInfo(at: address) else { return }
            file = place.file
            center = line
        } else {
            // A function: around the line it starts on.
            guard let entry = loadSymbols()?.addresses(ofFunction: text).first else { failure("Function \"\(text)\" not defined."); return }
            guard let place = loadSymbols()?.lineInfo(at: entry) else { failure("No line number known for \(text)."); return }
            file = place.file
            center = place.line
        }
        guard let count = SourceLines.count(of: file) else { failure("\(file): No such file or directory."); return }
        let first = max(1, center - 5)
        listFile = file
        guard first <= count else {
            failure("Line number \(first) out of range; \(file) has \(count) lines.")
            return
        }
        let last = min(count, first + 9)
        listNext = last + 1
        let lines = (first...last).map { "\($0)\t\(SourceLines.line($0, of: file) ?? "")" }
        result("list", lines.joined(separator: "\n"), extra: ["file": .string(file), "first": .number(Int64(first)), "last": .number(Int64(last))])
    }

    /// `condition N [EXPRESSION]`: gives breakpoint N a condition, or takes it away.
    private mutating func conditionCommand(_ argument: String) {
        let parts = argument.trimmingSpaces.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let id = Int(first) else { failure("Argument required (breakpoint number)."); return }
        guard debugger.breakpoints.contains(where: { $0.id == id }) else { failure("No breakpoint number \(id)."); return }
        guard parts.count == 2 else {
            debugger.setCondition(id, nil)
            // gdb says so at its prompt, not in a batch.
            result("condition", batch ? nil : "Breakpoint \(id) now unconditional.")
            return
        }
        let text = String(parts[1]).trimmingSpaces
        do {
            debugger.setCondition(id, try parseExpression(text), text: text)
            result("condition", nil)
        } catch {
            failure("Bad condition \"\(text)\": \(error.description)")
        }
    }

    /// `thread`: which thread is current; `thread N`: make thread N (gdb's number) current.
    private mutating func threadCommand(_ argument: String) {
        let text = argument.trimmingSpaces
        if text.isEmpty {
            let tid = debugger.currentThread
            result("thread", "[Current thread is \(debugger.threadNumber(of: tid) ?? 0) (LWP \(tid))]",
                   extra: ["thread": .number(Int64(debugger.threadNumber(of: tid) ?? 0)), "lwp": .number(Int64(tid))])
            return
        }
        guard let number = Int(text), number > 0 else { failure("Invalid thread ID: \(text)"); return }
        guard number <= debugger.threadHistory.count, case let tid = debugger.threadHistory[number - 1],
              (try? debugger.selectThread(tid)) != nil else {
            failure("Unknown thread \(number).")
            return
        }
        selectedFrame = 0
        let (pc, frame) = innermostFrame(of: tid)
        var shown = "[Switching to thread \(number) (LWP \(tid))]\n#0  \(location(pc, frame))"
        shown += sourceSuffix(frame)
        result("thread", shown,
               extra: ["thread": .number(Int64(number)), "lwp": .number(Int64(tid)), "pc": .address(pc)])
    }

    /// Where a thread is: its pc and innermost frame (an inlined function's own, as `bt` shows it).
    private mutating func innermostFrame(of tid: pid_t) -> (UInt64, StackFrame?) {
        guard let registers = try? debugger.registers(of: tid) else { return (0, nil) }
        let pc = registers.instructionPointer
        if let symbols = loadSymbols(), let frame = try? symbols.backtrace(of: tid, registers: registers, limit: 1).first {
            return (pc, frame)
        }
        return (pc, symbolFrame(pc))
    }

    /// A thread's name, as the kernel keeps it (`comm`).
    private func threadName(_ tid: pid_t) -> String {
        // The program sets it (PR_SET_NAME): escaped, so it cannot write to the terminal.
        let bytes = (try? ProcFS.readFile("/proc/\(debugger.process)/task/\(tid)/comm")) ?? []
        return Self.escapedC(Array(bytes.prefix { $0 != UInt8(ascii: "\n") }), quote: "\"")
    }

    private mutating func breakCommand(_ argument: String, temporary: Bool) {
        // LOCATION [if CONDITION]
        var location = argument, conditionText: String? = nil
        let words = argument.split(separator: " ", omittingEmptySubsequences: false)
        if let index = words.firstIndex(of: "if") {
            location = words[..<index].joined(separator: " ")
            conditionText = words[(index + 1)...].joined(separator: " ").trimmingSpaces
        }
        var condition: Expression? = nil
        if let conditionText {
            do { condition = try parseExpression(conditionText) } catch {
                failure("Bad condition \"\(conditionText)\": \(error.description)")
                return
            }
        }
        guard let address = resolve(location) else {
            // Not in the program yet: perhaps in a library it will load (gdb's pending breakpoint).
            guard !location.trimmingSpaces.isEmpty, !location.hasPrefix("*"), allowPending() else { return }
            let id = debugger.reserveNumber()
            pendingBreakpoints.append((id, location.trimmingSpaces, temporary, conditionText, condition))
            debugger.stopAtLibraryEvents(true)
            result("break", "Breakpoint \(id) (\(location.trimmingSpaces)) pending.", extra: ["breakpoint": .number(Int64(id)), "pending": .bool(true)])
            return
        }
        do {
            let id = try debugger.setBreakpoint(at: address, temporary: temporary)
            if temporary { temporaryBreakpoints.insert(id) }
            if let condition { debugger.setCondition(id, condition, text: conditionText) }
            let frame = symbolFrame(address)
            var text = "\(temporary ? "Temporary breakpoint" : "Breakpoint") \(id) at 0x\(hex(address))"
            if let file = frame?.file, let line = frame?.line { text += ": file \(file), line \(line)." }
            result("break", text, extra: ["breakpoint": .number(Int64(id)), "address": .address(address)])
        } catch {
            failure(error.description)
        }
    }

    /// Whether a breakpoint may wait for a library: `set breakpoint pending`,
    /// or at a terminal the user's answer (gdb's question).
    private mutating func allowPending() -> Bool {
        switch pendingMode {
        case "on": return true
        case "off": return false
        default:
            let question = "Make breakpoint pending on future shared library load? (y or [n]) "
            guard !batch, !json, isatty(0) == 1 else {
                failure(question + "[answered N; input not from terminal]")
                return false
            }
            var prompt = question
            prompt.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            let answer = readLine(strippingNewline: true)?.trimmingSpaces.lowercased() ?? ""
            return answer == "y" || answer == "yes"
        }
    }

    /// Sets each pending breakpoint whose location resolves now (quietly: the others stay pending).
    private mutating func resolvePendingBreakpoints() {
        var still: [(id: Int, location: String, temporary: Bool, conditionText: String?, condition: Expression?)] = []
        for pending in pendingBreakpoints {
            muted = true
            let address = resolve(pending.location)
            muted = false
            guard let address, (try? debugger.setBreakpoint(at: address, temporary: pending.temporary, number: pending.id)) != nil else {
                still.append(pending)
                continue
            }
            if let condition = pending.condition { debugger.setCondition(pending.id, condition, text: pending.conditionText) }
        }
        pendingBreakpoints = still
        if still.isEmpty { debugger.stopAtLibraryEvents(false) }
    }

    /// `hbreak LOCATION`: a breakpoint in a debug register (no int3 in the code; at most four with the watchpoints).
    private mutating func hardwareBreakCommand(_ location: String) {
        guard let address = resolve(location) else { return }
        do {
            let id = try debugger.setHardwareBreakpoint(at: address)
            let frame = symbolFrame(address)
            var text = "Hardware assisted breakpoint \(id) at 0x\(hex(address))"
            if let file = frame?.file, let line = frame?.line { text += ": file \(file), line \(line)." }
            result("hbreak", text, extra: ["breakpoint": .number(Int64(id)), "address": .address(address)])
        } catch {
            failure(error.description)
        }
    }

    private mutating func watchCommand(_ expression: String, access: DebugRegisters.Access, word: String) {
        // What is watched is memory: `NAME` (a global variable, its size),
        // `*ADDRESS` (an int, as gdb), or `*(TYPE *)ADDRESS` / `*(TYPE *)&NAME`.
        let address: UInt64, length: Int
        do {
            guard case .memory(let place, let size, _) = try parseExpression(expression) else {
                failure("Cannot watch constant value `\(expression.trimmingSpaces)'.")
                return
            }
            guard let registers = try? debugger.registers() else { failure("No registers."); return }
            let debugger = self.debugger
            address = UInt64(bitPattern: try place.evaluate(registers: registers) { try? debugger.readMemory(at: $0, count: $1) })
            length = size
        } catch {
            failure(error.description)
            return
        }
        do {
            let id = try debugger.setWatchpoint(at: address, length: length, access: access)
            let name = word == "watch" ? "Hardware watchpoint" : word == "rwatch" ? "Hardware read watchpoint" : "Hardware access (read/write) watchpoint"
            watchExpressions[id] = expression.trimmingSpaces
            result(word, "\(name) \(id): \(expression.trimmingSpaces)", extra: ["watchpoint": .number(Int64(id)), "address": .address(address)])
        } catch {
            failure(error.description)
        }
    }

    private mutating func catchCommand(_ rest: String) {
        let parts = rest.split(separator: " ", maxSplits: 1)
        switch parts.first {
        case "fork", "vfork", "exec":
            let kind: CatchKind = parts.first == "fork" ? .fork : parts.first == "vfork" ? .vfork : .exec
            let id = debugger.catchEvents(kind)
            result("catch", "Catchpoint \(id) (\(catchDescription(kind)))", extra: ["catchpoint": .number(Int64(id))])
            return
        case "signal":
            var signals: Set<CInt>? = nil
            if parts.count > 1 {
                signals = []
                for name in parts[1].split(separator: " ") {
                    guard let signal = Signal(name: String(name)) else { failure("Unknown signal name '\(name)'."); return }
                    signals?.insert(signal.rawValue)
                }
            }
            let id = debugger.catchEvents(.signal(signals))
            result("catch", "Catchpoint \(id) (\(catchDescription(.signal(signals))))", extra: ["catchpoint": .number(Int64(id))])
            return
        case "syscall":
            break
        default:
            failure("Catch what? `catch syscall [NAME...]`, `catch fork`, `catch vfork`, `catch exec`, `catch signal [SIGNAL...]`.")
            return
        }
        let names = parts.count > 1 ? parts[1].split(separator: " ").joined(separator: ",") : "all"
        do {
            let calls = try SyscallSet(parsing: names, expression: "catch syscall \(names)", start: 0)
            let id = debugger.catchSyscalls(calls)
            if syscallText == nil, let text = CaughtSyscallText() {
                syscallText = text
                debugger.syscallObserver = { event, tracee in text.render(event, tracee) }
            }
            result("catch", "Catchpoint \(id) (syscall\(names == "all" ? "" : " '\(names)'"))", extra: ["catchpoint": .number(Int64(id))])
        } catch {
            failure(error.description)
        }
    }

    private mutating func infoCommand(_ rest: String) {
        let parts = rest.split(separator: " ")
        guard let what = parts.first else { failure("List of info subcommands: breakpoints, registers, threads."); return }
        switch what {
        case "b", "break", "breakpoints", "watchpoints":
            // Every kind, in number order, as gdb lists them.
            var entries: [(id: Int, lines: [String])] = []
            let hits = { (count: Int) in count > 0 ? ["\tbreakpoint already hit \(count) time\(count == 1 ? "" : "s")"] : [] }
            for breakpoint in debugger.breakpoints where breakpoint.id > 0 {
                var lines = ["\(pad(String(breakpoint.id), 8))breakpoint     \(breakpoint.temporary ? "del " : "keep")\(breakpoint.enabled ? " y  " : " n  ") 0x\(hex(breakpoint.address, width: 16)) \(breakpointPlace(breakpoint.address))"]
                if let condition = breakpoint.conditionText { lines.append("\tstop only if \(condition)") }
                entries.append((breakpoint.id, lines + hits(breakpoint.hitCount)))
            }
            for watchpoint in debugger.watchpoints {
                if watchpoint.access == .execute {
                    entries.append((watchpoint.id, ["\(pad(String(watchpoint.id), 8))hw breakpoint  keep y   0x\(hex(watchpoint.address, width: 16)) \(breakpointPlace(watchpoint.address))"]
                                    + hits(watchpoint.hitCount)))
                } else {
                    let type = watchpoint.access == .write ? "hw watchpoint  " : "acc watchpoint "
                    entries.append((watchpoint.id, ["\(pad(String(watchpoint.id), 8))\(type)keep y                      \(watchExpressions[watchpoint.id] ?? "*0x" + hex(watchpoint.address))"]
                                    + hits(watchpoint.hitCount)))
                }
            }
            for pending in pendingBreakpoints {
                var lines = ["\(pad(String(pending.id), 8))breakpoint     \(pending.temporary ? "del " : "keep") y   <PENDING>          \(pending.location)"]
                if let condition = pending.conditionText { lines.append("\tstop only if \(condition)") }
                entries.append((pending.id, lines))
            }
            if let catchpoint = debugger.syscallCatchpoint { entries.append((catchpoint.id, ["\(pad(String(catchpoint.id), 8))catchpoint     keep y                      syscall"])) }
            for catchpoint in debugger.catchpoints {
                entries.append((catchpoint.id, ["\(pad(String(catchpoint.id), 8))catchpoint     keep y                      \(catchDescription(catchpoint.kind))"]))
            }
            var lines = ["Num     Type           Disp Enb Address            What"] + entries.sorted { $0.id < $1.id }.flatMap(\.lines)
            if !pendingBreakpoints.isEmpty && entries.count == pendingBreakpoints.count {
                // Only pending ones: gdb's Address column is as wide as `<PENDING>`.
                lines = lines.map { $0.replacing("<PENDING>          ", with: "<PENDING>  ").replacing("Address            What", with: "Address    What") }
            }
            result("info breakpoints", lines.count == 1 ? "No breakpoints or watchpoints." : lines.joined(separator: "\n"))
        case "r", "registers", "all-registers":
            guard let registers = try? debugger.registers() else { failure("The program has no registers now."); return }
            let wanted = parts.dropFirst().map { $0.hasPrefix("$") ? String($0.dropFirst()) : String($0) }
            var lines: [String] = []
            for name in wanted.isEmpty ? RegisterNames.shown : wanted {
                guard let value = RegisterNames.value(name, in: registers) else { failure("Invalid register `\(name)'"); return }
                // gdb's columns: the name in 15, the hex value in 19 and a space; the code pointer named.
                var natural = RegisterNames.natural(name, value)
                if name == "rip" || name == "pc", let symbol = symbolNamer()(value) { natural += " <\(symbol)>" }
                lines.append("\(pad(name, 15))\(pad("0x" + hex(value), 19)) \(natural)")
            }
            result("info registers", lines.joined(separator: "\n"))
        case "frame", "f":
            infoFrame()
        case "display":
            let lines = displays.map { "\($0.id):   y  \($0.hex ? "/x " : "")\($0.expression)" }
            result("info display", displays.isEmpty ? "There are no auto-display expressions now." : (["Auto-display expressions now in effect:", "Num Enb Expression"] + lines).joined(separator: "\n"))
        case "signals", "signal", "handle":
            var signals: [Signal] = []
            for name in parts.dropFirst() {
                guard let signal = Signal(name: String(name)) else { failure("Only signals 1-64 are valid as numeric signals.\nUse \"info signals\" for a list of symbolic signals."); return }
                signals.append(signal)
            }
            if signals.isEmpty { signals = (1...31).map { Signal(rawValue: $0) } }
            result("info signals", signalTable(signals))
        case "threads":
            var lines = ["  Id   Target Id                       Frame "]
            var list: [JSONOut] = []
            for tid in debugger.threadHistory where debugger.threads.contains(tid) {
                let number = debugger.threadNumber(of: tid) ?? 0
                let (pc, frame) = innermostFrame(of: tid)
                let target = "LWP \(tid) \"\(threadName(tid))\""
                lines.append("\(tid == debugger.currentThread ? "*" : " ") \(pad(String(number), 4)) \(pad(target, 31)) \(location(pc, frame))")
                list.append(.object(["id": .number(Int64(number)), "lwp": .number(Int64(tid)), "pc": .address(pc),
                                     "current": .bool(tid == debugger.currentThread)]))
            }
            result("info threads", lines.joined(separator: "\n"), extra: ["threads": .array(list)])
        default:
            failure("Undefined info command: \"\(what)\".  Try \"help info\".")
        }
    }

    /// `print[/FORMAT] EXPRESSION`: registers, memory, arithmetic (see `Expression`); `/x` in hex.
    private mutating func printCommand(_ expression: String) {
        var text = expression.trimmingSpaces
        var hexadecimal = false
        if text.hasPrefix("/") {
            let format = text.dropFirst().prefix { $0 != " " }
            guard format == "x" || format == "d" else { failure("Only print/x and print/d are supported."); return }
            hexadecimal = format == "x"
            text = String(text.dropFirst(1 + format.count)).trimmingSpaces
        }
        guard !text.isEmpty else { failure("An expression is needed."); return }
        let value: Int64
        do {
            value = try evaluate(text)
        } catch {
            failure(error.description)
            return
        }
        // gdb types the code and stack pointers: a function pointer (named) and a `void *`.
        let address = UInt64(bitPattern: value)
        var shown = hexadecimal ? "0x" + hex(address) : String(value)
        if !hexadecimal, text.hasPrefix("&"), case .constant = (try? parseExpression(text)) ?? .constant(0) {
            // An address of a variable: named, as gdb shows it (without its C type, which needs DWARF).
            shown = "0x\(hex(address))" + (symbolNamer()(address).map { " <\($0)>" } ?? "")
        } else if !hexadecimal, text == "$eflags" {
            shown = RegisterNames.natural("eflags", address)
        } else if !hexadecimal, ["$rip", "$pc"].contains(text) {
            shown = "(void (*)()) 0x\(hex(address))" + (symbolNamer()(address).map { " <\($0)>" } ?? "")
        } else if !hexadecimal, ["$rsp", "$sp", "$rbp", "$fp"].contains(text) {
            shown = "(void *) 0x\(hex(address))"
        }
        printed += 1
        result("print", "$\(printed) = \(shown)", extra: ["value": .number(value)])
    }

    private mutating func setCommand(_ rest: String) {
        // set $REG = VALUE, or set var $REG = VALUE; set breakpoint pending on|off|auto
        var text = rest.trimmingSpaces
        let words = text.split(separator: " ")
        if words.count == 2, words[0] == "follow-fork-mode" {
            guard words[1] == "child" || words[1] == "parent" else { failure("Undefined item: \"\(words[1])\"."); return }
            debugger.followForkChild = words[1] == "child"
            result("set", nil)
            return
        }
        if words.count == 3, words[0] == "breakpoint", words[1] == "pending" {
            guard ["on", "off", "auto"].contains(words[2]) else { failure("\"on\", \"off\" or \"auto\" expected."); return }
            pendingMode = String(words[2])
            result("set", nil)
            return
        }
        if text.hasPrefix("var ") { text = String(text.dropFirst(4)).trimmingSpaces }
        // The first `=` that is not part of `==`, `!=`, `<=` or `>=`.
        let bytes = Array(text.utf8)
        guard let equals = bytes.indices.first(where: { index in
            bytes[index] == UInt8(ascii: "=") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "="))
                && (index == 0 || !"=!<>".utf8.contains(bytes[index - 1]))
        }) else {
            failure("Only `set $REGISTER = VALUE`, `set var NAME = VALUE` and `set *(TYPE *)ADDRESS = VALUE` are supported.")
            return
        }
        let target = String(decoding: bytes[..<equals], as: UTF8.self).trimmingSpaces
        let valueText = String(decoding: bytes[(equals + 1)...], as: UTF8.self).trimmingSpaces
        let value: Int64
        let place: Expression
        do {
            value = try evaluate(valueText)
            place = try parseExpression(target)
        } catch {
            failure(error.description)
            return
        }
        switch place {
        case .register(let name):
            guard var registers = try? debugger.registers(), RegisterNames.set(name, UInt64(bitPattern: value), in: &registers) else {
                failure("Invalid register `\(name)'")
                return
            }
            do { try debugger.setRegisters(registers); result("set", nil) } catch { failure(error.description) }
        case .memory(let addressExpression, let size, _):
            // A variable or `*(TYPE *)ADDRESS`: its bytes, little-endian.
            guard let registers = try? debugger.registers() else { failure("No registers."); return }
            let debugger = self.debugger
            let address: UInt64
            do {
                address = UInt64(bitPattern: try addressExpression.evaluate(registers: registers) { try? debugger.readMemory(at: $0, count: $1) })
            } catch {
                failure(error.description)
                return
            }
            let encoded = (0..<size).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(8 * $0)) }
            do {
                try debugger.writeMemory(encoded, at: address)
                result("set", nil)
            } catch {
                failure(error.description)
            }
        default:
            failure("Left operand of assignment is not an lvalue.")
        }
    }

    /// `x/NFU ADDRESS`: N units of U (b, h, w, g) in format F (x, d, u, c).
    private mutating func examineCommand(_ rest: String) {
        var count = 1, format: Character = "x", unit = 4
        var text = Substring(rest)
        if text.first == "/" {
            text = text.dropFirst()
            let digits = text.prefix { $0.isNumber }
            if !digits.isEmpty { count = Int(digits) ?? 1 }
            text = text.dropFirst(digits.count)
            while let letter = text.first, letter != " " {
                switch letter {
                case "b": unit = 1
                case "h": unit = 2
                case "w": unit = 4
                case "g": unit = 8
                case "x", "d", "u", "c", "i", "s": format = letter
                default: failure("Invalid format letter '\(letter)'."); return
                }
                text = text.dropFirst()
            }
        }
        let expression = String(text).trimmingSpaces
        var address: UInt64? = number(expression)
        if address == nil, let value = try? evaluate(expression) { address = UInt64(bitPattern: value) }
        guard let start = address else { failure("No symbol \"\(expression)\" in current context."); return }
        count = min(max(count, 1), 1 << 16)
        if format == "i" {
            // x/Ni: N instructions, gdb's `=> ` on the one at the stop.
            let instructions = disassemble(at: start, count: count)
            guard !instructions.isEmpty else { failure("Cannot access memory at address 0x\(hex(start))"); return }
            let pc = (try? debugger.registers())?.instructionPointer
            let name = symbolNamer()
            let lines = instructions.map { instruction -> String in
                let label = name(instruction.address).map { " <\($0)>" } ?? ""
                return (instruction.address == pc ? "=> " : "   ") + "0x\(hex(instruction.address))\(label):\t"
                    + instruction.text(symbolizer: name)
            }
            result("x", lines.joined(separator: "\n"))
            return
        }
        if format == "s" {
            examineStrings(at: start, count: count)
            return
        }
        if format == "c" { unit = 1 }
        guard let bytes = try? debugger.readMemory(at: start, count: count * unit) else {
            failure("Cannot access memory at address 0x\(hex(start))")
            return
        }
        let perLine = unit == 1 ? 8 : unit == 2 ? 8 : unit == 4 ? 4 : 2
        var lines: [String] = []
        var values: [JSONOut] = []
        for index in 0..<count {
            var value: UInt64 = 0
            for byte in 0..<unit { value |= UInt64(bytes[index * unit + byte]) << UInt64(8 * byte) }
            values.append(.number(Int64(bitPattern: value)))
            let shown: String
            switch format {
            case "d":
                let shift = UInt64(64 - 8 * unit)
                shown = String(Int64(bitPattern: value << shift) >> Int64(shift))
            case "u": shown = String(value)
            case "c": shown = "\(Int8(truncatingIfNeeded: value)) '\(Self.escapedC([UInt8(truncatingIfNeeded: value)], quote: "'"))'"
            default: shown = "0x" + hex(value, width: unit * 2)
            }
            if index % perLine == 0 {
                let here = start &+ UInt64(index * unit)
                let name = symbolFrame(here).flatMap { frame in
                    frame.symbol.map { symbol in frame.symbolOffset.map { $0 == 0 ? "<\(symbol)>" : "<\(symbol)+\($0)>" } ?? "<\(symbol)>" }
                }
                lines.append("0x\(hex(here))" + (name.map { " \($0)" } ?? "") + ":")
            }
            lines[lines.count - 1] += "\t" + shown
        }
        result("x", lines.joined(separator: "\n"), extra: ["address": .address(start), "values": .array(values)])
    }

    /// `disassemble`: the function around the stop (or around FUNCTION or
    /// ADDRESS), as gdb dumps it, `=> ` on the instruction at the stop.
    private mutating func disassembleCommand(_ rest: String, at stop: DebugStop) {
        let target = rest.trimmingSpaces
        var around = stop.pc
        if !target.isEmpty {
            if let address = number(target) {
                around = address
            } else if let symbols = loadSymbols(), let address = symbols.addresses(ofFunction: target).first {
                around = address
            } else {
                failure("No symbol \"\(target)\" in current context.")
                return
            }
        }
        guard let frame = symbolFrame(around), let symbol = frame.symbol, let offset = frame.symbolOffset else {
            failure("No function contains specified address.")
            return
        }
        let start = around &- offset
        // The function's instructions: up to where another symbol starts.
        var instructions: [Instruction] = []
        var next = start
        while instructions.count < 65_536 {
            let batch = disassemble(at: next, count: 64)
            guard !batch.isEmpty else { break }
            var ended = false
            for instruction in batch {
                if instruction.address != start, symbolFrame(instruction.address)?.symbol != symbol { ended = true; break }
                instructions.append(instruction)
            }
            if ended { break }
            next = batch.last!.nextAddress
        }
        var lines = ["Dump of assembler code for function \(symbol):"]
        let name = symbolNamer()
        for instruction in instructions {
            lines.append((instruction.address == stop.pc ? "=> " : "   ") + "0x\(hex(instruction.address, width: 16)) <+\(instruction.address - start)>:\t"
                         + instruction.text(symbolizer: name))
        }
        lines.append("End of assembler dump.")
        result("disassemble", lines.joined(separator: "\n"))
    }

    /// Up to `count` instructions at `address`, from the program's own bytes (never an int3).
    private mutating func disassemble(at address: UInt64, count: Int) -> [Instruction] {
        if disassembler == nil { disassembler = try? Disassembler(mode: .x86_64) }
        guard let disassembler else { return [] }
        // 15 bytes is the longest x86 instruction; read less near the end of a mapping.
        var size = count * 15
        var bytes: [UInt8]? = nil
        while size > 0 {
            if let read = try? debugger.readMemory(at: address, count: size) { bytes = read; break }
            size /= 2
        }
        guard let bytes else { return [] }
        return disassembler.instructions(in: bytes, at: address, limit: count)
    }

    /// Names addresses as gdb does in `<...>`: `main`, `main+4` (nil when no symbol covers one).
    private mutating func symbolNamer() -> (UInt64) -> String? {
        let symbols = loadSymbols()
        return { address in
            if address != 0, let plt = symbols?.pltEntryName(at: address) { return plt }
            guard address != 0, let frame = symbols?.frame(at: address), let symbol = frame.symbol else { return nil }
            guard let offset = frame.symbolOffset, offset != 0 else { return symbol }
            return "\(symbol)+\(offset)"
        }
    }

    private mutating func backtraceCommand(_ stop: DebugStop) {
        let frames = currentFrames()
        guard !frames.isEmpty else {
            failure("No stack.")
            return
        }
        let lines = frames.enumerated().map { frameLine($0.offset, $0.element) }
        result("backtrace", lines.joined(separator: "\n"))
    }

    // MARK: Helpers

    /// An address from `*ADDRESS`, `ADDRESS` or a function name.
    private mutating func resolve(_ location: String) -> UInt64? {
        let text = location.trimmingSpaces
        if text.hasPrefix("*") {
            // `*ADDRESS`, or `*FUNCTION`: its first instruction (no prologue skipped).
            let target = String(text.dropFirst()).trimmingSpaces
            if let address = number(target) { return address }
            guard let address = loadSymbols()?.addresses(ofFunction: target).first else {
                failure("No symbol \"\(target)\" in current context.")
                return nil
            }
            return address
        }
        guard !text.isEmpty else { failure("No default breakpoint address now."); return nil }
        guard let symbols = loadSymbols() else { failure("No symbol table is loaded."); return nil }
        if let line = Int(text), line > 0 {
            // A bare LINE is in the current source file (where the thread is, else main's), as gdb has it.
            let pc = (try? debugger.registers())?.instructionPointer ?? 0
            guard let file = symbols.lineInfo(at: pc)?.file
                    ?? symbols.breakpointAddresses(ofFunction: "main").first.flatMap({ symbols.lineInfo(at: $0)?.file }) else {
                failure("No symbol table is loaded.  Use the \"file\" command.")
                return nil
            }
            return resolve("\(file):\(line)")
        }
        if let address = number(text) { return address }
        // FILE:LINE, or a function (after its prologue, where gdb's `break NAME` puts it).
        if let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) {
            do {
                guard let address = try symbols.addresses(file: String(text[..<colon]), line: line).first else {
                    failure("Line \(line) is out of range for \"\(text[..<colon])\".")
                    return nil
                }
                return address
            } catch {
                failure(error.description)
                return nil
            }
        }
        guard let address = symbols.breakpointAddresses(ofFunction: text).first else {
            failure("Function \"\(text)\" not defined.")
            return nil
        }
        return address
    }

    private mutating func loadSymbols() -> ProcessSymbols? {
        if symbols == nil { symbols = try? ProcessSymbols(pid: debugger.process, includeSource: true) }
        try? symbols?.refresh()
        return symbols
    }

    private mutating func symbolFrame(_ address: UInt64) -> StackFrame? {
        guard address != 0, let symbols = loadSymbols() else { return nil }
        return symbols.frame(at: address)
    }

    private func location(_ pc: UInt64, _ frame: StackFrame?) -> String {
        guard let frame, let symbol = frame.symbol else { return "0x\(hex(pc, width: 16)) in ?? ()" }
        if let file = frame.file, let line = frame.line {
            // gdb gives the address too when the pc is inside a line, not at its start.
            let address = isLineStart(pc) ? "" : "0x\(hex(pc, width: 16)) in "
            return "\(address)\(symbol) () at \(file):\(line)"
        }
        // gdb names the library a function is in, not the program itself.
        let executable = (try? ProcFS.linkTarget("/proc/\(debugger.process)/exe")).map { String(decoding: $0, as: UTF8.self) }
        let module = frame.module.flatMap { $0 == executable ? nil : " from \($0)" } ?? ""
        return "0x\(hex(pc, width: 16)) in \(symbol) ()\(module)"
    }

    /// `x/Ns`: N strings from `address` on, each up to its NUL, as gdb shows
    /// them (200 characters at most, then `...`; bytes escaped as C does).
    private mutating func examineStrings(at address: UInt64, count: Int) {
        var here = address
        var lines: [String] = []
        var strings: [JSONOut] = []
        for _ in 0..<count {
            // Byte by byte past a page end: a string may end just before unmapped memory.
            var bytes: [UInt8] = []
            var ended = false
            while bytes.count < 200 {
                let chunk = 64 - Int((here &+ UInt64(bytes.count)) % 64)
                guard let read = try? debugger.readMemory(at: here &+ UInt64(bytes.count), count: min(chunk, 200 - bytes.count)) else { break }
                if let nul = read.firstIndex(of: 0) {
                    bytes += read[..<nul]
                    ended = true
                    break
                }
                bytes += read
            }
            if bytes.isEmpty && !ended {
                failure("Cannot access memory at address 0x\(hex(here))")
                break
            }
            let name = symbolNamer()(here).map { " <\($0)>" } ?? ""
            lines.append("0x\(hex(here))\(name):\t\"\(Self.escapedC(bytes, quote: "\""))\"" + (ended ? "" : "..."))
            strings.append(.string(String(decoding: bytes, as: UTF8.self)))
            here &+= UInt64(bytes.count + (ended ? 1 : 0))
        }
        result("x", lines.joined(separator: "\n"), extra: ["address": .address(address), "strings": .array(strings)])
    }

    /// Bytes as gdb prints them in C quotes: printable ASCII as itself, the
    /// usual escapes (`\n`, `\t`, `\033`...), a printable UTF-8 character as
    /// itself (gdb's UTF-8 charset; never a control or formatting one, which
    /// could rewrite the terminal), every other byte in octal.
    static func escapedC(_ bytes: [UInt8], quote: Character) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0xc2, let (scalar, length) = utf8Scalar(bytes, at: index - 1), isSafeToShow(scalar) {
                out.unicodeScalars.append(scalar)
                index += length - 1
                continue
            }
            switch byte {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0a: out += "\\n"
            case 0x0b: out += "\\v"
            case 0x0c: out += "\\f"
            case 0x0d: out += "\\r"
            case 0x1b: out += "\\033"
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20...0x7e:
                let character = Character(Unicode.Scalar(byte))
                out += character == quote ? "\\" + String(character) : String(character)
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out
    }

    /// The scalar of a well-formed UTF-8 sequence at `start` and its length.
    private static func utf8Scalar(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[start]
        let length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
        guard lead < 0xf5, start + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07)
        for offset in 1..<length {
            let next = bytes[start + offset]
            guard next & 0xc0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3f)
        }
        // Overlong forms are not well-formed.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// A character that only draws: not a control, format (bidi), separator or private-use one.
    private static func isSafeToShow(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return false
        default: return scalar.value >= 0xa0
        }
    }

    /// `text` parsed as an expression, its global variables and `&NAME`s resolved through the ELF symbols.
    private mutating func parseExpression(_ text: String) throws(WiretapDebugger.ExpressionError) -> Expression {
        let symbols = loadSymbols()
        return try Expression(parsing: text).resolvingSymbols { symbols?.variable(named: $0) }
    }

    /// The value of `text` at this stop (registers of the selected frame).
    private mutating func evaluate(_ text: String) throws(WiretapDebugger.ExpressionError) -> Int64 {
        let parsed = try parseExpression(text)
        guard let registers = try? debugger.registers() else { throw WiretapDebugger.ExpressionError("No registers.") }
        let debugger = self.debugger
        return try parsed.evaluate(registers: selectedFrameRegisters(registers)) { address, count in
            try? debugger.readMemory(at: address, count: count)
        }
    }

    private func number(_ text: String) -> UInt64? {
        let text = text.trimmingSpaces
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }

    /// A command line from the user: at a terminal with line editing and
    /// history (libedit), and Enter repeating a stepping command as in gdb;
    /// otherwise a plain line.
    private mutating func readCommandLine() -> String? {
        guard !json, isatty(0) == 1 else {
            if !json { prompt() }
            return readLine(strippingNewline: true)
        }
        guard let raw = readline("(wiretap) ") else {
            say("quit")
            return nil
        }
        defer { free(raw) }
        let line = String(cString: raw)
        if line.trimmingSpaces.isEmpty { return repeatable ?? "" }
        add_history(raw)
        let word = line.trimmingSpaces.prefix { $0 != " " && $0 != "/" }
        let repeating: Set<Substring> = ["s", "step", "n", "next", "si", "stepi", "ni", "nexti", "c", "continue", "x", "up", "down", "u", "until"]
        repeatable = repeating.contains(word) ? line : nil
        return line
    }

    private func prompt() {
        _ = "(wiretap) ".withCString { write(1, $0, strlen($0)) }
    }

    private func say(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    private func failure(_ message: String) {
        if muted { return }
        if json { emit(["type": .string("error"), "message": .string(message)]) } else {
            var line = message + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
    }

    private func result(_ command: String, _ text: String?, extra: [String: JSONOut] = [:]) {
        if json {
            var object: [String: JSONOut] = ["type": .string("result"), "command": .string(command)]
            if let text { object["output"] = .string(text) }
            for (key, value) in extra { object[key] = value }
            emit(object)
        } else if let text {
            say(text)
        }
    }

    private func emit(_ object: [String: JSONOut]) {
        var out = "{"
        for (index, key) in object.keys.sorted(by: { $0 == "type" ? true : $1 == "type" ? false : $0 < $1 }).enumerated() {
            if index > 0 { out += "," }
            out += JSONOut.quoted(key) + ":" + object[key]!.text
        }
        out += "}\n"
        out.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}

/// A JSON value of the debugger's output.
enum JSONOut {
    case string(String)
    case number(Int64)
    case address(UInt64)
    case array([JSONOut])
    indirect case object([String: JSONOut])
    case bool(Bool)
    case null

    var text: String {
        switch self {
        case .string(let value): JSONOut.quoted(value)
        case .number(let value): String(value)
        case .address(let value): "\"0x\(String(value, radix: 16))\""
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { JSONOut.quoted($0) + ":" + members[$0]!.text }.joined(separator: ",") + "}"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

private func hex(_ value: UInt64, width: Int = 0) -> String {
    let digits = String(value, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// A caught syscall as strace prints it: a strace renderer writing into an
/// unlinked temporary file, read back at each catchpoint stop.
final class CaughtSyscallText {
    private let file: FileDescriptor
    private let renderer: StraceRenderer
    private var offset: Int64 = 0
    /// The entry's part of the line, kept for the exit.
    private var opened: [UInt8] = []

    init?() {
        // An unlinked temporary file: nothing is left behind, whatever happens.
        var template = Array("/tmp/wiretap-catch-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        file = FileDescriptor(rawValue: fd)
        renderer = StraceRenderer(output: file, format: StraceFormat(), flushEachLine: true)
    }

    deinit { try? file.close() }

    func render(_ event: TraceEvent, _ tracee: Tracee) {
        renderer.render(event, tracee)
        renderer.flush()
    }

    /// What the renderer wrote since the last stop: `write(1, "hi", 2` at
    /// the entry, the whole `write(1, "hi", 2) = 2` at the exit.
    func take(entering: Bool) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(file.rawValue, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
            offset += Int64(count)
        }
        if entering {
            opened = bytes
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) + " ..."
        }
        let line = opened + bytes
        opened = []
        var text = String(decoding: line, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? nil : text
    }
}

/// Source files' lines, read once per file, for gdb's `LINE\tSOURCE` after a step.
enum SourceLines {
    nonisolated(unsafe) private static var files: [String: [Substring]] = [:]

    static func line(_ number: Int, of path: String) -> String? {
        guard let lines = lines(of: path), number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    /// How many lines the file has (a final newline ends the last one), nil when it cannot be read.
    static func count(of path: String) -> Int? {
        guard let lines = lines(of: path) else { return nil }
        return lines.last?.isEmpty == true ? lines.count - 1 : lines.count
    }

    private static func lines(of path: String) -> [Substring]? {
        if files[path] == nil {
            guard let bytes = try? ProcFS.readFile(path) else { return nil }
            files[path] = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        }
        return files[path]
    }
}
