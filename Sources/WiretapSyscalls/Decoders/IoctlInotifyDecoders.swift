import WiretapCore

/// The inotify ioctl ('I', strace's inotify_ioctl.c): INOTIFY_IOC_SETNEXTWD's
/// descriptor number as an int.
extension Decoding {
    mutating func inotifyEntry(_ request: UInt32) -> EntryResult? {
        guard request == IoctlRequest.INOTIFY_IOC_SETNEXTWD else { return nil }
        next()
        signedValue(Int32(truncatingIfNeeded: arg(2)))
        return .done()
    }
}
