/// An ioctl family's own decoder (v4l2, evdev, gpio...), consulted by the
/// request's type byte before the table in `IoctlArgument`. Both closures
/// run after `fd, REQUEST` was printed and return nil for a request the
/// family leaves to the generic path (which prints the argument in hex).
struct IoctlFamilyDecoder: Sendable {
    /// Prints the third argument, or returns `.atExit` to print it once the call is over.
    let entry: @Sendable (inout Decoding, UInt32) -> EntryResult?
    /// Runs only for a request whose `entry` returned `.atExit`.
    let exit: @Sendable (inout Decoding, UInt32) -> ReturnFormat?

    init(entry: @escaping @Sendable (inout Decoding, UInt32) -> EntryResult?,
         exit: @escaping @Sendable (inout Decoding, UInt32) -> ReturnFormat? = { _, _ in nil }) {
        self.entry = entry
        self.exit = exit
    }
}

/// The ioctl families with their own decoder, by `_IOC_TYPE` (bits 8-15 of the request).
enum IoctlFamilies {
    /// One entry per family file: `(type bytes, decoder)`.
    static let registered: [([UInt8], IoctlFamilyDecoder)] = [
        ([UInt8(ascii: "V")], IoctlV4L2.decoder),
        ([0xaa], IoctlFamilyDecoder(entry: { d, request in d.userfaultfdEntry(request) }, exit: { d, request in d.userfaultfdExit(request) })),
        ([0x21], IoctlFamilyDecoder(entry: { d, request in d.seccompIoctlEntry(request) }, exit: { d, request in d.seccompIoctlExit(request) })),
        ([0xae], IoctlFamilyDecoder(entry: { d, request in d.kvmEntry(request) }, exit: { d, request in d.kvmExit(request) })),
        ([0xfd], IoctlFamilyDecoder(entry: { d, request in d.deviceMapperEntry(request) }, exit: { d, request in d.deviceMapperExit(request) })),
        ([0x22], IoctlFamilyDecoder(entry: { d, request in d.scsiEntry(request) }, exit: { d, request in d.scsiExit(request) })),
        ([0xa4], IoctlFamilyDecoder(entry: { d, request in d.teeEntry(request) }, exit: { d, request in d.teeExit(request) })),
        ([0xab], IoctlFamilyDecoder(entry: { d, request in d.nbdEntry(request) })),
        ([0x58], IoctlFamilyDecoder(entry: { d, request in d.fsXEntry(request) }, exit: { d, request in d.fsXExit(request) })),
        ([0x94], IoctlFamilyDecoder(entry: { d, request in d.fs0x94Entry(request) }, exit: { d, request in d.fs0x94Exit(request) })),
    ]

    static let byType: [IoctlFamilyDecoder?] = {
        var table = [IoctlFamilyDecoder?](repeating: nil, count: 256)
        for (types, decoder) in registered {
            for type in types { table[Int(type)] = decoder }
        }
        return table
    }()

    static func decoder(for request: UInt32) -> IoctlFamilyDecoder? {
        byType[Int((request >> 8) & 0xff)]
    }
}
