import Glibc

/// What a consumer keeps per task (a call between its entry and exit, a
/// start time), kept in step with the tasks by the `Tracer` that made it:
/// when a non-leader thread execs and takes the leader's id, its state moves
/// to that id before the handler sees the exec (the leader's own is dropped,
/// as are those of the other threads the exec ended, which get no event of
/// their own); when a task exits, is killed or is detached, its state is
/// dropped after the handler has seen that event. Use it on the tracer's
/// thread only.
public final class TraceeContext<Value> {
    private var values: [pid_t: Value] = [:]

    init() {}

    public subscript(pid: pid_t) -> Value? {
        get { values[pid] }
        set { values[pid] = newValue }
    }

    @discardableResult
    public func removeValue(for pid: pid_t) -> Value? { values.removeValue(forKey: pid) }

    /// How many tasks have state (for checking that none is left behind).
    public var count: Int { values.count }
}

/// The Tracer's side of a `TraceeContext`, whatever its value type.
protocol TraceeContextKeeping: AnyObject {
    func move(from formerTID: pid_t, to pid: pid_t)
    func drop(_ pid: pid_t)
}

extension TraceeContext: TraceeContextKeeping {
    func move(from formerTID: pid_t, to pid: pid_t) {
        values[pid] = values.removeValue(forKey: formerTID)
    }

    func drop(_ pid: pid_t) { values[pid] = nil }
}
