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
