import Glibc
import SystemPackage

/// An error starting, attaching to or tracing processes.
public struct TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The command was not found in PATH (or at the given path).
        case commandNotFound(String)
        /// The command exists but could not be executed (execve's errno).
        case execFailed(path: String, errno: Errno)
        /// fork, pipe or another setup call failed.
        case spawnFailed(Errno)
        /// No process has this pid.
        case noSuchProcess(pid_t)
        /// The kernel refused to let us trace this pid.
        case attachFailed(pid: pid_t, errno: Errno)
        /// waitpid failed for a reason other than EINTR.
        case waitFailed(Errno)
        /// A tracer method was called from a thread other than the one that created it.
        case wrongThread
        /// `-u USER` names no user.
        case unknownUser(String)
        /// `spawn`'s `beforeRelease` declined: the command was never run.
        case spawnCancelled
    }

    public let code: Code

    public init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .commandNotFound(let name):
            return "Can't stat '\(name)': No such file or directory"
        case .execFailed(let path, let errno):
            return "exec of '\(path)' failed: \(errno)"
        case .spawnFailed(let errno):
            return "cannot start the command: \(errno)"
        case .noSuchProcess(let pid):
            return "attach: ptrace(PTRACE_SEIZE, \(pid)): No such process"
        case .attachFailed(let pid, let errno):
            var text = "attach: ptrace(PTRACE_SEIZE, \(pid)): \(errno)"
            if errno == .notPermitted {
                text += " (is it yours? see /proc/sys/kernel/yama/ptrace_scope; tracing needs CAP_SYS_PTRACE otherwise)"
            }
            return text
        case .waitFailed(let errno):
            return "waitpid: \(errno)"
        case .unknownUser(let user):
            return "Cannot find user '\(user)'"
        case .spawnCancelled:
            return "the command was not started"
        case .wrongThread:
            return "a Tracer must be used on the thread that created it (ptrace binds tracees to one thread)"
        }
    }
}
