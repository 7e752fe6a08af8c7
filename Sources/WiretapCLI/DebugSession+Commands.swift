import Glibc
import SystemPackage
import Wiretap
import WiretapDebugger
import WiretapDisassembly
import WiretapSymbols
import CEditLine

// The debugger prompt's commands: what each gdb command name does.

extension DebugSession {

    /// Runs one command line; returns how the program goes on when the command resumes it.
    mutating func execute(_ line: String, at stop: DebugStop) -> DebuggerCommand? {
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
    mutating func currentFrames() -> [StackFrame] {
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
    mutating func selectedFrameRegisters(_ registers: Registers) -> Registers {
        guard selectedFrame > 0 else { return registers }
        let frames = currentFrames()
        guard selectedFrame < frames.count else { return registers }
        var registers = registers
        registers.instructionPointer = frames[selectedFrame].pc
        return registers
    }

    /// `frame [N]`, `up [N]`, `down [N]`: select a frame and show it; `info frame`: describe it.
    mutating func frameCommand(_ word: String, _ argument: String) {
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
    mutating func infoFrame() {
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
    func frameLine(_ index: Int, _ frame: StackFrame) -> String {
        var text = "#\(pad(String(index), 3))"
        // The kernel's return path from a signal handler (glibc's sigreturn trampoline), as gdb shows it.
        if index > 0 && frame.symbol == "__restore_rt" { return text + "<signal handler called>" }
        if (index > 0 && !frame.inlined) || frame.symbol == nil || (index == 0 && frame.file != nil && !isLineStart(frame.pc)) {
            text += "0x\(hex(frame.pc, width: addressWidth)) in "
        }
        text += "\(frame.symbol ?? "??") ()"
        if let file = frame.file, let line = frame.line { text += " at \(file):\(line)" }
        return text
    }

    /// gdb's What for a code address: `in FUNCTION at FILE:LINE`, or `<FUNCTION+OFFSET>` without line information.
    mutating func breakpointPlace(_ address: UInt64) -> String {
        guard let frame = symbolFrame(address), let symbol = frame.symbol else { return "" }
        if let file = frame.file, let line = frame.line { return "in \(symbol) at \(file):\(line)" }
        return "<\(symbol)" + (frame.symbolOffset.flatMap { $0 == 0 ? nil : "+\($0)" } ?? "") + ">"
    }

    /// How gdb names a catchpoint: `fork`, `signal SIGUSR1`, `standard signals`.
    func catchDescription(_ kind: CatchKind) -> String {
        switch kind {
        case .fork: "fork"
        case .vfork: "vfork"
        case .exec: "exec"
        case .signal(nil): "standard signals"
        case .signal(let signals?): "signal " + signals.sorted().map { Signal(rawValue: $0).description }.joined(separator: " ")
        }
    }

    /// `handle SIGNAL... KEYWORD...`: what the signals do from now on (gdb's keywords).
    mutating func handleCommand(_ argument: String) {
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
    func signalTable(_ signals: [Signal]) -> String {
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
    mutating func displayCommand(_ argument: String) {
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
    mutating func showDisplays(only: Int? = nil) {
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
    mutating func listCommand(_ argument: String) {
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
    mutating func conditionCommand(_ argument: String) {
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
    mutating func threadCommand(_ argument: String) {
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
    mutating func innermostFrame(of tid: pid_t) -> (UInt64, StackFrame?) {
        guard let registers = try? debugger.registers(of: tid) else { return (0, nil) }
        let pc = registers.instructionPointer
        if let symbols = loadSymbols(), let frame = try? symbols.backtrace(of: tid, registers: registers, limit: 1).first {
            return (pc, frame)
        }
        return (pc, symbolFrame(pc))
    }

    /// A thread's name, as the kernel keeps it (`comm`).
    func threadName(_ tid: pid_t) -> String {
        // The program sets it (PR_SET_NAME): escaped, so it cannot write to the terminal.
        let bytes = (try? ProcFS.readFile("/proc/\(debugger.process)/task/\(tid)/comm")) ?? []
        return Self.escapedC(Array(bytes.prefix { $0 != UInt8(ascii: "\n") }), quote: "\"")
    }

    mutating func breakCommand(_ argument: String, temporary: Bool) {
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
    mutating func allowPending() -> Bool {
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
    mutating func resolvePendingBreakpoints() {
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
    mutating func hardwareBreakCommand(_ location: String) {
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

    mutating func watchCommand(_ expression: String, access: DebugRegisters.Access, word: String) {
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

    mutating func catchCommand(_ rest: String) {
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

    mutating func infoCommand(_ rest: String) {
        let parts = rest.split(separator: " ")
        guard let what = parts.first else { failure("List of info subcommands: breakpoints, registers, threads."); return }
        switch what {
        case "b", "break", "breakpoints", "watchpoints":
            // Every kind, in number order, as gdb lists them.
            var entries: [(id: Int, lines: [String])] = []
            let hits = { (count: Int) in count > 0 ? ["\tbreakpoint already hit \(count) time\(count == 1 ? "" : "s")"] : [] }
            for breakpoint in debugger.breakpoints where breakpoint.id > 0 {
                var lines = ["\(pad(String(breakpoint.id), 8))breakpoint     \(breakpoint.temporary ? "del " : "keep")\(breakpoint.enabled ? " y  " : " n  ") 0x\(hex(breakpoint.address, width: addressWidth)) \(breakpointPlace(breakpoint.address))"]
                if let condition = breakpoint.conditionText { lines.append("\tstop only if \(condition)") }
                entries.append((breakpoint.id, lines + hits(breakpoint.hitCount)))
            }
            for watchpoint in debugger.watchpoints {
                if watchpoint.access == .execute {
                    entries.append((watchpoint.id, ["\(pad(String(watchpoint.id), 8))hw breakpoint  keep y   0x\(hex(watchpoint.address, width: addressWidth)) \(breakpointPlace(watchpoint.address))"]
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
                if name == "rip" || name == "pc" || name == "eip", let symbol = symbolNamer()(value) { natural = "0x" + hex(value) + " <\(symbol)>" }
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
    mutating func printCommand(_ expression: String) {
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
        } else if !hexadecimal, ["$rip", "$pc", "$eip"].contains(text) {
            shown = "(void (*)()) 0x\(hex(address))" + (symbolNamer()(address).map { " <\($0)>" } ?? "")
        } else if !hexadecimal, ["$rsp", "$sp", "$rbp", "$fp"].contains(text) {
            shown = "(void *) 0x\(hex(address))"
        }
        printed += 1
        result("print", "$\(printed) = \(shown)", extra: ["value": .number(value)])
    }

    mutating func setCommand(_ rest: String) {
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
    mutating func examineCommand(_ rest: String) {
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
    mutating func disassembleCommand(_ rest: String, at stop: DebugStop) {
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
            lines.append((instruction.address == stop.pc ? "=> " : "   ") + "0x\(hex(instruction.address, width: addressWidth)) <+\(instruction.address - start)>:\t"
                         + instruction.text(symbolizer: name))
        }
        lines.append("End of assembler dump.")
        result("disassemble", lines.joined(separator: "\n"))
    }

    /// Up to `count` instructions at `address`, from the program's own bytes (never an int3).
    mutating func disassemble(at address: UInt64, count: Int) -> [Instruction] {
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
    mutating func symbolNamer() -> (UInt64) -> String? {
        let symbols = loadSymbols()
        return { address in
            if address != 0, let plt = symbols?.pltEntryName(at: address) { return plt }
            guard address != 0, let frame = symbols?.frame(at: address), let symbol = frame.symbol else { return nil }
            guard let offset = frame.symbolOffset, offset != 0 else { return symbol }
            return "\(symbol)+\(offset)"
        }
    }

    mutating func backtraceCommand(_ stop: DebugStop) {
        let frames = currentFrames()
        guard !frames.isEmpty else {
            failure("No stack.")
            return
        }
        let lines = frames.enumerated().map { frameLine($0.offset, $0.element) }
        result("backtrace", lines.joined(separator: "\n"))
    }

}
