// The bare engine: traces a command (following forks) with a handler that
// does nothing, so a benchmark sees only the engine's per-stop cost.
// Usage: wiretap-engine-bench [--block] CMD [ARGS...]
// (--block: sleep in waitpid at every stop rather than poll first.)
import Glibc
import WiretapCore

var arguments = Array(CommandLine.arguments.dropFirst())
let block = arguments.first == "--block"
if block { arguments.removeFirst() }
guard let program = arguments.first else {
    print("usage: wiretap-engine-bench [--block] CMD [ARGS...]")
    exit(2)
}
var options = TraceOptions()
options.followForks = true
if block { options.waitStrategy = .block }
let tracer = Tracer(options: options)
do {
    try tracer.spawn(Command(program, arguments: Array(arguments.dropFirst())))
    try tracer.run { _, _ in .automatic }
} catch {
    print("wiretap-engine-bench: \(error)")
    exit(1)
}
if case .exited(let code)? = tracer.commandTermination { exit(code) }
exit(1)
