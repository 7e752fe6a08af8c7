import Glibc
import WiretapCore
import WiretapSymbols

/// Source-level stepping (`step`, `next`, `finish`) as a plan over the
/// debugger's instruction steps and breakpoints: at each stop the plan
/// says how to go on, or that the user sees this stop.
///
/// - `next`: single steps while the thread stays in the line it started
///   on; a call is run at full speed to a breakpoint at its return address.
/// - `step`: the same, but a call into a function with line information
///   stops after that function's prologue (where `break FUNCTION` would).
/// - `finish`: a breakpoint at the caller's return address, in this frame
///   (a deeper recursive call returning there does not count).
/// - `until`: `next`, except that a jump back (a loop's end) does not stop:
///   it runs on until a line after the current one is reached.
/// - `advance` (`until LOCATION`): runs to a location, or until the current
///   frame returns, whichever comes first.
///
/// A breakpoint or watchpoint of the user's, or a signal, met on the way
/// ends the plan and is reported as itself.
public struct LineStepper {
    public enum Mode: Sendable, Equatable { case step, next, finish, until, advance(UInt64) }

    public let mode: Mode
    /// The thread that steps: another thread's stop ends the plan, unless it
    /// is at the plan's own breakpoint (which is this thread's alone).
    public let thread: pid_t
    private var line: (file: String, line: Int)?
    private var rows: [(address: UInt64, line: Int, isStatement: Bool)]
    private var range: ClosedRange<UInt64>?
    private var frameSP: UInt64
    /// The breakpoint the plan set (a call's return, a callee's start, finish's return, advance's target).
    private var planted: Int? = nil
    /// `advance`: the breakpoint at the return into the caller (`planted` is the target).
    private var plantedReturn: Int? = nil
    /// `until`: where it started (a line reached by jumping back to before it does not end it).
    private let startPC: UInt64
    /// `until`: no row after the starting one reached yet.
    private var untilArmed = true
    /// After a return into the middle of a line: stop at the next line start.
    private var midLine = false
    /// `finish`: the caller's frame, to print where it returned.
    public private(set) var returnedValue: UInt64? = nil

    /// A plan for the thread stopped at `pc`; nil when it cannot be made
    /// (no line information there, or no caller for `finish`). `finish`
    /// returns from frame `frameLevel` (`up` selected a caller).
    public init?(_ mode: Mode, debugger: Debugger, symbols: ProcessSymbols, frameLevel: Int = 0) {
        guard let registers = try? debugger.registers() else { return nil }
        self.mode = mode
        thread = debugger.currentThread
        let pc = registers.instructionPointer
        startPC = pc
        frameSP = registers.stackPointer
        line = symbols.lineInfo(at: pc)
        rows = symbols.lineRows(ofFunctionAt: pc)
        range = rows.isEmpty ? nil : rows.map(\.address).min()!...rows.map(\.address).max()!
        if mode == .finish {
            // gdb's frames end at `main` (backtrace past-main off): it is the outermost, with nothing to finish into.
            guard let frames = try? symbols.backtrace(of: debugger.currentThread, registers: registers, limit: frameLevel + 2),
                  frames.count == frameLevel + 2, !frames[..<(frameLevel + 1)].contains(where: { $0.symbol == "main" && !$0.inlined }),
                  let id = try? debugger.setBreakpoint(at: frames[frameLevel + 1].pc, temporary: false, hidden: true) else { return nil }
            planted = id
            // A caller's frame: its stack pointer is not known here, so a deeper
            // recursive return to the same address ends it too.
            if frameLevel > 0 { frameSP = 0 }
        } else if case .advance(let target) = mode {
            guard let id = try? debugger.setBreakpoint(at: target, hidden: true) else { return nil }
            planted = id
            if let frames = try? symbols.backtrace(of: debugger.currentThread, registers: registers, limit: 2), frames.count == 2 {
                plantedReturn = try? debugger.setBreakpoint(at: frames[1].pc, hidden: true)
            }
        } else if line == nil {
            return nil
        }
    }

