import WiretapCore

/// The userfaultfd ioctls (type 0xaa, strace's userfaultfd.c `uffdio_ioctl`):
/// UFFDIO_API, UFFDIO_REGISTER, UFFDIO_COPY and UFFDIO_ZEROPAGE print what
/// the caller asked at entry and what the kernel wrote at exit;
/// UFFDIO_UNREGISTER and UFFDIO_WAKE their range. Others (UFFDIO_WRITEPROTECT,
/// UFFDIO_CONTINUE) are left in hexadecimal, as strace 6.1 leaves them.
extension Decoding {
    /// The entry: `, {api=0xaa, features=...` (the structure stays open for the exit).
    mutating func userfaultfdEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.UFFDIO_API:
            next()
            guard let api = readUffd(address, count: 24) else { return .done() }
            beginStructure()
            field("api"); hexValue(api[0])
            field("features"); flagsValue(api[1], Constants.uffdApiFeatures, unknown: "UFFD_FEATURE_???")
            // The features asked for, to show ` => ` what the kernel granted when they differ.
            saved = Int64(bitPattern: api[1])
            return .continuesAtExit
        case R.UFFDIO_COPY:
            next()
            guard let copy = readUffd(address, count: 40) else { return .done() }
            beginStructure()
            field("dst"); hexValue(copy[0])
            field("src"); hexValue(copy[1])
            field("len"); hexValue(copy[2])
            field("mode"); flagsValue(copy[3], Constants.uffdCopyModes, unknown: "UFFDIO_COPY_???")
            return .continuesAtExit
        case R.UFFDIO_REGISTER:
            next()
            guard let register = readUffd(address, count: 32) else { return .done() }
            beginStructure()
            field("range"); uffdRange(start: register[0], length: register[1])
            field("mode")
            flagsValue(register[2], Constants.uffdRegisterModes, unknown: "UFFDIO_REGISTER_MODE_???")
            return .continuesAtExit
        case R.UFFDIO_ZEROPAGE:
            next()
            guard let zeropage = readUffd(address, count: 32) else { return .done() }
            beginStructure()
            field("range"); uffdRange(start: zeropage[0], length: zeropage[1])
            field("mode"); flagsValue(zeropage[2], Constants.uffdZeropageModes, unknown: "UFFDIO_ZEROPAGE_???")
            return .continuesAtExit
        case R.UFFDIO_UNREGISTER, R.UFFDIO_WAKE:
            next()
            if let range = readUffd(address, count: 16) { uffdRange(start: range[0], length: range[1]) }
            return .done()
        default:
            return nil
        }
    }

    /// The exit: what the kernel wrote (`, copy=0x1000}`), or just `}` when the call failed.
    mutating func userfaultfdExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        resumeArgument()
        let address = arg(2)
        switch request {
        case R.UFFDIO_API:
            if !failed, let api = try? memory.load((UInt64, UInt64, UInt64).self, from: address) {
                if let asked = saved, UInt64(bitPattern: asked) != api.1 {
                    uffdChangedValue {
                        // strace names the field again (` => features=...`).
                        $0.out.append("features=")
                        $0.flagsValue(api.1, Constants.uffdApiFeatures, unknown: "UFFD_FEATURE_???")
                    }
                }
                continuedField("ioctls"); wideFlagsValue(api.2, Self.uffdApiIoctls, unknown: "_UFFDIO_???")
            }
        case R.UFFDIO_COPY:
            if !failed, let copied = try? memory.load(Int64.self, from: address &+ 32) {
                continuedField("copy"); hexValue(UInt64(bitPattern: copied))
            }
        case R.UFFDIO_REGISTER:
            if !failed, let ioctls = try? memory.load(UInt64.self, from: address &+ 24) {
                continuedField("ioctls"); wideFlagsValue(ioctls, Self.uffdRegisterIoctls, unknown: "UFFDIO_???")
            }
        case R.UFFDIO_ZEROPAGE:
            if !failed, let zeroed = try? memory.load(Int64.self, from: address &+ 24) {
                continuedField("zeropage"); hexValue(UInt64(bitPattern: zeroed))
            }
        default:
            return nil
        }
        endStructure()
        return .decimal
    }

    /// `{start=0x..., len=0x...}`.
    mutating func uffdRange(start: UInt64, length: UInt64) {
        beginStructure()
        field("start"); hexValue(start)
        field("len"); hexValue(length)
        endStructure()
    }

    /// `count` bytes at `address` as 64-bit words; prints `NULL` or the
    /// address (and returns nil) when they cannot be read.
    mutating func readUffd(_ address: UInt64, count: Int) -> [UInt64]? {
        guard address != 0 else { pointerValue(0); return nil }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: count, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return nil
        }
        return (0..<(count / 8)).map { Self.uint64(bytes, $0 * 8) }
    }

    /// A field of a structure the entry left open, printed at exit (` , name=`):
    /// the exit's decoding starts outside any container.
    mutating func continuedField(_ name: StaticString) {
        out.append(", ")
        field(name)
    }

    /// ` => VALUE` after the last value the entry printed (a structure's
    /// field left open), the pair recorded as a value-result pair.
    mutating func uffdChangedValue(_ print: (inout Decoding) -> Void) {
        if recordsValues, !values.tokens.isEmpty {
            values.tokens.insert(.beginChanged, at: values.tokens.count - 1)
        }
        out.append(" => ")
        print(&self)
        record(.endChanged)
    }

    /// `flagsValue` for tables with a bit 63 (`1<<_UFFDIO_API`), whose
    /// value is negative as an Int64.
    mutating func wideFlagsValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        let named = table.contains { $0.value != 0 && value & UInt64(bitPattern: $0.value) == UInt64(bitPattern: $0.value) }
        guard value != 0, !named else {
            symbolic(value) { out in
                var remaining = value
                var first = true
                for entry in table {
                    let bits = UInt64(bitPattern: entry.value)
                    guard bits != 0, remaining & bits == bits else { continue }
                    if !first { out.append("|") }
                    out.append(entry.name)
                    remaining &= ~bits
                    first = false
                }
                if remaining != 0 || first {
                    if !first { out.append("|") }
                    if remaining == 0 { out.append("0") } else { out.append(hex: remaining) }
                }
            }
            return
        }
        customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
        if format.constants != .raw { comment(unknown) }
    }

    /// uffdio_api's ioctls: `1<<_UFFDIO_REGISTER|...`, as strace names the bits.
    static let uffdApiIoctls: [NamedConstant] = [
        NamedConstant("1<<_UFFDIO_REGISTER", 1 << Constants._UFFDIO_REGISTER),
        NamedConstant("1<<_UFFDIO_UNREGISTER", 1 << Constants._UFFDIO_UNREGISTER),
        NamedConstant("1<<_UFFDIO_API", 1 << Constants._UFFDIO_API),
    ]

    /// uffdio_register's ioctls.
    static let uffdRegisterIoctls: [NamedConstant] = [
        NamedConstant("1<<_UFFDIO_WAKE", 1 << Constants._UFFDIO_WAKE),
        NamedConstant("1<<_UFFDIO_COPY", 1 << Constants._UFFDIO_COPY),
        NamedConstant("1<<_UFFDIO_ZEROPAGE", 1 << Constants._UFFDIO_ZEROPAGE),
        NamedConstant("1<<_UFFDIO_WRITEPROTECT", 1 << Constants._UFFDIO_WRITEPROTECT),
        NamedConstant("1<<_UFFDIO_CONTINUE", 1 << Constants._UFFDIO_CONTINUE),
    ]
}
