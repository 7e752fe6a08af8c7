import CWiretap
import Glibc
import Synchronization
import WiretapCore

/// What `-yy` adds to a descriptor's path, as strace 6.1 prints it: a
/// socket's protocol and endpoints (`TCP:[127.0.0.1:80->127.0.0.1:40000]`,
/// `UNIX-STREAM:[1234->1235]`) and a device's numbers (`/dev/null<char 1:3>`).
///
/// The protocol comes from the descriptor's `system.sockprotoname` extended
/// attribute; inet endpoints from /proc/net/{tcp,udp}{,6} by inode; unix
/// names and peers from a NETLINK_SOCK_DIAG query (peers are not in /proc);
/// netlink port ids from /proc/net/netlink.
enum DescriptorDetails {
    enum Detail {
        /// Replaces the `socket:[N]` text.
        case socket(String)
        /// Follows the (escaped) path: `<char 1:3>`.
        case device(String)
    }

    /// What -yy shows for `target` (the /proc/PID/LINK link).
    static func describe(pid: pid_t, link: String, target: String) -> Detail? {
        if target.hasPrefix("socket:["), target.hasSuffix("]"), let inode = UInt64(target.dropFirst(8).dropLast()) {
            return socket(inode: inode, path: "/proc/\(pid)/\(link)").map(Detail.socket)
        }
        guard target.hasPrefix("/") else { return nil }
        var info = stat()
        guard stat("/proc/\(pid)/\(link)", &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFCHR || kind == S_IFBLK else { return nil }
        let device = UInt64(info.st_rdev)
        let major = (device >> 8) & 0xfff | (device >> 32) & ~0xfff
        let minor = device & 0xff | (device >> 12) & ~0xff
        return .device((kind == S_IFCHR ? "<char " : "<block ") + "\(major):\(minor)>")
    }

    /// The process a pidfd refers to: the `Pid:` line of /proc/PID/fdinfo/FD
    /// (nil when it is missing, or the process is gone: -1).
    static func pidfdProcess(pid: pid_t, fd: Substring) -> Int? {
        guard let bytes = try? ProcFS.readFile("/proc/\(pid)/fdinfo/\(fd)") else { return nil }
        let text = bytes.asText
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pid:") }),
              let value = Int(line.dropFirst(4).drop { $0 == " " || $0 == "\t" }), value > 0 else { return nil }
        return value
    }

    /// The `system.sockprotoname` values strace 6.1 describes (its socketutils.c table).
    static let knownProtocols: Set<String> = [
        "UNIX", "UNIX-STREAM", "TCP", "UDP", "UDPLITE", "DCCP", "SCTP", "L2TP/IP", "PING", "RAW",
        "TCPv6", "UDPv6", "UDPLITEv6", "DCCPv6", "SCTPv6", "L2TP/IPv6", "PINGv6", "RAWv6", "NETLINK",
    ]

    /// The last description of each socket inode: a socket whose peer has
    /// gone keeps the endpoints it had, as strace shows them.
    static let cache = Mutex<[UInt64: String]>([:])

    static func socket(inode: UInt64, path: String) -> String? {
        // The kernel names the protocol in an extended attribute of the descriptor.
        var name = [CChar](repeating: 0, count: 64)
        let length = getxattr(path, "system.sockprotoname", &name, name.count - 1)
        guard length > 0 else { return nil }
        let proto = String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }.prefix { $0 != 0 }, as: UTF8.self)
        // strace describes only the protocols it can ask sock_diag about;
        // others (PACKET, AF_VSOCK...) keep the link's `socket:[N]`.
        guard knownProtocols.contains(proto) else { return nil }
        var detail: String? = nil
        switch proto {
        case "TCP": detail = inet(file: "/proc/net/tcp", inode: inode, v6: false)
        case "UDP": detail = inet(file: "/proc/net/udp", inode: inode, v6: false)
        case "TCPv6": detail = inet(file: "/proc/net/tcp6", inode: inode, v6: true)
        case "UDPv6": detail = inet(file: "/proc/net/udp6", inode: inode, v6: true)
        case "NETLINK":
            detail = netlink(inode: inode)
        case _ where proto.hasPrefix("UNIX"):
            detail = unix(inode: inode)
        default:
            break
        }
        let fresh = proto + ":[" + (detail ?? String(inode)) + "]"
        return cache.withLock { known in
            // A socket past its connection (a unix peer closed, a TCP socket
            // gone from /proc/net/tcp) keeps the endpoints it had.
            if detail == nil || (proto.hasPrefix("UNIX") && !fresh.contains("->")), let previous = known[inode],
               previous.count > fresh.count {
                return previous
            }
            if known.count >= 4096 { known.removeAll() }  // a long trace opens many sockets: bound the memory
            known[inode] = fresh
            return fresh
        }
    }

    /// What `netlinkProtocol` knows of each socket inode: its netlink
    /// protocol, or `notNetlink` for another kind of socket.
    static let protocolCache = Mutex<[UInt64: Int32]>([:])
    /// `protocolCache`'s mark for a socket that is not a netlink one.
    static let notNetlink: Int32 = -2

    /// Whether descriptor `fd` of `pid` is a netlink socket, and its
    /// protocol (NETLINK_ROUTE...): nil for anything else, -1 for a netlink
    /// socket whose protocol the kernel does not list (not bound yet), as
    /// strace's get_fd_nl_family finds it. One readlink per call; the socket's
    /// kind and protocol are read once per inode (getxattr, /proc/net/netlink).
    static func netlinkProtocol(pid: pid_t, fd: Int32) -> Int32? {
        guard fd >= 0 else { return nil }
        let link = "/proc/\(pid)/fd/\(fd)"
        let inode: UInt64? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let length = readlink(link, buffer.baseAddress!, 63)
            guard length > 9 else { return nil }
            let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: length)
            guard bytes.starts(with: "socket:[".utf8), bytes[length - 1] == UInt8(ascii: "]") else { return nil }
            var value: UInt64 = 0
            for byte in bytes[8..<(length - 1)] {
                guard byte >= 48, byte <= 57, value < UInt64.max / 10 - 10 else { return nil }
                value = value * 10 + UInt64(byte - 48)
            }
            return value
        }
        guard let inode else { return nil }
        if let known = protocolCache.withLock({ $0[inode] }) {
            return known == notNetlink ? nil : known
        }
        var name = [CChar](repeating: 0, count: 32)
        let length = getxattr(link, "system.sockprotoname", &name, name.count - 1)
        guard length > 0 else { return nil }
        let isNetlink = name.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) } == Array("NETLINK".utf8)
        let found: Int32? = isNetlink ? netlinkProtocolNumber(inode: inode) : notNetlink
        // An unbound netlink socket is not listed yet: ask again next time.
        if let found {
            protocolCache.withLock { known in
                if known.count >= 4096 { known.removeAll() }
                known[inode] = found
            }
        }
        guard isNetlink else { return nil }
        return found ?? -1
    }

    /// The protocol of the (bound) netlink socket `inode`, from /proc/net/netlink.
    static func netlinkProtocolNumber(inode: UInt64) -> Int32? {
        guard let text = try? ProcFS.readFile("/proc/net/netlink").asText else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, UInt64(fields[9]) == inode, let proto = Int32(fields[1]) else { continue }
            return proto
        }
        return nil
    }

    /// `ROUTE:1234` for a bound netlink socket (protocol and port id).
    static func netlink(inode: UInt64) -> String? {
        guard let text = try? ProcFS.readFile("/proc/net/netlink").asText else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, UInt64(fields[9]) == inode, let proto = Int64(fields[1]), let port = Int64(fields[2]) else { continue }
            guard port != 0 else { return nil }
            var name = OutputBuffer(capacity: 32)
            guard name.appendName(of: proto, in: Constants.netlinkProtocols) else { return nil }
            return String(name.string.dropFirst("NETLINK_".count)) + ":\(port)"
        }
        return nil
    }

    /// `127.0.0.1:80->127.0.0.1:40000`, `127.0.0.1:80` when not connected,
    /// or the inode when not bound.
    static func inet(file: String, inode: UInt64, v6: Bool) -> String? {
        guard let text = try? ProcFS.readFile(file).asText else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, UInt64(fields[9]) == inode else { continue }
            guard let local = endpoint(fields[1], v6: v6), let remote = endpoint(fields[2], v6: v6) else { return nil }
            if local.port == 0 { return String(inode) }
            if remote.port == 0 && remote.zero { return local.text }
            return local.text + "->" + remote.text
        }
        return nil
    }

    /// `0100007F:1F90` as `127.0.0.1:8080`; IPv6 as `[::1]:8080`.
    static func endpoint(_ field: Substring, v6: Bool) -> (text: String, port: Int, zero: Bool)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1], radix: 16) else { return nil }
        let hex = parts[0]
        var bytes: [UInt8] = []
        // The address is 32-bit words in host (little-endian) order.
        var index = hex.startIndex
        while index < hex.endIndex {
            let end = hex.index(index, offsetBy: 8, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let word = UInt32(hex[index..<end], radix: 16) else { return nil }
            withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
            index = end
        }
        let family = v6 ? AF_INET6 : AF_INET
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) != nil }
        guard ok else { return nil }
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return ((v6 ? "[" + address + "]" : address) + ":\(port)", port, bytes.allSatisfy { $0 == 0 })
    }

    /// `1234->1235`, `1234,"/run/x.sock"` (or `@"abstract"`).
    static func unix(inode: UInt64) -> String? {
        guard inode <= UInt64(UInt32.max) else { return nil }
        let fd = Glibc.socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 4 /* NETLINK_SOCK_DIAG */)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // nlmsghdr (16 bytes) + unix_diag_req (24 bytes).
        var request = [UInt8](repeating: 0, count: 40)
        func put32(_ value: UInt32, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { request.replaceSubrange(offset..<offset + 4, with: $0) } }
        func put16(_ value: UInt16, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { request.replaceSubrange(offset..<offset + 2, with: $0) } }
        put32(40, at: 0)
        put16(20, at: 4)  // SOCK_DIAG_BY_FAMILY
        put16(1, at: 6)  // NLM_F_REQUEST
        request[16] = UInt8(AF_UNIX)
        put32(0xffff_ffff, at: 20)  // every state
        put32(UInt32(inode), at: 24)
        put32(1 | 4, at: 28)  // UDIAG_SHOW_NAME | UDIAG_SHOW_PEER
        put32(0xffff_ffff, at: 32)  // no cookie
        put32(0xffff_ffff, at: 36)
        // struct sockaddr_nl of the kernel: family, pad, pid 0, groups 0.
        var kernel = [UInt8](repeating: 0, count: 12)
        kernel[0] = UInt8(AF_NETLINK)
        let sent = request.withUnsafeBytes { bytes in
            kernel.withUnsafeBytes {
                sendto(fd, bytes.baseAddress, bytes.count, 0, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), 12)
            }
        }
        guard sent == 40 else { return nil }
        var reply = [UInt8](repeating: 0, count: 8192)
        let received = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard received >= 32 else { return nil }
        func get32(_ offset: Int) -> UInt32 { UInt32(reply[offset]) | UInt32(reply[offset + 1]) << 8 | UInt32(reply[offset + 2]) << 16 | UInt32(reply[offset + 3]) << 24 }
        func get16(_ offset: Int) -> Int { Int(reply[offset]) | Int(reply[offset + 1]) << 8 }
        guard get16(4) == 20, get32(16 + 4) == UInt32(inode) else { return nil }
        let length = min(Int(get32(0)), received)
        var peer: UInt32? = nil
        var name: [UInt8]? = nil
        var offset = 32
        while offset + 4 <= length {
            let attributeLength = get16(offset), attributeType = get16(offset + 2)
            guard attributeLength >= 4, offset + attributeLength <= length else { break }
            let data = Array(reply[(offset + 4)..<(offset + attributeLength)])
            if attributeType == 2, data.count >= 4 { peer = get32(offset + 4) }  // UNIX_DIAG_PEER
            if attributeType == 0 { name = data }  // UNIX_DIAG_NAME
            offset += (attributeLength + 3) & ~3
        }
        var text = "\(inode)"
        if let peer, peer != 0 { text += "->\(peer)" }
        if var name, !name.isEmpty {
            var buffer = OutputBuffer(capacity: 128)
            buffer.append(",")
            if name.first == 0 {
                buffer.append("@")
                name.removeFirst()
            } else if let nul = name.firstIndex(of: 0) {
                name = Array(name[..<nul])
            }
            buffer.appendQuoted(name)
            text += buffer.string
        }
        return text
    }
}

private extension Array where Element == UInt8 {
    var asText: String { String(decoding: self, as: UTF8.self) }
}
