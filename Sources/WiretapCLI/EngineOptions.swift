import ArgumentParser
import Glibc
import Wiretap

/// The statistics, engine and tampering options (-S, -U, -O, -b, -D, -I,
/// --syscall-limit, --kill-on-exit, --argv0, -d): their values as the engine
/// takes them, and strace 6.1's checks and messages (6.3-6.6's for the
/// options that came later).
extension TraceCommand {
    /// -I / --interruptible: 1 anywhere, 2 waiting, 3 never, 4 never_tstp;
    /// nil when not given (or not valid: `validateEngineOptions` refuses it).
    var interruptibleValue: Int? {
        interruptible.flatMap(Self.interruptMode)
    }

    /// The -I mode `interruptible` names, if it is valid.
    static func interruptMode(_ interruptible: String) -> Int? {
        switch interruptible {
        case "anywhere", "always": return 1
        case "waiting": return 2
        case "never": return 3
        case "never_tstp": return 4
        default:
            // strace's string_to_uint_upto: decimal digits only, 1 to 4.
            guard !interruptible.isEmpty, interruptible.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(interruptible), (1...4).contains(value) else { return nil }
            return value
        }
    }

    /// -D (counted) or --daemonize[=grandchild|pgroup|pgrp|session].
    var daemonizeMode: Tracer.DaemonizeMode? {
        if let daemonizeSpec {
            switch daemonizeSpec {
            case "", "grandchild": return .grandchild
            case "pgroup", "pgrp": return .processGroup
            case "session": return .session
            default: return nil
            }
        }
        return Tracer.DaemonizeMode(rawValue: daemonizeCount)
    }

    /// --syscall-limit: a positive number (strace's string_to_ulonglong).
    var syscallLimitValue: Int? {
        guard let syscallLimit, !syscallLimit.isEmpty, syscallLimit.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int(syscallLimit), value > 0 else { return nil }
        return value
    }

    /// The checks strace makes while parsing these options.
    func validateEngineOptions() throws {
        if let detachOn, detachOn != "execve" {
            fail("Syscall '\(detachOn)' for -b isn't supported")
        }
        if interruptible != nil && interruptibleValue == nil {
            throw ValidationError("invalid -I argument: '\(interruptible!)'")
        }
        if let overhead, SyscallSummary.parseDuration(overhead) == nil {
            throw ValidationError("invalid -O argument: '\(overhead)'")
        }
        if let summaryColumns {
            do { _ = try SyscallSummary.parseColumns(summaryColumns) } catch { throw ValidationError(error.message) }
        }
        if let daemonizeSpec, daemonizeMode == nil {
            throw ValidationError("invalid --daemonize argument: '\(daemonizeSpec)'")
        }
        if syscallLimit != nil && syscallLimitValue == nil {
            throw ValidationError("invalid --syscall-limit argument: '\(syscallLimit!)'")
        }
    }

    /// The checks strace makes once every option is known (the command too);
    /// warnings are printed, errors end wiretap.
    func checkEngineOptions(hasCommand: Bool) {
        if daemonizeSpec != nil && daemonizeCount > 0 {
            fail("-D and --daemonize cannot be provided simultaneously")
        }
        if !hasCommand && (daemonizeCount > 0 || daemonizeSpec != nil) {
            Self.usageError("PROG [ARGS] must be specified with -D/--daemonize")
        }
        if daemonizeCount > 3 {
            Self.usageError("Too many -D's (\(daemonizeCount)), maximum supported -D count is 3")
        }
        if !hasCommand && argv0 != nil {
            Self.usageError("PROG [ARGS] must be specified with --argv0")
        }
        let summary = summaryOnly || summaryToo
        if summaryColumns != nil && !summary {
            Self.usageError("-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)")
        }
        if killOnExit && !attachPIDs.isEmpty {
            fail("--kill-on-exit and -p/--attach are mutually exclusive options")
        }
    }

    /// strace's warnings for these options (after the errors).
    func warnAboutEngineOptions() {
        if summarySort != nil && !(summaryOnly || summaryToo) {
            note("-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)")
        }
    }

    /// The -I mode in effect: as given, else strace's default: never_tstp
    /// with -D, never with `-o FILE` and a command, waiting otherwise.
    func interruptMode(hasCommand: Bool) -> Int {
        if let value = interruptibleValue { return value }
        if daemonizeMode != nil && (daemonizeCount > 0 || daemonizeSpec != nil) { return 4 }
        if outputFile != nil && hasCommand { return 3 }
        return 2
    }
}
