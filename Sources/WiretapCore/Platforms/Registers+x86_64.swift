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

    /// The register block as PTRACE_GETREGSET and PTRACE_SETREGSET
    /// (NT_PRSTATUS) exchange it with this tracee: the kernel picks the view
    /// by the tracee's code segment, and a 32-bit program's is i386's
    /// `user_regs_struct` (17 words, 68 bytes). A 64-bit program calling
    /// `int $0x80` keeps the 64-bit view.
    static let i386KernelSize = 17 * 4

    /// Registers the kernel returned in `count` bytes: i386's layout (ebx,
    /// ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, orig_eax, eip, cs,
    /// eflags, esp, ss) is moved into the 64-bit one, so that every accessor
    /// reads the same fields for both. eax and orig_eax are sign-extended
    /// (-ENOENT, -1), as the kernel does for a 32-bit task's syscalls.
    mutating func adoptKernelLayout(count: Int) {
        guard count == Self.i386KernelSize else { return }
        let w = withUnsafeBytes(of: raw) { Array($0.bindMemory(to: UInt32.self).prefix(17)) }
        func signExtended(_ value: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: value))) }
        var wide = user_regs_struct()
        wide.rbx = UInt64(w[0]); wide.rcx = UInt64(w[1]); wide.rdx = UInt64(w[2])
        wide.rsi = UInt64(w[3]); wide.rdi = UInt64(w[4]); wide.rbp = UInt64(w[5])
        wide.rax = signExtended(w[6])
        wide.ds = UInt64(w[7]); wide.es = UInt64(w[8]); wide.fs = UInt64(w[9]); wide.gs = UInt64(w[10])
        wide.orig_rax = signExtended(w[11])
        wide.rip = UInt64(w[12]); wide.cs = UInt64(w[13]); wide.eflags = UInt64(w[14])
        wide.rsp = UInt64(w[15]); wide.ss = UInt64(w[16])
        raw = wide
    }

    /// The i386 layout of these registers (for a 32-bit tracee's
    /// PTRACE_SETREGSET), or nil for a 64-bit tracee.
    func kernelLayoutI386() -> [UInt32]? {
        guard audit == .i386 else { return nil }
        let r = raw
        return [r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, r.rax, r.ds, r.es, r.fs, r.gs,
                r.orig_rax, r.rip, r.cs, r.eflags, r.rsp, r.ss].map { UInt32(truncatingIfNeeded: $0) }
    }
}
#endif
