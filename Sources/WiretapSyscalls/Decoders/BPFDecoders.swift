import WiretapCore

/// bpf(2): the command, its `union bpf_attr` as strace 6.1 prints it for
/// the commands it decodes (read only for a size from 1 to a page; bytes
/// past `size` are zeros, nonzero bytes past strace's structure are
/// `...`), and the size.
enum BPFDecoders {
    static let all: DecoderFamily = [
        .bpf: SyscallDecoder(entry: { d in d.bpfEntry() }, exit: { d in d.bpfExit() }),
    ]

    /// The size of the structure strace knows for each command it decodes
    /// (its bpf_attr.h); commands not listed print their attribute's address.
    static let attributeSizes: [Int64: Int] = [
        Constants.BPF_MAP_CREATE: 72, Constants.BPF_MAP_LOOKUP_ELEM: 32, Constants.BPF_MAP_UPDATE_ELEM: 32,
        Constants.BPF_MAP_DELETE_ELEM: 16, Constants.BPF_MAP_GET_NEXT_KEY: 24, Constants.BPF_PROG_LOAD: 128,
        Constants.BPF_OBJ_PIN: 16, Constants.BPF_OBJ_GET: 16, Constants.BPF_PROG_ATTACH: 20, Constants.BPF_PROG_DETACH: 12,
        Constants.BPF_PROG_TEST_RUN: 76, Constants.BPF_PROG_GET_NEXT_ID: 12, Constants.BPF_MAP_GET_NEXT_ID: 12,
        Constants.BPF_PROG_GET_FD_BY_ID: 12, Constants.BPF_MAP_GET_FD_BY_ID: 12, Constants.BPF_OBJ_GET_INFO_BY_FD: 16,
        Constants.BPF_PROG_QUERY: 28, Constants.BPF_RAW_TRACEPOINT_OPEN: 12, Constants.BPF_BTF_LOAD: 28,
        Constants.BPF_BTF_GET_FD_BY_ID: 4, Constants.BPF_TASK_FD_QUERY: 48, Constants.BPF_MAP_LOOKUP_AND_DELETE_ELEM: 32,
        Constants.BPF_MAP_FREEZE: 4, Constants.BPF_BTF_GET_NEXT_ID: 12, Constants.BPF_MAP_LOOKUP_BATCH: 56,
        Constants.BPF_MAP_LOOKUP_AND_DELETE_BATCH: 56, Constants.BPF_MAP_UPDATE_BATCH: 56,
        Constants.BPF_MAP_DELETE_BATCH: 56, Constants.BPF_LINK_CREATE: 48, Constants.BPF_LINK_UPDATE: 16,
        Constants.BPF_LINK_GET_NEXT_ID: 12, Constants.BPF_LINK_GET_FD_BY_ID: 4,
    ]
    /// The commands whose result is a descriptor.
    static let returningDescriptor: Set<Int64> = [Constants.BPF_MAP_CREATE, Constants.BPF_PROG_LOAD, Constants.BPF_OBJ_PIN,
                                                  Constants.BPF_OBJ_GET, Constants.BPF_PROG_GET_FD_BY_ID,
                                                  Constants.BPF_MAP_GET_FD_BY_ID, Constants.BPF_BTF_LOAD,
                                                  Constants.BPF_BTF_GET_FD_BY_ID, Constants.BPF_LINK_GET_FD_BY_ID,
                                                  Constants.BPF_LINK_CREATE]
    /// The *_GET_NEXT_ID commands: the kernel fills in next_id, printed at exit.
    static let nextIdentifier: Set<Int64> = [Constants.BPF_PROG_GET_NEXT_ID, Constants.BPF_MAP_GET_NEXT_ID,
                                             Constants.BPF_BTF_GET_NEXT_ID, Constants.BPF_LINK_GET_NEXT_ID]
    /// The batch commands: the kernel updates count.
    static let batches: Set<Int64> = [Constants.BPF_MAP_LOOKUP_BATCH, Constants.BPF_MAP_LOOKUP_AND_DELETE_BATCH,
                                      Constants.BPF_MAP_UPDATE_BATCH, Constants.BPF_MAP_DELETE_BATCH]
    /// Commands whose attribute the kernel fills in: printed at exit, with
    /// the value of the field it changes saved at entry (its offset).
    static let changedField: [Int64: Int] = {
        var fields: [Int64: Int] = [Constants.BPF_PROG_QUERY: 24, Constants.BPF_TASK_FD_QUERY: 12,
                                    Constants.BPF_OBJ_GET_INFO_BY_FD: 4]
        for command in nextIdentifier { fields[command] = 4 }
        for command in batches { fields[command] = 32 }
        return fields
    }()
    /// BPF_OBJ_NAME_LEN.
    static let objectNameLength = 16
    /// BPF_MAXINSNS.
    static let instructionsMaximum = 4096
}

