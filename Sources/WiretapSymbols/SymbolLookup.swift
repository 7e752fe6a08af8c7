import CElfutils
import CWiretapSymbols
import Glibc
import WiretapCore

/// A module's line tables, one per compile unit, read when first needed.
final class ModuleLines {
    /// One compile unit: its DIE (libdwfl's, valid for the Dwfl's life) and
    /// its rows as gdb records them, sorted by address.
    final class Unit {
        let die: UnsafeMutablePointer<Dwarf_Die>
        let bias: Dwarf_Addr
        var loaded = false
        var rows: [LineRow] = []
        var files: [String] = []
        /// gdb's `locations_valid`: a GCC unit with location lists.
        var locationsValidCache: Bool?

        /// `path` as gdb names it: a relative one (clang's DWARF 5 tables
        /// have directories relative to the unit's; libdw 0.188 leaves them
        /// so) under the unit's `DW_AT_comp_dir`.
        func fullPath(_ path: String) -> String {
            guard !path.hasPrefix("/") else { return path }
            if compilationDirectory == nil {
                var attribute = Dwarf_Attribute()
                compilationDirectory = dwarf_attr(die, CUnsignedInt(DW_AT_comp_dir), &attribute) != nil
                    ? dwarf_formstring(&attribute).map { String(cString: $0) } ?? "" : ""
            }
            guard let directory = compilationDirectory, !directory.isEmpty else { return path }
            return directory.hasSuffix("/") ? directory + path : directory + "/" + path
        }

        private var compilationDirectory: String?

        init(die: UnsafeMutablePointer<Dwarf_Die>, bias: Dwarf_Addr) {
            self.die = die
            self.bias = bias
        }
    }

    var units: [Unit] = []
}

/// A line-table row, at its run-time address.
struct LineRow {
    var address: UInt64
    var line: Int
    /// An index into the unit's `files`; -1 for an end-of-sequence row.
    var file: Int
    var isStatement: Bool
    var prologueEnd: Bool
    var endSequence: Bool
}

extension ProcessSymbols {
    // MARK: - Functions by name

    /// The run-time entry addresses of the functions (ELF symbols of type
    /// `STT_FUNC` or `STT_GNU_IFUNC`, defined in the module) named `name`, in
    /// every module of the process (the executable and its loaded shared
    /// libraries), load bias applied; sorted, without duplicates (aliases).
    /// A versioned name (`write@@GLIBC_2.2.5`) matches without its version.
    ///
    /// The corresponding libdwfl calls are `dwfl_getmodules`,
    /// `dwfl_module_getsymtab` and `dwfl_module_getsym_info`.
    public func addresses(ofFunction name: String) -> [UInt64] {
        Array(Set(definedSymbols(named: name) { $0 == STT_FUNC || $0 == STT_GNU_IFUNC }.map(\.address))).sorted()
    }

    /// A global variable (an ELF symbol of type `STT_OBJECT`, defined) named
    /// `name`: its run-time address and its size in bytes, from the first
    /// module that defines it (the executable before its libraries). For
    /// `print NAME`, `watch NAME` and `&NAME`, without DWARF types: a
    /// variable of 1, 2, 4 or 8 bytes reads as a signed integer.
    ///
    /// The corresponding libdwfl calls are those of `addresses(ofFunction:)`.
    public func variable(named name: String) -> (address: UInt64, size: Int)? {
        definedSymbols(named: name) { $0 == STT_OBJECT }.first
    }

