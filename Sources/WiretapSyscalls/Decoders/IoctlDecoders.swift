import CWiretap
import Glibc
import WiretapCore

/// The ioctl decoder: every request named from the kernel's headers
/// (Tools/gen-ioctls.py), unknown ones as `_IOC(...)`; the arguments of
/// terminal requests (termios, winsize, the process group),
/// FIONREAD/FIONBIO and the file clone requests, others in hexadecimal.
enum IoctlDecoders {
    static let all: DecoderFamily = [
        .ioctl: SyscallDecoder(entry: { d in d.ioctlEntry() }, exit: { d in d.ioctlExit() }),
    ]
}

extension Decoding {
    mutating func ioctlEntry() -> EntryResult {
        fd(0)
        next()
        let request = arg(1) & 0xffff_ffff
        ioctlName(request)
        if let family = IoctlFamilies.decoder(for: UInt32(request)), let result = family.entry(&self, UInt32(request)) {
            return result
        }
        let argument = IoctlArgument(request: UInt32(request))
        switch argument {
        case .none, .descriptorResult:
            return .done(argument.returnFormat)
        case .hex:
            hex(2)
        case .decimal:
            decimal(2)
        case .unsignedValue:
            unsignedLong(2)
        case .named(let table, let unknown):
            next()
            namedValue(Int64(bitPattern: arg(2)), table, unknown: unknown)
        case .termios(let atExit), .winsize(let atExit), .integer(let atExit, _), .flags(let atExit, _, _),
             .uid(let atExit):
            if atExit { return .atExit }
            next()
            ioctlPointee(argument, at: arg(2))
        case .resultName:
            return .resultAtExit
        case .fileCloneRange:
            next()
            fileCloneRange(at: arg(2))
        case .integerPair:
            next()
            integerPair(at: arg(2))
        case .address:
            pointer(2)
        case .descriptor:
            fd(2)
        case .loopInfo(let atExit), .loopInfo64(let atExit), .rtcTime(let atExit), .rtcWakeAlarm(let atExit),
             .rtcPLL(let atExit):
            if atExit { return .atExit }
            next()
            ioctlPointee(argument, at: arg(2))
        case .loopConfig:
            next()
            loopConfig(at: arg(2))
        case .flagSet(let table, let unknown):
            flags(2, table, unknown: unknown)
        case .cStringArgument:
            cString(2)
        case .perfAttributes:
            next()
            perfEventAttributes(at: arg(2))
        case .fiemap:
            next()
            return fiemapEntry(at: arg(2))
        case .perfQueryBPF:
            // ids_len as the call starts; the rest once it is over.
            saved = (try? memory.load(UInt32.self, from: arg(2))).map { Int64($0) }
            return .atExit
        case .interfaceName:
            next()
            interfaceName(at: arg(2))
        case .interfaceSet(let request):
            next()
            interfaceRequest(request, at: arg(2), result: true)
        case .interfaceGet, .interfaceList:
            if case .interfaceList = argument, let header = try? memory.load((Int32, Int32, UInt64).self, from: arg(2)) {
                // SIOCGIFCONF: the length and whether a buffer was given, for the exit.
                saved = Int64(UInt32(bitPattern: header.0)) | (header.2 != 0 ? 1 << 32 : 0)
            }
            return .atExit
        }
        return .done(argument.returnFormat)
    }

    mutating func ioctlExit() -> ReturnFormat {
        let request = UInt32(arg(1) & 0xffff_ffff)
        if let family = IoctlFamilies.decoder(for: request), let format = family.exit(&self, request) {
            return format
        }
        let argument = IoctlArgument(request: request)
        if case .resultName(let table) = argument {
            // NS_GET_NSTYPE: the result with its name, `1073741824 (CLONE_NEWNET)`.
            let name = failed ? nil : table.first { $0.value == result }?.name
            resultPrinter = { value, out in
                out.append(decimal: value)
                if let name {
                    out.append(" (")
                    out.append(name)
                    out.append(")")
                }
            }
            return .custom
        }
        if case .fiemap = argument {
            fiemapExit(at: arg(2))
            return .decimal
        }
        next()
        let address = arg(2)
        switch argument {
        case .interfaceGet(let request):
            // The name (or index) given, and what the kernel filled in unless it failed.
            interfaceRequest(request, at: address, result: !failed)
            return .decimal
        case .interfaceList:
            interfaceList(at: address)
            return .decimal
        case .perfQueryBPF:
            perfQueryBPF(at: address)
            return .decimal
        default: break
        }
        if failed { pointerValue(address); return .decimal }
        ioctlPointee(argument, at: address)
        return .decimal
    }

    /// What a pointer argument points at, in brackets where strace puts them.
    mutating func ioctlPointee(_ argument: IoctlArgument, at address: UInt64) {
        switch argument {
        case .termios: termios(at: address)
        case .loopInfo: loopInfo(at: address)
        case .loopInfo64: loopInfo64(at: address)
        case .rtcTime: rtcTime(at: address)
        case .rtcWakeAlarm: rtcWakeAlarm(at: address)
        case .rtcPLL: rtcPLL(at: address)
        case .winsize: winsize(at: address)
        case .integer(_, let kind): integer(kind, at: address)
        case .flags(_, let table, let unknown):
            guard address != 0 else { pointerValue(0); return }
            guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
            beginArray()
            flagsValue(UInt64(value), table, unknown: unknown)
            endArray()
        case .uid:
            guard address != 0 else { pointerValue(0); return }
            guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
            beginArray()
            // strace's printuid: -1 for the unset id.
            if value == UInt32.max { signedValue(-1) } else { unsignedValue(value) }
            endArray()
        default: pointerValue(address)
        }
    }

