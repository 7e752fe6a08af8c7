import WiretapCore

/// prctl(2): the option decides which arguments strace prints and how;
/// the GET options that store a value print it at exit, and a few describe
/// their result (`= 1 (SUID_DUMP_USER)`, `= 0x10 (SECBIT_KEEP_CAPS)`).
enum PrctlDecoders {
    static let all: DecoderFamily = [
        .prctl: SyscallDecoder(entry: { d in d.prctlEntry() }, exit: { d in d.prctlExit() }),
    ]

    /// Options with no argument strace prints.
    static let argumentless: Set<Int64> = [
        Constants.PR_GET_KEEPCAPS, Constants.PR_GET_SECCOMP, Constants.PR_GET_TIMERSLACK, Constants.PR_GET_TIMING,
        Constants.PR_TASK_PERF_EVENTS_DISABLE, Constants.PR_TASK_PERF_EVENTS_ENABLE,
    ]
    /// Options whose one argument is an unsigned number.
    static let unsignedArgument: Set<Int64> = [
        Constants.PR_SET_CHILD_SUBREAPER, Constants.PR_SET_ENDIAN, Constants.PR_SET_FPEMU, Constants.PR_SET_FPEXC,
        Constants.PR_SET_KEEPCAPS, Constants.PR_SET_TIMING,
    ]
    /// Options whose first argument is an unsigned number and the rest hexadecimal.
    static let unsignedThenHex: Set<Int64> = [Constants.PR_SET_NO_NEW_PRIVS, Constants.PR_SET_THP_DISABLE,
                                              Constants.PR_SET_IO_FLUSHER]
    /// GET options that store an unsigned int at arg2.
    static let storingUnsigned: Set<Int64> = [Constants.PR_GET_CHILD_SUBREAPER, Constants.PR_GET_ENDIAN,
                                              Constants.PR_GET_FPEMU, Constants.PR_GET_FPEXC]
    /// GET options that store at arg2, printed at exit.
    static let storing: Set<Int64> = storingUnsigned.union([
        Constants.PR_GET_NAME, Constants.PR_GET_PDEATHSIG, Constants.PR_GET_TID_ADDRESS, Constants.PR_GET_TSC,
        Constants.PR_GET_UNALIGN,
    ])
    /// TASK_COMM_LEN: the size of a thread's name with its NUL.
    static let taskNameLength = 16
    /// The speculation misfeatures whose state is a set of PR_SPEC_* bits.
    static let speculationFlags: Set<UInt64> = [UInt64(Constants.PR_SPEC_STORE_BYPASS),
                                                UInt64(Constants.PR_SPEC_INDIRECT_BRANCH),
                                                UInt64(Constants.PR_SPEC_L1D_FLUSH)]
}

extension Decoding {
    /// prctl's remaining arguments from `first` on, in hexadecimal.
    mutating func prctlHexArguments(from first: Int) {
        guard first <= 4 else { return }
        for i in first...4 { hex(i) }
    }

