import Glibc
import WiretapCore

/// Decoders for calls of the 32-bit compat ABI (i386 tracees on x86_64)
/// whose i386 form differs from the x86_64 call of the same name (16-bit
/// uids, a 32-bit time_t) or that only i386 has (_llseek, mmap2, waitpid).
/// Keyed by the i386 name; `DecoderTable.compat` prefers these to the
/// native decoders.
enum CompatDecoders {
    static let all: [(name: StaticString, decoder: SyscallDecoder)] = [
        // The 16-bit uid calls (their 32-bit forms are the `*32` calls).
        ("setuid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setgid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setfsuid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setfsgid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setreuid", SyscallDecoder { d in d.id16(0); d.id16(1); return .done() }),
        ("setregid", SyscallDecoder { d in d.id16(0); d.id16(1); return .done() }),
        ("setresuid", SyscallDecoder { d in d.id16(0); d.id16(1); d.id16(2); return .done() }),
        ("setresgid", SyscallDecoder { d in d.id16(0); d.id16(1); d.id16(2); return .done() }),
        ("getresuid", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.id16Result(i) }
            return .decimal
        })),
        ("getresgid", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.id16Result(i) }
            return .decimal
        })),
        ("chown", SyscallDecoder { d in d.path(0); d.id16(1); d.id16(2); return .done() }),
        ("lchown", SyscallDecoder { d in d.path(0); d.id16(1); d.id16(2); return .done() }),
        ("fchown", SyscallDecoder { d in d.fd(0); d.id16(1); d.id16(2); return .done() }),
        // time(2) with a 32-bit time_t.
        ("time", compatTime),
        // _llseek(fd, offset_high, offset_low, &result, whence).
        ("_llseek", SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            d.signedValue(Int64(bitPattern: (d.arg(1) & 0xffff_ffff) << 32 | (d.arg(2) & 0xffff_ffff)))
            return .atExit
        }, exit: { d in
            d.output(3) { d, address in
                guard let value = d.load(UInt64.self, 3) else { return }
                d.beginArray()
                d.unsignedValue(value)
                d.endArray()
            }
            d.next()
            d.namedValue(Int64(Int32(truncatingIfNeeded: d.arg(4))), Constants.seekWhence, unknown: "SEEK_???")
            return .decimal
        })),
        // waitpid(pid, &status, options): wait4 without the rusage.
        ("waitpid", SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 || d.result == 0 { d.pointerValue(d.arg(1)) } else { d.waitStatus(at: d.arg(1)) }
            d.waitOptions(2)
            return .pid
        })),
        // mmap2: mmap with the offset in 4096-byte pages.
        ("mmap2", SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            d.mapFlags(3)
            d.fd(4)
            d.next()
            d.hexValue((d.arg(5) & 0xffff_ffff) << 12)
            return .done(.hex)
        }),
        // The stat64 family: i386's struct stat64 (4-byte aligned 64-bit fields).
        ("stat64", stat64Decoder(.path)),
        ("lstat64", stat64Decoder(.path)),
        ("fstat64", stat64Decoder(.fd)),
        ("fstatat64", SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            return .atExit
        }, exit: { d in
            d.compatStat(2, layout: .stat64)
            d.flags(3, Constants.pathAtFlags, unknown: "AT_???")
            return .decimal
        })),
        // getdents with i386's struct linux_dirent (32-bit d_ino and d_off).
        ("getdents", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.next()
            let count = UInt32(truncatingIfNeeded: d.arg(2))
            if d.failed || !d.memory.dereferences || d.result > Int64(count) {
                d.pointerValue(d.arg(1))
            } else {
                d.directoryEntries(at: d.arg(1), length: UInt32(truncatingIfNeeded: d.result), layout: .dirent32)
            }
            d.unsigned(2)
            return .decimal
        })),
        // readdir(fd, dirp, count): one old_linux_dirent; the count only when not 1.
        ("readdir", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.result == 0 || d.failed {
                d.pointerValue(d.arg(1))
            } else {
                d.oldDirent(at: d.arg(1))
            }
            if UInt32(truncatingIfNeeded: d.arg(2)) != 1 { d.unsigned(2) }
            return .decimal
        })),
        // sendmmsg and recvmmsg with i386's 32-byte mmsghdr; recvmmsg's
        // timeout a 32-bit timespec (recvmmsg_time64's a 64-bit one).
        ("sendmmsg", SyscallDecoder(entry: { d in
            d.fd(0)
            guard d.memory.dereferences else {
                d.pointer(1)
                d.unsigned(2)
                d.messageFlags(3)
                return .done()
            }
            return .atExit
        }, exit: { d in
            d.next()
            // strace reads the vector even when the call failed.
            d.mmsghdrs32(at: d.arg(1), count: d.arg(2) & 0xffff_ffff, lengthsShown: d.failed ? 0 : UInt64(bitPattern: d.result),
                         useLengths: false)
            d.unsigned(2)
            d.messageFlags(3)
            return .decimal
        })),
        ("recvmmsg", compatRecvmmsg(time64: false)),
        ("recvmmsg_time64", compatRecvmmsg(time64: true)),
        // signalfd and signalfd4: a 4- or 8-byte mask, as strace reads i386's.
        ("signalfd", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.compatSignalSet(at: d.arg(1), length: d.arg(2))
            d.unsignedLong(2)
            return .done(.fd)
        }),
        ("signalfd4", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.compatSignalSet(at: d.arg(1), length: d.arg(2))
            d.unsignedLong(2)
            d.flags(3, Constants.signalfdFlags, unknown: "SFD_???")
            return .done(.fd)
        }),
        // The rt_* mask calls and epoll_pwait: 4-byte masks too, as strace reads i386's.
        ("rt_sigprocmask", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.sigprocmaskHow, unknown: "SIG_???")
            d.next()
            d.compatSignalSet(at: d.arg(1), length: d.arg(3))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.compatSignalSet(at: $1, length: $0.arg(3)) }
            d.unsignedLong(3)
            return .decimal
        })),
        ("rt_sigpending", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.compatSignalSet(at: $1, length: $0.arg(1)) }
            d.unsignedLong(1)
            return .decimal
        })),
        ("rt_sigsuspend", SyscallDecoder { d in
            d.next()
            d.compatSignalSet(at: d.arg(0), length: d.arg(1))
            d.unsignedLong(1)
            return .done()
        }),
        ("epoll_pwait", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.epollWaitExit()
            d.decimal(2)
            d.decimal(3)
            d.output(4) { $0.compatSignalSet(at: $1, length: $0.arg(5)) }
            d.unsignedLong(5)
            return .decimal
        })),
        // _sysctl with i386's 40-byte struct __sysctl_args (4-byte pointers and size_t).
        ("_sysctl", SyscallDecoder { d in
            d.next()
            d.sysctlArguments32(at: d.arg(0))
            return .done()
        }),
        // sigreturn: the mask of i386's sigframe at the stack pointer (its
        // sigcontext's oldmask and the extramask after the fpstate), read
        // whole as strace reads it (716 bytes), else the stack pointer.
        ("sigreturn", SyscallDecoder { d in
            d.next()
            let sp = d.stackPointer & 0xffff_ffff
            guard let oldmask = try? d.memory.load(UInt32.self, from: sp &+ 80),
                  let extramask = try? d.memory.load(UInt32.self, from: sp &+ 712) else {
                d.pointerValue(sp)
                return .done()
            }
            d.beginStructure()
            d.field("mask")
            d.signalMaskValue(UInt64(extramask) << 32 | UInt64(oldmask), bytes: 8)
            d.endStructure()
            return .done()
        }),
        // rt_sigreturn: uc_sigmask of i386's rt_sigframe, which starts a
        // word below the stack pointer (pretcode, sig, pinfo, puc, a 128-byte
        // siginfo, then the ucontext with its mask at 108).
        ("rt_sigreturn", SyscallDecoder { d in
            d.next()
            d.beginStructure()
            d.field("mask")
            d.signalSet(at: (d.stackPointer & 0xffff_ffff) &- 4 &+ 252, length: 8)
            d.endStructure()
            return .done()
        }),
        // keyctl: x86_64's, but KEYCTL_INSTANTIATE_IOV's vector is of i386's iovecs.
        ("keyctl", SyscallDecoder(entry: { d in
            guard d.keyctlCommand == Constants.KEYCTL_INSTANTIATE_IOV else { return d.keyctlEntry() }
            d.next()
            d.ipcNamedValue(Constants.KEYCTL_INSTANTIATE_IOV, bits: UInt64(UInt32(bitPattern: d.int(0))),
                            Constants.keyctlCommands, unknown: "KEYCTL_???")
            d.keySerial(1)
            d.compatIovec(2, count: 3, data: -1)
            d.unsignedLong(3)
            d.keySerial(4)
            return .done()
        }, exit: { d in d.keyctlExit() })),
        // modify_ldt(func, ptr, bytecount): ptr a user_desc when bytecount is its size.
        ("modify_ldt", SyscallDecoder { d in
            d.decimal(0)
            d.next()
            if d.arg(2) != 16 { d.pointerValue(d.arg(1)) } else { d.userDesc(at: d.arg(1)) }
            d.unsignedLong(2)
            return .done()
        }),
        // oldstat, oldlstat, oldfstat: i386's struct __old_kernel_stat.
        ("oldstat", SyscallDecoder(entry: { d in
            d.path(0)
            return .atExit
        }, exit: { d in
            d.compatStat(1, layout: .old)
            return .decimal
        })),
        ("oldlstat", SyscallDecoder(entry: { d in
            d.path(0)
            return .atExit
        }, exit: { d in
            d.compatStat(1, layout: .old)
            return .decimal
        })),
        ("oldfstat", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.compatStat(1, layout: .old)
            return .decimal
        })),
        // stat, lstat, fstat: i386's struct stat (32-bit fields, 16-bit mode and ids).
        ("stat", oldStatDecoder(.path)),
        ("lstat", oldStatDecoder(.path)),
        ("fstat", oldStatDecoder(.fd)),
        // execve: argv and envp are arrays of 4-byte pointers.
        ("execve", SyscallDecoder { d in
            d.path(0)
            d.compatStringArray(1)
            d.compatEnvironment(2)
            return .done()
        }),
        // rt_sigaction with i386's struct sigaction (4-byte handler, flags, restorer).
        ("rt_sigaction", SyscallDecoder(entry: { d in
            d.signalArgument(0)
            d.next()
            d.compatSigaction(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.compatSigaction(at: $1) }
            d.unsignedLong(3)
            return .decimal
        })),
        ("sigaltstack", SyscallDecoder(entry: { d in
            d.next()
            d.compatAltStack(at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.output(1) { $0.compatAltStack(at: $1) }
            return .decimal
        })),
        // The calls with a 32-bit time_t (their time64 twins are x86_64's).
        ("clock_gettime", compatClockRead),
        ("clock_getres", compatClockRead),
        ("clock_settime", SyscallDecoder { d in
            d.clockID(0)
            d.next()
            d.timespec32(at: d.arg(1))
            return .done()
        }),
        ("nanosleep", SyscallDecoder(entry: { d in
            d.next()
            d.timespec32(at: d.arg(0))
            return .atExit
        }, exit: { d in
            d.remainingTime32(1)
            return .decimal
        })),
        ("clock_nanosleep", SyscallDecoder(entry: { d in
            d.clockID(0)
            d.flags(1, Constants.timerFlags, unknown: "TIMER_???")
            d.next()
            d.timespec32(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.remainingTime32(3)
            return .decimal
        })),
        ("gettimeofday", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.timeval32(at: $1) }
            d.output(1) { $0.timezone(at: $1) }
            return .decimal
        })),
        // fcntl and fcntl64: the lock commands read i386's flock layouts.
        ("fcntl", compatFcntl(flock64: false)),
        ("fcntl64", compatFcntl(flock64: true)),
        // set_thread_area: i386's user_desc; `= 0 (entry_number=12)`.
        ("set_thread_area", SyscallDecoder(entry: { d in
            d.next()
            d.userDesc(at: d.arg(0))
            return .resultAtExit
        }, exit: { d in
            guard !d.failed, d.memory.dereferences,
                  let entry = try? d.memory.load(UInt32.self, from: d.arg(0)) else { return .decimal }
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" (entry_number=")
                out.append(decimal: entry)
                out.append(")")
            }
            return .custom
        })),
        // The vector calls: i386's 8-byte iovec; 64-bit offsets split in two registers.
        ("readv", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.compatIovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            return .decimal
        })),
        ("writev", SyscallDecoder { d in
            d.fd(0)
            d.compatIovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            return .done()
        }),
        ("preadv", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.compatIovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.splitOffset(3)
            return .decimal
        })),
        ("pwritev", SyscallDecoder { d in
            d.fd(0)
            d.compatIovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.splitOffset(3)
            return .done()
        }),
        ("preadv2", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.compatIovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.splitOffset(3)
            d.flags(5, DataCallDecoders.rwFlags, unknown: "RWF_???")
            return .decimal
        })),
        ("pwritev2", SyscallDecoder { d in
            d.fd(0)
            d.compatIovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.splitOffset(3)
            d.flags(5, DataCallDecoders.rwFlags, unknown: "RWF_???")
            return .done()
        }),
        ("pread64", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.splitOffset(3)
            return .decimal
        })),
        ("pwrite64", SyscallDecoder { d in
            d.fd(0)
            d.buffer(1, length: Int(min(d.arg(2), UInt64(Int32.max))))
            d.unsignedLong(2)
            d.splitOffset(3)
            return .done()
        }),
        // Interval timers and resource usage with i386's 32-bit timeval and longs.
        ("getitimer", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.intervalTimers, unknown: "ITIMER_???")
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerval32(at: $1) }
            return .decimal
        })),
        ("setitimer", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.intervalTimers, unknown: "ITIMER_???")
            d.next()
            d.itimerval32(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { $0.itimerval32(at: $1) }
            return .decimal
        })),
        ("getrusage", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.rusageWho, unknown: "RUSAGE_???")
            return .atExit
        }, exit: { d in
            d.output(1) { $0.rusage32(at: $1) }
            return .decimal
        })),
        // File system status: i386's struct statfs (32-bit fields) and packed struct statfs64.
        ("statfs", compatStatfs(.path, wide: false)),
        ("fstatfs", compatStatfs(.fd, wide: false)),
        ("statfs64", compatStatfs(.path, wide: true)),
        ("fstatfs64", compatStatfs(.fd, wide: true)),
        // Resource limits with i386's 32-bit struct rlimit (RLIM_INFINITY is 0xffffffff).
        ("getrlimit", compatGetrlimit),
        ("ugetrlimit", compatGetrlimit),
        ("setrlimit", SyscallDecoder { d in
            d.resource(0)
            d.next()
            d.rlimit32(at: d.arg(1))
            return .done()
        }),
        // clone(flags, stack, parent_tid, tls, child_tid): i386's order; the
        // tls a user_desc, printed before child_tidptr as strace does.
        ("clone", SyscallDecoder(entry: { d in
            d.argumentNames = []
            d.labeledArgument("child_stack")
            d.pointerValue(d.arg(1))
            d.labeledArgument("flags")
            d.compatCloneFlags(d.arg(0) & 0xffff_ffff)
            return .atExit
        }, exit: { d in
            d.argumentNames = []
            let flags = d.arg(0)
            // CLONE_PIDFD stores the pidfd where parent_tid points.
            if flags & UInt64(Constants.CLONE_PARENT_SETTID | Constants.CLONE_PIDFD) != 0 {
                d.labeledArgument("parent_tid")
                if d.failed {
                    d.pointerValue(d.arg(2))
                } else if let tid = try? d.memory.load(Int32.self, from: d.arg(2)) {
                    d.beginArray()
                    d.signedValue(tid)
                    d.endArray()
                } else if d.arg(2) == 0 {
                    d.pointerValue(0)
                } else {
                    d.unreadable(d.arg(2))
                }
            }
            if flags & UInt64(Constants.CLONE_SETTLS) != 0 {
                d.labeledArgument("tls")
                if d.failed { d.pointerValue(d.arg(3)) } else { d.userDesc(at: d.arg(3)) }
            }
            if flags & (UInt64(Constants.CLONE_CHILD_SETTID) | UInt64(Constants.CLONE_CHILD_CLEARTID)) != 0 {
                d.labeledArgument("child_tidptr")
                d.pointerValue(d.arg(4))
            }
            return .pid
        })),
        // 16-bit group lists.
        ("getgroups", SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.int(0) == 0 || d.failed {
                d.pointerValue(d.arg(1))
            } else {
                d.id16Array(at: d.arg(1), count: Int(d.result))
            }
            return .decimal
        })),
        ("setgroups", SyscallDecoder { d in
            d.decimal(0)
            d.next()
            // More than the kernel accepts: the address, as strace prints it.
            guard UInt32(truncatingIfNeeded: d.arg(0)) <= UInt32(NGROUPS_MAX) else { d.pointerValue(d.arg(1)); return .done() }
            d.id16Array(at: d.arg(1), count: Int(d.int(0)))
            return .done()
        }),
        // sendfile with a 32-bit off_t: `[0] => [3]`.
        ("sendfile", SyscallDecoder(entry: { d in
            d.fd(0)
            d.fd(1)
            d.next()
            d.beginOffsetPair()
            guard d.uint32Element(at: d.arg(2)) else {
                d.endOffsetPair()
                d.unsignedLong(3)
                return .done()
            }
            return .continuesAtExit
        }, exit: { d in
            if !d.failed && d.result != 0 {
                d.offsetPairSeparator()
                d.uint32Element(at: d.arg(2))
            }
            d.endOffsetPair()
            d.unsignedLong(3)
            return .decimal
        })),
        // timerfd with i386's 32-bit itimerspec.
        ("timerfd_settime", SyscallDecoder(entry: { d in
            d.fd(0)
            d.flags(1, Constants.timerfdFlags, unknown: "TFD_???")
            d.next()
            d.itimerspec32(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.output(3) { $0.itimerspec32(at: $1) }
            return .decimal
        })),
        ("timerfd_gettime", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerspec32(at: $1) }
            return .decimal
        })),
        ("sysinfo", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.sysinfo32(at: $1) }
            return .decimal
        })),
        // 64-bit offsets and lengths split across two registers (low word first).
        ("truncate64", SyscallDecoder { d in
            d.path(0)
            d.splitOffset(1, unsigned: true)
            return .done()
        }),
        ("ftruncate64", SyscallDecoder { d in
            d.fd(0)
            d.splitOffset(1, unsigned: true)
            return .done()
        }),
        ("fadvise64", SyscallDecoder { d in
            d.fd(0)
            d.splitOffset(1)
            d.unsignedLong(3)
            d.next()
            d.namedValue(Int64(d.int(4)), Constants.fadviseAdvice, unknown: "POSIX_FADV_???")
            return .done()
        }),
        ("fadvise64_64", SyscallDecoder { d in
            d.fd(0)
            d.splitOffset(1)
            d.splitOffset(3)
            d.next()
            d.namedValue(Int64(d.int(5)), Constants.fadviseAdvice, unknown: "POSIX_FADV_???")
            return .done()
        }),
        ("fallocate", SyscallDecoder { d in
            d.fd(0)
            d.flags(1, Constants.fallocateModes, unknown: "FALLOC_FL_???")
            d.splitOffset(2)
            d.splitOffset(4)
            return .done()
        }),
        ("readahead", SyscallDecoder { d in
            d.fd(0)
            d.splitOffset(1)
            d.unsignedLong(3)
            return .done()
        }),
        // The old signal calls: 32-bit masks, as strace prints them (`~[...]`
        // from 21 signals on).
        ("sigprocmask", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.sigprocmaskHow, unknown: "SIG_???")
            d.next()
            d.signalSet32(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(2)) } else { d.signalSet32(at: d.arg(2)) }
            return .decimal
        })),
        ("sigpending", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(0)) } else { d.signalSet32(at: d.arg(0)) }
            return .decimal
        })),
        ("sigsuspend", SyscallDecoder { d in
            d.next()
            d.signalSet32Value(UInt32(truncatingIfNeeded: d.arg(2)))
            return .done()
        }),
        ("ssetmask", SyscallDecoder(entry: { d in
            d.next()
            d.signalSet32Value(UInt32(truncatingIfNeeded: d.arg(0)))
            return .resultAtExit
        }, exit: { d in
            d.oldMaskResult(prefix: "old mask ")
        })),
        ("sgetmask", SyscallDecoder(entry: { _ in .resultAtExit }, exit: { d in
            d.oldMaskResult(prefix: "mask ")
        })),
        // sigaction with i386's old struct sigaction (a 32-bit mask), and signal.
        ("sigaction", SyscallDecoder(entry: { d in
            d.signalArgument(0)
            d.next()
            d.oldSigaction(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(2)) } else { d.oldSigaction(at: d.arg(2)) }
            return .decimal
        })),
        ("signal", SyscallDecoder(entry: { d in
            d.signalArgument(0)
            d.next()
            d.handlerValue(d.arg(1))
            return .resultAtExit
        }, exit: { d in
            guard !d.failed else { return .decimal }
            d.resultPrinter = { value, out in
                let handler = UInt64(UInt32(truncatingIfNeeded: value))
                if handler == 0 { out.append("0") } else { out.append(hex: handler) }
                if handler == 0 { out.append(" (SIG_DFL)") } else if handler == 1 { out.append(" (SIG_IGN)") }
            }
            return .custom
        })),
        // socketcall(call, args): printed as its sub-call, with the arguments
        // the array holds, as strace prints it.
        ("socketcall", SyscallDecoder(entry: { d in d.socketcallEntry() }, exit: { d in d.socketcallExit() })),
        // sendmsg and recvmsg with i386's 28-byte msghdr, iovecs and cmsghdrs.
        ("sendmsg", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.compatMsghdr(at: d.arg(1), data: -1, output: false)
            d.messageFlags(2)
            return .done()
        }),
        ("recvmsg", SyscallDecoder(entry: { d in
            d.fd(0)
            // msg_namelen is value-result: remember what went in (the
            // address, printed now, when the header is unreadable).
            guard d.arg(1) != 0, d.memory.dereferences,
                  let namelen = try? d.memory.load(Int32.self, from: d.arg(1) &+ 4) else {
                d.pointer(1)
                d.messageFlags(2)
                return .done()
            }
            d.saved = Int64(namelen)
            return .atExit
        }, exit: { d in
            let namelen = Int32(truncatingIfNeeded: d.saved ?? 0)
            d.next()
            if d.failed {
                d.beginStructure(); d.field("msg_namelen"); d.signedValue(namelen); d.endStructure()
            } else {
                d.compatMsghdr(at: d.arg(1), data: Int(d.result), output: true, userNameLength: namelen)
            }
            d.messageFlags(2)
            return .decimal
        })),
        // select and pselect6: fd sets as x86_64's; i386's sigmask argument
        // (two 4-byte words) and, but for pselect6_time64, 32-bit times.
        ("_newselect", SyscallDecoder(entry: { d in
            d.selectEntry(timeval: true)
            d.next()
            d.timeval32(at: d.arg(4))
            return .resultAtExit
        }, exit: { d in
            d.compatSelectResult(time: .timeval32)
            return .custom
        })),
        ("pselect6", SyscallDecoder(entry: { d in
            d.selectEntry(timeval: false)
            d.next()
            d.timespec32(at: d.arg(4))
            d.next()
            d.pselectMask32(at: d.arg(5))
            return .resultAtExit
        }, exit: { d in
            d.compatSelectResult(time: .timespec32)
            return .custom
        })),
        ("pselect6_time64", SyscallDecoder(entry: { d in
            d.selectEntry(timeval: false)
            d.next()
            d.timespec(at: d.arg(4))
            d.next()
            d.pselectMask32(at: d.arg(5))
            return .resultAtExit
        }, exit: { d in
            d.compatSelectResult(time: .timespec64)
            return .custom
        })),
        // futex with a 32-bit timespec (futex_time64 is x86_64's).
        ("futex", SyscallDecoder { d in d.compatFutex() }),
        // seccomp: SECCOMP_SET_MODE_FILTER's sock_fprog has a 4-byte filter pointer.
        ("seccomp", SyscallDecoder(entry: { d in d.compatSeccompEntry() }, exit: { d in d.seccompExit() })),
        // AIO: aio_context_t is an unsigned long, io_submit's iocbs an
        // array of 4-byte pointers, the timeouts 32-bit timespecs (64-bit
        // for io_pgetevents_time64), io_pgetevents' signal argument two
        // 4-byte words. iocb and io_event are the same in both ABIs.
        ("io_setup", SyscallDecoder(entry: { d in
            d.unsigned(0)
            return .atExit
        }, exit: { d in
            d.output(1) { d, address in d.storedPointer32(at: address) }
            return .decimal
        })),
        ("io_submit", SyscallDecoder { d in
            d.pointer(0)
            d.long(1)
            d.next()
            let count = d.signedLong(1)
            if count < 0 {
                d.pointerValue(d.arg(2))
            } else {
                d.kernelArray(at: d.arg(2), count: UInt64(count), size: 4) { d, raw in
                    d.ioControlBlock(at: UInt64(Decoding.word(raw, at: 0, as: UInt32.self)))
                }
            }
            return .done()
        }),
        ("io_getevents", SyscallDecoder(entry: { d in d.ioGetEventsEntry() }, exit: { d in
            d.compatIoGetEventsExit(signals: false, time64: false)
        })),
        ("io_pgetevents", SyscallDecoder(entry: { d in d.ioGetEventsEntry() }, exit: { d in
            d.compatIoGetEventsExit(signals: true, time64: false)
        })),
        ("io_pgetevents_time64", SyscallDecoder(entry: { d in d.ioGetEventsEntry() }, exit: { d in
            d.compatIoGetEventsExit(signals: true, time64: true)
        })),
        // io_uring_register: IORING_REGISTER_BUFFERS passes i386's 8-byte
        // iovecs; the other operations' structures are fixed-width.
        ("io_uring_register", SyscallDecoder(entry: { d in
            guard Int64(d.arg(1) & 0xffff_ffff) == Constants.IORING_REGISTER_BUFFERS else {
                return DecoderTable.nativeDecoder(.io_uring_register)?.entry(&d) ?? .done()
            }
            d.fd(0)
            d.next()
            d.xlatValue(d.arg(1) & 0xffff_ffff, Constants.ioUringRegisterOperations, unknown: "IORING_REGISTER_???")
            d.next()
            d.iovecArray(at: d.arg(2), count: d.arg(3) & 0xffff_ffff, data: nil)
            d.unsigned(3)
            return .done()
        }, exit: { d in
            DecoderTable.nativeDecoder(.io_uring_register)?.exit?(&d) ?? .decimal
        })),
        // ptrace: the native decoder but for requests with longs, iovecs,
        // siginfo or registers, which have i386's layouts.
        ("ptrace", SyscallDecoder(entry: { d in d.compatPtraceEntry() }, exit: { d in d.compatPtraceExit() })),
        // kexec_load with i386's 16-byte struct kexec_segment.
        ("kexec_load", SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.next()
            d.kexecSegments32(at: d.arg(2), count: d.arg(1))
            d.next()
            d.kexecLoadFlags32(d.arg(3))
            return .done()
        }),
        // select(args): i386's old select, its five arguments in an array.
        ("select", SyscallDecoder(entry: { d in
            guard let arguments = d.oldSelectArguments() else {
                d.pointer(0)
                return .done()
            }
            d.arguments = arguments
            d.selectEntry(timeval: true)
            d.next()
            d.timeval32(at: d.arg(4))
            return .resultAtExit
        }, exit: { d in
            guard let arguments = d.oldSelectArguments() else { return .decimal }
            d.arguments = arguments
            d.compatSelectResult(time: .timeval32)
            return .custom
        })),
        // mmap(args): i386's old mmap, its six arguments in an array.
        ("mmap", SyscallDecoder { d in
            guard let words = try? d.memory.remote.load((UInt32, UInt32, UInt32, UInt32, UInt32, UInt32).self, from: d.arg(0)),
                  let nativeNumber = Syscall.mmap.number(in: .native),
                  let mmap = DecoderTable.decoder(for: nativeNumber, arch: .native) else {
                d.pointer(0)
                return .done(.hex)
            }
            d.arguments = SyscallArguments(UInt64(words.0), UInt64(words.1), UInt64(words.2),
                                           UInt64(words.3), UInt64(words.4), UInt64(words.5))
            return mmap.entry(&d)
        }),
        // The siginfo calls with i386's siginfo (its union at offset 12, 4-byte longs and pointers).
        ("waitid", SyscallDecoder(entry: { d in
            d.next()
            d.namedValue(Int64(d.int(0)), Constants.waitidTypes, unknown: "P_???")
            if d.int(0) == P_PID.rawValue { d.pid(1) } else { d.decimal(1) }
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(2) == 0 {
                d.pointerValue(d.arg(2))
            } else if let raw = d.compatSiginfo(at: d.arg(2)) {
                // WNOHANG with nothing to report leaves an empty siginfo.
                if raw.si_signo == 0 { d.beginStructure(); d.endStructure() } else { d.signalInfoValue(SignalInfo(raw)) }
            } else {
                d.unreadable(d.arg(2))
            }
            d.waitOptions(3)
            d.output(4) { $0.rusage32(at: $1) }
            return .decimal
        })),
        ("rt_sigtimedwait", compatSigtimedwait(time64: false)),
        ("rt_sigtimedwait_time64", compatSigtimedwait(time64: true)),
        ("rt_sigqueueinfo", SyscallDecoder { d in
            d.pid(0)
            d.signalArgument(1)
            d.next()
            d.compatSiginfoArgument(at: d.arg(2))
            return .done()
        }),
        ("rt_tgsigqueueinfo", SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.signalArgument(2)
            d.next()
            d.compatSiginfoArgument(at: d.arg(3))
            return .done()
        }),
        // nice(inc): strace prints its argument as a decimal int.
        ("nice", SyscallDecoder { d in d.decimal(0); return .done() }),
        // umount(path): i386's oldumount.
        ("umount", SyscallDecoder { d in d.path(0); return .done() }),
        // stime(&t): printed as time's argument is.
        ("stime", compatTime),
        // times(&tms) with i386's 32-bit clock_t.
        ("times", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { $0.processTimes32(at: $1) }
            return .decimal
        })),
        // The old file-time calls with i386's 32-bit utimbuf and timevals.
        ("utime", SyscallDecoder { d in
            d.path(0)
            d.next()
            d.utimbuf32(at: d.arg(1))
            return .done()
        }),
        ("utimes", SyscallDecoder { d in
            d.path(0)
            d.next()
            d.timevalPair32(at: d.arg(1))
            return .done()
        }),
        ("futimesat", SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.next()
            d.timevalPair32(at: d.arg(2))
            return .done()
        }),
        ("settimeofday", SyscallDecoder { d in
            d.next()
            d.timeval32(at: d.arg(0))
            d.next()
            d.timezone(at: d.arg(1))
            return .done()
        }),
        ("sched_rr_get_interval", SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.timespec32(at: $1) }
            return .decimal
        })),
        // POSIX timers with i386's 32-bit itimerspec.
        ("timer_settime", SyscallDecoder(entry: { d in
            d.decimal(0)
            d.flags(1, Constants.timerFlags, unknown: "TIMER_???")
            d.next()
            d.itimerspec32(at: d.arg(2))
            return .atExit
        }, exit: { d in
            d.output(3) { $0.itimerspec32(at: $1) }
            return .decimal
        })),
        ("timer_gettime", SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.output(1) { $0.itimerspec32(at: $1) }
            return .decimal
        })),
        // ppoll with a 32-bit timespec (ppoll_time64 is x86_64's).
        ("ppoll", SyscallDecoder(entry: { d in
            d.next()
            d.pollfds(at: d.arg(0), count: d.arg(1) & 0xffff_ffff)
            d.unsigned(1)
            d.next()
            d.timespec32(at: d.arg(2))
            d.next()
            d.compatSignalSet(at: d.arg(3), length: d.arg(4))
            d.unsignedLong(4)
            return .resultAtExit
        }, exit: { d in
            d.compatPpollResult()
            return .custom
        })),
        // POSIX message queues with a 32-bit timespec (the _time64 calls are x86_64's).
        ("mq_timedsend", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.sizedBytes(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.unsigned(3)
            d.next()
            d.timespec32(at: d.arg(4))
            return .done()
        }),
        ("mq_timedreceive", SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            d.next()
            if d.arg(3) == 0 || d.failed {
                d.pointerValue(d.arg(3))
            } else if let priority = try? d.memory.load(UInt32.self, from: d.arg(3)) {
                d.beginArray()
                d.unsignedValue(priority)
                d.endArray()
            } else {
                d.unreadable(d.arg(3))
            }
            d.next()
            d.timespec32(at: d.arg(4))
            return .decimal
        })),
        // adjtimex and clock_adjtime with i386's struct timex (32-bit longs);
        // clock_adjtime64 is x86_64's.
        ("adjtimex", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.adjtimexExit(buffer: 0)
        })),
        ("clock_adjtime", SyscallDecoder(entry: { d in
            d.clockID(0)
            return .atExit
        }, exit: { d in
            d.adjtimexExit(buffer: 1)
        })),
        // sync_file_range(fd, offset, nbytes, flags): 64-bit values in register pairs.
        ("sync_file_range", SyscallDecoder { d in
            d.fd(0)
            d.splitOffset(1)
            d.splitOffset(3)
            d.flags(5, Constants.syncFileRangeFlags, unknown: "SYNC_FILE_RANGE_???")
            return .done()
        }),
        // fanotify_mark and lookup_dcookie: a 64-bit value in a register pair,
        // joined and handed to x86_64's decoder.
        ("fanotify_mark", SyscallDecoder { d in
            d.arguments = SyscallArguments(d.arg(0), d.arg(1), d.joinedPair(2), d.arg(4), d.arg(5), 0)
            return DecoderTable.nativeDecoder(.fanotify_mark)?.entry(&d) ?? .done()
        }),
        ("lookup_dcookie", SyscallDecoder(entry: { d in
            d.arguments = SyscallArguments(d.joinedPair(0), d.arg(2), d.arg(3), 0, 0, 0)
            return DecoderTable.nativeDecoder(.lookup_dcookie)?.entry(&d) ?? .done()
        }, exit: { d in
            d.arguments = SyscallArguments(d.joinedPair(0), d.arg(2), d.arg(3), 0, 0, 0)
            return DecoderTable.nativeDecoder(.lookup_dcookie)?.exit?(&d) ?? .decimal
        })),
        // timer_create and mq_notify with i386's 20-byte struct sigevent.
        ("timer_create", SyscallDecoder(entry: { d in
            d.clockID(0)
            d.next()
            d.compatSigevent(at: d.arg(1))
            return .atExit
        }, exit: { d in
            d.output(2) { d, address in
                guard let id = try? d.memory.load(Int32.self, from: address) else { d.unreadable(address); return }
                d.beginArray()
                d.signedValue(id)
                d.endArray()
            }
            return .decimal
        })),
        ("mq_notify", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.compatSigevent(at: d.arg(1))
            return .done()
        }),
        // mq_open and mq_getsetattr with i386's struct mq_attr (32-bit longs).
        ("mq_open", SyscallDecoder { d in
            d.path(0)
            d.next()
            d.mqOpenFlagsValue(d.arg(1))
            if d.arg(1) & UInt64(Constants.O_CREAT) != 0 {
                d.mode(2)
                d.next()
                d.mqAttributes32(at: d.arg(3), namedFlags: false)
            }
            return .done(.fd)
        }),
        ("mq_getsetattr", SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            d.mqAttributes32(at: d.arg(1), namedFlags: true)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed { d.pointerValue(d.arg(2)) } else { d.mqAttributes32(at: d.arg(2), namedFlags: true) }
            return .decimal
        })),
        // NUMA calls with i386's node masks (32-bit words) and page arrays (4-byte pointers).
        ("mbind", SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.mempolicyMode(d.arg(2))
            d.next()
            d.nodeMask32(at: d.arg(3), maxNodes: d.arg(4))
            d.unsignedLong(4)
            d.next()
            d.straceFlagsValue(d.arg(5), Constants.mbindFlags, unknown: "MPOL_???")
            return .done()
        }),
        ("set_mempolicy", SyscallDecoder { d in
            d.mempolicyMode(d.arg(0) & 0xffff_ffff)
            d.next()
            d.nodeMask32(at: d.arg(1), maxNodes: d.arg(2))
            d.unsignedLong(2)
            return .done()
        }),
        ("get_mempolicy", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { d, address in
                guard let mode = try? d.memory.load(Int32.self, from: address) else { d.unreadable(address); return }
                d.beginArray()
                d.straceNamedValue(UInt64(UInt32(bitPattern: mode)), Constants.mempolicyModes, unknown: "MPOL_???")
                d.endArray()
            }
            d.next()
            if d.failed { d.pointerValue(d.arg(1)) } else { d.nodeMask32(at: d.arg(1), maxNodes: d.arg(2)) }
            d.unsignedLong(2)
            d.pointer(3)
            d.next()
            d.straceFlagsValue(d.arg(4), Constants.getMempolicyFlags, unknown: "MPOL_???")
            return .decimal
        })),
        ("migrate_pages", SyscallDecoder { d in
            d.pid(0)
            d.unsignedLong(1)
            d.next()
            d.nodeMask32(at: d.arg(2), maxNodes: d.arg(1))
            d.next()
            d.nodeMask32(at: d.arg(3), maxNodes: d.arg(1))
            return .done()
        }),
        ("move_pages", SyscallDecoder(entry: { d in
            d.pid(0)
            d.unsignedLong(1)
            d.next()
            d.remoteArray(at: d.arg(2), count: d.arg(1), elementSize: 4) { d, element in d.pointerValue(element) }
            d.next()
            d.remoteArray(at: d.arg(3), count: d.arg(1), elementSize: 4) { d, element in
                d.signedValue(Int32(truncatingIfNeeded: element))
            }
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed {
                d.pointerValue(d.arg(4))
            } else {
                d.remoteArray(at: d.arg(4), count: d.arg(1), elementSize: 4) { d, element in
                    d.pageStatusValue(Int32(truncatingIfNeeded: element))
                }
            }
            d.next()
            d.straceFlagsValue(d.arg(5), Constants.movePagesFlags, unknown: "MPOL_???")
            return .decimal
        })),
        // get_robust_list: the head pointer and length as 4-byte words.
        ("get_robust_list", SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.output(1) { d, address in
                guard address != 0 else { d.pointerValue(0); return }
                guard let value = try? d.memory.load(UInt32.self, from: address) else { d.unreadable(address); return }
                d.beginArray(); d.pointerValue(UInt64(value)); d.endArray()
            }
            d.output(2) { d, address in
                guard address != 0 else { d.pointerValue(0); return }
                guard let value = try? d.memory.load(UInt32.self, from: address) else { d.unreadable(address); return }
                d.beginArray(); d.unsignedValue(value); d.endArray()
            }
            return .decimal
        })),
        // The iovec calls with i386's 8-byte iovec.
        ("vmsplice", SyscallDecoder { d in
            d.fd(0)
            d.compatIovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.flags(3, Constants.spliceMoveFlags, unknown: "SPLICE_F_???")
            return .done()
        }),
        ("process_vm_readv", SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.compatIovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.compatIovec(3, count: 4, data: nil)
            d.unsignedLong(4)
            d.unsignedLong(5)
            return .decimal
        })),
        ("process_vm_writev", SyscallDecoder { d in
            d.pid(0)
            d.compatIovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.compatIovec(3, count: 4, data: nil)
            d.unsignedLong(4)
            d.unsignedLong(5)
            return .done()
        }),
        ("process_madvise", SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.addressIovecArray32(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.next()
            d.straceNamedValue(d.arg(3) & 0xffff_ffff, Constants.madviseAdvice, unknown: "MADV_???")
            d.hex(4)
            return .done()
        }),
        // execveat: argv and envp as arrays of 4-byte pointers.
        ("execveat", SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.compatStringArray(2)
            d.compatEnvironment(3)
            d.flags(4, Constants.pathAtFlags, unknown: "AT_???")
            return .done()
        }),
        // pidfd_send_signal with i386's siginfo.
        ("pidfd_send_signal", SyscallDecoder { d in
            d.fd(0)
            d.signalArgument(1)
            d.next()
            d.compatSiginfoArgument(at: d.arg(2))
            d.next()
            d.hexValue(UInt64(UInt32(truncatingIfNeeded: d.arg(3))))
            return .done()
        }),
        // ipc(call, first, second, third, ptr, fifth): printed as its sub-call
        // (semop(...)), with the argument order strace gives each.
        ("ipc", SyscallDecoder(entry: { d in d.ipcEntry() }, exit: { d in d.ipcExit() })),
        // The *ctl calls with i386's IPC_64 structures (4-byte longs and times).
        ("semctl", SyscallDecoder(entry: { d in d.compatSemctlEntry(indirect: false) },
                                  exit: { d in d.compatSemctlExit(indirect: false) })),
        ("shmctl", SyscallDecoder(entry: { d in d.compatShmctlEntry(buffer: 2) },
                                  exit: { d in d.compatShmctlExit(buffer: 2) })),
        ("msgctl", SyscallDecoder(entry: { d in d.compatMsgctlEntry(buffer: 2) },
                                  exit: { d in d.compatMsgctlExit(buffer: 2) })),
        // msgsnd and msgrcv with i386's struct msgbuf (a 4-byte mtype).
        ("msgsnd", SyscallDecoder { d in
            d.decimal(0)
            d.next()
            d.messageBuffer32(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.next()
            d.ipcFlagsValue(d.arg(3), Constants.ipcMessageFlags, unknown: "MSG_???")
            return .done()
        }),
        ("msgrcv", SyscallDecoder(entry: { d in
            d.decimal(0)
            return .atExit
        }, exit: { d in
            d.next()
            d.messageBuffer32(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.long(3)
            d.next()
            d.ipcFlagsValue(d.arg(4), Constants.ipcMessageFlags, unknown: "MSG_???")
            return .decimal
        })),
        // utimensat with i386's 32-bit timespecs (utimensat_time64 is x86_64's).
        ("utimensat", SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.utimes32(2)
            d.flags(3, Constants.utimensatFlags, unknown: "AT_???")
            return .done()
        }),
    ]

    /// rt_sigtimedwait: i386's siginfo; its timeout 32-bit unless `time64`.
    static func compatSigtimedwait(time64: Bool) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.next()
            d.compatSignalSet(at: d.arg(0), length: d.arg(3))
            return .atExit
        }, exit: { d in
            d.output(1) { $0.compatSiginfoArgument(at: $1) }
            d.next()
            if time64 { d.timespec(at: d.arg(2)) } else { d.timespec32(at: d.arg(2)) }
            d.unsignedLong(3)
            guard !d.failed else { return .decimal }
            // The result is the signal: `10 (SIGUSR1)`.
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" (")
                out.append(Signal(rawValue: CInt(truncatingIfNeeded: value)))
                out.append(")")
            }
            return .custom
        })
    }

    /// recvmmsg and recvmmsg_time64 of an i386 tracee (`time64`: a 64-bit timespec).
    static func compatRecvmmsg(time64: Bool) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.fd(0)
            guard d.memory.dereferences else {
                d.pointer(1)
                d.unsigned(2)
                d.messageFlags(3)
                d.next()
                if time64 { d.timespec(at: d.arg(4)) } else { d.timespec32(at: d.arg(4)) }
                return .done()
            }
            // The timeout as it went in (the kernel rewrites it): both halves
            // packed in `saved` when they fit in 32 bits.
            if d.arg(4) != 0 {
                if time64, let value = try? d.memory.load((Int64, UInt64).self, from: d.arg(4)),
                   let seconds = Int32(exactly: value.0), let nanoseconds = UInt32(exactly: value.1) {
                    d.saved = Int64(bitPattern: UInt64(UInt32(bitPattern: seconds)) << 32 | UInt64(nanoseconds))
                } else if !time64, let value = try? d.memory.load((Int32, UInt32).self, from: d.arg(4)) {
                    d.saved = Int64(bitPattern: UInt64(UInt32(bitPattern: value.0)) << 32 | UInt64(value.1))
                }
            }
            return .atExit
        }, exit: { d in
            func timeout(_ d: inout Decoding) {
                d.next()
                if let saved = d.saved {
                    let bits = UInt64(bitPattern: saved)
                    d.timespecValue(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bits >> 32))), Int64(bits & 0xffff_ffff))
                } else if time64 {
                    d.timespec(at: d.arg(4))
                } else {
                    d.timespec32(at: d.arg(4))
                }
            }
            d.next()
            guard !d.failed else {
                // The vector is read only after a success (its length is the result).
                d.pointerValue(d.arg(1))
                d.unsigned(2)
                d.messageFlags(3)
                timeout(&d)
                return .decimal
            }
            let count = UInt64(bitPattern: d.result) & 0xffff_ffff
            d.mmsghdrs32(at: d.arg(1), count: count, lengthsShown: count, useLengths: true)
            d.unsigned(2)
            d.messageFlags(3)
            timeout(&d)
            var suffix = OutputBuffer(capacity: 64)
            if d.result == 0 {
                suffix.append(" (Timeout)")
            } else if d.arg(4) != 0 {
                suffix.append(" (left ")
                d.unrecorded(into: &suffix) { if time64 { $0.timespec(at: $0.arg(4)) } else { $0.timespec32(at: $0.arg(4)) } }
                suffix.append(")")
            }
            let text = suffix
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(bytes: text.contents)
            }
            return .custom
        })
    }

    /// clone's flag names as strace's -X verbose comment gives them: without
    /// CLONE_DETACHED (which the kernel ignores), printed as an unknown bit.
    static let cloneFlagsWithoutDetached = Constants.cloneFlags.filter { $0.name.description != "CLONE_DETACHED" }

    /// time(&t) and stime(&t) with a 32-bit time_t: `[1700000000]`.
    static let compatTime = SyscallDecoder(entry: { _ in .atExit }, exit: { d in
        d.output(0) { d, address in
            guard let value = d.load(Int32.self, 0) else { return }
            d.beginArray()
            d.signedValue(value)
            d.endArray()
        }
        return .decimal
    })

    static let compatGetrlimit = SyscallDecoder(entry: { d in
        d.resource(0)
        return .atExit
    }, exit: { d in
        d.output(1) { $0.rlimit32(at: $1) }
        return .decimal
    })

    /// statfs and fstatfs (`wide`: statfs64 and fstatfs64, whose second
    /// argument is the structure's size).
    static func compatStatfs(_ file: FileArgument, wide: Bool) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            if wide { d.unsignedLong(1) }
            return .atExit
        }, exit: { d in
            d.compatStatfs(wide ? 2 : 1, wide: wide)
            return .decimal
        })
    }

    /// fcntl and fcntl64 of an i386 tracee: F_GETLK/F_SETLK/F_SETLKW read
    /// i386's 16-byte `struct flock` (32-bit offsets), the OFD lock commands
    /// its packed 24-byte `struct flock64`; other commands as x86_64's.
    /// F_GETLK64, F_SETLK64 and F_SETLKW64 (12, 13, 14 on i386 only) read a
    /// `struct flock64` in fcntl64 (`flock64`); fcntl prints their argument
    /// in hex, as strace does.
    static func compatFcntl(flock64: Bool) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            let command = Int32(truncatingIfNeeded: d.arg(1))
            switch command {
            case CompatFcntlCommand.getLock64, CompatFcntlCommand.setLock64, CompatFcntlCommand.setLockWait64:
                d.fd(0)
                d.next()
                d.namedValue(Int64(command), Constants.fcntl64LockCommands, unknown: "F_???")
                guard flock64 else { d.hex(2); return .done() }
                guard command != CompatFcntlCommand.getLock64 else { return .atExit }
                d.next()
                d.compatFlock(at: d.arg(2), getlk: false, wide: true)
                return .done()
            case F_SETLK, F_SETLKW, FcntlCommand.ofdSetLock, FcntlCommand.ofdSetLockWait:
                d.fd(0)
                d.next()
                d.namedValue(Int64(command), Constants.fcntlCommands, unknown: "F_???")
                d.next()
                d.compatFlock(at: d.arg(2), getlk: false, wide: command != F_SETLK && command != F_SETLKW)
                return .done()
            default:
                return d.fcntlEntry()
            }
        }, exit: { d in
            let command = Int32(truncatingIfNeeded: d.arg(1))
            guard command == F_GETLK || command == FcntlCommand.ofdGetLock || command == CompatFcntlCommand.getLock64 else {
                return d.fcntlExit()
            }
            d.next()
            d.compatFlock(at: d.arg(2), getlk: true, wide: command != F_GETLK)
            return .decimal
        })
    }

    /// clock_gettime and clock_getres with a 32-bit timespec.
    static let compatClockRead = SyscallDecoder(entry: { d in
        d.clockID(0)
        return .atExit
    }, exit: { d in
        d.output(1) { $0.timespec32(at: $1) }
        return .decimal
    })

    static func stat64Decoder(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            return .atExit
        }, exit: { d in
            d.compatStat(1, layout: .stat64)
            return .decimal
        })
    }

    static func oldStatDecoder(_ file: FileArgument) -> SyscallDecoder {
        SyscallDecoder(entry: { d in
            d.file(0, as: file)
            return .atExit
        }, exit: { d in
            d.compatStat(1, layout: .stat)
            return .decimal
        })
    }
}