    /// The defined symbols named `name` (or `name@VERSION`) whose type passes
    /// `type`, in module order, with their run-time addresses and sizes.
    private func definedSymbols(named name: String, type wanted: (Int32) -> Bool) -> [(address: UInt64, size: Int)] {
        var found: [(address: UInt64, size: Int)] = []
        let length = name.utf8.count
        guard length > 0 else { return [] }
        for module in moduleHandles() {
            let count = dwfl_module_getsymtab(module)
            guard count > 0 else { continue }
            for index in 1..<count {
                var sym = GElf_Sym()
                var address: GElf_Addr = 0
                var section: GElf_Word = 0
                guard let symbolName = dwfl_module_getsym_info(module, index, &sym, &address, &section, nil, nil) else { continue }
                guard wanted(Int32(sym.st_info & 0xf)), sym.st_shndx != UInt16(SHN_UNDEF), address != 0 else { continue }
                // `name`, or `name@VERSION` / `name@@VERSION`.
                let matches = name.withCString { wanted in
                    strncmp(symbolName, wanted, length) == 0 && (symbolName[length] == 0 || symbolName[length] == CChar(UInt8(ascii: "@")))
                }
                if matches { found.append((address, Int(sym.st_size))) }
            }
        }
        return found
    }

    /// Where gdb's `break NAME` puts its breakpoints: each of
    /// `addresses(ofFunction:)` past its prologue (`breakpointAddress(ofFunctionAt:)`).
    ///
    /// The corresponding libdwfl calls are those of `addresses(ofFunction:)`
    /// and `breakpointAddress(ofFunctionAt:)`.
    public func breakpointAddresses(ofFunction name: String) -> [UInt64] {
        Array(Set(addresses(ofFunction: name).map { breakpointAddress(ofFunctionAt: $0) })).sorted()
    }

    /// The address past the prologue of the function whose entry is
    /// `entry`, as gdb's `skip_prologue_sal` finds it for `break NAME`:
    ///
    /// - in a GCC compile unit with location lists (optimized code; gdb's
    ///   `locations_valid`), the entry itself;
    /// - else at the first line-table row flagged `prologue_end` in the
    ///   function, if any (clang writes them);
    /// - else (x86_64) past `endbr64; push %rbp; mov %rsp,%rbp` when the
    ///   function starts so (gdb's `amd64_analyze_prologue`; the entry for
    ///   a frameless function), then, if that is mid-row, at the next row
    ///   of the unit's line table (if still in the function).
    ///
    /// Other architectures: the second row of the function, where there is
    /// line information (what gdb's i386 prologue analysis comes to for the
    /// tests' GCC -O0 code; arm64 and others are not compared with gdb).
    ///
    /// The corresponding libdwfl calls are `dwfl_addrmodule`,
    /// `dwfl_module_addrinfo`, `dwfl_module_addrdie`, `dwarf_getsrclines`
    /// (with `dwarf_lineaddr`, `dwarf_lineprologueend`...), and
    /// `dwfl_module_getelf` with `elf_getdata` for the code bytes.
    public func breakpointAddress(ofFunctionAt entry: UInt64) -> UInt64 {
        guard let module = dwfl_addrmodule(dwfl, entry) else { return entry }
        let end = functionRange(module: module, address: entry)?.end ?? entry &+ 1
        let unit = lineUnit(module: module, address: entry)
        if let unit, locationsValid(unit) { return entry }
        if let unit, let row = unit.rows.first(where: { $0.prologueEnd && !$0.endSequence && $0.address >= entry && $0.address < end }) {
            return row.address
        }
        guard let machine = elfMachine(module), machine == EM_X86_64 else {
            guard let unit else { return entry }
            return unit.rows.first { !$0.endSequence && $0.address > entry && $0.address < end }?.address ?? entry
        }
        let pc = amd64PostPrologue(module: module, entry: entry)
        guard pc != entry, let unit else { return pc }
        // Mid-row: the next row's address, if still inside the function.
        guard let index = unit.rows.lastIndex(where: { $0.address <= pc }), !unit.rows[index].endSequence,
              unit.rows[index].address != pc else { return pc }
        if let next = unit.rows[index...].first(where: { $0.address > unit.rows[index].address }), next.address >= entry, next.address < end {
            return next.address
        }
        return pc
    }

    // MARK: - Lines

