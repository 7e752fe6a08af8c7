import WiretapCore

/// The SCSI generic ioctls (type 0x22, strace's scsi.c, sg_io_v3.c,
/// sg_io_v4.c, print_sg_req_info.c): SG_IO's `struct sg_io_hdr` ('S', the
/// i386 layout for 32-bit tracees) and `struct sg_io_v4` ('Q'), what was
/// asked at entry and what came back at exit (printed whether or not the
/// call failed, as strace does); SG_GET_SCSI_ID, SG_GET_REQUEST_TABLE,
/// SG_SCSI_RESET and the int-valued SG_* requests.
extension Decoding {
    /// Field offsets of `struct sg_io_hdr` in the tracee's ABI.
    struct SGIOHeaderLayout {
        let size: Int, dxferp: Int, cmdp: Int, sbp: Int, timeout: Int, flags: Int
        let status: Int, hostStatus: Int, resid: Int, duration: Int, info: Int, pointer: Int
        static let lp64 = SGIOHeaderLayout(size: 88, dxferp: 16, cmdp: 24, sbp: 32, timeout: 40, flags: 44,
                                           status: 64, hostStatus: 68, resid: 72, duration: 76, info: 80, pointer: 8)
        static let i386 = SGIOHeaderLayout(size: 64, dxferp: 16, cmdp: 20, sbp: 24, timeout: 28, flags: 32,
                                           status: 44, hostStatus: 48, resid: 52, duration: 56, info: 60, pointer: 4)
    }

    /// SG_GET_ACCESS_COUNT, `_IO(0x22, 0x89)` in the kernel's scsi/sg.h (glibc's copy lacks it).
    static let sgGetAccessCount: UInt32 = 0x22 << 8 | 0x89

    var sgLayout: SGIOHeaderLayout { is32Bit ? .i386 : .lp64 }


    func sgPointer(_ b: [UInt8], _ offset: Int) -> UInt64 {
        is32Bit ? UInt64(Self.u32(b, offset)) : Self.uint64(b, offset)
    }

