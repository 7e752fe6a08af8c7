import CWiretap
import Glibc
import SystemPackage

/// Options for a `Tracer`.
public struct TraceOptions: Sendable {
    /// Follow forks, vforks and threads (strace's `-f`).
    public var followForks = false
    /// Stop at every syscall entry and exit. When false, only signals, execs,
    /// new tasks and exits are reported, at far less cost.
    public var traceSyscalls = true
    /// When attaching to a pid, attach to all of its threads too.
    public var attachThreads = true
    /// Stop only at these syscalls, through a seccomp-bpf filter installed in
    /// the spawned command (strace's `--seccomp-bpf`); every other syscall runs
    /// without a stop. Applies to `spawn` only: the filter cannot be added to
    /// a running process.
    public var seccompFilter: SeccompFilter? = nil
    /// Wait with wait4(2) and report each stopped tracee's system and user
    /// CPU time (`Tracee.systemTime`, `Tracee.userTime`), for strace's `-c`
    /// accounting and `--tree`; the exit events carry them too. Same syscall count.
    public var measureSystemTime = false
    /// Read the new program's path and arguments from /proc for each exec
    /// event. Three reads per exec; consumers that only need the event (the
    /// strace renderer) turn it off and get empty values.
    public var describeExec = true
    /// How to wait for stops: by default, poll briefly before blocking, measured
    /// against blocking as tracing goes and the faster kept (some tracer CPU
    /// time while stops come quickly); `.block` sleeps in `waitpid` at every stop.
    public var waitStrategy: WaitStrategy = .adaptivePolling()
    /// Detach from a task when it execs, at its PTRACE_EVENT_EXEC stop
    /// (strace's `-b execve`): the new program runs untraced. The spawned
    /// command's own first execve is let through. With `followForks`, the
    /// command's children are detached at their execs too.
    public var detachOnExec = false
    /// Set PTRACE_O_EXITKILL on every tracee, attached ones included
    /// (strace's `--kill-on-exit`): they die with the tracer.
    public var killOnExit = false

    public init() {}
}

/// The ptrace engine: starts or attaches to processes and turns their stops
/// into `TraceEvent`s.
///
/// A tracer is bound to the OS thread that creates it: the kernel accepts
/// ptrace requests for a tracee only from the thread that attached it. Create
/// it, spawn or attach, and `run` on one thread (not from a Swift `Task`, which
/// may hop threads); `TraceSession` does this on a dedicated thread for you.
///
/// The engine waits with `waitpid(-1, __WALL | __WNOTHREAD)`, so it reaps only
/// its own tracees, never children of other threads in the process.
public final class Tracer {
    @exclusivity(unchecked) public private(set) var options: TraceOptions
    /// Bumped when options change mid-run; each tracee gets the new ptrace
    /// options at its next stop (PTRACE_SETOPTIONS needs a stopped tracee).
    @exclusivity(unchecked) private var optionsGeneration = 0
    private let ownerThread: pid_t
    @exclusivity(unchecked) private var tracees: [pid_t: TraceeRecord] = [:]
    @exclusivity(unchecked) private var queued: [TraceEvent] = []
    @exclusivity(unchecked) private var spawned: SpawnedChild? = nil
    @exclusivity(unchecked) private var detachingAll = false
    /// Set when the kernel lacks PTRACE_GET_SYSCALL_INFO (or by tests, to exercise the fallback).
    @exclusivity(unchecked) var syscallInfoUnavailable = false
    @exclusivity(unchecked) private var syscallInfo = __ptrace_syscall_info()
    @exclusivity(unchecked) private var usage = rusage()
    @exclusivity(unchecked) private var waiter: StopWaiter
    /// How the engine has been waiting for stops (for tests).
    var stopWaiter: StopWaiter { waiter }
    /// The system time wait4 reported with the last stop (when measuring).
    @exclusivity(unchecked) private var lastSystemTime: Int64? = nil
    /// The user time wait4 reported with the last stop (when measuring).
    @exclusivity(unchecked) private var lastUserTime: Int64? = nil

    /// Takes the times from the rusage wait4 filled in.
    @inline(__always) private func recordUsage() {
        lastSystemTime = Int64(usage.ru_stime.tv_sec) * 1_000_000_000 + Int64(usage.ru_stime.tv_usec) * 1000
        lastUserTime = Int64(usage.ru_utime.tv_sec) * 1_000_000_000 + Int64(usage.ru_utime.tv_usec) * 1000
    }

    /// Called with wiretap's own debug messages (strace's `-d`): options,
    /// attaches, detaches, new tasks. nil (the default) costs nothing per stop.
    public var debugLog: ((String) -> Void)? = nil
    /// Tracees held stopped by a delayed `Resume`, resumed by `run` when due.
    @exclusivity(unchecked) private var delayed: [TraceeRecord] = []
    /// The consumers' per-task state, kept in step with the tasks.
    @exclusivity(unchecked) private var contexts: [any TraceeContextKeeping] = []

    /// Per-task state for a consumer, which this tracer moves when a thread's
    /// exec changes its id and drops when the task is gone (see `TraceeContext`).
    public func makeContext<Value>(of type: Value.Type = Value.self) -> TraceeContext<Value> {
        let context = TraceeContext<Value>()
        contexts.append(context)
        return context
    }

    /// The pid of the spawned command, if any.
    public private(set) var commandPID: pid_t? = nil
    /// How the spawned command ended, once it has.
    public private(set) var commandTermination: Termination? = nil

    /// How a process ended.
    public enum Termination: Sendable, Hashable {
        case exited(CInt)
        case killed(Signal, coreDumped: Bool)
    }

    public init(options: TraceOptions = TraceOptions()) {
        self.options = options
        self.ownerThread = wt_gettid()
        self.waiter = StopWaiter(options.waitStrategy)
    }

