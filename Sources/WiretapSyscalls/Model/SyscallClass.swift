/// strace's syscall classes, for `-e trace=%CLASS`.
import WiretapCore
public struct SyscallClass: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    // The bit order is Tools/gen-syscall-classes.py's CLASSES list.
    public static let desc = SyscallClass(rawValue: 1 << 0)
    public static let file = SyscallClass(rawValue: 1 << 1)
    public static let ipc = SyscallClass(rawValue: 1 << 2)
    public static let network = SyscallClass(rawValue: 1 << 3)
    public static let process = SyscallClass(rawValue: 1 << 4)
    public static let signal = SyscallClass(rawValue: 1 << 5)
    public static let memory = SyscallClass(rawValue: 1 << 6)
    public static let stat = SyscallClass(rawValue: 1 << 7)
    public static let lstat = SyscallClass(rawValue: 1 << 8)
    public static let fstat = SyscallClass(rawValue: 1 << 9)
    public static let anyStat = SyscallClass(rawValue: 1 << 10)
    public static let statfs = SyscallClass(rawValue: 1 << 11)
    public static let fstatfs = SyscallClass(rawValue: 1 << 12)
    public static let anyStatfs = SyscallClass(rawValue: 1 << 13)
    public static let pure = SyscallClass(rawValue: 1 << 14)
    public static let creds = SyscallClass(rawValue: 1 << 15)
    public static let clock = SyscallClass(rawValue: 1 << 16)

    /// The class named in `-e trace=%NAME` (`file`, `net`, `%stat`...).
    public init?(straceName: String) {
        switch straceName {
        case "desc": self = .desc
        case "file": self = .file
        case "ipc": self = .ipc
        case "net", "network": self = .network
        case "process": self = .process
        case "signal": self = .signal
        case "memory": self = .memory
        case "stat": self = .stat
        case "lstat": self = .lstat
        case "fstat": self = .fstat
        case "%stat": self = .anyStat
        case "statfs": self = .statfs
        case "fstatfs": self = .fstatfs
        case "%statfs": self = .anyStatfs
        case "pure": self = .pure
        case "creds": self = .creds
        case "clock": self = .clock
        default: return nil
        }
    }
}

extension SyscallTable {
    /// The classes of syscall `number` (x86_64 and i386; none for other ABIs).
    public static func classes(of number: Int, arch: AuditArch = .native) -> SyscallClass {
        let classes: [UInt32]
        switch arch {
        case .x86_64: classes = SyscallClasses.x86_64Classes
        case .i386: classes = SyscallClasses.i386Classes
        default: return []
        }
        guard number >= 0, number < classes.count else { return [] }
        return SyscallClass(rawValue: classes[number])
    }
}
