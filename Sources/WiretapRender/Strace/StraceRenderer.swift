import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// Renders events as strace 6.1 writes them: one line per syscall with the
/// result aligned, `<unfinished ...>` / `<... name resumed>` when tracees
/// interleave, `--- SIG... {siginfo} ---`, `--- stopped by SIG ---`,
/// `+++ exited with N +++` and `+++ killed by SIG +++`.
///
/// `-k`: a task's call stack at an event (nil: none yet, see below).
/// `StraceRenderer` asks at each shown syscall's entry (the event is its
/// `.syscallEntry`), and at each shown signal or group stop; it prints the
/// stack once the event's line is complete: after the syscall's result (or
/// its resumed line, or its dumps), after `+++ exited ... +++` for a call
/// that never returns (exit_group). An entry's answer nil means "ask again
/// at the exit" (the event is then the `.syscallExit`), for a stack that
/// only exists then (the command's first execve). `JSONRenderer` asks the
/// same way and writes the frames as the event's `stack`. Called on the
/// tracer's thread, while the tracee is stopped.
public typealias StackTraceSource = (_ event: TraceEvent, _ tracee: Tracee) -> StackTrace?

/// A syscall's text starts at its entry (while the tracee is stopped, so
/// its input arguments can be read) and ends at its exit.
public final class StraceRenderer: EventRenderer {
    public var format: StraceFormat { formatBox.value }
    private let formatBox: StraceFormatBox
    @exclusivity(unchecked) private var buffer = OutputBuffer()
    private let output: FileDescriptor
    private let flushEachLine: Bool
    /// The task whose syscall line is open (written up to its arguments).
    @exclusivity(unchecked) private var lineOwner: pid_t? = nil
    /// A syscall entered and not yet finished.
    struct PendingCall {
        var entry: SyscallEntry
        var decoder: SyscallDecoder?
        /// Arguments printed at entry (the exit's first one needs `, ` after them).
        var printed: Int
        /// Set when the entry printed everything.
        var format: ReturnFormat?
        /// `-P`: an argument named a selected path.
        var touchesSelectedPath = false
        /// What the decoder's entry saved for its exit.
        var saved: Int64? = nil
        /// A `.custom` result printer set at entry.
        var resultPrinter: (@Sendable (Int64, inout OutputBuffer) -> Void)? = nil
        /// The entry printed every argument (the exit decides only the result).
        var argumentsComplete = false
        /// The exit continues the last argument (no separator before it).
        var continuesArgument = false
        /// `-k`: the stack taken at entry.
        var stack: StackTrace? = nil
        /// `-k`: the stack is to be asked for at the exit.
        var stackAtExit = false
    }

    /// Syscalls entered and not yet finished, by task.
    @exclusivity(unchecked) private var pending = PendingCalls()
    /// The syscall each task last saw interrupted with ERESTART_RESTARTBLOCK,
    /// which restart_syscall resumes.
    @exclusivity(unchecked) private var interrupted: [pid_t: Int] = [:]
    /// Lines held back until their outcome is known (`-e status=`).
    @exclusivity(unchecked) private var deferred: [pid_t: OutputBuffer] = [:]
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var liveTasks: Set<pid_t> = []
    /// The task whose syscall entry last ensured it is in `liveTasks`
    /// (cleared whenever a task leaves the set).
    @exclusivity(unchecked) private var lastEnteredPID: pid_t = 0
    /// i386 tasks whose socketcall/ipc entry was left out by its sub-call (its exit is too).
    @exclusivity(unchecked) private var skippedSubcalls = Set<pid_t>()

    /// `-e read=` or `-e write=` asks for hex dumps.
    private let dumpsData: Bool
    /// `-e raw=` names some syscall.
    private let printsRaw: Bool
    /// Reused storage for the hex dumps.
    @exclusivity(unchecked) private var dumpData: [UInt8] = []
    @exclusivity(unchecked) private var dumpVector: [UInt8] = []

    /// The first error writing to `output` (nil while every write succeeded).
    public private(set) var writeError: Errno? = nil
    private let onWriteError: ((Errno) -> Void)?
    /// `-k`: where stack traces come from (nil: no stack traces).
    private let stackTraces: StackTraceSource?
    /// `-k`: the stacks of calls that never returned, printed when their task ends.
    @exclusivity(unchecked) private var heldStacks: [pid_t: StackTrace] = [:]
    /// `-k`: the calls whose stack strace captures at entry and prints later
    /// (execve, execveat, exit, exit_group); their frames without a symbol
    /// read `(+0x0)`, where the stacks it walks when printing read `()`.
    private let capturedAtEntry: Set<Int>