    /// A tracer dropped with tracees left (never run, or run abandoned by a
    /// throwing handler) does not leave them stopped: attached ones are
    /// detached, spawned ones killed.
    deinit {
        guard !tracees.isEmpty, wt_gettid() == ownerThread else { return }
        detachAll()
        var status: CInt = 0
        while !tracees.isEmpty {
            let pid = waitpid(-1, &status, WT_WALL | WT_WNOTHREAD)
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            try? handleStatus(pid, WaitStatus(rawValue: status)) { _, _ in .automatic }
        }
        if var child = spawned { child.closeErrorPipe() }
    }

    private func checkThread() throws(TraceError) {
        if wt_gettid() != ownerThread { throw TraceError(.wrongThread) }
    }

    private var ptraceOptions: PtraceOptions {
        var result: PtraceOptions = [.traceSysGood, .traceExec]
        if options.followForks { result.formUnion([.traceFork, .traceVfork, .traceClone]) }
        if options.seccompFilter != nil { result.insert(.traceSeccomp) }
        if options.killOnExit { result.insert(.exitKill) }
        return result
    }

    /// The number of tasks being traced.
    public var traceeCount: Int { tracees.count }

    /// Switches following of forks, vforks and threads on or off while
    /// tracing (from the handler, or between runs). Each tracee picks the
    /// change up at its next stop; tasks already created stay traced.
    public func setFollowForks(_ follow: Bool) {
        guard follow != options.followForks else { return }
        options.followForks = follow
        optionsGeneration += 1
    }

    // MARK: - Starting

    /// Starts `command` under the tracer, stopped at its first instruction
    /// before execve; `run` lets it go. Events before its execve are not reported.
    ///
    /// Tracees started this way are killed if the tracer thread exits (`PTRACE_O_EXITKILL`).
    ///
    /// - Parameter beforeRelease: called with the child's pid once it is
    ///   forked and seized, before it may exec (the command has not run
    ///   yet). Returning false kills the child and throws `.spawnCancelled`:
    ///   the place to prepare what needs the pid (a per-process output file)
    ///   and give up before the command does anything.
    @discardableResult
    public func spawn(_ command: Command, beforeRelease: (pid_t) -> Bool = { _ in true }) throws(TraceError) -> pid_t {
        try checkThread()
        let path = try command.resolvedPath()
        var child = try SpawnedChild.fork(command, path: path, filter: options.seccompFilter?.program)
        do throws(Errno) {
            try Ptrace.seize(child.pid, options: ptraceOptions.union(.exitKill))
            try Ptrace.interrupt(child.pid)
            var status: CInt = 0
            while waitpid(child.pid, &status, WT_WALL) < 0 {
                if errno != EINTR { throw Errno(rawValue: errno) }
            }
            if let debugLog { reportDebugStart(child.pid, debugLog) }
            if options.traceSyscalls && options.seccompFilter == nil { try Ptrace.syscall(child.pid) } else { try Ptrace.continue(child.pid) }
        } catch {
            child.abandon()
            throw TraceError(.attachFailed(pid: child.pid, errno: error))
        }
        guard beforeRelease(child.pid) else {
            child.abandon()
            throw TraceError(.spawnCancelled)
        }
        child.release()
        let record = TraceeRecord(pid: child.pid, tgid: child.pid, attachedByRequest: false)
        record.hiddenUntilExec = true
        record.skipDetachOnExec = true
        record.resumeWithContinue = options.seccompFilter != nil
        tracees[child.pid] = record
        spawned = child
        commandPID = child.pid
        return child.pid
    }

    /// At a tracee's first stop, with -d: the options set and whether
    /// PTRACE_GET_SYSCALL_INFO works (at an event stop it answers "none").
    private func reportDebugStart(_ pid: pid_t, _ log: (String) -> Void) {
        var options = ptraceOptions
        if !options.contains(.exitKill) && tracees[pid]?.attachedByRequest != true { options.insert(.exitKill) }
        log("ptrace_setoptions = 0x" + String(options.rawValue, radix: 16))
        var info = __ptrace_syscall_info()
        do {
            try Ptrace.syscallInfo(pid, into: &info)
            log("PTRACE_GET_SYSCALL_INFO works")
        } catch {
            log("PTRACE_GET_SYSCALL_INFO does not work (\(error)): registers will be read instead")
        }
    }

    /// A command started for `-D` (strace's daemonized tracer): it is the
    /// original process, `adopt` attaches to it.
    public struct DaemonizedCommand: Sendable {
        /// The command's pid: the process that called `daemonize`.
        public let pid: pid_t
        /// The middle process, killed once the tracer has attached.
        let middle: pid_t
        /// Closing it without killing the middle process makes the command exit, unrun.
        let releaseFD: CInt
    }

    /// How far `-D` moves the tracer away from the command.
    public enum DaemonizeMode: Int, Sendable {
        /// A grandchild of the command (`-D`).
        case grandchild = 1
        /// And in its own process group, out of reach of `kill(0, ...)` (`-DD`).
        case processGroup = 2
        /// And in its own session, out of reach of the terminal's hangup (`-DDD`).
        case session = 3
    }

