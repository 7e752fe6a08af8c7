import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// `--timeline FILE`: a Perfetto trace (protobuf `Trace` of `TrackEvent`
/// packets) written as the run goes, for ui.perfetto.dev.
///
/// - Each process is a track (`ProcessDescriptor`: pid, cmdline, name),
///   whose `parent_uuid` is its parent's track; an exec re-describes it with
///   the new program (same uuid). Each thread is a track (`ThreadDescriptor`).
/// - Each selected syscall (`-e trace=`) is a slice on its thread's track,
///   named after the call, from entry to exit; its end carries the
///   arguments as strace prints them (`args`) and the result (`return`).
/// - Each process's lifetime is a slice on its track, ending with its exit
///   status (`status`); each exec is an instant there with the new
///   executable and argv; signals are instants on the thread's track.
/// - A fork or clone call's slice starts a flow that ends at the child's
///   first syscall slice.
///
/// Timestamps are `CLOCK_BOOTTIME` nanoseconds, Perfetto's default trace
/// clock, read once per event. Packets are appended to one buffer and
/// written out in large writes (and by `flush()`, before the tracer sleeps),
/// so memory does not grow with the trace: appended packets are a valid
/// `Trace` at every write.
public final class PerfettoTimeline: EventRenderer {
    private let formatBox: StraceFormatBox
    private var format: StraceFormat { formatBox.value }
    private var writer = ProtobufWriter(capacity: 1 << 17)
    private let output: FileDescriptor

    /// The first error writing the timeline (nil while every write succeeded).
    public private(set) var writeError: Errno? = nil
    private let onWriteError: ((Errno) -> Void)?

    /// Written out once this much is buffered.
    private static let writeSize = 1 << 16
    /// One writer, one packet sequence.
    private static let sequenceID: UInt64 = 1

    private var nextUUID: UInt64 = 1
    private var nextFlow: UInt64 = 1
    private var wroteFirstPacket = false

    /// A traced task (thread) and its track.
    struct Task {
        var uuid: UInt64
        /// Its thread group (process) id.
        var process: pid_t
        /// A syscall slice is open on the track.
        var inSlice = false
        /// The flow to end at this task's first syscall slice (0: none).
        var flowIn: UInt64 = 0
        /// The flow started by the fork-like call in progress (0: none).
        var flowOut: UInt64 = 0
    }

    /// A traced process and its track.
    struct Process {
        var uuid: UInt64
        var parentUUID: UInt64
        var name: String
        var cmdline: [String]
        /// Traced tasks still alive.
        var tasks = 1
        /// How the leader ended (its status outlives it while threads run on).
        var leaderStatus: String? = nil
    }

    /// A syscall between its entry and exit, as far as it is decoded.
    struct PendingCall {
        var entry: SyscallEntry
        var decoder: SyscallDecoder?
        var printed: Int
        var returnFormat: ReturnFormat?
        var saved: Int64?
        var resultPrinter: (@Sendable (Int64, inout OutputBuffer) -> Void)?
        var text: OutputBuffer
    }

    private var tasks: [pid_t: Task] = [:]
    private var processes: [pid_t: Process] = [:]
    private var pending: [pid_t: PendingCall] = [:]
    /// Argument buffers of finished calls, reused by the next ones.
    private var spareTexts: [OutputBuffer] = []
    private var scratch: [UInt8] = []
    /// Annotation text built here, then copied into the packet.
    private var line = OutputBuffer(capacity: 256)

    /// The native numbers of the calls that make tasks (their slices start flows).
    private let forkLike: (Int, Int, Int, Int)

    /// - Parameters:
    ///   - output: the timeline file (written from its current offset).
    ///   - format: `-e trace=` selects the syscalls that become slices and
    ///     `-e signal=` the signals shown; the rest (-s, -v, -x, -X...) is
    ///     how arguments are printed, as in the text trace.
    ///   - onWriteError: called once, with the first error writing `output`;
    ///     later writes are still tried.
    public init(output: FileDescriptor, format: StraceFormat, onWriteError: ((Errno) -> Void)? = nil) {
        self.output = output
        var format = format
        format.argumentNames = false
        format.color = false
        self.formatBox = StraceFormatBox(format)
        self.onWriteError = onWriteError
        forkLike = (SyscallTable.number(of: "clone") ?? -1, SyscallTable.number(of: "clone3") ?? -1,
                    SyscallTable.number(of: "fork") ?? -1, SyscallTable.number(of: "vfork") ?? -1)
    }

