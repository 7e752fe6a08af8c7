import CWiretap
import Glibc
import SystemPackage

/// An error reading or writing a tracee's memory.
public struct MemoryAccessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The tracee.
    public let pid: pid_t
    /// The first address that could not be accessed.
    public let address: UInt64
    /// Why: usually `EFAULT` (unmapped) or `ESRCH` (the tracee is gone).
    public let code: Errno

    package init(pid: pid_t, address: UInt64, code: Errno) {
        self.pid = pid
        self.address = address
        self.code = code
    }

    public var description: String {
        "cannot access memory of process \(pid) at 0x\(String(address, radix: 16)): \(code)"
    }
}

/// The result of reading a NUL-terminated string from a tracee.
public struct RemoteStringRead: Sendable, Hashable {
    /// Bytes before the terminator (or the limit).
    public var count: Int
    /// True if no terminator was found within the limit.
    public var truncated: Bool
}

/// Reads and writes the memory of a traced process.
///
/// Reads use one `process_vm_readv` call with the remote range split at page
/// boundaries, so a string that ends just before an unmapped page is still
/// read whole. If the kernel refuses `process_vm_readv`, reads fall back to
/// `/proc/PID/mem`, then to `PTRACE_PEEKDATA`.
public struct RemoteMemory: Sendable {
    /// The tracee (any thread of the process).
    public let pid: pid_t
    /// Reads already made at this stop, reused instead of read again (nil: none).
    public let cache: MemoryReadCache?

    public init(pid: pid_t) {
        self.pid = pid
        self.cache = nil
    }

    /// Memory read through `cache`: identical reads at one stop are made once.
    public init(pid: pid_t, cache: MemoryReadCache?) {
        self.pid = pid
        self.cache = cache
    }

