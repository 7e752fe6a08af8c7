import WiretapCore

/// The Video4Linux2 ioctls (type byte 'V'), as strace 6.1's v4l2.c decodes
/// them: the structure the caller passes, printed in part at entry and
/// completed at exit (`{type=V4L2_BUF_TYPE_VIDEO_CAPTURE, index=0, memory=...}`),
/// or as `{...} => {...}` where the kernel writes back what the caller set.
/// A 32-bit tracee's structures with longs or pointers have other layouts
/// and sizes, so other request codes: read as strace's m32 build does.
enum IoctlV4L2 {
    typealias R = IoctlRequest

    /// The requests whose structure has another size on i386 (longs,
    /// pointers, 4-byte aligned 64-bit fields), with that size; v4l2_buffer's
    /// as strace reads it, with a 64-bit timeval.
    static let i386Sizes: [(UInt32, UInt32)] = [
        (R.VIDIOC_G_FMT, 204), (R.VIDIOC_S_FMT, 204), (R.VIDIOC_TRY_FMT, 204),
        (R.VIDIOC_QUERYBUF, 76), (R.VIDIOC_QBUF, 76), (R.VIDIOC_DQBUF, 76),
        (R.VIDIOC_G_FBUF, 44), (R.VIDIOC_S_FBUF, 44), (R.VIDIOC_ENUMSTD, 64), (R.VIDIOC_ENUMINPUT, 76),
        (R.VIDIOC_G_EXT_CTRLS, 24), (R.VIDIOC_S_EXT_CTRLS, 24), (R.VIDIOC_TRY_EXT_CTRLS, 24),
        (R.VIDIOC_CREATE_BUFS, 248),
    ]

    static let decoder = IoctlFamilyDecoder(entry: { d, request in d.v4l2Entry(request) },
                                            exit: { d, request in d.v4l2Exit(request) })
}

// MARK: - Dispatch

