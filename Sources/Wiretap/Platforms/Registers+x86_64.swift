#if arch(x86_64)
import Glibc

/// The general-purpose registers of a stopped tracee (x86_64: `user_regs_struct`).
public struct Registers: Sendable {
    /// The kernel's register block, for fields without an accessor here.
    public var raw = user_regs_struct()

    public init() {}

    /// The instruction pointer (`rip`).
    public var instructionPointer: UInt64 {
        get { UInt64(raw.rip) } set { raw.rip = newValue }
    }
    /// The stack pointer (`rsp`).
    public var stackPointer: UInt64 {
        get { UInt64(raw.rsp) } set { raw.rsp = newValue }
    }
    /// The syscall number as the kernel saw it at entry (`orig_rax`).
    public var syscallNumber: UInt64 {
        get { UInt64(raw.orig_rax) } set { raw.orig_rax = newValue }
    }
    /// The return value register (`rax`).
    public var returnValue: UInt64 {
        get { UInt64(raw.rax) } set { raw.rax = newValue }
    }
    /// The six syscall argument registers, in ABI order.
    public var syscallArguments: SyscallArguments {
        if audit == .i386 {
            // The 32-bit ABI: ebx, ecx, edx, esi, edi, ebp, zero-extended.
            return SyscallArguments(raw.rbx & 0xffff_ffff, raw.rcx & 0xffff_ffff, raw.rdx & 0xffff_ffff,
                                    raw.rsi & 0xffff_ffff, raw.rdi & 0xffff_ffff, raw.rbp & 0xffff_ffff)
        }
        return SyscallArguments(raw.rdi, raw.rsi, raw.rdx, raw.r10, raw.r8, raw.r9)
    }
    /// The syscall ABI the tracee is using: a 32-bit code segment means i386.
    public var audit: AuditArch {
        raw.cs == 0x23 ? .i386 : .x86_64
    }
}
#endif
