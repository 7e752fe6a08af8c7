import ArgumentParser
import Glibc
import Wiretap

/// `wiretap undo [--dry-run] [--force] DIR`
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretap undo",
        abstract: "Put back the files a command changed, from its `wiretap files --snapshot DIR`.",
        discussion: """
            Created files and directories are removed, modified and deleted ones restored with their mode \
            and times, renames reverted. If a path the command touched has been changed since, nothing is \
            done unless --force is given.
            """)

    @Flag(help: "List what undo would do, and do nothing.")
    var dryRun = false

    @Flag(help: "Undo even paths that were changed after the command ran.")
    var force = false

    @Argument(help: "The snapshot directory.")
    var directory: String

    func run() throws {
        let undo: Undo
        do { undo = try Undo(snapshot: directory) } catch { fail(error.description) }
        if !undo.conflicts.isEmpty && !force {
            for conflict in undo.conflicts { note(conflict.description) }
            fail("refusing to undo: \(undo.conflicts.count) path(s) changed since the command ran; nothing was changed (use --force to undo anyway)")
        }
        if dryRun {
            var text = ""
            for action in undo.actions { text += action.description + "\n" }
            text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            return
        }
        let problems = undo.execute()
        for problem in problems { note(problem) }
        if !problems.isEmpty { fail("undo finished with \(problems.count) problem(s)") }
        note("undone: \(undo.actions.count) step(s)")
    }
}
