import CWiretap
import Glibc
import SystemPackage
import WiretapCore
import WiretapSymbols
import WiretapSyscalls

/// A debugger on the tracing engine: software breakpoints (`int3`),
/// single-stepping, hardware watchpoints through the x86 debug registers,
/// syscall catchpoints, registers and memory, for a process it launches.
///
/// The `Tracer` does every ptrace call; the debugger decides, at each stop,
/// whether the user sees it (`onStop` in `run`) and how the task resumes.
/// `onStop` runs on the tracer's thread with the process stopped: it may
/// read and change registers, memory and breakpoints, then returns how to go
/// on. Breakpoints are stepped over per thread (restore the byte, one
/// instruction, put the `int3` back), and memory reads show the program's
/// own bytes, never the `int3`s.
///
/// ```swift
/// let debugger = Debugger()
/// try debugger.launch(Command("/bin/true"))
/// try debugger.run { stop, debugger in
///     if case .started = stop.reason { _ = try? debugger.setBreakpoint(at: entryAddress) }
///     return .continue
/// }
/// ```
public final class Debugger {
    /// The engine: one per debugger, used only on the thread that created it.
    public let tracer: Tracer
    /// The process being debugged (0 before `launch`).
    public private(set) var process: pid_t = 0
    /// Its threads, as the engine reports them.
    public private(set) var threads: Set<pid_t> = []
    /// The thread of the last stop, or the one `selectThread` chose:
    /// registers and memory are read through it.
    public private(set) var currentThread: pid_t = 0
    /// Every thread the process has had, in the order they appeared: a
    /// thread's number (gdb's, from 1) is its place here plus one.
    public private(set) var threadHistory: [pid_t] = []

    /// gdb's number for thread `tid` (1 for the first), nil for one never seen.
    public func threadNumber(of tid: pid_t) -> Int? { threadHistory.firstIndex(of: tid).map { $0 + 1 } }

    /// Makes `tid` (a live thread of the process) the one registers, memory
    /// and stepping apply to; it must be stopped, as every thread is at a stop.
    public func selectThread(_ tid: pid_t) throws(DebuggerError) {
        guard threads.contains(tid) else { throw DebuggerError(.noThread(tid)) }
        currentThread = tid
    }

    public private(set) var breakpoints: [Breakpoint] = []
    public private(set) var watchpoints: [Watchpoint] = []
    /// `catch syscall`: the calls that stop the program (nil: none), and the catchpoint's number.
    public private(set) var syscallCatchpoint: (id: Int, calls: SyscallSet)? = nil
    private var nextID = 1
    /// Per signal, what it does (gdb's `handle`); the others have `SignalHandling.gdbDefault`.
    private var signalHandling: [CInt: SignalHandling] = [:]
    /// Told when the process runs a new program (after its first), with the program's path.
    public var execObserver: ((pid_t, String) -> Void)? = nil
    /// Told of each signal that arrives with `print` but not `stop`.
    public var signalObserver: ((pid_t, Signal) -> Void)? = nil

    /// What `signal` does when the program receives it.
    public func handling(of signal: Signal) -> SignalHandling {
        signalHandling[signal.rawValue] ?? .gdbDefault(for: signal)
    }

    /// Sets what `signal` does (gdb's `handle SIGNAL [no]stop [no]print [no]pass`).
    public func setHandling(_ handling: SignalHandling, for signal: Signal) {
        signalHandling[signal.rawValue] = handling
    }

    /// Given each caught syscall's entry and exit events before the stop is
    /// reported (a strace renderer, to print the call as strace does).
    public var syscallObserver: ((TraceEvent, Tracee) -> Void)? = nil

    /// Per thread: the breakpoint address to put back after the single step
    /// that steps over it, and whether that step ends in a stop for the user.
    private var stepping: [pid_t: (reinsert: UInt64?, report: Bool)] = [:]
    /// Threads that have not had the watchpoints written into their debug registers yet.
    private var threadsWithoutWatchpoints: Set<pid_t> = []
    private var started = false
    /// Forked children: their copy of the int3s removed, let go at their first event (gdb's detach-on-fork).
    private var forkedChildren: Set<pid_t> = []

    deinit { closeMemory() }

    public init() {
        var options = TraceOptions()
        options.traceSyscalls = false
        // Threads are followed (and forked children seen, to be let go: see `handle`).
        options.followForks = true
        tracer = Tracer(options: options)
    }

    // MARK: Starting

    /// Launch the program with its addresses not randomized (ADDR_NO_RANDOMIZE),
    /// as gdb's `set disable-randomization on`, its default: the same
    /// addresses every run, so breakpoints at addresses and watched
    /// variables carry over.
    public var disableAddressRandomization = true

    /// Starts `command` under the debugger; `run` stops it first right after
    /// its exec (`StopReason.started`), before any of its code has run.
    public func launch(_ command: Command) throws(DebuggerError) {
        // The personality is inherited through fork and kept by exec: set on
        // this thread for the spawn, then put back.
        let previous = wt_personality(0xffff_ffff)
        if disableAddressRandomization && previous >= 0 { _ = wt_personality(UInt(previous) | wt_addr_no_randomize()) }
        defer { if disableAddressRandomization && previous >= 0 { _ = wt_personality(UInt(previous)) } }
        do {
            process = try tracer.spawn(command)
        } catch {
            throw DebuggerError(.launchFailed(error.description))
        }
        threads = [process]
        threadHistory = [process]
        currentThread = process
    }

    /// Attaches to the running process `pid` and its threads; `run` stops
    /// it first where it was (`StopReason.started`).
    public func attach(_ pid: pid_t) throws(DebuggerError) {
        do {
            threads = Set(try tracer.attach(pid))
        } catch {
            throw DebuggerError(.attachFailed(pid, error.description))
        }
        process = pid
        currentThread = pid
        threadHistory = [pid] + threads.sorted().filter { $0 != pid }
        attached = true
        // The leader's first stop, an interrupt (no signal reaches the program), is `.started`.
        _ = tracer.interrupt(pid)
    }

