import Glibc
import SystemPackage
import WiretapCore

/// strace's `-e inject=SET:error=E|retval=N|signal=S[:when=EXPR]` and
/// `-e fault=SET[:error=E][:when=EXPR]`: make chosen calls fail, return a
/// chosen value, or be followed by a signal, without the kernel running them.
///
/// The call is skipped by setting its number to -1 at entry (or to a harmless
/// syscall's, `syscall=NAME`); its result is written into the return register
/// at exit. x86_64 only for now. `delay_enter=`/`delay_exit=` hold the tracee
/// stopped (the caller passes the delay on in its `Resume`);
/// `poke_enter=`/`poke_exit=` overwrite the memory an argument points to.
public final class FaultInjector {
    public struct Rule: Sendable {
        public var syscalls: SyscallSet
        public var error: Int32? = nil
        public var returnValue: Int64? = nil
        public var signal: Signal? = nil
        /// `when=FIRST[..LAST][+[STEP]]`: which invocations (1-based).
        /// Without `when=`, every one, as strace's default is.
        public var first = 1
        public var last: Int? = nil
        public var step = 1
        /// `syscall=NAME`: run this syscall (one without side effects) instead of none.
        public var substituteSyscall: Int? = nil
        /// `delay_enter=`, `delay_exit=`: nanoseconds.
        public var delayEnter: Int64? = nil
        public var delayExit: Int64? = nil
        /// `poke_enter=@argN=DATA,...`, `poke_exit=...`: (N, bytes).
        public var pokeEnter: [(argument: Int, bytes: [UInt8])] = []
        public var pokeExit: [(argument: Int, bytes: [UInt8])] = []

        /// strace's warnings for a `retval=` the tracee could read as an
        /// error (-4095..-1 as a 64-bit or, for a 32-bit tracee, a 32-bit
        /// value) or that a 32-bit tracee sees clipped.
        public var warnings: [String] {
            guard let value = returnValue else { return [] }
            let maxErrno: Int64 = 4095
            if value < 0 && value >= -maxErrno {
                return ["Inadvertent injection of error \(-value) is possible for retval=\(UInt64(bitPattern: value))"]
            }
            let low = Int32(truncatingIfNeeded: value)
            if low < 0 && Int64(low) >= -maxErrno {
                return ["Inadvertent injection of error \(-Int64(low)) is possible in compat personality for retval=\(UInt64(bitPattern: value))"]
            }
            if UInt64(bitPattern: value) > UInt64(UInt32.max) {
                return ["Injected return value \(UInt64(bitPattern: value)) will be clipped to \(UInt32(truncatingIfNeeded: value)) in compat personality"]
            }
            return []
        }

        func applies(toCall n: Int) -> Bool {
            guard n >= first else { return false }
            if let last, n > last { return false }
            if n == first { return true }
            return step > 0 && (n - first) % step == 0
        }
    }

    /// A number as C's strtoul with base 0 reads it: `0x1f`, `017`, `31`.
    /// A leading `-` negates, as strtoul's does (`-1` is all ones).
    static func parseUnsigned(_ text: String) -> UInt64? {
        if text.hasPrefix("-") { return parseUnsigned(String(text.dropFirst())).map { 0 &- $0 } }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        if text.count > 1, text.hasPrefix("0") { return UInt64(text.dropFirst(), radix: 8) }
        return UInt64(text)
    }

    /// Syscalls strace accepts for `syscall=`: those without side effects.
    static let pureSyscalls: Set<String> = ["getpid", "getppid", "getuid", "geteuid", "getgid", "getegid", "gettid", "getpgrp"]

    public let rules: [Rule]
    /// The traced calls (`-e trace=`): as in strace, a call outside them is
    /// neither counted nor tampered with.
    public let traced: SyscallSet
    private var counts: [[Int]]
    private var injecting: [pid_t: (rule: Rule, arguments: SyscallArguments)] = [:]

    public init(rules: [Rule], traced: SyscallSet = SyscallSet(all: true)) {
        self.rules = rules
        self.traced = traced
        counts = rules.map { _ in [Int](repeating: 0, count: Self.slotCount) }
    }

    /// The 32-bit ABI a native tracee can switch to, if any.
    static let compatArch: AuditArch? = {
        #if arch(x86_64)
        .i386
        #else
        nil
        #endif
    }()
    private static let nativeCount = SyscallTable.names(for: .native).count
    private static let compatCount = compatArch.map { SyscallTable.names(for: $0).count } ?? 0
    /// One counter per native call, per 32-bit call, and per i386
    /// socketcall/ipc sub-call (counted by sub-call, as strace does).
    private static let slotCount = nativeCount + compatCount + MultiplexedSubcall.count

