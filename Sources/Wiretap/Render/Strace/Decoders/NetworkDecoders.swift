import Glibc

/// Decoders of sockets: creation, addresses (`struct sockaddr` of the unix,
/// inet, inet6 and netlink families), connections, data transfer with
/// `struct msghdr`, and socket options.
enum NetworkDecoders {
    static let all: DecoderFamily = [
        .socket: SyscallDecoder { d in
            d.addressFamily(0)
            d.socketType(1)
            d.socketProtocol(2, family: d.int(0))
            return .done(.fd)
        },
        .socketpair: SyscallDecoder(entry: { d in
            d.addressFamily(0)
            d.socketType(1)
            d.socketProtocol(2, family: d.int(0))
            return .atExit
        }, exit: { d in
            d.fdPair(3)
            return .decimal
        }),
        .bind: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.sockaddr(at: d.arg(1), length: Int(d.int(2)))
            d.decimal(2)
            return .done()
        },
        .connect: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.sockaddr(at: d.arg(1), length: Int(d.int(2)))
            d.decimal(2)
            return .done()
        },
        .listen: SyscallDecoder { d in
            d.fd(0)
            d.decimal(1)
            return .done()
        },
        .accept: SyscallDecoder(entry: { d in d.acceptEntry() }, exit: { d in
            d.acceptExit()
            return .fd
        }),
        .accept4: SyscallDecoder(entry: { d in d.acceptEntry() }, exit: { d in
            d.acceptExit()
            d.socketFlags(3)
            return .fd
        }),
        .getsockname: SyscallDecoder(entry: { d in d.acceptEntry() }, exit: { d in
            d.acceptExit()
            return .decimal
        }),
        .getpeername: SyscallDecoder(entry: { d in d.acceptEntry() }, exit: { d in
            d.acceptExit()
            return .decimal
        }),
        .shutdown: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.namedValue(Int64(d.int(1)), Constants.shutdownHows, unknown: "SHUT_???")
            return .done()
        },
        .sendto: SyscallDecoder { d in
            d.fd(0)
            d.buffer(1, length: Int(clamping: d.arg(2)))
            d.unsignedLong(2)
            d.messageFlags(3)
            d.next()
            d.sockaddr(at: d.arg(4), length: Int(d.int(5)))
            d.decimal(5)
            return .done()
        },
        .recvfrom: SyscallDecoder(entry: { d in
            d.fd(0)
            d.saved = d.arg(5) == 0 ? nil : (try? d.memory.load(Int32.self, from: d.arg(5))).map(Int64.init)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.messageFlags(3)
            d.next()
            d.sockaddrResult(address: d.arg(4), lengthAddress: d.arg(5))
            d.next()
            d.socklenResult(at: d.arg(5))
            return .decimal
        }),
        .sendmsg: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.msghdr(at: d.arg(1), data: -1, output: false)
            d.messageFlags(2)
            return .done()
        },
        .recvmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.next()
            d.msghdr(at: d.arg(1), data: d.failed ? nil : Int(d.result), output: true)
            d.messageFlags(2)
            return .decimal
        }),
        .sendmmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.mmsghdrs(at: $1, count: Int($0.result)) }
            d.unsigned(2)
            d.messageFlags(3)
            return .decimal
        }),
        .recvmmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.mmsghdrs(at: $1, count: Int($0.result)) }
            d.unsigned(2)
            d.messageFlags(3)
            d.next()
            d.timespec(at: d.arg(4))
            return .decimal
        }),
        .setsockopt: SyscallDecoder { d in
            d.fd(0)
            d.socketLevel(1)
            d.socketOption(2, level: d.int(1))
            d.next()
            d.socketOptionValue(at: d.arg(3), length: Int(d.int(4)), level: d.int(1), option: d.int(2))
            d.decimal(4)
            return .done()
        },
        .getsockopt: SyscallDecoder(entry: { d in
            d.fd(0)
            d.socketLevel(1)
            d.socketOption(2, level: d.int(1))
            d.saved = d.arg(4) == 0 ? nil : (try? d.memory.load(Int32.self, from: d.arg(4))).map(Int64.init)
            return .atExit
        }, exit: { d in
            d.next()
            let length = (try? d.memory.load(Int32.self, from: d.arg(4))).map(Int.init) ?? 0
            if d.failed { d.out.appendPointer(d.arg(3)) } else {
                d.socketOptionValue(at: d.arg(3), length: length, level: d.int(1), option: d.int(2))
            }
            d.next()
            d.socklenResult(at: d.arg(4))
            return .decimal
        }),
    ]
}

