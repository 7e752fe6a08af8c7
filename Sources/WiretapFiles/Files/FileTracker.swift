import CWiretap
import Glibc
import SystemPackage
import WiretapCore
import WiretapSyscalls

/// Which paths a report keeps.
public struct PathFilter: Sendable {
    /// Keep only paths under one of these (all paths when empty).
    public var include: [FilePath] = []
    /// Drop paths under these.
    public var exclude: [FilePath] = []
    /// Pseudo filesystems left out unless asked for with `include`.
    public static let pseudoFilesystems: [FilePath] = ["/proc", "/sys", "/dev"]

    public init(include: [FilePath] = [], exclude: [FilePath] = []) {
        self.include = include.map(Paths.normalize)
        self.exclude = exclude.map(Paths.normalize)
    }

    public func keeps(_ path: FilePath) -> Bool {
        if !include.isEmpty && !include.contains(where: { Paths.isWithin(path, $0) }) { return false }
        if exclude.contains(where: { Paths.isWithin(path, $0) }) { return false }
        let pseudo = PathFilter.pseudoFilesystems.contains { Paths.isWithin(path, $0) }
        return !pseudo || include.contains { Paths.isWithin(path, $0) || Paths.isWithin($0, path) }
    }
}

/// Follows what a traced command does to files: a `Tracer` handler that keeps
/// per-process working directories and descriptor tables, resolves every
/// path argument at syscall entry, and counts calls that succeed at exit.
///
/// With a `Snapshot`, it saves the pre-image of whatever a call is about to
/// change while the caller is stopped at the entry, and records the call
/// before it goes ahead. A call whose change cannot be protected (the
/// pre-image cannot be saved, the journal cannot be written), or that would
/// change the snapshot directory itself, is refused: the kernel skips it and
/// the caller gets EPERM; `refusals` lists them.
public final class FileTracker {
    /// A descriptor the tracker knows: its file's path (nil for pipes,
    /// sockets and other non-files) and how it was opened.
    struct Descriptor {
        var path: FilePath?
        var isRegular: Bool
        var closeOnExec: Bool
        var inherited: Bool
        /// The file actually open, symlinks resolved (from /proc), when snapshotting:
        /// a write through `link -> file` changes `file`.
        var realPath: FilePath? = nil
        /// Its pre-image is saved (or the command created it): later writes need nothing more.
        var protected = false
    }

    /// A descriptor table, shared by tasks created with CLONE_FILES.
    final class DescriptorTable {
        var entries: [Int32: Descriptor] = [:]
        func copy() -> DescriptorTable {
            let table = DescriptorTable()
            table.entries = entries
            return table
        }
    }

    /// Working directory, shared by tasks created with CLONE_FS.
    final class FilesystemContext {
        var cwd: FilePath
        init(cwd: FilePath) { self.cwd = cwd }
    }

    /// What a syscall will do if it succeeds, worked out at its entry.
    enum Pending {
        case open(path: FilePath, flags: Int32, existed: Bool, record: Int?)
        case close(Int32)
        case closeRange(first: UInt32, last: UInt32, cloexecOnly: Bool)
        case duplicate(from: Int32, to: Int32?, closeOnExec: Bool)
        case setCloseOnExec(Int32, Bool)
        case pipe(address: UInt64)
        case nonFileDescriptor
        case chdir(FilePath)
        case fchdir(Int32)
        case write(FilePath)
        case truncate(FilePath)
        case unlink(FilePath, canonical: FilePath?, directory: Bool)
        case mkdir(FilePath, existed: Bool, record: Int?)
        case rename(from: FilePath, to: FilePath, canonical: (FilePath, FilePath)?, exchange: Bool, record: Int?)
        case create(FilePath, existed: Bool, record: Int?)
        case metadata(FilePath)
        case exec(FilePath)
        case sharedMapping(FilePath)
        /// Refused at entry: the kernel skipped it; the exit returns -EPERM.
        case refused
    }

    final class Task {
        var fds: DescriptorTable
        var fs: FilesystemContext
        var pending: Pending? = nil
        var lastEntry: SyscallEntry? = nil
        init(fds: DescriptorTable, fs: FilesystemContext) {
            self.fds = fds
            self.fs = fs
        }
    }

