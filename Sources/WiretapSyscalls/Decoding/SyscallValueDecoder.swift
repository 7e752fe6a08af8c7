import Glibc
import WiretapCore

/// A system call decoded into values: what `--json` writes and what a
/// library user switches over.
public struct DecodedSyscall: Sendable {
    /// The call as it entered.
    public var entry: SyscallEntry
    /// How it returned (nil for a call that never did: exit_group, or a
    /// task that died in it).
    public var exit: SyscallExit?
    /// The arguments, in order, decoded as strace does (undecoded calls:
    /// each register as `.unsigned(_, base: .hexadecimal)`).
    public var arguments: [SyscallValue]

    /// For an i386 call made through socketcall or ipc, the sub-call the
    /// text names it by (`bind`, `semop`).
    public var subcall: MultiplexedSubcall? = nil

    /// The name as strace shows it (a multiplexed call's sub-call), or nil
    /// for a number with none.
    public var name: String? { subcall?.name ?? entry.name?.description }
}

/// Decodes system calls into `SyscallValue`s as a trace goes: give it every
/// syscall entry and exit (and exec, for a thread that execs) on the
/// tracer's thread, in the Tracer's handler, where the tracee's memory can
/// be read. Each call is decoded by the same decoders as the strace text:
/// the values are what those lines show.
///
/// ```swift
/// let decoder = SyscallValueDecoder()
/// try tracer.run { event, tracee in
///     if let call = decoder.decode(event, tracee), call.name == "openat",
///        case .string(let path, _) = call.arguments[1] {
///         print(String(decoding: path, as: UTF8.self))
///     }
///     return .automatic
/// }
/// ```
public final class SyscallValueDecoder {
    private let formatBox: StraceFormatBox
    /// The calls between entry and exit, by task.
    private let pending: TraceeContext<Pending>
    /// Whether a Tracer keeps `pending` in step (else `decode` does).
    private let keptByTracer: Bool
    private var text = OutputBuffer(capacity: 1024)
    private var scratch: [UInt8] = []
    /// Tapes of finished calls, reused by the next ones.
    private var spareTapes: [ValueTape] = []

    /// A call between its entry and exit.
    package struct Pending {
        package var entry: SyscallEntry
        var decoder: SyscallDecoder?
        package var values: ValueTape
        var printed: Int
        package var returnFormat: ReturnFormat?
        var saved: Int64? = nil
        var continues = false
        /// `-P`/`--trace-fds`: whether an argument names a selected path or descriptor.
        package var touchesSelectedPath = false
        /// An i386 socketcall/ipc call's sub-call, found at entry.
        package var subcall: MultiplexedSubcall? = nil
    }

    /// - Parameter format: what the values hold, as for the text (`-s`
    ///   string limit, `-v` whole structures, `-y` descriptor annotations,
    ///   `-e verbose=`/`abbrev=`/`raw=`).
    /// - Parameter tracer: the Tracer whose events this decoder is given:
    ///   it keeps the decoder's per-task state in step (see
    ///   `TraceeContext`). Without one, `decode` does it from the events.
    public init(format: StraceFormat = StraceFormat(), tracer: Tracer? = nil) {
        self.formatBox = StraceFormatBox(format)
        self.pending = tracer?.makeContext(of: Pending.self) ?? TraceeContext()
        self.keptByTracer = tracer != nil
    }

    public var format: StraceFormat { formatBox.value }

    /// The tasks with a call between entry and exit.
    package var pendingPIDs: [pid_t] { pending.pids }

    /// Feeds one event; returns the call when it is complete: at its exit,
    /// or at the task's end for a call that never returned.
    public func decode(_ event: TraceEvent, _ tracee: Tracee) -> DecodedSyscall? {
        switch event.kind {
        case .syscallEntry(let entry):
            enter(entry, tracee)
            return nil
        case .syscallExit(let exit):
            guard let call = leave(exit, tracee) else { return nil }
            defer { recycle(call.values) }
            return DecodedSyscall(entry: call.entry, exit: exit, arguments: call.values.values(), subcall: call.subcall)
        case .exec:
            if !keptByTracer { pending.follow(event) }
            return nil
        case .exited, .killed, .detached:
            guard let call = unfinished(event.pid) else { return nil }
            defer { recycle(call.values) }
            return DecodedSyscall(entry: call.entry, exit: nil, arguments: call.values.values(), subcall: call.subcall)
        default:
            return nil
        }
    }

    // MARK: For the renderers

