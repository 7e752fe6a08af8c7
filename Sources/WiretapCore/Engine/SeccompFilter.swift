import CWiretap
import Glibc

/// A seccomp-bpf program that stops the tracee (SECCOMP_RET_TRACE) only at
/// the chosen syscalls and lets every other one run without a ptrace stop.
///
/// Installed in the spawned child just before execve; every task the command
/// creates inherits it, and it outlives the tracer (a traced call then fails
/// with ENOSYS), which is why spawned tracees die with the tracer.
public struct SeccompFilter: Sendable {
    /// The BPF instructions.
    public let program: [sock_filter]

    /// A filter from its instructions (`init(tracing:)` builds one from a set of syscalls).
    public init(program: [sock_filter]) {
        self.program = program
    }
}