extension Decoding {
    /// The argument at entry; nil for a request strace leaves in hexadecimal.
    mutating func v4l2Entry(_ code: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        // strace's `-e verbose=` off for the call: the argument in hexadecimal.
        guard memory.dereferences, let request = v4l2NativeRequest(code) else { return nil }
        let wide = !is32Bit
        let address = arg(2)
        switch request {
        case R.VIDIOC_QUERYCAP, R.VIDIOC_G_FBUF, R.VIDIOC_G_STD, R.VIDIOC_G_INPUT:
            return .atExit
        case R.VIDIOC_ENUM_FMT:
            next()
            guard let b = v4l2Read(address, 64) else { return .done() }
            beginStructure()
            field("index"); unsignedValue(Self.u32(b, 0))
            field("type"); v4l2BufferType(Self.u32(b, 4))
            return .continuesAtExit
        case R.VIDIOC_G_FMT, R.VIDIOC_S_FMT, R.VIDIOC_TRY_FMT:
            next()
            let isGet = request == R.VIDIOC_G_FMT
            guard let b = v4l2Read(address, wide ? 208 : 204) else { return .done() }
            if !isGet { v4l2MarkPair(payload: 0) }
            beginStructure()
            let type = Self.u32(b, 0)
            field("type"); v4l2BufferType(type)
            if isGet { return .continuesAtExit }
            guard v4l2FormatUnion(type: type, b, at: wide ? 8 : 4) else {
                endStructure()
                v4l2ResolvePair(used: false)
                return .done()
            }
            return .continuesAtExit
        case R.VIDIOC_REQBUFS:
            next()
            guard let b = v4l2Read(address, 20) else { return .done() }
            beginStructure()
            field("type"); v4l2BufferType(Self.u32(b, 4))
            field("memory"); namedValue(Int64(Self.u32(b, 8)), Constants.v4l2Memories, unknown: "V4L2_MEMORY_???")
            field("count")
            v4l2MarkPair(payload: 0)
            unsignedValue(Self.u32(b, 0))
            return .continuesAtExit
        case R.VIDIOC_QUERYBUF, R.VIDIOC_QBUF, R.VIDIOC_DQBUF:
            next()
            guard let b = v4l2Read(address, wide ? 88 : 76) else { return .done() }
            beginStructure()
            field("type"); v4l2BufferType(Self.u32(b, 4))
            if request != R.VIDIOC_DQBUF { field("index"); unsignedValue(Self.u32(b, 0)) }
            return .continuesAtExit
        case R.VIDIOC_S_FBUF:
            next()
            v4l2Framebuffer(at: address)
            return .done()
        case R.VIDIOC_STREAMON, R.VIDIOC_STREAMOFF:
            next()
            guard let b = v4l2Read(address, 4) else { return .done() }
            beginArray()
            v4l2BufferType(Self.u32(b, 0))
            endArray()
            return .done()
        case R.VIDIOC_G_PARM, R.VIDIOC_S_PARM:
            next()
            let isGet = request == R.VIDIOC_G_PARM
            guard let b = v4l2Read(address, 204) else { return .done() }
            let type = Int64(Self.u32(b, 0))
            let known = type == Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE || type == Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT
            if known && !isGet { v4l2MarkPair(payload: 0) }
            beginStructure()
            field("type"); v4l2BufferType(UInt32(truncatingIfNeeded: type))
            guard known else { endStructure(); return .done() }
            if !isGet { v4l2StreamParameters(type: type, b) }
            return .continuesAtExit
        case R.VIDIOC_S_STD:
            next()
            v4l2StandardID(at: address)
            return .done()
        case R.VIDIOC_ENUMSTD, R.VIDIOC_ENUMINPUT:
            next()
            let size = request == R.VIDIOC_ENUMSTD ? (wide ? 72 : 64) : (wide ? 80 : 76)
            guard let b = v4l2Read(address, size) else { return .done() }
            beginStructure()
            field("index"); unsignedValue(Self.u32(b, 0))
            return .continuesAtExit
        case R.VIDIOC_G_CTRL, R.VIDIOC_S_CTRL:
            next()
            guard let b = v4l2Read(address, 8) else { return .done() }
            beginStructure()
            field("id"); v4l2ControlID(Self.u32(b, 0), nextFlags: false)
            if request == R.VIDIOC_S_CTRL {
                field("value")
                v4l2MarkPair(payload: 0)
                signedValue(Self.int32(b, 4))
            }
            return .continuesAtExit
        case R.VIDIOC_G_TUNER, R.VIDIOC_S_TUNER:
            next()
            guard let b = v4l2Read(address, 84) else { return .done() }
            let isGet = request == R.VIDIOC_G_TUNER
            if !isGet { v4l2MarkPair(payload: 0) }
            beginStructure()
            field("index"); unsignedValue(Self.u32(b, 0))
            if !isGet { v4l2Tuner(b) }
            return .continuesAtExit
        case R.VIDIOC_QUERYCTRL, R.VIDIOC_QUERY_EXT_CTRL:
            next()
            guard let b = v4l2Read(address, request == R.VIDIOC_QUERYCTRL ? 68 : 232) else { return .done() }
            let id = Self.u32(b, 0)
            beginStructure()
            field("id")
            v4l2MarkPair(payload: id)
            v4l2ControlID(id, nextFlags: true)
            return .continuesAtExit
        case R.VIDIOC_S_INPUT:
            next()
            guard let b = v4l2Read(address, 4) else { return .done() }
            beginArray(); unsignedValue(Self.u32(b, 0)); endArray()
            return .done()
        case R.VIDIOC_CROPCAP:
            next()
            guard let b = v4l2Read(address, 44) else { return .done() }
            beginStructure()
            field("type"); v4l2BufferType(Self.u32(b, 0))
            return .continuesAtExit
        case R.VIDIOC_G_CROP, R.VIDIOC_S_CROP:
            next()
            guard let b = v4l2Read(address, 20) else { return .done() }
            beginStructure()
            field("type"); v4l2BufferType(Self.u32(b, 0))
            if request == R.VIDIOC_G_CROP { return .continuesAtExit }
            field("c"); v4l2Rectangle(b, 4)
            endStructure()
            return .done()
        case R.VIDIOC_S_EXT_CTRLS, R.VIDIOC_TRY_EXT_CTRLS, R.VIDIOC_G_EXT_CTRLS:
            next()
            guard let b = v4l2Read(address, wide ? 32 : 24) else { return .done() }
            let isGet = request == R.VIDIOC_G_EXT_CTRLS
            let count = Self.u32(b, 4)
            if count != 0 && !isGet { v4l2MarkPair(payload: 0) }
            beginStructure()
            field("ctrl_class")
            namedValue(Int64(Self.u32(b, 0)), Constants.v4l2ControlClasses, unknown: "V4L2_CTRL_CLASS_???")
            field("count"); unsignedValue(count)
            guard count != 0 else { endStructure(); return .done() }
            if isGet { return .continuesAtExit }
            field("controls")
            guard v4l2ExtendedControls(at: v4l2Pointer(b, wide ? 24 : 20), count: count) else {
                endStructure()
                v4l2ResolvePair(used: false)
                return .done()
            }
            return .continuesAtExit
        case R.VIDIOC_ENUM_FRAMESIZES:
            next()
            guard let b = v4l2Read(address, 44) else { return .done() }
            beginStructure()
            field("index"); unsignedValue(Self.u32(b, 0))
            field("pixel_format"); v4l2FourCC(Self.u32(b, 4), Constants.v4l2PixelFormats)
            return .continuesAtExit
        case R.VIDIOC_ENUM_FRAMEINTERVALS:
            next()
            guard let b = v4l2Read(address, 52) else { return .done() }
            beginStructure()
            field("index"); unsignedValue(Self.u32(b, 0))
            field("pixel_format"); v4l2FourCC(Self.u32(b, 4), Constants.v4l2PixelFormats)
            field("width"); unsignedValue(Self.u32(b, 8))
            field("height"); unsignedValue(Self.u32(b, 12))
            return .continuesAtExit
        case R.VIDIOC_CREATE_BUFS:
            next()
            guard let b = v4l2Read(address, wide ? 256 : 248) else { return .done() }
            beginStructure()
            field("count"); unsignedValue(Self.u32(b, 4))
            field("memory"); namedValue(Int64(Self.u32(b, 8)), Constants.v4l2Memories, unknown: "V4L2_MEMORY_???")
            field("format")
            beginStructure()
            let type = Self.u32(b, wide ? 16 : 12)
            field("type"); v4l2BufferType(type)
            _ = v4l2FormatUnion(type: type, b, at: wide ? 24 : 16)
            endStructure()
            endStructure()
            return .resultAtExit
        default:
            return nil
        }
    }

