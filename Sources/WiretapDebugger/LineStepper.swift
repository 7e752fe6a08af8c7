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
///
/// A breakpoint or watchpoint of the user's, or a signal, met on the way
/// ends the plan and is reported as itself.
public struct LineStepper {
    public enum Mode: Sendable { case step, next, finish }

    public let mode: Mode
    private var line: (file: String, line: Int)?
    private var rows: [(address: UInt64, line: Int, isStatement: Bool)]
    private var range: ClosedRange<UInt64>?
    private var frameSP: UInt64
    /// The breakpoint the plan set (a call's return, a callee's start, finish's return).
    private var planted: Int? = nil
    /// After a return into the middle of a line: stop at the next line start.
    private var midLine = false
    /// `finish`: the caller's frame, to print where it returned.
    public private(set) var returnedValue: UInt64? = nil

    /// A plan for the thread stopped at `pc`; nil when it cannot be made
    /// (no line information there, or no caller for `finish`).
    public init?(_ mode: Mode, debugger: Debugger, symbols: ProcessSymbols) {
        guard let registers = try? debugger.registers() else { return nil }
        self.mode = mode
        let pc = registers.instructionPointer
        frameSP = registers.stackPointer
        line = symbols.lineInfo(at: pc)
        rows = symbols.lineRows(ofFunctionAt: pc)
        range = rows.isEmpty ? nil : rows.map(\.address).min()!...rows.map(\.address).max()!
        if mode == .finish {
            guard let frames = try? symbols.backtrace(of: debugger.currentThread, registers: registers, limit: 2), frames.count == 2,
                  let id = try? debugger.setBreakpoint(at: frames[1].pc, temporary: false, hidden: true) else { return nil }
            planted = id
        } else if line == nil {
            return nil
        }
    }

    /// The first command of the plan.
    public var firstCommand: DebuggerCommand { mode == .finish ? .continue : .stepInstruction }

    /// How to go on from `stop`, or nil when the plan is over and the user sees this stop.
    public mutating func next(at stop: DebugStop, debugger: Debugger, symbols: ProcessSymbols) -> DebuggerCommand? {
        guard let registers = try? debugger.registers() else { return finished(debugger) }
        let pc = registers.instructionPointer, sp = registers.stackPointer
        switch stop.reason {
        case .breakpoint(let id, _) where id == planted:
            // finish: only the return into this frame's caller (not a deeper recursion's).
            if mode == .finish {
                if sp <= frameSP { return .continue }
                returnedValue = registers.raw.rax
                return finished(debugger)
            }
            debugger.delete(id)
            planted = nil
            // Back from a call (next): on along the line; at a callee's start (step): there.
            if range?.contains(pc) == true { return .stepInstruction }
            return finished(debugger)
        case .step:
            break
        default:
            // Something of the user's on the way: the plan ends there.
            return finished(debugger)
        }
        if let range, range.contains(pc), sp >= frameSP &- 4096 {
            guard let row = rows.first(where: { $0.address == pc && $0.isStatement }) else { return .stepInstruction }
            if midLine || row.line != line?.line || pc <= rows.first(where: { $0.line == line?.line })?.address ?? 0 {
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
            guard let returnAddress = (try? debugger.readMemory(at: sp, count: 8)).map({ bytes in
                bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            }) else { return finished(debugger) }
            planted = try? debugger.setBreakpoint(at: returnAddress, hidden: true)
            return planted == nil ? finished(debugger) : .continue
        }
        // Returned out of the function: into the caller's line, mid-way; on to its next line start.
        rows = symbols.lineRows(ofFunctionAt: pc)
        range = rows.isEmpty ? nil : rows.map(\.address).min()!...rows.map(\.address).max()!
        frameSP = sp
        line = symbols.lineInfo(at: pc)
        midLine = true
        if range == nil { return finished(debugger) }
        return .stepInstruction
    }

    private mutating func finished(_ debugger: Debugger) -> DebuggerCommand? {
        if let planted { debugger.delete(planted) }
        planted = nil
        return nil
    }
}
