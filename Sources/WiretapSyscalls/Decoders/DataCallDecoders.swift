/// Calls whose data `-e read=` / `-e write=` dump and that had no decoder
/// (vmsplice, pwritev2, preadv2, the POSIX message queue calls), and
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
        // mq_open("q", O_RDWR|O_CREAT, 0600, {mq_flags=0, mq_maxmsg=2, mq_msgsize=16, mq_curmsgs=0}) = 3
        .mq_open: SyscallDecoder { d in
            d.path(0)
            d.openFlags(1, mode: 2)
            if d.arg(1) & 0o100 != 0 {  // O_CREAT: a mode (printed above) and attributes follow
                d.next()
                d.mqAttributes(at: d.arg(3))
            }
            return .done(.fd)
        },
        .mq_unlink: SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        .mq_timedsend: SyscallDecoder { d in
            d.fd(0)
            d.buffer(1, length: Int(clamping: d.arg(2)))
            d.unsignedLong(2)
            d.unsigned(3)
            d.next()
            d.timespec(at: d.arg(4))
            return .done()
        },
        .mq_timedreceive: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.next()
            if d.arg(3) == 0 || d.failed {
                d.pointerValue(d.arg(3))
            } else if let priority = try? d.memory.load(UInt32.self, from: d.arg(3)) {
                d.beginArray()
                d.unsignedValue(priority)
                d.endArray()
            } else {
                d.unreadable(d.arg(3))
            }
            d.next()
            d.timespec(at: d.arg(4))
            return .decimal
        }),
    ]
}

extension Decoding {
    /// `struct mq_attr`: `{mq_flags=0, mq_maxmsg=2, mq_msgsize=16, mq_curmsgs=0}`.
    mutating func mqAttributes(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let attributes = try? memory.load((Int64, Int64, Int64, Int64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("mq_flags")
        // By name under every -X, as this decoder always printed them.
        let flags = UInt64(bitPattern: attributes.0)
        let names = storeText { $0.appendFlags(flags, in: Constants.openFlags) }
        customValue(.flags(flags, names)) { $0.appendFlags(flags, in: Constants.openFlags) }
        field("mq_maxmsg"); signedValue(attributes.1)
        field("mq_msgsize"); signedValue(attributes.2)
        field("mq_curmsgs"); signedValue(attributes.3)
        endStructure()
    }
}
