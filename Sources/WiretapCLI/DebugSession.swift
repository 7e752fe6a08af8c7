import Glibc
import SystemPackage
import Wiretap
import WiretapDebugger
import WiretapDisassembly
import WiretapSymbols
import CEditLine

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
    /// Hex digits of an address: 16, or 8 in an i386 program.
    var addressWidth = 16
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
        // An i386 program's addresses are 8 hex digits, as gdb prints them (its code segment is 0x23).
        addressWidth = (try? debugger.registers())?.raw.cs == 0x23 ? 8 : 16
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
    mutating func runCommands(at stop: DebugStop) -> DebuggerCommand {
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

    mutating func report(_ stop: DebugStop) {
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
    func isLineStart(_ pc: UInt64) -> Bool {
        symbols?.lineRows(ofFunctionAt: pc).contains { $0.address == pc && $0.isStatement } ?? false
    }

    /// The source line after a stop's location, as gdb shows it: `\nLINE\tTEXT`,
    /// or gdb's note when the file cannot be read; nothing without line information.
    func sourceSuffix(_ frame: StackFrame?) -> String {
        guard let file = frame?.file, let line = frame?.line else { return "" }
        guard let source = SourceLines.line(line, of: file) else { return "\n\(line)\t\(file): No such file or directory." }
        return "\n\(line)\t\(source)"
    }

    /// Where a `stepi` or `nexti` ended, as gdb says it: the function's header
    /// when it is another one, then `LINE\tSOURCE` at a line's first
    /// instruction or `0xADDRESS\tLINE\tSOURCE` inside one.
    mutating func instructionStepText(_ pc: UInt64, _ frame: StackFrame?) -> String {
        guard let frame, let file = frame.file, let line = frame.line else { return location(pc, frame) }
        let source = SourceLines.line(line, of: file) ?? "in \(file)"
        if frame.symbol != lastStopFunction { return location(pc, frame) + "\n\(line)\t\(source)" }
        // A line's start: a statement row of the line table (as gdb keeps them: a
        // same-line row with a discriminator is not one).
        return isLineStart(pc) ? "\(line)\t\(source)" : "0x\(hex(pc, width: addressWidth))\t\(line)\t\(source)"
    }

    /// Where a `step`, `next` or `finish` ended: gdb's `LINE\tSOURCE`, after
    /// the function's name when it is another one than where it started.
    mutating func reportLine(_ stop: DebugStop, plan: LineStepper) {
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
}
