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

/// The call stack of a stopped thread, innermost frame first, as the
/// renderers show it (`-k` lines, `--json`'s `stack`) and as a library user
/// gets it. Filled by WiretapSymbols; the core only carries it.
public struct StackTrace: Sendable, Hashable {
    /// Why a walk ended before the outermost frame.
    public enum Cut: String, Sendable, Hashable {
        /// The last frame's pc is outside every module (JIT code, a corrupt
        /// stack): that frame has no `module`, and nothing can be unwound
        /// past it. strace prints `unexpected_backtracing_error [0xPC]`.
        case outsideModules = "outside_modules"
        /// The frame limit was reached with more frames to go: strace's
        /// `too many stack frames`.
        case frameLimit = "frame_limit"
    }

    /// The frames, innermost first; inlined functions come before the
    /// frame they were inlined into, with the same `pc`.
    public var frames: [StackFrame]
    /// Why the walk stopped early, or nil if it reached the outermost frame.
    public var cut: Cut?

    public init(frames: [StackFrame], cut: Cut? = nil) {
        self.frames = frames
        self.cut = cut
    }
}
