import Glibc
import WiretapCore

/// What the dynamic loader and libc startup call: execve, brk, mmap and
/// friends, openat, read, and the rest of a `true` run (the stat family is
/// in StatDecoders).
enum StartupDecoders {
    static let all: DecoderFamily = [
        .execve: SyscallDecoder { d in
            d.path(0)
            d.stringArray(1)
            d.environment(2)
            return .done()
        },
        // execveat(3, "prog", ["prog"], 0x7ffd... /* 3 vars */, AT_EMPTY_PATH)
        .execveat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.stringArray(2)
            d.environment(3)
            d.flags(4, Constants.pathAtFlags, unknown: "AT_???")
            return .done()
        },
        .brk: SyscallDecoder { d in
            d.pointer(0)
            return .done(.hex)
        },
        .mmap: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            d.mapFlags(3)
            d.fd(4)
            d.hex(5)
            return .done(.hex)
        },
        .mprotect: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            return .done()
        },
        .munmap: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            return .done()
        },
        .arch_prctl: SyscallDecoder(entry: { d in d.archPrctlEntry() }, exit: { d in d.archPrctlExit() }),
        .set_tid_address: SyscallDecoder { d in
            d.hex(0)  // strace prints the address as a number: 0, not NULL
            return .done()
        },
        .set_robust_list: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            return .done()
        },
        .rseq: SyscallDecoder { d in
            // strace 6.1 has no rseq decoder: every argument in hex.
            d.hex(0)
            d.hex(1)
            d.hex(2)
            d.hex(3)
            return .done()
        },
        .prlimit64: SyscallDecoder(entry: { d in
            d.pid(0)
            d.rlimitResource(1)
            d.next()
            d.rlimit(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.output(3) { $0.rlimit(at: $1) }
            return .decimal
        }),
        .access: SyscallDecoder { d in
            d.path(0)
            d.accessMode(1)
            return .done()
        },
        .faccessat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.accessMode(2)
            return .done()
        },
        .open: SyscallDecoder { d in
            d.path(0)
            d.openFlags(1, mode: 2)
            return .done(.fd)
        },
        .openat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.openFlags(2, mode: 3)
            return .done(.fd)
        },
        .creat: SyscallDecoder { d in
            d.path(0)
            d.mode(1)
            return .done(.fd)
        },
        .close: SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        .read: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            return .decimal
        }),
        .pread64: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.long(3)
            return .decimal
        }),
        .write: SyscallDecoder { d in
            d.fd(0)
            d.buffer(1, length: Int(min(d.arg(2), UInt64(Int32.max))))
            d.unsignedLong(2)
            return .done()
        },
        .pwrite64: SyscallDecoder { d in
            d.fd(0)
            d.buffer(1, length: Int(min(d.arg(2), UInt64(Int32.max))))
            d.unsignedLong(2)
            d.long(3)
            return .done()
        },
.getrandom: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { d, address in d.bytes(at: address, count: Int(d.result), style: .hexAll) }
            d.unsignedLong(1)
            d.flags(2, Constants.randomFlags, unknown: "GRND_???")
            return .decimal
        }),
        .exit_group: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
        .exit: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
    ]
}

extension Decoding {
    /// `F_OK` or `R_OK|W_OK|X_OK`.
    mutating func accessMode(_ i: Int) {
        next()
        let value = arg(i)
        // strace's access_modes names 0 F_OK; a mode with no known bit is `?_OK`.
        if value == 0 {
            symbolic(0, named: true) { $0.append("F_OK") }
        } else {
            flagsValue(value, Constants.accessModes, unknown: "?_OK")
        }
    }

