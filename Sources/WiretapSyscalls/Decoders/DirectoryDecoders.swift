import Glibc

/// Decoders of directories: listing (getdents, getdents64), creating and removing
/// (mkdir, mkdirat, rmdir), and the working directory (chdir, fchdir, getcwd).
import WiretapCore
enum DirectoryDecoders {
    static let all: DecoderFamily = [
        .getdents64: getdents(.dirent64),
        // The old getdents (struct linux_dirent: d_type in the record's last byte).
        .getdents: getdents(.dirent),
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

    /// getdents and getdents64: the directory, and at exit its entries
    /// (as strace's xgetdents: the address when the call failed, outside
    /// `-e verbose=`, or when the kernel claims more bytes than the buffer
    /// holds) and the buffer's size.
    static func getdents(_ layout: DirentLayout) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.next()
            let count = UInt32(truncatingIfNeeded: d.arg(2))
            if d.failed || !d.memory.dereferences || d.result > Int64(count) {
                d.pointerValue(d.arg(1))
            } else {
                d.directoryEntries(at: d.arg(1), length: UInt32(truncatingIfNeeded: d.result), layout: layout)
            }
            d.unsigned(2)
            return .decimal
        })
    }

    /// chdir and fchdir: the directory.
    static func chdir(_ directory: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: directory)
            return .done()
        }
    }
}

extension Decoding {
    /// A getdents buffer of `length` bytes, as strace 6.1 walks it: with
    /// `-v` an array of `{d_ino=..., d_off=..., d_reclen=..., d_name="...",
    /// d_type=DT_REG}` (getdents64: d_type before d_name), else the address
    /// and `/* N entries */` (`N+` when bytes are left unread).
    mutating func directoryEntries(at start: UInt64, length total: UInt32, layout: DirentLayout) {
        // d_ino (8), d_off (8), d_reclen (2), and dirent64's d_type (1): the
        // header before d_name; i386's d_ino and d_off are 4 bytes each.
        let header: UInt32 = switch layout {
        case .dirent64: 19
        case .dirent: 18
        case .dirent32: 10
        }
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
            let head: (UInt64, UInt64, UInt16)? = layout == .dirent32
                ? (try? memory.load((UInt32, UInt32, UInt16).self, from: address)).map { (UInt64($0.0), UInt64($0.1), $0.2) }
                : try? memory.load((UInt64, UInt64, UInt16).self, from: address)
            guard let head, layout != .dirent64 || (try? memory.load(UInt8.self, from: address &+ 18)) != nil else {
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
                let tail = address &+ UInt64(header)
                let complete = layout == .dirent64
                    ? directoryEntry64Tail(at: tail, type: (try? memory.load(UInt8.self, from: address &+ 18)) ?? 0, nameLength: reclen - header)
                    : oldDirectoryEntryTail(at: tail, nameAndType: reclen - header)
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

    /// A dirent64's type (`, d_type=DT_DIR`) and name (`, d_name="..."`) from
    /// the `nameLength` bytes after its header; false when the name is unreadable.
    private mutating func directoryEntry64Tail(at address: UInt64, type: UInt8, nameLength: UInt32) -> Bool {
        field("d_type")
        namedValue(Int64(type), Decoding.direntTypes, unknown: "DT_???")
        guard nameLength > 0 else { return true }
        field("d_name")
        return direntName(at: address, room: min(nameLength, 256))
    }

    /// A dirent's name as strace's printpathn: up to the NUL, at most
    /// `room - 1` bytes, `...` when longer; false when unreadable.
    private mutating func direntName(at address: UInt64, room: UInt32) -> Bool {
        let limit = Int(room) - 1
        if limit == 0, let first = try? memory.load(UInt8.self, from: address) {
            // No byte to show: the name is cut unless it is empty.
            stringValue(EmptyCollection<UInt8>(), truncated: first != 0)
        } else if let read = try? memory.readCString(at: address, limit: limit, into: &scratch) {
            stringValue(scratch, truncated: read.truncated)
        } else {
            unreadable(address)
            return false
        }
        return true
    }

    /// An old dirent's name (`, d_name="..."`) and type (`, d_type=DT_DIR`)
    /// from the `size` bytes after its header; false when unreadable.
    private mutating func oldDirectoryEntryTail(at address: UInt64, nameAndType size: UInt32) -> Bool {
        guard size > 0 else { return true }
        var complete = true
        let nameLength = min(size - 1, 256)
        if nameLength > 0 {
            field("d_name")
            if !direntName(at: address, room: nameLength) { complete = false }
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

/// The record a getdents call fills: `struct linux_dirent` (getdents:
/// d_type in the record's last byte, after the name) or `struct
/// linux_dirent64` (getdents64: d_type before the name).
enum DirentLayout: Sendable {
    case dirent
    case dirent64
    /// An i386 tracee's `struct linux_dirent`: d_ino and d_off of 4 bytes.
    case dirent32
}