/// The i386 layouts of a file's status.
enum CompatStatLayout {
    /// `struct stat64`: 96 bytes.
    case stat64
    /// `struct stat` (stat, lstat, fstat): 64 bytes.
    case stat
    /// `struct __old_kernel_stat` (oldstat, oldlstat, oldfstat): 32 bytes,
    /// 16-bit ids and no block counts (printed as 0, as strace prints them).
    case old
}

extension Decoding {
    /// An i386 `struct stat64` or `struct stat` at exit, printed as the
    /// native `stat` is; its address on failure.
    mutating func compatStat(_ i: Int, layout: CompatStatLayout) {
        next()
        let address = arg(i)
        if failed { pointerValue(address); return }
        typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                           UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                           UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        var st = Glibc.stat()
        switch layout {
        case .stat64:
            guard let w = try? memory.load(Words.self, from: address) else { pointerValue(address); return }
            func wide(_ low: UInt32, _ high: UInt32) -> UInt64 { UInt64(high) << 32 | UInt64(low) }
            st.st_dev = UInt(wide(w.0, w.1))
            st.st_mode = w.4
            st.st_nlink = UInt(w.5)
            st.st_uid = w.6
            st.st_gid = w.7
            st.st_rdev = UInt(wide(w.8, w.9))
            st.st_size = Int(Int64(bitPattern: wide(w.11, w.12)))
            st.st_blksize = Int(w.13)
            st.st_blocks = Int(Int64(bitPattern: wide(w.14, w.15)))
            st.st_atim = Glibc.timespec(tv_sec: Int(w.16), tv_nsec: Int(w.17))
            st.st_mtim = Glibc.timespec(tv_sec: Int(w.18), tv_nsec: Int(w.19))
            st.st_ctim = Glibc.timespec(tv_sec: Int(w.20), tv_nsec: Int(w.21))
            st.st_ino = UInt(wide(w.22, w.23))
        case .stat:
            typealias Half = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                              UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
            guard let w = try? memory.load(Half.self, from: address) else { pointerValue(address); return }
            st.st_dev = UInt(w.0)
            st.st_ino = UInt(w.1)
            st.st_mode = w.2 & 0xffff
            st.st_nlink = UInt(w.2 >> 16)
            st.st_uid = w.3 & 0xffff
            st.st_gid = w.3 >> 16
            st.st_rdev = UInt(w.4)
            st.st_size = Int(w.5)
            st.st_blksize = Int(w.6)
            st.st_blocks = Int(w.7)
            st.st_atim = Glibc.timespec(tv_sec: Int(w.8), tv_nsec: Int(w.9))
            st.st_mtim = Glibc.timespec(tv_sec: Int(w.10), tv_nsec: Int(w.11))
            st.st_ctim = Glibc.timespec(tv_sec: Int(w.12), tv_nsec: Int(w.13))
        case .old:
            typealias Old = (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt32, UInt32, UInt32, UInt32)
            guard let w = try? memory.load(Old.self, from: address) else { pointerValue(address); return }
            st.st_dev = UInt(w.0)
            st.st_ino = UInt(w.1)
            st.st_mode = UInt32(w.2)
            st.st_nlink = UInt(w.3)
            st.st_uid = UInt32(w.4)
            st.st_gid = UInt32(w.5)
            st.st_rdev = UInt(w.6)
            st.st_size = Int(w.8)
            // The times are signed 32-bit values.
            st.st_atim = Glibc.timespec(tv_sec: Int(Int32(bitPattern: w.9)), tv_nsec: 0)
            st.st_mtim = Glibc.timespec(tv_sec: Int(Int32(bitPattern: w.10)), tv_nsec: 0)
            st.st_ctim = Glibc.timespec(tv_sec: Int(Int32(bitPattern: w.11)), tv_nsec: 0)
        }
        beginStructure()
        if unabbreviated {
            field("st_dev"); makedev(UInt64(st.st_dev))
            field("st_ino"); unsignedValue(st.st_ino)
        }
        field("st_mode"); symbolicMode(UInt32(st.st_mode))
        if unabbreviated {
            field("st_nlink"); unsignedValue(st.st_nlink)
            field("st_uid"); unsignedValue(st.st_uid)
            field("st_gid"); unsignedValue(st.st_gid)
            field("st_blksize"); signedValue(st.st_blksize)
            field("st_blocks"); signedValue(st.st_blocks)
        }
        let type = UInt32(st.st_mode) & UInt32(S_IFMT)
        if type == UInt32(S_IFCHR) || type == UInt32(S_IFBLK) {
            field("st_rdev"); makedev(UInt64(st.st_rdev))
        } else {
            field("st_size"); signedValue(st.st_size)
        }
        if unabbreviated {
            func time(_ d: inout Decoding, _ name: StaticString, _ time: timespec) {
                guard layout == .old else { d.timeField(name, time); return }
                // No nanoseconds in the old structure: strace prints none.
                d.field(name)
                d.signedValue(time.tv_sec)
                d.comment { out in Decoding.isoTime(seconds: time.tv_sec, nanoseconds: 0, into: &out) }
            }
            time(&self, "st_atime", st.st_atim)
            time(&self, "st_mtime", st.st_mtim)
            time(&self, "st_ctime", st.st_ctim)
        }
        endStructure(abbreviated: !unabbreviated)
    }

