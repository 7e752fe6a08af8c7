#if arch(x86_64)
import Glibc
import WiretapCore

/// x86_64 registers by the names gdb gives them (`rax`, `eflags`, `fs_base`,
/// `pc` and `sp` as aliases), read and written in the kernel's register block.
public enum RegisterNames {
    /// `info registers`' order, as gdb lists the general registers.
    public static let shown = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
                               "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base"]

    /// The field of the kernel's register block named `name`.
    private static func field(_ name: String) -> WritableKeyPath<user_regs_struct, UInt64>? {
        switch name {
        case "rax": \.rax
        case "rbx": \.rbx
        case "rcx": \.rcx
        case "rdx": \.rdx
        case "rsi": \.rsi
        case "rdi": \.rdi
        case "rbp", "fp": \.rbp
        case "rsp", "sp": \.rsp
        case "r8": \.r8
        case "r9": \.r9
        case "r10": \.r10
        case "r11": \.r11
        case "r12": \.r12
        case "r13": \.r13
        case "r14": \.r14
        case "r15": \.r15
        case "rip", "pc": \.rip
        case "eflags": \.eflags
        case "cs": \.cs
        case "ss": \.ss
        case "ds": \.ds
        case "es": \.es
        case "fs": \.fs
        case "gs": \.gs
        case "fs_base": \.fs_base
        case "gs_base": \.gs_base
        case "orig_rax": \.orig_rax
        default: nil
        }
    }

    /// The value of register `name`, or nil for a name there is no register of.
    public static func value(_ name: String, in registers: Registers) -> UInt64? {
        if let field = field(name) { return registers.raw[keyPath: field] }
        // eax, ax, al...: the low part of a general register.
        if let (wide, mask) = narrow(name), let field = field(wide) { return registers.raw[keyPath: field] & mask }
        return nil
    }

    /// Sets register `name`; false for a name there is no register of.
    public static func set(_ name: String, _ value: UInt64, in registers: inout Registers) -> Bool {
        if let field = field(name) {
            registers.raw[keyPath: field] = value
            return true
        }
        if let (wide, mask) = narrow(name), let field = field(wide) {
            let old = registers.raw[keyPath: field]
            registers.raw[keyPath: field] = old & ~mask | value & mask
            return true
        }
        return false
    }

    /// `eax` -> (`rax`, 32 bits), `eip` -> (`rip`, 32), `ax` -> 16, `al` -> 8, `r8d` -> 32...
    private static func narrow(_ name: String) -> (String, UInt64)? {
        let legacy = ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"]
        if name.count == 3, name.hasPrefix("e"), legacy.contains(String(name.dropFirst())) { return ("r" + name.dropFirst(), 0xffff_ffff) }
        // An i386 program's instruction pointer (its registers are the low halves).
        if name == "eip" { return ("rip", 0xffff_ffff) }
        if name.count == 2, legacy.contains(name) { return ("r" + name, 0xffff) }
        if name.count == 2, name.hasSuffix("l"), ["a", "b", "c", "d"].contains(String(name.prefix(1))) {
            return ("r" + name.prefix(1) + "x", 0xff)
        }
        if name.hasPrefix("r"), let last = name.last, ["d", "w", "b"].contains(last), Int(name.dropFirst().dropLast()) != nil {
            return (String(name.dropLast()), last == "d" ? 0xffff_ffff : last == "w" ? 0xffff : 0xff)
        }
        return nil
    }

    /// gdb's second column: eflags as its set flags (`[ ZF PF ]`), the
    /// stack and frame pointers and rip as addresses, the rest in decimal.
    public static func natural(_ name: String, _ value: UInt64) -> String {
        switch name {
        case "eflags":
            let flags: [(UInt64, String)] = [(0, "CF"), (2, "PF"), (4, "AF"), (6, "ZF"), (7, "SF"), (8, "TF"), (9, "IF"),
                                             (10, "DF"), (11, "OF"), (14, "NT"), (16, "RF"), (17, "VM"), (18, "AC"),
                                             (19, "VIF"), (20, "VIP"), (21, "ID")]
            return "[ " + flags.filter { value & (1 << $0.0) != 0 }.map(\.1).joined(separator: " ") + " ]"
        case "rbp", "rsp", "rip", "pc", "sp", "fp", "fs_base", "gs_base":
            return "0x" + String(value, radix: 16)
        default:
            return String(Int64(bitPattern: value))
        }
    }
}
#endif
