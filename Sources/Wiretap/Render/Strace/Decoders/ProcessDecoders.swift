import CWiretap
import Glibc

/// Decoders of processes: clone/clone3, wait4/waitid, credentials, kill and
/// friends, prctl, scheduling, process groups and sessions, resource usage,
/// uname and sysinfo.
enum ProcessDecoders {
    static let cloneFlagValues: [String: UInt64] = Dictionary(
        Constants.cloneFlags.map { ($0.name.description, UInt64($0.value)) }, uniquingKeysWith: { first, _ in first })

    static let all: DecoderFamily = [
        .clone: SyscallDecoder(entry: { d in
            // x86_64: clone(flags, stack, parent_tid, child_tid, tls).
            // strace names clone's arguments itself, in its own order, with or without -N.
            d.argumentNames = []
            d.next()
            d.out.append("child_stack=")
            d.out.appendPointer(d.arg(1))
            d.next()
            d.out.append("flags=")
            d.cloneFlags(d.arg(0))
            return .atExit
        }, exit: { d in
            d.argumentNames = []
            let flags = d.arg(0)
            if flags & d.cloneFlag("CLONE_PARENT_SETTID") != 0 {
                d.next()
                d.out.append("parent_tid=")
                if let tid = try? d.memory.load(Int32.self, from: d.arg(2)) {
                    d.out.append("[")
                    d.out.append(decimal: tid)
                    d.out.append("]")
                } else {
                    d.out.appendPointer(d.arg(2))
                }
            }
            if flags & (d.cloneFlag("CLONE_CHILD_SETTID") | d.cloneFlag("CLONE_CHILD_CLEARTID")) != 0 {
                d.next()
                d.out.append("child_tidptr=")
                d.out.appendPointer(d.arg(3))
            }
            if flags & d.cloneFlag("CLONE_SETTLS") != 0 {
                d.next()
                d.out.append("tls=")
                d.out.appendPointer(d.arg(4))
            }
            return .pid
        }),
        .wait4: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 || d.result == 0 { d.out.appendPointer(d.arg(1)) } else { d.waitStatus(at: d.arg(1)) }
            d.waitOptions(2)
            d.pointer(3)
            return .pid
        }),
        .setuid: SyscallDecoder { d in d.id(0); return .done() },
        .setgid: SyscallDecoder { d in d.id(0); return .done() },
        .setfsuid: SyscallDecoder { d in d.id(0); return .done() },
        .setfsgid: SyscallDecoder { d in d.id(0); return .done() },
        .setreuid: SyscallDecoder { d in d.id(0); d.id(1); return .done() },
        .setregid: SyscallDecoder { d in d.id(0); d.id(1); return .done() },
        .setresuid: SyscallDecoder { d in d.id(0); d.id(1); d.id(2); return .done() },
        .setresgid: SyscallDecoder { d in d.id(0); d.id(1); d.id(2); return .done() },
        .getresuid: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.idResult(i) }
            return .decimal
        }),
        .getresgid: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.idResult(i) }
            return .decimal
        }),
        .getgroups: SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.int(0) == 0 || d.failed {
                d.out.appendPointer(d.arg(1))
            } else {
                d.idArray(at: d.arg(1), count: Int(d.result))
            }
            return .decimal
        }),
        .setgroups: SyscallDecoder { d in
            d.decimal(0)
            d.next()
            d.idArray(at: d.arg(1), count: Int(d.int(0)))
            return .done()
        },
        .getpid: SyscallDecoder { _ in .done(.pid) },
        .getppid: SyscallDecoder { _ in .done(.pid) },
        .gettid: SyscallDecoder { _ in .done(.pid) },
        .fork: SyscallDecoder { _ in .done(.pid) },
        .vfork: SyscallDecoder { _ in .done(.pid) },
        .kill: SyscallDecoder { d in
            d.pid(0)
            d.signal(1)
            return .done()
        },
        .tkill: SyscallDecoder { d in
            d.pid(0)
            d.signal(1)
            return .done()
        },
        .tgkill: SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.signal(2)
            return .done()
        },
        .prctl: SyscallDecoder(entry: { d in d.prctlEntry() }, exit: { d in d.prctlExit() }),
        .sched_getaffinity: SyscallDecoder(entry: { d in
            d.pid(0)
            d.unsigned(1)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.out.appendPointer(d.arg(2)) } else { d.cpuSet(at: d.arg(2), bytes: Int(d.result)) }
            return .decimal
        }),
        .sched_setaffinity: SyscallDecoder { d in
            d.pid(0)
            d.unsigned(1)
            d.next()
            d.cpuSet(at: d.arg(2), bytes: Int(d.arg(1) & 0xffff_ffff))
            return .done()
        },
        .sched_getparam: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.schedParam(at: $1) }
            return .decimal
        }),
        .sched_setparam: SyscallDecoder { d in
            d.pid(0)
            d.next()
            d.schedParam(at: d.arg(1))
            return .done()
        },
        .sched_getscheduler: SyscallDecoder { d in
            d.pid(0)
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                var name = OutputBuffer(capacity: 32)
                if name.appendName(of: value & ~0x4000_0000, in: Constants.schedulerPolicies) {
                    out.append(" (")
                    out.append(bytes: name.contents)
                    if value & 0x4000_0000 != 0 { out.append("|SCHED_RESET_ON_FORK") }
                    out.append(")")
                }
            }
            return .done(.custom)
        },
        .sched_setscheduler: SyscallDecoder { d in
            d.pid(0)
            d.schedulerPolicy(1)
            d.next()
            d.schedParam(at: d.arg(2))
            return .done()
        },
        .sched_get_priority_max: SyscallDecoder { d in d.schedulerPolicy(0); return .done() },
        .sched_get_priority_min: SyscallDecoder { d in d.schedulerPolicy(0); return .done() },
        .getpriority: SyscallDecoder { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.priorityTargets, unknown: "PRIO_???")
            if d.int(0) == PRIO_PROCESS.rawValue { d.pid(1) } else { d.decimal(1) }
            return .done()
        },
        .setpriority: SyscallDecoder { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.priorityTargets, unknown: "PRIO_???")
            if d.int(0) == PRIO_PROCESS.rawValue { d.pid(1) } else { d.decimal(1) }
            d.decimal(2)
            return .done()
        },
        .getrusage: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.rusageTargets, unknown: "RUSAGE_???")
            return .atExit
        }, exit: { d in
            d.output(1) { $0.rusage(at: $1) }
            return .decimal
        }),
        .uname: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.utsname(at: $1) }
            return .decimal
        }),
        .sysinfo: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.sysinfo(at: $1) }
            return .decimal
        }),
        .setpgid: SyscallDecoder { d in d.pid(0); d.decimal(1); return .done() },
        .getpgid: SyscallDecoder { d in d.pid(0); return .done() },
        .getsid: SyscallDecoder { d in d.pid(0); return .done() },
        .clone3: SyscallDecoder(entry: { d in
            d.next()
            d.cloneArgs(at: d.arg(0), size: Int(clamping: d.arg(1)))
            return .continuesAtExit
        }, exit: { d in
            d.cloneArgsResult(at: d.arg(0), size: Int(clamping: d.arg(1)))
            d.unsignedLong(1)
            return .pid
        }),
        .waitid: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.waitidTypes, unknown: "P_???")
            if d.int(0) == P_PID.rawValue { d.pid(1) } else { d.decimal(1) }
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(2) == 0 {
                d.out.appendPointer(d.arg(2))
            } else if let raw = d.siginfo(at: d.arg(2)) {
                // WNOHANG with nothing to report leaves an empty siginfo.
                if raw.si_signo == 0 { d.out.append("{}") } else { d.out.appendSignalInfo(SignalInfo(raw), constants: d.format.constants, pidComm: d.format.pidComm) }
            } else {
                d.out.append(hex: d.arg(2))
            }
            d.waitOptions(3)
            d.output(4) { $0.rusage(at: $1) }
            return .decimal
        }),
    ]

    /// prctl options with no arguments strace prints.
    static let argumentless: Set<Int32> = [Prctl.getDumpable, Prctl.getKeepcaps, Prctl.getSeccomp, Prctl.getTimerslack,
                                           Prctl.getSecurebits, Prctl.getTiming, Prctl.getThpDisable, Prctl.getIoFlusher,
                                           Prctl.getFpMode, Prctl.taskPerfEventsDisable, Prctl.taskPerfEventsEnable,
                                           Prctl.mceKillGet]
}


