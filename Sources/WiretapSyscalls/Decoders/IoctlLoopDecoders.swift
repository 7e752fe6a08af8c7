import WiretapCore

/// The loop device ioctls' structures (strace's loop.c): `struct loop_info`,
/// `struct loop_info64` and `struct loop_config`, abbreviated unless `-v`.
extension Decoding {
    /// `struct loop_info` (168 bytes on x86_64).
    mutating func loopInfo(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 168, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        let encryptType = Self.int32(b, 36)
        let encrypted = unabbreviated || encryptType != 0
        beginStructure()
        field("lo_number"); signedValue(Self.int32(b, 0))
        if unabbreviated {
            field("lo_device"); makedev(Self.uint64(b, 8))
            field("lo_inode"); unsignedValue(Self.uint64(b, 16))
            field("lo_rdevice"); makedev(Self.uint64(b, 24))
        }
        field("lo_offset"); hexValue(UInt64(UInt32(bitPattern: Self.int32(b, 32))))
        if encrypted {
            field("lo_encrypt_type")
            namedValue(Int64(encryptType), Constants.loopCryptTypes, unknown: "LO_CRYPT_???")
            field("lo_encrypt_key_size"); unsignedValue(UInt32(bitPattern: Self.int32(b, 40)))
        }
        field("lo_flags")
        flagsValue(UInt64(UInt32(bitPattern: Self.int32(b, 44))), Constants.loopFlags, unknown: "LO_FLAGS_???")
        field("lo_name"); loopCString(b[48..<112])
        if encrypted {
            field("lo_encrypt_key")
            let size = Int(min(UInt32(bitPattern: Self.int32(b, 40)), 32))
            stringValue(b[112..<(112 + size)], truncated: false)
        }
        if unabbreviated {
            field("lo_init"); loopHexArray(b, at: 144, count: 2, size: 8)
            field("reserved"); loopHexArray(b, at: 160, count: 4, size: 1)
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
    }

    /// `struct loop_info64` (232 bytes).
    mutating func loopInfo64(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 232, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        loopInfo64(b[...])
    }

    /// `struct loop_info64` from its bytes.
    mutating func loopInfo64(_ bytes: ArraySlice<UInt8>) {
        let b = Array(bytes)
        let encryptType = UInt32(bitPattern: Self.int32(b, 44))
        let encrypted = unabbreviated || encryptType != 0
        beginStructure()
        if unabbreviated {
            field("lo_device"); makedev(Self.uint64(b, 0))
            field("lo_inode"); unsignedValue(Self.uint64(b, 8))
            field("lo_rdevice"); makedev(Self.uint64(b, 16))
            field("lo_offset"); hexValue(Self.uint64(b, 24))
            field("lo_sizelimit"); unsignedValue(Self.uint64(b, 32))
            field("lo_number"); unsignedValue(UInt32(bitPattern: Self.int32(b, 40)))
        } else {
            field("lo_offset"); hexValue(Self.uint64(b, 24))
            field("lo_number"); unsignedValue(UInt32(bitPattern: Self.int32(b, 40)))
        }
        if encrypted {
            field("lo_encrypt_type")
            namedValue(Int64(encryptType), Constants.loopCryptTypes, unknown: "LO_CRYPT_???")
            field("lo_encrypt_key_size"); unsignedValue(UInt32(bitPattern: Self.int32(b, 48)))
        }
        field("lo_flags")
        flagsValue(UInt64(UInt32(bitPattern: Self.int32(b, 52))), Constants.loopFlags, unknown: "LO_FLAGS_???")
        field("lo_file_name"); loopCString(b[56..<120])
        if encrypted {
            field("lo_crypt_name"); loopCString(b[120..<184])
            field("lo_encrypt_key")
            let size = Int(min(UInt32(bitPattern: Self.int32(b, 48)), 32))
            stringValue(b[184..<(184 + size)], truncated: false)
        }
        if unabbreviated {
            field("lo_init"); loopHexArray(b, at: 216, count: 2, size: 8)
            endStructure()
        } else {
            endStructure(abbreviated: true)
        }
    }

    /// LOOP_CONFIGURE's `struct loop_config` (304 bytes): `{fd=3, block_size=0, info={...}}`,
    /// `__reserved` when any of it is nonzero.
    mutating func loopConfig(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 304, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("fd"); fdValue(Self.int32(b, 0))
        field("block_size"); unsignedValue(UInt32(bitPattern: Self.int32(b, 4)))
        field("info"); loopInfo64(b[8..<240])
        if b[240..<304].contains(where: { $0 != 0 }) {
            field("__reserved"); loopHexArray(b, at: 240, count: 8, size: 8)
        }
        endStructure()
    }

    /// strace's print_quoted_cstring: up to the NUL within all but the last
    /// byte; `"..."...` when even the last byte is not a NUL.
    mutating func loopCString(_ bytes: ArraySlice<UInt8>) {
        let body = bytes.prefix(bytes.count - 1)
        if let end = body.firstIndex(of: 0) {
            stringValue(body[..<end], truncated: false)
        } else {
            stringValue(body, truncated: bytes.last != 0)
        }
    }

    /// `[0x1, 0]`: `count` little-endian numbers of `size` bytes in hexadecimal.
    mutating func loopHexArray(_ b: [UInt8], at offset: Int, count: Int, size: Int) {
        beginArray()
        for i in 0..<count {
            var value: UInt64 = 0
            for j in 0..<size { value |= UInt64(b[offset + i * size + j]) << (8 * UInt64(j)) }
            hexValue(value)
        }
        endArray()
    }
}

/// PERF_EVENT_IOC_QUERY_BPF (strace's perf_ioctl.c).
extension Decoding {
    /// `{ids_len=N, prog_cnt=M, ids=[...]}`; `{ids_len=N, ...}` when the call
    /// failed; the address when ids_len could not be read at entry (in `saved`).
    mutating func perfQueryBPF(at address: UInt64) {
        guard let saved else {
            if address == 0 { pointerValue(0) } else { unreadable(address) }
            return
        }
        beginStructure()
        field("ids_len"); unsignedValue(UInt32(truncatingIfNeeded: saved))
        guard !failed, let count = try? memory.load(UInt32.self, from: address &+ 4) else {
            endStructure(abbreviated: true)
            return
        }
        field("prog_cnt"); unsignedValue(count)
        field("ids")
        let ids = address &+ 8
        if count == 0 {
            beginArray(); endArray()
        } else if (try? memory.load(UInt32.self, from: ids)) == nil {
            unreadable(ids)
        } else {
            // strace prints -s elements unless -v (capped here all the same).
            let limit = unabbreviated ? 1 << 16 : format.stringLimit
            let total = Int(count)
            beginArray()
            var index = 0
            while index < total && index < limit {
                let element = ids &+ UInt64(index * 4)
                guard let value = try? memory.load(UInt32.self, from: element) else {
                    customValue(.unreadable(element)) { $0.append("...") }
                    comment { $0.append(hex: element) }
                    break
                }
                unsignedValue(value)
                index += 1
            }
            endArray(cut: index < total && index == limit)
        }
        endStructure()
    }
}

/// The real-time clock ioctls' structures (strace's rtc.c).
extension Decoding {
    /// `struct rtc_time` (nine ints): `{tm_sec=0, ..., tm_year=126, ...}`,
    /// tm_wday, tm_yday and tm_isdst with `-v`.
    mutating func rtcTime(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 36, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        rtcTime(b, at: 0)
    }