    enum Call: String, CaseIterable {
        case open, openat, openat2, creat, close, close_range, dup, dup2, dup3, fcntl
        case pipe, pipe2, socketpair, socket, accept, accept4, eventfd, eventfd2, epoll_create, epoll_create1
        case memfd_create, signalfd, signalfd4, timerfd_create, inotify_init, inotify_init1, pidfd_open, userfaultfd
        case chdir, fchdir
        case write, pwrite64, writev, pwritev, pwritev2, ftruncate, fallocate, copy_file_range, sendfile, splice
        case truncate, unlink, unlinkat, rmdir, mkdir, mkdirat, rename, renameat, renameat2
        case link, linkat, symlink, symlinkat, mknod, mknodat
        case chmod, fchmod, fchmodat, chown, lchown, fchown, fchownat, utimensat, utimes, futimesat, utime
        case execve, execveat, mmap, io_uring_setup, io_uring_enter, io_uring_register
    }

    /// A change the tracker refused, and why.
    public struct Refusal: Sendable {
        public var pid: pid_t
        public var call: String
        public var path: FilePath?
        public var reason: String
    }

    public private(set) var activity = FileActivity()
    public let filter: PathFilter
    public let snapshot: Snapshot?
    /// Calls refused because their change could not be protected, or because
    /// they would have changed the snapshot directory.
    public private(set) var refusals: [Refusal] = []
    private var tasks: [pid_t: Task] = [:]
    private let calls: [Call?]
    private var pathBuffer: [UInt8] = []
    private var inheritedWrites: Set<FilePath> = []
    private var initialWorkingDirectory: FilePath
    private var sawFirstExec = false
    /// Why the call being entered must be refused (set by the snapshot helpers).
    private var refusal: String? = nil

    /// - Parameters:
    ///   - workingDirectory: the command's starting directory (the tracer's own).
    ///   - snapshot: where to save pre-images, if undo is wanted.
    public init(workingDirectory: FilePath = Paths.currentDirectory(), filter: PathFilter = PathFilter(), snapshot: Snapshot? = nil) {
        self.initialWorkingDirectory = workingDirectory
        self.filter = filter
        self.snapshot = snapshot
        var table = [Call?](repeating: nil, count: SyscallNames.x86_64.count + SyscallNames.aarch64.count)
        for call in Call.allCases {
            if let number = SyscallTable.number(of: call.rawValue) { table[number] = call }
        }
        calls = table
    }

    /// Feeds one event; call from the `Tracer.run` handler, which must then
    /// let the tracee resume (`.automatic`).
    public func handle(_ event: TraceEvent, _ tracee: Tracee) {
        switch event.kind {
        case .syscallEntry(let entry):
            let task = self.task(event.pid)
            task.lastEntry = entry
            task.pending = nil
            guard entry.arch == .native, entry.number >= 0, entry.number < calls.count, let call = calls[entry.number] else { return }
            refusal = nil
            let pending = enter(call, entry, task, tracee)
            if let reason = refusal {
                refuse(call, pending, reason: reason, tracee)
                task.pending = .refused
            } else {
                task.pending = pending
            }
        case .syscallExit(let exit):
            guard let task = tasks[event.pid], let pending = task.pending else { return }
            task.pending = nil
            if case .refused = pending {
                try? tracee.setSyscallResult(-Int64(EPERM))
                return
            }
            guard !exit.isError else {
                cancel(pending)
                return
            }
            complete(pending, result: exit.returnValue, task, event.pid, tracee)
        case .newTask(let child, let kind):
            let parent = task(event.pid)
            let flags = cloneFlags(parent.lastEntry, tracee, kind)
            let fds = flags & wt_CLONE_FILES != 0 ? parent.fds : parent.fds.copy()
            let fs = flags & wt_CLONE_FS != 0 ? parent.fs : FilesystemContext(cwd: parent.fs.cwd)
            tasks[child] = Task(fds: fds, fs: fs)
        case .exec(let formerTID, _, _):
            execed(event.pid, formerTID: formerTID)
        case .exited, .killed, .detached:
            tasks[event.pid] = nil
        case .attached, .signal, .groupStop, .groupContinue, .interrupted:
            break
        }
    }

