import Glibc

/// Decoders of the network family (see the list); filled in family by family.
enum NetworkDecoders {
    static let all: [String: SyscallDecoder] = [:]
}