    /// The argument's rest at exit (after a `.continuesAtExit` entry), or all
    /// of it (after `.atExit`).
    mutating func v4l2Exit(_ code: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        guard let request = v4l2NativeRequest(code) else { return nil }
        let wide = !is32Bit
        let address = arg(2)
        switch request {
        case R.VIDIOC_QUERYCAP:
            next()
            v4l2Capability(at: address)
        case R.VIDIOC_G_FBUF:
            next()
            v4l2Framebuffer(at: address)
        case R.VIDIOC_G_STD:
            next()
            v4l2StandardID(at: address)
        case R.VIDIOC_G_INPUT:
            next()
            guard let b = v4l2Read(address, 4) else { break }
            beginArray(); unsignedValue(Self.u32(b, 0)); endArray()
        case R.VIDIOC_ENUM_FMT:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, 64) {
                field("flags")
                flagsValue(UInt64(Self.u32(b, 8)), Constants.v4l2FormatDescriptionFlags, unknown: "V4L2_FMT_FLAG_???")
                field("description"); loopCString(b[12..<44])
                field("pixelformat"); v4l2FourCC(Self.u32(b, 44), Constants.v4l2PixelFormats)
            }
            endStructure()
        case R.VIDIOC_G_FMT, R.VIDIOC_S_FMT, R.VIDIOC_TRY_FMT:
            v4l2ResumeStructure()
            let isGet = request == R.VIDIOC_G_FMT
            var changed = false
            if let b = v4l2Reread(address, wide ? 208 : 204) {
                let type = Self.u32(b, 0)
                if Self.v4l2FormatKnown(type) {
                    if !isGet {
                        endStructure()
                        v4l2ValueChanged()
                        beginStructure()
                        changed = true
                    }
                    _ = v4l2FormatUnion(type: type, b, at: wide ? 8 : 4)
                }
            }
            endStructure()
            if !isGet { v4l2ResolvePair(used: changed) }
        case R.VIDIOC_REQBUFS:
            v4l2ResumeStructure()
            let b = v4l2Reread(address, 20)
            if let b {
                v4l2ValueChanged()
                unsignedValue(Self.u32(b, 0))
            }
            v4l2ResolvePair(used: b != nil)
            endStructure()
        case R.VIDIOC_QUERYBUF, R.VIDIOC_QBUF, R.VIDIOC_DQBUF:
            v4l2ResumeStructure()
            guard let b = v4l2Reread(address, wide ? 88 : 76) else { endStructure(); break }
            if request == R.VIDIOC_DQBUF { field("index"); unsignedValue(Self.u32(b, 0)) }
            let memoryKind = Int64(Self.u32(b, wide ? 60 : 56))
            field("memory"); namedValue(memoryKind, Constants.v4l2Memories, unknown: "V4L2_MEMORY_???")
            if memoryKind == Constants.V4L2_MEMORY_MMAP {
                field("m.offset"); hexValue(UInt64(Self.u32(b, wide ? 64 : 60)))
            } else if memoryKind == Constants.V4L2_MEMORY_USERPTR {
                field("m.userptr"); pointerValue(v4l2Pointer(b, wide ? 64 : 60))
            }
            field("length"); unsignedValue(Self.u32(b, wide ? 72 : 64))
            field("bytesused"); unsignedValue(Self.u32(b, 8))
            field("flags"); v4l2BufferFlags(Self.u32(b, 12))
            if request == R.VIDIOC_DQBUF {
                field("timestamp")
                beginStructure()
                field("tv_sec"); signedValue(Int64(bitPattern: Self.uint64(b, wide ? 24 : 20)))
                field("tv_usec"); unsignedValue(Self.uint64(b, wide ? 32 : 28))
                endStructure()
            }
            endStructure(abbreviated: true)
        case R.VIDIOC_G_PARM, R.VIDIOC_S_PARM:
            v4l2GetOrSetExit(isGet: request == R.VIDIOC_G_PARM, at: address, size: 204) { d, b in
                d.v4l2StreamParameters(type: Int64(Self.u32(b, 0)), b)
            }
        case R.VIDIOC_ENUMSTD:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, wide ? 72 : 64) {
                let name = wide ? 16 : 12
                field("name"); loopCString(b[name..<(name + 24)])
                field("frameperiod"); v4l2Fraction(b, name + 24)
                field("framelines"); unsignedValue(Self.u32(b, name + 32))
            }
            endStructure()
        case R.VIDIOC_ENUMINPUT:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, wide ? 80 : 76) {
                field("name"); loopCString(b[4..<36])
                field("type")
                namedValue(Int64(Self.u32(b, 36)), Constants.v4l2InputTypes, unknown: "V4L2_INPUT_TYPE_???")
            }
            endStructure()
        case R.VIDIOC_G_CTRL, R.VIDIOC_S_CTRL:
            v4l2ResumeStructure()
            let b = v4l2Reread(address, 8)
            if request == R.VIDIOC_G_CTRL {
                if let b { field("value"); signedValue(Self.int32(b, 4)) }
            } else {
                if let b {
                    v4l2ValueChanged()
                    signedValue(Self.int32(b, 4))
                }
                v4l2ResolvePair(used: b != nil)
            }
            endStructure()
        case R.VIDIOC_G_TUNER, R.VIDIOC_S_TUNER:
            v4l2GetOrSetExit(isGet: request == R.VIDIOC_G_TUNER, at: address, size: 84) { d, b in d.v4l2Tuner(b) }
        case R.VIDIOC_QUERYCTRL, R.VIDIOC_QUERY_EXT_CTRL:
            v4l2ResumeStructure()
            let entryID = UInt32(truncatingIfNeeded: saved ?? 0)
            guard let b = v4l2Reread(address, request == R.VIDIOC_QUERYCTRL ? 68 : 232) else {
                v4l2ResolvePair(used: false)
                endStructure()
                break
            }
            let id = Self.u32(b, 0)
            if id != entryID {
                v4l2ValueChanged()
                v4l2ControlID(id, nextFlags: false)
            }
            v4l2ResolvePair(used: id != entryID)
            if request == R.VIDIOC_QUERYCTRL { v4l2QueryControl(b) } else { v4l2QueryExtendedControl(b) }
        case R.VIDIOC_CROPCAP:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, 44) {
                field("bounds"); v4l2Rectangle(b, 4)
                field("defrect"); v4l2Rectangle(b, 20)
                field("pixelaspect"); v4l2Fraction(b, 36)
            }
            endStructure()
        case R.VIDIOC_G_CROP:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, 20) { field("c"); v4l2Rectangle(b, 4) }
            endStructure()
        case R.VIDIOC_S_EXT_CTRLS, R.VIDIOC_TRY_EXT_CTRLS, R.VIDIOC_G_EXT_CTRLS:
            v4l2ResumeStructure()
            let isGet = request == R.VIDIOC_G_EXT_CTRLS
            // Read back even when the call failed (error_idx says which control).
            var b: [UInt8] = []
            guard (try? memory.readExactly(from: address, count: wide ? 32 : 24, into: &b, structure: true)) != nil else {
                endStructure()
                if !isGet { v4l2ResolvePair(used: false) }
                break
            }
            if !isGet {
                endStructure()
                v4l2ValueChanged()
                beginStructure()
            }
            field("controls")
            _ = v4l2ExtendedControls(at: v4l2Pointer(b, wide ? 24 : 20), count: Self.u32(b, 4))
            if failed { field("error_idx"); unsignedValue(Self.u32(b, 8)) }
            endStructure()
            if !isGet { v4l2ResolvePair(used: true) }
        case R.VIDIOC_ENUM_FRAMESIZES:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, 44) {
                let type = Int64(Self.u32(b, 8))
                field("type"); namedValue(type, Constants.v4l2FrameSizeTypes, unknown: "V4L2_FRMSIZE_TYPE_???")
                if type == Constants.V4L2_FRMSIZE_TYPE_DISCRETE {
                    field("discrete")
                    beginStructure()
                    field("width"); unsignedValue(Self.u32(b, 12))
                    field("height"); unsignedValue(Self.u32(b, 16))
                    endStructure()
                } else if type == Constants.V4L2_FRMSIZE_TYPE_STEPWISE {
                    field("stepwise")
                    beginStructure()
                    field("min_width"); unsignedValue(Self.u32(b, 12))
                    field("max_width"); unsignedValue(Self.u32(b, 16))
                    field("step_width"); unsignedValue(Self.u32(b, 20))
                    field("min_height"); unsignedValue(Self.u32(b, 24))
                    field("max_height"); unsignedValue(Self.u32(b, 28))
                    field("step_height"); unsignedValue(Self.u32(b, 32))
                    endStructure()
                }
            }
            endStructure()
        case R.VIDIOC_ENUM_FRAMEINTERVALS:
            v4l2ResumeStructure()
            if let b = v4l2Reread(address, 52) {
                let type = Int64(Self.u32(b, 16))
                field("type")
                namedValue(type, Constants.v4l2FrameIntervalTypes, unknown: "V4L2_FRMIVAL_TYPE_???")
                if type == Constants.V4L2_FRMIVAL_TYPE_DISCRETE {
                    field("discrete"); v4l2Fraction(b, 20)
                } else if type == Constants.V4L2_FRMIVAL_TYPE_STEPWISE || type == Constants.V4L2_FRMIVAL_TYPE_CONTINUOUS {
                    field("stepwise")
                    beginStructure()
                    field("min"); v4l2Fraction(b, 20)
                    field("max"); v4l2Fraction(b, 28)
                    field("step"); v4l2Fraction(b, 36)
                    endStructure()
                }
            }
            endStructure()
        case R.VIDIOC_CREATE_BUFS:
            // strace's auxstr: `= 0 ({index=0, count=2})`.
            var b: [UInt8] = []
            guard !failed, (try? memory.readExactly(from: address, count: wide ? 256 : 248, into: &b, structure: true)) != nil else {
                return .decimal
            }
            let index = Self.u32(b, 0), count = Self.u32(b, 4)
            resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" ({index=")
                out.append(decimal: index)
                out.append(", count=")
                out.append(decimal: count)
                out.append("})")
            }
            return .custom
        default:
            return nil
        }
        return .decimal
    }
}

