import Glibc
import SystemPackage

/// How a syscall's return value is printed.
enum ReturnFormat: Sendable {
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
enum EntryResult: Sendable {
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
struct SyscallDecoder: Sendable {
    let entry: @Sendable (inout Decoding) -> EntryResult
    /// Prints the remaining arguments at exit; returns how to print the result.
    let exit: (@Sendable (inout Decoding) -> ReturnFormat)?

    init(entry: @escaping @Sendable (inout Decoding) -> EntryResult,
         exit: (@Sendable (inout Decoding) -> ReturnFormat)? = nil) {
        self.entry = entry
        self.exit = exit
    }
}

/// What a decoder works with: the arguments, the tracee's memory, the output
/// buffer and the format options. Argument printers append `, ` themselves
/// after the first argument.
struct Decoding {
    var out: OutputBuffer
    let arguments: SyscallArguments
    /// The tracee's memory, as this call may read it (`-e verbose=`).
    let memory: DecoderMemory
    /// Arrays, structures and environments in full for this call
    /// (`-v`, or the call is outside `-e abbrev=`).
    let unabbreviated: Bool
    private let formatBox: StraceFormatBox
    /// The format options (read through a shared box, not copied per call).
    var format: StraceFormat {
        @inline(__always) get { formatBox.value }
    }
    /// Set at exit.
    var exit: SyscallExit?
    /// Reused byte storage for reading strings.
    var scratch: [UInt8]
    private(set) var printed = 0
    /// With `-N`: the names printed before the arguments (`fd=`), by position;
    /// empty when the call has none (or without `-N`).
    var argumentNames: [StaticString] = []
    /// With `--json` (`recordsJSON`): the arguments as JSON values, captured
    /// as they are printed. Not optional: an optional's payload would be
    /// copied at each mutation.
    var json = JSONArguments(capacity: 0)
    var recordsJSON = false
    /// The caller's stack pointer at the syscall (rt_sigreturn reads its frame there).
    var stackPointer: UInt64 = 0
    /// With `-P`: set when a path or descriptor argument names one of `format.paths`.
    var touchesSelectedPath = false
    /// A value the entry saves for the exit (a value-result length before the
    /// kernel overwrites it); carried by the renderer from one to the other.
    var saved: Int64? = nil
    /// With `.custom`: prints a successful result after ` = ` (`0x8002 (flags O_RDWR|O_LARGEFILE)`).
    var resultPrinter: (@Sendable (Int64, inout OutputBuffer) -> Void)? = nil

    /// `-P`: whether `bytes` (a path as the tracee gave it) or a descriptor's
    /// target is one of the selected paths.
    mutating func noteSelected(path bytes: [UInt8]) {
        guard !format.paths.isEmpty, !touchesSelectedPath else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        if format.paths.contains(text) { touchesSelectedPath = true; return }
        guard let cwd = try? ProcFS.currentDirectory(of: memory.pid) else { return }
        if format.paths.contains(Paths.resolve(bytes: bytes, against: FilePath(cwd)).string) { touchesSelectedPath = true }
    }

    /// `-P` and `--trace-fds`: whether descriptor `fd` is in the `--trace-fds`
    /// set or names one of the selected paths.
    mutating func noteSelected(fd: Int32) {
        guard !touchesSelectedPath, fd >= 0 else { return }
        if let wanted = format.traceFDs, wanted.contains(fd) { touchesSelectedPath = true; return }
        guard !format.paths.isEmpty, let target = try? ProcFS.readLink("/proc/\(memory.pid)/fd/\(fd)") else { return }
        if format.paths.contains(target) { touchesSelectedPath = true }
    }

    /// `number` and `arch` identify the call for `-e abbrev=` and `-e verbose=`
    /// (-1: neither applies; the defaults hold).
    init(out: OutputBuffer, arguments: SyscallArguments, memory: RemoteMemory, format: StraceFormatBox, scratch: [UInt8],
         alreadyPrinted: Int, number: Int = -1, arch: AuditArch = .native) {
        self.out = out
        self.printed = alreadyPrinted
        self.arguments = arguments
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
        if recordsJSON { json.close(text: out) }
        if printed > 0 { out.append(", ") }
        if printed < argumentNames.count, !recordsJSON {
            out.append(argumentNames[printed])
            out.append(byte: UInt8(ascii: "="))
        }
        printed += 1
        if recordsJSON { json.start(at: out.count) }
    }

    /// With `--json`: records what the current argument is, beyond its text.
    mutating func typed(_ value: JSONArguments.Typed) {
        guard recordsJSON else { return }
        json.typed = value
        if case .string(let truncated) = value { json.captureString(scratch, truncated: truncated) }
    }

    // MARK: Scalars

