/// Wiretap's version, and what this build can do beyond strace 6.1's
/// command line (`wiretap -V` prints both).
public enum WiretapVersion {
    public static let version = "0.12.0"
    /// Built-in features, in `-V`'s "Optional features enabled" line.
    public static let features = ["json", "seccomp-bpf", "files", "undo", "i386", "arg-names", "color", "stack-trace=libdw", "stack-demangle", "timeline", "tree"]
}
