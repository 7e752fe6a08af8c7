import CElfutils
import CWiretapSymbols
import Glibc
import WiretapCore

/// The symbols of one traced process: its modules (from `/proc/PID/maps`),
/// their ELF symbol tables, DWARF line tables and inlining information, with
/// separate debug info found by build-id where it is installed, and stack
/// unwinding of its stopped threads through their CFI.
///
/// Built on elfutils' libdwfl. libdwfl never ptrace-attaches here: memory is
/// read through `RemoteMemory` and registers come from the caller.
///
/// Every symbolized address is cached: an address is looked up once until
/// `refresh()`. Not thread-safe: use one instance from one thread, and call
/// `backtrace` only on the tracer's thread (inside the `Tracer`'s event
/// handler) while the thread it unwinds is stopped.
public final class ProcessSymbols {
    /// The process (thread-group id) whose modules these are.
    public let pid: pid_t
    /// Whether frames carry source lines and inlined functions (DWARF), or
    /// only ELF symbols (what strace's `-k` prints; much cheaper the first
    /// time a module with large debug info is met).
    public let includeSource: Bool

    let dwfl: OpaquePointer
    private var attached = false
    private var cache: [UInt64: [FrameInfo]] = [:]
    /// Per module, its compile units' address ranges (`unitRanges`).
    private var unitRangeTables: [OpaquePointer: [UnitRange]] = [:]
    /// Per module, its line tables as gdb records them (`SymbolLookup.swift`).
    var lineTables: [OpaquePointer: ModuleLines] = [:]
    /// Per module, its PLT entries' names by run-time address (`pltEntryName`).
    var pltTables: [OpaquePointer: [UInt64: String]] = [:]
    private var unwind = UnwindContext()
    /// The tracee's pages read during the current unwind (its stack, mostly):
    /// one `process_vm_readv` a page instead of one a word. Forgotten at
    /// each unwind: the memory changes while the tracee runs.
    private let pages = PageCache()

    /// What a lookup address resolves to, without its pc (cached per address).
    struct FrameInfo {
        var module: String?
        var moduleStart: UInt64?
        var symbol: String?
        var symbolStart: UInt64?
        var file: String?
        var line: Int?
        var inlined: Bool
    }

    /// A compile unit's address range (module addresses, as DWARF has them).
    struct UnitRange {
        var low: Dwarf_Addr
        var high: Dwarf_Addr
        var unit: UnsafeMutablePointer<Dwarf_Die>
    }

    /// The state the unwinder's callbacks read: which thread, its registers.
    struct UnwindContext {
        var tid: pid_t = 0
        var registers: [UInt64] = []
        var pc: UInt64 = 0
        /// The tracee's word size: 4 for an i386 tracee on x86_64.
        var wordSize = 8
    }

    /// Reads the modules of process `pid` from `/proc/PID/maps`.
    ///
    /// The corresponding libdwfl calls are `dwfl_begin` (with
    /// `dwfl_linux_proc_find_elf` and `dwfl_standard_find_debuginfo`) and
    /// `dwfl_linux_proc_report`.
    public init(pid: pid_t, includeSource: Bool = true) throws(SymbolsError) {
        guard let dwfl = dwfl_begin(wts_proc_callbacks()) else {
            throw SymbolsError("dwfl_begin: \(ProcessSymbols.lastError)")
        }
        self.pid = pid
        self.includeSource = includeSource
        self.dwfl = dwfl
        try report()
    }

    deinit { dwfl_end(dwfl) }

    /// A few pages of one thread's memory, for the unwinder's reads.
    final class PageCache {
        static let pageSize: UInt64 = 4096
        static let slots = 4
        private var bases = [UInt64](repeating: 0, count: PageCache.slots)
        private var valid = 0
        private var next = 0
        private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(PageCache.pageSize) * PageCache.slots, alignment: 16)

        deinit { storage.deallocate() }

        func reset() {
            valid = 0
            next = 0
        }

