/// `-e read=SET` and `-e write=SET`: the data a syscall read from or wrote to
/// a descriptor of SET, dumped in hex after its line, as strace 6.1 does:
///
///     write(1, "hello\n", 6)                  = 6
///      | 00000  68 65 6c 6c 6f 0a                                hello.           |
///
/// Vectored calls announce each buffer (` * 3 bytes in buffer 0`), and
/// sendmmsg/recvmmsg each message (` = 2 buffers in vector 0`). Written data
/// is dumped whatever the outcome (its length is the one asked for); read
/// data only after a success (its length is the result). A buffer that
/// cannot be read is not dumped.
import WiretapCore
import WiretapSyscalls
enum DataDumps {
    /// How a syscall's data is found.
    enum Kind: UInt8 {
        /// write, pwrite64, sendto, mq_timedsend: buffer at arg 1, length arg 2.
        case writeBuffer
        /// writev, pwritev, pwritev2, vmsplice: iovec array at arg 1, count arg 2.
        case writeVector
        /// sendmsg: msghdr at arg 1.
        case writeMessage
        /// sendmmsg: mmsghdr array at arg 1, as many as the result says.
        case writeMessages
        /// read, pread64, recvfrom, mq_timedreceive: buffer at arg 1, the result's length.
        case readBuffer
        /// readv, preadv, preadv2: iovec array at arg 1, count arg 2, the result's length.
        case readVector
        /// recvmsg: msghdr at arg 1, the result's length.
        case readMessage
        /// recvmmsg: mmsghdr array at arg 1, as many as the result says.
        case readMessages

        var isWrite: Bool { rawValue <= Kind.writeMessages.rawValue }
    }

    /// By native syscall number.
    static let kinds: [Kind?] = {
        let names = SyscallTable.names(for: .native)
        var table = [Kind?](repeating: nil, count: names.count)
        let byName: [(String, Kind)] = [
            ("write", .writeBuffer), ("pwrite64", .writeBuffer), ("sendto", .writeBuffer), ("send", .writeBuffer),
            ("mq_timedsend", .writeBuffer),
            ("writev", .writeVector), ("pwritev", .writeVector), ("pwritev2", .writeVector), ("vmsplice", .writeVector),
            ("sendmsg", .writeMessage), ("sendmmsg", .writeMessages),
            ("read", .readBuffer), ("pread64", .readBuffer), ("recvfrom", .readBuffer), ("recv", .readBuffer),
            ("mq_timedreceive", .readBuffer),
            ("readv", .readVector), ("preadv", .readVector), ("preadv2", .readVector),
            ("recvmsg", .readMessage), ("recvmmsg", .readMessages),
        ]
        for (name, kind) in byName {
            if let number = SyscallTable.number(of: name) { table[number] = kind }
        }
        return table
    }()

    /// The most iovec entries (and mmsghdr entries) read for one call: the
    /// kernel takes at most 1024; a garbage count must not make the tracer
    /// allocate gigabytes.
    static let largestVector = 1 << 16

