import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// `--json`: one JSON object per line for every event (JSON Lines). The
/// schema is documented in the README. Syscalls are written whole at their
/// exit, so objects never interleave.
public final class JSONRenderer: EventRenderer {
    public var format: StraceFormat { formatBox.value }
    private let formatBox: StraceFormatBox
    private var buffer = OutputBuffer()
    private var text = OutputBuffer(capacity: 1024)
    private var scratch: [UInt8] = []
    private let output: FileDescriptor
    private let flushEachLine: Bool

    /// The decoded calls between entry and exit.
    private let calls: SyscallValueDecoder
    /// When each pending call entered, and its stack (`-k`, taken at entry or nil).
    /// The siginfo of a signal event (reused).
    private var signalValues = ValueTape()
    private let started = TraceeContext<(time: timespec, stack: StackTrace?)>()

    /// The first error writing to `output` (nil while every write succeeded).
    public private(set) var writeError: Errno? = nil
    private let onWriteError: ((Errno) -> Void)?

    /// - Parameter onWriteError: called once, with the first error writing
    ///   to `output` (ENOSPC, EIO, EPIPE...); later writes are still tried.
    /// `-k`: where stacks come from (nil: none); each syscall, signal and
    /// group stop then has a `stack` (see `StackTraceSource`).
    private let stackTraces: StackTraceSource?

    /// - Parameter stackTraces: `-k`: the stack of each shown syscall and
    ///   signal, written as the object's `stack` member.
    public init(output: FileDescriptor, format: StraceFormat, flushEachLine: Bool,
                onWriteError: ((Errno) -> Void)? = nil, stackTraces: StackTraceSource? = nil) {
        self.output = output
        self.stackTraces = stackTraces
        self.formatBox = StraceFormatBox(format)
        self.calls = SyscallValueDecoder(format: format)
        self.flushEachLine = flushEachLine
        self.onWriteError = onWriteError
    }

    /// How many tasks some per-task state is kept for (zero once every task is gone).
    package var retainedTaskCount: Int { Set(calls.pendingPIDs).union(started.pids).count }

    public func flush() {
        buffer.flush(to: output, firstError: &writeError, report: onWriteError)
    }

