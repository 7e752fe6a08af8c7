/// Decoders by syscall number, for the native ABI.
enum DecoderTable {
    /// Every family of decoders.
    static let families: [[String: SyscallDecoder]] = [
        StartupDecoders.all,
        FileDecoders.all,
        ProcessDecoders.all,
        NetworkDecoders.all,
        PollingDecoders.all,
        MemoryDecoders.all,
        SignalDecoders.all,
        DataCallDecoders.all,
    ]

    static let native: [SyscallDecoder?] = {
        let names = SyscallTable.names(for: .native)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        for family in families {
            for (name, decoder) in family {
                if let number = SyscallTable.number(of: name) { table[number] = decoder }
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
    static let compatLayoutIndependent: [String] = [
        "read", "write", "open", "close", "creat", "link", "unlink", "chdir", "chmod", "access", "kill",
        "rename", "mkdir", "rmdir", "dup", "pipe", "umask", "dup2", "symlink", "readlink", "fchmod",
        "fchdir", "fsync", "fdatasync", "exit", "exit_group", "openat", "mkdirat", "unlinkat", "renameat",
        "renameat2", "linkat", "symlinkat", "readlinkat", "fchmodat", "faccessat", "faccessat2", "dup3",
        "pipe2", "getcwd", "brk", "munmap", "mprotect", "tkill", "tgkill", "getrandom", "chroot",
    ]

    static let compat: [SyscallDecoder?] = {
        guard let arch = SyscallSet.compat else { return [] }
        let names = SyscallTable.names(for: arch)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        for name in compatLayoutIndependent {
            guard let number = SyscallTable.number(of: name, arch: arch),
                  let nativeNumber = SyscallTable.number(of: name) else { continue }
            table[number] = native[nativeNumber]
        }
        return table
    }()

    static func decoder(for number: Int, arch: AuditArch) -> SyscallDecoder? {
        guard number >= 0 else { return nil }
        if arch == .native { return number < native.count ? native[number] : nil }
        guard arch == SyscallSet.compat, number < compat.count else { return nil }
        return compat[number]
    }
}