    /// strace's `-D`: the calling process becomes `command`, and this call
    /// returns in a new process, a grandchild, that is to trace it: create a
    /// `Tracer` there and `adopt` the result. The command's parent (a shell)
    /// thus waits for the command itself, not for the tracer.
    ///
    /// The calling process must be single-threaded (the grandchild goes on
    /// running Swift code after fork); call this before creating a `Tracer`.
    /// In the calling process this never returns: it waits until the tracer
    /// has attached, then execs (or exits with status 1 if the tracer failed).
    public static func daemonize(_ command: Command, mode: DaemonizeMode, filter: SeccompFilter? = nil) throws(TraceError) -> DaemonizedCommand {
        let path = try command.resolvedPath()
        if let threads = try? ProcFS.threads(of: getpid()), threads.count > 1 {
            throw TraceError(.spawnFailed(.resourceTemporarilyUnavailable))
        }
        var credentials: (uid: uid_t, gid: gid_t, groups: [gid_t])? = nil
        if let user = command.user { credentials = try UserCredentials.look(up: user) }
        let argv = CStringArray(command.argv)
        let envp = command.environment.entries.map(CStringArray.init)
        var middle: pid_t = 0
        var releaseFD: CInt = -1
        let groups = credentials?.groups ?? []
        let program = filter?.program ?? []
        let pid = program.withUnsafeBufferPointer { program in
            groups.withUnsafeBufferPointer { groupList in
                var creds = wt_credentials(uid: credentials?.uid ?? 0, gid: credentials?.gid ?? 0,
                                           group_count: Int32(groupList.count), groups: groupList.baseAddress)
                return withUnsafePointer(to: &creds) { credsPointer in
                    Command.withCString(path) { cPath in
                        wt_daemonize_spawn(cPath, argv.pointer, envp?.pointer ?? wt_environ(), program.baseAddress, UInt16(program.count),
                                           credentials == nil ? nil : credsPointer, CInt(mode.rawValue), &middle, &releaseFD)
                    }
                }
            }
        }
        argv.free()
        envp?.free()
        if pid == -1 { throw TraceError(.spawnFailed(Errno(rawValue: errno))) }
        if pid < 0 {
            // setpgid/setsid failed in the tracer: the command must not run.
            if releaseFD >= 0 { close(releaseFD) }
            throw TraceError(.spawnFailed(Errno(rawValue: errno)))
        }
        return DaemonizedCommand(pid: pid, middle: middle, releaseFD: releaseFD)
    }

    /// Attaches to a command started by `daemonize` and lets it exec. Its
    /// events before execve are not reported; `commandPID` is its pid.
    /// Like an attached process, it is detached (not killed) by `detachAll`.
    public func adopt(_ command: DaemonizedCommand) throws(TraceError) {
        try checkThread()
        do throws(Errno) {
            try Ptrace.seize(command.pid, options: ptraceOptions)
            try Ptrace.interrupt(command.pid)
        } catch {
            close(command.releaseFD)  // the command exits without running
            throw TraceError(.attachFailed(pid: command.pid, errno: error))
        }
        let record = TraceeRecord(pid: command.pid, tgid: command.pid, attachedByRequest: true)
        record.hiddenUntilExec = true
        record.skipDetachOnExec = true
        tracees[command.pid] = record
        commandPID = command.pid
        debugLog?("seized the command \(command.pid); releasing it")
        kill(command.middle, SIGKILL)
        close(command.releaseFD)
    }

    /// Attaches to a running process (and, with `attachThreads`, every thread
    /// of it, rereading `/proc/PID/task` until no new thread appears).
    /// Returns the task ids attached.
    @discardableResult
    public func attach(_ pid: pid_t) throws(TraceError) -> [pid_t] {
        try checkThread()
        guard pid > 0 else { throw TraceError(.noSuchProcess(pid)) }
        var attached: [pid_t] = []
        try seizeForAttach(pid, tgid: pid, mustSucceed: true, into: &attached)
        guard options.attachThreads else { return attached }
        var sawNewThread = true
        while sawNewThread {
            sawNewThread = false
            guard let tids = try? ProcFS.threads(of: pid) else { break }
            for tid in tids where tracees[tid] == nil {
                try seizeForAttach(tid, tgid: pid, mustSucceed: false, into: &attached)
                sawNewThread = true
            }
        }
        return attached
    }

    private func seizeForAttach(_ tid: pid_t, tgid: pid_t, mustSucceed: Bool, into attached: inout [pid_t]) throws(TraceError) {
        do {
            try Ptrace.seize(tid, options: ptraceOptions)
            try Ptrace.interrupt(tid)
        } catch {
            guard mustSucceed else { return }  // a thread that exited meanwhile
            if error == .noSuchProcess { throw TraceError(.noSuchProcess(tid)) }
            throw TraceError(.attachFailed(pid: tid, errno: error))
        }
        tracees[tid] = TraceeRecord(pid: tid, tgid: tgid, attachedByRequest: true)
        debugLog?("attached to \(tid) (PTRACE_SEIZE, options 0x\(String(ptraceOptions.rawValue, radix: 16)))")
        queued.append(TraceEvent(pid: tid, kind: .attached))
        attached.append(tid)
    }

    // MARK: - Stopping

    /// Detaches from every attached tracee and kills every spawned one.
    /// Attached tasks resume exactly as they were: a process in group-stop
    /// stays stopped, one inside a syscall carries on with it.
    /// `run` returns once every tracee is gone.
    ///
    /// - Parameter killingSpawned: false detaches spawned tracees too (strace's
    ///   `--syscall-limit`): they carry on untraced.
    public func detachAll(killingSpawned: Bool = true) {
        detachingAll = true
        for pid in Array(tracees.keys) {
            guard let record = tracees[pid], !record.detachPending else { continue }
            let detaching = record.attachedByRequest || !killingSpawned
            if record.delayedResume != nil || record.held {
                // Held stopped (for a delay, or by the consumer): already in a ptrace stop.
                record.delayedResume = nil
                delayed.removeAll { $0 === record }
                record.held = false
                if detaching {
                    try? Ptrace.detach(pid)
                    tracees[pid] = nil
                } else {
                    _ = wt_tgkill(record.tgid, pid, SIGKILL)
                    try? Ptrace.continue(pid)
                }
                continue
            }
            if detaching && record.heldUntilAnnounced {
                record.heldUntilAnnounced = false
                try? Ptrace.detach(pid)  // already stopped: no interrupt needed
                tracees[pid] = nil
            } else if detaching {
                requestDetach(pid)
            } else {
                _ = wt_tgkill(record.tgid, pid, SIGKILL)
            }
        }
    }

