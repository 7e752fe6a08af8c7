import Glibc

/// The command line as the kernel passed it, and its split into options and
/// the command to run.
///
/// `CommandLine.arguments` decodes each argument as UTF-8 and replaces what
/// is not valid with U+FFFD, so `wiretap rm $'x\xff'` would target another
/// file: the command and `-E` values are taken from `CommandLine.unsafeArgv`
/// as bytes instead. And swift-argument-parser's `.captureForPassthrough` is
/// quadratic in the number of arguments (100,000 took 299 s): only the
/// options, split off here in one pass, are handed to it.
struct RawArguments {
    /// An option as given, with its value if it takes one.
    struct Option {
        /// `-s`, or `--string-limit` (short options come one per entry, bundles split).
        var name: String
        /// The value, as bytes: attached (`-s100`, `--env=X=1`) or the next argument.
        /// nil for a flag, or for a value option at the very end (missing value).
        var value: [UInt8]?
    }

    /// The options, in order.
    var options: [Option] = []
    /// The command and its arguments (after the options, or after `--`).
    var command: [[UInt8]] = []
    /// The first unknown option or missing value, as getopt words it (only
    /// when the options without a value were given).
    var problem: String? = nil

    /// `wiretap files [options] [--] CMD...` (argv after `files`): the
    /// options FilesCommand declares with a value are `-o`, `--snapshot`,
    /// `--include` and `--exclude`. For FilesCommand to take its command as
    /// bytes, in linear time: parse `parserArguments` and run `command`.
    static func filesCommand(_ arguments: [[UInt8]]) -> RawArguments {
        RawArguments(arguments, shortWithValue: filesShortWithValue, longWithValue: filesLongWithValue)
    }

    static let filesShortWithValue: Set<UInt8> = Set("o".utf8)
    static let filesLongWithValue: Set<String> = ["snapshot", "include", "exclude"]

    /// argv[1...] as bytes.
    static func processArguments() -> [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(Int(CommandLine.argc))
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { break }
            result.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self),
                                                    count: strlen(argument))))
        }
        return result
    }

    /// Splits `arguments` (argv without argv[0]) as getopt_long does with
    /// an option string led by `+` (strace's): options are read up to the
    /// first argument that is not one (`-` alone is not), or up to `--`,
    /// which is dropped; what follows is the command, untouched.
    ///
    /// - `-fqv` is three flags; a short option in `shortWithValue` takes
    ///   the rest of its bundle as its value (`-s100`, `-fs100`), or else
    ///   the next argument, whatever it looks like (`-o -x`).
    /// - `--name=value`, or `--name value` for a long option in `longWithValue`.
    ///
    /// Unknown options are passed on as flags, for the parser to refuse.
    /// With `shortFlags` and `longFlags` (the options without a value), an
    /// unknown option or a missing value is recorded in `problem`, in
    /// getopt's words, and a long option may be abbreviated to any
    /// unambiguous prefix, as getopt_long allows (`--seccomp` for `--seccomp-bpf`).
    ///
    /// A long option in `longOptionalValue` (getopt's `optional_argument`)
    /// takes a value only after `=`: `--relative-timestamps=ms`, while
    /// `--relative-timestamps ms` leaves `ms` as the command.
    init(_ arguments: [[UInt8]], shortWithValue: Set<UInt8>, longWithValue: Set<String>,
         shortFlags: Set<UInt8>? = nil, longFlags: Set<String> = [], longOptionalValue: Set<String> = []) {
        let checking = shortFlags != nil
        let allLong = longWithValue.union(longFlags).union(longOptionalValue)
        func note(_ message: String) { if checking && problem == nil { problem = message } }
        let dash = UInt8(ascii: "-")
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.count > 1, argument[0] == dash else { break }  // the command starts
            index += 1
            if argument.count == 2 && argument[1] == dash { break }  // `--`
            if argument[1] == dash {
                let body = argument[2...]
                let equals = body.firstIndex(of: UInt8(ascii: "="))
                var name = String(decoding: equals.map { body[..<$0] } ?? body[...], as: UTF8.self)
                if checking && !allLong.contains(name) {
                    let candidates = allLong.filter { $0.hasPrefix(name) }.sorted()
                    // getopt quotes the argument whole, `=value` included.
                    let given = String(decoding: argument, as: UTF8.self)
                    if candidates.count == 1 {
                        name = candidates[0]
                    } else if candidates.isEmpty {
                        note("unrecognized option '\(given)'")
                    } else {
                        note("option '\(given)' is ambiguous; possibilities:" + candidates.map { " '--\($0)'" }.joined())
                    }
                }
                if let equals {
                    if checking && longFlags.contains(name) { note("option '--\(name)' doesn't allow an argument") }
                    options.append(Option(name: "--" + name, value: Array(body[(equals + 1)...])))
                    continue
                }
                if longWithValue.contains(name) {
                    if index >= arguments.count { note("option '--\(name)' requires an argument") }
                    options.append(Option(name: "--" + name, value: index < arguments.count ? arguments[index] : nil))
                    if index < arguments.count { index += 1 }
                } else {
                    options.append(Option(name: "--" + name, value: nil))
                }
                continue
            }
            var position = 1
            while position < argument.count {
                let letter = argument[position]
                let name = "-" + String(decoding: [letter], as: UTF8.self)
                position += 1
                guard shortWithValue.contains(letter) else {
                    if let shortFlags, !shortFlags.contains(letter) {
                        note("invalid option -- '\(String(decoding: [letter], as: UTF8.self))'")
                    }
                    options.append(Option(name: name, value: nil))
                    continue
                }
                if position < argument.count {
                    options.append(Option(name: name, value: Array(argument[position...])))
                } else {
                    if index >= arguments.count { note("option requires an argument -- '\(String(decoding: [letter], as: UTF8.self))'") }
                    options.append(Option(name: name, value: index < arguments.count ? arguments[index] : nil))
                    if index < arguments.count { index += 1 }
                }
                break
            }
        }
        command = Array(arguments[index...])
    }

    /// The options as arguments for swift-argument-parser: `-s`, `100` and
    /// `--name=value`; values decoded as UTF-8 (the parser takes strings:
    /// values needed as bytes are read from `options`). The parser must take
    /// each short option's value unconditionally (`parsing: .unconditional`),
    /// as getopt does: `-o -x` writes to a file named `-x`.
    var parserArguments: [String] {
        var result: [String] = []
        result.reserveCapacity(options.count * 2)
        for option in options {
            guard let value = option.value else {
                result.append(option.name)
                continue
            }
            let text = String(decoding: value, as: UTF8.self)
            if option.name.hasPrefix("--") {
                result.append(option.name + "=" + text)  // also refuses a value given to a flag
            } else {
                result.append(option.name)
                result.append(text)
            }
        }
        return result
    }

    /// The values given to the options named `names`, in order, as bytes.
    func values(of names: Set<String>) -> [[UInt8]] {
        options.compactMap { names.contains($0.name) ? $0.value : nil }
    }
}