    private var attached = false

    /// Whether the process was attached to (`-p`) rather than launched.
    public var wasAttached: Bool { attached }

    // MARK: Running

    /// Runs the program until it is gone, calling `onStop` at each stop the
    /// user sees. Call from the thread that created the debugger.
    public func run(_ onStop: (DebugStop, Debugger) -> DebuggerCommand) throws(DebuggerError) {
        do {
            try tracer.run { event, tracee in self.handle(event, tracee, onStop) }
        } catch {
            throw DebuggerError(.engine(error.description))
        }
    }

    // MARK: Events

    /// What one thread's stop comes to, before the other threads are considered.
    private enum Outcome {
        /// Resume it so: nothing for the user, and no breakpoint to step over.
        case go(Resume)
        /// Run on, first stepping over the breakpoint it stands at (an ignored
        /// or disabled one), at `at` (known already: no register read).
        case proceed(Resume.SignalDisposition, at: UInt64)
        /// A stop for the user; the signal disposition applies when it goes on.
        case report(StopReason, Resume.SignalDisposition)
    }

    /// All-stop: while the user looks at one thread, every thread is stopped.
    private enum Phase: Equatable {
        /// Every thread runs (or is about to).
        case running
        /// Some threads were asked to stop (`stopping`) and have not yet.
        case stopping
        /// One thread steps over a breakpoint while the others stay stopped,
        /// so that none of them runs past it while its `int3` is out.
        case steppingOver(pid_t)
    }
    private var phase = Phase.running
    /// Threads asked to stop that have not stopped yet.
    private var stopping: Set<pid_t> = []
    /// Threads held stopped, and how each goes on (its signal disposition
    /// applies to the stop it is held at).
    private var held: [pid_t: Resume] = [:]
    /// Stops for the user not reported yet, oldest first: threads that hit
    /// breakpoints while the others were being stopped.
    private var reports: [(thread: pid_t, reason: StopReason)] = []
    /// Threads that trapped on a breakpoint and were set back to its address.
    private var atBreakpoint: [pid_t: UInt64] = [:]
    /// Held threads still to step over a breakpoint before all go on.
    private var stepOverQueue: [(thread: pid_t, address: UInt64)] = []
    /// The thread whose event is being handled: it is resumed by the
    /// handler's return value (`eventResume`, nil: held), the others by `Tracer.resumeHeld`.
    private var eventThread: pid_t = 0
    private var eventResume: Resume? = nil

    private func handle(_ event: TraceEvent, _ tracee: Tracee, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) -> Resume {
        let pid = event.pid
        if !forkedChildren.isEmpty, forkedChildren.remove(pid) != nil {
            if case .signal = event.kind { return Resume(.detach, signal: .deliver) }
            return .detach
        }
        if !parentThreadsLeft.isEmpty, parentThreadsLeft.remove(pid) != nil {
            // A thread of the parent left behind by following a fork's child: let go, as the detach does.
            try? DebugRegisters.write(pid, register: 7, value: 0)
            if case .signal(let info) = event.kind { return info.signal == .trap ? trapWhileDetaching(pid, info) : Resume(.detach, signal: .deliver) }
            return .detach
        }
        if detaching {
            switch event.kind {
            case .signal(let info) where info.signal == .trap: return trapWhileDetaching(pid, info)
            case .signal: return Resume(.detach, signal: .deliver)
            case .exited, .killed, .detached: break
            default: return .detach
            }
        }
        if threadsWithoutWatchpoints.contains(pid), tracee.state != .running, tracee.state != .exited, tracee.state != .killed {
            threadsWithoutWatchpoints.remove(pid)
            writeWatchpoints(into: pid)
        }
        let outcome: Outcome
        switch event.kind {
        case .exited(let code):
            taskGone(pid, .exited(code: code), onStop)
            return .automatic
        case .killed(let signal, _):
            taskGone(pid, .killed(signal), onStop)
            return .automatic
        case .attached:
            threads.insert(pid)
            if !threadHistory.contains(pid) { threadHistory.append(pid) }
            return .automatic
        case .detached:
            threads.remove(pid)
            return .automatic
        case .exec:
            closeMemory()
            if started {
                // The other threads died in the exec: the process is this one thread now.
                for thread in threads where thread != pid { forget(thread) }
                threads = [pid]
                // The new program has none of the old one's int3s, and exec clears the debug registers.
                breakpoints.removeAll()
                libraryEventBreakpoint = nil
                watchpoints.removeAll()
                stepping.removeAll()
                atBreakpoint.removeAll()
                threadsWithoutWatchpoints.removeAll()
                var path = ""
                if case .exec(_, let executable, _) = event.kind { path = executable }
                execObserver?(pid, path)
                if let id = catchpoints.first(where: { $0.kind == .exec })?.id {
                    outcome = .report(.caught(catchpoint: id, event: .exec(path: path)), .suppress)
                } else {
                    outcome = .go(resumeOn(pid))
                }
            } else {
                started = true
                outcome = .report(.started, .suppress)
            }
        case .interrupted where attached && !started && pid == process:
            started = true
            outcome = .report(.started, .suppress)
        case .newTask(let child, let kind):
            if kind == .thread {
                threads.insert(child)
                threadHistory.append(child)
                // Debug registers are not inherited: the new thread gets the
                // watchpoints at its first stop, which the interrupt makes ours
                // (before it runs an instruction). Being stopped, the process
                // stops its new thread too.
                if !watchpoints.isEmpty { threadsWithoutWatchpoints.insert(child) }
                if phase != .running || !watchpoints.isEmpty, tracer.interrupt(child), phase == .stopping { stopping.insert(child) }
            } else if followForkChild && kind != .vfork {
                return followChild(parent: pid, child: child)
            } else {
                // A new process has not run an instruction yet: take the int3s
                // out of its copy of the code. A vfork child (posix_spawn,
                // system) shares the parent's memory: writing there would take
                // them out of the parent too, so it keeps them until its exec.
                if kind != .vfork { removeBreakpoints(fromChild: child) }
                forkedChildren.insert(child)
                let wanted: CatchKind = kind == .vfork ? .vfork : .fork
                if let id = catchpoints.first(where: { $0.kind == wanted })?.id {
                    outcome = .report(.caught(catchpoint: id, event: kind == .vfork ? .vfork(child: child) : .fork(child: child)), .suppress)
                    break
                }
            }
            outcome = .go(resumeOn(pid))
        case .signal(let info) where info.signal == .trap:
            outcome = trap(pid, info)
        case .signal(let info):
            let handling = handling(of: info.signal)
            let disposition: Resume.SignalDisposition = handling.pass ? .deliver : .suppress
            if let id = signalCatchpoint(for: info.signal) {
                outcome = .report(.caught(catchpoint: id, event: .signal(info.signal)), disposition)
            } else if handling.stop {
                outcome = .report(.signal(info.signal), disposition)
            } else {
                if handling.print { signalObserver?(pid, info.signal) }
                outcome = .go(Resume(resumeOn(pid).action, signal: disposition))
            }
        case .syscallEntry(let entry):
            if let catchpoint = syscallCatchpoint, catchpoint.calls.contains(entry, memory: tracee.memory) {
                syscallObserver?(event, tracee)
                outcome = .report(.syscallEntry(catchpoint: catchpoint.id, number: entry.number, arch: entry.arch), .suppress)
            } else {
                outcome = .go(resumeOn(pid))
            }
        case .syscallExit(let exit):
            if let catchpoint = syscallCatchpoint, let entry = exit.entry, catchpoint.calls.contains(entry, memory: tracee.memory) {
                syscallObserver?(event, tracee)
                outcome = .report(.syscallExit(catchpoint: catchpoint.id, number: exit.number, arch: exit.arch,
                                               result: exit.returnValue), .suppress)
            } else {
                outcome = .go(resumeOn(pid))
            }
        default:
            outcome = .go(resumeOn(pid))
        }
        guard threads.contains(pid) else {
            // Not a thread of the process (a child on its way out): no all-stop for it.
            if case .go(let resume) = outcome { return resume }
            return resumeOn(pid)
        }
        return dispatch(pid, outcome, onStop)
    }