    /// The first command of the plan.
    public var firstCommand: DebuggerCommand {
        switch mode {
        case .finish, .advance: .continue
        default: .stepInstruction
        }
    }

    /// How to go on from `stop`, or nil when the plan is over and the user sees this stop.
    public mutating func next(at stop: DebugStop, debugger: Debugger, symbols: ProcessSymbols) -> DebuggerCommand? {
        if stop.thread != thread {
            if case .breakpoint(let id, _) = stop.reason, id == planted || id == plantedReturn { return .continue }
            return finished(debugger)
        }
        guard let registers = try? debugger.registers() else { return finished(debugger) }
        let pc = registers.instructionPointer, sp = registers.stackPointer
        switch stop.reason {
        case .breakpoint(let id, _) where (id == planted || id == plantedReturn) && mode.isAdvance:
            // The target, or the return into the caller (not from a deeper recursive call).
            if id == plantedReturn && sp <= frameSP { return .continue }
            return finished(debugger)
        case .breakpoint(let id, _) where id == planted:
            // finish: only the return into this frame's caller (not a deeper recursion's).
            if mode == .finish {
                if sp <= frameSP { return .continue }
                returnedValue = registers.raw.rax
                return finished(debugger)
            }
            debugger.delete(id)
            planted = nil
            // Back from a call (next): on along the line (the return may be the
            // start of the next line: the checks below); at a callee's start (step): there.
            if range?.contains(pc) != true { return finished(debugger) }
        case .step:
            break
        default:
            // Something of the user's on the way: the plan ends there.
            return finished(debugger)
        }
        if let range, range.contains(pc), sp >= frameSP &- 4096 {
            guard let row = rows.first(where: { $0.address == pc && $0.isStatement }) else { return .stepInstruction }
            defer { if pc > startPC { untilArmed = false } }
            if midLine || row.line != line?.line || pc <= rows.first(where: { $0.line == line?.line })?.address ?? 0 {
                // `until`: a jump back to an earlier line (a loop) runs on, until
                // the first row after the one it started in (gdb's range from
                // the function's start to the end of the current line).
                if mode == .until && untilArmed && !midLine && pc < startPC { return .stepInstruction }
                return finished(debugger)
            }
            return .stepInstruction
        }
        if sp < frameSP {
            // A call: the instruction step landed at the callee's entry, the return address on top of the stack.
            let callee = symbols.lineRows(ofFunctionAt: pc)
            if mode == .step, !callee.isEmpty {
                let start = symbols.breakpointAddress(ofFunctionAt: pc)
                if start == pc { return finished(debugger) }
                planted = try? debugger.setBreakpoint(at: start, hidden: true)
                return planted == nil ? finished(debugger) : .continue
            }
            // The return address is a word: 4 bytes in an i386 program (its code segment is 0x23).
            let wordSize = registers.raw.cs == 0x23 ? 4 : 8
            guard let returnAddress = (try? debugger.readMemory(at: sp, count: wordSize)).map({ bytes in
                bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            }) else { return finished(debugger) }
            planted = try? debugger.setBreakpoint(at: returnAddress, hidden: true)
            return planted == nil ? finished(debugger) : .continue
        }
        // Returned out of the function: into the caller's line, mid-way (on to
        // its next line start), or right at the start of a line (there).
        rows = symbols.lineRows(ofFunctionAt: pc)
        range = rows.isEmpty ? nil : rows.map(\.address).min()!...rows.map(\.address).max()!
        frameSP = sp
        line = symbols.lineInfo(at: pc)
        midLine = true
        if range == nil || rows.contains(where: { $0.address == pc && $0.isStatement }) { return finished(debugger) }
        return .stepInstruction
    }

    private mutating func finished(_ debugger: Debugger) -> DebuggerCommand? {
        if let planted { debugger.delete(planted) }
        if let plantedReturn { debugger.delete(plantedReturn) }
        planted = nil
        plantedReturn = nil
        return nil
    }
}

extension LineStepper.Mode {
    /// `advance` (or `until LOCATION`).
    public var isAdvance: Bool {
        if case .advance = self { return true }
        return false
    }
}
