import CWiretap
import Glibc
import WiretapCore

/// Decoders of processes: clone/clone3, wait4/waitid, credentials, kill and
/// friends, prctl, scheduling, process groups and sessions, resource usage,
/// uname and sysinfo.
enum ProcessDecoders {
    static let all: DecoderFamily = [
        .clone: SyscallDecoder(entry: { d in
            // x86_64: clone(flags, stack, parent_tid, child_tid, tls).
            // strace names clone's arguments itself, in its own order, with or without -N.
            d.argumentNames = []
            d.labeledArgument("child_stack")
            d.pointerValue(d.arg(1))
            d.labeledArgument("flags")
            d.cloneFlags(d.arg(0))
            return .atExit
        }, exit: { d in
            d.argumentNames = []
            let flags = d.arg(0)
            // As strace: parent_tid (a tid, or with CLONE_PIDFD alone a
            // descriptor), tls, child_tidptr; what the kernel stored only
            // when the call succeeded.
            let parentSetTID = flags & UInt64(Constants.CLONE_PARENT_SETTID) != 0
            if parentSetTID || flags & UInt64(Constants.CLONE_PIDFD) != 0 {
                d.labeledArgument("parent_tid")
                let address = d.arg(2)
                if address == 0 || d.failed {
                    d.pointerValue(address)
                } else if let stored = try? d.memory.load(Int32.self, from: address) {
                    d.beginArray()
                    if parentSetTID {
                        d.signedValue(stored)
                        if d.format.pidComm { d.out.appendPIDComm(Int64(stored)) }
                    } else {
                        d.fdValue(stored)
                    }
                    d.endArray()
                } else {
                    d.unreadable(address)
                }
            }
            if flags & UInt64(Constants.CLONE_SETTLS) != 0 {
                d.labeledArgument("tls")
                d.pointerValue(d.arg(4))
            }
            if flags & (UInt64(Constants.CLONE_CHILD_SETTID) | UInt64(Constants.CLONE_CHILD_CLEARTID)) != 0 {
                d.labeledArgument("child_tidptr")
                d.pointerValue(d.arg(3))
            }
            return .pid
        }),
        .wait4: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 || d.result == 0 { d.pointerValue(d.arg(1)) } else { d.waitStatus(at: d.arg(1)) }
            d.waitOptions(2)
            // The child's resource usage when one was reaped.
            d.next()
            if d.result > 0 { d.rusage(at: d.arg(3)) } else { d.pointerValue(d.arg(3)) }
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
                d.pointerValue(d.arg(1))
            } else {
                d.idArray(at: d.arg(1), count: Int(d.result))
            }
            return .decimal
        }),
        .setgroups: SyscallDecoder { d in
            d.decimal(0)
            d.next()
            // More than the kernel accepts: the address, as strace prints it.
            guard UInt32(truncatingIfNeeded: d.arg(0)) <= UInt32(NGROUPS_MAX) else { d.pointerValue(d.arg(1)); return .done() }
            d.idArray(at: d.arg(1), count: Int(d.int(0)))
            return .done()
        },
        .getpid: SyscallDecoder { _ in .done(.pid) },
        .getppid: SyscallDecoder { _ in .done(.pid) },
        .gettid: SyscallDecoder { _ in .done(.pid) },
        .fork: SyscallDecoder { _ in .done(.pid) },
        .vfork: SyscallDecoder { _ in .done(.pid) },
        .sched_getaffinity: SyscallDecoder(entry: { d in
            d.pid(0)
            d.unsigned(1)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(2)) } else { d.cpuSet(at: d.arg(2), bytes: Int(d.result)) }
            return .decimal
        }),
        .sched_setaffinity: SyscallDecoder { d in
            d.pid(0)
            d.unsigned(1)
            d.next()
            d.affinityList(at: d.arg(2), length: UInt32(truncatingIfNeeded: d.arg(1)))
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
            d.namedValue(Int64(d.int(0)), Constants.rusageWho, unknown: "RUSAGE_???")
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
            // The argument continues as the second value of a pair (` => `).
            d.resumeArgument(inChanged: true)
            d.cloneArgsResult(at: d.arg(0), size: Int(clamping: d.arg(1)))
            d.unsignedLong(1)
            return .pid
        }),
        // pidfd_send_signal(3, SIGTERM, NULL, 0)
        .pidfd_send_signal: SyscallDecoder { d in
            d.fd(0)
            d.signal(1)
            d.next()
            d.siginfoArgument(at: d.arg(2))
            d.next()
            d.hexValue(UInt64(UInt32(truncatingIfNeeded: d.arg(3))))
            return .done()
        },
        // pidfd_getfd(3, 0, 0) = 4: the target descriptor is the pidfd's process's.
        .pidfd_getfd: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.targetDescriptor(d.int(1), pidfd: d.int(0))
            d.next()
            d.hexValue(UInt64(UInt32(truncatingIfNeeded: d.arg(2))))
            return .done(.fd)
        },
        .process_vm_readv: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.iovec(3, count: 4, data: nil)
            d.unsignedLong(4)
            d.unsignedLong(5)
            return .decimal
        }),
        .process_vm_writev: SyscallDecoder { d in
            d.pid(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.iovec(3, count: 4, data: nil)
            d.unsignedLong(4)
            d.unsignedLong(5)
            return .done()
        },
        .waitid: SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.waitidTypes, unknown: "P_???")
            // A process (-Y names it; strace names no process group), a pidfd, or a number.
            switch Int64(d.int(0)) {
            case Constants.P_PID: d.pid(1)
            case Constants.P_PIDFD: d.fd(1)
            default: d.decimal(1)
            }
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(2) == 0 {
                d.pointerValue(d.arg(2))
            } else if let raw = d.siginfo(at: d.arg(2)) {
                // WNOHANG with nothing to report leaves an empty siginfo.
                if raw.si_signo == 0 { d.beginStructure(); d.endStructure() } else { d.signalInfoValue(SignalInfo(raw)) }
            } else {
                d.unreadable(d.arg(2))
            }
            d.waitOptions(3)
            d.output(4) { $0.rusage(at: $1) }
            return .decimal
        }),
    ]

    /// `struct clone_args`' fields by index (flags, pidfd, child_tid,
    /// parent_tid, exit_signal, stack, stack_size, tls, set_tid,
    /// set_tid_size, cgroup), read without an allocation.
    struct CloneArgs {
        let raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        init(_ raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) { self.raw = raw }
        subscript(_ index: Int) -> UInt64 {
            withUnsafeBytes(of: raw) { $0.load(fromByteOffset: index * 8, as: UInt64.self) }
        }
    }

    /// clone3's flags: strace's clone_flags, then clone3_flags.
    static let clone3Flags = Constants.cloneFlagNames + Constants.clone3OnlyFlags
}