    /// argv as an array of 4-byte pointers: `["ls", "-l"]`, cut at `-s`
    /// elements unless `-v`.
    mutating func compatStringArray(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        guard memory.dereferences, let first = try? loadWord(at: address) else { unreadable(address); return }
        beginArray()
        var pointer = first
        var cursor = address
        var count = 0
        while pointer != 0 {
            if count >= format.stringLimit && !unabbreviated { endArray(cut: true); return }
            appendCString(at: pointer)
            count += 1
            cursor &+= 4
            // Unreadable (or past the 32-bit address space): `, ... /* 0x10003000 */]`, as strace's.
            guard cursor <= 0xffff_fffc, let next = try? loadWord(at: cursor) else {
                out.append(", ...")
                let stop = cursor
                comment { $0.append(hex: stop) }
                endArray()
                return
            }
            pointer = next
        }
        endArray()
    }

    /// envp: `0xffffd5c0 /* 35 vars */` (the array itself with -v); the
    /// address alone when its first pointer is unreadable, `unterminated`
    /// when a later one is.
    mutating func compatEnvironment(_ i: Int) {
        if unabbreviated { compatStringArray(i); return }
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        guard memory.dereferences else { unreadable(address); return }
        var count = 0
        var cursor = address
        var unterminated = false
        while true {
            guard cursor <= 0xffff_fffc, let pointer = try? loadWord(at: cursor) else {
                if count == 0 { unreadable(address); return }
                unterminated = true
                break
            }
            if pointer == 0 { break }
            count += 1
            cursor &+= 4
        }
        pointerValue(address)
        comment { out in
            out.append(decimal: count)
            out.append(count == 1 ? " var" : " vars")
            if unterminated { out.append(", unterminated") }
        }
    }