    mutating func decimal(_ i: Int) { next(); out.append(decimal: int(i)); typed(.number(Int64(int(i)))) }
    /// A process or thread id: `-Y` adds `<comm>` for a positive one.
    mutating func pid(_ i: Int) {
        decimal(i)
        if format.pidComm { out.appendPIDComm(Int64(int(i))) }
    }
    mutating func unsigned(_ i: Int) {
        next()
        out.append(decimal: UInt32(truncatingIfNeeded: arg(i)))
        typed(.number(Int64(UInt32(truncatingIfNeeded: arg(i)))))
    }
    mutating func long(_ i: Int) { next(); out.append(decimal: Int64(bitPattern: arg(i))); typed(.number(Int64(bitPattern: arg(i)))) }
    mutating func unsignedLong(_ i: Int) { next(); out.append(decimal: arg(i)); typed(.unsigned(arg(i))) }
    /// strace's `%#lx`: `0` for zero, else `0x...`.
    mutating func hex(_ i: Int) { next(); hexValue(arg(i)) }
    mutating func hexValue(_ value: UInt64) { if value == 0 { out.append("0") } else { out.append(hex: value) } }
    /// `NULL` or `0x...`.
    mutating func pointer(_ i: Int) { next(); out.appendPointer(arg(i)); if arg(i) == 0 { typed(.null) } }
    /// A file descriptor (with `-y`, its path: `3</etc/passwd>`).
    mutating func fd(_ i: Int) { next(); fdValue(int(i)) }
    mutating func fdValue(_ fd: Int32) {
        out.append(decimal: fd)
        typed(.number(Int64(fd)))
        noteSelected(fd: fd)
        if !format.descriptors.isEmpty { out.appendDescriptorPath(pid: memory.pid, fd: Int64(fd), decoding: format.descriptors) }
    }
    /// A directory descriptor of a `*at` call; AT_FDCWD by name.
    mutating func dirfd(_ i: Int) {
        next()
        if int(i) == -100 {
            symbolic(UInt64(bitPattern: -100), decimal: true) { $0.append("AT_FDCWD") }
            if format.descriptors.contains(.path) { out.appendDescriptorPath(pid: memory.pid, link: "cwd", decoding: .path) }
        } else {
            fdValue(int(i))
        }
    }
    /// A mode like `0644` (`0` for zero).
    mutating func octal(_ i: Int) { next(); octalValue(arg(i)); typed(.unsigned(arg(i))) }
    mutating func octalValue(_ value: UInt64) {
        out.append("0")
        guard value != 0 else { return }
        var shift = 63
        while shift > 0 && value >> UInt64(shift) == 0 { shift -= 3 }
        while shift >= 0 {
            out.append(byte: UInt8(ascii: "0") + UInt8((value >> UInt64(shift)) & 7))
            shift -= 3
        }
    }
    /// Flags by name from a generated table.
    mutating func flags(_ i: Int, _ table: [NamedConstant]) {
        next()
        let value = arg(i)
        symbolic(value) { $0.appendFlags(value, in: table) }
        typed(.flags(value))
    }

    /// Prints a constant the `-X` way: by name (`names`), as a number, or both
    /// (`0x3 /* PROT_READ|PROT_WRITE */`). Numbers are `%#x`, or decimal when asked.
    /// `named`: a single value (not flags), commented even when zero.
    mutating func symbolic(_ value: UInt64, decimal: Bool = false, named: Bool = false, _ names: (inout OutputBuffer) -> Void) {
        switch format.constants {
        case .abbrev:
            names(&out)
        case .raw, .verbose:
            if decimal { out.append(decimal: Int64(bitPattern: value)) } else { hexValue(value) }
            if format.constants == .verbose && (value != 0 || decimal || named) {
                out.append(" /* ")
                names(&out)
                out.append(" */")
            }
        }
    }
    /// One value by name, or `fallback` formatting when it has none.
    mutating func named(_ i: Int, _ table: [NamedConstant], signed: Bool = true) {
        next()
        let value = signed ? Int64(int(i)) : Int64(bitPattern: arg(i))
        if table.contains(where: { $0.value == value }) {
            symbolic(UInt64(bitPattern: value), named: true) { _ = $0.appendName(of: value, in: table) }
            typed(.named(value))
        } else {
            out.append(hex: UInt64(bitPattern: value))
            out.append(" /* ??? */")
            typed(.number(value))
        }
    }

    /// An output argument at exit: its address if the call failed (the
    /// kernel wrote nothing), else what `print` makes of it (NULL included).
    mutating func output(_ i: Int, _ print: (inout Decoding, UInt64) -> Void) {
        next()
        if failed { out.appendPointer(arg(i)) } else { print(&self, arg(i)) }
    }

    // MARK: Memory

    /// A pathname: the whole string (paths are not cut at `-s`), or the address if unreadable.
    mutating func path(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { out.append("NULL"); return }
        do {
            let read = try memory.readCString(at: address, limit: Int(PATH_MAX), into: &scratch)
            out.appendQuoted(scratch, style: format.stringStyle, truncated: read.truncated)
            typed(.string(truncated: read.truncated))
            noteSelected(path: scratch)
        } catch {
            out.append(hex: address)
        }
    }

