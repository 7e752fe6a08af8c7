import Glibc

/// Decoders of time and polling: clocks, sleeps, timerfd, poll/select, epoll, eventfd.
enum PollingDecoders {
    static let all: [String: SyscallDecoder] = [:]
}
