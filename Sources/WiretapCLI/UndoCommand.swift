import ArgumentParser
import Glibc
import SystemPackage
import Wiretap

/// `wiretap undo [--dry-run] [--force] DIR`
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiretap undo",
        abstract: "Put back the files a command changed, from its `wiretap files --snapshot DIR`.",
        usage: "wiretap undo [--dry-run] [--force] DIR",
        discussion: """
            Created files and directories are removed, modified and deleted ones restored with their mode \
            and times, renames reverted. If a path the command touched has been changed since, nothing is \
            done unless --force is given.
            """)

    @Flag(help: "List what undo would do, and do nothing.")
    var dryRun = false

    @Flag(help: "Undo even paths that were changed after the command ran, and in directories replaced since (never through a symbolic link).")
    var force = false

    @Argument(help: "The snapshot directory.")
    var directory: String

    func run() throws {
        let undo: Undo
        do { undo = try Undo(snapshot: FilePath(directory)) } catch { fail(error.description) }
        if !undo.journal.complete {
            note("the run recorded in \(Paths.display(undo.directory)) did not finish (wiretap was killed?): undoing from its journal, without the final states to compare against")
        }
        if !undo.completed.isEmpty {
            note("resuming an earlier undo: \(undo.completed.count) of \(undo.actions.count) step(s) were done then")
        }
        if !undo.conflicts.isEmpty {
            for conflict in undo.conflicts { note(conflict.description) }
            if !force {
                fail("refusing to undo: \(undo.conflicts.count) conflict(s); nothing was changed (--force undoes anyway, but never through a symbolic link)")
            }
        }
        if dryRun {
            var text = ""
            for (index, action) in undo.actions.enumerated() {
                text += (undo.completed.contains(index) ? "(done) " : "") + action.description + "\n"
            }
            text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
            return
        }
        let outcome = undo.execute(force: force)
        for (action, problem) in outcome.failed { note("not done: \(action): \(problem)") }
        if !outcome.failed.isEmpty {
            fail("undo incomplete: \(outcome.done.count + outcome.skipped) of \(undo.actions.count) step(s) done, \(outcome.failed.count) not (listed above); `wiretap undo --dry-run \(Paths.display(undo.directory))` lists every step, marking those done; fix what is in the way and run `wiretap undo` again to finish")
        }
        note("undone: \(undo.actions.count) step(s)")
    }
}
