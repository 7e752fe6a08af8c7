import Glibc

/// How a syscall's return value is printed.
enum ReturnFormat: Sendable {
    case decimal
    /// Addresses: `0x7f...` (mmap, brk).
    case hex
    /// `0644`-style (umask).
    case octal
    /// A file descriptor (`-y` adds its path).
    case fd
    /// Printed by the decoder itself at exit (after ` = `).
    case custom
}

/// What a decoder says after printing at syscall entry.
enum EntryResult: Sendable {
    /// Every argument is printed; at exit only `) = result` follows.
    case done(ReturnFormat = .decimal)
    /// Output arguments follow at exit: call the decoder again then.
    case atExit
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
    let memory: RemoteMemory
    let format: StraceFormat
    /// Set at exit.
    var exit: SyscallExit?
    /// Reused byte storage for reading strings.
    var scratch: [UInt8]
    private(set) var printed = 0

    init(out: OutputBuffer, arguments: SyscallArguments, memory: RemoteMemory, format: StraceFormat, scratch: [UInt8],
         alreadyPrinted: Int) {
        self.out = out
        self.printed = alreadyPrinted
        self.arguments = arguments
        self.memory = memory
        self.format = format
        self.scratch = scratch
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
        if printed > 0 { out.append(", ") }
        printed += 1
    }

    // MARK: Scalars

    mutating func decimal(_ i: Int) { next(); out.append(decimal: int(i)) }
    mutating func unsigned(_ i: Int) { next(); out.append(decimal: UInt32(truncatingIfNeeded: arg(i))) }
    mutating func long(_ i: Int) { next(); out.append(decimal: Int64(bitPattern: arg(i))) }
    mutating func unsignedLong(_ i: Int) { next(); out.append(decimal: arg(i)) }
    /// strace's `%#lx`: `0` for zero, else `0x...`.
    mutating func hex(_ i: Int) { next(); hexValue(arg(i)) }
    mutating func hexValue(_ value: UInt64) { if value == 0 { out.append("0") } else { out.append(hex: value) } }
    /// `NULL` or `0x...`.
    mutating func pointer(_ i: Int) { next(); out.appendPointer(arg(i)) }
    /// A file descriptor (with `-y`, its path: `3</etc/passwd>`).
    mutating func fd(_ i: Int) { next(); fdValue(int(i)) }
    mutating func fdValue(_ fd: Int32) {
        out.append(decimal: fd)
        if format.decodeDescriptors { out.appendDescriptorPath(pid: memory.pid, fd: Int64(fd)) }
    }
    /// A directory descriptor of a `*at` call; AT_FDCWD by name.
    mutating func dirfd(_ i: Int) {
        next()
        if int(i) == -100 {
            out.append("AT_FDCWD")
            if format.decodeDescriptors { out.appendDescriptorPath(pid: memory.pid, link: "cwd") }
        } else {
            fdValue(int(i))
        }
    }
    /// A mode like `0644` (`0` for zero).
    mutating func octal(_ i: Int) { next(); octalValue(arg(i)) }
    mutating func octalValue(_ value: UInt64) {
        out.append("0")
        if value != 0 { out.append(String(value, radix: 8)) }
    }
    /// Flags by name from a generated table.
    mutating func flags(_ i: Int, _ table: [NamedConstant]) { next(); out.appendFlags(arg(i), in: table) }
    /// One value by name, or `fallback` formatting when it has none.
    mutating func named(_ i: Int, _ table: [NamedConstant], signed: Bool = true) {
        next()
        let value = signed ? Int64(int(i)) : Int64(bitPattern: arg(i))
        if !out.appendName(of: value, in: table) { out.append(hex: UInt64(bitPattern: value)) ; out.append(" /* ??? */") }
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
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: repeatElement(0, count: shown))
        let ok: Bool = scratch.withUnsafeMutableBytes { raw in
            (try? memory.readExactly(from: address, into: raw)) != nil
        }
        if ok || shown == 0 {
            out.appendQuoted(scratch, style: format.stringStyle, truncated: length > shown)
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
