import Glibc

/// Decoders of the files family (see the list); filled in family by family.
enum FileDecoders {
    static let all: [String: SyscallDecoder] = [:]
}
