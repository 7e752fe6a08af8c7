import Glibc

/// The tracee memory read at one stop, kept so that a second decoder of the
/// same call (`--timeline` beside the text or JSON trace, which decode the
/// same arguments with the same decoders) gets the same bytes without
/// another `process_vm_readv`.
///
/// Valid for one stop only: whoever puts it on `Tracee.readCache` empties it
/// (`removeAll`) at every event; a write to tracee memory empties it too.
/// Only the tracer thread uses it. Its storage is reused from stop to stop.
public final class MemoryReadCache: @unchecked Sendable {
    private struct Entry {
        var pid: pid_t
        var address: UInt64
        var requested: Int
        var bytes: [UInt8]
    }

    private var entries: [Entry] = []
    private var used = 0
    /// A call's decoders read a handful of strings and structures; a data
    /// dump or a huge -s read is not worth keeping twice.
    private static let maximumEntries = 32
    private static let maximumBytes = 1 << 16

    public init() {}

    /// Forgets every read (the tracee may have run since).
    public func removeAll() { used = 0 }

    /// Copies what an identical earlier read (same task, address and size)
    /// got into `buffer`; returns its count, or nil if there was none.
    func lookup(pid: pid_t, address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        var index = 0
        while index < used {
            if entries[index].address == address && entries[index].requested == buffer.count && entries[index].pid == pid {
                return entries[index].bytes.withUnsafeBytes { stored in
                    buffer.copyMemory(from: stored)
                    return stored.count
                }
            }
            index += 1
        }
        return nil
    }

    /// Keeps the `bytes` a read of `requested` bytes at `address` got.
    func store(pid: pid_t, address: UInt64, requested: Int, bytes: UnsafeRawBufferPointer) {
        guard used < Self.maximumEntries, bytes.count <= Self.maximumBytes else { return }
        if used == entries.count { entries.append(Entry(pid: pid, address: address, requested: requested, bytes: [])) }
        entries[used].pid = pid
        entries[used].address = address
        entries[used].requested = requested
        entries[used].bytes.removeAll(keepingCapacity: true)
        entries[used].bytes.append(contentsOf: bytes)
        used += 1
    }
}