// MARK: - Structures

extension Decoding {
    /// `struct v4l2_capability`.
    mutating func v4l2Capability(at address: UInt64) {
        guard let b = v4l2Read(address, 104) else { return }
        beginStructure()
        field("driver"); loopCString(b[0..<16])
        field("card"); loopCString(b[16..<48])
        field("bus_info"); loopCString(b[48..<80])
        field("version"); kernelVersionValue(Self.u32(b, 80))
        field("capabilities")
        flagsValue(UInt64(Self.u32(b, 84)), Constants.v4l2DeviceCapabilities, unknown: "V4L2_CAP_???")
        let deviceCaps = Self.u32(b, 88)
        if deviceCaps != 0 {
            field("device_caps")
            flagsValue(UInt64(deviceCaps), Constants.v4l2DeviceCapabilities, unknown: "V4L2_CAP_???")
        }
        endStructure()
    }

    /// `struct v4l2_framebuffer`: `{capability=0x..., flags=0x..., base=NULL}`.
    mutating func v4l2Framebuffer(at address: UInt64) {
        guard let b = v4l2Read(address, is32Bit ? 44 : 48) else { return }
        beginStructure()
        field("capability"); hexValue(UInt64(Self.u32(b, 0)))
        field("flags"); hexValue(UInt64(Self.u32(b, 4)))
        field("base"); pointerValue(v4l2Pointer(b, 8))
        endStructure()
    }

    /// A `v4l2_std_id` in brackets, in hexadecimal.
    mutating func v4l2StandardID(at address: UInt64) {
        guard let b = v4l2Read(address, 8) else { return }
        beginArray(); hexValue(Self.uint64(b, 0)); endArray()
    }

    /// Whether strace prints a `fmt` member for this buffer type.
    static func v4l2FormatKnown(_ type: UInt32) -> Bool {
        switch Int64(type) {
        case Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE, Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT,
             Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
             Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT_OVERLAY, Constants.V4L2_BUF_TYPE_VIDEO_OVERLAY,
             Constants.V4L2_BUF_TYPE_VBI_CAPTURE, Constants.V4L2_BUF_TYPE_VBI_OUTPUT,
             Constants.V4L2_BUF_TYPE_SLICED_VBI_CAPTURE, Constants.V4L2_BUF_TYPE_SLICED_VBI_OUTPUT,
             Constants.V4L2_BUF_TYPE_SDR_OUTPUT, Constants.V4L2_BUF_TYPE_SDR_CAPTURE,
             Constants.V4L2_BUF_TYPE_META_OUTPUT, Constants.V4L2_BUF_TYPE_META_CAPTURE:
            true
        default: false
        }
    }

