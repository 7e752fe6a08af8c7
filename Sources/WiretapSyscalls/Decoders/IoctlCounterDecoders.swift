import WiretapCore

/// The counter device ioctls ('>', strace's counter_ioctl.c):
/// COUNTER_ADD_WATCH_IOCTL's `struct counter_watch`, no argument for the
/// event switches.
extension Decoding {
    mutating func counterEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        switch request {
        case R.COUNTER_ADD_WATCH_IOCTL:
            next()
            guard let b = ioctlRead(at: arg(2), count: 6) else { return .done() }
            beginStructure()
            field("component")
            beginStructure()
            field("type")
            namedValue(Int64(b[0]), Constants.counterComponentTypes, unknown: "COUNTER_COMPONENT_???")
            field("scope"); namedValue(Int64(b[1]), Constants.counterScopes, unknown: "COUNTER_SCOPE_???")
            field("parent"); unsignedValue(b[2])
            field("id"); unsignedValue(b[3])
            endStructure()
            field("event"); namedValue(Int64(b[4]), Constants.counterEventTypes, unknown: "COUNTER_EVENT_???")
            field("channel"); unsignedValue(b[5])
            endStructure()
            return .done()
        case R.COUNTER_ENABLE_EVENTS_IOCTL, R.COUNTER_DISABLE_EVENTS_IOCTL:
            return .done()
        default:
            return nil
        }
    }
}