    private func requestDetach(_ pid: pid_t) {
        // A tracee must be in a ptrace stop to detach; ours are running (or
        // listening in group-stop), so stop it and detach at that stop.
        guard let record = tracees[pid] else { return }
        record.detachPending = true
        do {
            try Ptrace.interrupt(pid)
        } catch {
            // ESRCH: it is exiting; its exit status will remove it.
        }
    }

    // MARK: - Holding and interrupting

    /// Asks a running task to stop (a debugger stopping every thread when
    /// one stops). Its next stop reaches the handler: `.interrupted`, or an
    /// event that happened first (a signal, a syscall stop), which uses up
    /// the interrupt. Returns false when no stop will come: the task is not
    /// traced, is already stopped (held, delayed), or is a thread-group
    /// leader that has exited and waits for its threads.
    ///
    /// The corresponding ptrace request is `PTRACE_INTERRUPT`.
    public func interrupt(_ pid: pid_t) -> Bool {
        guard let record = tracees[pid], !record.held, record.delayedResume == nil, !record.detachPending else { return false }
        if record.interruptRequested { return true }
        if record.heldUntilAnnounced {
            // Stopped at its first stop, not yet reported: `release` reports it as the interrupt.
            record.interruptRequested = true
            return true
        }
        // Stopped already, its stop not handled yet (collected in this round of
        // the loop, or waiting in the kernel): that stop is the one asked for.
        // An interrupt now would bring one more stop after it resumes.
        // (Marked: a plain event stop among them is reported as `.interrupted`.)
        if ready[min(readyPosition, ready.count)...].contains(where: { $0.0 == pid }) {
            record.interruptRequested = true
            return true
        }
        var status: CInt = 0
        if waitpid(pid, &status, WT_WALL | WNOHANG) == pid {
            collected.append((pid, status))
            record.interruptRequested = true
            return true
        }
        // A leader that called pthread_exit is a zombie until its threads are
        // gone; it accepts the request but never stops.
        if pid == record.tgid, let state = try? ProcFS.status(of: pid, field: "State"), state.hasPrefix("Z") {
            return false
        }
        do {
            try Ptrace.interrupt(pid)
        } catch {
            return false  // ESRCH: exiting
        }
        record.interruptRequested = true
        return true
    }

    /// Whether `pid` is held stopped by `Resume.hold`.
    public func isHeld(_ pid: pid_t) -> Bool { tracees[pid]?.held ?? false }

    /// Resumes a task held by `Resume.hold`, as `decision` says; its
    /// `.deliver` delivers the signal of the stop it was held at. Call from
    /// the handler (for another task's event) or between runs. A `.detach`
    /// reports `.detached` to the handler before the next wait.
    public func resumeHeld(_ pid: pid_t, _ decision: Resume) {
        guard let record = tracees[pid], record.held else { return }
        record.held = false
        let signal: Signal?
        switch decision.signal {
        case .deliver: signal = record.heldSignal
        case .suppress: signal = nil
        case .replace(let other): signal = other
        }
        record.heldSignal = nil
        var action = decision.action
        record.lastAction = action == .automatic || action == .hold ? nil : action
        if action == .automatic { action = options.traceSyscalls && !record.resumeWithContinue ? .syscall : .continue }
        do {
            switch action {
            case .syscall, .automatic: try Ptrace.syscall(pid, signal: signal)
            case .continue: try Ptrace.continue(pid, signal: signal)
            case .singleStep: try Ptrace.singleStep(pid, signal: signal)
            case .hold:
                record.held = true
                record.heldSignal = signal
                return
            case .detach:
                try Ptrace.detach(pid, signal: signal)
                tracees[pid] = nil
                debugLog?("detached \(pid)")
                queued.append(TraceEvent(pid: pid, kind: .detached))
                for context in contexts { context.drop(pid) }
                return
            }
            record.state = .running
        } catch {
            // ESRCH: killed while held; its exit status follows.
        }
    }

    // MARK: - The loop

