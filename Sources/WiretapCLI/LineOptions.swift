import Glibc
import Wiretap

/// The per-line output options whose meaning depends on their order on the
/// command line (getopt acts on each in turn: `--relative-timestamps=ms -r`
/// is microseconds, `-r --relative-timestamps=ms` milliseconds), checked and
/// resolved as strace 6.1 does, with its messages for bad values.
struct LineOptions {
    var absoluteTime: StraceFormat.AbsoluteTime = .none
    var absolutePrecision: StraceFormat.TimePrecision = .seconds
    var relativePrecision: StraceFormat.TimePrecision = .microseconds
    var syscallTimePrecision: StraceFormat.TimePrecision = .microseconds
    /// `--strings-in-hex` (nil: only what -x says).
    var stringStyle: StringStyle? = nil
    /// `-Y` / `--decode-pids=comm`.
    var pidComm = false
    /// `--color`: always, never, or auto (a terminal, and no NO_COLOR).
    var color: Color = .never
    /// `-v` is strace's `-e abbrev=none` where it stands: an `-e abbrev=`
    /// after the last -v overrides it (false then).
    var verboseLast = false

    enum Color { case always, never, auto }

    /// A bad value: strace's message, and whether its usage hint follows.
    struct Problem: Error {
        var message: String
        var hint = true
    }

    /// The defaults: none of these options given.
    init() {}

    /// Resolves `options` (in command-line order, long names in full).
    init(_ options: [RawArguments.Option]) throws(Problem) {
        var tCount = 0
        var absoluteLong = false
        var hexShort = false
        var hexLong = false
        for option in options {
            let value = option.value.map { String(decoding: $0, as: UTF8.self) }
            switch option.name {
            case "-t":
                tCount += 1
            case "-r":
                relativePrecision = .microseconds
            case "-T":
                syscallTimePrecision = .microseconds
            case "-x":
                hexShort = true
            case "-Y":
                pidComm = true
            case "-v", "--no-abbrev":
                verboseLast = true
            case "--abbrev":
                verboseLast = false
            case "-e" where value.map { $0.hasPrefix("abbrev=") || $0.hasPrefix("a=") } ?? false:
                verboseLast = false
            case "--relative-timestamps":
                relativePrecision = try Self.precision(value, option: option.name)
            case "--syscall-times":
                syscallTimePrecision = try Self.precision(value, option: option.name)
            case "--absolute-timestamps":
                absoluteLong = true
                try applyAbsolute(value)
            case "--strings-in-hex":
                hexLong = true
                switch value {
                case nil, "all"?: stringStyle = .hexAll
                case "none"?: stringStyle = .escaped
                case "non-ascii"?: stringStyle = .hexNonPrintable
                case "non-ascii-chars"?: stringStyle = .hexEscapes
                case let other?: throw Problem(message: "invalid --strings-in-hex argument: '\(other)'")
                }
            case "--decode-pids":
                // Each occurrence sets the whole set, as strace (`-Y --decode-pids=pidns` names nothing).
                var comm = false
                for item in (value ?? "").split(separator: ",", omittingEmptySubsequences: false) {
                    switch item {
                    case "comm": comm = true
                    case "pidns": break  // one pid namespace: the pids are already ours
                    default: throw Problem(message: "invalid decode-pids '\(item)'", hint: false)
                    }
                }
                pidComm = comm
            case "--color":
                switch value {
                case nil, "always"?: color = .always
                case "never"?: color = .never
                case "auto"?: color = .auto
                case let other?: throw Problem(message: "invalid --color argument: '\(other)'")
                }
            default:
                continue
            }
        }
        if tCount > 0 && absoluteLong {
            throw Problem(message: "-t and --absolute-timestamps cannot be provided simultaneously", hint: false)
        }
        if hexShort && hexLong {
            throw Problem(message: "-x and --strings-in-hex cannot be provided simultaneously", hint: false)
        }
        if tCount > 0 {
            absoluteTime = tCount >= 3 ? .unix : .time
            absolutePrecision = tCount >= 2 ? .microseconds : .seconds
        }
    }

    /// `s`, `ms`, `us`, `ns` in any case; given alone, microseconds.
    private static func precision(_ value: String?, option: String) throws(Problem) -> StraceFormat.TimePrecision {
        guard let value else { return .microseconds }
        guard let precision = StraceFormat.TimePrecision(name: value) else {
            throw Problem(message: "invalid \(option) argument: '\(value)'")
        }
        return precision
    }

    /// `[format:]none|time|unix` and `[precision:]s|ms|us|ns`, comma
    /// separated, each setting only what it names; alone: `time` and `s` (-t).
    private mutating func applyAbsolute(_ value: String?) throws(Problem) {
        guard let value else {
            absoluteTime = .time
            absolutePrecision = .seconds
            return
        }
        var formatGiven = false
        for item in value.split(separator: ",", omittingEmptySubsequences: true) {
            var text = Substring(item.lowercased())
            var onlyFormat = false, onlyPrecision = false
            if text.hasPrefix("format:") { text = text.dropFirst(7); onlyFormat = true }
            else if text.hasPrefix("precision:") { text = text.dropFirst(10); onlyPrecision = true }
            if !onlyPrecision {
                formatGiven = true
                switch text {
                case "none": absoluteTime = .none; continue
                case "time": absoluteTime = .time; continue
                case "unix": absoluteTime = .unix; continue
                default: formatGiven = onlyFormat
                }
            }
            if !onlyFormat, let precision = StraceFormat.TimePrecision(name: String(text)) {
                absolutePrecision = precision
                continue
            }
            throw Problem(message: "invalid --absolute-timestamps argument: '\(value)'")
        }
        // A precision alone turns the stamps on (strace: `none` then `ms` is `time`).
        if !formatGiven && absoluteTime == .none { absoluteTime = .time }
    }

    /// Whether `--color` colors output written to `fd`.
    func colors(_ fd: CInt) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
            return isatty(fd) == 1
        }
    }
}
