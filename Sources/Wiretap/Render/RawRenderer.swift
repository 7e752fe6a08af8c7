import Glibc
import SystemPackage

/// The first, undecoded text output: one line per completed syscall with its
/// name, raw hexadecimal arguments and return value, plus signal and exit lines.
///
/// Lines are built in one reusable buffer and written in large chunks.
public struct RawRenderer {
    private var buffer = OutputBuffer()
    private let output: FileDescriptor
    private let flushEachLine: Bool
    /// Show `[pid N] ` in front of lines once more than one task is traced.
    public var showPIDs: Bool
    private var pendingEntries: [pid_t: SyscallEntry] = [:]

    /// - Parameters:
    ///   - output: where lines go.
    ///   - flushEachLine: write every line at once (for a terminal or stderr).
    public init(output: FileDescriptor, flushEachLine: Bool, showPIDs: Bool = false) {
        self.output = output
        self.flushEachLine = flushEachLine
        self.showPIDs = showPIDs
    }

    /// Renders one event.
    public mutating func render(_ event: TraceEvent) {
        switch event.kind {
        case .syscallEntry(let entry):
            pendingEntries[event.pid] = entry
            return
        case .syscallExit(let exit):
            let entry = pendingEntries.removeValue(forKey: event.pid)
            prefix(event.pid)
            appendCall(number: entry?.number ?? exit.number, arch: entry?.arch ?? exit.arch, arguments: entry?.arguments)
            buffer.pad(toColumn: 40)
            buffer.append("= ")
            appendResult(exit)
        case .signal(let info):
            prefix(event.pid)
            buffer.append("--- ")
            buffer.append(info.signal)
            buffer.append(" {si_signo=")
            buffer.append(info.signal)
            buffer.append(", si_code=")
            buffer.append(decimal: info.code)
            buffer.append("} ---")
        case .groupStop(let signal):
            prefix(event.pid)
            buffer.append("--- stopped by ")
            buffer.append(signal)
            buffer.append(" ---")
        case .exited(let code):
            if let entry = pendingEntries.removeValue(forKey: event.pid) {
                // exit_group and friends never return.
                prefix(event.pid)
                appendCall(number: entry.number, arch: entry.arch, arguments: entry.arguments)
                buffer.pad(toColumn: 40)
                buffer.append("= ?\n")
            }
            prefix(event.pid)
            buffer.append("+++ exited with ")
            buffer.append(decimal: code)
            buffer.append(" +++")
        case .killed(let signal, let core):
            pendingEntries[event.pid] = nil
            prefix(event.pid)
            buffer.append("+++ killed by ")
            buffer.append(signal)
            if core { buffer.append(" (core dumped)") }
            buffer.append(" +++")
        case .exec(let formerTID, _, _):
            if formerTID != event.pid {
                // A non-leader thread exec'd and now has the leader's pid: its
                // execve is the call that returns, the leader's call never will.
                pendingEntries[event.pid] = pendingEntries.removeValue(forKey: formerTID)
            }
            return
        case .attached, .detached, .groupContinue, .newTask:
            return
        }
        buffer.append(byte: UInt8(ascii: "\n"))
        if flushEachLine || buffer.count >= 1 << 15 { flush() }
    }

    /// Writes out whatever is buffered.
    public mutating func flush() {
        try? buffer.flush(to: output)
    }

    private mutating func prefix(_ pid: pid_t) {
        guard showPIDs else { return }
        buffer.append("[pid ")
        buffer.append(decimal: pid)
        buffer.append("] ")
    }

    private mutating func appendCall(number: Int, arch: AuditArch, arguments: SyscallArguments?) {
        if let name = SyscallTable.name(of: number, arch: arch) {
            buffer.append(name)
        } else {
            buffer.append("syscall_")
            buffer.append(hex: UInt64(bitPattern: Int64(number)))
        }
        buffer.append(byte: UInt8(ascii: "("))
        if let arguments {
            for i in 0..<6 {
                if i > 0 { buffer.append(", ") }
                buffer.append(hex: arguments[i])
            }
        } else {
            buffer.append("<unknown arguments>")
        }
        buffer.append(byte: UInt8(ascii: ")"))
    }

    private mutating func appendResult(_ exit: SyscallExit) {
        guard exit.isError else {
            buffer.append(decimal: exit.returnValue)
            return
        }
        let code = Int(-exit.returnValue)
        buffer.append("-1 ")
        ErrnoTable.appendName(code, to: &buffer)
        buffer.append(" (")
        ErrnoTable.appendMessage(code, to: &buffer)
        buffer.append(byte: UInt8(ascii: ")"))
    }
}

/// Errno names and messages from the generated tables.
public enum ErrnoTable {
    /// Appends `ENOENT`, `ERESTARTSYS`, or `errno N` for unknown codes.
    public static func appendName(_ code: Int, to buffer: inout OutputBuffer) {
        if let name = name(code) { buffer.append(name) } else {
            buffer.append("errno ")
            buffer.append(decimal: code)
        }
    }

    /// Appends the message strace prints in parentheses.
    public static func appendMessage(_ code: Int, to buffer: inout OutputBuffer) {
        if code > 0, code < ErrnoNames.messages.count, ErrnoNames.messages[code].utf8CodeUnitCount > 0 {
            buffer.append(ErrnoNames.messages[code])
        } else if let i = internalIndex(code), ErrnoNames.internalMessages[i].utf8CodeUnitCount > 0 {
            buffer.append(ErrnoNames.internalMessages[i])
        } else {
            buffer.append("Unknown error ")
            buffer.append(decimal: code)
        }
    }

    /// The symbolic name of errno `code`.
    public static func name(_ code: Int) -> StaticString? {
        if code > 0, code < ErrnoNames.names.count, ErrnoNames.names[code].utf8CodeUnitCount > 0 {
            return ErrnoNames.names[code]
        }
        if let i = internalIndex(code), ErrnoNames.internalNames[i].utf8CodeUnitCount > 0 {
            return ErrnoNames.internalNames[i]
        }
        return nil
    }

    private static func internalIndex(_ code: Int) -> Int? {
        let i = code - ErrnoNames.internalBase
        return i >= 0 && i < ErrnoNames.internalNames.count ? i : nil
    }
}
