import Glibc
import SystemPackage
import WiretapCore
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
    /// The thread of the last stop: registers and memory are read through it.
    public private(set) var currentThread: pid_t = 0

    public private(set) var breakpoints: [Breakpoint] = []
    public private(set) var watchpoints: [Watchpoint] = []
    /// `catch syscall`: the calls that stop the program (nil: none), and the catchpoint's number.
    public private(set) var syscallCatchpoint: (id: Int, calls: SyscallSet)? = nil
    private var nextID = 1
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
    private var stopRequested: DebuggerCommand? = nil

    public init() {
        var options = TraceOptions()
        options.traceSyscalls = false
        // Threads are followed (and forked children seen, to be let go: see `handle`).
        options.followForks = true
        tracer = Tracer(options: options)
    }

    // MARK: Starting

    /// Starts `command` under the debugger; `run` stops it first right after
    /// its exec (`StopReason.started`), before any of its code has run.
    public func launch(_ command: Command) throws(DebuggerError) {
        do {
            process = try tracer.spawn(command)
        } catch {
            throw DebuggerError(.launchFailed(error.description))
        }
        threads = [process]
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
        attached = true
        // Seized tasks keep running: a SIGSTOP makes the first stop, taken (and discarded) in `run`.
        kill(pid, SIGSTOP)
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

    private func handle(_ event: TraceEvent, _ tracee: Tracee, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) -> Resume {
        let pid = event.pid
        if !forkedChildren.isEmpty, forkedChildren.remove(pid) != nil {
            if case .signal = event.kind { return Resume(.detach, signal: .deliver) }
            return .detach
        }
        if detaching {
            switch event.kind {
            case .signal(let info) where info.signal == .trap: return trap(pid, info, onStop)
            case .signal: return Resume(.detach, signal: .deliver)
            case .exited, .killed, .detached: break
            default: return .detach
            }
        }
        if threadsWithoutWatchpoints.contains(pid), tracee.state != .running, tracee.state != .exited, tracee.state != .killed {
            threadsWithoutWatchpoints.remove(pid)
            writeWatchpoints(into: pid)
        }
        switch event.kind {
        case .exec:
            guard !started else { return resumeOn(pid) }
            started = true
            return stop(pid, .started, onStop)
        case .signal(let info) where info.signal == .stop && attached && !started && pid == process:
            started = true
            return stop(pid, .started, onStop)
        case .attached:
            threads.insert(pid)
            return resumeOn(pid)
        case .newTask(let child, let kind):
            if kind == .thread {
                threads.insert(child)
                if !watchpoints.isEmpty { threadsWithoutWatchpoints.insert(child) }
            } else {
                // A new process has not run an instruction yet: take the int3s
                // out of its copy of the code. A vfork child (posix_spawn,
                // system) shares the parent's memory: writing there would take
                // them out of the parent too, so it keeps them until its exec.
                if kind != .vfork { removeBreakpoints(fromChild: child) }
                forkedChildren.insert(child)
            }
            return resumeOn(pid)
        case .signal(let info) where info.signal == .trap:
            return trap(pid, info, onStop)
        case .signal(let info):
            guard SignalPolicy.stops(info.signal) else { return Resume(resumeAction, signal: .deliver) }
            let command = onStop(DebugStop(thread: pid, reason: .signal(info.signal), pc: pc(pid)), self)
            return resume(pid, command, signal: .deliver)
        case .syscallEntry(let entry):
            if let catchpoint = syscallCatchpoint, catchpoint.calls.contains(entry, memory: tracee.memory) {
                syscallObserver?(event, tracee)
                return stop(pid, .syscallEntry(catchpoint: catchpoint.id, number: entry.number, arch: entry.arch), onStop)
            }
            return resumeOn(pid)
        case .syscallExit(let exit):
            if let catchpoint = syscallCatchpoint, let entry = exit.entry, catchpoint.calls.contains(entry, memory: tracee.memory) {
                syscallObserver?(event, tracee)
                return stop(pid, .syscallExit(catchpoint: catchpoint.id, number: exit.number, arch: exit.arch,
                                              result: exit.returnValue), onStop)
            }
            return resumeOn(pid)
        case .exited(let code):
            threads.remove(pid)
            stepping[pid] = nil
            if pid == process { _ = onStop(DebugStop(thread: pid, reason: .exited(code: code), pc: 0), self) }
            return .automatic
        case .killed(let signal, _):
            threads.remove(pid)
            stepping[pid] = nil
            if pid == process { _ = onStop(DebugStop(thread: pid, reason: .killed(signal), pc: 0), self) }
            return .automatic
        default:
            return resumeOn(pid)
        }
    }

    /// A SIGTRAP: a breakpoint's `int3`, the end of a single step, or a
    /// hardware watchpoint (the kernel's `si_code` says which).
    private func trap(_ pid: pid_t, _ info: SignalInfo, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) -> Resume {
        currentThread = pid
        let code = info.code
        if detaching {
            // A thread that trapped on an int3 (or ended a step) before the
            // detach took them out: back to the instruction, let go, no SIGTRAP.
            if code == Self.trapKernel || code == Self.trapBreakpoint, var registers = try? Ptrace.registers(pid),
               formerBreakpoints.contains(registers.instructionPointer &- 1) {
                registers.instructionPointer &-= 1
                try? Ptrace.setRegisters(pid, registers)
                return Resume(.detach, signal: .suppress)
            }
            if code == Self.trapTrace || code == Self.trapHardware { return Resume(.detach, signal: .suppress) }
            return Resume(.detach, signal: .deliver)
        }
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
                if let hit = watchpointHit(slots) { return stop(pid, hit, onStop) }
                if step.report { return stop(pid, .step, onStop) }
                return Resume(resumeAction, signal: .suppress)
            }
            if let hit = watchpointHit(slots) { return stop(pid, hit, onStop) }
            if code == Self.trapHardware { return Resume(resumeAction, signal: .suppress) }
        }
        guard var registers = try? Ptrace.registers(pid) else { return Resume(resumeAction, signal: .suppress) }
        // int3 reports SI_KERNEL; the address after it is in rip.
        let address = registers.instructionPointer &- 1
        // Not only an inserted one: another thread may have trapped on it
        // just before a step over it took the int3 out.
        if code == Self.trapKernel || code == Self.trapBreakpoint,
           let index = breakpoints.firstIndex(where: { $0.address == address }) {
            registers.instructionPointer = address
            try? Ptrace.setRegisters(pid, registers)
            breakpoints[index].hitCount += 1
            let breakpoint = breakpoints[index]
            if !breakpoint.enabled || breakpoint.ignoreCount > 0 {
                if breakpoint.ignoreCount > 0 { breakpoints[index].ignoreCount -= 1 }
                return resume(pid, .continue, signal: .suppress, at: address)
            }
            if breakpoint.temporary { delete(breakpoint.id) }
            return stop(pid, .breakpoint(id: breakpoint.id, address: address), onStop)
        }
        // A SIGTRAP of the program's own (raise, a stray int3): the user's.
        let command = onStop(DebugStop(thread: pid, reason: .signal(.trap), pc: registers.instructionPointer), self)
        return resume(pid, command, signal: .deliver)
    }

    private func watchpointHit(_ slots: [Int]) -> StopReason? {
        for slot in slots {
            guard let index = watchpoints.firstIndex(where: { $0.slot == slot }) else { continue }
            let watchpoint = watchpoints[index]
            let new = readValue(at: watchpoint.address, length: watchpoint.length)
            let old = watchpoint.value
            watchpoints[index].value = new
            // A write that left the value as it was does not stop (as gdb's `watch`).
            if watchpoint.access == .write, old == new { continue }
            if watchpoint.ignoreCount > 0 {
                watchpoints[index].ignoreCount -= 1
                continue
            }
            return .watchpoint(id: watchpoint.id, address: watchpoint.address, old: old, new: new)
        }
        return nil
    }

    private func stop(_ pid: pid_t, _ reason: StopReason, _ onStop: (DebugStop, Debugger) -> DebuggerCommand) -> Resume {
        currentThread = pid
        let command = onStop(DebugStop(thread: pid, reason: reason, pc: pc(pid)), self)
        return resume(pid, command, signal: .suppress)
    }

    /// How a thread goes on after the user's command (`pc`: where it is, when already known).
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

    private func resumeOn(_ pid: pid_t) -> Resume { Resume(resumeAction) }

    private func pc(_ pid: pid_t) -> UInt64 { (try? Ptrace.registers(pid))?.instructionPointer ?? 0 }

    // MARK: Breakpoints

    /// Sets a software breakpoint (an `int3`) at `address`; returns its
    /// number. A `hidden` one (a stepping plan's) gets a negative number
    /// and is not the user's to list.
    @discardableResult
    public func setBreakpoint(at address: UInt64, temporary: Bool = false, hidden: Bool = false) throws(DebuggerError) -> Int {
        guard process != 0 else { throw DebuggerError(.notRunning) }
        if let existing = breakpoints.first(where: { $0.address == address && $0.inserted }) {
            // A second breakpoint at one address shares the int3.
            let id = takeID(hidden: hidden)
            var breakpoint = existing
            breakpoint.id = id
            breakpoint.temporary = temporary
            breakpoint.hitCount = 0
            breakpoints.append(breakpoint)
            return id
        }
        guard let word = try? Ptrace.peekData(currentThread, address: address) else {
            throw DebuggerError(.cannotAccess(address))
        }
        guard (try? Ptrace.pokeData(currentThread, address: address, word: word & ~0xff | 0xcc)) != nil else {
            throw DebuggerError(.cannotAccess(address))
        }
        let id = takeID(hidden: hidden)
        breakpoints.append(Breakpoint(id: id, address: address, original: UInt8(truncatingIfNeeded: word), temporary: temporary))
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
        guard let word = try? Ptrace.peekData(currentThread, address: breakpoint.address) else { return }
        try? Ptrace.pokeData(currentThread, address: breakpoint.address, word: word & ~0xff | UInt64(breakpoint.original))
    }

    /// Takes the `int3` out at `address` for a step over it (the breakpoints stay listed).
    private func remove(at address: UInt64) {
        guard let breakpoint = breakpoints.first(where: { $0.address == address && $0.inserted }) else { return }
        restore(breakpoint)
        for index in breakpoints.indices where breakpoints[index].address == address { breakpoints[index].inserted = false }
    }

    /// Puts the `int3` back at `address` after a step over it.
    private func insert(at address: UInt64) {
        guard breakpoints.contains(where: { $0.address == address }),
              let word = try? Ptrace.peekData(currentThread, address: address) else { return }
        guard (try? Ptrace.pokeData(currentThread, address: address, word: word & ~0xff | 0xcc)) != nil else { return }
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
        guard [1, 2, 4, 8].contains(length), address % UInt64(length) == 0 else {
            throw DebuggerError(.badWatchpoint(address: address, length: length))
        }
        guard let slot = (0..<DebugRegisters.slotCount).first(where: { slot in !watchpoints.contains { $0.slot == slot } }) else {
            throw DebuggerError(.noDebugRegisterLeft)
        }
        let id = nextID
        let watchpoint = Watchpoint(id: id, slot: slot, address: address, length: length, access: access,
                                    value: readValue(at: address, length: length))
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
        var bytes: [UInt8] = []
        do {
            try RemoteMemory(pid: currentThread).readExactly(from: address, count: count, into: &bytes)
        } catch {
            throw DebuggerError(.cannotAccess(address))
        }
        for breakpoint in breakpoints where breakpoint.inserted && breakpoint.address >= address
            && breakpoint.address - address < UInt64(count) {
            bytes[Int(breakpoint.address - address)] = breakpoint.original
        }
        return bytes
    }

    /// Writes `bytes` at `address` (through ptrace, so read-only code can be patched too).
    public func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(DebuggerError) {
        for (offset, byte) in bytes.enumerated() {
            let target = address &+ UInt64(offset)
            // A byte under an int3 changes the saved original, the int3 stays.
            if let index = breakpoints.firstIndex(where: { $0.address == target && $0.inserted }) {
                for i in breakpoints.indices where breakpoints[i].address == target { breakpoints[i].original = byte }
                _ = index
                continue
            }
            guard let word = try? Ptrace.peekData(currentThread, address: target),
                  (try? Ptrace.pokeData(currentThread, address: target, word: word & ~0xff | UInt64(byte))) != nil else {
                throw DebuggerError(.cannotAccess(target))
            }
        }
    }

    private func readValue(at address: UInt64, length: Int) -> UInt64? {
        guard let bytes = try? readMemory(at: address, count: length) else { return nil }
        var value: UInt64 = 0
        for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * i) }
        return value
    }

    // MARK: Leaving

    /// Set by `detach`: every thread is let go at its next stop.
    private var detaching = false
    /// Where the int3s were when `detach` took them out (a trap already under way there is ours).
    private var formerBreakpoints: Set<UInt64> = []

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