    /// `struct v4l2_format`'s union member for `type` (`fmt.pix={...}`), from
    /// `b` at `offset`, as the next field of the open structure. False when
    /// the type has none, or (strace's print_array) the overlay's clips are
    /// NULL, empty or unreadable.
    mutating func v4l2FormatUnion(type: UInt32, _ b: [UInt8], at offset: Int) -> Bool {
        let word = wordSize
        switch Int64(type) {
        case Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE, Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT:
            field("fmt.pix")
            beginStructure()
            field("width"); unsignedValue(Self.u32(b, offset))
            field("height"); unsignedValue(Self.u32(b, offset + 4))
            field("pixelformat"); v4l2FourCC(Self.u32(b, offset + 8), Constants.v4l2PixelFormats)
            field("field"); v4l2Field(Self.u32(b, offset + 12))
            field("bytesperline"); unsignedValue(Self.u32(b, offset + 16))
            field("sizeimage"); unsignedValue(Self.u32(b, offset + 20))
            field("colorspace"); v4l2Colorspace(Self.u32(b, offset + 24))
            endStructure()
            return true
        case Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE:
            field("fmt.pix_mp")
            beginStructure()
            field("width"); unsignedValue(Self.u32(b, offset))
            field("height"); unsignedValue(Self.u32(b, offset + 4))
            field("pixelformat"); v4l2FourCC(Self.u32(b, offset + 8), Constants.v4l2PixelFormats)
            field("field"); v4l2Field(Self.u32(b, offset + 12))
            field("colorspace"); v4l2Colorspace(Self.u32(b, offset + 16))
            let planes = Int(b[offset + 180])
            field("plane_fmt")
            v4l2LocalArray(count: min(planes, 8)) { d, i in
                let element = offset + 20 + i * 20
                d.beginStructure()
                d.field("sizeimage"); d.unsignedValue(Self.u32(b, element))
                d.field("bytesperline"); d.unsignedValue(Self.u32(b, element + 4))
                d.endStructure()
            }
            field("num_planes"); unsignedValue(UInt8(planes))
            endStructure()
            return true
        case Constants.V4L2_BUF_TYPE_VIDEO_OUTPUT_OVERLAY, Constants.V4L2_BUF_TYPE_VIDEO_OVERLAY:
            field("fmt.win")
            beginStructure()
            field("w"); v4l2Rectangle(b, offset)
            field("field"); v4l2Field(Self.u32(b, offset + 16))
            field("chromakey"); hexValue(UInt64(Self.u32(b, offset + 20)))
            field("clips")
            // A pointer, a count, a pointer and a byte: 8-byte pointers on x86_64, 4 on i386.
            let clipCount = Self.u32(b, offset + 24 + word)
            let printed = v4l2RemoteArray(at: v4l2Pointer(b, offset + 24), count: clipCount, size: 16 + word) { d, clip in
                d.beginStructure()
                d.field("c"); d.v4l2Rectangle(clip, 0)
                d.endStructure()
            }
            field("clipcount"); unsignedValue(clipCount)
            field("bitmap"); pointerValue(v4l2Pointer(b, offset + 24 + 2 * word))
            let alpha = b[offset + 24 + 3 * word]
            if alpha != 0 { field("global_alpha"); hexValue(UInt64(alpha)) }
            endStructure()
            return printed
        case Constants.V4L2_BUF_TYPE_VBI_CAPTURE, Constants.V4L2_BUF_TYPE_VBI_OUTPUT:
            field("fmt.vbi")
            beginStructure()
            field("sampling_rate"); unsignedValue(Self.u32(b, offset))
            field("offset"); unsignedValue(Self.u32(b, offset + 4))
            field("samples_per_line"); unsignedValue(Self.u32(b, offset + 8))
            field("sample_format"); v4l2FourCC(Self.u32(b, offset + 12), Constants.v4l2PixelFormats)
            field("start")
            beginArray(); signedValue(Self.int32(b, offset + 16)); signedValue(Self.int32(b, offset + 20)); endArray()
            field("count")
            beginArray(); unsignedValue(Self.u32(b, offset + 24)); unsignedValue(Self.u32(b, offset + 28)); endArray()
            field("flags")
            flagsValue(UInt64(Self.u32(b, offset + 32)), Constants.v4l2VBIFlags, unknown: "V4L2_VBI_???")
            endStructure()
            return true
        case Constants.V4L2_BUF_TYPE_SLICED_VBI_CAPTURE, Constants.V4L2_BUF_TYPE_SLICED_VBI_OUTPUT:
            field("fmt.sliced")
            beginStructure()
            field("service_set")
            flagsValue(UInt64(Self.u16(b, offset)), Constants.v4l2SlicedFlags, unknown: "V4L2_SLICED_???")
            field("service_lines")
            beginArray()
            for row in 0..<2 {
                beginArray()
                for column in 0..<24 { hexValue(UInt64(Self.u16(b, offset + 2 + (row * 24 + column) * 2))) }
                endArray()
            }
            endArray()
            field("io_size"); unsignedValue(Self.u32(b, offset + 100))
            endStructure()
            return true
        case Constants.V4L2_BUF_TYPE_SDR_OUTPUT, Constants.V4L2_BUF_TYPE_SDR_CAPTURE:
            field("fmt.sdr")
            beginStructure()
            field("pixelformat"); v4l2FourCC(Self.u32(b, offset), Constants.v4l2SDRFormats)
            let size = Self.u32(b, offset + 4)
            if size != 0 { field("buffersize"); unsignedValue(size) }
            endStructure()
            return true
        case Constants.V4L2_BUF_TYPE_META_OUTPUT, Constants.V4L2_BUF_TYPE_META_CAPTURE:
            field("fmt.meta")
            beginStructure()
            field("dataformat"); v4l2FourCC(Self.u32(b, offset), Constants.v4l2MetaFormats)
            field("buffersize"); unsignedValue(Self.u32(b, offset + 4))
            endStructure()
            return true
        default:
            return false
        }
    }

