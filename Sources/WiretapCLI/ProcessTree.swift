import CWiretap
import Glibc
import Wiretap

/// `--tree` and `wiretap tree`: the processes a run traced, each under the
/// process that forked it, with what it ran, how long, and how it ended.
///
/// Fed every event by `observe` on the tracer's thread. A syscall entry
/// costs one dictionary lookup and an increment; the rest (forks, execs,
/// exits) is rare. Argv and paths are kept as bytes until printed.
final class ProcessTree {
    /// How a process's tracing ended.
    enum Ending {
        case exited(CInt)
        case killed(Signal, coreDumped: Bool)
        /// wiretap stopped tracing it (it ran on).
        case detached
    }

    /// One process (thread group).
    struct Process {
        let pid: pid_t
        /// Index of the process that forked it; nil for a root.
        let parent: Int?
        var children: [Int] = []
        /// What it runs: read from /proc at each successful exec, inherited at a fork.
        var argv: [[UInt8]]
        var executable: [UInt8]
        var cwd: [UInt8]
        /// CLOCK_MONOTONIC and CLOCK_REALTIME (ns) when it was first seen.
        let start: Int64
        let startRealtime: Int64
        /// CLOCK_MONOTONIC (ns) at its exit, kill or detach.
        var end: Int64? = nil
        /// User + system CPU time (ns) at its exit, its waited-for children included.
        var cpu: Int64? = nil
        /// Tasks it ran, itself included.
        var threads = 1
        var ending: Ending? = nil
        /// The errno of its last execve/execveat, if that failed (a success clears it).
        var execError: Int32? = nil
        /// The path that failed exec tried (read at its entry; nil if unreadable).
        var execPath: [UInt8]? = nil

        /// A non-zero exit, a killing signal, or a failed last exec.
        var failed: Bool {
            if execError != nil { return true }
            switch ending {
            case .exited(let code)?: return code != 0
            case .killed?: return true
            default: return false
            }
        }
    }

    private(set) var processes: [Process] = []
    /// Syscall entries per process (same index as `processes`): kept apart
    /// so that counting does not touch the process records.
    private var syscalls: [Int] = []
    /// Live task id -> index of its process.
    private var tasks: [pid_t: Int] = [:]
    /// The path of each execve/execveat in progress, by task: a failed one is named.
    private var execPaths: [pid_t: [UInt8]] = [:]
    /// Whether syscall entries are seen (not with `wiretap tree`'s seccomp filter).
    let countsSyscalls: Bool
    /// Read /proc/PID/exe at each exec (only --json shows it).
    let readsExecutable: Bool
    /// execve and execveat in the native ABI, and in the 32-bit one.
    private let execNumbers: [Int]
    private let compatExecNumbers: [Int]

    init(countsSyscalls: Bool, readsExecutable: Bool) {
        self.countsSyscalls = countsSyscalls
        self.readsExecutable = readsExecutable
        execNumbers = ["execve", "execveat"].compactMap { SyscallTable.number(of: $0) }
        #if arch(x86_64)
        compatExecNumbers = ["execve", "execveat"].compactMap { SyscallTable.number(of: $0, arch: .i386) }
        #else
        compatExecNumbers = []
        #endif
    }

    // MARK: Roots

    /// The command wiretap started (before its execve, which fills in what it runs).
    func spawned(_ pid: pid_t, argv: [[UInt8]]) {
        _ = add(pid, parent: nil, argv: argv, executable: argv.first ?? [], cwd: Self.currentDirectory(of: 0))
    }

    /// A process wiretap attached to (-p), with the tasks it attached.
    func attached(_ pid: pid_t, tasks tids: [pid_t]) {
        let index = add(pid, parent: nil, argv: Self.arguments(of: pid), executable: readsExecutable ? Self.link(pid, "exe") : [],
                        cwd: Self.currentDirectory(of: pid))
        for tid in tids where tid != pid { tasks[tid] = index }
        processes[index].threads = max(1, tids.count)
    }

    private func add(_ pid: pid_t, parent: Int?, argv: [[UInt8]], executable: [UInt8], cwd: [UInt8]) -> Int {
        let index = processes.count
        processes.append(Process(pid: pid, parent: parent, argv: argv, executable: executable, cwd: cwd,
                                 start: Self.clock(CLOCK_MONOTONIC), startRealtime: Self.clock(CLOCK_REALTIME)))
        syscalls.append(0)
        tasks[pid] = index
        if let parent { processes[parent].children.append(index) }
        return index
    }

