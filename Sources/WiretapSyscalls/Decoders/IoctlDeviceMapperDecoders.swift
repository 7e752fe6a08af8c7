import WiretapCore

/// The device mapper ioctls (type 0xfd, strace's dm.c): `struct dm_ioctl`
/// in brackets, `[{version=[4, 0, 0], data_size=..., flags=...}, payload]`,
/// then ` => [...]` at exit when the call succeeded or the kernel changed the
/// header. Payloads by request: target specs (DM_TABLE_LOAD, DM_TABLE_STATUS,
/// DM_DEV_WAIT), target deps (DM_TABLE_DEPS), the name list (DM_LIST_DEVICES),
/// target versions (DM_LIST_VERSIONS), a target message (DM_TARGET_MSG), a
/// string (DM_DEV_RENAME, DM_DEV_SET_GEOMETRY); `...` unless -v.
extension Decoding {
    /// `offsetof(struct dm_ioctl, data)`: what strace reads of the header.
    static let dmHeaderSize = 305

    /// At most this many payload entries (strace stops only at -s): a bound on what the tracee makes us read.
    static let dmEntryCap = 1 << 16

    static func isKnownDeviceMapperRequest(_ request: UInt32) -> Bool {
        typealias R = IoctlRequest
        return switch request {
        case R.DM_VERSION, R.DM_REMOVE_ALL, R.DM_LIST_DEVICES, R.DM_DEV_CREATE, R.DM_DEV_REMOVE, R.DM_DEV_RENAME,
             R.DM_DEV_SUSPEND, R.DM_DEV_STATUS, R.DM_DEV_WAIT, R.DM_TABLE_LOAD, R.DM_TABLE_CLEAR, R.DM_TABLE_DEPS,
             R.DM_TABLE_STATUS, R.DM_LIST_VERSIONS, R.DM_TARGET_MSG, R.DM_DEV_SET_GEOMETRY, R.DM_DEV_ARM_POLL:
            true
        default: false
        }
    }

    /// The header, or nil when it cannot be read or its data_size is below 12 (strace then leaves it in hex).
    mutating func dmHeader(at address: UInt64) -> [UInt8]? {
        var bytes: [UInt8] = []
        guard address != 0,
              (try? memory.readExactly(from: address, count: Self.dmHeaderSize, into: &bytes, structure: true)) != nil,
              Self.u32(bytes, 12) >= 12
        else { return nil }
        return bytes
    }

