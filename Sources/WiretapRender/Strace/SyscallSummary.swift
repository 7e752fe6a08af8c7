import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// strace's `-c` table: calls, errors and time per syscall.
///
/// The columns (`-U`), the sort order (`-S`) and the per-call overhead
/// (`-O`) follow strace 6.1; the wall-time columns (`wall-total`,
/// `wall-min`, `wall-max`, `wall-avg`) are those strace 7.1 added, so that
/// system and wall time can be shown side by side in one run.
public final class SyscallSummary {
    /// A column of the table, in strace's terms (`-U`).
    public enum Column: Int, Sendable, CaseIterable {
        case timePercent, totalTime, minTime, maxTime, avgTime, calls, errors, name
        case wallTotal, wallMin, wallMax, wallAvg

        /// Whether the column needs wall time (entry to exit) measured.
        public var isWall: Bool { rawValue >= Column.wallTotal.rawValue }
    }

    /// strace's names for the columns, also the `-S` keys. `none` and
    /// `nothing` (no column) mean "do not sort" to `-S` and are refused by `-U`.
    static let aliases: [(String, Column?)] = [
        ("time", .timePercent), ("time_percent", .timePercent), ("time-percent", .timePercent),
        ("time_total", .totalTime), ("time-total", .totalTime), ("total_time", .totalTime), ("total-time", .totalTime),
        ("min_time", .minTime), ("min-time", .minTime), ("shortest", .minTime), ("time_min", .minTime), ("time-min", .minTime),
        ("longest", .maxTime), ("max_time", .maxTime), ("max-time", .maxTime), ("time_max", .maxTime), ("time-max", .maxTime),
        ("avg_time", .avgTime), ("avg-time", .avgTime), ("time_avg", .avgTime), ("time-avg", .avgTime),
        ("calls", .calls), ("count", .calls),
        ("error", .errors), ("errors", .errors),
        ("name", .name), ("syscall", .name), ("syscall_name", .name), ("syscall-name", .name),
        ("wall_total", .wallTotal), ("wall-total", .wallTotal), ("total_wall", .wallTotal), ("total-wall", .wallTotal),
        ("wall_min", .wallMin), ("wall-min", .wallMin), ("min_wall", .wallMin), ("min-wall", .wallMin),
        ("wall_max", .wallMax), ("wall-max", .wallMax), ("max_wall", .wallMax), ("max-wall", .wallMax),
        ("wall_avg", .wallAvg), ("wall-avg", .wallAvg), ("avg_wall", .wallAvg), ("avg-wall", .wallAvg),
        ("none", nil), ("nothing", nil),
    ]

    /// strace 6.1's columns when `-U` is not given.
    public static let defaultColumns: [Column] = [.timePercent, .totalTime, .avgTime, .calls, .errors, .name]

    /// The order of the rows (`-S`): by a column, largest first (names
    /// alphabetically), or by syscall number (`nothing`).
    public struct SortKey: Sendable, Hashable {
        /// nil: syscall number order.
        public let column: Column?

        public init(_ column: Column?) { self.column = column }

        /// The default, `-S time`.
        public static let time = SortKey(.timePercent)
        public static let calls = SortKey(.calls)
        public static let errors = SortKey(.errors)
        public static let name = SortKey(.name)
        public static let nothing = SortKey(nil)

        /// A `-S` value with strace's aliases (`time`, `calls`, `count`,
        /// `min-time`, `shortest`, `name`, `syscall`, `nothing`, `none`, ...);
        /// nil for an unknown one (strace: `invalid sortby: 'X'`).
        public init?(parsing text: String) {
            guard let alias = SyscallSummary.aliases.first(where: { $0.0 == text }) else { return nil }
            column = alias.1
        }
    }

    /// Parses a `-U` value: comma-separated column names with strace's
    /// aliases; the name column is added at the end when not listed.
    /// Throws strace's message for an unknown or repeated column.
    public static func parseColumns(_ text: String) throws(ColumnError) -> [Column] {
        var result: [Column] = []
        var rest = Substring(text)
        while true {
            let comma = rest.firstIndex(of: ",")
            let item = comma.map { rest[..<$0] } ?? rest
            guard let (alias, column) = aliases.first(where: { $0.0 == item && $0.1 != nil }), let column else {
                throw ColumnError(message: "unknown column name: '\(item)'")
            }
            if result.contains(column) {
                throw ColumnError(message: "call summary column has been provided more than once: '\(alias)' (-U option residual: '\(rest)')")
            }
            result.append(column)
            guard let comma else { break }
            rest = rest[rest.index(after: comma)...]
        }
        if !result.contains(.name) { result.append(.name) }
        return result
    }

