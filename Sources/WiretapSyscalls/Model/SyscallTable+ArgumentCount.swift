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