    private func task(_ pid: pid_t) -> Task {
        if let task = tasks[pid] { return task }
        let task = Task(fds: DescriptorTable(), fs: FilesystemContext(cwd: initialWorkingDirectory))
        tasks[pid] = task
        return task
    }

    private func cloneFlags(_ entry: SyscallEntry?, _ tracee: Tracee, _ kind: NewTaskKind) -> UInt {
        if let entry, let name = entry.name?.description {
            if name == "clone" { return UInt(entry.arguments.a0) }
            if name == "clone3", let flags = try? tracee.memory.load(UInt64.self, from: entry.arguments.a0) { return UInt(flags) }
        }
        return kind == .thread ? wt_CLONE_FILES | wt_CLONE_FS : 0
    }

    /// After an exec the process has one thread, a private descriptor table
    /// and no close-on-exec descriptors: rebuild the table from /proc.
    private func execed(_ pid: pid_t, formerTID: pid_t) {
        let previous = tasks.removeValue(forKey: formerTID) ?? tasks[pid] ?? task(pid)
        let table = DescriptorTable()
        let inheritedFromOutside = !sawFirstExec
        sawFirstExec = true
        if let names = try? ProcFS.directoryEntries("/proc/\(pid)/fd") {
            for name in names {
                guard let fd = Int32(name) else { continue }
                if var known = previous.fds.entries[fd], !inheritedFromOutside {
                    known.closeOnExec = false
                    table.entries[fd] = known
                } else if var descriptor = describe(pid: pid, fd: fd) {
                    descriptor.inherited = inheritedFromOutside
                    table.entries[fd] = descriptor
                }
            }
        }
        let task = Task(fds: table, fs: previous.fs)
        task.pending = previous.pending
        tasks[pid] = task
    }

    /// What /proc says a descriptor we have not seen opened refers to, or nil if it is not open.
    private func describe(pid: pid_t, fd: Int32) -> Descriptor? {
        guard let target = Paths.readLink(FilePath("/proc/\(pid)/fd/\(fd)")) else { return nil }
        guard target.first == UInt8(ascii: "/"), !target.ends(with: " (deleted)".utf8) else {
            return Descriptor(path: nil, isRegular: false, closeOnExec: false, inherited: false)
        }
        let path = Paths.normalize(Paths.path(bytes: target))
        return Descriptor(path: path, isRegular: isRegularFollowing(path), closeOnExec: false, inherited: false)
    }

    private func descriptor(_ fd: Int32, _ task: Task, _ pid: pid_t) -> Descriptor? {
        if let known = task.fds.entries[fd] { return known }
        guard fd >= 0, let found = describe(pid: pid, fd: fd) else { return nil }
        task.fds.entries[fd] = found
        return found
    }

    // MARK: - Entry

    private func readPath(_ address: UInt64, _ tracee: Tracee) -> [UInt8]? {
        guard address != 0, let read = try? tracee.memory.readCString(at: address, limit: Int(PATH_MAX), into: &pathBuffer),
              !read.truncated else { return nil }
        return pathBuffer
    }

    /// The absolute path a `*at` call names: `path` against `dirfd` (or the cwd).
    private func resolve(dirfd: UInt64, _ address: UInt64, _ task: Task, _ tracee: Tracee, emptyPathFlag: Bool = false) -> FilePath? {
        let fd = Int32(truncatingIfNeeded: dirfd)
        if address == 0 || emptyPathFlag {
            // AT_EMPTY_PATH (or utimensat's NULL path): the descriptor itself.
            if let path = address == 0 ? [] : readPath(address, tracee), path.isEmpty {
                return fd == wt_AT_FDCWD ? task.fs.cwd : descriptor(fd, task, tracee.pid)?.path
            }
        }
        guard let bytes = readPath(address, tracee) else { return nil }
        if bytes.first == UInt8(ascii: "/") { return Paths.normalize(Paths.path(bytes: bytes)) }
        let base = fd == wt_AT_FDCWD ? task.fs.cwd : descriptor(fd, task, tracee.pid)?.path
        guard let base else { return nil }
        return Paths.resolve(bytes: bytes, against: base)
    }

    private func resolve(_ address: UInt64, _ task: Task, _ tracee: Tracee) -> FilePath? {
        resolve(dirfd: UInt64(bitPattern: Int64(wt_AT_FDCWD)), address, task, tracee)
    }

