import Glibc
import Testing
import WiretapDisassembly

/// WiretapDisassembly against gdb: Fixtures/disasm.c built several ways,
/// each function's bytes as gdb's `disassemble /r` dumps them from the ELF
/// file, decoded by `Disassembler` and compared line by line with gdb's
/// text: address, length, and the text exactly (gdb's `<sym+off>`
/// annotations supplied through `text(symbolizer:)` from the names gdb
/// printed); calls, their targets and returns against gdb's mnemonics.
@Suite struct DisassemblerTests {
    struct Build: Sendable, CustomTestStringConvertible {
        var variant: String
        var flags: [String]
        var mode: Disassembler.Mode
        var testDescription: String { variant }
    }

    static let builds: [Build] = [
        Build(variant: "O0", flags: ["-g", "-O0"], mode: .x86_64),
        Build(variant: "O2", flags: ["-g", "-O2"], mode: .x86_64),
        Build(variant: "O2-nopie-protector", flags: ["-g", "-O2", "-no-pie", "-fno-pie", "-fstack-protector-all"], mode: .x86_64),
        // endbr64 and `notrack jmp *%rax` (the jump table).
        Build(variant: "O2-cf-protection", flags: ["-g", "-O2", "-fcf-protection"], mode: .x86_64),
        Build(variant: "m32-O0", flags: ["-g", "-O0", "-m32"], mode: .i386),
        Build(variant: "m32-O2", flags: ["-g", "-O2", "-m32"], mode: .i386),
    ]

    static let functions = ["main", "calls", "switcher", "mixed", "floats", "blocks"]

    /// One line of gdb's `disassemble /r`:
    /// `   0x0000000000001139 <+0>:\t55\tpush   %rbp`.
    struct GdbLine {
        var address: UInt64
        var bytes: [UInt8]
        var text: String
    }

