import Glibc
import WiretapCore

/// NETLINK_CRYPTO and NETLINK_SELINUX payloads, and the smaller
/// NETLINK_ROUTE kinds (address labels, DCB, netconf, namespace ids), as
/// strace 6.1's netlink_crypto.c, netlink_selinux.c, rtnl_addrlabel.c,
/// rtnl_dcb.c, rtnl_netconf.c and rtnl_nsid.c print them.
extension Decoding {
    /// A NETLINK_CRYPTO message: `struct crypto_user_alg` and its
    /// CRYPTOCFGA_* attributes (false: a type strace leaves to hex).
    mutating func cryptoMessage(type: UInt16, at address: UInt64, length: UInt64) -> Bool {
        switch Int64(type) {
        case Constants.CRYPTO_MSG_NEWALG, Constants.CRYPTO_MSG_DELALG, Constants.CRYPTO_MSG_UPDATEALG, Constants.CRYPTO_MSG_GETALG:
            break
        default:
            return false
        }
        let size = 208
        guard length >= UInt64(size) else { printStrn(at: address, count: length); return true }
        guard let raw = readBytes(at: address, count: size) else { unreadable(address); return true }
        let hasAttributes = length > UInt64(size)
        beginStructure()
        field("cru_name"); fixedString(raw[0..<64])
        field("cru_driver_name"); fixedString(raw[64..<128])
        field("cru_module_name"); fixedString(raw[128..<192])
        field("cru_type"); hexValue(Self.littleEndian(raw, 192, 4))
        field("cru_mask"); hexValue(Self.littleEndian(raw, 196, 4))
        field("cru_refcnt"); unsignedValue(Self.littleEndian(raw, 200, 4))
        field("cru_flags"); hexValue(Self.littleEndian(raw, 204, 4))
        endStructure()
        guard hasAttributes else { return true }
        netlinkAttributes(at: address &+ UInt64(size), length: UInt32(clamping: length - UInt64(size)),
                          Constants.cryptoAttributes, unknown: "CRYPTOCFGA_???") { d, type, at, length in
            d.cryptoReport(type: type, at: at, length: length)
        }
        return true
    }

    /// One CRYPTOCFGA_* attribute: a report structure (its bytes as a
    /// string when shorter than the structure), or the priority.
    mutating func cryptoReport(type: UInt16, at address: UInt64, length: UInt32) -> Bool {
        /// A report's layout: 64-byte strings, then unsigned 32-bit fields.
        func report(_ d: inout Decoding, strings: [StaticString], numbers: [StaticString]) -> Bool {
            let size = 64 * strings.count + 4 * numbers.count
            guard Int(length) >= size else { d.printStrn(at: address, count: UInt64(length)); return true }
            guard let raw = d.readBytes(at: address, count: size) else { d.unreadable(address); return true }
            d.beginStructure()
            for (index, name) in strings.enumerated() { d.field(name); d.fixedString(raw[(64 * index)..<(64 * index + 64)]) }
            for (index, name) in numbers.enumerated() { d.field(name); d.unsignedValue(Self.littleEndian(raw, 64 * strings.count + 4 * index, 4)) }
            d.endStructure()
            return true
        }
        switch Int64(type) {
        case Constants.CRYPTOCFGA_PRIORITY_VAL:
            return netlinkInteger(UInt32.self, at: address, length: length)
        case Constants.CRYPTOCFGA_REPORT_LARVAL, Constants.CRYPTOCFGA_REPORT_COMPRESS, Constants.CRYPTOCFGA_REPORT_AKCIPHER,
             Constants.CRYPTOCFGA_REPORT_KPP, Constants.CRYPTOCFGA_REPORT_ACOMP:
            beginStructure()
            field("type"); netlinkZeroTerminatedString(at: address, length: length)
            endStructure()
            return true
        case Constants.CRYPTOCFGA_REPORT_HASH:
            return report(&self, strings: ["type"], numbers: ["blocksize", "digestsize"])
        case Constants.CRYPTOCFGA_REPORT_BLKCIPHER:
            return report(&self, strings: ["type", "geniv"], numbers: ["blocksize", "min_keysize", "max_keysize", "ivsize"])
        case Constants.CRYPTOCFGA_REPORT_AEAD:
            return report(&self, strings: ["type", "geniv"], numbers: ["blocksize", "maxauthsize", "ivsize"])
        case Constants.CRYPTOCFGA_REPORT_RNG:
            return report(&self, strings: ["type"], numbers: ["seedsize"])
        case Constants.CRYPTOCFGA_REPORT_CIPHER:
            return report(&self, strings: ["type"], numbers: ["blocksize", "min_keysize", "max_keysize"])
        default:
            return false
        }
    }

