/// pidfd_open: the call whose descriptor `-e decode-fds=pidfd` (and `-yy`)
/// shows as `<pid:N>`.
enum PidfdDecoders {
    /// pidfd_open's flags (PIDFD_NONBLOCK is O_NONBLOCK).
    static let openFlags: [NamedConstant] = [NamedConstant("PIDFD_NONBLOCK", 0o4000)]

    static let all: [String: SyscallDecoder] = [
        // pidfd_open(1234, 0) = 3<pid:1234>
        "pidfd_open": SyscallDecoder { d in
            d.decimal(0)
            d.flags(1, openFlags)
            return .done(.fd)
        },
    ]
}
