import Foundation
import Glibc
import Testing

/// `--timeline FILE`: the Perfetto trace, read back with Perfetto's own
/// protobuf definitions (`Fixtures/timeline_dump.py`, the PyPI `perfetto`
/// package) and checked against what the traced programs report of
/// themselves (getpid, getppid, their argv), against what the commands must
/// do (`sh -c 'ls | wc'` forks two children that exec ls and wc), and
/// against the text trace of the same run.
@Suite struct TimelineTests {
    /// What timeline_dump.py prints.
    struct Dump {
        struct Process { var uuid: Int; var pid: Int; var parent: Int; var names: [String]; var cmdlines: [[String]] }
        struct Thread { var uuid: Int; var pid: Int; var tid: Int; var parent: Int; var names: [String] }
        struct Slice {
            var track: Int; var name: String; var begin: Int; var end: Int?; var depth: Int
            var flowIDs: [Int]; var terminatingFlowIDs: [Int]; var annotations: [String: Any]
            var returnText: String? { annotations["return"] as? String }
            var args: String? { annotations["args"] as? String }
        }
        struct Instant { var track: Int; var name: String; var time: Int; var annotations: [String: Any] }

        var processes: [Int: Process] = [:]
        var threads: [Int: Thread] = [:]
        var slices: [Slice] = []
        var instants: [Instant] = []
        var errors: [String] = []
        var firstSequenceFlags = 0
        var sequences: [Int] = []

        init(_ json: [String: Any]) {
            for (key, value) in json["processes"] as? [String: [String: Any]] ?? [:] {
                processes[Int(key)!] = Process(uuid: Int(key)!, pid: value["pid"] as! Int, parent: value["parent"] as! Int,
                                               names: value["names"] as! [String], cmdlines: value["cmdlines"] as! [[String]])
            }
            for (key, value) in json["threads"] as? [String: [String: Any]] ?? [:] {
                threads[Int(key)!] = Thread(uuid: Int(key)!, pid: value["pid"] as! Int, tid: value["tid"] as! Int,
                                            parent: value["parent"] as! Int, names: value["names"] as! [String])
            }
            for s in json["slices"] as? [[String: Any]] ?? [] {
                slices.append(Slice(track: s["track"] as! Int, name: s["name"] as? String ?? "", begin: s["begin"] as! Int, end: s["end"] as? Int,
                                    depth: s["depth"] as! Int, flowIDs: s["flow_ids"] as! [Int],
                                    terminatingFlowIDs: s["terminating_flow_ids"] as! [Int],
                                    annotations: s["annotations"] as? [String: Any] ?? [:]))
            }
            for i in json["instants"] as? [[String: Any]] ?? [] {
                instants.append(Instant(track: i["track"] as! Int, name: i["name"] as? String ?? "", time: i["ts"] as! Int,
                                        annotations: i["annotations"] as? [String: Any] ?? [:]))
            }
            errors = json["errors"] as? [String] ?? ["no errors member"]
            firstSequenceFlags = json["first_sequence_flags"] as? Int ?? -1
            sequences = json["sequences"] as? [Int] ?? []
        }

        /// The syscall slices of thread `tid`, in time order.
        func syscalls(tid: Int) -> [Slice] {
            let tracks = Set(threads.values.filter { $0.tid == tid }.map(\.uuid))
            return slices.filter { tracks.contains($0.track) }.sorted { $0.begin < $1.begin }
        }

        /// The lifetime slice of process track `uuid`.
        func lifetime(_ uuid: Int) -> Slice? { slices.first { $0.track == uuid } }

        func process(pid: Int) -> [Process] { processes.values.filter { $0.pid == pid } }

        var roots: [Process] { processes.values.filter { $0.parent == 0 } }

        func children(of uuid: Int) -> [Process] { processes.values.filter { $0.parent == uuid }.sorted { $0.pid < $1.pid } }
    }

    static let dumpScript = TestSupport.fixtureSources + "/timeline_dump.py"

