// The frames and the tracer are Wiretap's types: `import WiretapSymbols` brings them.
@_exported import WiretapCore

/// An error from libdw/libdwfl, with its message.
public struct SymbolsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, and libdwfl's `dwfl_errmsg` for it.
    public var description: String

    public init(_ description: String) { self.description = description }
}