extension Decoding {
    /// The address length as it was at entry (accept, getsockname, recvfrom...).
    var acceptLengthIn: Int32? { saved.map { Int32(truncatingIfNeeded: $0) } }

    mutating func addressFamily(_ i: Int) {
        next()
        namedValue(Int64(int(i)), Constants.addressFamilies, unknown: "AF_???")
    }

    /// `SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK`.
    mutating func socketType(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        // The type and the flags are two constants (`0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */`).
        let base = Int64(value & 0xf)
        if format.constants == .abbrev && !Constants.socketTypes.contains(where: { $0.value == base }) {
            out.append(hex: UInt64(base))
            out.append(" /* SOCK_??? */")
        } else {
            symbolic(UInt64(base)) { _ = $0.appendName(of: base, in: Constants.socketTypes) }
        }
        let flags = value & ~0xf
        if flags != 0 {
            out.append("|")
            symbolic(flags) { $0.appendFlags(flags, in: Constants.socketTypeFlags) }
        }
        typed(.flags(value))
    }

    /// The protocol, named by family: IPPROTO_* for inet, NETLINK_* for netlink.
    mutating func socketProtocol(_ i: Int, family: Int32) {
        next()
        let value = Int64(int(i))
        let table: [NamedConstant]
        switch family {
        case AF_INET, AF_INET6: table = Constants.ipProtocols
        case AF_NETLINK: table = Constants.netlinkProtocols
        default: table = []
        }
        if !table.isEmpty && format.constants != .abbrev {
            // Under -X verbose a protocol is named even when zero (`0 /* IPPROTO_IP */`).
            hexValue(UInt64(bitPattern: value))
            if format.constants == .verbose, table.contains(where: { $0.value == value }) {
                out.append(" /* ")
                _ = out.appendName(of: value, in: table)
                out.append(" */")
            }
            typed(.number(value))
            return
        }
        switch family {
        case AF_INET, AF_INET6:
            namedValue(value, Constants.ipProtocols, unknown: "IPPROTO_???")
        case AF_NETLINK:
            namedValue(value, Constants.netlinkProtocols, unknown: "NETLINK_???")
        default:
            out.append(decimal: value)
            typed(.number(value))
        }
    }

    /// accept4's SOCK_* flags.
    mutating func socketFlags(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        symbolic(value) { $0.appendFlags(value, in: Constants.socketTypeFlags) }
        typed(.flags(value))
    }

    mutating func messageFlags(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        symbolic(value) { $0.appendFlags(value, in: Constants.messageFlags) }
        typed(.flags(value))
    }

    mutating func acceptEntry() -> EntryResult {
        fd(0)
        // The address length is value-result: remember what went in.
        saved = arg(2) == 0 ? nil : (try? memory.load(Int32.self, from: arg(2))).map(Int64.init)
        return .atExit
    }

    /// The address and `[in => out]` length of accept, getsockname, getpeername.
    mutating func acceptExit() {
        next()
        if failed || arg(1) == 0 {
            out.appendPointer(arg(1))
        } else {
            sockaddrResult(address: arg(1), lengthAddress: arg(2))
        }
        next()
        socklenResult(at: arg(2))
    }

    /// A sockaddr the kernel filled in, `length` being how many bytes it wrote
    /// (capped at the buffer's size).
    mutating func sockaddrResult(address: UInt64, lengthAddress: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard !failed, let written = try? memory.load(Int32.self, from: lengthAddress) else {
            out.appendPointer(address)
            return
        }
        let capacity = acceptLengthIn ?? written
        sockaddr(at: address, length: Int(min(written, capacity)))
    }

