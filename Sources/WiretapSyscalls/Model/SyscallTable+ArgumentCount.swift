import WiretapCore

extension SyscallTable {
    /// How many arguments strace prints for an undecoded syscall (6 where unknown).
    public static func argumentCount(of number: Int, arch: AuditArch = .native) -> Int {
        let counts: [Int8]
        switch arch {
        case .x86_64: counts = SyscallClasses.x86_64ArgumentCounts
        case .i386: counts = SyscallClasses.i386ArgumentCounts
        default: return 6
        }
        guard number >= 0, number < counts.count, counts[number] >= 0 else { return 6 }
        return Int(counts[number])
    }
}

extension SyscallTable {
    /// `arguments` as the kernel reads them: the ones the call takes as 32
    /// bits (an int, a mode_t...) with the register's upper half cleared, so
    /// that `mkdir("x", 0x100000000)` prints mode 000 as strace does.
    /// Signed ones are then read back with `Int32(truncatingIfNeeded:)`.
    package static func narrowed(_ arguments: SyscallArguments, number: Int, arch: AuditArch) -> SyscallArguments {
        guard arch == .x86_64, number >= 0, number < SyscallClasses.x86_64Int32Arguments.count else { return arguments }
        let mask = SyscallClasses.x86_64Int32Arguments[number]
        guard mask != 0 else { return arguments }
        var result = arguments
        if mask & 0x01 != 0 { result.a0 &= 0xffff_ffff }
        if mask & 0x02 != 0 { result.a1 &= 0xffff_ffff }
        if mask & 0x04 != 0 { result.a2 &= 0xffff_ffff }
        if mask & 0x08 != 0 { result.a3 &= 0xffff_ffff }
        if mask & 0x10 != 0 { result.a4 &= 0xffff_ffff }
        if mask & 0x20 != 0 { result.a5 &= 0xffff_ffff }
        return result
    }
}