/// `struct sysinfo` (Swift sees the function of the same name first).
typealias SystemInfo = wt_sysinfo

extension Decoding {
    // MARK: Emitters this family adds

    /// An argument strace labels itself, with or without -N (clone's
    /// `child_stack=`): the label is text only; one value follows.
    mutating func labeledArgument(_ label: StaticString) {
        next()
        out.append(label)
        out.append(byte: UInt8(ascii: "="))
    }

    /// A flag set (with `named`, one constant) written by its names whatever
    /// `-X` says: how wiretap prints clone's and pidfd_open's flags and the
    /// signals of wait statuses (kept so: the text must not change).
    mutating func namesValue(_ value: UInt64, named: Bool = false, _ names: (inout OutputBuffer) -> Void) {
        beginValue()
        let start = out.count
        names(&out)
        guard recordsValues else { return }
        let span = store(out.contents[start...])
        record(named ? .constant(Int64(bitPattern: value), span) : .flags(value, span))
    }

    /// Whether `append(Signal)` writes a name (not the number).
    static func signalHasName(_ number: Int32) -> Bool {
        if number > 0, Int(number) < SignalNames.names.count { return SignalNames.names[Int(number)].utf8CodeUnitCount > 0 }
        return number >= Signal.kernelRealtimeMinimum && number <= 64
    }