    /// Appends the dump of one finished syscall (after its line's newline),
    /// if it moves data through a descriptor of `reads` or `writes`.
    /// `data` and `vector` are reused storage.
    ///
    /// A dump is read and written 64 KiB at a time, as strace reads it: a
    /// chunk that cannot be read ends it. `drain`, if given, is handed the
    /// output whenever it holds a megabyte, so that a 64 MB write costs a
    /// megabyte of memory, not the 340 MB of its dump.
    static func append(entry: SyscallEntry, exit: SyscallExit, memory: RemoteMemory, reads: DescriptorSet, writes: DescriptorSet,
                       to out: inout OutputBuffer, data: inout [UInt8], vector: inout [UInt8],
                       drain: ((inout OutputBuffer) -> Void)? = nil) {
        // Native calls only: the compat ABI's iovec and msghdr layouts differ.
        guard entry.arch == .native, entry.number >= 0, entry.number < kinds.count, let kind = kinds[entry.number] else { return }
        let fd = Int32(truncatingIfNeeded: entry.arguments.a0)
        guard fd >= 0 else { return }
        if kind.isWrite {
            guard writes.contains(fd) else { return }
        } else {
            guard !exit.isError, reads.contains(fd) else { return }
        }
        let result = exit.returnValue
        let args = entry.arguments
        var dumper = Dumper(memory: memory, out: out, data: data, vector: vector, drain: drain)
        out = OutputBuffer(capacity: 0)
        switch kind {
        case .writeBuffer:
            dumper.dumpBytes(at: args.a1, count: args.a2)
        case .readBuffer:
            dumper.dumpBytes(at: args.a1, count: UInt64(max(0, result)))
        case .writeVector:
            dumper.dumpVector(at: args.a1, count: args.a2, limit: nil)
        case .readVector:
            dumper.dumpVector(at: args.a1, count: args.a2, limit: UInt64(max(0, result)))
        case .writeMessage:
            dumper.dumpMessage(at: args.a1, limit: nil)
        case .readMessage:
            dumper.dumpMessage(at: args.a1, limit: UInt64(max(0, result)))
        case .writeMessages, .readMessages:
            // strace 6.1 walks `result` messages; after a failed sendmmsg that
            // is (unsigned) -1, and it dumps whatever memory follows the
            // array: nothing is dumped here then.
            if !exit.isError { dumper.dumpMessages(at: args.a1, count: UInt64(max(0, result))) }
        }
        out = dumper.out
        data = dumper.data
        vector = dumper.vector
        // One huge call must not pin its size in memory for the rest of the run.
        if data.capacity > 1 << 20 { data = [] }
        if vector.capacity > 1 << 20 { vector = [] }
    }

    /// The reads and the writing of one dump.
    struct Dumper {
        let memory: RemoteMemory
        var out: OutputBuffer
        var data: [UInt8]
        var vector: [UInt8]
        let drain: ((inout OutputBuffer) -> Void)?

        /// ` | 00000  68 65 ...  he... |` lines for `count` bytes at `address`,
        /// 64 KiB at a time.
        mutating func dumpBytes(at address: UInt64, count: UInt64) {
            guard count > 0, count <= UInt64(Int.max) else { return }
            let width = DataDumps.offsetWidth(count)
            var done: UInt64 = 0
            while done < count {
                let size = Int(min(count - done, DataDumps.chunk))
                let (at, overflow) = address.addingReportingOverflow(done)
                guard !overflow, (try? memory.readExactly(from: at, count: size, into: &data)) != nil else { return }
                DataDumps.appendHexLines(data, startingAt: done, width: width, to: &out)
                done += UInt64(size)
                if let drain, out.count >= 1 << 20 { drain(&out) }
            }
        }

        /// Each buffer of an iovec array, up to `limit` bytes in all (nil:
        /// each buffer whole); stops at the first empty buffer, as strace.
        mutating func dumpVector(at address: UInt64, count: UInt64, limit: UInt64?) {
            guard count > 0, count <= UInt64(DataDumps.largestVector) else { return }
            vector.removeAll(keepingCapacity: true)
            guard (try? memory.readExactly(from: address, count: Int(count) * 16, into: &vector)) != nil else { return }
            var remaining = limit ?? UInt64.max
            for index in 0..<Int(count) {
                let base = DataDumps.word(vector, at: index * 16)
                let length = min(DataDumps.word(vector, at: index * 16 + 8), remaining)
                if length == 0 { break }
                remaining -= length
                out.append(" * ")
                out.append(decimal: length)
                out.append(" bytes in buffer ")
                out.append(decimal: index)
                out.append(byte: UInt8(ascii: "\n"))
                dumpBytes(at: base, count: length)
            }
        }

        /// The iovec array of the `struct msghdr` at `address`.
        mutating func dumpMessage(at address: UInt64, limit: UInt64?) {
            guard let (iov, count) = header(at: address, size: 56) else { return }
            dumpVector(at: iov, count: count, limit: limit)
        }

