import WiretapCore

/// The UBI ioctls ('o' and 'O', strace's ubi.c): volume and attach
/// requests, with ` => [N]` for the id the kernel gives back.
extension Decoding {
    mutating func ubiEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.UBI_IOCMKVOL:
            next()
            guard let b = ioctlRead(at: address, count: 152) else { break }
            beginOffsetPair()
            beginStructure()
            field("vol_id"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4)))
            field("alignment"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 4, 4)))
            field("bytes"); signedValue(Int64(bitPattern: Self.littleEndian(b, 8, 8)))
            field("vol_type"); namedValue(Int64(b[16]), Constants.ubiVolumeTypes, unknown: "UBI_???_VOLUME")
            field("flags"); flagsValue(UInt64(b[17]), Constants.ubiVolumeFlags, unknown: "UBI_VOL_???")
            let nameLength = Int16(truncatingIfNeeded: Self.littleEndian(b, 18, 2))
            field("name_len"); signedValue(nameLength)
            field("name"); loopCString(b[24..<(24 + 1 + min(max(Int(nameLength), 0), 127))])
            endStructure()
            return .continuesAtExit
        case R.UBI_IOCATT:
            next()
            guard let b = ioctlRead(at: address, count: 24) else { break }
            beginOffsetPair()
            beginStructure()
            field("ubi_num"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4)))
            field("mtd_num"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 4, 4)))
            field("vid_hdr_offset"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 8, 4)))
            field("max_beb_per1024"); signedValue(Int16(truncatingIfNeeded: Self.littleEndian(b, 12, 2)))
            endStructure()
            return .continuesAtExit
        case R.UBI_IOCRSVOL:
            next()
            guard let b = ioctlRead(at: address, count: 12) else { break }
            beginStructure()
            field("bytes"); signedValue(Int64(bitPattern: Self.littleEndian(b, 0, 8)))
            field("vol_id"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 8, 4)))
            endStructure()
        case R.UBI_IOCRNVOL:
            next()
            guard let b = ioctlRead(at: address, count: 16 + 32 * 136) else { break }
            let count = Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4))
            beginStructure()
            field("count"); signedValue(count)
            field("ents")
            ioctlLocalArray(count: Int(min(max(count, 0), 32))) { d, i in
                let entry = 16 + i * 136
                let nameLength = Int16(truncatingIfNeeded: Self.littleEndian(b, entry + 4, 2))
                d.beginStructure()
                d.field("vol_id"); d.signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, entry, 4)))
                d.field("name_len"); d.signedValue(nameLength)
                d.field("name"); d.loopCString(b[(entry + 8)..<(entry + 8 + 1 + min(max(Int(nameLength), 0), 127))])
                d.endStructure()
            }
            endStructure()
        case R.UBI_IOCEBCH:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { break }
            beginStructure()
            field("lnum"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4)))
            field("bytes"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 4, 4)))
            field("dtype"); namedValue(Int64(b[8]), Constants.ubiDataTypes, unknown: "UBI_???")
            endStructure()
        case R.UBI_IOCEBMAP:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            beginStructure()
            field("lnum"); signedValue(Int32(truncatingIfNeeded: Self.littleEndian(b, 0, 4)))
            field("dtype"); namedValue(Int64(b[4]), Constants.ubiDataTypes, unknown: "UBI_???")
            endStructure()
        case R.UBI_IOCSETVOLPROP:
            next()
            guard let b = ioctlRead(at: address, count: 16) else { break }
            beginStructure()
            field("property"); namedValue(Int64(b[0]), Constants.ubiVolumeProperties, unknown: "UBI_VOL_PROP_???")
            field("value"); hexValue(Self.littleEndian(b, 8, 8))
            endStructure()
        case R.UBI_IOCVOLUP:
            next()
            guard let b = ioctlRead(at: address, count: 8) else { break }
            beginArray(); signedValue(Int64(bitPattern: Self.littleEndian(b, 0, 8))); endArray()
        case R.UBI_IOCDET, R.UBI_IOCEBER, R.UBI_IOCEBISMAP, R.UBI_IOCEBUNMAP, R.UBI_IOCRMVOL, R.UBI_IOCRPEB,
             R.UBI_IOCSPEB:
            next()
            ioctlInt(at: address, .signed)
        case R.UBI_IOCVOLCRBLK, R.UBI_IOCVOLRMBLK:
            break
        default:
            return nil
        }
        return .done()
    }

    /// UBI_IOCMKVOL and UBI_IOCATT: ` => [N]` unless the call failed.
    mutating func ubiExit(_ request: UInt32) -> ReturnFormat? {
        guard request == IoctlRequest.UBI_IOCMKVOL || request == IoctlRequest.UBI_IOCATT else { return nil }
        defer { endOffsetPair() }
        guard !failed else { return .decimal }
        offsetPairSeparator()
        ioctlInt(at: arg(2), .signed)
        return .decimal
    }
}