    // MARK: Events

    /// Follows one event (every event, before anything else sees it).
    func observe(_ event: TraceEvent, _ tracee: Tracee) {
        switch event.kind {
        case .syscallEntry(let entry):
            if let index = tasks[event.pid] { syscalls[index] &+= 1 }
            // execve's path is its first argument, execveat's its second.
            guard let position = (entry.arch == .native ? execNumbers : compatExecNumbers).firstIndex(of: entry.number) else { return }
            var path: [UInt8] = []
            let address = position == 0 ? entry.arguments.a0 : entry.arguments.a1
            if (try? tracee.memory.readCString(at: address, limit: Int(PATH_MAX), into: &path)) != nil {
                execPaths[event.pid] = path
            } else {
                execPaths[event.pid] = nil
            }
        case .syscallExit(let exit):
            // Only a failed call can be a failed exec: the common case stops here.
            guard exit.isError, isExec(exit.number, exit.arch), let index = tasks[event.pid] else { return }
            processes[index].execError = Int32(truncatingIfNeeded: -exit.returnValue)
            processes[index].execPath = execPaths.removeValue(forKey: event.pid)
        case .newTask(let child, let kind):
            guard let parent = tasks[event.pid] else { return }
            if kind == .thread {
                tasks[child] = parent
                processes[parent].threads += 1
            } else {
                let from = processes[parent]
                _ = add(child, parent: parent, argv: from.argv, executable: from.executable, cwd: from.cwd)
            }
        case .exec(let formerTID, _, _):
            guard let index = tasks[formerTID] ?? tasks[event.pid] else { return }
            if formerTID != event.pid {
                // A thread exec'd: it now has the leader's pid.
                tasks[formerTID] = nil
                tasks[event.pid] = index
            }
            processes[index].argv = Self.arguments(of: event.pid)
            processes[index].cwd = Self.currentDirectory(of: event.pid)
            if readsExecutable { processes[index].executable = Self.link(event.pid, "exe") }
            processes[index].execError = nil
            processes[index].execPath = nil
            execPaths[formerTID] = nil
            execPaths[event.pid] = nil
        case .exited(let code):
            end(event.pid, .exited(code), tracee)
        case .killed(let signal, let coreDumped):
            end(event.pid, .killed(signal, coreDumped: coreDumped), tracee)
        case .detached:
            end(event.pid, .detached, tracee)
        default:
            break
        }
    }

    private func isExec(_ number: Int, _ arch: AuditArch) -> Bool {
        arch == .native ? execNumbers.contains(number) : compatExecNumbers.contains(number)
    }

    /// A task is gone: the process ends with its leader, reported last
    /// (the kernel reports a leader's exit once its other threads are gone).
    private func end(_ pid: pid_t, _ ending: Ending, _ tracee: Tracee) {
        if !execPaths.isEmpty { execPaths[pid] = nil }
        guard let index = tasks.removeValue(forKey: pid), processes[index].pid == pid else { return }
        processes[index].ending = ending
        processes[index].end = Self.clock(CLOCK_MONOTONIC)
        if let user = tracee.userTime, let system = tracee.systemTime { processes[index].cpu = user + system }
    }

    /// The syscall entries `processes[index]` made (nil when not counted).
    func syscallCount(_ index: Int) -> Int? { countsSyscalls ? syscalls[index] : nil }

    /// Indexes of the roots, in start order.
    var roots: [Int] { processes.indices.filter { processes[$0].parent == nil } }

    // MARK: /proc

    private static func clock(_ id: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(id, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// `/proc/PID/NAME`'s target (pid 0: `/proc/self/NAME`); empty if unreadable.
    static func link(_ pid: pid_t, _ name: String) -> [UInt8] {
        (try? ProcFS.linkTarget("/proc/" + (pid == 0 ? "self" : String(pid)) + "/" + name)) ?? []
    }

    static func currentDirectory(of pid: pid_t) -> [UInt8] { link(pid, "cwd") }

    /// `/proc/PID/cmdline` split at its NULs; empty if unreadable.
    static func arguments(of pid: pid_t) -> [[UInt8]] { (try? ProcFS.argumentBytes(of: pid)) ?? [] }
}