    private func exists(_ path: FilePath) -> Bool { FileState.of(path).kind != .absent }

    /// Whether a call about to change `path` must be refused because it is in
    /// the snapshot directory (sets `refusal`).
    private func guardSnapshot(_ path: FilePath) -> Bool {
        guard let snapshot, snapshot.contains(path) || snapshot.contains(snapshot.locate(path).path) else { return false }
        refusal = refusal ?? "it would change the snapshot directory \(Paths.display(snapshot.directory))"
        return true
    }

    /// Whether removing or renaming `path` would take the snapshot directory with it.
    private func guardSnapshotAncestor(_ path: FilePath) -> Bool {
        guard let snapshot, snapshot.isAncestor(path) else { return false }
        refusal = refusal ?? "it would move or remove the snapshot directory \(Paths.display(snapshot.directory))"
        return true
    }

    /// Saves what is at `path` before the call changes it (when snapshotting).
    /// With `following`, the object changed is the one a final symlink points
    /// to (write, truncate, chmod...), and that is what gets saved. A failure
    /// sets `refusal`.
    private func preserve(_ path: FilePath, _ reason: String, following: Bool = false) {
        // The snapshot guard comes first: --include may leave the snapshot out of the report, never out of protection.
        guard let snapshot, !guardSnapshot(path), filter.keeps(path) else { return }
        var target = path
        if following, FileState.of(path).kind == .symlink, let resolved = Paths.realPath(path) { target = resolved }
        guard !guardSnapshot(target) else { return }
        if let problem = snapshot.saveBeforeChange(snapshot.locate(target), reason: reason) { refusal = refusal ?? problem }
    }

    private func preserveParent(_ path: FilePath) {
        guard let snapshot, !guardSnapshot(path), filter.keeps(path) else { return }
        if let problem = snapshot.saveParentTimes(of: snapshot.locate(path)) { refusal = refusal ?? problem }
    }

    /// Records, before the call, that it may create `path` (absent now);
    /// returns the record's number.
    private func recordCreating(_ path: FilePath, kind: FileState.Kind) -> Int? {
        guard let snapshot, !guardSnapshot(path), filter.keeps(path), refusal == nil else { return nil }
        switch snapshot.recordCreating(snapshot.locate(path), kind: kind) {
        case .success(let number): return number
        case .failure(let error): refusal = error.description; return nil
        }
    }

    /// A call that may create `path`: the parent's times, and the intent.
    private func creating(_ path: FilePath, kind: FileState.Kind) -> (existed: Bool, record: Int?) {
        if exists(path) {
            _ = guardSnapshot(path)
            return (true, nil)
        }
        preserveParent(path)
        return (false, recordCreating(path, kind: kind))
    }