    /// Reads a timeline with Perfetto's protos.
    static func dump(_ path: String) throws -> Dump {
        let result = try TestSupport.run(["/usr/bin/env", "python3", dumpScript, path], timeout: 60)
        guard result.exitCode == 0,
              let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestSupport.TestFailure("timeline_dump.py \(path): \(result.stderr)")
        }
        return Dump(json)
    }

    /// Traces `command` with `-f -o TEXT --timeline FILE` (and `flags`).
    static func record(_ command: [String], flags: [String] = ["-f"], timeout: Double = 60)
        throws -> (dump: Dump, text: String, result: TestSupport.Result) {
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.run(["/usr/bin/env", "-C", dir, TestSupport.wiretap, "-o", dir + "/trace.txt", "--timeline", dir + "/trace.pftrace"]
                                         + flags + command, timeout: timeout)
        #expect(!result.timedOut)
        return (try dump(dir + "/trace.pftrace"), TestSupport.readFile(dir + "/trace.txt"), result)
    }

    /// What every timeline must be: parsed without complaint, one sequence
    /// that starts cleared, every slice ended and not before it began, and
    /// on each thread's track, syscall slices one after another (never
    /// nested, never overlapping).
    static func checkWellFormed(_ dump: Dump, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(dump.errors.isEmpty, "\(dump.errors.prefix(5))", sourceLocation: sourceLocation)
        #expect(dump.firstSequenceFlags == 1 && dump.sequences.count == 1, sourceLocation: sourceLocation)
        for slice in dump.slices {
            #expect(slice.end.map { $0 >= slice.begin } ?? false, "\(slice.name) on \(slice.track)", sourceLocation: sourceLocation)
        }
        for thread in dump.threads.values {
            #expect(dump.processes[thread.parent]?.pid == thread.pid, "thread \(thread.tid) is not under its process", sourceLocation: sourceLocation)
            let slices = dump.slices.filter { $0.track == thread.uuid }.sorted { $0.begin < $1.begin }
            for (previous, next) in zip(slices, slices.dropFirst()) {
                #expect(next.begin >= previous.end ?? Int.max, "\(previous.name) and \(next.name) overlap on \(thread.tid)",
                        sourceLocation: sourceLocation)
            }
            #expect(slices.allSatisfy { $0.depth == 0 }, sourceLocation: sourceLocation)
        }
    }

    /// The syscalls of a `-f -o FILE` text trace, by task: `PID name(` lines
    /// (an unfinished call counts where it starts, not where it resumes).
    static func textSyscalls(_ text: String) -> [Int: [(name: String, line: Substring)]] {
        var result: [Int: [(name: String, line: Substring)]] = [:]
        for line in text.lines {
            guard let match = line.firstMatch(of: /^(\d+) +([a-z_0-9]+)\(/) else { continue }
            let content = line[match.range.lowerBound...].drop { $0.isNumber }.drop { $0 == " " }
            result[Int(match.output.1)!, default: []].append((String(match.output.2), content))
        }
        return result
    }

    static let pipeline = ["/bin/sh", "-c", "ls / | wc -l"]

    /// `sh -c 'ls / | wc -l'`: sh, and under it two children that were sh
    /// and became ls and wc (renamed at exec, with their argv); each exec an
    /// instant; each lifetime ends with its status; sh gets SIGCHLD.
    @Test func pipelineProcessTree() throws {
        let (dump, _, result) = try Self.record(Self.pipeline)
        #expect(result.exitCode == 0, "\(result.stderr)")
        Self.checkWellFormed(dump)
        try #require(dump.roots.count == 1 && dump.processes.count == 3, "\(dump.processes)")
        let root = dump.roots[0]
        #expect(root.names.first == "sh" && root.names.last == "sh", "\(root.names)")
        #expect(root.cmdlines.last == Self.pipeline)
        let children = dump.children(of: root.uuid)
        try #require(children.count == 2)
        #expect(Set(children.map { $0.names.last! }) == ["ls", "wc"])
        for child in children {
            // Forked as a copy of sh, renamed at its exec.
            #expect(child.names.first == "sh" && child.names.count >= 2, "\(child.names)")
            #expect(child.cmdlines.last == (child.names.last == "ls" ? ["ls", "/"] : ["wc", "-l"]))
            #expect(child.pid != root.pid)
            let exec = dump.instants.first { $0.track == child.uuid && $0.name == "execve" }
            #expect(exec?.annotations["argv"] as? [String] == child.cmdlines.last, "\(String(describing: exec))")
            #expect((exec?.annotations["executable"] as? String)?.hasSuffix("/" + child.names.last!) == true)
            // Its thread's track: named the same, with its pid.
            let thread = dump.threads.values.first { $0.tid == child.pid }
            #expect(thread?.pid == child.pid && thread?.names.last == child.names.last)
            // Lifetimes nest in time.
            let life = try #require(dump.lifetime(child.uuid)), parentLife = try #require(dump.lifetime(root.uuid))
            #expect(life.begin >= parentLife.begin && life.end! <= parentLife.end!)
            #expect(life.annotations["status"] as? String == "exited with 0")
        }
        #expect(dump.lifetime(root.uuid)?.annotations["status"] as? String == "exited with 0")
        let rootThread = try #require(dump.threads.values.first { $0.tid == root.pid })
        let sigchld = dump.instants.filter { $0.track == rootThread.uuid && $0.name == "SIGCHLD" }
        #expect(!sigchld.isEmpty && sigchld.allSatisfy { ($0.annotations["siginfo"] as? String)?.contains("si_code=CLD_EXITED") == true })
    }

    /// `make -j2` on a tiny Makefile: make at the root; touch a and touch b
    /// (and cat, for the last rule) are its descendants, each under make or
    /// under a shell make started, and each inside its parent's lifetime.
    @Test func makeProcessTree() throws {
        let dir = TestSupport.temporaryDirectory()
        let makefile = "all: a b\n\tcat a b > all\na:\n\ttouch a\nb:\n\ttouch b\n"
        try makefile.write(toFile: dir + "/Makefile", atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["/usr/bin/env", "-C", dir, TestSupport.wiretap, "-f", "-o", "/dev/null", "--timeline", dir + "/t.pftrace",
                                          "make", "-j2"], timeout: 60)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(access(dir + "/all", F_OK) == 0)
        let dump = try Self.dump(dir + "/t.pftrace")
        Self.checkWellFormed(dump)
        try #require(dump.roots.count == 1)
        let make = dump.roots[0]
        #expect(make.names.last == "make" && make.cmdlines.last == ["make", "-j2"])
        var touched: [[String]] = []
        var sawCat = false
        for process in dump.processes.values where process.uuid != make.uuid {
            let parent = try #require(dump.processes[process.parent], "\(process) has no parent track")
            // Every process descends from make, through shells at most.
            var ancestor = parent
            while ancestor.uuid != make.uuid {
                #expect(ancestor.names.last == "sh", "\(ancestor.names) between make and \(process.names)")
                ancestor = try #require(dump.processes[ancestor.parent])
            }
            if process.names.last == "touch" { touched.append(process.cmdlines.last!) }
            if process.names.last == "cat" {
                sawCat = true
                #expect(process.cmdlines.last == ["cat", "a", "b"])
            }
            let life = try #require(dump.lifetime(process.uuid)), parentLife = try #require(dump.lifetime(parent.uuid))
            #expect(life.begin >= parentLife.begin && life.end! <= parentLife.end!)
            #expect(life.annotations["status"] as? String == "exited with 0")
        }
        #expect(touched.sorted { $0.joined() < $1.joined() } == [["touch", "a"], ["touch", "b"]])
        #expect(sawCat)
    }

    /// 50 processes in a tree, each reporting its own pid and parent's pid:
    /// the timeline's tree is theirs.
    @Test func forkTreeOfFiftyProcesses() throws {
        let fixture = try TestSupport.fixture("timeline_forks")
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.run(["/bin/sh", "-c", "exec \"$0\" -f -o /dev/null --timeline \"$1\" \"$2\" > \"$3\"",
                                          TestSupport.wiretap, dir + "/t.pftrace", fixture, dir + "/tree"], timeout: 60)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let reported = TestSupport.readFile(dir + "/tree").lines.map { $0.split(separator: " ").map { Int($0)! } }
        try #require(reported.count == 50)
        let dump = try Self.dump(dir + "/t.pftrace")
        Self.checkWellFormed(dump)
        #expect(dump.processes.count == 50)
        for line in reported {
            let (pid, ppid) = (line[1], line[2])
            let process = try #require(dump.process(pid: pid).first, "no track for \(pid)")
            #expect(dump.process(pid: pid).count == 1)
            if line[0] == 0 {
                #expect(process.parent == 0)
            } else {
                #expect(dump.processes[process.parent]?.pid == ppid, "\(pid): parent \(ppid)")
            }
            #expect(dump.lifetime(process.uuid)?.annotations["status"] as? String == "exited with 0")
        }
    }

    /// Every syscall of the text trace (-f, several processes) is a slice on
    /// its thread's track, in the same order, with the same name, arguments
    /// and result as the line.
    @Test(arguments: [pipeline, ["/bin/sh", "-c", "cat /etc/hostname /nonexistent 2>/dev/null; echo x | tr x y"]])
    func everySyscallOfTheTextTraceIsASlice(command: [String]) throws {
        let (dump, text, _) = try Self.record(command)
        Self.checkWellFormed(dump)
        let calls = Self.textSyscalls(text)
        #expect(calls.count >= 3 && calls.values.reduce(0) { $0 + $1.count } > 100)
        for (tid, lines) in calls {
            let slices = dump.syscalls(tid: tid)
            #expect(slices.map(\.name) == lines.map(\.name), "task \(tid)")
            for (slice, line) in zip(slices, lines) where !line.line.contains("<unfinished ...>") {
                // `name(ARGS)` then the padding, then `= RESULT`.
                let call = slice.name + "(" + (slice.args ?? "<none>") + ")"
                #expect(line.line.hasPrefix(call), "\(line.line) vs \(call)")
                let rest = line.line.dropFirst(call.count).drop { $0 == " " }
                #expect(rest.hasPrefix("= " + (slice.returnText ?? "<none>")), "\(line.line) vs \(slice.returnText ?? "")")
            }
        }
        // No thread track without text lines, except ones with no syscall slices.
        for thread in dump.threads.values where !dump.syscalls(tid: thread.tid).isEmpty {
            #expect(calls[thread.tid] != nil)
        }
    }

    /// Eight threads at once: each thread's slices follow one another on its
    /// own track; each thread track is under the one process.
    @Test func threadSlicesNeverOverlap() throws {
        let fixture = try TestSupport.fixture("threads_getppid")
        let (dump, text, result) = try Self.record([fixture])
        #expect(result.exitCode == 0)
        Self.checkWellFormed(dump)
        #expect(dump.processes.count == 1 && dump.threads.count == 9)
        let calls = Self.textSyscalls(text)
        for thread in dump.threads.values {
            #expect(dump.syscalls(tid: thread.tid).map(\.name) == calls[thread.tid]?.map(\.name) ?? [])
        }
        #expect(dump.threads.values.filter { dump.syscalls(tid: $0.tid).filter { $0.name == "getppid" }.count == 100 }.count == 8)
    }

    /// A process killed by SIGKILL while its two threads sit in pause and
    /// read: both slices end at its death, as calls that never returned,
    /// and its lifetime says it was killed.
    @Test func killedProcessClosesItsSlices() throws {
        let fixture = try TestSupport.fixture("timeline_killed")
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.run(["/bin/sh", "-c", "exec \"$0\" -f -o /dev/null --timeline \"$1\" \"$2\" > \"$3\"",
                                          TestSupport.wiretap, dir + "/t.pftrace", fixture, dir + "/pid"], timeout: 60)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let pid = try #require(Int(TestSupport.readFile(dir + "/pid").trimmingCharacters(in: "\n")))
        let dump = try Self.dump(dir + "/t.pftrace")
        Self.checkWellFormed(dump)
        let process = try #require(dump.process(pid: pid).first)
        let life = try #require(dump.lifetime(process.uuid))
        #expect(life.annotations["status"] as? String == "killed by SIGKILL")
        let threads = dump.threads.values.filter { $0.pid == pid }
        #expect(threads.count == 2)
        var lastCalls: [String] = []
        for thread in threads {
            let last = try #require(dump.syscalls(tid: thread.tid).last)
            lastCalls.append(last.name)
            #expect(last.returnText == "?")
            #expect(last.end! <= life.end! && last.end! > life.begin)
        }
        #expect(lastCalls.sorted() == ["pause", "read"])
    }

    /// A thread that is not the leader execs: the leader's pause and the
    /// thread's execve end there, the process is renamed, and its track
    /// goes on with the new program.
    @Test func threadExecClosesTheOtherThreadsSlices() throws {
        let fixture = try TestSupport.fixture("thread_exec")
        let (dump, _, result) = try Self.record([fixture])
        #expect(result.exitCode == 0)
        Self.checkWellFormed(dump)
        let process = try #require(dump.roots.first)
        #expect(process.names.first == "thread_exec" && process.names.last == "true" && process.cmdlines.last == ["true"])
        #expect(dump.slices.contains { $0.name == "pause" && $0.returnText == "?" })
        #expect(dump.instants.contains { $0.track == process.uuid && $0.name == "execve" && $0.annotations["argv"] as? [String] == ["true"] })
    }

    /// `-e trace=none`: no syscall slices, but the processes, their
    /// lifetimes and their execs are all there.
    @Test func traceNoneKeepsProcessesAndExecs() throws {
        let (dump, text, result) = try Self.record(Self.pipeline, flags: ["-f", "-e", "trace=none"])
        #expect(result.exitCode == 0)
        Self.checkWellFormed(dump)
        #expect(Self.textSyscalls(text).isEmpty)
        #expect(dump.processes.count == 3 && dump.threads.count == 3)
        #expect(dump.slices.allSatisfy { dump.processes[$0.track] != nil }, "syscall slices with trace=none")
        #expect(dump.slices.count == 3)
        #expect(Set(dump.processes.values.map { $0.names.last! }) == ["sh", "ls", "wc"])
        let execs = dump.instants.filter { $0.name == "execve" }.compactMap { $0.annotations["argv"] as? [String] }
        #expect(Set(execs) == [Self.pipeline, ["ls", "/"], ["wc", "-l"]])
    }

    /// `-e trace=`: only the selected calls are slices.
    @Test func traceSetSelectsTheSlices() throws {
        let (dump, _, _) = try Self.record(Self.pipeline, flags: ["-f", "-e", "trace=openat,clone,wait4"])
        Self.checkWellFormed(dump)
        let names = Set(dump.slices.filter { dump.threads[$0.track] != nil }.map(\.name))
        #expect(names == ["openat", "clone", "wait4"] || names == ["openat", "clone"], "\(names)")
        #expect(dump.processes.count == 3)
        // With --seccomp-bpf, the calls the filter stops at.
        let (seccomp, _, result) = try Self.record(Self.pipeline, flags: ["--seccomp-bpf", "-e", "trace=openat"])
        #expect(result.exitCode == 0)
        Self.checkWellFormed(seccomp)
        #expect(Set(seccomp.slices.filter { seccomp.threads[$0.track] != nil }.map(\.name)) == ["openat"])
        #expect(seccomp.processes.count == 3)
    }

    /// The flow from each fork (sh's clone returning the child's pid) ends
    /// at the child's first slice.
    @Test func flowsLinkTheForkToTheChildsFirstSlice() throws {
        let (dump, _, _) = try Self.record(Self.pipeline)
        Self.checkWellFormed(dump)
        let root = try #require(dump.roots.first)
        let rootThread = try #require(dump.threads.values.first { $0.tid == root.pid })
        let children = dump.children(of: root.uuid)
        #expect(children.count == 2)
        for child in children {
            let first = try #require(dump.syscalls(tid: child.pid).first)
            #expect(first.terminatingFlowIDs.count == 1)
            let fork = dump.slices.filter { $0.track == rootThread.uuid && $0.flowIDs == first.terminatingFlowIDs }
            try #require(fork.count == 1, "no slice starts the flow to \(child.pid)")
            #expect(["clone", "clone3", "fork", "vfork"].contains(fork[0].name))
            #expect(fork[0].returnText == String(child.pid))
            #expect(fork[0].begin <= first.begin)
        }
        // Only the children's first slices end flows.
        #expect(dump.slices.filter { !$0.terminatingFlowIDs.isEmpty }.count == 2)
    }

    /// With --json (and `--timeline=FILE`): the same syscalls as the JSON
    /// objects; with -ff: the per-task files are written and the timeline
    /// still has every process; with -c: the calls the table counts.
    @Test func worksWithJSONSeparateFilesAndSummary() throws {
        let dir = TestSupport.temporaryDirectory()
        var result = try TestSupport.run([TestSupport.wiretap, "--json", "-f", "-o", dir + "/trace.jsonl", "--timeline=" + dir + "/j.pftrace"]
                                         + Self.pipeline)
        #expect(result.exitCode == 0, "\(result.stderr)")
        var dump = try Self.dump(dir + "/j.pftrace")
        Self.checkWellFormed(dump)
        var byTask: [Int: [String]] = [:]
        for line in TestSupport.readFile(dir + "/trace.jsonl").lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            // JSON writes a call at its exit: order by start time.
            if object["type"] as? String == "syscall" { byTask[object["pid"] as! Int, default: []].append(object["name"] as! String) }
        }
        #expect(byTask.count == 3)
        for (tid, names) in byTask {
            #expect(dump.syscalls(tid: tid).map(\.name).sorted() == names.sorted(), "task \(tid)")
        }

        result = try TestSupport.run([TestSupport.wiretap, "-ff", "-o", dir + "/each", "--timeline", dir + "/ff.pftrace"] + Self.pipeline)
        #expect(result.exitCode == 0, "\(result.stderr)")
        dump = try Self.dump(dir + "/ff.pftrace")
        Self.checkWellFormed(dump)
        #expect(dump.processes.count == 3)
        for process in dump.processes.values {
            let lines = Self.textSyscalls(TestSupport.readFile(dir + "/each.\(process.pid)").lines.map { "\(process.pid) " + $0 }.joined(separator: "\n"))
            #expect(dump.syscalls(tid: process.pid).map(\.name) == lines[process.pid]?.map(\.name) ?? [])
        }

        // With -c: as many finished syscall slices as the table counts
        // calls (as strace's, it leaves out calls that never return).
        result = try TestSupport.run([TestSupport.wiretap, "-c", "-f", "-o", dir + "/table", "--timeline", dir + "/c.pftrace"] + Self.pipeline)
        #expect(result.exitCode == 0, "\(result.stderr)")
        dump = try Self.dump(dir + "/c.pftrace")
        Self.checkWellFormed(dump)
        // `100.00    0.001679           4       345        55 total`
        let total = TestSupport.readFile(dir + "/table").lines.last { $0.hasSuffix(" total") }
        let fields = total?.split(separator: " ") ?? []
        let calls = fields.count >= 5 ? Int(fields[3]) : nil
        let finished = dump.slices.filter { dump.threads[$0.track] != nil && $0.returnText != "?" }
        #expect(calls != nil && finished.count == calls, "\(String(describing: total)) vs \(finished.count)")
        #expect(dump.slices.filter { $0.name == "exit_group" }.count == 3)
    }

    /// The file is written before wiretap waits for a sleeping command:
    /// while `sleep` runs, the timeline on disk already parses and shows
    /// its exec (whose pid then lets the test end it).
    @Test func timelineIsOnDiskWhileTheCommandSleeps() throws {
        let dir = TestSupport.temporaryDirectory()
        let pid = try TestSupport.start([TestSupport.wiretap, "-f", "-o", "/dev/null", "--timeline", dir + "/t.pftrace", "/bin/sh", "-c", "ls / > /dev/null; exec sleep 30"],
                                        stdoutPath: dir + "/out", stderrPath: dir + "/err")
        var sleeper: Int? = nil
        #expect(TestSupport.eventually(timeout: 20) {
            guard let dump = try? Self.dump(dir + "/t.pftrace") else { return false }
            sleeper = dump.processes.values.first { $0.names.last == "sleep" }?.pid
            return sleeper != nil && dump.processes.values.contains { $0.names.last == "ls" }
        })
        if let sleeper { kill(pid_t(sleeper), SIGKILL) }
        let (status, timedOut) = TestSupport.wait(pid, timeout: 20)
        #expect(!timedOut && (status & 0x7f) == SIGKILL, "wiretap dies as its command did")
        let dump = try Self.dump(dir + "/t.pftrace")
        Self.checkWellFormed(dump)
        let root = try #require(dump.roots.first)
        #expect(dump.lifetime(root.uuid)?.annotations["status"] as? String == "killed by SIGKILL")
    }

    /// A timeline that cannot be created: strace's words for -o, exit
    /// status 1, and the command never runs.
    @Test func unopenableTimelineStopsBeforeTheCommand() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = dir + "/no/such/dir/t.pftrace"
        let result = try TestSupport.wiretap(["--timeline", path, "/bin/touch", dir + "/ran"])
        let strace = try TestSupport.run(["/usr/bin/strace", "-o", path, "/bin/true"])
        // `/usr/bin/strace: Can't fopen '...': No such file or directory`
        let words = try #require(strace.stderr.firstRange(of: ": Can't fopen '\(path)': ").map { strace.stderr[$0.lowerBound...] })
        #expect(result.exitCode == 1)
        #expect(result.stderr == "wiretap" + words, "\(result.stderr) vs \(strace.stderr)")
        #expect(access(dir + "/ran", F_OK) != 0, "the command ran")
    }

    /// A full disk: reported once, the trace goes on (the text trace is
    /// whole), and the exit status says something was lost.
    @Test func writeErrorIsReportedOnceAndTracingGoesOn() throws {
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.wiretap(["-f", "-o", dir + "/trace.txt", "--timeline", "/dev/full"] + Self.pipeline)
        #expect(result.exitCode == 1)
        #expect(result.stderr == "wiretap: /dev/full: No space left on device\n", "\(result.stderr)")
        let text = TestSupport.readFile(dir + "/trace.txt")
        #expect(text.lines.filter { $0.hasSuffix("+++ exited with 0 +++") }.count == 3)
    }

    /// A 2 MiB write under `-s 4000000` (4 MiB of `\\0` escapes): its
    /// arguments are cut at 1 MiB with `...`, and the file still parses.
    @Test func hugeArgumentsAreCut() throws {
        let (dump, text, result) = try Self.record(["/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=2M", "count=1"], flags: ["-s", "4000000"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        Self.checkWellFormed(dump)
        #expect(text.contains("\\0\\0\\0\\0"))
        let write = try #require(dump.slices.first { $0.name == "write" && $0.returnText == "2097152" })
        #expect(write.args?.utf8.count == (1 << 20) + 3 && write.args?.hasSuffix("...") == true && write.args?.hasPrefix("1, \"\\0\\0") == true)
    }

    /// The timeline's decoding reads no tracee memory of its own beside
    /// the text trace: it reuses what the text's decoding read at that
    /// stop (counted with strace on wiretap itself).
    @Test func decodingBesideTheTextReadsNoMemoryTwice() throws {
        let dir = TestSupport.temporaryDirectory()
        var counts: [Int] = []
        for timeline in [[], ["--timeline", dir + "/t.pftrace"]] {
            let summary = dir + "/count-\(timeline.count)"
            let result = try TestSupport.run(["/usr/bin/strace", "-c", "-e", "trace=process_vm_readv", "-o", summary, TestSupport.wiretap,
                                              "-o", "/dev/null"] + timeline + ["/bin/cat", "/etc/hostname", "/etc/passwd"])
            #expect(result.exitCode == 0, "\(result.stderr)")
            // `  0.00    0.000123           2        57           process_vm_readv`
            let line = TestSupport.readFile(summary).lines.first { $0.hasSuffix(" process_vm_readv") }
            counts.append(line.flatMap { $0.split(separator: " ").dropLast().last.flatMap { Int($0) } } ?? -1)
        }
        // (At most as many: a call whose decoder reads one place twice reads it once.)
        #expect(counts[0] > 10 && counts[1] <= counts[0], "\(counts)")
        let dump = try Self.dump(dir + "/t.pftrace")
        #expect(dump.slices.contains { $0.name == "openat" && $0.args?.contains("\"/etc/passwd\"") == true })
    }

    /// Memory does not grow with the trace: 200,000 events cost what 2,000 do.
    @Test func memoryDoesNotGrowWithTheTrace() throws {
        let fixture = try TestSupport.fixture("syscall_pace")
        let dir = TestSupport.temporaryDirectory()
        var peaks: [Int] = []
        for count in ["1000", "100000"] {
            let (status, kilobytes, stderr) = try TestSupport.peakMemory([TestSupport.wiretap, "-o", "/dev/null", "--timeline", dir + "/t.pftrace",
                                                                          fixture, count, "0"])
            #expect(status == 0, "\(stderr)")
            peaks.append(kilobytes)
        }
        #expect(peaks[0] > 0 && peaks[1] < peaks[0] + 2048, "\(peaks) kB")
        let dump = try Self.dump(dir + "/t.pftrace")
        #expect(dump.slices.filter { $0.name == "getppid" }.count == 100_000)
    }
}