    /// gdb's `disassemble /r FUNCTION` of `binary`, parsed.
    static func gdbDisassembly(_ binary: String, _ function: String) throws -> [GdbLine] {
        guard let gdb = TestSupport.executable("gdb") else { throw TestSupport.TestFailure("gdb: not found (.ci/run installs it)") }
        let result = try TestSupport.run([gdb, "-nx", "-batch", "-ex", "disassemble /r \(function)", binary], timeout: 60)
        var lines: [GdbLine] = []
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("   0x") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { throw TestSupport.TestFailure("gdb line: \(line)") }
            let addressText = fields[0].dropFirst(5).prefix { $0 != " " }
            guard let address = UInt64(addressText, radix: 16) else { throw TestSupport.TestFailure("gdb address: \(line)") }
            let bytes = try fields[1].split(separator: " ").map { byte in
                guard let value = UInt8(byte, radix: 16) else { throw TestSupport.TestFailure("gdb byte: \(line)") }
                return value
            }
            lines.append(GdbLine(address: address, bytes: bytes, text: String(fields[2])))
        }
        guard !lines.isEmpty else { throw TestSupport.TestFailure("no gdb disassembly of \(function): \(result.stdout) \(result.stderr)") }
        return lines
    }

    /// The `0xADDR <NAME>` annotations in gdb's text, as a symbolizer.
    static func annotations(_ lines: [GdbLine]) -> [UInt64: String] {
        var names: [UInt64: String] = [:]
        for line in lines {
            let words = line.text.split(separator: " ")
            for (index, word) in words.enumerated().dropFirst() where word.hasPrefix("<") && word.hasSuffix(">") {
                let previous = words[index - 1].split(separator: ",").last.map(String.init) ?? ""
                if previous.hasPrefix("0x"), let address = UInt64(previous.dropFirst(2), radix: 16) {
                    names[address] = String(word.dropFirst().dropLast())
                }
            }
        }
        return names
    }

    /// gdb's text without `<...>` annotations, whitespace runs as one space.
    static func normalised(_ text: String) -> String {
        var out = ""
        var depth = 0
        for character in text {
            if character == "<" { depth += 1; continue }
            if character == ">" { depth -= 1; continue }
            if depth == 0 { out.append(character) }
        }
        return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `lines` (one function of gdb's) decoded from their bytes in one
    /// run, compared instruction by instruction: address, length, bytes,
    /// the text without annotations (whitespace runs as one space), the text
    /// exactly with gdb's annotations, and calls and returns against gdb's
    /// mnemonics. Returns how many calls and returns there were.
    static func compare(_ lines: [GdbLine], _ disassembler: Disassembler, _ label: String) -> (calls: Int, returns: Int) {
        var calls = 0, returns = 0
        // Decoded in runs: a run ends where capstone 4 knows no instruction,
        // which must be one of `capstone4Unknown`; the next run starts after it.
        var decoded: [Instruction] = []
        var compared: [GdbLine] = []
        var start = 0
        while start < lines.count {
            let run = Array(lines[start...])
            let got = disassembler.instructions(in: run.flatMap(\.bytes), at: run[0].address, limit: run.count + 5)
            decoded += got
            compared += run.prefix(got.count)
            guard got.count < run.count else { break }
            let unknown = run[got.count]
            let mnemonic = unknown.text.split(separator: " ").first.map(String.init) ?? ""
            #expect(capstone4Unknown.contains(mnemonic),
                    "\(label): stopped at gdb's `\(unknown.text)` \(unknown.bytes) after \(got.count) instructions")
            start += got.count + 1
        }
        #expect(decoded.count == compared.count, "\(label): \(decoded.count) instructions, gdb \(compared.count)")
        let lines = compared
        let names = annotations(lines)
        for (line, instruction) in zip(lines, decoded) {
            let context = "\(label) \(String(line.address, radix: 16)): gdb `\(line.text)`"
            #expect(instruction.address == line.address, "\(context)")
            #expect(instruction.length == line.bytes.count, "\(context)")
            #expect(instruction.bytes == line.bytes, "\(context)")
            // Mnemonic and operands, symbol annotations left out.
            let ours = normalised(instruction.mnemonic + " " + instruction.operands
                + (instruction.ripRelativeTarget.map { " # 0x" + String($0, radix: 16) } ?? ""))
            #expect(ours == normalised(line.text), "\(context), ours `\(instruction.text)`")
            // The whole text as gdb prints it, annotations from gdb's names.
            #expect(instruction.text(symbolizer: { names[$0] }) == line.text, "\(context)")
            let words = line.text.split(separator: " ")
            let gdbMnemonic = words.first.map(String.init) ?? ""
            #expect(instruction.isCall == (gdbMnemonic == "call"), "\(context)")
            #expect(instruction.isReturn == (gdbMnemonic == "ret" || gdbMnemonic == "iret"), "\(context)")
            if instruction.isCall { calls += 1 }
            if instruction.isReturn { returns += 1 }
            if gdbMnemonic == "call", let target = words.dropFirst().first, target.hasPrefix("0x") {
                #expect(instruction.callTarget == UInt64(target.dropFirst(2), radix: 16), "\(context)")
            } else {
                #expect(instruction.callTarget == nil, "\(context)")
            }
        }
        return (calls, returns)
    }

    /// Instructions capstone 4.0.2 does not know (newer than it), seen in
    /// the libraries: decoding stops there, as at bytes that are no instruction.
    static let capstone4Unknown: Set<String> = ["rdpkru", "wrpkru", "rdsspq"]

    @Test(arguments: builds)
    func matchesGdb(build: Build) throws {
        let binary = try TestSupport.fixture("disasm", variant: build.variant, flags: build.flags)
        let disassembler = try Disassembler(mode: build.mode)
        var compared = 0, calls = 0, returns = 0
        for function in Self.functions {
            let lines = try Self.gdbDisassembly(binary, function)
            let counts = Self.compare(lines, disassembler, "\(build.variant) \(function)")
            compared += lines.count
            calls += counts.calls
            returns += counts.returns
        }
        // The fixture has calls (direct and indirect) and returns in each build.
        #expect(compared > 100)
        #expect(calls >= 5)
        #expect(returns >= Self.functions.count)
    }

    struct Library: Sendable, CustomTestStringConvertible {
        var path: String
        var mode: Disassembler.Mode
        var testDescription: String { path }
    }

    /// Optimised, hand-written and vector code: every 12th function (or
    /// IFUNC resolver) that the C libraries export (about 150 each, some 8000 instructions: SSE,
    /// AVX, x87, string instructions, segment prefixes, padding).
    static let libraries: [Library] = [
        Library(path: "/lib/x86_64-linux-gnu/libc.so.6", mode: .x86_64),
        Library(path: "/lib/x86_64-linux-gnu/libm.so.6", mode: .x86_64),
        // gcc-multilib's (.ci/run installs it).
        Library(path: "/usr/lib32/libc.so.6", mode: .i386),
    ]

    @Test(arguments: libraries)
    func matchesGdbOnLibraries(library: Library) throws {
        guard let gdb = TestSupport.executable("gdb"), let nm = TestSupport.executable("nm") else {
            throw TestSupport.TestFailure("gdb, nm: not found (.ci/run installs them)")
        }
        let symbols = try TestSupport.run([nm, "-D", "--defined-only", library.path])
        var names: [String] = []
        for line in symbols.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, ["T", "W", "i"].contains(fields[1]) else { continue }
            let name = String(fields[2].prefix { $0 != "@" })
            if names.last != name { names.append(name) }
        }
        names = Array(Set(names)).sorted().enumerated().filter { $0.offset % 12 == 11 }.map(\.element)
        #expect(names.count > 50, "\(library.path): \(names.count) functions")
        var arguments = [gdb, "-nx", "-batch"]
        for name in names { arguments += ["-ex", "disassemble /r \(name)"] }
        let result = try TestSupport.run(arguments + [library.path], timeout: 120)
        var functions: [[GdbLine]] = []
        for line in result.stdout.split(separator: "\n") {
            // A function in several ranges (its cold part apart) is compared range by range.
            if line.hasPrefix("Dump of") || line.hasPrefix("Address range") { functions.append([]); continue }
            guard line.hasPrefix("   0x"), !functions.isEmpty else { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let address = UInt64(fields[0].dropFirst(5).prefix { $0 != " " }, radix: 16) else { continue }
            let bytes = fields[1].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            functions[functions.count - 1].append(GdbLine(address: address, bytes: bytes, text: String(fields[2])))
        }
        let disassembler = try Disassembler(mode: library.mode)
        var compared = 0
        for (index, lines) in functions.enumerated() where !lines.isEmpty {
            _ = Self.compare(lines, disassembler, "\(library.path) function \(index)")
            compared += lines.count
        }
        #expect(compared > 3000, "\(library.path): \(compared) instructions")
    }

    /// `limit`, a cut-off instruction, and bytes that are no instruction.
    @Test func limitsAndBadBytes() throws {
        let disassembler = try Disassembler(mode: .x86_64)
        // push %rbp; mov %rsp,%rbp; call 0x1139 (from 0x1144); ret
        let code: [UInt8] = [0x55, 0x48, 0x89, 0xe5, 0xe8, 0xf0, 0xff, 0xff, 0xff, 0xc3]
        let all = disassembler.instructions(in: code, at: 0x1140, limit: 10)
        #expect(all.map(\.text) == ["push   %rbp", "mov    %rsp,%rbp", "call   0x1139", "ret"])
        #expect(all.map(\.length) == [1, 3, 5, 1])
        #expect(all[2].isCall && all[2].callTarget == 0x1139 && all[2].nextAddress == 0x1149)
        #expect(all[3].isReturn && !all[3].isCall)
        #expect(disassembler.instructions(in: code, at: 0x1140, limit: 2).count == 2)
        // The call cut off after 3 of its 5 bytes.
        #expect(disassembler.instructions(in: Array(code.prefix(7)), at: 0x1140, limit: 10).count == 2)
        // 0x06 (push %es) is invalid in 64-bit mode, valid in 32-bit.
        #expect(disassembler.instructions(in: [0x06], at: 0, limit: 1).isEmpty)
        let i386 = try Disassembler(mode: .i386)
        #expect(i386.instruction(in: [0x06], at: 0)?.text == "push   %es")
        // call *%rax, call *0x8(%rax): indirect, no target.
        let indirect = disassembler.instructions(in: [0xff, 0xd0, 0xff, 0x50, 0x08], at: 0, limit: 2)
        #expect(indirect.map(\.text) == ["call   *%rax", "call   *0x8(%rax)"])
        #expect(indirect.allSatisfy { $0.isCall && $0.callTarget == nil })
        // Prefixes on branches, as binutils prints them.
        let prefixed = disassembler.instructions(in: [0xf3, 0xc3, 0xf2, 0xc3, 0xf2, 0xe8, 0, 0, 0, 0, 0xf2, 0xff, 0xe0,
                                                      0xf3, 0xeb, 0x00, 0x3e, 0xff, 0xe0], at: 0, limit: 10)
        #expect(prefixed.map(\.text) == ["repz ret", "bnd ret", "bnd call 0xa", "bnd jmp *%rax", "repz jmp 0x10",
                                         "notrack jmp *%rax"])
        #expect(prefixed.map(\.isReturn) == [true, true, false, false, false, false])
        #expect(prefixed[2].callTarget == 0xa)
    }
}
