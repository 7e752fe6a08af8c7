#if arch(x86_64)
import CWiretap
import Glibc
import SystemPackage

/// The x86 debug registers of one thread: DR0-DR3 hold addresses, DR7
/// enables them and says what each watches, DR6 says which one fired.
///
/// The corresponding ptrace requests are `PTRACE_PEEKUSER` and
/// `PTRACE_POKEUSER` at `offsetof(struct user, u_debugreg[N])`.
public enum DebugRegisters {
    /// What a slot watches (DR7's R/W field).
    public enum Access: UInt64, Sendable, Hashable {
        /// Instruction execution (a hardware breakpoint; length 1).
        case execute = 0b00
        /// Data writes.
        case write = 0b01
        /// Data reads or writes.
        case readWrite = 0b11
    }

    /// How many address slots there are (DR0-DR3).
    public static let slotCount = 4

    /// DR7's LEN field for a length of 1, 2, 4 or 8 bytes; nil for another.
    static func lengthBits(_ length: Int) -> UInt64? {
        switch length {
        case 1: 0b00
        case 2: 0b01
        case 4: 0b11
        case 8: 0b10
        default: nil
        }
    }

    /// DR7 with slot `slot` enabled (locally) for `access` of `length` bytes.
    public static func control(_ dr7: UInt64, enabling slot: Int, access: Access, length: Int) -> UInt64? {
        guard slot >= 0, slot < slotCount, let lengthBits = lengthBits(access == .execute ? 1 : length) else { return nil }
        let shift = UInt64(16 + slot * 4)
        var value = dr7 & ~(UInt64(0b1111) << shift) & ~(UInt64(0b11) << UInt64(slot * 2))
        value |= (access.rawValue | lengthBits << 2) << shift
        value |= UInt64(1) << UInt64(slot * 2)  // L0..L3
        return value
    }

    /// DR7 with slot `slot` disabled.
    public static func control(_ dr7: UInt64, disabling slot: Int) -> UInt64 {
        guard slot >= 0, slot < slotCount else { return dr7 }
        let shift = UInt64(16 + slot * 4)
        return dr7 & ~(UInt64(0b1111) << shift) & ~(UInt64(0b11) << UInt64(slot * 2))
    }

    private static func offset(_ register: Int) -> Int { Int(WT_USER_DEBUGREG_OFFSET) + register * 8 }

    /// Debug register `register` (0-7) of thread `tid`.
    public static func read(_ tid: pid_t, register: Int) throws(Errno) -> UInt64 {
        try Ptrace.peekUser(tid, offset: offset(register))
    }

    /// Sets debug register `register` (0-7) of thread `tid`. The kernel
    /// refuses a DR7 that enables a slot whose address is not a user one
    /// (EINVAL), and checks alignment against the length.
    public static func write(_ tid: pid_t, register: Int, value: UInt64) throws(Errno) {
        try Ptrace.pokeUser(tid, offset: offset(register), word: value)
    }

    /// The slots DR6 reports as hit (its B0-B3 bits).
    public static func hitSlots(status dr6: UInt64) -> [Int] {
        (0..<slotCount).filter { dr6 & (UInt64(1) << UInt64($0)) != 0 }
    }
}
#endif
