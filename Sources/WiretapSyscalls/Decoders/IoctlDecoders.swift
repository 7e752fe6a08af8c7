import CWiretap
import Glibc
import WiretapCore

/// The ioctl decoder: terminal requests (termios, winsize, the process
/// group), FIONREAD/FIONBIO and the file clone requests; other requests
/// as `_IOC(...)` with their argument in hexadecimal.
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
        guard address != 0, let range = try? memory.load((Int64, UInt64, UInt64, UInt64).self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{src_fd=")
        out.append(decimal: Int32(truncatingIfNeeded: range.0))
        out.append(", src_offset=")
        out.append(decimal: range.1)
        out.append(", src_length=")
        out.append(decimal: range.2)
        out.append(", dest_offset=")
        out.append(decimal: range.3)
        out.append("}")
    }

    mutating func ioctlExit() -> ReturnFormat {
        next()
        let address = arg(2)
        if failed { out.appendPointer(address); return .decimal }
        switch Int32(truncatingIfNeeded: arg(1) & 0xffff_ffff) {
        case TCGETS: termios(at: address)
        case TIOCGWINSZ: winsize(at: address)
        default: int32(at: address)
        }
        return .decimal
    }

    /// The request's name (`TCGETS`, `SNDCTL_TMR_START or TCSETS`), else `_IOC(...)`.
    mutating func ioctlName(_ request: UInt64) {
        let value = Int64(request)
        // Btrfs's clone requests were generalised to all filesystems under new names.
        if request == UInt64(wt_FICLONE) || request == UInt64(wt_FICLONERANGE) {
            symbolic(request) { out in
                out.append(request == UInt64(wt_FICLONE) ? "BTRFS_IOC_CLONE or FICLONE" : "BTRFS_IOC_CLONE_RANGE or FICLONERANGE")
            }
            return
        }
        guard Constants.ttyIoctls.contains(where: { $0.value == value }) else {
            // _IOC(dir, type, nr, size) as strace spells an unknown request.
            let direction = (request >> 30) & 3
            out.append("_IOC(")
            switch direction {
            case 0: out.append("_IOC_NONE")
            case 1: out.append("_IOC_WRITE")
            case 2: out.append("_IOC_READ")
            default: out.append("_IOC_READ|_IOC_WRITE")
            }
            out.append(", ")
            hexValue((request >> 8) & 0xff)
            out.append(", ")
            hexValue(request & 0xff)
            out.append(", ")
            hexValue((request >> 16) & 0x3fff)
            out.append(")")
            return
        }
        symbolic(request) { out in
            // The OSS sequencer's requests share these numbers; strace names both.
            switch Int32(truncatingIfNeeded: request) {
            case TCSETS: out.append("SNDCTL_TMR_START or ")
            case TCSETSW: out.append("SNDCTL_TMR_STOP or ")
            case TCSETSF: out.append("SNDCTL_TMR_CONTINUE or ")
            default: break
            }
            _ = out.appendName(of: value, in: Constants.ttyIoctls)
        }
    }

    /// `[123]` from a C int in the tracee, or its address.
    mutating func int32(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load(Int32.self, from: address) else { out.append(hex: address); return }
        out.append("[")
        out.append(decimal: value)
        out.append("]")
    }

    /// `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`.
    mutating func winsize(at address: UInt64) {
        guard address != 0, let size = try? memory.load(Glibc.winsize.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{ws_row=")
        out.append(decimal: size.ws_row)
        out.append(", ws_col=")
        out.append(decimal: size.ws_col)
        out.append(", ws_xpixel=")
        out.append(decimal: size.ws_xpixel)
        out.append(", ws_ypixel=")
        out.append(decimal: size.ws_ypixel)
        out.append("}")
    }

    /// `{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|...|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|..., ...}`.
    mutating func termios(at address: UInt64) {
        guard address != 0, let t = try? memory.load(Glibc.termios.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{c_iflag=")
        termFlags(UInt64(t.c_iflag), Constants.termInputFlags)
        out.append(", c_oflag=")
        outputFlags(UInt64(t.c_oflag))
        out.append(", c_cflag=")
        controlFlags(UInt64(t.c_cflag))
        out.append(", c_lflag=")
        termFlags(UInt64(t.c_lflag), TermiosNames.local)
        guard unabbreviated else { out.append(", ...}"); return }
        // -v (abbrev=none): the line discipline and the kernel's 19 control characters.
        out.append(", c_line=")
        if t.c_line == 0 { out.append("N_TTY") } else { out.append(decimal: t.c_line) }
        out.append(", c_cc=[")
        for i in 0..<19 {
            if i > 0 { out.append(", ") }
            out.append(byte: UInt8(ascii: "["))
            if i < Self.controlCharacterNames.count { out.append(Self.controlCharacterNames[i]) } else { out.append(decimal: i) }
            out.append("]=")
            hexValue(UInt64(withUnsafeBytes(of: t.c_cc) { $0[i] }))
        }
        out.append("]}")
    }

    /// The names of `c_cc` indexes, as strace prints them.
    static let controlCharacterNames: [StaticString] = [
        "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP", "VSUSP", "VEOL",
        "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
    ]

    /// strace's printflags with no fallback: nothing at all for zero.
    mutating func termFlags(_ value: UInt64, _ table: [NamedConstant]) {
        guard value != 0 else { return }
        out.appendFlags(value, in: table)
    }

    /// c_oflag: the delay fields by name (`NL0|CR0|TAB0|BS0|VT0|FF0|`), then the flags.
    mutating func outputFlags(_ value: UInt64) {
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
    mutating func controlFlags(_ value: UInt64) {
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