        /// The `size`-byte little-endian word at `address` of `memory`'s
        /// process, or nil if it cannot be read.
        func word(at address: UInt64, size: Int, from memory: RemoteMemory) -> UInt64? {
            let base = address & ~(Self.pageSize - 1)
            let offset = Int(address - base)
            guard offset + size <= Int(Self.pageSize) else { return Self.direct(address, size, memory) }
            var slot = -1
            for i in 0..<valid where bases[i] == base {
                slot = i
                break
            }
            if slot < 0 {
                slot = next
                let page = UnsafeMutableRawBufferPointer(rebasing: storage[(slot * Int(Self.pageSize))..<((slot + 1) * Int(Self.pageSize))])
                guard (try? memory.readExactly(from: base, into: page)) != nil else { return Self.direct(address, size, memory) }
                bases[slot] = base
                if valid < Self.slots { valid += 1 }
                next = (next + 1) % Self.slots
            }
            let at = slot * Int(Self.pageSize) + offset
            return size == 4 ? UInt64(storage.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                             : storage.loadUnaligned(fromByteOffset: at, as: UInt64.self)
        }

        private static func direct(_ address: UInt64, _ size: Int, _ memory: RemoteMemory) -> UInt64? {
            if size == 4 { return (try? memory.load(UInt32.self, from: address)).map(UInt64.init) }
            return try? memory.load(UInt64.self, from: address)
        }
    }

    static var lastError: String {
        guard let message = dwfl_errmsg(-1) else { return "unknown error" }
        return String(cString: message)
    }

    private func report() throws(SymbolsError) {
        dwfl_report_begin(dwfl)
        let rc = dwfl_linux_proc_report(dwfl, pid)
        dwfl_report_end(dwfl, nil, nil)
        if rc != 0 {
            throw SymbolsError("dwfl_linux_proc_report(\(pid)): \(rc > 0 ? String(cString: strerror(rc)) : ProcessSymbols.lastError)")
        }
    }

    /// Re-reads the process's modules from `/proc/PID/maps` and forgets the
    /// cached addresses. Call it after the tracee maps or unmaps code
    /// (`mmap`, `munmap`, `mprotect`, `dlopen`). After an `execve`, make a
    /// new `ProcessSymbols`.
    ///
    /// The corresponding libdwfl calls are `dwfl_report_begin`,
    /// `dwfl_linux_proc_report` and `dwfl_report_end`: modules that did not
    /// move keep their loaded ELF and DWARF data.
    public func refresh() throws(SymbolsError) {
        cache.removeAll(keepingCapacity: true)
        unitRangeTables.removeAll()
        lineTables.removeAll()
        pltTables.removeAll()
        try report()
    }

    /// The module paths and address ranges libdwfl knows for the process.
    ///
    /// The corresponding libdwfl calls are `dwfl_getmodules` and `dwfl_module_info`.
    public var modules: [(path: String, start: UInt64, end: UInt64)] {
        final class Box { var modules: [(path: String, start: UInt64, end: UInt64)] = [] }
        let box = Box()
        _ = dwfl_getmodules(dwfl, { module, _, name, start, arg in
            let box = Unmanaged<Box>.fromOpaque(arg!).takeUnretainedValue()
            var end: Dwarf_Addr = start
            if let module { _ = dwfl_module_info(module, nil, nil, &end, nil, nil, nil, nil) }
            box.modules.append((name.map { String(cString: $0) } ?? "", start, end))
            return CInt(DWARF_CB_OK)
        }, Unmanaged.passUnretained(box).toOpaque(), 0)
        return box.modules
    }

    // MARK: - Symbolization