    /// Runs until no tracee is left, calling `handler` on this thread for each
    /// event. The handler's `Resume` decides how a stopped tracee goes on.
    ///
    /// - Parameter shouldDetach: checked before each wait; when it first
    ///   returns true, `detachAll()` is called. A signal handler that sets a
    ///   flag must also interrupt the wait (see `wt_install_stop_handlers`).
    /// - Parameter beforeBlocking: called right before each wait that may
    ///   sleep (a blocking `waitpid`, not a `WNOHANG` poll): the tracer may
    ///   stay there as long as its tracees run or sleep, so this is where a
    ///   consumer that buffers output writes it out. While polls find the
    ///   next stop it is not called, so a busy trace still writes in large
    ///   blocks.
    public func run(
        shouldDetach: () -> Bool = { false },
        beforeBlocking: () -> Void = {},
        _ handler: (TraceEvent, Tracee) -> Resume
    ) throws(TraceError) {
        try checkThread()
        deliverQueued(handler)
        var status: CInt = 0
        while !tracees.isEmpty {
            if !queued.isEmpty { deliverQueued(handler) }
            if !collected.isEmpty {
                // Stops `interrupt` collected: handled before waiting for more.
                let statuses = collected
                collected.removeAll()
                for (pid, status) in statuses { try handleStatus(pid, WaitStatus(rawValue: status), handler) }
                continue
            }
            if !detachingAll && shouldDetach() { detachAll() }
            let pid: pid_t
            if !delayed.isEmpty {
                // Some tracees are held for a delay: poll, sleeping no later than the first is due.
                let next = releaseDueDelays(handler)
                if delayed.isEmpty && tracees.isEmpty { break }
                pid = options.measureSystemTime
                    ? wait4(-1, &status, WT_WALL | WT_WNOTHREAD | WNOHANG, &usage)
                    : waitpid(-1, &status, WT_WALL | WT_WNOTHREAD | WNOHANG)
                if pid == 0 {
                    beforeBlocking()
                    var pause = timespec(tv_sec: 0, tv_nsec: Int(min(max(next, 0), 1_000_000)))
                    nanosleep(&pause, nil)
                    continue
                }
                if options.measureSystemTime { recordUsage() }
            } else if options.measureSystemTime {
                pid = waiter.next(&status, usage: &usage, beforeBlocking: beforeBlocking)
                recordUsage()
            } else {
                pid = waiter.next(&status, usage: nil, beforeBlocking: beforeBlocking)
            }
            if pid < 0 {
                if errno == EINTR { continue }
                if errno == ECHILD { break }  // nothing left that can report
                throw TraceError(.waitFailed(Errno(rawValue: errno)))
            }
            guard tracees.count > 1 && !options.measureSystemTime else {
                try handleStatus(pid, WaitStatus(rawValue: status), handler)
                continue
            }
            // Several tasks: take every stop already waiting before resuming
            // any, so that tasks are served in turn rather than the first in
            // the kernel's list again and again (a single task costs no
            // extra wait).
            ready.removeAll(keepingCapacity: true)
            ready.append((pid, status, tracees[pid] != nil))
            while ready.count < 64 {
                let next = waitpid(-1, &status, WT_WALL | WT_WNOTHREAD | WNOHANG)
                guard next > 0 else { break }
                ready.append((next, status, tracees[next] != nil))
            }
            readyPosition = 0
            while readyPosition < ready.count {
                let (readyPID, readyStatus, wasKnown) = ready[readyPosition]
                readyPosition += 1
                // A task forgotten by an earlier event of the batch (a thread
                // that died in another thread's exec) is gone: skip its stale stop.
                if wasKnown && tracees[readyPID] == nil && !WaitStatus(rawValue: readyStatus).exited
                    && !WaitStatus(rawValue: readyStatus).signaled { continue }
                try handleStatus(readyPID, WaitStatus(rawValue: readyStatus), handler)
            }
        }
        tracees.removeAll()
    }

    /// Hands the handler the events that happened outside a stop (attaches, detaches of held tasks).
    private func deliverQueued(_ handler: (TraceEvent, Tracee) -> Resume) {
        let events = queued
        queued.removeAll()
        for event in events {
            var state = TraceeState.running
            if case .detached = event.kind { state = .detached }
            _ = handler(event, Tracee(pid: event.pid, state: state))
        }
    }