    /// A bad `-U` value, in strace's words.
    public struct ColumnError: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// Parses a time as strace's `-O` takes it (see `StraceDuration.parse`).
    public static func parseDuration(_ text: String) -> Int64? { StraceDuration.parse(text) }

    /// Where a syscall's time comes from.
    public enum Clock: Sendable {
        /// System CPU time of the tracee (strace's default; `Tracee.systemTime`).
        case system
        /// Wall time from entry to exit (`-w`).
        case wall
    }

    struct Row {
        var calls = 0
        var errors = 0
        var nanoseconds: Int64 = 0
        var minimum: Int64 = .max
        var maximum: Int64 = 0
        var wall: Int64 = 0
        var wallMinimum: Int64 = .max
        var wallMaximum: Int64 = 0
    }

    public let sortKey: SortKey
    public let clock: Clock
    public let columns: [Column]
    /// Subtracted from each call's time (`-O`), never below zero.
    public let overheadNanoseconds: Int64
    private let measuresWall: Bool
    /// Native calls by number.
    private var rows: [Row]
    /// A 32-bit tracee's calls (i386 on x86_64), by number, then i386's
    /// socketcall/ipc sub-calls after the table (strace counts those by
    /// sub-call, in a table of their own).
    private var compatRows: [Row]
    private static let compatArch: AuditArch? = {
        #if arch(x86_64)
        .i386
        #else
        nil
        #endif
    }()
    private static let compatTableCount = compatArch.map { SyscallTable.names(for: $0).count } ?? 0
    private let started = TraceeContext<(at: Int64, wallAt: Int64)>()

    public init(sortKey: SortKey = .time, clock: Clock = .system, columns: [Column] = SyscallSummary.defaultColumns,
                overheadNanoseconds: Int64 = 0) {
        self.sortKey = sortKey
        self.clock = clock
        self.columns = columns
        self.overheadNanoseconds = overheadNanoseconds
        measuresWall = clock == .system && (columns.contains(where: \.isWall) || sortKey.column?.isWall == true)
        rows = [Row](repeating: Row(), count: SyscallTable.names(for: .native).count)
        compatRows = [Row](repeating: Row(), count: Self.compatArch == nil ? 0 : Self.compatTableCount + MultiplexedSubcall.count)
    }

    /// Where a call is counted: its ABI's table (nil for one not counted) and its row.
    private func slot(_ entry: SyscallEntry, _ memory: RemoteMemory) -> (compat: Bool, index: Int)? {
        if entry.arch == .native {
            return entry.number >= 0 && entry.number < rows.count ? (false, entry.number) : nil
        }
        guard entry.arch == Self.compatArch else { return nil }
        if let subcall = MultiplexedSubcall(entry, memory: memory) { return (true, Self.compatTableCount + subcall.index) }
        return entry.number >= 0 && entry.number < Self.compatTableCount ? (true, entry.number) : nil
    }

    /// A row's syscall name.
    private static func name(_ index: Int, compat: Bool) -> String {
        guard compat, let arch = compatArch else { return SyscallTable.name(of: index)?.description ?? "" }
        if index >= compatTableCount {
            return MultiplexedSubcall(index: index - compatTableCount)?.name ?? ""
        }
        return SyscallTable.name(of: index, arch: arch)?.description ?? ""
    }

    /// How many tasks some per-task state is kept for (zero once every task is gone).
    package var retainedTaskCount: Int { started.count }