    /// - Parameter onWriteError: called once, with the first error writing
    ///   to `output` (ENOSPC, EIO, EPIPE...); later writes are still tried.
    /// - Parameter stackTraces: `-k`: the stack-trace lines to print after
    ///   each shown syscall and signal (see `StackTraceSource`).
    public init(output: FileDescriptor, format: StraceFormat, flushEachLine: Bool,
                onWriteError: ((Errno) -> Void)? = nil, stackTraces: StackTraceSource? = nil) {
        self.output = output
        self.stackTraces = stackTraces
        capturedAtEntry = stackTraces == nil ? []
            : Set(["execve", "execveat", "exit", "exit_group"].compactMap { SyscallTable.number(of: $0) })
        var format = format
        format.alignColumn = min(max(format.alignColumn, 0), StraceFormat.widestAlignColumn)
        self.formatBox = StraceFormatBox(format)
        self.flushEachLine = flushEachLine
        self.dumpsData = !format.selection.dumpReads.isEmpty || !format.selection.dumpWrites.isEmpty
        self.printsRaw = format.selection.raw != SyscallSet(all: false, includingUnknown: false)
        self.onWriteError = onWriteError
    }

    /// Renders one event (call it from the tracer's handler, while the tracee is stopped).
    public func render(_ event: TraceEvent, _ tracee: Tracee) {
        let pid = event.pid
        currentPID = pid
        /// `-k`: the stack printed after this event's line, and whether it
        /// was captured at a call's entry (see `capturedAtEntry`).
        var trailer: (stack: StackTrace, captured: Bool)? = nil
        switch event.kind {
        case .attached:
            liveTasks.insert(pid)
            return
        case .newTask(let child, _):
            liveTasks.insert(pid)
            liveTasks.insert(child)
            return
        case .syscallEntry(let entry):
            // Most entries come from the task of the previous one: skip the set.
            if pid != lastEnteredPID {
                liveTasks.insert(pid)
                lastEnteredPID = pid
            }
            if entry.arch != .native || !compatTasks.isEmpty { notePersonality(pid, entry.arch, ip: entry.instructionPointer) }
            if format.syscallNumber { lastNumbers[pid] = entry.number }
            guard format.selection.syscalls.contains(entry, memory: entry.arch == .native ? nil : tracee.memory) else {
                pending[pid] = nil
                // An i386 socketcall/ipc left out by its sub-call: its exit must not print either.
                if entry.arch != .native && MultiplexedSubcall(entry, memory: tracee.memory) != nil {
                    skippedSubcalls.insert(pid)
                }
                return
            }
            if format.defersLines {
                // The outcome (or -P) decides whether the line is shown: build it aside.
                let main = buffer
                buffer = deferred.removeValue(forKey: pid) ?? OutputBuffer(capacity: 256)
                buffer.removeAll()
                startLine(pid, number: entry.number, ip: entry.instructionPointer, compat: entry.arch != .native)
                var call = appendCall(entry, tracee)
                if let stackTraces { Self.takeStack(&call, stackTraces, event, tracee) }
                if !format.filtersByArguments || call.touchesSelectedPath { pending[pid] = call }
                deferred[pid] = buffer
                buffer = main
                return
            }
            if format.syscallTimes {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                entryTimes[pid] = now
            }
            closeOpenLine()
            startLine(pid, number: entry.number, ip: entry.instructionPointer, compat: entry.arch != .native)
            if let stackTraces {
                var call = appendCall(entry, tracee)
                Self.takeStack(&call, stackTraces, event, tracee)
                pending[pid] = call
            } else {
                pending[pid] = appendCall(entry, tracee)
            }
            lineOwner = pid
            return  // the line stays open until the exit
        case .syscallExit(let exit):
            if format.defersLines {
                finishDeferred(pid, exit, tracee)
                return
            }
            guard let call = pending.removeValue(forKey: pid) else {
                // Entered before we attached (or filtered out at entry).
                if !skippedSubcalls.isEmpty && skippedSubcalls.remove(pid) != nil { return }
                guard exit.number < 0 || format.selection.syscalls.contains(exit.number, arch: exit.arch) else { return }
                resumeLine(pid, number: exit.number, arch: exit.arch, ip: exit.instructionPointer)
                buffer.append(byte: UInt8(ascii: ")"))
                finishResult(exit, .decimal)
                if let stackTraces, let stack = stackTraces(event, tracee) {
                    buffer.append(byte: UInt8(ascii: "\n"))
                    buffer.appendStackTrace(stack, captured: false)
                    if flushEachLine || buffer.count >= 1 << 15 { flush() }
                    return
                }
                break
            }
            let continuing = lineOwner == pid
            resumeLine(pid, number: call.entry.number, arch: call.entry.arch, ip: exit.instructionPointer)
            let returnFormat = decodeExit(call, exit, tracee, continuing: continuing)
            buffer.append(byte: UInt8(ascii: ")"))
            finishResult(exit, returnFormat)
            appendSyscallTime(pid)
            if dumpsData || stackTraces != nil {
                buffer.append(byte: UInt8(ascii: "\n"))
                if dumpsData { appendDump(call.entry, exit, tracee) }
                appendStack(call, event, tracee)
                if flushEachLine || buffer.count >= 1 << 15 { flush() }
                return
            }
        case .signal(let info):
            guard format.selection.signals.contains(info.signal) else { return }
            closeOpenLine()
            startLine(pid, ip: stopInstructionPointer(tracee))
            if format.color { buffer.append(Palette.signal) }
            buffer.append("--- ")
            buffer.append(info.signal)
            buffer.append(byte: UInt8(ascii: " "))
            var noValues: ValueTape? = nil
            Decoding.describeSignal(info, format: formatBox, pid: pid, into: &buffer, values: &noValues)
            buffer.append(" ---")
            if format.color { buffer.append(Palette.reset) }
            if let stackTraces, let stack = stackTraces(event, tracee) { trailer = (stack, false) }
        case .groupStop(let signal):
            closeOpenLine()
            startLine(pid, ip: stopInstructionPointer(tracee))
            if format.color { buffer.append(Palette.signal) }
            buffer.append("--- stopped by ")
            buffer.append(signal)
            buffer.append(" ---")
            if format.color { buffer.append(Palette.reset) }
            if let stackTraces, let stack = stackTraces(event, tracee) { trailer = (stack, false) }
        case .exec(let formerTID, _, _):
            if formerTID != pid {
                // The exec'ing thread now has the leader's pid; its execve is
                // the call that returns, the leader's never will: strace ends
                // the leader's call with `= ?`, says the leader was
                // superseded, and shows the execve as resumed.
                finishNeverReturning(pid)
                if let stack = heldStacks.removeValue(forKey: pid) { buffer.appendStackTrace(stack, captured: true) }
                closeOpenLine()
                liveTasks.remove(formerTID)
                lastEnteredPID = 0
                if format.syscallNumber { lastNumbers[pid] = lastNumbers.removeValue(forKey: formerTID) }
                if compatTasks.remove(formerTID) != nil { compatTasks.insert(pid) } else { compatTasks.remove(pid) }
                comms[formerTID] = nil
                if format.threadExecveMessages {
                    startLine(pid, ip: stopInstructionPointer(tracee))
                    if format.color { buffer.append(Palette.exit) }
                    buffer.append("+++ superseded by execve in pid ")
                    buffer.append(decimal: formerTID)
                    buffer.append(" +++")
                    if format.color { buffer.append(Palette.reset) }
                    buffer.append(byte: UInt8(ascii: "\n"))
                    if flushEachLine || buffer.count >= 1 << 15 { flush() }
                }
                pending[pid] = pending.removeValue(forKey: formerTID)
            }
            return
        case .exited(let code):
            finishNeverReturning(pid)
            if format.quietExits {
                // strace prints a held stack when the task goes, line or not.
                if let stack = heldStacks.removeValue(forKey: pid) { buffer.appendStackTrace(stack, captured: true) }
                forget(pid)
                return
            }
            startLine(pid)
            if format.color { buffer.append(code == 0 ? Palette.exit : Palette.death) }
            buffer.append("+++ exited with ")
            buffer.append(decimal: code)
            buffer.append(" +++")
            if format.color { buffer.append(Palette.reset) }
            trailer = heldStacks.removeValue(forKey: pid).map { ($0, true) }
            forget(pid)
        case .killed(let signal, let core):
            finishNeverReturning(pid)
            startLine(pid)
            if format.color { buffer.append(Palette.death) }
            buffer.append("+++ killed by ")
            buffer.append(signal)
            if core { buffer.append(" (core dumped)") }
            buffer.append(" +++")
            if format.color { buffer.append(Palette.reset) }
            trailer = heldStacks.removeValue(forKey: pid).map { ($0, true) }
            forget(pid)
        case .detached:
            if lineOwner == pid {
                buffer.append(" <detached ...>\n")
                lineOwner = nil
            }
            pending[pid] = nil
            forget(pid)
            return
        case .groupContinue, .interrupted:
            return
        }
        buffer.append(byte: UInt8(ascii: "\n"))
        if let trailer { buffer.appendStackTrace(trailer.stack, captured: trailer.captured) }
        if flushEachLine || buffer.count >= 1 << 15 { flush() }
    }

