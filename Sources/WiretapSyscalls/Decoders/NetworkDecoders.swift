import Glibc
import WiretapCore

/// Decoders of sockets: creation, addresses (`struct sockaddr` of the unix,
/// inet, inet6 and netlink families), connections, data transfer with
/// `struct msghdr`, and socket options.
enum NetworkDecoders {
    /// The socket option levels strace 6.1 has a table for beyond SOL_SOCKET,
    /// SOL_IP, SOL_IPV6, SOL_TCP, SOL_UDP, SOL_PACKET, SOL_NETLINK and SOL_RAW:
    /// their options, and strace's name for an unknown one. An empty table
    /// names nothing (every value prints as unknown, as strace prints values
    /// its table lacks).
    static let otherLevelOptions: [(level: Int64, options: [NamedConstant], unknown: StaticString)] = [
        (Constants.AF_VSOCK, Constants.vsockOptions, "SO_VM_???"),
        (Constants.SOL_IPX, Constants.ipxOptions, "IPX_???"), (Constants.SOL_AX25, [], "AX25_???"),
        (Constants.SOL_CAN_RAW, Constants.canRawOptions, "CAN_RAW_???"), (Constants.SOL_SCTP, Constants.sctpOptions, "SCTP_???"),
        (Constants.SOL_IRDA, [], "IRLMP_???"), (Constants.SOL_LLC, [], "LLC_OPT_???"),
        (Constants.SOL_DCCP, [], "DCCP_SOCKOPT_???"), (Constants.SOL_TIPC, [], "TIPC_???"),
        (Constants.SOL_RXRPC, [], "RXRPC_???"), (Constants.SOL_PPPOL2TP, [], "PPPOL2TP_SO_???"),
        (Constants.SOL_BLUETOOTH, [], "BT_???"), (Constants.SOL_PNPIPE, [], "PNPIPE_???"),
        (Constants.SOL_RDS, [], "RDS_???"), (Constants.SOL_IUCV, [], "SO_???"), (Constants.SOL_CAIF, [], "CAIFSO_???"),
        (Constants.SOL_ALG, Constants.algOptions, "ALG_???"), (Constants.SOL_NFC, [], "NFC_LLCP_???"),
        (Constants.SOL_KCM, Constants.kcmOptions, "KCM_???"), (Constants.SOL_TLS, Constants.tlsOptions, "TLS_???"),
        (Constants.SOL_XDP, Constants.xdpOptions, "XDP_???"),
    ]

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
            // strace prints the protocol as a number here, whatever the family.
            d.unsignedLong(2)
            return .atExit
        }, exit: { d in
            d.next()
            d.straceArray(at: d.arg(3), count: 2, of: Int32.self) { $0.fdValue($1) }
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
            d.next()
            d.straceFlags(d.arg(3) & 0xffff_ffff, Constants.socketTypeFlags, unknown: "SOCK_???")
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
            d.sentData()
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
            d.receivedData()
            d.next()
            d.sockaddrResult(address: d.arg(4), lengthAddress: d.arg(5))
            d.next()
            d.socklenResult(at: d.arg(5))
            return .decimal
        }),
        .sendmsg: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.msghdr(at: d.arg(1), userNameLength: nil, dataSize: .max)
            d.messageFlags(2)
            return .done()
        },
        .recvmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            // msg_namelen is value-result: remember what went in.
            guard let namelen = d.messageNameLength(at: d.arg(1)) else {
                d.pointer(1)
                d.messageFlags(2)
                return .done()
            }
            d.saved = Int64(namelen)
            return .atExit
        }, exit: { d in
            let namelen = Int32(truncatingIfNeeded: d.saved ?? 0)
            d.next()
            if d.failed {
                d.beginStructure(); d.field("msg_namelen"); d.signedValue(namelen); d.endStructure()
            } else {
                d.msghdr(at: d.arg(1), userNameLength: namelen, dataSize: UInt64(bitPattern: d.result))
            }
            d.messageFlags(2)
            return .decimal
        }),
        .sendmmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            guard d.memory.dereferences else {
                d.pointer(1)
                d.unsigned(2)
                d.messageFlags(3)
                return .done()
            }
            return .atExit
        }, exit: { d in
            d.next()
            // strace reads the vector even when the call failed.
            d.mmsghdrs(at: d.arg(1), count: d.arg(2) & 0xffff_ffff, lengthsShown: d.failed ? 0 : UInt64(bitPattern: d.result),
                       useLengths: false, firstNameLength: nil)
            d.unsigned(2)
            d.messageFlags(3)
            return .decimal
        }),
        .recvmmsg: SyscallDecoder(entry: { d in
            d.fd(0)
            guard d.memory.dereferences else {
                d.pointer(1)
                d.unsigned(2)
                d.messageFlags(3)
                d.next()
                d.timespec(at: d.arg(4))
                return .done()
            }
            if (d.arg(2) & 0xffff_ffff) > 0, let namelen = d.messageNameLength(at: d.arg(1)) { d.saved = Int64(namelen) }
            return .atExit
        }, exit: { d in
            d.next()
            // The vector is read only after a success (its length is the result).
            guard !d.failed else {
                d.pointerValue(d.arg(1))
                d.unsigned(2)
                d.messageFlags(3)
                d.next()
                d.timespec(at: d.arg(4))
                return .decimal
            }
            let count = UInt64(bitPattern: d.result) & 0xffff_ffff
            d.mmsghdrs(at: d.arg(1), count: count, lengthsShown: count, useLengths: true,
                       firstNameLength: d.saved.map { Int32(truncatingIfNeeded: $0) })
            d.unsigned(2)
            d.messageFlags(3)
            d.next()
            d.timespec(at: d.arg(4))
            if !d.failed {
                var suffix = OutputBuffer(capacity: 64)
                if d.result == 0 {
                    suffix.append(" (Timeout)")
                } else if d.arg(4) != 0 {
                    suffix.append(" (left ")
                    d.unrecorded(into: &suffix) { $0.timespec(at: $0.arg(4)) }
                    suffix.append(")")
                }
                let text = suffix
                d.resultPrinter = { value, out in
                    out.append(decimal: value)
                    out.append(bytes: text.contents)
                }
                return .custom
            }
            return .decimal
        }),
        .setsockopt: SyscallDecoder { d in
            d.fd(0)
            d.socketLevel(1)
            d.socketOption(2, level: d.arg(1), get: false)
            d.next()
            d.setSocketOptionValue(at: d.arg(3), length: d.int(4), level: d.arg(1), option: d.arg(2))
            d.decimal(4)
            return .done()
        },
        .getsockopt: SyscallDecoder(entry: { d in
            d.fd(0)
            d.socketLevel(1)
            d.socketOption(2, level: d.arg(1), get: true)
            // optlen is value-result: without it at entry, both print as addresses.
            guard d.memory.dereferences, d.arg(4) != 0, let length = try? d.memory.load(Int32.self, from: d.arg(4)) else {
                d.pointer(3)
                d.pointer(4)
                return .done()
            }
            d.saved = Int64(length)
            return .atExit
        }, exit: { d in
            let before = Int32(truncatingIfNeeded: d.saved ?? 0)
            d.next()
            guard !d.failed, let after = try? d.memory.load(Int32.self, from: d.arg(4)) else {
                d.pointerValue(d.arg(3))
                d.next()
                d.beginArray(); d.signedValue(before); d.endArray()
                return .decimal
            }
            d.getSocketOptionValue(at: d.arg(3), level: d.arg(1), option: d.arg(2), lengthIn: before, lengthOut: after)
            d.next()
            if before != after {
                d.beginChanged(); d.signedValue(before); d.signedValue(after); d.endChanged()
            } else {
                d.beginArray(); d.signedValue(after); d.endArray()
            }
            return .decimal
        }),
    ]
}