    /// Weighs one thread's stop against the others: alone, it is served at
    /// once; with other threads, a stop for the user (or a step over a
    /// breakpoint) first stops them all.
    private func dispatch(_ pid: pid_t, _ outcome: Outcome, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) -> Resume {
        if phase == .running && threads.count <= 1 {
            // One thread: nothing else can run past a breakpoint or change memory meanwhile.
            switch outcome {
            case .go(let resume): return resume
            case .proceed(let signal, let here): return resume(pid, .continue, signal: signal, at: here)
            case .report(let reason, let signal):
                currentThread = pid
                let command = onStop(DebugStop(thread: pid, reason: reason, pc: pc(pid)), self)
                return resume(pid, command, signal: signal)
            }
        }
        eventThread = pid
        eventResume = nil
        switch phase {
        case .running:
            if case .go(let resume) = outcome { return resume }
            hold(pid, outcome)
            phase = .stopping
            for thread in threads where thread != pid && held[thread] == nil {
                if tracer.interrupt(thread) { stopping.insert(thread) }
            }
            if stopping.isEmpty { allStopped(onStop) }
        case .stopping:
            stopping.remove(pid)
            hold(pid, outcome)
            if stopping.isEmpty { allStopped(onStop) }
        case .steppingOver(let stepper):
            if pid == stepper, stepping[pid] != nil {
                // Not the end of its step yet (a signal on the way, a new thread).
                if case .go(let resume) = outcome { return resume }
                // Stopped for the user before its step over the breakpoint ended: the int3 goes back.
                if let address = stepping.removeValue(forKey: pid)?.reinsert {
                    insert(at: address)
                    atBreakpoint[pid] = address
                }
            }
            hold(pid, outcome)
            if pid == stepper {
                if reports.isEmpty { resumeNext() } else { allStopped(onStop) }
            }
        }
        return eventResume ?? .hold
    }

    /// Keeps `pid` stopped, remembering how it goes on and what it has for the user.
    private func hold(_ pid: pid_t, _ outcome: Outcome) {
        switch outcome {
        case .go(let resume): held[pid] = resume
        case .proceed(let signal, _): held[pid] = Resume(resumeAction, signal: signal)
        case .report(let reason, let signal):
            held[pid] = Resume(resumeAction, signal: signal)
            reports.append((pid, reason))
        }
    }

    /// Lets `pid` go on (or keeps it held: `Resume.hold`).
    private func release(_ pid: pid_t, _ resume: Resume) {
        if pid == eventThread { eventResume = resume } else { tracer.resumeHeld(pid, resume) }
    }

