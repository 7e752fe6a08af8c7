/// One frame of a tracee's stack, symbolized.
///
/// An address inside inlined code gives several frames with the same `pc`:
/// first the inlined functions, innermost first (`inlined` true), then the
/// function they were inlined into, as gdb prints them.
public struct StackFrame: Sendable, Hashable {
    /// The frame's program counter: the stopped instruction for the first
    /// frame, a return address for the callers.
    public var pc: UInt64
    /// The path of the ELF module (executable, shared library, `[vdso]`)
    /// that contains the pc, or nil if none does.
    public var module: String?
    /// The pc relative to the module's load address (the module's lowest
    /// mapped address, which is its ELF virtual address space's 0 for a
    /// shared library or a PIE).
    public var offset: UInt64?
    /// The function's name (demangled for C++ and Swift), or nil if no
    /// symbol covers the pc.
    public var symbol: String?
    /// The pc relative to the start of `symbol`.
    public var symbolOffset: UInt64?
    /// The source file, from the DWARF line table, if there is debug info.
    public var file: String?
    /// The source line (for a caller, the line of the call).
    public var line: Int?
    /// True for a function inlined into the frame that follows it.
    public var inlined: Bool

    public init(pc: UInt64, module: String? = nil, offset: UInt64? = nil, symbol: String? = nil,
                symbolOffset: UInt64? = nil, file: String? = nil, line: Int? = nil, inlined: Bool = false) {
        self.pc = pc
        self.module = module
        self.offset = offset
        self.symbol = symbol
        self.symbolOffset = symbolOffset
        self.file = file
        self.line = line
        self.inlined = inlined
    }
}

/// An error from libdw/libdwfl, with its message.
public struct SymbolsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, and libdwfl's `dwfl_errmsg` for it.
    public var description: String

    public init(_ description: String) { self.description = description }
}
