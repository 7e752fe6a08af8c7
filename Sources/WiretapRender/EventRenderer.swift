import SystemPackage
import WiretapCore
import WiretapSyscalls

/// Something that writes events out as they happen (strace text, JSON Lines).
public protocol EventRenderer: AnyObject {
    /// Renders one event; called on the tracer thread while the tracee is stopped.
    func render(_ event: TraceEvent, _ tracee: Tracee)
    /// Writes out whatever is buffered.
    func flush()
    /// The first error writing the output, if any.
    var writeError: Errno? { get }
}

extension EventRenderer {
    public var writeError: Errno? { nil }
}
