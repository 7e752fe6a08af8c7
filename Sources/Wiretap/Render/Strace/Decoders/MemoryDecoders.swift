import Glibc

/// Decoders of memory management beyond the loader's calls, and futexes.
enum MemoryDecoders {
    static let all: [String: SyscallDecoder] = [:]
}
