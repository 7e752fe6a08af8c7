import Glibc

/// What the engine remembers about one traced task between stops.
///
/// A class, allocated once per task: each stop then costs one dictionary
/// lookup and in-place updates (a struct in the dictionary would go through
/// its modify accessor, which heap-allocates for a value this size).
final class TraceeRecord {
    let pid: pid_t
    /// The process (thread group) the task belongs to.
    @exclusivity(unchecked) var tgid: pid_t
    @exclusivity(unchecked) var state: TraceeState = .running
    /// The syscall the task is inside, from its entry stop (for the exit event
    /// and for the GETREGSET fallback, which cannot tell entry from exit).
    @exclusivity(unchecked) var syscall: SyscallEntry? = nil
    /// Attached to (directly or as a child of an attached task) rather than
    /// spawned: on interruption it is detached, not killed.
    @exclusivity(unchecked) var attachedByRequest: Bool
    /// A detach was requested while it ran: detach at its next stop.
    @exclusivity(unchecked) var detachPending = false
    /// The spawned command before its execve: its pre-exec syscalls are ours, not the command's.
    @exclusivity(unchecked) var hiddenUntilExec = false
    /// Its first stop came before its parent's fork/clone event: it is kept
    /// stopped until that event is delivered, so no consumer ever sees a task
    /// before the event that created it.
    @exclusivity(unchecked) var heldUntilAnnounced = false
    /// Its syscalls are stopped by a seccomp filter rather than PTRACE_SYSCALL:
    /// it runs with PTRACE_CONT from its first stop on.
    @exclusivity(unchecked) var resumeWithContinue = false
    /// It stopped at a seccomp stop: run it to that syscall's exit next.
    @exclusivity(unchecked) var awaitingSeccompExit = false
    /// The spawned command's own execve: `detachOnExec` lets it pass (strace's
    /// -b execve detaches at every exec but the command's first).
    @exclusivity(unchecked) var skipDetachOnExec = false
    /// Held stopped by a `Resume` with a delay: resumed by the run loop at
    /// `delayDeadline` (CLOCK_MONOTONIC nanoseconds) with `delayedResume`.
    @exclusivity(unchecked) var delayDeadline: Int64 = 0
    @exclusivity(unchecked) var delayedResume: (Resume.Action, Signal?)? = nil
    /// Held stopped by `Resume.hold` until `Tracer.resumeHeld`, with the
    /// signal its stop would deliver.
    @exclusivity(unchecked) var held = false
    @exclusivity(unchecked) var heldSignal: Signal? = nil
    /// `Tracer.interrupt` asked it to stop: its next stop is reported as `.interrupted`
    /// if it is not another event (any ptrace stop uses up the interrupt).
    @exclusivity(unchecked) var interruptRequested = false
    /// How the consumer last resumed it (nil: the engine's default), for a
    /// stop it did not ask about (a late interrupt) to leave it going the same way.
    @exclusivity(unchecked) var lastAction: Resume.Action? = nil
    /// Which `Tracer.setFollowForks` change its ptrace options reflect.
    @exclusivity(unchecked) var optionsGeneration = 0

    init(pid: pid_t, tgid: pid_t, attachedByRequest: Bool) {
        self.pid = pid
        self.tgid = tgid
        self.attachedByRequest = attachedByRequest
    }
}
