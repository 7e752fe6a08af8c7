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
            d.flags(4, Constants.atFlags)
            return .done()
        },
        .utimensat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.utimes(2)
            d.flags(3, Constants.atFlags)
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

    /// truncate and ftruncate: the file and its new length.
    static func truncate(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.long(1)
            return .done()
        }
    }
}

extension Decoding {
    /// A user or group id: `-1` for "unchanged", else unsigned.
    mutating func id(_ i: Int) {
        next()
        let value = UInt32(truncatingIfNeeded: arg(i))
        if value == UInt32.max { out.append("-1"); typed(.number(-1)) } else { out.append(decimal: value); typed(.number(Int64(value))) }
    }

    /// utimensat's times: `[{tv_sec=1, tv_nsec=0} /* 1970-... */, UTIME_OMIT]`, or NULL.
    mutating func utimes(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { out.append("NULL"); return }
        guard let times = try? memory.load((Glibc.timespec, Glibc.timespec).self, from: address) else { out.append(hex: address); return }
        out.append("[")
        utime(times.0)
        out.append(", ")
        utime(times.1)
        out.append("]")
    }

    mutating func utime(_ time: timespec) {
        if Constants.utimeSpecial.contains(where: { $0.value == Int64(time.tv_nsec) }) {
            symbolic(UInt64(time.tv_nsec)) { _ = $0.appendName(of: Int64(time.tv_nsec), in: Constants.utimeSpecial) }
            return
        }
        out.append("{tv_sec=")
        out.append(decimal: time.tv_sec)
        out.append(", tv_nsec=")
        out.append(decimal: time.tv_nsec)
        out.append("}")
        guard time.tv_nsec >= 0 && time.tv_nsec < 1_000_000_000 else { return }
        out.append(" /* ")
        isoTime(seconds: time.tv_sec, nanoseconds: time.tv_nsec)
        out.append(" */")
    }
}
