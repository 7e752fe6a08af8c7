import CWiretap
import Glibc

/// A POSIX signal number, realtime signals included.
///
/// Signals are plain numbers to the kernel; this type gives them names the
/// way strace prints them (`SIGTERM`, `SIGRTMIN`, `SIGRT_3`).
public struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw signal number.
    public let rawValue: CInt

    /// Creates a signal from its raw number.
    public init(rawValue: CInt) { self.rawValue = rawValue }

    public static let hangup = Signal(rawValue: SIGHUP)
    public static let interrupt = Signal(rawValue: SIGINT)
    public static let quit = Signal(rawValue: SIGQUIT)
    public static let trap = Signal(rawValue: SIGTRAP)
    public static let abort = Signal(rawValue: SIGABRT)
    public static let kill = Signal(rawValue: SIGKILL)
    public static let user1 = Signal(rawValue: SIGUSR1)
    public static let segmentationFault = Signal(rawValue: SIGSEGV)
    public static let user2 = Signal(rawValue: SIGUSR2)
    public static let pipe = Signal(rawValue: SIGPIPE)
    public static let alarm = Signal(rawValue: SIGALRM)
    public static let terminate = Signal(rawValue: SIGTERM)
    public static let child = Signal(rawValue: SIGCHLD)
    public static let `continue` = Signal(rawValue: SIGCONT)
    public static let stop = Signal(rawValue: SIGSTOP)
    public static let terminalStop = Signal(rawValue: SIGTSTP)
    public static let terminalInput = Signal(rawValue: SIGTTIN)
    public static let terminalOutput = Signal(rawValue: SIGTTOU)

    /// The kernel's first realtime signal (32). glibc reserves the first two
    /// or three for itself; strace names signals relative to the kernel's.
    public static let kernelRealtimeMinimum: CInt = 32

    /// Whether this signal stops the process by default (and so starts a group-stop).
    public var isStopSignal: Bool {
        rawValue == SIGSTOP || rawValue == SIGTSTP || rawValue == SIGTTIN || rawValue == SIGTTOU
    }

    /// Whether this is a realtime signal.
    public var isRealtime: Bool { rawValue >= Signal.kernelRealtimeMinimum }

    /// The signal called `name`: `SIGUSR1`, `USR1` (any case) or its
    /// number; nil when there is no such signal.
    public init?(name: String) {
        if let number = CInt(name) {
            guard number > 0 && number <= 64 else { return nil }
            self.init(rawValue: number)
            return
        }
        var wanted = Array(name.uppercased().utf8)
        if !wanted.starts(with: Array("SIG".utf8)) { wanted = Array("SIG".utf8) + wanted }
        for number in 1..<SignalNames.names.count {
            let known = SignalNames.names[number]
            if known.utf8CodeUnitCount == wanted.count, known.withUTF8Buffer({ Array($0) == wanted }) {
                self.init(rawValue: CInt(number))
                return
            }
        }
        return nil
    }

    /// The name as strace prints it: `SIGTERM`, `SIGRTMIN`, `SIGRT_2`, or the number.
    public var description: String {
        var buffer = OutputBuffer(capacity: 16)
        buffer.append(self)
        return buffer.string
    }
}

extension OutputBuffer {
    /// Appends the name without `SIG` (`INT`, `RTMIN`, `RT_2`), as in signal sets.
    package mutating func appendSignalNameWithoutPrefix(_ signal: Signal) {
        let n = Int(signal.rawValue)
        if n > 0, n < SignalNames.names.count, SignalNames.names[n].utf8CodeUnitCount > 3 {
            SignalNames.names[n].withUTF8Buffer { append(bytes: $0.dropFirst(3)) }
        } else if signal.rawValue == Signal.kernelRealtimeMinimum {
            append("RTMIN")
        } else if signal.rawValue > Signal.kernelRealtimeMinimum, signal.rawValue <= 64 {
            append("RT_")
            append(decimal: signal.rawValue - Signal.kernelRealtimeMinimum)
        } else {
            append(decimal: signal.rawValue)
        }
    }

    /// Appends the signal's name as strace prints it.
    package mutating func append(_ signal: Signal) {
        let n = Int(signal.rawValue)
        if n > 0, n < SignalNames.names.count, SignalNames.names[n].utf8CodeUnitCount > 0 {
            append(SignalNames.names[n])
        } else if signal.rawValue == Signal.kernelRealtimeMinimum {
            append("SIGRTMIN")
        } else if signal.rawValue > Signal.kernelRealtimeMinimum, signal.rawValue <= 64 {
            append("SIGRT_")
            append(decimal: signal.rawValue - Signal.kernelRealtimeMinimum)
        } else {
            append(decimal: signal.rawValue)
        }
    }
}