    /// Every thread is stopped: the user sees the oldest stop (and, as they
    /// continue, each other one in turn without the program running), then
    /// all go on.
    private func allStopped(_ onStop: (DebugStop, Debugger) -> DebuggerCommand) {
        phase = .running
        var stepper: pid_t? = nil
        // Its breakpoint's ignore count and condition were weighed when it trapped.
        let firstReporter = reports.first?.thread
        while !reports.isEmpty {
            let (thread, reason) = reports.removeFirst()
            // A breakpoint hit while the first stop was being made counts now:
            // not reported if deleted or disabled since, or while ignored.
            if case .breakpoint(let id, _) = reason, thread != firstReporter, !watchpoints.contains(where: { $0.id == id }) {
                guard let index = breakpoints.firstIndex(where: { $0.id == id && $0.enabled }) else { continue }
                if breakpoints[index].ignoreCount > 0 {
                    breakpoints[index].ignoreCount -= 1
                    continue
                }
            }
            // Another thread's `stepi` in progress ends here: this stop is the user's now.
            for (other, step) in stepping where other != thread && step.reinsert == nil {
                stepping[other] = nil
                if let resume = held[other], resume.action == .singleStep { held[other] = Resume(resumeAction, signal: resume.signal) }
            }
            currentThread = thread
            let command = onStop(DebugStop(thread: thread, reason: reason, pc: pc(thread)), self)
            switch command {
            case .continue:
                continue
            case .stepInstruction:
                // The selected thread steps (`thread N` may have changed it).
                stepper = threads.contains(currentThread) ? currentThread : thread
            case .kill:
                kill(process, SIGKILL)
                for thread in held.keys { release(thread, Resume(.continue, signal: .suppress)) }
                held.removeAll()
                reports.removeAll()
                return
            case .detach:
                detachCleanly()
                for (thread, resume) in held { release(thread, Resume(.detach, signal: resume.signal)) }
                held.removeAll()
                reports.removeAll()
                return
            }
            break
        }
        reports.removeAll()
        resumeAll(stepping: stepper)
    }

    /// Lets every held thread go on: those standing at a breakpoint step over
    /// it one at a time first, the others kept stopped meanwhile.
    private func resumeAll(stepping stepper: pid_t?) {
        stepOverQueue.removeAll()
        for thread in held.keys where thread == currentThread || atBreakpoint[thread] != nil {
            let here = pc(thread)
            if breakpoints.contains(where: { $0.address == here && $0.inserted }) { stepOverQueue.append((thread, here)) }
        }
        atBreakpoint.removeAll()
        if let stepper {
            if !stepOverQueue.contains(where: { $0.thread == stepper }) {
                // Its instruction step runs with the others; its trap is the stop.
                stepping[stepper] = (nil, true)
                held[stepper] = Resume(.singleStep, signal: held[stepper]?.signal ?? .suppress)
            } else {
                // The step over the breakpoint is the user's step: last (the queue is
                // taken from its end), so that it ends with the others still held.
                stepOverQueue = stepOverQueue.filter { $0.thread == stepper } + stepOverQueue.filter { $0.thread != stepper }
            }
        }
        userStepper = stepper
        resumeNext()
    }

    /// The thread whose `stepi` is the step over its breakpoint.
    private var userStepper: pid_t? = nil

    /// The next step over a breakpoint, or, when none is left, every held thread goes on.
    private func resumeNext() {
        while let (thread, address) = stepOverQueue.popLast() {
            guard let resume = held.removeValue(forKey: thread) else { continue }
            remove(at: address)
            stepping[thread] = (address, thread == userStepper)
            phase = .steppingOver(thread)
            release(thread, Resume(.singleStep, signal: resume.signal))
            return
        }
        phase = .running
        userStepper = nil
        for (thread, resume) in held { release(thread, resume) }
        held.removeAll()
    }

    /// A task ended: a thread is forgotten; the process's end is the user's last stop.
    private func taskGone(_ pid: pid_t, _ reason: StopReason, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) {
        threadGone(pid, onStop)
        guard pid == process else { return }
        closeMemory()
        _ = onStop(DebugStop(thread: pid, reason: reason, pc: 0), self)
    }

    /// A thread is gone: it is no longer waited for, held or reported.
    private func threadGone(_ pid: pid_t, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) {
        forget(pid)
        threads.remove(pid)
        guard let anyThread = threads.first else { return }
        if currentThread == pid { currentThread = threads.contains(process) ? process : anyThread }
        switch phase {
        case .stopping where stopping.isEmpty:
            eventThread = pid
            eventResume = nil
            allStopped(onStop)
        case .steppingOver(let stepper) where stepper == pid:
            eventThread = pid
            eventResume = nil
            resumeNext()
        default:
            break
        }
    }

    private func forget(_ pid: pid_t) {
        stepping[pid] = nil
        stopping.remove(pid)
        held[pid] = nil
        atBreakpoint[pid] = nil
        reports.removeAll { $0.thread == pid }
        stepOverQueue.removeAll { $0.thread == pid }
        threadsWithoutWatchpoints.remove(pid)
    }

