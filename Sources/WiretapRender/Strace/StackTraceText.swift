import WiretapCore
import WiretapSyscalls
extension OutputBuffer {
    /// `-k`: a stack as strace prints it, one line per pc:
    /// ` > MODULE(SYMBOL+0xOFF) [0xOFFSET]`; without a symbol `MODULE()` for
    /// a stack strace walks when it prints it, `MODULE(+0x0)` for one it
    /// `captured` at a call's entry to print later (execve, exit_group); and
    /// with source lines (`-kk`, strace 6.7+) ` FILE:LINE` after a symbol's
    /// line. Inlined frames are not lines of their own: their pc's line
    /// names the function they were inlined into, with the innermost source
    /// position (strace's `dwfl_module_getsrc` at the pc). A frame outside
    /// every module is ` > unexpected_backtracing_error [0xPC]`; a walk cut
    /// at the frame limit ends with ` > too many stack frames`.
    ///
    /// Control bytes in names (a hostile ELF's symbol table) are escaped.
    public mutating func appendStackTrace(_ trace: StackTrace, captured: Bool = false) {
        var index = 0
        let frames = trace.frames
        while index < frames.count {
            // The innermost frame of this pc carries the source position.
            let innermost = frames[index]
            while index + 1 < frames.count && frames[index].inlined && frames[index + 1].pc == innermost.pc { index += 1 }
            let frame = frames[index]
            index += 1
            guard let module = frame.module, let offset = frame.offset else {
                append(" > unexpected_backtracing_error [0x")
                appendHexDigits(frame.pc)
                append("]\n")
                continue
            }
            append(" > ")
            appendEscapingControls(module)
            append(byte: UInt8(ascii: "("))
            if let symbol = frame.symbol, !symbol.isEmpty {
                appendEscapingControls(symbol)
                append("+0x")
                appendHexDigits(frame.symbolOffset ?? 0)
            } else if captured {
                append("+0x0")
            }
            append(") [0x")
            appendHexDigits(offset)
            append(byte: UInt8(ascii: "]"))
            if let file = innermost.file, let line = innermost.line, frame.symbol.map({ !$0.isEmpty }) ?? false {
                append(byte: UInt8(ascii: " "))
                appendEscapingControls(file)
                append(byte: UInt8(ascii: ":"))
                append(decimal: line)
            }
            append(byte: UInt8(ascii: "\n"))
        }
        // An unwind that left the modules has said so with its last frame.
        if trace.cut == .frameLimit { append(" > too many stack frames\n") }
    }

    /// `text` with bytes below 0x20 and 0x7f as `\xNN`, so that a name
    /// cannot end a line or move the terminal's cursor.
    mutating func appendEscapingControls(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x7f {
                append(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                append("\\x")
                appendHexDigits(UInt64(byte), minimumWidth: 2)
                start = index + 1
            }
            append(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}
