import ArgumentParser

/// `wiretap --generate-completion-script SHELL`: the trace options, with
/// `files` and `undo` as subcommands, so that the scripts complete all
/// three. Only the scripts see this tree: main.swift routes `files` and
/// `undo` itself, and their own usage messages say `wiretap files`.
struct CompletionScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wiretap", subcommands: [Files.self, Undo.self])

    @OptionGroup var trace: TraceCommand

    struct Files: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "files", abstract: FilesCommand.configuration.abstract)
        @OptionGroup var files: FilesCommand
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undo", abstract: UndoCommand.configuration.abstract)
        @OptionGroup var undo: UndoCommand
    }
}