    /// Names the process `pid` (the spawned command, before its first
    /// event) by `command`, its argv, rather than by what /proc says before
    /// its exec (wiretap's own child).
    public func expect(_ pid: pid_t, command: [String]) {
        expected[pid] = command
    }

    private var expected: [pid_t: [String]] = [:]

    public func flush() {
        guard writer.count > 0 else { return }
        do {
            try writer.write(to: output)
        } catch {
            guard writeError == nil else { return }
            writeError = error
            onWriteError?(error)
        }
    }

    /// Ends every open slice (the trace is over: tasks left running were
    /// detached or are going on untraced) and writes everything out.
    public func close() {
        let now = Self.now()
        for (pid, task) in tasks where task.inSlice { endSyscall(pid, task, now, unfinished: true) }
        for (_, process) in processes { endLifetime(process, now, status: process.leaderStatus ?? "running") }
        tasks.removeAll()
        processes.removeAll()
        pending.removeAll()
        flush()
    }

    public func render(_ event: TraceEvent, _ tracee: Tracee) {
        let pid = event.pid
        switch event.kind {
        case .syscallEntry(let entry):
            guard format.selection.syscalls.contains(entry, memory: entry.arch == .native ? nil : tracee.memory) else { return }
            let now = Self.now()
            var task = self.task(pid, now)
            if task.inSlice { endSyscall(pid, task, now, unfinished: true) }
            decodeEntry(pid, entry, tracee)
            task.flowOut = isForkLike(entry) ? take(&nextFlow) : 0
            beginSyscall(entry, task, now, tracee.memory)
            task.flowIn = 0
            task.inSlice = true
            tasks[pid] = task
        case .syscallExit(let exit):
            guard let task = tasks[pid], task.inSlice else { return }
            let now = Self.now()
            decodeExit(pid, exit, tracee)
            endSyscall(pid, task, now, exit: exit)
            tasks[pid]?.inSlice = false
            tasks[pid]?.flowOut = 0
        case .signal(let info):
            guard format.selection.signals.contains(info.signal) else { return }
            let now = Self.now()
            let task = self.task(pid, now)
            line.removeAll()
            line.append(info.signal)
            let packet = beginTrackEvent(now, type: 3, track: task.uuid)
            writer.bytes(23, line.contents)
            line.removeAll()
            line.appendSignalInfo(info, constants: format.constants)
            annotation("siginfo", line.contents)
            endPacket(packet)
        case .groupStop(let signal):
            let now = Self.now()
            let task = self.task(pid, now)
            let packet = beginTrackEvent(now, type: 3, track: task.uuid)
            writer.string(23, "stopped")
            line.removeAll()
            line.append(signal)
            annotation("signal", line.contents)
            endPacket(packet)
        case .groupContinue, .attached, .interrupted:
            _ = task(pid, Self.now())
        case .newTask(let child, let kind):
            let now = Self.now()
            let parent = task(pid, now)
            newTask(child, kind: kind, parent: parent, now)
        case .exec(let formerTID, let executable, let arguments):
            exec(pid, formerTID: formerTID, executable: executable, arguments: arguments, Self.now())
        case .exited(let code):
            line.removeAll()
            line.append("exited with ")
            line.append(decimal: code)
            taskEnded(pid, status: line.string, Self.now())
        case .killed(let signal, let core):
            line.removeAll()
            line.append("killed by ")
            line.append(signal)
            if core { line.append(" (core dumped)") }
            taskEnded(pid, status: line.string, Self.now())
        case .detached:
            taskEnded(pid, status: "detached", Self.now())
        }
        if writer.count >= Self.writeSize { flush() }
    }

    // MARK: Tasks and processes

    /// The task's state, making its tracks at its first sight (the command,
    /// an attached process, a thread that appeared unannounced).
    private func task(_ pid: pid_t, _ now: Int64) -> Task {
        if let task = tasks[pid] { return task }
        let tgid = (try? ProcFS.threadGroup(of: pid)) ?? pid
        if processes[tgid] == nil {
            var name = ProcFS.commandName(of: tgid).map { String(decoding: $0, as: UTF8.self) } ?? String(tgid)
            var cmdline = (try? ProcFS.arguments(of: tgid)) ?? []
            if let command = expected.removeValue(forKey: tgid), let path = command.first {
                name = Self.baseName(path)
                cmdline = command
            }
            let process = Process(uuid: take(&nextUUID), parentUUID: 0, name: name, cmdline: cmdline, tasks: 0)
            processes[tgid] = process
            describe(process, pid: tgid)
            beginLifetime(process, now)
        }
        processes[tgid]!.tasks += 1
        let task = Task(uuid: take(&nextUUID), process: tgid)
        tasks[pid] = task
        describeThread(task, tid: pid)
        return task
    }

