import Glibc
import WiretapCore

/// Decoders of the files family's basics: opening (openat2) and access
/// (faccessat2), vectored and offset I/O, seeking, descriptors (dup, pipe),
/// syncing, space and advice (fallocate, fadvise64), copies (sendfile,
/// copy_file_range) and umask. The rest of the family has files of its own:
/// StatDecoders, FcntlDecoders, IoctlDecoders, DirectoryDecoders,
/// LinkDecoders, FileAttributeDecoders and XattrDecoders.
enum FileDecoders {
    static let all: DecoderFamily = [
        .openat2: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.openHow(2, size: 3)
            d.unsignedLong(3)
            return .done(.fd)
        },
        .faccessat2: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.accessMode(2)
            d.flags(3, Constants.faccessatFlags, unknown: "AT_???")
            return .done()
        },
        .readv: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            return .decimal
        }),
        .writev: SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            return .done()
        },
        .preadv: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.long(3)
            return .decimal
        }),
        .pwritev: SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.long(3)
            return .done()
        },
        .lseek: SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.next()
            d.namedValue(Int64(Int32(truncatingIfNeeded: d.arg(2))), Constants.seekWhence, unknown: "SEEK_???")
            return .done()
        },
        .dup: SyscallDecoder { d in
            d.fd(0)
            return .done(.fd)
        },
        .dup2: SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            return .done(.fd)
        },
        .dup3: SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            d.flags(2, Constants.openFlags, unknown: "O_???")
            return .done(.fd)
        },
        .pipe: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.fdPair(0)
            return .decimal
        }),
        .pipe2: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.fdPair(0)
            d.flags(1, Constants.openFlags, unknown: "O_???")
            return .decimal
        }),
        .fallocate: SyscallDecoder { d in
            d.fd(0)
            d.flags(1, Constants.fallocateModes, unknown: "FALLOC_FL_???")
            d.long(2)
            d.long(3)
            return .done()
        },
        // splice(3, [0], 5, NULL, 4096, SPLICE_F_MOVE)
        .splice: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.int64(at: d.arg(1))
            d.fd(2)
            d.next()
            d.int64(at: d.arg(3))
            d.unsignedLong(4)
            d.flags(5, Constants.spliceMoveFlags, unknown: "SPLICE_F_???")
            return .done()
        },
        .tee: SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            d.unsignedLong(2)
            d.flags(3, Constants.spliceMoveFlags, unknown: "SPLICE_F_???")
            return .done()
        },
        .sync_file_range: SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.long(2)
            d.flags(3, Constants.syncFileRangeFlags, unknown: "SYNC_FILE_RANGE_???")
            return .done()
        },
        // close_range(3, 4294967295, CLOSE_RANGE_CLOEXEC): unsigned bounds, not descriptors.
        .close_range: SyscallDecoder { d in
            d.unsigned(0)
            d.unsigned(1)
            d.flags(2, Constants.closeRangeFlags, unknown: "CLOSE_RANGE_???")
            return .done()
        },
        .name_to_handle_at: SyscallDecoder(entry: { d in d.nameToHandleEntry() }, exit: { d in d.nameToHandleExit() }),
        // open_by_handle_at(3, {handle_bytes=8, handle_type=1, f_handle="\x..."}, O_RDONLY)
        .open_by_handle_at: SyscallDecoder { d in
            d.fd(0)
            d.next()
            let address = d.arg(1)
            if let header = d.fileHandleHeader(at: address) {
                d.beginStructure()
                d.field("handle_bytes"); d.unsignedValue(header.bytes)
                d.field("handle_type"); d.signedValue(header.type)
                d.field("f_handle"); d.fileHandleBytes(at: address, count: header.bytes)
                d.endStructure()
            }
            d.openModes(2)
            // strace prints its result as a number, with no -y path.
            return .done()
        },
        .fsync: SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        .fdatasync: SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        .sync: SyscallDecoder { _ in .done() },
        .umask: SyscallDecoder { d in
            d.mode(0)
            return .done(.octal)
        },
        .copy_file_range: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.int64(at: d.arg(1))
            d.fd(2)
            d.next()
            d.int64(at: d.arg(3))
            d.unsignedLong(4)
            d.unsigned(5)
            return .done()
        },
        .sendfile: SyscallDecoder(entry: { d in
            d.fd(0)
            d.fd(1)
            d.next()
            d.beginOffsetPair()
            guard d.int64(at: d.arg(2), unsigned: true) else {
                d.endOffsetPair()
                d.unsignedLong(3)
                return .done()
            }
            // The exit may add ` => [new offset]` to this argument.
            return .continuesAtExit
        }, exit: { d in
            if !d.failed && d.result != 0 {
                d.offsetPairSeparator()
                d.int64(at: d.arg(2), unsigned: true)
            }
            d.endOffsetPair()
            d.unsignedLong(3)
            return .decimal
        }),
        .fadvise64: SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.unsignedLong(2)  // len: unsigned, as strace prints it
            d.next()
            d.namedValue(Int64(d.int(3)), Constants.fadviseAdvice, unknown: "POSIX_FADV_???")
            return .done()
        },
    ]
}

