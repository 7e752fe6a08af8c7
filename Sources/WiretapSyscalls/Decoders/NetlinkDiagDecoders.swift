import Glibc
import WiretapCore

/// NETLINK_SOCK_DIAG payloads beyond unix and inet sockets, as strace 6.1's
/// netlink_netlink_diag.c, netlink_packet_diag.c, netlink_smc_diag.c and
/// the legacy half of netlink_inet_diag.c print them.
extension Decoding {
    /// strace's printstr_ex with QUOTE_FORCE_HEX as netlink decoders use it:
    /// the first `-s` bytes in hex, `...` after them when there are more;
    /// the address when the first `-s` + 1 bytes (what strace reads) can't
    /// be read.
    mutating func netlinkHexBytes(at address: UInt64, count: Int) {
        guard address != 0 else { pointerValue(0); return }
        let limit = max(0, format.stringLimit)
        let read = min(count, limit == Int.max ? limit : limit + 1)
        guard (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil else { unreadable(address); return }
        let shown = min(count, limit)
        stringValue(scratch.prefix(shown), truncated: count > shown, style: .hexAll)
    }

    /// The rest of a structure that can't be read, after its family field:
    /// `, 0x7ffc...` (strace's umoven_or_printaddr of the bytes after it).
    mutating func unreadableRest(_ address: UInt64) {
        unnamedField("data")
        unreadable(address)
    }

    /// The fixed part of a diag structure of `size` bytes at `address`:
    /// nil (and `...` or the address printed) when it is shorter or
    /// unreadable. The family byte was already read and printed.
    mutating func diagStructure(at address: UInt64, length: UInt32, size: Int) -> [UInt8]? {
        guard Int(length) >= size else { return nil }
        guard let raw = readBytes(at: address, count: size) else { unreadableRest(address &+ 1); return nil }
        return raw
    }

    /// Ends a diag structure: `...` when it was cut short.
    mutating func endDiagStructure(complete: Bool, length: UInt32, size: Int) {
        endStructure(abbreviated: !complete && Int(length) < size)
    }

    /// strace's PRINT_VAL_0X (`%#0*llx`): `0x` and digits padded with zeros
    /// to `width` characters in all; zero is `width` zeros (no `0x`).
    mutating func zeroPaddedHexValue(_ value: UInt64, width: Int) {
        customValue(.unsigned(value, .hexadecimal)) { out in
            if value == 0 {
                out.appendHexDigits(0, minimumWidth: width)
            } else {
                out.append("0x")
                out.appendHexDigits(value, minimumWidth: width - 2)
            }
        }
    }

    /// printxval in the -X verbose style unless -X raw: `0x1010000 /*
    /// SMC_CLC_DECL_MEM */`.
    mutating func verboseConstant(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let name = table.first { UInt64(bitPattern: $0.value) == value }?.name
        let raw = format.constants == .raw
        customValue(.constant(Int64(bitPattern: value), storeText { _ in })) { out in
            if value == 0 { out.append("0") } else { out.append(hex: value) }
            if raw { return }
            out.append(" /* ")
            if let name { out.append(name) } else { out.append(unknown) }
            out.append(" */")
        }
    }

    /// An INET_DIAG_REQ_BYTECODE attribute: an `inet_diag_bc_op`, then its
    /// operands by the operation (strace's decode_inet_diag_bc_op).
    mutating func inetDiagBytecode(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 4 else { return false }
        guard let op = readBytes(at: address, count: 4) else { unreadable(address); return true }
        bytecodeOperation(op)
        guard length > 4 else { return true }
        let data = address &+ 4, dataLength = Int(length - 4)
        switch Int64(op[0]) {
        case Constants.INET_DIAG_BC_S_COND, Constants.INET_DIAG_BC_D_COND:
            // struct inet_diag_hostcond: family, prefix_len, port, then the address.
            guard dataLength >= 8 else { netlinkHexBytes(at: data, count: dataLength); return true }
            guard let condition = readBytes(at: data, count: 8) else { unreadable(data); return true }
            let family = Int32(condition[0])
            beginStructure()
            field("family"); xlatValue(UInt64(condition[0]), Constants.addressFamilies, unknown: "AF_???")
            field("prefix_len"); unsignedValue(condition[1])
            field("port"); unsignedValue(Self.littleEndian(condition, 4, 4))
            if dataLength > 8 {
                let size = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0
                if size > 0 && dataLength - 8 >= size {
                    if let bytes = readBytes(at: data &+ 8, count: size) {
                        inetAddressField("addr", bytes[...], family: family)
                    } else {
                        field("addr"); unreadable(data &+ 8)
                    }
                } else {
                    field("addr"); netlinkHexBytes(at: data &+ 8, count: dataLength - 8)
                }
            }
            endStructure()
        case Constants.INET_DIAG_BC_DEV_COND:
            guard dataLength >= 4 else { netlinkHexBytes(at: data, count: dataLength); return true }
            if let index = try? memory.load(UInt32.self, from: data) { interfaceIndexValue(index) } else { unreadable(data) }
        case Constants.INET_DIAG_BC_S_GE, Constants.INET_DIAG_BC_S_LE, Constants.INET_DIAG_BC_D_GE, Constants.INET_DIAG_BC_D_LE:
            guard dataLength >= 4 else { netlinkHexBytes(at: data, count: dataLength); return true }
            if let operand = readBytes(at: data, count: 4) { bytecodeOperation(operand) } else { unreadable(data) }
        case Constants.INET_DIAG_BC_MARK_COND:
            guard dataLength >= 8 else { netlinkHexBytes(at: data, count: dataLength); return true }
            guard let mark = readBytes(at: data, count: 8) else { unreadable(data); return true }
            beginStructure()
            field("mark"); unsignedValue(Self.littleEndian(mark, 0, 4))
            field("mask"); unsignedValue(Self.littleEndian(mark, 4, 4))
            endStructure()
        default:
            netlinkHexBytes(at: data, count: dataLength)
        }
        return true
    }

    /// `struct inet_diag_bc_op`: `{code=INET_DIAG_BC_S_GE, yes=4, no=8}`.
    mutating func bytecodeOperation(_ raw: [UInt8]) {
        beginStructure()
        field("code"); xlatValue(UInt64(raw[0]), Constants.inetDiagBytecodes, unknown: "INET_DIAG_BC_???")
        field("yes"); unsignedValue(raw[1])
        field("no"); unsignedValue(Self.littleEndian(raw, 2, 2))
        endStructure()
    }

    /// A classic BPF instruction of a socket filter: `BPF_JUMP(code, k, jt,
    /// jf)` when it jumps, else `BPF_STMT(code, k)`, a packet load's k
    /// past SKF_AD_OFF, SKF_NET_OFF or SKF_LL_OFF relative to it.
    mutating func socketFilterInstruction(code: UInt16, jumpTrue: UInt8, jumpFalse: UInt8, k: UInt32) {
        let style = format.constants
        let jumps = jumpTrue != 0 || jumpFalse != 0
        beginCall(jumps ? "BPF_JUMP" : "BPF_STMT")
        customValue(.unsigned(UInt64(code), .hexadecimal)) { Decoding.appendFilterCode(code, style: style, to: &$0) }
        let load = Int64(code & 0x07) == Constants.BPF_LD && Int64(code & 0xe0) == Constants.BPF_ABS
        let offsets = Constants.socketFilterOffsets.map { (entry: $0, base: UInt32(truncatingIfNeeded: $0.value)) }
        if !jumps, load, let (entry, base) = offsets.first(where: { k >= $0.base }) {
            customValue(.unsigned(UInt64(k), .hexadecimal)) { out in
                Decoding.appendSymbolic(UInt64(base), style: style, to: &out) { $0.append(entry.name) }
                out.append("+")
                if entry.value == Constants.SKF_AD_OFF {
                    Decoding.appendXlat(UInt64(k - base), Constants.socketFilterAncillaryData, unknown: "SKF_AD_???", style: style, to: &out)
                } else {
                    out.append(decimal: UInt64(k - base))
                }
            }
        } else {
            hexValue(UInt64(k))
        }
        if jumps {
            hexValue(UInt64(jumpTrue))
            hexValue(UInt64(jumpFalse))
        }
        endCall()
    }

    /// INET_DIAG_MD5SIG: `struct tcp_diag_md5sig`s (family, prefix length,
    /// key length, address, key bytes up to the key length).
    mutating func tcpSignatures(at address: UInt64, length: UInt32) -> Bool {
        let count = length / 100
        guard count > 0 else { return false }
        _ = kernelArray(at: address, count: UInt64(count), size: 100) { d, element in
            let raw = Array(element)
            let family = Int32(raw[0])
            d.beginStructure()
            d.field("tcpm_family"); d.xlatValue(UInt64(raw[0]), Constants.addressFamilies, unknown: "AF_???")
            d.field("tcpm_prefixlen"); d.unsignedValue(raw[1])
            d.field("tcpm_keylen"); d.unsignedValue(Self.littleEndian(raw, 2, 2))
            if family == AF_INET || family == AF_INET6 {
                d.diagAddressField("tcpm_addr", raw[4..<20], family: family)
            } else {
                d.field("tcpm_addr"); d.hexBytesValue(raw[4..<20])
            }
            // The key's first tcpm_keylen bytes (at most 80), in hex whatever -s says.
            let keyLength = min(80, Int(Self.littleEndian(raw, 2, 2)))
            d.field("tcpm_key"); d.hexBytesValue(raw[20..<(20 + keyLength)])
            d.endStructure()
        }
        return true
    }

    /// INET_DIAG_ULP_INFO: the upper layer protocol's name, TLS or MPTCP attributes.
    mutating func upperLayerInfo(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.ulpInfoAttributes, unknown: "INET_ULP_INFO_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.INET_ULP_INFO_NAME:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.INET_ULP_INFO_TLS:
                d.netlinkAttributes(at: at, length: length, Constants.tlsInfoAttributes, unknown: "TLS_INFO_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.TLS_INFO_VERSION:
                        return d.netlinkNamedValue(at: at, length: length, size: 2, Constants.tlsVersions, unknown: "TLS_???_VERSION")
                    case Constants.TLS_INFO_CIPHER:
                        return d.netlinkNamedValue(at: at, length: length, size: 2, Constants.tlsCiphers, unknown: "TLS_CIPHER_???")
                    case Constants.TLS_INFO_TXCONF, Constants.TLS_INFO_RXCONF:
                        return d.netlinkNamedValue(at: at, length: length, size: 2, Constants.tlsConfigurations, unknown: "TLS_CONF_???")
                    default:
                        return false
                    }
                }
                return true
            case Constants.INET_ULP_INFO_MPTCP:
                d.netlinkAttributes(at: at, length: length, Constants.mptcpSubflowAttributes, unknown: "MPTCP_SUBFLOW_ATTR_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.MPTCP_SUBFLOW_ATTR_TOKEN_REM, Constants.MPTCP_SUBFLOW_ATTR_TOKEN_LOC:
                        guard length >= 4 else { return false }
                        guard let value = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                        d.hexValue(UInt64(value))
                        return true
                    case Constants.MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ, Constants.MPTCP_SUBFLOW_ATTR_MAP_SFSEQ, Constants.MPTCP_SUBFLOW_ATTR_SSN_OFFSET:
                        return d.netlinkInteger(UInt32.self, at: at, length: length)
                    case Constants.MPTCP_SUBFLOW_ATTR_MAP_SEQ:
                        return d.netlinkInteger(UInt64.self, at: at, length: length)
                    case Constants.MPTCP_SUBFLOW_ATTR_MAP_DATALEN:
                        return d.netlinkInteger(UInt16.self, at: at, length: length)
                    case Constants.MPTCP_SUBFLOW_ATTR_FLAGS:
                        return d.netlinkFlagsValue(at: at, length: length, size: 4, Constants.mptcpSubflowFlags, unknown: "MPTCP_SUBFLOW_FLAG_???")
                    case Constants.MPTCP_SUBFLOW_ATTR_ID_REM, Constants.MPTCP_SUBFLOW_ATTR_ID_LOC:
                        return d.netlinkInteger(UInt8.self, at: at, length: length)
                    default:
                        return false
                    }
                }
                return true
            default:
                return false
            }
        }
    }

    /// INET_DIAG_SK_BPF_STORAGES: each storage's map id and value.
    mutating func bpfStorages(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.bpfStoragesAttributes, unknown: "SK_DIAG_BPF_STORAGE_???") { d, type, at, length in
            guard Int64(type) == Constants.SK_DIAG_BPF_STORAGE else { return false }
            d.netlinkAttributes(at: at, length: length, Constants.bpfStorageAttributes, unknown: "SK_DIAG_BPF_STORAGE_???") { d, type, at, length in
                switch Int64(type) {
                case Constants.SK_DIAG_BPF_STORAGE_MAP_ID:
                    return d.netlinkInteger(UInt32.self, at: at, length: length)
                case Constants.SK_DIAG_BPF_STORAGE_MAP_VALUE:
                    // decode_nla_xint: a 1, 2, 4 or 8-byte number in hex.
                    guard [1, 2, 4, 8].contains(length) else { return false }
                    guard let raw = d.readBytes(at: at, count: Int(length)) else { d.unreadable(at); return true }
                    d.hexValue(Self.littleEndian(raw, 0, Int(length)))
                    return true
                default:
                    return false
                }
            }
            return true
        }
    }

    /// `struct netlink_diag_req`.
    mutating func netlinkDiagRequest(at address: UInt64, length: UInt32) {
        beginStructure()
        field("sdiag_family"); xlatValue(UInt64(AF_NETLINK), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 20)
        if let raw {
            field("sdiag_protocol")
            if raw[1] == 0xff {  // NDIAG_PROTO_ALL, ((__u8) ~0) in uapi
                symbolic(UInt64(raw[1]), named: true) { $0.append("NDIAG_PROTO_ALL") }
            } else {
                xlatValue(UInt64(raw[1]), Constants.netlinkProtocols, unknown: "NETLINK_???")
            }
            field("ndiag_ino"); unsignedValue(Self.littleEndian(raw, 4, 4))
            field("ndiag_show"); straceFlags(Self.littleEndian(raw, 8, 4), Constants.netlinkDiagShow, unknown: "NDIAG_SHOW_???")
            field("ndiag_cookie"); cookieValue(UInt32(Self.littleEndian(raw, 12, 4)), UInt32(Self.littleEndian(raw, 16, 4)))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 20)
    }

    /// `struct netlink_diag_msg` and its NETLINK_DIAG_* attributes.
    mutating func netlinkDiagMessage(at address: UInt64, length: UInt32) {
        beginStructure()
        field("ndiag_family"); xlatValue(UInt64(AF_NETLINK), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 28)
        if let raw {
            field("ndiag_type"); xlatValue(UInt64(raw[1]), Constants.socketTypes, unknown: "SOCK_???")
            field("ndiag_protocol"); xlatValue(UInt64(raw[2]), Constants.netlinkProtocols, unknown: "NETLINK_???")
            field("ndiag_state"); xlatValue(UInt64(raw[3]), Constants.netlinkDiagStates, unknown: "NETLINK_???")
            field("ndiag_portid"); unsignedValue(Self.littleEndian(raw, 4, 4))
            field("ndiag_dst_portid"); unsignedValue(Self.littleEndian(raw, 8, 4))
            field("ndiag_dst_group"); unsignedValue(Self.littleEndian(raw, 12, 4))
            field("ndiag_ino"); unsignedValue(Self.littleEndian(raw, 16, 4))
            field("ndiag_cookie"); cookieValue(UInt32(Self.littleEndian(raw, 20, 4)), UInt32(Self.littleEndian(raw, 24, 4)))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 28)
        guard raw != nil, length > 28 else { return }
        netlinkAttributes(at: address &+ 28, length: length - 28, Constants.netlinkDiagAttributes, unknown: "NETLINK_DIAG_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NETLINK_DIAG_MEMINFO:
                return d.socketMeminfo(at: at, length: length)
            case Constants.NETLINK_DIAG_GROUPS:
                let count = length / 8
                guard count > 0 else { return false }
                d.straceArray(at: at, count: UInt64(count), of: UInt64.self) { d, group in d.zeroPaddedHexValue(group, width: 16) }
                return true
            case Constants.NETLINK_DIAG_RX_RING, Constants.NETLINK_DIAG_TX_RING:
                return d.unsignedStructure(at: at, length: length, ["ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"],
                                           widths: [4, 4, 4, 4])
            case Constants.NETLINK_DIAG_FLAGS:
                guard length >= 4 else { return false }
                guard let flags = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.straceFlags(UInt64(flags), Constants.netlinkDiagSocketFlags, unknown: "NDIAG_FLAG_???")
                return true
            default:
                return false
            }
        }
    }

    /// `struct packet_diag_req`.
    mutating func packetDiagRequest(at address: UInt64, length: UInt32) {
        beginStructure()
        field("sdiag_family"); xlatValue(UInt64(AF_PACKET), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 20)
        if let raw {
            field("sdiag_protocol"); hexValue(UInt64(raw[1]))
            field("pdiag_ino"); unsignedValue(Self.littleEndian(raw, 4, 4))
            field("pdiag_show"); straceFlags(Self.littleEndian(raw, 8, 4), Constants.packetDiagShow, unknown: "PACKET_SHOW_???")
            field("pdiag_cookie"); cookieValue(UInt32(Self.littleEndian(raw, 12, 4)), UInt32(Self.littleEndian(raw, 16, 4)))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 20)
    }

    /// `struct packet_diag_msg` and its PACKET_DIAG_* attributes.
    mutating func packetDiagMessage(at address: UInt64, length: UInt32) {
        beginStructure()
        field("pdiag_family"); xlatValue(UInt64(AF_PACKET), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 16)
        if let raw {
            field("pdiag_type"); xlatValue(UInt64(raw[1]), Constants.socketTypes, unknown: "SOCK_???")
            field("pdiag_num"); xlatValue(Self.littleEndian(raw, 2, 2), Constants.ethernetProtocols, unknown: "ETH_P_???")
            field("pdiag_ino"); unsignedValue(Self.littleEndian(raw, 4, 4))
            field("pdiag_cookie"); cookieValue(UInt32(Self.littleEndian(raw, 8, 4)), UInt32(Self.littleEndian(raw, 12, 4)))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 16)
        guard raw != nil, length > 16 else { return }
        netlinkAttributes(at: address &+ 16, length: length - 16, Constants.packetDiagAttributes, unknown: "PACKET_DIAG_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.PACKET_DIAG_INFO:
                guard length >= 24 else { return false }
                guard let info = d.readBytes(at: at, count: 24) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("pdi_index"); d.interfaceIndexValue(UInt32(Self.littleEndian(info, 0, 4)))
                d.field("pdi_version"); d.xlatValue(Self.littleEndian(info, 4, 4), Constants.packetVersions, unknown: "TPACKET_???")
                d.field("pdi_reserve"); d.unsignedValue(Self.littleEndian(info, 8, 4))
                d.field("pdi_copy_thresh"); d.unsignedValue(Self.littleEndian(info, 12, 4))
                d.field("pdi_tstamp"); d.unsignedValue(Self.littleEndian(info, 16, 4))
                d.field("pdi_flags"); d.straceFlags(Self.littleEndian(info, 20, 4), Constants.packetDiagInfoFlags, unknown: "PDI_???")
                d.endStructure()
                return true
            case Constants.PACKET_DIAG_MCLIST:
                let count = length / 44
                guard count > 0 else { return false }
                d.straceArray(at: at, count: UInt64(count), of: PacketDiagMulticast.self) { d, entry in
                    withUnsafeBytes(of: entry) { bytes in
                        let raw = Array(bytes)
                        let addressLength = Int(Self.littleEndian(raw, 10, 2))
                        d.beginStructure()
                        d.field("pdmc_index"); d.interfaceIndexValue(UInt32(Self.littleEndian(raw, 0, 4)))
                        d.field("pdmc_count"); d.unsignedValue(Self.littleEndian(raw, 4, 4))
                        d.field("pdmc_type"); d.unsignedValue(Self.littleEndian(raw, 8, 2))
                        d.field("pdmc_alen"); d.unsignedValue(UInt64(addressLength))
                        d.field("pdmc_addr"); d.hexBytesValue(raw[12..<(12 + min(addressLength, 32))])
                        d.endStructure()
                    }
                }
                return true
            case Constants.PACKET_DIAG_RX_RING, Constants.PACKET_DIAG_TX_RING:
                return d.unsignedStructure(at: at, length: length,
                                           ["pdr_block_size", "pdr_block_nr", "pdr_frame_size", "pdr_frame_nr", "pdr_retire_tmo",
                                            "pdr_sizeof_priv", "pdr_features"], widths: [4, 4, 4, 4, 4, 4, 4])
            case Constants.PACKET_DIAG_FANOUT:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.PACKET_DIAG_UID:
                guard length >= 4 else { return false }
                guard let uid = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                if uid == UInt32.max { d.signedValue(-1) } else { d.unsignedValue(uid) }
                return true
            case Constants.PACKET_DIAG_MEMINFO:
                return d.socketMeminfo(at: at, length: length)
            case Constants.PACKET_DIAG_FILTER:
                // The program's address unless -v, its instructions under -v.
                let count = length / 8
                guard count > 0, count <= 0xffff else { return false }
                guard d.unabbreviated else { d.pointerValue(at); return true }
                _ = d.kernelArray(at: at, count: UInt64(count), size: 8, limit: Decoding.filterInstructionsMaximum) { d, raw in
                    d.socketFilterInstruction(code: UInt16(Self.littleEndian(Array(raw), 0, 2)), jumpTrue: raw[raw.startIndex + 2],
                                              jumpFalse: raw[raw.startIndex + 3], k: UInt32(Self.littleEndian(Array(raw), 4, 4)))
                }
                return true
            default:
                return false
            }
        }
    }

    /// A legacy TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK request: `struct inet_diag_req`.
    mutating func legacyInetDiagRequest(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("idiag_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 60)
        if let raw {
            field("idiag_src_len"); unsignedValue(raw[1])
            field("idiag_dst_len"); unsignedValue(raw[2])
            field("idiag_ext")
            bitNamedFlags(UInt32(raw[3]), Constants.inetDiagAttributes, shift: -1, unknown: "1<<INET_DIAG_???-1") { out, name in
                out.append("1<<("); out.append(name); out.append("-1)")
            }
            field("id"); inetDiagSocketID(Array(raw[4..<52]), family: family)
            field("idiag_states"); tcpStateBits(UInt32(Self.littleEndian(raw, 52, 4)))
            field("idiag_dbs"); unsignedValue(Self.littleEndian(raw, 56, 4))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 60)
        guard raw != nil, length > 60 else { return }
        netlinkAttributes(at: address &+ 60, length: length - 60, Constants.inetDiagRequestAttributes, unknown: "INET_DIAG_REQ_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.INET_DIAG_REQ_PROTOCOL: return d.netlinkIPProtocol(at: at, length: length)
            case Constants.INET_DIAG_REQ_BYTECODE: return d.inetDiagBytecode(at: at, length: length)
            default: return false
            }
        }
    }

    /// diag_ext of an SMC request: `1<<(SMC_DIAG_CONNINFO-1)|...`.
    mutating func smcExtensionBits(_ value: UInt8) {
        let named = Constants.smcDiagAttributes.filter {
            $0.value == Constants.SMC_DIAG_CONNINFO || $0.value == Constants.SMC_DIAG_LGRINFO
        }
        bitNamedFlags(UInt32(value), named, shift: -1, unknown: "1<<SMC_DIAG_???-1") { out, name in
            out.append("1<<("); out.append(name); out.append("-1)")
        }
    }

    /// `struct smc_diag_req`: its socket id is always an AF_INET one.
    mutating func smcDiagRequest(at address: UInt64, length: UInt32) {
        beginStructure()
        field("diag_family"); xlatValue(UInt64(Constants.AF_SMC), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 52)
        if let raw {
            field("diag_ext"); smcExtensionBits(raw[3])
            field("id"); inetDiagSocketID(Array(raw[4..<52]), family: UInt8(AF_INET))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 52)
    }

    /// An smc_diag_cursor: `{reserved=0, wrap=1, count=2}`.
    mutating func smcCursor(_ raw: [UInt8], _ offset: Int) {
        beginStructure()
        field("reserved"); unsignedValue(Self.littleEndian(raw, offset, 2))
        field("wrap"); unsignedValue(Self.littleEndian(raw, offset + 2, 2))
        field("count"); unsignedValue(Self.littleEndian(raw, offset + 4, 4))
        endStructure()
    }

    /// `struct smc_diag_msg` and its SMC_DIAG_* attributes.
    mutating func smcDiagMessage(at address: UInt64, length: UInt32) {
        beginStructure()
        field("diag_family"); xlatValue(UInt64(Constants.AF_SMC), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 64)
        if let raw {
            field("diag_state"); xlatValue(UInt64(raw[1]), Constants.smcStates, unknown: "SMC_???")
            field("diag_fallback"); xlatValue(UInt64(raw[2]), Constants.smcDiagModes, unknown: "SMC_DIAG_MODE_???")
            field("diag_shutdown"); unsignedValue(raw[3])
            field("id"); inetDiagSocketID(Array(raw[4..<52]), family: UInt8(AF_INET))
            field("diag_uid"); unsignedValue(Self.littleEndian(raw, 52, 4))
            field("diag_inode"); unsignedValue(Self.littleEndian(raw, 56, 8))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 64)
        guard raw != nil, length > 64 else { return }
        netlinkAttributes(at: address &+ 64, length: length - 64, Constants.smcDiagAttributes, unknown: "SMC_DIAG_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.SMC_DIAG_CONNINFO:
                guard length >= 76 else { return false }
                guard let info = d.readBytes(at: at, count: 76) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("token"); d.unsignedValue(Self.littleEndian(info, 0, 4))
                d.field("sndbuf_size"); d.unsignedValue(Self.littleEndian(info, 4, 4))
                d.field("rmbe_size"); d.unsignedValue(Self.littleEndian(info, 8, 4))
                d.field("peer_rmbe_size"); d.unsignedValue(Self.littleEndian(info, 12, 4))
                d.field("rx_prod"); d.smcCursor(info, 16)
                d.field("rx_cons"); d.smcCursor(info, 24)
                d.field("tx_prod"); d.smcCursor(info, 32)
                d.field("tx_cons"); d.smcCursor(info, 40)
                d.field("rx_prod_flags"); d.zeroPaddedHexValue(UInt64(info[48]), width: 2)
                d.field("rx_conn_state_flags"); d.zeroPaddedHexValue(UInt64(info[49]), width: 2)
                d.field("tx_prod_flags"); d.zeroPaddedHexValue(UInt64(info[50]), width: 2)
                d.field("tx_conn_state_flags"); d.zeroPaddedHexValue(UInt64(info[51]), width: 2)
                d.field("tx_prep"); d.smcCursor(info, 52)
                d.field("tx_sent"); d.smcCursor(info, 60)
                d.field("tx_fin"); d.smcCursor(info, 68)
                d.endStructure()
                return true
            case Constants.SMC_DIAG_LGRINFO:
                // One smc_diag_linkinfo (146 bytes) and the role.
                guard length >= 147 else { return false }
                guard let info = d.readBytes(at: at, count: 147) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("lnk")
                d.beginArray()
                d.beginStructure()
                d.field("link_id"); d.unsignedValue(info[0])
                d.field("ibname"); d.fixedString(info[1..<65])
                d.field("ibport"); d.unsignedValue(info[65])
                d.field("gid"); d.fixedString(info[66..<106])
                d.field("peer_gid"); d.fixedString(info[106..<146])
                d.endStructure()
                d.endArray()
                d.field("role"); d.xlatValue(UInt64(info[146]), Constants.smcLinkGroupRoles, unknown: "SMC_???")
                d.endStructure()
                return true
            case Constants.SMC_DIAG_SHUTDOWN:
                return d.netlinkFlagsValue(at: at, length: length, size: 1, Constants.socketShutdownFlags, unknown: "???_SHUTDOWN")
            case Constants.SMC_DIAG_DMBINFO:
                guard length >= 40 else { return false }
                guard let info = d.readBytes(at: at, count: 40) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("linkid"); d.unsignedValue(Self.littleEndian(info, 0, 4))
                d.field("peer_gid"); d.hexValue(Self.littleEndian(info, 8, 8))
                d.field("my_gid"); d.hexValue(Self.littleEndian(info, 16, 8))
                d.field("token"); d.hexValue(Self.littleEndian(info, 24, 8))
                d.field("peer_token"); d.hexValue(Self.littleEndian(info, 32, 8))
                d.endStructure()
                return true
            case Constants.SMC_DIAG_FALLBACK:
                // In the -X verbose style unless -X raw (the codes are not in uapi).
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("reason"); d.verboseConstant(Self.littleEndian(raw, 0, 4), Constants.smcDeclineCodes, unknown: "SMC_CLC_DECL_???")
                d.field("peer_diagnosis"); d.verboseConstant(Self.littleEndian(raw, 4, 4), Constants.smcDeclineCodes, unknown: "SMC_CLC_DECL_???")
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }
}

/// `struct packet_diag_mclist` as read from the tracee (44 bytes, 4-aligned).
struct PacketDiagMulticast: BitwiseCopyable {
    var index: UInt32
    var count: UInt32
    var type: UInt16
    var addressLength: UInt16
    var address: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
}
