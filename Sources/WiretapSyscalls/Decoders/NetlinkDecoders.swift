import Glibc
import Synchronization
import WiretapCore

/// `struct nlmsghdr`.
struct NetlinkMessageHeader: BitwiseCopyable {
    var length: UInt32
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    var portID: UInt32
}

/// `struct nlmsgerr`: an error code and the header of the message it answers.
struct NetlinkErrorHeader: BitwiseCopyable {
    var error: Int32
    var message: NetlinkMessageHeader
}

/// `struct nlattr`.
struct NetlinkAttributeHeader: BitwiseCopyable {
    var length: UInt16
    var type: UInt16
}

/// Netlink message decoding as strace 6.1's netlink.c, nlattr.c and
/// rtnl_*.c print it.
enum Netlink {
    static let headerSize: UInt64 = 16
    static let attributeHeaderSize: UInt32 = 4
    static let minimumType: UInt16 = 16  // NLMSG_MIN_TYPE
    static let route: Int32 = 0  // NETLINK_ROUTE
    static let sockDiag: Int32 = 4  // NETLINK_SOCK_DIAG
    static let audit: Int32 = 9, crypto: Int32 = 21, generic: Int32 = 16, netfilter: Int32 = 12
    static let selinux: Int32 = 7, xfrm: Int32 = 6
    static let kobjectUevent: Int32 = 15  // NETLINK_KOBJECT_UEVENT: no nlmsghdr

    // nlmsg_flags tables: the generic bits, then those of the message's kind.
    static let plainFlags = Constants.netlinkFlags
    static let getFlags = Constants.netlinkFlags + Constants.netlinkGetFlags
    static let newFlags = Constants.netlinkFlags + Constants.netlinkNewFlags
    static let deleteFlags = Constants.netlinkFlags + Constants.netlinkDeleteFlags
    static let ackFlags = Constants.netlinkFlags + Constants.netlinkAckFlags

    /// The flag table for a message of `type` in protocol `family`.
    static func flagTable(type: UInt16, family: Int32) -> [NamedConstant] {
        if type < minimumType { return type == UInt16(Constants.NLMSG_ERROR) ? ackFlags : plainFlags }
        switch family {
        case route:
            if Int64(type) == Constants.RTM_DELACTION { return getFlags }
            switch type & 3 {
            case 0: return newFlags
            case 1: return deleteFlags
            case 2: return getFlags
            default: return plainFlags
            }
        case sockDiag: return getFlags
        case netfilter:
            return netfilterFlagTable(type: type)
        case crypto:
            switch Int64(type) {
            case Constants.CRYPTO_MSG_NEWALG: return newFlags
            case Constants.CRYPTO_MSG_DELALG, Constants.CRYPTO_MSG_DELRNG: return deleteFlags
            case Constants.CRYPTO_MSG_GETALG: return getFlags
            default: return plainFlags
            }
        case xfrm:
            switch Int64(type) {
            case Constants.XFRM_MSG_NEWSA, Constants.XFRM_MSG_NEWPOLICY, Constants.XFRM_MSG_NEWAE,
                 Constants.XFRM_MSG_NEWSADINFO, Constants.XFRM_MSG_NEWSPDINFO:
                return newFlags
            case Constants.XFRM_MSG_DELSA, Constants.XFRM_MSG_DELPOLICY:
                return deleteFlags
            case Constants.XFRM_MSG_GETSA, Constants.XFRM_MSG_GETPOLICY, Constants.XFRM_MSG_GETAE,
                 Constants.XFRM_MSG_GETSADINFO, Constants.XFRM_MSG_GETSPDINFO:
                return getFlags
            default:
                return plainFlags
            }
        default: return plainFlags
        }
    }

    /// The per-subsystem type tables of nfnetlink (by subsystem id) and
    /// their names for an unknown type.
    static let netfilterTypes: [([NamedConstant], StaticString)] = [
        ([], ""),
        (Constants.conntrackMessageTypes, "IPCTNL_MSG_CT_???"),
        (Constants.conntrackExpectMessageTypes, "IPCTNL_MSG_EXP_???"),
        (Constants.netfilterQueueMessageTypes, "NFQNL_MSG_???"),
        (Constants.netfilterLogMessageTypes, "NFULNL_MSG_???"),
        (Constants.osfMessageTypes, "OSF_MSG_???"),
        (Constants.ipsetCommands, "IPSET_CMD_???"),
        (Constants.netfilterAcctMessageTypes, "NFNL_MSG_ACCT_???"),
        (Constants.conntrackTimeoutMessageTypes, "IPCTNL_MSG_TIMEOUT_???"),
        (Constants.conntrackHelperMessageTypes, "NFNL_MSG_CTHELPER_???"),
        (Constants.nftablesMessageTypes, "NFT_MSG_???"),
        (Constants.nftCompatMessageTypes, "NFNL_MSG_COMPAT_???"),
        (Constants.netfilterHookMessageTypes, "NFT_MSG_HOOK_???"),
    ]

    /// nlmsg_flags of a netfilter message: by subsystem and type (strace's
    /// decode_nlmsg_flags_netfilter).
    static func netfilterFlagTable(type: UInt16) -> [NamedConstant] {
        let subsystem = Int64(type >> 8), message = Int64(type & 0xff)
        func pick(new: [Int64], get: [Int64], delete: [Int64]) -> [NamedConstant] {
            if new.contains(message) { return newFlags }
            if get.contains(message) { return getFlags }
            if delete.contains(message) { return deleteFlags }
            return plainFlags
        }
        switch subsystem {
        case Constants.NFNL_SUBSYS_CTNETLINK:
            return pick(new: [Constants.IPCTNL_MSG_CT_NEW],
                        get: [Constants.IPCTNL_MSG_CT_GET, Constants.IPCTNL_MSG_CT_GET_CTRZERO, Constants.IPCTNL_MSG_CT_GET_STATS_CPU,
                              Constants.IPCTNL_MSG_CT_GET_STATS, Constants.IPCTNL_MSG_CT_GET_DYING, Constants.IPCTNL_MSG_CT_GET_UNCONFIRMED],
                        delete: [Constants.IPCTNL_MSG_CT_DELETE])
        case Constants.NFNL_SUBSYS_CTNETLINK_EXP:
            return pick(new: [Constants.IPCTNL_MSG_EXP_NEW], get: [Constants.IPCTNL_MSG_EXP_GET, Constants.IPCTNL_MSG_EXP_GET_STATS_CPU],
                        delete: [Constants.IPCTNL_MSG_EXP_DELETE])
        case Constants.NFNL_SUBSYS_ACCT:
            return pick(new: [Constants.NFNL_MSG_ACCT_NEW], get: [Constants.NFNL_MSG_ACCT_GET, Constants.NFNL_MSG_ACCT_GET_CTRZERO],
                        delete: [Constants.NFNL_MSG_ACCT_DEL])
        case Constants.NFNL_SUBSYS_CTNETLINK_TIMEOUT:
            return pick(new: [Constants.IPCTNL_MSG_TIMEOUT_NEW], get: [Constants.IPCTNL_MSG_TIMEOUT_GET],
                        delete: [Constants.IPCTNL_MSG_TIMEOUT_DELETE])
        case Constants.NFNL_SUBSYS_CTHELPER:
            return pick(new: [Constants.NFNL_MSG_CTHELPER_NEW], get: [Constants.NFNL_MSG_CTHELPER_GET], delete: [Constants.NFNL_MSG_CTHELPER_DEL])
        case Constants.NFNL_SUBSYS_NFTABLES:
            return pick(new: [Constants.NFT_MSG_NEWTABLE, Constants.NFT_MSG_NEWCHAIN, Constants.NFT_MSG_NEWRULE, Constants.NFT_MSG_NEWSET,
                              Constants.NFT_MSG_NEWSETELEM, Constants.NFT_MSG_NEWGEN, Constants.NFT_MSG_NEWOBJ, Constants.NFT_MSG_NEWFLOWTABLE],
                        get: [Constants.NFT_MSG_GETTABLE, Constants.NFT_MSG_GETCHAIN, Constants.NFT_MSG_GETRULE, Constants.NFT_MSG_GETSET,
                              Constants.NFT_MSG_GETSETELEM, Constants.NFT_MSG_GETGEN, Constants.NFT_MSG_GETOBJ, Constants.NFT_MSG_GETOBJ_RESET,
                              Constants.NFT_MSG_GETFLOWTABLE],
                        delete: [Constants.NFT_MSG_DELTABLE, Constants.NFT_MSG_DELCHAIN, Constants.NFT_MSG_DELRULE, Constants.NFT_MSG_DELSET,
                                 Constants.NFT_MSG_DELSETELEM, Constants.NFT_MSG_DELOBJ, Constants.NFT_MSG_DELFLOWTABLE])
        case Constants.NFNL_SUBSYS_NFT_COMPAT:
            return pick(new: [], get: [Constants.NFNL_MSG_COMPAT_GET], delete: [])
        case Constants.NFNL_SUBSYS_HOOK:
            return pick(new: [], get: [Constants.NFNL_MSG_HOOK_GET], delete: [])
        default:
            return plainFlags
        }
    }

    /// The type table and the name for an unknown type of protocol `family`.
    static func typeTable(type: UInt16, family: Int32) -> ([NamedConstant], StaticString) {
        guard type >= minimumType else { return (Constants.netlinkMessageTypes, "NLMSG_???") }
        switch family {
        case route: return (Constants.routeMessageTypes, "RTM_???")
        case sockDiag: return (Constants.sockDiagMessageTypes, "SOCK_DIAG_???")
        case audit: return (Constants.auditMessageTypes, "AUDIT_???")
        case crypto: return (Constants.cryptoMessageTypes, "CRYPTO_MSG_???")
        case generic: return ([], "GENERIC_FAMILY_???")
        case netfilter: return ([], "NFNL_SUBSYS_???")
        case selinux: return (Constants.selinuxMessageTypes, "SELNL_MSG_???")
        case xfrm: return (Constants.xfrmMessageTypes, "XFRM_MSG_???")
        default: return (Constants.netlinkMessageTypes, "NLMSG_???")
        }
    }
}

extension Decoding {
    /// A socket call's data buffer (sendto, recvfrom): netlink messages on a
    /// netlink socket, as strace's decode_sockbuf prints them (only under
    /// `-e verbose`), else the bytes.
    mutating func socketBuffer(fd: Int32, at address: UInt64, count: UInt64) {
        if memory.dereferences, let family = DescriptorDetails.netlinkProtocol(pid: memory.pid, fd: fd) {
            netlinkMessages(at: address, length: count, family: family)
        } else {
            printStrn(at: address, count: count)
        }
    }

    /// The netlink protocol of descriptor `fd` for a msghdr whose name is a
    /// netlink address (-1 when the descriptor is not a netlink socket).
    mutating func netlinkFamily(fd: Int32) -> Int32 {
        DescriptorDetails.netlinkProtocol(pid: memory.pid, fd: fd) ?? -1
    }