    /// `parm.capture={...}` (for V4L2_BUF_TYPE_VIDEO_CAPTURE) or `parm.output={...}`.
    mutating func v4l2StreamParameters(type: Int64, _ b: [UInt8]) {
        let capture = type == Constants.V4L2_BUF_TYPE_VIDEO_CAPTURE
        if capture { field("parm.capture") } else { field("parm.output") }
        beginStructure()
        field("capability")
        flagsValue(UInt64(Self.u32(b, 4)), Constants.v4l2StreamingCapabilities, unknown: "V4L2_CAP_???")
        if capture { field("capturemode") } else { field("outputmode") }
        flagsValue(UInt64(Self.u32(b, 8)), Constants.v4l2CaptureModes, unknown: "V4L2_MODE_???")
        field("timeperframe"); v4l2Fraction(b, 12)
        field("extendedmode"); hexValue(UInt64(Self.u32(b, 20)))
        if capture { field("readbuffers") } else { field("writebuffers") }
        unsignedValue(Self.u32(b, 24))
        endStructure()
    }

    /// The exit of a G_/S_ request pair whose structure the entry opened:
    /// a G_ request's fields from the kernel; an S_ request's whole
    /// structure again after ` => ` (`{...} => {...}`), or nothing more
    /// when it cannot be read.
    mutating func v4l2GetOrSetExit(isGet: Bool, at address: UInt64, size: Int, _ body: (inout Decoding, [UInt8]) -> Void) {
        v4l2ResumeStructure()
        guard let bytes = v4l2Reread(address, size) else {
            endStructure()
            if !isGet { v4l2ResolvePair(used: false) }
            return
        }
        if !isGet {
            endStructure()
            v4l2ValueChanged()
            beginStructure()
        }
        body(&self, bytes)
        endStructure()
        if !isGet { v4l2ResolvePair(used: true) }
    }

    /// `struct v4l2_tuner` from `name` on.
    mutating func v4l2Tuner(_ b: [UInt8]) {
        field("name"); loopCString(b[4..<36])
        field("type"); namedValue(Int64(Self.u32(b, 36)), Constants.v4l2TunerTypes, unknown: "V4L2_TUNER_???")
        field("capability")
        flagsValue(UInt64(Self.u32(b, 40)), Constants.v4l2TunerCapabilities, unknown: "V4L2_TUNER_CAP_???")
        field("rangelow"); unsignedValue(Self.u32(b, 44))
        field("rangehigh"); unsignedValue(Self.u32(b, 48))
        field("rxsubchans")
        flagsValue(UInt64(Self.u32(b, 52)), Constants.v4l2TunerSubchannels, unknown: "V4L2_TUNER_SUB_???")
        field("audmode")
        namedValue(Int64(Self.u32(b, 56)), Constants.v4l2TunerAudioModes, unknown: "V4L2_TUNER_MODE_???")
        field("signal"); signedValue(Self.int32(b, 60))
        field("afc"); signedValue(Self.int32(b, 64))
    }

    /// `struct v4l2_queryctrl` from `type` on, and the structure's end.
    mutating func v4l2QueryControl(_ b: [UInt8]) {
        field("type")
        namedValue(Int64(Self.u32(b, 4)), Constants.v4l2ControlTypes, unknown: "V4L2_CTRL_TYPE_???")
        field("name"); loopCString(b[8..<40])
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("minimum"); signedValue(Self.int32(b, 40))
        field("maximum"); signedValue(Self.int32(b, 44))
        field("step"); signedValue(Self.int32(b, 48))
        field("default_value"); signedValue(Self.int32(b, 52))
        field("flags")
        flagsValue(UInt64(Self.u32(b, 56)), Constants.v4l2ControlFlags, unknown: "V4L2_CTRL_FLAG_???")
        if Self.uint64(b, 60) != 0 {
            field("reserved")
            beginArray(); hexValue(UInt64(Self.u32(b, 60))); hexValue(UInt64(Self.u32(b, 64))); endArray()
        }
        endStructure()
    }

    /// `struct v4l2_query_ext_ctrl` from `type` on, and the structure's end.
    mutating func v4l2QueryExtendedControl(_ b: [UInt8]) {
        field("type")
        namedValue(Int64(Self.u32(b, 4)), Constants.v4l2ControlTypes, unknown: "V4L2_CTRL_TYPE_???")
        field("name"); loopCString(b[8..<40])
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("minimum"); signedValue(Int64(bitPattern: Self.uint64(b, 40)))
        field("maximum"); signedValue(Int64(bitPattern: Self.uint64(b, 48)))
        field("step"); unsignedValue(Self.uint64(b, 56))
        field("default_value"); signedValue(Int64(bitPattern: Self.uint64(b, 64)))
        field("flags")
        flagsValue(UInt64(Self.u32(b, 72)), Constants.v4l2ControlFlags, unknown: "V4L2_CTRL_FLAG_???")
        field("elem_size"); unsignedValue(Self.u32(b, 76))
        field("elems"); unsignedValue(Self.u32(b, 80))
        let dimensions = Self.u32(b, 84)
        field("nr_of_dims"); unsignedValue(dimensions)
        field("dims")
        v4l2LocalArray(count: Int(min(dimensions, 4))) { d, i in d.unsignedValue(Self.u32(b, 88 + i * 4)) }
        if b[104..<232].contains(where: { $0 != 0 }) {
            field("reserved")
            v4l2LocalArray(count: 32) { d, i in d.hexValue(UInt64(Self.u32(b, 104 + i * 4))) }
        }
        endStructure()
    }

    /// An array of `struct v4l2_ext_control` (20 bytes, packed) at `address`.
    /// False as strace's print_array says it (NULL, or an element unreadable).
    mutating func v4l2ExtendedControls(at address: UInt64, count: UInt32) -> Bool {
        v4l2RemoteArray(at: address, count: count, size: 20) { d, c in
            d.beginStructure()
            d.field("id")
            d.namedValue(Int64(Self.u32(c, 0)), Constants.v4l2ControlIDs, unknown: "V4L2_CID_???")
            let size = Self.u32(c, 4)
            d.field("size"); d.unsignedValue(size)
            if size > 0 {
                d.field("string")
                d.v4l2String(at: d.v4l2Pointer(c, 12), length: Int(size))
            } else {
                d.field("value"); d.signedValue(Self.int32(c, 12))
                d.field("value64"); d.signedValue(Int64(bitPattern: Self.uint64(c, 12)))
            }
            d.endStructure()
        }
    }
}

