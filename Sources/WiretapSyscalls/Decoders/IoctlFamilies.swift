import WiretapCore

/// An ioctl family's own decoder (v4l2, evdev, gpio...), consulted by the
/// request's type byte before the table in `IoctlArgument`. Both closures
/// run after `fd, REQUEST` was printed and return nil for a request the
/// family leaves to the generic path (which prints the argument in hex).
struct IoctlFamilyDecoder: Sendable {
    /// Prints the third argument, or returns `.atExit` to print it once the call is over.
    let entry: @Sendable (inout Decoding, UInt32) -> EntryResult?
    /// Runs only for a request whose `entry` returned `.atExit`.
    let exit: @Sendable (inout Decoding, UInt32) -> ReturnFormat?
    /// Names a request strace spells from its number (`EVIOCGNAME(128)`,
    /// strace's ioctl_decode_command_number): writes the name and returns
    /// true, or returns false. The flag is set under `-X verbose`.
    let name: (@Sendable (UInt32, Bool, inout OutputBuffer) -> Bool)?

    init(entry: @escaping @Sendable (inout Decoding, UInt32) -> EntryResult?,
         exit: @escaping @Sendable (inout Decoding, UInt32) -> ReturnFormat? = { _, _ in nil },
         name: (@Sendable (UInt32, Bool, inout OutputBuffer) -> Bool)? = nil) {
        self.entry = entry
        self.exit = exit
        self.name = name
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
        ([0x45], IoctlFamilyDecoder(entry: { d, request in d.evdevEntry(request) }, exit: { d, request in d.evdevExit(request) },
                                    name: { code, verbose, out in Decoding.evdevRequestName(code, verbose: verbose, &out) })),
        ([0xb4], IoctlFamilyDecoder(entry: { d, request in d.gpioEntry(request) }, exit: { d, request in d.gpioExit(request) })),
        ([0x4d], IoctlFamilyDecoder(entry: { d, request in d.mtdEntry(request) }, exit: { d, request in d.mtdExit(request) },
                                    name: { code, verbose, out in Decoding.mixerRequestName(code, verbose: verbose, &out) })),
        ([0x6f, 0x4f], IoctlFamilyDecoder(entry: { d, request in d.ubiEntry(request) }, exit: { d, request in d.ubiExit(request) })),
        ([0x03], IoctlFamilyDecoder(entry: { d, request in d.hdioEntry(request) }, exit: { d, request in d.hdioExit(request) })),
        ([0x4b], IoctlFamilyDecoder(entry: { d, request in d.kdEntry(request) }, exit: { d, request in d.kdExit(request) })),
        ([0x3d], IoctlFamilyDecoder(entry: { d, request in d.ptpEntry(request) }, exit: { d, request in d.ptpExit(request) })),
        ([0x57], IoctlFamilyDecoder(entry: { d, request in d.watchdogEntry(request) }, exit: { d, request in d.watchdogExit(request) })),
        ([0x49], IoctlFamilyDecoder(entry: { d, request in d.inotifyEntry(request) })),
        ([0x69], IoctlFamilyDecoder(entry: { d, request in d.lircEntry(request) }, exit: { d, request in d.lircExit(request) })),
        ([0x3e], IoctlFamilyDecoder(entry: { d, request in d.counterEntry(request) })),
        ([0x70], IoctlFamilyDecoder(entry: { d, request in d.rtcParamEntry(request) }, exit: { d, request in d.rtcParamExit(request) })),
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