    /// A NETLINK_SELINUX message: `{val=1}` or `{seqno=2}` (false: a type
    /// strace leaves to hex).
    mutating func selinuxMessage(type: UInt16, at address: UInt64, length: UInt64) -> Bool {
        let setEnforce = Int64(type) == Constants.SELNL_MSG_SETENFORCE
        guard setEnforce || Int64(type) == Constants.SELNL_MSG_POLICYLOAD else { return false }
        guard length >= 4 else { netlinkHexBytes(at: address, count: Int(length)); return true }
        guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return true }
        beginStructure()
        if setEnforce {
            field("val"); signedValue(Int32(bitPattern: value))
        } else {
            field("seqno"); unsignedValue(value)
        }
        endStructure()
        return true
    }

    /// decode_nla_ifindex: the interface's name when it has one.
    mutating func netlinkInterfaceIndex(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 4 else { return false }
        guard let index = try? memory.load(UInt32.self, from: address) else { unreadable(address); return true }
        interfaceIndexValue(index)
        return true
    }

    /// `struct ifaddrlblmsg` and its IFAL_* attributes.
    mutating func addressLabelMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ifal_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 12)
        if let raw {
            field("ifal_prefixlen"); unsignedValue(raw[2])
            field("ifal_flags"); unsignedValue(raw[3])
            field("ifal_index"); interfaceIndexValue(UInt32(Self.littleEndian(raw, 4, 4)))
            field("ifal_seq"); unsignedValue(Self.littleEndian(raw, 8, 4))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 12)
        guard raw != nil, length > 12 else { return }
        let addressFamily = Int32(family)
        netlinkAttributes(at: address &+ 12, length: length - 12, Constants.addressLabelAttributes, unknown: "IFAL_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFAL_ADDRESS:
                if !d.netlinkInetAddress(at: at, length: length, family: addressFamily) { d.netlinkHexBytes(at: at, count: Int(length)) }
                return true
            case Constants.IFAL_LABEL:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            default:
                return false
            }
        }
    }

    /// `struct dcbmsg` and its DCB_ATTR_* attributes (their data in hex).
    mutating func dcbMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("dcb_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 4)
        if let raw {
            field("cmd"); xlatValue(UInt64(raw[1]), Constants.dcbCommands, unknown: "DCB_CMD_???")
        }
        endDiagStructure(complete: raw != nil, length: length, size: 4)
        guard raw != nil, length > 4 else { return }
        netlinkAttributes(at: address &+ 4, length: length - 4, Constants.dcbAttributes, unknown: "DCB_ATTR_???") { _, _, _, _ in false }
    }

    /// `struct netconfmsg` and its NETCONFA_* attributes.
    mutating func netconfMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ncm_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        endStructure()
        guard length > 4 else { return }
        netlinkAttributes(at: address &+ 4, length: length - 4, Constants.netconfAttributes, unknown: "NETCONFA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NETCONFA_IFINDEX:
                return d.netlinkInterfaceIndex(at: at, length: length)
            case Constants.NETCONFA_FORWARDING, Constants.NETCONFA_RP_FILTER, Constants.NETCONFA_MC_FORWARDING,
                 Constants.NETCONFA_PROXY_NEIGH, Constants.NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, Constants.NETCONFA_INPUT,
                 Constants.NETCONFA_BC_FORWARDING:
                return d.netlinkSigned32(at: at, length: length)
            default:
                return false
            }
        }
    }

    /// RTM_*NSID: `struct rtgenmsg` and its NETNSA_* attributes.
    mutating func nsidMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("rtgen_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        endStructure()
        guard length > 4 else { return }
        netlinkAttributes(at: address &+ 4, length: length - 4, Constants.nsidAttributes, unknown: "NETNSA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NETNSA_NSID, Constants.NETNSA_TARGET_NSID, Constants.NETNSA_CURRENT_NSID:
                return d.netlinkSigned32(at: at, length: length)
            case Constants.NETNSA_PID:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.NETNSA_FD:
                guard length >= 4 else { return false }
                guard let fd = try? d.memory.load(Int32.self, from: at) else { d.unreadable(at); return true }
                d.fdValue(fd)
                return true
            default:
                return false
            }
        }
    }
}
