import Glibc
import WiretapCore

/// Decoders of descriptor control and locks: fcntl (its commands, flags,
/// `struct flock` and owners) and flock.
enum FcntlDecoders {
    static let all: DecoderFamily = [
        .fcntl: SyscallDecoder(entry: { d in d.fcntlEntry() }, exit: { d in d.fcntlExit() }),
        .flock: SyscallDecoder { d in
            d.fd(0)
            d.flags(1, Constants.flockCommands, unknown: "LOCK_???")
            return .done()
        },
    ]
}

extension Decoding {
    /// The command's name; its argument when known at entry.
    mutating func fcntlEntry() -> EntryResult {
        fd(0)
        next()
        namedValue(Int64(Int32(truncatingIfNeeded: arg(1))), Constants.fcntlCommands, unknown: "F_???")
        let command = Int32(truncatingIfNeeded: arg(1))
        switch command {
        case F_SETFD:
            // strace reads flag arguments as unsigned ints.
            next()
            flagsValue(arg(2) & 0xffff_ffff, Constants.descriptorFlags, unknown: "FD_???")
        case F_SETOWN, FcntlCommand.setPipeSize:
            decimal(2)
        case F_DUPFD, FcntlCommand.dupCloexec:
            decimal(2)
            return .done(.fd)
        case F_SETFL:
            statusFlags(2)
        case F_SETLK, F_SETLKW, FcntlCommand.ofdSetLock, FcntlCommand.ofdSetLockWait:
            next()
            flock(at: arg(2), getlk: false)
        case FcntlCommand.notify:
            flags(2, Constants.notifyFlags)
        case FcntlCommand.setLease:
            named(2, Constants.lockTypes)
        case FcntlCommand.addSeals:
            flags(2, Constants.sealFlags)
        case FcntlCommand.setOwnerEx:
            next()
            ownerEx(at: arg(2))
        case F_GETOWN, FcntlCommand.getPipeSize:
            break
        case F_GETFD, F_GETFL, FcntlCommand.getLease, FcntlCommand.getSeals, F_GETLK, FcntlCommand.ofdGetLock, FcntlCommand.getOwnerEx:
            return .atExit
        default:
            hex(2)
        }
        return .done()
    }

    mutating func fcntlExit() -> ReturnFormat {
        let command = Int32(truncatingIfNeeded: arg(1))
        switch command {
        case F_GETLK, FcntlCommand.ofdGetLock:
            next()
            flock(at: arg(2), getlk: true)
            return .decimal
        case FcntlCommand.getOwnerEx:
            next()
            ownerEx(at: arg(2))
            return .decimal
        default:
            break
        }
        guard !failed else { return .decimal }
        let style = format.constants
        switch command {
        case F_GETFD where result != 0:
            resultPrinter = { value, out in
                out.append(hex: UInt64(bitPattern: value))
                guard style != .raw else { return }
                out.append(" (flags ")
                out.appendFlags(UInt64(bitPattern: value), in: Constants.descriptorFlags)
                out.append(")")
            }
        case FcntlCommand.getSeals where result != 0:
            resultPrinter = { value, out in
                out.append(hex: UInt64(bitPattern: value))
                guard style != .raw else { return }
                out.append(" (seals ")
                out.appendFlags(UInt64(bitPattern: value), in: Constants.sealFlags)
                out.append(")")
            }
        case F_GETFL:
            resultPrinter = { value, out in
                if value == 0 { out.append("0") } else { out.append(hex: UInt64(bitPattern: value)) }
                guard style != .raw else { return }
                out.append(" (flags ")
                let flags = UInt64(bitPattern: value)
                _ = out.appendName(of: Int64(flags & 3), in: Constants.openAccessModes)
                if flags & ~3 != 0 {
                    out.append("|")
                    out.appendFlags(flags & ~3, in: Constants.openFlags)
                }
                out.append(")")
            }
        case FcntlCommand.getLease:
            resultPrinter = { value, out in
                if value == 0 { out.append("0") } else { out.append(hex: UInt64(bitPattern: value)) }
                guard style != .raw, Constants.lockTypes.contains(where: { $0.value == value }) else { return }
                out.append(" (")
                _ = out.appendName(of: value, in: Constants.lockTypes)
                out.append(")")
            }
        default:
            return .decimal
        }
        return .custom
    }

    /// `{l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=10[, l_pid=0]}`.
    mutating func flock(at address: UInt64, getlk: Bool) {
        guard address != 0, !(getlk && failed) else { pointerValue(address); return }
        guard let lock = try? memory.load(Glibc.flock.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("l_type")
        namedValue(Int64(lock.l_type), Constants.lockTypes, unknown: "F_???")
        field("l_whence")
        namedValue(Int64(lock.l_whence), Constants.seekWhence, unknown: "SEEK_???")
        field("l_start")
        signedValue(lock.l_start)
        field("l_len")
        signedValue(lock.l_len)
        if getlk {
            field("l_pid")
            signedValue(lock.l_pid)
        }
        endStructure()
    }

    /// `{type=F_OWNER_PID, pid=0}`.
    mutating func ownerEx(at address: UInt64) {
        guard address != 0, !failed else { pointerValue(address); return }
        guard let owner = try? memory.load((Int32, Int32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("type")
        namedValue(Int64(owner.0), Constants.ownerTypes, unknown: "F_OWNER_???")
        field("pid")
        signedValue(owner.1)
        endStructure()
    }

    /// F_SETFL's flags: `O_RDONLY|O_APPEND|O_NONBLOCK`, with no mode argument.
    mutating func statusFlags(_ i: Int) {
        next()
        let value = arg(i)
        symbolic(value) { out in
            _ = out.appendName(of: Int64(value & 3), in: Constants.openAccessModes)
            let rest = value & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
    }
}

/// The fcntl commands glibc's Swift module leaves out (they need _GNU_SOURCE), from the generated table.
enum FcntlCommand {
    static let setPipeSize = Int32(Constants.F_SETPIPE_SZ)
    static let ofdSetLock = Int32(Constants.F_OFD_SETLK)
    static let ofdSetLockWait = Int32(Constants.F_OFD_SETLKW)
    static let notify = Int32(Constants.F_NOTIFY)
    static let setLease = Int32(Constants.F_SETLEASE)
    static let addSeals = Int32(Constants.F_ADD_SEALS)
    static let setOwnerEx = Int32(Constants.F_SETOWN_EX)
    static let getPipeSize = Int32(Constants.F_GETPIPE_SZ)
    static let getLease = Int32(Constants.F_GETLEASE)
    static let getSeals = Int32(Constants.F_GET_SEALS)
    static let ofdGetLock = Int32(Constants.F_OFD_GETLK)
    static let getOwnerEx = Int32(Constants.F_GETOWN_EX)
    static let dupCloexec = Int32(Constants.F_DUPFD_CLOEXEC)
}
