import CWiretap
import Glibc

/// How the engine waits for the next stop.
public enum WaitStrategy: Sendable, Hashable {
    /// One blocking `waitpid` per stop: the tracer sleeps until a tracee stops.
    case block
    /// Poll with `WNOHANG` for a short, adaptive while before blocking.
    ///
    /// A traced program that makes many system calls stops again a few
    /// microseconds after each resume. A tracer asleep in `waitpid` is then
    /// woken through the scheduler, on another CPU by an inter-processor
    /// interrupt, which in a virtual machine whose idle CPUs halt costs far more
    /// than the stop itself. Polling keeps the tracer's CPU awake for that
    /// short while. The window grows while stops come quickly and shrinks to
    /// nothing while the tracees run for long stretches (a program computing,
    /// a seccomp-filtered trace, an idle attached daemon), so at most
    /// `maximumNanoseconds` of CPU time is spent per stop, and usually none
    /// when it does not pay. A tracer thread allowed on a single CPU (under
    /// `taskset -c N`, say) blocks instead: its polling would only keep the
    /// tracees off the one CPU they share with it.
    case adaptivePolling(maximumNanoseconds: Int64 = 200_000)
}

/// Waits for stops of the caller's tracees, by `WaitStrategy`.
///
/// The adaptive window follows the guest halt-polling idea: after a wait
/// that ended within the maximum, the window grows (from `initialWindow`,
/// doubling); after a wait that outlasted it, the window halves, and below
/// `initialWindow` it closes.
struct StopWaiter {
    private let maximum: Int64
    private(set) var window: Int64 = 0
    static let initialWindow: Int64 = 20_000
    private static let flags = WT_WALL | WT_WNOTHREAD

    /// Call on the tracer thread: a thread allowed on one CPU only never polls.
    init(_ strategy: WaitStrategy, allowedCPUs: Int = StopWaiter.allowedCPUs()) {
        switch strategy {
        case .block: maximum = 0
        case .adaptivePolling(let nanoseconds): maximum = allowedCPUs > 1 ? max(0, nanoseconds) : 0
        }
    }

    /// How many CPUs the calling thread may run on (2 if that cannot be told).
    static func allowedCPUs() -> Int {
        let count = wt_allowed_cpu_count()
        return count > 0 ? Int(count) : 2
    }

    /// The next stop of any tracee: its pid (negative with `errno` set, as
    /// `waitpid`) and status. With `usage`, also the task's resource usage
    /// (`wait4`).
    mutating func next(_ status: inout CInt, usage: UnsafeMutablePointer<rusage>?) -> pid_t {
        guard maximum > 0 else { return wait(&status, usage, blocking: true) }
        let start = Self.now()
        if window > 0 {
            let deadline = start &+ window
            repeat {
                let pid = wait(&status, usage, blocking: false)
                if pid != 0 { return pid }
            } while Self.now() < deadline
        }
        let pid = wait(&status, usage, blocking: true)
        if pid > 0 { adapt(waited: Self.now() &- start) }
        return pid
    }

    /// Called after a wait the poll did not satisfy, with how long it took.
    mutating func adapt(waited: Int64) {
        if waited <= maximum {
            window = window == 0 ? Self.initialWindow : min(window &* 2, maximum)
        } else {
            window /= 2
            if window < Self.initialWindow { window = 0 }
        }
    }

    @inline(__always)
    private func wait(_ status: inout CInt, _ usage: UnsafeMutablePointer<rusage>?, blocking: Bool) -> pid_t {
        let flags = blocking ? Self.flags : Self.flags | WNOHANG
        if let usage { return wait4(-1, &status, flags, usage) }
        return waitpid(-1, &status, flags)
    }

    @inline(__always)
    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}