/// `struct sysinfo` (Swift sees the function of the same name first).
typealias SystemInfo = wt_sysinfo

/// prctl options the decoders treat specially, from the generated table.
enum Prctl {
    static let capbsetDrop = Int32(Constants.PR_CAPBSET_DROP)
    static let capbsetRead = Int32(Constants.PR_CAPBSET_READ)
    static let getChildSubreaper = Int32(Constants.PR_GET_CHILD_SUBREAPER)
    static let getDumpable = Int32(Constants.PR_GET_DUMPABLE)
    static let getFpMode = Int32(Constants.PR_GET_FP_MODE)
    static let getIoFlusher = Int32(Constants.PR_GET_IO_FLUSHER)
    static let getKeepcaps = Int32(Constants.PR_GET_KEEPCAPS)
    static let getName = Int32(Constants.PR_GET_NAME)
    static let getNoNewPrivs = Int32(Constants.PR_GET_NO_NEW_PRIVS)
    static let getPdeathsig = Int32(Constants.PR_GET_PDEATHSIG)
    static let getSeccomp = Int32(Constants.PR_GET_SECCOMP)
    static let getSecurebits = Int32(Constants.PR_GET_SECUREBITS)
    static let getThpDisable = Int32(Constants.PR_GET_THP_DISABLE)
    static let getTimerslack = Int32(Constants.PR_GET_TIMERSLACK)
    static let getTiming = Int32(Constants.PR_GET_TIMING)
    static let mceKillGet = Int32(Constants.PR_MCE_KILL_GET)
    static let setChildSubreaper = Int32(Constants.PR_SET_CHILD_SUBREAPER)
    static let setDumpable = Int32(Constants.PR_SET_DUMPABLE)
    static let setKeepcaps = Int32(Constants.PR_SET_KEEPCAPS)
    static let setName = Int32(Constants.PR_SET_NAME)
    static let setNoNewPrivs = Int32(Constants.PR_SET_NO_NEW_PRIVS)
    static let setPdeathsig = Int32(Constants.PR_SET_PDEATHSIG)
    static let setSeccomp = Int32(Constants.PR_SET_SECCOMP)
    static let setThpDisable = Int32(Constants.PR_SET_THP_DISABLE)
    static let setTimerslack = Int32(Constants.PR_SET_TIMERSLACK)
    static let taskPerfEventsDisable = Int32(Constants.PR_TASK_PERF_EVENTS_DISABLE)
    static let taskPerfEventsEnable = Int32(Constants.PR_TASK_PERF_EVENTS_ENABLE)
}

