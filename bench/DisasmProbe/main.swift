// wiretap-disasm-probe FILE OFFSET LENGTH [ADDRESS] [--i386]: disassembles
// LENGTH bytes of FILE from OFFSET (numbers in C syntax: 0x... or decimal)
// as gdb's `disassemble` prints them, through WiretapDisassembly. A
// development probe (not a product): it checks that a -static-executable
// build links capstone, and shows the text of any bytes.
import Glibc
import WiretapDisassembly

func say(_ text: String, to fd: Int32 = 1) {
    var line = text + "\n"
    line.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
}

func number(_ text: String) -> UInt64? {
    text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let i386 = arguments.contains("--i386")
arguments.removeAll { $0 == "--i386" }
guard arguments.count >= 3, let offset = number(arguments[1]), let length = number(arguments[2]),
      let address = arguments.count > 3 ? number(arguments[3]) : offset else {
    say("usage: wiretap-disasm-probe FILE OFFSET LENGTH [ADDRESS] [--i386]", to: 2)
    exit(2)
}
let fd = open(arguments[0], O_RDONLY)
guard fd >= 0 else { say("\(arguments[0]): cannot open", to: 2); exit(1) }
var bytes = [UInt8](repeating: 0, count: Int(length))
let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(length), off_t(offset)) }
bytes = Array(bytes.prefix(max(count, 0)))
do {
    let disassembler = try Disassembler(mode: i386 ? .i386 : .x86_64)
    var at = 0
    while at < bytes.count {
        let here = address + UInt64(at)
        guard let insn = disassembler.instruction(in: Array(bytes[at...]), at: here) else {
            say("   0x" + String(here, radix: 16) + ":\t(bad)")
            at += 1
            continue
        }
        say("   0x" + String(insn.address, radix: 16) + ":\t" + insn.text)
        at += insn.length
    }
} catch {
    say("capstone: \(error)", to: 2)
    exit(1)
}