    /// i386's `struct sigaction`: handler, flags, restorer (4 bytes each), then the 8-byte mask.
    mutating func compatSigaction(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let action = try? memory.load((UInt32, UInt32, UInt32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        let flags = UInt64(action.1)
        beginStructure()
        field("sa_handler"); handlerValue(UInt64(action.0))
        field("sa_mask"); signalMaskValue(UInt64(action.4) << 32 | UInt64(action.3))
        field("sa_flags"); flagsValue(flags, Constants.sigactionFlags, unknown: "SA_???")
        if flags & SignalDecoders.restorerFlag != 0 {
            field("sa_restorer"); pointerValue(UInt64(action.2))
        }
        endStructure()
    }

    /// i386's `stack_t`: `{ss_sp=0x..., ss_flags=SS_ONSTACK, ss_size=8192}`.
    mutating func compatAltStack(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let stack = try? memory.load((UInt32, Int32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("ss_sp"); pointerValue(UInt64(stack.0))
        field("ss_flags"); flagsValue(UInt64(UInt32(bitPattern: stack.1)), Constants.altStackFlags, unknown: "SS_???")
        field("ss_size"); unsignedValue(stack.2)
        endStructure()
    }

    /// A timespec with a 32-bit time_t: `{tv_sec=0, tv_nsec=1000}` (tv_nsec
    /// unsigned, as strace zero-extends it).
    mutating func timespec32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int32, UInt32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tv_sec"); signedValue(value.0)
        field("tv_nsec"); unsignedValue(value.1)
        endStructure()
    }

    /// A timeval with a 32-bit time_t: `{tv_sec=0, tv_usec=0}` (tv_usec unsigned).
    mutating func timeval32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((Int32, UInt32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("tv_sec"); signedValue(value.0)
        field("tv_usec"); unsignedValue(value.1)
        endStructure()
    }

    /// nanosleep's remaining time (a 32-bit timespec) when interrupted, else its address.
    mutating func remainingTime32(_ i: Int) {
        next()
        let address = arg(i)
        let interrupted = failed && [-4, -512, -513, -514, -516].contains(result)  // EINTR, ERESTART*
        if interrupted && address != 0 { timespec32(at: address) } else { pointerValue(address) }
    }

    /// A 16-bit user or group id (the i386 calls without the `32`): `-1`
    /// for "unchanged" (0xffff), else the low 16 bits, unsigned.
    mutating func id16(_ i: Int) {
        next()
        id16Value(UInt16(truncatingIfNeeded: arg(i)))
    }

    mutating func id16Value(_ value: UInt16) {
        if value == UInt16.max { signedValue(-1) } else { unsignedValue(value) }
    }

    /// getresuid's 16-bit outputs: `[0]`.
    mutating func id16Result(_ i: Int) {
        next()
        if failed { pointerValue(arg(i)); return }
        guard let value = try? memory.load(UInt16.self, from: arg(i)) else { unreadable(arg(i)); return }
        beginArray()
        id16Value(value)
        endArray()
    }

    /// i386's `struct flock` (`wide`: `struct flock64`, packed to 4 bytes):
    /// `{l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=10[, l_pid=0]}`.
    mutating func compatFlock(at address: UInt64, getlk: Bool, wide: Bool) {
        guard address != 0, !(getlk && failed) else { pointerValue(address); return }
        let type: Int16, whence: Int16, start: Int64, length: Int64, pid: Int32
        if wide {
            guard let w = try? memory.load((UInt32, UInt32, UInt32, UInt32, UInt32, UInt32).self, from: address) else {
                unreadable(address)
                return
            }
            type = Int16(truncatingIfNeeded: w.0)
            whence = Int16(truncatingIfNeeded: w.0 >> 16)
            start = Int64(bitPattern: UInt64(w.2) << 32 | UInt64(w.1))
            length = Int64(bitPattern: UInt64(w.4) << 32 | UInt64(w.3))
            pid = Int32(bitPattern: w.5)
        } else {
            guard let w = try? memory.load((Int16, Int16, Int32, Int32, Int32).self, from: address) else {
                unreadable(address)
                return
            }
            (type, whence, start, length, pid) = (w.0, w.1, Int64(w.2), Int64(w.3), w.4)
        }
        beginStructure()
        field("l_type")
        namedValue(Int64(type), Constants.lockTypes, unknown: "F_???")
        field("l_whence")
        namedValue(Int64(whence), Constants.seekWhence, unknown: "SEEK_???")
        field("l_start")
        signedValue(start)
        field("l_len")
        signedValue(length)
        if getlk {
            field("l_pid")
            signedValue(pid)
        }
        endStructure()
    }

    /// i386's `struct user_desc` (without `lm`, which 32-bit tasks do not have).
    mutating func userDesc(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let desc = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        let bits = desc.3
        beginStructure()
        field("entry_number"); credentialValue(desc.0)
        field("base_addr"); paddedHexValue(desc.1)
        field("limit"); paddedHexValue(desc.2)
        field("seg_32bit"); unsignedValue(bits & 1)
        field("contents"); unsignedValue(bits >> 1 & 3)
        field("read_exec_only"); unsignedValue(bits >> 3 & 1)
        field("limit_in_pages"); unsignedValue(bits >> 4 & 1)
        field("seg_not_present"); unsignedValue(bits >> 5 & 1)
        field("useable"); unsignedValue(bits >> 6 & 1)
        endStructure()
    }

    /// strace's `%#08x`: `0x0fffff`, `0x20000000`, and `00000000` for zero.
    mutating func paddedHexValue(_ value: UInt32) {
        customValue(.unsigned(UInt64(value), .hexadecimal)) { out in
            guard value != 0 else { out.append("00000000"); return }
            out.append("0x")
            var digits = 0
            var rest = value
            while rest != 0 { digits += 1; rest >>= 4 }
            if digits < 6 { for _ in digits..<6 { out.append("0") } }
            var shift = (digits - 1) * 4
            while shift >= 0 {
                let nibble = UInt8((value >> UInt32(shift)) & 0xf)
                out.append(byte: nibble < 10 ? 48 + nibble : 87 + nibble)
                shift -= 4
            }
        }
    }

    /// A 64-bit offset passed in two registers, low word first (`i`, `i + 1`),
    /// signed unless `unsigned`.
    mutating func splitOffset(_ i: Int, unsigned: Bool = false) {
        next()
        let value = (arg(i + 1) & 0xffff_ffff) << 32 | (arg(i) & 0xffff_ffff)
        if unsigned { unsignedValue(value) } else { signedValue(Int64(bitPattern: value)) }
    }

    /// An array of i386 iovecs (4-byte base and length), as the native
    /// `iovecArray` prints x86_64's: with `data`, the bytes (up to `data`
    /// in all; -1: each whole), else the addresses.
    mutating func compatIovec(_ i: Int, count countArgument: Int, data: Int?) {
        next()
        iovecArray(at: arg(i), count: arg(countArgument) & 0xffff_ffff, data: data)
    }

    /// i386's `struct itimerval`: two 32-bit timevals.
    mutating func itimerval32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard (try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("it_interval"); timeval32(at: address)
        field("it_value"); timeval32(at: address + 8)
        endStructure()
    }

    /// i386's `struct rusage`: two 32-bit timevals and fourteen 32-bit longs.
    mutating func rusage32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                           UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        guard let w = try? memory.load(Words.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("ru_utime"); timeval32(at: address)
        field("ru_stime"); timeval32(at: address + 8)
        if unabbreviated {
            func long(_ value: UInt32) -> Int32 { Int32(bitPattern: value) }
            field("ru_maxrss"); signedValue(long(w.4))
            field("ru_ixrss"); signedValue(long(w.5))
            field("ru_idrss"); signedValue(long(w.6))
            field("ru_isrss"); signedValue(long(w.7))
            field("ru_minflt"); signedValue(long(w.8))
            field("ru_majflt"); signedValue(long(w.9))
            field("ru_nswap"); signedValue(long(w.10))
            field("ru_inblock"); signedValue(long(w.11))
            field("ru_oublock"); signedValue(long(w.12))
            field("ru_msgsnd"); signedValue(long(w.13))
            field("ru_msgrcv"); signedValue(long(w.14))
            field("ru_nsignals"); signedValue(long(w.15))
            field("ru_nvcsw"); signedValue(long(w.16))
            field("ru_nivcsw"); signedValue(long(w.17))
        }
        endStructure(abbreviated: !unabbreviated)
    }

    /// i386's `struct statfs` (`wide`: `struct statfs64`, 64-bit counts at
    /// 4-byte alignment), printed as the native statfs is.
    mutating func compatStatfs(_ i: Int, wide: Bool) {
        next()
        let address = arg(i)
        guard !failed else { pointerValue(address); return }
        typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                           UInt32, UInt32, UInt32, UInt32, UInt32)
        var counts: (UInt64, UInt64, UInt64, UInt64, UInt64)
        var rest: (UInt32, UInt32, UInt32, UInt32, UInt32)  // fsid[0], fsid[1], namelen, frsize, flags
        let type: UInt32, blockSize: UInt32
        if wide {
            guard let w = try? memory.load(Words.self, from: address),
                  let tail = try? memory.load((UInt32, UInt32, UInt32).self, from: address &+ 64) else {
                unreadable(address)
                return
            }
            func wide(_ low: UInt32, _ high: UInt32) -> UInt64 { UInt64(high) << 32 | UInt64(low) }
            type = w.0
            blockSize = w.1
            counts = (wide(w.2, w.3), wide(w.4, w.5), wide(w.6, w.7), wide(w.8, w.9), wide(w.10, w.11))
            rest = (w.12, w.13, w.14, w.15, tail.0)
        } else {
            guard let w = try? memory.load(Words.self, from: address) else { unreadable(address); return }
            type = w.0
            blockSize = w.1
            counts = (UInt64(w.2), UInt64(w.3), UInt64(w.4), UInt64(w.5), UInt64(w.6))
            rest = (w.7, w.8, w.9, w.10, w.11)
        }
        beginStructure()
        field("f_type")
        let magic = Int64(type)
        if Constants.filesystemMagics.contains(where: { $0.value == magic }) {
            symbolic(UInt64(type), named: true) { _ = $0.appendName(of: magic, in: Constants.filesystemMagics) }
        } else {
            hexValue(UInt64(type))
        }
        field("f_bsize"); signedValue(Int32(bitPattern: blockSize))
        field("f_blocks"); unsignedValue(counts.0)
        field("f_bfree"); unsignedValue(counts.1)
        field("f_bavail"); unsignedValue(counts.2)
        field("f_files"); unsignedValue(counts.3)
        field("f_ffree"); unsignedValue(counts.4)
        field("f_fsid")
        beginStructure()
        field("val")
        beginArray()
        hexValue(UInt64(rest.0))
        hexValue(UInt64(rest.1))
        endArray()
        endStructure()
        field("f_namelen"); signedValue(Int32(bitPattern: rest.2))
        field("f_frsize"); signedValue(Int32(bitPattern: rest.3))
        let flags = UInt64(rest.4)
        if let valid = Constants.statfsValidFlag.first, flags & UInt64(valid.value) != 0 {
            field("f_flags")
            symbolic(flags) { out in
                out.append(valid.name)
                let others = flags & ~UInt64(valid.value)
                if others != 0 {
                    out.append("|")
                    out.appendFlags(others, in: Constants.statfsFlags)
                }
            }
        }
        endStructure()
    }

    /// i386's `struct rlimit`: `{rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}`.
    mutating func rlimit32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let limits = try? memory.load((UInt32, UInt32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("rlim_cur"); rlimit32Value(limits.0)
        field("rlim_max"); rlimit32Value(limits.1)
        endStructure()
    }

    /// A 32-bit limit as strace prints it: RLIM_INFINITY, `N*1024` above
    /// 1024, else the number (under -X raw always the number, under -X
    /// verbose the number and the name in a comment).
    mutating func rlimit32Value(_ value: UInt32) {
        let style = format.constants
        let infinite = value == UInt32.max
        let kibibytes = !infinite && value > 1024 && value % 1024 == 0
        guard infinite || kibibytes else { unsignedValue(value); return }
        if style == .abbrev {
            customValue(.unsigned(UInt64(value), .decimal)) { out in
                if infinite { out.append("RLIM_INFINITY") } else { Decoding.appendKibibytes(UInt64(value), to: &out) }
            }
            return
        }
        unsignedValue(value)
        guard style == .verbose else { return }
        if infinite { comment("RLIM_INFINITY") } else { comment { Decoding.appendKibibytes(UInt64(value), to: &$0) } }
    }

    /// clone's flags and exit signal: by name (as the native clone prints
    /// them), or under -X raw `0x11a0200|17` and under -X verbose each part
    /// commented, as strace prints them.
    mutating func compatCloneFlags(_ value: UInt64) {
        guard format.constants != .abbrev else { cloneFlags(value); return }
        let verbose = format.constants == .verbose
        let flags = value & ~0xff
        let signal = value & 0xff
        customValue(.flags(value, ValueTape.Span(start: 0, end: 0))) { out in
            if flags != 0 {
                out.append(hex: flags)
                if verbose {
                    out.append(" /* ")
                    out.appendFlags(flags, in: CompatDecoders.cloneFlagsWithoutDetached)
                    out.append(" */")
                }
                if signal == 0 { return }
                out.append("|")
            }
            out.append(decimal: signal)
            if verbose && signal != 0 && Decoding.signalHasName(Int32(signal)) {
                out.append(" /* ")
                out.append(Signal(rawValue: CInt(signal)))
                out.append(" */")
            }
        }
    }

    /// A resource (`RLIMIT_NOFILE`; `0xffffffff /* RLIMIT_??? */` when unknown).
    mutating func resource(_ i: Int) {
        next()
        namedValue(Int64(int(i)), Constants.resourceLimits, unknown: "RLIMIT_???")
    }

    /// 16-bit uids or gids: `[0, 4, 24]` (up to -s of them unless -v).
    mutating func id16Array(at address: UInt64, count: Int) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        guard (try? memory.load(UInt16.self, from: address)) != nil else { unreadable(address); return }
        beginArray()
        let shown = min(count, Int(NGROUPS_MAX))
        for index in 0..<shown {
            if index >= format.stringLimit && !unabbreviated { endArray(cut: true); return }
            let element = address &+ UInt64(index) &* 2
            guard let id = try? memory.load(UInt16.self, from: element) else {
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            id16Value(id)
        }
        endArray()
    }

    /// `[N]`: a 32-bit unsigned value at `address` (NULL, or the address if unreadable).
    @discardableResult
    mutating func uint32Element(at address: UInt64) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return false }
        beginArray()
        unsignedValue(value)
        endArray()
        return true
    }

    /// i386's `struct itimerspec`: two 32-bit timespecs.
    mutating func itimerspec32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard (try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address)) != nil else {
            unreadable(address)
            return
        }
        beginStructure()
        field("it_interval"); timespec32(at: address)
        field("it_value"); timespec32(at: address + 8)
        endStructure()
    }