extension Decoding {
    func cloneFlag(_ name: String) -> UInt64 {
        ProcessDecoders.cloneFlagValues[name] ?? 0
    }

    /// `CLONE_VM|...|SIGCHLD`: the flags, then the exit signal in the low byte.
    mutating func cloneFlags(_ value: UInt64) {
        let flags = value & ~0xff
        let signal = value & 0xff
        if flags != 0 { out.appendFlags(flags, in: Constants.cloneFlags) }
        if signal != 0 {
            if flags != 0 { out.append("|") }
            out.append(Signal(rawValue: CInt(signal)))
        }
        if value == 0 { out.append("0") }
    }

    /// `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]` and the other wait-status forms.
    mutating func waitStatus(at address: UInt64) {
        guard let status = try? memory.load(Int32.self, from: address) else { out.append(hex: address); return }
        out.append("[{")
        let low = status & 0x7f
        if low == 0 {
            out.append("WIFEXITED(s) && WEXITSTATUS(s) == ")
            out.append(decimal: (status >> 8) & 0xff)
        } else if low == 0x7f {
            if status == 0xffff {
                out.append("WIFCONTINUED(s)")
            } else {
                out.append("WIFSTOPPED(s) && WSTOPSIG(s) == ")
                out.append(Signal(rawValue: (status >> 8) & 0xff))
            }
        } else {
            out.append("WIFSIGNALED(s) && WTERMSIG(s) == ")
            out.append(Signal(rawValue: low))
            if status & 0x80 != 0 { out.append(" && WCOREDUMP(s)") }
        }
        out.append("}]")
    }

    mutating func waitOptions(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        symbolic(value) { $0.appendFlags(value, in: Constants.waitOptions) }
        typed(.flags(value))
    }

    /// A signal number: `SIGTERM`, or the number (`0`).
    mutating func signal(_ i: Int) {
        next()
        let number = int(i)
        if number == 0 {
            out.append("0")
            typed(.number(0))
        } else {
            symbolic(UInt64(UInt32(bitPattern: number)), decimal: true) { $0.append(Signal(rawValue: number)) }
            typed(.named(Int64(number)))
        }
    }

