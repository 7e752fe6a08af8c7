import WiretapCore

/// The MTD (flash) ioctls ('M', strace's mtd.c); requests of the type are
/// named `MIXER_READ(n)`/`MIXER_WRITE(n)` before their names, as strace's
/// ioctl_decode_command_number does for the sound mixer's shared type.
extension Decoding {
    mutating func mtdEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        // A 32-bit tracee's MEMWRITEOOB/MEMREADOOB carry a 12-byte struct mtd_oob_buf.
        var request = request
        if is32Bit && (request == Self.ioctlRequest(R.MEMWRITEOOB, size: 12)
                       || request == Self.ioctlRequest(R.MEMREADOOB, size: 12)) {
            request = request == Self.ioctlRequest(R.MEMWRITEOOB, size: 12) ? R.MEMWRITEOOB : R.MEMREADOOB
        }
        switch request {
        case R.MEMERASE, R.MEMLOCK, R.MEMUNLOCK, R.MEMISLOCKED:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            beginStructure()
            field("start"); hexValue(Self.littleEndian(b, 0, 4))
            field("length"); hexValue(Self.littleEndian(b, 4, 4))
            endStructure()
        case R.MEMERASE64:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { break }
            beginStructure()
            field("start"); hexValue(Self.littleEndian(b, 0, 8))
            field("length"); hexValue(Self.littleEndian(b, 8, 8))
            endStructure()
        case R.MEMWRITEOOB, R.MEMREADOOB:
            // struct mtd_oob_buf: its pointer is 4 bytes in a 32-bit tracee.
            next()
            guard let b = ioctlRead(at: address, count: is32Bit ? 12 : 16) else { break }
            beginStructure()
            field("start"); hexValue(Self.littleEndian(b, 0, 4))
            field("length"); hexValue(Self.littleEndian(b, 4, 4))
            field("ptr"); pointerValue(Self.littleEndian(b, 8, wordSize))
            endStructure()
        case R.MEMWRITEOOB64, R.MEMREADOOB64:
            next()
            guard let b = ioctlRead(at: address, count: 24) else { break }
            beginStructure()
            field("start"); hexValue(Self.littleEndian(b, 0, 8))
            field("length"); hexValue(Self.littleEndian(b, 12, 4))
            field("usr_ptr"); pointerValue(Self.littleEndian(b, 16, 8))
            endStructure()
        case R.MEMWRITE:
            next()
            guard let b = ioctlRead(at: address, count: 48) else { break }
            beginStructure()
            field("start"); hexValue(Self.littleEndian(b, 0, 8))
            field("len"); hexValue(Self.littleEndian(b, 8, 8))
            field("ooblen"); hexValue(Self.littleEndian(b, 16, 8))
            field("usr_data"); pointerValue(Self.littleEndian(b, 24, 8))
            field("usr_oob"); pointerValue(Self.littleEndian(b, 32, 8))
            field("mode"); namedValue(Int64(b[40]), Constants.mtdOperationModes, unknown: "MTD_OPS_???")
            endStructure()
        case R.OTPLOCK:
            next()
            mtdOTPInfo(at: address)
        case R.OTPSELECT:
            next()
            guard let b = ioctlRead(at: address, count: 4) else { break }
            beginArray()
            namedValue(Int64(Self.littleEndian(b, 0, 4)), Constants.mtdOTPModes, unknown: "MTD_OTP_???")
            endArray()
        case R.MTDFILEMODE:
            next()
            namedValue(Int64(bitPattern: address), Constants.mtdFileModes, unknown: "MTD_FILE_MODE_???")
        case R.MEMGETBADBLOCK, R.MEMSETBADBLOCK:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            beginArray(); unsignedValue(Self.littleEndian(b, 0, 8)); endArray()
        case R.MEMGETREGIONINFO:
            // strace prints regionindex now and the rest at exit: the index
            // as the call starts is kept for the exit (nil: unreadable).
            var b: [UInt8] = []
            let readable = address != 0 && (try? memory.readExactly(from: address, count: 16, into: &b, structure: true)) != nil
            saved = readable ? Int64(Self.littleEndian(b, 12, 4)) : nil
            return .atExit
        case R.OTPGETREGIONINFO, R.MEMGETINFO, R.MEMGETOOBSEL, R.ECCGETLAYOUT, R.ECCGETSTATS, R.OTPGETREGIONCOUNT,
             R.MEMGETREGIONCOUNT:
            return .atExit
        default:
            return nil
        }
        return .done()
    }

    mutating func mtdExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.OTPGETREGIONINFO:
            next()
            mtdOTPInfo(at: address)
        case R.MEMGETINFO:
            next()
            guard let b = ioctlRead(at: address, count: 32) else { break }
            beginStructure()
            field("type"); namedValue(Int64(b[0]), Constants.mtdTypes, unknown: "MTD_???")
            field("flags"); flagsValue(Self.littleEndian(b, 4, 4), Constants.mtdFlags, unknown: "MTD_???")
            field("size"); hexValue(Self.littleEndian(b, 8, 4))
            field("erasesize"); hexValue(Self.littleEndian(b, 12, 4))
            field("writesize"); hexValue(Self.littleEndian(b, 16, 4))
            field("oobsize"); hexValue(Self.littleEndian(b, 20, 4))
            field("padding"); hexValue(Self.littleEndian(b, 24, 8))
            endStructure()
        case R.MEMGETOOBSEL:
            next()
            guard let b = ioctlRead(at: address, count: 200) else { break }
            beginStructure()
            field("useecc"); namedValue(Int64(Self.littleEndian(b, 0, 4)), Constants.mtdNandEccModes, unknown: "MTD_NANDECC_???")
            field("eccbytes"); hexValue(Self.littleEndian(b, 4, 4))
            field("oobfree")
            ioctlLocalArray(count: 8) { d, i in
                d.ioctlLocalArray(count: 2) { d, j in d.hexValue(Self.littleEndian(b, 8 + i * 8 + j * 4, 4)) }
            }
            field("eccpos")
            ioctlLocalArray(count: 32) { d, i in d.hexValue(Self.littleEndian(b, 72 + i * 4, 4)) }
            endStructure()
        case R.ECCGETLAYOUT:
            next()
            guard let b = ioctlRead(at: address, count: 328) else { break }
            beginStructure()
            field("eccbytes"); hexValue(Self.littleEndian(b, 0, 4))
            field("eccpos")
            ioctlLocalArray(count: 64) { d, i in d.hexValue(Self.littleEndian(b, 4 + i * 4, 4)) }
            field("oobavail"); hexValue(Self.littleEndian(b, 260, 4))
            field("oobfree")
            ioctlLocalArray(count: 8) { d, i in
                d.beginStructure()
                d.field("offset"); d.hexValue(Self.littleEndian(b, 264 + i * 8, 4))
                d.field("length"); d.hexValue(Self.littleEndian(b, 268 + i * 8, 4))
                d.endStructure()
            }
            endStructure()
        case R.ECCGETSTATS:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { break }
            beginStructure()
            field("corrected"); hexValue(Self.littleEndian(b, 0, 4))
            field("failed"); hexValue(Self.littleEndian(b, 4, 4))
            field("badblocks"); hexValue(Self.littleEndian(b, 8, 4))
            field("bbtblocks"); hexValue(Self.littleEndian(b, 12, 4))
            endStructure()
        case R.OTPGETREGIONCOUNT:
            next()
            ioctlInt(at: address, .unsigned)
        case R.MEMGETREGIONCOUNT:
            next()
            ioctlInt(at: address, .signed)
        case R.MEMGETREGIONINFO:
            next()
            guard address != 0 else { pointerValue(0); break }
            guard let index = saved else { unreadable(address); break }
            beginStructure()
            field("regionindex"); hexValue(UInt64(index))
            var b: [UInt8] = []
            if !failed, (try? memory.readExactly(from: address, count: 16, into: &b, structure: true)) != nil {
                field("offset"); hexValue(Self.littleEndian(b, 0, 4))
                field("erasesize"); hexValue(Self.littleEndian(b, 4, 4))
                field("numblocks"); hexValue(Self.littleEndian(b, 8, 4))
            }
            endStructure()
        default:
            return nil
        }
        return .decimal
    }

    /// `struct otp_info`: `{start=0, length=0x40, locked=0}`.
    mutating func mtdOTPInfo(at address: UInt64) {
        guard let b = ioctlRead(at: address, count: 12) else { return }
        beginStructure()
        field("start"); hexValue(Self.littleEndian(b, 0, 4))
        field("length"); hexValue(Self.littleEndian(b, 4, 4))
        field("locked"); unsignedValue(Self.littleEndian(b, 8, 4))
        endStructure()
    }

    /// `MIXER_READ(1)` / `MIXER_WRITE(2)` for a read or write request of type 'M'.
    static func mixerRequestName(_ code: UInt32, verbose: Bool, _ out: inout OutputBuffer) -> Bool {
        switch code >> 30 {
        case 1: out.append("MIXER_WRITE(")
        case 2: out.append("MIXER_READ(")
        default: return false
        }
        out.append(decimal: code & 0xff)
        out.append(")")
        return true
    }
}