    /// Feeds one event; syscalls that return are counted, as strace does,
    /// native and 32-bit ones apart.
    public func record(_ event: TraceEvent, _ tracee: Tracee) {
        switch event.kind {
        case .syscallEntry(let entry):
            guard entry.arch == .native || entry.arch == Self.compatArch else { return }
            started[event.pid] = (now(tracee), measuresWall ? monotonic() : 0)
        case .syscallExit(let exit):
            guard let start = started.removeValue(for: event.pid), let entry = exit.entry,
                  let (compat, index) = slot(entry, tracee.memory) else {
                return
            }
            let end = now(tracee)
            let time = max(0, end - start.at - overheadNanoseconds)
            let wall = clock == .wall ? time : measuresWall ? max(0, monotonic() - start.wallAt - overheadNanoseconds) : 0
            var row = compat ? compatRows[index] : rows[index]
            row.calls += 1
            if exit.isError { row.errors += 1 }
            row.nanoseconds += time
            row.minimum = min(row.minimum, time)
            row.maximum = max(row.maximum, time)
            row.wall += wall
            row.wallMinimum = min(row.wallMinimum, wall)
            row.wallMaximum = max(row.wallMaximum, wall)
            if compat { compatRows[index] = row } else { rows[index] = row }
        case .exited, .killed, .detached:
            started.removeValue(for: event.pid)
        case .exec:
            started.follow(event)
        default:
            break
        }
    }

    private func now(_ tracee: Tracee) -> Int64 {
        if clock == .system, let time = tracee.systemTime { return time }
        return monotonic()
    }

    private func monotonic() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// strace's average: nanoseconds / calls rounded to nearest.
    private static func average(_ total: Int64, _ calls: Int) -> Int64 {
        calls > 0 ? (total + Int64(calls) / 2) / Int64(calls) : 0
    }

    /// Seconds as a double, as strace converts a timespec.
    private static func seconds(_ nanoseconds: Int64) -> Double {
        Double(nanoseconds / 1_000_000_000) + Double(nanoseconds % 1_000_000_000) / 1_000_000_000.0
    }

    /// Microseconds truncated, as strace prints usecs/call.
    private static func micros(_ nanoseconds: Int64) -> UInt64 {
        UInt64(seconds(nanoseconds) * 1e6)
    }