    /// A NUL-terminated string cut at `-s`.
    mutating func cString(_ i: Int) {
        next()
        appendCString(at: arg(i))
    }

    mutating func appendCString(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        do {
            let read = try memory.readCString(at: address, limit: format.stringLimit, into: &scratch)
            out.appendQuoted(scratch, style: format.stringStyle, truncated: read.truncated)
            typed(.string(truncated: read.truncated))
        } catch {
            out.append(hex: address)
        }
    }

    /// A buffer of `length` bytes at argument `i`, cut at `-s`.
    mutating func buffer(_ i: Int, length: Int) {
        next()
        let address = arg(i)
        guard address != 0 || length == 0 else { out.append("NULL"); return }
        let shown = max(0, min(length, format.stringLimit))
        let ok = (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil
        if ok || shown == 0 {
            out.appendQuoted(scratch, style: format.stringStyle, truncated: length > shown)
            typed(.string(truncated: length > shown))
        } else {
            out.append(hex: address)
        }
    }

    /// Reads a value of a trivial type, or prints the address and returns nil.
    mutating func load<T: BitwiseCopyable>(_ type: T.Type, _ i: Int) -> T? {
        let address = arg(i)
        guard address != 0 else { out.append("NULL"); return nil }
        guard let value = try? memory.load(type, from: address) else {
            out.append(hex: address)
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
final class StraceFormatBox: Sendable {
    let value: StraceFormat
    init(_ value: StraceFormat) { self.value = value }
}

/// The JSON form of a syscall's arguments, captured while its text is printed.
/// An argument a printer describes (`typed`) becomes a number, string, null,
/// flag set or named value; any other argument keeps strace's text as a string.
struct JSONArguments {
    enum Typed {
        case number(Int64)
        case unsigned(UInt64)
        case null
        /// The bytes are in the decoder's scratch buffer when this is recorded.
        case string(truncated: Bool)
        /// Names come from the printed text (`O_RDONLY|O_CLOEXEC`).
        case flags(UInt64)
        case named(Int64)
    }

    /// The JSON array's contents so far (without brackets).
    var out: OutputBuffer
    var count = 0
    private var argumentStart: Int? = nil
    var typed: Typed? = nil
    private var capturedString: OutputBuffer

    init(capacity: Int = 256) {
        out = OutputBuffer(capacity: capacity)
        capturedString = OutputBuffer(capacity: capacity / 4)
    }

    mutating func start(at offset: Int) {
        argumentStart = offset
        typed = nil
    }

    /// Back to empty, keeping the storage (the renderer reuses these).
    mutating func reset() {
        out.removeAll()
        count = 0
        argumentStart = nil
        typed = nil
        capturedString.removeAll()
    }

    mutating func captureString(_ bytes: [UInt8], truncated: Bool) {
        capturedString.removeAll()
        if truncated {
            capturedString.append("{\"string\":")
            capturedString.appendJSONString(bytes: bytes)
            capturedString.append(",\"truncated\":true}")
        } else {
            capturedString.appendJSONString(bytes: bytes)
        }
    }

    /// Closes the current argument, whose text is `text[start...]`.
    mutating func close(text: OutputBuffer) {
        guard let start = argumentStart else { return }
        argumentStart = nil
        let printed = text.contents[start...]
        if count > 0 { out.append(byte: UInt8(ascii: ",")) }
        count += 1
        // Structures and arrays: read from the text, whatever their parts recorded.
        if let first = printed.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           StraceNotation.appendJSON(of: printed, to: &out) {
            typed = nil
            return
        }
        switch typed {
        case .number(let value)?: out.append(decimal: value)
        case .unsigned(let value)?: out.append(decimal: value)
        case .null?: out.append("null")
        case .string?: out.append(bytes: capturedString.contents)
        case .flags(let raw)?:
            out.append("{\"raw\":")
            out.append(decimal: raw)
            out.append(",\"flags\":[")
            let none = printed.count == 1 && printed.first == UInt8(ascii: "0")
            for (i, name) in printed.split(separator: UInt8(ascii: "|")).enumerated() where !none {
                if i > 0 { out.append(byte: UInt8(ascii: ",")) }
                out.appendJSONString(bytes: name)
            }
            out.append("]}")
        case .named(let raw)?:
            out.append("{\"raw\":")
            out.append(decimal: raw)
            out.append(",\"name\":")
            out.appendJSONString(bytes: printed)
            out.append("}")
        case nil:
            // Structures and arrays become objects and arrays; other text stays a string.
            if !StraceNotation.appendJSON(of: printed, to: &out) {
                out.appendJSONString(bytes: printed)
            }
        }
        typed = nil
    }
}
