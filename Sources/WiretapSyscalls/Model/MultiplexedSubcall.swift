import WiretapCore

/// A call an i386 tracee makes through the `socketcall` or `ipc`
/// multiplexer (glibc still uses them). strace shows, selects (`-e
/// trace=bind`, `%network`) and names such a call as its sub-call; only a
/// sub-call it does not know stays `socketcall`/`ipc`.
public struct MultiplexedSubcall: Sendable, Hashable {
    /// The position in `names`: socketcall's call numbers 1...20, then
    /// ipc's call numbers (1...24) after `ipcBase`.
    public let index: Int

    /// The sub-call's name: `bind`, `semop`.
    public var name: String { Self.names[index] }

    /// Where ipc's calls start among the indexes (socketcall's come first).
    static let ipcBase = 21
    public static let count = ipcBase + 25

    /// Names by index ("" where there is no call), from linux/net.h's
    /// `SYS_BIND` and linux/ipc.h's `SEMOP`.
    static let names: [String] = {
        var names = [String](repeating: "", count: count)
        for call in Constants.socketcallCalls where call.value > 0 && call.value < Int64(ipcBase) {
            names[Int(call.value)] = String(call.name.description.dropFirst(4)).lowercased()
        }
        for call in Constants.ipcCalls where call.value > 0 && call.value < Int64(count - ipcBase) {
            names[ipcBase + Int(call.value)] = call.name.description.lowercased()
        }
        return names
    }()

    /// The sub-call of a call, or nil when it is not a multiplexed one
    /// (another ABI, another call, or a sub-call number nobody knows).
    public init?(number: Int, arch: AuditArch, firstArgument: UInt64) {
        guard arch == .i386 else { return nil }
        let index: Int
        switch number {
        case Self.socketcallNumber:
            let call = firstArgument & 0xffff_ffff
            guard call > 0 && call < UInt64(Self.ipcBase) else { return nil }
            index = Int(call)
        case Self.ipcNumber:
            // IPCCALL(version, call): the version in the upper half.
            let call = firstArgument & 0xffff
            guard call > 0 && call < UInt64(Self.count - Self.ipcBase) else { return nil }
            index = Self.ipcBase + Int(call)
        default:
            return nil
        }
        guard !Self.names[index].isEmpty else { return nil }
        self.index = index
    }

    /// The sub-call of a syscall entry, if it is a multiplexed one. With
    /// `memory`, a socketcall whose argument array cannot be read stays
    /// `socketcall`, as strace leaves it (the array is read again, from
    /// the stop's cache, when the call is decoded).
    public init?(_ entry: SyscallEntry, memory: RemoteMemory? = nil) {
        self.init(number: entry.number, arch: entry.arch, firstArgument: entry.arguments[0])
        if index < Self.ipcBase, let memory {
            let size = argumentCount * 4
            let readable = withUnsafeTemporaryAllocation(byteCount: 24, alignment: 8) { buffer in
                (try? memory.readExactly(from: entry.arguments[1], into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<size]))) != nil
            }
            if !readable { return nil }
        }
    }

    /// How many arguments a socketcall sub-call reads from its array: the
    /// count strace prints for the call of that name (send and recv, which
    /// have no syscall of their own, take four). Zero for an ipc call.
    public var argumentCount: Int { Self.argumentCounts[index] }

    static let argumentCounts: [Int] = names.enumerated().map { index, name in
        guard index < ipcBase, !name.isEmpty else { return 0 }
        if name == "send" || name == "recv" { return 4 }
        if let number = SyscallTable.number(of: name, arch: .i386) {
            return min(6, max(0, SyscallTable.argumentCount(of: number, arch: .i386)))
        }
        if let number = SyscallTable.number(of: name, arch: .x86_64) {
            return min(6, max(0, SyscallTable.argumentCount(of: number, arch: .x86_64)))
        }
        return 0
    }

    /// The sub-call at `index`, if there is one.
    public init?(index: Int) {
        guard index >= 0, index < Self.count, !Self.names[index].isEmpty else { return nil }
        self.index = index
    }

    /// The classes strace gives the sub-calls: %network, %ipc, and %memory
    /// for shmat and shmdt too.
    var classes: SyscallClass {
        if index < Self.ipcBase { return .network }
        let call = Int64(index - Self.ipcBase)
        return call == Constants.SHMAT || call == Constants.SHMDT ? [.ipc, .memory] : .ipc
    }

    public static let socketcallNumber = SyscallTable.number(of: "socketcall", arch: .i386) ?? -1
    public static let ipcNumber = SyscallTable.number(of: "ipc", arch: .i386) ?? -1
}
