import Glibc
import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// `--tree` and `wiretap tree`, checked against the trace of the same run:
/// `wiretap -f --tree -o FILE CMD` writes the -f trace and then the tree to
/// FILE; the tree's parents, pids and endings must be those of the trace's
/// fork/clone/vfork results and `+++ exited with N +++`/`+++ killed by SIG +++`
/// lines. No expected output here comes from wiretap's own code.
@Suite struct TreeTests {
    // MARK: - The trace's view

    /// What the -f trace lines say about processes (threads left out).
    struct TraceFacts {
        /// Process -> the process whose fork/clone/vfork returned it.
        var parent: [Int32: Int32] = [:]
        /// Every task seen, and which of them are threads (clone with CLONE_THREAD).
        var threads: Set<Int32> = []
        /// Task -> `exit N` or `killed by SIGX`.
        var endings: [Int32: String] = [:]
        /// Task -> the errnos of its failed execve/execveat calls, in order.
        var execErrors: [Int32: [String]] = [:]
        /// Task -> the paths of its failed execve calls, as the trace quotes them.
        var execPaths: [Int32: [String]] = [:]
        /// Tasks whose last execve/execveat failed.
        var lastExecFailed: Set<Int32> = []
        /// Task -> its syscall lines (an unfinished/resumed pair once).
        var calls: [Int32: Int] = [:]
        /// The first pid of the trace (the command).
        var root: Int32? = nil
    }

    /// Reads strace-style `-f -o` lines: `PID  call(...) = RESULT`, with
    /// `<unfinished ...>`/`<... call resumed>` pairs joined per pid.
    static func traceFacts(_ lines: [Substring]) -> TraceFacts {
        var facts = TraceFacts()
        var unfinished: [Int32: String] = [:]
        for line in lines {
            let digits = line.prefix { $0.isNumber }
            guard let pid = Int32(digits), line.dropFirst(digits.count).hasPrefix(" ") else { continue }
            if facts.root == nil { facts.root = pid }
            var text = String(line.dropFirst(digits.count).drop { $0 == " " })
            if text.hasPrefix("+++ exited with "), let code = Int(text.dropFirst("+++ exited with ".count).prefix { $0.isNumber }) {
                facts.endings[pid] = "exit \(code)"
                continue
            }
            if text.hasPrefix("+++ killed by ") {
                facts.endings[pid] = "killed by " + text.dropFirst("+++ killed by ".count).prefix { $0 != " " }
                continue
            }
            if text.hasPrefix("--- ") { continue }  // a signal
            if text.hasSuffix("<unfinished ...>") {
                unfinished[pid] = text
                facts.calls[pid, default: 0] += 1
                continue
            }
            if text.hasPrefix("<... "), let start = unfinished.removeValue(forKey: pid) {
                text = start + text  // the call's name and flags, then its result
            } else {
                facts.calls[pid, default: 0] += 1
            }
            let isSpawn = text.hasPrefix("clone(") || text.hasPrefix("clone3(") || text.hasPrefix("fork(") || text.hasPrefix("vfork(")
            if isSpawn, let equals = text.ranges(of: " = ").last {
                guard let child = Int32(text[equals.upperBound...].prefix { $0.isNumber }) else { continue }
                if text.contains("CLONE_THREAD") { facts.threads.insert(child) } else { facts.parent[child] = pid }
            }
            if text.hasPrefix("execve(") || text.hasPrefix("execveat("), let result = text.ranges(of: " = ").last {
                let value = text[result.upperBound...]
                if value.hasPrefix("-1 ") {
                    facts.execErrors[pid, default: []].append(String(value.dropFirst(3).prefix { $0 != " " }))
                    if text.hasPrefix("execve(\"") {
                        facts.execPaths[pid, default: []].append(String(text.dropFirst("execve(\"".count).prefix { $0 != "\"" }))
                    }
                    facts.lastExecFailed.insert(pid)
                } else {
                    facts.lastExecFailed.remove(pid)
                }
            }
        }
        return facts
    }

    // MARK: - The tree's view

    /// One line of the drawn tree.
    struct Node {
        var pid: Int32
        var depth: Int
        var parent: Int32?
        /// The line after the pid: argv, cwd, stats, status.
        var rest: String
        /// The status at the end (`exit 0`, `FAILED: killed by SIGKILL`).
        var status: String { rest.split(separator: "  ").last.map(String.init) ?? "" }
        /// The syscall count shown, if any.
        var syscalls: Int? {
            guard let stats = rest.split(separator: "  ").dropLast().last else { return nil }
            return stats.split(separator: ", ").first { $0.hasSuffix(" syscalls") || $0.hasSuffix(" syscall") }
                .flatMap { Int($0.prefix { $0.isNumber }) }
        }
    }