    /// `O_RDONLY|O_CLOEXEC`, and the mode argument when O_CREAT or O_TMPFILE asks for one.
    mutating func openFlags(_ i: Int, mode: Int) {
        next()
        let value = arg(i)
        symbolic(value, commentsZero: true) { out in
            _ = out.appendName(of: Int64(value & 3), in: Constants.openAccessModes)
            let rest = value & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
        let tmpfile: UInt64 = 0o20200000
        if value & UInt64(O_CREAT) != 0 || value & tmpfile == tmpfile {
            self.mode(mode)
        }
    }

    /// An `argv`-style array: `["ls", "-l"]`, each string cut at `-s`, at
    /// most `-s` of them unless `-v`; where the array runs into unreadable
    /// memory, `... /* 0x... */` names the word that could not be read.
    mutating func stringArray(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        // -e verbose=: outside it, the array's address.
        guard memory.dereferences else { unreadable(address); return }
        // Pointers and strings lie together (argv, envp): read them through
        // windows, not with two reads per element.
        var pointers = RemoteWindow(memory.remote)
        var strings = RemoteWindow(memory.remote)
        guard let firstPointer = pointers.loadWord(at: address) else { unreadable(address); return }
        beginArray()
        var pointer = firstPointer
        var cursor = address
        var count = 0
        while pointer != 0 {
            // -v prints argv and the environment whole, as strace does; else -s elements.
            if count >= format.stringLimit && !unabbreviated { endArray(cut: true); return }
            if let read = try? strings.readCString(at: pointer, limit: format.stringLimit, into: &scratch) {
                stringValue(scratch, truncated: read.truncated)
            } else {
                unreadable(pointer)
            }
            count += 1
            let (next, wrapped) = cursor.addingReportingOverflow(8)
            guard !wrapped, let word = pointers.loadWord(at: next) else {
                // strace's `... /* 0x... */`: the word it could not read.
                customValue(.unreadable(next)) { $0.append("...") }
                comment { $0.append(hex: next) }
                break
            }
            cursor = next
            pointer = word
        }
        endArray()
    }

    /// An environment: `0x7ffd... /* 35 vars */` (the array itself with -v);
    /// `, unterminated` when it runs into unreadable memory.
    mutating func environment(_ i: Int) {
        if unabbreviated { stringArray(i); return }
        next()
        let address = arg(i)
        pointerValue(address)
        guard address != 0, memory.dereferences else { return }
        var count = 0
        var cursor = address
        var unterminated = false
        var pointers = RemoteWindow(memory.remote)
        while true {
            guard let pointer = pointers.loadWord(at: cursor) else {
                // Unreadable from the start: the address alone.
                if count == 0 { return }
                unterminated = true
                break
            }
            if pointer == 0 { break }
            count += 1
            let (next, wrapped) = cursor.addingReportingOverflow(8)
            if wrapped { unterminated = true; break }
            cursor = next
        }
        comment { out in
            out.append(decimal: count)
            out.append(count == 1 ? " var" : " vars")
            if unterminated { out.append(", unterminated") }
        }
    }

    /// The bytes a successful read returned: `min(result, -s)` of them.
    mutating func resultBuffer(_ i: Int) {
        output(i) { d, address in d.bytes(at: address, count: Int(d.result), style: d.format.stringStyle) }
    }

    /// `count` bytes at `address`, cut at `-s`, quoted in `style`.
    mutating func bytes(at address: UInt64, count: Int, style: StringStyle) {
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(count, format.stringLimit))
        // One byte past -s is read too, as strace's printstr does.
        let read = max(0, min(count, format.stringLimit < Int.max ? format.stringLimit + 1 : Int.max))
        let ok = (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil
        if ok || read == 0 {
            stringValue(scratch.prefix(shown), truncated: count > shown, style: style)
        } else {
            unreadable(address)
        }
    }

    /// A quoted string in a style of its own (getrandom's `-xx` bytes).
    /// A general emitter beside Decoding's `stringValue`.
    mutating func stringValue<C: Collection>(_ bytes: C, truncated: Bool, style: StringStyle) where C.Element == UInt8 {
        beginValue()
        out.appendQuoted(bytes, style: style, truncated: truncated)
        if recordsValues { record(.string(store(bytes), truncated: truncated)) }
    }

    /// A constant whose text the caller writes (a form `symbolic` does not
    /// print), recorded with its name (`name` empty: unknown).
    /// A general emitter built on `customValue`.
    mutating func constantValue<C: Collection>(_ value: Int64, name: C, _ write: (inout OutputBuffer) -> Void) where C.Element == UInt8 {
        let span = recordsValues ? store(name) : ValueTape.Span(start: 0, end: 0)
        customValue(.constant(value, span), write)
    }

    mutating func constantValue(_ value: Int64, name: StaticString, _ write: (inout OutputBuffer) -> Void) {
        constantValue(value, name: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), write)
    }

    /// `{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}` or NULL.
    mutating func rlimit(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let limits = try? memory.load((UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("rlim_cur"); rlimitValue(limits.0)
        field("rlim_max"); rlimitValue(limits.1)
        endStructure()
    }

    /// A limit: the number (`8192*1024` is 8388608), RLIM64_INFINITY a named constant.
    mutating func rlimitValue(_ value: UInt64) {
        let style = format.constants
        if value == UInt64.max {
            constantValue(-1, name: "RLIM64_INFINITY") { out in
                if style == .abbrev { out.append("RLIM64_INFINITY") } else { out.append(decimal: value) }
            }
            if style == .verbose { comment("RLIM64_INFINITY") }
            return
        }
        guard value > 1024 && value % 1024 == 0, style != .raw else { unsignedValue(value); return }
        if style == .abbrev {
            customValue(.unsigned(value, .decimal)) { Decoding.appendKibibytes(value, to: &$0) }
        } else {
            unsignedValue(value)
            comment { Decoding.appendKibibytes(value, to: &$0) }
        }
    }

    /// `8192*1024`.
    static func appendKibibytes(_ value: UInt64, to out: inout OutputBuffer) {
        out.append(decimal: value / 1024)
        out.append("*1024")
    }
}