    private func enter(_ call: Call, _ entry: SyscallEntry, _ task: Task, _ tracee: Tracee) -> Pending? {
        let a = entry.arguments
        switch call {
        case .open, .creat:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            let flags = call == .creat ? (O_CREAT | O_WRONLY | O_TRUNC) : Int32(truncatingIfNeeded: a.a1)
            return opening(path, flags)
        case .openat:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee) else { return nil }
            return opening(path, Int32(truncatingIfNeeded: a.a2))
        case .openat2:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee),
                  let flags = try? tracee.memory.load(UInt64.self, from: a.a2) else { return nil }
            return opening(path, Int32(truncatingIfNeeded: flags))
        case .close:
            return .close(Int32(truncatingIfNeeded: a.a0))
        case .close_range:
            return .closeRange(first: UInt32(truncatingIfNeeded: a.a0), last: UInt32(truncatingIfNeeded: a.a1),
                               cloexecOnly: UInt32(truncatingIfNeeded: a.a2) & wt_CLOSE_RANGE_CLOEXEC != 0)
        case .dup:
            return .duplicate(from: Int32(truncatingIfNeeded: a.a0), to: nil, closeOnExec: false)
        case .dup2:
            return .duplicate(from: Int32(truncatingIfNeeded: a.a0), to: Int32(truncatingIfNeeded: a.a1), closeOnExec: false)
        case .dup3:
            return .duplicate(from: Int32(truncatingIfNeeded: a.a0), to: Int32(truncatingIfNeeded: a.a1),
                              closeOnExec: Int32(truncatingIfNeeded: a.a2) & wt_O_CLOEXEC != 0)
        case .fcntl:
            let fd = Int32(truncatingIfNeeded: a.a0)
            switch Int32(truncatingIfNeeded: a.a1) {
            case wt_F_DUPFD: return .duplicate(from: fd, to: nil, closeOnExec: false)
            case wt_F_DUPFD_CLOEXEC: return .duplicate(from: fd, to: nil, closeOnExec: true)
            case wt_F_SETFD: return .setCloseOnExec(fd, Int32(truncatingIfNeeded: a.a2) & wt_FD_CLOEXEC != 0)
            default: return nil
            }
        case .pipe, .pipe2, .socketpair:
            return .pipe(address: call == .socketpair ? a.a3 : a.a0)
        case .socket, .accept, .accept4, .eventfd, .eventfd2, .epoll_create, .epoll_create1, .memfd_create,
             .signalfd, .signalfd4, .timerfd_create, .inotify_init, .inotify_init1, .pidfd_open, .userfaultfd:
            return .nonFileDescriptor
        case .chdir:
            return resolve(a.a0, task, tracee).map { .chdir($0) }
        case .fchdir:
            return .fchdir(Int32(truncatingIfNeeded: a.a0))
        case .write, .pwrite64, .writev, .pwritev, .pwritev2, .ftruncate, .fallocate:
            return writing(fd: Int32(truncatingIfNeeded: a.a0), task, tracee)
        case .copy_file_range, .splice:
            return writing(fd: Int32(truncatingIfNeeded: a.a2), task, tracee)
        case .sendfile:
            return writing(fd: Int32(truncatingIfNeeded: a.a0), task, tracee)
        case .truncate:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            preserve(path, "truncate", following: true)
            return .truncate(path)
        case .unlink, .rmdir:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            return unlinking(path, directory: call == .rmdir)
        case .unlinkat:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee) else { return nil }
            return unlinking(path, directory: Int32(truncatingIfNeeded: a.a2) & wt_AT_REMOVEDIR != 0)
        case .mkdir:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            let (existed, record) = creating(path, kind: .directory)
            return .mkdir(path, existed: existed, record: record)
        case .mkdirat:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee) else { return nil }
            let (existed, record) = creating(path, kind: .directory)
            return .mkdir(path, existed: existed, record: record)
        case .rename:
            guard let from = resolve(a.a0, task, tracee), let to = resolve(a.a1, task, tracee) else { return nil }
            return renaming(from, to, exchange: false)
        case .renameat, .renameat2:
            guard let from = resolve(dirfd: a.a0, a.a1, task, tracee), let to = resolve(dirfd: a.a2, a.a3, task, tracee) else { return nil }
            let exchange = call == .renameat2 && UInt32(truncatingIfNeeded: a.a4) & wt_RENAME_EXCHANGE != 0
            return renaming(from, to, exchange: exchange)
        case .link, .symlink:
            guard let path = resolve(a.a1, task, tracee) else { return nil }
            if call == .link, let source = resolve(a.a0, task, tracee) {
                // Writes through the new name change the old file: save it now.
                preserve(source, "hard link source")
            }
            let (existed, record) = creating(path, kind: call == .link ? .file : .symlink)
            return .create(path, existed: existed, record: record)
        case .linkat:
            guard let path = resolve(dirfd: a.a2, a.a3, task, tracee) else { return nil }
            let flags = Int32(truncatingIfNeeded: a.a4)
            if let source = resolve(dirfd: a.a0, a.a1, task, tracee, emptyPathFlag: flags & wt_AT_EMPTY_PATH != 0) {
                preserve(source, "hard link source", following: flags & wt_AT_SYMLINK_FOLLOW != 0)
            }
            let (existed, record) = creating(path, kind: .file)
            return .create(path, existed: existed, record: record)
        case .symlinkat:
            guard let path = resolve(dirfd: a.a1, a.a2, task, tracee) else { return nil }
            let (existed, record) = creating(path, kind: .symlink)
            return .create(path, existed: existed, record: record)
        case .mknod:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            let (existed, record) = creating(path, kind: .other)
            return .create(path, existed: existed, record: record)
        case .mknodat:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee) else { return nil }
            let (existed, record) = creating(path, kind: .other)
            return .create(path, existed: existed, record: record)
        case .chmod, .chown, .lchown, .utime, .utimes:
            guard let path = resolve(a.a0, task, tracee) else { return nil }
            preserve(path, call.rawValue, following: call != .lchown)
            return .metadata(path)
        case .fchmod, .fchown:
            guard let file = descriptor(Int32(truncatingIfNeeded: a.a0), task, tracee.pid), let path = file.path else { return nil }
            preserve(file.realPath ?? path, call.rawValue, following: true)
            return .metadata(path)
        case .fchmodat, .futimesat:
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee) else { return nil }
            preserve(path, call.rawValue, following: true)
            return .metadata(path)
        case .fchownat:
            let flags = Int32(truncatingIfNeeded: a.a4)
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee, emptyPathFlag: flags & wt_AT_EMPTY_PATH != 0) else { return nil }
            preserve(path, call.rawValue, following: flags & wt_AT_SYMLINK_NOFOLLOW == 0)
            return .metadata(path)
        case .utimensat:
            let flags = Int32(truncatingIfNeeded: a.a3)
            guard let path = resolve(dirfd: a.a0, a.a1, task, tracee, emptyPathFlag: flags & wt_AT_EMPTY_PATH != 0) else { return nil }
            preserve(path, call.rawValue, following: flags & wt_AT_SYMLINK_NOFOLLOW == 0)
            return .metadata(path)
        case .execve:
            return resolve(a.a0, task, tracee).map { .exec($0) }
        case .execveat:
            let emptyPath = Int32(truncatingIfNeeded: a.a4) & wt_AT_EMPTY_PATH != 0
            return resolve(dirfd: a.a0, a.a1, task, tracee, emptyPathFlag: emptyPath).map { .exec($0) }
        case .mmap:
            let protection = Int32(truncatingIfNeeded: a.a2), flags = Int32(truncatingIfNeeded: a.a3)
            // MAP_SHARED, or MAP_SHARED_VALIDATE (both bits).
            guard protection & wt_PROT_WRITE != 0, flags & wt_MAP_SHARED != 0, flags & 0x3 != 0x2,
                  let file = descriptor(Int32(truncatingIfNeeded: a.a4), task, tracee.pid), let path = file.path, file.isRegular
            else { return nil }
            preserve(file.realPath ?? path, "mmap shared writable", following: true)
            return .sharedMapping(path)
        case .io_uring_setup, .io_uring_enter, .io_uring_register:
            if !activity.gaps.contains(where: { $0.kind == .ioUring && $0.pid == tracee.pid }) {
                activity.gaps.append(.init(kind: .ioUring, pid: tracee.pid, path: nil,
                                           detail: "process \(tracee.pid) uses io_uring (\(call.rawValue)); file operations submitted through it are not seen"))
            }
            return nil
        }
    }

    private func opening(_ path: FilePath, _ flags: Int32) -> Pending? {
        let state = FileState.of(path)
        let access = flags & O_ACCMODE
        let changes = access != O_RDONLY || flags & (O_CREAT | O_TRUNC) != 0
        if changes { _ = guardSnapshot(path) }
        var record: Int? = nil
        if flags & O_CREAT != 0 && state.kind == .absent {
            preserveParent(path)
            if flags & wt_O_TMPFILE != wt_O_TMPFILE { record = recordCreating(path, kind: .file) }
        }
        let truncates = flags & O_TRUNC != 0 && access != O_RDONLY
        if truncates && (state.kind == .file || state.kind == .symlink && flags & O_NOFOLLOW == 0) {
            preserve(path, "open O_TRUNC", following: true)
        }
        return .open(path: path, flags: flags, existed: state.kind != .absent, record: record)
    }

    private func writing(fd: Int32, _ task: Task, _ tracee: Tracee) -> Pending? {
        guard let file = descriptor(fd, task, tracee.pid), file.isRegular, let path = file.path else { return nil }
        // A descriptor opened outside the command (its stdout redirected to
        // a log, say) writes to something undo leaves alone: reported as a gap.
        if !file.inherited && !file.protected {
            preserve(file.realPath ?? path, "write", following: true)
            if refusal == nil && snapshot != nil { task.fds.entries[fd]?.protected = true }
        }
        if file.inherited && !inheritedWrites.contains(path) && filter.keeps(path) {
            inheritedWrites.insert(path)
            activity.gaps.append(.init(kind: .inheritedFD, pid: tracee.pid, path: path,
                                       detail: "\(Paths.display(path)) written through descriptor \(fd), inherited from outside the command"))
        }
        return .write(path)
    }

    private func unlinking(_ path: FilePath, directory: Bool) -> Pending {
        _ = guardSnapshotAncestor(path)
        _ = guardSnapshot(path)
        preserve(path, directory ? "rmdir" : "unlink")
        preserveParent(path)
        return .unlink(path, canonical: snapshot?.locate(path).path, directory: directory)
    }

    private func renaming(_ from: FilePath, _ to: FilePath, exchange: Bool) -> Pending {
        _ = guardSnapshotAncestor(from)
        _ = guardSnapshot(from)
        if exchange { _ = guardSnapshotAncestor(to) }
        // A directory's contents move with it; undo renames them back.
        if FileState.of(from).kind == .directory { preserve(from, "rename of a directory") }
        if !exchange && FileState.of(to).kind != .absent { preserve(to, "rename target") }
        _ = guardSnapshot(to)
        preserveParent(from)
        preserveParent(to)
        guard let snapshot, filter.keeps(from) || filter.keeps(to), refusal == nil else {
            return .rename(from: from, to: to, canonical: nil, exchange: exchange, record: nil)
        }
        let source = snapshot.locate(from), destination = snapshot.locate(to)
        switch snapshot.recordRenaming(from: source, to: destination, exchange: exchange) {
        case .success(let number):
            return .rename(from: from, to: to, canonical: (source.path, destination.path), exchange: exchange, record: number)
        case .failure(let error):
            refusal = error.description
            return .rename(from: from, to: to, canonical: nil, exchange: exchange, record: nil)
        }
    }

    /// Makes the kernel skip a call whose change cannot be protected, and remembers why.
    private func refuse(_ call: Call, _ pending: Pending?, reason: String, _ tracee: Tracee) {
        // What was recorded before the refusal did not happen.
        if let pending { cancel(pending) }
        var path: FilePath? = nil
        switch pending {
        case .open(let p, _, _, _)?, .truncate(let p)?, .unlink(let p, _, _)?, .mkdir(let p, _, _)?, .create(let p, _, _)?,
             .metadata(let p)?, .write(let p)?, .sharedMapping(let p)?:
            path = p
        case .rename(let from, _, _, _, _)?:
            path = from
        default:
            break
        }
        refusals.append(Refusal(pid: tracee.pid, call: call.rawValue, path: path, reason: reason))
        do {
            try tracee.skipSyscall()
        } catch {
            refusals[refusals.count - 1].reason += " (and it could not be stopped: \(error))"
        }
    }

    // MARK: - Exit

    private func keep(_ path: FilePath) -> Bool {
        filter.keeps(path) && !(snapshot?.contains(path) ?? false)
    }

    /// A call recorded at its entry failed: undo must not act on it.
    private func cancel(_ pending: Pending) {
        guard let snapshot else { return }
        switch pending {
        case .open(_, _, _, let record?), .mkdir(_, _, let record?), .create(_, _, let record?), .rename(_, _, _, _, let record?):
            snapshot.cancel(record)
        default:
            break
        }
    }

    private func complete(_ pending: Pending, result: Int64, _ task: Task, _ pid: pid_t, _ tracee: Tracee) {
        let fd = Int32(truncatingIfNeeded: result)
        switch pending {
        case .refused:
            break
        case .open(let path, let flags, let existed, _):
            let state = FileState.of(path)
            let regular = state.kind == .file || (state.kind == .symlink && isRegularFollowing(path))
            var opened = Descriptor(path: path, isRegular: regular, closeOnExec: flags & wt_O_CLOEXEC != 0, inherited: false)
            if snapshot != nil && regular && state.kind == .symlink, let target = Paths.readLink(FilePath("/proc/\(pid)/fd/\(fd)")) {
                opened.realPath = Paths.path(bytes: target)
            }
            task.fds.entries[fd] = opened
            guard keep(path), flags & wt_O_PATH == 0 else { return }
            let access = flags & O_ACCMODE
            if regular && (access == O_RDONLY || access == O_RDWR) && existed { activity.read.insert(path) }
            if flags & O_CREAT != 0 && !existed && flags & wt_O_TMPFILE != wt_O_TMPFILE {
                activity.created.insert(path)
                if let snapshot { snapshot.confirmCreated(snapshot.locate(path).path) }
            }
            if flags & O_TRUNC != 0 && existed && access != O_RDONLY { activity.written.insert(path) }
        case .close(let closed):
            task.fds.entries[closed] = nil
        case .closeRange(let first, let last, let cloexecOnly):
            for (number, var entry) in task.fds.entries where UInt32(bitPattern: number) >= first && UInt32(bitPattern: number) <= last {
                if cloexecOnly {
                    entry.closeOnExec = true
                    task.fds.entries[number] = entry
                } else {
                    task.fds.entries[number] = nil
                }
            }
        case .duplicate(let from, _, let closeOnExec):
            var entry = descriptor(from, task, pid) ?? Descriptor(path: nil, isRegular: false, closeOnExec: false, inherited: false)
            entry.closeOnExec = closeOnExec
            task.fds.entries[fd] = entry
        case .setCloseOnExec(let number, let on):
            task.fds.entries[number]?.closeOnExec = on
        case .pipe(let address):
            if let pair = try? tracee.memory.load((Int32, Int32).self, from: address) {
                task.fds.entries[pair.0] = Descriptor(path: nil, isRegular: false, closeOnExec: false, inherited: false)
                task.fds.entries[pair.1] = Descriptor(path: nil, isRegular: false, closeOnExec: false, inherited: false)
            }
        case .nonFileDescriptor:
            task.fds.entries[fd] = Descriptor(path: nil, isRegular: false, closeOnExec: false, inherited: false)
        case .chdir(let path):
            task.fs.cwd = path
        case .fchdir(let number):
            if let path = descriptor(number, task, pid)?.path { task.fs.cwd = path }
        case .write(let path), .truncate(let path):
            if keep(path) { activity.written.insert(path) }
        case .sharedMapping(let path):
            guard keep(path) else { return }
            activity.written.insert(path)
            if !activity.gaps.contains(where: { $0.kind == .sharedMmap && $0.path == path }) {
                activity.gaps.append(.init(kind: .sharedMmap, pid: pid, path: path,
                                           detail: "\(Paths.display(path)) is mapped shared and writable: counted as written, writes through memory are not seen"))
            }
        case .unlink(let path, let canonical, let directory):
            if let canonical { snapshot?.recordRemoved(canonical) }
            guard keep(path) else { return }
            if directory { activity.directoriesRemoved.insert(path) } else { activity.deleted.insert(path) }
        case .mkdir(let path, let existed, _):
            guard keep(path), !existed else { return }
            activity.directoriesCreated.insert(path)
            if let snapshot { snapshot.confirmCreated(snapshot.locate(path).path) }
        case .rename(let from, let to, let canonical, let exchange, _):
            if let canonical { snapshot?.confirmRenamed(from: canonical.0, to: canonical.1, exchange: exchange) }
            // A directory moved (or swapped): names below it changed.
            if let snapshot, exchange || FileState.of(to).kind == .directory { snapshot.forgetCanonicalNames() }
            guard keep(from) || keep(to) else { return }
            activity.renamed.append((from, to))
            if exchange { activity.renamed.append((to, from)) }
        case .create(let path, let existed, _):
            guard keep(path), !existed else { return }
            activity.created.insert(path)
            if let snapshot { snapshot.confirmCreated(snapshot.locate(path).path) }
        case .metadata(let path):
            if keep(path) { activity.metadata.insert(path) }
        case .exec(let path):
            if keep(path) { activity.executed.insert(path) }
        }
    }

    private func isRegularFollowing(_ path: FilePath) -> Bool {
        var info = stat()
        return path.withPlatformString { stat($0, &info) } == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

extension Array where Element == UInt8 {
    func ends<S: Collection>(with suffix: S) -> Bool where S.Element == UInt8 {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