    /// The messages in `length` bytes at `address` (strace's decode_netlink):
    /// one message alone, several in an array, cut after `-s` messages
    /// unless -v; bytes too short for a header print in hex.
    mutating func netlinkMessages(at start: UInt64, length total: UInt64, family: Int32) {
        if family == Netlink.kobjectUevent {
            kobjectUevent(at: start, length: total)
            return
        }
        var address = start
        var length = total
        var isArray = false
        var element = 0
        let cap = unabbreviated ? 1 << 20 : max(format.stringLimit, 0)
        while true {
            guard length >= Netlink.headerSize else {
                netlinkHexBytes(at: address, count: Int(clamping: length))
                break
            }
            guard let header = try? memory.load(NetlinkMessageHeader.self, from: address) else {
                if isArray {
                    // `... /* address */`: the array recorded as cut.
                    elided()
                    comment { $0.append(hex: address) }
                } else if address == 0 {
                    pointerValue(0)
                } else {
                    unreadable(address)
                }
                break
            }
            if element == cap {
                if isArray { endArray(cut: true); return }
                textValue("...")
                break
            }
            let aligned = UInt64((header.length &+ 3) & ~3)
            var nextAddress: UInt64 = 0
            var nextLength: UInt64 = 0
            if UInt64(header.length) >= Netlink.headerSize {
                nextLength = length >= aligned ? length - aligned : 0
                if nextLength != 0 && address &+ aligned > address { nextAddress = address &+ aligned }
            }
            if !isArray && nextAddress != 0 {
                beginArray()
                isArray = true
            }
            netlinkMessage(header, at: address, length: length, family: family)
            guard nextAddress != 0 else { break }
            address = nextAddress
            length = nextLength
            element += 1
        }
        if isArray { endArray() }
    }

    /// One message: its header, and `[header, payload]` when it has one.
    mutating func netlinkMessage(_ header: NetlinkMessageHeader, at address: UInt64, length: UInt64, family: Int32) {
        let shown = min(UInt64(header.length), length)
        let hasPayload = shown > Netlink.headerSize
        if hasPayload { beginArray() }
        netlinkHeader(header, family: family)
        if hasPayload {
            netlinkPayload(header, at: address &+ Netlink.headerSize, length: shown - Netlink.headerSize, family: family)
            endArray()
        }
    }

    /// `{nlmsg_len=..., nlmsg_type=..., nlmsg_flags=..., nlmsg_seq=..., nlmsg_pid=...}`.
    mutating func netlinkHeader(_ header: NetlinkMessageHeader, family: Int32) {
        beginStructure()
        field("nlmsg_len"); unsignedValue(header.length)
        field("nlmsg_type")
        if family == Netlink.netfilter && header.type >= Netlink.minimumType {
            netfilterMessageType(header.type)
        } else if family == Netlink.generic && header.type >= Netlink.minimumType,
           let name = GenericNetlinkFamilies.name(of: header.type) {
            // Generic netlink families are numbered at run time: their names come from the kernel.
            symbolic(UInt64(header.type), named: true) { $0.append(bytes: name) }
        } else {
            let (types, unknownType) = Netlink.typeTable(type: header.type, family: family)
            xlatValue(UInt64(header.type), types, unknown: unknownType)
        }
        field("nlmsg_flags")
        straceFlags(UInt64(header.flags), Netlink.flagTable(type: header.type, family: family), unknown: "NLM_F_???")
        field("nlmsg_seq"); unsignedValue(header.sequence)
        field("nlmsg_pid"); signedValue(Int32(bitPattern: header.portID))
        endStructure()
    }

    /// What follows a header: an error, a route message, NLMSG_DONE's
    /// count, else the bytes in hex.
    mutating func netlinkPayload(_ header: NetlinkMessageHeader, at address: UInt64, length: UInt64, family: Int32) {
        if Int64(header.type) == Constants.NLMSG_ERROR {
            netlinkError(at: address, length: length, capped: Int64(header.flags) & Constants.NLM_F_CAPPED != 0, family: family)
            return
        }
        let done = Int64(header.type) == Constants.NLMSG_DONE
        if header.type >= Netlink.minimumType && family == Netlink.route {
            routeMessage(type: header.type, at: address, length: length)
            return
        }
        if header.type >= Netlink.minimumType && family == Netlink.netfilter {
            netfilterMessage(type: header.type, at: address, length: length)
            return
        }
        if header.type >= Netlink.minimumType && family == Netlink.sockDiag {
            sockDiagMessage(request: Int64(header.flags) & Constants.NLM_F_REQUEST != 0,
                            legacyInetRequest: Int64(header.type) == Constants.TCPDIAG_GETSOCK || Int64(header.type) == Constants.DCCPDIAG_GETSOCK,
                            at: address, length: length)
            return
        }
        if header.type >= Netlink.minimumType && family == Netlink.crypto && cryptoMessage(type: header.type, at: address, length: length) {
            return
        }
        if header.type >= Netlink.minimumType && family == Netlink.selinux && selinuxMessage(type: header.type, at: address, length: length) {
            return
        }
        if done && length == 4 {
            if let count = try? memory.load(Int32.self, from: address) { signedValue(count) } else { unreadable(address) }
            return
        }
        netlinkHexBytes(at: address, count: Int(clamping: length))
    }

    /// `struct nlmsgerr` (strace's decode_nlmsgerr): the error, the message
    /// it answers (its header only when NLM_F_CAPPED), then any attributes.
    mutating func netlinkError(at address: UInt64, length: UInt64, capped: Bool, family: Int32) {
        guard length >= UInt64(MemoryLayout<NetlinkErrorHeader>.size) else {
            netlinkHexBytes(at: address, count: Int(clamping: length))
            return
        }
        guard let error = try? memory.load(NetlinkErrorHeader.self, from: address) else { unreadable(address); return }
        let inner = address &+ 4
        let innerLength = length - 4
        let declared = max(UInt64(Netlink.headerSize), UInt64(error.message.length))
        let payload = min(innerLength, capped ? Netlink.headerSize : declared)
        let attributes = innerLength > payload
        if attributes { beginArray() }
        beginStructure()
        field("error"); negatedErrnoValue(error.error)
        field("msg")
        netlinkMessage(error.message, at: inner, length: payload, family: family)
        endStructure()
        if attributes {
            netlinkAttributes(at: inner &+ payload, length: UInt32(clamping: innerLength - payload),
                              Constants.netlinkErrorAttributes, unknown: "NLMSGERR_ATTR_???") { d, type, at, length in
                switch Int64(type) {
                case Constants.NLMSGERR_ATTR_MSG: d.netlinkString(at: at, length: length); return true
                case Constants.NLMSGERR_ATTR_OFFS: return d.netlinkInteger(UInt32.self, at: at, length: length)
                default: return false
                }
            }
            endArray()
        }
    }

    /// strace's print_err for a negated errno: `-ENOENT` (-X: the number,
    /// verbose with the name in a comment), the number when unnamed.
    mutating func negatedErrnoValue(_ value: Int32) {
        let magnitude = -Int64(value)
        if magnitude > 0, let name = ErrnoTable.name(Int(magnitude)) {
            symbolic(UInt64(bitPattern: Int64(value)), decimal: true, named: true) { out in
                out.append("-")
                out.append(name)
            }
        } else {
            signedValue(value)
        }
    }

    /// A run of attributes (strace's decode_nlattr): one alone, several in
    /// an array cut after `-s` unless -v. `decode` prints an attribute's
    /// data and returns true, or false to leave it to hex bytes.
    mutating func netlinkAttributes(at start: UInt64, length total: UInt32, _ table: [NamedConstant], unknown: StaticString,
                                    _ decode: (inout Decoding, UInt16, UInt64, UInt32) -> Bool) {
        var address = start
        var length = total
        var isArray = false
        var element = 0
        let cap = unabbreviated ? 1 << 20 : max(format.stringLimit, 0)
        while true {
            guard length >= Netlink.attributeHeaderSize else {
                netlinkHexBytes(at: address, count: Int(length))
                break
            }
            guard let attribute = try? memory.load(NetlinkAttributeHeader.self, from: address) else {
                if isArray {
                    // `... /* address */`: the array recorded as cut.
                    elided()
                    comment { $0.append(hex: address) }
                } else {
                    unreadable(address)
                }
                break
            }
            if element == cap {
                if isArray { endArray(cut: true); return }
                textValue("...")
                break
            }
            let aligned = (UInt32(attribute.length) + 3) & ~3
            var nextAddress: UInt64 = 0
            var nextLength: UInt32 = 0
            if UInt32(attribute.length) >= Netlink.attributeHeaderSize {
                nextLength = length >= aligned ? length - aligned : 0
                if nextLength != 0 && address &+ UInt64(aligned) > address { nextAddress = address &+ UInt64(aligned) }
            }
            if !isArray && nextAddress != 0 {
                beginArray()
                isArray = true
            }
            let shown = min(UInt32(attribute.length), length)
            let hasData = shown > Netlink.attributeHeaderSize
            if hasData { beginArray() }
            beginStructure()
            field("nla_len"); unsignedValue(attribute.length)
            field("nla_type"); attributeType(attribute.type, table, unknown: unknown)
            endStructure()
            if hasData {
                let data = address &+ UInt64(Netlink.attributeHeaderSize)
                let dataLength = shown - Netlink.attributeHeaderSize
                if !decode(&self, attribute.type & 0x3fff, data, dataLength) {
                    netlinkHexBytes(at: data, count: Int(dataLength))
                }
                endArray()
            }
            guard nextAddress != 0 else { break }
            address = nextAddress
            length = nextLength
            element += 1
        }
        if isArray { endArray() }
    }

    /// nla_type: `NLA_F_NESTED|` and `NLA_F_NET_BYTEORDER|` before the
    /// type's name (each part in the `-X` style).
    mutating func attributeType(_ type: UInt16, _ table: [NamedConstant], unknown: StaticString) {
        let base = UInt64(type & 0x3fff)
        // An empty `unknown`: no table at all (nfnetlink), the number alone.
        let unnamed: StaticString? = unknown.utf8CodeUnitCount == 0 ? nil : unknown
        guard type & 0xc000 != 0 else {
            if let unnamed { xlatValue(base, table, unknown: unnamed) } else { xlatOptional(base, table) }
            return
        }
        let style = format.constants
        let name = table.first { UInt64(bitPattern: $0.value) == base }?.name
        customValue(.flags(UInt64(type), storeText { _ in })) { out in
            func part(_ value: UInt64, _ name: StaticString?, unknown: StaticString?) {
                if let name {
                    Decoding.appendSymbolic(value, style: style, to: &out) { $0.append(name) }
                } else {
                    if value == 0 { out.append("0") } else { out.append(hex: value) }
                    if let unknown, style != .raw { out.append(" /* "); out.append(unknown); out.append(" */") }
                }
            }
            if type & 0x8000 != 0 { part(0x8000, "NLA_F_NESTED", unknown: nil); out.append("|") }
            if type & 0x4000 != 0 { part(0x4000, "NLA_F_NET_BYTEORDER", unknown: nil); out.append("|") }
            part(base, name, unknown: unnamed)
        }
    }

