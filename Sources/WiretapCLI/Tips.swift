import Glibc

/// `--tips[=[[id:]ID][,[format:]FORMAT]]`: a tip about wiretap, printed to
/// stderr when the trace ends, in a speech bubble as strace draws its own
/// (the tips and the drawing are wiretap's).
struct Tips {
    enum Format: String { case none, compact, full }

    /// Which tip: nil for a random one.
    var id: Int?
    var format = Format.compact

    /// Parses the option's value ("" when given alone); nil if it is not valid.
    init?(_ spec: String) {
        guard !spec.isEmpty else { return }
        for item in spec.split(separator: ",") {
            var key: Substring? = nil
            var value = item
            if let colon = item.firstIndex(of: ":") {
                key = item[..<colon]
                value = item[item.index(after: colon)...]
            }
            if key == nil || key == "id" {
                if value == "random" { id = nil; continue }
                if let number = Int(value), number >= 0 { id = number; continue }
                if key != nil { return nil }
            }
            if key == nil || key == "format" {
                if let format = Format(rawValue: String(value)) { self.format = format; continue }
            }
            return nil
        }
    }

    static let tips = [
        "wiretap files -- CMD lists what CMD created, changed and removed; add --snapshot DIR and wiretap undo DIR puts everything back.",
        "--json writes one JSON object per event: pipe it to jq instead of parsing strace's text.",
        "-e trace=%file shows only the calls that take a file name; -e trace=%desc those that take a descriptor.",
        "With -f, wiretap follows forks, vforks and threads; -ff -o FILE writes each task's trace to FILE.PID.",
        "-y prints the path behind each file descriptor, -yy also socket endpoints and device numbers.",
        "-c counts calls, errors and time per syscall; -C prints the trace as well, and -S sorts the table.",
        "-e inject=openat:error=ENOENT:when=3 makes the third openat fail: test a program's error paths without touching the disk.",
        "--seccomp-bpf makes the kernel stop the command only at the syscalls you trace: much faster with a narrow -e trace=.",
        "-P PATH shows only the syscalls that touch PATH, whatever descriptor they use.",
        "-s 256 prints longer strings; -v prints structures, arrays and environments in full.",
        "wiretap -p PID attaches to a running process, and detaches cleanly on ^C: the process goes on.",
        "-z shows only the calls that succeeded, -Z only those that failed: -Z -e trace=%file finds missing files fast.",
    ]

    /// The bubble's inner width: a text column of 44 between `| ` and ` |`.
    static let textWidth = 44

    /// A reel-to-reel recorder, beside the bubble from its top row.
    private static let art = [
        "  .-----.   .-----.",
        " / .-.   \\ / .-.   \\",
        "| ( o )  || ( o )  |",
        " \\ '-'   / \\ '-'   /",
        "  '-----'---'-----'",
        " [_________________]",
        "   ||           ||",
        "  _||_         _||_",
    ]
    /// What `format:full` adds below.
    private static let fullArt = [
        "   ~~~~~~~~~~~~~~~~",
        "  wiretap is listening",
    ]
    /// The column the drawing starts at.
    private static let artColumn = 55

    /// The text, wrapped at word boundaries to the bubble's width.
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > textWidth {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The drawing for tip `index`.
    func render(index: Int) -> String {
        guard format != .none else { return "" }
        var text = Self.wrap(Self.tips[index % Self.tips.count])
        while text.count < 6 { text.append("") }
        let bar = String(repeating: "_", count: Self.textWidth + 2)
        var rows = ["  " + bar, " /" + String(repeating: " ", count: Self.textWidth + 2) + "\\"]
        // The right side bends out into the bubble's tail at rows 1 to 4.
        let rightSides = [" |", " \\", "  \\", "  _\\", " /"]
        for (number, line) in text.enumerated() {
            let padded = line + String(repeating: " ", count: Self.textWidth - line.count)
            rows.append(" | " + padded + (number < rightSides.count ? rightSides[number] : " |"))
        }
        rows.append(" \\" + bar + "/")
        var art = Self.art
        if format == .full { art += Self.fullArt }
        for (row, piece) in art.enumerated() {
            if row == rows.count { rows.append("") }
            rows[row] += String(repeating: " ", count: max(1, Self.artColumn - rows[row].count)) + piece
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Prints the tip to stderr.
    func print() {
        let index = id ?? Int(UInt32.random(in: 0..<UInt32(Self.tips.count)))
        var text = render(index: index)
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
