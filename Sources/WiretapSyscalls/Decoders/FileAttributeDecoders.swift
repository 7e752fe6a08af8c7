import Glibc
import WiretapCore

/// Decoders of a file's attributes: its mode (chmod), owner (chown), times
/// (utimensat) and size (truncate), with their descriptor and `*at` variants.
enum FileAttributeDecoders {
    static let all: DecoderFamily = [
        .chmod: chmod(.path),
        .fchmod: chmod(.fd),
        .fchmodat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.mode(2)
            return .done()
        },
        .chown: chown(.path),
        .lchown: chown(.path),
        .fchown: chown(.fd),
        .fchownat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.id(2)
            d.id(3)
            d.flags(4, Constants.pathAtFlags, unknown: "AT_???")
            return .done()
        },
        .utimensat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.utimes(2)
            d.flags(3, Constants.utimensatFlags, unknown: "AT_???")
            return .done()
        },
        .truncate: truncate(.path),
        .ftruncate: truncate(.fd),
    ]

    /// chmod and fchmod: the file and its new mode.
    static func chmod(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.mode(1)
            return .done()
        }
    }

    /// chown, lchown and fchown: the file, its new owner and group.
    static func chown(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.id(1)
            d.id(2)
            return .done()
        }
    }

    /// truncate and ftruncate: the file and its new length (unsigned, as strace prints it).
    static func truncate(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.unsignedLong(1)
            return .done()
        }
    }
}

extension Decoding {
    /// A user or group id: `-1` for "unchanged" (a signed -1), else unsigned.
    mutating func id(_ i: Int) {
        next()
        let value = UInt32(truncatingIfNeeded: arg(i))
        if value == UInt32.max { signedValue(-1) } else { unsignedValue(value) }
    }

    /// utimensat's times: `[{tv_sec=1, tv_nsec=0} /* 1970-... */, UTIME_OMIT]`, or NULL.
    mutating func utimes(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Glibc.timespec, Glibc.timespec).self, from: address) else { unreadable(address); return }
        // strace's print_local_array: cut at -s elements unless -v.
        let shown = unabbreviated ? 2 : min(2, max(0, format.stringLimit))
        beginArray()
        if shown > 0 { utime(times.0) }
        if shown > 1 { utime(times.1) }
        endArray(cut: shown < 2)
    }

    /// A time (tv_nsec unsigned, as strace prints it), or UTIME_NOW /
    /// UTIME_OMIT: a named constant, under `-X raw`/`verbose` the structure
    /// (commented with the name).
    mutating func utime(_ time: timespec) {
        let special = Constants.utimeSpecial.contains(where: { $0.value == Int64(time.tv_nsec) })
        if special && format.constants == .abbrev {
            symbolic(UInt64(time.tv_nsec), named: true) { _ = $0.appendName(of: Int64(time.tv_nsec), in: Constants.utimeSpecial) }
            return
        }
        beginStructure()
        field("tv_sec"); signedValue(time.tv_sec)
        field("tv_nsec"); unsignedValue(UInt64(bitPattern: Int64(time.tv_nsec)))
        endStructure()
        if special {
            if format.constants == .verbose { comment { _ = $0.appendName(of: Int64(time.tv_nsec), in: Constants.utimeSpecial) } }
            return
        }
        localTimeComment(seconds: Int64(time.tv_sec), fraction: UInt64(bitPattern: Int64(time.tv_nsec)), maximum: 999_999_999, width: 9)
    }
}