    /// decode_nla_str (printstr_ex with QUOTE_OMIT_TRAILING_0 |
    /// QUOTE_EXPECT_TRAILING_0): the first `-s` bytes, NULs inside
    /// included; a NUL as the last of them is left out, else `...` follows.
    /// When the bytes print in hex (-xx, or -x and a byte that needs it),
    /// strace prints them all, that NUL too, and `...`.
    mutating func netlinkString(at address: UInt64, length: UInt32) {
        let limit = max(format.stringLimit, 0)
        let size = min(Int(length), limit)
        // strace reads one byte more than it may print.
        let read = min(Int(length), limit == Int.max ? limit : limit + 1)
        guard (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil else { unreadable(address); return }
        let bytes = scratch.prefix(size)
        let hex: Bool
        switch format.stringStyle {
        case .hexAll: hex = true
        case .hexNonPrintable: hex = bytes.contains { $0 > 0x7e || ($0 < 0x20 && !(9...13).contains($0)) }
        default: hex = false
        }
        if !hex, let last = bytes.last, last == 0 {
            stringValue(bytes.dropLast(), truncated: false)
        } else {
            stringValue(bytes, truncated: length != 0)
        }
    }

    /// decode_nla_u8/u16/u32/u64: an unsigned number when the data is at
    /// least that wide (false leaves the bytes to hex).
    mutating func netlinkInteger<T: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(_ type: T.Type, at address: UInt64, length: UInt32) -> Bool {
        guard Int(length) >= MemoryLayout<T>.size else { return false }
        if let value = try? memory.load(T.self, from: address) { unsignedValue(value) } else { unreadable(address) }
        return true
    }

    /// decode_nla_ip_proto (decode_nla_xval of any width up to 8 bytes):
    /// an IPPROTO_* from all the data's bytes; false when wider.
    mutating func netlinkIPProtocol(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 1, length <= 8 else { return false }
        guard let raw = readBytes(at: address, count: Int(length)) else { unreadable(address); return true }
        xlatValue(Self.littleEndian(raw, 0, Int(length)), Constants.ipProtocols, unknown: "IPPROTO_???")
        return true
    }

    /// decode_nla_s32.
    mutating func netlinkSigned32(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 4 else { return false }
        if let value = try? memory.load(Int32.self, from: address) { signedValue(value) } else { unreadable(address) }
        return true
    }

    /// A NETLINK_ROUTE message's payload (strace's decode_netlink_route).
    mutating func routeMessage(type: UInt16, at address: UInt64, length: UInt64) {
        guard let family = try? memory.load(UInt8.self, from: address) else { unreadable(address); return }
        let length32 = UInt32(clamping: length)
        switch Int64(type) {
        case Constants.RTM_NEWLINK, Constants.RTM_DELLINK, Constants.RTM_GETLINK, Constants.RTM_SETLINK:
            interfaceInfoMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWADDR, Constants.RTM_DELADDR, Constants.RTM_GETADDR,
             Constants.RTM_GETMULTICAST, Constants.RTM_GETANYCAST:
            interfaceAddressMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWROUTE, Constants.RTM_DELROUTE, Constants.RTM_GETROUTE:
            routeTableMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWQDISC, Constants.RTM_DELQDISC, Constants.RTM_GETQDISC,
             Constants.RTM_NEWTCLASS, Constants.RTM_DELTCLASS, Constants.RTM_GETTCLASS,
             Constants.RTM_NEWTFILTER, Constants.RTM_DELTFILTER, Constants.RTM_GETTFILTER,
             Constants.RTM_NEWCHAIN, Constants.RTM_DELCHAIN, Constants.RTM_GETCHAIN:
            trafficControlMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWRULE, Constants.RTM_DELRULE, Constants.RTM_GETRULE:
            ruleMessage(family: family, at: address, length: length32)
        case Constants.RTM_GETNEIGH where Int32(family) == AF_BRIDGE:
            interfaceInfoMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWNEIGH, Constants.RTM_DELNEIGH, Constants.RTM_GETNEIGH:
            neighbourMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWADDRLABEL, Constants.RTM_DELADDRLABEL, Constants.RTM_GETADDRLABEL:
            addressLabelMessage(family: family, at: address, length: length32)
        case Constants.RTM_GETDCB, Constants.RTM_SETDCB:
            dcbMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWNETCONF, Constants.RTM_DELNETCONF, Constants.RTM_GETNETCONF:
            netconfMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWNSID, Constants.RTM_DELNSID, Constants.RTM_GETNSID:
            nsidMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWNEIGHTBL, Constants.RTM_GETNEIGHTBL, Constants.RTM_SETNEIGHTBL:
            neighbourTableMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWNEXTHOP, Constants.RTM_DELNEXTHOP, Constants.RTM_GETNEXTHOP:
            nexthopMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWACTION, Constants.RTM_DELACTION, Constants.RTM_GETACTION:
            trafficActionMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWSTATS, Constants.RTM_GETSTATS:
            linkStatsMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWMDB, Constants.RTM_DELMDB, Constants.RTM_GETMDB:
            bridgeMulticastMessage(family: family, at: address, length: length32)
        case Constants.RTM_NEWCACHEREPORT:
            cacheReportMessage(family: family, at: address, length: length32)
        default:
            // Other kinds (RTM_NEWPREFIX, RTM_NEWNDUSEROPT, link properties,
            // VLANs, next hop buckets): the family, then the rest in hex, as
            // strace does.
            familyAndData(family, at: address, length: length)
        }
    }

    /// strace's decode_family: `{family=AF_INET, data="\x.."}`.
    mutating func familyAndData(_ family: UInt8, at address: UInt64, length: UInt64) {
        beginStructure()
        field("family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        if length > 1 {
            field("data"); netlinkHexBytes(at: address &+ 1, count: Int(clamping: length - 1))
        }
        endStructure()
    }

    /// `struct rtmsg` and its RTA_* attributes.
    mutating func routeTableMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("rtm_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 12 {
            if let raw = try? memory.load((UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt32).self, from: address) {
                field("rtm_dst_len"); unsignedValue(raw.1)
                field("rtm_src_len"); unsignedValue(raw.2)
                field("rtm_tos"); straceFlags(UInt64(raw.3), Constants.typeOfServices, unknown: "IPTOS_TOS_???")
                field("rtm_table"); xlatOptional(UInt64(raw.4), Constants.routeTables)
                field("rtm_protocol"); xlatValue(UInt64(raw.5), Constants.routeProtocols, unknown: "RTPROT_???")
                field("rtm_scope"); xlatOptional(UInt64(raw.6), Constants.routeScopes)
                field("rtm_type"); xlatValue(UInt64(raw.7), Constants.routeTypes, unknown: "RTN_???")
                field("rtm_flags"); straceFlags(UInt64(raw.8), Constants.routeFlags, unknown: "RTM_F_???")
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 12 else { return }
        routeAttributes(at: address &+ 12, length: length - 12, family: Int32(family))
    }

    /// A run of RTA_* attributes of a route of `family`.
    /// `depth`: how many RTA_MULTIPATH levels enclose them (a crafted
    /// message nesting deeper prints in hex: no unbounded recursion).
    mutating func routeAttributes(at address: UInt64, length: UInt32, family: Int32, depth: Int = 0) {
        netlinkAttributes(at: address, length: length, Constants.routeAttributes, unknown: "RTA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.RTA_DST, Constants.RTA_SRC, Constants.RTA_GATEWAY, Constants.RTA_PREFSRC, Constants.RTA_NEWDST:
                if !d.netlinkInetAddress(at: at, length: length, family: family) {
                    d.netlinkHexBytes(at: at, count: Int(length))
                }
                return true
            case Constants.RTA_IIF, Constants.RTA_OIF:
                guard length >= 4 else { return false }
                if let index = try? d.memory.load(UInt32.self, from: at) { d.interfaceIndexValue(index) } else { d.unreadable(at) }
                return true
            case Constants.RTA_PRIORITY, Constants.RTA_PROTOINFO, Constants.RTA_FLOW, Constants.RTA_MP_ALGO,
                 Constants.RTA_MARK, Constants.RTA_UID:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.RTA_TABLE:
                guard length >= 4 else { return false }
                if let table = try? d.memory.load(UInt32.self, from: at) { d.xlatOptional(UInt64(table), Constants.routeTables) } else { d.unreadable(at) }
                return true
            case Constants.RTA_PREF, Constants.RTA_TTL_PROPAGATE, Constants.RTA_IP_PROTO:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.RTA_SPORT, Constants.RTA_DPORT:
                return d.netlinkInteger(UInt16.self, at: at, length: length)
            case Constants.RTA_EXPIRES:
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            case Constants.RTA_VIA:
                return d.routeVia(at: at, length: length)
            case Constants.RTA_ENCAP_TYPE:
                return d.lightweightTunnelType(at: at, length: length)
            case Constants.RTA_MFC_STATS:
                return d.unsignedStructure(at: at, length: length, ["mfcs_packets", "mfcs_bytes", "mfcs_wrong_if"], widths: [8, 8, 8])
            case Constants.RTA_METRICS:
                d.netlinkAttributes(at: at, length: length, Constants.routeMetricAttributes, unknown: "RTAX_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.RTAX_CC_ALGO: d.netlinkString(at: at, length: length); return true
                    case Constants.RTAX_LOCK...Constants.RTAX_QUICKACK: return d.netlinkInteger(UInt32.self, at: at, length: length)
                    default: return false
                    }
                }
                return true
            case Constants.RTA_MULTIPATH:
                guard depth < 8 else { return false }
                return d.routeNexthops(at: at, length: length, family: family, depth: depth + 1)
            case Constants.RTA_CACHEINFO:
                guard length >= 32 else { return false }
                guard let info = try? d.memory.load((UInt32, UInt32, Int32, UInt32, UInt32, UInt32, UInt32, UInt32).self, from: at) else {
                    d.unreadable(at); return true
                }
                d.beginStructure()
                d.field("rta_clntref"); d.unsignedValue(info.0)
                d.field("rta_lastuse"); d.unsignedValue(info.1)
                d.field("rta_expires"); d.unsignedValue(UInt32(bitPattern: info.2))
                d.field("rta_error"); d.unsignedValue(info.3)
                d.field("rta_used"); d.unsignedValue(info.4)
                d.field("rta_id"); d.hexValue(UInt64(info.5))
                d.field("rta_ts"); d.unsignedValue(info.6)
                d.field("rta_tsage"); d.unsignedValue(info.7)
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }

    /// A NETLINK_SOCK_DIAG message (strace's decode_netlink_sock_diag): a
    /// request or a reply by the family in its first byte.
    /// `legacyInetRequest`: a TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK request (an
    /// inet_diag_req rather than an inet_diag_req_v2).
    mutating func sockDiagMessage(request: Bool, legacyInetRequest: Bool, at address: UInt64, length: UInt64) {
        guard let family = try? memory.load(UInt8.self, from: address) else { unreadable(address); return }
        let length32 = UInt32(clamping: length)
        if length > 1 && Int32(family) == AF_UNIX {
            if request { unixDiagRequest(at: address, length: length32) } else { unixDiagMessage(at: address, length: length32) }
            return
        }
        if length > 1 && (Int32(family) == AF_INET || Int32(family) == AF_INET6) {
            if request && legacyInetRequest {
                legacyInetDiagRequest(family: family, at: address, length: length32)
            } else if request {
                inetDiagRequest(family: family, at: address, length: length32)
            } else {
                inetDiagMessage(family: family, at: address, length: length32)
            }
            return
        }
        if length > 1 && Int64(family) == Constants.AF_NETLINK {
            if request { netlinkDiagRequest(at: address, length: length32) } else { netlinkDiagMessage(at: address, length: length32) }
            return
        }
        if length > 1 && Int64(family) == Constants.AF_PACKET {
            if request { packetDiagRequest(at: address, length: length32) } else { packetDiagMessage(at: address, length: length32) }
            return
        }
        if length > 1 && Int64(family) == Constants.AF_SMC {
            if request { smcDiagRequest(at: address, length: length32) } else { smcDiagMessage(at: address, length: length32) }
            return
        }
        familyAndData(family, at: address, length: length)
    }

    /// A set of TCP states as bits: `1<<TCP_ESTABLISHED|1<<TCP_LISTEN|0x1`.
    mutating func tcpStateBits(_ value: UInt32) {
        bitNamedFlags(value, Constants.tcpStates, shift: 0, unknown: "1<<TCP_???") { out, name in
            out.append("1<<"); out.append(name)
        }
    }

    /// strace's printflags over a table whose names are bit numbers
    /// (`1<<TCP_LISTEN`, `1<<(INET_DIAG_INFO-1)`): entry `n` names bit
    /// `n + shift`; `name` writes an entry's name.
    mutating func bitNamedFlags(_ value: UInt32, _ table: [NamedConstant], shift: Int64, unknown: StaticString,
                                _ name: (inout OutputBuffer, StaticString) -> Void) {
        let style = format.constants
        customValue(.flags(UInt64(value), storeText { _ in })) { out in
            if style == .raw || value == 0 {
                if value == 0 { out.append("0") } else { out.append(hex: UInt64(value)) }
                return
            }
            var names = OutputBuffer(capacity: 64)
            var remaining = value
            for entry in table {
                let bitNumber = entry.value + shift
                guard bitNumber >= 0, bitNumber < 32 else { continue }
                let bit = UInt32(1) << UInt32(bitNumber)
                guard remaining & bit != 0 else { continue }
                if remaining != value { names.append("|") }
                name(&names, entry.name)
                remaining &= ~bit
            }
            let named = remaining != value
            if style == .verbose || !named {
                out.append(hex: UInt64(value))
                out.append(" /* ")
                if named {
                    out.append(bytes: names.contents)
                    if remaining != 0 { out.append("|"); out.append(hex: UInt64(remaining)) }
                } else {
                    out.append(unknown)
                }
                out.append(" */")
                return
            }
            out.append(bytes: names.contents)
            if remaining != 0 {
                out.append("|")
                out.append(hex: UInt64(remaining))
            }
        }
    }

    /// A socket cookie: `[lo, hi]`.
    mutating func cookieValue(_ low: UInt32, _ high: UInt32) {
        beginArray()
        unsignedValue(low)
        unsignedValue(high)
        endArray()
    }

    /// `struct unix_diag_req`.
    mutating func unixDiagRequest(at address: UInt64, length: UInt32) {
        beginStructure()
        field("sdiag_family"); xlatValue(UInt64(AF_UNIX), Constants.addressFamilies, unknown: "AF_???")
        if length >= 24 {
            if let raw = try? memory.load((UInt8, UInt8, UInt16, UInt32, UInt32, UInt32, UInt32, UInt32).self, from: address) {
                field("sdiag_protocol"); unsignedValue(raw.1)
                field("udiag_states"); tcpStateBits(raw.3)
                field("udiag_ino"); unsignedValue(raw.4)
                field("udiag_show"); straceFlags(UInt64(raw.5), Constants.unixDiagShow, unknown: "UDIAG_SHOW_???")
                field("udiag_cookie"); cookieValue(raw.6, raw.7)
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
    }

    /// `struct unix_diag_msg` and its UNIX_DIAG_* attributes.
    mutating func unixDiagMessage(at address: UInt64, length: UInt32) {
        beginStructure()
        field("udiag_family"); xlatValue(UInt64(AF_UNIX), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 16 {
            if let raw = try? memory.load((UInt8, UInt8, UInt8, UInt8, UInt32, UInt32, UInt32).self, from: address) {
                field("udiag_type"); xlatValue(UInt64(raw.1), Constants.socketTypes, unknown: "SOCK_???")
                field("udiag_state"); xlatValue(UInt64(raw.2), Constants.tcpStates, unknown: "TCP_???")
                field("udiag_ino"); unsignedValue(raw.4)
                field("udiag_cookie"); cookieValue(raw.5, raw.6)
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 16 else { return }
        netlinkAttributes(at: address &+ 16, length: length - 16, Constants.unixDiagAttributes, unknown: "UNIX_DIAG_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.UNIX_DIAG_NAME:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.UNIX_DIAG_PEER:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.UNIX_DIAG_MEMINFO:
                return d.socketMeminfo(at: at, length: length)
            case Constants.UNIX_DIAG_SHUTDOWN:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.UNIX_DIAG_RQLEN:
                guard length >= 8 else { return false }
                guard let queues = try? d.memory.load((UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("udiag_rqueue"); d.unsignedValue(queues.0)
                d.field("udiag_wqueue"); d.unsignedValue(queues.1)
                d.endStructure()
                return true
            case Constants.UNIX_DIAG_VFS:
                guard length >= 8 else { return false }
                guard let vfs = try? d.memory.load((UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                // struct unix_diag_vfs: udiag_vfs_ino, then udiag_vfs_dev (printed first).
                d.field("udiag_vfs_dev"); d.makedev(UInt64(vfs.1))
                d.field("udiag_vfs_ino"); d.unsignedValue(vfs.0)
                d.endStructure()
                return true
            case Constants.UNIX_DIAG_ICONS:
                let count = length / 4
                guard count > 0 else { return false }
                d.straceArray(at: at, count: UInt64(count), of: UInt32.self) { d, inode in d.unsignedValue(inode) }
                return true
            case Constants.UNIX_DIAG_UID:
                guard length >= 4 else { return false }
                guard let uid = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                if uid == UInt32.max { d.signedValue(-1) } else { d.unsignedValue(uid) }
                return true
            default:
                return false
            }
        }
    }

    /// `struct ifinfomsg` and its IFLA_* attributes.
    mutating func interfaceInfoMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ifi_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 16 {
            // ifi_family, pad, ifi_type, ifi_index, ifi_flags, ifi_change.
            if let raw = try? memory.load((UInt8, UInt8, UInt16, Int32, UInt32, UInt32).self, from: address) {
                field("ifi_type"); xlatValue(UInt64(raw.2), Constants.arpHardwareTypes, unknown: "ARPHRD_???")
                field("ifi_index"); interfaceIndexValue(UInt32(bitPattern: raw.3))
                field("ifi_flags"); straceFlags(UInt64(raw.4), Constants.interfaceFlags, unknown: "IFF_???")
                field("ifi_change"); hexValue(UInt64(raw.5))
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 16 else { return }
        netlinkAttributes(at: address &+ 16, length: length - 16, Constants.linkAttributes, unknown: "IFLA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_IFNAME, Constants.IFLA_QDISC, Constants.IFLA_IFALIAS, Constants.IFLA_PHYS_PORT_NAME,
                 Constants.IFLA_ALT_IFNAME, Constants.IFLA_PARENT_DEV_NAME, Constants.IFLA_PARENT_DEV_BUS_NAME:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.IFLA_MTU, Constants.IFLA_LINK, Constants.IFLA_MASTER, Constants.IFLA_TXQLEN, Constants.IFLA_WEIGHT,
                 Constants.IFLA_NET_NS_PID, Constants.IFLA_NUM_VF, Constants.IFLA_GROUP, Constants.IFLA_PROMISCUITY,
                 Constants.IFLA_NUM_TX_QUEUES, Constants.IFLA_NUM_RX_QUEUES, Constants.IFLA_CARRIER_CHANGES,
                 Constants.IFLA_GSO_MAX_SEGS, Constants.IFLA_GSO_MAX_SIZE, Constants.IFLA_CARRIER_UP_COUNT,
                 Constants.IFLA_CARRIER_DOWN_COUNT, Constants.IFLA_MIN_MTU, Constants.IFLA_MAX_MTU,
                 Constants.IFLA_GRO_MAX_SIZE, Constants.IFLA_TSO_MAX_SIZE, Constants.IFLA_TSO_MAX_SEGS, Constants.IFLA_ALLMULTI:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.IFLA_OPERSTATE, Constants.IFLA_LINKMODE, Constants.IFLA_CARRIER, Constants.IFLA_PROTO_DOWN:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.IFLA_LINK_NETNSID, Constants.IFLA_NEW_NETNSID, Constants.IFLA_IF_NETNSID:
                return d.netlinkSigned32(at: at, length: length)
            case Constants.IFLA_ADDRESS, Constants.IFLA_BROADCAST, Constants.IFLA_PERM_ADDRESS:
                // decode_nla_hwaddr: at most MAX_ADDR_LEN (32) bytes, else hex.
                guard length <= 32 else { return false }
                guard let bytes = d.readBytes(at: at, count: Int(length)) else { d.unreadable(at); return true }
                d.linkHardwareAddress(bytes[...], family: family)
                return true
            case Constants.IFLA_XDP:
                d.netlinkAttributes(at: at, length: length, Constants.xdpAttributes, unknown: "IFLA_XDP_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.IFLA_XDP_FD, Constants.IFLA_XDP_EXPECTED_FD:
                        guard length >= 4 else { return false }
                        guard let fd = try? d.memory.load(Int32.self, from: at) else { d.unreadable(at); return true }
                        d.fdValue(fd)
                        return true
                    case Constants.IFLA_XDP_ATTACHED:
                        guard length >= 1, length <= 8 else { return false }
                        guard let mode = try? d.memory.load(UInt8.self, from: at) else { d.unreadable(at); return true }
                        d.xlatValue(UInt64(mode), Constants.xdpAttachedModes, unknown: "XDP_ATTACHED_???")
                        return true
                    case Constants.IFLA_XDP_PROG_ID, Constants.IFLA_XDP_DRV_PROG_ID, Constants.IFLA_XDP_SKB_PROG_ID, Constants.IFLA_XDP_HW_PROG_ID:
                        return d.netlinkInteger(UInt32.self, at: at, length: length)
                    default:
                        return false
                    }
                }
                return true
            case Constants.IFLA_LINKINFO:
                d.linkInfo(at: at, length: length)
                return true
            case Constants.IFLA_PROP_LIST:
                d.netlinkAttributes(at: at, length: length, Constants.linkAttributes, unknown: "IFLA_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_ALT_IFNAME else { return false }
                    d.netlinkString(at: at, length: length)
                    return true
                }
                return true
            case Constants.IFLA_MAP:
                // rtnl_link_ifmap up to its last field (28 bytes).
                guard length >= 28, let raw = d.readBytes(at: at, count: 28) else {
                    if length >= 28 { d.unreadable(at); return true }
                    return false
                }
                func word(_ offset: Int, _ width: Int) -> UInt64 {
                    (0..<width).reduce(UInt64(0)) { $0 | UInt64(raw[offset + $1]) << (8 * UInt64($1)) }
                }
                d.beginStructure()
                d.field("mem_start"); d.hexValue(word(0, 8))
                d.field("mem_end"); d.hexValue(word(8, 8))
                d.field("base_addr"); d.hexValue(word(16, 8))
                d.field("irq"); d.unsignedValue(word(24, 2))
                d.field("dma"); d.unsignedValue(raw[26])
                d.field("port"); d.unsignedValue(raw[27])
                d.endStructure()
                return true
            case Constants.IFLA_AF_SPEC where family == UInt8(AF_BRIDGE):
                d.bridgeSpecifics(at: at, length: length)
                return true
            case Constants.IFLA_AF_SPEC:
                d.linkFamilySpecifics(at: at, length: length)
                return true
            case Constants.IFLA_EXT_MASK:
                // decode_nla_flags: at most 8 bytes.
                guard length >= 4, length <= 8 else { return false }
                guard let mask = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.straceFlags(UInt64(mask), Constants.linkExtensionFilters, unknown: "RTEXT_FILTER_???")
                return true
            case Constants.IFLA_VFINFO_LIST:
                d.virtualFunctionList(at: at, length: length)
                return true
            case Constants.IFLA_VF_PORTS:
                d.netlinkAttributes(at: at, length: length, Constants.vfPortAttributes, unknown: "IFLA_VF_PORT_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_VF_PORT else { return false }
                    d.portAttributes(at: at, length: length)
                    return true
                }
                return true
            case Constants.IFLA_PORT_SELF:
                d.portAttributes(at: at, length: length)
                return true
            case Constants.IFLA_PROTINFO:
                d.linkProtocolInfo(at: at, length: length, family: family)
                return true
            case Constants.IFLA_NET_NS_FD:
                guard length >= 4 else { return false }
                guard let fd = try? d.memory.load(Int32.self, from: at) else { d.unreadable(at); return true }
                d.fdValue(fd)
                return true
            case Constants.IFLA_NEW_IFINDEX:
                return d.netlinkInterfaceIndex(at: at, length: length)
            case Constants.IFLA_EVENT:
                guard length >= 4 else { return false }
                guard let event = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.xlatValue(UInt64(event), Constants.linkEvents, unknown: "IFLA_EVENT_???")
                return true
            case Constants.IFLA_PROTO_DOWN_REASON:
                d.netlinkAttributes(at: at, length: length, Constants.protoDownReasonAttributes, unknown: "IFLA_PROTO_DOWN_REASON_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_PROTO_DOWN_REASON_MASK || Int64(type) == Constants.IFLA_PROTO_DOWN_REASON_VALUE,
                          length >= 4 else { return false }
                    guard let value = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                    d.hexValue(UInt64(value))
                    return true
                }
                return true
            case Constants.IFLA_STATS:
                // rtnl_link_stats: 24 counters, or 23 in older kernels.
                let count = length >= 96 ? 24 : length == 92 ? 23 : 0
                return d.linkStatistics(UInt32.self, at: at, count: count)
            case Constants.IFLA_STATS64:
                // rtnl_link_stats64: 25 counters, or 24 or 23 in older kernels.
                let count = length >= 200 ? 25 : length == 192 ? 24 : length == 184 ? 23 : 0
                return d.linkStatistics(UInt64.self, at: at, count: count)
            default:
                return false
            }
        }
    }

    /// IFLA_ADDRESS and friends: strace takes the message's ifi_family for
    /// the hardware type, and prints as many bytes as that type's
    /// addresses have (all of them for most families), the bytes in hex
    /// under -X raw, both under -X verbose.
    mutating func linkHardwareAddress(_ bytes: ArraySlice<UInt8>, family: UInt8) {
        let size: Int
        switch Int64(family) {
        case Constants.ARPHRD_NETROM, Constants.ARPHRD_AX25: size = 7
        case Constants.ARPHRD_ETHER, Constants.ARPHRD_IEEE802: size = 6
        case Constants.ARPHRD_ARCNET: size = 1
        case Constants.ARPHRD_DLCI: size = 2
        case Constants.ARPHRD_IEEE1394: size = 16
        case Constants.ARPHRD_EUI64: size = 8
        case Constants.ARPHRD_INFINIBAND: size = 20
        default: size = bytes.count
        }
        var text = OutputBuffer(capacity: 3 * bytes.count)
        for (index, byte) in bytes.prefix(size).enumerated() {
            if index > 0 { text.append(":") }
            text.appendHexDigits(UInt64(byte), minimumWidth: 2)
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

    /// The counters of `struct rtnl_link_stats` (32-bit) or
    /// `rtnl_link_stats64`: the first `count` of them (0: not a size strace
    /// knows, left to hex).
    mutating func linkStatistics<T: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(_ type: T.Type, at address: UInt64, count: Int) -> Bool {
        guard count > 0 else { return false }
        let names: [StaticString] = ["rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
                                     "rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
                                     "rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
                                     "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
                                     "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
                                     "rx_nohandler", "rx_otherhost_dropped"]
        let width = MemoryLayout<T>.size
        guard let raw = readBytes(at: address, count: count * width) else { unreadable(address); return true }
        beginStructure()
        for index in 0..<min(count, names.count) {
            var value: UInt64 = 0
            for byte in 0..<width { value |= UInt64(raw[index * width + byte]) << (8 * UInt64(byte)) }
            field(names[index]); unsignedValue(value)
        }
        endStructure()
        return true
    }

    /// `struct ifaddrmsg` and its IFA_* attributes.
    mutating func interfaceAddressMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ifa_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 8 {
            // ifa_family, ifa_prefixlen, ifa_flags, ifa_scope, ifa_index.
            if let raw = try? memory.load((UInt8, UInt8, UInt8, UInt8, UInt32).self, from: address) {
                field("ifa_prefixlen"); unsignedValue(raw.1)
                field("ifa_flags"); straceFlags(UInt64(raw.2), Constants.addressFlags, unknown: "IFA_F_???")
                field("ifa_scope"); xlatOptional(UInt64(raw.3), Constants.routeScopes)
                field("ifa_index"); interfaceIndexValue(raw.4)
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 8 else { return }
        let addressFamily = Int32(family)
        netlinkAttributes(at: address &+ 8, length: length - 8, Constants.addressAttributes, unknown: "IFA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFA_ADDRESS, Constants.IFA_LOCAL, Constants.IFA_BROADCAST, Constants.IFA_ANYCAST, Constants.IFA_MULTICAST:
                return d.netlinkInetAddress(at: at, length: length, family: addressFamily)
            case Constants.IFA_LABEL:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.IFA_CACHEINFO:
                guard length >= 16 else { return false }
                guard let info = try? d.memory.load((UInt32, UInt32, UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("ifa_prefered"); d.unsignedValue(info.0)
                d.field("ifa_valid"); d.unsignedValue(info.1)
                d.field("cstamp"); d.unsignedValue(info.2)
                d.field("tstamp"); d.unsignedValue(info.3)
                d.endStructure()
                return true
            case Constants.IFA_FLAGS:
                guard length >= 4 else { return false }
                if let flags = try? d.memory.load(UInt32.self, from: at) {
                    d.straceFlags(UInt64(flags), Constants.addressFlags, unknown: "IFA_F_???")
                } else {
                    d.unreadable(at)
                }
                return true
            case Constants.IFA_RT_PRIORITY:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.IFA_TARGET_NETNSID:
                return d.netlinkSigned32(at: at, length: length)
            default:
                return false
            }
        }
    }

    /// printxval with no name for unknown values: the number alone.
    mutating func xlatOptional(_ value: UInt64, _ table: [NamedConstant]) {
        if let entry = table.first(where: { UInt64(bitPattern: $0.value) == value }) {
            symbolic(value, named: true) { $0.append(entry.name) }
        } else {
            customValue(.constant(Int64(bitPattern: value), ValueTape.Span(start: 0, end: 0))) { out in
                if value == 0 { out.append("0") } else { out.append(hex: value) }
            }
        }
    }

    /// decode_inet_addr for an attribute: `inet_addr("127.0.0.1")` or
    /// `inet_pton(AF_INET6, "::1")` when the data holds a whole address of
    /// `family`, else the bytes in hex.
    mutating func netlinkInetAddress(at address: UInt64, length: UInt32, family: Int32) -> Bool {
        let size: Int
        switch family {
        case AF_INET: size = 4
        case AF_INET6: size = 16
        default: return false
        }
        guard Int(length) >= size, let bytes = readBytes(at: address, count: size) else {
            if Int(length) >= size { unreadable(address); return true }
            return false
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) != nil }
        guard ok else { return false }
        let printable = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let style = format.stringStyle
        let constants = format.constants
        customValue(.string(store(printable), truncated: false)) { out in
            if constants != .abbrev {
                out.appendQuoted(bytes, style: .hexAll)
                if constants == .raw { return }
                out.append(" /* ")
            }
            if family == AF_INET {
                out.append("inet_addr(")
            } else {
                out.append("inet_pton(AF_INET6, ")
            }
            out.appendQuoted(printable, style: style)
            out.append(")")
            if constants == .verbose { out.append(" */") }
        }
        return true
    }

    /// `struct inet_diag_sockid`: ports, addresses, interface, cookie.
    mutating func inetDiagSocketID(_ raw: [UInt8], family: UInt8) {
        // sport, dport (network order), src[4], dst[4] (32-bit words), if, cookie[2].
        func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
        beginStructure()
        field("idiag_sport"); portValue(raw[0..<2])
        field("idiag_dport"); portValue(raw[2..<4])
        let addressFamily = Int32(family)
        if addressFamily == AF_INET || addressFamily == AF_INET6 {
            diagAddressField("idiag_src", raw[4..<20], family: addressFamily)
            diagAddressField("idiag_dst", raw[20..<36], family: addressFamily)
        } else {
            field("idiag_src"); hexBytesValue(raw[4..<20])
            field("idiag_dst"); hexBytesValue(raw[20..<36])
        }
        field("idiag_if"); interfaceIndexValue(word(36))
        field("idiag_cookie"); cookieValue(word(40), word(44))
        endStructure()
    }

    /// `struct inet_diag_req_v2` and its INET_DIAG_REQ_* attributes.
    mutating func inetDiagRequest(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("sdiag_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 56 {
            if let raw = readBytes(at: address, count: 56) {
                field("sdiag_protocol"); xlatValue(UInt64(raw[1]), Constants.ipProtocols, unknown: "IPPROTO_???")
                field("idiag_ext")
                bitNamedFlags(UInt32(raw[2]), Constants.inetDiagAttributes, shift: -1, unknown: "1<<INET_DIAG_???-1") { out, name in
                    out.append("1<<("); out.append(name); out.append("-1)")
                }
                field("idiag_states")
                tcpStateBits((0..<4).reduce(0) { $0 | UInt32(raw[4 + $1]) << (8 * UInt32($1)) })
                field("id"); inetDiagSocketID(Array(raw[8..<56]), family: family)
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 56 else { return }
        netlinkAttributes(at: address &+ 56, length: length - 56, Constants.inetDiagRequestAttributes, unknown: "INET_DIAG_REQ_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.INET_DIAG_REQ_PROTOCOL: return d.netlinkIPProtocol(at: at, length: length)
            case Constants.INET_DIAG_REQ_BYTECODE: return d.inetDiagBytecode(at: at, length: length)
            default: return false
            }
        }
    }

    /// `struct inet_diag_msg` and its INET_DIAG_* attributes (the common
    /// ones; others in hex).
    mutating func inetDiagMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("idiag_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 72 {
            if let raw = readBytes(at: address, count: 72) {
                func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) } }
                field("idiag_state"); xlatValue(UInt64(raw[1]), Constants.tcpStates, unknown: "TCP_???")
                field("idiag_timer"); unsignedValue(raw[2])
                field("idiag_retrans"); unsignedValue(raw[3])
                field("id"); inetDiagSocketID(Array(raw[4..<52]), family: family)
                field("idiag_expires"); unsignedValue(word(52))
                field("idiag_rqueue"); unsignedValue(word(56))
                field("idiag_wqueue"); unsignedValue(word(60))
                field("idiag_uid"); unsignedValue(word(64))
                field("idiag_inode"); unsignedValue(word(68))
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 72 else { return }
        netlinkAttributes(at: address &+ 72, length: length - 72, Constants.inetDiagAttributes, unknown: "INET_DIAG_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.INET_DIAG_CONG:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.INET_DIAG_TOS, Constants.INET_DIAG_TCLASS, Constants.INET_DIAG_SKV6ONLY:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.INET_DIAG_MARK, Constants.INET_DIAG_CLASS_ID:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.INET_DIAG_SKMEMINFO:
                return d.socketMeminfo(at: at, length: length)
            case Constants.INET_DIAG_SOCKOPT:
                return d.inetDiagSocketOptions(at: at, length: length)
            case Constants.INET_DIAG_CGROUP_ID:
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            case Constants.INET_DIAG_SHUTDOWN:
                // Always in the -X verbose style (the names are not in uapi).
                guard length >= 1, length <= 8 else { return false }
                guard let value = try? d.memory.load(UInt8.self, from: at) else { d.unreadable(at); return true }
                let raw = d.format.constants == .raw
                d.customValue(.flags(UInt64(value), d.storeText { _ in })) { out in
                    Decoding.appendStraceFlags(UInt64(value), Constants.socketShutdownFlags, unknown: "???_SHUTDOWN",
                                               style: raw ? .raw : .verbose, to: &out)
                }
                return true
            case Constants.INET_DIAG_MEMINFO:
                guard length >= 16 else { return false }
                guard let info = try? d.memory.load((UInt32, UInt32, UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("idiag_rmem"); d.unsignedValue(info.0)
                d.field("idiag_wmem"); d.unsignedValue(info.1)
                d.field("idiag_fmem"); d.unsignedValue(info.2)
                d.field("idiag_tmem"); d.unsignedValue(info.3)
                d.endStructure()
                return true
            case Constants.INET_DIAG_PROTOCOL:
                return d.netlinkIPProtocol(at: at, length: length)
            case Constants.INET_DIAG_MD5SIG:
                return d.tcpSignatures(at: at, length: length)
            case Constants.INET_DIAG_ULP_INFO:
                d.upperLayerInfo(at: at, length: length)
                return true
            case Constants.INET_DIAG_SK_BPF_STORAGES:
                d.bpfStorages(at: at, length: length)
                return true
            case Constants.INET_DIAG_LOCALS, Constants.INET_DIAG_PEERS:
                // An array of struct sockaddr_storage.
                let count = length / 128
                guard count > 0 else { return false }
                _ = d.kernelArray(at: at, count: UInt64(count), size: 128) { d, raw in d.sockaddrValue(Array(raw)) }
                return true
            case Constants.INET_DIAG_VEGASINFO:
                return d.unsignedStructure(at: at, length: length, ["tcpv_enabled", "tcpv_rttcnt", "tcpv_rtt", "tcpv_minrtt"],
                                           widths: [4, 4, 4, 4])
            case Constants.INET_DIAG_DCTCPINFO:
                return d.unsignedStructure(at: at, length: length, ["dctcp_enabled", "dctcp_ce_state", "dctcp_alpha", "dctcp_ab_ecn", "dctcp_ab_tot"],
                                           widths: [2, 2, 4, 4, 4])
            case Constants.INET_DIAG_BBRINFO:
                guard length >= 20 else { return false }
                guard let raw = d.readBytes(at: at, count: 20) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("bbr_bw_lo"); d.hexValue(Self.littleEndian(raw, 0, 4))
                d.field("bbr_bw_hi"); d.hexValue(Self.littleEndian(raw, 4, 4))
                d.field("bbr_min_rtt"); d.unsignedValue(Self.littleEndian(raw, 8, 4))
                d.field("bbr_pacing_gain"); d.unsignedValue(Self.littleEndian(raw, 12, 4))
                d.field("bbr_cwnd_gain"); d.unsignedValue(Self.littleEndian(raw, 16, 4))
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }


    /// An inet_diag address (`__be32[4]`): for AF_INET the first word as
    /// `inet_addr("...")`, but under -X all 16 bytes, as strace prints them.
    mutating func diagAddressField(_ name: StaticString, _ bytes: ArraySlice<UInt8>, family: Int32) {
        guard family == AF_INET else {
            inetAddressField(name, bytes, family: family)
            return
        }
        guard format.constants != .abbrev else {
            inetAddressField(name, bytes.prefix(4), family: family)
            return
        }
        var text = OutputBuffer(capacity: 16)
        for i in bytes.startIndex..<(bytes.startIndex + 4) {
            if i > bytes.startIndex { text.append(".") }
            text.append(decimal: bytes[i])
        }
        let dotted = text.contents
        let style = format.stringStyle
        field(name)
        addressBytes(bytes) { out in
            out.append("inet_addr(")
            out.appendQuoted(dotted, style: style)
            out.append(")")
        }
    }

    /// decode_nla_meminfo: `[[SK_MEMINFO_RMEM_ALLOC]=0, ...]`.
    mutating func socketMeminfo(at address: UInt64, length: UInt32) -> Bool {
        indexedArray(at: address, length: length, width: 4, signed: false, Constants.socketMeminfoIndices, unknown: "SK_MEMINFO_???")
    }

    /// strace's print_array_ex with PAF_PRINT_INDICES: `[[NAME]=value, ...]`,
    /// each index by name (-X raw its number, -X verbose both), cut after
    /// `-s` elements unless -v. Index `i` is named by the entry of value
    /// `i + indexShift`, with `nameSuffix` after the name (`IPV4_DEVCONF_FORWARDING-1`).
    mutating func indexedArray(at address: UInt64, length: UInt32, width: Int, signed: Bool, _ table: [NamedConstant],
                               indexShift: Int64 = 0, nameSuffix: StaticString = "", unknown: StaticString) -> Bool {
        let count = UInt64(length) / UInt64(width)
        guard count > 0 else { return false }
        let style = format.constants
        var index: Int64 = 0
        /// One `[NAME]=value` element (elements are read one by one, as strace's print_array).
        func element(_ d: inout Decoding, _ bits: UInt64) -> Bool {
            let value: Int64 = signed ? Int64(truncatingIfNeeded: Int32(truncatingIfNeeded: bits)) : Int64(bitPattern: bits)
            let name = table.first { $0.value == index + indexShift }?.name
            let position = index
            d.customValue(signed ? .signed(value) : .unsigned(bits, .decimal)) { out in
                out.append("[")
                if let name, style == .abbrev {
                    out.append(name); out.append(nameSuffix)
                } else {
                    out.append(decimal: position)
                    if style != .raw {
                        out.append(" /* ")
                        if let name { out.append(name); out.append(nameSuffix) } else { out.append(unknown) }
                        out.append(" */")
                    }
                }
                out.append("]=")
                if signed { out.append(decimal: value) } else { out.append(decimal: bits) }
            }
            index += 1
            return true
        }
        if width == 8 {
            straceArrayWhile(at: address, count: count, of: UInt64.self) { d, value in element(&d, value) }
        } else {
            straceArrayWhile(at: address, count: count, of: UInt32.self) { d, value in element(&d, UInt64(value)) }
        }
        return true
    }

    /// IFLA_AF_SPEC (not of a bridge): per-family attributes, each
    /// attribute's type an address family.
    mutating func linkFamilySpecifics(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.addressFamilies, unknown: "AF_???") { d, type, at, length in
            switch Int32(type) {
            case AF_INET:
                d.netlinkAttributes(at: at, length: length, Constants.inetAttributes, unknown: "IFLA_INET_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_INET_CONF else { return false }
                    return d.indexedArray(at: at, length: length, width: 4, signed: true, Constants.ipv4DevconfIndices,
                                          indexShift: 1, nameSuffix: "-1", unknown: "IPV4_DEVCONF_???")
                }
                return true
            case AF_INET6:
                d.inet6LinkAttributes(at: at, length: length)
                return true
            case Int32(Constants.AF_MCTP):
                d.netlinkAttributes(at: at, length: length, Constants.mctpLinkAttributes, unknown: "IFLA_MCTP_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_MCTP_NET else { return false }
                    return d.netlinkInteger(UInt32.self, at: at, length: length)
                }
                return true
            default:
                // Families strace has no table for: their data in hex.
                d.netlinkHexBytes(at: at, count: Int(length))
                return true
            }
        }
    }

    /// IFLA_INET6_* attributes (IFLA_AF_SPEC's and IFLA_PROTINFO's AF_INET6 part).
    mutating func inet6LinkAttributes(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.inet6Attributes, unknown: "IFLA_INET6_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_INET6_FLAGS:
                guard length >= 4 else { return false }
                guard let flags = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.straceFlags(UInt64(flags), Constants.inet6InterfaceFlags, unknown: "IF_???")
                return true
            case Constants.IFLA_INET6_CONF:
                return d.indexedArray(at: at, length: length, width: 4, signed: true, Constants.ipv6DevconfIndices, unknown: "DEVCONF_???")
            case Constants.IFLA_INET6_STATS:
                return d.indexedArray(at: at, length: length, width: 8, signed: false, Constants.ipStatsIndices, unknown: "IPSTATS_MIB_???")
            case Constants.IFLA_INET6_ICMP6STATS:
                return d.indexedArray(at: at, length: length, width: 8, signed: false, Constants.icmp6StatsIndices, unknown: "ICMP6_MIB_???")
            case Constants.IFLA_INET6_CACHEINFO:
                guard length >= 16 else { return false }
                guard let info = try? d.memory.load((UInt32, UInt32, UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("max_reasm_len"); d.unsignedValue(info.0)
                d.field("tstamp"); d.unsignedValue(info.1)
                d.field("reachable_time"); d.unsignedValue(info.2)
                d.field("retrans_time"); d.unsignedValue(info.3)
                d.endStructure()
                return true
            case Constants.IFLA_INET6_TOKEN:
                guard length >= 16 else { return false }
                return d.netlinkInetAddress(at: at, length: length, family: AF_INET6)
            case Constants.IFLA_INET6_ADDR_GEN_MODE:
                guard length >= 1, length <= 8 else { return false }
                guard let mode = try? d.memory.load(UInt8.self, from: at) else { d.unreadable(at); return true }
                d.xlatValue(UInt64(mode), Constants.addressGenerationModes, unknown: "IN6_ADDR_GEN_MODE_???")
                return true
            case Constants.IFLA_INET6_RA_MTU:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            default:
                return false
            }
        }
    }

    /// strace's print_nonzero_bytes: the bytes from `offset` to `total` when
    /// any is not zero, as `/* bytes 2..N */ "\x.."` (`???` unreadable).
    mutating func nonzeroTrailingBytes(at address: UInt64, from offset: Int, total: Int) {
        guard offset < total else { return }
        let count = total - offset
        guard let raw = readBytes(at: address &+ UInt64(offset), count: count) else {
            textValue("???")
            return
        }
        guard raw.contains(where: { $0 != 0 }) else { return }
        let shown = min(count, max(format.stringLimit, 0))
        customValue(.string(store(raw.prefix(shown)), truncated: shown < count)) { out in
            out.append("/* bytes ")
            out.append(decimal: offset)
            out.append("..")
            out.append(decimal: total - 1)
            out.append(" */ ")
            out.appendQuoted(raw.prefix(shown), style: .hexAll, truncated: shown < count)
        }
    }

    /// INET_DIAG_SOCKOPT's bit fields: under abbreviation only those set.
    mutating func inetDiagSocketOptions(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 2 else { return false }
        guard let raw = try? memory.load((UInt8, UInt8).self, from: address) else { unreadable(address); return true }
        let names: [StaticString] = ["recverr", "is_icsk", "freebind", "hdrincl", "mc_loop", "transparent", "mc_all",
                                     "nodefrag", "bind_address_no_port", "recverr_rfc4884", "defer_connect"]
        let bits = UInt16(raw.0) | UInt16(raw.1) << 8
        beginStructure()
        for (index, name) in names.enumerated() {
            let bit = (bits >> UInt16(index)) & 1
            if unabbreviated || bit != 0 { field(name); unsignedValue(bit) }
        }
        let unused = bits >> 11
        if unabbreviated || unused != 0 {
            field("unused"); hexValue(UInt64(unused))
            comment("bits 3..8")
        }
        endStructure()
        nonzeroTrailingBytes(at: address, from: 2, total: Int(min(length, 4096)))
        return true
    }


    /// RTA_MULTIPATH (strace's decode_rta_multipath): `struct rtnexthop`s,
    /// each with its RTA_* attributes. A next hop of length 0 ends the run
    /// (strace would read it again forever).
    mutating func routeNexthops(at address: UInt64, length: UInt32, family: Int32, depth: Int) -> Bool {
        guard length >= 8 else { return false }
        var current = address
        var left = length
        var isArray = false
        for _ in 0..<(1 << 16) {
            // rtnh_len, rtnh_flags, rtnh_hops, rtnh_ifindex.
            guard let hop = try? memory.load((UInt16, UInt8, UInt8, Int32).self, from: current) else {
                unreadable(current)
                break
            }
            let hopLength = min(left, UInt32(hop.0))
            if current == address && UInt32(hop.0) < length {
                beginArray()
                isArray = true
            }
            let hasAttributes = hopLength > 8
            if hasAttributes { beginArray() }
            beginStructure()
            field("rtnh_len"); unsignedValue(hop.0)
            field("rtnh_flags"); straceFlags(UInt64(hop.1), Constants.nexthopFlags, unknown: "RTNH_F_???")
            field("rtnh_hops"); unsignedValue(hop.2)
            field("rtnh_ifindex"); interfaceIndexValue(UInt32(bitPattern: hop.3))
            endStructure()
            if hasAttributes {
                routeAttributes(at: current &+ 8, length: hopLength - 8, family: family, depth: depth)
                endArray()
            }
            let aligned = (hopLength + 3) & ~3
            if aligned >= left || aligned == 0 { break }
            current &+= UInt64(aligned)
            left -= aligned
        }
        if isArray { endArray() }
        return true
    }


    /// `struct ndmsg` and its NDA_* attributes.
    mutating func neighbourMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ndm_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 12 {
            // ndm_family, pads, ndm_ifindex, ndm_state, ndm_flags, ndm_type.
            if let raw = try? memory.load((UInt8, UInt8, UInt16, Int32, UInt16, UInt8, UInt8).self, from: address) {
                field("ndm_ifindex"); interfaceIndexValue(UInt32(bitPattern: raw.3))
                field("ndm_state"); straceFlags(UInt64(raw.4), Constants.neighbourStates, unknown: "NUD_???")
                field("ndm_flags"); straceFlags(UInt64(raw.5), Constants.neighbourFlags, unknown: "NTF_???")
                field("ndm_type"); xlatValue(UInt64(raw.6), Constants.routeTypes, unknown: "RTN_???")
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 12 else { return }
        let addressFamily = Int32(family)
        netlinkAttributes(at: address &+ 12, length: length - 12, Constants.neighbourAttributes, unknown: "NDA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NDA_DST:
                if !d.netlinkInetAddress(at: at, length: length, family: addressFamily) { d.netlinkHexBytes(at: at, count: Int(length)) }
                return true
            case Constants.NDA_LLADDR:
                guard length <= 32 else { return false }
                guard let bytes = d.readBytes(at: at, count: Int(length)) else { d.unreadable(at); return true }
                d.hardwareAddressValue(bytes[...])
                return true
            case Constants.NDA_CACHEINFO:
                guard length >= 16 else { return false }
                guard let info = try? d.memory.load((UInt32, UInt32, UInt32, UInt32).self, from: at) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("ndm_confirmed"); d.unsignedValue(info.0)
                d.field("ndm_used"); d.unsignedValue(info.1)
                d.field("ndm_updated"); d.unsignedValue(info.2)
                d.field("ndm_refcnt"); d.unsignedValue(info.3)
                d.endStructure()
                return true
            case Constants.NDA_PROBES, Constants.NDA_VNI, Constants.NDA_LINK_NETNSID, Constants.NDA_SRC_VNI, Constants.NDA_NH_ID:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.NDA_VLAN:
                return d.netlinkInteger(UInt16.self, at: at, length: length)
            case Constants.NDA_PORT:
                guard length >= 2 else { return false }
                guard let port = d.readBytes(at: at, count: 2) else { d.unreadable(at); return true }
                d.beginCall("htons")
                d.unsignedValue(UInt16(port[0]) << 8 | UInt16(port[1]))
                d.endCall()
                return true
            case Constants.NDA_IFINDEX, Constants.NDA_MASTER:
                guard length >= 4 else { return false }
                guard let index = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.interfaceIndexValue(index)
                return true
            case Constants.NDA_PROTOCOL:
                return d.netlinkIPProtocol(at: at, length: length)
            case Constants.NDA_FLAGS_EXT:
                return d.netlinkFlagsValue(at: at, length: length, size: 4, Constants.neighbourExtendedFlags, unknown: "NTF_EXT_???")
            case Constants.NDA_NDM_STATE_MASK:
                return d.netlinkFlagsValue(at: at, length: length, size: 2, Constants.neighbourStates, unknown: "NUD_???")
            case Constants.NDA_NDM_FLAGS_MASK:
                return d.netlinkFlagsValue(at: at, length: length, size: 1, Constants.neighbourFlags, unknown: "NTF_???")
            case Constants.NDA_FDB_EXT_ATTRS:
                d.netlinkAttributes(at: at, length: length, Constants.fdbExtraAttributes, unknown: "NFEA_???") { d, type, at, length in
                    guard Int64(type) == Constants.NFEA_ACTIVITY_NOTIFY else { return false }
                    return d.netlinkFlagsValue(at: at, length: length, size: 1, Constants.fdbNotifyFlags, unknown: "FDB_NOTIFY_???")
                }
                return true
            default:
                return false
            }
        }
    }


    /// A NETLINK_KOBJECT_UEVENT buffer (strace's decode_netlink_kobject_uevent):
    /// no netlink header, the text of the event; libudev's monitor header
    /// (`libudev` prefix) as a structure before the rest.
    mutating func kobjectUevent(at address: UInt64, length: UInt64) {
        // prefix[8], magic, header_size, properties_off, properties_len,
        // filter_subsystem_hash, filter_devtype_hash, filter_tag_bloom_hi, filter_tag_bloom_lo.
        let headerSize: UInt64 = 40
        guard address != 0, length >= headerSize, let raw = readBytes(at: address, count: Int(headerSize)),
              raw.prefix(8).elementsEqual("libudev\0".utf8) else {
            printStrn(at: address, count: length)
            return
        }
        func word(_ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(raw[offset + $1]) << (8 * UInt32($1)) } }
        func networkOrder(_ name: StaticString, _ offset: Int, _ d: inout Decoding) {
            d.field(name)
            d.beginCall("htonl")
            d.hexValue(UInt64(word(offset).byteSwapped))
            d.endCall()
        }
        let more = length > headerSize
        if more { beginArray() }
        beginStructure()
        field("prefix"); stringValue(raw.prefix(7), truncated: false)
        networkOrder("magic", 8, &self)
        field("header_size"); unsignedValue(word(12))
        field("properties_off"); unsignedValue(word(16))
        field("properties_len"); unsignedValue(word(20))
        networkOrder("filter_subsystem_hash", 24, &self)
        networkOrder("filter_devtype_hash", 28, &self)
        networkOrder("filter_tag_bloom_hi", 32, &self)
        networkOrder("filter_tag_bloom_lo", 36, &self)
        endStructure()
        if more {
            printStrn(at: address &+ headerSize, count: length - headerSize)
            endArray()
        }
    }


    /// `struct fib_rule_hdr` and its FRA_* attributes.
    mutating func ruleMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 12 {
            // family, dst_len, src_len, tos, table, res1, res2, action, flags.
            if let raw = try? memory.load((UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt32).self, from: address) {
                field("dst_len"); unsignedValue(raw.1)
                field("src_len"); unsignedValue(raw.2)
                field("tos"); straceFlags(UInt64(raw.3), Constants.typeOfServices, unknown: "IPTOS_TOS_???")
                field("table"); xlatValue(UInt64(raw.4), Constants.routeTables, unknown: "RT_TABLE_???")
                field("action"); xlatValue(UInt64(raw.7), Constants.ruleActions, unknown: "FR_ACT_???")
                field("flags"); straceFlags(UInt64(raw.8), Constants.ruleFlags, unknown: "FIB_RULE_???")
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 12 else { return }
        let addressFamily = Int32(family)
        netlinkAttributes(at: address &+ 12, length: length - 12, Constants.ruleAttributes, unknown: "FRA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.FRA_DST, Constants.FRA_SRC:
                if !d.netlinkInetAddress(at: at, length: length, family: addressFamily) { d.netlinkHexBytes(at: at, count: Int(length)) }
                return true
            case Constants.FRA_TUN_ID:
                // decode_nla_be64: `htobe64(N)`.
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginCall("htobe64")
                d.unsignedValue(raw.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                d.endCall()
                return true
            case Constants.FRA_IIFNAME, Constants.FRA_OIFNAME:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.FRA_GOTO, Constants.FRA_PRIORITY, Constants.FRA_FWMARK, Constants.FRA_FLOW,
                 Constants.FRA_SUPPRESS_IFGROUP, Constants.FRA_SUPPRESS_PREFIXLEN, Constants.FRA_FWMASK:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.FRA_TABLE:
                guard length >= 4 else { return false }
                guard let table = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                d.xlatOptional(UInt64(table), Constants.routeTables)
                return true
            case Constants.FRA_L3MDEV:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.FRA_PROTOCOL:
                guard length >= 1 else { return false }
                guard let proto = try? d.memory.load(UInt8.self, from: at) else { d.unreadable(at); return true }
                d.xlatValue(UInt64(proto), Constants.routeProtocols, unknown: "RTPROT_???")
                return true
            case Constants.FRA_IP_PROTO:
                return d.netlinkIPProtocol(at: at, length: length)
            case Constants.FRA_UID_RANGE, Constants.FRA_SPORT_RANGE, Constants.FRA_DPORT_RANGE:
                let wide = Int64(type) == Constants.FRA_UID_RANGE
                guard length >= (wide ? 8 : 4) else { return false }
                guard let raw = d.readBytes(at: at, count: wide ? 8 : 4) else { d.unreadable(at); return true }
                func value(_ offset: Int) -> UInt32 {
                    (0..<(wide ? 4 : 2)).reduce(UInt32(0)) { $0 | UInt32(raw[offset + $1]) << (8 * UInt32($1)) }
                }
                d.beginStructure()
                d.field("start"); d.unsignedValue(value(0))
                d.field("end"); d.unsignedValue(value(wide ? 4 : 2))
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }


    /// Unsigned little-endian fields of the given widths, read at once
    /// (nil when they can't be read: the address is printed).
    mutating func unsignedFields(at address: UInt64, widths: [Int]) -> [UInt64]? {
        let total = widths.reduce(0, +)
        guard let raw = readBytes(at: address, count: total) else { unreadable(address); return nil }
        var values: [UInt64] = []
        var offset = 0
        for width in widths {
            values.append((0..<width).reduce(UInt64(0)) { $0 | UInt64(raw[offset + $1]) << (8 * UInt64($1)) })
            offset += width
        }
        return values
    }

    /// A structure of unsigned fields (`names` and `widths` in order), when
    /// `length` holds them; false leaves the attribute to hex.
    mutating func unsignedStructure(at address: UInt64, length: UInt32, _ names: [StaticString], widths: [Int]) -> Bool {
        guard Int(length) >= widths.reduce(0, +) else { return false }
        guard let values = unsignedFields(at: address, widths: widths) else { return true }
        beginStructure()
        for (name, value) in zip(names, values) { field(name); unsignedValue(value) }
        endStructure()
        return true
    }

    /// `struct tcmsg` and its TCA_* attributes.
    mutating func trafficControlMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("tcm_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        var attributes = false
        if length >= 20 {
            // tcm_family, pads, tcm_ifindex, tcm_handle, tcm_parent, tcm_info.
            if let raw = try? memory.load((UInt8, UInt8, UInt16, Int32, UInt32, UInt32, UInt32).self, from: address) {
                field("tcm_ifindex"); interfaceIndexValue(UInt32(bitPattern: raw.3))
                field("tcm_handle"); unsignedValue(raw.4)
                field("tcm_parent"); unsignedValue(raw.5)
                field("tcm_info"); unsignedValue(raw.6)
                attributes = true
            } else {
                unreadableRest(address &+ 1)
            }
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
        guard attributes && length > 20 else { return }
        netlinkAttributes(at: address &+ 20, length: length - 20, Constants.trafficControlAttributes, unknown: "TCA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.TCA_KIND:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.TCA_STATS:
                return d.unsignedStructure(at: at, length: length,
                                           ["bytes", "packets", "drops", "overlimits", "bps", "pps", "qlen", "backlog"],
                                           widths: [8, 4, 4, 4, 4, 4, 4, 4])
            case Constants.TCA_RATE:
                guard length >= 2 else { return false }
                guard let raw = d.readBytes(at: at, count: 2) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("interval"); d.signedValue(Int8(bitPattern: raw[0]))
                d.field("ewma_log"); d.unsignedValue(raw[1])
                d.endStructure()
                return true
            case Constants.TCA_FCNT, Constants.TCA_CHAIN, Constants.TCA_INGRESS_BLOCK, Constants.TCA_EGRESS_BLOCK, Constants.TCA_DUMP_FLAGS:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.TCA_HW_OFFLOAD:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.TCA_STAB:
                d.sizeTable(at: at, length: length)
                return true
            case Constants.TCA_STATS2:
                d.trafficStatistics(at: at, length: length)
                return true
            default:
                return false
            }
        }
    }


    /// decode_nla_tc_stats: TCA_STATS_* attributes (TCA_STATS2, TCA_ACT_STATS).
    mutating func trafficStatistics(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.trafficStatsAttributes, unknown: "TCA_STATS_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.TCA_STATS_BASIC, Constants.TCA_STATS_BASIC_HW:
                return d.unsignedStructure(at: at, length: length, ["bytes", "packets"], widths: [8, 4])
            case Constants.TCA_STATS_RATE_EST:
                return d.unsignedStructure(at: at, length: length, ["bps", "pps"], widths: [4, 4])
            case Constants.TCA_STATS_QUEUE:
                return d.unsignedStructure(at: at, length: length, ["qlen", "backlog", "drops", "requeues", "overlimits"],
                                           widths: [4, 4, 4, 4, 4])
            case Constants.TCA_STATS_RATE_EST64:
                return d.unsignedStructure(at: at, length: length, ["bps", "pps"], widths: [8, 8])
            case Constants.TCA_STATS_PKT64:
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            default:
                return false
            }
        }
    }

    /// An nfnetlink nlmsg_type: a batch marker by name, else
    /// `SUBSYSTEM<<8|MESSAGE` (each part in the -X style).
    mutating func netfilterMessageType(_ type: UInt16) {
        let style = format.constants
        if let control = Constants.netfilterControlTypes.first(where: { $0.value == Int64(type) }) {
            symbolic(UInt64(type), named: true) { $0.append(control.name) }
            return
        }
        let subsystem = UInt64(type >> 8), message = UInt64(type & 0xff)
        customValue(.constant(Int64(type), storeText { _ in })) { out in
            func part(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?) {
                if let entry = table.first(where: { UInt64(bitPattern: $0.value) == value }) {
                    Decoding.appendSymbolic(value, style: style, to: &out) { $0.append(entry.name) }
                } else {
                    if value == 0 { out.append("0") } else { out.append(hex: value) }
                    if let unknown, style != .raw { out.append(" /* "); out.append(unknown); out.append(" */") }
                }
            }
            part(subsystem, Constants.netfilterSubsystems, unknown: "NFNL_SUBSYS_???")
            out.append("<<8|")
            if subsystem < UInt64(Netlink.netfilterTypes.count) {
                let (table, unknown) = Netlink.netfilterTypes[Int(subsystem)]
                part(message, table, unknown: subsystem == 0 ? nil : unknown)
            } else if message == 0 {
                out.append("0")
            } else {
                out.append(hex: message)
            }
        }
    }

    /// An nfnetlink payload (strace's decode_netlink_netfilter): `struct
    /// nfgenmsg`, then attributes (types and data as numbers and hex).
    mutating func netfilterMessage(type: UInt16, at address: UInt64, length: UInt64) {
        guard length >= 4 else { netlinkHexBytes(at: address, count: Int(length)); return }
        guard let raw = readBytes(at: address, count: 4) else { unreadable(address); return }
        let subsystem = Int64(type >> 8)
        let resource = UInt16(raw[2]) << 8 | UInt16(raw[3])
        let resourceAsStored = UInt16(raw[2]) | UInt16(raw[3]) << 8
        beginStructure()
        field("nfgen_family"); xlatValue(UInt64(raw[0]), Constants.addressFamilies, unknown: "AF_???")
        field("version"); xlatValue(UInt64(raw[1]), Constants.netfilterVersions, unknown: "NFNETLINK_???")
        field("res_id")
        if subsystem == Constants.NFNL_SUBSYS_NFTABLES && Int64(resource) == Constants.NFNL_SUBSYS_NFTABLES {
            symbolic(UInt64(resourceAsStored), named: true) { $0.append("htons(NFNL_SUBSYS_NFTABLES)") }
        } else if subsystem == Constants.NFNL_SUBSYS_NFTABLES && Int64(resourceAsStored) == Constants.NFNL_SUBSYS_NFTABLES {
            symbolic(UInt64(resourceAsStored), named: true) { $0.append("NFNL_SUBSYS_NFTABLES") }
        } else {
            beginCall("htons"); unsignedValue(resource); endCall()
        }
        endStructure()
        guard length > 4 else { return }
        let batch = Int64(type) == Constants.NFNL_MSG_BATCH_BEGIN || Int64(type) == Constants.NFNL_MSG_BATCH_END
        if batch {
            netlinkHexBytes(at: address &+ 4, count: Int(clamping: length - 4))
        } else {
            netlinkAttributes(at: address &+ 4, length: UInt32(clamping: length - 4), [], unknown: "") { _, _, _, _ in false }
        }
    }

}

/// The generic netlink families the kernel knows (`nlctrl`, `nl80211`...)
/// by id, asked once per run as strace's genl_families_xlat does: a
/// CTRL_CMD_GETFAMILY dump on a NETLINK_GENERIC socket.
enum GenericNetlinkFamilies {
    /// nil until first asked.
    static let known = Mutex<[UInt16: [UInt8]]?>(nil)

    static func name(of id: UInt16) -> [UInt8]? {
        known.withLock { table in
            if table == nil { table = query() }
            return table?[id]
        }
    }

    /// Ids and names from the kernel's answer (empty when it can't be asked).
    static func query() -> [UInt16: [UInt8]] {
        var families: [UInt16: [UInt8]] = [:]
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 16 /* NETLINK_GENERIC */)
        guard fd >= 0 else { return families }
        defer { close(fd) }
        // nlmsghdr (GENL_ID_CTRL, NLM_F_REQUEST|NLM_F_DUMP) + genlmsghdr (CTRL_CMD_GETFAMILY).
        var request = [UInt8](repeating: 0, count: 20)
        request[0] = 20
        request[4] = 0x10
        request[6] = 0x01; request[7] = 0x03
        request[16] = 3  // CTRL_CMD_GETFAMILY
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == 20 else { return families }
        var buffer = [UInt8](repeating: 0, count: 32768)
        for _ in 0..<256 {
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { return families }
            var offset = 0
            while offset + 16 <= received {
                func u16(_ at: Int) -> UInt16 { UInt16(buffer[at]) | UInt16(buffer[at + 1]) << 8 }
                func u32(_ at: Int) -> Int { Int(buffer[at]) | Int(buffer[at + 1]) << 8 | Int(buffer[at + 2]) << 16 | Int(buffer[at + 3]) << 24 }
                let length = u32(offset)
                let type = u16(offset + 4)
                guard length >= 16, offset + length <= received else { return families }
                if type == 3 /* NLMSG_DONE */ || type == 2 /* NLMSG_ERROR */ { return families }
                // genlmsghdr: cmd CTRL_CMD_NEWFAMILY (1), version 2, then attributes.
                if length >= 20, buffer[offset + 16] == 1, buffer[offset + 17] == 2 {
                    var attribute = offset + 20
                    var name: [UInt8]? = nil
                    var id: UInt16? = nil
                    while attribute + 4 <= offset + length {
                        let attributeLength = Int(u16(attribute))
                        guard attributeLength >= 4, attribute + attributeLength <= offset + length else { break }
                        let data = buffer[(attribute + 4)..<(attribute + attributeLength)]
                        switch u16(attribute + 2) {
                        case 2 /* CTRL_ATTR_FAMILY_NAME */ where name == nil: name = Array(data.prefix { $0 != 0 })
                        case 1 /* CTRL_ATTR_FAMILY_ID */ where id == nil && data.count == 2: id = u16(attribute + 4)
                        default: break
                        }
                        if let found = id, let text = name {
                            families[found] = text
                            id = nil
                            name = nil
                        }
                        attribute += (attributeLength + 3) & ~3
                    }
                }
                offset += (length + 3) & ~3
            }
        }
        return families
    }
}