    /// The counter of a call, or nil for one no rule can match.
    private static func slot(_ entry: SyscallEntry, _ memory: RemoteMemory?) -> Int? {
        guard entry.number >= 0 else { return nil }
        if entry.arch == .native { return entry.number < nativeCount ? entry.number : nil }
        guard entry.arch == compatArch else { return nil }
        if let subcall = MultiplexedSubcall(entry, memory: memory) { return nativeCount + compatCount + subcall.index }
        return entry.number < compatCount ? nativeCount + entry.number : nil
    }

    /// Parses the value of `inject=` or `fault=` (`fault` defaults to ENOSYS).
    public static func parseRule(_ value: String, fault: Bool, expression: String, start: Int) throws(ExpressionError) -> Rule {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        var offset = start
        var seen: Set<Substring> = []
        var rule = Rule(syscalls: try SyscallSet(parsing: String(parts[0]), expression: expression, start: offset))
        offset += parts[0].count + 1
        func fail(_ message: String) -> ExpressionError { ExpressionError(expression: expression, offset: offset, message: message) }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw fail("invalid inject option '\(part)'") }
            let value = String(pair[1])
            let optionStart = offset
            offset += pair[0].count + 1  // errors about the value point at the value
            if ["syscall", "delay_enter", "delay_exit", "poke_enter", "poke_exit"].contains(pair[0]) {
                guard !fault else {
                    offset = optionStart
                    throw fail("invalid inject option '\(pair[0])'")
                }
                guard !seen.contains(pair[0]) else { throw fail("\(pair[0]) given twice") }
                seen.insert(pair[0])
            }
            switch pair[0] {
            case "syscall":
                guard pureSyscalls.contains(value), let number = SyscallTable.number(of: value) else {
                    throw fail("invalid syscall '\(value)' (only getpid, getppid, getuid, geteuid, getgid, getegid, gettid or getpgrp)")
                }
                rule.substituteSyscall = number
            case "delay_enter", "delay_exit":
                guard let delay = StraceDuration.parse(value) else { throw fail("invalid \(pair[0]) '\(value)'") }
                if pair[0] == "delay_enter" { rule.delayEnter = delay } else { rule.delayExit = delay }
            case "poke_enter", "poke_exit":
                guard let pokes = FaultInjector.parsePokes(value) else { throw fail("invalid \(pair[0]) '\(value)'") }
                if pair[0] == "poke_enter" { rule.pokeEnter = pokes } else { rule.pokeExit = pokes }
            case "error":
                if let number = Int32(value), number > 0 { rule.error = number } else if let number = ErrnoTable.number(named: value) {
                    rule.error = Int32(number)
                } else {
                    throw fail("invalid error '\(value)'")
                }
            case "retval":
                // As strace reads it (strtoul, base 0): decimal, 0x hexadecimal or 0 octal.
                guard let number = FaultInjector.parseUnsigned(value), !fault else { throw fail("invalid retval '\(value)'") }
                rule.returnValue = Int64(bitPattern: number)
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
        if !fault && rule.error == nil && rule.returnValue == nil && rule.signal == nil && rule.delayEnter == nil && rule.delayExit == nil
            && rule.pokeEnter.isEmpty && rule.pokeExit.isEmpty {
            throw ExpressionError(expression: expression, offset: start,
                                  message: "inject needs error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=")
        }
        return rule
    }

