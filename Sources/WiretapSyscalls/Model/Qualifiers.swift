/// The items of a qualifier's comma-separated list.
import WiretapCore
enum ExpressionList {
    /// The non-empty items of `text` with their offsets in the expression:
    /// strace skips empty items (`open,,read`), but a list without any
    /// (`trace=`, `trace=,`, `trace=!`) is an error that quotes the value whole.
    static func items(_ text: Substring, at start: Int, value: String, kind: String,
                      expression: String) throws(ExpressionError) -> [(Substring, Int)] {
        var result: [(Substring, Int)] = []
        var offset = start
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            if !item.isEmpty { result.append((item, offset)) }
            offset += item.count + 1
        }
        if result.isEmpty {
            throw ExpressionError(expression: expression, offset: expression.count - value.count, message: "invalid \(kind) '\(value)'")
        }
        return result
    }

    /// A set of named members (`-e quiet=`, `-e status=`, `-e decode-fds=`):
    /// `[!]NAME[,NAME]...` with `all` and `none`; an unknown name is
    /// `invalid KIND 'NAME'` at its place.
    static func namedSet<T: OptionSet>(_ value: String, expression: String, start: Int, kind: String, all: T,
                                       names: [(String, T)]) throws(ExpressionError) -> T where T.Element == T {
        var text = Substring(value)
        var offset = start
        var negate = false
        while text.first == "!" { negate.toggle(); text = text.dropFirst(); offset += 1 }
        var result: T = []
        for (item, offset) in try items(text, at: offset, value: value, kind: kind, expression: expression) {
            if item == "all" {
                result = all
            } else if item != "none" {
                guard let member = names.first(where: { $0.0 == item })?.1 else {
                    throw ExpressionError(expression: expression, offset: offset, message: "invalid \(kind) '\(item)'")
                }
                result.insert(member)
            }
        }
        return negate ? all.subtracting(result) : result
    }
}

/// A set of file descriptors for `-e read=`, `-e write=` and `--trace-fds=`:
/// numbers, `all`, `none`, and a leading `!`.
public struct DescriptorSet: Sendable, Hashable {
    private var listed: Set<Int32> = []
    private var negated = false

    /// The empty set.
    public init() {}

    /// Whether `descriptor` is in the set.
    public func contains(_ descriptor: Int32) -> Bool { listed.contains(descriptor) != negated }

    /// Whether no descriptor is in the set (`none`, or nothing given).
    public var isEmpty: Bool { listed.isEmpty && !negated }

    /// The descriptors in any of `sets`.
    public init(union sets: [DescriptorSet]) {
        for set in sets {
            switch (negated, set.negated) {
            case (false, false): listed.formUnion(set.listed)
            case (true, false): listed.subtract(set.listed)  // not(A) or B = not(A - B)
            case (false, true): listed = set.listed.subtracting(listed); negated = true
            case (true, true): listed.formIntersection(set.listed)  // not(A) or not(B) = not(A and B)
            }
        }
    }

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        var text = Substring(value)
        var offset = start
        while text.first == "!" { negated.toggle(); text = text.dropFirst(); offset += 1 }
        var all = false
        for (item, offset) in try ExpressionList.items(text, at: offset, value: value, kind: "descriptor", expression: expression) {
            if item == "all" {
                all = true
            } else if item != "none" {
                guard let number = Int32(item), number >= 0 else {
                    throw ExpressionError(expression: expression, offset: offset, message: "invalid descriptor '\(item)'")
                }
                listed.insert(number)
            }
        }
        if all { listed = []; negated.toggle() }
    }
}

/// The informational messages `-q`, `-qq`, `-qqq` and `-e quiet=` suppress.
public struct QuietSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `Process N attached` / `detached`.
    public static let attach = QuietSet(rawValue: 1)
    /// `+++ exited with N +++` and `+++ killed by SIG +++`.
    public static let exit = QuietSet(rawValue: 2)
    /// `Requested path '...' resolved into '...'` (-P).
    public static let pathResolution = QuietSet(rawValue: 4)
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    public static let personality = QuietSet(rawValue: 8)
    /// `+++ superseded by execve in pid N +++`.
    public static let threadExecve = QuietSet(rawValue: 16)
    public static let all: QuietSet = [.attach, .exit, .pathResolution, .personality, .threadExecve]

    /// What `-q` repeated `count` times suppresses: -q attach and
    /// personality, -qq also exits, -qqq also thread-execve (strace 6.1
    /// still names -P's resolved paths then: only quiet=path-resolution
    /// or quiet=all silence those).
    public init(count: Int) {
        switch count {
        case ...0: self = []
        case 1: self = [.attach, .personality]
        case 2: self = [.attach, .personality, .exit]
        default: self = QuietSet.all.subtracting(.pathResolution)
        }
    }

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        self = try ExpressionList.namedSet(value, expression: expression, start: start, kind: "quiet", all: .all, names: [
            ("attach", .attach), ("exit", .exit), ("exits", .exit), ("path-resolution", .pathResolution),
            ("personality", .personality), ("thread-execve", .threadExecve), ("superseded", .threadExecve),
        ])
    }
}

/// What `-y`, `-yy` and `-e decode-fds=` print beside a descriptor.
public struct DescriptorDecoding: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The file's path (`-y`).
    public static let path = DescriptorDecoding(rawValue: 1)
    /// Socket protocols and endpoints.
    public static let socket = DescriptorDecoding(rawValue: 2)
    /// Device numbers of block and character devices.
    public static let device = DescriptorDecoding(rawValue: 4)
    /// The process a pidfd refers to.
    public static let pidfd = DescriptorDecoding(rawValue: 8)
    public static let all: DescriptorDecoding = [.path, .socket, .device, .pidfd]

    /// `-y` given `count` times: paths, then everything.
    public init(count: Int) {
        self = count <= 0 ? [] : count == 1 ? .path : .all
    }

    public init(parsing value: String, expression: String, start: Int) throws(ExpressionError) {
        self = try ExpressionList.namedSet(value, expression: expression, start: start, kind: "decode-fds", all: .all, names: [
            ("path", .path), ("socket", .socket), ("dev", .device), ("pidfd", .pidfd),
        ])
    }
}