    /// A task's state goes with it.
    private func forget(_ pid: pid_t) {
        liveTasks.remove(pid)
        lastEnteredPID = 0
        compatTasks.remove(pid)
        if format.syscallNumber { lastNumbers[pid] = nil }
        if format.pidComm { comms[pid] = nil }
        if !heldStacks.isEmpty { heldStacks[pid] = nil }
        interrupted[pid] = nil
        deferred[pid] = nil
        entryTimes[pid] = nil
    }

    /// How many tasks some per-task state is kept for (zero once every task
    /// is gone: nothing outlives its task).
    package var retainedTaskCount: Int {
        liveTasks.union(compatTasks).union(lastNumbers.keys).union(comms.keys).union(heldStacks.keys)
            .union(interrupted.keys).union(deferred.keys).union(entryTimes.keys).union(pending.pids).count
    }

    /// `-k`: the stack at a call's entry, or a note to ask at its exit.
    private static func takeStack(_ call: inout PendingCall, _ source: StackTraceSource, _ event: TraceEvent, _ tracee: Tracee) {
        call.stack = source(event, tracee)
        call.stackAtExit = call.stack == nil
    }

    /// `-k`: a finished call's stack, after its line.
    private func appendStack(_ call: PendingCall, _ event: TraceEvent, _ tracee: Tracee) {
        if let stack = call.stack {
            buffer.appendStackTrace(stack, captured: isCapturedAtEntry(call.entry))
        } else if call.stackAtExit, let stackTraces, let stack = stackTraces(event, tracee) {
            buffer.appendStackTrace(stack, captured: false)
        }
    }