extension Decoding {
    /// bpf at entry: the command, its attribute (at exit for the commands
    /// whose attribute the kernel changes) and the size.
    mutating func bpfEntry() -> EntryResult {
        next()
        let command = Int64(arg(0) & 0xffff_ffff)
        xlatValue(UInt64(command), Constants.bpfCommands, unknown: "BPF_???")
        let attribute = bpfAttribute(command: command)
        if let attribute, let changed = BPFDecoders.changedField[command] {
            // Printed at exit, with the value the caller passed in the field the kernel changes.
            saved = Int64(Decoding.word(attribute.bytes[...], at: changed, as: UInt32.self))
            return .atExit
        }
        next()
        guard let attribute else {
            pointerValue(arg(1))
            unsigned(2)
            return .done()
        }
        bpfAttributeValue(command: command, attribute.bytes[...], size: attribute.size)
        unsigned(2)
        return .done(BPFDecoders.returningDescriptor.contains(command) ? .fd : .decimal)
    }

    /// bpf at exit: the attribute of a command the kernel changes it for, and the size.
    mutating func bpfExit() -> ReturnFormat {
        next()
        let command = Int64(arg(0) & 0xffff_ffff)
        if let attribute = bpfAttribute(command: command) {
            bpfAttributeValue(command: command, attribute.bytes[...], size: attribute.size)
        } else {
            pointerValue(arg(1))
        }
        unsigned(2)
        return .decimal
    }

