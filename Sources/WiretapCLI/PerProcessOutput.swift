import Glibc
import SystemPackage
import Wiretap

/// Where trace lines go: one stream, or (`-ff -o FILE`) one `FILE.PID` per task.
///
/// Nothing is lost silently: the first error writing the trace (or opening a
/// per-task file) is reported once, as strace words it (`wiretap: FILE: No
/// space left on device`), tracing goes on, and `failed` makes the exit
/// status non-zero.
final class TraceOutput {
    private var single: (any EventRenderer)? = nil
    private let base: String?
    private let format: StraceFormat
    private let json: Bool
    /// `-k`: the stack of each syscall and signal (lines after it, or JSON's `stack`).
    private let stackTraces: StackTraceSource?
    /// The name the trace is written to, for messages (`-o FILE`, or `stderr`).
    private let name: String

    /// A `-ff` task's file.
    private final class TaskFile {
        let renderer: any EventRenderer
        let fd: FileDescriptor
        /// Rendered into since the last flush (and so in `dirty`).
        var dirty = false
        var closed = false
        init(renderer: any EventRenderer, fd: FileDescriptor) {
            self.renderer = renderer
            self.fd = fd
        }
    }

    private var perTask: [pid_t: TaskFile] = [:]
    /// Task files rendered into since the last `flush()`: flushing before
    /// each blocking wait then costs nothing per idle task.
    private var dirty: [TaskFile] = []
    /// Set once an error writing the trace, or opening a task's file, was reported.
    private(set) var failed = false

    /// Whether per-task files are appended to (-A) rather than truncated.
    private let appending: Bool

    init(output: FileDescriptor, appending: Bool = false, name: String, format: StraceFormat, flushEachLine: Bool, perTaskBase: String?, json: Bool,
         stackTraces: StackTraceSource? = nil) {
        self.format = format
        self.stackTraces = stackTraces
        self.json = json
        self.name = name
        base = perTaskBase
        self.appending = appending
        if perTaskBase == nil {
            let report: (Errno) -> Void = { [unowned self] error in self.report("\(name): \(error)") }
            single = json ? JSONRenderer(output: output, format: format, flushEachLine: flushEachLine, onWriteError: report, stackTraces: stackTraces)
                          : StraceRenderer(output: output, format: format, flushEachLine: flushEachLine, onWriteError: report,
                                            stackTraces: stackTraces)
        }
    }

    /// Reports an output error once; later ones only keep `failed` set.
    func report(_ message: String) {
        guard !failed else { return }
        failed = true
        note(message)
    }

    func render(_ event: TraceEvent, _ tracee: Tracee) {
        if let single {
            single.render(event, tracee)
            return
        }
        if case .exec(let formerTID, _, _) = event.kind, formerTID != event.pid, let former = perTask.removeValue(forKey: formerTID) {
            // Another thread's execve: its file ends (strace: ` <pid changed to N ...>`),
            // the leader's file goes on with the execve's result.
            (former.renderer as? StraceRenderer)?.supersede(by: event.pid)
            former.renderer.flush()
            former.closed = true
            try? former.fd.close()
        }
        guard let file = file(for: event.pid) else { return }
        file.renderer.render(event, tracee)
        switch event.kind {
        case .exited, .killed, .detached:
            file.renderer.flush()
            file.closed = true
            try? file.fd.close()
            perTask[event.pid] = nil
        default:
            if !file.dirty {
                file.dirty = true
                dirty.append(file)
            }
        }
    }

    /// `-ff`: opens `FILE.PID` for `pid` now, so that a directory that
    /// cannot hold it stops wiretap before the command runs. Returns the
    /// error message, or nil when the file is open.
    func openTaskFile(for pid: pid_t) -> String? {
        guard base != nil, perTask[pid] == nil else { return nil }
        switch open(pid) {
        case .success: return nil
        case .failure(let message): return message
        }
    }

    private func file(for pid: pid_t) -> TaskFile? {
        if let file = perTask[pid] { return file }
        guard base != nil else { return nil }
        switch open(pid) {
        case .success(let file):
            return file
        case .failure(let message):
            report(message)
            return nil
        }
    }

    private enum Opened { case success(TaskFile), failure(String) }

    private func open(_ pid: pid_t) -> Opened {
        guard let base else { return .failure("no -ff output") }
        let path = "\(base).\(pid)"
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: appending ? [.create, .append, .closeOnExec] : [.create, .truncate, .closeOnExec],
                                         permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            return .failure("Can't fopen '\(path)': \(error)")
        }
        var format = self.format
        format.pidPrefix = format.alwaysShowPID ? .plain : .none
        let report: (Errno) -> Void = { [unowned self] error in self.report("\(path): \(error)") }
        let renderer: any EventRenderer = json
            ? JSONRenderer(output: fd, format: format, flushEachLine: false, onWriteError: report, stackTraces: stackTraces)
            : StraceRenderer(output: fd, format: format, flushEachLine: false, onWriteError: report, stackTraces: stackTraces)
        let file = TaskFile(renderer: renderer, fd: fd)
        perTask[pid] = file
        return .success(file)
    }

    /// Writes out everything buffered (called before the tracer sleeps, and at the end).
    func flush() {
        single?.flush()
        for file in dirty {
            file.dirty = false
            if !file.closed { file.renderer.flush() }
        }
        dirty.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        for (_, file) in perTask {
            file.renderer.flush()
            file.closed = true
            try? file.fd.close()
        }
        perTask.removeAll()
    }
}