// MARK: - Values

extension Decoding {
    /// `enum v4l2_buf_type` by name.
    mutating func v4l2BufferType(_ type: UInt32) {
        namedValue(Int64(type), Constants.v4l2BufferTypes, unknown: "V4L2_BUF_TYPE_???")
    }

    mutating func v4l2Field(_ value: UInt32) {
        namedValue(Int64(value), Constants.v4l2Fields, unknown: "V4L2_FIELD_???")
    }

    mutating func v4l2Colorspace(_ value: UInt32) {
        namedValue(Int64(value), Constants.v4l2Colorspaces, unknown: "V4L2_COLORSPACE_???")
    }

    /// `{left=0, top=0, width=640, height=480}` from `b` at `offset`.
    mutating func v4l2Rectangle(_ b: [UInt8], _ offset: Int) {
        beginStructure()
        field("left"); signedValue(Self.int32(b, offset))
        field("top"); signedValue(Self.int32(b, offset + 4))
        field("width"); unsignedValue(Self.u32(b, offset + 8))
        field("height"); unsignedValue(Self.u32(b, offset + 12))
        endStructure()
    }

    /// `struct v4l2_fract` as strace prints it: `1/30`.
    mutating func v4l2Fraction(_ b: [UInt8], _ offset: Int) {
        let numerator = Self.u32(b, offset), denominator = Self.u32(b, offset + 4)
        customValue(.unsigned(UInt64(numerator), .decimal)) { out in
            out.append(decimal: numerator)
            out.append(byte: UInt8(ascii: "/"))
            out.append(decimal: denominator)
        }
    }

    /// A four-character code: `v4l2_fourcc('Y', 'U', 'Y', 'V') /* V4L2_PIX_FMT_YUYV */`,
    /// the number under `-X raw`.
    mutating func v4l2FourCC(_ code: UInt32, _ table: [NamedConstant]) {
        guard format.constants != .raw else { hexValue(UInt64(code)); return }
        customValue(.unsigned(UInt64(code), .hexadecimal)) { out in
            out.append("v4l2_fourcc(")
            for i in 0..<4 {
                if i > 0 { out.append(", ") }
                let c = UInt8(truncatingIfNeeded: code >> (8 * UInt32(i)))
                out.append(byte: UInt8(ascii: "'"))
                if c >= 0x20 && c < 0x7f {
                    if c == UInt8(ascii: "'") || c == UInt8(ascii: "\\") { out.append(byte: UInt8(ascii: "\\")) }
                    out.append(byte: c)
                } else {
                    out.append("\\x")
                    out.append(byte: Self.hexDigits[Int(c >> 4)])
                    out.append(byte: Self.hexDigits[Int(c & 15)])
                }
                out.append(byte: UInt8(ascii: "'"))
            }
            out.append(")")
        }
        if let entry = table.first(where: { $0.value == Int64(code) }) {
            let name = entry.name
            comment { $0.append(name) }
        }
    }

    /// struct v4l2_buffer's flags: the flag bits, the timestamp type and its
    /// source, joined by `|` (`V4L2_BUF_FLAG_MAPPED|V4L2_BUF_FLAG_TIMESTAMP_UNKNOWN|V4L2_BUF_FLAG_TSTAMP_SRC_EOF`).
    mutating func v4l2BufferFlags(_ value: UInt32) {
        guard format.constants != .raw else { hexValue(UInt64(value)); return }
        let timestampType = value & UInt32(truncatingIfNeeded: Constants.V4L2_BUF_FLAG_TIMESTAMP_MASK)
        let timestampSource = value & UInt32(truncatingIfNeeded: Constants.V4L2_BUF_FLAG_TSTAMP_SRC_MASK)
        let flags = value & ~timestampType & ~timestampSource
        if flags != 0 {
            flagsValue(UInt64(flags), Constants.v4l2BufferFlags, unknown: "V4L2_BUF_FLAG_???")
            out.append(byte: UInt8(ascii: "|"))
        }
        namedValue(Int64(timestampType), Constants.v4l2BufferTimestampTypes, unknown: "V4L2_BUF_FLAG_TIMESTAMP_???")
        out.append(byte: UInt8(ascii: "|"))
        namedValue(Int64(timestampSource), Constants.v4l2BufferTimestampSources, unknown: "V4L2_BUF_FLAG_TSTAMP_SRC_???")
    }

    /// A control id: its name, `V4L2_CTRL_CLASS_USER+0x1f` within a class,
    /// else `0x... /* V4L2_CID_??? */`; `nextFlags` (VIDIOC_QUERYCTRL) first
    /// names the V4L2_CTRL_FLAG_NEXT_* bits, joined by `|`.
    mutating func v4l2ControlID(_ value: UInt32, nextFlags: Bool) {
        guard format.constants != .raw else { hexValue(UInt64(value)); return }
        var id = value
        if nextFlags {
            let mask = Constants.v4l2ControlQueryFlags.reduce(UInt32(0)) { $0 | UInt32(truncatingIfNeeded: $1.value) }
            let flags = id & mask
            if flags != 0 {
                flagsValue(UInt64(flags), Constants.v4l2ControlQueryFlags, unknown: "V4L2_CTRL_FLAG_NEXT_???")
                out.append(byte: UInt8(ascii: "|"))
                id &= ~flags
            }
        }
        if Constants.v4l2ControlIDs.contains(where: { $0.value == Int64(id) }) {
            namedValue(Int64(id), Constants.v4l2ControlIDs, unknown: "V4L2_CID_???")
            return
        }
        // The class at or below the id (strace's xlookup_le).
        var best: NamedConstant? = nil
        for entry in Constants.v4l2ControlClasses where entry.value <= Int64(id) && entry.value > (best?.value ?? -1) {
            best = entry
        }
        guard let owner = best, Int64(id) - owner.value < 0x10000 else {
            namedValue(Int64(id), [], unknown: "V4L2_CID_???")
            return
        }
        let offset = UInt64(Int64(id) - owner.value)
        let name = owner.name
        symbolic(UInt64(id), named: true) { out in
            out.append(name)
            out.append(byte: UInt8(ascii: "+"))
            Decoding.appendHex(offset, to: &out)
        }
    }

