import CWiretapCLI
import ArgumentParser
import CWiretap
import Glibc
import SystemPackage
import Wiretap

/// `wiretap files [--json] [-o FILE] [--snapshot DIR] [--include P]... [--exclude P]... [--] CMD...`
struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretap files",
        abstract: "Run a command and report the files it read, wrote, created, deleted and renamed.",
        usage: "wiretap files [--json] [-o FILE] [--snapshot DIR [--no-sync]] [--include PREFIX]... [--exclude PREFIX]... [--] CMD [ARGS...]",
        discussion: """
            The command always runs with forks and threads followed; its stdin, stdout and stderr stay its own. \
            The report goes to stderr, or to FILE with -o. Paths are absolute and normalised (no . or ..); \
            symlinks are not resolved. /proc, /sys and /dev are left out unless included. \
            With --snapshot DIR, everything the command changes is saved first, and `wiretap undo DIR` puts it back.
            """)

    /// `wiretap files [options] [--] CMD...` (argv after `files`): the
    /// options go to the parser; the command stays bytes, exactly as given.
    static func start(_ arguments: [[UInt8]]) -> Never {
        let split = RawArguments.filesCommand(arguments)
        do {
            try FilesCommand.parse(split.parserArguments).trace(command: split.command)
        } catch {
            FilesCommand.exit(withError: error)
        }
        Glibc.exit(0)
    }

    @Flag(help: "Print one JSON object instead of the human report.")
    var json = false

    @Option(name: .customShort("o"), parsing: .unconditional, help: ArgumentHelp("Write the report to FILE.", valueName: "FILE"))
    var outputFile: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Save pre-images of everything the command changes into DIR, which wiretap creates (mode 0700; it must not exist), for `wiretap undo DIR`. A change that cannot be saved is refused.", valueName: "DIR"))
    var snapshot: String?

    @Flag(name: .customLong("no-sync"), help: "Do not fdatasync pre-images and the journal before each change (faster; a crash of the machine, not only of wiretap, may then lose them).")
    var noSync = false

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Report only paths under PREFIX (repeatable).", valueName: "PREFIX"))
    var include: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Leave out paths under PREFIX (repeatable).", valueName: "PREFIX"))
    var exclude: [String] = []

    /// Runs `command` (bytes: argv[0] first) and reports.
    func trace(command commandBytes: [[UInt8]]) throws {
        if commandBytes.isEmpty { throw ValidationError("missing the command to run") }
        let cwd = Paths.currentDirectory()
        var store: Snapshot? = nil
        if let snapshot {
            do {
                store = try Snapshot(directory: FilePath(snapshot), command: commandBytes, workingDirectory: cwd, synchronous: !noSync)
            } catch {
                fail(error.description)
            }
        }
        let output: FileDescriptor
        if let outputFile {
            do {
                output = try FileDescriptor.open(FilePath(outputFile), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                fail("Can't fopen '\(outputFile)': \(error)")
            }
        } else {
            output = .standardError
        }
        let filter = PathFilter(include: include.map { Paths.resolve(FilePath($0), against: cwd) },
                                exclude: exclude.map { Paths.resolve(FilePath($0), against: cwd) }
                                    + (outputFile.map { [Paths.resolve(FilePath($0), against: cwd)] } ?? []))
        let tracker = FileTracker(workingDirectory: cwd, filter: filter, snapshot: store)

        var options = TraceOptions()
        options.followForks = true
        let tracer = Tracer(options: options)
        if wt_install_stop_handlers() != 0 { fail("cannot install signal handlers: \(Errno(rawValue: errno))") }
        do {
            try tracer.spawn(Command(executable: commandBytes[0], arguments: Command.Arguments(Array(commandBytes.dropFirst()))))
            try tracer.run(shouldDetach: { wt_stop_requested() != 0 }) { event, tracee in
                tracker.handle(event, tracee)
                return .automatic
            }
        } catch {
            fail(error.description)
        }
        wt_stop_acknowledged()

        var problems: [String] = []
        if let store {
            do { try store.finish(gaps: tracker.activity.gaps.map(\.detail)) } catch { problems.append(error.description) }
            for warning in store.warnings { note(warning) }
        }
        var buffer = OutputBuffer()
        if json {
            buffer.appendJSON(tracker.activity.json(command: commandBytes, termination: tracer.commandTermination,
                                                    snapshot: store?.directory, refusals: tracker.refusals))
            buffer.append("\n")
        } else {
            buffer.append(tracker.activity.text(refusals: tracker.refusals))
            if let store {
                let shown = Paths.display(store.directory)
                if tracker.refusals.isEmpty && problems.isEmpty {
                    buffer.append("snapshot saved in \(shown); `wiretap undo \(shown)` reverts\n")
                } else {
                    buffer.append("snapshot saved in \(shown), with the gaps above; `wiretap undo \(shown)` reverts what it covers\n")
                }
            }
        }
        do { try buffer.flush(to: output) } catch { note("cannot write the report: \(error)") }
        if outputFile != nil { try? output.close() }
        if !tracker.refusals.isEmpty {
            problems.append("\(tracker.refusals.count) change(s) by the command were refused (the call failed with EPERM) because the snapshot could not protect them; the first: \(tracker.refusals[0].call)"
                            + (tracker.refusals[0].path.map { " " + Paths.display($0) } ?? "") + ": \(tracker.refusals[0].reason)")
        }
        for problem in problems { note(problem) }
        if !problems.isEmpty, case .exited(0)? = tracer.commandTermination { Glibc.exit(1) }
        exitLikeCommand(tracer, spawned: true)
    }
}
