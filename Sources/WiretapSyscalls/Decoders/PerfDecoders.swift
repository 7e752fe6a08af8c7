import WiretapCore

/// perf_event_open's `struct perf_event_attr`, as strace prints it: the
/// fields its size covers, `config` by event type, the bit fields that are
/// set (all of them with -v), and the optional fields only with -v.
extension Decoding {
    /// PERF_ATTR_SIZE_VER0: the smallest attribute structure.
    static let perfAttributeMinimum: UInt32 = 64
    /// sizeof(struct perf_event_attr) as strace 6.1 knows it (PERF_ATTR_SIZE_VER7).
    static let perfAttributeKnown: UInt32 = 128
    /// offsetof(struct perf_event_attr, wakeup_events): what strace reads without -v.
    static let perfAttributeAbbreviated: UInt32 = 48

    /// The one-bit fields of the flags word at offset 40, by bit (precise_ip,
    /// two bits at 15, is printed apart).
    static let perfAttributeBits: [(bit: UInt64, name: StaticString)] = [
        (0, "disabled"), (1, "inherit"), (2, "pinned"), (3, "exclusive"), (4, "exclude_user"),
        (5, "exclude_kernel"), (6, "exclude_hv"), (7, "exclude_idle"), (8, "mmap"), (9, "comm"),
        (10, "freq"), (11, "inherit_stat"), (12, "enable_on_exec"), (13, "task"), (14, "watermark"),
    ]
    static let perfAttributeLaterBits: [(bit: UInt64, name: StaticString)] = [
        (17, "mmap_data"), (18, "sample_id_all"), (19, "exclude_host"), (20, "exclude_guest"),
        (21, "exclude_callchain_kernel"), (22, "exclude_callchain_user"), (23, "mmap2"), (24, "comm_exec"),
        (25, "use_clockid"), (26, "context_switch"), (27, "write_backward"), (28, "namespaces"),
        (29, "ksymbol"), (30, "bpf_event"), (31, "aux_output"), (32, "cgroup"), (33, "text_poke"),
        (34, "build_id"), (35, "inherit_thread"), (36, "remove_on_exec"), (37, "sigtrap"),
    ]
    static let preciseIPDescriptions: [StaticString] = [
        "arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid",
    ]

    /// `struct perf_event_attr` at `address`: its address when its size
    /// field cannot be read, is below PERF_ATTR_SIZE_VER0 or the structure
    /// cannot be read.
    mutating func perfEventAttributes(at address: UInt64) {
        guard address != 0, let declared = try? memory.load(UInt32.self, from: address &+ 4) else { pointerValue(address); return }
        var size = declared == 0 ? Decoding.perfAttributeMinimum : min(declared, Decoding.perfAttributeKnown)
        guard size >= Decoding.perfAttributeMinimum else { pointerValue(address); return }
        if !unabbreviated { size = Decoding.perfAttributeAbbreviated }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: Int(size), into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        bytes += [UInt8](repeating: 0, count: Int(Decoding.perfAttributeKnown) - bytes.count)
        let raw = bytes[...]
        func u64(_ offset: Int) -> UInt64 { Decoding.word(raw, at: offset) }
        func u32(_ offset: Int) -> UInt32 { Decoding.word(raw, at: offset) }
        let type = u32(0)
        let config = u64(8)
        let sampleType = u64(24)
        let bits = u64(40)
        beginStructure()
        field("type"); xlatValue(UInt64(type), Constants.perfEventTypes, unknown: "PERF_TYPE_???")
        field("size"); xlatValue(UInt64(declared), Constants.perfAttributeSizes, unknown: "PERF_ATTR_SIZE_???")
        field("config"); perfConfig(config, type: type)
        if bits & (1 << 10) != 0 { field("sample_freq") } else { field("sample_period") }
        unsignedValue(u64(16))
        field("sample_type"); flagSet(sampleType, Constants.perfSampleFormats, unknown: "PERF_SAMPLE_???")
        field("read_format"); flagSet(u64(32), Constants.perfReadFormats, unknown: "PERF_FORMAT_???")
        for (bit, name) in Decoding.perfAttributeBits where unabbreviated || bits & (1 << bit) != 0 {
            field(name); unsignedValue((bits >> bit) & 1)
        }
        let precise = Int((bits >> 15) & 3)
        field("precise_ip"); unsignedValue(precise)
        comment(Decoding.preciseIPDescriptions[precise])
        for (bit, name) in Decoding.perfAttributeLaterBits where unabbreviated || bits & (1 << bit) != 0 {
            field(name); unsignedValue((bits >> bit) & 1)
        }
        if bits >> 38 != 0 {
            field("__reserved_1"); hexValue(bits >> 38)
            comment("Bits 63..38")
        }
        defer {
            let more = declared != 0 ? declared > size : size < Decoding.perfAttributeMinimum
            endStructure(abbreviated: more)
        }
        guard unabbreviated else { return }
        let watermark = bits & (1 << 14) != 0
        field(watermark ? "wakeup_watermark" : "wakeup_events"); unsignedValue(u32(48))
        let breakpoint = Int64(type) == Constants.PERF_TYPE_BREAKPOINT
        if breakpoint {
            field("bp_type")
            let bpType = UInt64(u32(52))
            if Constants.hardwareBreakpointTypes.contains(where: { $0.value == Int64(bpType) }) {
                xlatValue(bpType, Constants.hardwareBreakpointTypes, unknown: "HW_BREAKPOINT_???")
            } else if bpType <= 7 {
                xlatValue(bpType, [], unknown: "HW_BREAKPOINT_INVALID")
            } else {
                xlatValue(bpType, [], unknown: "HW_BREAKPOINT_???")
            }
            field("bp_addr"); hexValue(u64(56))
        } else {
            field("config1"); hexValue(u64(56))
        }
        guard size > 64 else { return }
        if breakpoint { field("bp_len"); unsignedValue(u64(64)) } else { field("config2"); hexValue(u64(64)) }
        guard size > 72 else { return }
        if sampleType & UInt64(Constants.PERF_SAMPLE_BRANCH_STACK) != 0 {
            field("branch_sample_type")
            flagSet(u64(72), Constants.perfBranchSampleTypes, unknown: "PERF_SAMPLE_BRANCH_???")
        }
        guard size > 80 else { return }
        field("sample_regs_user"); hexValue(u64(80))
        guard size > 88 else { return }
        if sampleType & UInt64(Constants.PERF_SAMPLE_STACK_USER) != 0 { field("sample_stack_user"); hexValue(UInt64(u32(88))) }
        if bits & (1 << 25) != 0 {
            guard size > 92 else { return }
            field("clockid"); xlatValue(UInt64(u32(92)), Constants.clockIds, unknown: "CLOCK_???")
        }
        guard size > 96 else { return }
        field("sample_regs_intr"); hexValue(u64(96))
        guard size > 104 else { return }
        field("aux_watermark"); unsignedValue(u32(104))
        guard size > 108 else { return }
        field("sample_max_stack"); unsignedValue(Decoding.word(raw, at: 108, as: UInt16.self))
        guard size > 110 else { return }
        let reserved2: UInt16 = Decoding.word(raw, at: 110)
        if reserved2 != 0 { comment { $0.append("bytes 110..111: "); Decoding.appendHex(UInt64(reserved2), to: &$0) } }
        guard size > 112 else { return }
        field("aux_sample_size"); unsignedValue(u32(112))
        guard size > 116 else { return }
        let reserved3 = u32(116)
        if reserved3 != 0 { comment { $0.append("bytes 116..119: "); Decoding.appendHex(UInt64(reserved3), to: &$0) } }
        guard size > 120 else { return }
        field("sig_data"); hexValue(u64(120))
    }

