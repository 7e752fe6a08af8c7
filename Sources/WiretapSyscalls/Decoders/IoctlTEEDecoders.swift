import WiretapCore

/// The TEE (trusted execution environment) ioctls (type 0xa4, strace's
/// tee.c): TEE_IOC_VERSION, the buffer-carrying OPEN_SESSION, INVOKE,
/// SUPPL_RECV and SUPPL_SEND (`{buf_len=N, buf_ptr={...}}`, ` => ` what came
/// back inside), CANCEL, CLOSE_SESSION and the shared memory requests
/// (SHM_ALLOC, SHM_REGISTER and the out-of-tree SHM_REGISTER_FD).
extension Decoding {
    /// TEE_IOC_SHM_REGISTER_FD, `_IOWR(0xa4, 8, struct tee_ioctl_shm_register_fd_data)`: not upstream, so not in the headers.
    static let teeShmRegisterFD: UInt32 = 3 << 30 | 32 << 16 | 0xa4 << 8 | 8

    /// The argument structure of a buffer-carrying request: its size and where its num_params is.
    static func teeBufferLayout(_ request: UInt32) -> (size: Int, numParams: Int)? {
        typealias R = IoctlRequest
        switch request {
        case R.TEE_IOC_OPEN_SESSION: return (56, 52)
        case R.TEE_IOC_INVOKE: return (24, 20)
        case R.TEE_IOC_SUPPL_RECV, R.TEE_IOC_SUPPL_SEND: return (8, 4)
        default: return nil
        }
    }