    private func isCapturedAtEntry(_ entry: SyscallEntry) -> Bool {
        entry.arch == .native && capturedAtEntry.contains(entry.number)
    }

    /// The instruction pointer of a task stopped outside a syscall (for `-i`
    /// on signal lines: one register read, only then).
    private func stopInstructionPointer(_ tracee: Tracee) -> UInt64? {
        guard format.instructionPointer else { return nil }
        return try? tracee.registers().instructionPointer
    }

    /// `-ff`: this task's file ends because another thread's execve took its
    /// place (strace: ` <pid changed to N ...>` after an open line).
    public func supersede(by pid: pid_t) {
        if lineOwner != nil {
            buffer.append(" <pid changed to ")
            buffer.append(decimal: pid)
            buffer.append(" ...>\n")
            lineOwner = nil
        }
        flush()
    }

    /// Writes out whatever is buffered (an open line stays open).
    public func flush() {
        buffer.flush(to: output, firstError: &writeError, report: onWriteError)
    }

    /// Ends the open syscall line of another task with ` <unfinished ...>`.
    private func closeOpenLine() {
        guard let owner = lineOwner else { return }
        // strace has already written the separator before an output argument
        // that will only be printed at exit: `read(3,  <unfinished ...>`.
        if let call = pending[owner], call.format == nil, !call.argumentsComplete, !call.continuesArgument,
           call.decoder?.exit != nil, call.printed > 0 {
            buffer.append(", ")
        }
        buffer.append(" <unfinished ...>\n")
        lineOwner = nil
    }

    /// A syscall that will never return (exit_group, or the task died inside it): `= ?`.
    private func finishNeverReturning(_ pid: pid_t) {
        if format.defersLines {
            guard let call = pending.removeValue(forKey: pid), var line = deferred[pid] else { return }
            guard format.selection.statuses.contains(.unfinished) else { return }
            // strace prints the stack of a call that never returned only if it
            // captured it at entry (exit_group; not a read the task died in).
            if let stack = call.stack, isCapturedAtEntry(call.entry) { heldStacks[pid] = stack }
            swap(&line, &buffer)
            buffer.append(byte: UInt8(ascii: ")"))
            buffer.pad(toColumn: format.alignColumn, skippingEscapes: format.color)
            buffer.append("= ?\n")
            swap(&line, &buffer)
            buffer.append(bytes: line.contents)
            return
        }
        guard let call = pending.removeValue(forKey: pid) else {
            closeOpenLine()
            return
        }
        let entry = call.entry
        // strace prints the stack of a call that never returned only if it
        // captured it at entry (exit_group; not a read the task died in).
        if let stack = call.stack, isCapturedAtEntry(call.entry) { heldStacks[pid] = stack }
        resumeLine(pid, number: entry.number, arch: entry.arch, ip: entry.instructionPointer)
        buffer.append(byte: UInt8(ascii: ")"))
        buffer.pad(toColumn: format.alignColumn, skippingEscapes: format.color)
        buffer.append("= ?\n")
    }

    /// Tasks whose last syscall was in the compat ABI (i386 on x86_64).
    @exclusivity(unchecked) private var compatTasks: Set<pid_t> = []

    private func notePersonality(_ pid: pid_t, _ arch: AuditArch, ip: UInt64) {
        let compat = arch != .native
        guard compat != compatTasks.contains(pid) else { return }
        if compat { compatTasks.insert(pid) } else { compatTasks.remove(pid) }
        guard format.personalityMessages else { return }
        closeOpenLine()
        // strace: the previous syscall's number, the new mode's pointer.
        startLine(pid, ip: ip, compat: compat)
        buffer.append("[ Process PID=")
        buffer.append(decimal: pid)
        buffer.append(compat ? " runs in 32 bit mode. ]\n" : " runs in 64 bit mode. ]\n")
    }