    /// The source position of `address`, as gdb's `find_pc_line` gives it:
    /// the last line-table row at or before it (a statement one, if there
    /// is one at that row's address); for code inlined from another
    /// function, the inlined function's line. Nil without line information.
    ///
    /// The corresponding libdwfl calls are `dwfl_addrmodule`,
    /// `dwfl_module_addrdie` with `dwarf_getsrclines`, else
    /// `dwfl_module_getsrc` and `dwfl_lineinfo`.
    public func lineInfo(at address: UInt64) -> (file: String, line: Int)? {
        guard let module = dwfl_addrmodule(dwfl, address) else { return nil }
        if let unit = lineUnit(module: module, address: address) {
            guard var index = unit.rows.lastIndex(where: { $0.address <= address }),
                  !unit.rows[index].endSequence else { return nil }
            if !unit.rows[index].isStatement,
               let statement = unit.rows[..<index].lastIndex(where: { $0.address == unit.rows[index].address && $0.isStatement && !$0.endSequence }) {
                index = statement
            }
            return (unit.files[unit.rows[index].file], unit.rows[index].line)
        }
        guard let row = dwfl_module_getsrc(module, address) else { return nil }
        var line: CInt = 0
        guard let file = dwfl_lineinfo(row, nil, &line, nil, nil, nil), line > 0 else { return nil }
        return (String(cString: file), Int(line))
    }

    /// The line-table rows of the function containing `pc` (its ELF symbol's
    /// range), sorted by address: every row of the unit's table in that
    /// range, statements or not, as gdb records them (no line 0, no
    /// end-of-sequence rows). Empty without line information.
    ///
    /// The corresponding libdwfl calls are `dwfl_module_addrinfo` (the
    /// function's range), `dwfl_module_addrdie` and `dwarf_getsrclines`.
    public func lineRows(ofFunctionAt pc: UInt64) -> [(address: UInt64, line: Int, isStatement: Bool)] {
        guard let module = dwfl_addrmodule(dwfl, pc), let range = functionRange(module: module, address: pc),
              let unit = lineUnit(module: module, address: pc) else { return [] }
        return unit.rows.filter { !$0.endSequence && $0.address >= range.start && $0.address < range.end }
            .map { ($0.address, $0.line, $0.isStatement) }
    }

    /// The addresses of gdb's `break FILE:LINE`: in every compile unit
    /// whose line table names a file matching `file` (its full path, or a
    /// trailing part of it: `debug.c`, `src/debug.c`), the statement rows
    /// of `line`, the lowest address per lexical block (function, inlined
    /// function, block with variables). A line without code moves to the
    /// nearest following line that has some (in all units); a location at
    /// a function's entry moves past its prologue, as `break NAME`.
    ///
    /// The corresponding libdwfl calls are `dwfl_module_nextcu`,
    /// `dwarf_getsrclines` (with `dwarf_linesrc`, `dwarf_lineno`,
    /// `dwarf_linebeginstatement`, `dwarf_lineaddr`), and
    /// `dwfl_module_addrdie` with `dwarf_getscopes` for the blocks.
    public func addresses(file: String, line: Int) throws(SymbolsError) -> [UInt64] {
        var candidates: [(module: OpaquePointer, unit: ModuleLines.Unit, file: Int)] = []
        for module in moduleHandles() {
            for unit in lineUnits(module) where ProcessSymbols.unitNamesFile(unit, file) {
                load(unit)
                for (index, path) in unit.files.enumerated() where ProcessSymbols.fileMatches(path, file) {
                    candidates.append((module, unit, index))
                }
            }
        }
        guard !candidates.isEmpty else { throw SymbolsError("No source file named \(file).") }
        var found = ProcessSymbols.statementAddresses(candidates, line: line)
        if found.addresses.isEmpty {
            guard let best = found.bestLine else { throw SymbolsError("Line \(line) is out of range for \"\(file)\".") }
            found = ProcessSymbols.statementAddresses(candidates, line: best)
        }
        // The lowest address per block (the first in line-table order).
        var blocks: Set<Dwarf_Off> = []
        var result: [UInt64] = []
        for (module, address) in found.addresses {
            let block = innermostBlock(module: module, address: address)
            if let block {
                if blocks.contains(block) { continue }
                blocks.insert(block)
            }
            var pc = address
            if let range = functionRange(module: module, address: address) {
                let post = breakpointAddress(ofFunctionAt: range.start)
                if pc <= post { pc = post }
            }
            result.append(pc)
        }
        guard !result.isEmpty else { throw SymbolsError("Line \(line) of \"\(file)\" has no code.") }
        return result
    }

