import Glibc
import WiretapCore

/// The HDIO (IDE disk) ioctls (type 0x03, strace's hdio.c and its generated
/// gen_hdio.c). For a 32-bit tracee strace decodes only HDIO_GETGEO and
/// HDIO_DRIVE_CMD (the kernel never supported the others' compat forms).
extension Decoding {
    mutating func hdioEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.HDIO_GETGEO:
            return .atExit
        case R.HDIO_DRIVE_CMD:
            next()
            guard let b = ioctlRead(at: address, count: 4) else { return .done() }
            beginOffsetPair()
            beginStructure()
            field("command"); namedValue(Int64(b[0]), Constants.ataCommands, unknown: "ATA_CMD_???")
            field("sector_number"); unsignedValue(b[1])
            field("feature"); unsignedValue(b[2])
            field("sector_count"); unsignedValue(b[3])
            endStructure()
            return .continuesAtExit
        default:
            break
        }
        guard !is32Bit else { return nil }
        switch request {
        case R.HDIO_GET_32BIT, R.HDIO_GET_ACOUSTIC, R.HDIO_GET_ADDRESS, R.HDIO_GET_BUSSTATE, R.HDIO_GET_DMA,
             R.HDIO_GET_IDENTITY, R.HDIO_GET_KEEPSETTINGS, R.HDIO_GET_MULTCOUNT, R.HDIO_GET_NICE, R.HDIO_GET_NOWERR,
             R.HDIO_GET_UNMASKINTR, R.HDIO_GET_WCACHE, R.HDIO_OBSOLETE_IDENTITY:
            return .atExit
        case R.HDIO_DRIVE_RESET, R.HDIO_SCAN_HWIF:
            next()
            ioctlArray(at: address, count: 3, elementSize: 4) { d, bytes in d.hexValue(Self.littleEndian(bytes, 0, 4)) }
        case R.HDIO_SET_BUSSTATE:
            next()
            namedValue(Int64(bitPattern: address), Constants.hdioBusStates, unknown: "BUSSTATE_???")
        case R.HDIO_SET_NICE:
            next()
            bitNumberFlags(address, Constants.ideNiceBits, prefix: "1 << ", unknown: "IDE_NICE_???")
        case R.HDIO_SET_32BIT, R.HDIO_SET_ACOUSTIC, R.HDIO_SET_ADDRESS, R.HDIO_SET_DMA, R.HDIO_SET_KEEPSETTINGS,
             R.HDIO_SET_MULTCOUNT, R.HDIO_SET_NOWERR, R.HDIO_SET_PIO_MODE, R.HDIO_SET_UNMASKINTR, R.HDIO_SET_WCACHE,
             R.HDIO_UNREGISTER_HWIF:
            next()
            unsignedValue(address)
        default:
            return nil
        }
        return .done()
    }

    mutating func hdioExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.HDIO_GETGEO:
            // struct hd_geometry: its unsigned long start is 4 bytes in a 32-bit tracee.
            next()
            guard let b = ioctlRead(at: address, count: is32Bit ? 12 : 16) else { break }
            beginStructure()
            field("heads"); unsignedValue(b[0])
            field("sectors"); unsignedValue(b[1])
            field("cylinders"); unsignedValue(Self.littleEndian(b, 2, 2))
            field("start"); unsignedValue(Self.littleEndian(b, is32Bit ? 4 : 8, wordSize))
            endStructure()
        case R.HDIO_DRIVE_CMD:
            hdioDriveCommandExit(at: address)
        case R.HDIO_GET_IDENTITY, R.HDIO_OBSOLETE_IDENTITY:
            next()
            if failed { pointerValue(address) } else {
                ioctlBuffer(at: address, length: request == R.HDIO_GET_IDENTITY ? 512 : 142)
            }
        case R.HDIO_GET_32BIT, R.HDIO_GET_ACOUSTIC, R.HDIO_GET_ADDRESS, R.HDIO_GET_BUSSTATE, R.HDIO_GET_DMA,
             R.HDIO_GET_KEEPSETTINGS, R.HDIO_GET_MULTCOUNT, R.HDIO_GET_NICE, R.HDIO_GET_NOWERR, R.HDIO_GET_UNMASKINTR,
             R.HDIO_GET_WCACHE:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            let value = Self.littleEndian(b, 0, 8)
            beginArray()
            switch request {
            case R.HDIO_GET_BUSSTATE: namedValue(Int64(bitPattern: value), Constants.hdioBusStates, unknown: "BUSSTATE_???")
            case R.HDIO_GET_NICE: bitNumberFlags(value, Constants.ideNiceBits, prefix: "1 << ", unknown: "IDE_NICE_???")
            default: unsignedValue(value)
            }
            endArray()
        default:
            return nil
        }
        return .decimal
    }

    /// ` => {status=0x50, error=0, nsector=0, buf=...}`: what the drive
    /// answered, unless the call failed other than with EIO; `sector_count`
    /// sectors of data follow the header.
    mutating func hdioDriveCommandExit(at address: UInt64) {
        defer { endOffsetPair() }
        guard !failed || result == -Int64(EIO) else { return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 4, into: &b, structure: true)) != nil else { return }
        offsetPairSeparator()
        beginStructure()
        field("status"); hexValue(UInt64(b[0]))
        field("error"); unsignedValue(b[1])
        field("nsector"); unsignedValue(b[2])
        if b[3] != 0 {
            field("buf"); ioctlBuffer(at: address &+ 4, length: UInt64(b[3]) * 512, forceHex: true)
        }
        endStructure()
    }
}
