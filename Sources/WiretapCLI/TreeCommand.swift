import CWiretapCLI
import CWiretap
import Glibc
import SystemPackage
import Wiretap

/// `wiretap tree [-o FILE] [--json] [--] CMD [ARGS...]`: runs the command and
/// prints its process tree, tracing only what the tree needs (forks, execs,
/// exits, and execve/execveat through a seccomp filter for their errors), so
/// that the command runs at close to its untraced speed.
enum TreeCommand {
    static let usage = """
        usage: wiretap tree [-o FILE] [--json] [--] CMD [ARGS...]

        Run a command and print its process tree when it ends: each process under
        the one that forked it, in start order, with its pid, argv, working
        directory (where it differs from its parent's), wall time, CPU time (user
        and system, the children it waited for included), threads, and exit status
        or killing signal. Failures are marked FAILED: a non-zero exit, death by a
        signal, or a last execve that failed (with its errno).

        Only forks, execs and exits stop the command (execve and execveat through
        a seccomp filter), so syscalls are not counted: `wiretap -f --tree` prints
        the same tree with syscall counts, at the cost of a full trace.

        options:
          -o, --output FILE   write the tree to FILE instead of stderr
          --json              print one JSON object (see the README's JSON section)
          -h, --help          print this help
          -V, --version       print the version

        """

    /// `args` is argv after `tree`; the command stays bytes.
    static func start(_ args: [[UInt8]]) -> Never {
        var outputFile: [UInt8]? = nil
        var json = false
        var index = 0
        func refuse(_ message: String) -> Never { refuseSubcommand("tree", message) }
        // Options up to the first argument that is not one (as getopt with `+`).
        while index < args.count {
            let arg = args[index]
            let text = String(decoding: arg, as: UTF8.self)
            if arg == Array("--".utf8) {
                index += 1
                break
            }
            guard arg.count > 1, arg[0] == UInt8(ascii: "-") else { break }
            index += 1
            switch text {
            case "-h", "--help":
                var help = usage
                help.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
                Glibc.exit(0)
            case "-V", "--version":
                TraceCommand.printVersion()
            case "--json":
                json = true
            case "-o", "--output":
                guard index < args.count else { refuse("option '\(text)' requires an argument") }
                outputFile = args[index]
                index += 1
            default:
                if text.hasPrefix("--output=") {
                    outputFile = Array(arg.dropFirst("--output=".utf8.count))
                } else if text.hasPrefix("-o") && !text.hasPrefix("--") {
                    outputFile = Array(arg.dropFirst(2))
                } else {
                    refuse("unknown option '\(text)'")
                }
            }
        }
        let command = Array(args[index...])
        if command.isEmpty { refuse("missing the command to run") }
        run(command, outputFile: outputFile, json: json)
    }

    private static func run(_ command: [[UInt8]], outputFile: [UInt8]?, json: Bool) -> Never {
        let output: FileDescriptor
        if let outputFile {
            let path = FilePath(String(decoding: outputFile, as: UTF8.self))
            do {
                output = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                fail("Can't fopen '\(path)': \(error)")
            }
        } else {
            output = .standardError
        }
        var options = TraceOptions()
        options.followForks = true
        // Only execve and execveat stop the command (at their exit: a failed exec).
        var execs = SyscallSet(all: false, includingUnknown: false)
        do {
            execs = try SyscallSet(parsing: "execve,execveat", expression: "trace=execve,execveat", start: 6)
        } catch {
            fail("\(error)")
        }
        options.seccompFilter = SeccompFilter(tracing: execs)
        options.measureSystemTime = true
        options.describeExec = false
        let tree = ProcessTree(countsSyscalls: false, readsExecutable: json)
        let tracer = Tracer(options: options)
        if wt_install_stop_handlers() != 0 { fail("cannot install signal handlers: \(Errno(rawValue: errno))") }
        do {
            try tracer.spawn(Command(executable: command[0], arguments: Command.Arguments(Array(command.dropFirst())))) { pid in
                tree.spawned(pid, argv: command)
                return true
            }
            try tracer.run(shouldDetach: { wt_stop_requested() != 0 }) { event, tracee in
                tree.observe(event, tracee)
                return .automatic
            }
        } catch {
            fail(error.description)
        }
        wt_stop_acknowledged()
        var buffer = tree.render(json: json, fd: output.rawValue)
        var failed = false
        do { try buffer.flush(to: output) } catch { note("cannot write the tree: \(error)"); failed = true }
        if outputFile != nil { try? output.close() }
        exitLikeCommand(tracer, spawned: true, outputFailed: failed)
    }
}