    // MARK: - Helpers

    /// Whether `path` (a line table's full path) is the file the user named:
    /// the same path, or ending in "/" + it.
    static func fileMatches(_ path: String, _ name: String) -> Bool {
        if path == name { return true }
        let trimmed = name.hasPrefix("./") ? String(name.dropFirst(2)) : name
        return path.hasSuffix("/" + trimmed)
    }

    /// Whether `unit`'s line-table header names a file matching `name`
    /// (without reading its rows: most units of a large library do not).
    private static func unitNamesFile(_ unit: ModuleLines.Unit, _ name: String) -> Bool {
        if unit.loaded { return unit.files.contains { fileMatches($0, name) } }
        var files: OpaquePointer? = nil
        var count = 0
        guard dwarf_getsrcfiles(unit.die, &files, &count) == 0, let files else { return false }
        for i in 0..<count {
            if let path = dwarf_filesrc(files, i, nil, nil), fileMatches(unit.fullPath(String(cString: path)), name) { return true }
        }
        return false
    }

    /// gdb's `find_pcs_for_symtab_line` over the candidate (unit, file)
    /// tables: the statement rows of `line`, and else the smallest
    /// statement line after it.
    private static func statementAddresses(_ candidates: [(module: OpaquePointer, unit: ModuleLines.Unit, file: Int)], line: Int)
        -> (addresses: [(OpaquePointer, UInt64)], bestLine: Int?)
    {
        var addresses: [(OpaquePointer, UInt64)] = []
        var best: Int? = nil
        for (module, unit, file) in candidates {
            for row in unit.rows where row.file == file && row.isStatement && !row.endSequence {
                if row.line == line {
                    addresses.append((module, row.address))
                } else if row.line > line, best.map({ row.line < $0 }) ?? true {
                    best = row.line
                }
            }
        }
        return (addresses, best)
    }

    /// The modules libdwfl knows, in its order.
    func moduleHandles() -> [OpaquePointer] {
        final class Box { var modules: [OpaquePointer] = [] }
        let box = Box()
        _ = dwfl_getmodules(dwfl, { module, _, _, _, arg in
            if let module { Unmanaged<Box>.fromOpaque(arg!).takeUnretainedValue().modules.append(module) }
            return CInt(DWARF_CB_OK)
        }, Unmanaged.passUnretained(box).toOpaque(), 0)
        return box.modules
    }

    /// The range of the ELF function symbol containing `address`.
    func functionRange(module: OpaquePointer, address: UInt64) -> (start: UInt64, end: UInt64)? {
        var offset: GElf_Off = 0
        var sym = GElf_Sym()
        guard dwfl_module_addrinfo(module, address, &offset, &sym, nil, nil, nil) != nil else { return nil }
        let start = address &- offset
        return (start, start &+ max(sym.st_size, 1))
    }

    /// The module's compile units (their line tables not yet read).
    func lineUnits(_ module: OpaquePointer) -> [ModuleLines.Unit] {
        if let known = lineTables[module] { return known.units }
        let lines = ModuleLines()
        var bias: Dwarf_Addr = 0
        var die = dwfl_module_nextcu(module, nil, &bias)
        while let unit = die {
            lines.units.append(ModuleLines.Unit(die: unit, bias: bias))
            die = dwfl_module_nextcu(module, unit, &bias)
        }
        lineTables[module] = lines
        return lines.units
    }

