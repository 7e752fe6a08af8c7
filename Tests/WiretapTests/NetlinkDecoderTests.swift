import Glibc
import Testing

/// Netlink messages against strace: real NETLINK_ROUTE dumps (links,
/// addresses), errors the kernel sends back, and hand-made messages
/// (garbage, truncated, many in one buffer, attributes of every shape) in
/// sendto, recvfrom, sendmsg and recvmsg. The replies depend on this
/// machine's interfaces; both tools see the same ones. Serialized: the
/// fixture's sock_diag dumps list every NETLINK_USERSOCK and packet socket
/// of the machine, so two runs at once would see each other's.
@Suite(.serialized) struct NetlinkDecoderTests {
    /// The lines from the `write(-1, "MARK", 4)` marker up to the
    /// `write(-1, "END", 3)` one, with what varies between runs blanked.
    static func compared(_ lines: [String]) -> [String] {
        let marked = Differential.after("write(-1, ", lines)
        guard let end = marked.dropFirst().firstIndex(where: { $0.hasPrefix("write(-1, ") }) else { return marked.map(blanked) }
        return marked[..<end].map(blanked)
    }

    /// Port ids (the process id), interface and qdisc counters, socket
    /// inodes, cookies and neighbour timestamps vary from run to run.
    /// (Hand-made sock_diag messages use small inodes and cookies: blanked too.)
    static func blanked(_ line: String) -> String {
        line.replacing(#/(nlmsg_pid|rx_[a-z_]+|tx_[a-z_]+|multicast|collisions|udiag_ino|udiag_vfs_ino|ndiag_ino|ndiag_portid|pdiag_ino|ndm_confirmed|ndm_used|ndm_updated|bytes|packets|drops|overlimits|requeues|backlog|qlen)=-?[0-9]+/#) { match in
            "\(match.output.1)=N"
        }
        .replacing(#/(udiag|ndiag|pdiag)_cookie=\[[0-9]+, [0-9]+\]/#) { match in "\(match.output.1)_cookie=[N, N]" }
        // IPv6 packet and ICMPv6 counters of the links (IFLA_INET6_STATS,
        // IFLA_INET6_ICMP6STATS: 38 and 7 counters): others' traffic moves them.
        .replacing(#/(\{nla_len=(?:308|60), nla_type=(?:IFLA_INET6_(?:STATS|ICMP6STATS)|0x[36](?: \/\* IFLA_INET6_(?:STATS|ICMP6STATS) \*\/)?)\}, )\[(?:\[[^\]]*\]=[0-9]+(?:, )?)*(?:\.\.\.)?\]/#) { match in
            "\(match.output.1)[N]"
        }
        // The peer's inode: the first attribute (UNIX_DIAG_PEER, 0x2 under -X raw).
        .replacing(#/(udiag_cookie=\[N, N\]\}, \[\[\{nla_len=8, nla_type=[^}]*\}, )[0-9]+/#) { match in "\(match.output.1)N" }
    }

    static func check(_ flags: [String]) throws {
        let program = try TestSupport.fixture("decode_netlink")
        let pair = try Differential.run([program], flags: flags, directory: TestSupport.temporaryDirectory())
        let theirs = compared(pair.strace), ours = compared(pair.wiretap)
        #expect(theirs.count > 25)
        #expect(theirs.filter { $0.contains("nlmsg_len=") }.count > 20)
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

    @Test(arguments: [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"], ["-s", "64"], ["-s", "2"], ["-v", "-X", "verbose"]])
    func fixtureMatchesStrace(flags: [String]) throws {
        try Self.check(flags)
    }

    /// Under --json every decoded value is typed: no `text` value in the
    /// fixture's netlink lines, but the `&name` that names where
    /// inet_pton's IPv6 address goes (the shared address printer's).
    @Test func jsonHasNoTextValues() throws {
        let program = try TestSupport.fixture("decode_netlink")
        let path = TestSupport.temporaryDirectory() + "/trace.json"
        let result = try TestSupport.wiretap(["--json", "-o", path, program], timeout: 60)
        #expect(!result.timedOut)
        let lines = TestSupport.readFile(path).split(separator: "\n")
        #expect(lines.filter { $0.contains("nlmsg_len") }.count > 100)
        for line in lines where line.contains("nlmsg_len") {
            let texts = line.matches(of: #/"text":"([^"]*)"/#).map { String($0.output.1) }
            for text in texts where !text.hasPrefix("&") {
                Issue.record("text value \(text) in \(line.prefix(300))")
            }
        }
    }

    /// iproute2's `ip` and `tc` traced by both: their netlink requests and
    /// the kernel's replies about this machine's interfaces, addresses,
    /// routes, neighbours, rules and qdiscs. Sequence numbers are the time
    /// of day; `-e trace=%network` keeps the comparison to the socket calls.
    @Test(arguments: [["ip", "link"], ["ip", "addr"], ["ip", "route"], ["ip", "-d", "link"], ["ip", "neigh"], ["ip", "rule"],
                      ["ip", "-6", "route"], ["tc", "qdisc", "show"]])
    func iproute2MatchesStrace(command: [String]) throws {
        let program = "/usr/sbin/" + command[0]
        guard access(program, X_OK) == 0 else { return }
        let arguments = Array(command.dropFirst())
        let pair = try Differential.run([program] + arguments, flags: ["-e", "trace=%network"], directory: TestSupport.temporaryDirectory())
        func normalized(_ lines: [String]) -> [String] {
            lines.filter { !$0.hasPrefix("+++") && !$0.hasPrefix("getsockname(") }.map(Self.blanked).map {
                $0.replacing(#/nlmsg_seq=[0-9]+/#) { _ in "nlmsg_seq=N" }.replacing(#/nlmsg_pid=-[0-9]+/#) { _ in "nlmsg_pid=N" }
            }
        }
        let theirs = normalized(pair.strace), ours = normalized(pair.wiretap)
        #expect(theirs.contains { $0.contains("nlmsg_type=RTM_NEW") })
        #expect(ours == theirs)
        for (a, b) in zip(ours, theirs) where a != b {
            Issue.record("wiretap: \(a)\nstrace:  \(b)")
            break
        }
    }

}
