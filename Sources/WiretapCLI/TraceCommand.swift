import ArgumentParser
import CWiretap
import Glibc
import SystemPackage
import Wiretap

/// `wiretap [-f] [-o FILE] [-p PID]... [--] CMD [ARGS...]`
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretap",
        abstract: "Trace the system calls and signals of a command or of running processes.",
        discussion: "Output goes to stderr (or -o FILE), one line per system call, like strace.")

    @Flag(name: .customShort("f"), help: "Follow forks, vforks and threads.")
    var follow: Int

    @Option(name: .customShort("o"), help: "Write the trace to FILE instead of stderr.")
    var outputFile: String?

    @Option(name: .customShort("p"), help: "Attach to process PID (repeatable; a comma-separated list works too).")
    var attachPIDs: [String] = []

    @Flag(name: .customShort("q"), help: "Suppress messages about attaching and detaching.")
    var quiet: Int

    @Argument(parsing: .captureForPassthrough, help: "The command to run and its arguments.")
    var command: [String] = []

    mutating func validate() throws {
        if command.first == "--" { command.removeFirst() }
        if command.isEmpty && attachPIDs.isEmpty {
            throw ValidationError("must have PROG [ARGS] or -p PID")
        }
        _ = try pids()
    }

    func pids() throws -> [pid_t] {
        var result: [pid_t] = []
        for list in attachPIDs {
            for item in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard let pid = pid_t(item.trimmingPrefix(" ")), pid > 0 else {
                    throw ValidationError("Invalid process id: '\(item)'")
                }
                result.append(pid)
            }
        }
        return result
    }

    func run() throws {
        var options = TraceOptions()
        options.followForks = follow > 0
        options.attachThreads = follow > 0
        let tracer = Tracer(options: options)

        let output: FileDescriptor
        if let outputFile {
            do {
                output = try FileDescriptor.open(FilePath(outputFile), .writeOnly,
                                                 options: [.create, .truncate, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                fail("Can't fopen '\(outputFile)': \(error)")
            }
        } else {
            output = .standardError
        }
        // As strace: with -o and a command, attach messages are suppressed.
        let messages = quiet == 0 && !(outputFile != nil && !command.isEmpty)

        if wt_install_stop_handlers() != 0 { fail("cannot install signal handlers: \(Errno(rawValue: errno))") }
        do {
            for pid in try pids() {
                let tids = try tracer.attach(pid)
                if messages { note("Process \(pid) attached" + (tids.count > 1 ? " with \(tids.count) threads" : "")) }
            }
            if !command.isEmpty {
                try tracer.spawn(Command(command[0], arguments: Array(command.dropFirst())))
            }
        } catch let error as TraceError {
            tracer.detachAll()
            try? tracer.run { _, _ in .automatic }
            fail(error.description)
        }

        var format = StraceFormat()
        if options.followForks { format.pidPrefix = outputFile == nil ? .bracketedWhenSeveral : .plain }
        let renderer = StraceRenderer(output: output, format: format, flushEachLine: outputFile == nil)
        do {
            try tracer.run(shouldDetach: { wt_stop_requested() != 0 }) { event, tracee in
                if messages, case .detached = event.kind { note("Process \(event.pid) detached") }
                if messages, case .newTask(let child, _) = event.kind { note("Process \(child) attached") }
                renderer.render(event, tracee)
                return .automatic
            }
        } catch {
            renderer.flush()
            fail(error.description)
        }
        renderer.flush()
        wt_stop_acknowledged()
        if outputFile != nil { try? output.close() }
        exitLikeCommand(tracer, spawned: !command.isEmpty)
    }
}
