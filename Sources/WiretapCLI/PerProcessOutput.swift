import Glibc
import SystemPackage
import Wiretap

/// Where trace lines go: one stream, or (`-ff -o FILE`) one `FILE.PID` per task.
final class TraceOutput {
    private let single: StraceRenderer?
    private let base: String?
    private let format: StraceFormat
    private var perTask: [pid_t: (renderer: StraceRenderer, fd: FileDescriptor)] = [:]

    init(output: FileDescriptor, format: StraceFormat, flushEachLine: Bool, perTaskBase: String?) {
        self.format = format
        base = perTaskBase
        if perTaskBase == nil {
            single = StraceRenderer(output: output, format: format, flushEachLine: flushEachLine)
        } else {
            single = nil
        }
    }

    func render(_ event: TraceEvent, _ tracee: Tracee) {
        if let single {
            single.render(event, tracee)
            return
        }
        guard let renderer = renderer(for: event.pid) else { return }
        renderer.render(event, tracee)
        switch event.kind {
        case .exited, .killed, .detached:
            renderer.flush()
            if let entry = perTask.removeValue(forKey: event.pid) { try? entry.fd.close() }
        default:
            break
        }
    }

    private func renderer(for pid: pid_t) -> StraceRenderer? {
        if let entry = perTask[pid] { return entry.renderer }
        guard let base else { return nil }
        let path = "\(base).\(pid)"
        guard let fd = try? FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                                permissions: [.ownerReadWrite, .groupRead, .otherRead]) else {
            note("Can't fopen '\(path)': \(Errno(rawValue: errno))")
            return nil
        }
        var format = self.format
        format.pidPrefix = .none
        let renderer = StraceRenderer(output: fd, format: format, flushEachLine: false)
        perTask[pid] = (renderer, fd)
        return renderer
    }

    func flush() {
        single?.flush()
        for (_, entry) in perTask { entry.renderer.flush() }
    }

    func close() {
        for (_, entry) in perTask {
            entry.renderer.flush()
            try? entry.fd.close()
        }
        perTask.removeAll()
    }
}