    /// A SIGTRAP: a breakpoint's `int3`, the end of a single step, or a
    /// hardware watchpoint (the kernel's `si_code` says which).
    private func trap(_ pid: pid_t, _ info: SignalInfo) -> Outcome {
        let code = info.code
        if code == Self.trapHardware || code == Self.trapTrace {
            // DR6 says which watchpoint fired; without watchpoints a step's trap needs no look.
            var slots: [Int] = []
            if !watchpoints.isEmpty || code == Self.trapHardware {
                let status = (try? DebugRegisters.read(pid, register: 6)) ?? 0
                slots = DebugRegisters.hitSlots(status: status)
                if !slots.isEmpty { try? DebugRegisters.write(pid, register: 6, value: 0) }
            }
            if let step = stepping.removeValue(forKey: pid) {
                if let address = step.reinsert { insert(at: address) }
                if let hit = watchpointHit(slots, via: pid) { return .report(hit, .suppress) }
                if step.report { return .report(breakpointSteppedOnto(pid) ?? .step, .suppress) }
                return .go(Resume(resumeAction, signal: .suppress))
            }
            if let hit = watchpointHit(slots, via: pid) { return .report(hit, .suppress) }
            // A hardware trap that stops nothing, or the end of a step that was
            // called off (another thread's stop came first): ours, not the program's.
            if code == Self.trapHardware || code == Self.trapTrace { return .go(Resume(resumeAction, signal: .suppress)) }
        }
        guard var registers = try? Ptrace.registers(pid) else { return .go(Resume(resumeAction, signal: .suppress)) }
        // int3 reports SI_KERNEL; the address after it is in rip.
        let address = registers.instructionPointer &- 1
        if code == Self.trapKernel || code == Self.trapBreakpoint {
            // Not only an inserted one: another thread may have trapped on it
            // just before a step over it took the int3 out.
            if let index = breakpoints.firstIndex(where: { $0.address == address }) {
                registers.instructionPointer = address
                try? Ptrace.setRegisters(pid, registers)
                if threads.count > 1 { atBreakpoint[pid] = address }
                let breakpoint = breakpoints[index]
                if !breakpoint.enabled { return .proceed(.suppress, at: address) }
                // As gdb: the condition first; a hit counts (and uses up an ignore) only when it holds.
                if let condition = breakpoint.condition {
                    do {
                        let value = try condition.evaluate(registers: registers) { address, count in
                            try? self.readMemory(at: address, count: count, via: pid)
                        }
                        if value == 0 { return .proceed(.suppress, at: address) }
                    } catch {
                        breakpoints[index].hitCount += 1
                        return .report(.conditionError(id: breakpoint.id, address: address, message: error.description), .suppress)
                    }
                }
                breakpoints[index].hitCount += 1
                if breakpoint.ignoreCount > 0 {
                    breakpoints[index].ignoreCount -= 1
                    return .proceed(.suppress, at: address)
                }
                if breakpoint.temporary { delete(breakpoint.id) }
                if breakpoint.id == libraryEventBreakpoint { return .report(.libraryEvent, .suppress) }
                return .report(.breakpoint(id: breakpoint.id, address: address), .suppress)
            }
            // An int3 of ours that is gone (its breakpoint deleted while this
            // thread's trap was pending): the program's byte is back there.
            if let byte = readCode(at: address), byte != 0xcc {
                registers.instructionPointer = address
                try? Ptrace.setRegisters(pid, registers)
                return .go(Resume(resumeAction, signal: .suppress))
            }
        }
        // A SIGTRAP of the program's own (raise, an int3 of its own): the user's.
        let handling = handling(of: .trap)
        return .report(.signal(.trap), handling.pass ? .deliver : .suppress)
    }

    /// A step that ends on a user's breakpoint is that breakpoint's hit, as
    /// in gdb (its condition and ignore count weighed as for a trap).
    private func breakpointSteppedOnto(_ pid: pid_t) -> StopReason? {
        guard breakpoints.contains(where: { $0.id > 0 }), let registers = try? Ptrace.registers(pid) else { return nil }
        let here = registers.instructionPointer
        guard let index = breakpoints.firstIndex(where: { $0.address == here && $0.id > 0 && $0.enabled }) else { return nil }
        if let condition = breakpoints[index].condition {
            let value = try? condition.evaluate(registers: registers) { address, count in try? self.readMemory(at: address, count: count, via: pid) }
            if value == 0 { return nil }
        }
        breakpoints[index].hitCount += 1
        if breakpoints[index].ignoreCount > 0 {
            breakpoints[index].ignoreCount -= 1
            return nil
        }
        let breakpoint = breakpoints[index]
        if breakpoint.temporary { delete(breakpoint.id) }
        return .breakpoint(id: breakpoint.id, address: here)
    }

    /// A thread that trapped on an int3 (or ended a step) before the detach
    /// took them out: back to the instruction, let go, no SIGTRAP.
    private func trapWhileDetaching(_ pid: pid_t, _ info: SignalInfo) -> Resume {
        let code = info.code
        if code == Self.trapKernel || code == Self.trapBreakpoint, var registers = try? Ptrace.registers(pid),
           formerBreakpoints.contains(registers.instructionPointer &- 1) {
            registers.instructionPointer &-= 1
            try? Ptrace.setRegisters(pid, registers)
            return Resume(.detach, signal: .suppress)
        }
        if code == Self.trapTrace || code == Self.trapHardware { return Resume(.detach, signal: .suppress) }
        return Resume(.detach, signal: .deliver)
    }

    private func watchpointHit(_ slots: [Int], via thread: pid_t) -> StopReason? {
        for slot in slots {
            guard let index = watchpoints.firstIndex(where: { $0.slot == slot }) else { continue }
            let watchpoint = watchpoints[index]
            if watchpoint.access == .execute {
                // A hardware breakpoint: the kernel sets RF, so the instruction runs when the thread goes on.
                watchpoints[index].hitCount += 1
                if watchpoint.ignoreCount > 0 {
                    watchpoints[index].ignoreCount -= 1
                    continue
                }
                return .breakpoint(id: watchpoint.id, address: watchpoint.address)
            }
            let new = readValue(at: watchpoint.address, length: watchpoint.length, via: thread)
            let old = watchpoint.value
            watchpoints[index].value = new
            // A write that left the value as it was does not stop (as gdb's `watch`).
            if watchpoint.access == .write, old == new { continue }
            watchpoints[index].hitCount += 1
            if watchpoint.ignoreCount > 0 {
                watchpoints[index].ignoreCount -= 1
                continue
            }
            return .watchpoint(id: watchpoint.id, address: watchpoint.address, old: old, new: new)
        }
        return nil
    }

    /// How a lone thread goes on after the user's command (`pc`: where it is, when already known).
    private func resume(_ pid: pid_t, _ command: DebuggerCommand, signal: Resume.SignalDisposition, at pc: UInt64? = nil) -> Resume {
        switch command {
        case .continue, .stepInstruction:
            let report = command == .stepInstruction
            let here = pc ?? self.pc(pid)
            if let breakpoint = breakpoints.first(where: { $0.address == here && $0.inserted }) {
                // Step over it: the program's byte back for one instruction.
                remove(at: breakpoint.address)
                stepping[pid] = (breakpoint.address, report)
                return Resume(.singleStep, signal: signal)
            }
            if report {
                stepping[pid] = (nil, true)
                return Resume(.singleStep, signal: signal)
            }
            return Resume(resumeAction, signal: signal)
        case .kill:
            kill(process, SIGKILL)
            return Resume(.continue, signal: .suppress)
        case .detach:
            detachCleanly()
            return Resume(.detach, signal: signal == .suppress ? .suppress : signal)
        }
    }