    /// i386's `struct sysinfo`: 32-bit longs, then procs (16 bits),
    /// totalhigh, freehigh and mem_unit.
    mutating func sysinfo32(at address: UInt64) {
        typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                           UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        guard let w = try? memory.load(Words.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("uptime"); signedValue(Int32(bitPattern: w.0))
        field("loads")
        beginArray()
        unsignedValue(w.1)
        unsignedValue(w.2)
        unsignedValue(w.3)
        endArray()
        field("totalram"); unsignedValue(w.4)
        field("freeram"); unsignedValue(w.5)
        field("sharedram"); unsignedValue(w.6)
        field("bufferram"); unsignedValue(w.7)
        field("totalswap"); unsignedValue(w.8)
        field("freeswap"); unsignedValue(w.9)
        field("procs"); unsignedValue(UInt16(truncatingIfNeeded: w.10))
        field("totalhigh"); unsignedValue(w.11)
        field("freehigh"); unsignedValue(w.12)
        field("mem_unit"); unsignedValue(w.13)
        endStructure()
    }

    /// A 32-bit signal mask in memory (old_sigset_t), or its address.
    mutating func signalSet32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let mask = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
        signalSet32Value(mask)
    }

    /// A 32-bit signal mask: `[INT TERM]`, `~[...]` when 21 or more are set.
    mutating func signalSet32Value(_ mask: UInt32) {
        let style = format.constants
        let complement = mask.nonzeroBitCount >= 21
        customValue(.signalSet(UInt64(complement ? ~mask : mask), complemented: complement)) { out in
            Decoding.appendSignalSet32(mask, style: style, to: &out)
        }
    }

    /// strace's text of a 32-bit mask under `style`.
    static func appendSignalSet32(_ mask: UInt32, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let complement = mask.nonzeroBitCount >= 21
        let shown = complement ? ~mask : mask
        if complement { out.append("~") }
        out.append("[")
        var first = true
        for n in 1...32 where shown & (1 << UInt32(n - 1)) != 0 {
            if !first { out.append(" ") }
            first = false
            switch style {
            case .abbrev:
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
            case .raw:
                out.append(decimal: n)
            case .verbose:
                out.append(decimal: n)
                out.append(" /* ")
                out.appendSignalNameWithoutPrefix(Signal(rawValue: CInt(n)))
                out.append(" */")
            }
        }
        out.append("]")
    }

    /// sgetmask's and ssetmask's result: `= 0x4 (mask [INT])`.
    mutating func oldMaskResult(prefix: StaticString) -> ReturnFormat {
        guard !failed else { return .decimal }
        let style = format.constants
        resultPrinter = { value, out in
            let mask = UInt32(truncatingIfNeeded: value)
            if mask == 0 { out.append("0") } else { out.append(hex: UInt64(mask)) }
            out.append(" (")
            out.append(prefix)
            Decoding.appendSignalSet32(mask, style: style, to: &out)
            out.append(")")
        }
        return .custom
    }

    /// A signal handler: SIG_DFL and SIG_IGN by name (numbers under -X raw,
    /// commented under -X verbose), else the address.
    mutating func handlerValue(_ handler: UInt64) {
        switch handler {
        case 0: symbolic(0, named: true) { $0.append("SIG_DFL") }
        case 1: symbolic(1, named: true) { $0.append("SIG_IGN") }
        default: pointerValue(handler)
        }
    }

    /// i386's old `struct sigaction`: handler, 32-bit mask, flags, restorer.
    mutating func oldSigaction(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let action = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        let flags = UInt64(action.2)
        beginStructure()
        field("sa_handler"); handlerValue(UInt64(action.0))
        field("sa_mask"); signalSet32Value(action.1)
        field("sa_flags"); flagsValue(flags, Constants.sigactionFlags, unknown: "SA_???")
        if flags & SignalDecoders.restorerFlag != 0 {
            field("sa_restorer"); pointerValue(UInt64(action.3))
        }
        endStructure()
    }

    /// socketcall's sub-call: its name (`socketpair`), its decoder (i386's
    /// call of that name, else x86_64's: accept), and the arguments read
    /// from the array. Nil for an unknown call or an unreadable array.
    func socketSubcall() -> (name: String, decoder: SyscallDecoder?, arguments: SyscallArguments, count: Int)? {
        guard let subcall = MultiplexedSubcall(number: MultiplexedSubcall.socketcallNumber, arch: .i386,
                                               firstArgument: arg(0)) else { return nil }
        let name = subcall.name
        var decoder: SyscallDecoder? = nil
        if name == "send" {
            decoder = Self.socketcallSend
        } else if name == "recv" {
            decoder = Self.socketcallReceive
        } else if let number = SyscallTable.number(of: name, arch: .i386) {
            decoder = DecoderTable.decoder(for: number, arch: .i386)
        } else if let number = SyscallTable.number(of: name, arch: .x86_64) {
            decoder = DecoderTable.decoder(for: number, arch: .x86_64)
        }
        var words: [UInt64] = [0, 0, 0, 0, 0, 0]
        let count = subcall.argumentCount
        for i in 0..<count {
            guard let word = try? memory.remote.load(UInt32.self, from: arg(1) &+ UInt64(i * 4)) else { return nil }
            words[i] = UInt64(word)
        }
        return (name, decoder, SyscallArguments(words[0], words[1], words[2], words[3], words[4], words[5]), count)
    }

    /// socketcall's SYS_SEND, which has no syscall of its own: `send(fd, "data", len, flags)`.
    static let socketcallSend = SyscallDecoder { d in
        d.sentData()
        return .done()
    }

    /// socketcall's SYS_RECV: the data once the call is over.
    static let socketcallReceive = SyscallDecoder(entry: { d in
        d.fd(0)
        return .atExit
    }, exit: { d in
        d.receivedData()
        return .decimal
    })

    /// socketcall at entry: the line's `socketcall(` becomes the sub-call's
    /// name, whose decoder prints the arguments (each `%#lx` without one).
    mutating func socketcallEntry() -> EntryResult {
        guard let call = socketSubcall() else {
            // strace's own form: the call by name (a number when unknown), the array's address.
            next()
            let number = Int64(int(0))
            if let known = Constants.socketcallCalls.first(where: { $0.value == number }) {
                symbolic(UInt64(bitPattern: number), decimal: true, named: true) { $0.append(known.name) }
            } else {
                signedValue(number)
            }
            pointer(1)
            return .done()
        }
        let old: StaticString = "socketcall("
        let suffix = UnsafeBufferPointer(start: old.utf8Start, count: old.utf8CodeUnitCount)
        if out.count >= suffix.count, out.contents[(out.count - suffix.count)...].elementsEqual(suffix) {
            out.truncate(toCount: out.count - suffix.count)
            out.append(call.name)
            out.append(byte: UInt8(ascii: "("))
        }
        arguments = call.arguments
        argumentNames = []
        guard let decoder = call.decoder else {
            for i in 0..<call.count { hex(i) }
            return .done()
        }
        return decoder.entry(&self)
    }

    /// socketcall at exit: the sub-call's decoder, on the same arguments.
    mutating func socketcallExit() -> ReturnFormat {
        guard let call = socketSubcall(), let exit = call.decoder?.exit else { return .decimal }
        arguments = call.arguments
        argumentNames = []
        return exit(&self)
    }

    /// i386's `struct msghdr` (4-byte pointers and lengths), printed as the
    /// native `msghdr` is; `data` and `output` as there.
    mutating func compatMsghdr(at address: UInt64, data: Int?, output: Bool, userNameLength: Int32? = nil) {
        guard address != 0 else { pointerValue(0); return }
        guard let header = try? memory.load((UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, Int32).self, from: address) else {
            unreadable(address)
            return
        }
        if output && data == nil { pointerValue(address); return }
        let name = UInt64(header.0)
        let namelen = Int32(bitPattern: header.1)
        // After a receive, the name as long as the caller's buffer allowed.
        let nameShown = userNameLength.map { namelen > $0 ? $0 : namelen } ?? namelen
        beginStructure()
        field("msg_name")
        if name == 0 { pointerValue(0) } else { sockaddr(at: name, length: Int(nameShown)) }
        field("msg_namelen")
        if let user = userNameLength, user != namelen {
            // `128 => 12`, without brackets.
            customValue(.signed(Int64(namelen))) { out in
                out.append(decimal: user)
                out.append(" => ")
                out.append(decimal: namelen)
            }
        } else {
            // An int, as strace prints it.
            signedValue(namelen)
        }
        field("msg_iov")
        iovecArray(at: UInt64(header.2), count: UInt64(header.3), data: data)
        field("msg_iovlen")
        unsignedValue(header.3)
        let control = UInt64(header.4)
        if control != 0 && header.5 > 0 {
            field("msg_control")
            compatControlMessages(at: control, length: Int(header.5))
        }
        field("msg_controllen")
        unsignedValue(header.5)
        field("msg_flags")
        let messageFlags = UInt64(UInt32(bitPattern: header.6))
        symbolic(messageFlags) { $0.appendFlags(messageFlags, in: Constants.messageFlags) }
        endStructure()
    }