    private func newTask(_ child: pid_t, kind: NewTaskKind, parent: Task, _ now: Int64) {
        // A task seen before its announcement is described again under its parent.
        if tasks[child] != nil { taskEnded(child, status: nil, now) }
        var task = Task(uuid: take(&nextUUID), process: child)
        task.flowIn = parent.inSlice ? parent.flowOut : 0
        if kind == .thread {
            task.process = parent.process
            processes[parent.process]?.tasks += 1
        } else {
            let from = processes[parent.process]
            let process = Process(uuid: take(&nextUUID), parentUUID: from?.uuid ?? 0, name: from?.name ?? String(child),
                                  cmdline: from?.cmdline ?? [])
            processes[child] = process
            describe(process, pid: child)
            beginLifetime(process, now)
        }
        tasks[child] = task
        describeThread(task, tid: child)
    }

    private func exec(_ pid: pid_t, formerTID: pid_t, executable: String, arguments: [String], _ now: Int64) {
        let task = self.task(pid, now)
        // The other threads died in the exec, unreported; a non-leader that
        // exec'd goes on as the leader (its execve's slice ends on its old track).
        for (tid, other) in tasks where other.process == task.process && tid != pid {
            if tid == formerTID, other.inSlice { endSyscall(tid, other, now, unfinished: true, label: "pid changed") } else if other.inSlice {
                endSyscall(tid, other, now, unfinished: true)
            }
            tasks[tid] = nil
        }
        if formerTID != pid, task.inSlice {
            endSyscall(pid, task, now, unfinished: true)
            tasks[pid]?.inSlice = false
        }
        guard var process = processes[task.process] else { return }
        process.tasks = 1
        // The kernel's name for it (from the path execve was given: `sh`,
        // where /proc/PID/exe says dash), as ps and Perfetto's own traces show it.
        if let comm = ProcFS.commandName(of: pid) {
            process.name = String(decoding: comm, as: UTF8.self)
        } else {
            process.name = Self.baseName(executable.isEmpty ? arguments.first ?? "" : executable)
        }
        process.cmdline = arguments
        processes[task.process] = process
        describe(process, pid: task.process)
        describeThread(task, tid: pid)
        let packet = beginTrackEvent(now, type: 3, track: process.uuid)
        writer.string(23, "execve")
        var value = annotationStart("executable")
        writer.string(6, executable)
        writer.endMessage(value)
        value = annotationStart("argv")
        for argument in arguments {
            let item = writer.beginMessage(12)
            writer.string(6, argument)
            writer.endMessage(item)
        }
        writer.endMessage(value)
        endPacket(packet)
    }

    /// A task exited, was killed or detached: its open slice ends now, and
    /// with its process's last task, the process's lifetime slice.
    private func taskEnded(_ pid: pid_t, status: String?, _ now: Int64) {
        guard let task = tasks.removeValue(forKey: pid) else { return }
        if task.inSlice { endSyscall(pid, task, now, unfinished: true) }
        guard var process = processes[task.process] else { return }
        process.tasks -= 1
        if pid == task.process, let status { process.leaderStatus = status }
        if process.tasks > 0 {
            processes[task.process] = process
            return
        }
        processes[task.process] = nil
        endLifetime(process, now, status: process.leaderStatus ?? status ?? "gone")
    }

    private func beginLifetime(_ process: Process, _ now: Int64) {
        let packet = beginTrackEvent(now, type: 1, track: process.uuid)
        writer.string(23, process.name)
        endPacket(packet)
    }

    private func endLifetime(_ process: Process, _ now: Int64, status: String) {
        let packet = beginTrackEvent(now, type: 2, track: process.uuid)
        annotation("status", status)
        endPacket(packet)
    }

    // MARK: Syscall slices

    private func isForkLike(_ entry: SyscallEntry) -> Bool {
        guard entry.arch == .native else {
            guard let name = entry.name?.description else { return false }
            return name == "clone" || name == "clone3" || name == "fork" || name == "vfork"
        }
        let n = entry.number
        return n == forkLike.0 || n == forkLike.1 || n == forkLike.2 || n == forkLike.3
    }

