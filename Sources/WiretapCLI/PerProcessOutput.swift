import Glibc
import SystemPackage
import Wiretap

/// Where trace lines go: one stream, or (`-ff -o FILE`) one `FILE.PID` per task.
final class TraceOutput {
    private let single: (any EventRenderer)?
    private let base: String?
    private let format: StraceFormat
    private let json: Bool
    private var perTask: [pid_t: (renderer: any EventRenderer, fd: FileDescriptor)] = [:]

    init(output: FileDescriptor, format: StraceFormat, flushEachLine: Bool, perTaskBase: String?, json: Bool) {
        self.format = format
        self.json = json
        base = perTaskBase
        if perTaskBase == nil {
            single = json ? JSONRenderer(output: output, format: format, flushEachLine: flushEachLine)
                          : StraceRenderer(output: output, format: format, flushEachLine: flushEachLine)
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

    private func renderer(for pid: pid_t) -> (any EventRenderer)? {
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
        let renderer: any EventRenderer = json ? JSONRenderer(output: fd, format: format, flushEachLine: false)
                                               : StraceRenderer(output: fd, format: format, flushEachLine: false)
        perTask[pid] = (renderer, fd)
        return renderer
    }

    func flush() {
        single?.flush()
        for (_, entry) in perTask { entry.renderer.flush() }
    }

    func close() {
        single?.flush()
        for (_, entry) in perTask {
            entry.renderer.flush()
            try? entry.fd.close()
        }
        perTask.removeAll()
    }
}
