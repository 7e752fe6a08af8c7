/// Calls whose data `-e read=` / `-e write=` dump and that had no decoder
/// (vmsplice, pwritev2, preadv2; the POSIX message queue calls are in
/// IPCDecoders), and
/// pidfd_open, whose descriptor `-e decode-fds=pidfd` (and `-yy`) shows as
/// `<pid:N>`.
import WiretapCore
enum DataCallDecoders {
    static let rwFlags: [NamedConstant] = [
        NamedConstant("RWF_HIPRI", 1), NamedConstant("RWF_DSYNC", 2), NamedConstant("RWF_SYNC", 4),
        NamedConstant("RWF_NOWAIT", 8), NamedConstant("RWF_APPEND", 0x10),
    ]

    static let all: DecoderFamily = [
        // pidfd_open(1234, 0) = 3<pid:1234>
        .pidfd_open: SyscallDecoder { d in
            d.pid(0)
            d.flags(1, Constants.pidfdOpenFlags, unknown: "PIDFD_???")
            return .done(.fd)
        },
        .vmsplice: SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.flags(3, Constants.spliceMoveFlags, unknown: "SPLICE_F_???")
            return .done()
        },
        .pwritev2: SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.long(3)
            d.flags(5, rwFlags, unknown: "RWF_???")
            return .done()
        },
        .preadv2: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.long(3)
            d.flags(5, rwFlags, unknown: "RWF_???")
            return .decimal
        }),
    ]
}

