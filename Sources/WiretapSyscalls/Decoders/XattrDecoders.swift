/// Decoders of extended attributes: setting (setxattr), reading (getxattr),
/// listing (listxattr) and removing (removexattr), each by path, by path
/// without following a symbolic link (`l`), and by descriptor (`f`).
import WiretapCore
enum XattrDecoders {
    static let all: DecoderFamily = [
        .setxattr: setxattr(.path),
        .lsetxattr: setxattr(.path),
        .fsetxattr: setxattr(.fd),
        .getxattr: getxattr(.path),
        .lgetxattr: getxattr(.path),
        .fgetxattr: getxattr(.fd),
        .listxattr: listxattr(.path),
        .llistxattr: listxattr(.path),
        .flistxattr: listxattr(.fd),
        .removexattr: removexattr(.path),
        .lremovexattr: removexattr(.path),
        .fremovexattr: removexattr(.fd),
    ]

    /// setxattr and its variants: the file, the attribute's name, its value,
    /// the value's size and the flags (`XATTR_CREATE`).
    static func setxattr(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.cString(1)
            d.xattrValue(2, length: d.arg(3), size: 3)
            d.flags(4, Constants.xattrFlags, unknown: "XATTR_???")
            return .done()
        }
    }

    /// getxattr and its variants: the file, the attribute's name, and its value at exit.
    static func getxattr(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            d.cString(1)
            return .atExit
        }, exit: { d in
            // A failed call's result (-1) is no length: the address prints.
            d.xattrValue(2, length: UInt64(bitPattern: d.failed ? -1 : d.result), size: 3)
            return .decimal
        })
    }

    /// listxattr and its variants: the file, and at exit the names the
    /// kernel wrote (NUL-separated, shown whole up to `-s`) and the size.
    static func listxattr(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            return .atExit
        }, exit: { d in
            d.next()
            let address = d.arg(1)
            if d.arg(2) == 0 || d.failed || address == 0 {
                d.pointerValue(address)
            } else {
                d.bytes(at: address, count: Int(clamping: d.result), style: d.format.stringStyle)
            }
            d.unsignedLong(2)
            return .decimal
        })
    }

    /// removexattr and its variants: the file and the attribute's name.
    static func removexattr(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder { d in
            d.file(0, as: file)
            d.cString(1)
            return .done()
        }
    }
}

extension Decoding {
    /// An attribute's value (argument `i`) of `length` bytes and the size
    /// argument: as strace, the address when the length is over
    /// XATTR_SIZE_MAX (64 KiB), else the bytes up to `-s`, a NUL ending
    /// the shown bytes left out.
    mutating func xattrValue(_ i: Int, length: UInt64, size: Int) {
        next()
        let address = arg(i)
        if address == 0 {
            pointerValue(0)
        } else if length > 65536 {
            pointerValue(address)
        } else {
            let count = Int(length)
            let shown = min(count, format.stringLimit)
            // strace reads one byte more than it shows (when there is one).
            let fetched = min(count, shown + 1)
            if (try? memory.readExactly(from: address, count: fetched, into: &scratch)) == nil && fetched > 0 {
                unreadable(address)
            } else {
                scratch.removeSubrange(min(shown, scratch.count)...)
                // strace's QUOTE_OMIT_TRAILING_0: a NUL last among the shown
                // bytes is not printed, unless every byte prints in hex.
                let style = format.stringStyle
                let hex = style == .hexAll || (style == .hexNonPrintable && scratch.contains { !OutputBuffer.isPrintable($0) && !(0x09...0x0d).contains($0) })
                let bytes = !hex && scratch.last == 0 ? scratch.dropLast() : scratch[...]
                stringValue(bytes, truncated: count > shown, style: style)
            }
        }
        unsignedLong(size)
    }
}
