import CWiretap
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
    ///
    /// At most `bufferLimit` events wait for the consumer: beyond that the
    /// tracer waits too, and with it the traced command (no event is dropped,
    /// and memory stays bounded). A consumer that stops iterating (leaves its
    /// loop, is cancelled, or drops the stream) ends the trace: the command is
    /// killed, processes attached by request are detached.
    public static func events(
        of command: Command, options: TraceOptions = TraceOptions(), bufferLimit: Int = 4096
    ) -> TraceEventStream {
        let channel = TraceEventStream.Channel(limit: max(1, bufferLimit))
        start {
            let tracer = Tracer(options: options)
            do throws(TraceError) {
                let pid = try tracer.spawn(command)
                // The tracer may be blocked in waitpid while the command
                // sleeps: an abandoning consumer wakes it by killing the
                // command (through a pidfd: never a process that reused the pid).
                channel.setCommand(pidfd: wt_pidfd_open(pid))
                try tracer.run(shouldDetach: { channel.isAbandoned }) { event, _ in
                    _ = channel.push(event)
                    return .automatic
                }
                channel.finish(throwing: nil)
            } catch {
                channel.finish(throwing: error)
            }
        }
        return TraceEventStream(consumer: TraceEventStream.Consumer(channel))
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

/// The events of `TracerThread.events(of:)`: an asynchronous sequence with
/// a bounded buffer. Iterate it once.
public struct TraceEventStream: AsyncSequence, Sendable {
    public typealias Element = TraceEvent

    let consumer: Consumer

    public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

    public struct Iterator: AsyncIteratorProtocol {
        let consumer: Consumer

        public mutating func next() async throws -> TraceEvent? {
            try await consumer.channel.next()
        }
    }

    /// Held by the stream and its iterators: when the last of them is gone,
    /// nobody will read the events, and the trace ends.
    final class Consumer: Sendable {
        let channel: Channel
        init(_ channel: Channel) { self.channel = channel }
        deinit { channel.abandon() }
    }

    /// Between the tracer's thread (which waits on a condition variable when
    /// the buffer is full: it must not be a Swift task) and the consumer's task.
    final class Channel: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        private var roomAvailable = pthread_cond_t()
        private var buffer: [TraceEvent] = []
        private var head = 0
        private let limit: Int
        private var waiting: CheckedContinuation<TraceEvent?, any Error>? = nil
        private var finished = false
        private var failure: (any Error)? = nil
        private var abandoned = false
        /// The spawned command, to kill when the consumer is gone (-1: none).
        private var commandPIDFD: CInt = -1

        init(limit: Int) {
            self.limit = limit
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&roomAvailable, nil)
        }

        deinit {
            if commandPIDFD >= 0 { close(commandPIDFD) }
            pthread_cond_destroy(&roomAvailable)
            pthread_mutex_destroy(&mutex)
        }

        private var count: Int { buffer.count - head }

        func setCommand(pidfd: CInt) {
            pthread_mutex_lock(&mutex)
            commandPIDFD = pidfd
            let kill = abandoned
            pthread_mutex_unlock(&mutex)
            if kill, pidfd >= 0 { _ = wt_pidfd_send_signal(pidfd, SIGKILL) }
        }

        /// Events waiting for the consumer.
        var bufferedCount: Int {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            return count
        }

        var isAbandoned: Bool {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            return abandoned
        }

        /// On the tracer's thread: hands `event` over, waiting while the
        /// buffer is full. False once the consumer is gone.
        func push(_ event: TraceEvent) -> Bool {
            pthread_mutex_lock(&mutex)
            while count >= limit && !abandoned { pthread_cond_wait(&roomAvailable, &mutex) }
            if abandoned {
                pthread_mutex_unlock(&mutex)
                return false
            }
            if let waiter = waiting {
                waiting = nil
                pthread_mutex_unlock(&mutex)
                waiter.resume(returning: event)
                return true
            }
            if head >= limit || (head > 0 && head == buffer.count) {
                // Drop what was read (at most once per `limit` events read).
                buffer.removeFirst(head)
                head = 0
            }
            buffer.append(event)
            pthread_mutex_unlock(&mutex)
            return true
        }

        func finish(throwing error: (any Error)?) {
            pthread_mutex_lock(&mutex)
            finished = true
            failure = error
            let waiter = waiting
            waiting = nil
            pthread_mutex_unlock(&mutex)
            if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
        }

        /// The consumer is gone: the tracer stops waiting and ends the trace.
        func abandon() {
            pthread_mutex_lock(&mutex)
            abandoned = true
            buffer.removeAll()
            head = 0
            let waiter = waiting
            waiting = nil
            let pidfd = finished ? -1 : commandPIDFD
            pthread_cond_broadcast(&roomAvailable)
            pthread_mutex_unlock(&mutex)
            waiter?.resume(returning: nil)
            if pidfd >= 0 { _ = wt_pidfd_send_signal(pidfd, SIGKILL) }
        }

        func next() async throws -> TraceEvent? {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TraceEvent?, any Error>) in
                    pthread_mutex_lock(&mutex)
                    if count > 0 {
                        let event = buffer[head]
                        head += 1
                        pthread_cond_signal(&roomAvailable)
                        pthread_mutex_unlock(&mutex)
                        continuation.resume(returning: event)
                    } else if finished || abandoned {
                        let error = failure
                        failure = nil
                        pthread_mutex_unlock(&mutex)
                        if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
                    } else {
                        waiting = continuation
                        pthread_mutex_unlock(&mutex)
                    }
                }
            } onCancel: {
                abandon()
            }
        }
    }
}
