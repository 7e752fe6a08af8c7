import Glibc
import SystemPackage
import WiretapCore

/// How a syscall's return value is printed.
package enum ReturnFormat: Sendable {
    case decimal
    /// Addresses: `0x7f...` (mmap, brk).
    case hex
    /// `0644`-style (umask).
    case octal
    /// A file descriptor (`-y` adds its path).
    case fd
    /// A process or thread id (`-Y` adds its command name).
    case pid
    /// Printed by the decoder itself at exit (after ` = `): by its
    /// `resultPrinter`, else in decimal.
    case custom
}

/// What a decoder says after printing at syscall entry.
package enum EntryResult: Sendable {
    /// Every argument is printed; at exit only `) = result` follows.
    case done(ReturnFormat = .decimal)
    /// Output arguments follow at exit: call the decoder again then.
    case atExit
    /// Every argument is printed, but the exit decides how the result reads
    /// (poll's `= 1 ([{fd=3, revents=POLLIN}])`): call the decoder again then.
    case resultAtExit
    /// The exit adds to the last argument printed (clone3's ` => {parent_tid=[N]}`)
    /// before any further ones.
    case continuesAtExit
}

/// A syscall decoder: prints arguments the way strace 6.1 does. It is called
/// at entry (`decoding.exit == nil`) and, if it asked for it, at exit.
package struct SyscallDecoder: Sendable {
    package let entry: @Sendable (inout Decoding) -> EntryResult
    /// Prints the remaining arguments at exit; returns how to print the result.
    package let exit: (@Sendable (inout Decoding) -> ReturnFormat)?

    init(entry: @escaping @Sendable (inout Decoding) -> EntryResult,
         exit: (@Sendable (inout Decoding) -> ReturnFormat)? = nil) {
        self.entry = entry
        self.exit = exit
    }
}

