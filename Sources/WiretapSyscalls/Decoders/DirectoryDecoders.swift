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
                d.out.appendPointer(d.arg(0))
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
    /// getdents64's buffer: `0x55d0... /* 5 entries */`.
    mutating func directoryEntries(_ i: Int) {
        next()
        let address = arg(i)
        out.appendPointer(address)
        // -e verbose=: outside it, the address alone.
        guard !failed, memory.dereferences else { return }
        let length = Int(result)
        let ok = (try? memory.readExactly(from: address, count: max(0, length), into: &scratch)) != nil
        guard ok else { return }
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        var entries = 0
        var offset = 0
        while offset + 19 <= length {
            let reclen = Int(scratch[offset + 16]) | Int(scratch[offset + 17]) << 8
            guard reclen > 0 else { break }
            entries += 1
            offset += reclen
        }
        out.append(" /* ")
        out.append(decimal: entries)
        out.append(entries == 1 ? " entry */" : " entries */")
    }

    /// A path of `count` bytes (getcwd's result), not cut at `-s`.
    mutating func pathBytes(at address: UInt64, count: Int) {
        let ok = (try? memory.readExactly(from: address, count: max(0, count), into: &scratch)) != nil
        guard ok || count <= 0 else { out.append(hex: address); return }
        if let nul = scratch.firstIndex(of: 0) { scratch.removeSubrange(nul...) }
        out.appendQuoted(scratch, style: format.stringStyle)
        typed(.string(truncated: false))
    }
}
