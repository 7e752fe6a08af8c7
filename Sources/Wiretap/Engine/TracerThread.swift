import Glibc

/// Runs tracing work on a dedicated OS thread.
///
/// ptrace binds every tracee to the thread that attached it, and Swift tasks
/// may move between threads at each suspension point, so a `Tracer` must
/// never live in a `Task`. These functions start a fresh thread, run the
/// given work there from start to end, and hand back its result.
public enum TracerThread {
    /// Runs `body` on a new OS thread and suspends until it returns.
    public static func run<Result: Sendable>(
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            start {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Traces `command` on a new thread and streams its events, letting every
    /// tracee go on automatically (to decide how a tracee resumes, or to read
    /// its memory at a stop, use `run` with a `Tracer` and a handler instead).
    ///
    /// The stream ends when the last tracee is gone, or throws the `TraceError`
    /// that stopped the trace (a command that could not be started, say).
    public static func events(
        of command: Command, options: TraceOptions = TraceOptions()
    ) -> AsyncThrowingStream<TraceEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<TraceEvent, any Error>.makeStream()
        start {
            let tracer = Tracer(options: options)
            do throws(TraceError) {
                try tracer.spawn(command)
                try tracer.run { event, _ in
                    continuation.yield(event)
                    return .automatic
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    private final class Work: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { argument in
            let work = Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue()
            work.body()
            return nil
        }, work)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}