    /// Decodes what the entry shows and keeps it until the exit.
    package func enter(_ entry: SyscallEntry, _ tracee: Tracee) {
        var values = spareTapes.popLast() ?? ValueTape()
        values.removeAll()
        let raw = format.selection.raw.contains(entry.number, arch: entry.arch)
        guard !raw, let decoder = DecoderTable.decoder(for: entry.number, arch: entry.arch) else {
            // Undecoded (or `-e raw=`): the raw registers.
            let count = SyscallTable.argumentCount(of: entry.number, arch: entry.arch)
            let arguments = raw ? entry.arguments : SyscallTable.narrowed(entry.arguments, number: entry.number, arch: entry.arch)
            for i in 0..<count { values.tokens.append(.unsigned(arguments[i], .hexadecimal)) }
            var touches = false
            if let wanted = format.traceFDs, SyscallTable.classes(of: entry.number, arch: entry.arch).contains(.desc) {
                touches = entry.arguments.a0 <= UInt64(Int32.max) && wanted.contains(Int32(entry.arguments.a0))
            }
            pending[tracee.pid] = Pending(entry: entry, decoder: nil, values: values, printed: count,
                                          returnFormat: raw ? .hex : .decimal, touchesSelectedPath: touches)
            return
        }
        var decoding = borrowDecoding(entry.arguments, tracee, alreadyPrinted: 0, number: entry.number, arch: entry.arch)
        swap(&decoding.values, &values)
        decoding.recordsValues = true
        decoding.stackPointer = entry.stackPointer
        let result = decoder.entry(&decoding)
        var continues = false
        if case .continuesAtExit = result { continues = true } else { decoding.finishValues() }
        swap(&decoding.values, &values)
        var format: ReturnFormat? = nil
        if case .done(let f) = result { format = f }
        let subcall = entry.arch == .native ? nil : MultiplexedSubcall(entry, memory: tracee.memory)
        pending[tracee.pid] = Pending(entry: entry, decoder: decoder, values: values, printed: decoding.printed,
                                      returnFormat: format, saved: decoding.saved, continues: continues,
                                      touchesSelectedPath: decoding.touchesSelectedPath, subcall: subcall)
        giveBack(&decoding)
    }

    /// Decodes what the exit shows: the whole call, or nil if its entry was not seen.
    package func leave(_ exit: SyscallExit, _ tracee: Tracee) -> Pending? {
        guard var call = pending.removeValue(for: tracee.pid) else { return nil }
        if call.returnFormat == nil, let decodeExit = call.decoder?.exit {
            var decoding = borrowDecoding(call.entry.arguments, tracee, alreadyPrinted: call.printed,
                                          number: call.entry.number, arch: call.entry.arch)
            decoding.exit = exit
            decoding.saved = call.saved
            swap(&decoding.values, &call.values)
            decoding.recordsValues = true
            if call.continues { decoding.resumeArgument() }
            call.returnFormat = decodeExit(&decoding)
            decoding.finishValues()
            call.touchesSelectedPath = call.touchesSelectedPath || decoding.touchesSelectedPath
            swap(&decoding.values, &call.values)
            giveBack(&decoding)
        }
        return call
    }

    /// The call `pid` was in when it ended, if any.
    package func unfinished(_ pid: pid_t) -> Pending? {
        pending.removeValue(for: pid)
    }

    /// A non-leader thread's exec: its call continues under the leader's id.
    package func follow(_ event: TraceEvent) {
        if !keptByTracer { pending.follow(event) }
    }

    package func forget(_ pid: pid_t) { pending[pid] = nil }

    /// Kept as is: emptied when reused, by which time the finished call that
    /// shared its storage is gone (emptying it now would copy it).
    package func recycle(_ tape: ValueTape) {
        guard spareTapes.count < 64 else { return }
        spareTapes.append(tape)
    }

    /// A Decoding that owns the text and scratch storage while it runs
    /// (moved, not shared: a shared buffer would be copied at its first write).
    private func borrowDecoding(_ arguments: SyscallArguments, _ tracee: Tracee, alreadyPrinted: Int,
                                number: Int, arch: AuditArch) -> Decoding {
        var decoding = Decoding(out: OutputBuffer(capacity: 0), arguments: arguments, memory: tracee.memory,
                                format: formatBox, scratch: [], alreadyPrinted: alreadyPrinted,
                                number: number, arch: arch)
        swap(&decoding.out, &text)
        swap(&decoding.scratch, &scratch)
        decoding.out.removeAll()
        return decoding
    }

    private func giveBack(_ decoding: inout Decoding) {
        swap(&decoding.out, &text)
        swap(&decoding.scratch, &scratch)
    }
}