extension Decoding {
    /// `fd, "data", len, flags`: what send and sendto start with.
    mutating func sentData() {
        fd(0)
        next()
        socketBuffer(fd: int(0), at: arg(1), count: arg(2))
        unsignedLong(2)
        messageFlags(3)
    }

    /// `"data", len, flags` at the exit of recv and recvfrom (after the
    /// descriptor): what arrived, or the buffer's address when nothing did.
    mutating func receivedData() {
        next()
        if failed {
            pointerValue(arg(1))
        } else {
            socketBuffer(fd: int(0), at: arg(1), count: min(UInt64(bitPattern: result), arg(2)))
        }
        unsignedLong(2)
        messageFlags(3)
    }

    /// The address length as it was at entry (accept, getsockname, recvfrom...).
    var acceptLengthIn: Int32? { saved.map { Int32(truncatingIfNeeded: $0) } }

    mutating func addressFamily(_ i: Int) {
        next()
        xlatValue(arg(i), Constants.addressFamilies, unknown: "AF_???")
    }

    /// strace's printflags: the names of the set bits (`|0x...` for the
    /// rest), `0x... /* unknown */` when none has a name, `0` for zero
    /// (or the table's name for zero); -X raw the number, -X verbose
    /// the number with the names in a comment.
    mutating func straceFlags(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let style = format.constants
        var names = OutputBuffer(capacity: 0)
        if recordsValues { Decoding.appendStraceFlags(value, table, unknown: unknown, style: .abbrev, to: &names) }
        let span = recordsValues ? store(names.contents) : ValueTape.Span(start: 0, end: 0)
        customValue(.flags(value, span)) { Decoding.appendStraceFlags(value, table, unknown: unknown, style: style, to: &$0) }
    }

    /// The text of `straceFlags`.
    static func appendStraceFlags(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString,
                                  style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        func number(_ n: UInt64, _ out: inout OutputBuffer) { if n == 0 { out.append("0") } else { out.append(hex: n) } }
        guard style != .raw else { number(value, &out); return }
        var remaining = value
        var count = 0
        if style == .verbose && value != 0 { number(value, &out) }
        for entry in table where remaining != 0 || count == 0 {
            let bits = UInt64(bitPattern: entry.value)
            guard remaining == bits || (bits != 0 && remaining & bits == bits) else { continue }
            if style == .verbose && remaining == 0 { out.append("0") }
            if count > 0 { out.append("|") } else if style == .verbose { out.append(" /* ") }
            count += 1
            out.append(entry.name)
            remaining &= ~bits
            if remaining == 0 { break }
        }
        if count > 0 {
            if remaining != 0 {
                out.append("|")
                number(remaining, &out)
            }
            if style == .verbose { out.append(" */") }
        } else if remaining != 0 {
            if style != .verbose { number(remaining, &out) }
            out.append(" /* ")
            out.append(unknown)
            out.append(" */")
        } else {
            out.append("0")
        }
    }

    /// strace's socket type: the type by name, then the SOCK_* flags
    /// (`SOCK_STREAM|SOCK_CLOEXEC`); a type with no name leaves the whole
    /// value to the flags (`0x10000000 /* SOCK_??? */`). Under -X each part
    /// is a number (`0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */`).
    mutating func socketType(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        let base = value & 0xf
        guard let type = Constants.socketTypes.first(where: { UInt64(bitPattern: $0.value) == base }) else {
            straceFlags(value, Constants.socketTypeFlags, unknown: "SOCK_???")
            return
        }
        let style = format.constants
        let flags = value & ~0xf
        func write(_ out: inout OutputBuffer, _ style: StraceFormat.ConstantStyle) {
            Decoding.appendSymbolic(base, style: style, to: &out) { $0.append(type.name) }
            guard flags != 0 else { return }
            out.append("|")
            Decoding.appendStraceFlags(flags, Constants.socketTypeFlags, unknown: "SOCK_???", style: style, to: &out)
        }
        var names = OutputBuffer(capacity: 0)
        if recordsValues { write(&names, .abbrev) }
        let span = recordsValues ? store(names.contents) : ValueTape.Span(start: 0, end: 0)
        customValue(.flags(value, span)) { write(&$0, style) }
    }

    /// What `symbolic` writes for a named value, as text: for one written in parts.
    static func appendSymbolic(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer, _ names: (inout OutputBuffer) -> Void) {
        guard style != .abbrev else { names(&out); return }
        if value == 0 { out.append("0") } else { out.append(hex: value) }
        guard style == .verbose else { return }
        out.append(" /* ")
        names(&out)
        out.append(" */")
    }

    /// What `write` writes, stored for a token (nothing unless values are recorded).
    mutating func storeText(_ write: (inout OutputBuffer) -> Void) -> ValueTape.Span {
        guard recordsValues else { return ValueTape.Span(start: 0, end: 0) }
        var text = OutputBuffer(capacity: 64)
        write(&text)
        return store(text.contents)
    }