    /// The unit containing `address`, with its line table read.
    func lineUnit(module: OpaquePointer, address: UInt64) -> ModuleLines.Unit? {
        guard let (die, _) = compileUnit(module: module, address: address),
              let unit = lineUnits(module).first(where: { $0.die == die }) else { return nil }
        load(unit)
        return unit
    }

    /// Reads `unit`'s line table as gdb's DWARF reader records it: no line-0
    /// rows; a row repeating the previous row's file and line is dropped
    /// when that line has had a non-zero discriminator (gdb's
    /// `dwarf_record_line_p`); sorted by address (stable).
    func load(_ unit: ModuleLines.Unit) {
        if unit.loaded { return }
        unit.loaded = true
        var lines: OpaquePointer? = nil
        var count = 0
        guard dwarf_getsrclines(unit.die, &lines, &count) == 0, let lines else { return }
        var fileIndex: [String: Int] = [:]
        var lastFile = -1
        var lastLine = 0
        var discriminated = false
        var rows: [LineRow] = []
        for i in 0..<count {
            guard let line = dwarf_onesrcline(lines, i) else { continue }
            var address: Dwarf_Addr = 0
            var number: CInt = 0
            var flag = false
            guard dwarf_lineaddr(line, &address) == 0, dwarf_lineno(line, &number) == 0 else { continue }
            let runtime = address &+ unit.bias
            _ = dwarf_lineendsequence(line, &flag)
            if flag {
                rows.append(LineRow(address: runtime, line: 0, file: -1, isStatement: false, prologueEnd: false, endSequence: true))
                lastFile = -1
                lastLine = 0
                discriminated = false
                continue
            }
            var discriminator: CUnsignedInt = 0
            _ = dwarf_linediscriminator(line, &discriminator)
            if Int(number) != lastLine { discriminated = discriminator != 0 } else if discriminator != 0 { discriminated = true }
            guard number != 0 else { continue }
            let path = dwarf_linesrc(line, nil, nil).map { unit.fullPath(String(cString: $0)) } ?? "??"
            let file: Int
            if let known = fileIndex[path] {
                file = known
            } else {
                file = unit.files.count
                unit.files.append(path)
                fileIndex[path] = file
            }
            defer {
                lastFile = file
                lastLine = Int(number)
            }
            guard file != lastFile || Int(number) != lastLine || !discriminated else { continue }
            var statement = false
            _ = dwarf_linebeginstatement(line, &statement)
            var prologueEnd = false
            _ = dwarf_lineprologueend(line, &prologueEnd)
            rows.append(LineRow(address: runtime, line: Int(number), file: file, isStatement: statement,
                                prologueEnd: prologueEnd, endSequence: false))
        }
        // Stable: at one address, end-of-sequence rows first (gdb's order).
        unit.rows = rows.enumerated().sorted {
            if $0.element.address != $1.element.address { return $0.element.address < $1.element.address }
            if $0.element.endSequence != $1.element.endSequence { return $0.element.endSequence }
            return $0.offset < $1.offset
        }.map(\.element)
    }

    /// gdb's `locations_valid` for a unit: made by GCC, with a variable or
    /// parameter whose location is a location list. gdb then trusts the
    /// entry of a function as its breakpoint address.
    func locationsValid(_ unit: ModuleLines.Unit) -> Bool {
        if let known = unit.locationsValidCache { return known }
        var valid = false
        var attribute = Dwarf_Attribute()
        if dwarf_attr(unit.die, CUnsignedInt(DW_AT_producer), &attribute) != nil,
           let producer = dwarf_formstring(&attribute).map({ String(cString: $0) }), producer.hasPrefix("GNU ") {
            valid = ProcessSymbols.hasLocationList(unit.die)
        }
        unit.locationsValidCache = valid
        return valid
    }

