import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// String quoting, checked against the installed strace: the same bytes are
/// written by a fixture under strace, and strace's rendering is the oracle.
@Suite struct QuotingTests {
    static let cases: [[UInt8]] = [
        Array("plain".utf8),
        Array("quote\"back\\slash".utf8),
        Array("nl\ntab\tcr\rff\u{0C}vt\u{0B}".utf8),
        [1, 2] + Array("3digit".utf8),
        [1] + Array("8x".utf8) + [1] + Array("9x".utf8) + [1] + Array("7x".utf8),
        [0x7f, 0x80, 0xff] + Array(" end".utf8) + [0],
        Array("é utf8".utf8),
        [7, 8, 0, 0o33] + Array("[1m".utf8),
        Array(0...255).map { UInt8($0) },
        Array("0123456789012345678901234567890123456789".utf8),
        [],
    ]

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The quoted strings strace printed for each write(-1, ...) line.
    static func straceQuoted(_ flags: [String]) throws -> [String] {
        let fixture = try TestSupport.fixture("write_hex_args")
        let result = try TestSupport.run(["/usr/bin/strace", "-e", "trace=write"] + flags + [fixture] + cases.map(hex))
        return result.stderr.lines.filter { $0.hasPrefix("write(-1, ") }.map { line in
            let body = line.dropFirst("write(-1, ".count)
            return String(body[..<body.range(of: ", ", options: .backwards)!.lowerBound])
        }
    }

    static func ours(style: StringStyle, limit: Int) -> [String] {
        cases.map { bytes in
            var buffer = OutputBuffer()
            buffer.appendQuoted(bytes.prefix(limit), style: style, truncated: bytes.count > limit)
            return buffer.string
        }
    }

    @Test(arguments: [
        ([], StringStyle.escaped, 32),
        (["-x"], .hexNonPrintable, 32),
        (["-xx"], .hexAll, 32),
        (["-s", "5"], .escaped, 5),
        (["-s", "300"], .escaped, 300),
    ])
    func quotingMatchesStrace(flags: [String], style: StringStyle, limit: Int) throws {
        let expected = try Self.straceQuoted(flags)
        try #require(expected.count == Self.cases.count)
        #expect(Self.ours(style: style, limit: limit) == expected)
    }

    /// `-y` paths are the link's bytes (not UTF-8 text), escaped as strace
    /// escapes them (`\n`, `\74` for `<`, octal for the rest; all hex under
    /// `-x` when one byte needs it), with `(deleted)` after the brackets.
    @Test(arguments: [["-y"], ["-y", "-x"], ["-y", "-xx"], ["-yy"], ["--decode-fds=path"]])
    func descriptorPathsMatchStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("fd_path_names")
        let directory = TestSupport.temporaryDirectory()
        let pair = try Differential.run([program], flags: flags, directory: directory)
        let theirs = Differential.after("write(-1, ", pair.strace), ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.contains { $0.contains(">(deleted)") })
        #expect(theirs.filter { $0.hasPrefix("write(3") }.count == 8)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }
}