    /// The line's prefixes: pid, timestamps, `-n` (`number`, or the task's
    /// last syscall's), `-i` (`ip`, or question marks: nil), 8 hex digits
    /// for a compat task (`compat`, or what the task last was).
    private func startLine(_ pid: pid_t, number: Int? = nil, ip: UInt64? = nil, compat: Bool? = nil) {
        appendPIDPrefix(pid)
        if format.absoluteTime != .none || format.relativeTimestamps { appendTimestamp() }
        if format.syscallNumber {
            buffer.append(byte: UInt8(ascii: "["))
            appendRightAligned(number ?? lastNumbers[pid] ?? 0, width: 4)
            buffer.append("] ")
        }
        if format.instructionPointer {
            let narrow = compat ?? compatTasks.contains(pid)
            buffer.append(byte: UInt8(ascii: "["))
            if let ip {
                buffer.appendHexDigits(ip, minimumWidth: narrow ? 8 : 16)
            } else {
                buffer.append(narrow ? "????????" : "????????????????")
            }
            buffer.append("] ")
        }
    }

    /// `-n`: each task's last syscall number (for lines that are not a syscall's).
    @exclusivity(unchecked) private var lastNumbers: [pid_t: Int] = [:]
    /// `-Y`: each task's command name as last read (a task that is gone keeps it).
    @exclusivity(unchecked) private var comms: [pid_t: [UInt8]] = [:]

    @exclusivity(unchecked) private var previousLineTime: timespec? = nil

    /// strace's `-t`/`-tt`/`-ttt`/`--absolute-timestamps` and `-r` stamps:
    /// `12:34:56.123456 `, `(+     0.000012) ` after an absolute one.
    private func appendTimestamp() {
        if format.absoluteTime != .none {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            if format.absoluteTime == .unix {
                buffer.append(decimal: now.tv_sec)
            } else {
                var seconds = now.tv_sec
                var local = tm()
                localtime_r(&seconds, &local)
                appendZeroPadded(Int(local.tm_hour), width: 2)
                buffer.append(byte: UInt8(ascii: ":"))
                appendZeroPadded(Int(local.tm_min), width: 2)
                buffer.append(byte: UInt8(ascii: ":"))
                appendZeroPadded(Int(local.tm_sec), width: 2)
            }
            appendFraction(now.tv_nsec, format.absolutePrecision)
            buffer.append(byte: UInt8(ascii: " "))
        }
        if format.relativeTimestamps {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            var seconds = 0, nanoseconds = 0
            if let previous = previousLineTime {
                seconds = now.tv_sec - previous.tv_sec
                nanoseconds = now.tv_nsec - previous.tv_nsec
                if nanoseconds < 0 { seconds -= 1; nanoseconds += 1_000_000_000 }
            }
            previousLineTime = now
            let inParentheses = format.absoluteTime != .none
            if inParentheses { buffer.append("(+") }
            appendRightAligned(seconds, width: 6)
            appendFraction(nanoseconds, format.relativePrecision)
            buffer.append(inParentheses ? ") " : " ")
        }
    }

    /// `.123` / `.123456` / `.123456789` (truncated), nothing for seconds.
    private func appendFraction(_ nanoseconds: Int, _ precision: StraceFormat.TimePrecision) {
        let divisor: Int
        switch precision {
        case .seconds: return
        case .milliseconds: divisor = 1_000_000
        case .microseconds: divisor = 1000
        case .nanoseconds: divisor = 1
        }
        buffer.append(byte: UInt8(ascii: "."))
        appendZeroPadded(nanoseconds / divisor, width: precision.rawValue)
    }

    private func appendZeroPadded(_ value: Int, width: Int) {
        var digits = 1
        var v = value / 10
        while v > 0 { digits += 1; v /= 10 }
        for _ in digits..<max(digits, width) { buffer.append(byte: UInt8(ascii: "0")) }
        buffer.append(decimal: value)
    }

    private func appendRightAligned(_ value: Int, width: Int) {
        var digits = 1
        var v = value / 10
        while v > 0 { digits += 1; v /= 10 }
        for _ in digits..<max(digits, width) { buffer.append(byte: UInt8(ascii: " ")) }
        buffer.append(decimal: value)
    }

    /// When each task's current syscall started (for -T).
    @exclusivity(unchecked) private var entryTimes: [pid_t: timespec] = [:]

    private func appendSyscallTime(_ pid: pid_t) {
        guard format.syscallTimes, let start = entryTimes.removeValue(forKey: pid) else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var seconds = now.tv_sec - start.tv_sec
        var nanoseconds = now.tv_nsec - start.tv_nsec
        if nanoseconds < 0 { seconds -= 1; nanoseconds += 1_000_000_000 }
        buffer.append(" <")
        buffer.append(decimal: seconds)
        appendFraction(nanoseconds, format.syscallTimePrecision)
        buffer.append(byte: UInt8(ascii: ">"))
    }