    /// Whether a variable or parameter under `die` has a location list.
    private static func hasLocationList(_ die: UnsafeMutablePointer<Dwarf_Die>) -> Bool {
        var child = Dwarf_Die()
        guard dwarf_child(die, &child) == 0 else { return false }
        while true {
            let tag = dwarf_tag(&child)
            if tag == DW_TAG_variable || tag == DW_TAG_formal_parameter {
                var attribute = Dwarf_Attribute()
                if dwarf_attr(&child, CUnsignedInt(DW_AT_location), &attribute) != nil {
                    let form = Int32(dwarf_whatform(&attribute))
                    if form == DW_FORM_sec_offset || form == DW_FORM_loclistx || form == DW_FORM_data4 || form == DW_FORM_data8 {
                        return true
                    }
                }
            }
            if dwarf_haschildren(&child) != 0, hasLocationList(&child) { return true }
            var next = Dwarf_Die()
            guard dwarf_siblingof(&child, &next) == 0 else { return false }
            child = next
        }
    }

    /// The innermost gdb block at `address`: the DIE offset of the innermost
    /// function, inlined function, or lexical block with variables.
    func innermostBlock(module: OpaquePointer, address: UInt64) -> Dwarf_Off? {
        guard let (cu, bias) = compileUnit(module: module, address: address) else { return nil }
        var scopes: UnsafeMutablePointer<Dwarf_Die>? = nil
        let count = dwarf_getscopes(cu, address &- bias, &scopes)
        guard count > 0, let scopes else { return nil }
        defer { free(scopes) }
        for i in 0..<Int(count) {
            let die = scopes + i
            let tag = dwarf_tag(die)
            if tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine
                || (tag == DW_TAG_lexical_block && ProcessSymbols.hasVariables(die)) {
                return dwarf_dieoffset(die)
            }
        }
        return nil
    }

    private static func hasVariables(_ die: UnsafeMutablePointer<Dwarf_Die>) -> Bool {
        var child = Dwarf_Die()
        guard dwarf_child(die, &child) == 0 else { return false }
        while true {
            if dwarf_tag(&child) == DW_TAG_variable { return true }
            var next = Dwarf_Die()
            guard dwarf_siblingof(&child, &next) == 0 else { return false }
            child = next
        }
    }

    /// The name gdb gives a PLT entry, `atol@plt`: the function its jump
    /// slot relocation names, or nil when `address` is not the start of one.
    /// An x86_64 module's entries are 16 bytes: in `.plt.sec` when the linker
    /// made one (IBT), else in `.plt` after its 16-byte header, in the order
    /// of `.rela.plt`'s R_X86_64_JUMP_SLOT relocations.
    ///
    /// The corresponding libdwfl call is `dwfl_addrmodule`; the rest is
    /// libelf's (`elf_nextscn`, `gelf_getrela`, `gelf_getsym`).
    public func pltEntryName(at address: UInt64) -> String? {
        guard let module = dwfl_addrmodule(dwfl, address) else { return nil }
        if pltTables[module] == nil { pltTables[module] = pltEntries(module) }
        return pltTables[module]?[address]
    }