    /// i386's control messages: 12-byte cmsghdrs (a 4-byte cmsg_len), 4-byte aligned.
    mutating func compatControlMessages(at address: UInt64, length: Int) {
        let size = min(length, 4096)
        var raw = [UInt8](repeating: 0, count: size)
        let ok: Bool = raw.withUnsafeMutableBytes { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { unreadable(address); return }
        func word32(_ at: Int) -> Int32 { Int32(bitPattern: (0..<4).reduce(0) { $0 | UInt32(raw[at + $1]) << (8 * UInt32($1)) }) }
        beginArray()
        var offset = 0
        while offset + 12 <= size {
            let cmsgLength = Int(UInt32(bitPattern: word32(offset)))
            guard cmsgLength >= 12, cmsgLength <= size - offset else { break }
            let level = word32(offset + 4), type = word32(offset + 8)
            beginStructure()
            field("cmsg_len")
            unsignedValue(cmsgLength)
            field("cmsg_level")
            namedValue(Int64(level), Constants.socketLevels, unknown: "SOL_???")
            field("cmsg_type")
            let end = min(offset + cmsgLength, size)
            if level == SOL_SOCKET {
                namedValue(Int64(type), Constants.scmTypes, unknown: "SCM_???")
            } else {
                let bits = UInt64(UInt32(bitPattern: type))
                customValue(.unsigned(bits, .hexadecimal)) { $0.append(hex: bits) }
            }
            if level == SOL_SOCKET && type == 1 {  // SCM_RIGHTS: descriptors
                field("cmsg_data")
                beginArray()
                var at = offset + 12
                while at + 4 <= end {
                    fdValue(word32(at))
                    at += 4
                }
                endArray()
            } else if end > offset + 12 {
                field("cmsg_data")
                hexBytesValue(raw[(offset + 12)..<end])
            }
            endStructure()
            offset += (cmsgLength + 3) & ~3
        }
        endArray()
    }

    /// The time layouts of select's remaining time.
    enum CompatSelectTime { case timeval32, timespec32, timespec64 }

    /// select's result, as the native `selectResult` prints it, with the
    /// remaining time in `time`'s layout.
    mutating func compatSelectResult(time: CompatSelectTime) {
        guard !failed else { return }
        var suffix = OutputBuffer(capacity: 128)
        if result == 0 {
            suffix.append(" (Timeout)")
        } else {
            suffix.append(" (")
            var first = true
            let count = Int(int(0))
            for (i, name) in [(1, "in"), (2, "out"), (3, "except")] where arg(i) != 0 && count > 0 {
                // The sets as the kernel left them, read whatever -e verbose= says (as strace does).
                var bits: [UInt8] = []
                let size = Decoding.fdSetSize(count)
                guard size > 0, (try? memory.remote.readExactly(from: arg(i), count: size, into: &bits)) != nil else { continue }
                var ready: [Int] = []
                for (index, byte) in bits.enumerated() where byte != 0 {
                    for bit in 0..<8 where byte & (1 << bit) != 0 && index * 8 + bit < count { ready.append(index * 8 + bit) }
                }
                guard !ready.isEmpty else { continue }
                if !first { suffix.append(", ") }
                first = false
                suffix.append(name)
                suffix.append(" [")
                for (k, fd) in ready.enumerated() {
                    if k > 0 { suffix.append(" ") }
                    suffix.append(decimal: fd)
                }
                suffix.append("]")
            }
            if arg(4) != 0 {
                if !first { suffix.append(", ") }
                suffix.append("left ")
                unrecorded(into: &suffix) { d in
                    switch time {
                    case .timeval32: d.timeval32(at: d.arg(4))
                    case .timespec32: d.timespec32(at: d.arg(4))
                    case .timespec64: d.timespec(at: d.arg(4))
                    }
                }
            }
            suffix.append(")")
        }
        let text = suffix
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(bytes: text.contents)
        }
    }

    /// pselect6's sixth argument on i386: `{sigmask=[USR1], sigsetsize=8}` (two 4-byte words).
    mutating func pselectMask32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load((UInt32, UInt32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("sigmask"); signalSet(at: UInt64(value.0))
        field("sigsetsize"); unsignedValue(value.1)
        endStructure()
    }

    /// i386's futex: the native decoder, but a timeout (FUTEX_WAIT,
    /// FUTEX_WAIT_BITSET, FUTEX_LOCK_PI(2), FUTEX_WAIT_REQUEUE_PI) is a
    /// 32-bit timespec.
    mutating func compatFutex() -> EntryResult {
        let op = int(1)
        let command = op & ~(MemoryDecoders.privateFlag | MemoryDecoders.clockRealtime)
        let named = Constants.futexCommands.contains { $0.value == Int64(op & ~MemoryDecoders.clockRealtime) }
        // An unknown op whose low bits are a timed command: strace still
        // reads the timeout (as the native decoder does, 32-bit here).
        let unknownTimed = !named && [0, 6, 9, 11, 13].contains(op & 127)
        guard named || unknownTimed, [0, 6, 9, 11, 13].contains(unknownTimed ? op & 127 : command), arg(3) != 0 else {
            return futex()
        }
        pointer(0)
        next()
        let bits = UInt64(UInt32(bitPattern: op))
        if unknownTimed {
            customValue(.flags(bits, unknownFlagsSpan(bits))) { $0.append(hex: bits) }
            if format.constants != .raw { comment("FUTEX_???") }
        } else {
            namedFlagsValue(bits) { out in
                _ = out.appendName(of: Int64(op & ~MemoryDecoders.clockRealtime), in: Constants.futexCommands)
                if op & MemoryDecoders.clockRealtime != 0 { out.append("|FUTEX_CLOCK_REALTIME") }
            }
        }
        switch unknownTimed ? op & 127 : command {
        case 0:  // WAIT
            if unknownTimed { unsigned(2) } else { decimal(2) }
            next()
            timespec32(at: arg(3))
        case 9:  // WAIT_BITSET
            if unknownTimed { unsigned(2) } else { decimal(2) }
            next()
            timespec32(at: arg(3))
            futexBitset(5)
        case 11:  // WAIT_REQUEUE_PI
            if unknownTimed { unsigned(2) } else { decimal(2) }
            next()
            timespec32(at: arg(3))
            pointer(4)
        default:  // LOCK_PI, LOCK_PI2
            next()
            timespec32(at: arg(3))
        }
        return .done()
    }

    /// The old select's five arguments, read from the array its argument points to.
    func oldSelectArguments() -> SyscallArguments? {
        // Read whatever -e verbose= says, as strace fetches them.
        guard let words = try? memory.remote.load((UInt32, UInt32, UInt32, UInt32, UInt32).self, from: arg(0)) else { return nil }
        return SyscallArguments(UInt64(words.0), UInt64(words.1), UInt64(words.2), UInt64(words.3), UInt64(words.4), 0)
    }

    /// i386's siginfo at `address`, rewritten in x86_64's layout (the union
    /// moves from offset 12 to 16, and its longs and pointers widen) after
    /// the kernel's rules for which union member a signal and code use.
    func compatSiginfo(at address: UInt64) -> siginfo_t? {
        var compat = siginfo_t()  // 128 bytes, as i386's
        let ok: Bool = withUnsafeMutableBytes(of: &compat) { (try? memory.readExactly(from: address, into: $0)) != nil }
        guard ok else { return nil }
        var native = siginfo_t()
        withUnsafeBytes(of: &compat) { source in
            withUnsafeMutableBytes(of: &native) { target in
                func word(_ offset: Int) -> UInt32 { source.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
                func put32(_ value: UInt32, _ offset: Int) { target.storeBytes(of: value, toByteOffset: offset, as: UInt32.self) }
                func put64(_ value: UInt64, _ offset: Int) { target.storeBytes(of: value, toByteOffset: offset, as: UInt64.self) }
                func signed(_ offset: Int) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: word(offset)))) }
                // si_signo, si_errno, si_code.
                for offset in stride(from: 0, to: 12, by: 4) { put32(word(offset), offset) }
                let signal = Int32(bitPattern: word(0)), code = Int32(bitPattern: word(8))
                let kernelCode: Int32 = 0x80  // SI_KERNEL: codes above it are the kernel's own
                if code > 0 && code < kernelCode {
                    switch signal {
                    case SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP:  // si_addr
                        put64(UInt64(word(12)), 16)
                        put32(word(16), 24)
                    case SIGCHLD:  // pid, uid, status, utime, stime
                        put32(word(12), 16); put32(word(16), 20); put32(word(20), 24)
                        put64(signed(24), 32); put64(signed(28), 40)
                    case SIGSYS:  // call_addr, syscall, arch
                        put64(UInt64(word(12)), 16); put32(word(16), 24); put32(word(20), 28)
                    default:  // SIGPOLL and the rest: band, fd
                        put64(signed(12), 16); put32(word(16), 24)
                    }
                } else if code == SI_TIMER {  // tid, overrun, sigval
                    put32(word(12), 16); put32(word(16), 20); put64(UInt64(word(20)), 24)
                } else if code == SI_SIGIO {  // band, fd
                    put64(signed(12), 16); put32(word(16), 24)
                } else {  // kill (pid, uid) and rt (pid, uid, sigval)
                    put32(word(12), 16); put32(word(16), 20); put64(UInt64(word(20)), 24)
                }
            }
        }
        return native
    }

    /// An i386 siginfo argument (rt_sigqueueinfo's), or its address.
    mutating func compatSiginfoArgument(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let raw = compatSiginfo(at: address) else { unreadable(address); return }
        signalInfoValue(SignalInfo(raw))
    }

    /// utimensat's times as 32-bit timespecs, printed as the native `utimes` prints them.
    mutating func utimes32(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Int32, Int32, Int32, Int32).self, from: address) else { unreadable(address); return }
        beginArray()
        // tv_nsec is a 32-bit long, printed unsigned as strace prints it.
        utime(Glibc.timespec(tv_sec: Int(times.0), tv_nsec: Int(UInt32(bitPattern: times.1))))
        utime(Glibc.timespec(tv_sec: Int(times.2), tv_nsec: Int(UInt32(bitPattern: times.3))))
        endArray()
    }
}

extension Decoding {
    /// The 64-bit value in arguments `i` (low word) and `i + 1` (high word).
    func joinedPair(_ i: Int) -> UInt64 {
        (arg(i + 1) & 0xffff_ffff) << 32 | (arg(i) & 0xffff_ffff)
    }

    /// times' struct tms with i386's 32-bit clock_t.
    mutating func processTimes32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("tms_utime"); clockTicks(UInt64(times.0))
        field("tms_stime"); clockTicks(UInt64(times.1))
        field("tms_cutime"); clockTicks(UInt64(times.2))
        field("tms_cstime"); clockTicks(UInt64(times.3))
        endStructure()
    }

    /// utime's struct utimbuf with i386's 32-bit time_t.
    mutating func utimbuf32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Int32, Int32).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("actime"); signedValue(times.0)
        localTimeComment(seconds: Int64(times.0), fraction: 0, maximum: 0, width: 0)
        field("modtime"); signedValue(times.1)
        localTimeComment(seconds: Int64(times.1), fraction: 0, maximum: 0, width: 0)
        endStructure()
    }

    /// utimes' and futimesat's two 32-bit timevals, as the native `timevalPair` prints them.
    mutating func timevalPair32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let times = try? memory.load((Int32, UInt32, Int32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        let shown = unabbreviated ? 2 : min(2, max(0, format.stringLimit))
        beginArray()
        for index in 0..<shown {
            let seconds = index == 0 ? times.0 : times.2, microseconds = index == 0 ? times.1 : times.3
            beginStructure()
            field("tv_sec"); signedValue(seconds)
            field("tv_usec"); unsignedValue(microseconds)
            endStructure()
            localTimeComment(seconds: Int64(seconds), fraction: UInt64(microseconds), maximum: 999_999, width: 6)
        }
        endArray(cut: shown < 2)
    }

    /// ppoll's result as the native `pollResult` prints it, the remaining
    /// time read as a 32-bit timespec: `= 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=99})`.
    mutating func compatPpollResult() {
        pollResult(timeout: nil)
        let timeout = arg(2)
        guard !failed, result != 0, timeout != 0, memory.dereferences, let entries = resultPrinter else { return }
        var left = OutputBuffer(capacity: 64)
        if let value = try? memory.load((Int32, UInt32).self, from: timeout) {
            left.append("{tv_sec=")
            left.append(decimal: value.0)
            left.append(", tv_nsec=")
            left.append(decimal: value.1)
            left.append("}")
        } else {
            left.append(hex: timeout)
        }
        let text = left
        resultPrinter = { value, out in
            // The native printer's text: `N` or `N ([...])`; the time goes inside the parentheses.
            var base = OutputBuffer(capacity: 128)
            entries(value, &base)
            let bytes = base.contents
            if let last = bytes.last, last == UInt8(ascii: ")") {
                out.append(bytes: bytes.dropLast())
                out.append(", left ")
                out.append(bytes: text.contents)
                out.append(")")
            } else {
                out.append(bytes: bytes)
                out.append(" (left ")
                out.append(bytes: text.contents)
                out.append(")")
            }
        }
    }

    /// i386's struct timex (128 bytes of 32-bit fields), every field; false
    /// (the address or NULL printed) if it could not be read.
    mutating func timex32(at address: UInt64) -> Bool {
        guard address != 0 else { pointerValue(0); return false }
        var raw: [UInt8] = []
        guard (try? memory.readExactly(from: address, count: 128, into: &raw, structure: true)) != nil, raw.count >= 128 else {
            unreadable(address)
            return false
        }
        func u32(_ offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for b in 0..<4 { value |= UInt32(raw[offset + b]) << (8 * UInt32(b)) }
            return value
        }
        func s32(_ offset: Int) -> Int32 { Int32(bitPattern: u32(offset)) }
        beginStructure()
        field("modes"); flagsValue(UInt64(u32(0)), Constants.adjtimexModes, unknown: "ADJ_???")
        field("offset"); signedValue(s32(4))
        field("freq"); signedValue(s32(8))
        field("maxerror"); signedValue(s32(12))
        field("esterror"); signedValue(s32(16))
        field("status"); flagsValue(UInt64(u32(20)), Constants.adjtimexStatus, unknown: "STA_???")
        field("constant"); signedValue(s32(24))
        field("precision"); signedValue(s32(28))
        field("tolerance"); signedValue(s32(32))
        field("time")
        beginStructure()
        field("tv_sec"); signedValue(s32(36))
        field("tv_usec"); unsignedValue(u32(40))
        endStructure()
        field("tick"); signedValue(s32(44))
        field("ppsfreq"); signedValue(s32(48))
        field("jitter"); signedValue(s32(52))
        field("shift"); signedValue(s32(56))
        field("stabil"); signedValue(s32(60))
        field("jitcnt"); signedValue(s32(64))
        field("calcnt"); signedValue(s32(68))
        field("errcnt"); signedValue(s32(72))
        field("stbcnt"); signedValue(s32(76))
        field("tai"); signedValue(s32(80))
        endStructure()
        return true
    }
}

