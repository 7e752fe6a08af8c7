import Glibc
import WiretapCore

/// An error in a `-e` expression, saying where.
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    /// The whole expression as given.
    public let expression: String
    /// Where in it the problem starts (0-based character offset).
    public let offset: Int
    public let message: String

    public var description: String {
        "\(message) in -e \(expression)\n  \(expression)\n  " + String(repeating: " ", count: offset) + "^"
    }
}

/// A set of syscalls chosen by an strace expression such as
/// `open,close`, `!%file`, `/^statx?$`, `?nosuch`, `all` or `none`.
public struct SyscallSet: Sendable, Hashable {
    /// By number, in the native ABI and in the 32-bit compat ABI (i386 on
    /// x86_64): a name selects the call of that name in both, as in strace.
    private var members: [Bool]
    private var compatMembers: [Bool]
    /// i386's socketcall and ipc sub-calls, by `MultiplexedSubcall.index`:
    /// strace selects them by their own names and classes.
    private var subcallMembers: [Bool]

    /// The 32-bit ABI a native tracee can switch to, if any.
    static var compat: AuditArch? {
        #if arch(x86_64)
        .i386
        #else
        nil
        #endif
    }

    /// Every syscall, or none. Numbers without a name are in the set
    /// unless `includingUnknown` is false (strace traces unknown syscalls
    /// whatever `trace=` says, but prints them raw only when asked).
    public init(all: Bool, includingUnknown: Bool = true) {
        members = [Bool](repeating: all, count: SyscallTable.names(for: .native).count)
        compatMembers = [Bool](repeating: all, count: Self.compat.map { SyscallTable.names(for: $0).count } ?? 0)
        subcallMembers = [Bool](repeating: all, count: MultiplexedSubcall.count)
        if includingUnknown { includeUnknown() }
    }

    /// Whether syscall `number` of the native ABI is in the set. Numbers
    /// without a name are always in it: strace shows unknown syscalls
    /// whatever the expression, even `none`.
    public func contains(_ number: Int) -> Bool {
        guard number >= 0, number < members.count else { return true }
        return members[number]
    }

    /// Whether syscall `number` of `arch` is in the set (other ABIs than the
    /// native and compat ones: always).
    public func contains(_ number: Int, arch: AuditArch) -> Bool {
        if arch == .native { return contains(number) }
        guard arch == Self.compat else { return true }
        guard number >= 0, number < compatMembers.count else { return true }
        return compatMembers[number]
    }

    /// Whether the set holds this call: a call made through i386's
    /// socketcall or ipc is in it when its sub-call is.
    /// `memory`: the tracee's, to tell a socketcall whose arguments cannot
    /// be read (which stays `socketcall`).
    public func contains(_ entry: SyscallEntry, memory: RemoteMemory? = nil) -> Bool {
        if entry.arch != .native, let subcall = MultiplexedSubcall(entry, memory: memory) {
            return subcallMembers[subcall.index]
        }
        return contains(entry.number, arch: entry.arch)
    }

    /// Unnamed numbers (holes in the tables) are always in the set.
    private mutating func includeUnknown() {
        for (number, name) in SyscallTable.names(for: .native).enumerated() where name.utf8CodeUnitCount == 0 {
            members[number] = true
        }
        if let compat = Self.compat {
            for (number, name) in SyscallTable.names(for: compat).enumerated() where name.utf8CodeUnitCount == 0 {
                compatMembers[number] = true
            }
        }
    }