    /// A siginfo_t in the tracee's memory.
    func siginfo(at address: UInt64) -> siginfo_t? {
        var raw = siginfo_t()
        return read(&raw, at: address) ? raw : nil
    }

    /// Fills `value` (a C structure) from the tracee's memory.
    func read<T>(_ value: inout T, at address: UInt64) -> Bool {
        withUnsafeMutableBytes(of: &value) { (try? memory.readExactly(from: address, into: $0)) != nil }
    }

    /// `[0]`: an id the kernel stored (getresuid).
    mutating func idResult(_ i: Int) {
        next()
        if failed { out.appendPointer(arg(i)); return }
        guard let value = try? memory.load(UInt32.self, from: arg(i)) else { out.append(hex: arg(i)); return }
        out.append("[")
        if value == UInt32.max { out.append("-1") } else { out.append(decimal: value) }
        out.append("]")
    }

    /// An array of uids/gids: `[0, 4, 24]`.
    mutating func idArray(at address: UInt64, count: Int) {
        guard address != 0 else { out.append("NULL"); return }
        guard count >= 0 else { out.append(hex: address); return }
        let shown = min(count, format.stringLimit)
        let ok = (try? memory.readExactly(from: address, count: shown * 4, into: &scratch, structure: true)) != nil
        guard ok || shown == 0 else { out.append(hex: address); return }
        out.append("[")
        for index in 0..<shown {
            let id = scratch.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) }
            if index > 0 { out.append(", ") }
            if id == UInt32.max { out.append("-1") } else { out.append(decimal: id) }
        }
        if count > shown { out.append(", ...") }
        out.append("]")
    }

    /// A CPU bitmap: `[0 1]`.
    mutating func cpuSet(at address: UInt64, bytes count: Int) {
        guard address != 0 else { out.append("NULL"); return }
        let size = min(max(count, 0), 1024)
        var bits = [UInt8](repeating: 0, count: size)
        let ok: Bool = bits.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { out.append(hex: address); return }
        out.append("[")
        var first = true
        for (index, byte) in bits.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                if !first { out.append(" ") }
                first = false
                out.append(decimal: index * 8 + bit)
            }
        }
        out.append("]")
    }

    /// `struct sched_param`: `[0]`.
    mutating func schedParam(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let priority = try? memory.load(Int32.self, from: address) else { out.append(hex: address); return }
        out.append("[")
        out.append(decimal: priority)
        out.append("]")
    }

    mutating func schedulerPolicy(_ i: Int) {
        next()
        let value = Int64(int(i))
        let policy = value & ~0x4000_0000
        if Constants.schedulerPolicies.contains(where: { $0.value == policy }) {
            symbolic(UInt64(bitPattern: value), named: true) { out in
                _ = out.appendName(of: policy, in: Constants.schedulerPolicies)
                if value & 0x4000_0000 != 0 { out.append("|SCHED_RESET_ON_FORK") }
            }
            typed(.named(value))
        } else {
            namedValue(value, Constants.schedulerPolicies, unknown: "SCHED_???")
        }
    }

    /// `struct rusage`: the times, then (with -v) the counters.
    mutating func rusage(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        var usage = Glibc.rusage()
        guard read(&usage, at: address) else { out.append(hex: address); return }
        out.append("{ru_utime=")
        timeval(usage.ru_utime)
        out.append(", ru_stime=")
        timeval(usage.ru_stime)
        guard unabbreviated else { out.append(", ...}"); return }
        let counters: [(StaticString, Int)] = [
            ("ru_maxrss", usage.ru_maxrss), ("ru_ixrss", usage.ru_ixrss), ("ru_idrss", usage.ru_idrss),
            ("ru_isrss", usage.ru_isrss), ("ru_minflt", usage.ru_minflt), ("ru_majflt", usage.ru_majflt),
            ("ru_nswap", usage.ru_nswap), ("ru_inblock", usage.ru_inblock), ("ru_oublock", usage.ru_oublock),
            ("ru_msgsnd", usage.ru_msgsnd), ("ru_msgrcv", usage.ru_msgrcv), ("ru_nsignals", usage.ru_nsignals),
            ("ru_nvcsw", usage.ru_nvcsw), ("ru_nivcsw", usage.ru_nivcsw),
        ]
        for (name, value) in counters {
            out.append(", ")
            out.append(name)
            out.append("=")
            out.append(decimal: value)
        }
        out.append("}")
    }

    /// `{tv_sec=0, tv_usec=0}`.
    mutating func timeval(_ value: Glibc.timeval) {
        out.append("{tv_sec=")
        out.append(decimal: value.tv_sec)
        out.append(", tv_usec=")
        out.append(decimal: value.tv_usec)
        out.append("}")
    }

    /// `struct utsname`: sysname and nodename, then (with -v) the rest.
    mutating func utsname(at address: UInt64) {
        guard let names = try? memory.load(Glibc.utsname.self, from: address) else { out.append(hex: address); return }
        var copy = names
        func field(_ name: StaticString, _ pointer: UnsafeRawPointer, _ d: inout Decoding) {
            d.out.append(name)
            d.out.append("=")
            let bytes = UnsafeRawBufferPointer(start: pointer, count: 65)
            let end = bytes.firstIndex(of: 0) ?? 65
            d.out.appendQuoted(bytes[..<end], style: d.format.stringStyle)
        }
        withUnsafePointer(to: &copy) { pointer in
            let base = UnsafeRawPointer(pointer)
            out.append("{")
            field("sysname", base, &self)
            out.append(", ")
            field("nodename", base + 65, &self)
            if unabbreviated {
                out.append(", ")
                field("release", base + 130, &self)
                out.append(", ")
                field("version", base + 195, &self)
                out.append(", ")
                field("machine", base + 260, &self)
                out.append(", ")
                field("domainname", base + 325, &self)
                out.append("}")
            } else {
                out.append(", ...}")
            }
        }
    }

    /// `struct sysinfo`, always whole.
    mutating func sysinfo(at address: UInt64) {
        var info = SystemInfo()
        guard read(&info, at: address) else { out.append(hex: address); return }
        out.append("{uptime=")
        out.append(decimal: info.uptime)
        out.append(", loads=[")
        out.append(decimal: info.loads.0)
        out.append(", ")
        out.append(decimal: info.loads.1)
        out.append(", ")
        out.append(decimal: info.loads.2)
        out.append("], totalram=")
        out.append(decimal: info.totalram)
        out.append(", freeram=")
        out.append(decimal: info.freeram)
        out.append(", sharedram=")
        out.append(decimal: info.sharedram)
        out.append(", bufferram=")
        out.append(decimal: info.bufferram)
        out.append(", totalswap=")
        out.append(decimal: info.totalswap)
        out.append(", freeswap=")
        out.append(decimal: info.freeswap)
        out.append(", procs=")
        out.append(decimal: info.procs)
        out.append(", totalhigh=")
        out.append(decimal: info.totalhigh)
        out.append(", freehigh=")
        out.append(decimal: info.freehigh)
        out.append(", mem_unit=")
        out.append(decimal: info.mem_unit)
        out.append("}")
    }

    /// clone3's `struct clone_args` at entry.
    mutating func cloneArgs(at address: UInt64, size: Int) {
        guard address != 0 else { out.append("NULL"); return }
        // flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup
        var fields = [UInt64](repeating: 0, count: 11)
        let count = min(max(size, 0) / 8, 11)
        guard count >= 8 else { out.append(hex: address); return }
        let ok: Bool = fields.withUnsafeMutableBytes {
            (try? memory.readExactly(from: address, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<(count * 8)]))) != nil
        }
        guard ok else { out.append(hex: address); return }
        let flags = fields[0]
        out.append("{flags=")
        symbolic(flags) { $0.appendFlags(flags, in: Constants.cloneFlags) }
        if flags & cloneFlag("CLONE_PIDFD") != 0 {
            out.append(", pidfd=")
            out.appendPointer(fields[1])
        }
        if flags & (cloneFlag("CLONE_CHILD_SETTID") | cloneFlag("CLONE_CHILD_CLEARTID")) != 0 {
            out.append(", child_tid=")
            out.appendPointer(fields[2])
        }
        if flags & cloneFlag("CLONE_PARENT_SETTID") != 0 {
            out.append(", parent_tid=")
            out.appendPointer(fields[3])
        }
        out.append(", exit_signal=")
        if fields[4] == 0 { out.append("0") } else { out.appendSignal(Signal(rawValue: CInt(truncatingIfNeeded: fields[4])), constants: format.constants) }
        out.append(", stack=")
        out.appendPointer(fields[5])
        out.append(", stack_size=")
        hexValue(fields[6])
        if flags & cloneFlag("CLONE_SETTLS") != 0 {
            out.append(", tls=")
            out.appendPointer(fields[7])
        }
        if count >= 10 && fields[9] != 0 {
            out.append(", set_tid=")
            out.appendPointer(fields[8])
            out.append(", set_tid_size=")
            out.append(decimal: fields[9])
        }
        out.append("}")
    }

    /// At clone3's exit, what the kernel wrote for the parent: ` => {parent_tid=[N]}`.
    mutating func cloneArgsResult(at address: UInt64, size: Int) {
        guard !failed, address != 0, size >= 64,
              let flags = try? memory.load(UInt64.self, from: address) else { return }
        var parts: [(StaticString, UInt64)] = []
        if flags & cloneFlag("CLONE_PIDFD") != 0, let p = try? memory.load(UInt64.self, from: address + 8) { parts.append(("pidfd", p)) }
        if flags & cloneFlag("CLONE_PARENT_SETTID") != 0, let p = try? memory.load(UInt64.self, from: address + 24) {
            parts.append(("parent_tid", p))
        }
        guard !parts.isEmpty else { return }
        out.append(" => {")
        for (index, part) in parts.enumerated() {
            if index > 0 { out.append(", ") }
            out.append(part.0)
            out.append("=[")
            if let value = try? memory.load(Int32.self, from: part.1) { out.append(decimal: value) } else { out.append(hex: part.1) }
            out.append("]")
        }
        out.append("}")
    }

    mutating func prctlEntry() -> EntryResult {
        next()
        let option = int(0)
        namedValue(Int64(option), Constants.prctlOptions, unknown: "PR_???")
        switch option {
        case Prctl.setName:
            cString(1)
        case Prctl.getName, Prctl.getPdeathsig, Prctl.getChildSubreaper:
            return .atExit
        case Prctl.setPdeathsig:
            signal(1)
        case Prctl.setDumpable:
            next()
            namedValue(Int64(bitPattern: arg(1)), Constants.dumpableModes, unknown: "SUID_DUMP_???")
        case Prctl.setNoNewPrivs, Prctl.getNoNewPrivs:
            for i in 1...4 { unsignedLong(i) }
        case Prctl.capbsetRead, Prctl.capbsetDrop:
            next()
            namedValue(Int64(bitPattern: arg(1)), Constants.capabilities, unknown: "CAP_???")
        case Prctl.setChildSubreaper, Prctl.setKeepcaps, Prctl.setThpDisable:
            unsignedLong(1)
        case Prctl.setTimerslack:
            unsignedLong(1)
        case Prctl.setSeccomp:
            next()
            namedValue(Int64(bitPattern: arg(1)), Constants.seccompModes, unknown: "SECCOMP_MODE_???")
            if arg(1) == 2 { pointer(2) }
        case _ where ProcessDecoders.argumentless.contains(option):
            break
        default:
            for i in 1...4 { hex(i) }
        }
        if option == Prctl.getDumpable {
            resultPrinter = { value, out in
                out.append(decimal: value)
                var name = OutputBuffer(capacity: 24)
                if name.appendName(of: value, in: Constants.dumpableModes) {
                    out.append(" (")
                    out.append(bytes: name.contents)
                    out.append(")")
                }
            }
            return .done(.custom)
        }
        return .done()
    }

    mutating func prctlExit() -> ReturnFormat {
        next()
        let address = arg(1)
        if failed { out.appendPointer(address); return .decimal }
        switch int(0) {
        case Prctl.getName:
            guard let read = try? memory.readCString(at: address, limit: 16, into: &scratch) else { out.append(hex: address); break }
            out.appendQuoted(scratch, style: format.stringStyle, truncated: read.truncated && scratch.count >= 16)
        case Prctl.getPdeathsig:
            guard let value = try? memory.load(Int32.self, from: address) else { out.append(hex: address); break }
            out.append("[")
            if value == 0 { out.append("0") } else { out.appendSignal(Signal(rawValue: value), constants: format.constants) }
            out.append("]")
        default:
            guard let value = try? memory.load(Int32.self, from: address) else { out.append(hex: address); break }
            out.append("[")
            out.append(decimal: value)
            out.append("]")
        }
        return .decimal
    }
}
