#if arch(arm64)
import Glibc

/// The general-purpose registers of a stopped tracee (aarch64: `user_regs_struct`).
public struct Registers: Sendable {
    /// The kernel's register block, for fields without an accessor here.
    public var raw = user_regs_struct()

    public init() {}

    private func x(_ n: Int) -> UInt64 {
        withUnsafeBytes(of: raw.regs) { $0.load(fromByteOffset: n * 8, as: UInt64.self) }
    }

    private mutating func setX(_ n: Int, _ value: UInt64) {
        withUnsafeMutableBytes(of: &raw.regs) { $0.storeBytes(of: value, toByteOffset: n * 8, as: UInt64.self) }
    }

    /// The program counter (`pc`).
    public var instructionPointer: UInt64 {
        get { UInt64(raw.pc) } set { raw.pc = newValue }
    }
    /// The stack pointer (`sp`).
    public var stackPointer: UInt64 {
        get { UInt64(raw.sp) } set { raw.sp = newValue }
    }
    /// The syscall number (`x8`).
    public var syscallNumber: UInt64 {
        get { x(8) } set { setX(8, newValue) }
    }
    /// The return value register (`x0`). At a syscall exit it has replaced the
    /// first argument: only PTRACE_GET_SYSCALL_INFO's entry record keeps that.
    public var returnValue: UInt64 {
        get { x(0) } set { setX(0, newValue) }
    }
    /// The six syscall argument registers `x0`-`x5`.
    public var syscallArguments: SyscallArguments {
        SyscallArguments(x(0), x(1), x(2), x(3), x(4), x(5))
    }
    /// The syscall ABI the tracee is using.
    public var audit: AuditArch { .aarch64 }

    /// Registers the kernel returned in `count` bytes. 32-bit (AArch32)
    /// tracees are not supported here: nothing to convert.
    mutating func adoptKernelLayout(count: Int) {}

    /// The 32-bit layout for PTRACE_SETREGSET: none on aarch64 here.
    func kernelLayoutI386() -> [UInt32]? { nil }
}
#endif