    /// `config` by event type: a hardware event (`PERF_COUNT_HW_CPU_CYCLES`,
    /// with the PMU type `0x8<<32|...`), a software event, a tracepoint id,
    /// a cache event (`PERF_COUNT_HW_CACHE_RESULT_ACCESS<<16|..._OP_READ<<8|..._L1D`),
    /// or a number.
    mutating func perfConfig(_ config: UInt64, type: UInt32) {
        switch Int64(type) {
        case Constants.PERF_TYPE_HARDWARE:
            let style = format.constants
            customValue(.unsigned(config, .hexadecimal)) { out in
                Decoding.appendPMU(config, to: &out)
                Decoding.appendConstant(config & 0xffff_ffff, Constants.perfHardwareEvents, unknown: "PERF_COUNT_HW_???", style: style, to: &out)
            }
        case Constants.PERF_TYPE_SOFTWARE:
            xlatValue(config, Constants.perfSoftwareEvents, unknown: "PERF_COUNT_SW_???")
        case Constants.PERF_TYPE_TRACEPOINT:
            unsignedValue(config)
        case Constants.PERF_TYPE_HW_CACHE:
            let style = format.constants
            customValue(.unsigned(config, .hexadecimal)) { out in
                Decoding.appendPMU(config, to: &out)
                let high = (config & 0xffff_ffff) >> 24
                if high != 0 {
                    Decoding.appendHex(high, to: &out)
                    out.append("<<24|")
                }
                Decoding.appendConstant((config >> 16) & 0xff, Constants.perfHardwareCacheResults,
                                        unknown: "PERF_COUNT_HW_CACHE_RESULT_???", style: style, to: &out)
                out.append("<<16|")
                Decoding.appendConstant((config >> 8) & 0xff, Constants.perfHardwareCacheOperations,
                                        unknown: "PERF_COUNT_HW_CACHE_OP_???", style: style, to: &out)
                out.append("<<8|")
                Decoding.appendConstant(config & 0xff, Constants.perfHardwareCaches,
                                        unknown: "PERF_COUNT_HW_CACHE_???", style: style, to: &out)
            }
        default:
            hexValue(config)
        }
    }

    /// The PMU type in a config's upper half: `0x8<<32|`.
    static func appendPMU(_ config: UInt64, to out: inout OutputBuffer) {
        guard config >> 32 != 0 else { return }
        appendHex(config >> 32, to: &out)
        out.append("<<32|")
    }

    /// What `constantValue` prints, as text inside a larger value.
    static func appendConstant(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString,
                               style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let known = table.contains { UInt64(bitPattern: $0.value) == value }
        if known, style == .abbrev { _ = out.appendName(of: Int64(bitPattern: value), in: table); return }
        appendHex(value, to: &out)
        if style == .raw { return }
        out.append(" /* ")
        if known { _ = out.appendName(of: Int64(bitPattern: value), in: table) } else { out.append(unknown) }
        out.append(" */")
    }
}