    /// What the exit compares to see whether the kernel changed the header:
    /// the version, data_size, data_start and flags.
    static func dmFingerprint(_ b: [UInt8]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in b[0..<20] + b[28..<32] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash)
    }


    mutating func deviceMapperEntry(_ request: UInt32) -> EntryResult? {
        guard Self.isKnownDeviceMapperRequest(request) else { return nil }
        guard let header = dmHeader(at: arg(2)) else {
            saved = nil
            return .atExit
        }
        next()
        dmArgument(request, header: header, exiting: false)
        saved = Self.dmFingerprint(header)
        return .continuesAtExit
    }

    mutating func deviceMapperExit(_ request: UInt32) -> ReturnFormat? {
        guard Self.isKnownDeviceMapperRequest(request) else { return nil }
        guard let entered = saved else {
            // Not decoded at entry: the argument in hexadecimal, as strace's generic path.
            hex(2)
            return .decimal
        }
        resumeArgument()
        guard let header = dmHeader(at: arg(2)) else {
            // Unreadable now: strace adds the address in hexadecimal.
            out.append(", ")
            hexValue(arg(2))
            return .decimal
        }
        let changed = Self.dmFingerprint(header) != entered
        guard !failed || changed else { return .decimal }
        insertChangedBeforeLastValue()
        out.append(" => ")
        dmArgument(request, header: header, exiting: true)
        record(.endChanged)
        return .decimal
    }

    /// Records the start of a value-result pair before the last value
    /// recorded (a scalar, or a whole structure or array).
    mutating func insertChangedBeforeLastValue() {
        guard recordsValues, !values.tokens.isEmpty else { return }
        var index = values.tokens.count - 1
        var depth = 0
        while index >= 0 {
            switch values.tokens[index] {
            case .endStructure, .endArray, .endChanged, .endCall: depth += 1
            case .beginStructure, .beginArray, .beginChanged, .beginCall: depth -= 1
            default: break
            }
            if depth <= 0 {
                if case .field = values.tokens[index] { index -= 1; continue }
                if case .comment = values.tokens[index] { index -= 1; continue }
                break
            }
            index -= 1
        }
        values.tokens.insert(.beginChanged, at: max(0, index))
    }

    /// `[{header}, payload]`.
    mutating func dmArgument(_ request: UInt32, header b: [UInt8], exiting: Bool) {
        typealias R = IoctlRequest
        let address = arg(2)
        beginArray()
        defer { endArray() }
        beginStructure()
        let version = (Self.u32(b, 0), Self.u32(b, 4), Self.u32(b, 8))
        field("version")
        beginArray(); unsignedValue(version.0); unsignedValue(version.1); unsignedValue(version.2); endArray()
        guard Int64(version.0) == Constants.DM_VERSION_MAJOR else {
            comment("unsupported device mapper ABI version")
            endStructure()
            return
        }
        let dataSize = Self.u32(b, 12), dataStart = Self.u32(b, 16)
        let targetCount = Self.u32(b, 20), flags = Self.u32(b, 28), eventNumber = Self.u32(b, 32)
        field("data_size"); unsignedValue(dataSize)
        guard dataSize >= UInt32(Self.dmHeaderSize) else {
            comment("data_size too small")
            endStructure()
            return
        }
        switch request {
        case R.DM_VERSION, R.DM_REMOVE_ALL, R.DM_DEV_CREATE, R.DM_DEV_REMOVE, R.DM_DEV_SUSPEND, R.DM_DEV_STATUS,
             R.DM_TABLE_CLEAR, R.DM_DEV_ARM_POLL:
            break
        default:
            field("data_start"); unsignedValue(dataStart)
        }
        switch request {
        case R.DM_REMOVE_ALL, R.DM_LIST_DEVICES, R.DM_LIST_VERSIONS: break
        default:
            let device = Self.uint64(b, 40)
            if device != 0 { field("dev"); makedev(device) }
            if b[48] != 0 { field("name"); loopCString(b[48..<176]) }
            if b[176] != 0 { field("uuid"); loopCString(b[176..<305]) }
        }
        if !exiting {
            switch request {
            case R.DM_TABLE_LOAD:
                field("target_count"); unsignedValue(targetCount)
            case R.DM_DEV_SUSPEND where flags & UInt32(Constants.DM_SUSPEND_FLAG) != 0:
                break
            case R.DM_DEV_SUSPEND, R.DM_DEV_RENAME, R.DM_DEV_REMOVE, R.DM_DEV_WAIT:
                field("event_nr"); unsignedValue(eventNumber)
            default: break
            }
        } else if !failed {
            switch request {
            case R.DM_DEV_CREATE, R.DM_DEV_RENAME, R.DM_DEV_SUSPEND, R.DM_DEV_STATUS, R.DM_DEV_WAIT, R.DM_TABLE_LOAD,
                 R.DM_TABLE_CLEAR, R.DM_TABLE_DEPS, R.DM_TABLE_STATUS, R.DM_TARGET_MSG:
                field("target_count"); unsignedValue(targetCount)
                field("open_count"); unsignedValue(Self.u32(b, 24))
                field("event_nr"); unsignedValue(eventNumber)
            default: break
            }
        }
        field("flags"); flagsValue(UInt64(flags), Constants.dmFlags, unknown: "DM_???")
        endStructure()

        let ioc = DeviceMapperHeader(version: version, dataSize: dataSize, dataStart: dataStart,
                                     targetCount: targetCount, flags: flags)
        switch request {
        case R.DM_DEV_WAIT, R.DM_TABLE_STATUS:
            if exiting && !failed { dmTargetSpecs(address, ioc, exiting: true) }
        case R.DM_TABLE_LOAD:
            if !exiting { dmTargetSpecs(address, ioc, exiting: false) }
        case R.DM_TABLE_DEPS:
            if exiting && !failed { dmTargetDeps(address, ioc) }
        case R.DM_LIST_DEVICES:
            if exiting && !failed { dmNameList(address, ioc) }
        case R.DM_LIST_VERSIONS:
            if exiting && !failed { dmTargetVersions(address, ioc) }
        case R.DM_TARGET_MSG:
            if !exiting {
                dmTargetMessage(address, ioc)
            } else if !failed && flags & UInt32(Constants.DM_DATA_OUT_FLAG) != 0 {
                dmString(address, ioc)
            }
        case R.DM_DEV_RENAME, R.DM_DEV_SET_GEOMETRY:
            if !exiting { dmString(address, ioc) }
        default: break
        }
    }

    /// The header fields the payload printers use.
    struct DeviceMapperHeader {
        var version: (UInt32, UInt32, UInt32)
        var dataSize: UInt32
        var dataStart: UInt32
        var targetCount: UInt32
        var flags: UInt32
    }

    /// strace's `??? /* misplaced struct dm_... */`, recorded as what could
    /// not be read at `address`.
    mutating func dmMisplaced(_ what: StaticString, at address: UInt64) {
        customValue(.unreadable(address)) { $0.append("???") }
        comment(what)
    }

    /// `...` in the outer array (the payload left out without -v, or past -s elements).
    mutating func dmMore() {
        elided()
    }

    /// printstr_ex(address, length, QUOTE_0_TERMINATED), returning what
    /// strace's umovestr did: the string's length + 1 when its NUL was read, 0 when not, -1 when unreadable.
    mutating func dmString(at address: UInt64, length: UInt32) -> Int {
        let size = min(Int(length), format.stringLimit < Int.max ? format.stringLimit + 1 : Int.max)
        var result = 0
        if address != 0, size > 0 {
            var bytes: [UInt8] = []
            if let read = try? memory.readCString(at: address, limit: size, into: &bytes) {
                result = read.truncated ? 0 : bytes.count + 1
            } else {
                result = -1
            }
        }
        boundedString(at: address, length: Int(length))
        return address == 0 ? -1 : result
    }

    /// Walks entries laid out in the data area, as strace does: each must
    /// start past the previous one's header and its header fit in
    /// `data_size`, or a "misplaced" comment ends the walk; at most
    /// `count` of them (all when nil), and no more than the string limit.
    /// `body` prints one entry, given its offset, its first `readSize` bytes
    /// and the end of its header, and returns where the next starts (nil: it was the last).
    private mutating func dmWalk(
        _ address: UInt64, _ ioc: DeviceMapperHeader, misplaced: StaticString, headerSize: UInt32, readSize: Int,
        count: UInt32? = nil, _ body: (inout Self, UInt32, [UInt8], UInt32) -> UInt32?
    ) {
        var offset = ioc.dataStart
        var offsetEnd: UInt32 = 0
        var index: UInt32 = 0
        while count.map({ index < $0 }) ?? true {
            if index != 0 && offset <= offsetEnd { dmMisplaced(misplaced, at: address &+ UInt64(offset)); return }
            offsetEnd = offset &+ headerSize
            if offsetEnd <= offset || offsetEnd > ioc.dataSize { dmMisplaced(misplaced, at: address &+ UInt64(offset)); return }
            if Int(index) >= min(format.stringLimit, Self.dmEntryCap) { dmMore(); break }
            let entry = address &+ UInt64(offset)
            var bytes: [UInt8] = []
            guard (try? memory.readExactly(from: entry, count: readSize, into: &bytes, structure: true)) != nil else {
                unreadable(entry)
                break
            }
            guard let next = body(&self, offset, bytes, offsetEnd) else { break }
            offset = next
            index += 1
        }
    }

    /// struct dm_target_spec (40 bytes) followed by its parameter string, `target_count` of them.
    mutating func dmTargetSpecs(_ address: UInt64, _ ioc: DeviceMapperHeader, exiting: Bool) {
        guard unabbreviated else {
            if ioc.targetCount != 0 { dmMore() }
            return
        }
        dmWalk(address, ioc, misplaced: "misplaced struct dm_target_spec", headerSize: 40, readSize: 40, count: ioc.targetCount) {
            decoder, offset, b, offsetEnd in
            decoder.beginStructure()
            decoder.field("sector_start"); decoder.unsignedValue(Self.uint64(b, 0))
            decoder.field("length"); decoder.unsignedValue(Self.uint64(b, 8))
            if exiting { decoder.field("status"); decoder.signedValue(Self.int32(b, 16)) }
            decoder.field("target_type"); decoder.loopCString(b[24..<40])
            decoder.field("string")
            _ = decoder.dmString(at: address &+ UInt64(offsetEnd), length: ioc.dataSize &- offsetEnd)
            decoder.endStructure()
            let next = Self.u32(b, 20)
            return exiting ? ioc.dataStart &+ next : offset &+ next
        }
    }

    /// struct dm_target_deps: `{count=N, deps=[makedev(...), ...]}`.
    mutating func dmTargetDeps(_ address: UInt64, _ ioc: DeviceMapperHeader) {
        guard ioc.dataStart != ioc.dataSize else { return }
        guard unabbreviated else { dmMore(); return }
        let offset = ioc.dataStart
        let offsetEnd = offset &+ 8
        if offsetEnd <= offset || offsetEnd > ioc.dataSize { dmMisplaced("misplaced struct dm_target_deps", at: address &+ UInt64(offset)); return }
        let start = address &+ UInt64(offset)
        guard let count = try? memory.load(UInt32.self, from: start),
              (try? memory.load(UInt32.self, from: start &+ 4)) != nil else {
            if start == 0 { pointerValue(0) } else { unreadable(start) }
            return
        }
        let space = (ioc.dataSize &- offsetEnd) / 8
        if count > space { dmMisplaced("misplaced struct dm_target_deps", at: address &+ UInt64(offset)); return }
        beginStructure()
        field("count"); unsignedValue(count)
        field("deps")
        let deps = address &+ UInt64(offsetEnd)
        if deps == 0 {
            pointerValue(0)
        } else if count == 0 {
            beginArray(); endArray()
        } else {
            let limit = min(Int(count), 1 << 16)
            var index = 0
            while index < limit {
                let element = deps &+ UInt64(index * 8)
                guard let device = try? memory.load(UInt64.self, from: element) else {
                    if index == 0 { unreadable(element) } else {
                        customValue(.unreadable(element)) { $0.append("...") }
                        comment { $0.append(hex: element) }
                    }
                    break
                }
                if index == 0 { beginArray() }
                makedev(device)
                index += 1
            }
            if index > 0 { endArray(cut: index < Int(count) && index == limit) }
        }
        endStructure()
    }

    /// struct dm_name_list entries: `{dev=makedev(...), name="...", event_nr=N}`, chained by `next`.
    mutating func dmNameList(_ address: UInt64, _ ioc: DeviceMapperHeader) {
        guard ioc.dataStart != ioc.dataSize else { return }
        guard unabbreviated else { dmMore(); return }
        dmWalk(address, ioc, misplaced: "misplaced struct dm_name_list", headerSize: 12, readSize: 16) { decoder, offset, b, offsetEnd in
            let entry = address &+ UInt64(offset)
            let next = Self.u32(b, 8)
            decoder.beginStructure()
            decoder.field("dev"); decoder.makedev(Self.uint64(b, 0))
            decoder.field("name")
            let nameAddress = address &+ UInt64(offsetEnd)
            let read = decoder.dmString(at: nameAddress, length: ioc.dataSize &- offsetEnd)
            if read > 0 && ioc.version.1 >= 37 {
                let eventAddress = (nameAddress &+ UInt64(read) &+ 7) & ~UInt64(7)
                if eventAddress &+ 4 <= entry &+ UInt64(next), let event = try? decoder.memory.load(UInt32.self, from: eventAddress) {
                    decoder.field("event_nr"); decoder.unsignedValue(event)
                }
            }
            decoder.endStructure()
            return next == 0 ? nil : offset &+ next
        }
    }

    /// struct dm_target_versions entries: `{name="...", version=[1, 2, 3]}`, chained by `next`.
    mutating func dmTargetVersions(_ address: UInt64, _ ioc: DeviceMapperHeader) {
        guard ioc.dataStart != ioc.dataSize else { return }
        guard unabbreviated else { dmMore(); return }
        dmWalk(address, ioc, misplaced: "misplaced struct dm_target_versions", headerSize: 16, readSize: 16) { decoder, offset, b, offsetEnd in
            decoder.beginStructure()
            decoder.field("name")
            _ = decoder.dmString(at: address &+ UInt64(offsetEnd), length: ioc.dataSize &- offsetEnd)
            decoder.field("version")
            decoder.beginArray()
            decoder.unsignedValue(Self.u32(b, 4)); decoder.unsignedValue(Self.u32(b, 8)); decoder.unsignedValue(Self.u32(b, 12))
            decoder.endArray()
            decoder.endStructure()
            let next = Self.u32(b, 0)
            return next == 0 ? nil : offset &+ next
        }
    }

    /// struct dm_target_msg: `{sector=N, message="..."}`.
    mutating func dmTargetMessage(_ address: UInt64, _ ioc: DeviceMapperHeader) {
        guard ioc.dataStart != ioc.dataSize else { return }
        guard unabbreviated else { dmMore(); return }
        let offset = ioc.dataStart
        let offsetEnd = offset &+ 8
        guard offsetEnd > offset && offsetEnd <= ioc.dataSize else {
            dmMisplaced("misplaced struct dm_target_msg", at: address &+ UInt64(offset))
            return
        }
        let start = address &+ UInt64(offset)
        guard let sector = try? memory.load(UInt64.self, from: start) else {
            if start == 0 { pointerValue(0) } else { unreadable(start) }
            return
        }
        beginStructure()
        field("sector"); unsignedValue(sector)
        field("message")
        _ = dmString(at: address &+ UInt64(offsetEnd), length: ioc.dataSize &- offsetEnd)
        endStructure()
    }

    /// `{string="..."}` at data_start.
    mutating func dmString(_ address: UInt64, _ ioc: DeviceMapperHeader) {
        guard unabbreviated else { dmMore(); return }
        guard ioc.dataStart <= ioc.dataSize else { dmMisplaced("misplaced string", at: address &+ UInt64(ioc.dataStart)); return }
        beginStructure()
        field("string")
        _ = dmString(at: address &+ UInt64(ioc.dataStart), length: ioc.dataSize &- ioc.dataStart)
        endStructure()
    }
}
