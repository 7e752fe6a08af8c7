import Glibc
import WiretapCore

/// NETLINK_ROUTE neighbour tables, next hops, tc actions, interface
/// statistics, bridge multicast databases, and route and qdisc attributes
/// beyond the common ones, as strace 6.1's rtnl_neightbl.c, rtnl_nh.c,
/// rtnl_tc_action.c, rtnl_stats.c, rtnl_mdb.c, rtnl_route.c and rtnl_tc.c
/// print them.
extension Decoding {
    /// decode_nla_xval of a `size`-byte value: false when the data is
    /// shorter or wider than 8 bytes.
    mutating func netlinkNamedValue(at address: UInt64, length: UInt32, size: Int, _ table: [NamedConstant], unknown: StaticString) -> Bool {
        guard length <= 8, Int(length) >= size else { return false }
        guard let raw = readBytes(at: address, count: size) else { unreadable(address); return true }
        xlatValue(Self.littleEndian(raw, 0, size), table, unknown: unknown)
        return true
    }

    /// decode_nla_lwt_encap_type: a 16-bit LWTUNNEL_ENCAP_* (longer data
    /// too, unlike decode_nla_xval).
    mutating func lightweightTunnelType(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 2 else { return false }
        guard let type = try? memory.load(UInt16.self, from: address) else { unreadable(address); return true }
        xlatValue(UInt64(type), Constants.lightweightTunnelEncapTypes, unknown: "LWTUNNEL_ENCAP_???")
        return true
    }

    /// decode_nla_clock_t: up to 8 bytes of clock ticks.
    mutating func netlinkClockTicks(at address: UInt64, length: UInt32) -> Bool {
        guard length <= 8 else { return false }
        guard let raw = readBytes(at: address, count: Int(length)) else { unreadable(address); return true }
        clockTicks(Self.littleEndian(raw, 0, Int(length)))
        return true
    }