extension Decoding {
    /// i386's `struct sigevent` as strace reads it (20 bytes: a 4-byte
    /// sigval, signo, notify, then a tid or a function and its attributes),
    /// printed as the native `sigevent` prints x86_64's.
    mutating func compatSigevent(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let event = try? memory.load((UInt32, Int32, Int32, UInt32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        let notify = Int64(event.2)
        beginStructure()
        if event.0 != 0 {
            field("sigev_value")
            beginStructure()
            field("sival_int"); signedValue(Int32(bitPattern: event.0))
            field("sival_ptr"); pointerValue(UInt64(event.0))
            endStructure()
        }
        field("sigev_signo")
        let signalNotification = notify == Constants.SIGEV_SIGNAL || notify == Constants.SIGEV_THREAD
            || notify == Constants.SIGEV_THREAD_ID
        if signalNotification {
            signalNumberValue(event.1)
        } else {
            unsignedValue(UInt32(bitPattern: event.1))
        }
        field("sigev_notify")
        namedValue(notify, Constants.sigeventNotifications, unknown: "SIGEV_???")
        if notify == Constants.SIGEV_THREAD_ID {
            field("sigev_notify_thread_id"); signedValue(Int32(bitPattern: event.3))
        } else if notify == Constants.SIGEV_THREAD {
            field("sigev_notify_function"); pointerValue(UInt64(event.3))
            field("sigev_notify_attributes"); pointerValue(UInt64(event.4))
        }
        endStructure()
    }

    /// i386's `struct mq_attr` (eight 32-bit longs), printed as the native `mqAttributes` prints x86_64's.
    mutating func mqAttributes32(at address: UInt64, namedFlags: Bool) {
        guard address != 0 else { pointerValue(0); return }
        guard let attributes = try? memory.load((UInt32, Int32, Int32, Int32, UInt64, UInt64).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("mq_flags")
        if namedFlags {
            _ = ipcFlagsValue(UInt64(attributes.0), Constants.mqAttributeFlags, unknown: "O_???")
        } else {
            hexValue(UInt64(attributes.0))
        }
        field("mq_maxmsg"); signedValue(attributes.1)
        field("mq_msgsize"); signedValue(attributes.2)
        field("mq_curmsgs"); signedValue(attributes.3)
        endStructure()
    }
}

/// i386's fcntl commands with a `struct flock64` (x86_64 has no such numbers).
enum CompatFcntlCommand {
    static let getLock64 = Int32(Constants.F_GETLK64)
    static let setLock64 = Int32(Constants.F_SETLK64)
    static let setLockWait64 = Int32(Constants.F_SETLKW64)
}

extension Decoding {
    /// A NUMA node mask of i386's 32-bit words, as strace prints it
    /// (`[0x000003, 00000000]`); the address when `maxNodes` overflows.
    mutating func nodeMask32(at address: UInt64, maxNodes: UInt64) {
        let words = (maxNodes &+ 30) / 32
        if words < maxNodes / 32 || (maxNodes != 0 && words == 0) {
            pointerValue(address)
            return
        }
        remoteArray(at: address, count: words, elementSize: 4) { d, word in
            d.customValue(.unsigned(word, .hexadecimal)) { Decoding.appendZeroPaddedHex32(UInt32(truncatingIfNeeded: word), to: &$0) }
        }
    }

    /// C's `%#08x` as strace prints a 32-bit node word: `0x000003`, and
    /// zero as `00000000`.
    static func appendZeroPaddedHex32(_ value: UInt32, to out: inout OutputBuffer) {
        if value == 0 {
            for _ in 0..<8 { out.append(byte: UInt8(ascii: "0")) }
            return
        }
        let digits = (35 - value.leadingZeroBitCount) / 4
        out.append("0x")
        for _ in 0..<max(0, 6 - digits) { out.append(byte: UInt8(ascii: "0")) }
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8((value >> UInt32(shift)) & 0xf)
            out.append(byte: nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    /// process_madvise's ranges as i386's 8-byte iovecs, printed by address
    /// as the native `addressIovecArray` prints x86_64's.
    mutating func addressIovecArray32(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let (size, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow, address &+ size > address else { pointerValue(address); return }
        let limit = unabbreviated ? MemoryPolicyDecoders.unabbreviatedArrayLimit : UInt64(max(0, format.stringLimit))
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index &* 8
            guard let iov = try? memory.load((UInt32, UInt32).self, from: element) else {
                if index == 0 { unreadable(address); return }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if index == 0 { beginArray() }
            if index >= limit { endArray(cut: true); return }
            beginStructure()
            field("iov_base"); pointerValue(UInt64(iov.0))
            field("iov_len"); unsignedValue(iov.1)
            endStructure()
            index += 1
        }
        endArray()
    }
}

extension Decoding {
    /// i386's `struct msgbuf` (a 4-byte mtype, then the text), as the native
    /// `messageBuffer` prints x86_64's.
    mutating func messageBuffer32(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        // strace reads the whole 8-byte `struct msgbuf` first.
        guard !failed, let header = try? memory.load((Int32, UInt32).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("mtype"); signedValue(header.0)
        field("mtext")
        sizedBytes(at: address &+ 4, count: count)
        endStructure()
    }

    /// ipc's sub-call (`IPCCALL(version, call)` in its first argument), or
    /// nil for a call strace does not decode.
    var ipcSubcall: (call: Int64, version: UInt32, name: StaticString)? {
        let word = UInt32(truncatingIfNeeded: arg(0))
        let call = Int64(word & 0xffff)
        guard let entry = Constants.ipcCalls.first(where: { $0.value == call }) else { return nil }
        return (call, word >> 16, entry.name)
    }

    /// ipc at entry: an unknown call as strace prints it (`1<<16|99, 0x...`);
    /// a known one under its sub-call's name, its arguments shifted by one.
    mutating func ipcEntry() -> EntryResult {
        guard let subcall = ipcSubcall else {
            next()
            let word = UInt32(truncatingIfNeeded: arg(0))
            customValue(.unsigned(UInt64(word), .decimal)) { out in
                if word >> 16 != 0 {
                    out.append(decimal: word >> 16)
                    out.append("<<16|")
                }
                out.append(decimal: word & 0xffff)
            }
            for i in 1..<6 { hex(i) }
            return .done()
        }
        let old: StaticString = "ipc("
        let suffix = UnsafeBufferPointer(start: old.utf8Start, count: old.utf8CodeUnitCount)
        if out.count >= suffix.count, out.contents[(out.count - suffix.count)...].elementsEqual(suffix) {
            out.truncate(toCount: out.count - suffix.count)
            // SEMOP -> semop
            let name = UnsafeBufferPointer(start: subcall.name.utf8Start, count: subcall.name.utf8CodeUnitCount)
            for byte in name { out.append(byte: byte >= 65 && byte <= 90 ? byte + 32 : byte) }
            out.append(byte: UInt8(ascii: "("))
        }
        shiftIPCArguments()
        switch subcall.call {
        case Constants.SEMOP:
            decimal(0)
            semaphoreOperations(3, count: 1)
        case Constants.SEMTIMEDOP:
            decimal(0)
            semaphoreOperations(3, count: 1)
            next()
            timespec32(at: arg(4))
        case Constants.SEMGET:
            return DecoderTable.nativeDecoder(.semget)?.entry(&self) ?? .done()
        case Constants.MSGGET:
            return DecoderTable.nativeDecoder(.msgget)?.entry(&self) ?? .done()
        case Constants.SHMGET:
            return DecoderTable.nativeDecoder(.shmget)?.entry(&self) ?? .done()
        case Constants.SEMCTL:
            return compatSemctlEntry(indirect: true)
        case Constants.MSGSND:
            decimal(0)
            next()
            messageBuffer32(at: arg(3), count: arg(1))
            unsignedLong(1)
            next()
            ipcFlagsValue(arg(2), Constants.ipcMessageFlags, unknown: "MSG_???")
        case Constants.MSGRCV:
            decimal(0)
            return .atExit
        case Constants.MSGCTL:
            return compatMsgctlEntry(buffer: 3)
        case Constants.SHMCTL:
            return compatShmctlEntry(buffer: 3)
        case Constants.SHMAT:
            decimal(0)
            pointer(3)
            next()
            ipcFlagsValue(arg(1), Constants.shmAttachFlags, unknown: "SHM_???")
            return .resultAtExit
        case Constants.SHMDT:
            pointer(3)
        default:
            break
        }
        return .done()
    }

    /// The sub-call's arguments: ipc's second to sixth.
    mutating func shiftIPCArguments() {
        arguments = SyscallArguments(arg(1), arg(2), arg(3), arg(4), arg(5), 0)
        argumentNames = []
    }

    /// ipc at exit: msgrcv's buffer, shmat's attach address (which the
    /// kernel stores at `third`), each as strace prints them.
    mutating func ipcExit() -> ReturnFormat {
        guard let subcall = ipcSubcall else { return .decimal }
        shiftIPCArguments()
        switch subcall.call {
        case Constants.MSGRCV:
            if subcall.version != 0 {
                next()
                messageBuffer32(at: arg(3), count: arg(1))
                unsignedLong(1)
                next()
                signedValue(Int32(truncatingIfNeeded: arg(4)))
            } else {
                // The old form: msgp and msgtyp in a two-word array at ptr.
                // The array's address when the call failed or it is unreadable (then no msgtyp).
                next()
                if arg(3) == 0 || failed {
                    pointerValue(arg(3))
                    unsignedLong(1)
                } else if let pair = try? memory.load((UInt32, Int32).self, from: arg(3)) {
                    messageBuffer32(at: UInt64(pair.0), count: arg(1))
                    unsignedLong(1)
                    next()
                    signedValue(pair.1)
                } else {
                    unreadable(arg(3))
                    unsignedLong(1)
                }
            }
            next()
            ipcFlagsValue(arg(2), Constants.ipcMessageFlags, unknown: "MSG_???")
            return .decimal
        case Constants.SEMCTL:
            return compatSemctlExit(indirect: true)
        case Constants.MSGCTL:
            return compatMsgctlExit(buffer: 3)
        case Constants.SHMCTL:
            return compatShmctlExit(buffer: 3)
        case Constants.SHMAT:
            guard !failed else { return .decimal }
            // Read whatever -e verbose= says, as strace reads it.
            let attached = try? memory.remote.load(UInt32.self, from: arg(2))
            resultPrinter = { _, out in
                if let attached { out.append(hex: UInt64(attached)) } else { out.append("?") }
            }
            return .custom
        default:
            return .decimal
        }
    }
}

// MARK: i386's System V IPC structures (IPC_64 layouts, as strace reads them)

extension Decoding {
    /// semctl's structure argument: the fourth, or (through ipc) the
    /// pointer the fourth points to (nil, with it printed, when unreadable).
    mutating func semctlBuffer(indirect: Bool) -> UInt64? {
        guard indirect else { return arg(3) }
        guard let pointer = try? memory.load(UInt32.self, from: arg(3)) else {
            if arg(3) == 0 { pointerValue(0) } else { unreadable(arg(3)) }
            return nil
        }
        return UInt64(pointer)
    }

    /// An address as strace prints a structure it could not read: `[0x...]`
    /// when it came through ipc's pointer.
    mutating func ipcAddress(_ address: UInt64, indirect: Bool) {
        if indirect { beginArray() }
        pointerValue(address)
        if indirect { endArray() }
    }

    /// Whether `size` bytes at `address` can be read (for `[address]` when not).
    func ipcReadable(_ address: UInt64, size: Int) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { buffer in
            (try? memory.readExactly(from: address, into: buffer)) != nil
        }
    }

    mutating func compatSemctlEntry(indirect: Bool) -> EntryResult {
        decimal(0)
        decimal(1)
        next()
        ipcCommandValue(UInt32(truncatingIfNeeded: arg(2)), Constants.semctlCommands, unknown: "SEM_???")
        // strace reads ipc's semun pointer at entry: unreadable, it is all the call prints.
        if indirect && (try? memory.load(UInt32.self, from: arg(3))) == nil {
            next()
            _ = semctlBuffer(indirect: true)
            return .done()
        }
        switch ipcCommand(2) {
        case Constants.IPC_STAT, Constants.SEM_STAT, Constants.SEM_STAT_ANY, Constants.IPC_INFO, Constants.SEM_INFO:
            return .atExit
        default:
            break
        }
        next()
        guard let address = semctlBuffer(indirect: indirect) else { return .done() }
        switch ipcCommand(2) {
        case Constants.IPC_SET:
            if indirect && address != 0 && !ipcReadable(address, size: 64) { ipcAddress(address, indirect: true); return .done() }
            semidDescription32(at: address, set: true)
            return .done()
        case Constants.IPC_STAT, Constants.SEM_STAT, Constants.SEM_STAT_ANY, Constants.IPC_INFO, Constants.SEM_INFO:
            return .atExit
        default:
            ipcAddress(address, indirect: indirect)
            return .done()
        }
    }

    mutating func compatSemctlExit(indirect: Bool) -> ReturnFormat {
        // The pointer was read at entry; the kernel has not changed it.
        guard let address = indirect ? (try? memory.load(UInt32.self, from: arg(3))).map({ UInt64($0) }) : arg(3) else {
            return .decimal
        }
        let info = ipcCommand(2) == Constants.IPC_INFO || ipcCommand(2) == Constants.SEM_INFO
        next()
        if indirect && !failed && address != 0 && !ipcReadable(address, size: info ? 40 : 64) {
            ipcAddress(address, indirect: true)
        } else if info {
            semLimits(at: address)
        } else {
            semidDescription32(at: address, set: false)
        }
        return .decimal
    }

    mutating func compatShmctlEntry(buffer: Int) -> EntryResult {
        decimal(0)
        next()
        ipcCommandValue(UInt32(truncatingIfNeeded: arg(1)), Constants.shmctlCommands, unknown: "SHM_???")
        switch ipcCommand(1) {
        case Constants.IPC_SET:
            next()
            shmidDescription32(at: arg(buffer), set: true)
            return .done()
        case Constants.IPC_STAT, Constants.SHM_STAT, Constants.SHM_STAT_ANY, Constants.IPC_INFO, Constants.SHM_INFO:
            return .atExit
        default:
            pointer(buffer)
            return .done()
        }
    }

    mutating func compatShmctlExit(buffer: Int) -> ReturnFormat {
        next()
        let address = arg(buffer)
        switch ipcCommand(1) {
        case Constants.IPC_INFO: shmLimits32(at: address)
        case Constants.SHM_INFO: shmUsage32(at: address)
        default: shmidDescription32(at: address, set: false)
        }
        return .decimal
    }

    mutating func compatMsgctlEntry(buffer: Int) -> EntryResult {
        decimal(0)
        next()
        ipcCommandValue(UInt32(truncatingIfNeeded: arg(1)), Constants.msgctlCommands, unknown: "MSG_???")
        switch ipcCommand(1) {
        case Constants.IPC_SET:
            next()
            msqidDescription32(at: arg(buffer), set: true)
            return .done()
        case Constants.IPC_STAT, Constants.MSG_STAT, Constants.MSG_STAT_ANY, Constants.IPC_INFO, Constants.MSG_INFO:
            return .atExit
        default:
            pointer(buffer)
            return .done()
        }
    }

    mutating func compatMsgctlExit(buffer: Int) -> ReturnFormat {
        next()
        let address = arg(buffer)
        switch ipcCommand(1) {
        case Constants.IPC_INFO, Constants.MSG_INFO: msgLimits(at: address)
        default: msqidDescription32(at: address, set: false)
        }
        return .decimal
    }

    /// i386's `struct shmid64_ds` (84 bytes; its ipc64_perm is 36).
    mutating func shmidDescription32(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 84) { d, s in
            d.beginStructure()
            d.field("shm_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("shm_segsz"); d.unsignedValue(s.u32(36))
                d.field("shm_cpid"); d.ipcPIDValue(s.i32(64))
                d.field("shm_lpid"); d.ipcPIDValue(s.i32(68))
                d.field("shm_nattch"); d.unsignedValue(s.u32(72))
                d.field("shm_atime"); d.unsignedValue(s.u32(40))
                d.field("shm_dtime"); d.unsignedValue(s.u32(48))
                d.field("shm_ctime"); d.unsignedValue(s.u32(56))
            }
            d.endStructure()
        }
    }

    /// i386's `struct shminfo64` (nine 32-bit longs).
    mutating func shmLimits32(at address: UInt64) {
        ipcStructure(at: address, size: 36) { d, s in
            d.beginStructure()
            d.field("shmmax"); d.unsignedValue(s.u32(0))
            d.field("shmmin"); d.unsignedValue(s.u32(4))
            d.field("shmmni"); d.unsignedValue(s.u32(8))
            d.field("shmseg"); d.unsignedValue(s.u32(12))
            d.field("shmall"); d.unsignedValue(s.u32(16))
            d.endStructure()
        }
    }

    /// i386's `struct shm_info` (an int and five 32-bit longs).
    mutating func shmUsage32(at address: UInt64) {
        ipcStructure(at: address, size: 24) { d, s in
            d.beginStructure()
            d.field("used_ids"); d.signedValue(s.i32(0))
            d.field("shm_tot"); d.unsignedValue(s.u32(4))
            d.field("shm_rss"); d.unsignedValue(s.u32(8))
            d.field("shm_swp"); d.unsignedValue(s.u32(12))
            d.field("swap_attempts"); d.unsignedValue(s.u32(16))
            d.field("swap_successes"); d.unsignedValue(s.u32(20))
            d.endStructure()
        }
    }

    /// i386's `struct semid64_ds` (64 bytes).
    mutating func semidDescription32(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 64) { d, s in
            d.beginStructure()
            d.field("sem_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("sem_otime"); d.unsignedValue(s.u32(36))
                d.field("sem_ctime"); d.unsignedValue(s.u32(44))
                d.field("sem_nsems"); d.unsignedValue(s.u32(52))
            }
            d.endStructure()
        }
    }

    /// i386's `struct msqid64_ds` (88 bytes); with IPC_SET the permissions and msg_qbytes.
    mutating func msqidDescription32(at address: UInt64, set: Bool) {
        ipcStructure(at: address, size: 88) { d, s in
            d.beginStructure()
            d.field("msg_perm"); d.ipcPermissions(s, set: set)
            if !set {
                d.field("msg_stime"); d.unsignedValue(s.u32(36))
                d.field("msg_rtime"); d.unsignedValue(s.u32(44))
                d.field("msg_ctime"); d.unsignedValue(s.u32(52))
                d.field("msg_qnum"); d.unsignedValue(s.u32(64))
            }
            d.field("msg_qbytes"); d.unsignedValue(s.u32(68))
            if !set {
                d.field("msg_lspid"); d.signedValue(s.i32(72))
                d.field("msg_lrpid"); d.signedValue(s.i32(76))
            }
            d.endStructure()
        }
    }
}

// MARK: i386's directory entries

extension Decoding {
    /// A name as strace's printpathn prints it: up to the NUL, at most
    /// `limit` bytes, `...` when longer; false (the address printed) when unreadable.
    mutating func direntPath(at address: UInt64, limit: Int) -> Bool {
        if limit <= 0, let first = try? memory.load(UInt8.self, from: address) {
            stringValue(EmptyCollection<UInt8>(), truncated: first != 0)
        } else if limit > 0, let read = try? memory.readCString(at: address, limit: limit, into: &scratch) {
            stringValue(scratch, truncated: read.truncated)
        } else {
            unreadable(address)
            return false
        }
        return true
    }

    /// readdir's `struct old_linux_dirent` (read as strace reads it: 12
    /// bytes), its d_namlen printed as d_reclen.
    mutating func oldDirent(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let head = try? memory.load((UInt32, UInt32, UInt16, UInt16).self, from: address) else {
            unreadable(address)
            return
        }
        beginStructure()
        field("d_ino"); unsignedValue(head.0)
        field("d_off"); unsignedValue(head.1)
        field("d_reclen"); unsignedValue(head.2)
        field("d_name")
        _ = direntPath(at: address &+ 10, limit: Int(min(head.2, 256)))
        endStructure()
    }
}

extension Decoding {
    /// i386's `struct mmsghdr` array (a 28-byte msghdr and msg_len), as the
    /// native `mmsghdrs` prints x86_64's: at most 1024 headers, `msg_len`
    /// for the first `lengthsShown`, data cut at each msg_len when `useLengths`.
    mutating func mmsghdrs32(at address: UInt64, count: UInt64, lengthsShown: UInt64, useLengths: Bool) {
        typealias Element = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        var remaining = 1024
        var lengths = lengthsShown
        var index: UInt64 = 0
        straceArrayWhile(at: address, count: count, of: Element.self, evenAfterFailure: true) { d, element in
            guard remaining > 0 else { d.textValue("..."); return false }
            remaining -= 1
            d.beginStructure()
            d.field("msg_hdr")
            d.compatMsghdr(at: address &+ index &* 32, data: useLengths ? Int(element.7) : -1, output: false)
            if lengths > 0 {
                d.field("msg_len"); d.unsignedValue(element.7)
                lengths -= 1
            }
            d.endStructure()
            index += 1
            return true
        }
    }
}

extension Decoding {
    /// A signal mask of `length` bytes as strace reads an i386 tracee's: any
    /// multiple of the 4-byte word up to 8 bytes, else the address.
    mutating func compatSignalSet(at address: UInt64, length: UInt64) {
        guard length % 4 == 0 else { pointerValue(address); return }
        signalSet(at: address, length: length, minimum: 4)
    }
}

extension Decoding {
    /// i386's `struct __sysctl_args`, its pointers as addresses, as the
    /// native decoder prints x86_64's.
    mutating func sysctlArguments32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        typealias Words = (UInt32, Int32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        guard let w = try? memory.load(Words.self, from: address) else { unreadable(address); return }
        beginStructure()
        field("name"); pointerValue(UInt64(w.0))
        field("nlen"); signedValue(w.1)
        field("oldval"); pointerValue(UInt64(w.2))
        field("oldlenp"); pointerValue(UInt64(w.3))
        field("newval"); pointerValue(UInt64(w.4))
        field("newlen"); unsignedValue(w.5)
        endStructure()
    }
}

extension Decoding {
    /// A 4-byte pointer or unsigned long the kernel stored: `[0x...]`.
    mutating func storedPointer32(at address: UInt64) {
        guard address != 0, let value = try? memory.load(UInt32.self, from: address) else { pointerValue(address); return }
        beginArray()
        pointerValue(UInt64(value))
        endArray()
    }

    /// i386's seccomp at entry: the native decoder's, but
    /// SECCOMP_SET_MODE_FILTER's `struct sock_fprog` is {u16 len; 4-byte filter}.
    mutating func compatSeccompEntry() -> EntryResult {
        guard Int64(arg(0) & 0xffff_ffff) == Constants.SECCOMP_SET_MODE_FILTER else { return seccompEntry() }
        next()
        xlatValue(arg(0) & 0xffff_ffff, Constants.seccompOperations, unknown: "SECCOMP_SET_MODE_???")
        next()
        flagSet(arg(1) & 0xffff_ffff, Constants.seccompFilterFlags, unknown: "SECCOMP_FILTER_FLAG_???")
        next()
        let address = arg(2)
        guard address != 0, let program = try? memory.load((UInt16, UInt16, UInt32).self, from: address) else {
            pointerValue(address)
            return .done()
        }
        beginStructure()
        field("len"); unsignedValue(program.0)
        field("filter"); seccompFilter(at: UInt64(program.2), count: UInt64(program.0))
        endStructure()
        return .done()
    }

    /// i386's io_getevents, io_pgetevents and io_pgetevents_time64 at exit:
    /// the events (as native), the timeout (32-bit unless `time64`), and
    /// io_pgetevents' `{sigmask=..., sigsetsize=N}` of two 4-byte words.
    mutating func compatIoGetEventsExit(signals: Bool, time64: Bool) -> ReturnFormat {
        next()
        if failed {
            pointerValue(arg(3))
        } else {
            kernelArray(at: arg(3), count: UInt64(max(0, result)), size: 32) { d, raw in d.ioEvent(raw) }
        }
        next()
        if time64 { timespec(at: arg(4)) } else { timespec32(at: arg(4)) }
        if signals {
            next()
            let address = arg(5)
            if address != 0, let argument = try? memory.load((UInt32, UInt32).self, from: address) {
                beginStructure()
                field("sigmask"); compatSignalSet(at: UInt64(argument.0), length: UInt64(argument.1))
                field("sigsetsize"); unsignedValue(argument.1)
                endStructure()
            } else {
                pointerValue(address)
            }
        }
        return .decimal
    }

    /// kexec_load's segments as i386 lays them out ({buf, bufsz, mem,
    /// memsz}, four 4-byte words), at most KEXEC_SEGMENT_MAX (16) of them.
    mutating func kexecSegments32(at address: UInt64, count: UInt64) {
        guard count <= 16 else { pointerValue(address); return }
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else {
            beginArray()
            endArray()
            return
        }
        let shownCount = unabbreviated ? Int(count) : min(Int(count), format.stringLimit)
        for index in 0..<Int(count) {
            let element = address &+ UInt64(index * 16)
            guard let segment = try? memory.load((UInt32, UInt32, UInt32, UInt32).self, from: element) else {
                if index == 0 {
                    unreadable(address)
                } else {
                    // strace's `, ... /* 0x... */]`: the first element it could not read.
                    out.append(", ... /* ")
                    out.append(hex: element)
                    out.append(" */")
                    endArray()
                }
                return
            }
            if index == 0 { beginArray() }
            if index >= shownCount {
                endArray(cut: true)
                return
            }
            beginStructure()
            field("buf"); pointerValue(UInt64(segment.0))
            field("bufsz"); unsignedValue(segment.1)
            field("mem"); pointerValue(UInt64(segment.2))
            field("memsz"); unsignedValue(segment.3)
            endStructure()
        }
        endArray()
    }

    /// kexec_load's flags: the architecture (KEXEC_ARCH_MASK bits), then
    /// the other flags (`KEXEC_ARCH_DEFAULT|0x4 /* KEXEC_??? */`).
    mutating func kexecLoadFlags32(_ value: UInt64) {
        let style = format.constants
        customValue(.unsigned(value, .hexadecimal)) { out in
            let architecture = value & 0xffff_0000  // KEXEC_ARCH_MASK
            let flags = value & 0xffff
            let name = Constants.kexecArchitectures.first { UInt64(bitPattern: $0.value) == architecture }
            if style == .abbrev, let name {
                out.append(name.name)
            } else {
                Decoding.appendHex(architecture, to: &out)
                if style != .raw {
                    out.append(" /* ")
                    if let name { out.append(name.name) } else { out.append("KEXEC_ARCH_???") }
                    out.append(" */")
                }
            }
            guard flags != 0 else { return }
            out.append("|")
            let named = Constants.kexecLoadFlags.contains { $0.value > 0 && UInt64($0.value) & flags == UInt64($0.value) }
            if style == .raw || !named {
                out.append(hex: flags)
                if style != .raw { out.append(" /* KEXEC_??? */") }
                return
            }
            if style == .verbose { out.append(hex: flags); out.append(" /* ") }
            out.appendFlags(flags, in: Constants.kexecLoadFlags)
            if style == .verbose { out.append(" */") }
        }
    }

    /// i386's ptrace at entry: requests whose data has an i386 layout
    /// (siginfo, the regset iovec, user_regs_struct, user_fpregs_struct)
    /// here, the others as native.
    mutating func compatPtraceEntry() -> EntryResult {
        let request = arg(0), address = arg(2), data = arg(3)
        switch request {
        case PtraceDecoders.setSignalInfo, PtraceDecoders.getRegisterSet, PtraceDecoders.setRegisterSet,
             PtraceDecoders.getRegisters, PtraceDecoders.setRegisters,
             PtraceDecoders.getFPRegisters, PtraceDecoders.setFPRegisters:
            break
        default:
            return ptraceEntry()
        }
        next()
        xlatValue(request, Constants.ptraceRequests, unknown: "PTRACE_???")
        pid(1)
        switch request {
        case PtraceDecoders.getRegisters, PtraceDecoders.getFPRegisters:
            return .atExit
        case PtraceDecoders.setRegisters:
            next()
            registers32(at: data, size: 68)
            return .done()
        case PtraceDecoders.setFPRegisters:
            next()
            fpRegisters32(at: data, size: 108)
            return .done()
        case PtraceDecoders.setSignalInfo:
            pointer(2)
            next()
            compatSiginfoArgument(at: data)
            return .done()
        default:
            break
        }
        // PTRACE_GETREGSET and PTRACE_SETREGSET.
        next()
        xlatValue(address, Constants.ntDescriptorTypes, unknown: "NT_???")
        let vector = registerVector32(at: data)
        if request == PtraceDecoders.getRegisterSet, let vector {
            // At exit, with the length the caller passed.
            saved = Int64(vector.length)
            return .atExit
        }
        next()
        guard let vector else { pointerValue(data); return .done() }
        beginStructure()
        field("iov_base"); registerSet32(type: address, at: vector.base, size: vector.length)
        field("iov_len"); unsignedValue(vector.length)
        endStructure()
        return .done()
    }

    /// i386's ptrace at exit: a peeked or event word of 4 bytes, i386's
    /// siginfo and registers; the rest as native.
    mutating func compatPtraceExit() -> ReturnFormat {
        let request = arg(0), address = arg(2), data = arg(3)
        switch request {
        case PtraceDecoders.getRegisters:
            next()
            registers32(at: data, size: 68)
            return .decimal
        case PtraceDecoders.getFPRegisters:
            next()
            fpRegisters32(at: data, size: 108)
            return .decimal
        case PtraceDecoders.getRegisterSet:
            next()
            guard let vector = registerVector32(at: data) else { pointerValue(data); return .decimal }
            let before = saved.map { UInt64(bitPattern: $0) } ?? vector.length
            beginStructure()
            field("iov_base"); registerSet32(type: address, at: vector.base, size: vector.length)
            field("iov_len")
            customValue(.unsigned(vector.length, .decimal)) { out in
                out.append(decimal: before)
                if before != vector.length { out.append(" => "); out.append(decimal: vector.length) }
            }
            endStructure()
            return .decimal
        case PtraceDecoders.peekData, PtraceDecoders.peekText, PtraceDecoders.peekUser, PtraceDecoders.getEventMessage,
             PtraceDecoders.getSignalInfo, PtraceDecoders.peekSignalInfo:
            break
        default:
            return ptraceExit()
        }
        next()
        guard !failed, data != 0 else { pointerValue(data); return .decimal }
        switch request {
        case PtraceDecoders.peekData, PtraceDecoders.peekText, PtraceDecoders.peekUser:
            storedPointer32(at: data)
        case PtraceDecoders.getEventMessage:
            if let value = try? memory.load(UInt32.self, from: data) {
                beginArray(); unsignedValue(value); endArray()
            } else {
                unreadable(data)
            }
        case PtraceDecoders.getSignalInfo:
            compatSiginfoArgument(at: data)
        default:  // PTRACE_PEEKSIGINFO: i386's 128-byte siginfos.
            var index: UInt64 = 0
            kernelArray(at: data, count: UInt64(max(0, result)), size: 128) { d, _ in
                let element = data &+ index &* 128
                index += 1
                if let raw = d.compatSiginfo(at: element) { d.signalInfoValue(SignalInfo(raw)) } else { d.unreadable(element) }
            }
        }
        return .decimal
    }

    /// The i386 `struct iovec` of PTRACE_GETREGSET/SETREGSET.
    func registerVector32(at address: UInt64) -> (base: UInt64, length: UInt64)? {
        guard address != 0, let vector = try? memory.load((UInt32, UInt32).self, from: address) else { return nil }
        return (UInt64(vector.0), UInt64(vector.1))
    }

    /// An i386 register set by its note type, else its address.
    mutating func registerSet32(type: UInt64, at address: UInt64, size: UInt64) {
        switch Int64(bitPattern: type) {
        case Constants.NT_PRSTATUS: registers32(at: address, size: size)
        case Constants.NT_FPREGSET: fpRegisters32(at: address, size: size)
        default: pointerValue(address)
        }
    }

    /// The first `size` bytes of i386's 68-byte `struct user_regs_struct`
    /// (`...` when `size` is larger); the address for a size that is not a
    /// whole number of 4-byte registers, unreadable memory or a failed call.
    mutating func registers32(at address: UInt64, size: UInt64) {
        let names: [StaticString] = ["ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "xds", "xes", "xfs", "xgs",
                                     "orig_eax", "eip", "xcs", "eflags", "esp", "xss"]
        let fetched = Int(min(size, 68))
        var bytes: [UInt8] = []
        guard size != 0, size & 3 == 0, address != 0, !(exit != nil && failed),
              (try? memory.readExactly(from: address, count: fetched, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        beginStructure()
        for (index, name) in names.enumerated() where index * 4 < fetched {
            field(name); hexValue(UInt64(Decoding.word(bytes[...], at: index * 4, as: UInt32.self)))
        }
        endStructure(abbreviated: size > 68)
    }

    /// The first `size` bytes of i386's 108-byte `struct user_fpregs_struct`
    /// (seven longs, then st_space[20]), as `registers32`.
    mutating func fpRegisters32(at address: UInt64, size: UInt64) {
        let names: [StaticString] = ["cwd", "swd", "twd", "fip", "fcs", "foo", "fos"]
        let fetched = Int(min(size, 108))
        var bytes: [UInt8] = []
        guard size != 0, size & 3 == 0, address != 0, !(exit != nil && failed),
              (try? memory.readExactly(from: address, count: fetched, into: &bytes, structure: true)) != nil else {
            pointerValue(address)
            return
        }
        let raw = bytes[...]
        beginStructure()
        for (index, name) in names.enumerated() where index * 4 < fetched {
            field(name); hexValue(UInt64(Decoding.word(raw, at: index * 4, as: UInt32.self)))
        }
        if fetched > 28 {
            field("st_space")
            let count = (fetched - 28) / 4
            let shown = unabbreviated ? count : min(count, max(0, format.stringLimit))
            beginArray()
            for index in 0..<shown { hexValue(UInt64(Decoding.word(raw, at: 28 + 4 * index, as: UInt32.self))) }
            endArray(cut: shown < count)
        }
        endStructure(abbreviated: size > 108)
    }
}