    /// Parses the value of `trace=` (the part after `=`). `expression` is the
    /// whole `-e` argument, for error messages; `start` where the value begins in it.
    /// Class names strace 6.1 still takes without `%`.
    static let legacyClassNames: Set<String> = ["file", "process", "network", "signal", "ipc", "desc", "memory"]

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        var text = Substring(value)
        var offset = start
        var negate = false
        while text.first == "!" {
            negate.toggle()
            text = text.dropFirst()
            offset += 1
        }
        self.init(all: false)
        for (item, offset) in try ExpressionList.items(text, at: offset, value: value, kind: "system call", expression: expression) {
            try add(item, expression: expression, offset: offset)
        }
        if negate {
            members = members.map { !$0 }
            compatMembers = compatMembers.map { !$0 }
            subcallMembers = subcallMembers.map { !$0 }
        }
        includeUnknown()
    }

    /// One item, with an optional personality: `open@64` (the native ABI
    /// only), `open@32` (the 32-bit compat ABI only), `open@x32` (the x32
    /// ABI, which wiretap does not trace: nothing).
    private mutating func add(_ item: Substring, expression: String, offset: Int) throws(ExpressionError) {
        guard let at = item.lastIndex(of: "@"), !item.hasPrefix("/") else {
            return try addAnyABI(item, expression: expression, offset: offset)
        }
        let designator = item[item.index(after: at)...]
        let (savedNative, savedCompat, savedSubcalls) = (members, compatMembers, subcallMembers)
        try addAnyABI(item[..<at], expression: expression, offset: offset)
        switch designator {
        case "64": (compatMembers, subcallMembers) = (savedCompat, savedSubcalls)
        case "32": members = savedNative
        case "x32": (members, compatMembers, subcallMembers) = (savedNative, savedCompat, savedSubcalls)
        default:
            throw ExpressionError(expression: expression, offset: offset + item.distance(from: item.startIndex, to: at) + 1,
                                  message: "incorrect personality designator '\(designator)' in qualification '\(item)'")
        }
    }

    private mutating func addAnyABI(_ item: Substring, expression: String, offset: Int) throws(ExpressionError) {
        func fail(_ message: String) -> ExpressionError {
            ExpressionError(expression: expression, offset: offset, message: message)
        }
        if item.isEmpty { throw fail("empty system call name") }
        if item == "all" {
            members = members.map { _ in true }
            compatMembers = compatMembers.map { _ in true }
            subcallMembers = subcallMembers.map { _ in true }
            return
        }
        if item == "none" { return }
        // strace's classes before it had `%`: they win over syscall names
        // (i386 has calls named `signal` and `ipc`).
        let legacyClass = Self.legacyClassNames.contains(String(item))
        if item.hasPrefix("%") || legacyClass {
            let className = legacyClass ? String(item) : String(item.dropFirst())
            guard let wanted = SyscallClass(straceName: className) else { throw fail("invalid system call '\(item)'") }
            for number in members.indices where SyscallTable.classes(of: number).contains(wanted) { members[number] = true }
            if let compat = Self.compat {
                for number in compatMembers.indices where SyscallTable.classes(of: number, arch: compat).contains(wanted) {
                    compatMembers[number] = true
                }
                for index in subcallMembers.indices where MultiplexedSubcall(index: index)?.classes.contains(wanted) == true {
                    subcallMembers[index] = true
                }
            }
            return
        }
        if item.hasPrefix("/") {
            var regex = regex_t()
            let pattern = String(item.dropFirst())
            let rc = regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB)
            guard rc == 0 else {
                var message = [CChar](repeating: 0, count: 256)
                regerror(rc, &regex, &message, message.count)
                let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw fail("invalid regular expression '\(pattern)': \(text)")
            }
            defer { regfree(&regex) }
            for (number, name) in SyscallTable.names(for: .native).enumerated() where name.utf8CodeUnitCount > 0 {
                if regexec(&regex, name.description, 0, nil, 0) == 0 { members[number] = true }
            }
            if let compat = Self.compat {
                for (number, name) in SyscallTable.names(for: compat).enumerated() where name.utf8CodeUnitCount > 0 {
                    if regexec(&regex, name.description, 0, nil, 0) == 0 { compatMembers[number] = true }
                }
                for (index, name) in MultiplexedSubcall.names.enumerated() where !name.isEmpty {
                    if regexec(&regex, name, 0, nil, 0) == 0 { subcallMembers[index] = true }
                }
            }
            return
        }
        let optional = item.hasPrefix("?")
        let name = String(optional ? item.dropFirst() : item)
        var known = false
        if let number = SyscallTable.number(of: name) {
            members[number] = true
            known = true
        }
        if let compat = Self.compat, let number = SyscallTable.number(of: name, arch: compat) {
            compatMembers[number] = true
            known = true
        }
        if Self.compat != nil, let index = MultiplexedSubcall.names.firstIndex(of: name) {
            subcallMembers[index] = true
            known = true
        }
        if !known, let number = Int(name), number >= 0, number < members.count {
            members[number] = true
            known = true
        }
        if !known && !optional {
            throw fail("invalid system call '\(name)'")
        }
    }
}

/// A set of signals for `-e signal=`: names with or without `SIG`, numbers, `all`, `none`, `!`.
public struct SignalSet: Sendable, Hashable {
    private var members: [Bool] = [Bool](repeating: true, count: 65)

    public init() {}

    public func contains(_ signal: Signal) -> Bool {
        let n = Int(signal.rawValue)
        return n >= 0 && n < members.count ? members[n] : true
    }

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        var text = Substring(value)
        var offset = start
        var negate = false
        while text.first == "!" { negate.toggle(); text = text.dropFirst(); offset += 1 }
        members = [Bool](repeating: false, count: 65)
        for (item, offset) in try ExpressionList.items(text, at: offset, value: value, kind: "signal", expression: expression) {
            if item == "all" { members = members.map { _ in true } } else if item == "none" {
            } else if let number = SignalSet.number(of: String(item)) {
                members[number] = true
            } else {
                throw ExpressionError(expression: expression, offset: offset, message: "invalid signal '\(item)'")
            }
        }
        if negate { members = members.map { !$0 } }
    }

    static func number(of name: String) -> Int? {
        if let n = Int(name) { return n > 0 && n <= 64 ? n : nil }
        let upper = name.uppercased()
        let full = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        for n in 1...64 where Signal(rawValue: CInt(n)).description == full { return n }
        return nil
    }
}