    private func pltEntries(_ module: OpaquePointer) -> [UInt64: String] {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return [:] }
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil, header.e_machine == UInt16(EM_X86_64) else { return [:] }
        var stringsIndex = 0
        guard elf_getshdrstrndx(elf, &stringsIndex) == 0 else { return [:] }
        var plt: GElf_Shdr? = nil, pltSec: GElf_Shdr? = nil
        var relocations: (OpaquePointer, GElf_Shdr)? = nil
        var section = elf_nextscn(elf, nil)
        while let scn = section {
            var sectionHeader = GElf_Shdr()
            if gelf_getshdr(scn, &sectionHeader) != nil, let name = elf_strptr(elf, stringsIndex, Int(sectionHeader.sh_name)) {
                switch String(cString: name) {
                case ".plt": plt = sectionHeader
                case ".plt.sec": pltSec = sectionHeader
                case ".rela.plt": relocations = (scn, sectionHeader)
                default: break
                }
            }
            section = elf_nextscn(elf, scn)
        }
        guard let (relocationSection, relocationHeader) = relocations, plt != nil || pltSec != nil,
              let data = elf_getdata(relocationSection, nil),
              let symbolSection = elf_getscn(elf, Int(relocationHeader.sh_link)) else { return [:] }
        var symbolHeader = GElf_Shdr()
        guard gelf_getshdr(symbolSection, &symbolHeader) != nil, let symbols = elf_getdata(symbolSection, nil) else { return [:] }
        var names: [UInt64: String] = [:]
        let count = relocationHeader.sh_entsize > 0 ? Int(relocationHeader.sh_size / relocationHeader.sh_entsize) : 0
        var slot: UInt64 = 0
        for index in 0..<min(count, 1 << 20) {
            var relocation = GElf_Rela()
            guard gelf_getrela(data, Int32(index), &relocation) != nil else { break }
            guard relocation.r_info & 0xffff_ffff == UInt64(R_X86_64_JUMP_SLOT) else { continue }
            var symbol = GElf_Sym()
            let symbolIndex = Int32(truncatingIfNeeded: relocation.r_info >> 32)
            if gelf_getsym(symbols, symbolIndex, &symbol) != nil,
               let name = elf_strptr(elf, Int(symbolHeader.sh_link), Int(symbol.st_name)), name.pointee != 0 {
                let entry = pltSec.map { $0.sh_addr + 16 * slot } ?? plt!.sh_addr + 16 * (slot + 1)
                names[entry &+ bias] = String(cString: name) + "@plt"
            }
            slot += 1
        }
        return names
    }

    /// The module's ELF `e_machine`.
    func elfMachine(_ module: OpaquePointer) -> Int32? {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return nil }
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil else { return nil }
        return Int32(header.e_machine)
    }

    /// Up to `count` bytes of the module's file at run-time `address` (from
    /// the ELF, not the process: a breakpoint may be inserted there).
    func codeBytes(module: OpaquePointer, address: UInt64, count: Int) -> [UInt8] {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return [] }
        let target = address &- bias
        var section = elf_nextscn(elf, nil)
        while let scn = section {
            var header = GElf_Shdr()
            if gelf_getshdr(scn, &header) != nil, header.sh_type != SHT_NOBITS, header.sh_flags & UInt64(SHF_ALLOC) != 0,
               header.sh_addr <= target, target < header.sh_addr + header.sh_size,
               let data = elf_getdata(scn, nil), let buffer = data.pointee.d_buf {
                let offset = Int(target - header.sh_addr)
                let available = min(count, data.pointee.d_size - offset)
                guard available > 0 else { return [] }
                let bytes = buffer.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
                return Array(UnsafeBufferPointer(start: bytes, count: available))
            }
            section = elf_nextscn(elf, scn)
        }
        return []
    }

    /// gdb's `amd64_analyze_prologue` for `amd64_skip_prologue`: past
    /// `[endbr64] push %rbp; mov %rsp,%rbp`; the entry for anything else
    /// (a frameless function).
    func amd64PostPrologue(module: OpaquePointer, entry: UInt64) -> UInt64 {
        let code = codeBytes(module: module, address: entry, count: 12)
        var i = 0
        if code.starts(with: [0xf3, 0x0f, 0x1e, 0xfa]) { i = 4 }
        guard code.count >= i + 4, code[i] == 0x55 else { return entry }
        let next = Array(code[(i + 1)...])
        if next.starts(with: [0x48, 0x89, 0xe5]) || next.starts(with: [0x48, 0x8b, 0xec]) { return entry + UInt64(i + 4) }
        if next.starts(with: [0x89, 0xe5]) || next.starts(with: [0x8b, 0xec]) { return entry + UInt64(i + 3) }
        return entry
    }
}
