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
    /// short while: about three times what stops have been taking, at most
    /// `maximumNanoseconds`. Where the scheduler keeps tracer and tracee on
    /// one CPU, blocking is faster still; the engine measures both ways as it
    /// goes and uses the faster, and blocks while polls would often miss (a
    /// program computing between sparse calls, a seccomp-filtered trace, an
    /// idle attached daemon). A tracer thread allowed on a single CPU (under
    /// `taskset -c N`, say) blocks instead: its polling would only keep the
    /// tracees off the one CPU they share with it.
    case adaptivePolling(maximumNanoseconds: Int64 = 200_000)
}

/// Waits for stops of the caller's tracees, by `WaitStrategy`.
///
/// Which way is faster depends on where the scheduler puts the tracer and
/// its tracees, and that depends on the program: measured here, a tight
/// syscall loop or tar stops every ~40 us with a blocking tracer (the two
/// on different CPUs, every wake-up an interrupt to a halted CPU) and every
/// ~12 us with a polling one; `gcc -c` stops every ~6 us with a blocking
/// tracer (the scheduler keeps compiler and tracer on one CPU) and every
/// ~10 us with a polling one, which also keeps a CPU busy. So the waiter
/// measures both and uses the faster:
///
/// - It keeps a moving average of how long stops take to come in each mode
///   (waits within the maximum; longer ones are the tracee computing).
/// - It uses one mode, and every `period` waits tries the other for `probe`
///   waits, measured afresh, then keeps whichever averaged less. Each probe
///   that confirms the mode in use doubles the interval to the next (up to
///   16 times `period`), so a steady workload spends 1% of its waits, then
///   less, in the slower mode.
/// - While polling, the window is three times the polled average plus 10 us
///   (at most the maximum); a poll that times out counts as a miss, and
///   when half of recent polls missed, it blocks until the next probe.
/// - It counts only waits after a resume to the next syscall stop: a tracee
///   resumed with PTRACE_CONT (seccomp-filtered, between traced calls) is
///   expected to run for long, and is waited for by blocking.
struct StopWaiter {
    private let maximum: Int64
    /// Moving averages (1/8 weight) of waits within the maximum, in
    /// nanoseconds, polling and blocking; 0 until measured.
    private(set) var polledLatency: Int64 = 0
    private(set) var blockedLatency: Int64 = 0
    /// Moving average (1/16 weight) of polls that timed out, in 1/65536ths.
    private(set) var missRate: Int64 = 0
    /// The mode in use, and whether the current stretch tries the other one.
    private(set) var polling = true
    private var probing = false
    private var waitsInStretch = 0
    /// Whether the last resume was to the next syscall stop (set by the
    /// tracer at each resume).
    var stopExpectedSoon = true
    /// Waits a poll satisfied, and waits that blocked (for tests).
    private(set) var pollHits = 0
    private(set) var blockingWaits = 0
    /// Waits between probes: `period`, doubling while probes confirm the
    /// mode in use, up to `longestInterval`.
    private(set) var interval = StopWaiter.period
    static let period = 1024
    static let longestInterval = 16 * 1024
    static let probe = 12
    static let missLimit: Int64 = 65536 / 2
    static let slack: Int64 = 10_000
    private static let flags = WT_WALL | WT_WNOTHREAD

    /// Call on the tracer thread: a thread allowed on one CPU only never polls.
    init(_ strategy: WaitStrategy, allowedCPUs: Int = StopWaiter.allowedCPUs()) {
        switch strategy {
        case .block: maximum = 0
        case .adaptivePolling(let nanoseconds): maximum = allowedCPUs > 1 ? max(0, nanoseconds) : 0
        }
        polling = maximum > 0
    }

    /// How many CPUs the calling thread may run on (2 if that cannot be told).
    static func allowedCPUs() -> Int {
        let count = wt_allowed_cpu_count()
        return count > 0 ? Int(count) : 2
    }

    /// How long the next wait polls before blocking, in nanoseconds (0: it blocks).
    var window: Int64 {
        guard polling, maximum > 0 else { return 0 }
        return polledLatency > 0 ? min(maximum, 3 &* polledLatency &+ Self.slack) : maximum
    }

    /// The next stop of any tracee: its pid (negative with `errno` set, as
    /// `waitpid`) and status. With `usage`, also the task's resource usage
    /// (`wait4`). `beforeBlocking` is called right before a wait that may
    /// sleep (never before a `WNOHANG` poll): the place to write out what
    /// is buffered, since the tracer may sleep there for as long as its
    /// tracees do.
    mutating func next(_ status: inout CInt, usage: UnsafeMutablePointer<rusage>?,
                       beforeBlocking: () -> Void = {}) -> pid_t {
        guard maximum > 0 && stopExpectedSoon else {
            blockingWaits &+= 1
            beforeBlocking()
            return wait(&status, usage, blocking: true)
        }
        planNextWait()
        let window = self.window
        let start = Self.now()
        if window > 0 {
            let deadline = start &+ window
            repeat {
                let pid = wait(&status, usage, blocking: false)
                if pid != 0 {
                    if pid > 0 {
                        record(waited: Self.now() &- start, polledFor: window)
                        pollHits &+= 1
                    }
                    return pid
                }
            } while Self.now() < deadline
        }
        blockingWaits &+= 1
        beforeBlocking()
        let pid = wait(&status, usage, blocking: true)
        if pid > 0 { record(waited: Self.now() &- start, polledFor: window) }
        return pid
    }

    /// Switches to probing the other mode every `interval` waits, and back to
    /// the faster one after `probe` waits.
    mutating func planNextWait() {
        waitsInStretch += 1
        if probing {
            guard waitsInStretch > Self.probe else { return }
            probing = false
            let wasPolling = !polling
            polling = pollingIsFaster
            // A probe that confirms the mode in use makes the next one wait
            // twice as long (the probes cost what the slower mode costs).
            interval = polling == wasPolling ? min(interval &* 2, Self.longestInterval) : Self.period
        } else {
            guard waitsInStretch > interval else { return }
            probing = true
            polling.toggle()
            // The probe measures afresh: what the other mode did long ago says little.
            if polling { polledLatency = 0; missRate = 0 } else { blockedLatency = 0 }
        }
        waitsInStretch = 1
    }

    /// Polling, unless blocking has measured faster or polls often miss.
    private var pollingIsFaster: Bool {
        guard missRate < Self.missLimit else { return false }
        guard polledLatency > 0, blockedLatency > 0 else { return true }
        return polledLatency < blockedLatency
    }

    /// Accounts for one wait of `waited` nanoseconds that polled for
    /// `polledFor` (0: it blocked at once).
    mutating func record(waited: Int64, polledFor: Int64) {
        if polledFor > 0 {
            let missed = waited > polledFor
            missRate &+= ((missed ? 65536 : 0) &- missRate) / 16
            if !probing && missRate >= Self.missLimit { polling = false }
        }
        guard waited <= maximum else { return }  // the tracee computed for a while: says nothing of the modes
        if polledFor > 0 {
            polledLatency = polledLatency == 0 ? waited : polledLatency &+ (waited &- polledLatency) / 8
        } else {
            blockedLatency = blockedLatency == 0 ? waited : blockedLatency &+ (waited &- blockedLatency) / 8
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