    private func beginSyscall(_ entry: SyscallEntry, _ task: Task, _ now: Int64, _ memory: RemoteMemory) {
        let packet = beginTrackEvent(now, type: 1, track: task.uuid)
        if entry.arch != .native, let subcall = MultiplexedSubcall(entry, memory: memory) {
            line.removeAll()
            line.append(subcall.name)
            writer.bytes(23, line.contents)
        } else if let name = SyscallTable.name(of: entry.number, arch: entry.arch) {
            writer.string(23, name)
        } else {
            line.removeAll()
            line.append("syscall_")
            line.append(hex: UInt64(bitPattern: Int64(entry.number)))
            writer.bytes(23, line.contents)
        }
        if task.flowOut != 0 { writer.fixed64(47, task.flowOut) }
        if task.flowIn != 0 { writer.fixed64(48, task.flowIn) }
        endPacket(packet)
    }

    /// Ends `pid`'s syscall slice with its arguments and result (`exit`),
    /// or `?` for a call that never returned.
    private func endSyscall(_ pid: pid_t, _ task: Task, _ now: Int64, exit: SyscallExit? = nil, unfinished: Bool = false,
                            label: StaticString = "?") {
        let call = pending.removeValue(forKey: pid)
        let packet = beginTrackEvent(now, type: 2, track: task.uuid)
        if let call {
            annotation("args", call.text.contents)
            if spareTexts.count < 64 { spareTexts.append(call.text) }
        }
        line.removeAll()
        if let exit, !unfinished {
            appendResult(exit, call)
        } else {
            line.append(label)
        }
        annotation("return", line.contents)
        endPacket(packet)
    }

    /// The result as strace prints it after ` = `.
    private func appendResult(_ exit: SyscallExit, _ call: PendingCall?) {
        if exit.isError {
            let code = Int(-exit.returnValue)
            line.append("-1 ")
            ErrnoTable.appendName(code, to: &line)
            line.append(" (")
            ErrnoTable.appendMessage(code, to: &line)
            line.append(")")
            return
        }
        switch call?.returnFormat ?? .decimal {
        case .hex:
            line.append(hex: UInt64(bitPattern: exit.returnValue))
        case .octal:
            line.append(byte: UInt8(ascii: "0"))
            var digits: [UInt8] = []
            var v = UInt64(bitPattern: exit.returnValue)
            repeat { digits.append(UInt8(ascii: "0") + UInt8(v & 7)); v >>= 3 } while v > 0
            if digits != [UInt8(ascii: "0")] { line.append(bytes: digits.reversed()) }
        case .custom:
            if let printer = call?.resultPrinter { printer(exit.returnValue, &line) } else { line.append(decimal: exit.returnValue) }
        default:
            line.append(decimal: exit.returnValue)
        }
    }

    // MARK: Decoding (the text trace's decoders)

    private func decodeEntry(_ pid: pid_t, _ entry: SyscallEntry, _ tracee: Tracee) {
        var text = spareTexts.popLast() ?? OutputBuffer(capacity: 256)
        text.removeAll()
        guard let decoder = DecoderTable.decoder(for: entry.number, arch: entry.arch) else {
            // Undecoded: the raw registers, as strace prints them.
            let count = SyscallTable.argumentCount(of: entry.number, arch: entry.arch)
            for i in 0..<count {
                if i > 0 { text.append(", ") }
                text.append(hex: entry.arguments[i])
            }
            pending[pid] = PendingCall(entry: entry, decoder: nil, printed: count, returnFormat: .decimal, saved: nil,
                                       resultPrinter: nil, text: text)
            return
        }
        var decoding = Decoding(out: OutputBuffer(capacity: 0), arguments: entry.arguments, memory: tracee.memory, format: formatBox,
                                scratch: takeScratch(), alreadyPrinted: 0, number: entry.number, arch: entry.arch)
        // Moved in, not shared: a shared buffer would be copied at its first write.
        swap(&decoding.out, &text)
        decoding.stackPointer = entry.stackPointer
        let result = decoder.entry(&decoding)
        var format: ReturnFormat? = nil
        if case .done(let f) = result { format = f }
        scratch = decoding.scratch
        pending[pid] = PendingCall(entry: entry, decoder: decoder, printed: decoding.printed, returnFormat: format,
                                   saved: decoding.saved, resultPrinter: decoding.resultPrinter, text: decoding.out)
    }

    /// Lets the decoder print what it left for the exit (output arguments).
    private func decodeExit(_ pid: pid_t, _ exit: SyscallExit, _ tracee: Tracee) {
        guard var call = pending.removeValue(forKey: pid) else { return }
        if call.returnFormat == nil, let decodeExit = call.decoder?.exit {
            var decoding = Decoding(out: OutputBuffer(capacity: 0), arguments: call.entry.arguments, memory: tracee.memory, format: formatBox,
                                    scratch: takeScratch(), alreadyPrinted: call.printed, number: call.entry.number, arch: call.entry.arch)
            swap(&decoding.out, &call.text)
            decoding.exit = exit
            decoding.saved = call.saved
            call.returnFormat = decodeExit(&decoding)
            call.resultPrinter = decoding.resultPrinter
            scratch = decoding.scratch
            swap(&decoding.out, &call.text)
        }
        pending[pid] = call
    }

