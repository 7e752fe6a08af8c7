import Glibc

/// Decoders of directories: listing (getdents64), creating and removing
/// (mkdir, mkdirat, rmdir), and the working directory (chdir, fchdir, getcwd).
import WiretapCore
enum DirectoryDecoders {
    static let all: DecoderFamily = [
        .getdents64: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.directoryEntries(1)
            d.unsigned(2)
            return .decimal
        }),
        // The old getdents (struct linux_dirent: d_type in the record's last byte).
        .getdents: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.next()
            let count = UInt32(truncatingIfNeeded: d.arg(2))
            if d.failed || !d.memory.dereferences || d.result > Int64(count) {
                d.pointerValue(d.arg(1))
            } else {
                d.oldDirectoryEntries(at: d.arg(1), length: UInt32(truncatingIfNeeded: d.result))
            }
            d.unsigned(2)
            return .decimal
        }),
        .mkdir: SyscallDecoder { d in
            d.path(0)
            d.mode(1)
            return .done()
        },
        .mkdirat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.mode(2)
            return .done()
        },
        .rmdir: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .chdir: chdir(.path),
        .fchdir: chdir(.fd),
        .getcwd: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.next()
            if d.failed || d.result <= 0 {
                d.pointerValue(d.arg(0))
            } else {
                d.pathBytes(at: d.arg(0), count: Int(d.result) - 1)
            }
            d.unsignedLong(1)
            return .decimal
        }),
    ]

    /// chdir and fchdir: the directory.
    static func chdir(_ directory: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: directory)
            return .done()
        }
    }
}

extension Decoding {
    /// getdents64's buffer at exit: with `-v`, its entries, an array of
    /// `{d_ino=..., d_off=..., d_reclen=..., d_type=DT_DIR, d_name="."}`;
    /// else `0x55d0... /* 5 entries */`.
    mutating func directoryEntries(_ i: Int) {
        next()
        let address = arg(i)
        // -e verbose=: outside it, the address alone.
        guard !failed, address != 0 else { pointerValue(address); return }
        guard memory.dereferences else { unreadable(address); return }
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        let nameOffset = 19
        // As strace: at most 1 MiB, nothing when too short for one entry.
        let length = result > 1024 * 1024 ? 1024 * 1024 : result < nameOffset ? 0 : Int(result)
        if length > 0, (try? memory.readExactly(from: address, count: length, into: &scratch)) == nil {
            unreadable(address)
            return
        }
        let entries = scratch.prefix(length)
        if unabbreviated { beginArray() } else { pointerValue(address) }
        var count = 0
        var offset = 0
        while length > 0 && offset <= length - nameOffset {
            func word(_ at: Int, _ size: Int) -> UInt64 {
                var value: UInt64 = 0
                for k in (0..<size).reversed() { value = value << 8 | UInt64(entries[offset + at + k]) }
                return value
            }
            let reclen = Int(word(16, 2))
            if unabbreviated {
                let nameLength = min(length - offset - nameOffset, reclen - nameOffset)
                let name = entries[(offset + nameOffset)...].prefix(max(0, nameLength))
                let end = name.firstIndex(of: 0)
                beginStructure()
                field("d_ino"); unsignedValue(word(0, 8))
                field("d_off"); unsignedValue(word(8, 8))
                field("d_reclen"); unsignedValue(reclen)
                field("d_type"); namedValue(Int64(entries[offset + 18]), Decoding.direntTypes, unknown: "DT_???")
                field("d_name"); stringValue(name[..<(end ?? name.endIndex)], truncated: end == nil)
                endStructure()
            }
            guard reclen >= nameOffset else { break }
            offset += reclen
            count += 1
        }
        if unabbreviated {
            endArray()
        } else {
            comment { out in
                out.append(decimal: count)
                out.append(count == 1 ? " entry" : " entries")
            }
        }
    }