/// What a decoder works with: the arguments, the tracee's memory, the output
/// buffer and the format options. Argument printers append `, ` themselves
/// after the first argument.
package struct Decoding {
    package var out: OutputBuffer
    /// The call's arguments (a multiplexer's decoder, i386's socketcall, swaps
    /// in its sub-call's).
    var arguments: SyscallArguments
    /// The tracee's memory, as this call may read it (`-e verbose=`).
    let memory: DecoderMemory
    /// The call's ABI: a 32-bit one (i386 on x86_64) has 4-byte longs and
    /// pointers, in registers and in memory.
    let arch: AuditArch
    /// Whether longs and pointers are 4 bytes (a 32-bit tracee).
    var is32Bit: Bool { arch == .i386 }
    /// The size of a long or pointer in the tracee's memory.
    var wordSize: Int { is32Bit ? 4 : 8 }
    /// Arrays, structures and environments in full for this call
    /// (`-v`, or the call is outside `-e abbrev=`).
    let unabbreviated: Bool
    private let formatBox: StraceFormatBox
    /// The format options (read through a shared box, not copied per call).
    var format: StraceFormat {
        @inline(__always) get { formatBox.value }
    }
    /// Set at exit.
    package var exit: SyscallExit?
    /// Reused byte storage for reading strings.
    package var scratch: [UInt8]
    package private(set) var printed = 0
    /// With `-N`: the names printed before the arguments (`fd=`), by position;
    /// empty when the call has none (or without `-N`).
    var argumentNames: [StaticString] = []
    /// With `--json` and for library users (`recordsValues`): the values the
    /// emitters describe, recorded beside the text. Not optional: an
    /// optional's payload would be copied at each mutation.
    var values = ValueTape()
    var recordsValues = false
    /// An `elided()` marker was written in the array being printed: its end
    /// records the array as cut.
    var arrayElided = false
    /// Where the current argument's text starts (for a value a decoder wrote
    /// as text alone).
    private var argumentTextStart = 0
    /// The open structures, arrays, calls and value-result pairs, 3 bits a
    /// level (kind, and whether an element was written): no allocation.
    private var containers: UInt64 = 0
    private var depth = 0
    /// Reused storage for the names of a flag set or constant being recorded.
    private var names = OutputBuffer(capacity: 0)
    /// The caller's stack pointer at the syscall (rt_sigreturn reads its frame there).
    package var stackPointer: UInt64 = 0
    /// With `-P`: set when a path or descriptor argument names one of `format.paths`.
    package var touchesSelectedPath = false
    /// A value the entry saves for the exit (a value-result length before the
    /// kernel overwrites it); carried by the renderer from one to the other.
    package var saved: Int64? = nil
    /// With `.custom`: prints a successful result after ` = ` (`0x8002 (flags O_RDWR|O_LARGEFILE)`).
    package var resultPrinter: (@Sendable (Int64, inout OutputBuffer) -> Void)? = nil

    /// `-P`: whether `bytes` (a path as the tracee gave it) or a descriptor's
    /// target is one of the selected paths.
    mutating func noteSelected(path bytes: [UInt8]) {
        guard !format.paths.isEmpty, !touchesSelectedPath else { return }
        if format.paths.contains(bytes) { touchesSelectedPath = true; return }
        guard let cwd = try? ProcFS.linkTarget("/proc/\(memory.pid)/cwd") else { return }
        if format.paths.contains(Paths.bytes(Paths.resolve(bytes: bytes, against: Paths.path(bytes: cwd)))) { touchesSelectedPath = true }
    }

    /// `-P` and `--trace-fds`: whether descriptor `fd` is in the `--trace-fds`
    /// set or names one of the selected paths.
    mutating func noteSelected(fd: Int32) {
        guard !touchesSelectedPath, fd >= 0 else { return }
        if let wanted = format.traceFDs, wanted.contains(fd) { touchesSelectedPath = true; return }
        guard !format.paths.isEmpty, let target = try? ProcFS.linkTarget("/proc/\(memory.pid)/fd/\(fd)") else { return }
        if format.paths.contains(target) { touchesSelectedPath = true }
    }

    /// `number` and `arch` identify the call for `-e abbrev=` and `-e verbose=`
    /// (-1: neither applies; the defaults hold).
    package init(out: OutputBuffer, arguments: SyscallArguments, memory: RemoteMemory, format: StraceFormatBox, scratch: [UInt8],
         alreadyPrinted: Int, number: Int = -1, arch: AuditArch = .native) {
        self.out = out
        self.printed = alreadyPrinted
        self.arguments = arch == .i386 ? DecoderTable.narrowedCompat(arguments, number: number)
            : SyscallTable.narrowed(arguments, number: number, arch: arch)
        self.arch = arch
        // Read through the box (no copy of the selection's sets per call).
        self.memory = DecoderMemory(remote: memory,
                                    dereferences: number < 0 || format.value.selection.dereferenced.contains(number, arch: arch))
        self.unabbreviated = format.value.verbose || (number >= 0 && !format.value.selection.abbreviated.contains(number, arch: arch))
        self.formatBox = format
        self.scratch = scratch
        if format.value.argumentNames { self.argumentNames = ArgumentNames.names(of: number, arch: arch) }
    }

    /// The argument `i` (0-5).
    func arg(_ i: Int) -> UInt64 { arguments[i] }
    /// The argument as a C int.
    func int(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: arguments[i]) }
    /// The exit's return value (0 at entry).
    var result: Int64 { exit?.returnValue ?? 0 }
    /// Whether the syscall failed.
    var failed: Bool { exit?.isError ?? false }

    /// Starts the next argument (`, ` after the first).
    mutating func next() {
        if recordsValues { values.endArgument(text: out.contents[argumentTextStart...]) }
        depth = 0
        containers = 0
        if printed > 0 { out.append(", ") }
        if printed < argumentNames.count, !recordsValues {
            out.append(argumentNames[printed])
            out.append(byte: UInt8(ascii: "="))
        }
        printed += 1
        if recordsValues {
            argumentTextStart = out.count
            values.beginArgument()
        }
    }

    /// The exit continues the argument the entry left open
    /// (`.continuesAtExit`): clone3's `{...} => {parent_tid=[N]}`. The
    /// value-result pair the entry opened is open again, after its first value.
    mutating func resumeArgument(inChanged: Bool = false) {
        argumentTextStart = out.count
        if inChanged {
            open(.changed)
            containers |= 4
        }
    }

    /// Ends the argument being printed (at the end of the entry or exit).
    mutating func finishValues() {
        guard recordsValues else { return }
        values.endArgument(text: out.contents[argumentTextStart...])
    }

    /// Records a value's token (when values are recorded).
    @inline(__always)
    mutating func record(_ token: ValueTape.Token) {
        if recordsValues { values.tokens.append(token) }
    }

    /// Records bytes in the tape's arena.
    mutating func store<C: Collection>(_ bytes: C) -> ValueTape.Span where C.Element == UInt8 {
        values.store(bytes)
    }

    /// The older way to describe a value a decoder printed itself; kept for
    /// decoders not yet written with the emitters (flags and names are left
    /// to the text).
    mutating func typed(_ value: LegacyTyped) {
        guard recordsValues else { return }
        switch value {
        case .number(let v): record(.signed(v))
        case .unsigned(let v): record(.unsigned(v, .decimal))
        case .null: record(.pointer(0))
        case .string(let truncated): record(.string(store(scratch), truncated: truncated))
        case .flags, .named: break
        }
    }

    enum LegacyTyped {
        case number(Int64)
        case unsigned(UInt64)
        case null
        case string(truncated: Bool)
        case flags(UInt64)
        case named(Int64)
    }

    // MARK: Containers

    private enum ContainerKind: UInt64 {
        case structure = 0, array = 1, call = 2, changed = 3
    }

    private mutating func open(_ kind: ContainerKind) {
        if depth < 21 {
            let shift = UInt64(depth * 3)
            containers = (containers & ~(7 << shift)) | (kind.rawValue << shift)
        }
        depth += 1
    }

    private mutating func close() {
        if depth > 0 { depth -= 1 }
    }

    private var hasElement: Bool {
        guard depth > 0, depth <= 21 else { return false }
        return containers & (4 << UInt64((depth - 1) * 3)) != 0
    }

    /// Writes the separator before a value inside an array, a call's
    /// arguments or a value-result pair (`, ` or ` => `).
    mutating func beginValue() {
        guard depth > 0, depth <= 21 else { return }
        let shift = UInt64((depth - 1) * 3)
        if containers & (4 << shift) != 0 {
            switch ContainerKind(rawValue: (containers >> shift) & 3)! {
            case .array, .call: out.append(", ")
            case .changed: out.append(" => ")
            case .structure: break
            }
        }
        containers |= 4 << shift
    }

    /// `{`: fields follow, each after `field(_:)`.
    mutating func beginStructure() {
        beginValue()
        out.append(byte: UInt8(ascii: "{"))
        record(.beginStructure)
        open(.structure)
    }

    /// `name=` (after `, ` unless it is the first field): its value follows.
    mutating func field(_ name: StaticString) {
        if hasElement { out.append(", ") }
        if depth > 0, depth <= 21 { containers |= 4 << UInt64((depth - 1) * 3) }
        out.append(name)
        out.append(byte: UInt8(ascii: "="))
        record(.field(name))
    }

    /// `}`, after `, ...` when fields were left out (`abbreviated`).
    mutating func endStructure(abbreviated: Bool = false) {
        if abbreviated { out.append(hasElement ? ", ..." : "...") }
        close()
        out.append(byte: UInt8(ascii: "}"))
        record(.endStructure(abbreviated: abbreviated))
    }

    /// `[`: elements follow, separated by `, `.
    mutating func beginArray() {
        beginValue()
        out.append(byte: UInt8(ascii: "["))
        record(.beginArray)
        open(.array)
    }

    /// `]`, after `, ...` when elements were left out (`cut`).
    mutating func endArray(cut: Bool = false) {
        if cut { out.append(hasElement ? ", ..." : "...") }
        close()
        out.append(byte: UInt8(ascii: "]"))
        record(.endArray(cut: cut || arrayElided))
        arrayElided = false
    }

    /// strace's `...` as an array's last element, where it stops before the
    /// count (a cap, a cut buffer): the values record the array as cut.
    mutating func elided() {
        beginValue()
        out.append("...")
        arrayElided = true
    }

    /// strace's value-result form `[in => out]`: two values follow.
    /// `bracketed: false` for a structure field (`ifc_len=1024 => 80`).
    mutating func beginChanged(bracketed: Bool = true) {
        beginValue()
        if bracketed { out.append(byte: UInt8(ascii: "[")) }
        record(.beginChanged)
        open(.changed)
    }

    mutating func endChanged(bracketed: Bool = true) {
        close()
        if bracketed { out.append(byte: UInt8(ascii: "]")) }
        record(.endChanged)
    }

    /// A function-like form, `name(`: its arguments follow, separated by `, `.
    mutating func beginCall(_ name: StaticString) {
        beginValue()
        out.append(name)
        out.append(byte: UInt8(ascii: "("))
        record(.beginCall(name))
        open(.call)
    }

    mutating func endCall() {
        close()
        out.append(byte: UInt8(ascii: ")"))
        record(.endCall)
    }

    /// ` /* text */` after the value before it.
    mutating func comment(_ text: StaticString) {
        out.append(" /* ")
        out.append(text)
        out.append(" */")
        if recordsValues { record(.comment(store(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)))) }
    }

    /// ` /* ... */` with what `write` prints.
    mutating func comment(_ write: (inout OutputBuffer) -> Void) {
        out.append(" /* ")
        let start = out.count
        write(&out)
        if recordsValues { record(.comment(store(out.contents[start...]))) }
        out.append(" */")
    }

    // MARK: Leaf values

    /// A signed decimal.
    mutating func signedValue<T: BinaryInteger>(_ value: T) {
        beginValue()
        out.append(decimal: value)
        record(.signed(Int64(truncatingIfNeeded: value)))
    }

    /// An unsigned decimal.
    mutating func unsignedValue<T: BinaryInteger>(_ value: T) {
        beginValue()
        out.append(decimal: value)
        record(.unsigned(UInt64(truncatingIfNeeded: value), .decimal))
    }

    /// `NULL` or `0x...`.
    mutating func pointerValue(_ address: UInt64) {
        beginValue()
        out.appendPointer(address)
        record(.pointer(address))
    }

    /// Memory that could not be read: its address, as strace prints it.
    mutating func unreadable(_ address: UInt64) {
        beginValue()
        out.append(hex: address)
        record(.unreadable(address))
    }

    /// A structure's `count` bytes at `address`, or nil after printing what
    /// strace prints instead: `NULL`, or the address when it cannot be read
    /// (or, with `exitOnly`, when the call failed and left nothing to show).
    mutating func structureBytes(at address: UInt64, count: Int, exitOnly: Bool = false) -> [UInt8]? {
        guard address != 0 else { pointerValue(0); return nil }
        var bytes: [UInt8] = []
        guard !(exitOnly && failed), (try? memory.readExactly(from: address, count: count, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return bytes
    }

    /// A quoted string of bytes (`-s`, `-x` apply as strace's do).
    mutating func stringValue<C: Collection>(_ bytes: C, truncated: Bool) where C.Element == UInt8 {
        beginValue()
        out.appendQuoted(bytes, style: format.stringStyle, truncated: truncated)
        if recordsValues { record(.string(store(bytes), truncated: truncated)) }
    }

    /// A set of flags from a table (`O_RDONLY|O_CLOEXEC`), in the `-X` style.
    mutating func flagsValue(_ value: UInt64, _ table: [NamedConstant]) {
        symbolic(value) { $0.appendFlags(value, in: table) }
    }

    /// Flags where strace names a set with no known bit as `unknown`:
    /// `0x10000000 /* RWF_??? */` (the number alone under `-X raw`).
    mutating func flags(_ i: Int, _ table: [NamedConstant], unknown: StaticString) {
        next()
        flagsValue(arg(i), table, unknown: unknown)
    }

    mutating func flagsValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let named = table.contains { $0.value > 0 && UInt64($0.value) & value == UInt64($0.value) }
        guard value != 0, !named else { flagsValue(value, table); return }
        customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
        if format.constants != .raw { comment(unknown) }
    }

    /// A set of signals: `[INT TERM]`, `~[RTMIN]` for most of them.
    mutating func signalSetValue(_ set: UInt64) {
        beginValue()
        let complement = set.nonzeroBitCount > 32
        let shown = complement ? ~set : set
        if complement { out.append("~") }
        out.append("[")
        var first = true
        for n in 1...64 where shown & (1 << UInt64(n - 1)) != 0 {
            if !first { out.append(" ") }
            first = false
            // -X: the number, and under verbose its name in a comment.
            switch format.constants {
            case .abbrev:
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
            case .raw:
                out.append(decimal: n)
            case .verbose:
                out.append(decimal: n)
                out.append(" /* ")
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
                out.append(" */")
            }
        }
        out.append("]")
        record(.signalSet(shown, complemented: complement))
    }

    /// A value whose text the caller writes (`write` gets the output, after
    /// the separator) and whose meaning is `token`: for presentations no
    /// emitter has (`8192*1024` is `.unsigned(8388608, .decimal)`).
    mutating func customValue(_ token: ValueTape.Token, _ write: (inout OutputBuffer) -> Void) {
        beginValue()
        write(&out)
        record(token)
    }

    /// Text with no structure (strace's `???`, a form with no value model).
    mutating func textValue(_ text: StaticString) {
        beginValue()
        out.append(text)
        if recordsValues { record(.text(store(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)))) }
    }

    // MARK: Scalars

    mutating func decimal(_ i: Int) { next(); signedValue(int(i)) }
    /// A process or thread id: `-Y` adds `<comm>` for a positive one.
    mutating func pid(_ i: Int) {
        decimal(i)
        if format.pidComm { out.appendPIDComm(Int64(int(i))) }
    }
    mutating func unsigned(_ i: Int) { next(); unsignedValue(UInt32(truncatingIfNeeded: arg(i))) }
    mutating func long(_ i: Int) { next(); signedValue(signedLong(i)) }
    /// Argument `i` as a C long (or off_t, ssize_t): sign-extended from 32
    /// bits for a 32-bit tracee.
    func signedLong(_ i: Int) -> Int64 { signedWord(arg(i)) }
    /// A long-sized value of this ABI, sign-extended.
    func signedWord(_ value: UInt64) -> Int64 {
        is32Bit ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value)
    }
    /// A long-sized or pointer value at `address` in the tracee's memory (4
    /// bytes for a 32-bit tracee), zero-extended.
    func loadWord(at address: UInt64) throws(MemoryAccessError) -> UInt64 {
        is32Bit ? UInt64(try memory.load(UInt32.self, from: address)) : try memory.load(UInt64.self, from: address)
    }
    mutating func unsignedLong(_ i: Int) { next(); unsignedValue(arg(i)) }
    /// strace's `%#lx`: `0` for zero, else `0x...`.
    mutating func hex(_ i: Int) { next(); hexValue(arg(i)) }
    mutating func hexValue(_ value: UInt64) {
        beginValue()
        if value == 0 { out.append("0") } else { out.append(hex: value) }
        record(.unsigned(value, .hexadecimal))
    }
    /// `NULL` or `0x...`.
    mutating func pointer(_ i: Int) { next(); pointerValue(arg(i)) }
    /// A file descriptor (with `-y`, its path: `3</etc/passwd>`).
    mutating func fd(_ i: Int) { next(); fdValue(int(i)) }
    mutating func fdValue(_ fd: Int32) {
        beginValue()
        out.append(decimal: fd)
        noteSelected(fd: fd)
        let start = out.count
        if !format.descriptors.isEmpty {
            out.appendDescriptorPath(pid: memory.pid, fd: Int64(fd), decoding: format.descriptors, style: format.stringStyle)
        }
        if recordsValues {
            // The annotation without its angle brackets (a deleted file's `(deleted)` follows them).
            var end = out.count
            let deleted = "(deleted)".utf8
            if end - start > deleted.count, out.contents[(end - deleted.count)..<end].elementsEqual(deleted) { end -= deleted.count }
            let annotation = end - start >= 2 ? store(out.contents[(start + 1)..<(end - 1)]) : nil
            record(.descriptor(fd, annotation: annotation))
        }
    }
    /// A directory descriptor of a `*at` call; AT_FDCWD by name.
    mutating func dirfd(_ i: Int) {
        next()
        if int(i) == -100 {
            symbolic(UInt64(bitPattern: -100), decimal: true, named: true) { $0.append("AT_FDCWD") }
            if format.descriptors.contains(.path) {
                out.appendDescriptorPath(pid: memory.pid, link: "cwd", decoding: .path, style: format.stringStyle)
            }
        } else {
            fdValue(int(i))
        }
    }
    /// A mode like `0644` (`0` for zero).
    mutating func octal(_ i: Int) { next(); octalValue(arg(i)) }
    mutating func octalValue(_ value: UInt64) {
        beginValue()
        out.appendOctal(value)
        record(.unsigned(value, .octal))
    }
    /// Flags by name from a generated table.
    mutating func flags(_ i: Int, _ table: [NamedConstant]) {
        next()
        flagsValue(arg(i), table)
    }

    /// Prints a constant the `-X` way: by name (`names`), as a number, or both
    /// (`0x3 /* PROT_READ|PROT_WRITE */`). Numbers are `%#x`, or decimal when asked.
    /// `named`: a single value (not flags), commented even when zero.
    /// `commentsZero`: flags whose zero has a name (`0 /* O_RDONLY */`).
    /// Recorded as a flag set, or with `named` as one named value, whose
    /// names are what `names` writes.
    mutating func symbolic(_ value: UInt64, decimal: Bool = false, named: Bool = false, commentsZero: Bool = false,
                           _ names: (inout OutputBuffer) -> Void) {
        beginValue()
        var written: Range<Int>? = nil
        switch format.constants {
        case .abbrev:
            let start = out.count
            names(&out)
            written = start..<out.count
        case .raw, .verbose:
            if decimal { out.append(decimal: Int64(bitPattern: value)) } else if value == 0 { out.append("0") } else { out.append(hex: value) }
            if format.constants == .verbose && (value != 0 || decimal || named || commentsZero) {
                out.append(" /* ")
                let start = out.count
                names(&out)
                written = start..<out.count
                out.append(" */")
            }
        }
        guard recordsValues else { return }
        let span: ValueTape.Span
        if let written {
            // The names just written: no second run of `names`.
            span = store(out.contents[written])
        } else {
            self.names.removeAll()
            names(&self.names)
            span = store(self.names.contents)
        }
        record(named ? .constant(Int64(bitPattern: value), span) : .flags(value, span))
    }
    /// One value by name, or `fallback` formatting when it has none.
    mutating func named(_ i: Int, _ table: [NamedConstant], signed: Bool = true) {
        next()
        let value = signed ? Int64(int(i)) : Int64(bitPattern: arg(i))
        if table.contains(where: { $0.value == value }) {
            symbolic(UInt64(bitPattern: value), named: true) { _ = $0.appendName(of: value, in: table) }
        } else {
            beginValue()
            out.append(hex: UInt64(bitPattern: value))
            out.append(" /* ??? */")
            record(.constant(value, ValueTape.Span(start: 0, end: 0)))
        }
    }

    /// An output argument at exit: its address if the call failed (the
    /// kernel wrote nothing), else what `print` makes of it (NULL included).
    mutating func output(_ i: Int, _ print: (inout Decoding, UInt64) -> Void) {
        next()
        if failed { pointerValue(arg(i)) } else { print(&self, arg(i)) }
    }

    // MARK: Memory

    /// A pathname: the whole string (paths are not cut at `-s`), or the address if unreadable.
    mutating func path(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        do {
            // As strace: PATH_MAX bytes read; without a NUL among them, the first PATH_MAX - 1 and `...`.
            let read = try memory.readCString(at: address, limit: Int(PATH_MAX) - 1, into: &scratch)
            stringValue(scratch, truncated: read.truncated)
            noteSelected(path: scratch)
        } catch {
            unreadable(address)
        }
    }

    /// A NUL-terminated string cut at `-s`.
    mutating func cString(_ i: Int) {
        next()
        appendCString(at: arg(i))
    }

    mutating func appendCString(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        do {
            let read = try memory.readCString(at: address, limit: format.stringLimit, into: &scratch)
            stringValue(scratch, truncated: read.truncated)
        } catch {
            unreadable(address)
        }
    }

    /// A buffer of `length` bytes at argument `i`, cut at `-s`.
    mutating func buffer(_ i: Int, length: Int) {
        next()
        let address = arg(i)
        // NULL is NULL even with nothing to read, as strace prints it.
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(length, format.stringLimit))
        // As strace: one byte past -s is read too, so a buffer that ends
        // (unreadable) right after the shown part prints as its address.
        let read = max(0, min(length, format.stringLimit < Int.max ? format.stringLimit + 1 : Int.max))
        let ok = (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil
        if ok || read == 0 {
            stringValue(scratch.prefix(shown), truncated: length > shown)
        } else {
            unreadable(address)
        }
    }

    /// Reads a value of a trivial type, or prints the address and returns nil.
    mutating func load<T: BitwiseCopyable>(_ type: T.Type, _ i: Int) -> T? {
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return nil }
        guard let value = try? memory.load(type, from: address) else {
            unreadable(address)
            return nil
        }
        return value
    }
}

