// wiretap-symbols-probe COMMAND [ARGS...]: traces COMMAND and prints a
// backtrace at each write(2) entry, through WiretapSymbols. A development
// probe (not a product): it checks that a -static-executable build links
// libdw, and gives a start-up and unwinding cost to measure.
import Glibc
import WiretapCore
import WiretapSymbols

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let executable = arguments.first else {
    say("usage: wiretap-symbols-probe COMMAND [ARGS...]")
    exit(2)
}
guard let writeNumber = SyscallTable.number(of: "write") else { exit(2) }

do {
    let tracer = Tracer()
    try tracer.spawn(Command(executable, arguments: Array(arguments.dropFirst())))
    var symbols: ProcessSymbols? = nil
    try tracer.run { event, tracee in
        guard case .syscallEntry(let entry) = event.kind, entry.number == writeNumber else { return .automatic }
        do throws(SymbolsError) {
            if symbols == nil || symbols?.pid != tracee.pid { symbols = try ProcessSymbols(pid: tracee.pid, includeSource: getenv("PROBE_NO_SOURCE") == nil) }
            say("write(\(entry.arguments.a0), ...)")
            for frame in try tracee.backtrace(using: symbols!) {
                let name = frame.symbol.map { "\($0)+0x\(String(frame.symbolOffset ?? 0, radix: 16))" } ?? ""
                let source = frame.file.map { " at \($0):\(frame.line ?? 0)" } ?? ""
                say(" > \(frame.module ?? "?")(\(name)) [0x\(String(frame.offset ?? frame.pc, radix: 16))]\(source)\(frame.inlined ? " (inlined)" : "")")
            }
        } catch {
            say("backtrace: \(error)")
        }
        return .automatic
    }
} catch {
    say("wiretap-symbols-probe: \(error)")
    exit(1)
}