    /// getdents's buffer of `length` bytes of `struct linux_dirent`, as
    /// strace 6.1 walks it: with `-v` an array of `{d_ino=..., d_off=...,
    /// d_reclen=..., d_name="...", d_type=DT_REG}`, else the address and
    /// `/* N entries */` (`N+` when bytes are left unread).
    mutating func oldDirectoryEntries(at start: UInt64, length total: UInt32) {
        // d_ino (8), d_off (8), d_reclen (2): the header before d_name.
        let header: UInt32 = 18
        let full = unabbreviated
        var address = start
        var length = total
        var count = 0
        if !full { pointerValue(address) }
        // Each entry takes at least a header: no more iterations than that.
        var budget = Int(total / header) + 1
        while budget > 0 {
            budget -= 1
            if length < header {
                if full {
                    if length == 0 {
                        beginArray()
                        count += 1
                    } else {
                        let shown = Int(min(length, UInt32(clamping: format.stringLimit)))
                        if (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil {
                            stringValue(scratch, truncated: Int(length) > shown, style: .hexAll)
                        } else {
                            unreadable(address)
                        }
                    }
                }
                break
            }
            guard let head = try? memory.load((UInt64, UInt64, UInt16).self, from: address) else {
                if full {
                    if count > 0 {
                        customValue(.unreadable(address)) { $0.append("...") }
                        comment { $0.append(hex: address) }
                    } else {
                        unreadable(address)
                    }
                }
                break
            }
            if full && count == 0 { beginArray() }
            count += 1
            var reclen = UInt32(head.2)
            var nextAddress: UInt64 = 0
            var nextLength: UInt32 = 0
            if full {
                beginStructure()
                field("d_ino"); unsignedValue(head.0)
                field("d_off"); unsignedValue(head.1)
                field("d_reclen"); unsignedValue(head.2)
            }
            if reclen > length {
                if full { comment { $0.append(decimal: reclen - length); $0.append(" bytes overflow") } }
                reclen = length
            } else if reclen < header {
                if full { comment { $0.append(decimal: header - reclen); $0.append(" bytes underflow") } }
                reclen = header
                nextLength = length - header
            } else {
                nextLength = length - reclen
                if nextLength > 0 {
                    let (sum, overflow) = address.addingReportingOverflow(UInt64(reclen))
                    if overflow { if full { comment("address overflow") } } else { nextAddress = sum }
                }
            }
            length = nextLength
            if full {
                let complete = oldDirectoryEntryTail(at: address &+ UInt64(header), nameAndType: reclen - header)
                endStructure()
                if nextAddress != 0 && !complete {
                    customValue(.unreadable(nextAddress)) { $0.append("...") }
                    break
                }
            }
            guard nextAddress != 0 else { break }
            address = nextAddress
        }
        if full {
            if count > 0 { endArray() }
        } else {
            comment { out in
                out.append(decimal: count)
                if length > 0 { out.append("+") }
                out.append(" entries")
            }
        }
    }

    /// An old dirent's name (`, d_name="..."`) and type (`, d_type=DT_DIR`)
    /// from the `size` bytes after its header; false when unreadable.
    private mutating func oldDirectoryEntryTail(at address: UInt64, nameAndType size: UInt32) -> Bool {
        guard size > 0 else { return true }
        var complete = true
        let nameLength = min(size - 1, 256)
        if nameLength > 0 {
            field("d_name")
            // As printpathn: up to the NUL, at most nameLength - 1 bytes, `...` when longer.
            let limit = Int(nameLength) - 1
            if limit == 0, let first = try? memory.load(UInt8.self, from: address) {
                // No byte to show: the name is cut unless it is empty.
                stringValue(EmptyCollection<UInt8>(), truncated: first != 0)
            } else if let read = try? memory.readCString(at: address, limit: limit, into: &scratch) {
                stringValue(scratch, truncated: read.truncated)
            } else {
                unreadable(address)
                complete = false
            }
        }
        field("d_type")
        let typeAddress = address &+ UInt64(size - 1)
        if let type = try? memory.load(UInt8.self, from: typeAddress) {
            namedValue(Int64(type), Decoding.direntTypes, unknown: "DT_???")
        } else {
            unreadable(typeAddress)
            complete = false
        }
        return complete
    }

    /// d_type's names (dirent.h).
    static let direntTypes: [NamedConstant] = [
        NamedConstant("DT_UNKNOWN", Int64(DT_UNKNOWN)), NamedConstant("DT_FIFO", Int64(DT_FIFO)),
        NamedConstant("DT_CHR", Int64(DT_CHR)), NamedConstant("DT_DIR", Int64(DT_DIR)),
        NamedConstant("DT_BLK", Int64(DT_BLK)), NamedConstant("DT_REG", Int64(DT_REG)),
        NamedConstant("DT_LNK", Int64(DT_LNK)), NamedConstant("DT_SOCK", Int64(DT_SOCK)),
        NamedConstant("DT_WHT", Int64(DT_WHT)),
    ]

    /// A path of `count` bytes (getcwd's result), not cut at `-s`.
    mutating func pathBytes(at address: UInt64, count: Int) {
        let ok = (try? memory.readExactly(from: address, count: max(0, count), into: &scratch)) != nil
        guard ok || count <= 0 else { unreadable(address); return }
        if let nul = scratch.firstIndex(of: 0) { scratch.removeSubrange(nul...) }
        stringValue(scratch, truncated: false)
    }
}