/// Which syscall outcomes to show (`-e status=`, `-z`, `-Z`).
public struct StatusSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let successful = StatusSet(rawValue: 1)
    public static let failed = StatusSet(rawValue: 2)
    public static let unfinished = StatusSet(rawValue: 4)
    public static let unavailable = StatusSet(rawValue: 8)
    public static let detached = StatusSet(rawValue: 16)
    public static let all: StatusSet = [.successful, .failed, .unfinished, .unavailable, .detached]

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        self = try ExpressionList.namedSet(value, expression: expression, start: start, kind: "status", all: .all, names: [
            ("successful", .successful), ("failed", .failed), ("unfinished", .unfinished), ("unavailable", .unavailable),
            ("detached", .detached),
        ])
    }
}

/// What the `-e` expressions of a command line select.
public struct TraceSelection: Sendable {
    public var syscalls = SyscallSet(all: true)
    public var signals = SignalSet()
    public var statuses = StatusSet.all
    /// `-e inject=` and `-e fault=` rules.
    public var injections: [FaultInjector.Rule] = []
    /// `-e abbrev=`: syscalls whose arrays and structures are abbreviated
    /// (all by default; `-v` is `abbrev=none`).
    public var abbreviated = SyscallSet(all: true)
    /// `-e verbose=`: syscalls whose structures are dereferenced (all by default).
    public var dereferenced = SyscallSet(all: true)
    /// `-e raw=`: syscalls printed with undecoded arguments (none by default).
    public var raw = SyscallSet(all: false, includingUnknown: false)
    /// `-e read=` and `-e write=`: descriptors whose data is dumped in hex.
    public var dumpReads = DescriptorSet()
    public var dumpWrites = DescriptorSet()
    /// `-e quiet=` (nil: only what -q says).
    public var quiet: QuietSet? = nil
    /// `-e decode-fds=` (nil: only what -y says).
    public var descriptorDetails: DescriptorDecoding? = nil
    /// `-e kvm=vcpu`.
    public var kvmExitReasons = false

    public init() {}

    /// Whether the `-c` summary counts this event: entries of syscalls
    /// outside `-e trace=` are not counted (nor, then, their exits).
    public func counts(_ event: TraceEvent) -> Bool {
        if case .syscallEntry(let entry) = event.kind { return syscalls.contains(entry) }
        return true
    }

    /// Applies one `-e` argument: `[trace=|t=|signal=|signals=|s=|status=]SET`.
    public mutating func apply(_ expression: String) throws(ExpressionError) {
        let qualifier: Substring
        let value: Substring
        if let equals = expression.firstIndex(of: "="), !expression[..<equals].contains(",") {
            qualifier = expression[..<equals]
            value = expression[expression.index(after: equals)...]
        } else {
            qualifier = "trace"
            value = Substring(expression)
        }
        let start = expression.distance(from: expression.startIndex, to: value.startIndex)
        switch qualifier {
        case "trace", "t":
            syscalls = try SyscallSet(parsing: String(value), expression: expression, start: start)
        case "signal", "signals", "s":
            signals = try SignalSet(parsing: String(value), expression: expression, start: start)
        case "status":
            statuses = try StatusSet(parsing: String(value), expression: expression, start: start)
        case "abbrev", "a":
            abbreviated = try SyscallSet(parsing: String(value), expression: expression, start: start)
        case "verbose", "v":
            dereferenced = try SyscallSet(parsing: String(value), expression: expression, start: start)
        case "raw", "x":
            raw = try SyscallSet(parsing: String(value), expression: expression, start: start)
        case "read", "r":
            dumpReads = try DescriptorSet(parsing: String(value), expression: expression, start: start)
        case "write", "w":
            dumpWrites = try DescriptorSet(parsing: String(value), expression: expression, start: start)
        case "quiet", "silent", "silence", "q":
            quiet = try QuietSet(parsing: String(value), expression: expression, start: start)
        case "decode-fds", "decode-fd":
            descriptorDetails = try DescriptorDecoding(parsing: String(value), expression: expression, start: start)
        case "kvm":
            guard value == "vcpu" else {
                throw ExpressionError(expression: expression, offset: start, message: "invalid -e kvm= argument: '\(value)'")
            }
            kvmExitReasons = true
        case "inject", "fault":
            injections.append(try FaultInjector.parseRule(String(value), fault: qualifier == "fault", expression: expression, start: start))
        default:
            // As strace: an unknown qualifier makes the whole expression a trace= set.
            syscalls = try SyscallSet(parsing: expression, expression: expression, start: 0)
        }
    }
}
