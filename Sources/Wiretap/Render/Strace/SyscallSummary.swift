import Glibc
import SystemPackage

/// strace's `-c` table: calls, errors and time per syscall.
public final class SyscallSummary {
    /// The column `-S` sorts by.
    public enum SortKey: String, Sendable, CaseIterable {
        case time, calls, errors, name, nothing
    }

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
    }

    public let sortKey: SortKey
    public let clock: Clock
    private var rows: [Row]
    private var started: [pid_t: (number: Int, at: Int64)] = [:]

    public init(sortKey: SortKey = .time, clock: Clock = .system) {
        self.sortKey = sortKey
        self.clock = clock
        rows = [Row](repeating: Row(), count: SyscallTable.names(for: .native).count)
    }

    /// Feeds one event; only native-ABI syscalls that return are counted, as strace does.
    public func record(_ event: TraceEvent, _ tracee: Tracee) {
        switch event.kind {
        case .syscallEntry(let entry):
            guard entry.arch == .native else { return }
            started[event.pid] = (entry.number, now(tracee))
        case .syscallExit(let exit):
            guard let start = started.removeValue(forKey: event.pid), start.number >= 0, start.number < rows.count else { return }
            rows[start.number].calls += 1
            if exit.isError { rows[start.number].errors += 1 }
            rows[start.number].nanoseconds += max(0, now(tracee) - start.at)
        case .exited, .killed, .detached:
            started[event.pid] = nil
        case .exec(let formerTID, _, _):
            if formerTID != event.pid { started[event.pid] = started.removeValue(forKey: formerTID) }
        default:
            break
        }
    }

    private func now(_ tracee: Tracee) -> Int64 {
        if clock == .system, let time = tracee.systemTime { return time }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// The table as strace prints it (nothing when no call was counted).
    public func render(into out: inout OutputBuffer) {
        var counted = rows.indices.filter { rows[$0].calls > 0 }
        guard !counted.isEmpty else { return }
        switch sortKey {
        case .time: counted.sort { (rows[$0].nanoseconds, $1) > (rows[$1].nanoseconds, $0) }
        case .calls: counted.sort { (rows[$0].calls, $1) > (rows[$1].calls, $0) }
        case .errors: counted.sort { (rows[$0].errors, $1) > (rows[$1].errors, $0) }
        case .name: counted.sort { SyscallTable.name(of: $0)!.description < SyscallTable.name(of: $1)!.description }
        case .nothing: break
        }
        let total = counted.reduce(into: Row()) { sum, n in
            sum.calls += rows[n].calls
            sum.errors += rows[n].errors
            sum.nanoseconds += rows[n].nanoseconds
        }
        let nameWidth = max(16, counted.map { SyscallTable.name(of: $0)!.utf8CodeUnitCount }.max() ?? 0)
        let rule = "------ ----------- ----------- --------- --------- " + String(repeating: "-", count: nameWidth) + "\n"
        out.append("% time     seconds  usecs/call     calls    errors syscall\n")
        out.append(rule)
        for n in counted {
            let row = rows[n]
            let percent = total.nanoseconds > 0 ? Double(row.nanoseconds) * 100 / Double(total.nanoseconds) : 0
            appendRow(&out, percent: percent, row: row, name: SyscallTable.name(of: n)!.description)
        }
        out.append(rule)
        appendRow(&out, percent: 100, row: total, name: "total")
    }

    private func appendRow(_ out: inout OutputBuffer, percent: Double, row: Row, name: String) {
        // "%6.2f %11.6f %11lu %9u %9s %s"
        let hundredths = Int((percent * 100).rounded())
        out.append(pad("\(hundredths / 100).\(two(hundredths % 100))", 6))
        out.append(" ")
        let micros = row.nanoseconds / 1000
        out.append(pad("\(micros / 1_000_000).\(six(Int(micros % 1_000_000)))", 11))
        out.append(" ")
        out.append(pad("\(row.calls > 0 ? micros / Int64(row.calls) : 0)", 11))
        out.append(" ")
        out.append(pad("\(row.calls)", 9))
        out.append(" ")
        out.append(pad(row.errors > 0 ? "\(row.errors)" : "", 9))
        out.append(" ")
        out.append(name)
        out.append("\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    private func six(_ v: Int) -> String { let s = "\(v)"; return String(repeating: "0", count: 6 - s.count) + s }
}
