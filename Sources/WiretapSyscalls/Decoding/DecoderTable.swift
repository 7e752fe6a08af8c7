/// A family's decoders by syscall, written as a dictionary literal
/// (`.openat: SyscallDecoder { ... }`) but kept as the pairs in their order:
/// a syscall listed twice is reported by `DecoderTable.duplicates()` rather
/// than trapping or silently replacing the other.
import WiretapCore
struct DecoderFamily: ExpressibleByDictionaryLiteral, Sendable {
    let entries: [(syscall: Syscall, decoder: SyscallDecoder)]

    init(dictionaryLiteral elements: (Syscall, SyscallDecoder)...) {
        entries = elements.map { (syscall: $0.0, decoder: $0.1) }
    }
}

extension Syscall {
    /// This syscall's number in `arch`, by its name there (nil if that ABI has none).
    func number(in arch: AuditArch) -> Int? {
        if arch == .x86_64 { return number }
        return SyscallTable.number(of: name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }, arch: arch)
    }
}

/// Decoders by syscall number, for the native ABI.
package enum DecoderTable {
    /// Every family of decoders.
    static let families: [DecoderFamily] = [
        StartupDecoders.all,
        FileDecoders.all,
        StatDecoders.all,
        FcntlDecoders.all,
        IoctlDecoders.all,
        DirectoryDecoders.all,
        LinkDecoders.all,
        FileAttributeDecoders.all,
        XattrDecoders.all,
        ProcessDecoders.all,
        NetworkDecoders.all,
        PollingDecoders.all,
        MemoryDecoders.all,
        MemoryPolicyDecoders.all,
        SignalDecoders.all,
        DataCallDecoders.all,
        AdminDecoders.all,
        IPCDecoders.all,
        TimeDecoders.all,
        PtraceDecoders.all,
        PrctlDecoders.all,
        BPFDecoders.all,
        KernelInterfaceDecoders.all,
        AsyncIODecoders.all,
    ]

    /// The syscalls with more than one decoder (in two families, or twice in
    /// one), by name; the table keeps the first. Empty, or it is a mistake.
    static func duplicates(in families: [DecoderFamily] = families) -> [String] {
        var seen = Set<Syscall>()
        var duplicated: [Syscall] = []
        for family in families {
            for entry in family.entries where !seen.insert(entry.syscall).inserted && !duplicated.contains(entry.syscall) {
                duplicated.append(entry.syscall)
            }
        }
        return duplicated.map { $0.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
    }

    /// Indexed by native number; where a syscall has two decoders (see
    /// `duplicates()`), the first family's.
    static let native: [SyscallDecoder?] = {
        let names = SyscallTable.names(for: .native)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        for family in families {
            for (syscall, decoder) in family.entries {
                guard let number = syscall.number(in: .native), number < table.count, table[number] == nil else { continue }
                table[number] = decoder
            }
        }
        return table
    }()

    /// Calls of the 32-bit compat ABI (i386 on x86_64) decoded by the native
    /// decoder of the same name: those whose arguments are ints, descriptors,
    /// strings, flags and sizes, which mean the same in both ABIs once the
    /// kernel has zero-extended the registers. Calls with structures, longs
    /// (offsets), 64-bit values split across registers or arrays of pointers
    /// (execve's argv) are printed raw instead.
    static let compatLayoutIndependent: [Syscall] = [
        .read, .write, .open, .close, .creat, .link, .unlink, .chdir, .chmod, .access, .kill,
        .rename, .mkdir, .rmdir, .dup, .pipe, .umask, .dup2, .symlink, .readlink, .fchmod,
        .fchdir, .fsync, .fdatasync, .exit, .exit_group, .openat, .mkdirat, .unlinkat, .renameat,
        .renameat2, .linkat, .symlinkat, .readlinkat, .fchmodat, .faccessat, .faccessat2, .dup3,
        .pipe2, .getcwd, .brk, .munmap, .mprotect, .tkill, .tgkill, .getrandom, .chroot,
    ]

    static let compat: [SyscallDecoder?] = {
        guard let arch = SyscallSet.compat else { return [] }
        let names = SyscallTable.names(for: arch)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        for syscall in compatLayoutIndependent {
            guard let number = syscall.number(in: arch),
                  let nativeNumber = syscall.number(in: .native) else { continue }
            table[number] = native[nativeNumber]
        }
        return table
    }()

    package static func decoder(for number: Int, arch: AuditArch) -> SyscallDecoder? {
        guard number >= 0 else { return nil }
        if arch == .native { return number < native.count ? native[number] : nil }
        guard arch == SyscallSet.compat, number < compat.count else { return nil }
        return compat[number]
    }
}