    private func appendPIDPrefix(_ pid: pid_t) {
        switch format.pidPrefix {
        case .none:
            break
        case .bracketedWhenSeveral:
            guard liveTasks.count > 1 || format.alwaysShowPID else { return }
            buffer.append("[pid ")
            appendPadded(pid, width: 5, left: false)
            if format.pidComm { appendComm(pid) }
            buffer.append("] ")
        case .plain:
            guard format.pidComm else {
                appendPadded(pid, width: 5, left: true)
                buffer.append(byte: UInt8(ascii: " "))
                return
            }
            // `%-5s` of `1234<comm>`: the name counts toward the width.
            let start = buffer.count
            buffer.append(decimal: pid)
            appendComm(pid)
            for _ in (buffer.count - start)..<max(buffer.count - start, 5) { buffer.append(byte: UInt8(ascii: " ")) }
            buffer.append(byte: UInt8(ascii: " "))
        }
    }

    /// `-Y` in a prefix: `<comm>` as /proc says now, else as it last said
    /// (strace's `+++ exited` line of a reaped task still names it).
    private func appendComm(_ pid: pid_t) {
        if let name = ProcFS.commandName(of: pid) {
            comms[pid] = name
            buffer.appendCommandName(name)
        } else if let name = comms[pid] {
            buffer.appendCommandName(name)
        }
    }

    private func appendPadded(_ pid: pid_t, width: Int, left: Bool) {
        var digits = 1
        var v = pid / 10
        while v > 0 { digits += 1; v /= 10 }
        if !left { for _ in digits..<max(digits, width) { buffer.append(byte: UInt8(ascii: " ")) } }
        buffer.append(decimal: pid)
        if left { for _ in digits..<max(digits, width) { buffer.append(byte: UInt8(ascii: " ")) } }
    }

    private func appendName(number: Int, arch: AuditArch) {
        if let name = SyscallTable.name(of: number, arch: arch) {
            buffer.append(name)
        } else {
            buffer.append("syscall_")
            buffer.append(hex: UInt64(bitPattern: Int64(number)))
        }
    }

    /// Completes a line held back for `-e status=` and shows it if its outcome is wanted.
    private func finishDeferred(_ pid: pid_t, _ exit: SyscallExit, _ tracee: Tracee) {
        guard let call = pending.removeValue(forKey: pid), var line = deferred[pid] else { return }
        let wanted = exit.isError ? format.selection.statuses.contains(.failed) : format.selection.statuses.contains(.successful)
        guard wanted else { return }
        // A dump may be written out as it is made: what is buffered goes first.
        if dumpsData { flush() }
        swap(&line, &buffer)
        let returnFormat = decodeExit(call, exit, tracee, continuing: true)
        buffer.append(byte: UInt8(ascii: ")"))
        finishResult(exit, returnFormat)
        buffer.append(byte: UInt8(ascii: "\n"))
        if dumpsData { appendDump(call.entry, exit, tracee) }
        if stackTraces != nil { appendStack(call, TraceEvent(pid: pid, kind: .syscallExit(exit)), tracee) }
        swap(&line, &buffer)
        buffer.append(bytes: line.contents)
        line.removeAll()
        deferred[pid] = line
        if flushEachLine || buffer.count >= 1 << 15 { flush() }
    }

    /// `-e read=` / `-e write=`: the data the call moved, after its line.
    private func appendDump(_ entry: SyscallEntry, _ exit: SyscallExit, _ tracee: Tracee) {
        DataDumps.append(entry: entry, exit: exit, memory: tracee.memory, reads: format.selection.dumpReads,
                         writes: format.selection.dumpWrites, to: &buffer, data: &dumpData, vector: &dumpVector,
                         drain: { [unowned self] buffer in
                             buffer.flush(to: self.output, firstError: &self.writeError, report: self.onWriteError)
                         })
    }

    /// Continues `pid`'s own open line, or starts `<... name resumed>` when
    /// another task's output came in between (`ip`: for -i).
    private func resumeLine(_ pid: pid_t, number: Int, arch: AuditArch, ip: UInt64) {
        if lineOwner == pid {
            lineOwner = nil
            return
        }
        closeOpenLine()
        startLine(pid, number: number, ip: ip, compat: arch != .native)
        buffer.append("<... ")
        if format.color { buffer.append(Palette.name) }
        appendName(number: number, arch: arch)
        if format.color { buffer.append(Palette.reset) }
        buffer.append(" resumed>")
    }