    /// Run to the next syscall when catching them, else to the next signal or event.
    private var resumeAction: Resume.Action { syscallCatchpoint == nil ? .continue : .syscall }

    /// How a thread goes on from a stop of no interest: on with its step, if it is in one.
    private func resumeOn(_ pid: pid_t) -> Resume {
        if !stepping.isEmpty, stepping[pid] != nil { return .singleStep }
        return Resume(resumeAction)
    }

    private func pc(_ pid: pid_t) -> UInt64 { (try? Ptrace.registers(pid))?.instructionPointer ?? 0 }

    // MARK: Breakpoints

    /// Sets a software breakpoint (an `int3`) at `address`; returns its
    /// number (`number`, when one was reserved for it). A `hidden` one (a
    /// stepping plan's) gets a negative number and is not the user's to list.
    @discardableResult
    public func setBreakpoint(at address: UInt64, temporary: Bool = false, hidden: Bool = false,
                              number: Int? = nil) throws(DebuggerError) -> Int {
        guard process != 0 else { throw DebuggerError(.notRunning) }
        if let existing = breakpoints.first(where: { $0.address == address && $0.inserted }) {
            // A second breakpoint at one address shares the int3.
            let id = number ?? takeID(hidden: hidden)
            var breakpoint = existing
            breakpoint.id = id
            breakpoint.temporary = temporary
            breakpoint.hitCount = 0
            breakpoints.append(breakpoint)
            return id
        }
        guard let original = readCode(at: address), writeCode(0xcc, at: address) else {
            throw DebuggerError(.cannotAccess(address))
        }
        let id = number ?? takeID(hidden: hidden)
        breakpoints.append(Breakpoint(id: id, address: address, original: original, temporary: temporary))
        return id
    }

    private var nextInternalID = -1

    private func takeID(hidden: Bool) -> Int {
        if hidden {
            defer { nextInternalID -= 1 }
            return nextInternalID
        }
        defer { nextID += 1 }
        return nextID
    }

    /// Deletes breakpoint `id` (its `int3` goes when no other breakpoint is at its address).
    @discardableResult
    public func delete(_ id: Int) -> Bool {
        guard let index = breakpoints.firstIndex(where: { $0.id == id }) else { return false }
        let breakpoint = breakpoints.remove(at: index)
        if breakpoint.inserted && !breakpoints.contains(where: { $0.address == breakpoint.address }) {
            restore(breakpoint)
        }
        return true
    }

    /// Enables or disables breakpoint `id` (a disabled one is passed over silently).
    @discardableResult
    public func setEnabled(_ id: Int, _ enabled: Bool) -> Bool {
        guard let index = breakpoints.firstIndex(where: { $0.id == id }) else { return false }
        breakpoints[index].enabled = enabled
        return true
    }

    /// Gives breakpoint `id` a condition (nil: none): it stops only where
    /// `condition` is not 0, evaluated in the thread that hit it.
    @discardableResult
    public func setCondition(_ id: Int, _ condition: Expression?, text: String? = nil) -> Bool {
        guard let index = breakpoints.firstIndex(where: { $0.id == id }) else { return false }
        breakpoints[index].condition = condition
        breakpoints[index].conditionText = condition == nil ? nil : text
        return true
    }

    /// The hidden breakpoint in the dynamic linker that `stopAtLibraryEvents` set.
    private var libraryEventBreakpoint: Int? = nil

    /// Stops the program (`StopReason.libraryEvent`) each time the dynamic
    /// linker adds or removes libraries, by a hidden breakpoint on its
    /// `_dl_debug_state` (the function it calls for debuggers, the `r_brk`
    /// of `struct r_debug`): the moment to set breakpoints in a library
    /// just loaded. Returns false when there is no dynamic linker (a static program).
    @discardableResult
    public func stopAtLibraryEvents(_ enabled: Bool) -> Bool {
        if !enabled {
            if let id = libraryEventBreakpoint { delete(id) }
            libraryEventBreakpoint = nil
            return true
        }
        if libraryEventBreakpoint != nil { return true }
        guard let symbols = try? ProcessSymbols(pid: process, includeSource: false),
              let address = symbols.addresses(ofFunction: "_dl_debug_state").first,
              let id = try? setBreakpoint(at: address, hidden: true) else { return false }
        libraryEventBreakpoint = id
        return true
    }

    /// A number for a breakpoint that is not set yet (a pending one, waiting
    /// for its library), to give `setBreakpoint(at:number:)` when it is.
    public func reserveNumber() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Lets breakpoint or watchpoint `id` pass `count` more hits before it stops.
    @discardableResult
    public func setIgnoreCount(_ id: Int, _ count: Int) -> Bool {
        if let index = breakpoints.firstIndex(where: { $0.id == id }) {
            breakpoints[index].ignoreCount = max(0, count)
            return true
        }
        guard let index = watchpoints.firstIndex(where: { $0.id == id }) else { return false }
        watchpoints[index].ignoreCount = max(0, count)
        return true
    }

    private func restore(_ breakpoint: Breakpoint) {
        _ = writeCode(breakpoint.original, at: breakpoint.address)
    }

    /// The process's memory as a file: writes reach read-only code (as
    /// ptrace's do) whichever of its threads are running or stopped, one
    /// syscall a byte. Reopened after an exec, which replaces the memory.
    private var memoryFile: CInt = -1