    /// `@argN=DATA[,@argN=DATA...]`: N from 1 to 7, DATA an even number of
    /// hex digits (strace's form, `4142`), at most 1024 bytes; `\x41\x42`
    /// is accepted too.
    static func parsePokes(_ text: String) -> [(argument: Int, bytes: [UInt8])]? {
        guard !text.isEmpty else { return nil }
        var result: [(argument: Int, bytes: [UInt8])] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let chars = Array(item.utf8)
            guard chars.count >= 6, chars.starts(with: "@arg".utf8), (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(chars[4]),
                  chars[5] == UInt8(ascii: "=") else { return nil }
            var digits = Array(chars[6...])
            if digits.starts(with: "\\x".utf8) {
                // \xHH\xHH...: every byte escaped.
                guard digits.count % 4 == 0 else { return nil }
                var plain: [UInt8] = []
                for i in stride(from: 0, to: digits.count, by: 4) {
                    guard digits[i] == UInt8(ascii: "\\"), digits[i + 1] == UInt8(ascii: "x") else { return nil }
                    plain += digits[(i + 2)..<(i + 4)]
                }
                digits = plain
            }
            guard !digits.isEmpty, digits.count % 2 == 0, digits.count <= 2048 else { return nil }
            var bytes: [UInt8] = []
            for i in stride(from: 0, to: digits.count, by: 2) {
                guard let byte = UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(byte)
            }
            result.append((Int(chars[4] - UInt8(ascii: "0")), bytes))
        }
        return result.isEmpty ? nil : result
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
    /// returns an error or value, makes the kernel skip it (or run the
    /// `syscall=` substitute). Pokes `poke_enter=` data. Returns how long to
    /// hold the tracee before it goes on (`delay_enter=`), in nanoseconds.
    @discardableResult
    public func enter(_ pid: pid_t, _ entry: SyscallEntry, _ tracee: Tracee) -> Int64 {
        injecting[pid] = nil
        let memory = entry.arch == .native ? nil : tracee.memory
        guard let slot = Self.slot(entry, memory), traced.contains(entry, memory: memory) else { return 0 }
        for (index, rule) in rules.enumerated() where rule.syscalls.contains(entry, memory: memory) {
            counts[index][slot] += 1
            guard rule.applies(toCall: counts[index][slot]) else { continue }
            if rule.error != nil || rule.returnValue != nil {
                #if arch(x86_64)
                guard var registers = try? tracee.registers() else { return 0 }
                // -1: no such syscall, the kernel runs nothing; or a harmless one
                // (by its number in the tracee's ABI).
                var substitute = rule.substituteSyscall
                if let native = substitute, entry.arch != .native, let name = SyscallTable.name(of: native) {
                    substitute = SyscallTable.number(of: name.description, arch: entry.arch)
                }
                registers.syscallNumber = substitute.map { UInt64($0) } ?? UInt64.max
                guard (try? tracee.setRegisters(registers)) != nil else { return 0 }
                #else
                return 0
                #endif
            }
            var poked = false
            if !rule.pokeEnter.isEmpty { poked = Self.poke(pid, rule.pokeEnter, entry.arguments) }
            injecting[pid] = (rule, entry.arguments)
            if poked { pokedAtEntry.insert(pid) }
            return rule.delayEnter ?? 0
        }
        return 0
    }

    /// Tasks whose current call had memory poked at entry.
    private var pokedAtEntry: Set<pid_t> = []

    private static func poke(_ pid: pid_t, _ pokes: [(argument: Int, bytes: [UInt8])], _ arguments: SyscallArguments) -> Bool {
        let memory = RemoteMemory(pid: pid)
        var poked = false
        for (argument, bytes) in pokes {
            let address = arguments[argument - 1]
            // As strace: a failed poke ("couldn't poke") lets the call go on.
            let written = bytes.withUnsafeBytes { raw in (try? memory.write(raw, to: address)) != nil }
            if written { poked = true }
        }
        return poked
    }

    /// At the exit, for `delay_exit=`: how long to hold the tracee (call
    /// after `exit(_:_:_:)`, which forgets the call).
    public private(set) var exitDelay: Int64 = 0

    /// At the exit: writes the injected result and returns the exit as the
    /// tracee now sees it, and the signal to deliver, if any.
    public func exit(_ pid: pid_t, _ exit: SyscallExit, _ tracee: Tracee) -> (SyscallExit, Signal?) {
        exitDelay = 0
        guard let (rule, arguments) = injecting.removeValue(forKey: pid) else { return (exit, nil) }
        var result = exit
        result.argumentsInjected = pokedAtEntry.remove(pid) != nil
        if !rule.pokeExit.isEmpty && Self.poke(pid, rule.pokeExit, arguments) { result.argumentsInjected = true }
        if let delay = rule.delayExit { exitDelay = delay }
        result.delayed = rule.delayEnter != nil || rule.delayExit != nil
        if let error = rule.error {
            result.returnValue = -Int64(error)
            result.isError = true
        } else if let value = rule.returnValue {
            // A 32-bit tracee sees the low half (strace warns of the clipping).
            result.returnValue = exit.arch == .native ? value : Int64(UInt32(truncatingIfNeeded: value))
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