extension Decoding {
    /// Argument `i`, the file of a call that has a path variant and a
    /// descriptor variant (chown, fchown): see `FileArgument`.
    mutating func file(_ i: Int, as argument: FileArgument) {
        switch argument {
        case .path: path(i)
        case .fd: fd(i)
        }
    }

    /// A mode as strace's `%#03o`: `0755`, `022`, `000`.
    mutating func mode(_ i: Int) {
        next()
        modeValue(arg(i) & 0xffff_ffff)
    }

    /// `%#03o`: `000`, `007`, `022`, `0755`; an octal number.
    mutating func modeValue(_ value: UInt64) {
        customValue(.unsigned(value, .octal)) { Decoding.appendMode(value, to: &$0) }
    }

    /// `[123]` (an array of one number) from a 64-bit integer in the tracee:
    /// NULL, or its address when unreadable; whether it was read.
    @discardableResult
    /// `[value]`: a 64-bit offset in the tracee (sendfile's prints unsigned, as strace's does).
    mutating func int64(at address: UInt64, unsigned: Bool = false) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        guard let value = try? memory.load(Int64.self, from: address) else { unreadable(address); return false }
        beginArray()
        if unsigned { unsignedValue(UInt64(bitPattern: value)) } else { signedValue(value) }
        endArray()
        return true
    }

    /// sendfile's offset, `[0] => [10]`: strace's value-result pair without
    /// its brackets. The entry opens the pair on the tape only (the text has
    /// no `[`); `endOffsetPair` closes it, or takes it back when the exit
    /// added nothing. The tape's position is carried in `saved`.
    mutating func beginOffsetPair() {
        guard recordsValues else { return }
        saved = Int64(values.tokens.count)
        record(.beginChanged)
    }

    /// ` => ` before the value the kernel wrote back.
    mutating func offsetPairSeparator() {
        out.append(" => ")
        if recordsValues { saved = saved.map { -1 - $0 } }
    }

    mutating func endOffsetPair() {
        guard recordsValues, let mark = saved else { return }
        saved = nil
        if mark < 0 {
            record(.endChanged)
        } else if Int(mark) < values.tokens.count, case .beginChanged = values.tokens[Int(mark)] {
            values.tokens.remove(at: Int(mark))
        }
    }

    /// An array of `struct iovec`: `[{iov_base="hello", iov_len=5}, ...]`.
    /// `data` is how many bytes the buffers hold in all (-1: each its
    /// length; nil: the call failed, so only addresses).
    mutating func iovec(_ i: Int, count countArgument: Int, data: Int?) {
        next()
        iovecArray(at: arg(i), count: arg(countArgument), data: data)
    }

    mutating func iovecArray(at address: UInt64, count: UInt64, data: Int?) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        // An i386 tracee's iovec is two 4-byte words, and its address space ends at 4 GiB.
        let width: UInt64 = is32Bit ? 8 : 16
        func load(_ element: UInt64) -> (base: UInt64, length: UInt64)? {
            if is32Bit {
                return (try? memory.load((UInt32, UInt32).self, from: element)).map { (UInt64($0.0), UInt64($0.1)) }
            }
            return (try? memory.load((UInt64, UInt64).self, from: element)).map { ($0.0, $0.1) }
        }
        // As strace's print_array: an array running past the address space is its address.
        let (size, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, address &+ size > address, !is32Bit || address &+ size <= 1 << 32 else { pointerValue(address); return }
        guard load(address) != nil else { unreadable(address); return }
        var remaining = data ?? 0
        beginArray()
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index &* width
            guard let iov = load(element) else {
                // strace's `... /* 0x... */`: the element it could not read.
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            // -s elements, unless -v.
            if !unabbreviated && index >= UInt64(format.stringLimit) { endArray(cut: true); return }
            beginStructure()
            field("iov_base")
            if data == nil {
                pointerValue(iov.base)
            } else {
                var length = Int(clamping: iov.length)
                if remaining >= 0 {
                    length = min(length, remaining)
                    remaining -= length
                }
                if iov.base == 0 { pointerValue(0) } else { bytes(at: iov.base, count: length, style: format.stringStyle) }
            }
            field("iov_len")
            unsignedValue(iov.length)
            endStructure()
            index += 1
        }
        endArray()
    }

    /// `struct file_handle`'s header (handle_bytes, handle_type) at
    /// `address`, or nil after printing NULL or the address.
    mutating func fileHandleHeader(at address: UInt64) -> (bytes: UInt32, type: Int32)? {
        guard address != 0 else { pointerValue(0); return nil }
        guard let header = try? memory.load((UInt32, Int32).self, from: address) else { unreadable(address); return nil }
        return (header.0, header.1)
    }

    /// A file handle's opaque bytes, after its 8-byte header: in hex, at most
    /// MAX_HANDLE_SZ (128) of them and `...` after when there are more; `???`
    /// when unreadable.
    mutating func fileHandleBytes(at address: UInt64, count: UInt32) {
        let shown = Int(min(count, 128))
        if (try? memory.readExactly(from: address &+ 8, count: shown, into: &scratch, structure: true)) != nil {
            stringValue(scratch, truncated: count > 128, style: .hexAll)
        } else {
            textValue("???")
        }
    }

    /// name_to_handle_at's entry: the directory and path; the handle, mount
    /// id and flags at exit, or now when the handle cannot be read. `saved`
    /// keeps the handle_bytes the caller offered.
    mutating func nameToHandleEntry() -> EntryResult {
        dirfd(0)
        path(1)
        let address = arg(2)
        guard address != 0, let header = try? memory.load((UInt32, Int32).self, from: address) else {
            next()
            if address == 0 { pointerValue(0) } else { unreadable(address) }
            pointer(3)
            flags(4, Constants.nameToHandleFlags, unknown: "AT_???")
            return .done()
        }
        saved = Int64(header.0)
        return .atExit
    }

    /// name_to_handle_at's exit: `{handle_bytes=128 => 8, handle_type=1,
    /// f_handle="\x..."}` (the size the kernel wrote back when it changed,
    /// and the handle when the call succeeded), `[mount_id]` and the flags.
    mutating func nameToHandleExit() -> ReturnFormat {
        next()
        let address = arg(2)
        let offered = UInt32(truncatingIfNeeded: saved ?? 0)
        beginStructure()
        field("handle_bytes"); unsignedValue(offered)
        // EOVERFLOW: the kernel wrote the size it needs, and no handle.
        if !failed || result == -75, let header = try? memory.load((UInt32, Int32).self, from: address) {
            if header.0 != offered {
                customValue(.unsigned(UInt64(header.0), .decimal)) { out in
                    out.append(" => ")
                    out.append(decimal: header.0)
                }
            }
            if !failed {
                field("handle_type"); signedValue(header.1)
                field("f_handle"); fileHandleBytes(at: address, count: header.0)
            }
        }
        endStructure()
        next()
        let mountID = arg(3)
        if mountID == 0 || failed {
            pointerValue(mountID)
        } else if let value = try? memory.load(Int32.self, from: mountID) {
            beginArray(); signedValue(value); endArray()
        } else {
            unreadable(mountID)
        }
        flags(4, Constants.nameToHandleFlags, unknown: "AT_???")
        return .decimal
    }

    /// open flags without a mode (open_by_handle_at's): the access mode, then the other flags.
    mutating func openModes(_ i: Int) {
        next()
        openModesValue(arg(i) & 0xffff_ffff)
    }

    /// strace's tprint_open_modes: one constant (`-X verbose` comments even
    /// O_RDONLY's 0) written as the access mode, then the other flags.
    mutating func openModesValue(_ value: UInt64) {
        symbolic(value, named: true) { out in
            if !out.appendName(of: Int64(value & 3), in: Constants.openAccessModes) { out.append("O_ACCMODE") }
            let rest = value & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
    }

    /// openat2's `struct open_how`: `{flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}`,
    /// the mode when O_CREAT or __O_TMPFILE asks for one or it is not 0, and
    /// the nonzero bytes of a larger structure the caller passed.
    mutating func openHow(_ i: Int, size: Int) {
        next()
        let address = arg(i)
        let length = arg(size)
        guard length >= 24, address != 0 else { pointerValue(address); return }
        guard let how = try? memory.load((UInt64, UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("flags")
        openModesValue(how.0)
        let tmpfile: UInt64 = 0o20000000
        if how.0 & (UInt64(O_CREAT) | tmpfile) != 0 || how.1 != 0 {
            field("mode")
            modeValue(how.1)
        }
        field("resolve")
        flagsValue(how.2, Constants.resolveFlags, unknown: "RESOLVE_???")
        if length > 24 { nonzeroTrailingBytes(at: address, from: 24, to: min(length, 4096)) }
        endStructure()
    }

    /// strace's print_nonzero_bytes: the bytes `from..<to` of a structure
    /// larger than the kernel's, as `, /* bytes 24..4095 */ "\x..."` (hex,
    /// cut at `-s`) unless all zero; `, ???` when unreadable. Inside a
    /// structure, after its fields.
    mutating func nonzeroTrailingBytes(at address: UInt64, from start: UInt64, to end: UInt64) {
        guard start < end else { return }
        let length = Int(end - start)
        let readable = (try? memory.readExactly(from: address &+ start, count: length, into: &scratch)) != nil
        if readable && !scratch.contains(where: { $0 != 0 }) { return }
        // A value with no field name: the separator is the structure's.
        out.append(", ")
        if !readable { textValue("???"); return }
        let shown = min(length, format.stringLimit)
        // One value: the bytes, after the comment naming their offsets.
        let tail = scratch[..<shown]
        let stored = recordsValues ? store(tail) : ValueTape.Span(start: 0, end: 0)
        customValue(.string(stored, truncated: shown < length)) { out in
            out.append("/* bytes ")
            out.append(decimal: start)
            out.append("..")
            out.append(decimal: end - 1)
            out.append(" */ ")
            out.appendQuoted(tail, style: .hexAll, truncated: shown < length)
        }
    }

    /// pipe's `[3, 4]` at exit (the address if it failed).
    mutating func fdPair(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed else { pointerValue(address); return }
        guard let fds = try? memory.load((Int32, Int32).self, from: address) else { unreadable(address); return }
        beginArray()
        fdValue(fds.0)
        fdValue(fds.1)
        endArray()
    }

    /// A name from `table`, or `0x5 /* SEEK_??? */` as strace prints unknown
    /// values (a constant with no name).
    mutating func namedValue(_ value: Int64, _ table: [NamedConstant], unknown: StaticString) {
        // A negative C int prints as its 32 bits (`0xffffffff`).
        let bits = value < 0 && value >= Int64(Int32.min) ? UInt64(UInt32(truncatingIfNeeded: value)) : UInt64(bitPattern: value)
        if table.contains(where: { $0.value == value }) {
            symbolic(bits, named: true) { _ = $0.appendName(of: value, in: table) }
        } else {
            // strace's %#x: a zero without a name is `0`, not `0x0`.
            customValue(.constant(value, ValueTape.Span(start: 0, end: 0))) { if bits == 0 { $0.append("0") } else { $0.append(hex: bits) } }
            if format.constants != .raw { comment(unknown) }
        }
    }
}

/// How a call names its file in its first argument: by path (stat, chown,
/// getxattr, and the `l` variants that do not follow a symbolic link) or by
/// descriptor (fstat, fchown, fgetxattr). The variants' decoders are built
/// from one function given this.
enum FileArgument: Sendable {
    case path
    case fd
}