    private func openMemory() -> CInt {
        if memoryFile < 0 { memoryFile = open("/proc/\(process)/mem", O_RDWR | O_CLOEXEC) }
        return memoryFile
    }

    private func closeMemory() {
        if memoryFile >= 0 { close(memoryFile) }
        memoryFile = -1
    }

    private func writeCode(_ byte: UInt8, at address: UInt64) -> Bool {
        var byte = byte
        return pwrite(openMemory(), &byte, 1, off_t(Int64(bitPattern: address))) == 1
    }

    private func readCode(at address: UInt64) -> UInt8? {
        var byte: UInt8 = 0
        return pread(openMemory(), &byte, 1, off_t(Int64(bitPattern: address))) == 1 ? byte : nil
    }

    /// Takes the `int3` out at `address` for a step over it (the breakpoints stay listed).
    private func remove(at address: UInt64) {
        guard let breakpoint = breakpoints.first(where: { $0.address == address && $0.inserted }) else { return }
        restore(breakpoint)
        for index in breakpoints.indices where breakpoints[index].address == address { breakpoints[index].inserted = false }
    }

    /// Puts the `int3` back at `address` after a step over it.
    private func insert(at address: UInt64) {
        guard breakpoints.contains(where: { $0.address == address }), writeCode(0xcc, at: address) else { return }
        for index in breakpoints.indices where breakpoints[index].address == address { breakpoints[index].inserted = true }
    }

    /// Writes the program's bytes back over every int3 in `child`'s memory,
    /// through /proc/PID/mem (which writes read-only code, as ptrace does).
    private func removeBreakpoints(fromChild child: pid_t) {
        guard breakpoints.contains(where: { $0.inserted }) else { return }
        let fd = open("/proc/\(child)/mem", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        for breakpoint in breakpoints where breakpoint.inserted {
            var byte = breakpoint.original
            _ = pwrite(fd, &byte, 1, off_t(Int64(bitPattern: breakpoint.address)))
        }
    }

    // MARK: Watchpoints

    /// Sets a hardware watchpoint on `length` bytes (1, 2, 4 or 8, aligned)
    /// at `address`, in every thread; returns its number. At most four.
    @discardableResult
    public func setWatchpoint(at address: UInt64, length: Int, access: DebugRegisters.Access) throws(DebuggerError) -> Int {
        guard process != 0 else { throw DebuggerError(.notRunning) }
        guard access == .execute || ([1, 2, 4, 8].contains(length) && address % UInt64(length) == 0) else {
            throw DebuggerError(.badWatchpoint(address: address, length: length))
        }
        guard let slot = (0..<DebugRegisters.slotCount).first(where: { slot in !watchpoints.contains { $0.slot == slot } }) else {
            throw DebuggerError(.noDebugRegisterLeft)
        }
        let id = nextID
        let watchpoint = Watchpoint(id: id, slot: slot, address: address, length: length, access: access,
                                    value: readValue(at: address, length: length, via: currentThread))
        watchpoints.append(watchpoint)
        for thread in threads {
            if !writeWatchpoint(watchpoint, into: thread) {
                watchpoints.removeLast()
                writeWatchpoints(into: thread)
                throw DebuggerError(.cannotAccess(address))
            }
        }
        nextID += 1
        return id
    }

    /// Sets a hardware breakpoint at `address`: a debug register, no `int3`
    /// (code that is checksummed, or not yet mapped writable, is left as it
    /// is); it shares the four registers with watchpoints. Its stops are
    /// `StopReason.breakpoint`.
    @discardableResult
    public func setHardwareBreakpoint(at address: UInt64) throws(DebuggerError) -> Int {
        try setWatchpoint(at: address, length: 1, access: .execute)
    }

    /// Deletes watchpoint `id`, freeing its debug register in every thread.
    @discardableResult
    public func deleteWatchpoint(_ id: Int) -> Bool {
        guard let index = watchpoints.firstIndex(where: { $0.id == id }) else { return false }
        let slot = watchpoints.remove(at: index).slot
        for thread in threads {
            let control = (try? DebugRegisters.read(thread, register: 7)) ?? 0
            try? DebugRegisters.write(thread, register: 7, value: DebugRegisters.control(control, disabling: slot))
        }
        return true
    }

    private func writeWatchpoint(_ watchpoint: Watchpoint, into thread: pid_t) -> Bool {
        guard (try? DebugRegisters.write(thread, register: watchpoint.slot, value: watchpoint.address)) != nil,
              let control = try? DebugRegisters.read(thread, register: 7),
              let enabled = DebugRegisters.control(control, enabling: watchpoint.slot, access: watchpoint.access,
                                                   length: watchpoint.length) else { return false }
        return (try? DebugRegisters.write(thread, register: 7, value: enabled)) != nil
    }

    /// Every watchpoint into a thread that has none yet (one created after they were set).
    private func writeWatchpoints(into thread: pid_t) {
        for watchpoint in watchpoints { _ = writeWatchpoint(watchpoint, into: thread) }
    }

    // MARK: Catchpoints

    /// `catch syscall`: stops at the entry and exit of the calls in `calls`
    /// (strace's `-e trace=` sets); returns the catchpoint's number.
    @discardableResult
    public func catchSyscalls(_ calls: SyscallSet) -> Int {
        let id = nextID
        nextID += 1
        syscallCatchpoint = (id, calls)
        return id
    }

    /// Stops catching syscalls.
    public func deleteSyscallCatchpoint() { syscallCatchpoint = nil }

    /// `catch fork`, `catch vfork`, `catch exec`, `catch signal`: the catchpoints, in the order set.
    public private(set) var catchpoints: [(id: Int, kind: CatchKind)] = []

    /// Stops the program at the next forks, vforks, execs or signals (`kind`); returns the catchpoint's number.
    @discardableResult
    public func catchEvents(_ kind: CatchKind) -> Int {
        let id = nextID
        nextID += 1
        catchpoints.append((id, kind))
        return id
    }

    /// Deletes catchpoint `id` (not the syscall one: `deleteSyscallCatchpoint`).
    @discardableResult
    public func deleteCatchpoint(_ id: Int) -> Bool {
        guard let index = catchpoints.firstIndex(where: { $0.id == id }) else { return false }
        catchpoints.remove(at: index)
        return true
    }

    private func signalCatchpoint(for signal: Signal) -> Int? {
        guard !catchpoints.isEmpty else { return nil }
        for catchpoint in catchpoints {
            guard case .signal(let signals) = catchpoint.kind else { continue }
            if let signals { if signals.contains(signal.rawValue) { return catchpoint.id } }
            else if signal != .trap && signal != .interrupt { return catchpoint.id }
        }
        return nil
    }

    // MARK: Registers and memory

    /// The registers of `thread` (the current one by default).
    public func registers(of thread: pid_t? = nil) throws(DebuggerError) -> Registers {
        do { return try Ptrace.registers(thread ?? currentThread) } catch { throw DebuggerError(.noThread(thread ?? currentThread)) }
    }

    /// Replaces the registers of `thread` (the current one by default).
    public func setRegisters(_ registers: Registers, of thread: pid_t? = nil) throws(DebuggerError) {
        do { try Ptrace.setRegisters(thread ?? currentThread, registers) } catch { throw DebuggerError(.noThread(thread ?? currentThread)) }
    }

    /// `count` bytes of the program's memory at `address`, as the program
    /// wrote them: an inserted breakpoint's byte reads as the original.
    public func readMemory(at address: UInt64, count: Int) throws(DebuggerError) -> [UInt8] {
        try readMemory(at: address, count: count, via: currentThread)
    }

    /// Memory read through `thread` (one known to be alive: the one whose stop is being handled).
    private func readMemory(at address: UInt64, count: Int, via thread: pid_t) throws(DebuggerError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try RemoteMemory(pid: thread).readExactly(from: address, count: count, into: &bytes)
        } catch {
            throw DebuggerError(.cannotAccess(address))
        }
        for breakpoint in breakpoints where breakpoint.inserted && breakpoint.address >= address
            && breakpoint.address - address < UInt64(count) {
            bytes[Int(breakpoint.address - address)] = breakpoint.original
        }
        return bytes
    }

