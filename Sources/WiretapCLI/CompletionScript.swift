import ArgumentParser

/// `wiretap --generate-completion-script SHELL`: the trace options, with
/// `files`, `tree` and `undo` as subcommands, so that the scripts complete
/// all four. Only the scripts see this tree: main.swift routes `files`,
/// `tree` and `undo` itself, and their own usage messages say `wiretap files`.
struct CompletionScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wiretap", subcommands: [Files.self, Tree.self, Undo.self])

    @OptionGroup var trace: TraceCommand

    struct Files: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "files", abstract: FilesCommand.configuration.abstract)
        @OptionGroup var files: FilesCommand
    }

    /// `wiretap tree` parses its few options itself; this declares them for the scripts.
    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tree", abstract: "Run a command and print its process tree.")
        @Flag(help: "Print one JSON object.") var json = false
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the tree to FILE.", valueName: "FILE"))
        var output: String?
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undo", abstract: UndoCommand.configuration.abstract)
        @OptionGroup var undo: UndoCommand
    }
}