    /// Prints the arguments a call's decoder leaves for its exit; returns how to print the result.
    private func decodeExit(_ call: PendingCall, _ exit: SyscallExit, _ tracee: Tracee, continuing: Bool) -> ReturnFormat {
        resultPrinter = call.resultPrinter
        guard call.format == nil, let decodeExit = call.decoder?.exit else { return call.format ?? .decimal }
        var decoding = Decoding(out: takeBuffer(), arguments: call.entry.arguments, memory: tracee.memory,
                                format: formatBox, scratch: takeScratch(),
                                alreadyPrinted: continuing || call.continuesArgument ? call.printed : 0,
                                number: call.entry.number, arch: call.entry.arch)
        decoding.exit = exit
        decoding.saved = call.saved
        let returnFormat = decodeExit(&decoding)
        resultPrinter = decoding.resultPrinter
        buffer = decoding.out
        scratch = decoding.scratch
        return returnFormat
    }

    /// Moves the buffer out without copying its storage (and likewise the scratch bytes).
    private func takeBuffer() -> OutputBuffer {
        let taken = buffer
        buffer = OutputBuffer(capacity: 0)
        return taken
    }

    private func takeScratch() -> [UInt8] {
        let taken = scratch
        scratch = []
        return taken
    }

    /// restart_syscall's number in the compat ABI (i386's, 0): the calls
    /// not of the native ABI are i386's.
    private static let compatRestartSyscall = SyscallTable.number(of: "restart_syscall", arch: .i386) ?? -1

    /// `name(args` at entry: decoded where a decoder exists, else each
    /// argument as strace's `%#lx`.
    private func appendCall(_ entry: SyscallEntry, _ tracee: Tracee) -> PendingCall {
        if format.color { buffer.append(Palette.name) }
        appendName(number: entry.number, arch: entry.arch)
        if format.color { buffer.append(Palette.reset) }
        buffer.append(byte: UInt8(ascii: "("))
        if entry.number == (entry.arch == .native ? SyscallTable.restartSyscall : Self.compatRestartSyscall) {
            buffer.append("<... resuming interrupted ")
            // The call a restart block interrupted; else, as strace prints it,
            // the task's previous call (known when it was the last one seen).
            let previous = lastExit.pid == tracee.pid && lastExit.number >= 0 ? lastExit.number : entry.number
            appendName(number: interrupted.removeValue(forKey: tracee.pid) ?? previous, arch: entry.arch)
            buffer.append(" ...>")
            return PendingCall(entry: entry, decoder: nil, printed: 1, format: .decimal)
        }
        let raw = printsRaw && format.selection.raw.contains(entry.number, arch: entry.arch)
        if !raw, let decoder = DecoderTable.decoder(for: entry.number, arch: entry.arch) {
            var decoding = Decoding(out: takeBuffer(), arguments: entry.arguments, memory: tracee.memory,
                                    format: formatBox, scratch: takeScratch(), alreadyPrinted: 0,
                                    number: entry.number, arch: entry.arch)
            decoding.stackPointer = entry.stackPointer
            let result = decoder.entry(&decoding)
            buffer = decoding.out
            scratch = decoding.scratch
            var format: ReturnFormat? = nil
            if case .done(let f) = result { format = f }
            var complete = false, continues = false
            if case .resultAtExit = result { complete = true }
            if case .continuesAtExit = result { continues = true }
            return PendingCall(entry: entry, decoder: decoder, printed: decoding.printed, format: format,
                               touchesSelectedPath: decoding.touchesSelectedPath, saved: decoding.saved,
                               resultPrinter: decoding.resultPrinter, argumentsComplete: complete,
                               continuesArgument: continues)
        }
        let count = SyscallTable.argumentCount(of: entry.number, arch: entry.arch)
        // `-N`: `-e raw=` names arguments by position (strace's arg1=...);
        // an undecoded call by its prototype's names where known.
        let names = !format.argumentNames ? [] : raw ? ArgumentNames.positional
            : ArgumentNames.names(of: entry.number, arch: entry.arch)
        // An undecoded call still reads its int arguments as 32 bits; `-e raw=` prints whole registers.
        let arguments = raw ? entry.arguments : SyscallTable.narrowed(entry.arguments, number: entry.number, arch: entry.arch)
        for i in 0..<count {
            if i > 0 { buffer.append(", ") }
            if i < names.count {
                buffer.append(names[i])
                buffer.append(byte: UInt8(ascii: "="))
            }
            let value = arguments[i]
            if value == 0 { buffer.append(byte: UInt8(ascii: "0")) } else { buffer.append(hex: value) }
        }
        // `--trace-fds`: an undecoded call of the descriptor class names one in its first argument.
        var touches = false
        if let wanted = format.traceFDs, SyscallTable.classes(of: entry.number, arch: entry.arch).contains(.desc) {
            // Only a value that is an int (mq_open's first argument, in this class, is a pointer).
            touches = entry.arguments.a0 <= UInt64(Int32.max) && wanted.contains(Int32(entry.arguments.a0))
        }
        // `-e raw=`: the result in hex too (`= 0x3`); errors as usual.
        return PendingCall(entry: entry, decoder: nil, printed: count, format: raw ? .hex : .decimal, touchesSelectedPath: touches)
    }