    /// RTM_*NEIGHTBL: `struct ndtmsg` and its NDTA_* attributes.
    mutating func neighbourTableMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("ndtm_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        endStructure()
        guard length > 4 else { return }
        netlinkAttributes(at: address &+ 4, length: length - 4, Constants.neighbourTableAttributes, unknown: "NDTA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NDTA_NAME:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.NDTA_THRESH1, Constants.NDTA_THRESH2, Constants.NDTA_THRESH3:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.NDTA_GC_INTERVAL:
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            case Constants.NDTA_CONFIG:
                guard length >= 32 else { return false }
                guard let raw = d.readBytes(at: at, count: 32) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("ndtc_key_len"); d.unsignedValue(Self.littleEndian(raw, 0, 2))
                d.field("ndtc_entry_size"); d.unsignedValue(Self.littleEndian(raw, 2, 2))
                d.field("ndtc_entries"); d.unsignedValue(Self.littleEndian(raw, 4, 4))
                d.field("ndtc_last_flush"); d.unsignedValue(Self.littleEndian(raw, 8, 4))
                d.field("ndtc_last_rand"); d.unsignedValue(Self.littleEndian(raw, 12, 4))
                d.field("ndtc_hash_rnd"); d.unsignedValue(Self.littleEndian(raw, 16, 4))
                d.field("ndtc_hash_mask"); d.zeroPaddedHexValue(Self.littleEndian(raw, 20, 4), width: 8)
                d.field("ndtc_hash_chain_gc"); d.unsignedValue(Self.littleEndian(raw, 24, 4))
                d.field("ndtc_proxy_qlen"); d.unsignedValue(Self.littleEndian(raw, 28, 4))
                d.endStructure()
                return true
            case Constants.NDTA_PARMS:
                d.neighbourTableParameters(at: at, length: length)
                return true
            case Constants.NDTA_STATS:
                // 11 counters, or 10 in older kernels.
                let count = length >= 88 ? 11 : length == 80 ? 10 : 0
                guard count > 0 else { return false }
                guard let raw = d.readBytes(at: at, count: 8 * count) else { d.unreadable(at); return true }
                let names: [StaticString] = ["ndts_allocs", "ndts_destroys", "ndts_hash_grows", "ndts_res_failed", "ndts_lookups",
                                             "ndts_hits", "ndts_rcv_probes_mcast", "ndts_rcv_probes_ucast", "ndts_periodic_gc_runs",
                                             "ndts_forced_gc_runs", "ndts_table_fulls"]
                d.beginStructure()
                for index in 0..<count { d.field(names[index]); d.unsignedValue(Self.littleEndian(raw, 8 * index, 8)) }
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }

    /// NDTA_PARMS: NDTPA_* attributes.
    mutating func neighbourTableParameters(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.neighbourTableParameterAttributes, unknown: "NDTPA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NDTPA_IFINDEX:
                return d.netlinkInterfaceIndex(at: at, length: length)
            case Constants.NDTPA_REFCNT, Constants.NDTPA_QUEUE_LEN, Constants.NDTPA_APP_PROBES, Constants.NDTPA_UCAST_PROBES,
                 Constants.NDTPA_MCAST_PROBES, Constants.NDTPA_PROXY_QLEN, Constants.NDTPA_QUEUE_LENBYTES, Constants.NDTPA_MCAST_REPROBES:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.NDTPA_REACHABLE_TIME, Constants.NDTPA_BASE_REACHABLE_TIME, Constants.NDTPA_RETRANS_TIME,
                 Constants.NDTPA_GC_STALETIME, Constants.NDTPA_DELAY_PROBE_TIME, Constants.NDTPA_ANYCAST_DELAY,
                 Constants.NDTPA_PROXY_DELAY, Constants.NDTPA_LOCKTIME, Constants.NDTPA_INTERVAL_PROBE_TIME_MS:
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            default:
                return false
            }
        }
    }

    /// RTM_*NEXTHOP: `struct nhmsg` and its NHA_* attributes.
    mutating func nexthopMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("nh_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 8)
        if let raw {
            field("nh_scope"); xlatOptional(UInt64(raw[1]), Constants.routeScopes)
            field("nh_protocol"); xlatValue(UInt64(raw[2]), Constants.routeProtocols, unknown: "RTPROT_???")
            if raw[3] != 0 { field("resvd"); hexValue(UInt64(raw[3])) }
            field("nh_flags"); straceFlags(Self.littleEndian(raw, 4, 4), Constants.nexthopFlags, unknown: "RTNH_F_???")
        }
        endDiagStructure(complete: raw != nil, length: length, size: 8)
        guard raw != nil, length > 8 else { return }
        let addressFamily = Int32(family)
        netlinkAttributes(at: address &+ 8, length: length - 8, Constants.nexthopAttributes, unknown: "NHA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.NHA_ID, Constants.NHA_BLACKHOLE, Constants.NHA_GROUPS, Constants.NHA_FDB:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.NHA_OIF, Constants.NHA_MASTER:
                return d.netlinkInterfaceIndex(at: at, length: length)
            case Constants.NHA_GATEWAY:
                if !d.netlinkInetAddress(at: at, length: length, family: addressFamily) { d.netlinkHexBytes(at: at, count: Int(length)) }
                return true
            case Constants.NHA_GROUP:
                let count = length / 8
                guard count > 0 else { return false }
                d.straceArray(at: at, count: UInt64(count), of: UInt64.self) { d, entry in
                    // id, weight, resvd1, resvd2 (the reserved ones only when set).
                    d.beginStructure()
                    d.field("id"); d.unsignedValue(UInt32(truncatingIfNeeded: entry))
                    d.field("weight"); d.unsignedValue(UInt8(truncatingIfNeeded: entry >> 32))
                    let reserved1 = UInt8(truncatingIfNeeded: entry >> 40), reserved2 = UInt16(truncatingIfNeeded: entry >> 48)
                    if reserved1 != 0 { d.field("resvd1"); d.hexValue(UInt64(reserved1)) }
                    if reserved2 != 0 { d.field("resvd2"); d.hexValue(UInt64(reserved2)) }
                    d.endStructure()
                }
                return true
            case Constants.NHA_GROUP_TYPE:
                return d.netlinkNamedValue(at: at, length: length, size: 2, Constants.nexthopGroupTypes, unknown: "NEXTHOP_GRP_TYPE_???")
            case Constants.NHA_ENCAP_TYPE:
                return d.lightweightTunnelType(at: at, length: length)
            case Constants.NHA_RES_GROUP:
                d.netlinkAttributes(at: at, length: length, Constants.nexthopResilientGroupAttributes, unknown: "NHA_RES_GROUP_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.NHA_RES_GROUP_BUCKETS:
                        return d.netlinkInteger(UInt16.self, at: at, length: length)
                    case Constants.NHA_RES_GROUP_IDLE_TIMER, Constants.NHA_RES_GROUP_UNBALANCED_TIMER, Constants.NHA_RES_GROUP_UNBALANCED_TIME:
                        return d.netlinkClockTicks(at: at, length: length)
                    default:
                        return false
                    }
                }
                return true
            case Constants.NHA_RES_BUCKET:
                d.netlinkAttributes(at: at, length: length, Constants.nexthopResilientBucketAttributes, unknown: "NHA_RES_BUCKET_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.NHA_RES_BUCKET_INDEX:
                        return d.netlinkInteger(UInt16.self, at: at, length: length)
                    case Constants.NHA_RES_BUCKET_IDLE_TIME:
                        return d.netlinkClockTicks(at: at, length: length)
                    case Constants.NHA_RES_BUCKET_NH_ID:
                        return d.netlinkInteger(UInt32.self, at: at, length: length)
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

    /// RTM_*ACTION: `struct tcamsg` and its TCA_ACT_* attributes.
    mutating func trafficActionMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("tca_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        endStructure()
        guard length > 4 else { return }
        netlinkAttributes(at: address &+ 4, length: length - 4, Constants.trafficActionAttributes, unknown: "TCA_ACT_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.TCA_ACT_KIND:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.TCA_ACT_INDEX, Constants.TCA_ACT_IN_HW_COUNT:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.TCA_ACT_STATS:
                d.trafficStatistics(at: at, length: length)
                return true
            case Constants.TCA_ACT_FLAGS:
                return d.netlinkFlagsValue(at: at, length: length, size: 4, Constants.trafficActionFlags, unknown: "TCA_ACT_FLAGS_???")
            case Constants.TCA_ACT_HW_STATS, Constants.TCA_ACT_USED_HW_STATS:
                return d.netlinkFlagsValue(at: at, length: length, size: 4, Constants.trafficActionHardwareStats, unknown: "TCA_ACT_HW_STATS_???")
            default:
                return false
            }
        }
    }

    /// decode_nla_flags of a `size`-byte value: false when the data is
    /// shorter or wider than 8 bytes.
    mutating func netlinkFlagsValue(at address: UInt64, length: UInt32, size: Int, _ table: [NamedConstant], unknown: StaticString) -> Bool {
        guard length <= 8, Int(length) >= size else { return false }
        guard let raw = readBytes(at: address, count: size) else { unreadable(address); return true }
        straceFlags(Self.littleEndian(raw, 0, size), table, unknown: unknown)
        return true
    }

    /// TCA_STAB: `struct tc_sizespec` and the table's 16-bit entries.
    mutating func sizeTable(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.sizeTableAttributes, unknown: "TCA_STAB_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.TCA_STAB_BASE:
                guard length >= 24 else { return false }
                guard let raw = d.readBytes(at: at, count: 24) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("cell_log"); d.unsignedValue(raw[0])
                d.field("size_log"); d.unsignedValue(raw[1])
                d.field("cell_align"); d.signedValue(Int16(truncatingIfNeeded: Self.littleEndian(raw, 2, 2)))
                d.field("overhead"); d.signedValue(Int32(truncatingIfNeeded: Self.littleEndian(raw, 4, 4)))
                d.field("linklayer"); d.unsignedValue(Self.littleEndian(raw, 8, 4))
                d.field("mpu"); d.unsignedValue(Self.littleEndian(raw, 12, 4))
                d.field("mtu"); d.unsignedValue(Self.littleEndian(raw, 16, 4))
                d.field("tsize"); d.unsignedValue(Self.littleEndian(raw, 20, 4))
                d.endStructure()
                return true
            case Constants.TCA_STAB_DATA:
                let count = length / 2
                guard count > 0 else { return false }
                d.straceArray(at: at, count: UInt64(count), of: UInt16.self) { d, entry in d.unsignedValue(entry) }
                return true
            default:
                return false
            }
        }
    }

    /// IFLA_STATS_LINK_XSTATS(_SLAVE): bridge and bond statistics (the
    /// bridge's multicast counters stay in hex).
    mutating func linkExtendedStatistics(at address: UInt64, length: UInt32) {
        /// A structure of 64-bit counters, then any bytes beyond it in hex.
        func counters(_ d: inout Decoding, at: UInt64, length: UInt32, _ names: [StaticString]) -> Bool {
            let size = 8 * names.count
            guard Int(length) >= size else { return false }
            guard let raw = d.readBytes(at: at, count: size) else { d.unreadable(at); return true }
            d.beginStructure()
            for (index, name) in names.enumerated() { d.field(name); d.unsignedValue(Self.littleEndian(raw, 8 * index, 8)) }
            d.endStructure()
            if Int(length) > size { d.netlinkHexBytes(at: at &+ UInt64(size), count: Int(length) - size) }
            return true
        }
        netlinkAttributes(at: address, length: length, Constants.linkExtendedStatsTypes, unknown: "LINK_XSTATS_TYPE_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.LINK_XSTATS_TYPE_BRIDGE:
                d.netlinkAttributes(at: at, length: length, Constants.bridgeExtendedStatsAttributes, unknown: "BRIDGE_XSTATS_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.BRIDGE_XSTATS_VLAN:
                        guard length >= 40 else { return false }
                        guard let raw = d.readBytes(at: at, count: 40) else { d.unreadable(at); return true }
                        d.beginStructure()
                        d.field("rx_bytes"); d.unsignedValue(Self.littleEndian(raw, 0, 8))
                        d.field("rx_packets"); d.unsignedValue(Self.littleEndian(raw, 8, 8))
                        d.field("tx_bytes"); d.unsignedValue(Self.littleEndian(raw, 16, 8))
                        d.field("tx_packets"); d.unsignedValue(Self.littleEndian(raw, 24, 8))
                        d.field("vid"); d.unsignedValue(Self.littleEndian(raw, 32, 2))
                        d.field("flags"); d.straceFlags(Self.littleEndian(raw, 34, 2), Constants.bridgeVlanFlags, unknown: "BRIDGE_VLAN_INFO_???")
                        let pad = Self.littleEndian(raw, 36, 4)
                        if pad != 0 { d.field("pad2"); d.hexValue(pad) }
                        d.endStructure()
                        if length > 40 { d.netlinkHexBytes(at: at &+ 40, count: Int(length) - 40) }
                        return true
                    case Constants.BRIDGE_XSTATS_STP:
                        return counters(&d, at: at, length: length, ["transition_blk", "transition_fwd", "rx_bpdu", "tx_bpdu", "rx_tcn", "tx_tcn"])
                    default:
                        return false
                    }
                }
                return true
            case Constants.LINK_XSTATS_TYPE_BOND:
                d.netlinkAttributes(at: at, length: length, Constants.bondExtendedStatsAttributes, unknown: "BOND_XSTATS_???") { d, type, at, length in
                    guard Int64(type) == Constants.BOND_XSTATS_3AD else { return false }
                    d.netlinkAttributes(at: at, length: length, Constants.bond3adStatsAttributes, unknown: "BOND_XSTATS_???") { d, type, at, length in
                        guard Int64(type) >= Constants.BOND_3AD_STAT_LACPDU_RX, Int64(type) <= Constants.BOND_3AD_STAT_MARKER_UNKNOWN_RX else { return false }
                        return d.netlinkInteger(UInt64.self, at: at, length: length)
                    }
                    return true
                }
                return true
            default:
                return false
            }
        }
    }

    /// RTM_*STATS: `struct if_stats_msg` and its IFLA_STATS_* attributes.
    mutating func linkStatsMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 12)
        if let raw {
            if raw[1] != 0 { field("pad1"); hexValue(UInt64(raw[1])) }
            let pad2 = Self.littleEndian(raw, 2, 2)
            if pad2 != 0 { field("pad2"); hexValue(pad2) }
            field("ifindex"); interfaceIndexValue(UInt32(Self.littleEndian(raw, 4, 4)))
            field("filter_mask")
            bitNamedFlags(UInt32(Self.littleEndian(raw, 8, 4)), Constants.linkStatsAttributes, shift: 0, unknown: "1<<IFLA_STATS_???") { out, name in
                out.append("1<<"); out.append(name)
            }
        }
        endDiagStructure(complete: raw != nil, length: length, size: 12)
        guard raw != nil, length > 12 else { return }
        netlinkAttributes(at: address &+ 12, length: length - 12, Constants.linkStatsAttributes, unknown: "IFLA_STATS_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_STATS_LINK_64:
                let count = length >= 200 ? 25 : length == 192 ? 24 : length == 184 ? 23 : 0
                return d.linkStatistics(UInt64.self, at: at, count: count)
            case Constants.IFLA_STATS_LINK_XSTATS, Constants.IFLA_STATS_LINK_XSTATS_SLAVE:
                d.linkExtendedStatistics(at: at, length: length)
                return true
            case Constants.IFLA_STATS_LINK_OFFLOAD_XSTATS:
                d.netlinkAttributes(at: at, length: length, Constants.linkOffloadStatsAttributes, unknown: "IFLA_OFFLOAD_XSTATS_???") { d, type, at, length in
                    guard Int64(type) == Constants.IFLA_OFFLOAD_XSTATS_CPU_HIT else { return false }
                    let count = length >= 200 ? 25 : length == 192 ? 24 : length == 184 ? 23 : 0
                    return d.linkStatistics(UInt64.self, at: at, count: count)
                }
                return true
            case Constants.IFLA_STATS_AF_SPEC:
                d.netlinkAttributes(at: at, length: length, Constants.addressFamilies, unknown: "AF_???") { d, type, at, length in
                    guard Int64(type) == Constants.AF_MPLS else { return false }
                    d.netlinkAttributes(at: at, length: length, Constants.mplsStatsAttributes, unknown: "MPLS_STATS_???") { d, type, at, length in
                        guard Int64(type) == Constants.MPLS_STATS_LINK, length >= 72 else { return false }
                        guard let raw = d.readBytes(at: at, count: 72) else { d.unreadable(at); return true }
                        let names: [StaticString] = ["rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
                                                     "rx_dropped", "tx_dropped", "rx_noroute"]
                        d.beginStructure()
                        for (index, name) in names.enumerated() { d.field(name); d.unsignedValue(Self.littleEndian(raw, 8 * index, 8)) }
                        d.endStructure()
                        if length > 72 { d.netlinkHexBytes(at: at &+ 72, count: Int(length - 72)) }
                        return true
                    }
                    return true
                }
                return true
            default:
                return false
            }
        }
    }

    /// RTM_*MDB: `struct br_port_msg` and its MDBA_* attributes.
    mutating func bridgeMulticastMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        let raw = diagStructure(at: address, length: length, size: 8)
        if let raw {
            field("ifindex"); interfaceIndexValue(UInt32(Self.littleEndian(raw, 4, 4)))
        }
        endDiagStructure(complete: raw != nil, length: length, size: 8)
        guard raw != nil, length > 8 else { return }
        netlinkAttributes(at: address &+ 8, length: length - 8, Constants.mdbAttributes, unknown: "MDBA_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.MDBA_MDB:
                d.netlinkAttributes(at: at, length: length, Constants.mdbDatabaseAttributes, unknown: "MDBA_MDB_???") { d, type, at, length in
                    guard Int64(type) == Constants.MDBA_MDB_ENTRY else { return false }
                    d.netlinkAttributes(at: at, length: length, Constants.mdbEntryAttributes, unknown: "MDBA_MDB_ENTRY_???") { d, type, at, length in
                        guard Int64(type) == Constants.MDBA_MDB_ENTRY_INFO else { return false }
                        return d.bridgeMulticastEntry(at: at, length: length)
                    }
                    return true
                }
                return true
            case Constants.MDBA_ROUTER:
                d.netlinkAttributes(at: at, length: length, Constants.mdbRouterAttributes, unknown: "MDBA_ROUTER_???") { d, type, at, length in
                    guard Int64(type) == Constants.MDBA_ROUTER_PORT, length >= 4 else { return false }
                    if let index = try? d.memory.load(UInt32.self, from: at) { d.interfaceIndexValue(index) } else { d.unreadable(at) }
                    guard length > 4 else { return true }
                    d.netlinkAttributes(at: at &+ 4, length: length - 4, Constants.mdbRouterPortAttributes, unknown: "MDBA_ROUTER_PATTR_???") { d, type, at, length in
                        switch Int64(type) {
                        case Constants.MDBA_ROUTER_PATTR_TIMER, Constants.MDBA_ROUTER_PATTR_INET_TIMER, Constants.MDBA_ROUTER_PATTR_INET6_TIMER:
                            return d.netlinkClockTicks(at: at, length: length)
                        case Constants.MDBA_ROUTER_PATTR_TYPE:
                            // strace reads one byte whatever the length.
                            guard let value = try? d.memory.load(UInt8.self, from: at) else { d.unreadable(at); return true }
                            d.xlatValue(UInt64(value), Constants.multicastRouterTypes, unknown: "MDB_RTR_TYPE_???")
                            return true
                        default:
                            return false
                        }
                    }
                    return true
                }
                return true
            default:
                return false
            }
        }
    }

    /// MDBA_MDB_ENTRY_INFO: `struct br_mdb_entry`, then MDBA_MDB_EATTR_* attributes.
    mutating func bridgeMulticastEntry(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 28 else { return false }
        if let raw = readBytes(at: address, count: 28) {
            let proto = UInt16(raw[24]) << 8 | UInt16(raw[25])
            beginStructure()
            field("ifindex"); interfaceIndexValue(UInt32(Self.littleEndian(raw, 0, 4)))
            field("state"); xlatValue(UInt64(raw[4]), Constants.mdbStates, unknown: "MDB_???")
            field("flags"); straceFlags(UInt64(raw[5]), Constants.mdbFlags, unknown: "MDB_FLAGS_???")
            field("vid"); unsignedValue(Self.littleEndian(raw, 6, 2))
            field("addr")
            beginStructure()
            // strace passes the protocol (ETH_P_*) where an address family is expected.
            if Int32(proto) == AF_INET6 {
                inetAddressField("u", raw[8..<24], family: AF_INET6, first: true)
            } else if Int32(proto) == AF_INET {
                diagAddressField("u", raw[8..<24], family: AF_INET)
            } else {
                field("u"); hexBytesValue(raw[8..<24])
            }
            field("proto")
            beginCall("htons"); xlatValue(UInt64(proto), Constants.addressFamilies, unknown: "AF_???"); endCall()
            endStructure()
            endStructure()
        } else {
            unreadable(address)
        }
        guard length > 28 else { return true }
        netlinkAttributes(at: address &+ 28, length: length - 28, Constants.mdbEntryExtraAttributes, unknown: "MDBA_MDB_EATTR_???") { d, type, at, length in
            guard Int64(type) == Constants.MDBA_MDB_EATTR_TIMER else { return false }
            return d.netlinkClockTicks(at: at, length: length)
        }
        return true
    }

    /// RTM_NEWCACHEREPORT: `struct rtgenmsg` (a multicast routing family
    /// or an address family), then the report's attributes of that family.
    mutating func cacheReportMessage(family: UInt8, at address: UInt64, length: UInt32) {
        beginStructure()
        field("rtgen_family")
        if Constants.multicastRouteFamilies.contains(where: { $0.value == Int64(family) }) {
            xlatValue(UInt64(family), Constants.multicastRouteFamilies, unknown: "RTNL_FAMILY_???")
        } else {
            xlatValue(UInt64(family), Constants.addressFamilies, unknown: "RTNL_FAMILY_???")
        }
        endStructure()
        guard length > 4 else { return }
        let data = address &+ 4, dataLength = length - 4
        switch Int64(family) {
        case Constants.RTNL_FAMILY_IPMR:
            netlinkAttributes(at: data, length: dataLength, Constants.ipv4CacheReportAttributes, unknown: "IPMRA_CREPORT_???") { d, type, at, length in
                switch Int64(type) {
                case Constants.IPMRA_CREPORT_MSGTYPE:
                    return d.netlinkNamedValue(at: at, length: length, size: 1, Constants.ipv4CacheReportTypes, unknown: "IGMPMSG_???")
                case Constants.IPMRA_CREPORT_VIF_ID, Constants.IPMRA_CREPORT_TABLE:
                    return d.netlinkInteger(UInt32.self, at: at, length: length)
                case Constants.IPMRA_CREPORT_SRC_ADDR, Constants.IPMRA_CREPORT_DST_ADDR:
                    return d.netlinkInetAddress(at: at, length: length, family: AF_INET)
                default:
                    return false
                }
            }
        case Constants.RTNL_FAMILY_IP6MR:
            netlinkAttributes(at: data, length: dataLength, Constants.ipv6CacheReportAttributes, unknown: "IP6MRA_CREPORT_???") { d, type, at, length in
                switch Int64(type) {
                case Constants.IP6MRA_CREPORT_MSGTYPE:
                    return d.netlinkNamedValue(at: at, length: length, size: 1, Constants.ipv6CacheReportTypes, unknown: "MRT6MSG_???")
                case Constants.IP6MRA_CREPORT_MIF_ID:
                    return d.netlinkInteger(UInt32.self, at: at, length: length)
                case Constants.IP6MRA_CREPORT_SRC_ADDR, Constants.IP6MRA_CREPORT_DST_ADDR:
                    return d.netlinkInetAddress(at: at, length: length, family: AF_INET6)
                default:
                    return false
                }
            }
        default:
            netlinkHexBytes(at: data, count: Int(dataLength))
        }
    }

    /// IFLA_PROTINFO: bridge port attributes for AF_BRIDGE, IFLA_INET6_*
    /// for AF_INET6 (the message's ifi_family), else the bytes in hex.
    mutating func linkProtocolInfo(at address: UInt64, length: UInt32, family: UInt8) {
        switch Int32(family) {
        case AF_INET6:
            inet6LinkAttributes(at: address, length: length)
        case AF_BRIDGE:
            bridgePortAttributes(at: address, length: length)
        default:
            netlinkHexBytes(at: address, count: Int(length))
        }
    }

    /// IFLA_BRPORT_* attributes (IFLA_PROTINFO of a bridge port, a bridge slave's IFLA_INFO_SLAVE_DATA).
    mutating func bridgePortAttributes(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.bridgePortAttributes, unknown: "IFLA_BRPORT_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_BRPORT_STATE, Constants.IFLA_BRPORT_MODE, Constants.IFLA_BRPORT_GUARD, Constants.IFLA_BRPORT_PROTECT,
                 Constants.IFLA_BRPORT_FAST_LEAVE, Constants.IFLA_BRPORT_LEARNING, Constants.IFLA_BRPORT_UNICAST_FLOOD,
                 Constants.IFLA_BRPORT_PROXYARP, Constants.IFLA_BRPORT_LEARNING_SYNC, Constants.IFLA_BRPORT_PROXYARP_WIFI,
                 Constants.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, Constants.IFLA_BRPORT_CONFIG_PENDING,
                 Constants.IFLA_BRPORT_MULTICAST_ROUTER, Constants.IFLA_BRPORT_MCAST_FLOOD, Constants.IFLA_BRPORT_MCAST_TO_UCAST,
                 Constants.IFLA_BRPORT_VLAN_TUNNEL, Constants.IFLA_BRPORT_BCAST_FLOOD, Constants.IFLA_BRPORT_NEIGH_SUPPRESS,
                 Constants.IFLA_BRPORT_ISOLATED, Constants.IFLA_BRPORT_MRP_RING_OPEN, Constants.IFLA_BRPORT_MRP_IN_OPEN,
                 Constants.IFLA_BRPORT_LOCKED:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.IFLA_BRPORT_PRIORITY, Constants.IFLA_BRPORT_DESIGNATED_PORT, Constants.IFLA_BRPORT_DESIGNATED_COST,
                 Constants.IFLA_BRPORT_ID, Constants.IFLA_BRPORT_NO:
                return d.netlinkInteger(UInt16.self, at: at, length: length)
            case Constants.IFLA_BRPORT_COST, Constants.IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT, Constants.IFLA_BRPORT_MCAST_EHT_HOSTS_CNT:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.IFLA_BRPORT_MESSAGE_AGE_TIMER, Constants.IFLA_BRPORT_FORWARD_DELAY_TIMER, Constants.IFLA_BRPORT_HOLD_TIMER:
                return d.netlinkClockTicks(at: at, length: length)
            case Constants.IFLA_BRPORT_GROUP_FWD_MASK:
                guard length >= 2 else { return false }
                guard let mask = try? d.memory.load(UInt16.self, from: at) else { d.unreadable(at); return true }
                d.hexValue(UInt64(mask))
                return true
            case Constants.IFLA_BRPORT_BACKUP_PORT:
                return d.netlinkInterfaceIndex(at: at, length: length)
            case Constants.IFLA_BRPORT_ROOT_ID, Constants.IFLA_BRPORT_BRIDGE_ID:
                // struct ifla_bridge_id: prio[2], addr[6].
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("prio")
                d.beginArray(); d.unsignedValue(raw[0]); d.unsignedValue(raw[1]); d.endArray()
                d.field("addr"); d.linkHardwareAddress(raw[2..<8], family: UInt8(Constants.ARPHRD_ETHER))
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }

    /// IFLA_AF_SPEC of an AF_BRIDGE link: IFLA_BRIDGE_* attributes.
    mutating func bridgeSpecifics(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.bridgeSpecificAttributes, unknown: "IFLA_BRIDGE_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_BRIDGE_FLAGS:
                return d.netlinkFlagsValue(at: at, length: length, size: 2, Constants.bridgeFlags, unknown: "BRIDGE_FLAGS_???")
            case Constants.IFLA_BRIDGE_MODE:
                return d.netlinkNamedValue(at: at, length: length, size: 2, Constants.bridgeModes, unknown: "BRIDGE_MODE_???")
            case Constants.IFLA_BRIDGE_VLAN_INFO:
                // struct bridge_vlan_info: flags, vid; any more bytes in hex.
                guard length >= 4 else { return false }
                guard let raw = d.readBytes(at: at, count: 4) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("flags"); d.straceFlags(Self.littleEndian(raw, 0, 2), Constants.bridgeVlanFlags, unknown: "BRIDGE_VLAN_INFO_???")
                d.field("vid"); d.unsignedValue(Self.littleEndian(raw, 2, 2))
                d.endStructure()
                if length > 4 { d.netlinkHexBytes(at: at &+ 4, count: Int(length - 4)) }
                return true
            case Constants.IFLA_BRIDGE_VLAN_TUNNEL_INFO:
                d.netlinkAttributes(at: at, length: length, Constants.bridgeVlanTunnelAttributes, unknown: "IFLA_BRIDGE_VLAN_TUNNEL_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.IFLA_BRIDGE_VLAN_TUNNEL_ID: return d.netlinkInteger(UInt32.self, at: at, length: length)
                    case Constants.IFLA_BRIDGE_VLAN_TUNNEL_VID: return d.netlinkInteger(UInt16.self, at: at, length: length)
                    case Constants.IFLA_BRIDGE_VLAN_TUNNEL_FLAGS:
                        return d.netlinkFlagsValue(at: at, length: length, size: 2, Constants.bridgeVlanFlags, unknown: "BRIDGE_VLAN_INFO_???")
                    default: return false
                    }
                }
                return true
            default:
                return false
            }
        }
    }

    /// printstr_ex with QUOTE_0_TERMINATED: the first `-s` bytes up to a
    /// NUL, `...` when there is none among them.
    mutating func netlinkZeroTerminatedString(at address: UInt64, length: UInt32) {
        let limit = max(format.stringLimit, 0)
        let size = min(Int(length), limit)
        // strace's umovestr reads up to a NUL within -s + 1 bytes.
        let read = min(Int(length), limit == Int.max ? limit : limit + 1)
        var raw = readBytes(at: address, count: read) ?? []
        if raw.count < read {
            raw = []
            while raw.count < read, let byte = try? memory.load(UInt8.self, from: address &+ UInt64(raw.count)) {
                raw.append(byte)
                if byte == 0 { break }
            }
            guard raw.last == 0 else { unreadable(address); return }
        }
        let shown = raw.prefix(size)
        if let end = shown.firstIndex(of: 0) {
            stringValue(shown[..<end], truncated: false)
        } else {
            stringValue(shown, truncated: true)
        }
    }

    /// A link kind as strace remembers it to pick the decoder of the data
    /// that follows: the bytes up to a NUL when shorter than 64 bytes.
    mutating func linkKind(at address: UInt64, length: UInt32) -> [UInt8] {
        guard length < 64, let raw = readBytes(at: address, count: Int(length)) else { return [] }
        return Array(raw.prefix { $0 != 0 })
    }

    /// IFLA_LINKINFO: the kind, its data for bridges and tun devices, CAN
    /// statistics, a bridge slave's port attributes.
    mutating func linkInfo(at address: UInt64, length: UInt32) {
        var kind: [UInt8] = []
        var slaveKind: [UInt8] = []
        netlinkAttributes(at: address, length: length, Constants.linkInfoAttributes, unknown: "IFLA_INFO_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_INFO_KIND:
                kind = d.linkKind(at: at, length: length)
                d.netlinkZeroTerminatedString(at: at, length: length)
                return true
            case Constants.IFLA_INFO_SLAVE_KIND:
                slaveKind = d.linkKind(at: at, length: length)
                d.netlinkZeroTerminatedString(at: at, length: length)
                return true
            case Constants.IFLA_INFO_DATA where kind.elementsEqual("bridge".utf8):
                d.bridgeInfo(at: at, length: length)
                return true
            case Constants.IFLA_INFO_DATA where kind.elementsEqual("tun".utf8):
                d.netlinkAttributes(at: at, length: length, Constants.tunAttributes, unknown: "IFLA_TUN_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.IFLA_TUN_OWNER, Constants.IFLA_TUN_GROUP:
                        guard length >= 4 else { return false }
                        guard let id = try? d.memory.load(UInt32.self, from: at) else { d.unreadable(at); return true }
                        if id == UInt32.max { d.signedValue(-1) } else { d.unsignedValue(id) }
                        return true
                    case Constants.IFLA_TUN_TYPE:
                        return d.netlinkNamedValue(at: at, length: length, size: 1, Constants.tunDeviceTypes, unknown: "IFF_???")
                    case Constants.IFLA_TUN_PI, Constants.IFLA_TUN_VNET_HDR, Constants.IFLA_TUN_PERSIST, Constants.IFLA_TUN_MULTI_QUEUE:
                        return d.netlinkInteger(UInt8.self, at: at, length: length)
                    case Constants.IFLA_TUN_NUM_QUEUES, Constants.IFLA_TUN_NUM_DISABLED_QUEUES:
                        return d.netlinkInteger(UInt32.self, at: at, length: length)
                    default:
                        return false
                    }
                }
                return true
            case Constants.IFLA_INFO_XSTATS where kind.elementsEqual("can".utf8):
                return d.unsignedStructure(at: at, length: length,
                                           ["bus_error", "error_warning", "error_passive", "bus_off", "arbitration_lost", "restarts"],
                                           widths: [4, 4, 4, 4, 4, 4])
            case Constants.IFLA_INFO_SLAVE_DATA where slaveKind.elementsEqual("bridge".utf8):
                d.bridgePortAttributes(at: at, length: length)
                return true
            default:
                return false
            }
        }
    }

    /// A bridge's IFLA_INFO_DATA: IFLA_BR_* attributes.
    mutating func bridgeInfo(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.bridgeInfoAttributes, unknown: "IFLA_BR_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_BR_FORWARD_DELAY, Constants.IFLA_BR_HELLO_TIME, Constants.IFLA_BR_MAX_AGE, Constants.IFLA_BR_AGEING_TIME,
                 Constants.IFLA_BR_HELLO_TIMER, Constants.IFLA_BR_TCN_TIMER, Constants.IFLA_BR_TOPOLOGY_CHANGE_TIMER,
                 Constants.IFLA_BR_GC_TIMER, Constants.IFLA_BR_MCAST_LAST_MEMBER_INTVL, Constants.IFLA_BR_MCAST_MEMBERSHIP_INTVL,
                 Constants.IFLA_BR_MCAST_QUERIER_INTVL, Constants.IFLA_BR_MCAST_QUERY_INTVL,
                 Constants.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, Constants.IFLA_BR_MCAST_STARTUP_QUERY_INTVL:
                return d.netlinkClockTicks(at: at, length: length)
            case Constants.IFLA_BR_STP_STATE, Constants.IFLA_BR_ROOT_PATH_COST, Constants.IFLA_BR_MCAST_HASH_ELASTICITY,
                 Constants.IFLA_BR_MCAST_HASH_MAX, Constants.IFLA_BR_MCAST_LAST_MEMBER_CNT, Constants.IFLA_BR_MCAST_STARTUP_QUERY_CNT:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.IFLA_BR_PRIORITY, Constants.IFLA_BR_ROOT_PORT, Constants.IFLA_BR_VLAN_DEFAULT_PVID:
                return d.netlinkInteger(UInt16.self, at: at, length: length)
            case Constants.IFLA_BR_VLAN_FILTERING, Constants.IFLA_BR_TOPOLOGY_CHANGE, Constants.IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
                 Constants.IFLA_BR_MCAST_ROUTER, Constants.IFLA_BR_MCAST_SNOOPING, Constants.IFLA_BR_MCAST_QUERY_USE_IFADDR,
                 Constants.IFLA_BR_MCAST_QUERIER, Constants.IFLA_BR_NF_CALL_IPTABLES, Constants.IFLA_BR_NF_CALL_IP6TABLES,
                 Constants.IFLA_BR_NF_CALL_ARPTABLES, Constants.IFLA_BR_VLAN_STATS_ENABLED, Constants.IFLA_BR_MCAST_STATS_ENABLED,
                 Constants.IFLA_BR_MCAST_IGMP_VERSION, Constants.IFLA_BR_MCAST_MLD_VERSION, Constants.IFLA_BR_VLAN_STATS_PER_PORT:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.IFLA_BR_VLAN_PROTOCOL:
                guard length >= 2, length <= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 2) else { d.unreadable(at); return true }
                d.beginCall("htons")
                d.xlatValue(UInt64(raw[0]) << 8 | UInt64(raw[1]), Constants.ethernetProtocols, unknown: "ETHER_P_???")
                d.endCall()
                return true
            case Constants.IFLA_BR_GROUP_FWD_MASK:
                guard length >= 2 else { return false }
                guard let mask = try? d.memory.load(UInt16.self, from: at) else { d.unreadable(at); return true }
                d.hexValue(UInt64(mask))
                return true
            case Constants.IFLA_BR_ROOT_ID, Constants.IFLA_BR_BRIDGE_ID:
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("prio")
                d.beginArray(); d.unsignedValue(raw[0]); d.unsignedValue(raw[1]); d.endArray()
                d.field("addr"); d.linkHardwareAddress(raw[2..<8], family: UInt8(Constants.ARPHRD_ETHER))
                d.endStructure()
                return true
            case Constants.IFLA_BR_MULTI_BOOLOPT:
                // struct br_boolopt_multi: optval, optmask, bits named `1<<BR_BOOLOPT_*`.
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginStructure()
                for (name, offset) in [("optval", 0), ("optmask", 4)] as [(StaticString, Int)] {
                    d.field(name)
                    d.bitNamedFlags(UInt32(Self.littleEndian(raw, offset, 4)), Constants.bridgeBooleanOptions, shift: 0,
                                    unknown: "1<<BR_BOOLOPT_???") { out, name in
                        out.append("1<<"); out.append(name)
                    }
                }
                d.endStructure()
                return true
            case Constants.IFLA_BR_MCAST_QUERIER_STATE:
                d.netlinkAttributes(at: at, length: length, Constants.bridgeQuerierAttributes, unknown: "BRIDGE_QUERIER_???") { d, type, at, length in
                    switch Int64(type) {
                    case Constants.BRIDGE_QUERIER_IP_ADDRESS: return d.netlinkInetAddress(at: at, length: length, family: AF_INET)
                    case Constants.BRIDGE_QUERIER_IPV6_ADDRESS: return d.netlinkInetAddress(at: at, length: length, family: AF_INET6)
                    case Constants.BRIDGE_QUERIER_IP_PORT, Constants.BRIDGE_QUERIER_IPV6_PORT:
                        return d.netlinkInterfaceIndex(at: at, length: length)
                    case Constants.BRIDGE_QUERIER_IP_OTHER_TIMER, Constants.BRIDGE_QUERIER_IPV6_OTHER_TIMER:
                        return d.netlinkClockTicks(at: at, length: length)
                    default:
                        return false
                    }
                }
                return true
            case Constants.IFLA_BR_GROUP_ADDR:
                guard length <= 32 else { return false }
                guard let bytes = d.readBytes(at: at, count: Int(length)) else { d.unreadable(at); return true }
                d.linkHardwareAddress(bytes[...], family: 0xff)
                return true
            default:
                return false
            }
        }
    }

    /// A structure of 32-bit unsigned fields followed by nothing else the
    /// attribute holds strace prints (false: shorter than the structure).
    mutating func unsigned32Structure(at address: UInt64, length: UInt32, _ names: [StaticString]) -> Bool {
        unsignedStructure(at: address, length: length, names, widths: Array(repeating: 4, count: names.count))
    }

    /// IFLA_VFINFO_LIST: each IFLA_VF_INFO's IFLA_VF_* attributes.
    mutating func virtualFunctionList(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.vfInfoListAttributes, unknown: "IFLA_VF_INFO_???") { d, type, at, length in
            guard Int64(type) == Constants.IFLA_VF_INFO else { return false }
            d.netlinkAttributes(at: at, length: length, Constants.vfInfoAttributes, unknown: "IFLA_VF_???") { d, type, at, length in
                d.virtualFunctionAttribute(type: type, at: at, length: length)
            }
            return true
        }
    }

    /// One IFLA_VF_* attribute.
    mutating func virtualFunctionAttribute(type: UInt16, at address: UInt64, length: UInt32) -> Bool {
        switch Int64(type) {
        case Constants.IFLA_VF_MAC:
            // struct ifla_vf_mac: vf, mac[32].
            guard length >= 36 else { return false }
            guard let raw = readBytes(at: address, count: 36) else { unreadable(address); return true }
            beginStructure()
            field("vf"); unsignedValue(Self.littleEndian(raw, 0, 4))
            field("mac"); linkHardwareAddress(raw[4..<36], family: 0xff)
            endStructure()
            return true
        case Constants.IFLA_VF_BROADCAST:
            guard length >= 32 else { return false }
            guard let raw = readBytes(at: address, count: 32) else { unreadable(address); return true }
            beginStructure()
            field("broadcast"); linkHardwareAddress(raw[...], family: 0xff)
            endStructure()
            return true
        case Constants.IFLA_VF_VLAN:
            return unsigned32Structure(at: address, length: length, ["vf", "vlan", "qos"])
        case Constants.IFLA_VF_TX_RATE:
            return unsigned32Structure(at: address, length: length, ["vf", "rate"])
        case Constants.IFLA_VF_SPOOFCHK, Constants.IFLA_VF_RSS_QUERY_EN, Constants.IFLA_VF_TRUST:
            return unsigned32Structure(at: address, length: length, ["vf", "setting"])
        case Constants.IFLA_VF_RATE:
            return unsigned32Structure(at: address, length: length, ["vf", "min_tx_rate", "max_tx_rate"])
        case Constants.IFLA_VF_LINK_STATE:
            guard length >= 8 else { return false }
            guard let raw = readBytes(at: address, count: 8) else { unreadable(address); return true }
            beginStructure()
            field("vf"); unsignedValue(Self.littleEndian(raw, 0, 4))
            field("link_state"); xlatValue(Self.littleEndian(raw, 4, 4), Constants.vfLinkStates, unknown: "IFLA_VF_LINK_STATE_???")
            endStructure()
            return true
        case Constants.IFLA_VF_IB_NODE_GUID, Constants.IFLA_VF_IB_PORT_GUID:
            // struct ifla_vf_guid: vf, then guid packed (12 bytes) or aligned (16).
            guard length == 12 || length == 16 else { return false }
            guard let raw = readBytes(at: address, count: Int(length)) else { unreadable(address); return true }
            beginStructure()
            field("vf"); unsignedValue(Self.littleEndian(raw, 0, 4))
            field("guid"); hexValue(Self.littleEndian(raw, length == 12 ? 4 : 8, 8))
            endStructure()
            return true
        case Constants.IFLA_VF_STATS:
            netlinkAttributes(at: address, length: length, Constants.vfStatsAttributes, unknown: "IFLA_VF_STATS_???") { d, type, at, length in
                guard Int64(type) != Constants.IFLA_VF_STATS_PAD, Int64(type) <= Constants.IFLA_VF_STATS_TX_DROPPED else { return false }
                return d.netlinkInteger(UInt64.self, at: at, length: length)
            }
            return true
        case Constants.IFLA_VF_VLAN_LIST:
            netlinkAttributes(at: address, length: length, Constants.vfVlanListAttributes, unknown: "IFLA_VF_VLAN_INFO_???") { d, type, at, length in
                // struct ifla_vf_vlan_info: vf, vlan, qos, vlan_proto (network order).
                guard Int64(type) == Constants.IFLA_VF_VLAN_INFO, length >= 16 else { return false }
                guard let raw = d.readBytes(at: at, count: 16) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("vf"); d.unsignedValue(Self.littleEndian(raw, 0, 4))
                d.field("vlan"); d.unsignedValue(Self.littleEndian(raw, 4, 4))
                d.field("qos"); d.unsignedValue(Self.littleEndian(raw, 8, 4))
                d.field("vlan_proto")
                d.beginCall("htons")
                d.xlatValue(UInt64(raw[12]) << 8 | UInt64(raw[13]), Constants.ethernetProtocols, unknown: "ETH_P_???")
                d.endCall()
                d.endStructure()
                return true
            }
            return true
        default:
            return false
        }
    }

    /// IFLA_PORT_* attributes (an IFLA_VF_PORT, IFLA_PORT_SELF).
    mutating func portAttributes(at address: UInt64, length: UInt32) {
        netlinkAttributes(at: address, length: length, Constants.portAttributes, unknown: "IFLA_VF_PORT_???") { d, type, at, length in
            switch Int64(type) {
            case Constants.IFLA_PORT_VF:
                return d.netlinkInteger(UInt32.self, at: at, length: length)
            case Constants.IFLA_PORT_PROFILE:
                d.netlinkString(at: at, length: length)
                return true
            case Constants.IFLA_PORT_REQUEST:
                return d.netlinkInteger(UInt8.self, at: at, length: length)
            case Constants.IFLA_PORT_RESPONSE:
                return d.netlinkInteger(UInt16.self, at: at, length: length)
            case Constants.IFLA_PORT_VSI_TYPE:
                // struct ifla_port_vsi: vsi_mgr_id, vsi_type_id[3], vsi_type_version, pad[3] (when not zero).
                guard length >= 8 else { return false }
                guard let raw = d.readBytes(at: at, count: 8) else { d.unreadable(at); return true }
                d.beginStructure()
                d.field("vsi_mgr_id"); d.unsignedValue(raw[0])
                d.field("vsi_type_id"); d.hexBytesValue(raw[1..<4])
                d.field("vsi_type_version"); d.unsignedValue(raw[4])
                if raw[5..<8].contains(where: { $0 != 0 }) {
                    d.field("pad"); d.hexBytesValue(raw[5..<8])
                }
                d.endStructure()
                return true
            default:
                return false
            }
        }
    }

    /// RTA_VIA: `struct rtvia`, `{rtvia_family=AF_INET, rtvia_addr=inet_addr("...")}`.
    mutating func routeVia(at address: UInt64, length: UInt32) -> Bool {
        guard length >= 2 else { return false }
        guard let familyBytes = readBytes(at: address, count: 2) else { unreadable(address); return true }
        let family = Int32(Self.littleEndian(familyBytes, 0, 2))
        beginStructure()
        field("rtvia_family"); xlatValue(UInt64(family), Constants.addressFamilies, unknown: "AF_???")
        if length > 2 {
            let size = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0
            if size > 0 && Int(length) - 2 >= size {
                if let bytes = readBytes(at: address &+ 2, count: size) {
                    inetAddressField("rtvia_addr", bytes[...], family: family)
                } else {
                    field("rtvia_addr"); unreadable(address &+ 2)
                }
            } else {
                field("rtvia_addr"); netlinkHexBytes(at: address &+ 2, count: Int(length) - 2)
            }
        }
        endStructure()
        return true
    }
}
