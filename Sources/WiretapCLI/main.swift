import ArgumentParser

// `wiretap files ...` and `wiretap undo ...` are subcommands; anything else
// is strace-style tracing (`wiretap -- files` traces a program named files).
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "files": FilesCommand.main(Array(arguments.dropFirst()))
case "undo": UndoCommand.main(Array(arguments.dropFirst()))
default: TraceCommand.main(arguments)
}
