/// A family's decoders by syscall, written as a dictionary literal
/// (`.openat: SyscallDecoder { ... }`) but kept as the pairs in their order:
/// a syscall listed twice is reported by `DecoderTable.duplicates()` rather
/// than trapping or silently replacing the other.
import WiretapCore
struct DecoderFamily: ExpressibleByDictionaryLiteral, Sendable {
    let entries: [(syscall: Syscall, decoder: SyscallDecoder)]

    init(dictionaryLiteral elements: (Syscall, SyscallDecoder)...) {
        entries = elements.map { (syscall: $0.0, decoder: $0.1) }
    }
}

extension Syscall {
    /// This syscall's number in `arch`, by its name there (nil if that ABI has none).
    func number(in arch: AuditArch) -> Int? {
        if arch == .x86_64 { return number }
        return SyscallTable.number(of: name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }, arch: arch)
    }
}

/// Decoders by syscall number, for the native ABI.
package enum DecoderTable {
    /// Every family of decoders.
    static let families: [DecoderFamily] = [
        StartupDecoders.all,
        FileDecoders.all,
        StatDecoders.all,
        FcntlDecoders.all,
        IoctlDecoders.all,
        DirectoryDecoders.all,
        LinkDecoders.all,
        FileAttributeDecoders.all,
        XattrDecoders.all,
        ProcessDecoders.all,
        NetworkDecoders.all,
        PollingDecoders.all,
        MemoryDecoders.all,
        MemoryPolicyDecoders.all,
        SignalDecoders.all,
        DataCallDecoders.all,
        AdminDecoders.all,
        IPCDecoders.all,
        TimeDecoders.all,
        PtraceDecoders.all,
        PrctlDecoders.all,
        BPFDecoders.all,
        KernelInterfaceDecoders.all,
        AsyncIODecoders.all,
    ]

    /// The syscalls with more than one decoder (in two families, or twice in
    /// one), by name; the table keeps the first. Empty, or it is a mistake.
    static func duplicates(in families: [DecoderFamily] = families) -> [String] {
        var seen = Set<Syscall>()
        var duplicated: [Syscall] = []
        for family in families {
            for entry in family.entries where !seen.insert(entry.syscall).inserted && !duplicated.contains(entry.syscall) {
                duplicated.append(entry.syscall)
            }
        }
        return duplicated.map { $0.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
    }

    /// Indexed by native number; where a syscall has two decoders (see
    /// `duplicates()`), the first family's.
    static let native: [SyscallDecoder?] = {
        let names = SyscallTable.names(for: .native)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        for family in families {
            for (syscall, decoder) in family.entries {
                guard let number = syscall.number(in: .native), number < table.count, table[number] == nil else { continue }
                table[number] = decoder
            }
        }
        return table
    }()

    /// Calls of the 32-bit compat ABI (i386 on x86_64) decoded by the native
    /// decoder of the same name: those whose arguments are ints, descriptors,
    /// strings, flags, sizes and longs (`Decoding` sign-extends a 32-bit
    /// long), and whose structures have only fixed-width fields (termios,
    /// sockaddr, pollfd, epoll_event, statx, open_how, clone_args, rlimit64,
    /// linux_dirent64, sigsets). Calls with structures of longs, pointers or
    /// 32-bit time_t (iovec, timespec, stat, sigaction, msghdr, rusage,
    /// siginfo), 64-bit values split across registers or arrays of pointers
    /// (execve's argv) are printed raw instead, or by `CompatDecoders`.
    static let compatLayoutIndependent: [Syscall] = [
        .read, .write, .open, .close, .creat, .link, .unlink, .chdir, .chmod, .access, .kill,
        .rename, .mkdir, .rmdir, .dup, .pipe, .umask, .dup2, .symlink, .readlink, .fchmod,
        .fchdir, .fsync, .fdatasync, .exit, .exit_group, .openat, .mkdirat, .unlinkat, .renameat,
        .renameat2, .linkat, .symlinkat, .readlinkat, .fchmodat, .faccessat, .faccessat2, .dup3,
        .pipe2, .getcwd, .brk, .munmap, .mprotect, .tkill, .tgkill, .getrandom, .chroot,
        .lseek, .alarm, .ioctl, .setpgid, .getpgid, .getsid, .getpriority, .setpriority,
        .truncate, .ftruncate, .uname, .fchownat, .flock, .msync, .mremap, .madvise, .mincore,
        .mlock, .munlock, .mlockall, .mlock2, .membarrier,
        .sched_setparam, .sched_getparam, .sched_setscheduler, .sched_getscheduler,
        .sched_get_priority_max, .sched_get_priority_min, .sched_getaffinity, .sched_setaffinity,
        .getdents64, .getxattr, .lgetxattr, .fgetxattr, .set_robust_list, .copy_file_range,
        .epoll_create, .epoll_create1, .epoll_ctl, .epoll_wait, .epoll_pwait, .epoll_pwait2,
        .eventfd, .eventfd2, .timerfd_create, .pidfd_open, .mq_unlink, .poll,
        .socket, .socketpair, .bind, .connect, .listen, .accept4, .getsockname, .getpeername,
        .shutdown, .sendto, .recvfrom,
        // Option values print as ints, linger and ucred (ints), else bytes.
        .setsockopt, .getsockopt,
        .rt_sigprocmask, .rt_sigpending, .rt_sigsuspend, .signalfd, .signalfd4,
        .prctl, .prlimit64, .statx, .openat2, .clone3, .set_tid_address,
        // wait4 prints its rusage as an address, whatever the ABI.
        .wait4,
        // Ints, strings, flags and sizes only, or structures of fixed-width
        // fields (file_handle, sched_attr, perf_event_attr, io_uring_params,
        // mount_attr, landlock attributes, futex_waitv, bpf_attr).
        .mknod, .mknodat, .sethostname, .setdomainname, .swapon, .swapoff, .reboot, .syslog,
        .init_module, .finit_module, .delete_module, .acct, .uselib, .pivot_root,
        .setxattr, .lsetxattr, .fsetxattr, .listxattr, .llistxattr, .flistxattr, .removexattr,
        .lremovexattr, .fremovexattr, .inotify_add_watch, .inotify_rm_watch, .inotify_init1,
        .name_to_handle_at, .open_by_handle_at, .ioprio_set, .ioprio_get, .fanotify_init,
        .mount, .umount2, .open_tree, .move_mount, .fsopen, .fsconfig, .fsmount, .fspick,
        .mount_setattr, .quotactl, .quotactl_fd, .tee, .splice, .syncfs, .setns, .unshare,
        .pidfd_getfd, .process_mrelease, .iopl, .ioperm, .timer_getoverrun, .timer_delete,
        .pkey_alloc, .pkey_free, .pkey_mprotect, .close_range, .keyctl, .add_key, .request_key,
        .memfd_create, .memfd_secret, .personality, .userfaultfd, .capget, .capset,
        .landlock_create_ruleset, .landlock_add_rule, .landlock_restrict_self, .futex_waitv,
        .set_mempolicy_home_node, .io_uring_setup, .io_uring_enter,
        .perf_event_open, .bpf, .sched_setattr, .sched_getattr, .kcmp, .getcpu,
        // (io_uring_register is not: IORING_REGISTER_BUFFERS passes iovecs.)
        // ustat prints its buffer as an address (strace is built without <ustat.h>).
        .ustat,
        // System V IPC without structures of longs (the *ctl calls have them).
        .semget, .shmget, .msgget, .shmat, .shmdt,
        .remap_file_pages,
        // io_destroy takes only the context id, io_cancel an iocb and an
        // io_event (fixed-width in both ABIs).
        .io_destroy, .io_cancel,
        // user_desc is the same in both ABIs.
        .get_thread_area,
        // The kernel refuses ARCH_GET_FS/GS from a 32-bit tracee, so no
        // long is ever read at exit.
        .arch_prctl,
    ]

    /// i386 calls with no x86_64 call of their name whose arguments mean
    /// what the named native call's do: the 32-bit uid calls, sendfile64
    /// (a 64-bit offset, as x86_64's sendfile), and the time64 calls (their
    /// timespecs have a 64-bit tv_sec, as x86_64's).
    static let compatAliases: [(name: StaticString, native: Syscall)] = [
        ("chown32", .chown), ("lchown32", .lchown), ("fchown32", .fchown),
        ("getuid32", .getuid), ("getgid32", .getgid), ("geteuid32", .geteuid), ("getegid32", .getegid),
        ("setuid32", .setuid), ("setgid32", .setgid), ("setreuid32", .setreuid), ("setregid32", .setregid),
        ("setresuid32", .setresuid), ("setresgid32", .setresgid), ("getresuid32", .getresuid),
        ("getresgid32", .getresgid), ("setfsuid32", .setfsuid), ("setfsgid32", .setfsgid),
        ("getgroups32", .getgroups), ("setgroups32", .setgroups), ("sendfile64", .sendfile),
        ("clock_gettime64", .clock_gettime), ("clock_settime64", .clock_settime),
        ("clock_getres_time64", .clock_getres), ("clock_nanosleep_time64", .clock_nanosleep),
        ("timer_gettime64", .timer_gettime), ("timer_settime64", .timer_settime),
        ("timerfd_gettime64", .timerfd_gettime), ("timerfd_settime64", .timerfd_settime),
        ("utimensat_time64", .utimensat), ("ppoll_time64", .ppoll), ("futex_time64", .futex),
        ("mq_timedsend_time64", .mq_timedsend), ("mq_timedreceive_time64", .mq_timedreceive),
        ("sched_rr_get_interval_time64", .sched_rr_get_interval), ("semtimedop_time64", .semtimedop),
        ("clock_adjtime64", .clock_adjtime),
    ]

    /// The native decoder of `syscall` (compat decoders that rearrange
    /// their arguments into x86_64's call hand it over).
    static func nativeDecoder(_ syscall: Syscall) -> SyscallDecoder? {
        guard let number = syscall.number(in: .native), number < native.count else { return nil }
        return native[number]
    }

    static let compat: [SyscallDecoder?] = {
        guard let arch = SyscallSet.compat else { return [] }
        let names = SyscallTable.names(for: arch)
        var table = [SyscallDecoder?](repeating: nil, count: names.count)
        func place(_ number: Int?, _ decoder: SyscallDecoder?) {
            guard let number, number >= 0, number < table.count, let decoder else { return }
            table[number] = decoder
        }
        func nativeDecoder(_ syscall: Syscall) -> SyscallDecoder? {
            guard let number = syscall.number(in: .native), number < native.count else { return nil }
            return native[number]
        }
        for syscall in compatLayoutIndependent {
            place(syscall.number(in: arch), nativeDecoder(syscall))
        }
        for alias in compatAliases {
            place(SyscallTable.number(of: alias.name.description, arch: arch), nativeDecoder(alias.native))
        }
        for entry in CompatDecoders.all {
            place(SyscallTable.number(of: entry.name.description, arch: arch), entry.decoder)
        }
        return table
    }()

    /// By i386 number: the arguments the x86_64 call of the same name reads
    /// as a 16-bit umode_t (bit i: argument i), which the kernel narrows in
    /// both ABIs (`mkdir("x", 0x10000)` makes mode 000).
    static let compatShortArguments: [UInt8] = {
        guard let arch = SyscallSet.compat else { return [] }
        let names = SyscallTable.names(for: arch)
        var masks = [UInt8](repeating: 0, count: names.count)
        for (number, name) in names.enumerated() {
            guard let native = SyscallTable.number(of: name.description, arch: .native),
                  native < SyscallClasses.x86_64NarrowArguments.count else { continue }
            masks[number] = UInt8(truncatingIfNeeded: SyscallClasses.x86_64NarrowArguments[native] >> 8)
        }
        return masks
    }()

    /// i386 arguments as the kernel reads them: umode_t ones to 16 bits.
    static func narrowedCompat(_ arguments: SyscallArguments, number: Int) -> SyscallArguments {
        guard number >= 0, number < compatShortArguments.count else { return arguments }
        let mask = compatShortArguments[number]
        guard mask != 0 else { return arguments }
        var result = arguments
        if mask & 1 != 0 { result.a0 &= 0xffff }
        if mask & 2 != 0 { result.a1 &= 0xffff }
        if mask & 4 != 0 { result.a2 &= 0xffff }
        if mask & 8 != 0 { result.a3 &= 0xffff }
        if mask & 16 != 0 { result.a4 &= 0xffff }
        if mask & 32 != 0 { result.a5 &= 0xffff }
        return result
    }

    package static func decoder(for number: Int, arch: AuditArch) -> SyscallDecoder? {
        guard number >= 0 else { return nil }
        if arch == .native { return number < native.count ? native[number] : nil }
        guard arch == SyscallSet.compat, number < compat.count else { return nil }
        return compat[number]
    }
}
