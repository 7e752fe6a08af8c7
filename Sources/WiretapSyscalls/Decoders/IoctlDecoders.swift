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
        switch Int32(truncatingIfNeeded: request) {
        case TCSETS, TCSETSW, TCSETSF:
            next()
            termios(at: arg(2))
        case TIOCSWINSZ:
            next()
            winsize(at: arg(2))
        case TIOCSPGRP, FIONBIO:
            next()
            int32(at: arg(2))
        case TCGETS, TIOCGWINSZ, TIOCGPGRP, FIONREAD:
            return .atExit
        default:
            if request == UInt64(wt_FICLONE) {
                decimal(2)  // the source descriptor
            } else if request == UInt64(wt_FICLONERANGE) {
                next()
                fileCloneRange(at: arg(2))
            } else {
                hex(2)
            }
        }
        return .done()
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

    mutating func ioctlExit() -> ReturnFormat {
        next()
        let address = arg(2)
        if failed { pointerValue(address); return .decimal }
        switch Int32(truncatingIfNeeded: arg(1) & 0xffff_ffff) {
        case TCGETS: termios(at: address)
        case TIOCGWINSZ: winsize(at: address)
        default: int32(at: address)
        }
        return .decimal
    }

    /// The request's names (`TCGETS`; `SNDCTL_TMR_START or TCSETS` where
    /// several share the code, as strace prints them), from the table
    /// generated from the kernel's headers; else the call
    /// `_IOC(dir, type, nr, size)`. `-X raw`: the number; `-X verbose`: the
    /// number, commented with the names.
    mutating func ioctlName(_ request: UInt64) {
        let code = UInt32(truncatingIfNeeded: request)
        guard let first = Decoding.firstIoctlName(code) else {
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
            while index < IoctlNames.codes.count && IoctlNames.codes[index] == code {
                if index > first { out.append(" or ") }
                out.append(IoctlNames.names[index])
                index += 1
            }
        }
        // Values name one request: the last of the alternatives (TCSETS,
        // not SNDCTL_TMR_START; FICLONE, not BTRFS_IOC_CLONE).
        var last = first
        while last + 1 < IoctlNames.codes.count && IoctlNames.codes[last + 1] == code { last += 1 }
        let style = format.constants
        let span = storeText { $0.append(IoctlNames.names[last]) }
        customValue(.constant(Int64(code), span)) { out in
            if style == .abbrev { names(&out) } else { out.append(hex: UInt64(code)) }
        }
        if style == .verbose { comment(names) }
    }

    /// The index of the first name of `code` in the generated table, or nil.
    static func firstIoctlName(_ code: UInt32) -> Int? {
        let codes = IoctlNames.codes
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

    /// `[123]` (an array of one number) from a C int in the tracee, or its address.
    mutating func int32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load(Int32.self, from: address) else { unreadable(address); return }
        beginArray()
        signedValue(value)
        endArray()
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
        field("c_iflag")
        termFlags(UInt64(t.c_iflag), Constants.termInputFlags)
        field("c_oflag")
        let oflag = UInt64(t.c_oflag)
        flagNames(oflag) { Decoding.appendOutputFlags(oflag, to: &$0) }
        field("c_cflag")
        let cflag = UInt64(t.c_cflag)
        flagNames(cflag) { Decoding.appendControlFlags(cflag, to: &$0) }
        field("c_lflag")
        termFlags(UInt64(t.c_lflag), TermiosNames.local)
        guard unabbreviated else { endStructure(abbreviated: true); return }
        // -v (abbrev=none): the line discipline and the kernel's 19 control characters.
        field("c_line")
        if t.c_line == 0 {
            let name = storeText { $0.append("N_TTY") }
            customValue(.constant(0, name)) { $0.append("N_TTY") }
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

    /// strace's printflags with no fallback: nothing at all for zero.
    mutating func termFlags(_ value: UInt64, _ table: [NamedConstant]) {
        flagNames(value) { out in
            guard value != 0 else { return }
            out.appendFlags(value, in: table)
        }
    }

    /// A flag set printed by its names whatever `-X` asks (termios's, as
    /// strace prints them). A general emitter.
    mutating func flagNames(_ value: UInt64, _ names: (inout OutputBuffer) -> Void) {
        let span = storeText(names)
        customValue(.flags(value, span), names)
    }

    /// c_oflag: the delay fields by name (`NL0|CR0|TAB0|BS0|VT0|FF0|`), then the flags.
    static func appendOutputFlags(_ value: UInt64, to out: inout OutputBuffer) {
        var rest = value
        for field in TermiosNames.delays {
            let shift = UInt64(field.mask.trailingZeroBitCount)
            let index = Int((value & field.mask) >> shift)
            out.append(field.names[index])
            out.append("|")
            rest &= ~field.mask
        }
        var first = true
        for (bit, name) in TermiosNames.output where rest & bit != 0 {
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

    /// c_cflag: the speed, the character size, then the flags.
    static func appendControlFlags(_ value: UInt64, to out: inout OutputBuffer) {
        let speed = value & UInt64(CBAUD)
        if let name = TermiosNames.speeds.first(where: { $0.0 == speed }) { out.append(name.1) } else { out.append(hex: speed) }
        out.append("|")
        out.append(TermiosNames.sizes[Int((value & UInt64(CSIZE)) >> UInt64(UInt64(CSIZE).trailingZeroBitCount))])
        out.append("|")
        var rest = value & ~(UInt64(CBAUD) | UInt64(CSIZE))
        var first = true
        for (bit, name) in TermiosNames.control where rest & bit != 0 {
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
