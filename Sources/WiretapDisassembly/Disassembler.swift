import CCapstone

/// Why a `Disassembler` could not be made.
public enum DisassemblerError: Error, Equatable, Sendable {
    /// `cs_open` failed, with capstone's `cs_err` code and `cs_strerror` text.
    case open(code: Int, message: String)
    /// `cs_option` refused an option (the AT&T syntax or the detail mode).
    case option(code: Int, message: String)
}

/// One decoded x86 instruction, with its text as gdb's `disassemble` and
/// `x/i` print it (AT&T syntax, gdb 13 / binutils 2.40 style).
public struct Instruction: Equatable, Sendable {
    /// Where the instruction starts.
    public var address: UInt64
    /// Its length in bytes.
    public var length: Int
    /// Its bytes (`length` of them).
    public var bytes: [UInt8]
    /// The mnemonic as gdb prints it, prefixes included (`mov`, `movl`,
    /// `call`, `rep stos`, `cltq`).
    public var mnemonic: String
    /// The operands as gdb prints them: AT&T order, comma without space,
    /// hexadecimal immediates and displacements (`$0x0,-0x14(%rbp)`); a
    /// direct branch's target as a bare address (`0x1139`), without the
    /// `<foo>` that gdb adds from its symbols.
    public var operands: String
    /// The address a `%rip`-relative memory operand refers to (gdb's
    /// `# 0x2004` comment), if there is one.
    public var ripRelativeTarget: UInt64?
    /// A call (direct or indirect): `next` steps over it, `finish` and
    /// `until` look for the return address `address + length`.
    public var isCall: Bool
    /// A return (`ret`, `ret $n`, `lret`, `iret`).
    public var isReturn: Bool
    /// A jump (conditional or not, direct or indirect).
    public var isJump: Bool
    /// The target of a direct call or jump (nil for an indirect one).
    public var branchTarget: UInt64?

    /// The target of a direct call; nil for an indirect call or a non-call.
    public var callTarget: UInt64? { isCall ? branchTarget : nil }

    /// The address after this instruction (a call's return address).
    public var nextAddress: UInt64 { address &+ UInt64(length) }

    /// The whole text as gdb prints it after the address: the mnemonic
    /// padded to six columns and a space (gdb's `%-6s `), the operands,
    /// and for a `%rip`-relative operand gdb's `        # 0x2004`; no
    /// trailing spaces. `<symbol+offset>` annotations are not included
    /// (see `text(symbolizer:)`).
    public var text: String { text(symbolizer: nil) }

    /// `text` with a direct branch's target and the `%rip`-relative
    /// comment followed by ` <symbol+offset>` when `symbolizer` names the
    /// address (it returns e.g. `foo` or `sum+74`, as gdb does).
    public func text(symbolizer: ((UInt64) -> String?)?) -> String {
        var operands = self.operands
        if let symbolizer, let target = branchTarget, let name = symbolizer(target) {
            operands += " <\(name)>"
        }
        var line: String
        if operands.isEmpty {
            line = mnemonic
        } else {
            line = mnemonic
            if line.count < 6 { line += String(repeating: " ", count: 6 - line.count) }
            line += " " + operands
        }
        if let target = ripRelativeTarget {
            line += "        # " + hex(target)
            if let symbolizer, let name = symbolizer(target) { line += " <\(name)>" }
        }
        return line
    }
}

/// An x86 disassembler over capstone, printing as gdb does by default.
///
/// Capstone's own AT&T text (`movq %rsp, %rbp`, `callq 0x1139`,
/// `movl $0, -0x14(%rbp)`) differs from binutils' in the details, so the
/// text is rebuilt from capstone's decoded operands (`cs_detail`): gdb's
/// immediates and displacements in hexadecimal, `,` between operands,
/// the size suffix only where no register operand gives the size, `call`,
/// `ret`, `push`, `jmp` without the `q` of 64-bit mode. Capstone decodes;
/// nothing here reads an opcode.
///
/// Not `Sendable`: a capstone handle is used by one thread at a time.
public final class Disassembler {
    /// The processor mode the bytes are decoded in.
    public enum Mode: Sendable {
        case x86_64
        case i386
    }

    public let mode: Mode
    private var handle: csh = 0