    /// Symbolizes `address` as a frame: module, offset, symbol, source line,
    /// with inlined functions as extra frames before it (innermost first).
    ///
    /// `isReturnAddress` says `address` is a caller's return address: the
    /// lookups then use `address - 1`, which is inside the call instruction
    /// (the return address may be the first instruction of the next line or
    /// function).
    ///
    /// The corresponding libdwfl calls are `dwfl_addrmodule`,
    /// `dwfl_module_info`, `dwfl_module_addrinfo`, `dwfl_module_getsrc` with
    /// `dwfl_lineinfo`, and `dwfl_module_addrdie` with `dwarf_getscopes` for
    /// inlined functions.
    public func frames(at address: UInt64, isReturnAddress: Bool = false) -> [StackFrame] {
        let lookup = isReturnAddress && address > 0 ? address - 1 : address
        let infos: [FrameInfo]
        if let cached = cache[lookup] {
            infos = cached
        } else {
            infos = resolve(lookup)
            cache[lookup] = infos
        }
        return infos.map { info in
            StackFrame(pc: address, module: info.module,
                       offset: info.moduleStart.map { address &- $0 },
                       symbol: info.symbol,
                       symbolOffset: info.symbolStart.map { address &- $0 },
                       file: info.file, line: info.line, inlined: info.inlined)
        }
    }

    /// Symbolizes `address` as one frame: the outermost function (the one
    /// that is not inlined) for code inlined into another function.
    public func frame(at address: UInt64, isReturnAddress: Bool = false) -> StackFrame {
        frames(at: address, isReturnAddress: isReturnAddress).last ?? StackFrame(pc: address)
    }

    /// The number of addresses in the cache.
    public var cachedAddressCount: Int { cache.count }

    /// `name` without a symbol version (`__libc_start_main@@GLIBC_2.34`, as
    /// separate debug files' `.symtab` has them), as strace and gdb print it.
    static func withoutVersion(_ name: String) -> String {
        guard let at = name.utf8.firstIndex(of: UInt8(ascii: "@")), at != name.utf8.startIndex else { return name }
        return String(name[..<at])
    }

    private func resolve(_ address: UInt64) -> [FrameInfo] {
        guard let module = dwfl_addrmodule(dwfl, address) else {
            return [FrameInfo(inlined: false)]
        }
        var base = FrameInfo(inlined: false)
        var start: Dwarf_Addr = 0
        if let name = dwfl_module_info(module, nil, &start, nil, nil, nil, nil, nil) {
            base.module = String(cString: name)
            base.moduleStart = start
        }
        var offset: GElf_Off = 0
        var sym = GElf_Sym()
        if let name = dwfl_module_addrinfo(module, address, &offset, &sym, nil, nil, nil) {
            base.symbol = Demangler.demangle(ProcessSymbols.withoutVersion(String(cString: name)))
            base.symbolStart = address &- offset
        }
        if !includeSource { return [base] }
        let unit = compileUnit(module: module, address: address)
        if let line = dwfl_module_getsrc(module, address) {
            var lineNumber: CInt = 0
            if let file = dwfl_lineinfo(line, nil, &lineNumber, nil, nil, nil) {
                base.file = String(cString: file)
                base.line = Int(lineNumber)
            }
        } else if let unit, let line = dwarf_getsrc_die(unit.die, address &- unit.bias) {
            var lineNumber: CInt = 0
            if let file = dwarf_linesrc(line, nil, nil), dwarf_lineno(line, &lineNumber) == 0 {
                base.file = String(cString: file)
                base.line = Int(lineNumber)
            }
        }
        let inlined = inlinedFrames(unit: unit, address: address, innermostFile: base.file, innermostLine: base.line)
        if inlined.frames.isEmpty { return [base] }
        let frames = inlined.frames.map { frame in
            var frame = frame
            frame.module = base.module
            frame.moduleStart = base.moduleStart
            return frame
        }
        // The containing function's line is the call site of the outermost inlined one.
        base.file = inlined.callFile
        base.line = inlined.callLine
        return frames + [base]
    }

