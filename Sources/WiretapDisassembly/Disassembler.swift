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
    ///
    /// As binutils does, `fwait` followed by one of the x87 `fn...`
    /// instructions is one instruction without the `n` (`9b df e0`:
    /// `fstsw %ax`); capstone decodes them as two.
    public func instructions(in bytes: [UInt8], at address: UInt64, limit: Int) -> [Instruction] {
        guard limit > 0, !bytes.isEmpty, let insn = cs_malloc(handle) else { return [] }
        defer { cs_free(insn, 1) }
        var result: [Instruction] = []
        bytes.withUnsafeBufferPointer { buffer in
            var code: UnsafePointer<UInt8>? = buffer.baseAddress
            var size = buffer.count
            var next = address
            var pendingWait: Instruction?
            while result.count < limit, size > 0, cs_disasm_iter(handle, &code, &size, &next, insn) {
                let decoded = instruction(insn.pointee)
                if let wait = pendingWait {
                    pendingWait = nil
                    if decoded.mnemonic.hasPrefix("fn") {
                        var merged = decoded
                        merged.address = wait.address
                        merged.length += wait.length
                        merged.bytes = wait.bytes + decoded.bytes
                        merged.mnemonic = "f" + decoded.mnemonic.dropFirst(2)
                        result.append(merged)
                        continue
                    }
                    result.append(wait)
                    if result.count == limit { break }
                }
                if insn.pointee.id == X86_INS_WAIT.rawValue {
                    pendingWait = decoded
                } else {
                    result.append(decoded)
                }
            }
            if let wait = pendingWait, result.count < limit { result.append(wait) }
        }
        // A lone wait: binutils' `fwait`.
        for index in result.indices where result[index].mnemonic == "wait" && result[index].bytes == [0x9b] {
            result[index].mnemonic = "fwait"
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
            var name = cs_insn_name(handle, insn.id).map { String(cString: $0) } ?? ""
            // binutils shows a segment override on an instruction that does
            // not access memory (lea, nop) as a prefix: `cs nopw 0x0(...)`.
            let segmentAsPrefix = insn.id == X86_INS_LEA.rawValue || insn.id == X86_INS_NOP.rawValue
            // CET's `notrack`: a DS prefix (3E) on an indirect call or jump.
            let notrack = (isCall || isJump) && !isRelative && x86.prefix.1 == 0x3e
            var segmentPrefix: String?
            for op in operands {
                switch op.type {
                case X86_OP_REG:
                    operandTexts.append(register(op.reg))
                case X86_OP_IMM:
                    if (isCall || isJump) && isRelative {
                        branchTarget = UInt64(bitPattern: op.imm) & addressMask
                        operandTexts.append(hex(branchTarget!))
                    } else if op.imm == 1 && x86.encoding.imm_offset == 0 && operands.count == 2 {
                        // The shift/rotate-by-one forms (D0/D1/D2/D3 /r):
                        // capstone shows their implicit 1, binutils does not.
                        continue
                    } else {
                        operandTexts.append("$" + hex(UInt64(bitPattern: op.imm) & mask(bytes: Int(op.size))))
                    }
                case X86_OP_MEM:
                    var mem = op.mem
                    if notrack && mem.segment == X86_REG_DS { mem.segment = X86_REG_INVALID }
                    if segmentAsPrefix && mem.segment != X86_REG_INVALID {
                        segmentPrefix = String(register(mem.segment).dropFirst())
                        mem.segment = X86_REG_INVALID
                    }
                    var text = (isCall || isJump) ? "*" : ""
                    text += memory(mem, x86: x86)
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
            // An implicit register capstone lists in its text but not in its
            // operands (`shll %cl, -0x10(%ebp)`: the count).
            let capstoneParts = topLevelParts(cString(insn.op_str))
            if capstoneParts.count == operandTexts.count + 1, let first = capstoneParts.first,
               first.hasPrefix("%"), !first.contains("("), !first.contains(":"), operandTexts.first != first {
                operandTexts.insert(first, at: 0)
            }
            x87Operands(name: cString(insn.mnemonic), operands: &operandTexts)
            // String instructions: capstone names them with their size
            // (`stosq`, `movsd` for movsl) and leaves the implicit segments
            // out; binutils shows `%ds:(%rsi)` and `%es:(%rdi)`, and drops
            // the size when a register gives it (`rep stos %rax,%es:(%rdi)`).
            if let word = mnemonic.split(separator: " ").last, isStringInstruction(String(word), operands) {
                for index in operandTexts.indices {
                    switch operandTexts[index] {
                    case "(%rdi)", "(%edi)", "(%di)": operandTexts[index] = "%es:" + operandTexts[index]
                    case "(%rsi)", "(%esi)", "(%si)": operandTexts[index] = "%ds:" + operandTexts[index]
                    default: break
                    }
                }
                // Capstone lists the accumulator in its text, not always
                // in its operands (`stosq %rax, (%rdi)`).
                if operandTexts.contains(where: { $0.hasPrefix("%") && !$0.contains("(") && !$0.contains(":") }) {
                    var words = mnemonic.split(separator: " ").map(String.init)
                    words[words.count - 1] = String(word.dropLast())
                    mnemonic = words.joined(separator: " ")
                }
                name = ""
            }
            mnemonic = gdbMnemonic(mnemonic, name: name, operands: operands)
            // 66 90: capstone's `nop`, binutils' `xchg %ax,%ax`.
            if insn.id == X86_INS_NOP.rawValue, operands.isEmpty, bytes == [0x66, 0x90] {
                mnemonic = "xchg"
                operandTexts = ["%ax", "%ax"]
            }
            // REX.W 66 0F 6E/7E with a 64-bit register: binutils' `movq`
            // (capstone 4 says `movd`).
            if mnemonic == "movd", operands.contains(where: { $0.type == X86_OP_REG && $0.size == 8 && !isVectorRegister($0.reg) }) {
                mnemonic = "movq"
            }
            if let segmentPrefix { mnemonic = segmentPrefix + " " + mnemonic }
            if notrack { mnemonic = "notrack " + mnemonic }
            // A REP prefix on a branch, which capstone drops without a
            // trace in its details: `repz ret`. It was one when capstone
            // decodes the bytes after it as the same instruction.
            if (isCall || isJump || isReturn), bytes.first == 0xf3, !mnemonic.hasPrefix("rep"),
               decodesAlike(Array(bytes.dropFirst()), at: insn.address &+ 1, id: insn.id) {
                mnemonic = "repz " + mnemonic
            }
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
    private func gdbMnemonic(_ mnemonic: String, name: String, operands: [cs_x86_op]) -> String {
        var words = mnemonic.split(separator: " ").map(String.init)
        guard let last = words.last else { return mnemonic }
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
    /// there is no base (`0x0(,%rax,4)`); an absolute address unsigned; a
    /// SIB byte without index as binutils shows it, `%riz`/`%eiz` (unless
    /// it only encodes a `%rsp` or `%r12` base).
    private func memory(_ mem: x86_op_mem, x86: cs_x86) -> String {
        var text = ""
        if mem.segment != X86_REG_INVALID { text += register(mem.segment) + ":" }
        let hasBase = mem.base != X86_REG_INVALID, hasIndex = mem.index != X86_REG_INVALID
        if !hasBase && !hasIndex {
            return text + hex(UInt64(bitPattern: mem.disp) & addressMask)
        }
        if mem.disp != 0 || x86.encoding.disp_offset != 0 || !hasBase {
            text += mem.disp < 0 ? "-" + hex(0 &- UInt64(bitPattern: mem.disp)) : hex(UInt64(mem.disp))
        }
        text += "("
        if hasBase { text += register(mem.base) }
        if hasIndex {
            text += "," + register(mem.index) + "," + String(mem.scale)
        } else if hasBase, hasSIB(x86) {
            let stackLike = [X86_REG_RSP, X86_REG_ESP, X86_REG_R12, X86_REG_R12D].contains(mem.base)
            if x86.sib_scale > 1 || !stackLike {
                let wide = register(mem.base).hasPrefix("%r") && !register(mem.base).hasSuffix("d")
                text += (wide ? ",%riz," : ",%eiz,") + String(max(x86.sib_scale, 1))
            }
        }
        return text + ")"
    }

    /// Whether `bytes` are one whole instruction with capstone's id `id`.
    /// The corresponding capstone call is `cs_disasm` (count 1).
    private func decodesAlike(_ bytes: [UInt8], at address: UInt64, id: UInt32) -> Bool {
        var decoded: UnsafeMutablePointer<cs_insn>?
        let count = bytes.withUnsafeBufferPointer { cs_disasm(handle, $0.baseAddress, $0.count, address, 1, &decoded) }
        guard count == 1, let decoded else { return false }
        defer { cs_free(decoded, count) }
        return decoded.pointee.id == id && Int(decoded.pointee.size) == bytes.count
    }

    /// `stos`, `lods`, `movs`, `cmps`, `scas`, `ins`, `outs` with their
    /// size letter, as capstone's AT&T mnemonic (not SSE's `movsd`, `cmpsd`:
    /// those have vector operands).
    private func isStringInstruction(_ word: String, _ operands: [cs_x86_op]) -> Bool {
        guard let size = word.last, "bwlq".contains(size) else { return false }
        guard ["stos", "lods", "movs", "cmps", "scas", "ins", "outs"].contains(String(word.dropLast())) else { return false }
        return !operands.contains { $0.type == X86_OP_REG && isVectorRegister($0.reg) }
    }

    /// Whether capstone decoded a SIB byte (its ModRM names one).
    private func hasSIB(_ x86: cs_x86) -> Bool {
        x86.addr_size != 2 && x86.modrm >> 6 != 3 && x86.modrm & 7 == 4
    }

    private func isVectorRegister(_ reg: x86_reg) -> Bool {
        register(reg).hasPrefix("%xmm") || register(reg).hasPrefix("%mm")
    }

    /// x87 register forms: capstone names the `%st(i)` operand only;
    /// binutils shows both, `%st` for the stack top: `fadd %st(1),%st`,
    /// `faddp %st,%st(1)`, `fcomi %st(1),%st`.
    private func x87Operands(name: String, operands: inout [String]) {
        let popping = ["faddp", "fmulp", "fsubp", "fsubrp", "fdivp", "fdivrp"]
        let toTop = ["fadd", "fmul", "fsub", "fsubr", "fdiv", "fdivr", "fcomi", "fcomip", "fucomi", "fucomip"]
        if operands.count == 2, operands.allSatisfy({ $0.hasPrefix("%st") }) {
            // The implicit stack top: the destination of `fcmov`, the
            // source of the DC-opcode forms (`fadd %st,%st(1)`).
            if name.hasPrefix("fcmov"), operands[1] == "%st(0)" {
                operands[1] = "%st"
            } else if operands[0] == "%st(0)" {
                operands[0] = "%st"
            }
            return
        }
        guard operands.count == 1, operands[0].hasPrefix("%st(") else { return }
        if popping.contains(name) {
            operands.insert("%st", at: 0)
        } else if toTop.contains(name) || name.hasPrefix("fcmov") {
            operands.append("%st")
        }
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


/// `text` split at its commas outside parentheses.
private func topLevelParts(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for character in text {
        if character == "(" { depth += 1 }
        if character == ")" { depth -= 1 }
        if character == "," && depth == 0 {
            parts.append(current)
            current = ""
        } else if character != " " {
            current.append(character)
        }
    }
    if !current.isEmpty { parts.append(current) }
    return parts
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