    /// Opens a capstone handle for `mode`, in AT&T syntax with operand
    /// details. The corresponding capstone calls are `cs_open(CS_ARCH_X86,
    /// CS_MODE_64 or CS_MODE_32, &handle)` and `cs_option(handle,
    /// CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT)`, `cs_option(handle, CS_OPT_DETAIL,
    /// CS_OPT_ON)`.
    public init(mode: Mode) throws(DisassemblerError) {
        self.mode = mode
        let csMode = mode == .x86_64 ? CS_MODE_64 : CS_MODE_32
        let opened = cs_open(CS_ARCH_X86, csMode, &handle)
        guard opened == CS_ERR_OK else {
            throw .open(code: Int(opened.rawValue), message: String(cString: cs_strerror(opened)))
        }
        for (option, value) in [(CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_ATT.rawValue)),
                                (CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue))] {
            let result = cs_option(handle, option, value)
            guard result == CS_ERR_OK else {
                cs_close(&handle)
                throw .option(code: Int(result.rawValue), message: String(cString: cs_strerror(result)))
            }
        }
    }

    deinit {
        cs_close(&handle)
    }

    /// Decodes up to `limit` instructions from `bytes`, the first at
    /// `address`. Stops early at the end of the bytes, or at bytes that are
    /// no valid instruction (or an instruction cut off by the end): the
    /// result then holds the instructions before them, and the caller can
    /// show the rest as `(bad)` as gdb does. The corresponding capstone
    /// call is `cs_disasm_iter` (one instruction per call, into a
    /// `cs_malloc`ed `cs_insn`).
    public func instructions(in bytes: [UInt8], at address: UInt64, limit: Int) -> [Instruction] {
        guard limit > 0, !bytes.isEmpty, let insn = cs_malloc(handle) else { return [] }
        defer { cs_free(insn, 1) }
        var result: [Instruction] = []
        bytes.withUnsafeBufferPointer { buffer in
            var code: UnsafePointer<UInt8>? = buffer.baseAddress
            var size = buffer.count
            var next = address
            while result.count < limit, size > 0, cs_disasm_iter(handle, &code, &size, &next, insn) {
                result.append(instruction(insn.pointee))
            }
        }
        return result
    }

    /// Decodes the one instruction at the start of `bytes` (gdb's `x/i`);
    /// nil if they do not start with a whole valid instruction.
    public func instruction(in bytes: [UInt8], at address: UInt64) -> Instruction? {
        instructions(in: bytes, at: address, limit: 1).first
    }

    // MARK: - gdb's text from capstone's details

    private func instruction(_ insn: cs_insn) -> Instruction {
        let length = Int(insn.size)
        let bytes = withUnsafeBytes(of: insn.bytes) { Array($0.prefix(length)) }
        var isCall = false, isReturn = false, isJump = false, isRelative = false
        var mnemonic = cString(insn.mnemonic)
        var operandTexts: [String] = []
        var ripTarget: UInt64?
        var branchTarget: UInt64?

        if let detail = insn.detail?.pointee {
            let groups = withUnsafeBytes(of: detail.groups) { Array($0.prefix(Int(detail.groups_count))) }
            for group in groups {
                switch UInt32(group) {
                case CS_GRP_CALL.rawValue: isCall = true
                case CS_GRP_RET.rawValue, CS_GRP_IRET.rawValue: isReturn = true
                case CS_GRP_JUMP.rawValue: isJump = true
                case CS_GRP_BRANCH_RELATIVE.rawValue: isRelative = true
                default: break
                }
            }
            let x86 = detail.x86
            let operands = withUnsafeBytes(of: x86.operands) { raw in
                Array(raw.bindMemory(to: cs_x86_op.self).prefix(Int(x86.op_count)))
            }
            let nextAddress = insn.address &+ UInt64(length)
            for op in operands {
                switch op.type {
                case X86_OP_REG:
                    operandTexts.append(register(op.reg))
                case X86_OP_IMM:
                    if (isCall || isJump) && isRelative {
                        branchTarget = UInt64(bitPattern: op.imm) & addressMask
                        operandTexts.append(hex(branchTarget!))
                    } else {
                        operandTexts.append("$" + hex(UInt64(bitPattern: op.imm) & mask(bytes: Int(op.size))))
                    }
                case X86_OP_MEM:
                    var text = (isCall || isJump) ? "*" : ""
                    text += memory(op.mem, dispEncoded: x86.encoding.disp_offset != 0)
                    operandTexts.append(text)
                    if op.mem.base == X86_REG_RIP {
                        ripTarget = nextAddress &+ UInt64(bitPattern: op.mem.disp)
                    }
                default:
                    break
                }
            }
            if (isCall || isJump), operands.count == 1, operands[0].type == X86_OP_REG {
                operandTexts[0] = "*" + operandTexts[0]
            }
            mnemonic = gdbMnemonic(mnemonic, id: insn.id, operands: operands, isBranch: isCall || isJump || isReturn)
        }
        // Without details (not expected), capstone's own operand text.
        let operandText = insn.detail == nil
            ? removingSpaceAfterCommas(cString(insn.op_str))
            : operandTexts.joined(separator: ",")
        return Instruction(
            address: insn.address, length: length, bytes: bytes,
            mnemonic: mnemonic, operands: operandText, ripRelativeTarget: ripTarget,
            isCall: isCall, isReturn: isReturn, isJump: isJump, branchTarget: branchTarget)
    }

    /// binutils prints a size suffix only when no register operand of that
    /// size gives it (`movl $0x0,-0x14(%rbp)` but `mov %rsp,%rbp`), and in
    /// 64-bit mode never on `call`, `jmp`, `ret`, `push`, `pop`, `leave`.
    /// Capstone's AT&T mnemonics always carry one; it is recognised as a
    /// suffix only when the mnemonic is capstone's instruction name
    /// (`cs_insn_name`) plus one of `bwlq`, so that `cltq`, `movzbl`,
    /// `movslq`, `setb`, `pmovmskb` stay as they are.
    private func gdbMnemonic(_ mnemonic: String, id: UInt32, operands: [cs_x86_op], isBranch: Bool) -> String {
        var words = mnemonic.split(separator: " ").map(String.init)
        guard let last = words.last, let namePointer = cs_insn_name(handle, id) else { return mnemonic }
        let name = String(cString: namePointer)
        guard last.count == name.count + 1, last.hasPrefix(name), let suffix = last.last else { return mnemonic }
        let size: Int
        switch suffix {
        case "b": size = 1
        case "w": size = 2
        case "l": size = 4
        case "q": size = 8
        default: return mnemonic
        }
        let stackOrBranch = ["call", "jmp", "ret", "push", "pop", "leave"].contains(name)
        let registerGivesSize = operands.contains { $0.type == X86_OP_REG && Int($0.size) == size }
        if registerGivesSize || (stackOrBranch && (mode == .x86_64 ? size == 8 : size == 4)) {
            words[words.count - 1] = name
        }
        return words.joined(separator: " ")
    }

    private func register(_ reg: x86_reg) -> String {
        guard let name = cs_reg_name(handle, reg.rawValue) else { return "%?" }
        return "%" + String(cString: name)
    }

    /// `%seg:disp(base,index,scale)` as binutils prints it: the
    /// displacement signed, shown when encoded (`0x0(%rax,%rax,1)`) or when
    /// there is no base (`0x0(,%rax,4)`); an absolute address unsigned.
    private func memory(_ mem: x86_op_mem, dispEncoded: Bool) -> String {
        var text = ""
        if mem.segment != X86_REG_INVALID { text += register(mem.segment) + ":" }
        let hasBase = mem.base != X86_REG_INVALID, hasIndex = mem.index != X86_REG_INVALID
        if !hasBase && !hasIndex {
            return text + hex(UInt64(bitPattern: mem.disp) & addressMask)
        }
        if mem.disp != 0 || dispEncoded || !hasBase {
            text += mem.disp < 0 ? "-" + hex(UInt64(bitPattern: mem.disp).magnitudeOfNegative) : hex(UInt64(mem.disp))
        }
        text += "("
        if hasBase { text += register(mem.base) }
        if hasIndex { text += "," + register(mem.index) + "," + String(mem.scale) }
        return text + ")"
    }

    private var addressMask: UInt64 { mode == .x86_64 ? .max : 0xffff_ffff }

    private func mask(bytes: Int) -> UInt64 {
        switch bytes {
        case 1: 0xff
        case 2: 0xffff
        case 4: 0xffff_ffff
        case 8: .max
        default: addressMask
        }
    }
}

private func hex(_ value: UInt64) -> String {
    "0x" + String(value, radix: 16)
}

private func cString<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let chars = raw.prefix { $0 != 0 }
        return String(decoding: chars, as: UTF8.self)
    }
}

extension UInt64 {
    fileprivate var magnitudeOfNegative: UInt64 { 0 &- self }
}

private func removingSpaceAfterCommas(_ text: String) -> String {
    var result = ""
    var afterComma = false
    for character in text {
        if afterComma && character == " " { continue }
        afterComma = character == ","
        result.append(character)
    }
    return result
}