    /// The attribute's bytes (zeros past `size`, at least strace's structure
    /// size) when strace decodes the command and can read them.
    func bpfAttribute(command: Int64) -> (bytes: [UInt8], size: Int)? {
        let size = Int(arg(2) & 0xffff_ffff)
        guard size > 0, size <= 4096, let known = BPFDecoders.attributeSizes[command], arg(1) != 0 else { return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: arg(1), count: size, into: &bytes, structure: true)) != nil else { return nil }
        if bytes.count < known { bytes += [UInt8](repeating: 0, count: known - bytes.count) }
        return (bytes, size)
    }

    /// The attribute of `command`, whose first `size` bytes the caller passed.
    mutating func bpfAttributeValue(command: Int64, _ raw: ArraySlice<UInt8>, size: Int) {
        var known = BPFDecoders.attributeSizes[command] ?? 0
        let length = min(size, known)
        /// The value of the field the kernel changed, as the caller passed it.
        let before = UInt32(truncatingIfNeeded: saved ?? 0)
        /// `N`, or `N => M` when the kernel changed it.
        func changedField(_ name: StaticString, _ offset: Int) {
            field(name)
            let after: UInt32 = Decoding.word(raw, at: offset)
            customValue(.unsigned(UInt64(after), .decimal)) { out in
                out.append(decimal: before)
                if before != after { out.append(" => "); out.append(decimal: after) }
            }
        }
        func u32(_ offset: Int) -> UInt32 { Decoding.word(raw, at: offset) }
        func u64(_ offset: Int) -> UInt64 { Decoding.word(raw, at: offset) }
        func fdField(_ name: StaticString, _ offset: Int) { field(name); fdValue(Int32(bitPattern: u32(offset))) }
        func unsignedField(_ name: StaticString, _ offset: Int) { field(name); unsignedValue(u32(offset)) }
        func addressField(_ name: StaticString, _ offset: Int) { field(name); pointerValue(u64(offset)) }
        beginStructure()
        body: switch command {
        case Constants.BPF_MAP_CREATE:
            field("map_type"); xlatValue(UInt64(u32(0)), Constants.bpfMapTypes, unknown: "BPF_MAP_TYPE_???")
            unsignedField("key_size", 4)
            unsignedField("value_size", 8)
            unsignedField("max_entries", 12)
            guard length > 16 else { break }
            let flags = UInt64(u32(16))
            field("map_flags"); flagSet(flags, Constants.bpfMapFlags, unknown: "BPF_F_???")
            guard length > 20 else { break }
            fdField("inner_map_fd", 20)
            guard length > 24 else { break }
            if flags & UInt64(Constants.BPF_F_NUMA_NODE) != 0 {
                let node = u32(24)
                field("numa_node")
                customValue(.unsigned(UInt64(node), .decimal)) { out in
                    out.append(decimal: node)
                    if node == UInt32.max { out.append(" /* NUMA_NO_NODE */") }
                }
            }
            guard length > 28 else { break }
            field("map_name"); objectName(raw, at: 28, available: length - 28)
            guard length > 44 else { break }
            unsignedField("map_ifindex", 44)
            guard length > 48 else { break }
            fdField("btf_fd", 48)
            unsignedField("btf_key_type_id", 52)
            unsignedField("btf_value_type_id", 56)
            guard length > 60 else { break }
            unsignedField("btf_vmlinux_value_type_id", 60)
            guard length > 64 else { break }
            field("map_extra"); unsignedValue(u64(64))
        case Constants.BPF_MAP_LOOKUP_ELEM, Constants.BPF_MAP_LOOKUP_AND_DELETE_ELEM:
            fdField("map_fd", 0)
            addressField("key", 8)
            addressField("value", 16)
            guard length > 24 else { break }
            field("flags"); flagSet(u64(24), Constants.bpfLookupFlags, unknown: "BPF_???")
        case Constants.BPF_MAP_UPDATE_ELEM:
            fdField("map_fd", 0)
            addressField("key", 8)
            addressField("value", 16)
            field("flags"); xlatValue(u64(24), Constants.bpfUpdateFlags, unknown: "BPF_???")
        case Constants.BPF_MAP_DELETE_ELEM:
            fdField("map_fd", 0)
            addressField("key", 8)
        case Constants.BPF_MAP_GET_NEXT_KEY:
            fdField("map_fd", 0)
            addressField("key", 8)
            addressField("next_key", 16)
        case Constants.BPF_MAP_FREEZE:
            fdField("map_fd", 0)
        case Constants.BPF_PROG_LOAD:
            field("prog_type"); xlatValue(UInt64(u32(0)), Constants.bpfProgramTypes, unknown: "BPF_PROG_TYPE_???")
            unsignedField("insn_cnt", 4)
            field("insns"); ebpfProgram(at: u64(8), count: UInt64(u32(4)))
            field("license"); appendCString(at: u64(16))
            guard length > 24 else { break }
            unsignedField("log_level", 24)
            unsignedField("log_size", 28)
            field("log_buf"); boundedString(at: u64(32), length: Int(u32(28)))
            guard length > 40 else { break }
            field("kern_version"); kernelVersionValue(u32(40))
            guard length > 44 else { break }
            field("prog_flags"); flagSet(UInt64(u32(44)), Constants.bpfProgramFlags, unknown: "BPF_F_???")
            guard length > 48 else { break }
            field("prog_name"); objectName(raw, at: 48, available: length - 48)
            guard length > 64 else { break }
            unsignedField("prog_ifindex", 64)
            guard length > 68 else { break }
            field("expected_attach_type"); xlatValue(UInt64(u32(68)), Constants.bpfAttachTypes, unknown: "BPF_???")
            guard length > 72 else { break }
            fdField("prog_btf_fd", 72)
            unsignedField("func_info_rec_size", 76)
            addressField("func_info", 80)
            unsignedField("func_info_cnt", 88)
            unsignedField("line_info_rec_size", 92)
            addressField("line_info", 96)
            unsignedField("line_info_cnt", 104)
            guard length > 108 else { break }
            unsignedField("attach_btf_id", 108)
            guard length > 112 else { break }
            fdField("attach_prog_fd", 112)
            guard length > 120 else { break }
            addressField("fd_array", 120)
        case Constants.BPF_OBJ_PIN, Constants.BPF_OBJ_GET:
            field("pathname"); pathValue(at: u64(0))
            fdField("bpf_fd", 8)
            guard length > 12 else { break }
            field("file_flags"); flagSet(UInt64(u32(12)), Constants.bpfFileModeFlags, unknown: "BPF_F_???")
        case Constants.BPF_PROG_ATTACH:
            fdField("target_fd", 0)
            fdField("attach_bpf_fd", 4)
            field("attach_type"); xlatValue(UInt64(u32(8)), Constants.bpfAttachTypes, unknown: "BPF_???")
            field("attach_flags"); flagSet(UInt64(u32(12)), Constants.bpfAttachFlags, unknown: "BPF_F_???")
            guard length > 16 else { break }
            fdField("replace_bpf_fd", 16)
        case Constants.BPF_PROG_DETACH:
            fdField("target_fd", 0)
            field("attach_type"); xlatValue(UInt64(u32(8)), Constants.bpfAttachTypes, unknown: "BPF_???")
        case _ where BPFDecoders.nextIdentifier.contains(command):
            unsignedField("start_id", 0)
            changedField("next_id", 4)
            guard length > 8 else { break }
            field("open_flags"); flagSet(UInt64(u32(8)), Constants.bpfFileModeFlags, unknown: "BPF_F_???")
        case Constants.BPF_PROG_GET_FD_BY_ID, Constants.BPF_MAP_GET_FD_BY_ID:
            unsignedField(command == Constants.BPF_PROG_GET_FD_BY_ID ? "prog_id" : "map_id", 0)
            unsignedField("next_id", 4)
            guard length > 8 else { break }
            field("open_flags"); flagSet(UInt64(u32(8)), Constants.bpfFileModeFlags, unknown: "BPF_F_???")
        case Constants.BPF_BTF_GET_FD_BY_ID:
            unsignedField("btf_id", 0)
        case Constants.BPF_LINK_GET_FD_BY_ID:
            unsignedField("link_id", 0)
        case Constants.BPF_BTF_LOAD:
            field("btf"); bufferValue(at: u64(0), length: UInt64(u32(16)))
            addressField("btf_log_buf", 8)
            unsignedField("btf_size", 16)
            unsignedField("btf_log_size", 20)
            unsignedField("btf_log_level", 24)
        case Constants.BPF_RAW_TRACEPOINT_OPEN:
            field("raw_tracepoint")
            beginStructure()
            field("name"); boundedString(at: u64(0), length: 128)
            fdField("prog_fd", 8)
            endStructure()
        case Constants.BPF_LINK_UPDATE:
            field("link_update")
            beginStructure()
            fdField("link_fd", 0)
            fdField("new_prog_fd", 4)
            let flags = UInt64(u32(8))
            field("flags"); flagSet(flags, Constants.bpfAttachFlags, unknown: "BPF_F_???")
            if flags & UInt64(Constants.BPF_F_REPLACE) != 0 { fdField("old_prog_fd", 12) }
            endStructure()
        case Constants.BPF_PROG_TEST_RUN:
            field("test")
            beginStructure()
            fdField("prog_fd", 0)
            unsignedField("retval", 4)
            unsignedField("data_size_in", 8)
            unsignedField("data_size_out", 12)
            addressField("data_in", 16)
            addressField("data_out", 24)
            unsignedField("repeat", 32)
            unsignedField("duration", 36)
            if length > 40 {
                unsignedField("ctx_size_in", 40)
                unsignedField("ctx_size_out", 44)
                addressField("ctx_in", 48)
                addressField("ctx_out", 56)
            }
            if length > 64 {
                field("flags"); flagSet(UInt64(u32(64)), Constants.bpfTestRunFlags, unknown: "BPF_F_???")
                unsignedField("cpu", 68)
            }
            if length > 72 { unsignedField("batch_size", 72) }
            endStructure()
        case _ where BPFDecoders.batches.contains(command):
            field("batch")
            beginStructure()
            if command == Constants.BPF_MAP_LOOKUP_BATCH || command == Constants.BPF_MAP_LOOKUP_AND_DELETE_BATCH {
                addressField("in_batch", 0)
                addressField("out_batch", 8)
            }
            addressField("keys", 16)
            if command != Constants.BPF_MAP_DELETE_BATCH { addressField("values", 24) }
            field("count"); unsignedValue(before)
            fdField("map_fd", 36)
            field("elem_flags"); flagSet(u64(40), Constants.bpfLookupFlags, unknown: "BPF_???")
            field("flags"); hexValue(u64(48))
            endStructure()
            endStructure(abbreviated: bpfExtraData(raw, size: size, known: known))
            // strace adds the count the kernel changed: ` => {batch={count=N}}`.
            let after = u32(32)
            if after != before {
                customValue(.unsigned(UInt64(after), .decimal)) { out in
                    out.append(" => {batch={count=")
                    out.append(decimal: after)
                    out.append("}}")
                }
            }
            return
        case Constants.BPF_PROG_QUERY:
            field("query")
            beginStructure()
            fdField("target_fd", 0)
            field("attach_type"); xlatValue(UInt64(u32(4)), Constants.bpfAttachTypes, unknown: "BPF_???")
            field("query_flags"); flagSet(UInt64(u32(8)), Constants.bpfQueryFlags, unknown: "BPF_F_QUERY_???")
            field("attach_flags"); flagSet(UInt64(u32(12)), Constants.bpfAttachFlags, unknown: "BPF_F_???")
            field("prog_ids")
            kernelArray(at: u64(16), count: UInt64(u32(24)), size: 4) { d, element in
                d.unsignedValue(Decoding.word(element, at: 0, as: UInt32.self))
            }
            field("prog_cnt")
            let after = u32(24)
            customValue(.unsigned(UInt64(after), .decimal)) { out in
                if before != after { out.append(decimal: before); out.append(" => ") }
                out.append(decimal: after)
            }
            endStructure()
        case Constants.BPF_TASK_FD_QUERY:
            field("task_fd_query")
            beginStructure()
            field("pid"); signedValue(Int32(bitPattern: u32(0)))
            if format.pidComm { out.appendPIDComm(Int64(Int32(bitPattern: u32(0)))) }
            fdField("fd", 4)
            unsignedField("flags", 8)
            changedField("buf_len", 12)
            field("buf"); boundedString(at: u64(16), length: Int(min(before, u32(12))))
            unsignedField("prog_id", 24)
            field("fd_type"); xlatValue(UInt64(u32(28)), Constants.bpfTaskDescriptorTypes, unknown: "BPF_FD_TYPE_???")
            field("probe_offset"); hexValue(u64(32))
            field("probe_addr"); hexValue(u64(40))
            endStructure()
        case Constants.BPF_OBJ_GET_INFO_BY_FD:
            // The info structure's address: strace decodes map and program
            // information only with -v (not yet here).
            field("info")
            beginStructure()
            fdField("bpf_fd", 0)
            changedField("info_len", 4)
            field("info")
            let descriptor = Int32(bitPattern: u32(0))
            if unabbreviated, isBPFMap(descriptor) {
                bpfMapInformation(at: u64(8), size: Int(u32(4)))
            } else {
                pointerValue(u64(8))
            }
            endStructure()
        case Constants.BPF_LINK_CREATE:
            field("link_create")
            beginStructure()
            fdField("prog_fd", 0)
            fdField("target_fd", 4)
            let attachType = Int64(u32(8))
            field("attach_type"); xlatValue(UInt64(attachType), Constants.bpfAttachTypes, unknown: "BPF_???")
            field("flags"); hexValue(UInt64(u32(12)))
            if length > 16 {
                switch attachType {
                case 0:
                    if u32(16) != 0 { unsignedField("target_btf_id", 16) }
                    known = 20
                case Constants.BPF_TRACE_ITER:
                    field("iter_info")
                    kernelArray(at: u64(16), count: UInt64(u32(24)), size: 4) { d, element in
                        d.beginStructure()
                        d.field("map")
                        d.beginStructure()
                        d.field("map_fd"); d.fdValue(Decoding.word(element, at: 0, as: Int32.self))
                        d.endStructure()
                        d.endStructure()
                    }
                    unsignedField("iter_info_len", 24)
                    known = 28
                case Constants.BPF_PERF_EVENT:
                    field("perf_event")
                    beginStructure()
                    field("bpf_cookie"); hexValue(u64(16))
                    endStructure()
                    known = 24
                case Constants.BPF_TRACE_KPROBE_MULTI:
                    field("kprobe_multi")
                    beginStructure()
                    field("flags"); flagSet(UInt64(u32(16)), Constants.bpfKprobeMultiFlags, unknown: "BPF_F_???")
                    let count = UInt64(u32(20))
                    unsignedField("cnt", 20)
                    field("syms")
                    kernelArray(at: u64(24), count: count, size: 8) { d, element in
                        d.appendCString(at: Decoding.word(element, at: 0, as: UInt64.self))
                    }
                    field("addrs")
                    kernelArray(at: u64(32), count: count, size: 8) { d, element in
                        d.hexValue(Decoding.word(element, at: 0, as: UInt64.self))
                    }
                    field("cookies")
                    kernelArray(at: u64(40), count: count, size: 8) { d, element in
                        d.hexValue(Decoding.word(element, at: 0, as: UInt64.self))
                    }
                    endStructure()
                    known = 48
                default:
                    known = 16
                }
            }
            endStructure()
        default:
            // Not decoded yet: strace prints these structures field by field.
            endStructure(abbreviated: true)
            return
        }
        endStructure(abbreviated: bpfExtraData(raw, size: size, known: known))
    }

    /// Whether the tracee's descriptor is a BPF map (its link `anon_inode:bpf-map`).
    func isBPFMap(_ descriptor: Int32) -> Bool {
        guard descriptor >= 0 else { return false }
        return (try? ProcFS.readLink("/proc/\(memory.pid)/fd/\(descriptor)")) == "anon_inode:bpf-map"
    }

    /// BPF_OBJ_GET_INFO_BY_FD's `struct bpf_map_info` (with -v), as far as
    /// `size` reaches; the address when it cannot be read.
    mutating func bpfMapInformation(at address: UInt64, size: Int) {
        let known = 88
        var bytes: [UInt8] = []
        guard size > 0, size <= 4096, address != 0,
              (try? memory.readExactly(from: address, count: size, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        if bytes.count < known { bytes += [UInt8](repeating: 0, count: known - bytes.count) }
        let raw = bytes[...]
        let length = min(size, known)
        func u32(_ offset: Int) -> UInt32 { Decoding.word(raw, at: offset) }
        beginStructure()
        defer { endStructure() }
        field("type"); xlatValue(UInt64(u32(0)), Constants.bpfMapTypes, unknown: "BPF_MAP_TYPE_???")
        for (name, offset) in [(StaticString("id"), 4), ("key_size", 8), ("value_size", 12), ("max_entries", 16)] {
            field(name); unsignedValue(u32(offset))
        }
        field("map_flags"); flagSet(UInt64(u32(20)), Constants.bpfMapFlags, unknown: "BPF_F_???")
        guard length > 24 else { return }
        field("name"); objectName(raw, at: 24, available: 16)
        guard length > 40 else { return }
        field("ifindex"); unsignedValue(u32(40))
        field("btf_vmlinux_value_type_id"); unsignedValue(u32(44))
        field("netns_dev"); deviceValue(Decoding.word(raw, at: 48, as: UInt64.self))
        field("netns_ino"); unsignedValue(Decoding.word(raw, at: 56, as: UInt64.self))
        guard length > 64 else { return }
        for (name, offset) in [(StaticString("btf_id"), 64), ("btf_key_type_id", 68), ("btf_value_type_id", 72)] {
            field(name); unsignedValue(u32(offset))
        }
        if bpfExtraData(raw, size: size, known: known) { textValue("...") }
    }

    /// A device number as strace's print_dev_t: `makedev(0x8, 0x1)`, by `-X`.
    mutating func deviceValue(_ device: UInt64) {
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        let style = format.constants
        customValue(.unsigned(device, .hexadecimal)) { out in
            if style != .abbrev { Decoding.appendHex(device, to: &out) }
            if style == .raw { return }
            if style == .verbose { out.append(" /* ") }
            out.append("makedev(")
            Decoding.appendHex(major, to: &out)
            out.append(", ")
            Decoding.appendHex(minor, to: &out)
            out.append(")")
            if style == .verbose { out.append(" */") }
        }
    }

    /// Bytes the caller passed past strace's structure, when any is nonzero:
    /// with -v `extra_data="\x..." /* bytes N..M */`, else true (the
    /// structure ends in `...`).
    mutating func bpfExtraData(_ raw: ArraySlice<UInt8>, size: Int, known: Int) -> Bool {
        guard size > known else { return false }
        let extra = raw[(raw.startIndex + known)..<(raw.startIndex + size)]
        guard extra.contains(where: { $0 != 0 }) else { return false }
        guard unabbreviated else { return true }
        field("extra_data")
        customValue(.string(store(extra), truncated: false)) { out in
            let digits: StaticString = "0123456789abcdef"
            out.append("\"")
            for byte in extra {
                out.append("\\x")
                out.append(byte: digits.utf8Start[Int(byte >> 4)])
                out.append(byte: digits.utf8Start[Int(byte & 0xf)])
            }
            out.append("\"")
        }
        comment { out in
            out.append("bytes ")
            out.append(decimal: known)
            out.append("..")
            out.append(decimal: size - 1)
        }
        return false
    }

    /// A name in a fixed-size array: quoted up to its NUL, `...` after the
    /// quote when it has none within `available` bytes.
    mutating func objectName(_ raw: ArraySlice<UInt8>, at offset: Int, available: Int) {
        let count = min(BPFDecoders.objectNameLength, available)
        let bytes = raw[(raw.startIndex + offset)..<(raw.startIndex + offset + count)]
        if let end = bytes.firstIndex(of: 0) {
            stringValue(bytes[..<end], truncated: false)
        } else {
            stringValue(bytes, truncated: true)
        }
    }

    /// A path at `address` (the whole string, or the address if unreadable).
    mutating func pathValue(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        if let read = try? memory.readCString(at: address, limit: 4096, into: &scratch) {
            stringValue(scratch, truncated: read.truncated)
        } else {
            unreadable(address)
        }
    }

    /// `KERNEL_VERSION(5, 10, 0)`, by `-X`.
    mutating func kernelVersionValue(_ version: UInt32) {
        let style = format.constants
        customValue(.unsigned(UInt64(version), .hexadecimal)) { out in
            if style != .abbrev { Decoding.appendHex(UInt64(version), to: &out) }
            if style == .raw { return }
            if style == .verbose { out.append(" /* ") }
            out.append("KERNEL_VERSION(")
            out.append(decimal: version >> 16)
            out.append(", ")
            out.append(decimal: (version >> 8) & 0xff)
            out.append(", ")
            out.append(decimal: version & 0xff)
            out.append(")")
            if style == .verbose { out.append(" */") }
        }
    }

    /// An eBPF program: its address unless -v, else its instructions
    /// (`{code=BPF_ALU64|BPF_K|BPF_MOV, dst_reg=BPF_REG_0, src_reg=BPF_REG_0, off=0, imm=0}`).
    mutating func ebpfProgram(at address: UInt64, count: UInt64) {
        guard unabbreviated else { pointerValue(address); return }
        let style = format.constants
        kernelArray(at: address, count: count, size: 8, limit: BPFDecoders.instructionsMaximum) { d, raw in
            let code = raw[raw.startIndex]
            let registers = raw[raw.startIndex + 1]
            d.beginStructure()
            d.field("code")
            d.customValue(.unsigned(UInt64(code), .hexadecimal)) { Decoding.appendFilterCode(UInt16(code), extended: true, style: style, to: &$0) }
            d.field("dst_reg"); d.xlatValue(UInt64(registers & 0xf), Constants.ebpfRegisters, unknown: "BPF_REG_???")
            d.field("src_reg"); d.xlatValue(UInt64(registers >> 4), Constants.ebpfRegisters, unknown: "BPF_REG_???")
            d.field("off"); d.signedValue(Decoding.word(raw, at: 2, as: Int16.self))
            d.field("imm"); d.hexValue(UInt64(Decoding.word(raw, at: 4, as: UInt32.self)))
            d.endStructure()
        }
    }
}