    /// Parses the tree drawing: `├─ `, `└─ `, `│  ` and `   ` are one level each.
    static func treeNodes(_ lines: [Substring]) -> [Node] {
        var nodes: [Node] = []
        var stack: [Int32] = []
        for line in lines {
            let drawing = line.prefix { "│├└─ ".contains($0) }
            let depth = drawing.count / 3
            let rest = line.dropFirst(drawing.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }) else { continue }
            stack.removeSubrange(min(depth, stack.count)...)
            nodes.append(Node(pid: pid, depth: depth, parent: stack.last, rest: String(rest.drop { $0.isNumber }.dropFirst())))
            stack.append(pid)
        }
        return nodes
    }

    /// `wiretap -f --tree -o FILE ARGS...`: the trace lines and the tree's
    /// (the lines after the last `+++` line: the command's own exit).
    static func traceAndTree(_ arguments: [String], extra: [String] = []) throws -> (facts: TraceFacts, nodes: [Node], tree: [Substring], result: TestSupport.Result) {
        let output = TestSupport.temporaryDirectory() + "/trace"
        let result = try TestSupport.wiretap(["-f", "--tree"] + extra + ["-o", output] + arguments, timeout: 120)
        let lines = TestSupport.readFile(output).split(separator: "\n")
        let last = try #require(lines.lastIndex { $0.contains(" +++ exited with ") || $0.contains(" +++ killed by ") })
        let tree = Array(lines[(last + 1)...])
        return (traceFacts(Array(lines[...last])), treeNodes(tree), tree, result)
    }

    /// The tree's parents, pids and endings are the trace's.
    static func checkAgainstTrace(_ facts: TraceFacts, _ nodes: [Node], sourceLocation: SourceLocation = #_sourceLocation) {
        let processes = Set(facts.parent.keys).union(facts.root.map { [$0] } ?? [])
        #expect(Set(nodes.map(\.pid)) == processes, "tree pids vs trace processes", sourceLocation: sourceLocation)
        #expect(nodes.count == processes.count, "each process once", sourceLocation: sourceLocation)
        for node in nodes {
            #expect(node.parent == facts.parent[node.pid], "parent of \(node.pid)", sourceLocation: sourceLocation)
            let ending = facts.endings[node.pid] ?? "?"
            #expect(node.status.hasSuffix(ending), "\(node.pid): \(node.status) vs \(ending)", sourceLocation: sourceLocation)
            let failed = !ending.hasSuffix("exit 0") || facts.lastExecFailed.contains(node.pid)
            #expect(node.status.hasPrefix("FAILED: ") == failed, "\(node.pid): \(node.status)", sourceLocation: sourceLocation)
        }
        #expect(nodes.first?.pid == facts.root, "the command is the first root", sourceLocation: sourceLocation)
        // Start order: a child is listed after its parent and after the children forked before it.
        let order = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.pid, $0) })
        for node in nodes { if let parent = node.parent { #expect(order[parent]! < order[node.pid]!, sourceLocation: sourceLocation) } }
    }

    /// The shape of a tree without pids and counts: depth, argv and status per line.
    static func shape(_ nodes: [Node]) -> [String] {
        nodes.map { node in
            let argv = node.rest.split(separator: "  ").first ?? ""
            return "\(node.depth) \(argv) \(node.status)"
        }
    }

    // MARK: - Structure against -f

    @Test func pipeline() throws {
        let run = try Self.traceAndTree(["sh", "-c", "ls / | wc -l"])
        #expect(run.result.exitCode == 0, "\(run.result.stderr)")
        Self.checkAgainstTrace(run.facts, run.nodes)
        #expect(run.nodes.count == 3, "sh and its two children: \(run.tree)")
        #expect(run.nodes.dropFirst().allSatisfy { $0.parent == run.facts.root })
        // argv, stats; no cwd shown (no process changes directory).
        #expect(run.nodes[0].rest.hasPrefix("sh -c 'ls / | wc -l'  "))
        #expect(run.nodes.contains { $0.rest.hasPrefix("ls /  ") } && run.nodes.contains { $0.rest.hasPrefix("wc -l  ") })
        #expect(run.nodes.allSatisfy { !$0.rest.contains("(in ") && $0.rest.contains(" wall, ") && $0.rest.contains(" cpu, ") })
        // The syscall counts are the trace's call lines of each process.
        for node in run.nodes { #expect(node.syscalls == run.facts.calls[node.pid], "\(node.pid): \(node.rest)") }
    }

    @Test func makeJ2() throws {
        let dir = TestSupport.temporaryDirectory()
        let makefile = "all: one two\none:\n\tsh -c 'echo one > one.out'\ntwo:\n\tsh -c 'echo two > two.out'\n"
        let fd = open(dir + "/Makefile", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0 && write(fd, makefile, makefile.utf8.count) == makefile.utf8.count)
        close(fd)
        let make = try #require(TestSupport.executable("make"), "make: not found (.ci/run installs it)")
        let run = try Self.traceAndTree([make, "-C", dir, "-j2"])
        #expect(run.result.exitCode == 0, "\(run.result.stderr)")
        Self.checkAgainstTrace(run.facts, run.nodes)
        #expect(run.nodes.filter { $0.parent == run.facts.root }.count >= 2, "\(run.tree)")
        #expect(run.nodes.contains { $0.rest.hasPrefix("sh -c 'echo one > one.out'") })
        #expect(run.nodes.contains { $0.rest.hasPrefix("sh -c 'echo two > two.out'") })
    }

    @Test func fiftyForks() throws {
        let fixture = try TestSupport.fixture("tree_forks")
        let run = try Self.traceAndTree([fixture, "fifty"])
        #expect(run.result.exitCode == 0, "\(run.result.stderr)")
        Self.checkAgainstTrace(run.facts, run.nodes)
        let children = run.nodes.filter { $0.parent == run.facts.root }
        #expect(children.count == 50)
        #expect(run.nodes.filter { $0.depth == 2 }.count == 5, "grandchildren of every 10th child")
        // Child i exits with i % 4, in fork order; non-zero ones are failures.
        for (i, child) in children.enumerated() {
            #expect(child.status == (i % 4 == 0 ? "exit 0" : "FAILED: exit \(i % 4)"), "\(i): \(child.status)")
        }
        // The two threads: counted in the process, never shown as processes.
        #expect(run.facts.threads.count == 2)
        #expect(run.nodes[0].rest.contains(", 3 threads"), "\(run.nodes[0].rest)")
        #expect(!run.nodes.contains { run.facts.threads.contains($0.pid) })
    }

    @Test func killedChild() throws {
        let fixture = try TestSupport.fixture("tree_forks")
        let run = try Self.traceAndTree([fixture, "kill"])
        #expect(run.result.exitCode == 0, "\(run.result.stderr)")
        Self.checkAgainstTrace(run.facts, run.nodes)
        let child = try #require(run.nodes.first { $0.parent == run.facts.root })
        #expect(run.facts.endings[child.pid] == "killed by SIGKILL")
        #expect(child.status == "FAILED: killed by SIGKILL")
        #expect(run.nodes[0].status == "exit 0")
    }

    @Test func failedExec() throws {
        // A path with a slash: dash forks, and the child's execve fails.
        // (`sh -c 'nonexistent-command-xyz'` makes no execve with dash: it
        // looks the name up in PATH with stat and reports "not found".)
        let run = try Self.traceAndTree(["sh", "-c", "/nonexistent/xyz-wiretap; true"])
        #expect(run.result.exitCode == 0, "\(run.result.stderr)")
        Self.checkAgainstTrace(run.facts, run.nodes)
        let child = try #require(run.nodes.first { $0.parent == run.facts.root })
        #expect(run.facts.execErrors[child.pid] == ["ENOENT"])
        #expect(run.facts.execPaths[child.pid] == ["/nonexistent/xyz-wiretap"])
        #expect(child.status == "FAILED: exec /nonexistent/xyz-wiretap: ENOENT, exit 127", "\(child.status)")
        // The root's own last exec (of sh) succeeded.
        #expect(run.nodes[0].status == "exit 0")
        // `exec NAME` does execve along PATH: every try fails, the last error is shown.
        let direct = try Self.traceAndTree(["sh", "-c", "exec nonexistent-command-xyz"])
        Self.checkAgainstTrace(direct.facts, direct.nodes)
        let errors = try #require(direct.facts.execErrors[direct.facts.root!])
        let paths = try #require(direct.facts.execPaths[direct.facts.root!])
        #expect(direct.nodes[0].status == "FAILED: exec \(paths.last!): \(errors.last!), exit 127", "\(direct.nodes[0].status)")
    }

    @Test func nonZeroExit() throws {
        let run = try Self.traceAndTree(["sh", "-c", "sh -c 'exit 3'; exit 5"])
        #expect(run.result.exitCode == 5)
        Self.checkAgainstTrace(run.facts, run.nodes)
        #expect(run.nodes.map(\.status) == ["FAILED: exit 5", "FAILED: exit 3"])
    }

    @Test func workingDirectory() throws {
        // wiretap runs in the test's directory, which is not /tmp.
        let run = try Self.traceAndTree(["sh", "-c", "cd /tmp && exec ls"])
        Self.checkAgainstTrace(run.facts, run.nodes)
        #expect(run.nodes.count == 1)
        #expect(run.nodes[0].rest.hasPrefix("ls (in /tmp)  "), "\(run.nodes[0].rest)")
        // A child that stays where its parent is shows no directory.
        let nested = try Self.traceAndTree(["sh", "-c", "cd /tmp && exec sh -c 'ls; true'"])
        Self.checkAgainstTrace(nested.facts, nested.nodes)
        #expect(nested.nodes.map { $0.rest.contains("(in /tmp)") } == [true, false], "\(nested.tree)")
    }

    /// -ff: the trace goes to FILE.PID, the tree to stderr; its pids are the files'.
    @Test func separateOutputsTreeOnStderr() throws {
        let dir = TestSupport.temporaryDirectory()
        let result = try TestSupport.wiretap(["-ff", "--tree", "-o", dir + "/t", "sh", "-c", "ls / | wc -l"])
        #expect(result.exitCode == 0)
        let nodes = Self.treeNodes(result.stderr.split(separator: "\n"))
        #expect(nodes.count == 3, "\(result.stderr)")
        for node in nodes {
            #expect(access(dir + "/t.\(node.pid)", F_OK) == 0, "no trace file for \(node.pid)")
            #expect(TestSupport.readFile(dir + "/t.\(node.pid)").hasSuffix("+++ \(node.status.replacingExit) +++\n"))
        }
    }

    // MARK: - JSON

    @Test func json() throws {
        let output = TestSupport.temporaryDirectory() + "/trace.json"
        let result = try TestSupport.wiretap(["-f", "--json", "--tree", "-o", output, "sh", "-c", "ls / | wc -l; sh -c 'exit 2'"])
        #expect(result.exitCode == 2, "\(result.stderr)")
        let objects = try TestSupport.readFile(output).split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        // The trace's own view: new_task (not threads), exit, killed.
        var parent: [Int: Int] = [:]
        var endings: [Int: Int] = [:]
        for object in objects {
            switch object["type"]?.string {
            case "new_task"?:
                if object["kind"]?.string != "thread" { parent[object["child"]!.int!] = object["pid"]!.int! }
            case "exit"?:
                endings[object["pid"]!.int!] = object["code"]!.int!
            default:
                break
            }
        }
        let tree = try #require(objects.last)
        #expect(tree["type"]?.string == "tree")
        #expect(objects.dropLast().allSatisfy { $0["type"]?.string != "tree" })
        let roots = try #require(tree["processes"]?.array)
        #expect(roots.count == 1)
        var seen: [Int: Int?] = [:]
        func walk(_ process: JSONValue, _ parentPID: Int?) {
            let pid = process["pid"]!.int!
            seen[pid] = parentPID
            let code = process["exit"]?["code"]?.int
            #expect(code == endings[pid], "\(pid)")
            #expect(process["failed"]?.bool == (code != 0))
            #expect((process["syscalls"]?.int ?? 0) > 0)
            #expect(process["wall"] != nil && process["wall"] != .null && process["cpu"] != nil && process["cpu"] != .null)
            #expect(process["cwd"]?.string?.isEmpty == false && process["executable"]?.string?.hasPrefix("/") == true)
            for child in process["children"]?.array ?? [] { walk(child, pid) }
        }
        walk(roots[0], nil)
        #expect(seen.count == parent.count + 1)
        for (child, parentPID) in parent { #expect(seen[child] == .some(parentPID), "\(child)") }
        #expect(roots[0]["argv"] == JSONValue(["sh", "-c", "ls / | wc -l; sh -c 'exit 2'"]))
        #expect(roots[0]["children"]?.array?.last?["argv"] == JSONValue(["sh", "-c", "exit 2"]))
    }

    // MARK: - wiretap tree

    @Test func subcommandSameTree() throws {
        let fixture = try TestSupport.fixture("tree_forks")
        for command in [["sh", "-c", "ls / | wc -l"], [fixture, "fifty"], [fixture, "kill"], ["sh", "-c", "/nonexistent/xyz-wiretap; exit 4"]] {
            let full = try Self.traceAndTree(command)
            let output = TestSupport.temporaryDirectory() + "/tree"
            let light = try TestSupport.wiretap(["tree", "-o", output] + command, timeout: 120)
            #expect(light.exitCode == full.result.exitCode)
            let lines = TestSupport.readFile(output).split(separator: "\n")
            let nodes = Self.treeNodes(lines)
            #expect(Self.shape(nodes) == Self.shape(full.nodes), "\(lines) vs \(full.tree)")
            #expect(!lines.contains { $0.contains("syscall") }, "no syscall counts without syscall stops")
            #expect(full.tree.allSatisfy { $0.contains(" syscall") })
        }
    }

    @Test func subcommandErrors() throws {
        let missing = try TestSupport.wiretap(["tree"])
        #expect(missing.exitCode == 1 && missing.stderr.contains("missing the command"))
        let unknown = try TestSupport.wiretap(["tree", "--frobnicate", "true"])
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("--frobnicate"))
        let notFound = try TestSupport.wiretap(["tree", "no-such-command-wiretap"])
        let traced = try TestSupport.wiretap(["no-such-command-wiretap"])
        #expect(notFound.exitCode == 1 && notFound.stderr == traced.stderr, "\(notFound.stderr)")
        let help = try TestSupport.wiretap(["tree", "-h"])
        #expect(help.exitCode == 0 && help.stdout.hasPrefix("usage: wiretap tree"))
        #expect(try TestSupport.wiretap(["tree", "--help"]).stdout == help.stdout)
        // Options stop at the command: its own -h is its.
        let json = try TestSupport.wiretap(["tree", "--json", "--", "sh", "-c", "exit 0", "-h"])
        #expect(json.exitCode == 0)
        let tree = try JSONValue.parse(Array(json.stderr.utf8))
        #expect(tree["processes"]?.array?.first?["argv"] == JSONValue(["sh", "-c", "exit 0", "-h"]))
        #expect(tree["processes"]?.array?.first?["syscalls"] == .null)
    }

    // MARK: - Hostile argv

    @Test func argvEscaped() throws {
        // argv[1] has a newline, argv[2] an invalid UTF-8 byte, argv[3] a quote and a space.
        let command = ["sh", "-c", #"exec /bin/true "$(printf 'a\nb')" "$(printf '\377x')" "it's here""#]
        let run = try Self.traceAndTree(command)
        Self.checkAgainstTrace(run.facts, run.nodes)
        // Each process on one line (the command substitutions are children).
        #expect(run.nodes.count == run.tree.count && run.nodes.count == 3, "\(run.tree)")
        #expect(run.nodes[0].rest.hasPrefix(#"/bin/true $'a\nb' $'\xffx' 'it'\''s here'  "#), "\(run.nodes[0].rest)")
        // JSON: as the JSON renderer writes the exec event's argv (invalid UTF-8 replaced).
        let output = TestSupport.temporaryDirectory() + "/trace.json"
        _ = try TestSupport.wiretap(["--json", "--tree", "-o", output] + command)
        let objects = try TestSupport.readFile(output).split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        let exec = try #require(objects.last { $0["type"]?.string == "exec" })
        let argv = objects.last?["processes"]?.array?.first?["argv"]
        #expect(argv == exec["argv"])
        #expect(argv == JSONValue(["/bin/true", "a\nb", "\u{FFFD}x", "it's here"]))
    }

    // MARK: - Cut to a width

    @Test func longArgvCut() throws {
        let long = String(repeating: "x", count: 400)
        let run = try Self.traceAndTree(["sh", "-c", "exec /bin/true " + long])
        let line = try #require(run.tree.first)
        #expect(line.count <= 160 && line.hasPrefix("\(run.facts.root!) /bin/true xxx") && line.contains("...  "), "\(line)")
    }
}

extension String {
    /// `exit N` as the trace line words it (`exited with N`).
    fileprivate var replacingExit: String { hasPrefix("exit ") ? "exited with " + dropFirst(5) : self }
}