    /// prctl at entry: the option and the arguments it takes.
    mutating func prctlEntry() -> EntryResult {
        let option = Int64(arg(0) & 0xffff_ffff)
        next()
        xlatValue(UInt64(option), Constants.prctlOptions, unknown: "PR_???")
        let argument = arg(1)
        switch option {
        case _ where PrctlDecoders.argumentless.contains(option):
            break
        case _ where PrctlDecoders.storing.contains(option):
            return .atExit
        case Constants.PR_GET_DUMPABLE:
            return resultNamed(Constants.dumpableModes)
        case Constants.PR_MCE_KILL_GET:
            prctlHexArguments(from: 1)
            return resultNamed(Constants.prctlMCEKillPolicies)
        case Constants.PR_GET_SECUREBITS:
            return resultFlags(Constants.securebits)
        case Constants.PR_GET_FP_MODE:
            return resultFlags(Constants.prctlFPModes)
        case Constants.PR_GET_SPECULATION_CTRL:
            next()
            xlatValue(argument, Constants.prctlSpeculationMisfeatures, unknown: "PR_SPEC_???")
            if PrctlDecoders.speculationFlags.contains(argument) { return resultFlags(Constants.prctlSpeculationStates) }
        case _ where PrctlDecoders.unsignedArgument.contains(option):
            unsignedLong(1)
        case _ where PrctlDecoders.unsignedThenHex.contains(option):
            unsignedLong(1)
            prctlHexArguments(from: 2)
        case Constants.PR_SET_DUMPABLE:
            next()
            xlatValue(argument, Constants.dumpableModes, unknown: "SUID_DUMP_???")
        case Constants.PR_CAPBSET_DROP, Constants.PR_CAPBSET_READ:
            next()
            xlatValue(argument, Constants.capabilities, unknown: "CAP_???")
        case Constants.PR_CAP_AMBIENT:
            next()
            xlatValue(argument, Constants.prctlAmbientOperations, unknown: "PR_CAP_AMBIENT_???")
            switch Int64(bitPattern: argument) {
            case Constants.PR_CAP_AMBIENT_RAISE, Constants.PR_CAP_AMBIENT_LOWER, Constants.PR_CAP_AMBIENT_IS_SET:
                next()
                xlatValue(arg(2), Constants.capabilities, unknown: "CAP_???")
                prctlHexArguments(from: 3)
            default:
                prctlHexArguments(from: 2)
            }
        case Constants.PR_MCE_KILL:
            next()
            xlatValue(argument, Constants.prctlMCEKillOperations, unknown: "PR_MCE_KILL_???")
            if Int64(bitPattern: argument) == Constants.PR_MCE_KILL_SET {
                next()
                xlatValue(arg(2), Constants.prctlMCEKillPolicies, unknown: "PR_MCE_KILL_???")
            } else {
                hex(2)
            }
            prctlHexArguments(from: 3)
        case Constants.PR_SET_NAME:
            // At most TASK_COMM_LEN - 1 bytes, `...` when they hold no NUL.
            next()
            boundedString(at: argument, length: PrctlDecoders.taskNameLength - 1)
        case Constants.PR_SET_VMA:
            next()
            xlatValue(argument, Constants.prctlVMAOperations, unknown: "PR_SET_VMA_???")
            if Int64(bitPattern: argument) == Constants.PR_SET_VMA_ANON_NAME {
                pointer(2)
                unsignedLong(3)
                cString(4)
            } else {
                prctlHexArguments(from: 2)
            }
        case Constants.PR_SET_MM:
            next()
            xlatValue(argument, Constants.prctlSetMMFields, unknown: "PR_SET_MM_???")
            prctlHexArguments(from: 2)
        case Constants.PR_SET_PDEATHSIG:
            // strace prints a number above 128 as one, not as a signal.
            if argument > 128 { unsignedLong(1) } else { signal(1) }
        case Constants.PR_SET_PTRACER:
            if int(1) == -1 {
                next()
                symbolic(UInt64(bitPattern: -1), decimal: true, named: true) { $0.append("PR_SET_PTRACER_ANY") }
            } else {
                pid(1)
            }
        case Constants.PR_SET_SECCOMP:
            next()
            xlatValue(argument, Constants.seccompModes, unknown: "SECCOMP_MODE_???")
            if Int64(bitPattern: argument) == Constants.SECCOMP_MODE_FILTER {
                next()
                socketFilterProgram(at: arg(2))
            } else if Int64(bitPattern: argument) != Constants.SECCOMP_MODE_STRICT {
                prctlHexArguments(from: 2)
            }
        case Constants.PR_SET_SECUREBITS:
            next()
            flagSet(argument, Constants.securebits, unknown: "SECBIT_???")
        case Constants.PR_SET_TIMERSLACK:
            long(1)
        case Constants.PR_SET_TSC:
            next()
            xlatValue(argument, Constants.prctlTSCModes, unknown: "PR_TSC_???")
        case Constants.PR_SET_UNALIGN:
            next()
            flagSet(argument, Constants.prctlUnalignFlags, unknown: "PR_UNALIGN_???")
        case Constants.PR_SET_FP_MODE:
            next()
            flagSet(argument, Constants.prctlFPModes, unknown: "PR_FP_MODE_???")
        case Constants.PR_SET_SPECULATION_CTRL:
            next()
            xlatValue(argument, Constants.prctlSpeculationMisfeatures, unknown: "PR_SPEC_???")
            next()
            if PrctlDecoders.speculationFlags.contains(argument) {
                xlatValue(arg(2), Constants.prctlSpeculationSetModes, unknown: "PR_SPEC_???")
            } else {
                hexValue(arg(2))
            }
        case Constants.PR_SET_SYSCALL_USER_DISPATCH:
            next()
            xlatValue(argument, Constants.prctlSyscallDispatchModes, unknown: "PR_SYS_DISPATCH_???")
            hex(2)
            hex(3)
            pointer(4)
        default:
            prctlHexArguments(from: 1)
        }
        return .done()
    }

