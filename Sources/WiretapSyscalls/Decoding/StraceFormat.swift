import Glibc
import WiretapCore

/// Output settings of the strace-compatible text renderer.
public struct StraceFormat: Sendable {
    /// How pid prefixes are written.
    public enum PIDPrefix: Sendable {
        /// None (one tracee, or `-ff` with one file per process).
        case none
        /// `[pid  1234] ` while more than one task is traced (strace's stderr style).
        case bracketedWhenSeveral
        /// `1234  ` on every line (strace's `-o FILE -f` style).
        case plain
    }

    public var pidPrefix: PIDPrefix = .none
    /// `--always-show-pid`: `.bracketedWhenSeveral` prints `[pid N] ` even
    /// while one task is traced.
    public var alwaysShowPID = false
    /// The column the `=` of a syscall's result is aligned to (`-a`). The
    /// renderer pads to at most `widestAlignColumn`: strace pads to any
    /// column, which for `-a 999999999` is a gigabyte of spaces per line.
    public var alignColumn = 40
    public static let widestAlignColumn = 4096
    /// The longest string printed before `...` (`-s`).
    public var stringLimit = 32
    /// `-x` / `-xx`.
    public var stringStyle: StringStyle = .escaped
    /// `-v`: structures and environments in full.
    public var verbose = false
    /// `-e trace=`, `-e signal=`, `-e status=` (and `-z`, `-Z`).
    public var selection = TraceSelection()
    /// `-t` (1), `-tt` (2), `-ttt` (3): wall-clock time at the start of each
    /// line. Setting it sets `absoluteTime` and `absolutePrecision`; reading
    /// it gives the closest of the three (0 when `absoluteTime` is `.none`).
    public var absoluteTimestamps: Int {
        get {
            switch absoluteTime {
            case .none: 0
            case .time: absolutePrecision == .seconds ? 1 : 2
            case .unix: 3
            }
        }
        set {
            absoluteTime = newValue <= 0 ? .none : newValue >= 3 ? .unix : .time
            absolutePrecision = newValue == 1 ? .seconds : .microseconds
        }
    }
    /// `--absolute-timestamps=format:`: no stamp, the time of day, or seconds since the epoch.
    public var absoluteTime: AbsoluteTime = .none
    /// `--absolute-timestamps=precision:`: the digits after the seconds.
    public var absolutePrecision: TimePrecision = .seconds
    /// `-r`: time since the previous line, at the start of each line
    /// (after the absolute time as `(+ 0.000012) ` when both are asked for).
    public var relativeTimestamps = false
    /// `--relative-timestamps=PRECISION` (`-r`: microseconds).
    public var relativePrecision: TimePrecision = .microseconds
    /// `-T`: time spent in each syscall, ` <0.000012>` after the result.
    public var syscallTimes = false
    /// `--syscall-times=PRECISION` (`-T`: microseconds).
    public var syscallTimePrecision: TimePrecision = .microseconds
    /// `-i`: `[00007f0123456789] `, the instruction pointer at the syscall
    /// (`[????????????????] ` where there is none: exit lines).
    public var instructionPointer = false
    /// `-n`: `[  59] `, the syscall number (on signal and exit lines the
    /// task's last one).
    public var syscallNumber = false
    /// `-N` (`--arg-names`, strace 6.16): each argument's name before its
    /// value (`flock(fd=3, op=LOCK_SH)`), from the parameter names of the
    /// manual pages' prototypes; calls without known names print as without it.
    public var argumentNames = false
    /// `-Y` (`--decode-pids=comm`): `1234<comm>` for pids in prefixes,
    /// arguments and results.
    public var pidComm = false
    /// `+++ superseded by execve in pid N +++` when a thread other than the
    /// leader executes a program (`-e quiet=thread-execve` turns it off).
    public var threadExecveMessages = true
    /// `--color`: syscall names, errors, signals and exits in color (ANSI
    /// escapes, which the result column's alignment does not count).
    public var color = false

    /// The format of `--absolute-timestamps`.
    public enum AbsoluteTime: Sendable, Hashable {
        case none
        /// `12:34:56`.
        case time
        /// `1796079463` (seconds since the epoch).
        case unix
    }

    /// The digits of a time after its seconds: none, 3, 6 or 9.
    public enum TimePrecision: Int, Sendable, Hashable {
        case seconds = 0
        case milliseconds = 3
        case microseconds = 6
        case nanoseconds = 9

        /// strace's names, in any case: `s`, `ms`, `us`, `ns`.
        public init?(name: String) {
            switch name.lowercased() {
            case "s": self = .seconds
            case "ms": self = .milliseconds
            case "us": self = .microseconds
            case "ns": self = .nanoseconds
            default: return nil
            }
        }
    }
    /// What is printed beside a file descriptor (`-y`: paths, `3</etc/passwd>`;
    /// `-yy`: also socket endpoints, device numbers and pidfd processes;
    /// `-e decode-fds=SET`: any mix of these).
    public var descriptors: DescriptorDecoding = []
    /// `-y`: file descriptors are decorated at all (`descriptors` is not empty).
    /// Setting it true asks for paths (and false for nothing).
    public var decodeDescriptors: Bool {
        get { !descriptors.isEmpty }
        set { descriptors = newValue ? descriptors.union(.path) : [] }
    }
    /// `-yy`: everything `descriptors` can show. Setting it false keeps paths only.
    public var descriptorDetails: Bool {
        get { descriptors == .all }
        set { descriptors = newValue ? .all : descriptors.intersection(.path) }
    }
    /// `--trace-fds=SET`: only syscalls with a descriptor argument in the set
    /// are shown (with `-P`, those that match either); nil: no such filter.
    public var traceFDs: DescriptorSet? = nil
    /// `-X`: constants by name (abbrev), as numbers (raw), or both (verbose).
    public var constants: ConstantStyle = .abbrev
    /// `-qq`: no `+++ exited with N +++` lines.
    public var quietExits = false
    /// `[ Process PID=N runs in 32 bit mode. ]` when a task switches ABI
    /// (strace prints it unless quiet, which -o with a command implies).
    public var personalityMessages = false

    public enum ConstantStyle: String, Sendable {
        case abbrev, raw, verbose
    }
    /// `-P`: only syscalls whose path or descriptor arguments name one of
    /// these (absolute paths, as bytes; give the symlink-resolved form too if it differs).
    public var paths: Set<[UInt8]> = []

    /// Lines are built aside and shown at exit when their outcome or paths decide.
    package var defersLines: Bool { selection.statuses != .all || !paths.isEmpty || traceFDs != nil }
    /// `-P` or `--trace-fds`: a line is shown only if an argument matched.
    package var filtersByArguments: Bool { !paths.isEmpty || traceFDs != nil }

    public init() {}
}