    /// The protocol, named by family as strace 6.1 names it (the whole
    /// 64-bit argument, as strace reads it): IPPROTO_* for inet, NETLINK_*,
    /// `htons(ETH_P_ALL)` for packet sockets, else the number.
    mutating func socketProtocol(_ i: Int, family: Int32) {
        next()
        let value = arg(i)
        switch family {
        case AF_INET, AF_INET6: xlatValue(value, Constants.ipProtocols, unknown: "IPPROTO_???")
        case AF_NETLINK: xlatValue(value, Constants.netlinkProtocols, unknown: "NETLINK_???")
        case AF_CAN: xlatValue(value, Constants.canProtocols, unknown: "CAN_???")
        case AF_IRDA: xlatValue(value, Constants.canProtocols, unknown: "IRDAPROTO_???")
        case AF_RXRPC: xlatValue(value, Constants.addressFamilies, unknown: "AF_???")
        case AF_PACKET:
            // ntohs of the low 16 bits.
            let port = UInt64(UInt16(truncatingIfNeeded: value).byteSwapped)
            beginCall("htons")
            xlatValue(port, Constants.ethernetProtocols, unknown: "ETH_P_???")
            endCall()
        case AF_AX25:
            // strace names these in its own table, always in the -X verbose style.
            customValue(.constant(Int64(bitPattern: value), ValueTape.Span(start: 0, end: 0))) { out in
                if value == 0 { out.append("0") } else { out.append(hex: value) }
                out.append(" /* AX25_P_??? */")
            }
        case AF_BLUETOOTH: xlatValue(value, [], unknown: "BTPROTO_???")
        case AF_ISDN: xlatValue(value, [], unknown: "ISDN_P_???")
        case AF_PHONET: xlatValue(value, [], unknown: "PN_PROTO_???")
        case AF_CAIF: xlatValue(value, [], unknown: "CAIFPROTO_???")
        case AF_NFC: xlatValue(value, [], unknown: "NFC_SOCKPROTO_???")
        case AF_KCM: xlatValue(value, [], unknown: "KCMPROTO_???")
        case AF_SMC: xlatValue(value, [], unknown: "SMCPROTO_???")
        default: unsignedValue(value)
        }
    }