    /// `struct rtc_time` from bytes at `offset`.
    mutating func rtcTime(_ b: [UInt8], at offset: Int) {
        beginStructure()
        field("tm_sec"); signedValue(Self.int32(b, offset))
        field("tm_min"); signedValue(Self.int32(b, offset + 4))
        field("tm_hour"); signedValue(Self.int32(b, offset + 8))
        field("tm_mday"); signedValue(Self.int32(b, offset + 12))
        field("tm_mon"); signedValue(Self.int32(b, offset + 16))
        field("tm_year"); signedValue(Self.int32(b, offset + 20))
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("tm_wday"); signedValue(Self.int32(b, offset + 24))
        field("tm_yday"); signedValue(Self.int32(b, offset + 28))
        field("tm_isdst"); signedValue(Self.int32(b, offset + 32))
        endStructure()
    }

    /// `struct rtc_wkalrm` (40 bytes): `{enabled=1, pending=0, time={...}}`.
    mutating func rtcWakeAlarm(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 40, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("enabled"); unsignedValue(b[0])
        field("pending"); unsignedValue(b[1])
        field("time"); rtcTime(b, at: 4)
        endStructure()
    }

    /// `struct rtc_pll_info` (32 bytes): six ints and a long.
    mutating func rtcPLL(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 32, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("pll_ctrl"); signedValue(Self.int32(b, 0))
        field("pll_value"); signedValue(Self.int32(b, 4))
        field("pll_max"); signedValue(Self.int32(b, 8))
        field("pll_min"); signedValue(Self.int32(b, 12))
        field("pll_posmult"); signedValue(Self.int32(b, 16))
        field("pll_negmult"); signedValue(Self.int32(b, 20))
        field("pll_clock"); signedValue(Int64(bitPattern: Self.uint64(b, 24)))
        endStructure()
    }
}

/// FS_IOC_FIEMAP (strace's fs_f_ioctl.c).
extension Decoding {
    /// The request: `{fm_start=0, fm_length=N, fm_flags=..., fm_extent_count=N}`;
    /// the exit adds ` => {...}` when the call succeeds.
    mutating func fiemapEntry(at address: UInt64) -> EntryResult {
        guard address != 0 else { pointerValue(0); return .done() }
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 32, into: &b, structure: true)) != nil else {
            unreadable(address)
            return .done()
        }
        beginOffsetPair()
        beginStructure()
        field("fm_start"); unsignedValue(Self.uint64(b, 0))
        field("fm_length"); unsignedValue(Self.uint64(b, 8))
        field("fm_flags")
        flagsValue(UInt64(UInt32(bitPattern: Self.int32(b, 16))), Constants.fiemapFlags, unknown: "FIEMAP_FLAG_???")
        field("fm_extent_count"); unsignedValue(UInt32(bitPattern: Self.int32(b, 24)))
        endStructure()
        return .continuesAtExit
    }

    /// ` => {fm_flags=..., fm_mapped_extents=N, ...}` (the extents with `-v`),
    /// ` => 0x...` when the structure cannot be read back.
    mutating func fiemapExit(at address: UInt64) {
        defer { endOffsetPair() }
        guard !failed else { return }
        offsetPairSeparator()
        var b: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 32, into: &b, structure: true)) != nil else {
            unreadable(address)
            return
        }
        let mapped = UInt32(bitPattern: Self.int32(b, 20))
        beginStructure()
        field("fm_flags")
        flagsValue(UInt64(UInt32(bitPattern: Self.int32(b, 16))), Constants.fiemapFlags, unknown: "FIEMAP_FLAG_???")
        field("fm_mapped_extents"); unsignedValue(mapped)
        guard unabbreviated else { endStructure(abbreviated: true); return }
        field("fm_extents")
        // strace reads every extent the kernel reports (capped here).
        kernelArray(at: address &+ 32, count: UInt64(mapped), size: 56, limit: 1 << 16) { d, extent in
            d.beginStructure()
            d.field("fe_logical"); d.unsignedValue(Decoding.word(extent, at: 0, as: UInt64.self))
            d.field("fe_physical"); d.unsignedValue(Decoding.word(extent, at: 8, as: UInt64.self))
            d.field("fe_length"); d.unsignedValue(Decoding.word(extent, at: 16, as: UInt64.self))
            d.field("fe_flags")
            d.flagsValue(UInt64(Decoding.word(extent, at: 40, as: UInt32.self)), Constants.fiemapExtentFlags,
                         unknown: "FIEMAP_EXTENT_???")
            d.endStructure()
        }
        endStructure()
    }
}