    /// Resumes the delayed tracees whose time has come; returns the
    /// nanoseconds until the next one is due.
    private func releaseDueDelays(_ handler: (TraceEvent, Tracee) -> Resume) -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
        var next = Int64.max
        var index = 0
        while index < delayed.count {
            let record = delayed[index]
            if record.delayDeadline <= now {
                delayed.remove(at: index)
                if let (action, signal) = record.delayedResume {
                    record.delayedResume = nil
                    resume(record, Resume(action, signal: signal.map { .replace($0) } ?? .suppress), pendingSignal: nil, handler)
                }
            } else {
                next = min(next, record.delayDeadline - now)
                index += 1
            }
        }
        return next
    }

    /// Stops collected in one pass of the wait loop, and whether each task
    /// was known when its stop was collected.
    @exclusivity(unchecked) private var ready: [(pid_t, CInt, Bool)] = []
    /// How far the loop has handled `ready` (the rest are stops not handled yet).
    @exclusivity(unchecked) private var readyPosition = 0
    /// Stops `interrupt` took from the kernel for tasks that had stopped already, handled next.
    @exclusivity(unchecked) private var collected: [(pid_t, CInt)] = []

    private func handleStatus(
        _ pid: pid_t, _ status: WaitStatus, _ handler: (TraceEvent, Tracee) -> Resume
    ) throws(TraceError) {
        if status.exited || status.signaled {
            try handleTermination(pid, status, handler)
            return
        }
        guard status.stopped else { return }
        let record: TraceeRecord
        if let known = tracees[pid] {
            record = known
        } else {
            // A new child can report its first stop before its parent's fork event.
            let tgid = (try? ProcFS.threadGroup(of: pid)) ?? pid
            record = TraceeRecord(pid: pid, tgid: tgid, attachedByRequest: false)
            record.detachPending = detachingAll
            record.resumeWithContinue = options.seccompFilter != nil
            tracees[pid] = record
            if status.event == .stop && !detachingAll {
                record.heldUntilAnnounced = true
                record.state = .eventStop
                return
            }
        }
        // Any ptrace stop uses up a pending interrupt: only a plain event stop reports it.
        let interrupted = record.interruptRequested
        record.interruptRequested = false
        if record.optionsGeneration != optionsGeneration {
            var current = ptraceOptions
            if !record.attachedByRequest { current.insert(.exitKill) }
            if (try? Ptrace.setOptions(pid, current)) != nil { record.optionsGeneration = optionsGeneration }
        }
        if status.isSyscallStop {
            handleSyscallStop(record, handler)
            return
        }
        let event = status.event
        if event == .none {
            handleSignalStop(record, Signal(rawValue: status.stopSignal), handler)
        } else if interrupted && event == .stop && !record.detachPending {
            handleInterruptStop(record, stopSignal: Signal(rawValue: status.stopSignal), handler)
        } else {
            handleEventStop(record, event, stopSignal: Signal(rawValue: status.stopSignal), handler)
        }
    }

    /// The stop `interrupt` asked for (in a group-stop, the stop signal is
    /// reported with it and the task stays in the group-stop unless told otherwise).
    private func handleInterruptStop(_ record: TraceeRecord, stopSignal: Signal, _ handler: (TraceEvent, Tracee) -> Resume) {
        let inGroupStop = stopSignal.isStopSignal
        record.state = inGroupStop ? .groupStop : .eventStop
        let decision = handler(TraceEvent(pid: record.pid, kind: .interrupted), Tracee(pid: record.pid, state: record.state))
        if decision.action == .automatic && inGroupStop {
            listen(record.pid)
        } else {
            resume(record, decision, pendingSignal: nil, handler)
        }
    }

    private func handleTermination(
        _ pid: pid_t, _ status: WaitStatus, _ handler: (TraceEvent, Tracee) -> Resume
    ) throws(TraceError) {
        guard let record = tracees.removeValue(forKey: pid) else { return }
        record.held = false
        if record.delayedResume != nil {
            record.delayedResume = nil
            delayed.removeAll { $0 === record }
        }
        let termination: Termination = status.exited
            ? .exited(status.exitCode)
            : .killed(status.terminationSignal, coreDumped: status.coreDumped)
        if record.hiddenUntilExec, var child = spawned, child.pid == pid {
            // The command died before its execve: report why, not a trace.
            let failure = child.execError()
            spawned = nil
            if let failure { throw TraceError(.execFailed(path: Command.display(child.path), errno: failure)) }
        }
        if pid == commandPID { commandTermination = termination }
        // A held child whose parent died before reporting the fork would wait forever.
        for held in tracees.values where held.heldUntilAnnounced { release(held, handler) }
        let kind: TraceEvent.Kind
        switch termination {
        case .exited(let code): kind = .exited(code: code)
        case .killed(let signal, let core): kind = .killed(signal: signal, coreDumped: core)
        }
        // wait4 reaped it with this status: its times are the whole
        // process's, and those of the children it waited for (RUSAGE_BOTH).
        _ = handler(TraceEvent(pid: pid, kind: kind), Tracee(pid: pid, state: status.exited ? .exited : .killed,
                                                             systemTime: lastSystemTime, userTime: lastUserTime))
        for context in contexts { context.drop(pid) }
    }

    // MARK: Syscall stops

    private func handleSyscallStop(_ record: TraceeRecord, _ handler: (TraceEvent, Tracee) -> Resume) {
        let pid = record.pid
        guard let kind = readSyscallStop(pid, record) else {
            return  // The tracee vanished (ESRCH): its exit status will follow.
        }
        if record.resumeWithContinue {
            // A seccomp stop is a syscall's entry: run to its exit, then continue.
            if case .syscallEntry = kind { record.awaitingSeccompExit = true } else { record.awaitingSeccompExit = false }
        }
        if record.detachPending {
            detach(pid, signal: nil, handler)
            return
        }
        if record.hiddenUntilExec {
            if case .syscallEntry(let entry) = kind, isExecve(entry) {
                record.hiddenUntilExec = false
            } else {
                resume(record, .syscall, pendingSignal: nil, handler)
                return
            }
        }
        let state: TraceeState
        if case .syscallEntry = kind { state = .syscallEntryStop } else { state = .syscallExitStop }
        if case .syscallExit(let exit) = kind, exit.isError, spawned?.pid == pid {
            // The command's execve failed: what follows is our child reporting
            // the error, and `run` throws it when the child exits.
            record.hiddenUntilExec = true
        }
        record.state = state
        let decision = handler(TraceEvent(pid: pid, kind: kind), Tracee(pid: pid, state: state, systemTime: lastSystemTime, userTime: lastUserTime))
        resume(record, decision, pendingSignal: nil, handler)
    }

    private func isExecve(_ entry: SyscallEntry) -> Bool {
        guard let name = entry.name else { return false }
        return name.utf8CodeUnitCount >= 6 && name.description.hasPrefix("execve")
    }

    /// Reads the entry or exit at a syscall stop: one PTRACE_GET_SYSCALL_INFO,
    /// or GETREGSET where the kernel lacks it.
    private func readSyscallStop(_ pid: pid_t, _ record: TraceeRecord) -> TraceEvent.Kind? {
        if !syscallInfoUnavailable {
            do {
                try Ptrace.syscallInfo(pid, into: &syscallInfo)
            } catch {
                if error == .noSuchProcess { return nil }
                syscallInfoUnavailable = true
                debugLog?("PTRACE_GET_SYSCALL_INFO failed (\(error)): reading registers from now on")
                return readSyscallStopFromRegisters(pid, record)
            }
            let info = syscallInfo
            let arch = AuditArch(rawValue: info.arch)
            switch info.op {
            case WT_SYSCALL_INFO_ENTRY, WT_SYSCALL_INFO_SECCOMP:
                let e = info.entry
                let entry = SyscallEntry(
                    number: Int(truncatingIfNeeded: e.nr),
                    arguments: SyscallArguments(UInt64(e.args.0), UInt64(e.args.1), UInt64(e.args.2),
                                                 UInt64(e.args.3), UInt64(e.args.4), UInt64(e.args.5)),
                    arch: arch, instructionPointer: UInt64(info.instruction_pointer), stackPointer: UInt64(info.stack_pointer),
                    viaSeccomp: info.op == WT_SYSCALL_INFO_SECCOMP)
                record.syscall = entry
                return .syscallEntry(entry)
            case WT_SYSCALL_INFO_EXIT:
                let number = record.syscall?.number ?? numberFromRegisters(pid)
                var exit = SyscallExit(number: number, arch: arch, returnValue: Int64(info.exit.rval),
                                       isError: info.exit.is_error != 0, instructionPointer: UInt64(info.instruction_pointer))
                exit.entry = record.syscall
                record.syscall = nil
                return .syscallExit(exit)
            default:
                return readSyscallStopFromRegisters(pid, record)
            }
        }
        return readSyscallStopFromRegisters(pid, record)
    }

    private func numberFromRegisters(_ pid: pid_t) -> Int {
        guard let regs = try? Ptrace.registers(pid) else { return -1 }
        return Int(truncatingIfNeeded: Int64(bitPattern: regs.syscallNumber))
    }

    /// The fallback: registers cannot tell entry from exit, so alternate.
    private func readSyscallStopFromRegisters(_ pid: pid_t, _ record: TraceeRecord) -> TraceEvent.Kind? {
        guard let regs = try? Ptrace.registers(pid) else { return nil }
        if let entry = record.syscall {
            record.syscall = nil
            let value = Int64(bitPattern: regs.returnValue)
            let isError = value < 0 && value >= -4095
            var exit = SyscallExit(number: entry.number, arch: entry.arch, returnValue: value, isError: isError,
                                   instructionPointer: regs.instructionPointer)
            exit.entry = entry
            return .syscallExit(exit)
        }
        let entry = SyscallEntry(
            number: Int(truncatingIfNeeded: Int64(bitPattern: regs.syscallNumber)), arguments: regs.syscallArguments,
            arch: regs.audit, instructionPointer: regs.instructionPointer, stackPointer: regs.stackPointer,
            viaSeccomp: false)
        record.syscall = entry
        return .syscallEntry(entry)
    }

    // MARK: Signal-delivery stops

    private func handleSignalStop(_ record: TraceeRecord, _ signal: Signal, _ handler: (TraceEvent, Tracee) -> Resume) {
        let pid = record.pid
        record.state = .signalDeliveryStop
        if record.detachPending {
            detach(pid, signal: signal, handler)
            return
        }
        if record.hiddenUntilExec {
            resume(record, .syscall, pendingSignal: signal, handler)
            return
        }
        let info: SignalInfo
        do {
            info = try Ptrace.signalInfo(pid)
        } catch {
            return  // vanished
        }
        let decision = handler(TraceEvent(pid: pid, kind: .signal(info)), Tracee(pid: pid, state: .signalDeliveryStop))
        resume(record, decision, pendingSignal: signal, handler)
    }

    // MARK: Event stops

    private func handleEventStop(
        _ record: TraceeRecord, _ event: PtraceEvent, stopSignal: Signal, _ handler: (TraceEvent, Tracee) -> Resume
    ) {
        let pid = record.pid
        let previousState = record.state
        record.state = .eventStop

        switch event {
        case .fork, .vfork, .clone:
            handleNewTask(pid, event, handler)
        case .exec:
            handleExec(pid, handler)
        case .stop:
            if record.detachPending {
                detach(pid, signal: nil, handler)
            } else if stopSignal.isStopSignal {
                // Group-stop, or attaching to a stopped process. (Interrupts
                // and a new task's first stop report SIGTRAP instead.)
                record.state = .groupStop
                var decision = Resume.automatic
                if previousState != .groupStop {
                    decision = handler(TraceEvent(pid: pid, kind: .groupStop(stopSignal)), Tracee(pid: pid, state: .groupStop))
                }
                if decision.action == .automatic {
                    listen(pid)
                } else {
                    resume(record, decision, pendingSignal: nil, handler)
                }
            } else {
                // An interrupt, a new task's first stop, or the end of a group-stop.
                // An interrupt sent while the task was already stopped is
                // reported after it resumes: it goes on as it was resumed
                // (still single-stepping, still stopping at syscalls).
                var decision = record.lastAction.map { Resume($0) } ?? .automatic
                if previousState == .groupStop {
                    decision = handler(TraceEvent(pid: pid, kind: .groupContinue), Tracee(pid: pid, state: .eventStop))
                }
                resume(record, decision, pendingSignal: nil, handler)
            }
        case .seccomp where record.resumeWithContinue:
            handleSyscallStop(record, handler)
        default:
            // vfork-done, exit, seccomp without a filter of ours: just go on.
            if record.detachPending { detach(pid, signal: nil, handler) } else {
                resume(record, .automatic, pendingSignal: nil, handler)
            }
        }
    }

    private func handleNewTask(_ pid: pid_t, _ event: PtraceEvent, _ handler: (TraceEvent, Tracee) -> Resume) {
        guard let message = try? Ptrace.eventMessage(pid) else { return }
        let child = pid_t(truncatingIfNeeded: message)
        let parent = tracees[pid]!
        let kind: NewTaskKind
        switch event {
        case .fork: kind = .fork
        case .vfork: kind = .vfork
        default: kind = cloneKind(of: parent, child: child)
        }
        let tgid = kind == .thread ? parent.tgid : child
        var held: TraceeRecord? = nil
        if let existing = tracees[child] {
            existing.tgid = tgid
            existing.attachedByRequest = parent.attachedByRequest
            if existing.heldUntilAnnounced { held = existing }
        } else {
            let record = TraceeRecord(pid: child, tgid: tgid,
                                      attachedByRequest: parent.attachedByRequest)
            record.detachPending = detachingAll
            record.resumeWithContinue = parent.resumeWithContinue
            tracees[child] = record
        }
        debugLog?("new task \(child) (\(kind)) of \(pid)")
        if parent.detachPending {
            detach(pid, signal: nil, handler)
        } else {
            let decision = handler(TraceEvent(pid: pid, kind: .newTask(child: child, kind: kind)), Tracee(pid: pid, state: .eventStop))
            resume(parent, decision, pendingSignal: nil, handler)
        }
        if let held { release(held, handler) }
    }

    /// Lets a child held at its first stop go on.
    private func release(_ record: TraceeRecord, _ handler: (TraceEvent, Tracee) -> Resume) {
        record.heldUntilAnnounced = false
        if record.detachPending || detachingAll {
            detach(record.pid, signal: nil, handler)
        } else if record.interruptRequested {
            // Interrupted before its first stop was announced: that stop is the one asked for.
            record.interruptRequested = false
            let decision = handler(TraceEvent(pid: record.pid, kind: .interrupted), Tracee(pid: record.pid, state: .eventStop))
            resume(record, decision, pendingSignal: nil, handler)
        } else {
            resume(record, .automatic, pendingSignal: nil, handler)
        }
    }

    /// Tells a thread from a process for PTRACE_EVENT_CLONE, from the flags
    /// of the clone or clone3 call the parent is inside.
    private func cloneKind(of parent: TraceeRecord, child: pid_t) -> NewTaskKind {
        let cloneThread = UInt64(wt_CLONE_THREAD)
        if let entry = parent.syscall, let name = entry.name?.description {
            if name == "clone" {
                return entry.arguments.a0 & cloneThread != 0 ? .thread : .process
            }
            if name == "clone3", let flags = try? RemoteMemory(pid: parent.pid).load(UInt64.self, from: entry.arguments.a0) {
                return flags & cloneThread != 0 ? .thread : .process
            }
        }
        // The clone call was not seen (a seccomp filter let it run): ask /proc.
        return (try? ProcFS.threadGroup(of: child)) == parent.tgid ? .thread : .process
    }

    private func handleExec(_ pid: pid_t, _ handler: (TraceEvent, Tracee) -> Resume) {
        let former = (try? Ptrace.eventMessage(pid)).map { pid_t(truncatingIfNeeded: $0) } ?? pid
        guard let record = tracees[pid] else { return }
        if former != pid, let thread = tracees.removeValue(forKey: former) {
            // A non-leader thread exec'd: it took over the leader's pid, and
            // the leader (and every other thread) is gone without a report.
            record.syscall = thread.syscall
            record.hiddenUntilExec = thread.hiddenUntilExec
            record.detachPending = thread.detachPending || record.detachPending
            record.attachedByRequest = thread.attachedByRequest
            record.skipDetachOnExec = thread.skipDetachOnExec
        }
        // The other threads of the process died in the exec: forget them.
        for (tid, other) in tracees where other.tgid == record.tgid && tid != pid {
            tracees[tid] = nil
            if tid != former { for context in contexts { context.drop(tid) } }
        }
        if former != pid { for context in contexts { context.move(from: former, to: pid) } }
        record.tgid = pid
        record.hiddenUntilExec = false
        if spawned?.pid == pid {
            spawned?.closeErrorPipe()
            spawned = nil
        }
        if record.detachPending {
            detach(pid, signal: nil, handler)
            return
        }
        if options.detachOnExec {
            if record.skipDetachOnExec {
                record.skipDetachOnExec = false
            } else {
                debugLog?("detaching \(pid) at its execve (-b execve)")
                detach(pid, signal: nil, handler)
                return
            }
        }
        let executable = options.describeExec ? (try? ProcFS.executable(of: pid)) ?? "" : ""
        let arguments = options.describeExec ? (try? ProcFS.arguments(of: pid)) ?? [] : []
        let decision = handler(TraceEvent(pid: pid, kind: .exec(formerTID: former, executable: executable, arguments: arguments)),
                               Tracee(pid: pid, state: .eventStop))
        resume(record, decision, pendingSignal: nil, handler)
    }

    // MARK: Resuming

    private func resume(_ record: TraceeRecord, _ decision: Resume, pendingSignal: Signal?, _ handler: (TraceEvent, Tracee) -> Resume) {
        let pid = record.pid
        let signal: Signal?
        switch decision.signal {
        case .deliver: signal = pendingSignal
        case .suppress: signal = nil
        case .replace(let other): signal = other
        }
        if decision.delayNanoseconds != 0 || record.detachPending {
            if record.detachPending {
                detach(pid, signal: signal, handler)
                return
            }
            // Held stopped: `run` resumes it when due, serving the others meanwhile.
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            record.delayDeadline = Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec) + decision.delayNanoseconds
            record.delayedResume = (decision.action, signal)
            delayed.append(record)
            return
        }
        var action = decision.action
        record.lastAction = action == .automatic || action == .hold ? nil : action
        if action == .hold {
            record.held = true
            record.heldSignal = signal
            return
        }
        if action == .automatic {
            if record.awaitingSeccompExit {
                action = .syscall
            } else {
                action = options.traceSyscalls && !record.resumeWithContinue ? .syscall : .continue
            }
        }
        do {
            switch action {
            case .syscall, .automatic:
                try Ptrace.syscall(pid, signal: signal)
                waiter.stopExpectedSoon = true
            case .continue:
                try Ptrace.continue(pid, signal: signal)
                waiter.stopExpectedSoon = false
            case .singleStep: try Ptrace.singleStep(pid, signal: signal)
            case .detach:
                detach(pid, signal: signal, handler)
                return
            case .hold: break
            }
            record.state = .running
        } catch {
            // ESRCH: killed while stopped (SIGKILL); its exit status follows.
        }
    }

    private func listen(_ pid: pid_t) {
        do {
            try Ptrace.listen(pid)
        } catch {
            // Not in a group-stop any more (a SIGCONT raced us): let it run.
            try? Ptrace.syscall(pid)
        }
    }

    private func detach(_ pid: pid_t, signal: Signal?, _ handler: (TraceEvent, Tracee) -> Resume) {
        do {
            try Ptrace.detach(pid, signal: signal)
        } catch {
            // ESRCH: it died meanwhile; its exit status will remove it.
            return
        }
        tracees[pid] = nil
        debugLog?("detached \(pid)")
        _ = handler(TraceEvent(pid: pid, kind: .detached), Tracee(pid: pid, state: .detached))
        for context in contexts { context.drop(pid) }
    }
}
