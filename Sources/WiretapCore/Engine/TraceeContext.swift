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
    @usableFromInline var values: [pid_t: Value] = [:]

    /// A context kept in step by `Tracer.makeContext`; made alone, it is
    /// kept in step by `follow(_:)`.
    public init() {}

    /// For a context no Tracer keeps (a consumer fed events by someone
    /// else): applies what the Tracer does, for one event. Call it before
    /// handling the event; `drop` for an ended task is then up to the caller
    /// (after it has used the state), or `follow(afterHandling:)`.
    @inlinable public func follow(_ event: TraceEvent) {
        if case .exec(let formerTID, _, _) = event.kind, formerTID != event.pid { move(from: formerTID, to: event.pid) }
    }

    /// After handling `event`: drops the state of a task that ended.
    public func follow(afterHandling event: TraceEvent) {
        switch event.kind {
        case .exited, .killed, .detached: values[event.pid] = nil
        default: break
        }
    }

    @inlinable public subscript(pid: pid_t) -> Value? {
        get { values[pid] }
        set { values[pid] = newValue }
    }

    @inlinable @discardableResult
    public func removeValue(for pid: pid_t) -> Value? { values.removeValue(forKey: pid) }

    /// How many tasks have state (for checking that none is left behind).
    @inlinable public var count: Int { values.count }

    /// The tasks that have state.
    public var pids: [pid_t] { Array(values.keys) }
}

/// The Tracer's side of a `TraceeContext`, whatever its value type.
protocol TraceeContextKeeping: AnyObject {
    func move(from formerTID: pid_t, to pid: pid_t)
    func drop(_ pid: pid_t)
}

extension TraceeContext: TraceeContextKeeping {
    @usableFromInline func move(from formerTID: pid_t, to pid: pid_t) {
        values[pid] = values.removeValue(forKey: formerTID)
    }

    func drop(_ pid: pid_t) { values[pid] = nil }
}