    /// printf formatting of one double (snprintf through withVaList: exact C rounding).
    private static func format(_ value: Double, _ spec: String) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, spec, $0) }
        return String(cString: buffer)
    }

    private func key(_ row: Row, _ column: Column) -> Int64 {
        switch column {
        case .timePercent, .totalTime: row.nanoseconds
        case .minTime: row.minimum
        case .maxTime: row.maximum
        case .avgTime: Self.average(row.nanoseconds, row.calls)
        case .calls: Int64(row.calls)
        case .errors: Int64(row.errors)
        case .wallTotal: row.wall
        case .wallMin: row.wallMinimum
        case .wallMax: row.wallMaximum
        case .wallAvg: Self.average(row.wall, row.calls)
        case .name: 0
        }
    }

    /// The tables as strace prints them: the native calls', then the 32-bit
    /// ones' under their own heading (nothing for an ABI with no call).
    package func render(into out: inout OutputBuffer) {
        renderTable(rows, compat: false, into: &out)
        if compatRows.contains(where: { $0.calls > 0 }) {
            out.append("System call usage summary for 32 bit mode:\n")
            renderTable(compatRows, compat: true, into: &out)
        }
    }

    /// The indexes of the rows with calls, in the `-S` order.
    private func sortedIndexes(_ rows: [Row], compat: Bool) -> [Int] {
        var counted = rows.indices.filter { rows[$0].calls > 0 }
        if let column = sortKey.column {
            if column == .name {
                counted.sort { (Self.name($0, compat: compat), $0) < (Self.name($1, compat: compat), $1) }
            } else {
                counted.sort { (key(rows[$0], column), $1) > (key(rows[$1], column), $0) }
            }
        }
        return counted
    }

    private func renderTable(_ rows: [Row], compat: Bool, into out: inout OutputBuffer) {
        let counted = sortedIndexes(rows, compat: compat)
        guard !counted.isEmpty else { return }
        var total = Row()
        var minimumOfMaxima: Int64 = 0  // strace sizes the min column by the largest minimum
        var largestAverage: Int64 = 0
        var largestWallAverage: Int64 = 0
        var wallMinimumMax: Int64 = 0
        for n in counted {
            let row = rows[n]
            total.calls += row.calls
            total.errors += row.errors
            total.nanoseconds += row.nanoseconds
            total.minimum = min(total.minimum, row.minimum)
            total.maximum = max(total.maximum, row.maximum)
            total.wall += row.wall
            total.wallMinimum = min(total.wallMinimum, row.wallMinimum)
            total.wallMaximum = max(total.wallMaximum, row.wallMaximum)
            minimumOfMaxima = max(minimumOfMaxima, row.minimum)
            wallMinimumMax = max(wallMinimumMax, row.wallMinimum)
            largestAverage = max(largestAverage, Self.average(row.nanoseconds, row.calls))
            largestWallAverage = max(largestWallAverage, Self.average(row.wall, row.calls))
        }
        let totalSeconds = Self.seconds(total.nanoseconds)
        let nameWidth = max(16, (counted.map { Self.name($0, compat: compat).utf8.count }.max() ?? 0) + 1)
        func width(_ column: Column) -> Int {
            switch column {
            case .timePercent: 6
            case .totalTime: max(11, Self.format(totalSeconds, "%.6f").utf8.count)
            case .minTime: max(8, "\(minimumOfMaxima / 1_000_000_000).000000".utf8.count)
            case .maxTime: max(7, "\(total.maximum / 1_000_000_000).000000".utf8.count)
            case .avgTime: max(11, "\(Self.micros(largestAverage))".utf8.count)
            case .calls: max(9, "\(total.calls)".utf8.count)
            case .errors: max(9, "\(total.errors)".utf8.count)
            case .name: nameWidth
            case .wallTotal: max(11, Self.format(Self.seconds(total.wall), "%.6f").utf8.count)
            case .wallMin: max(8, "\(wallMinimumMax / 1_000_000_000).000000".utf8.count)
            case .wallMax: max(8, "\(total.wallMaximum / 1_000_000_000).000000".utf8.count)
            case .wallAvg: max(11, "\(Self.micros(largestWallAverage))".utf8.count)
            }
        }
        let widths = columns.map(width)
        func header(_ column: Column) -> String {
            switch column {
            case .timePercent: "% time"
            case .totalTime: "seconds"
            case .minTime: "shortest"
            case .maxTime: "longest"
            case .avgTime: "usecs/call"
            case .calls: "calls"
            case .errors: "errors"
            case .name: "syscall"
            case .wallTotal: "wall-total"
            case .wallMin: "wall-min"
            case .wallMax: "wall-max"
            case .wallAvg: "wall-avg"
            }
        }
        // Each line: cells separated by one space; right-aligned except the
        // name, left-aligned and unpadded when last.
        func line(_ cell: (Column) -> String) {
            for (i, column) in columns.enumerated() {
                if i > 0 { out.append(" ") }
                let text = cell(column)
                let padding = String(repeating: " ", count: max(0, widths[i] - text.utf8.count))
                if column == .name {
                    out.append(text)
                    if i != columns.count - 1 { out.append(padding) }
                } else {
                    out.append(padding)
                    out.append(text)
                }
            }
            out.append("\n")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: " ") + "\n"
        line(header)
        out.append(rule)
        for n in counted {
            let row = rows[n]
            let seconds = Self.seconds(row.nanoseconds)
            var percent = 100.0 * seconds
            if percent != 0 { percent /= totalSeconds }
            line { column in
                switch column {
                case .timePercent: Self.format(percent, "%.2f")
                case .name: Self.name(n, compat: compat)
                case .errors: row.errors > 0 ? "\(row.errors)" : ""
                default: cellValue(column, row)
                }
            }
        }
        out.append(rule)
        line { column in
            switch column {
            case .timePercent: "100.00"
            case .name: "total"
            case .errors: total.errors > 0 ? "\(total.errors)" : ""
            case .avgTime: "\(UInt64(totalSeconds / Double(total.calls) * 1e6))"
            case .wallAvg: "\(UInt64(Self.seconds(total.wall) / Double(total.calls) * 1e6))"
            default: cellValue(column, total)
            }
        }
    }

    /// `--json -c`: the table as one JSON object, `{"type": "summary",
    /// "syscalls": [{"name", "calls", "errors", "seconds", "percent",
    /// "usecs_per_call", "min_seconds", "max_seconds"}...], "total": {...}}`,
    /// rows in the `-S` order; with `-w` or a wall column, `wall_seconds`,
    /// `wall_min_seconds` and `wall_max_seconds` too. Times are the same as
    /// the table's (system time unless `-w`), `-O` subtracted.
    /// A 32-bit tracee's calls make a second object, with `"arch":"i386"`.
    package func renderJSON(into out: inout OutputBuffer) {
        renderJSONTable(rows, compat: false, into: &out)
        if let arch = Self.compatArch, compatRows.contains(where: { $0.calls > 0 }) {
            renderJSONTable(compatRows, compat: true, arch: arch, into: &out)
        }
    }

    private func renderJSONTable(_ rows: [Row], compat: Bool, arch: AuditArch? = nil, into out: inout OutputBuffer) {
        let counted = sortedIndexes(rows, compat: compat)
        var total = Row()
        for n in counted {
            let row = rows[n]
            total.calls += row.calls
            total.errors += row.errors
            total.nanoseconds += row.nanoseconds
            total.minimum = min(total.minimum, row.minimum)
            total.maximum = max(total.maximum, row.maximum)
            total.wall += row.wall
            total.wallMinimum = min(total.wallMinimum, row.wallMinimum)
            total.wallMaximum = max(total.wallMaximum, row.wallMaximum)
        }
        func seconds(_ nanoseconds: Int64) {
            out.append(decimal: nanoseconds / 1_000_000_000)
            out.append(byte: UInt8(ascii: "."))
            let fraction = nanoseconds % 1_000_000_000
            var digits = 1, v = fraction / 10
            while v > 0 { digits += 1; v /= 10 }
            for _ in digits..<9 { out.append(byte: UInt8(ascii: "0")) }
            out.append(decimal: fraction)
        }
        func members(_ row: Row) {
            out.append(",\"calls\":")
            out.append(decimal: row.calls)
            out.append(",\"errors\":")
            out.append(decimal: row.errors)
            out.append(",\"seconds\":")
            seconds(row.nanoseconds)
            out.append(",\"percent\":")
            out.append(total.nanoseconds > 0 ? Self.format(100.0 * Double(row.nanoseconds) / Double(total.nanoseconds), "%.2f") : "0.00")
            out.append(",\"usecs_per_call\":")
            out.append(decimal: Self.micros(Self.average(row.nanoseconds, row.calls)))
            out.append(",\"min_seconds\":")
            seconds(row.calls > 0 ? row.minimum : 0)
            out.append(",\"max_seconds\":")
            seconds(row.maximum)
            if measuresWall || clock == .wall {
                out.append(",\"wall_seconds\":")
                seconds(row.wall)
                out.append(",\"wall_min_seconds\":")
                seconds(row.calls > 0 ? row.wallMinimum : 0)
                out.append(",\"wall_max_seconds\":")
                seconds(row.wallMaximum)
            }
        }
        out.append("{\"type\":\"summary\",")
        if let arch {
            out.append("\"arch\":\"")
            out.append(arch.description)
            out.append("\",")
        }
        out.append("\"clock\":")
        out.append(clock == .wall ? "\"wall\"" : "\"system\"")
        out.append(",\"syscalls\":[")
        for (i, n) in counted.enumerated() {
            if i > 0 { out.append(byte: UInt8(ascii: ",")) }
            out.append("{\"name\":\"")
            out.append(Self.name(n, compat: compat))
            out.append(byte: UInt8(ascii: "\""))
            members(rows[n])
            out.append(byte: UInt8(ascii: "}"))
        }
        out.append("],\"total\":{\"name\":\"total\"")
        members(total)
        out.append("}}\n")
    }

    private func cellValue(_ column: Column, _ row: Row) -> String {
        switch column {
        case .totalTime: Self.format(Self.seconds(row.nanoseconds), "%.6f")
        case .minTime: Self.format(Self.seconds(row.minimum), "%.6f")
        case .maxTime: Self.format(Self.seconds(row.maximum), "%.6f")
        case .avgTime: "\(Self.micros(Self.average(row.nanoseconds, row.calls)))"
        case .calls: "\(row.calls)"
        case .wallTotal: Self.format(Self.seconds(row.wall), "%.6f")
        case .wallMin: Self.format(Self.seconds(row.wallMinimum), "%.6f")
        case .wallMax: Self.format(Self.seconds(row.wallMaximum), "%.6f")
        case .wallAvg: "\(Self.micros(Self.average(row.wall, row.calls)))"
        default: ""
        }
    }
}
