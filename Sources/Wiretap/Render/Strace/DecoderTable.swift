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

    static func decoder(for number: Int, arch: AuditArch) -> SyscallDecoder? {
        guard arch == .native, number >= 0, number < native.count else { return nil }
        return native[number]
    }
}
