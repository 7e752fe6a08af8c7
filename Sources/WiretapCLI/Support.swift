import CWiretapCLI
import CWiretap
import Glibc
import Wiretap

/// Writes `wiretap: MESSAGE` to stderr.
func note(_ message: String) {
    var line = "wiretap: " + message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Reports an error and exits with status 1.
func fail(_ message: String) -> Never {
    note(message)
    Glibc.exit(1)
}

/// Exits as the traced command did: its exit code, or death by its signal
/// (so a shell sees 128+n), as strace does. Interrupted by SIGINT and the
/// like, a tracer that spawned its command dies by that signal.
///
/// `outputFailed` (part of the trace could not be written): a command that
/// exited 0 gives status 1, so that the loss is not silent; a command that
/// failed or died by a signal keeps its own status (the error message says
/// the rest).
func exitLikeCommand(_ tracer: Tracer, spawned: Bool, outputFailed: Bool = false) -> Never {
    let interruption = wt_stop_requested()
    if interruption != 0 && spawned { wt_die_by_signal(interruption) }
    switch tracer.commandTermination {
    case .exited(let code)?:
        Glibc.exit(code == 0 && outputFailed ? 1 : code)
    case .killed(let signal, _)?:
        wt_die_by_signal(signal.rawValue)
        Glibc.exit(128 + signal.rawValue)
    case nil:
        Glibc.exit(outputFailed ? 1 : 0)
    }
}

/// A subcommand's usage error, as getopt-style tools word it: `wiretap: NAME: MESSAGE`,
/// a hint at its help, exit status 1.
func refuseSubcommand(_ name: String, _ message: String) -> Never {
    note(name + ": " + message)
    _ = "Try 'wiretap \(name) -h' for more information.\n".withCString { write(2, $0, strlen($0)) }
    Glibc.exit(1)
}
