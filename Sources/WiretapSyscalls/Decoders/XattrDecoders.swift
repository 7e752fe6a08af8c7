/// Decoders of extended attributes: getxattr, lgetxattr and fgetxattr.
import WiretapCore
enum XattrDecoders {
    static let all: DecoderFamily = [
        .getxattr: getxattr(.path),
        .lgetxattr: getxattr(.path),
        .fgetxattr: getxattr(.fd),
    ]

    /// getxattr and its variants: the file, the attribute's name, and its value at exit.
    static func getxattr(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            d.cString(1)
            return .atExit
        }, exit: { d in
            d.xattrValue(2, size: 3)
            return .decimal
        })
    }
}

extension Decoding {
    /// getxattr's value at exit: the bytes read, NULL, or the address.
    mutating func xattrValue(_ i: Int, size: Int) {
        next()
        let address = arg(i)
        if address == 0 || failed { pointerValue(address) } else {
            bytes(at: address, count: Int(result), style: format.stringStyle)
        }
        unsignedLong(size)
    }
}