    public func render(_ event: TraceEvent, _ tracee: Tracee) {
        let pid = event.pid
        let now = JSONRenderer.now()
        switch event.kind {
        case .syscallEntry(let entry):
            guard format.selection.syscalls.contains(entry, memory: entry.arch == .native ? nil : tracee.memory) else {
                calls.forget(pid)
                started[pid] = nil
                return
            }
            calls.enter(entry, tracee)
            started[pid] = (now, stackTraces?(event, tracee))
            return
        case .syscallExit(let exit):
            guard let call = calls.leave(exit, tracee) else { return }
            defer { calls.recycle(call.values) }
            let (start, stack) = started.removeValue(for: pid) ?? (now, nil)
            let wanted = exit.isError ? format.selection.statuses.contains(.failed) : format.selection.statuses.contains(.successful)
            guard wanted, !format.filtersByArguments || call.touchesSelectedPath else { return }
            begin("syscall", pid, start)
            appendCall(call)
            buffer.append(",\"return\":")
            if exit.isError {
                // Errno names and messages are plain ASCII with no quotes.
                buffer.append("-1,\"errno\":\"")
                let code = Int(-exit.returnValue)
                ErrnoTable.appendName(code, to: &buffer)
                buffer.append("\",\"error\":\"")
                ErrnoTable.appendMessage(code, to: &buffer)
                buffer.append("\"")
            } else if call.returnFormat == .hex {
                ValueTape.appendAddress(UInt64(bitPattern: exit.returnValue), to: &buffer)
            } else {
                buffer.append(decimal: exit.returnValue)
            }
            buffer.append(",\"duration\":")
            appendSeconds(JSONRenderer.difference(now, start))
            if let stackTraces, let stack = stack ?? stackTraces(event, tracee) { appendStack(stack) }
            buffer.append("}")
        case .signal(let info):
            guard format.selection.signals.contains(info.signal) else { return }
            begin("signal", pid, now)
            buffer.append(",\"signal\":")
            buffer.appendJSONString(info.signal.description)
            text.removeAll()
            signalValues.removeAll()
            var values: ValueTape? = signalValues
            signalValues = ValueTape()  // moved out, not shared: no copy at its first write
            Decoding.describeSignal(info, format: formatBox, pid: pid, into: &text, values: &values)
            buffer.append(",\"siginfo\":")
            if let values {
                values.appendJSON(to: &buffer)
                signalValues = values
            }
            if let stackTraces, let stack = stackTraces(event, tracee) { appendStack(stack) }
            buffer.append("}")
        case .groupStop(let signal):
            begin("stopped", pid, now)
            buffer.append(",\"signal\":")
            buffer.appendJSONString(signal.description)
            if let stackTraces, let stack = stackTraces(event, tracee) { appendStack(stack) }
            buffer.append("}")
        case .groupContinue:
            begin("continued", pid, now)
            buffer.append("}")
        case .newTask(let child, let kind):
            begin("new_task", pid, now)
            buffer.append(",\"child\":")
            buffer.append(decimal: child)
            buffer.append(",\"kind\":")
            switch kind {
            case .fork: buffer.append("\"fork\"")
            case .vfork: buffer.append("\"vfork\"")
            case .thread: buffer.append("\"thread\"")
            case .process: buffer.append("\"process\"")
            }
            buffer.append("}")
        case .exec(let formerTID, let executable, let arguments):
            calls.follow(event)
            started.follow(event)
            begin("exec", pid, now)
            buffer.append(",\"former_pid\":")
            buffer.append(decimal: formerTID)
            buffer.append(",\"executable\":")
            buffer.appendJSONString(executable)
            buffer.append(",\"argv\":")
            buffer.appendJSON(JSONValue(arguments))
            buffer.append("}")
        case .exited(let code):
            finishUnfinished(pid, now)
            begin("exit", pid, now)
            buffer.append(",\"code\":")
            buffer.append(decimal: code)
            buffer.append("}")
        case .killed(let signal, let core):
            finishUnfinished(pid, now)
            begin("killed", pid, now)
            buffer.append(",\"signal\":")
            buffer.appendJSONString(signal.description)
            buffer.append(",\"core_dumped\":")
            buffer.append(core ? "true" : "false")
            buffer.append("}")
        case .attached:
            begin("attached", pid, now)
            buffer.append("}")
        case .interrupted:
            return  // a consumer's own stop, not the program's
        case .detached:
            calls.forget(pid)
            started[pid] = nil
            begin("detached", pid, now)
            buffer.append("}")
        }
        buffer.append(byte: UInt8(ascii: "\n"))
        if flushEachLine || buffer.count >= 1 << 15 { flush() }
    }

    /// A syscall the task never returned from (exit_group, or death inside it).
    private func finishUnfinished(_ pid: pid_t, _ now: timespec) {
        guard let call = calls.unfinished(pid) else { return }
        defer { calls.recycle(call.values) }
        let (start, stack) = started.removeValue(for: pid) ?? (now, nil)
        guard format.selection.statuses.contains(.unfinished), !format.filtersByArguments || call.touchesSelectedPath else { return }
        begin("syscall", pid, start)
        appendCall(call)
        buffer.append(",\"return\":null,\"unfinished\":true")
        if let stack { appendStack(stack) }
        buffer.append("}\n")
    }