    /// The inlined functions at `address`, innermost first, each with the
    /// source position inside it; and the call site in the function they are
    /// all inlined into.
    private func inlinedFrames(unit: (die: UnsafeMutablePointer<Dwarf_Die>, bias: Dwarf_Addr)?, address: UInt64,
                               innermostFile: String?, innermostLine: Int?)
        -> (frames: [FrameInfo], callFile: String?, callLine: Int?)
    {
        guard let (cu, bias) = unit else { return ([], innermostFile, innermostLine) }
        var scopes: UnsafeMutablePointer<Dwarf_Die>? = nil
        let count = dwarf_getscopes(cu, address &- bias, &scopes)
        guard count > 0, let scopes else { return ([], innermostFile, innermostLine) }
        defer { free(scopes) }
        var files: OpaquePointer? = nil
        var fileCount = 0
        _ = dwarf_getsrcfiles(cu, &files, &fileCount)
        var frames: [FrameInfo] = []
        var file = innermostFile
        var line = innermostLine
        for i in 0..<Int(count) {
            let die = scopes + i
            let tag = dwarf_tag(die)
            if tag == DW_TAG_subprogram { break }
            guard tag == DW_TAG_inlined_subroutine else { continue }
            let name = dwarf_diename(die).map { Demangler.demangle(String(cString: $0)) }
            frames.append(FrameInfo(symbol: name, file: file, line: line, inlined: true))
            // The caller's position is this inlined call's site.
            var attribute = Dwarf_Attribute()
            var value: Dwarf_Word = 0
            file = nil
            line = nil
            if dwarf_attr_integrate(die, CUnsignedInt(DW_AT_call_file), &attribute) != nil,
               dwarf_formudata(&attribute, &value) == 0, let files, Int(value) < fileCount,
               let path = dwarf_filesrc(files, Int(value), nil, nil) {
                file = String(cString: path)
            }
            if dwarf_attr_integrate(die, CUnsignedInt(DW_AT_call_line), &attribute) != nil,
               dwarf_formudata(&attribute, &value) == 0 {
                line = Int(value)
            }
        }
        return (frames, file, line)
    }

    /// The compile unit that contains `address`, and the module's bias.
    ///
    /// libdwfl looks units up in `.debug_aranges`, which swiftc (and clang,
    /// rustc) do not write; libdw 0.188 then finds no unit for any address
    /// of the module (no source lines for Swift code). The units' own
    /// ranges (`DW_AT_low_pc`/`DW_AT_high_pc`, `DW_AT_ranges`) are the
    /// fallback. The corresponding libdwfl calls are `dwfl_module_addrdie`,
    /// then `dwfl_module_nextcu` and `dwarf_ranges`.
    func compileUnit(module: OpaquePointer, address: UInt64) -> (die: UnsafeMutablePointer<Dwarf_Die>, bias: Dwarf_Addr)? {
        var bias: Dwarf_Addr = 0
        if let die = dwfl_module_addrdie(module, address, &bias) { return (die, bias) }
        let table: [UnitRange]
        if let known = unitRangeTables[module] {
            table = known
        } else {
            table = ProcessSymbols.unitRanges(module)
            unitRangeTables[module] = table
        }
        guard !table.isEmpty, dwfl_module_getdwarf(module, &bias) != nil else { return nil }
        let target = address &- bias
        guard let range = table.first(where: { $0.low <= target && target < $0.high }) else { return nil }
        return (range.unit, bias)
    }

    /// Every compile unit's address ranges in `module` (empty without DWARF).
    private static func unitRanges(_ module: OpaquePointer) -> [UnitRange] {
        var ranges: [UnitRange] = []
        var bias: Dwarf_Addr = 0
        var unit = dwfl_module_nextcu(module, nil, &bias)
        while let die = unit {
            var base: Dwarf_Addr = 0
            var low: Dwarf_Addr = 0
            var high: Dwarf_Addr = 0
            var offset = dwarf_ranges(die, 0, &base, &low, &high)
            while offset > 0 {
                if low < high { ranges.append(UnitRange(low: low, high: high, unit: die)) }
                offset = dwarf_ranges(die, offset, &base, &low, &high)
            }
            unit = dwfl_module_nextcu(module, die, &bias)
        }
        return ranges
    }

    // MARK: - Unwinding

