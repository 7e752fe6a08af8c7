import Glibc
import Wiretap
import WiretapSymbols

/// `-k`/`-kk`: the stack of each shown syscall and signal, from
/// `ProcessSymbols` (ELF symbols only with -k, as strace's libunwind build
/// prints them; source lines and inlined functions with -kk).
///
/// One `ProcessSymbols` per process (thread group): a thread is unwound
/// from its own registers with its process's modules. A process gets new
/// symbols after its execve; its modules are re-read after it maps or
/// unmaps memory (mmap, munmap, mprotect, mremap: strace's cache
/// invalidation), and whenever a pc falls outside every known module (a
/// mapping we did not see, with `-e trace=` and seccomp).
///
/// Used only on the tracer's thread: `observe` from the event handler,
/// `stack` from the renderer.
final class StackTraces {
    /// Per process: its symbols, and whether its maps are to be read again.
    private final class Process {
        let symbols: ProcessSymbols
        var stale = false
        /// pcs outside every module even after the maps were read again
        /// (JIT code): not a reason to read them once more.
        var unplaced: Set<UInt64> = []
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
    /// `-kk`: source lines and inlined functions.
    let includeSource: Bool
    /// `--stack-trace-frame-limit`: at most this many pcs per stack.
    let frameLimit: Int
    /// strace's default frame limit.
    static let defaultFrameLimit = 256

    init(includeSource: Bool = false, frameLimit: Int = StackTraces.defaultFrameLimit) {
        self.includeSource = includeSource
        self.frameLimit = frameLimit
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

    /// The stack of `tracee` at `event` (a `StackTraceSource`): empty if it
    /// cannot be read (the process is gone, its maps unreadable).
    func stack(_ event: TraceEvent, _ tracee: Tracee) -> StackTrace? {
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
                process.unplaced.removeAll()
                try? process.symbols.refresh()
            }
        } else {
            guard let symbols = try? ProcessSymbols(pid: tgid, includeSource: includeSource) else { return StackTrace(frames: []) }
            process = Process(symbols: symbols)
            processes[tgid] = process
        }
        guard let registers = try? tracee.registers() else { return StackTrace(frames: []) }
        // One pc more than the limit says whether the walk was cut there.
        guard var pcs = try? process.symbols.unwindPCs(of: tracee.pid, registers: registers, limit: frameLimit + 1) else {
            return StackTrace(frames: [])
        }
        if let outside = pcs.first(where: { process.symbols.frame(at: $0.pc, isReturnAddress: !$0.isActivation).module == nil }),
           !process.unplaced.contains(outside.pc) {
            // A module mapped since we last read the maps: read them again, once.
            process.unplaced.insert(outside.pc)
            try? process.symbols.refresh()
            guard let again = try? process.symbols.unwindPCs(of: tracee.pid, registers: registers, limit: frameLimit + 1) else {
                return StackTrace(frames: [])
            }
            pcs = again
        }
        var trace = StackTrace(frames: [])
        trace.frames.reserveCapacity(min(pcs.count, frameLimit))
        for (index, (pc, isActivation)) in pcs.enumerated() {
            if index == frameLimit {
                trace.cut = .frameLimit
                break
            }
            let frames = process.symbols.frames(at: pc, isReturnAddress: !isActivation)
            trace.frames.append(contentsOf: frames)
            // strace stops at a pc outside every module.
            if frames.last?.module == nil {
                trace.cut = .outsideModules
                break
            }
        }
        return trace
    }

    private func group(of tid: pid_t) -> pid_t {
        if let tgid = groups[tid] { return tgid }
        let tgid = (try? ProcFS.threadGroup(of: tid)) ?? tid
        groups[tid] = tgid
        return tgid
    }
}
