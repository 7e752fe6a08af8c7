/// Times in strace's option syntax (`-O`, `delay_enter=`).
public enum StraceDuration {
    /// Parses a time as strace's `-O` and `delay_enter=` take it: an integer
    /// or decimal number, optionally followed by `s`, `ms`, `us` (the
    /// default) or `ns`. Returns nanoseconds, or nil for a bad value.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        let floatChars = Set("eE.-+0123456789".utf8)
        let intChars = Set("+0123456789".utf8)
        let floatLength = bytes.prefix(while: { floatChars.contains($0) }).count
        let intLength = bytes.prefix(while: { intChars.contains($0) }).count
        let numberLength = max(floatLength, intLength)
        let suffix = String(decoding: bytes[numberLength...], as: UTF8.self)
        let scale: Int64
        switch suffix {
        case "": scale = 1000
        case "s": scale = 1_000_000_000
        case "ms": scale = 1_000_000
        case "us": scale = 1000
        case "ns": scale = 1
        default: return nil
        }
        let number = String(decoding: bytes[..<numberLength], as: UTF8.self)
        if floatLength > intLength {
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            let nanoseconds = value * Double(scale)
            guard nanoseconds < 9.2e18 else { return nil }
            return Int64(nanoseconds)
        }
        var digits = Substring(number)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}
