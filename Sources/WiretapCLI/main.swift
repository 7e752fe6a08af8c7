import ArgumentParser

// `wiretap files ...`, `wiretap tree ...`, `wiretap undo ...` and `wiretap debug ...` are subcommands; anything else
// is strace-style tracing (`wiretap -- files` traces a program named files).
// The trace command reads argv as bytes (see RawArguments).
let rawArguments = RawArguments.processArguments()
switch rawArguments.first {
case Array("files".utf8)?: FilesCommand.start(Array(rawArguments.dropFirst()))
case Array("tree".utf8)?: TreeCommand.start(Array(rawArguments.dropFirst()))
case Array("undo".utf8)?: UndoCommand.main(Array(CommandLine.arguments.dropFirst(2)))
case Array("debug".utf8)?: DebugCommand.start(Array(rawArguments.dropFirst()))
default: TraceCommand.start(rawArguments)
}