    mutating func scsiEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.SG_IO:
            next()
            guard address != 0 else { pointerValue(0); return .done() }
            guard let interface = try? memory.load(UInt32.self, from: address) else { unreadable(address); return .done() }
            switch interface {
            case UInt32(UInt8(ascii: "S")): return sgIOv3Request(at: address)
            case UInt32(UInt8(ascii: "Q")): return sgIOv4Request(at: address)
            default:
                beginArray(); unsignedValue(interface); endArray()
                return .done()
            }
        case R.SG_GET_SCSI_ID, R.SG_GET_REQUEST_TABLE, R.SG_EMULATED_HOST, Self.sgGetAccessCount, R.SG_GET_COMMAND_Q,
             R.SG_GET_KEEP_ORPHAN, R.SG_GET_LOW_DMA, R.SG_GET_NUM_WAITING, R.SG_GET_PACK_ID, R.SG_GET_RESERVED_SIZE,
             R.SG_GET_SG_TABLESIZE, R.SG_GET_TRANSFORM, R.SG_GET_VERSION_NUM:
            return .atExit
        case R.SG_SCSI_RESET:
            next()
            guard address != 0 else { pointerValue(0); return .done() }
            guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return .done() }
            beginArray()
            sgResetValue(value)
            endArray()
            return .done()
        case R.SG_NEXT_CMD_LEN, R.SG_SET_COMMAND_Q, R.SG_SET_DEBUG, R.SG_SET_FORCE_LOW_DMA, R.SG_SET_FORCE_PACK_ID,
             R.SG_SET_KEEP_ORPHAN, R.SG_SET_RESERVED_SIZE, R.SG_SET_TIMEOUT:
            next()
            integer(.int32, at: address)
            return .done()
        case R.SG_SET_TRANSFORM:
            next()
            hexValue(UInt64(UInt32(truncatingIfNeeded: address)))
            return .done()
        case R.SG_GET_TIMEOUT:
            return .done()
        default:
            return nil
        }
    }

    mutating func scsiExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.SG_IO:
            resumeArgument()
            if saved == 1 { sgIOv3Response(at: address) } else { sgIOv4Response(at: address) }
            endStructure()
        case R.SG_GET_SCSI_ID:
            next()
            guard let b = structureBytes(at: address, count: 32, exitOnly: true) else { return .decimal }
            beginStructure()
            field("host_no"); signedValue(Self.int32(b, 0))
            field("channel"); signedValue(Self.int32(b, 4))
            field("scsi_id"); hexValue(UInt64(Self.u32(b, 8)))
            field("lun"); signedValue(Self.int32(b, 12))
            field("scsi_type"); hexValue(UInt64(Self.u32(b, 16)))
            field("h_cmd_per_lun"); signedValue(Int16(bitPattern: Self.u16(b, 20)))
            field("d_queue_depth"); signedValue(Int16(bitPattern: Self.u16(b, 22)))
            endStructure()
        case R.SG_GET_REQUEST_TABLE:
            next()
            guard let b = structureBytes(at: address, count: is32Bit ? 20 : 24, exitOnly: true) else { return .decimal }
            beginStructure()
            field("req_state"); signedValue(Int8(bitPattern: b[0]))
            field("orphan"); signedValue(Int8(bitPattern: b[1]))
            field("sg_io_owned"); signedValue(Int8(bitPattern: b[2]))
            field("problem"); signedValue(Int8(bitPattern: b[3]))
            field("pack_id"); signedValue(Self.int32(b, 4))
            field("usr_ptr"); pointerValue(sgPointer(b, 8))
            field("duration"); unsignedValue(Self.u32(b, is32Bit ? 12 : 16))
            endStructure()
        default:
            next()
            if failed, address != 0 { pointerValue(address) } else { integer(.int32, at: address) }
        }
        return .decimal
    }


    /// `SG_SCSI_RESET_NO_ESCALATE|SG_SCSI_RESET_DEVICE`: the no-escalate bit, then the reset type.
    mutating func sgResetValue(_ value: UInt32) {
        let style = format.constants
        let escalate = UInt32(Constants.SG_SCSI_RESET_NO_ESCALATE)
        let write: (inout OutputBuffer, StraceFormat.ConstantStyle) -> Void = { out, style in
            if value & escalate != 0 {
                Self.sgAppendXlat(UInt64(escalate), Constants.sgSCSIResets, unknown: nil, style: style, to: &out)
                out.append("|")
            }
            Self.sgAppendXlat(UInt64(value & ~escalate), Constants.sgSCSIResets, unknown: "SG_SCSI_RESET_???", style: style,
                            to: &out)
        }
        let span = storeText { write(&$0, .abbrev) }
        customValue(.flags(UInt64(value), span)) { write(&$0, style) }
    }

    /// strace's printxval text: the name, the number under -X raw, both under
    /// -X verbose; an unknown value in hexadecimal with `unknown` commented.
    static func sgAppendXlat(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?,
                           style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        // A negative entry (SG_DXFER_NONE is -1) matches its 32-bit pattern too.
        let name = table.first {
            UInt64(bitPattern: $0.value) == value || ($0.value < 0 && UInt64(UInt32(truncatingIfNeeded: $0.value)) == value)
        }?.name
        if name == nil || style != .abbrev {
            if value == 0 { out.append("0") } else { out.append(hex: value) }
        }
        guard style != .raw else { return }
        if let name {
            if style == .verbose { out.append(" /* ") }
            out.append(name)
            if style == .verbose { out.append(" */") }
        } else if let unknown {
            out.append(" /* ")
            out.append(unknown)
            out.append(" */")
        }
    }

    /// A data buffer: the iovec array when `iovecCount` is nonzero, else the bytes in hexadecimal.
    mutating func sgBuffer(at address: UInt64, size: UInt32, iovecCount: UInt32) {
        if iovecCount != 0 {
            iovecArray(at: address, count: UInt64(iovecCount), data: Int(size))
        } else {
            sgHexBytes(at: address, count: Int(size))
        }
    }

    /// strace's printstr_ex(QUOTE_FORCE_HEX): reads -s + 1 bytes (when the
    /// buffer has them), prints -s of them.
    mutating func sgHexBytes(at address: UInt64, count: Int) {
        guard address != 0 else { pointerValue(0); return }
        let limit = format.stringLimit
        let read = min(count, limit < Int.max ? limit + 1 : Int.max)
        guard (try? memory.readExactly(from: address, count: read, into: &scratch)) != nil else { unreadable(address); return }
        let shown = min(count, limit)
        stringValue(scratch.prefix(shown), truncated: count > shown, style: .hexAll)
    }

    /// `'S'` or `'Q'`, recorded as the number.
    mutating func sgInterfaceID(_ letter: UInt8) {
        let span = storeText { $0.append(byte: letter) }
        customValue(.constant(Int64(letter), span)) { out in
            out.append("'")
            out.append(byte: letter)
            out.append("'")
        }
    }

    /// The sg_io_hdr request: `{interface_id='S', dxfer_direction=..., ..., flags=...` (continued at exit).
    mutating func sgIOv3Request(at address: UInt64) -> EntryResult {
        let layout = sgLayout
        beginStructure()
        field("interface_id"); sgInterfaceID(UInt8(ascii: "S"))
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address &+ 4, count: layout.size - 4, into: &b, structure: true)) != nil else {
            out.append(", ")
            unreadable(address &+ 4)
            endStructure()
            return .done()
        }
        b.insert(contentsOf: [0x53, 0, 0, 0], at: 0)
        let direction = Self.int32(b, 4)
        let commandLength = b[8], iovecCount = Self.u16(b, 10), transferLength = Self.u32(b, 12)
        field("dxfer_direction")
        Self.xlatField(&self, UInt64(UInt32(bitPattern: direction)), Constants.sgDxferDirections, unknown: "SG_DXFER_???")
        field("cmd_len"); unsignedValue(commandLength)
        field("cmdp"); sgBuffer(at: sgPointer(b, layout.cmdp), size: UInt32(commandLength), iovecCount: 0)
        field("mx_sb_len"); unsignedValue(b[9])
        field("iovec_count"); unsignedValue(iovecCount)
        field("dxfer_len"); unsignedValue(transferLength)
        field("timeout"); unsignedValue(Self.u32(b, layout.timeout))
        field("flags"); flagsValue(UInt64(Self.u32(b, layout.flags)), Constants.sgIOFlags, unknown: "SG_FLAG_???")
        if Int64(direction) == Constants.SG_DXFER_TO_DEV || Int64(direction) == Constants.SG_DXFER_TO_FROM_DEV {
            field("dxferp")
            sgBuffer(at: sgPointer(b, layout.dxferp), size: transferLength, iovecCount: UInt32(iovecCount))
        }
        saved = 1
        return .continuesAtExit
    }

    /// printxval for a field: a value by name in the `-X` style.
    static func xlatField(_ d: inout Decoding, _ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let style = d.format.constants
        let span = d.storeText { sgAppendXlat(value, table, unknown: unknown, style: .abbrev, to: &$0) }
        d.customValue(.constant(Int64(bitPattern: value), span)) { sgAppendXlat(value, table, unknown: unknown, style: style, to: &$0) }
    }

    /// The sg_io_hdr response: `, status=0, ..., info=0}`.
    mutating func sgIOv3Response(at address: UInt64) {
        let layout = sgLayout
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: layout.size, into: &b, structure: true)) != nil else { return }
        let interface = Self.u32(b, 0)
        guard interface == UInt32(UInt8(ascii: "S")) else {
            out.append(" => ")
            continuedField("interface_id"); unsignedValue(interface)
            return
        }
        let direction = Int64(Self.int32(b, 4))
        let iovecCount = UInt32(Self.u16(b, 10)), transferLength = Self.u32(b, 12)
        let resid = Self.int32(b, layout.resid)
        if direction == Constants.SG_DXFER_FROM_DEV || direction == Constants.SG_DXFER_TO_FROM_DEV {
            var inLength = transferLength
            if resid > 0 && UInt32(resid) <= inLength { inLength -= UInt32(resid) }
            if direction == Constants.SG_DXFER_FROM_DEV {
                continuedField("dxferp")
                sgBuffer(at: sgPointer(b, layout.dxferp), size: inLength, iovecCount: iovecCount)
            } else if inLength != 0 {
                uffdChangedValue { d in
                    d.out.append("dxferp=")
                    d.sgBuffer(at: d.sgPointer(b, layout.dxferp), size: inLength, iovecCount: iovecCount)
                }
            }
        }
        let senseLength = b[layout.status + 3]
        continuedField("status"); hexValue(UInt64(b[layout.status]))
        continuedField("masked_status"); hexValue(UInt64(b[layout.status + 1]))
        continuedField("msg_status"); hexValue(UInt64(b[layout.status + 2]))
        continuedField("sb_len_wr"); unsignedValue(senseLength)
        continuedField("sbp"); sgBuffer(at: sgPointer(b, layout.sbp), size: UInt32(senseLength), iovecCount: 0)
        continuedField("host_status"); hexValue(UInt64(Self.u16(b, layout.hostStatus)))
        continuedField("driver_status"); hexValue(UInt64(Self.u16(b, layout.hostStatus + 2)))
        continuedField("resid"); signedValue(resid)
        continuedField("duration"); unsignedValue(Self.u32(b, layout.duration))
        continuedField("info"); flagsValue(UInt64(Self.u32(b, layout.info)), Constants.sgIOInfo, unknown: "SG_INFO_???")
    }

    /// The sg_io_v4 request: `{guard='Q', protocol=..., ..., usr_ptr=...` (continued at exit).
    mutating func sgIOv4Request(at address: UInt64) -> EntryResult {
        beginStructure()
        field("guard"); sgInterfaceID(UInt8(ascii: "Q"))
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address &+ 4, count: 156, into: &b, structure: true)) != nil else {
            out.append(", ")
            unreadable(address &+ 4)
            endStructure()
            return .done()
        }
        b.insert(contentsOf: [0x51, 0, 0, 0], at: 0)
        field("protocol")
        Self.xlatField(&self, UInt64(Self.u32(b, 4)), Constants.bsgProtocols, unknown: "BSG_PROTOCOL_???")
        field("subprotocol")
        Self.xlatField(&self, UInt64(Self.u32(b, 8)), Constants.bsgSubprotocols, unknown: "BSG_SUB_PROTOCOL_???")
        let requestLength = Self.u32(b, 12)
        field("request_len"); unsignedValue(requestLength)
        field("request"); sgBuffer(at: Self.uint64(b, 16), size: requestLength, iovecCount: 0)
        field("request_tag"); hexValue(Self.uint64(b, 24))
        field("request_attr"); unsignedValue(Self.u32(b, 32))
        field("request_priority"); unsignedValue(Self.u32(b, 36))
        field("request_extra"); unsignedValue(Self.u32(b, 40))
        field("max_response_len"); unsignedValue(Self.u32(b, 44))
        let outCount = Self.u32(b, 56), outLength = Self.u32(b, 60)
        field("dout_iovec_count"); unsignedValue(outCount)
        field("dout_xfer_len"); unsignedValue(outLength)
        field("din_iovec_count"); unsignedValue(Self.u32(b, 64))
        field("din_xfer_len"); unsignedValue(Self.u32(b, 68))
        field("dout_xferp"); sgBuffer(at: Self.uint64(b, 72), size: outLength, iovecCount: outCount)
        field("timeout"); unsignedValue(Self.u32(b, 88))
        field("flags"); flagsValue(UInt64(Self.u32(b, 92)), Constants.bsgFlags, unknown: "BSG_FLAG_???")
        field("usr_ptr"); hexValue(Self.uint64(b, 96))
        saved = 2
        return .continuesAtExit
    }

    /// The sg_io_v4 response: `, response_len=..., ..., generated_tag=...}`.
    mutating func sgIOv4Response(at address: UInt64) {
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 160, into: &b, structure: true)) != nil else { return }
        let guardValue = Self.u32(b, 0)
        guard guardValue == UInt32(UInt8(ascii: "Q")) else {
            out.append(" => ")
            continuedField("guard"); unsignedValue(guardValue)
            return
        }
        let responseLength = Self.u32(b, 132)
        continuedField("response_len"); unsignedValue(responseLength)
        continuedField("response"); sgBuffer(at: Self.uint64(b, 48), size: responseLength, iovecCount: 0)
        var inLength = Self.u32(b, 68)
        let inResid = Self.int32(b, 136)
        if inResid > 0 && UInt32(inResid) <= inLength { inLength -= UInt32(inResid) }
        continuedField("din_xferp"); sgBuffer(at: Self.uint64(b, 80), size: inLength, iovecCount: Self.u32(b, 64))
        continuedField("driver_status"); hexValue(UInt64(Self.u32(b, 108)))
        continuedField("transport_status"); hexValue(UInt64(Self.u32(b, 112)))
        continuedField("device_status"); hexValue(UInt64(Self.u32(b, 116)))
        continuedField("retry_delay"); unsignedValue(Self.u32(b, 120))
        continuedField("info"); flagsValue(UInt64(Self.u32(b, 124)), Constants.sgIOInfo, unknown: "SG_INFO_???")
        continuedField("duration"); unsignedValue(Self.u32(b, 128))
        continuedField("response_len"); unsignedValue(responseLength)
        continuedField("din_resid"); signedValue(inResid)
        continuedField("dout_resid"); signedValue(Self.int32(b, 140))
        continuedField("generated_tag"); hexValue(Self.uint64(b, 144))
    }
}