    /// strace's printstrn: `length` bytes at `address`, cut at `-s`.
    mutating func v4l2String(at address: UInt64, length: Int) {
        guard address != 0 else { pointerValue(0); return }
        let shown = max(0, min(length, format.stringLimit))
        let read = max(0, min(length, format.stringLimit < Int.max ? format.stringLimit + 1 : Int.max))
        var bytes: [UInt8] = []
        if (try? memory.readExactly(from: address, count: read, into: &bytes)) != nil || read == 0 {
            stringValue(bytes.prefix(shown), truncated: length > shown)
        } else {
            unreadable(address)
        }
    }
}

// MARK: - Arrays, reads and the entry/exit split

extension Decoding {
    /// strace's print_local_array: `count` elements, `...` after `-s` of
    /// them unless `-v`.
    mutating func v4l2LocalArray(count: Int, _ element: (inout Decoding, Int) -> Void) {
        beginArray()
        let limit = unabbreviated ? count : min(count, format.stringLimit)
        for i in 0..<limit { element(&self, i) }
        endArray(cut: limit < count)
    }

    /// strace's print_array over the tracee's memory: NULL, `[]`, the address
    /// when the first element is unreadable, `..., /* 0x... */` when a later
    /// one is, `...` after `-s` elements unless `-v`. True when every element
    /// was printed or the rest elided (print_array's result).
    mutating func v4l2RemoteArray(at address: UInt64, count: UInt32, size: Int,
                                  _ element: (inout Decoding, [UInt8]) -> Void) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        guard count != 0 else { beginArray(); endArray(); return false }
        let total = UInt64(count) * UInt64(size)
        let (end, overflow) = address.addingReportingOverflow(total)
        guard !overflow, end > address else { unreadable(address); return false }
        let limit = unabbreviated ? Int(count) : min(Int(count), format.stringLimit)
        // No cap in strace under -v; one here all the same.
        let cap = min(Int(count), 1 << 16)
        var bytes: [UInt8] = []
        var index = 0
        while index < cap {
            let current = address &+ UInt64(index * size)
            guard (try? memory.readExactly(from: current, count: size, into: &bytes, structure: true)) != nil else {
                if index == 0 {
                    unreadable(current)
                } else {
                    customValue(.unreadable(current)) { $0.append("...") }
                    comment { $0.append(hex: current) }
                    endArray()
                }
                return false
            }
            if index == 0 { beginArray() }
            if index >= limit {
                elided()
                endArray()
                return true
            }
            element(&self, bytes)
            index += 1
        }
        endArray(cut: index < Int(count))
        return true
    }

    /// The structure at `address` (`size` bytes), or prints NULL or the
    /// address and returns nil (strace's umove_or_printaddr: the address too
    /// at the exit of a failed call).
    mutating func v4l2Read(_ address: UInt64, _ size: Int) -> [UInt8]? {
        guard address != 0 else { pointerValue(0); return nil }
        var bytes: [UInt8] = []
        guard !failed, (try? memory.readExactly(from: address, count: size, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return bytes
    }

    /// The structure read again at exit (strace's umove after a successful
    /// call), nil when the call failed or it cannot be read; prints nothing.
    mutating func v4l2Reread(_ address: UInt64, _ size: Int) -> [UInt8]? {
        guard !failed else { return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: size, into: &bytes, structure: true)) != nil else { return nil }
        return bytes
    }

    /// At exit, continues the structure the entry left open (`{type=..., index=0`):
    /// the next field follows `, `, and `endStructure()` closes it.
    mutating func v4l2ResumeStructure() {
        beginStructure()
        out.removeLast()
        if recordsValues, !values.tokens.isEmpty { values.tokens.removeLast() }
        // The entry printed a field already.
        beginValue()
    }

    /// At entry, before a value the exit may follow with ` => new value`:
    /// opens the value-result pair on the value tape only, keeping where (in
    /// `saved`, beside `payload`, a value the exit needs).
    mutating func v4l2MarkPair(payload: UInt32) {
        var mark: Int64 = 0
        if recordsValues {
            mark = Int64(values.tokens.count) + 1
            record(.beginChanged)
        }
        saved = mark << 32 | Int64(payload)
    }

    /// strace's ` => ` between a value and what the kernel made of it.
    mutating func v4l2ValueChanged() {
        out.append(" => ")
    }

    /// At exit: closes the pair `v4l2MarkPair` opened (`used`), or takes it
    /// back when the exit printed no second value.
    mutating func v4l2ResolvePair(used: Bool) {
        guard recordsValues, let saved else { return }
        let mark = Int(saved >> 32) - 1
        guard mark >= 0, mark < values.tokens.count, case .beginChanged = values.tokens[mark] else { return }
        if used { record(.endChanged) } else { values.tokens.remove(at: mark) }
    }

    /// A pointer or long in the tracee's layout (4 bytes for a 32-bit tracee).
    func v4l2Pointer(_ b: [UInt8], _ offset: Int) -> UInt64 {
        is32Bit ? UInt64(Self.u32(b, offset)) : Self.uint64(b, offset)
    }

    /// The x86_64 request a 32-bit tracee's `code` is (strace's m32 build
    /// names and decodes these requests by their i386 sizes); nil for an
    /// x86_64 code of a structure whose size differs on i386, which strace
    /// leaves in hexadecimal there.
    func v4l2NativeRequest(_ code: UInt32) -> UInt32? {
        guard is32Bit else { return code }
        for (native, size) in IoctlV4L2.i386Sizes {
            if code == native { return nil }
            if code == native & ~(0x3fff << 16) | size << 16 { return native }
        }
        return code
    }




}