    /// strace's bit-set form `[0 3 70]` (CPU sets): an array of the numbers
    /// of the set bits, separated by spaces, not `, `.
    mutating func bitSetValue(_ bits: [UInt8]) {
        beginValue()
        out.append(byte: UInt8(ascii: "["))
        record(.beginArray)
        var first = true
        for (index, byte) in bits.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                if !first { out.append(byte: UInt8(ascii: " ")) }
                first = false
                out.append(decimal: index * 8 + bit)
                record(.unsigned(UInt64(index * 8 + bit), .decimal))
            }
        }
        out.append(byte: UInt8(ascii: "]"))
        record(.endArray(cut: false))
    }

    /// A uid or gid: `-1` for the all-ones value ("unchanged"), else unsigned.
    mutating func credentialValue(_ id: UInt32) {
        if id == UInt32.max { signedValue(-1) } else { unsignedValue(id) }
    }

    // MARK: Helpers

    /// clone's flags: the flag bits as strace's printflags prints them (`-X` applies:
    /// `0x1200000 /* CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID */`), then `|`
    /// and the signal as printsignal prints it (`SIGCHLD`, `17`); with no
    /// flag bits the signal alone. One flag set, named by both.
    mutating func cloneFlags(_ value: UInt64) {
        let style = format.constants
        let names = storeText { Decoding.appendCloneFlagNames(value, to: &$0) }
        customValue(.flags(value, names)) { Decoding.appendCloneFlags(value, style: style, to: &$0) }
    }

    /// clone's flags and signal by name (`CLONE_VM|SIGCHLD`): the names a
    /// recorded value carries.
    static func appendCloneFlagNames(_ value: UInt64, to out: inout OutputBuffer) {
        let flags = value & ~0xff
        let signal = Int32(value & 0xff)
        if flags != 0 { out.appendFlags(flags, in: Constants.cloneFlagNames) }
        if flags != 0 && signal != 0 { out.append("|") }
        if signal != 0 { out.append(Signal(rawValue: signal)) } else if flags == 0 { out.append("0") }
    }

    /// clone's flags argument as text, in `style`.
    static func appendCloneFlags(_ value: UInt64, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let flags = value & ~0xff
        let signal = Int32(value & 0xff)
        if flags != 0 {
            let known = Constants.cloneFlagNames.contains { UInt64($0.value) & flags == UInt64($0.value) }
            if style != .abbrev { out.append(hex: flags) }
            if style == .verbose { out.append(" /* ") }
            if style != .raw {
                if known { out.appendFlags(flags, in: Constants.cloneFlagNames) } else {
                    if style == .abbrev { out.append(hex: flags); out.append(" /* ") }
                    out.append("CLONE_???")
                    if style == .abbrev { out.append(" */") }
                }
            }
            if style == .verbose { out.append(" */") }
            guard signal != 0 else { return }
            out.append("|")
        }
        guard Decoding.signalHasName(signal) else { out.append(decimal: signal); return }
        if style != .abbrev { out.append(decimal: signal) }
        if style == .verbose { out.append(" /* ") }
        if style != .raw { out.append(Signal(rawValue: signal)) }
        if style == .verbose { out.append(" */") }
    }

    /// `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]` and the other wait-status
    /// forms: an array holding a structure whose fields are the macros
    /// (`WIFEXITED=1, WEXITSTATUS=0`); the text between is strace's.
    mutating func waitStatus(at address: UInt64) {
        guard let status = try? memory.load(Int32.self, from: address) else { unreadable(address); return }
        beginArray()
        beginStructure()
        let low = status & 0x7f
        if low == 0 {
            record(.field("WIFEXITED"))
            customValue(.signed(1)) { $0.append("WIFEXITED(s) && WEXITSTATUS(s) == ") }
            record(.field("WEXITSTATUS"))
            signedValue((status >> 8) & 0xff)
        } else if low == 0x7f {
            if status == 0xffff {
                record(.field("WIFCONTINUED"))
                customValue(.signed(1)) { $0.append("WIFCONTINUED(s)") }
            } else {
                record(.field("WIFSTOPPED"))
                customValue(.signed(1)) { $0.append("WIFSTOPPED(s) && WSTOPSIG(s) == ") }
                record(.field("WSTOPSIG"))
                let signal = (status >> 8) & 0xff
                namesValue(UInt64(signal), named: true) { $0.append(Signal(rawValue: signal)) }
            }
        } else {
            record(.field("WIFSIGNALED"))
            customValue(.signed(1)) { $0.append("WIFSIGNALED(s) && WTERMSIG(s) == ") }
            record(.field("WTERMSIG"))
            namesValue(UInt64(low), named: true) { $0.append(Signal(rawValue: low)) }
            if status & 0x80 != 0 {
                record(.field("WCOREDUMP"))
                customValue(.signed(1)) { $0.append(" && WCOREDUMP(s)") }
            }
        }
        endStructure()
        endArray()
    }

    mutating func waitOptions(_ i: Int) {
        next()
        flagsValue(arg(i) & 0xffff_ffff, Constants.waitOptionFlags, unknown: "W???")
    }

    /// pidfd_getfd's target descriptor: a number, with `-y` the path it has
    /// in the process `pidfd` refers to (the `Pid:` of its fdinfo).
    mutating func targetDescriptor(_ fd: Int32, pidfd: Int32) {
        beginValue()
        out.append(decimal: fd)
        let start = out.count
        if !format.descriptors.isEmpty, pidfd >= 0, let target = Decoding.pidfdTarget(pid: memory.pid, pidfd: pidfd) {
            out.appendDescriptorPath(pid: target, fd: Int64(fd), decoding: format.descriptors)
        }
        if recordsValues {
            let annotation = out.count - start >= 2 ? store(out.contents[(start + 1)..<(out.count - 1)]) : nil
            record(.descriptor(fd, annotation: annotation))
        }
    }

    /// The process a pidfd of `pid` refers to, from /proc/PID/fdinfo/FD's `Pid:` line.
    static func pidfdTarget(pid: Int32, pidfd: Int32) -> Int32? {
        guard let bytes = try? ProcFS.readFile("/proc/\(pid)/fdinfo/\(pidfd)") else { return nil }
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("Pid:".utf8)) {
            let digits = line.dropFirst(4).drop(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            guard let value = Int32(String(decoding: digits, as: UTF8.self)), value > 0 else { return nil }
            return value
        }
        return nil
    }

    /// A signal number: `SIGTERM`, or the number (`0`).
    mutating func signal(_ i: Int) {
        next()
        signalNumberValue(int(i))
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
        if failed { pointerValue(arg(i)); return }
        guard let value = try? memory.load(UInt32.self, from: arg(i)) else { unreadable(arg(i)); return }
        beginArray()
        credentialValue(value)
        endArray()
    }

    /// An array of uids/gids: `[0, 4, 24]`.
    mutating func idArray(at address: UInt64, count: Int) {
        guard address != 0 else { pointerValue(0); return }
        guard count >= 0 else { pointerValue(address); return }
        let shown = min(count, format.stringLimit)
        // Under -s 0 strace still reads the first id: unreadable, the address.
        let read = count > 0 ? max(shown, 1) : 0
        let ok = (try? memory.readExactly(from: address, count: read * 4, into: &scratch, structure: true)) != nil
        guard ok || read == 0 else { unreadable(address); return }
        beginArray()
        for index in 0..<shown {
            credentialValue(scratch.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) })
        }
        endArray(cut: count > shown)
    }

    /// A CPU bitmap: `[0 1]`.
    mutating func cpuSet(at address: UInt64, bytes count: Int) {
        guard address != 0 else { pointerValue(0); return }
        let size = min(max(count, 0), 1024)
        var bits = [UInt8](repeating: 0, count: size)
        let ok: Bool = bits.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { unreadable(address); return }
        bitSetValue(bits)
    }

    /// `struct sched_param`: `[0]` (strace prints its one field so).
    mutating func schedParam(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let priority = try? memory.load(Int32.self, from: address) else { unreadable(address); return }
        beginArray()
        signedValue(priority)
        endArray()
    }

    mutating func schedulerPolicy(_ i: Int) {
        next()
        let value = Int64(int(i))
        let policy = value & ~0x4000_0000
        if Constants.schedulerPolicies.contains(where: { $0.value == policy }) {
            // With SCHED_RESET_ON_FORK, a flag set of two names (nonzero: -X
            // comments it as it does the one name).
            symbolic(UInt64(bitPattern: value), named: value == policy) { out in
                _ = out.appendName(of: policy, in: Constants.schedulerPolicies)
                if value & 0x4000_0000 != 0 { out.append("|SCHED_RESET_ON_FORK") }
            }
        } else {
            namedValue(value, Constants.schedulerPolicies, unknown: "SCHED_???")
        }
    }

    /// `struct rusage`: the times, then (with -v) the counters.
    mutating func rusage(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        var usage = Glibc.rusage()
        guard read(&usage, at: address) else { unreadable(address); return }
        beginStructure()
        field("ru_utime"); timeval(usage.ru_utime)
        field("ru_stime"); timeval(usage.ru_stime)
        if unabbreviated {
            field("ru_maxrss"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_maxrss)))
            field("ru_ixrss"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_ixrss)))
            field("ru_idrss"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_idrss)))
            field("ru_isrss"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_isrss)))
            field("ru_minflt"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_minflt)))
            field("ru_majflt"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_majflt)))
            field("ru_nswap"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_nswap)))
            field("ru_inblock"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_inblock)))
            field("ru_oublock"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_oublock)))
            field("ru_msgsnd"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_msgsnd)))
            field("ru_msgrcv"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_msgrcv)))
            field("ru_nsignals"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_nsignals)))
            field("ru_nvcsw"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_nvcsw)))
            field("ru_nivcsw"); unsignedValue(UInt64(bitPattern: Int64(usage.ru_nivcsw)))
        }
        endStructure(abbreviated: !unabbreviated)
    }

    /// `{tv_sec=0, tv_usec=0}`.
    mutating func timeval(_ value: Glibc.timeval) {
        beginStructure()
        field("tv_sec"); signedValue(value.tv_sec)
        field("tv_usec"); unsignedValue(UInt64(bitPattern: Int64(value.tv_usec)))
        endStructure()
    }

    /// `struct utsname`: sysname and nodename, then (with -v) the rest.
    mutating func utsname(at address: UInt64) {
        guard let names = try? memory.load(Glibc.utsname.self, from: address) else { unreadable(address); return }
        var copy = names
        withUnsafeBytes(of: &copy) { bytes in
            func text(_ index: Int) -> Slice<UnsafeRawBufferPointer> {
                let member = bytes[(index * 65)..<(index * 65 + 65)]
                return member[..<(member.firstIndex(of: 0) ?? member.endIndex)]
            }
            beginStructure()
            field("sysname"); stringValue(text(0), truncated: false)
            field("nodename"); stringValue(text(1), truncated: false)
            if unabbreviated {
                field("release"); stringValue(text(2), truncated: false)
                field("version"); stringValue(text(3), truncated: false)
                field("machine"); stringValue(text(4), truncated: false)
                field("domainname"); stringValue(text(5), truncated: false)
            }
            endStructure(abbreviated: !unabbreviated)
        }
    }

    /// `struct sysinfo`, always whole.
    mutating func sysinfo(at address: UInt64) {
        var info = SystemInfo()
        guard read(&info, at: address) else { unreadable(address); return }
        beginStructure()
        field("uptime"); signedValue(info.uptime)
        field("loads")
        beginArray()
        unsignedValue(info.loads.0)
        unsignedValue(info.loads.1)
        unsignedValue(info.loads.2)
        endArray()
        field("totalram"); unsignedValue(info.totalram)
        field("freeram"); unsignedValue(info.freeram)
        field("sharedram"); unsignedValue(info.sharedram)
        field("bufferram"); unsignedValue(info.bufferram)
        field("totalswap"); unsignedValue(info.totalswap)
        field("freeswap"); unsignedValue(info.freeswap)
        field("procs"); unsignedValue(info.procs)
        field("totalhigh"); unsignedValue(info.totalhigh)
        field("freehigh"); unsignedValue(info.freehigh)
        field("mem_unit"); unsignedValue(info.mem_unit)
        endStructure()
    }

    /// clone3's `struct clone_args` at entry. `saved` keeps where its tokens
    /// start, for the exit to make it the first value of a pair.
    mutating func cloneArgs(at address: UInt64, size: Int) {
        guard address != 0 else { pointerValue(0); return }
        // flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup
        // As strace: min(size, 88) bytes, at least up to tls (64); the rest zero.
        let fetched = min(max(size, 0), 88)
        guard fetched >= 64 else { pointerValue(address); return }
        var raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok: Bool = withUnsafeMutableBytes(of: &raw) {
            (try? memory.readExactly(from: address, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<fetched]))) != nil
        }
        guard ok else { unreadable(address); return }
        let fields = ProcessDecoders.CloneArgs(raw)
        let flags = fields[0]
        if recordsValues { saved = Int64(values.tokens.count) }
        beginStructure()
        field("flags"); flagsValue(flags, ProcessDecoders.clone3Flags, unknown: "CLONE_???")
        if flags & UInt64(Constants.CLONE_PIDFD) != 0 {
            field("pidfd"); pointerValue(fields[1])
        }
        if flags & (UInt64(Constants.CLONE_CHILD_SETTID) | UInt64(Constants.CLONE_CHILD_CLEARTID)) != 0 {
            field("child_tid"); pointerValue(fields[2])
        }
        if flags & UInt64(Constants.CLONE_PARENT_SETTID) != 0 {
            field("parent_tid"); pointerValue(fields[3])
        }
        field("exit_signal")
        // strace: a signal below INT_MAX, else the unsigned number.
        if fields[4] < UInt64(Int32.max) {
            let signal = Int32(fields[4])
            signalNumberValue(signal)
        } else {
            unsignedValue(fields[4])
        }
        field("stack"); pointerValue(fields[5])
        field("stack_size"); hexValue(fields[6])
        if flags & UInt64(Constants.CLONE_SETTLS) != 0 {
            field("tls"); pointerValue(fields[7])
        }
        if fields[8] != 0 || fields[9] != 0 {
            field("set_tid")
            if fields[8] == 0 || fields[9] == 0 || fields[9] > 32 {
                pointerValue(fields[8])
            } else {
                tidArray(at: fields[8], count: Int(fields[9]))
            }
            field("set_tid_size"); unsignedValue(fields[9])
        }
        if fetched > 80 && (fields[10] != 0 || flags & UInt64(Constants.CLONE_INTO_CGROUP) != 0) {
            field("cgroup"); unsignedValue(fields[10])
        }
        if size > fetched { nonzeroTrailingBytes(at: address, from: UInt64(fetched), to: UInt64(min(size, 4096))) }
        endStructure()
    }

    /// clone3's set_tid: `[1, 2]` (at most 32 ints, checked by the caller),
    /// `... /* 0x... */` where it runs into unreadable memory, or the address.
    mutating func tidArray(at address: UInt64, count: Int) {
        guard (try? memory.load(Int32.self, from: address)) != nil else { unreadable(address); return }
        beginArray()
        for index in 0..<count {
            let element = address &+ UInt64(index * 4)
            guard let tid = try? memory.load(Int32.self, from: element) else {
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if !unabbreviated && index >= format.stringLimit { endArray(cut: true); return }
            signedValue(tid)
        }
        endArray()
    }

    /// At clone3's exit, what the kernel wrote for the parent: ` => {parent_tid=[N]}`,
    /// the second value of a pair whose first is the entry's structure. The
    /// pair's opening token goes in before that structure only now: a call
    /// that never returns keeps a plain structure (and a tape with no pair left open).
    mutating func cloneArgsResult(at address: UInt64, size: Int) {
        guard !failed, address != 0, size >= 64,
              let flags = try? memory.load(UInt64.self, from: address) else { return }
        var pidfd: UInt64? = nil
        var parentTID: UInt64? = nil
        if flags & UInt64(Constants.CLONE_PIDFD) != 0 { pidfd = try? memory.load(UInt64.self, from: address + 8) }
        if flags & UInt64(Constants.CLONE_PARENT_SETTID) != 0 { parentTID = try? memory.load(UInt64.self, from: address + 24) }
        guard pidfd != nil || parentTID != nil else { return }
        var paired = false
        if recordsValues, let start = saved, start >= 0, Int(start) < values.tokens.count {
            values.tokens.insert(.beginChanged, at: Int(start))
            paired = true
        }
        beginStructure()
        if let pidfd {
            // A descriptor (-y shows what it is).
            field("pidfd")
            beginArray()
            if let value = try? memory.load(Int32.self, from: pidfd) { fdValue(value) } else { unreadable(pidfd) }
            endArray()
        }
        if let parentTID {
            // A thread id: -Y adds its command name.
            field("parent_tid")
            beginArray()
            if let value = try? memory.load(Int32.self, from: parentTID) {
                signedValue(value)
                if format.pidComm { out.appendPIDComm(Int64(value)) }
            } else {
                unreadable(parentTID)
            }
            endArray()
        }
        endStructure()
        if paired { record(.endChanged) }
    }
}