    mutating func messageFlags(_ i: Int) {
        next()
        straceFlags(arg(i) & 0xffff_ffff, Constants.messageFlags, unknown: "MSG_???")
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
            pointerValue(arg(1))
        } else {
            sockaddrResult(address: arg(1), lengthAddress: arg(2))
        }
        next()
        socklenResult(at: arg(2))
    }

    /// A sockaddr the kernel filled in, `length` being how many bytes it wrote
    /// (capped at the buffer's size).
    mutating func sockaddrResult(address: UInt64, lengthAddress: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard !failed, let written = try? memory.load(Int32.self, from: lengthAddress) else {
            pointerValue(address)
            return
        }
        let capacity = acceptLengthIn ?? written
        sockaddr(at: address, length: Int(min(written, capacity)))
    }

    /// `[16]`, or `[128 => 16]` when the kernel changed the length.
    mutating func socklenResult(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let after = try? memory.load(Int32.self, from: address) else { unreadable(address); return }
        if let before = acceptLengthIn, before != after, !failed {
            beginChanged()
            signedValue(before)
            signedValue(after)
            endChanged()
        } else {
            beginArray()
            signedValue(failed ? (acceptLengthIn ?? after) : after)
            endArray()
        }
    }

    /// A `struct sockaddr` of `length` bytes, by family.
    mutating func sockaddr(at address: UInt64, length: Int) {
        guard address != 0 else { pointerValue(0); return }
        // strace's decode_sockaddr: fewer than 2 bytes print as the address.
        guard length >= 2 else { pointerValue(address); return }
        let size = min(length, 128)
        var raw = [UInt8](repeating: 0, count: size)
        let ok: Bool = raw.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { unreadable(address); return }
        sockaddrValue(raw)
    }

    /// A `struct sockaddr` already read (at least 2 bytes), by family.
    mutating func sockaddrValue(_ raw: [UInt8]) {
        guard raw.count >= 2 else { textValue("???"); return }
        let size = raw.count
        let family = Int32(UInt16(raw[0]) | UInt16(raw[1]) << 8)
        beginStructure()
        field("sa_family")
        namedValue(Int64(family), Constants.addressFamilies, unknown: "AF_???")
        // Under -X raw and verbose, inet fields are their bytes (and, verbose, their meaning).
        let abbrev = format.constants == .abbrev
        let style = format.stringStyle
        switch family {
        case AF_UNIX:
            guard size > 2 else { break }
            field("sun_path")
            var path = raw[2...]
            if path.first == 0 && size > 3 {
                // An abstract name: its bytes start with NUL, which strace shows as `@`.
                let name = path.dropFirst()
                let span = recordsValues ? store(path) : ValueTape.Span(start: 0, end: 0)
                customValue(.string(span, truncated: false)) { out in
                    out.append("@")
                    out.appendQuoted(name, style: style)
                }
            } else {
                if let nul = path.firstIndex(of: 0) { path = path[..<nul] }
                stringValue(path, truncated: false)
            }
        case AF_INET where size >= 8:
            field("sin_port")
            portValue(raw[2..<4])
            field("sin_addr")
            var text = OutputBuffer(capacity: 16)
            for i in 4..<8 {
                if i > 4 { text.append(".") }
                text.append(decimal: raw[i])
            }
            let dotted = text.contents
            if abbrev {
                beginCall("inet_addr")
                stringValue(dotted, truncated: false)
                endCall()
            } else {
                addressBytes(raw[4..<8]) { out in
                    out.append("inet_addr(")
                    out.appendQuoted(dotted, style: style)
                    out.append(")")
                }
            }
        case AF_INET6 where size >= 24:
            field("sin6_port")
            portValue(raw[2..<4])
            field("sin6_flowinfo")
            let flowinfo = UInt32(raw[4]) << 24 | UInt32(raw[5]) << 16 | UInt32(raw[6]) << 8 | UInt32(raw[7])
            if abbrev {
                beginCall("htonl")
                unsignedValue(flowinfo)
                endCall()
            } else {
                addressBytes(raw[4..<8]) { out in
                    out.append("htonl(")
                    out.append(decimal: flowinfo)
                    out.append(")")
                }
            }
            let text = Decoding.ipv6Text(raw[8..<24])
            if abbrev {
                // strace names the field through the call that fills it in.
                unnamedField("sin6_addr")
                beginCall("inet_pton")
                symbolic(UInt64(AF_INET6), named: true) { $0.append("AF_INET6") }
                stringValue(text, truncated: false)
                textValue("&sin6_addr")
                endCall()
            } else {
                field("sin6_addr")
                addressBytes(raw[8..<24]) { out in
                    out.append("inet_pton(AF_INET6, ")
                    out.appendQuoted(text, style: style)
                    out.append(")")
                }
            }
            if size >= 28 {
                field("sin6_scope_id")
                unsignedValue(UInt32(raw[24]) | UInt32(raw[25]) << 8 | UInt32(raw[26]) << 16 | UInt32(raw[27]) << 24)
            }
        case AF_NETLINK where size >= 12:
            field("nl_pid")
            signedValue(Int32(bitPattern: UInt32(raw[4]) | UInt32(raw[5]) << 8 | UInt32(raw[6]) << 16 | UInt32(raw[7]) << 24))
            field("nl_groups")
            let groups = UInt64(UInt32(raw[8]) | UInt32(raw[9]) << 8 | UInt32(raw[10]) << 16 | UInt32(raw[11]) << 24)
            // C's `%#08x`: zero padded to 8 digits, another number with `0x` inside the 8 columns.
            customValue(.unsigned(groups, .hexadecimal)) { out in
                if groups == 0 {
                    out.appendHexDigits(0, minimumWidth: 8)
                } else {
                    out.append("0x")
                    out.appendHexDigits(groups, minimumWidth: 6)
                }
            }
        default:
            guard size > 2 else { break }
            field("sa_data")
            stringValue(raw[2...], truncated: false)
        }
        endStructure()
    }

    /// A port in network order: `htons(80)`, or under -X its bytes.
    mutating func portValue(_ bytes: ArraySlice<UInt8>) {
        let port = UInt16(bytes[bytes.startIndex]) << 8 | UInt16(bytes[bytes.startIndex + 1])
        if format.constants == .abbrev {
            beginCall("htons")
            unsignedValue(port)
            endCall()
            return
        }
        addressBytes(bytes) { out in
            out.append("htons(")
            out.append(decimal: port)
            out.append(")")
        }
    }

    /// An address field under -X: its bytes in network order (`"\x00\x50"`),
    /// and under -X verbose its meaning in a comment (`htons(80)`).
    mutating func addressBytes(_ bytes: ArraySlice<UInt8>, meaning: (inout OutputBuffer) -> Void) {
        hexBytesValue(bytes)
        if format.constants == .verbose { comment(meaning) }
    }

    /// Bytes quoted in hexadecimal whatever -x says (`"\x01\x02"`): a string.
    mutating func hexBytesValue(_ bytes: ArraySlice<UInt8>) {
        let span = recordsValues ? store(bytes) : ValueTape.Span(start: 0, end: 0)
        customValue(.string(span, truncated: false)) { $0.appendQuoted(bytes, style: .hexAll) }
    }

    /// A field strace prints without its name, the value saying what it
    /// fills in (`inet_pton(AF_INET6, "::1", &sin6_addr)` is sin6_addr): `, `
    /// then the value, recorded under `name`. Never the first field.
    mutating func unnamedField(_ name: StaticString) {
        out.append(", ")
        record(.field(name))
    }

    /// An IPv6 address as inet_ntop writes it (`::1`, `fe80::1`).
    static func ipv6Text(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var text = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        Array(bytes).withUnsafeBytes { raw in
            text.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    _ = inet_ntop(AF_INET6, raw.baseAddress, $0.baseAddress, socklen_t($0.count))
                }
            }
        }
        return Array(text.prefix { $0 != 0 })
    }

    mutating func socketLevel(_ i: Int) {
        next()
        xlatValue(arg(i), Constants.socketLevels, unknown: "SOL_??")
    }

    /// The option's name in its level's table (strace's, with its
    /// `???` names); at a level strace has no table for, the number.
    mutating func socketOption(_ i: Int, level: UInt64, get: Bool) {
        next()
        let name = arg(i) & 0xffff_ffff
        switch level {
        case UInt64(SOL_SOCKET):
            // 26 is SO_GET_FILTER to getsockopt, SO_ATTACH_FILTER to setsockopt.
            if get && name == UInt64(SO_ATTACH_FILTER) {
                symbolic(name, named: true) { $0.append("SO_GET_FILTER") }
            } else {
                xlatValue(name, Constants.socketOptions, unknown: "SO_???")
            }
        case UInt64(SOL_IP): xlatValue(name, Constants.ipOptions, unknown: "IP_???")
        case UInt64(SOL_IPV6): xlatValue(name, Constants.ipv6Options, unknown: "IPV6_???")
        case UInt64(SOL_TCP): xlatValue(name, Constants.tcpOptions, unknown: "TCP_???")
        case UInt64(bitPattern: Constants.SOL_UDP): xlatValue(name, Constants.udpOptions, unknown: "UDP_???")
        case UInt64(SOL_PACKET): xlatValue(name, Constants.packetOptions, unknown: "PACKET_???")
        case UInt64(SOL_NETLINK): xlatValue(name, Constants.netlinkOptions, unknown: "NETLINK_???")
        case UInt64(SOL_RAW): xlatValue(name, Constants.rawOptions, unknown: "RAW_???")
        default:
            if let (_, table, unknown) = NetworkDecoders.otherLevelOptions.first(where: { UInt64(bitPattern: $0.0) == level }) {
                xlatValue(name, table, unknown: unknown)
            } else {
                unsignedValue(name)
            }
        }
    }

    /// Whether strace decodes a SOL_SOCKET option's value as an int.
    static func isIntegerSocketOption(_ name: UInt64) -> Bool {
        switch Int32(truncatingIfNeeded: name) {
        case SO_DEBUG, SO_REUSEADDR, SO_DONTROUTE, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_OOBINLINE,
             SO_NO_CHECK, SO_PRIORITY, SO_BSDCOMPAT, SO_REUSEPORT, SO_PASSCRED, SO_RCVLOWAT, SO_SNDLOWAT,
             SO_DETACH_FILTER, 29 /* SO_TIMESTAMP_OLD */, SO_ACCEPTCONN, SO_SNDBUFFORCE, SO_RCVBUFFORCE, SO_PASSSEC,
             35 /* SO_TIMESTAMPNS_OLD */, SO_MARK, 37 /* SO_TIMESTAMPING_OLD */, SO_RXQ_OVFL, SO_WIFI_STATUS,
             SO_PEEK_OFF, SO_NOFCS, SO_LOCK_FILTER, SO_SELECT_ERR_QUEUE, SO_BUSY_POLL, SO_INCOMING_CPU,
             SO_CNX_ADVICE, SO_INCOMING_NAPI_ID, SO_ZEROCOPY, 63 /* SO_TIMESTAMP_NEW */, 64 /* SO_TIMESTAMPNS_NEW */,
             65 /* SO_TIMESTAMPING_NEW */, SO_DETACH_REUSEPORT_BPF, SO_PREFER_BUSY_POLL, SO_BUSY_POLL_BUDGET,
             SO_RESERVE_MEM, SO_RCVMARK:
            return true
        default:
            return false
        }
    }

    /// `[1]`: an int the tracee points at, or its address.
    mutating func intInMemory(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load(Int32.self, from: address) else { unreadable(address); return }
        beginArray(); signedValue(value); endArray()
    }

    /// setsockopt's optval as strace's print_setsockopt prints it.
    mutating func setSocketOptionValue(at address: UInt64, length: Int32, level: UInt64, option: UInt64) {
        if address != 0 && memory.dereferences {
            switch level {
            case UInt64(SOL_SOCKET):
                if option == UInt64(SO_LINGER) {
                    guard length >= 8, let linger = try? memory.load((Int32, Int32).self, from: address) else {
                        length >= 8 ? unreadable(address) : pointerValue(address)
                        return
                    }
                    beginStructure()
                    field("l_onoff"); signedValue(linger.0)
                    field("l_linger"); signedValue(linger.1)
                    endStructure()
                    return
                }
                if option == UInt64(SO_ATTACH_FILTER) || option == UInt64(SO_ATTACH_REUSEPORT_CBPF) {
                    pointerValue(address)
                    return
                }
                if Decoding.isIntegerSocketOption(option) {
                    if length < 4 { pointerValue(address) } else { intInMemory(at: address) }
                    return
                }
            case UInt64(SOL_NETLINK):
                if length < 4 { pointerValue(address) } else { intInMemory(at: address) }
                return
            case UInt64(SOL_IP) where option == UInt64(IP_ADD_MEMBERSHIP) || option == UInt64(IP_DROP_MEMBERSHIP):
                // struct ip_mreq.
                guard length >= 8, let raw = readBytes(at: address, count: 8) else {
                    length >= 8 ? unreadable(address) : pointerValue(address)
                    return
                }
                beginStructure()
                inetAddressField("imr_multiaddr", raw[0..<4], family: AF_INET)
                inetAddressField("imr_interface", raw[4..<8], family: AF_INET)
                endStructure()
                return
            case UInt64(SOL_IPV6) where [IPV6_ADD_MEMBERSHIP, IPV6_DROP_MEMBERSHIP, IPV6_JOIN_ANYCAST, IPV6_LEAVE_ANYCAST]
                    .contains(Int32(truncatingIfNeeded: option)):
                // struct ipv6_mreq.
                guard length >= 20, let raw = readBytes(at: address, count: 20) else {
                    length >= 20 ? unreadable(address) : pointerValue(address)
                    return
                }
                beginStructure()
                inetAddressField("ipv6mr_multiaddr", raw[0..<16], family: AF_INET6, first: true)
                field("ipv6mr_interface")
                interfaceIndexValue(UInt32(raw[16]) | UInt32(raw[17]) << 8 | UInt32(raw[18]) << 16 | UInt32(raw[19]) << 24)
                endStructure()
                return
            case UInt64(SOL_RAW) where option == UInt64(bitPattern: Constants.ICMP_FILTER):
                icmpFilter(at: address, length: Int(length))
                return
            case UInt64(SOL_PACKET) where option == UInt64(bitPattern: Constants.PACKET_RX_RING)
                    || option == UInt64(bitPattern: Constants.PACKET_TX_RING):
                // struct tpacket_req, of exactly its size.
                guard length == 16, let request = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address) else {
                    pointerValue(address)
                    return
                }
                beginStructure()
                field("tp_block_size"); unsignedValue(request.0)
                field("tp_block_nr"); unsignedValue(request.1)
                field("tp_frame_size"); unsignedValue(request.2)
                field("tp_frame_nr"); unsignedValue(request.3)
                endStructure()
                return
            case UInt64(SOL_PACKET) where option == UInt64(bitPattern: Constants.PACKET_ADD_MEMBERSHIP)
                    || option == UInt64(bitPattern: Constants.PACKET_DROP_MEMBERSHIP):
                // struct packet_mreq, of exactly its size.
                guard length == 16, let raw = readBytes(at: address, count: 16) else {
                    pointerValue(address)
                    return
                }
                func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
                let type = UInt64(UInt16(raw[4]) | UInt16(raw[5]) << 8)
                let addressLength = Int(UInt16(raw[6]) | UInt16(raw[7]) << 8)
                beginStructure()
                field("mr_ifindex"); interfaceIndexValue(word(0))
                field("mr_type"); xlatValue(type, Constants.packetMembershipTypes, unknown: "PACKET_MR_???")
                field("mr_alen"); unsignedValue(UInt16(addressLength))
                field("mr_address"); hardwareAddressValue(raw[8..<(8 + min(addressLength, 8))])
                endStructure()
                return
            default:
                break
            }
        }
        guard memory.dereferences else { pointerValue(address); return }
        if length == 4 {
            intInMemory(at: address)
        } else {
            socketOptionBytes(at: address, length: Int(length))
        }
    }

    /// strace's printstrn of an option's `length` bytes (cut at -s); a
    /// negative length reads as a huge size_t.
    mutating func socketOptionBytes(at address: UInt64, length: Int) {
        printStrn(at: address, count: UInt64(bitPattern: Int64(length)))
    }

    /// strace's printstrn: `count` bytes at `address`, cut at `-s`; it
    /// reads one byte more than it shows, and prints the address when
    /// that read fails (NULL for NULL, whatever the count).
    mutating func printStrn(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        let limit = max(format.stringLimit, 0)
        let fetch = Int(min(count, UInt64(limit) + 1))
        guard (try? memory.readExactly(from: address, count: fetch, into: &scratch)) != nil else {
            unreadable(address)
            return
        }
        let shown = min(fetch, limit)
        stringValue(scratch.prefix(shown), truncated: count > UInt64(shown))
    }

    /// getsockopt's optval as strace's print_getsockopt prints it, given
    /// optlen before (`lengthIn`) and after the call.
    mutating func getSocketOptionValue(at address: UInt64, level: UInt64, option: UInt64, lengthIn: Int32, lengthOut: Int32) {
        guard lengthIn > 0, lengthOut > 0 else { pointerValue(address); return }
        let length = Int(lengthOut)
        if address != 0 && memory.dereferences {
            switch level {
            case UInt64(SOL_SOCKET):
                if option == UInt64(SO_LINGER) || option == UInt64(SO_PEERCRED) {
                    let size = option == UInt64(SO_LINGER) ? 8 : 12
                    var raw: [UInt8] = []
                    guard (try? memory.readExactly(from: address, count: min(length, size), into: &raw, structure: true)) != nil else {
                        unreadable(address)
                        return
                    }
                    func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
                    beginStructure()
                    if option == UInt64(SO_LINGER) {
                        if raw.count >= 4 { field("l_onoff"); signedValue(Int32(bitPattern: word(0))) }
                        if raw.count >= 8 { field("l_linger"); signedValue(Int32(bitPattern: word(4))) }
                    } else {
                        if raw.count >= 4 { field("pid"); pidValue(Int32(bitPattern: word(0))) }
                        for (offset, name) in [(4, "uid" as StaticString), (8, "gid")] where raw.count >= offset + 4 {
                            field(name)
                            let id = word(offset)
                            if id == UInt32.max { signedValue(-1) } else { unsignedValue(id) }
                        }
                    }
                    endStructure()
                    return
                }
                if option == UInt64(SO_ERROR) {
                    guard length >= 4 else { hexBytes(at: address, count: length); return }
                    guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
                    beginArray(); errnoValue(value); endArray()
                    return
                }
                if Decoding.isIntegerSocketOption(option) {
                    if length >= 4 { intInMemory(at: address) } else { hexBytes(at: address, count: length) }
                    return
                }
            case UInt64(SOL_NETLINK):
                if option == UInt64(bitPattern: Constants.NETLINK_LIST_MEMBERSHIPS) {
                    let count = UInt64(min(lengthIn, lengthOut)) / 4
                    straceArray(at: address, count: count, of: UInt32.self) { $0.unsignedValue($1) }
                } else {
                    intInMemory(at: address)
                }
                return
            case UInt64(SOL_RAW) where option == UInt64(bitPattern: Constants.ICMP_FILTER):
                icmpFilter(at: address, length: length)
                return
            case UInt64(SOL_PACKET) where option == UInt64(bitPattern: Constants.PACKET_STATISTICS):
                // struct tpacket_stats(_v3): the fields the length covers.
                guard let raw = readBytes(at: address, count: min(length, 12)) else { unreadable(address); return }
                func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
                beginStructure()
                for (offset, name) in [(0, "tp_packets" as StaticString), (4, "tp_drops"), (8, "tp_freeze_q_cnt")]
                    where raw.count >= offset + 4 {
                    field(name); unsignedValue(word(offset))
                }
                endStructure()
                return
            default:
                break
            }
        }
        guard memory.dereferences else { pointerValue(address); return }
        if length == 4 { intInMemory(at: address) } else { socketOptionBytes(at: address, length: length) }
    }

    /// `count` bytes of the tracee's memory (nil when unreadable).
    mutating func readBytes(at address: UInt64, count: Int) -> [UInt8]? {
        var raw: [UInt8] = []
        guard address != 0, (try? memory.readExactly(from: address, count: count, into: &raw, structure: true)) != nil else { return nil }
        return raw
    }

    /// An interface index: `if_nametoindex("lo")` while the interface
    /// exists (-X: the number, commented under verbose), else the number.
    mutating func interfaceIndexValue(_ index: UInt32) {
        var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard if_indextoname(index, &name) != nil else { unsignedValue(index); return }
        let bytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let style = format.stringStyle
        let constants = format.constants
        constantValue(Int64(index), name: bytes) { out in
            if constants != .abbrev { out.append(decimal: index) }
            if constants == .verbose { out.append(" /* ") }
            if constants != .raw {
                out.append("if_nametoindex(")
                out.appendQuoted(bytes, style: style)
                out.append(")")
            }
            if constants == .verbose { out.append(" */") }
        }
    }

    /// A field holding an IPv4 or IPv6 address as strace's print_inet_addr
    /// prints it: `name=inet_addr("1.2.3.4")`, `inet_pton(AF_INET6, "::1", &name)`;
    /// under -X the bytes (and, verbose, that call in a comment).
    /// `first`: the structure's first field (no `, ` before an unnamed one).
    mutating func inetAddressField(_ name: StaticString, _ bytes: ArraySlice<UInt8>, family: Int32, first: Bool = false) {
        let style = format.stringStyle
        if family == AF_INET {
            var text = OutputBuffer(capacity: 16)
            for i in bytes.indices {
                if i > bytes.startIndex { text.append(".") }
                text.append(decimal: bytes[i])
            }
            let dotted = text.contents
            field(name)
            if format.constants == .abbrev {
                beginCall("inet_addr"); stringValue(dotted, truncated: false); endCall()
            } else {
                addressBytes(bytes) { out in
                    out.append("inet_addr(")
                    out.appendQuoted(dotted, style: style)
                    out.append(")")
                }
            }
            return
        }
        let text = Decoding.ipv6Text(bytes)
        if format.constants == .abbrev {
            if first { record(.field(name)) } else { unnamedField(name) }
            beginCall("inet_pton")
            symbolic(UInt64(AF_INET6), named: true) { $0.append("AF_INET6") }
            stringValue(text, truncated: false)
            customValue(.text(storeText { $0.append("&"); $0.append(name) })) { $0.append("&"); $0.append(name) }
            endCall()
        } else {
            field(name)
            addressBytes(bytes) { out in
                out.append("inet_pton(AF_INET6, ")
                out.appendQuoted(text, style: style)
                out.append(")")
            }
        }
    }

    /// SOL_RAW's ICMP_FILTER: the ICMP types it blocks, `~[...]` for the
    /// complement when more than half are set (strace's print_icmp_filter).
    mutating func icmpFilter(at address: UInt64, length: Int) {
        guard length > 0 else { pointerValue(address); return }
        let size = min(length, 4)
        guard let raw = readBytes(at: address, count: size) else { unreadable(address); return }
        // Bytes not read stay set, as in strace's `{ ~0U }`.
        var bits: UInt32 = .max
        for (index, byte) in raw.enumerated() {
            bits &= ~(UInt32(0xff) << (8 * UInt32(index)))
            bits |= UInt32(byte) << (8 * UInt32(index))
        }
        let complement = bits.nonzeroBitCount > 16
        let shown = complement ? ~bits : bits
        let names = storeText { out in
            var first = true
            for bit in 0..<32 where shown & (1 << UInt32(bit)) != 0 {
                if !first { out.append(" ") }
                first = false
                if !out.appendName(of: Int64(bit), in: Constants.icmpTypes) { out.append(hex: UInt64(bit)) }
            }
        }
        let constants = format.constants
        customValue(.flags(UInt64(shown), names)) { out in
            if complement { out.append("~") }
            out.append("[")
            var first = true
            for bit in 0..<32 where shown & (1 << UInt32(bit)) != 0 {
                if !first { out.append(" ") }
                first = false
                Decoding.appendXlat(UInt64(bit), Constants.icmpTypes, unknown: "ICMP_???", style: constants, to: &out)
            }
            out.append("]")
        }
    }

    /// A hardware address as strace's print_mac_addr prints it:
    /// `01:00:5e:00:00:01`; under -X its bytes (verbose: commented).
    mutating func hardwareAddressValue(_ bytes: ArraySlice<UInt8>) {
        var text = OutputBuffer(capacity: 24)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(":") }
            if byte < 16 { text.append("0") }
            text.appendHexDigits(UInt64(byte), minimumWidth: 1)
        }
        let mac = text.contents
        if format.constants == .abbrev {
            customValue(.string(recordsValues ? store(bytes) : ValueTape.Span(start: 0, end: 0), truncated: false)) {
                $0.append(bytes: mac)
            }
        } else {
            addressBytes(bytes) { $0.append(bytes: mac) }
        }
    }

    /// The text of `xlatValue`.
    static func appendXlat(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString,
                           style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        if let entry = table.first(where: { UInt64(bitPattern: $0.value) == value }) {
            appendSymbolic(value, style: style, to: &out) { $0.append(entry.name) }
        } else {
            if value == 0 { out.append("0") } else { out.append(hex: value) }
            if style != .raw {
                out.append(" /* ")
                out.append(unknown)
                out.append(" */")
            }
        }
    }

    /// strace's printstr_ex with QUOTE_FORCE_HEX: every byte as `\x..`.
    mutating func hexBytes(at address: UInt64, count: Int) {
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(count, format.stringLimit))
        guard (try? memory.readExactly(from: address, count: shown, into: &scratch)) != nil else { unreadable(address); return }
        stringValue(scratch, truncated: count > shown, style: .hexAll)
    }

    /// msg_namelen of the msghdr at `address`, read as strace does at
    /// entry (nil when it can't: NULL, unreadable, or outside -e verbose).
    func messageNameLength(at address: UInt64) -> Int32? {
        guard address != 0, memory.dereferences, let header = try? memory.load(MessageHeader.self, from: address) else { return nil }
        return Int32(bitPattern: header.nameLength)
    }

    /// sendmmsg/recvmmsg's `struct mmsghdr` array as strace's decode_mmsgvec
    /// prints it: at most 1024 (IOV_MAX) headers, `msg_len` for the first
    /// `lengthsShown`, data cut at each msg_len when `useLengths`.
    mutating func mmsghdrs(at address: UInt64, count: UInt64, lengthsShown: UInt64, useLengths: Bool, firstNameLength: Int32?) {
        var remaining = 1024
        var lengths = lengthsShown
        var index = 0
        straceArrayWhile(at: address, count: count, of: (MessageHeader, UInt32, UInt32).self, evenAfterFailure: true) { d, element in
            guard remaining > 0 else { d.elided(); return false }
            remaining -= 1
            d.beginStructure()
            d.field("msg_hdr")
            d.msghdrValue(element.0, userNameLength: index == 0 ? firstNameLength : nil,
                          dataSize: useLengths ? UInt64(element.1) : .max)
            if lengths > 0 {
                d.field("msg_len"); d.unsignedValue(element.1)
                lengths -= 1
            }
            d.endStructure()
            index += 1
            return true
        }
    }

    /// `struct msghdr` at `address` (its address when unreadable):
    /// strace's print_struct_msghdr.
    mutating func msghdr(at address: UInt64, userNameLength: Int32?, dataSize: UInt64) {
        guard address != 0, memory.dereferences, let header = try? memory.load(MessageHeader.self, from: address) else {
            pointerValue(address)
            return
        }
        msghdrValue(header, userNameLength: userNameLength, dataSize: dataSize)
    }

    /// A `struct msghdr`: `userNameLength` is msg_namelen before a receive
    /// (`[in => out]` when it changed), `dataSize` how many bytes the call
    /// moved (`.max`: each buffer whole).
    mutating func msghdrValue(_ header: MessageHeader, userNameLength: Int32?, dataSize: UInt64) {
        let namelen = Int32(bitPattern: header.nameLength)
        let nameShown = userNameLength.map { namelen > $0 ? $0 : namelen } ?? namelen
        beginStructure()
        field("msg_name")
        let family = sockaddrFamily(at: header.name, length: Int(nameShown))
        field("msg_namelen")
        if let user = userNameLength, user != namelen {
            // `128 => 12`, without brackets.
            customValue(.signed(Int64(namelen))) { out in
                out.append(decimal: user)
                out.append(" => ")
                out.append(decimal: namelen)
            }
        } else {
            signedValue(namelen)
        }
        field("msg_iov")
        var left = dataSize
        straceArrayWhile(at: header.iov, count: header.iovCount, of: (UInt64, UInt64).self) { d, iov in
            let length = min(iov.1, left)
            if left != .max { left -= length }
            d.beginStructure()
            d.field("iov_base")
            if family == AF_NETLINK {
                d.netlinkMessages(at: iov.0, length: length, family: d.netlinkFamily(fd: d.int(0)))
            } else if iov.0 == 0 {
                d.pointerValue(0)
            } else {
                d.printStrn(at: iov.0, count: length)
            }
            d.field("iov_len"); d.unsignedValue(iov.1)
            d.endStructure()
            return true
        }
        field("msg_iovlen"); unsignedValue(header.iovCount)
        if header.controlLength != 0 {
            field("msg_control")
            controlMessages(at: header.control, length: header.controlLength)
        }
        field("msg_controllen"); unsignedValue(header.controlLength)
        field("msg_flags"); straceFlags(UInt64(header.flags), Constants.messageFlags, unknown: "MSG_???")
        endStructure()
    }

    /// A sockaddr of `length` bytes (strace's decode_sockaddr); returns its
    /// family, -1 when it printed an address.
    mutating func sockaddrFamily(at address: UInt64, length: Int) -> Int32 {
        guard length >= 2, address != 0, memory.dereferences,
              let family = try? memory.load(UInt16.self, from: address) else {
            if length >= 2 && address != 0 { unreadable(address) } else { pointerValue(address) }
            return -1
        }
        sockaddr(at: address, length: length)
        return Int32(family)
    }

    /// The kernel's cap on control data (net.core.optmem_max), read once.
    static let controlDataLimit: UInt64 = {
        let fd = open("/proc/sys/net/core/optmem_max", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 20480 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 32) }
        var value: UInt64 = 0
        for byte in buffer.prefix(max(count, 0)) where byte >= 48 && byte <= 57 { value = value &* 10 &+ UInt64(byte - 48) }
        // A bound on what one call reads, whatever the system allows.
        return value > 0 ? min(value, 1 << 24) : 20480
    }()

    /// Control messages as strace's decode_msg_control prints them:
    /// `[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`,
    /// at most optmem_max bytes, `..., /* 0x... */` for what is left over.
    mutating func controlMessages(at address: UInt64, length inLength: UInt64) {
        let controlLength = Int(min(inLength, Decoding.controlDataLimit))
        var raw: [UInt8] = []
        guard controlLength >= 16, address != 0, memory.dereferences,
              (try? memory.readExactly(from: address, count: controlLength, into: &raw, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        func word64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(raw[at + $1]) << (8 * UInt64($1)) } }
        func word32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
        beginArray()
        var offset = 0
        var left = controlLength
        while left >= 16 {
            let cmsgLength = word64(offset)
            let level = Int32(bitPattern: word32(offset + 8)), type = word32(offset + 12)
            beginStructure()
            field("cmsg_len"); unsignedValue(cmsgLength)
            field("cmsg_level"); xlatValue(UInt64(UInt32(bitPattern: level)), Constants.socketLevels, unknown: "SOL_???")
            field("cmsg_type")
            let length = Int(min(cmsgLength, UInt64(left)))
            let data = raw[min(offset + 16, raw.count)..<(offset + max(length, 16))]
            controlMessageData(level: level, type: type, data: data)
            endStructure()
            if length < 16 {
                left -= 16
                break
            }
            let step = (cmsgLength &+ 7) & ~7
            if step >= UInt64(left) || step < cmsgLength {
                left = 0
                break
            }
            offset += Int(step)
            left -= Int(step)
        }
        if left > 0 {
            let rest = address &+ UInt64(controlLength - left)
            customValue(.unreadable(rest)) { $0.append("...") }
            comment { $0.append(hex: rest) }
        } else if UInt64(controlLength) < inLength {
            elided()
        }
        endArray()
    }

    /// Timestamps of a control message: a timeval or timespec, or an array
    /// of `count` timespecs (SO_TIMESTAMPING); `???` when the data is short.
    mutating func controlTimes(_ data: ArraySlice<UInt8>, count: Int?, microseconds: Bool) {
        func word(_ at: Int) -> UInt64 {
            let base = data.startIndex + at
            return (0..<8).reduce(0) { $0 | UInt64(data[base + $1]) << (8 * UInt64($1)) }
        }
        func time(_ d: inout Decoding, _ at: Int) {
            d.beginStructure()
            d.field("tv_sec"); d.signedValue(Int64(bitPattern: word(at)))
            d.field(microseconds ? "tv_usec" : "tv_nsec"); d.unsignedValue(word(at + 8))
            d.endStructure()
        }
        guard data.count >= 16 * (count ?? 1) else { textValue("???"); return }
        guard let count else { time(&self, 0); return }
        beginArray()
        for index in 0..<count { time(&self, index * 16) }
        endArray()
    }

    /// strace's print_local_array: `count` elements already read, cut at
    /// `-s` elements (`[...]`) unless -v.
    mutating func localArray(count: Int, _ element: (inout Decoding, Int) -> Void) {
        let limit = unabbreviated ? count : min(count, max(format.stringLimit, 0))
        beginArray()
        for index in 0..<limit { element(&self, index) }
        endArray(cut: limit < count)
    }

    /// cmsg_type and, for the types strace decodes, cmsg_data.
    mutating func controlMessageData(level: Int32, type: UInt32, data: ArraySlice<UInt8>) {
        func word(_ at: Int) -> UInt32 {
            let base = data.startIndex + at
            return (0..<4).reduce(0) { $0 | UInt32(data[base + $1]) << (8 * UInt32($1)) }
        }
        switch level {
        case SOL_SOCKET:
            xlatValue(UInt64(type), Constants.scmTypes, unknown: "SCM_???")
            switch Int32(bitPattern: type) {
            case Int32(Constants.SCM_RIGHTS) where data.count >= 4:
                field("cmsg_data")
                localArray(count: data.count / 4) { $0.fdValue(Int32(bitPattern: word($1 * 4))) }
            case Int32(Constants.SCM_CREDENTIALS) where data.count >= 12:
                field("cmsg_data")
                beginStructure()
                field("pid"); pidValue(Int32(bitPattern: word(0)))
                for (offset, name) in [(4, "uid" as StaticString), (8, "gid")] {
                    field(name)
                    let id = word(offset)
                    if id == UInt32.max { signedValue(-1) } else { unsignedValue(id) }
                }
                endStructure()
            case Int32(Constants.SCM_SECURITY) where data.count >= 1:
                field("cmsg_data")
                stringValue(data, truncated: false)
            case 29 /* SO_TIMESTAMP_OLD */ where data.count >= 1, 63 /* SO_TIMESTAMP_NEW */ where data.count >= 1:
                field("cmsg_data")
                controlTimes(data, count: nil, microseconds: true)
            case 35 /* SO_TIMESTAMPNS_OLD */ where data.count >= 1, 64 /* SO_TIMESTAMPNS_NEW */ where data.count >= 1:
                field("cmsg_data")
                controlTimes(data, count: nil, microseconds: false)
            case 37 /* SO_TIMESTAMPING_OLD */ where data.count >= 1, 65 /* SO_TIMESTAMPING_NEW */ where data.count >= 1:
                field("cmsg_data")
                controlTimes(data, count: 3, microseconds: false)
            default:
                break
            }
        case SOL_IP:
            xlatValue(UInt64(type), Constants.ipOptions, unknown: "IP_???")
            switch Int32(bitPattern: type) {
            case IP_TTL where data.count >= 4, 23 /* IP_CHECKSUM */ where data.count >= 4:
                field("cmsg_data")
                localArray(count: data.count / 4) { $0.unsignedValue(word($1 * 4)) }
            case IP_RECVERR where data.count >= 32:
                // struct sock_extended_err, then the offender's sockaddr_in.
                field("cmsg_data")
                beginStructure()
                field("ee_errno"); unsignedValue(word(0))
                field("ee_origin"); unsignedValue(data[data.startIndex + 4])
                field("ee_type"); unsignedValue(data[data.startIndex + 5])
                field("ee_code"); unsignedValue(data[data.startIndex + 6])
                field("ee_info"); unsignedValue(word(8))
                field("ee_data"); unsignedValue(word(12))
                field("offender"); sockaddrValue(Array(data[(data.startIndex + 16)..<(data.startIndex + 32)]))
                endStructure()
            case IP_ORIGDSTADDR where data.count >= 16:
                field("cmsg_data")
                sockaddrValue(Array(data.prefix(128)))
            case IP_PKTINFO where data.count >= 12:
                field("cmsg_data")
                beginStructure()
                field("ipi_ifindex"); interfaceIndexValue(word(0))
                inetAddressField("ipi_spec_dst", data[(data.startIndex + 4)..<(data.startIndex + 8)], family: AF_INET)
                inetAddressField("ipi_addr", data[(data.startIndex + 8)..<(data.startIndex + 12)], family: AF_INET)
                endStructure()
            case IP_TOS where data.count >= 1, IP_RECVOPTS where data.count >= 1, IP_RETOPTS where data.count >= 1:
                field("cmsg_data")
                localArray(count: data.count) { $0.hexValue(UInt64(data[data.startIndex + $1])) }
            default:
                break
            }
        default:
            hexValue(UInt64(type))
        }
    }
}

/// A `struct msghdr` as x86_64 lays it out (56 bytes).
struct MessageHeader: BitwiseCopyable {
    var name: UInt64
    var nameLength: UInt32
    var padding: UInt32
    var iov: UInt64
    var iovCount: UInt64
    var control: UInt64
    var controlLength: UInt64
    var flags: UInt32
    var padding2: UInt32
}