    /// Writes `bytes` at `address` (read-only code can be patched too).
    public func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(DebuggerError) {
        for (offset, byte) in bytes.enumerated() {
            let target = address &+ UInt64(offset)
            // A byte under an int3 changes the saved original, the int3 stays.
            if let index = breakpoints.firstIndex(where: { $0.address == target && $0.inserted }) {
                for i in breakpoints.indices where breakpoints[i].address == target { breakpoints[i].original = byte }
                _ = index
                continue
            }
            guard writeCode(byte, at: target) else { throw DebuggerError(.cannotAccess(target)) }
        }
    }

    private func readValue(at address: UInt64, length: Int, via thread: pid_t) -> UInt64? {
        guard let bytes = try? readMemory(at: address, count: length, via: thread) else { return nil }
        var value: UInt64 = 0
        for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * i) }
        return value
    }

    // MARK: Leaving

    /// Set by `detach`: every thread is let go at its next stop.
    private var detaching = false
    /// Where the int3s were when `detach` took them out (a trap already under way there is ours).
    private var formerBreakpoints: Set<UInt64> = []

    /// Follow the child at a fork (gdb's `set follow-fork-mode child`): the
    /// parent goes on untraced, and the child is the process debugged, with
    /// the breakpoints and watchpoints. (A vfork's child shares its parent's
    /// memory until it execs: the parent is kept.)
    public var followForkChild = false
    /// Told when a fork's child is followed (parent, child).
    public var forkObserver: ((pid_t, pid_t) -> Void)? = nil
    /// The parent's other threads after its child was followed: each is let go at its next stop.
    private var parentThreadsLeft: Set<pid_t> = []

    private func followChild(parent: pid_t, child: pid_t) -> Resume {
        // The parent as the program wrote it: the int3s out of its memory, its debug registers cleared.
        formerBreakpoints = Set(breakpoints.map(\.address))
        for breakpoint in breakpoints where breakpoint.inserted { _ = writeCode(breakpoint.original, at: breakpoint.address) }
        try? DebugRegisters.write(parent, register: 7, value: 0)
        parentThreadsLeft = threads.subtracting([parent])
        for thread in parentThreadsLeft { _ = tracer.interrupt(thread) }
        for thread in threads { forget(thread) }
        phase = .running
        closeMemory()
        // The child has the int3s (a copy of the memory), not the debug registers.
        process = child
        threads = [child]
        threadHistory = [child]
        currentThread = child
        if !watchpoints.isEmpty {
            threadsWithoutWatchpoints.insert(child)
            _ = tracer.interrupt(child)
        }
        forkObserver?(parent, child)
        return .detach
    }

    /// Takes every breakpoint and watchpoint out, so that a detached process runs on untouched.
    private func detachCleanly() {
        detaching = true
        formerBreakpoints = Set(breakpoints.map(\.address))
        for breakpoint in breakpoints where breakpoint.inserted { remove(at: breakpoint.address) }
        for thread in threads {
            try? DebugRegisters.write(thread, register: 7, value: 0)
        }
        watchpoints.removeAll()
        breakpoints.removeAll()
    }

    // si_code values of SIGTRAP (asm-generic/siginfo.h).
    static let trapBreakpoint: CInt = 1  // TRAP_BRKPT
    static let trapTrace: CInt = 2       // TRAP_TRACE: a single step
    static let trapHardware: CInt = 4    // TRAP_HWBKPT
    static let trapKernel: CInt = 0x80   // SI_KERNEL: int3
}
