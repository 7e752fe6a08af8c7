/// Decoders of names in directories: unlink, rename, link, symlink and
/// readlink, each with its `*at` variant.
import WiretapCore
enum LinkDecoders {
    static let all: DecoderFamily = [
        .unlink: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .unlinkat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.flags(2, Constants.pathAtFlags, unknown: "AT_???")
            return .done()
        },
        .rename: SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        .renameat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            return .done()
        },
        .renameat2: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            d.flags(4, Constants.renameFlags, unknown: "RENAME_??")
            return .done()
        },
        .link: SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        .linkat: SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            d.flags(4, Constants.pathAtFlags, unknown: "AT_???")
            return .done()
        },
        .symlink: SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        .symlinkat: SyscallDecoder { d in
            d.path(0)
            d.dirfd(1)
            d.path(2)
            return .done()
        },
        .readlink: SyscallDecoder(entry: { d in
            d.path(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            return .decimal
        }),
        .readlinkat: SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            return .atExit
        }, exit: { d in
            d.resultBuffer(2)
            d.unsignedLong(3)
            return .decimal
        }),
    ]
}