    /// Moves the scratch bytes out (a shared array would be copied at its first write).
    private func takeScratch() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &scratch)
        return taken
    }

    // MARK: Packets

    /// Starts a `TracePacket` (Trace.packet, field 1) with its timestamp and
    /// a `TrackEvent` of `type` on `track`; close it with `endPacket`.
    private func beginTrackEvent(_ now: Int64, type: UInt64, track: UInt64) -> (ProtobufWriter.Mark, ProtobufWriter.Mark) {
        let packet = beginPacket()
        writer.uint(8, UInt64(now))  // TracePacket.timestamp
        let event = writer.beginMessage(11)  // TracePacket.track_event
        writer.uint(9, type)  // TrackEvent.type: 1 begin, 2 end, 3 instant
        writer.uint(11, track)  // TrackEvent.track_uuid
        return (packet, event)
    }

    private func endPacket(_ marks: (ProtobufWriter.Mark, ProtobufWriter.Mark)) {
        writer.endMessage(marks.1)
        writer.endMessage(marks.0)
    }

    private func beginPacket() -> ProtobufWriter.Mark {
        let packet = writer.beginMessage(1)
        writer.uint(10, Self.sequenceID)  // trusted_packet_sequence_id
        if !wroteFirstPacket {
            wroteFirstPacket = true
            writer.uint(13, 1)  // sequence_flags: SEQ_INCREMENTAL_STATE_CLEARED
        }
        return packet
    }

    /// A `DebugAnnotation` (TrackEvent field 4) named `name`; the caller
    /// writes its value and ends it.
    private func annotationStart(_ name: StaticString) -> ProtobufWriter.Mark {
        let mark = writer.beginMessage(4)
        writer.string(10, name)
        return mark
    }

    /// An annotation's text is cut here (with `...`): a huge -s string
    /// must not make a packet past the writer's 256 MiB message limit.
    static let longestAnnotation = 1 << 20

    private func annotation(_ name: StaticString, _ value: [UInt8]) {
        let mark = annotationStart(name)
        if value.count <= Self.longestAnnotation {
            writer.bytes(6, value)  // string_value
        } else {
            writer.tag(6, .lengthDelimited)
            writer.varint(UInt64(Self.longestAnnotation + 3))
            writer.append(raw: value[..<Self.longestAnnotation])
            writer.append(raw: [UInt8]("...".utf8))
        }
        writer.endMessage(mark)
    }

    private func annotation(_ name: StaticString, _ value: String) {
        let mark = annotationStart(name)
        writer.string(6, value)
        writer.endMessage(mark)
    }

    /// A process track: `TrackDescriptor` with a `ProcessDescriptor`.
    private func describe(_ process: Process, pid: pid_t) {
        let packet = beginPacket()
        let descriptor = writer.beginMessage(60)  // TracePacket.track_descriptor
        writer.uint(1, process.uuid)
        if process.parentUUID != 0 { writer.uint(5, process.parentUUID) }
        let body = writer.beginMessage(3)  // TrackDescriptor.process
        writer.int(1, Int64(pid))
        for argument in process.cmdline { writer.string(2, argument) }
        writer.string(6, process.name)
        writer.endMessage(body)
        writer.endMessage(descriptor)
        writer.endMessage(packet)
    }

    /// A thread track: `TrackDescriptor` with a `ThreadDescriptor`, under its process's track.
    private func describeThread(_ task: Task, tid: pid_t) {
        let process = processes[task.process]
        let packet = beginPacket()
        let descriptor = writer.beginMessage(60)
        writer.uint(1, task.uuid)
        if let process { writer.uint(5, process.uuid) }
        let body = writer.beginMessage(4)  // TrackDescriptor.thread
        writer.int(1, Int64(task.process))
        writer.int(2, Int64(tid))
        if let process { writer.string(5, process.name) }
        writer.endMessage(body)
        writer.endMessage(descriptor)
        writer.endMessage(packet)
    }

    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    private func take(_ counter: inout UInt64) -> UInt64 {
        defer { counter += 1 }
        return counter
    }

    /// CLOCK_BOOTTIME in nanoseconds: Perfetto's default trace clock.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