/// The tracee's memory as a decoder reads it. Outside `-e verbose=`
/// (`verbose=none`), strace prints the address of every structure and array
/// instead of its contents, while strings and data buffers still show: reads
/// of values and structures (`load`, `readExactly` into a raw buffer, or with
/// `structure: true`) fail then, and the decoders print the address as they
/// do for unreadable memory.
struct DecoderMemory {
    let remote: RemoteMemory
    /// False outside `-e verbose=`.
    let dereferences: Bool

    var pid: pid_t { remote.pid }

    private func refused(_ address: UInt64) -> MemoryAccessError {
        MemoryAccessError(pid: remote.pid, address: address, code: .notPermitted)
    }

    func load<T: BitwiseCopyable>(_ type: T.Type, from address: UInt64) throws(MemoryAccessError) -> T {
        guard dereferences else { throw refused(address) }
        return try remote.load(type, from: address)
    }

    func readExactly(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(MemoryAccessError) {
        guard dereferences else { throw refused(address) }
        try remote.readExactly(from: address, into: buffer)
    }

    /// Bytes (a string or data buffer; with `structure`, an array of values).
    func readExactly(from address: UInt64, count: Int, into bytes: inout [UInt8], structure: Bool = false) throws(MemoryAccessError) {
        guard dereferences || !structure else { throw refused(address) }
        try remote.readExactly(from: address, count: count, into: &bytes)
    }

    func readCString(at address: UInt64, limit: Int, into bytes: inout [UInt8]) throws(MemoryAccessError) -> RemoteStringRead {
        try remote.readCString(at: address, limit: limit, into: &bytes)
    }

    func readCString(at address: UInt64, limit: Int = 4096) throws(MemoryAccessError) -> (string: String, truncated: Bool) {
        try remote.readCString(at: address, limit: limit)
    }
}

/// Format options shared by reference: a decoder reads a few of them per
/// call, and copying the whole struct (sets, arrays) at every call would cost
/// a retain and release for each of its references.
package final class StraceFormatBox: Sendable {
    package let value: StraceFormat
    package init(_ value: StraceFormat) { self.value = value }
}