    /// `[16]`, or `[128 => 16]` when the kernel changed the length.
    mutating func socklenResult(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let after = try? memory.load(Int32.self, from: address) else { out.appendPointer(address); return }
        out.append("[")
        if let before = acceptLengthIn, before != after, !failed {
            out.append(decimal: before)
            out.append(" => ")
        }
        out.append(decimal: failed ? (acceptLengthIn ?? after) : after)
        out.append("]")
    }

    /// A `struct sockaddr` of `length` bytes, by family.
    mutating func sockaddr(at address: UInt64, length: Int) {
        guard address != 0 else { out.append("NULL"); return }
        guard length >= 2 else {
            if length <= 0 { out.appendPointer(address) } else { out.append("{sa_family=???}") }
            return
        }
        let size = min(length, 128)
        var raw = [UInt8](repeating: 0, count: size)
        let ok: Bool = raw.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { out.append(hex: address); return }
        let family = Int32(UInt16(raw[0]) | UInt16(raw[1]) << 8)
        out.append("{sa_family=")
        namedValue(Int64(family), Constants.addressFamilies, unknown: "AF_???")
        // Under -X raw and verbose, inet fields are their bytes (and, verbose, their meaning).
        let bytesFirst = format.constants != .abbrev
        switch family {
        case AF_UNIX:
            if size > 2 {
                out.append(", sun_path=")
                var path = raw[2...]
                if path.first == 0 && size > 3 {
                    out.append("@")
                    path = path.dropFirst()
                    out.appendQuoted(path, style: format.stringStyle)
                } else {
                    if let nul = path.firstIndex(of: 0) { path = path[..<nul] }
                    out.appendQuoted(path, style: format.stringStyle)
                }
            }
        case AF_INET where size >= 8:
            out.append(", sin_port=")
            netField(raw[2..<4], bytesFirst) { d in
                d.out.append("htons(")
                d.out.append(decimal: UInt16(raw[2]) << 8 | UInt16(raw[3]))
                d.out.append(")")
            }
            out.append(", sin_addr=")
            netField(raw[4..<8], bytesFirst) { d in
                d.out.append("inet_addr(")
                var text = OutputBuffer(capacity: 16)
                for i in 4..<8 {
                    if i > 4 { text.append(".") }
                    text.append(decimal: raw[i])
                }
                d.out.appendQuoted(text.contents, style: d.format.stringStyle)
                d.out.append(")")
            }
        case AF_INET6 where size >= 24:
            out.append(", sin6_port=")
            netField(raw[2..<4], bytesFirst) { d in
                d.out.append("htons(")
                d.out.append(decimal: UInt16(raw[2]) << 8 | UInt16(raw[3]))
                d.out.append(")")
            }
            out.append(", sin6_flowinfo=")
            netField(raw[4..<8], bytesFirst) { d in
                d.out.append("htonl(")
                d.out.append(decimal: UInt32(raw[4]) << 24 | UInt32(raw[5]) << 16 | UInt32(raw[6]) << 8 | UInt32(raw[7]))
                d.out.append(")")
            }
            if bytesFirst {
                out.append(", sin6_addr=")
                netField(raw[8..<24], bytesFirst) { d in
                    d.out.append("inet_pton(AF_INET6, ")
                    d.appendIPv6(Array(raw[8..<24]))
                    d.out.append(")")
                }
            } else {
                out.append(", inet_pton(AF_INET6, ")
                appendIPv6(Array(raw[8..<24]))
                out.append(", &sin6_addr)")
            }
            if size >= 28 {
                out.append(", sin6_scope_id=")
                out.append(decimal: UInt32(raw[24]) | UInt32(raw[25]) << 8 | UInt32(raw[26]) << 16 | UInt32(raw[27]) << 24)
            }
        case AF_NETLINK where size >= 12:
            out.append(", nl_pid=")
            out.append(decimal: Int32(bitPattern: UInt32(raw[4]) | UInt32(raw[5]) << 8 | UInt32(raw[6]) << 16 | UInt32(raw[7]) << 24))
            out.append(", nl_groups=")
            let groups = UInt32(raw[8]) | UInt32(raw[9]) << 8 | UInt32(raw[10]) << 16 | UInt32(raw[11]) << 24
            out.appendHexDigits(UInt64(groups), minimumWidth: 8)
        default:
            if size > 2 {
                out.append(", sa_data=")
                out.appendQuoted(raw[2...], style: format.stringStyle)
            }
        }
        out.append("}")
    }