    private func appendCall(_ call: SyscallValueDecoder.Pending) {
        buffer.append(",\"name\":")
        if let subcall = call.subcall {
            // i386's socketcall/ipc: named as its sub-call, as the text shows it.
            buffer.append(byte: UInt8(ascii: "\""))
            buffer.append(subcall.name)
            buffer.append(byte: UInt8(ascii: "\""))
        } else if let name = SyscallTable.name(of: call.entry.number, arch: call.entry.arch) {
            buffer.append(byte: UInt8(ascii: "\""))
            buffer.append(name)
            buffer.append(byte: UInt8(ascii: "\""))
        } else {
            buffer.append("\"syscall_0x")
            buffer.appendHexDigits(UInt64(bitPattern: Int64(call.entry.number)))
            buffer.append("\"")
        }
        buffer.append(",\"number\":")
        buffer.append(decimal: call.entry.number)
        if call.entry.arch != .native {
            buffer.append(",\"arch\":")
            buffer.appendJSONString(call.entry.arch.description)
        }
        buffer.append(",\"args\":[")
        call.values.appendJSON(to: &buffer)
        buffer.append("]")
    }

    /// `,"stack":[FRAME...]`, each frame `{"pc", "module", "offset",
    /// "symbol", "symbol_offset", "file", "line", "inlined"}` (addresses as
    /// `"0x..."` strings, null where unknown), and `"stack_cut"` when the
    /// walk stopped early (`"frame_limit"`, `"outside_modules"`).
    private func appendStack(_ stack: StackTrace) {
        buffer.append(",\"stack\":[")
        for (index, frame) in stack.frames.enumerated() {
            if index > 0 { buffer.append(byte: UInt8(ascii: ",")) }
            buffer.append("{\"pc\":")
            appendAddress(frame.pc)
            buffer.append(",\"module\":")
            if let module = frame.module { buffer.appendJSONString(module) } else { buffer.append("null") }
            buffer.append(",\"offset\":")
            appendAddress(frame.offset)
            buffer.append(",\"symbol\":")
            if let symbol = frame.symbol { buffer.appendJSONString(symbol) } else { buffer.append("null") }
            buffer.append(",\"symbol_offset\":")
            appendAddress(frame.symbolOffset)
            buffer.append(",\"file\":")
            if let file = frame.file { buffer.appendJSONString(file) } else { buffer.append("null") }
            buffer.append(",\"line\":")
            if let line = frame.line { buffer.append(decimal: line) } else { buffer.append("null") }
            buffer.append(frame.inlined ? ",\"inlined\":true}" : ",\"inlined\":false}")
        }
        buffer.append(byte: UInt8(ascii: "]"))
        if let cut = stack.cut {
            buffer.append(",\"stack_cut\":")
            buffer.appendJSONString(cut.rawValue)
        }
    }

    private func appendAddress(_ address: UInt64?) {
        guard let address else { return buffer.append("null") }
        buffer.append("\"0x")
        buffer.appendHexDigits(address)
        buffer.append(byte: UInt8(ascii: "\""))
    }

    private func begin(_ type: StaticString, _ pid: pid_t, _ time: timespec) {
        buffer.append("{\"type\":\"")
        buffer.append(type)
        buffer.append("\",\"pid\":")
        buffer.append(decimal: pid)
        buffer.append(",\"time\":")
        buffer.append(decimal: time.tv_sec)
        buffer.append(byte: UInt8(ascii: "."))
        appendMicroseconds(time.tv_nsec / 1000)
    }

    private func appendSeconds(_ nanoseconds: Int64) {
        buffer.append(decimal: nanoseconds / 1_000_000_000)
        buffer.append(byte: UInt8(ascii: "."))
        appendMicroseconds(Int(nanoseconds % 1_000_000_000) / 1000)
    }

    private func appendMicroseconds(_ value: Int) {
        var digits = 1, v = value / 10
        while v > 0 { digits += 1; v /= 10 }
        for _ in digits..<6 { buffer.append(byte: UInt8(ascii: "0")) }
        buffer.append(decimal: value)
    }

    static func now() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }

    static func difference(_ a: timespec, _ b: timespec) -> Int64 {
        Int64(a.tv_sec - b.tv_sec) * 1_000_000_000 + Int64(a.tv_nsec - b.tv_nsec)
    }
}
