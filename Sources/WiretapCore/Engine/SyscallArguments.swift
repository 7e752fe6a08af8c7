import CWiretap

/// The six raw argument registers of a syscall.
public struct SyscallArguments: Sendable, Hashable {
    public var a0, a1, a2, a3, a4, a5: UInt64

    @inlinable public init(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) {
        (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5) = (a0, a1, a2, a3, a4, a5)
    }

    /// The argument at `index` (0-5).
    @inlinable public subscript(index: Int) -> UInt64 {
        switch index {
        case 0: a0
        case 1: a1
        case 2: a2
        case 3: a3
        case 4: a4
        default: a5
        }
    }
}

/// A syscall ABI, identified by its `AUDIT_ARCH_*` value as seccomp and
/// PTRACE_GET_SYSCALL_INFO report it.
public struct AuditArch: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let x86_64 = AuditArch(rawValue: WT_AUDIT_ARCH_X86_64)
    public static let i386 = AuditArch(rawValue: WT_AUDIT_ARCH_I386)
    public static let aarch64 = AuditArch(rawValue: WT_AUDIT_ARCH_AARCH64)

    /// The ABI of this build of Wiretap.
    public static var native: AuditArch {
        #if arch(x86_64)
        .x86_64
        #elseif arch(arm64)
        .aarch64
        #else
        AuditArch(rawValue: 0)
        #endif
    }

    public var description: String {
        switch self {
        case .x86_64: "x86_64"
        case .i386: "i386"
        case .aarch64: "aarch64"
        default: "audit-arch-0x" + String(rawValue, radix: 16)
        }
    }
}

/// Syscall names by ABI and number, from the generated tables.
public enum SyscallTable {
    package static func names(for arch: AuditArch) -> [StaticString] {
        switch arch {
        case .i386: SyscallNames.i386
        case .aarch64: SyscallNames.aarch64
        default: SyscallNames.x86_64
        }
    }

    /// The name of syscall `number` in `arch`, or nil if the number is unassigned.
    public static func name(of number: Int, arch: AuditArch = .native) -> StaticString? {
        let table = names(for: arch)
        guard number >= 0, number < table.count, table[number].utf8CodeUnitCount > 0 else { return nil }
        return table[number]
    }

    /// restart_syscall's number in the native ABI.
    package static let restartSyscall = number(of: "restart_syscall") ?? -1

    /// The number of the syscall called `name` in `arch`.
    public static func number(of name: String, arch: AuditArch = .native) -> Int? {
        switch arch {
        case .x86_64: numbersX86_64[name]
        case .i386: numbersI386[name]
        case .aarch64: numbersAArch64[name]
        default: nil
        }
    }

    /// Built once: looking names up one by one costs a string per entry.
    private static func numbers(_ table: [StaticString]) -> [String: Int] {
        var result: [String: Int] = [:]
        result.reserveCapacity(table.count)
        for (number, name) in table.enumerated() where name.utf8CodeUnitCount > 0 {
            let text = name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            if result[text] == nil { result[text] = number }
        }
        return result
    }
    private static let numbersX86_64 = numbers(SyscallNames.x86_64)
    private static let numbersI386 = numbers(SyscallNames.i386)
    private static let numbersAArch64 = numbers(SyscallNames.aarch64)
}
