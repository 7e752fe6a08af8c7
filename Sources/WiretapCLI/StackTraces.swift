import Glibc
import Wiretap
import WiretapSymbols

/// `-k`: the stack-trace lines strace 6.1 prints after each syscall and
/// signal, ` > MODULE(SYMBOL+0xOFF) [0xOFFSET]`, from `ProcessSymbols`
/// (ELF symbols only, as strace's libunwind build prints them).
///
/// One `ProcessSymbols` per process (thread group): a thread is unwound
/// from its own registers with its process's modules. A process gets new
/// symbols after its execve; its modules are re-read after it maps or
/// unmaps memory (mmap, munmap, mprotect, mremap: strace's cache
/// invalidation), and whenever a pc falls outside every known module (a
/// mapping we did not see, with `-e trace=` and seccomp).
///
/// Used only on the tracer's thread: `observe` from the event handler,
/// `lines` from the renderer.
final class StackTraces {
    /// Per process: its symbols, and formatted frame lines by pc.
    private final class Process {
        let symbols: ProcessSymbols
        var stale = false
        /// Frame lines by (pc, first frame?): one formatting per address.
        var lines: [UInt64: [UInt8]] = [:]
        init(symbols: ProcessSymbols) { self.symbols = symbols }
    }

    private var processes: [pid_t: Process] = [:]
    /// Thread id -> process id (thread-group id).
    private var groups: [pid_t: pid_t] = [:]
    /// The spawned command, until its first execve: strace prints that
    /// call's stack at its exit (the new program's), not at its entry (ours).
    private var firstExec: pid_t? = nil
    /// The syscalls after which the modules are re-read.
    private let remapping: Set<Int>
    /// strace's libunwind walk stops at 256 frames.
    static let frameLimit = 256

    init() {
        remapping = Set(["mmap", "munmap", "mprotect", "mremap", "remap_file_pages"].compactMap { SyscallTable.number(of: $0) })
    }

    /// The command wiretap starts: its first execve's stack is taken at the exit.
    func spawned(_ pid: pid_t) { firstExec = pid }

    /// Follows the events that change a process's modules (every event, before it is rendered).
    func observe(_ event: TraceEvent) {
        switch event.kind {
        case .syscallExit(let exit):
            if exit.arch == .native && remapping.contains(exit.number), let process = processes[group(of: event.pid)] {
                process.stale = true
            }
        case .exec(let formerTID, _, _):
            // A new program: new symbols when they are first needed.
            if formerTID != event.pid { groups[formerTID] = nil }
            processes[group(of: event.pid)] = nil
        case .newTask(let child, let kind):
            groups[child] = kind == .thread ? group(of: event.pid) : child
        case .exited, .killed, .detached:
            let tgid = groups.removeValue(forKey: event.pid) ?? event.pid
            if tgid == event.pid { processes[tgid] = nil }
        default:
            break
        }
    }

    /// The stack-trace lines for `event` (a `StackTraceSource`).
    func lines(_ event: TraceEvent, _ tracee: Tracee) -> [UInt8]? {
        if let first = firstExec, first == event.pid, case .syscallEntry(let entry) = event.kind {
            firstExec = nil
            if let name = entry.name, name.description.hasPrefix("execve") { return nil }
        }
        let tgid = group(of: event.pid)
        let process: Process
        if let known = processes[tgid] {
            process = known
            if process.stale {
                process.stale = false
                refresh(process)
            }
        } else {
            guard let symbols = try? ProcessSymbols(pid: tgid, includeSource: false) else { return [] }
            process = Process(symbols: symbols)
            processes[tgid] = process
        }
        guard let registers = try? tracee.registers() else { return [] }
        guard var pcs = try? process.symbols.unwindPCs(of: tracee.pid, registers: registers, limit: Self.frameLimit) else { return [] }
        if pcs.contains(where: { process.lines[$0.pc] == nil && process.symbols.frame(at: $0.pc, isReturnAddress: !$0.isActivation).module == nil }) {
            // A module mapped since we last read the maps: read them again, once.
            refresh(process)
            guard let again = try? process.symbols.unwindPCs(of: tracee.pid, registers: registers, limit: Self.frameLimit) else { return [] }
            pcs = again
        }
        var text: [UInt8] = []
        text.reserveCapacity(pcs.count * 80)
        for (pc, isActivation) in pcs {
            if let line = process.lines[pc] {
                text.append(contentsOf: line)
                continue
            }
            let frame = process.symbols.frame(at: pc, isReturnAddress: !isActivation)
            let line = Self.line(frame)
            text.append(contentsOf: line)
            // strace stops at a pc outside every module.
            if frame.module == nil { break }
            process.lines[pc] = line
        }
        return text
    }

    private func refresh(_ process: Process) {
        process.lines.removeAll(keepingCapacity: true)
        try? process.symbols.refresh()
    }

    private func group(of tid: pid_t) -> pid_t {
        if let tgid = groups[tid] { return tgid }
        let tgid = Self.readThreadGroup(tid) ?? tid
        groups[tid] = tgid
        return tgid
    }

    /// `Tgid:` from /proc/TID/status.
    static func readThreadGroup(_ tid: pid_t) -> pid_t? {
        let fd = open("/proc/\(tid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Tgid:") {
            return pid_t(line.dropFirst(5).trimmingPrefix(while: { $0 == " " || $0 == "\t" }))
        }
        return nil
    }

    /// One frame as strace 6.1 prints it: ` > MODULE(SYMBOL+0xOFF) [0xOFFSET]`,
    /// `(+0x0)` without a symbol, ` > backtracing_error [0xPC]` outside every module.
    static func line(_ frame: StackFrame) -> [UInt8] {
        var text = " > "
        guard let module = frame.module, let offset = frame.offset else {
            text += "backtracing_error [0x" + String(frame.pc, radix: 16) + "]\n"
            return Array(text.utf8)
        }
        text += module
        text += "("
        if let symbol = frame.symbol, !symbol.isEmpty {
            text += symbol + "+0x" + String(frame.symbolOffset ?? 0, radix: 16)
        } else {
            text += "+0x0"
        }
        text += ") [0x" + String(offset, radix: 16) + "]\n"
        return Array(text.utf8)
    }
}