    /// An address field: its meaning (`htons(80)`), or under -X its bytes
    /// (`"\x00\x50"`), followed under -X verbose by its meaning in a comment.
    mutating func netField(_ bytes: ArraySlice<UInt8>, _ bytesFirst: Bool, _ meaning: (inout Decoding) -> Void) {
        guard bytesFirst else { meaning(&self); return }
        out.appendQuoted(bytes, style: .hexAll)
        if format.constants == .verbose {
            out.append(" /* ")
            meaning(&self)
            out.append(" */")
        }
    }

    /// An IPv6 address as inet_ntop writes it (`"::1"`, `"fe80::1"`), quoted.
    mutating func appendIPv6(_ bytes: [UInt8]) {
        var text = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            text.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    _ = inet_ntop(AF_INET6, raw.baseAddress, $0.baseAddress, socklen_t($0.count))
                }
            }
        }
        out.appendQuoted(text.prefix { $0 != 0 }, style: format.stringStyle)
    }

    mutating func socketLevel(_ i: Int) {
        next()
        namedValue(Int64(int(i)), Constants.socketLevels, unknown: "SOL_???")
    }

    /// The option's name in its level's table.
    mutating func socketOption(_ i: Int, level: Int32) {
        next()
        let value = Int64(int(i))
        let table: [NamedConstant]
        switch level {
        case SOL_SOCKET: table = Constants.socketOptions
        case Int32(IPPROTO_TCP): table = Constants.tcpOptions
        case Int32(IPPROTO_IP): table = Constants.ipOptions
        case Int32(IPPROTO_IPV6): table = Constants.ipv6Options
        default:
            out.append(decimal: value)
            typed(.number(value))
            return
        }
        namedValue(value, table, unknown: "???")
    }

    /// An option value: `[1]` for an int, SO_LINGER's and SO_PEERCRED's
    /// structures, else the bytes.
    mutating func socketOptionValue(at address: UInt64, length: Int, level: Int32 = -1, option: Int32 = -1) {
        guard address != 0 else { out.append("NULL"); return }
        // -e verbose=: outside it, the address (the bytes too).
        guard memory.dereferences else { out.appendPointer(address); return }
        if length == 4, let value = try? memory.load(Int32.self, from: address) {
            out.append("[")
            out.append(decimal: value)
            out.append("]")
            return
        }
        if level == SOL_SOCKET && option == SO_LINGER && length >= 8, let linger = try? memory.load((Int32, Int32).self, from: address) {
            out.append("{l_onoff=")
            out.append(decimal: linger.0)
            out.append(", l_linger=")
            out.append(decimal: linger.1)
            out.append("}")
            return
        }
        if level == SOL_SOCKET && option == SO_PEERCRED && length >= 12,
           let credentials = try? memory.load((Int32, UInt32, UInt32).self, from: address) {
            out.append("{pid=")
            out.append(decimal: credentials.0)
            out.append(", uid=")
            out.append(decimal: credentials.1)
            out.append(", gid=")
            out.append(decimal: credentials.2)
            out.append("}")
            return
        }
        guard length > 0 else { out.appendPointer(address); return }
        bytes(at: address, count: length, style: format.stringStyle)
    }

    /// sendmmsg/recvmmsg's `struct mmsghdr` array: `[{msg_hdr={...}, msg_len=5}]`.
    mutating func mmsghdrs(at address: UInt64, count: Int) {
        guard address != 0 else { out.append("NULL"); return }
        let shown = min(max(count, 0), format.stringLimit)
        guard memory.dereferences || shown == 0 else { out.append(hex: address); return }
        out.append("[")
        for index in 0..<shown {
            let element = address &+ UInt64(index) &* 64  // sizeof(struct mmsghdr) on x86_64
            guard let length = try? memory.load(UInt32.self, from: element &+ 56) else {
                out.append(hex: element)
                break
            }
            if index > 0 { out.append(", ") }
            out.append("{msg_hdr=")
            msghdr(at: element, data: Int(length), output: false)
            out.append(", msg_len=")
            out.append(decimal: length)
            out.append("}")
        }
        if count > shown { out.append(", ...") }
        out.append("]")
    }

    /// `struct msghdr`; `data` is how many bytes the call moved (-1: each
    /// buffer whole; nil: failed, addresses only). `output`: recvmsg's, whose
    /// name and control the kernel filled in.
    mutating func msghdr(at address: UInt64, data: Int?, output: Bool) {
        guard address != 0 else { out.append("NULL"); return }
        guard let header = try? memory.load(Glibc.msghdr.self, from: address) else { out.append(hex: address); return }
        if output && data == nil { out.append(hex: address); return }
        let name = UInt64(UInt(bitPattern: header.msg_name))
        out.append("{msg_name=")
        if name == 0 {
            out.append("NULL")
        } else {
            sockaddr(at: name, length: Int(header.msg_namelen))
        }
        out.append(", msg_namelen=")
        out.append(decimal: header.msg_namelen)
        out.append(", msg_iov=")
        iovecArray(at: UInt64(UInt(bitPattern: header.msg_iov)), count: UInt64(header.msg_iovlen), data: data)
        out.append(", msg_iovlen=")
        out.append(decimal: header.msg_iovlen)
        let control = UInt64(UInt(bitPattern: header.msg_control))
        if control != 0 && header.msg_controllen > 0 {
            out.append(", msg_control=")
            controlMessages(at: control, length: Int(header.msg_controllen))
        }
        out.append(", msg_controllen=")
        out.append(decimal: header.msg_controllen)
        out.append(", msg_flags=")
        let messageFlags = UInt64(UInt32(bitPattern: header.msg_flags))
        symbolic(messageFlags) { $0.appendFlags(messageFlags, in: Constants.messageFlags) }
        out.append("}")
    }

    /// Control messages: `[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`.
    mutating func controlMessages(at address: UInt64, length: Int) {
        let size = min(length, 4096)
        var raw = [UInt8](repeating: 0, count: size)
        let ok: Bool = raw.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { out.append(hex: address); return }
        func word64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(raw[at + $1]) << (8 * UInt64($1)) } }
        func word32(_ at: Int) -> Int32 { Int32(bitPattern: (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) }) }
        out.append("[")
        var offset = 0
        var first = true
        while offset + 16 <= size {
            let cmsgLength = Int(clamping: word64(offset))
            // A length the tracee made up must not walk past the buffer (or overflow).
            guard cmsgLength >= 16, cmsgLength <= size - offset else { break }
            if !first { out.append(", ") }
            first = false
            let level = word32(offset + 8), type = word32(offset + 12)
            out.append("{cmsg_len=")
            out.append(decimal: cmsgLength)
            out.append(", cmsg_level=")
            namedValue(Int64(level), Constants.socketLevels, unknown: "SOL_???")
            out.append(", cmsg_type=")
            let end = min(offset + cmsgLength, size)
            if level == SOL_SOCKET {
                namedValue(Int64(type), Constants.scmTypes, unknown: "SCM_???")
            } else {
                out.append(hex: UInt64(UInt32(bitPattern: type)))
            }
            if level == SOL_SOCKET && type == 1 {  // SCM_RIGHTS: descriptors
                out.append(", cmsg_data=[")
                var at = offset + 16
                while at + 4 <= end {
                    if at > offset + 16 { out.append(", ") }
                    fdValue(word32(at))
                    at += 4
                }
                out.append("]")
            } else if end > offset + 16 {
                out.append(", cmsg_data=")
                out.appendQuoted(raw[(offset + 16)..<end], style: .hexAll)
            }
            out.append("}")
            offset += (cmsgLength + 7) & ~7
        }
        out.append("]")
    }
}