        /// Each `struct mmsghdr` (64 bytes: a msghdr and msg_len) of an array.
        mutating func dumpMessages(at address: UInt64, count: UInt64) {
            for index in 0..<min(count, UInt64(DataDumps.largestVector)) {
                let (at, overflow) = address.addingReportingOverflow(index * 64)
                guard !overflow, let (iov, iovCount) = header(at: at, size: 64) else { return }
                let sent = UInt64(UInt32(truncatingIfNeeded: DataDumps.word(vector, at: 56)))
                out.append(" = ")
                out.append(decimal: iovCount)
                out.append(" buffers in vector ")
                out.append(decimal: index)
                out.append(byte: UInt8(ascii: "\n"))
                dumpVector(at: iov, count: iovCount, limit: sent)
            }
        }

        /// Reads `size` bytes of a msghdr (into `vector`); its msg_iov and msg_iovlen.
        private mutating func header(at address: UInt64, size: Int) -> (UInt64, UInt64)? {
            vector.removeAll(keepingCapacity: true)
            guard (try? memory.readExactly(from: address, count: size, into: &vector)) != nil else { return nil }
            return (DataDumps.word(vector, at: 16), DataDumps.word(vector, at: 24))
        }
    }

    /// A little-endian 64-bit word of `bytes` at `offset`.
    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        return value
    }

    /// strace's hex dump lines: the offset (5 hex digits, more when the data
    /// needs them), 16 bytes in hex in two groups of 8, the same bytes as
    /// text (`.` for what is not printable ASCII).
    /// How much of a dump is read at once (strace reads the same).
    static let chunk: UInt64 = 1 << 16

    /// The offset column's width for `count` bytes: 5 hex digits, more when
    /// the last line's offset needs them.
    static func offsetWidth(_ count: UInt64) -> Int {
        var width = 1
        var last = (count - 1) >> 4
        while last > 0 { width += 1; last >>= 4 }
        return max(5, width)
    }

    /// The lines for `bytes`, which start `start` bytes into the dump (a
    /// multiple of 16 but for the last chunk's end). Each line is built in
    /// one reused array and appended whole.
    static func appendHexLines(_ bytes: [UInt8], startingAt start: UInt64 = 0, width: Int? = nil, to out: inout OutputBuffer) {
        let count = bytes.count
        guard count > 0 else { return }
        let width = width ?? offsetWidth(UInt64(count))
        // " | " offset "  " 16 x "xx " (a space more after the 8th) " " 16 characters " |\n"
        let hexStart = 3 + width + 2
        let textStart = hexStart + 16 * 3 + 1 + 1
        var line = [UInt8](repeating: UInt8(ascii: " "), count: textStart + 16 + 3)
        line[1] = UInt8(ascii: "|")
        line[line.count - 2] = UInt8(ascii: "|")
        line[line.count - 1] = UInt8(ascii: "\n")
        out.reserveCapacity((count + 15) / 16 * line.count)
        var offset = 0
        line.withUnsafeMutableBufferPointer { line in
            while offset < count {
                let n = min(16, count - offset)
                var position = UInt64(offset) + start
                for digit in stride(from: 3 + width - 1, through: 3, by: -1) {
                    line[digit] = hexDigit(UInt8(position & 0xf))
                    position >>= 4
                }
                for i in 0..<16 {
                    let column = hexStart + i * 3 + (i >= 8 ? 1 : 0)
                    if i < n {
                        let byte = bytes[offset + i]
                        line[column] = hexDigit(byte >> 4)
                        line[column + 1] = hexDigit(byte & 0xf)
                        line[textStart + i] = byte >= 0x20 && byte < 0x7f ? byte : UInt8(ascii: ".")
                    } else {
                        line[column] = UInt8(ascii: " ")
                        line[column + 1] = UInt8(ascii: " ")
                        line[textStart + i] = UInt8(ascii: " ")
                    }
                }
                out.append(bytes: UnsafeBufferPointer(line))
                offset += 16
            }
        }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
}