    mutating func teeEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        if let layout = Self.teeBufferLayout(request) {
            next()
            guard let data = teeFetch(address, size: layout.size, numParams: layout.numParams, exiting: false) else {
                return .done()
            }
            let b = data.bytes
            beginStructure()
            field("buf_len"); unsignedValue(data.length)
            field("buf_ptr")
            beginStructure()
            switch request {
            case R.TEE_IOC_OPEN_SESSION:
                field("uuid"); teeUUID(b[0..<16])
                let login = Self.u32(b, 32)
                field("clnt_login")
                Self.xlatField(&self, UInt64(login), Constants.teeLoginTypes, unknown: "TEE_IOCTL_LOGIN_???")
                switch Int64(login) {
                case Constants.TEE_IOCTL_LOGIN_PUBLIC, Constants.TEE_IOCTL_LOGIN_USER, Constants.TEE_IOCTL_LOGIN_APPLICATION,
                     Constants.TEE_IOCTL_LOGIN_USER_APPLICATION:
                    break
                case Constants.TEE_IOCTL_LOGIN_GROUP, Constants.TEE_IOCTL_LOGIN_GROUP_APPLICATION:
                    let gid = Self.u32(b, 16)
                    field("clnt_uuid")
                    if gid == UInt32.max { signedValue(-1) } else { unsignedValue(gid) }
                default:
                    field("clnt_uuid")
                    beginArray()
                    for index in 16..<32 { hexValue(UInt64(b[index])) }
                    endArray()
                }
                field("cancel_id"); unsignedValue(Self.u32(b, 36))
                field("num_params"); unsignedValue(Self.u32(b, 52))
            case R.TEE_IOC_INVOKE:
                field("func"); unsignedValue(Self.u32(b, 0))
                field("session"); hexValue(UInt64(Self.u32(b, 4)))
                field("cancel_id"); unsignedValue(Self.u32(b, 8))
                field("num_params"); unsignedValue(Self.u32(b, 20))
            case R.TEE_IOC_SUPPL_RECV:
                field("func"); unsignedValue(Self.u32(b, 0))
                field("num_params"); unsignedValue(Self.u32(b, 4))
            default:
                field("num_params"); unsignedValue(Self.u32(b, 4))
            }
            field("params"); teeParams(at: data.params, count: Self.u32(b, layout.numParams))
            endStructure()
            return .continuesAtExit
        }
        switch request {
        case R.TEE_IOC_VERSION:
            return .atExit
        case R.TEE_IOC_CANCEL:
            next()
            guard let b = structureBytes(at: address, count: 8) else { return .done() }
            beginStructure()
            field("cancel_id"); unsignedValue(Self.u32(b, 0))
            field("session"); hexValue(UInt64(Self.u32(b, 4)))
            endStructure()
            return .done()
        case R.TEE_IOC_CLOSE_SESSION:
            next()
            guard let b = structureBytes(at: address, count: 4) else { return .done() }
            beginStructure()
            field("session"); hexValue(UInt64(Self.u32(b, 0)))
            endStructure()
            return .done()
        case R.TEE_IOC_SHM_ALLOC:
            next()
            guard let b = structureBytes(at: address, count: 16) else { return .done() }
            beginOffsetPair()
            beginStructure()
            field("size"); hexValue(Self.uint64(b, 0))
            field("flags"); flagsValue(UInt64(Self.u32(b, 8)), Constants.teeShmFlags, unknown: "TEE_IOCTL_SHM_???")
            endStructure()
            return .continuesAtExit
        case Self.teeShmRegisterFD:
            next()
            guard let b = structureBytes(at: address, count: 32) else { return .done() }
            beginOffsetPair()
            beginStructure()
            field("fd"); fdValue(Int32(truncatingIfNeeded: Self.uint64(b, 0)))
            field("flags"); flagsValue(UInt64(Self.u32(b, 16)), Constants.teeShmFlags, unknown: "TEE_IOCTL_SHM_???")
            endStructure()
            return .continuesAtExit
        case R.TEE_IOC_SHM_REGISTER:
            next()
            guard let b = structureBytes(at: address, count: 24) else { return .done() }
            beginOffsetPair()
            beginStructure()
            field("addr"); pointerValue(Self.uint64(b, 0))
            field("length"); hexValue(Self.uint64(b, 8))
            field("flags"); flagsValue(UInt64(Self.u32(b, 16)), Constants.teeShmFlags, unknown: "TEE_IOCTL_SHM_???")
            endStructure()
            return .continuesAtExit
        default:
            return nil
        }
    }

    mutating func teeExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        if let layout = Self.teeBufferLayout(request) {
            resumeArgument()
            guard !failed else { endStructure(); return .decimal }
            insertChangedBeforeLastValue()
            out.append(" => ")
            guard let data = teeFetch(address, size: layout.size, numParams: layout.numParams, exiting: true) else {
                // strace leaves the outer structure open here; the values are closed all the same.
                record(.endChanged)
                record(.endStructure(abbreviated: false))
                return .decimal
            }
            let b = data.bytes
            beginStructure()
            switch request {
            case R.TEE_IOC_OPEN_SESSION:
                field("session"); hexValue(UInt64(Self.u32(b, 40)))
                field("ret"); unsignedValue(Self.u32(b, 44))
                field("ret_origin")
                Self.xlatField(&self, UInt64(Self.u32(b, 48)), Constants.teeOrigins, unknown: "TEEC_ORIGIN_???")
            case R.TEE_IOC_INVOKE:
                field("ret"); unsignedValue(Self.u32(b, 12))
                field("ret_origin")
                Self.xlatField(&self, UInt64(Self.u32(b, 16)), Constants.teeOrigins, unknown: "TEEC_ORIGIN_???")
            case R.TEE_IOC_SUPPL_RECV:
                field("num_params"); unsignedValue(Self.u32(b, 4))
            default:
                field("ret"); unsignedValue(Self.u32(b, 0))
            }
            field("params"); teeParams(at: data.params, count: Self.u32(b, layout.numParams))
            endStructure()
            record(.endChanged)
            endStructure()
            return .decimal
        }
        switch request {
        case R.TEE_IOC_VERSION:
            next()
            if failed, address != 0 { pointerValue(address); return .decimal }
            guard let b = structureBytes(at: address, count: 12) else { return .decimal }
            let implementation = Self.u32(b, 0)
            beginStructure()
            field("impl_id")
            Self.xlatField(&self, UInt64(implementation), Constants.teeImplementations, unknown: "TEE_IMPL_ID_???")
            field("gen_caps"); flagsValue(UInt64(Self.u32(b, 8)), Constants.teeGeneralCaps, unknown: "TEE_GEN_CAP_???")
            field("impl_caps")
            if Int64(implementation) == Constants.TEE_IMPL_ID_OPTEE {
                flagsValue(UInt64(Self.u32(b, 4)), Constants.teeOpteeCaps, unknown: "TEE_OPTEE_CAP_???")
            } else {
                hexValue(UInt64(Self.u32(b, 4)))
            }
            endStructure()
            return .decimal
        case R.TEE_IOC_SHM_ALLOC, Self.teeShmRegisterFD, R.TEE_IOC_SHM_REGISTER:
            resumeArgument()
            defer { endOffsetPair() }
            guard !failed else { return .decimal }
            offsetPairSeparator()
            let size = request == R.TEE_IOC_SHM_ALLOC ? 16 : request == R.TEE_IOC_SHM_REGISTER ? 24 : 32
            guard let b = structureBytes(at: address, count: size) else { return .decimal }
            beginStructure()
            switch request {
            case R.TEE_IOC_SHM_ALLOC:
                field("size"); hexValue(Self.uint64(b, 0))
                field("flags"); flagsValue(UInt64(Self.u32(b, 8)), Constants.teeShmFlags, unknown: "TEE_IOCTL_SHM_???")
                field("id"); signedValue(Self.int32(b, 12))
            case R.TEE_IOC_SHM_REGISTER:
                field("length"); hexValue(Self.uint64(b, 8))
                field("flags"); flagsValue(UInt64(Self.u32(b, 16)), Constants.teeShmFlags, unknown: "TEE_IOCTL_SHM_???")
                field("id"); signedValue(Self.int32(b, 20))
            default:
                field("size"); hexValue(Self.uint64(b, 8))
                field("id"); signedValue(Self.int32(b, 24))
            }
            endStructure()
            return .decimal
        default:
            return nil
        }
    }



    /// strace's tee_fetch_buf_data: the `struct tee_ioctl_buf_data` at
    /// `address` and the argument structure it points at, with where the
    /// parameters start (0 when there are none); nil after printing the
    /// address or `{buf_len=N, buf_ptr=...}` when they cannot be used.
    mutating func teeFetch(_ address: UInt64, size: Int, numParams: Int, exiting: Bool)
        -> (length: UInt64, bytes: [UInt8], params: UInt64)? {
        guard let header = structureBytes(at: address, count: 16) else { return nil }
        let pointer = Self.uint64(header, 0), length = Self.uint64(header, 8)
        var bytes: [UInt8] = []
        guard length <= UInt64(Constants.TEE_MAX_ARG_SIZE), length >= UInt64(size),
              (try? memory.readExactly(from: pointer, count: size, into: &bytes, structure: true)) != nil,
              exiting || UInt64(size) + 32 * UInt64(Self.u32(bytes, numParams)) == length
        else {
            teeBuffer(length: length, pointer: pointer)
            return nil
        }
        let count = Self.u32(bytes, numParams)
        return (length, bytes, count != 0 ? pointer &+ UInt64(size) : 0)
    }

    /// `{buf_len=N, buf_ptr=0x...}`.
    mutating func teeBuffer(length: UInt64, pointer: UInt64) {
        beginStructure()
        field("buf_len"); unsignedValue(length)
        field("buf_ptr"); pointerValue(pointer)
        endStructure()
    }

    /// A UUID as strace prints one: `01234567-89ab-cdef-0123-456789abcdef`, recorded as its bytes.
    mutating func teeUUID(_ bytes: ArraySlice<UInt8>) {
        customValue(.string(store(bytes), truncated: false)) { out in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append("-") }
                out.append(byte: Self.hexDigits[Int(byte >> 4)])
                out.append(byte: Self.hexDigits[Int(byte & 15)])
            }
        }
    }

    /// The `struct tee_ioctl_param` array (32 bytes each), as strace's print_array.
    mutating func teeParams(at address: UInt64, count: UInt32) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let (size, overflow) = UInt64(count).multipliedReportingOverflow(by: 32)
        guard !overflow, address &+ size > address else { pointerValue(address); return }
        let shownLimit = !unabbreviated && format.stringLimit < Int(count) ? format.stringLimit : Int(count)
        var b: [UInt8] = []
        for index in 0..<Int(count) {
            let element = address &+ UInt64(index * 32)
            guard (try? memory.readExactly(from: element, count: 32, into: &b, structure: true)) != nil else {
                if index == 0 { unreadable(element); return }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                endArray()
                return
            }
            if index == 0 { beginArray() }
            if index >= shownLimit { endArray(cut: true); return }
            teeParam(b)
        }
        endArray()
    }

    /// `{attr=TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, a=0x1, b=0x2, c=0x3}`
    /// (`shm_offs`, `size`, `shm_id` for a memory reference).
    mutating func teeParam(_ b: [UInt8]) {
        let attribute = Self.uint64(b, 0)
        let meta = UInt64(Constants.TEE_IOCTL_PARAM_ATTR_META)
        let style = format.constants
        beginStructure()
        field("attr")
        let write: (inout OutputBuffer, StraceFormat.ConstantStyle) -> Void = { out, style in
            Self.sgAppendXlat(attribute & ~meta, Constants.teeParamTypes, unknown: "TEE_IOCTL_PARAM_ATTR_", style: style,
                              to: &out)
            if attribute & meta != 0 { out.append("|TEE_IOCTL_PARAM_ATTR_META") }
        }
        let span = storeText { write(&$0, .abbrev) }
        customValue(.flags(attribute, span)) { write(&$0, style) }
        switch Int64(bitPattern: attribute) {
        case Constants.TEE_IOCTL_PARAM_ATTR_TYPE_NONE:
            break
        case Constants.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, Constants.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT,
             Constants.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
            field("shm_offs"); hexValue(Self.uint64(b, 8))
            field("size"); hexValue(Self.uint64(b, 16))
            field("shm_id"); unsignedValue(Self.uint64(b, 24))
        default:
            field("a"); hexValue(Self.uint64(b, 8))
            field("b"); hexValue(Self.uint64(b, 16))
            field("c"); hexValue(Self.uint64(b, 24))
        }
        endStructure()
    }
}