    /// The `.custom` result printer of the call being finished.
    private var resultPrinter: (@Sendable (Int64, inout OutputBuffer) -> Void)? = nil

    /// The task whose line is being finished (for -y on a returned descriptor).
    @exclusivity(unchecked) private var currentPID: pid_t? = nil

    /// The last call that returned, and in which task: restart_syscall's
    /// name for a call it did not interrupt (two stores per call, no lookup).
    @exclusivity(unchecked) private var lastExit: (pid: pid_t, number: Int) = (0, -1)

    private func finishResult(_ exit: SyscallExit, _ returnFormat: ReturnFormat) {
        if exit.isError && exit.returnValue == -516, let pid = currentPID, exit.number >= 0 {  // ERESTART_RESTARTBLOCK
            interrupted[pid] = exit.number
        }
        lastExit = (currentPID ?? 0, exit.number)
        buffer.pad(toColumn: format.alignColumn, skippingEscapes: format.color)
        buffer.append("= ")
        guard exit.isError else {
            defer { appendInjectionNote(exit) }
            switch returnFormat {
            case .pid:
                buffer.append(decimal: exit.returnValue)
                if format.pidComm { buffer.appendPIDComm(exit.returnValue) }
            case .fd:
                buffer.append(decimal: exit.returnValue)
                if !format.descriptors.isEmpty, let pid = currentPID {
                    buffer.appendDescriptorPath(pid: pid, fd: exit.returnValue, decoding: format.descriptors, style: format.stringStyle)
                }
            case .custom:
                if let print = resultPrinter { print(exit.returnValue, &buffer) } else { buffer.append(decimal: exit.returnValue) }
            case .decimal: buffer.append(decimal: exit.returnValue)
            case .hex:
                if exit.returnValue == 0 { buffer.append("0") } else { buffer.append(hex: UInt64(bitPattern: exit.returnValue)) }
            case .octal:  // %#03o: 000, 022, 0755
                buffer.append("0")
                if exit.returnValue < 0o10 { buffer.append("0") }
                buffer.append(String(exit.returnValue, radix: 8))
            }
            return
        }
        let code = Int(-exit.returnValue)
        if format.color { buffer.append(Palette.error) }
        // Restart requests never reach the program: strace shows `? ERESTARTSYS (...)`.
        buffer.append(code >= 512 && code <= 516 ? "? " : "-1 ")
        ErrnoTable.appendName(code, to: &buffer)
        buffer.append(" (")
        ErrnoTable.appendMessage(code, to: &buffer)
        buffer.append(byte: UInt8(ascii: ")"))
        if format.color { buffer.append(Palette.reset) }
        appendInjectionNote(exit)
    }

    /// strace's tampering notes after the result.
    private func appendInjectionNote(_ exit: SyscallExit) {
        if exit.argumentsInjected {
            buffer.append(exit.injected ? " (INJECTED: args, retval)" : " (INJECTED: args)")
        } else if exit.injected {
            buffer.append(" (INJECTED)")
        }
        if exit.delayed { buffer.append(" (DELAYED)") }
    }
}

/// The syscalls each task is inside, keyed by task: the common single-task
/// case lives in one slot without hashing; other tasks go to a dictionary.
struct PendingCalls {
    private var firstPID: pid_t = 0
    private var first: StraceRenderer.PendingCall? = nil
    private var others: [pid_t: StraceRenderer.PendingCall] = [:]

    subscript(pid: pid_t) -> StraceRenderer.PendingCall? {
        get {
            if first != nil && firstPID == pid { return first }
            return others.isEmpty ? nil : others[pid]
        }
        set {
            if first != nil && firstPID == pid {
                first = newValue
            } else if newValue == nil {
                if !others.isEmpty { others[pid] = nil }
            } else if first == nil && others[pid] == nil {
                firstPID = pid
                first = newValue
            } else {
                others[pid] = newValue
            }
        }
    }

    /// The tasks with a call pending.
    var pids: [pid_t] { (first != nil ? [firstPID] : []) + Array(others.keys) }

    mutating func removeValue(forKey pid: pid_t) -> StraceRenderer.PendingCall? {
        if first != nil && firstPID == pid {
            var taken: StraceRenderer.PendingCall? = nil
            swap(&taken, &first)
            return taken
        }
        return others.isEmpty ? nil : others.removeValue(forKey: pid)
    }
}

/// `--color`'s palette (ANSI SGR): syscall names bold, errors red, signals
/// yellow, exits green (0) or bold red (a failure status, a fatal signal).
enum Palette {
    static let name: StaticString = "\u{1b}[1m"
    static let error: StaticString = "\u{1b}[31m"
    static let signal: StaticString = "\u{1b}[33m"
    static let exit: StaticString = "\u{1b}[32m"
    static let death: StaticString = "\u{1b}[1;31m"
    static let reset: StaticString = "\u{1b}[0m"
}
