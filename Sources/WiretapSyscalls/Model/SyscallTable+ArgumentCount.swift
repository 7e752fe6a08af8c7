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
    /// bits (an int...) with the register's upper half cleared, the ones it
    /// takes as 16 (a umode_t) with all but the low 16 bits cleared, so that
    /// `mkdir("x", 0x100000000)` prints mode 000 as strace does. Signed ones
    /// are then read back with `Int32(truncatingIfNeeded:)`.
    package static func narrowed(_ arguments: SyscallArguments, number: Int, arch: AuditArch) -> SyscallArguments {
        guard arch == .x86_64, number >= 0, number < SyscallClasses.x86_64NarrowArguments.count else { return arguments }
        let mask = SyscallClasses.x86_64NarrowArguments[number]
        guard mask != 0 else { return arguments }
        func narrow(_ value: inout UInt64, _ i: Int) {
            if mask & (0x100 << i) != 0 { value &= 0xffff } else if mask & (1 << i) != 0 { value &= 0xffff_ffff }
        }
        var result = arguments
        narrow(&result.a0, 0)
        narrow(&result.a1, 1)
        narrow(&result.a2, 2)
        narrow(&result.a3, 3)
        narrow(&result.a4, 4)
        narrow(&result.a5, 5)
        return result
    }
}
