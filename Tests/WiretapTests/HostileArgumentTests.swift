import Glibc
import Testing

/// Arguments a decoder must not trust (lengths and counts far past their
/// buffers, garbage structures, bad pointers): wiretap prints every call and
/// neither crashes nor hangs. (strace 6.1 loops forever on this fixture's
/// control message of length 2^64-1, so there is no oracle to compare with.)
@Suite struct HostileArgumentTests {
    @Test(arguments: [[], ["-v", "-yy", "-X", "verbose", "-s", "4096"], ["--json", "-v"], ["-xx", "-X", "raw"]])
    func survivesHostileArguments(flags: [String]) throws {
        let program = try TestSupport.fixture("hostile_arguments")
        let path = TestSupport.temporaryDirectory() + "/trace"
        let result = try TestSupport.wiretap(flags + ["-o", path, program], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = TestSupport.readFile(path)
        for name in ["sendmsg", "recvmsg", "poll", "pselect6", "getgroups", "setgroups", "epoll_wait", "clone3", "futex",
                     "connect", "sched_setaffinity", "rt_sigtimedwait", "getsockopt", "setsockopt", "mincore", "prctl",
                     "waitid", "ioctl", "openat2", "syscall_0x7fffffff"] {
            #expect(text.contains(flags.first == "--json" ? "\"name\":\"\(name)\"" : "\(name)("), "\(name) missing")
        }
        #expect(text.contains(flags.first == "--json" ? "\"type\":\"exit\"" : "+++ exited with 0 +++"))
    }
}