    /// prctl at exit: the value a GET option stored at arg2.
    mutating func prctlExit() -> ReturnFormat {
        next()
        let option = Int64(arg(0) & 0xffff_ffff)
        let address = arg(1)
        if failed || address == 0 { pointerValue(address); return .decimal }
        switch option {
        case Constants.PR_GET_NAME:
            boundedString(at: address, length: PrctlDecoders.taskNameLength)
        case Constants.PR_GET_TID_ADDRESS:
            storedPointer(at: address)
        default:
            guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); break }
            beginArray()
            switch option {
            case Constants.PR_GET_PDEATHSIG:
                signalNumberValue(Int32(bitPattern: value))
            case Constants.PR_GET_TSC:
                xlatValue(UInt64(value), Constants.prctlTSCModes, unknown: "PR_TSC_???")
            case Constants.PR_GET_UNALIGN:
                flagSet(UInt64(value), Constants.prctlUnalignFlags, unknown: "PR_UNALIGN_???")
            default:
                unsignedValue(value)
            }
            endArray()
        }
        return .decimal
    }

    /// strace's printstr_ex with QUOTE_0_TERMINATED: the string in the
    /// first `length` bytes, at most -s of them, `...` when they hold no
    /// NUL (strace looks one byte past -s when `length` allows it).
    mutating func boundedString(at address: UInt64, length: Int) {
        guard address != 0 else { pointerValue(0); return }
        let limit = max(0, format.stringLimit)
        let shown = min(length, limit)
        let lookahead = length > limit
        guard (try? memory.readCString(at: address, limit: shown + (lookahead ? 1 : 0), into: &scratch)) != nil else {
            unreadable(address)
            return
        }
        var truncated = false
        if length == 0 {
            truncated = false
        } else if scratch.count > shown {
            // The byte past -s is not the NUL.
            scratch.removeLast(scratch.count - shown)
            truncated = true
        } else if scratch.count == shown {
            // No NUL among the bytes shown: only a NUL just past them (when read) ends the string.
            truncated = !lookahead
        }
        stringValue(scratch, truncated: truncated)
    }

    /// A result strace follows with its name from `table` when it has one
    /// (`= 1 (SUID_DUMP_USER)`).
    mutating func resultNamed(_ table: [NamedConstant]) -> EntryResult {
        resultPrinter = { value, out in
            out.append(decimal: value)
            var name = OutputBuffer(capacity: 32)
            if name.appendName(of: value, in: table) {
                out.append(" (")
                out.append(bytes: name.contents)
                out.append(")")
            }
        }
        return .done(.custom)
    }

    /// A nonzero result strace prints in hexadecimal with its flags
    /// (`= 0x10 (SECBIT_KEEP_CAPS)`).
    mutating func resultFlags(_ table: [NamedConstant]) -> EntryResult {
        let style = format.constants
        resultPrinter = { value, out in
            if value == 0 { out.append("0"); return }
            out.append(hex: UInt64(bitPattern: value))
            // Under -X raw strace adds nothing; otherwise the names alone.
            guard style != .raw else { return }
            out.append(" (")
            out.appendFlags(UInt64(bitPattern: value), in: table)
            out.append(")")
        }
        return .done(.custom)
    }
}