    /// The call stack of thread `tid` of the process, from `registers` (the
    /// thread's registers at this stop), innermost frame first, through the
    /// modules' CFI (`.eh_frame`, `.debug_frame`), with libdw's frame-pointer
    /// fallback where there is none. At most `limit` pcs are unwound (inlined
    /// frames come on top).
    ///
    /// Call it only on the tracer's thread, inside the `Tracer`'s event
    /// handler, while `tid` is stopped: memory is read with
    /// `process_vm_readv`, and libdw never attaches with ptrace itself.
    ///
    /// The corresponding libdwfl calls are `dwfl_attach_state` (once, with
    /// our own `Dwfl_Thread_Callbacks`), `dwfl_getthread_frames` and
    /// `dwfl_frame_pc`.
    public func backtrace(of tid: pid_t, registers: Registers, limit: Int = 256) throws(SymbolsError) -> [StackFrame] {
        let pcs = try unwindPCs(of: tid, registers: registers, limit: limit)
        var frames: [StackFrame] = []
        for (pc, isActivation) in pcs {
            frames.append(contentsOf: self.frames(at: pc, isReturnAddress: !isActivation))
        }
        return frames
    }

    /// The raw pcs of `tid`'s stack, each with libdw's "activation" flag
    /// (false for return addresses), without symbolizing them.
    public func unwindPCs(of tid: pid_t, registers: Registers, limit: Int = 256) throws(SymbolsError) -> [(pc: UInt64, isActivation: Bool)] {
        guard let dwarfRegisters = ProcessSymbols.dwarfRegisters(registers) else {
            throw SymbolsError("unwinding is not supported on this architecture")
        }
        try attachIfNeeded()
        let i386 = ProcessSymbols.i386Registers(registers) != nil
        pages.reset()
        unwind = UnwindContext(tid: tid, registers: dwarfRegisters,
                               pc: i386 ? dwarfRegisters[8] : registers.instructionPointer, wordSize: i386 ? 4 : 8)
        final class Collector {
            var pcs: [(pc: UInt64, isActivation: Bool)] = []
            let limit: Int
            init(limit: Int) { self.limit = limit }
        }
        let collector = Collector(limit: limit)
        let rc = dwfl_getthread_frames(dwfl, tid, { state, arg in
            let collector = Unmanaged<Collector>.fromOpaque(arg!).takeUnretainedValue()
            var pc: Dwarf_Addr = 0
            var isActivation = false
            guard let state, dwfl_frame_pc(state, &pc, &isActivation) else { return CInt(DWARF_CB_ABORT) }
            collector.pcs.append((pc, isActivation))
            return CInt(collector.pcs.count >= collector.limit ? DWARF_CB_ABORT : DWARF_CB_OK)
        }, Unmanaged.passUnretained(collector).toOpaque())
        // An error at the end of the stack is how some unwinds end; only an
        // error before any frame is one.
        if rc == -1 && collector.pcs.isEmpty {
            throw SymbolsError("dwfl_getthread_frames(\(tid)): \(ProcessSymbols.lastError)")
        }
        return collector.pcs
    }

    private func attachIfNeeded() throws(SymbolsError) {
        if attached { return }
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard dwfl_attach_state(dwfl, nil, pid, ProcessSymbols.threadCallbacksTable, context) else {
            throw SymbolsError("dwfl_attach_state(\(pid)): \(ProcessSymbols.lastError)")
        }
        attached = true
    }

    /// The callbacks at a fixed address for every Dwfl's lifetime (libdwfl
    /// keeps the pointer; `&staticVar` is only valid during one call).
    nonisolated(unsafe) private static let threadCallbacksTable: UnsafeMutablePointer<Dwfl_Thread_Callbacks> = {
        let table = UnsafeMutablePointer<Dwfl_Thread_Callbacks>.allocate(capacity: 1)
        table.initialize(to: threadCallbacks)
        return table
    }()

