import WiretapCore

/// The watchdog ioctls ('W', strace's watchdog_ioctl.c): `[N]` for the
/// getters (at exit) and setters, no argument for WDIOC_KEEPALIVE.
extension Decoding {
    mutating func watchdogEntry(_ request: UInt32) -> EntryResult? {
        let kind = watchdogRequest(request)
        if case .done? = kind, request != IoctlRequest.WDIOC_KEEPALIVE {
            next()
            ioctlInt(at: arg(2), .signed)
        }
        return kind
    }

    /// `.atExit` for the getters, `.done()` for the setters and
    /// WDIOC_KEEPALIVE (whose argument strace does not print: the kernel
    /// ignores it), nil for the rest.
    func watchdogRequest(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.WDIOC_GETSTATUS, R.WDIOC_GETBOOTSTATUS, R.WDIOC_GETTEMP, R.WDIOC_GETTIMEOUT, R.WDIOC_GETPRETIMEOUT,
             R.WDIOC_GETTIMELEFT:
            return .atExit
        case R.WDIOC_SETTIMEOUT, R.WDIOC_SETPRETIMEOUT, R.WDIOC_KEEPALIVE:
            return .done()
        default:
            return nil
        }
    }

    mutating func watchdogExit(_ request: UInt32) -> ReturnFormat? {
        guard case .atExit? = watchdogRequest(request) else { return nil }
        next()
        ioctlInt(at: arg(2), .signed)
        return .decimal
    }
}
