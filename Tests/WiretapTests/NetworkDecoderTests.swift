import Glibc
import Testing

/// The network family against strace: sockets of several families and
/// types, addresses, a TCP and a UDP exchange, msghdr with iovecs and
/// SCM_RIGHTS, options, failures; and the socket calls of real programs.
@Suite struct NetworkDecoderTests {
    /// The fixture's abstract socket name, one per test case and test process:
    /// cases run in parallel, and a name bound twice fails with EADDRINUSE.
    static func abstractName(_ flags: [String]) -> String {
        "wt\(getpid())" + String(flags.joined().filter { $0.isLetter || $0.isNumber })
    }

    @Test(arguments: [[], ["-v"], ["-X", "verbose"], ["-X", "raw"], ["-xx"], ["-s", "2"], ["-y"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        let program = try TestSupport.fixture("decode_network")
        let pair = try Differential.run([program, Self.abstractName(flags)], flags: flags, directory: TestSupport.temporaryDirectory())
        // The marker is `write(-1, "MARK", 4)`, however -s and -xx print it.
        let theirs = Differential.after("write(-1, ", pair.strace), ours = Differential.after("write(-1, ", pair.wiretap)
        #expect(theirs.count > 50)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// -yy: socket protocols and endpoints (TCP, UDP, v6, unix peers and
    /// abstract names, netlink port ids) and device numbers. One line
    /// differs by design and is left out: at `listen` the TCP socket is bound
    /// but not yet listening, which /proc/net/tcp does not list (strace asks
    /// inet_diag, which does on this kernel).
    @Test func socketDetailsMatchStrace() throws {
        let program = try TestSupport.fixture("decode_network")
        let pair = try Differential.run([program, Self.abstractName(["-yy"])], flags: ["-yy"], directory: TestSupport.temporaryDirectory())
        func normalized(_ lines: [String]) -> [String] {
            Differential.after("MARK", lines).filter { !$0.hasPrefix("listen(") }.map(Self.blankingInodes)
        }
        let theirs = normalized(pair.strace), ours = normalized(pair.wiretap)
        #expect(theirs.contains { $0.contains("<TCP:[127.0.0.1:PORT->127.0.0.1:PORT]>") })
        #expect(theirs.contains { $0.contains("<UNIX-STREAM:[INODE->INODE]>") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    /// Inodes, ports and netlink port ids vary from run to run.
    static func blankingInodes(_ line: String) -> String {
        var out = ""
        var digits = ""
        var previous: Character = " "
        func flush() {
            guard !digits.isEmpty else { return }
            // Inside -yy details: after `:` a port or netlink port id (which is
            // the process id), any length; after `[`, `>`, `-` or `,` an inode
            // (4+ digits).
            if previous == ":" {
                out += "PORT"
            } else {
                out += digits.count >= 4 && "[>-,".contains(previous) ? "INODE" : digits
            }
            digits = ""
        }
        for c in line {
            if c.isNumber { digits.append(c); continue }
            if !digits.isEmpty { flush() }
            out.append(c)
            previous = c
        }
        flush()
        // Where a number was blanked, the result column's padding goes too:
        // inodes and ports need not have the same width in both runs.
        guard out != line, let equals = out.range(of: " = ", options: .backwards) else { return out }
        let head = out[..<equals.lowerBound]
        let trimmed = head.prefix(head.count - head.reversed().prefix { $0 == " " }.count)
        return String(trimmed) + out[equals.lowerBound...]
    }

    /// Python's socket module over loopback: TCP and UDP over IPv6.
    @Test func pythonSocketsMatchStrace() throws {
        let script = """
        import socket
        s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
        c = socket.create_connection(s.getsockname()); a, _ = s.accept(); c.sendall(b'x'); a.recv(10)
        u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(('::1', 0)); u.sendto(b'y', u.getsockname()); u.recvfrom(10)
        """
        let pair = try Differential.run(["/usr/bin/python3", "-c", script], directory: TestSupport.temporaryDirectory())
        let family = ["socket(", "bind(", "listen(", "connect(", "accept", "send", "recv", "setsockopt(", "getsockopt(",
                      "getsockname(", "getpeername("]
        func keep(_ lines: [String]) -> [String] { lines.filter { line in family.contains { line.hasPrefix($0) } } }
        #expect(keep(pair.strace).count > 10)
        #expect(keep(pair.wiretap) == keep(pair.strace))
    }
}