    /// `[N]`: a number of `kind` in the tracee (printnum_* in strace).
    mutating func integer(_ kind: IoctlArgument.Integer, at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        let ok: Bool
        switch kind {
        case .int32:
            guard let value = try? memory.load(Int32.self, from: address) else { ok = false; break }
            beginArray(); signedValue(value); endArray(); ok = true
        case .uint32:
            guard let value = try? memory.load(UInt32.self, from: address) else { ok = false; break }
            beginArray(); unsignedValue(value); endArray(); ok = true
        case .uint16:
            guard let value = try? memory.load(UInt16.self, from: address) else { ok = false; break }
            beginArray(); unsignedValue(value); endArray(); ok = true
        case .int64:
            guard let value = try? memory.load(Int64.self, from: address) else { ok = false; break }
            beginArray(); signedValue(value); endArray(); ok = true
        case .uint64:
            guard let value = try? memory.load(UInt64.self, from: address) else { ok = false; break }
            beginArray(); unsignedValue(value); endArray(); ok = true
        }
        if !ok { unreadable(address) }
    }

    /// `struct ifreq` (40 bytes: the name, then a union the request picks):
    /// `{ifr_name="lo", ifr_mtu=65536}`. `result`: print the request's field.
    mutating func interfaceRequest(_ request: UInt32, at address: UInt64, result: Bool) {
        guard address != 0 else { pointerValue(0); return }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 40, into: &bytes, structure: true)) != nil else {
            unreadable(address)
            return
        }
        typealias R = IoctlRequest
        beginStructure()
        if request == R.SIOCGIFNAME {
            field("ifr_ifindex"); signedValue(Self.int32(bytes, 16))
        } else {
            field("ifr_name"); fixedString(bytes[0..<16])
        }
        if result {
            switch request {
            case R.SIOCSIFADDR, R.SIOCGIFADDR: field("ifr_addr"); sockaddr(at: address &+ 16, length: 16)
            case R.SIOCSIFDSTADDR, R.SIOCGIFDSTADDR: field("ifr_dstaddr"); sockaddr(at: address &+ 16, length: 16)
            case R.SIOCSIFBRDADDR, R.SIOCGIFBRDADDR: field("ifr_broadaddr"); sockaddr(at: address &+ 16, length: 16)
            case R.SIOCSIFNETMASK, R.SIOCGIFNETMASK: field("ifr_netmask"); sockaddr(at: address &+ 16, length: 16)
            case R.SIOCADDMULTI, R.SIOCDELMULTI, R.SIOCGIFHWADDR, R.SIOCSIFHWADDR, R.SIOCSIFHWBROADCAST:
                field("ifr_hwaddr")
                let family = UInt16(bytes[16]) | UInt16(bytes[17]) << 8
                beginStructure()
                field("sa_family"); namedValue(Int64(family), Constants.arpHardwareTypes, unknown: "ARPHRD_???")
                field("sa_data"); hardwareAddress(bytes[18..<32], type: family)
                endStructure()
            case R.SIOCSIFFLAGS, R.SIOCGIFFLAGS:
                field("ifr_flags")
                flagsValue(UInt64(UInt16(bytes[16]) | UInt16(bytes[17]) << 8), Constants.interfaceFlags, unknown: "IFF_???")
            case R.SIOCGIFINDEX: field("ifr_ifindex"); signedValue(Self.int32(bytes, 16))
            case R.SIOCSIFMETRIC, R.SIOCGIFMETRIC: field("ifr_metric"); signedValue(Self.int32(bytes, 16))
            case R.SIOCSIFMTU, R.SIOCGIFMTU: field("ifr_mtu"); signedValue(Self.int32(bytes, 16))
            case R.SIOCSIFTXQLEN, R.SIOCGIFTXQLEN: field("ifr_qlen"); signedValue(Self.int32(bytes, 16))
            case R.SIOCSIFSLAVE, R.SIOCGIFSLAVE: field("ifr_slave"); fixedString(bytes[16..<32])
            case R.SIOCSIFNAME: field("ifr_newname"); fixedString(bytes[16..<32])
            case R.SIOCGIFNAME: field("ifr_name"); fixedString(bytes[0..<16])
            case R.SIOCSIFMAP, R.SIOCGIFMAP:
                field("ifr_map")
                beginStructure()
                field("mem_start"); hexValue(Self.uint64(bytes, 16))
                field("mem_end"); hexValue(Self.uint64(bytes, 24))
                field("base_addr"); hexValue(UInt64(bytes[32]) | UInt64(bytes[33]) << 8)
                field("irq"); hexValue(UInt64(bytes[34]))
                field("dma"); hexValue(UInt64(bytes[35]))
                field("port"); hexValue(UInt64(bytes[36]))
                endStructure()
            default: break
            }
        }
        endStructure()
    }

    /// SIOCGIFCONF's `{ifc_len=1024 => 80 /* 2 * sizeof(struct ifreq) */, ifc_buf=[{ifr_name="lo",
    /// ifr_addr={...}}, ...]}`, printed at exit from what the entry saw (in `saved`) and what the
    /// kernel wrote.
    mutating func interfaceList(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let saved, let header = try? memory.load((Int32, Int32, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        let entryLength = Int32(bitPattern: UInt32(truncatingIfNeeded: saved))
        let entryHadBuffer = saved >> 32 != 0
        let length = header.0, buffer = header.2
        beginStructure()
        field("ifc_len")
        let changed = entryHadBuffer && entryLength != length
        if changed { beginChanged(bracketed: false) }
        if entryHadBuffer { interfaceListLength(entryLength) }
        if !entryHadBuffer || changed { interfaceListLength(length) }
        if changed { endChanged(bracketed: false) }
        field("ifc_buf")
        if !entryHadBuffer || failed {
            pointerValue(buffer)
        } else {
            let count = Int(UInt32(bitPattern: length)) / 40
            let shown = unabbreviated ? count : min(count, format.stringLimit)
            beginArray()
            var index = 0
            while index < shown {
                let element = buffer &+ UInt64(index * 40)
                var bytes: [UInt8] = []
                guard (try? memory.readExactly(from: element, count: 40, into: &bytes, structure: true)) != nil else {
                    customValue(.unreadable(element)) { $0.append("...") }
                    comment { $0.append(hex: element) }
                    break
                }
                beginStructure()
                field("ifr_name"); fixedString(bytes[0..<16])
                field("ifr_addr"); sockaddr(at: element &+ 16, length: 16)
                endStructure()
                index += 1
            }
            endArray(cut: index == shown && shown < count)
        }
        endStructure()
    }

    /// `80 /* 2 * sizeof(struct ifreq) */`: a length with the number of
    /// structures it holds, when it holds a whole number of them.
    mutating func interfaceListLength(_ length: Int32) {
        signedValue(length)
        let count = UInt32(bitPattern: length) / 40
        if length > 0 && count * 40 == UInt32(bitPattern: length) {
            comment { out in
                out.append(decimal: count)
                out.append(" * sizeof(struct ifreq)")
            }
        }
    }

    /// A bridge's name: at most 16 bytes, up to a NUL.
    mutating func interfaceName(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var bytes: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 16, into: &bytes)) != nil else { unreadable(address); return }
        fixedString(bytes[...])
    }

    /// A NUL-terminated string in a fixed array; `"..."` cut when it fills the array.
    mutating func fixedString(_ bytes: ArraySlice<UInt8>) {
        if let end = bytes.firstIndex(of: 0) {
            stringValue(bytes[..<end], truncated: false)
        } else {
            stringValue(bytes, truncated: true)
        }
    }

    /// A link-layer address: `00:11:22:33:44:55` in as many bytes as the
    /// hardware type uses (strace's table), the bytes as `"\x00..."` under
    /// `-X raw`, both under `-X verbose`.
    mutating func hardwareAddress(_ bytes: ArraySlice<UInt8>, type: UInt16) {
        let size = min(bytes.count, Self.hardwareAddressSize(type))
        let style = format.constants
        let text: (inout OutputBuffer) -> Void = { out in
            for (i, byte) in bytes.prefix(size).enumerated() {
                if i > 0 { out.append(byte: UInt8(ascii: ":")) }
                out.append(byte: Self.hexDigits[Int(byte >> 4)])
                out.append(byte: Self.hexDigits[Int(byte & 15)])
            }
        }
        // Recorded as the bytes themselves.
        customValue(.string(store(bytes), truncated: false)) { out in
            if style != .abbrev { out.appendQuoted(bytes, style: .hexAll, truncated: false) }
            if style == .abbrev { text(&out) }
        }
        if style == .verbose { comment(text) }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// How many bytes of `sa_data` a hardware type's address uses (strace
    /// prints the whole 14 for types it does not know).
    static func hardwareAddressSize(_ type: UInt16) -> Int {
        switch Int64(type) {
        case Constants.ARPHRD_NETROM, Constants.ARPHRD_AX25: 7
        case Constants.ARPHRD_ETHER, Constants.ARPHRD_IEEE802, Constants.ARPHRD_LOOPBACK, Constants.ARPHRD_FDDI,
             Constants.ARPHRD_HIPPI, Constants.ARPHRD_IEEE80211, Constants.ARPHRD_IEEE80211_PRISM,
             Constants.ARPHRD_IEEE80211_RADIOTAP:
            6
        case Constants.ARPHRD_ARCNET, Constants.ARPHRD_MCTP, Constants.ARPHRD_LOCALTLK, Constants.ARPHRD_PHONET,
             Constants.ARPHRD_PHONET_PIPE:
            1
        case Constants.ARPHRD_DLCI: 2
        case Constants.ARPHRD_IEEE1394, Constants.ARPHRD_TUNNEL6, Constants.ARPHRD_IP6GRE: 16
        case Constants.ARPHRD_EUI64, Constants.ARPHRD_IEEE802154, Constants.ARPHRD_IEEE802154_MONITOR, Constants.ARPHRD_6LOWPAN: 8
        case Constants.ARPHRD_INFINIBAND: 20
        case Constants.ARPHRD_ROSE: 5
        case Constants.ARPHRD_TUNNEL, Constants.ARPHRD_SIT, Constants.ARPHRD_IPGRE, Constants.ARPHRD_IRDA: 4
        case Constants.ARPHRD_SLIP, Constants.ARPHRD_X25, Constants.ARPHRD_CAN, Constants.ARPHRD_PPP, Constants.ARPHRD_RAWHDLC,
             Constants.ARPHRD_RAWIP, Constants.ARPHRD_IPDDP, Constants.ARPHRD_PIMREG, Constants.ARPHRD_CAIF,
             Constants.ARPHRD_NETLINK, Constants.ARPHRD_VSOCKMON:
            0
        default: 255
        }
    }

    static func int32(_ bytes: [UInt8], _ offset: Int) -> Int32 { word(bytes[...], at: offset) }
    static func uint64(_ bytes: [UInt8], _ offset: Int) -> UInt64 { word(bytes[...], at: offset) }
    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { word(bytes[...], at: offset) }
    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { word(bytes[...], at: offset) }

    /// `[A, B]`: two unsigned 64-bit numbers (BLKDISCARD's range).
    mutating func integerPair(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let pair = try? memory.load((UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginArray()
        unsignedValue(pair.0)
        unsignedValue(pair.1)
        endArray()
    }

    /// `{src_fd=3, src_offset=0, src_length=0, dest_offset=0}`.
    mutating func fileCloneRange(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let range = try? memory.load((Int64, UInt64, UInt64, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("src_fd"); fdValue(Int32(truncatingIfNeeded: range.0))
        field("src_offset"); unsignedValue(range.1)
        field("src_length"); unsignedValue(range.2)
        field("dest_offset"); unsignedValue(range.3)
        endStructure()
    }

    /// The request's names (`TCGETS`; `SNDCTL_TMR_START or TCSETS` where
    /// several share the code, as strace prints them), from the table
    /// generated from the kernel's headers; else the call
    /// `_IOC(dir, type, nr, size)`. `-X raw`: the number; `-X verbose`: the
    /// number, commented with the names.
    mutating func ioctlName(_ request: UInt64) {
        let code = UInt32(truncatingIfNeeded: request)
        if format.constants != .raw, let family = IoctlFamilies.decoder(for: code), let decodedName = family.name,
           ioctlFamilyName(code, decodedName) {
            return
        }
        let (codes, table) = ioctlNameTable
        guard let first = Decoding.firstIoctlName(code, in: codes) else {
            guard format.constants == .abbrev else {
                hexValue(request)
                if format.constants == .verbose { comment { Decoding.appendIOC(request, to: &$0) } }
                return
            }
            // _IOC(dir, type, nr, size) as strace spells an unknown request.
            beginCall("_IOC")
            let direction = (request >> 30) & 3
            let span = storeText { Decoding.appendIOCDirection(direction, to: &$0) }
            customValue(.flags(direction, span)) { Decoding.appendIOCDirection(direction, to: &$0) }
            hexValue((request >> 8) & 0xff)
            hexValue(request & 0xff)
            hexValue((request >> 16) & 0x3fff)
            endCall()
            return
        }
        let names: (inout OutputBuffer) -> Void = { out in
            var index = first
            while index < codes.count && codes[index] == code {
                if index > first { out.append(" or ") }
                out.append(table[index])
                index += 1
            }
        }
        // Values name one request: the last of the alternatives (TCSETS,
        // not SNDCTL_TMR_START; FICLONE, not BTRFS_IOC_CLONE).
        var last = first
        while last + 1 < codes.count && codes[last + 1] == code { last += 1 }
        let style = format.constants
        let span = storeText { $0.append(table[last]) }
        customValue(.constant(Int64(code), span)) { out in
            if style == .abbrev { names(&out) } else { out.append(hex: UInt64(code)) }
        }
        if style == .verbose { comment(names) }
    }

    /// The request name table of the tracee's ABI: a 32-bit tracee's codes
    /// are its own (structure sizes differ).
    var ioctlNameTable: (codes: [UInt32], names: [StaticString]) {
        is32Bit ? (IoctlNames.codes32, IoctlNames.names32) : (IoctlNames.codes, IoctlNames.names)
    }

    /// A request its family names from its number (`EVIOCGNAME(128)`), then
    /// any names of the table (` or `), as strace prints them; false (nothing
    /// written) when the family does not name it.
    mutating func ioctlFamilyName(_ code: UInt32, _ decodedName: @Sendable (UInt32, Bool, inout OutputBuffer) -> Bool) -> Bool {
        let verbose = format.constants == .verbose
        let start = out.count
        if verbose {
            out.append(hex: UInt64(code))
            out.append(" /* ")
        }
        let namesStart = out.count
        guard decodedName(code, verbose, &out) else {
            out.truncate(toCount: start)
            return false
        }
        let (codes, table) = ioctlNameTable
        if var index = Decoding.firstIoctlName(code, in: codes) {
            while index < codes.count && codes[index] == code {
                out.append(" or ")
                out.append(table[index])
                index += 1
            }
        }
        let span = recordsValues ? store(out.contents[namesStart...]) : ValueTape.Span(start: 0, end: 0)
        if verbose { out.append(" */") }
        record(.constant(Int64(code), span))
        return true
    }

    /// The index of the first name of `code` in a generated table (`codes`, ascending), or nil.
    static func firstIoctlName(_ code: UInt32, in codes: [UInt32] = IoctlNames.codes) -> Int? {
        var low = 0, high = codes.count
        while low < high {
            let middle = (low + high) / 2
            if codes[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low < codes.count && codes[low] == code ? low : nil
    }

    static func appendIOCDirection(_ direction: UInt64, to out: inout OutputBuffer) {
        switch direction {
        case 0: out.append("_IOC_NONE")
        case 1: out.append("_IOC_WRITE")
        case 2: out.append("_IOC_READ")
        default: out.append("_IOC_READ|_IOC_WRITE")
        }
    }

    /// `_IOC(_IOC_READ, 0x54, 0x13, 0x8)` (a comment's text).
    static func appendIOC(_ request: UInt64, to out: inout OutputBuffer) {
        out.append("_IOC(")
        appendIOCDirection((request >> 30) & 3, to: &out)
        for part in [(request >> 8) & 0xff, request & 0xff, (request >> 16) & 0x3fff] {
            out.append(", ")
            if part == 0 { out.append("0") } else { out.append(hex: part) }
        }
        out.append(")")
    }

    /// `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`.
    mutating func winsize(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let size = try? memory.load(Glibc.winsize.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("ws_row"); unsignedValue(size.ws_row)
        field("ws_col"); unsignedValue(size.ws_col)
        field("ws_xpixel"); unsignedValue(size.ws_xpixel)
        field("ws_ypixel"); unsignedValue(size.ws_ypixel)
        endStructure()
    }

    /// `{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|...|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|..., ...}`.
    /// The flags are flag sets (by name whatever `-X` asks, as strace
    /// prints them); `c_cc` an array of the 19 characters in index order.
    mutating func termios(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let t = try? memory.load(Glibc.termios.self, from: address) else { unreadable(address); return }
        beginStructure()
        let style = format.constants
        field("c_iflag")
        termFlags(UInt64(t.c_iflag), Constants.termInputFlags)
        field("c_oflag")
        let oflag = UInt64(t.c_oflag)
        let oflagNames = storeText { Decoding.appendOutputFlags(oflag, style: .abbrev, to: &$0) }
        customValue(.flags(oflag, oflagNames)) { Decoding.appendOutputFlags(oflag, style: style, to: &$0) }
        field("c_cflag")
        let cflag = UInt64(t.c_cflag)
        let cflagNames = storeText { Decoding.appendControlFlags(cflag, style: .abbrev, to: &$0) }
        customValue(.flags(cflag, cflagNames)) { Decoding.appendControlFlags(cflag, style: style, to: &$0) }
        field("c_lflag")
        termFlags(UInt64(t.c_lflag), TermiosNames.local)
        guard unabbreviated else { endStructure(abbreviated: true); return }
        // -v (abbrev=none): the line discipline and the kernel's 19 control characters.
        field("c_line")
        if t.c_line == 0 {
            let name = storeText { $0.append("N_TTY") }
            customValue(.constant(0, name)) { Decoding.appendStyled(0, style: style, to: &$0) { $0.append("N_TTY") } }
        } else {
            unsignedValue(t.c_line)
        }
        field("c_cc")
        beginArray()
        for i in 0..<19 {
            // `[VINTR]=0x3`: the index's name is the element's position.
            let character = UInt64(withUnsafeBytes(of: t.c_cc) { $0[i] })
            customValue(.unsigned(character, .hexadecimal)) { out in
                out.append(byte: UInt8(ascii: "["))
                if i < Self.controlCharacterNames.count { out.append(Self.controlCharacterNames[i]) } else { out.append(decimal: i) }
                out.append("]=")
                if character == 0 { out.append("0") } else { out.append(hex: character) }
            }
        }
        endArray()
        endStructure()
    }

    /// The names of `c_cc` indexes, as strace prints them.
    static let controlCharacterNames: [StaticString] = [
        "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP", "VSUSP", "VEOL",
        "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
    ]

    /// strace's printflags with no fallback: nothing at all for zero (by name).
    mutating func termFlags(_ value: UInt64, _ table: [NamedConstant]) {
        let span = storeText { out in if value != 0 { out.appendFlags(value, in: table) } }
        let style = format.constants
        customValue(.flags(value, span)) { out in
            Decoding.appendStyled(value, style: style, to: &out) { out in if value != 0 { out.appendFlags(value, in: table) } }
        }
    }

    /// One value of a composite flag field in the `-X` style: its names, its
    /// number, or the number with the names in a comment.
    static func appendStyled(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer,
                             _ names: (inout OutputBuffer) -> Void) {
        switch style {
        case .abbrev: names(&out)
        case .raw: if value == 0 { out.append("0") } else { out.append(hex: value) }
        case .verbose:
            if value == 0 { out.append("0") } else { out.append(hex: value) }
            out.append(" /* ")
            names(&out)
            out.append(" */")
        }
    }

    /// A flag set printed by its names whatever `-X` asks (termios's, as
    /// strace prints them). A general emitter.
    mutating func flagNames(_ value: UInt64, _ names: (inout OutputBuffer) -> Void) {
        let span = storeText(names)
        customValue(.flags(value, span), names)
    }

    /// c_oflag: the delay fields (`NL0|CR0|TAB0|BS0|VT0|FF0|`), then the
    /// flags; each part in the `-X` style, as strace prints them.
    static func appendOutputFlags(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        var rest = value
        for field in TermiosNames.delays {
            let shift = UInt64(field.mask.trailingZeroBitCount)
            let part = value & field.mask
            appendStyled(part, style: style, to: &out) { $0.append(field.names[Int(part >> shift)]) }
            out.append("|")
            rest &= ~field.mask
        }
        appendStyled(rest, style: style, to: &out) { appendBits(rest, TermiosNames.output, to: &$0) }
    }

    /// c_cflag: the speed, the character size, then the flags.
    static func appendControlFlags(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let speed = value & UInt64(CBAUD)
        appendStyled(speed, style: style, to: &out) { out in
            if let name = TermiosNames.speeds.first(where: { $0.0 == speed }) { out.append(name.1) } else { out.append(hex: speed) }
        }
        out.append("|")
        let size = value & UInt64(CSIZE)
        appendStyled(size, style: style, to: &out) {
            $0.append(TermiosNames.sizes[Int(size >> UInt64(UInt64(CSIZE).trailingZeroBitCount))])
        }
        out.append("|")
        let rest = value & ~(UInt64(CBAUD) | UInt64(CSIZE))
        appendStyled(rest, style: style, to: &out) { appendBits(rest, TermiosNames.control, to: &$0) }
    }

    /// Bits by name from a list, the rest in hexadecimal.
    static func appendBits(_ value: UInt64, _ names: [(UInt64, StaticString)], to out: inout OutputBuffer) {
        var rest = value
        var first = true
        for (bit, name) in names where rest & bit != 0 {
            if !first { out.append("|") }
            out.append(name)
            rest &= ~bit
            first = false
        }
        if rest != 0 {
            if !first { out.append("|") }
            out.append(hex: rest)
        }
    }
}

/// termios field names strace prints (values from the C headers).
enum TermiosNames {
    /// c_lflag bits in strace's order.
    static let local = Constants.termLocalFlags + Constants.termLocalExtensions + Constants.termLocalEchoFlags
        + Constants.termLocalStopFlags
    /// The delay fields of c_oflag: NLDLY, CRDLY, TABDLY, BSDLY, VTDLY, FFDLY.
    static let delays: [(mask: UInt64, names: [StaticString])] = [
        (UInt64(NLDLY), ["NL0", "NL1"]),
        (UInt64(CRDLY), ["CR0", "CR1", "CR2", "CR3"]),
        (UInt64(TABDLY), ["TAB0", "TAB1", "TAB2", "TAB3"]),
        (UInt64(BSDLY), ["BS0", "BS1"]),
        (UInt64(VTDLY), ["VT0", "VT1"]),
        (UInt64(FFDLY), ["FF0", "FF1"]),
    ]
    static let output: [(UInt64, StaticString)] = [
        (UInt64(OPOST), "OPOST"), (UInt64(OLCUC), "OLCUC"), (UInt64(ONLCR), "ONLCR"), (UInt64(OCRNL), "OCRNL"),
        (UInt64(ONOCR), "ONOCR"), (UInt64(ONLRET), "ONLRET"), (UInt64(OFILL), "OFILL"), (UInt64(OFDEL), "OFDEL"),
    ]
    static let speeds: [(UInt64, StaticString)] = [
        (UInt64(B0), "B0"), (UInt64(B50), "B50"), (UInt64(B75), "B75"), (UInt64(B110), "B110"),
        (UInt64(B134), "B134"), (UInt64(B150), "B150"), (UInt64(B200), "B200"), (UInt64(B300), "B300"),
        (UInt64(B600), "B600"), (UInt64(B1200), "B1200"), (UInt64(B1800), "B1800"), (UInt64(B2400), "B2400"),
        (UInt64(B4800), "B4800"), (UInt64(B9600), "B9600"), (UInt64(B19200), "B19200"), (UInt64(B38400), "B38400"),
        (UInt64(B57600), "B57600"), (UInt64(B115200), "B115200"), (UInt64(B230400), "B230400"),
        (UInt64(B460800), "B460800"), (UInt64(B500000), "B500000"), (UInt64(B576000), "B576000"),
        (UInt64(B921600), "B921600"), (UInt64(B1000000), "B1000000"), (UInt64(B1152000), "B1152000"),
        (UInt64(B1500000), "B1500000"), (UInt64(B2000000), "B2000000"), (UInt64(B2500000), "B2500000"),
        (UInt64(B3000000), "B3000000"), (UInt64(B3500000), "B3500000"), (UInt64(B4000000), "B4000000"),
    ]
    static let sizes: [StaticString] = ["CS5", "CS6", "CS7", "CS8"]
    static let control: [(UInt64, StaticString)] = [
        (UInt64(CSTOPB), "CSTOPB"), (UInt64(CREAD), "CREAD"), (UInt64(PARENB), "PARENB"), (UInt64(PARODD), "PARODD"),
        (UInt64(HUPCL), "HUPCL"), (UInt64(CLOCAL), "CLOCAL"), (UInt64(CMSPAR), "CMSPAR"), (UInt64(CRTSCTS), "CRTSCTS"),
    ]
}

/// How strace prints an ioctl's third argument, by request (its term,
/// block, fs, random and nsfs decoders); `.hex` for the rest.
enum IoctlArgument {
    enum Integer { case int32, uint32, uint16, int64, uint64 }

    /// No third argument (FIOCLEX...).
    case none
    /// No third argument; the result is a descriptor (NS_GET_USERNS).
    case descriptorResult
    /// The argument's value in hexadecimal: what strace prints for requests it does not decode.
    case hex
    /// The value as an int (TCSBRK's duration).
    case decimal
    /// The value as an unsigned long (BLKRASET).
    case unsignedValue
    /// The value by name (TCFLSH's queue).
    case named([NamedConstant], unknown: StaticString)
    /// A structure, read at entry or (`atExit`) at exit.
    case termios(atExit: Bool)
    case winsize(atExit: Bool)
    /// `[N]`.
    case integer(atExit: Bool, Integer)
    /// `[FLAG|FLAG]` from an unsigned int.
    case flags(atExit: Bool, [NamedConstant], unknown: StaticString)
    /// `[uid]`.
    case uid(atExit: Bool)
    /// No argument; the result is a number with its name (NS_GET_NSTYPE).
    case resultName([NamedConstant])
    case fileCloneRange
    /// `[A, B]`.
    case integerPair
    /// An address: `NULL` or `0x...` (requests strace names but does not decode).
    case address
    /// `struct ifreq` with the name and the request's field, read at entry (SIOCSIF*).
    case interfaceSet(UInt32)
    /// `struct ifreq`, read at exit (SIOCGIF*).
    case interfaceGet(UInt32)
    /// SIOCGIFCONF's `struct ifconf`.
    case interfaceList
    /// A bridge's name (SIOCBRADDBR).
    case interfaceName
    /// A descriptor (LOOP_SET_FD).
    case descriptor
    /// `struct loop_info`, read at entry or (`atExit`) at exit.
    case loopInfo(atExit: Bool)
    /// `struct loop_info64`.
    case loopInfo64(atExit: Bool)
    /// LOOP_CONFIGURE's `struct loop_config`.
    case loopConfig
    /// The value as a set of flags (PERF_EVENT_IOC_ENABLE's PERF_IOC_FLAG_*).
    case flagSet([NamedConstant], unknown: StaticString)
    /// A NUL-terminated string (PERF_EVENT_IOC_SET_FILTER).
    case cStringArgument
    /// `struct perf_event_attr` (PERF_EVENT_IOC_MODIFY_ATTRIBUTES).
    case perfAttributes
    /// PERF_EVENT_IOC_QUERY_BPF's `struct perf_event_query_bpf`.
    case perfQueryBPF
    /// FS_IOC_FIEMAP's `struct fiemap`: what was asked, ` => ` what was mapped.
    case fiemap
    /// `struct rtc_time`, `struct rtc_wkalrm`, `struct rtc_pll_info`, at entry or (`atExit`) at exit.
    case rtcTime(atExit: Bool)
    case rtcWakeAlarm(atExit: Bool)
    case rtcPLL(atExit: Bool)

    init(request code: UInt32) {
        typealias R = IoctlRequest
        switch code {
        case R.TCGETS, R.TIOCGLCKTRMIOS: self = .termios(atExit: true)
        case R.TCSETS, R.TCSETSW, R.TCSETSF, R.TIOCSLCKTRMIOS: self = .termios(atExit: false)
        case R.TIOCGWINSZ: self = .winsize(atExit: true)
        case R.TIOCSWINSZ: self = .winsize(atExit: false)
        case R.TCXONC: self = .named(Constants.ttyFlowActions, unknown: "TC???")
        case R.TCFLSH: self = .named(Constants.ttyFlushQueues, unknown: "TC???")
        case R.TCSBRK, R.TCSBRKP, R.TIOCSCTTY: self = .decimal
        case R.TIOCMGET: self = .flags(atExit: true, Constants.modemLines, unknown: "TIOCM_???")
        case R.TIOCMBIS, R.TIOCMBIC, R.TIOCMSET: self = .flags(atExit: false, Constants.modemLines, unknown: "TIOCM_???")
        case R.TIOCGPGRP, R.TIOCGSID, R.TIOCGETD, R.TIOCGSOFTCAR, R.TIOCGPTN, R.FIONREAD, R.TIOCOUTQ, R.TIOCGEXCL,
             R.TIOCGDEV:
            self = .integer(atExit: true, .int32)
        case R.TIOCSPGRP, R.TIOCSETD, R.FIONBIO, R.FIOASYNC, R.TIOCPKT, R.TIOCSSOFTCAR, R.TIOCSPTLCK:
            self = .integer(atExit: false, .int32)
        case R.TIOCSBRK, R.TIOCCBRK, R.TIOCCONS, R.TIOCNOTTY, R.TIOCEXCL, R.TIOCNXCL, R.FIOCLEX, R.FIONCLEX,
             R.TIOCVHANGUP, R.TIOCSSERIAL:
            self = .none
        // random
        case R.RNDGETENTCNT: self = .integer(atExit: true, .int32)
        case R.RNDADDTOENTCNT: self = .integer(atExit: false, .int32)
        case R.RNDZAPENTCNT, R.RNDCLEARPOOL, R.RNDRESEEDCRNG: self = .none
        // nsfs
        case R.NS_GET_USERNS, R.NS_GET_PARENT: self = .descriptorResult
        case R.NS_GET_NSTYPE: self = .resultName(Constants.nsfsTypes)
        case R.NS_GET_OWNER_UID: self = .uid(atExit: true)
        // fs
        case R.FS_IOC_GETFLAGS, R.FS_IOC32_GETFLAGS: self = .flags(atExit: true, Constants.fsInodeFlags, unknown: "FS_???_FL")
        case R.FS_IOC_SETFLAGS, R.FS_IOC32_SETFLAGS: self = .flags(atExit: false, Constants.fsInodeFlags, unknown: "FS_???_FL")
        case R.FICLONE: self = .decimal  // the source descriptor
        case R.FICLONERANGE: self = .fileCloneRange
        case R.FS_IOC_FIEMAP: self = .fiemap
        // block
        case R.BLKRASET, R.BLKFRASET: self = .unsignedValue
        case R.BLKSECTGET, R.BLKROTATIONAL: self = .integer(atExit: true, .uint16)
        case R.BLKROGET, R.BLKBSZGET, R.BLKSSZGET, R.BLKALIGNOFF: self = .integer(atExit: true, .int32)
        case R.BLKROSET, R.BLKBSZSET: self = .integer(atExit: false, .int32)
        case R.BLKPBSZGET, R.BLKIOMIN, R.BLKIOOPT, R.BLKDISCARDZEROES, R.BLKGETZONESZ, R.BLKGETNRZONES:
            self = .integer(atExit: true, .uint32)
        case R.BLKRAGET, R.BLKFRAGET: self = .integer(atExit: true, .int64)
        case R.BLKGETSIZE, R.BLKGETSIZE64, R.BLKGETDISKSEQ: self = .integer(atExit: true, .uint64)
        case R.BLKDISCARD, R.BLKSECDISCARD, R.BLKZEROOUT: self = .integerPair
        // sockets
        case R.SIOCGIFCONF: self = .interfaceList
        case R.SIOCBRADDBR, R.SIOCBRDELBR: self = .interfaceName
        case R.FIOGETOWN, R.SIOCATMARK, R.SIOCGIFENCAP, R.SIOCGPGRP, R.SIOCOUTQNSD: self = .integer(atExit: true, .int32)
        case R.FIOSETOWN, R.SIOCSIFENCAP, R.SIOCSPGRP: self = .integer(atExit: false, .int32)
        case R.SIOCADDMULTI, R.SIOCDELMULTI, R.SIOCSIFADDR, R.SIOCSIFBRDADDR, R.SIOCSIFDSTADDR, R.SIOCSIFFLAGS,
             R.SIOCSIFHWADDR, R.SIOCSIFHWBROADCAST, R.SIOCSIFMAP, R.SIOCSIFMETRIC, R.SIOCSIFMTU, R.SIOCSIFNAME,
             R.SIOCSIFNETMASK, R.SIOCSIFSLAVE, R.SIOCSIFTXQLEN:
            self = .interfaceSet(code)
        case R.SIOCGIFADDR, R.SIOCGIFBRDADDR, R.SIOCGIFDSTADDR, R.SIOCGIFFLAGS, R.SIOCGIFHWADDR, R.SIOCGIFINDEX,
             R.SIOCGIFMAP, R.SIOCGIFMETRIC, R.SIOCGIFMTU, R.SIOCGIFNAME, R.SIOCGIFNETMASK, R.SIOCGIFSLAVE,
             R.SIOCGIFTXQLEN:
            self = .interfaceGet(code)
        case R.SIOCADDDLCI, R.SIOCADDRT, R.SIOCBONDCHANGEACTIVE, R.SIOCBONDENSLAVE, R.SIOCBONDINFOQUERY,
             R.SIOCBONDRELEASE, R.SIOCBONDSETHWADDR, R.SIOCBONDSLAVEINFOQUERY, R.SIOCDARP, R.SIOCDELDLCI, R.SIOCDELRT,
             R.SIOCDIFADDR, R.SIOCDRARP, R.SIOCETHTOOL, R.SIOCGARP, R.SIOCGHWTSTAMP, R.SIOCGIFBR, R.SIOCGIFCOUNT,
             R.SIOCGIFMEM, R.SIOCGIFPFLAGS, R.SIOCGIFVLAN, R.SIOCGMIIPHY, R.SIOCGMIIREG, R.SIOCGRARP, R.SIOCGSKNS,
             R.SIOCGSTAMP_OLD, R.SIOCGSTAMP_NEW, R.SIOCGSTAMPNS_OLD, R.SIOCGSTAMPNS_NEW, R.SIOCRTMSG, R.SIOCSARP,
             R.SIOCSHWTSTAMP, R.SIOCSIFBR, R.SIOCSIFLINK, R.SIOCSIFMEM, R.SIOCSIFPFLAGS, R.SIOCSIFVLAN, R.SIOCSMIIREG,
             R.SIOCSRARP, R.SIOCWANDEV:
            self = .address
        // loop
        case R.LOOP_SET_FD, R.LOOP_CHANGE_FD: self = .descriptor
        case R.LOOP_CLR_FD, R.LOOP_SET_CAPACITY, R.LOOP_CTL_GET_FREE: self = .none
        case R.LOOP_CTL_ADD, R.LOOP_CTL_REMOVE: self = .decimal
        case R.LOOP_SET_DIRECT_IO, R.LOOP_SET_BLOCK_SIZE: self = .unsignedValue
        case R.LOOP_SET_STATUS: self = .loopInfo(atExit: false)
        case R.LOOP_GET_STATUS: self = .loopInfo(atExit: true)
        case R.LOOP_SET_STATUS64: self = .loopInfo64(atExit: false)
        case R.LOOP_GET_STATUS64: self = .loopInfo64(atExit: true)
        case R.LOOP_CONFIGURE: self = .loopConfig
        // perf
        case R.PERF_EVENT_IOC_ENABLE, R.PERF_EVENT_IOC_DISABLE, R.PERF_EVENT_IOC_RESET:
            self = .flagSet(Constants.perfIoctlFlags, unknown: "PERF_IOC_FLAG_???")
        case R.PERF_EVENT_IOC_REFRESH: self = .decimal
        case R.PERF_EVENT_IOC_PERIOD: self = .integer(atExit: false, .uint64)
        case R.PERF_EVENT_IOC_SET_OUTPUT, R.PERF_EVENT_IOC_SET_BPF: self = .descriptor
        case R.PERF_EVENT_IOC_PAUSE_OUTPUT: self = .unsignedValue
        case R.PERF_EVENT_IOC_SET_FILTER: self = .cStringArgument
        case R.PERF_EVENT_IOC_ID: self = .integer(atExit: true, .uint64)
        case R.PERF_EVENT_IOC_QUERY_BPF: self = .perfQueryBPF
        case R.PERF_EVENT_IOC_MODIFY_ATTRIBUTES: self = .perfAttributes
        // rtc
        case R.RTC_RD_TIME, R.RTC_ALM_READ: self = .rtcTime(atExit: true)
        case R.RTC_SET_TIME, R.RTC_ALM_SET: self = .rtcTime(atExit: false)
        case R.RTC_WKALM_RD: self = .rtcWakeAlarm(atExit: true)
        case R.RTC_WKALM_SET: self = .rtcWakeAlarm(atExit: false)
        case R.RTC_PLL_GET: self = .rtcPLL(atExit: true)
        case R.RTC_PLL_SET: self = .rtcPLL(atExit: false)
        case R.RTC_IRQP_SET, R.RTC_EPOCH_SET: self = .unsignedValue
        case R.RTC_IRQP_READ, R.RTC_EPOCH_READ: self = .integer(atExit: true, .uint64)
        case R.RTC_VL_READ: self = .flags(atExit: true, Constants.rtcVoltageFlags, unknown: "RTC_VL_???")
        case R.RTC_AIE_ON, R.RTC_AIE_OFF, R.RTC_UIE_ON, R.RTC_UIE_OFF, R.RTC_PIE_ON, R.RTC_PIE_OFF, R.RTC_WIE_ON,
             R.RTC_WIE_OFF, R.RTC_VL_CLR:
            self = .none
        default: self = .hex
        }
    }

    /// How the call's result reads.
    var returnFormat: ReturnFormat {
        if case .descriptorResult = self { return .fd }
        return .decimal
    }
}
