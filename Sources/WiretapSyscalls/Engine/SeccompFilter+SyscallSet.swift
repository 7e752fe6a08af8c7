import CWiretap
import Glibc
import WiretapCore

extension SeccompFilter {
    /// A filter that traces `syscalls` of the native ABI, and every syscall of any other ABI.
    public init(tracing syscalls: SyscallSet) {
        func statement(_ code: UInt16, _ k: UInt32) -> sock_filter { sock_filter(code: code, jt: 0, jf: 0, k: k) }
        func jump(_ code: UInt16, _ k: UInt32, _ jt: UInt8, _ jf: UInt8) -> sock_filter { sock_filter(code: code, jt: jt, jf: jf, k: k) }
        var program: [sock_filter] = [
            statement(WT_BPF_LD_W_ABS, wt_SECCOMP_DATA_ARCH),
            jump(WT_BPF_JEQ_K, AuditArch.native.rawValue, 1, 0),
            statement(WT_BPF_RET_K, wt_SECCOMP_RET_TRACE),
            statement(WT_BPF_LD_W_ABS, wt_SECCOMP_DATA_NR),
        ]
        #if arch(x86_64)
        // x32 calls carry bit 30; trace them all rather than misread them.
        program.append(jump(WT_BPF_JGE_K, 0x4000_0000, 0, 1))
        program.append(statement(WT_BPF_RET_K, wt_SECCOMP_RET_TRACE))
        #endif
        // Numbers past the table are unknown, and strace always shows those.
        let count = SyscallTable.names(for: .native).count
        program.append(jump(WT_BPF_JGE_K, UInt32(count), 0, 1))
        program.append(statement(WT_BPF_RET_K, wt_SECCOMP_RET_TRACE))
        for number in 0..<count where syscalls.contains(number) {
            program.append(jump(WT_BPF_JEQ_K, UInt32(number), 0, 1))
            program.append(statement(WT_BPF_RET_K, wt_SECCOMP_RET_TRACE))
        }
        program.append(statement(WT_BPF_RET_K, wt_SECCOMP_RET_ALLOW))
        self.init(program: program)
    }
}
