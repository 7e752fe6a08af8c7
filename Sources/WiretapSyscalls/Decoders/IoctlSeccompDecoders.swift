import WiretapCore

/// The seccomp user notification ioctls (type '!', strace's seccomp_ioctl.c):
/// SECCOMP_IOCTL_NOTIF_RECV's `struct seccomp_notif` (what the caller left
/// in it at entry unless all zeros, ` => ` what the kernel wrote), NOTIF_SEND's
/// `struct seccomp_notif_resp`, NOTIF_ADDFD's `struct seccomp_notif_addfd`
/// and NOTIF_ID_VALID's id (also under the wrong-direction code strace names).
extension Decoding {
    /// SECCOMP_IOCTL_NOTIF_ID_VALID as old headers spelt it (`_IOR('!', 2, __u64)`).
    static let seccompNotifIDValidWrongDirection: UInt32 = (2 << 30) | (8 << 16) | (0x21 << 8) | 2

    mutating func seccompIoctlEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.SECCOMP_IOCTL_NOTIF_RECV:
            next()
            guard address != 0 else { pointerValue(0); return .done() }
            var bytes: [UInt8] = []
            guard (try? memory.readExactly(from: address, count: 80, into: &bytes, structure: true)) != nil else {
                unreadable(address)
                return .done()
            }
            // A zeroed structure is printed once, at exit.
            if !bytes.contains(where: { $0 != 0 }) { return .continuesAtExit }
            beginOffsetPair()
            seccompNotif(bytes)
            offsetPairSeparator()
            return .continuesAtExit
        case R.SECCOMP_IOCTL_NOTIF_SEND:
            next()
            guard let bytes = structureBytes(at: address, count: 24) else { return .done() }
            beginStructure()
            field("id"); hexValue(Self.uint64(bytes, 0))
            field("val"); signedValue(Int64(bitPattern: Self.uint64(bytes, 8)))
            field("error"); negatedErrnoValue(Self.int32(bytes, 16))
            field("flags")
            flagsValue(UInt64(UInt32(bitPattern: Self.int32(bytes, 20))), Constants.seccompNotifyResponseFlags,
                       unknown: "SECCOMP_USER_NOTIF_FLAG_???")
            endStructure()
            return .done()
        case R.SECCOMP_IOCTL_NOTIF_ID_VALID, Self.seccompNotifIDValidWrongDirection:
            next()
            guard address != 0 else { pointerValue(0); return .done() }
            guard let id = try? memory.load(UInt64.self, from: address) else { unreadable(address); return .done() }
            beginArray(); hexValue(id); endArray()
            return .done()
        case R.SECCOMP_IOCTL_NOTIF_ADDFD:
            next()
            guard let bytes = structureBytes(at: address, count: 24) else { return .done() }
            beginStructure()
            field("id"); hexValue(Self.uint64(bytes, 0))
            field("flags")
            flagsValue(UInt64(UInt32(bitPattern: Self.int32(bytes, 8))), Constants.seccompAddfdFlags,
                       unknown: "SECCOMP_ADDFD_FLAG_???")
            field("srcfd"); fdValue(Self.int32(bytes, 12))
            field("newfd"); signedValue(Self.int32(bytes, 16))
            field("newfd_flags")
            flagsValue(UInt64(UInt32(bitPattern: Self.int32(bytes, 20))), Constants.openFlags, unknown: "O_???")
            endStructure()
            return .done()
        default:
            return nil
        }
    }

    /// NOTIF_RECV's exit: the structure the kernel wrote, or its address when the call failed.
    mutating func seccompIoctlExit(_ request: UInt32) -> ReturnFormat? {
        guard request == IoctlRequest.SECCOMP_IOCTL_NOTIF_RECV else { return nil }
        resumeArgument()
        defer { endOffsetPair() }
        let address = arg(2)
        var bytes: [UInt8] = []
        if failed || (try? memory.readExactly(from: address, count: 80, into: &bytes, structure: true)) == nil {
            pointerValue(address)
        } else {
            seccompNotif(bytes)
        }
        return .decimal
    }

    /// `{id=0x..., pid=N, flags=0, data={nr=__NR_getpid, arch=AUDIT_ARCH_X86_64, instruction_pointer=0x..., args=[...]}}`.
    mutating func seccompNotif(_ bytes: [UInt8]) {
        beginStructure()
        field("id"); hexValue(Self.uint64(bytes, 0))
        field("pid"); pidValue(Self.int32(bytes, 8))
        field("flags"); hexValue(UInt64(UInt32(bitPattern: Self.int32(bytes, 12))))
        field("data")
        let arch = UInt32(bitPattern: Self.int32(bytes, 20))
        beginStructure()
        field("nr"); seccompSyscallName(UInt32(bitPattern: Self.int32(bytes, 16)), arch: arch)
        field("arch"); auditArchValue(arch)
        field("instruction_pointer"); pointerValue(Self.uint64(bytes, 24))
        field("args")
        let shown = unabbreviated ? 6 : min(6, max(0, format.stringLimit))
        beginArray()
        for index in 0..<shown { hexValue(Self.uint64(bytes, 32 + 8 * index)) }
        endArray(cut: shown < 6)
        endStructure()
        endStructure()
    }

    /// strace's PRINT_FIELD_SYSCALL_NAME: `__NR_getpid` (the number under -X),
    /// the number commented with the name for an arch strace has no prefix for.
    mutating func seccompSyscallName(_ number: UInt32, arch: UInt32) {
        syscallNameValue(UInt64(number), arch: arch)
    }

}
