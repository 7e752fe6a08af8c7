import WiretapCore
extension ArgumentNames {
    /// `-e raw=` with `-N`: strace names undecoded arguments by position.
    package static let positional: [StaticString] = ["arg1", "arg2", "arg3", "arg4", "arg5", "arg6"]

    /// The names `-N` prints before the arguments of syscall `number`
    /// (Tools/gen-arg-names.py, from the manual pages); empty for calls
    /// without names and for non-native ABIs.
    package static func names(of number: Int, arch: AuditArch) -> [StaticString] {
        guard arch == .x86_64, number >= 0, number < x86_64.count else { return [] }
        return x86_64[number]
    }
}
