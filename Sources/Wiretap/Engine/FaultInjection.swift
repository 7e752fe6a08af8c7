import Glibc
import SystemPackage

/// strace's `-e inject=SET:error=E|retval=N|signal=S[:when=EXPR]` and
/// `-e fault=SET[:error=E][:when=EXPR]`: make chosen calls fail, return a
/// chosen value, or be followed by a signal, without the kernel running them.
///
/// The call is skipped by setting its number to -1 at entry; its result is
/// written into the return register at exit. x86_64 only for now.
public final class FaultInjector {
    public struct Rule: Sendable {
        public var syscalls: SyscallSet
        public var error: Int32? = nil
        public var returnValue: Int64? = nil
        public var signal: Signal? = nil
        /// `when=FIRST[..LAST][+[STEP]]`: which invocations (1-based).
        public var first = 1
        public var last: Int? = nil
        public var step = 0

        func applies(toCall n: Int) -> Bool {
            guard n >= first else { return false }
            if let last, n > last { return false }
            if n == first { return true }
            return step > 0 && (n - first) % step == 0
        }
    }

    public let rules: [Rule]
    private var counts: [[Int]]
    private var injecting: [pid_t: Rule] = [:]

    public init(rules: [Rule]) {
        self.rules = rules
        counts = rules.map { _ in [Int](repeating: 0, count: SyscallTable.names(for: .native).count) }
    }

    /// Parses the value of `inject=` or `fault=` (`fault` defaults to ENOSYS).
    public static func parseRule(_ value: String, fault: Bool, expression: String, start: Int) throws(ExpressionError) -> Rule {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        var offset = start
        var rule = Rule(syscalls: try SyscallSet(parsing: String(parts[0]), expression: expression, start: offset))
        offset += parts[0].count + 1
        func fail(_ message: String) -> ExpressionError { ExpressionError(expression: expression, offset: offset, message: message) }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw fail("invalid inject option '\(part)'") }
            let value = String(pair[1])
            let optionStart = offset
            offset += pair[0].count + 1  // errors about the value point at the value
            switch pair[0] {
            case "error":
                if let number = Int32(value), number > 0 { rule.error = number } else if let number = ErrnoTable.number(named: value) {
                    rule.error = Int32(number)
                } else {
                    throw fail("invalid error '\(value)'")
                }
            case "retval":
                guard let number = Int64(value), !fault else { throw fail("invalid retval '\(value)'") }
                rule.returnValue = number
            case "signal":
                guard let number = SignalSet.number(of: value) else { throw fail("invalid signal '\(value)'") }
                rule.signal = Signal(rawValue: CInt(number))
            case "when":
                guard let when = FaultInjector.parseWhen(value) else { throw fail("invalid when '\(value)'") }
                (rule.first, rule.last, rule.step) = when
            default:
                offset = optionStart
                throw fail("invalid inject option '\(pair[0])'")
            }
            offset = optionStart + part.count + 1
        }
        if fault && rule.error == nil { rule.error = ENOSYS }
        if !fault && rule.error == nil && rule.returnValue == nil && rule.signal == nil {
            throw ExpressionError(expression: expression, offset: start, message: "inject needs error=, retval= or signal=")
        }
        return rule
    }

    /// `N`, `N+`, `N+S`, `N..M`, `N..M+S`.
    static func parseWhen(_ text: String) -> (Int, Int?, Int)? {
        var body = Substring(text)
        var step = 0
        if let plus = body.firstIndex(of: "+") {
            let after = body[body.index(after: plus)...]
            step = after.isEmpty ? 1 : (Int(after) ?? -1)
            body = body[..<plus]
        }
        guard step >= 0 else { return nil }
        let bounds = body.split(separator: ".", omittingEmptySubsequences: true)
        if body.contains("..") {
            guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), first >= 1, last >= first else { return nil }
            return (first, last, step == 0 ? 1 : step)
        }
        guard let first = Int(body), first >= 1 else { return nil }
        return (first, step == 0 ? first : nil, step)
    }

    /// At a syscall entry: decides whether this call is injected, and if it
    /// returns an error or value, makes the kernel skip it.
    public func enter(_ pid: pid_t, _ entry: SyscallEntry, _ tracee: Tracee) {
        injecting[pid] = nil
        guard entry.arch == .native, entry.number >= 0 else { return }
        for (index, rule) in rules.enumerated() where rule.syscalls.contains(entry.number) && entry.number < counts[index].count {
            counts[index][entry.number] += 1
            guard rule.applies(toCall: counts[index][entry.number]) else { continue }
            if rule.error != nil || rule.returnValue != nil {
                #if arch(x86_64)
                guard var registers = try? tracee.registers() else { return }
                registers.syscallNumber = UInt64.max  // -1: no such syscall, the kernel runs nothing
                guard (try? tracee.setRegisters(registers)) != nil else { return }
                #else
                return
                #endif
            }
            injecting[pid] = rule
            return
        }
    }

    /// At the exit: writes the injected result and returns the exit as the
    /// tracee now sees it, and the signal to deliver, if any.
    public func exit(_ pid: pid_t, _ exit: SyscallExit, _ tracee: Tracee) -> (SyscallExit, Signal?) {
        guard let rule = injecting.removeValue(forKey: pid) else { return (exit, nil) }
        var result = exit
        if let error = rule.error {
            result.returnValue = -Int64(error)
            result.isError = true
        } else if let value = rule.returnValue {
            result.returnValue = value
            result.isError = false
        }
        if rule.error != nil || rule.returnValue != nil {
            guard var registers = try? tracee.registers() else { return (exit, nil) }
            registers.returnValue = UInt64(bitPattern: result.returnValue)
            guard (try? tracee.setRegisters(registers)) != nil else { return (exit, nil) }
            result.injected = true
        }
        return (result, rule.signal)
    }
}
