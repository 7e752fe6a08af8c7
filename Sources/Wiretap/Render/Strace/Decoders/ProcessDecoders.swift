import Glibc

/// Decoders of the process family (see the list); filled in family by family.
enum ProcessDecoders {
    static let all: [String: SyscallDecoder] = [:]
}