    /// Our thread callbacks: one thread (the one being unwound), memory
    /// through `RemoteMemory`, registers from the caller. No ptrace here.
    private static let threadCallbacks = Dwfl_Thread_Callbacks(
        next_thread: { _, arg, threadArg in
            // Called by dwfl_getthreads; we report the one thread being unwound.
            guard threadArg?.pointee == nil else { return 0 }
            threadArg?.pointee = arg
            return ProcessSymbols.from(arg).unwind.tid
        },
        get_thread: { _, tid, arg, threadArg in
            let symbols = ProcessSymbols.from(arg)
            guard tid == symbols.unwind.tid else { return false }
            threadArg?.pointee = arg
            return true
        },
        memory_read: { _, address, result, arg in
            let symbols = ProcessSymbols.from(arg)
            // libdw asks for an address-sized word: 4 bytes for an i386
            // tracee (8 would fail at the last word of a mapping, and put
            // the next word's bytes in the high half).
            guard let word = symbols.pages.word(at: address, size: symbols.unwind.wordSize,
                                                from: RemoteMemory(pid: symbols.unwind.tid)) else { return false }
            result?.pointee = word
            return true
        },
        set_initial_registers: { thread, arg in
            let symbols = ProcessSymbols.from(arg)
            guard let thread else { return false }
            let ok = symbols.unwind.registers.withUnsafeBufferPointer { buffer in
                dwfl_thread_state_registers(thread, 0, CUnsignedInt(buffer.count), buffer.baseAddress!)
            }
            dwfl_thread_state_register_pc(thread, symbols.unwind.pc)
            return ok
        },
        detach: nil,
        thread_detach: nil
    )

    private static func from(_ arg: UnsafeMutableRawPointer?) -> ProcessSymbols {
        Unmanaged<ProcessSymbols>.fromOpaque(arg!).takeUnretainedValue()
    }

    /// The registers of an i386 tracee (on x86_64) in i386 DWARF
    /// numbering: eax, ecx, edx, ebx, esp, ebp, esi, edi, eip (the return
    /// address column); nil for a 64-bit tracee. Its modules are ELFCLASS32,
    /// so libdwfl unwinds it with its i386 backend, which takes these 9.
    static func i386Registers(_ registers: Registers) -> [UInt64]? {
        #if arch(x86_64)
        let r = registers.raw
        // `Ptrace.registers` gives a 32-bit tracee's in the 64-bit layout.
        guard registers.audit == .i386 else { return nil }
        return [r.rax, r.rcx, r.rdx, r.rbx, r.rsp, r.rbp, r.rsi, r.rdi, r.rip].map { UInt64($0) & 0xffff_ffff }
        #else
        return nil
        #endif
    }

    /// The registers in DWARF numbering, from 0 up.
    static func dwarfRegisters(_ registers: Registers) -> [UInt64]? {
        #if arch(x86_64)
        if let i386 = i386Registers(registers) { return i386 }
        let r = registers.raw
        // rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8-r15, rip (the return address column).
        return [r.rax, r.rdx, r.rcx, r.rbx, r.rsi, r.rdi, r.rbp, r.rsp,
                r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, r.rip].map { UInt64($0) }
        #elseif arch(arm64)
        // x0-x30, then sp (31); the pc is passed on its own.
        var values = withUnsafeBytes(of: registers.raw.regs) { Array($0.bindMemory(to: UInt64.self).prefix(31)) }
        values.append(registers.stackPointer)
        return values
        #else
        return nil
        #endif
    }
}

extension Tracee {
    /// This stopped tracee's call stack, innermost frame first, symbolized
    /// with `symbols` (the tracee's process's symbols).
    ///
    /// Call it only inside the `Tracer`'s event handler (the tracer's
    /// thread), as every ptrace request. The corresponding ptrace request is
    /// `PTRACE_GETREGSET`; the unwinding is `ProcessSymbols.backtrace`.
    public func backtrace(using symbols: ProcessSymbols, limit: Int = 256) throws(SymbolsError) -> [StackFrame] {
        let registers: Registers
        do {
            registers = try self.registers()
        } catch {
            throw SymbolsError("cannot read the registers of \(pid): \(error)")
        }
        return try symbols.backtrace(of: pid, registers: registers, limit: limit)
    }
}