    static let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))

    /// Reads up to `buffer.count` bytes at `address`; returns how many were
    /// read, stopping early at the first unreadable page.
    /// Throws if not even the first byte is readable.
    public func read(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(MemoryAccessError) -> Int {
        if buffer.count == 0 { return 0 }
        if let cache, let n = cache.lookup(pid: pid, address: address, into: buffer) { return n }
        let n = readVectored(from: address, into: buffer)
        if n > 0 {
            cache?.store(pid: pid, address: address, requested: buffer.count, bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            return n
        }
        let error = Errno(rawValue: errno)
        if error == .noSuchProcess || error == .badAddress || error == .ioError {
            throw MemoryAccessError(pid: pid, address: address, code: error)
        }
        // process_vm_readv refused (ENOSYS, EPERM under some LSMs): fall back.
        let viaProc = readProcMem(from: address, into: buffer)
        if viaProc > 0 { return viaProc }
        return try readPeek(from: address, into: buffer)
    }

    /// Reads exactly `buffer.count` bytes at `address`.
    public func readExactly(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(MemoryAccessError) {
        let n = try read(from: address, into: buffer)
        if n < buffer.count {
            throw MemoryAccessError(pid: pid, address: address &+ UInt64(n), code: .badAddress)
        }
    }

    /// Reads a value of a trivial type at `address`.
    public func load<T: BitwiseCopyable>(_ type: T.Type, from address: UInt64) throws(MemoryAccessError) -> T {
        var value = unsafe_zeroed(T.self)
        try withUnsafeMutableBytes(of: &value) { (raw) throws(MemoryAccessError) in
            try readExactly(from: address, into: raw)
        }
        return value
    }

    /// Reads a NUL-terminated string of at most `limit` bytes into `bytes`
    /// (replacing its contents, reusing its storage).
    ///
    /// It reads up to the end of the string's first page, then in chunks
    /// twice as long each time (at most 1 MiB), until the terminator: the
    /// memory and copying it costs follow the string's length, not `limit`
    /// (a `-s 1000000000` trace reads short strings as cheaply as `-s 32`).
    public func readCString(at address: UInt64, limit: Int, into bytes: inout [UInt8]) throws(MemoryAccessError) -> RemoteStringRead {
        bytes.removeAll(keepingCapacity: true)
        // -s 0 still reads one byte: an empty string is "", a longer one ""...
        if limit < 0 { return RemoteStringRead(count: 0, truncated: true) }
        // Read limit + 1 bytes so a string of exactly `limit` bytes is seen to end.
        let want = limit == Int.max ? limit : limit + 1
        let page = RemoteMemory.pageSize
        var chunk = Int(Swift.min(UInt64(want), page &- address % page))
        var got = 0
        while got < want {
            let size = Swift.min(chunk, want - got)
            let n = try readChunk(from: address &+ UInt64(got), count: size, appendingTo: &bytes)
            if let end = bytes[got...].firstIndex(of: 0) {
                bytes.removeSubrange(end...)
                return RemoteStringRead(count: end, truncated: false)
            }
            got += n
            if n < size {
                // The string runs into an unreadable page before its terminator.
                bytes.removeAll(keepingCapacity: true)
                throw MemoryAccessError(pid: pid, address: address &+ UInt64(got), code: .badAddress)
            }
            chunk = Swift.min(Swift.max(chunk &* 2, Int(page)), RemoteMemory.largestChunk)
        }
        bytes.removeSubrange(limit...)
        return RemoteStringRead(count: limit, truncated: true)
    }

    /// Reads exactly `count` bytes at `address` into `bytes` (replacing its
    /// contents, reusing its storage). The array grows as reads succeed (64
    /// KiB first, then doubling up to 1 MiB a read), so a count the tracee
    /// made up costs no memory beyond what its memory really holds.
    public func readExactly(from address: UInt64, count: Int, into bytes: inout [UInt8]) throws(MemoryAccessError) {
        bytes.removeAll(keepingCapacity: true)
        var got = 0
        var chunk = Swift.min(count, 1 << 16)
        while got < count {
            let size = Swift.min(chunk, count - got)
            let n = try readChunk(from: address &+ UInt64(got), count: size, appendingTo: &bytes)
            got += n
            if n < size {
                bytes.removeAll(keepingCapacity: true)
                throw MemoryAccessError(pid: pid, address: address &+ UInt64(got), code: .badAddress)
            }
            chunk = Swift.min(chunk &* 2, RemoteMemory.largestChunk)
        }
    }

    static let largestChunk = 1 << 20

    /// Appends up to `count` bytes read at `address` to `bytes`; returns how
    /// many (fewer at an unreadable page). Throws if none could be read.
    private func readChunk(from address: UInt64, count: Int, appendingTo bytes: inout [UInt8]) throws(MemoryAccessError) -> Int {
        let start = bytes.count
        bytes.appendZeros(count)
        var failure: MemoryAccessError? = nil
        var n = 0
        bytes.withUnsafeMutableBytes { raw in
            do throws(MemoryAccessError) {
                n = try read(from: address, into: UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + count)]))
            } catch {
                failure = error
            }
        }
        if let failure {
            bytes.removeAll(keepingCapacity: true)
            throw failure
        }
        bytes.removeSubrange((start + n)...)
        return n
    }

    /// Reads a NUL-terminated string of at most `limit` bytes.
    public func readCString(at address: UInt64, limit: Int = 4096) throws(MemoryAccessError) -> (string: String, truncated: Bool) {
        var bytes: [UInt8] = []
        let result = try readCString(at: address, limit: limit, into: &bytes)
        return (String(decoding: bytes, as: UTF8.self), result.truncated)
    }

    /// Writes `bytes` at `address`. Writes into read-only mappings (code, for
    /// breakpoints) go through `/proc/PID/mem`, which the kernel allows a tracer.
    public func write(_ bytes: UnsafeRawBufferPointer, to address: UInt64) throws(MemoryAccessError) {
        if bytes.isEmpty { return }
        cache?.removeAll()
        var local = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
        var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address)), iov_len: bytes.count)
        if wt_process_vm_writev(pid, &local, 1, &remote, 1) == bytes.count { return }
        let fd = open("/proc/\(pid)/mem", O_RDWR | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            if pwrite(fd, bytes.baseAddress, bytes.count, off_t(Int64(bitPattern: address))) == bytes.count { return }
        }
        throw MemoryAccessError(pid: pid, address: address, code: Errno(rawValue: errno))
    }

    // MARK: - Strategies

    /// One process_vm_readv with the remote range cut at page boundaries, so
    /// the kernel copies whole pages up to the first unreadable one.
    private func readVectored(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let page = RemoteMemory.pageSize
        var local = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        let maxPieces = 16
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: maxPieces) { remote -> Int in
            var pieces = 0
            var cursor = address
            var remaining = UInt64(buffer.count)
            while remaining > 0 && pieces < maxPieces {
                let pageEnd = (cursor / page + 1) &* page
                let length = pageEnd == 0 ? remaining : Swift.min(remaining, pageEnd &- cursor)
                remote[pieces] = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(cursor)), iov_len: Int(length))
                pieces += 1
                cursor &+= length
                remaining -= length
            }
            if remaining > 0 {
                // Longer than 16 pages: the last piece takes the rest.
                remote[pieces - 1].iov_len += Int(remaining)
            }
            return wt_process_vm_readv(pid, &local, 1, remote.baseAddress, UInt(pieces))
        }
    }

    func readProcMem(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let fd = open("/proc/\(pid)/mem", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        return pread(fd, buffer.baseAddress, buffer.count, off_t(Int64(bitPattern: address)))
    }

    func readPeek(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(MemoryAccessError) -> Int {
        let wordSize = UInt64(MemoryLayout<UInt64>.size)
        var copied = 0
        var cursor = address
        while copied < buffer.count {
            let aligned = cursor & ~(wordSize - 1)
            let word: UInt64
            do {
                word = try Ptrace.peekData(pid, address: aligned)
            } catch {
                if copied > 0 { return copied }
                throw MemoryAccessError(pid: pid, address: cursor, code: error)
            }
            let skip = Int(cursor - aligned)
            withUnsafeBytes(of: word) { wordBytes in
                let take = Swift.min(wordBytes.count - skip, buffer.count - copied)
                for i in 0..<take { buffer[copied + i] = wordBytes[skip + i] }
                copied += take
                cursor &+= UInt64(take)
            }
        }
        return copied
    }
}

@inline(__always)
func unsafe_zeroed<T: BitwiseCopyable>(_: T.Type) -> T {
    withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { buffer in
        UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
        return buffer[0]
    }
}

extension Array where Element == UInt8 {
    /// Appends `count` zero bytes by copying from a static block (a
    /// repeated-element append goes byte by byte).
    @usableFromInline
    mutating func appendZeros(_ count: Int) {
        var remaining = count
        while remaining > 0 {
            let chunk = Swift.min(remaining, zeroBlock.count)
            append(contentsOf: zeroBlock[0..<chunk])
            remaining -= chunk
        }
    }
}

private let zeroBlock = [UInt8](repeating: 0, count: 8192)

/// A window onto a stopped tracee's memory, for many small reads at nearby
/// addresses (an argv array's pointers, then its strings): one
/// `process_vm_readv` per window (4 KiB, doubling to 64 KiB at each refill)
/// instead of one per read, as strace caches what it read. Valid while the
/// tracee stays stopped: make one per decoded argument.
package struct RemoteWindow {
    let memory: RemoteMemory
    private var start: UInt64 = 0
    private var bytes: [UInt8] = []
    private var size = 2048

    package init(_ memory: RemoteMemory) { self.memory = memory }

    /// The offset in `bytes` of `address`, with `count` bytes readable
    /// after it; refills the window at `address` if needed. nil if unreadable.
    private mutating func offset(of address: UInt64, count: Int) -> Int? {
        if address >= start, address &- start <= UInt64(bytes.count), Int(address &- start) + count <= bytes.count {
            return Int(address &- start)
        }
        size = Swift.max(Swift.min(size &* 2, 1 << 16), count)
        bytes.removeAll(keepingCapacity: true)
        bytes.appendZeros(size)
        let n: Int? = bytes.withUnsafeMutableBytes { raw in try? memory.read(from: address, into: raw) }
        bytes.removeSubrange((n ?? 0)...)
        start = address
        return count <= bytes.count ? 0 : nil
    }

    /// A 64-bit word at `address`, or nil if unreadable.
    package mutating func loadWord(at address: UInt64) -> UInt64? {
        guard let offset = offset(of: address, count: 8) else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    }

    /// `RemoteMemory.readCString`, served from the window when the string is in it.
    package mutating func readCString(at address: UInt64, limit: Int, into out: inout [UInt8]) throws(MemoryAccessError) -> RemoteStringRead {
        out.removeAll(keepingCapacity: true)
        // -s 0 still reads one byte: an empty string is "", a longer one ""...
        if limit < 0 { return RemoteStringRead(count: 0, truncated: true) }
        guard let offset = offset(of: address, count: 1) else {
            throw MemoryAccessError(pid: memory.pid, address: address, code: .badAddress)
        }
        let want = limit == Int.max ? limit : limit + 1
        let available = bytes.count - offset
        let end = offset + Swift.min(available, want)
        if let terminator = bytes[offset..<end].firstIndex(of: 0) {
            out.append(contentsOf: bytes[offset..<terminator])
            return RemoteStringRead(count: terminator - offset, truncated: false)
        }
        if available >= want {
            out.append(contentsOf: bytes[offset..<(offset + limit)])
            return RemoteStringRead(count: limit, truncated: true)
        }
        // It runs past the window: read it on its own.
        return try memory.readCString(at: address, limit: limit, into: &out)
    }
}
