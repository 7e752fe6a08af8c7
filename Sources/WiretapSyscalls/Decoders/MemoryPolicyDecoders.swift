import Glibc
import WiretapCore

/// Decoders of mapping, NUMA policy, memfd, protection-key, scheduling
/// attribute and I/O priority calls (mbind, move_pages, memfd_create,
/// pkey_alloc, sched_setattr, ioprio_set, kcmp...), printed as strace 6.1
/// prints them. mmap and mprotect live in StartupDecoders, msync, mremap and
/// the mlock calls in MemoryDecoders; they use the emitters below.
enum MemoryPolicyDecoders {
    static let all: DecoderFamily = [
        .pkey_mprotect: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            d.decimal(3)
            return .done()
        },
        .remap_file_pages: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            d.unsignedLong(3)
            d.mapFlags(4)
            return .done()
        },
        .pkey_alloc: SyscallDecoder { d in
            d.hex(0)
            d.next()
            d.straceFlagsValue(d.arg(1), Constants.pkeyAccessRights, unknown: "PKEY_???")
            return .done()
        },
        .pkey_free: SyscallDecoder { d in
            d.decimal(0)
            return .done()
        },
        .memfd_create: SyscallDecoder { d in
            d.memfdName(0)
            d.memfdFlags(1)
            return .done(.fd)
        },
        .memfd_secret: SyscallDecoder { d in
            d.next()
            d.straceFlagsValue(d.arg(0), Constants.memfdSecretFlags, unknown: nil)
            return .done(.fd)
        },
        .process_madvise: SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.addressIovecArray(at: d.arg(1), count: d.arg(2))
            d.unsignedLong(2)
            d.next()
            d.straceNamedValue(d.arg(3) & 0xffff_ffff, Constants.madviseAdvice, unknown: "MADV_???")
            d.hex(4)
            return .done()
        },
        .process_mrelease: SyscallDecoder { d in
            d.fd(0)
            d.hex(1)
            return .done()
        },
        .readahead: SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.unsignedLong(2)
            return .done()
        },
        .mbind: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.mempolicyMode(d.arg(2))
            d.next()
            d.nodeMask(at: d.arg(3), maxNodes: d.arg(4))
            d.unsignedLong(4)
            d.next()
            d.straceFlagsValue(d.arg(5), Constants.mbindFlags, unknown: "MPOL_???")
            return .done()
        },
        .set_mempolicy: SyscallDecoder { d in
            d.mempolicyMode(d.arg(0) & 0xffff_ffff)
            d.next()
            d.nodeMask(at: d.arg(1), maxNodes: d.arg(2))
            d.unsignedLong(2)
            return .done()
        },
        .get_mempolicy: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { d, address in
                guard let mode = try? d.memory.load(Int32.self, from: address) else { d.unreadable(address); return }
                d.beginArray()
                d.straceNamedValue(UInt64(UInt32(bitPattern: mode)), Constants.mempolicyModes, unknown: "MPOL_???")
                d.endArray()
            }
            d.next()
            if d.failed { d.pointerValue(d.arg(1)) } else { d.nodeMask(at: d.arg(1), maxNodes: d.arg(2)) }
            d.unsignedLong(2)
            d.pointer(3)
            d.next()
            d.straceFlagsValue(d.arg(4), Constants.getMempolicyFlags, unknown: "MPOL_???")
            return .decimal
        }),
        .set_mempolicy_home_node: SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.unsignedLong(2)
            d.hex(3)
            return .done()
        },
        .migrate_pages: SyscallDecoder { d in
            d.pid(0)
            d.unsignedLong(1)
            d.next()
            d.nodeMask(at: d.arg(2), maxNodes: d.arg(1))
            d.next()
            d.nodeMask(at: d.arg(3), maxNodes: d.arg(1))
            return .done()
        },
        .move_pages: SyscallDecoder(entry: { d in
            d.pid(0)
            d.unsignedLong(1)
            d.next()
            d.remoteArray(at: d.arg(2), count: d.arg(1), elementSize: 8) { d, element in d.pointerValue(element) }
            d.next()
            d.remoteArray(at: d.arg(3), count: d.arg(1), elementSize: 4) { d, element in
                d.signedValue(Int32(truncatingIfNeeded: element))
            }
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed {
                d.pointerValue(d.arg(4))
            } else {
                d.remoteArray(at: d.arg(4), count: d.arg(1), elementSize: 4) { d, element in
                    d.pageStatusValue(Int32(truncatingIfNeeded: element))
                }
            }
            d.next()
            d.straceFlagsValue(d.arg(5), Constants.movePagesFlags, unknown: "MPOL_???")
            return .decimal
        }),
        .sched_rr_get_interval: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.output(1) { d, address in d.timespec(at: address) }
            return .decimal
        }),
        .sched_setattr: SyscallDecoder(entry: { d in
            d.pid(0)
            d.next()
            // Where the structure's values start: an E2BIG exit pairs them
            // with the size the kernel wrote (as clone3's exit does).
            if d.recordsValues { d.saved = Int64(d.values.tokens.count) }
            d.schedAttr(at: d.arg(1), readSize: nil)
            return .continuesAtExit
        }, exit: { d in
            // E2BIG: the kernel wrote the size it supports, ` => {size=56}`.
            if d.failed, d.result == -Int64(E2BIG), d.arg(1) != 0,
               let size = try? d.memory.load(UInt32.self, from: d.arg(1)) {
                d.resumeArgument(inChanged: true)
                var paired = false
                if d.recordsValues, let start = d.saved, start >= 0, Int(start) < d.values.tokens.count {
                    d.values.tokens.insert(.beginChanged, at: Int(start))
                    paired = true
                }
                d.beginStructure()
                d.field("size"); d.unsignedValue(size)
                d.endStructure()
                if paired { d.record(.endChanged) }
            } else {
                d.resumeArgument()
            }
            d.unsigned(2)
            return .decimal
        }),
        .sched_getattr: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.next()
            let size = UInt32(truncatingIfNeeded: d.arg(2))
            if size == 0 || d.failed || d.arg(1) == 0 {
                d.pointerValue(d.arg(1))
            } else {
                d.schedAttr(at: d.arg(1), readSize: Int(size))
            }
            d.unsigned(2)
            d.unsigned(3)
            return .decimal
        }),
        .ioprio_set: SyscallDecoder { d in
            d.ioprioTarget()
            d.next()
            let value = Int32(truncatingIfNeeded: d.arg(2))
            let style = d.format.constants
            d.customValue(.signed(Int64(value))) { out in
                if style != .abbrev { out.append(decimal: value) }
                if style == .raw { return }
                if style == .verbose { out.append(" /* ") }
                Decoding.appendIOPriority(UInt32(bitPattern: value), style: style, to: &out)
                if style == .verbose { out.append(" */") }
            }
            return .done()
        },
        .ioprio_get: SyscallDecoder { d in
            d.ioprioTarget()
            let style = d.format.constants
            guard style != .raw else { return .done() }
            d.resultPrinter = { value, out in
                out.append(decimal: value)
                out.append(" (")
                Decoding.appendIOPriority(UInt32(truncatingIfNeeded: value), style: style, to: &out)
                out.append(")")
            }
            return .done(.custom)
        },
        .getcpu: SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { d, address in d.storedUnsigned32(at: address) }
            d.output(1) { d, address in d.storedUnsigned32(at: address) }
            d.pointer(2)
            return .decimal
        }),
        .get_robust_list: SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.output(1) { d, address in
                guard address != 0 else { d.pointerValue(0); return }
                guard let value = try? d.memory.load(UInt64.self, from: address) else { d.unreadable(address); return }
                d.beginArray(); d.pointerValue(value); d.endArray()
            }
            d.output(2) { d, address in
                guard address != 0 else { d.pointerValue(0); return }
                guard let value = try? d.memory.load(UInt64.self, from: address) else { d.unreadable(address); return }
                d.beginArray(); d.unsignedValue(value); d.endArray()
            }
            return .decimal
        }),
        .kcmp: SyscallDecoder { d in
            d.pid(0)
            d.pid(1)
            d.next()
            let type = Int64(d.int(2))
            d.straceNamedValue(UInt64(UInt32(bitPattern: d.int(2))), Constants.kcmpTypes, unknown: "KCMP_???")
            switch type {
            case Constants.KCMP_FILE:
                d.kcmpDescriptor(3, of: d.int(0))
                d.kcmpDescriptor(4, of: d.int(1))
            case Constants.KCMP_EPOLL_TFD:
                d.kcmpDescriptor(3, of: d.int(0))
                d.next()
                d.kcmpEpollSlot(at: d.arg(4))
            case Constants.KCMP_FILES, Constants.KCMP_FS, Constants.KCMP_IO, Constants.KCMP_SIGHAND,
                 Constants.KCMP_SYSVSEM, Constants.KCMP_VM:
                break
            default:
                d.hex(3)
                d.hex(4)
            }
            return .done()
        },
    ]

    /// The most elements an array argument prints under `-v`, where strace
    /// prints until the memory ends: a bound on the work a tracee's count asks for.
    static let unabbreviatedArrayLimit: UInt64 = 1 << 16

    /// The bytes of a CPU set strace reads at most: the smallest of 128,
    /// 256, ... bytes the kernel accepts as a cpumask size (strace probes
    /// sched_getaffinity for it; the kernel wants a bit for each possible
    /// CPU, which /sys/devices/system/cpu/possible lists: `0-7`).
    static let cpuSetSize: Int = {
        var bytes = [UInt8](repeating: 0, count: 256)
        let fd = open("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 128 }
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        close(fd)
        // The last number in the list is the highest possible CPU.
        var highest = 0, current = 0
        for byte in bytes.prefix(max(0, count)) {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                current = min(current * 10 + Int(byte - UInt8(ascii: "0")), 1 << 24)
                highest = current
            } else {
                current = 0
            }
        }
        var size = 128
        while size * 8 < highest + 1 && size < (1 << 24) { size <<= 1 }
        return size
    }()
}

extension Decoding {
    // MARK: Flags as strace's printflags prints them

    /// One constant by name as strace's printxval prints it, or its value
    /// with `unknown` in a comment (`0 /* IOPRIO_WHO_??? */`); `value` is
    /// the bits strace reads (an int's 32, a long's 64).
    mutating func straceNamedValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString) {
        if table.contains(where: { UInt64(bitPattern: $0.value) == value }) {
            symbolic(value, named: true) { _ = $0.appendName(of: Int64(bitPattern: value), in: table) }
        } else {
            customValue(.constant(Int64(bitPattern: value), ValueTape.Span(start: 0, end: 0))) { Decoding.appendHex(value, to: &$0) }
            if format.constants != .raw { comment(unknown) }
        }
    }

    /// Appends the names of `value`'s bits from `table` in the table's order
    /// (a zero-valued entry names zero), then any remaining bits as one hex
    /// number. Returns false, having written nothing, when no name matched.
    static func appendStraceFlagNames(_ value: UInt64, _ table: [NamedConstant], to out: inout OutputBuffer) -> Bool {
        if value == 0 {
            return out.appendName(of: 0, in: table)
        }
        var remaining = value
        var matched = false
        for entry in table where entry.value != 0 && remaining & UInt64(bitPattern: entry.value) == UInt64(bitPattern: entry.value) {
            if matched { out.append(byte: UInt8(ascii: "|")) }
            out.append(entry.name)
            remaining &= ~UInt64(bitPattern: entry.value)
            matched = true
            if remaining == 0 { break }
        }
        guard matched else { return false }
        if remaining != 0 {
            out.append(byte: UInt8(ascii: "|"))
            out.append(hex: remaining)
        }
        return true
    }

    /// True when `appendStraceFlagNames` would name something.
    static func hasStraceFlagNames(_ value: UInt64, _ table: [NamedConstant]) -> Bool {
        if value == 0 { return table.contains { $0.value == 0 } }
        return table.contains { $0.value != 0 && value & UInt64(bitPattern: $0.value) == UInt64(bitPattern: $0.value) }
    }

    /// A flag set as strace's printflags prints it: names (`PROT_NONE` for a
    /// named zero), or when no bit has a name its value with `unknown` in a
    /// comment (`0x10000000 /* PROT_??? */`; nil: no comment), in the `-X` style.
    mutating func straceFlagsValue(_ value: UInt64, _ table: [NamedConstant], unknown: StaticString?) {
        if Decoding.hasStraceFlagNames(value, table) {
            symbolic(value, named: value == 0) { _ = Decoding.appendStraceFlagNames(value, table, to: &$0) }
        } else if value == 0 {
            symbolic(0) { $0.append(byte: UInt8(ascii: "0")) }
        } else {
            customValue(.flags(value, unknownFlagsSpan(value))) { $0.append(hex: value) }
            if format.constants != .raw, let unknown, unknown.utf8CodeUnitCount > 0 { comment(unknown) }
        }
    }

    /// mmap's protection: `PROT_READ|PROT_WRITE`, `PROT_NONE`, `0x10000000 /* PROT_??? */`.
    mutating func protection(_ i: Int) {
        next()
        straceFlagsValue(arg(i), Constants.mmapProtections, unknown: "PROT_???")
    }

    /// mmap's flags: the mapping type by name (`MAP_FILE` for none, `0x4 /*
    /// MAP_??? */` for an unnamed one), the other flags, and the huge page
    /// size as `N<<MAP_HUGE_SHIFT`; under `-X verbose` all in one comment.
    mutating func mapFlags(_ i: Int) {
        next()
        let value = arg(i)
        symbolic(value, named: value == 0) { Decoding.appendMapFlags(value, to: &$0) }
    }

    static func appendMapFlags(_ value: UInt64, to out: inout OutputBuffer) {
        let type = Int64(value & UInt64(Constants.MAP_TYPE))
        if !out.appendName(of: type, in: Constants.mmapFlagNames) {
            appendHex(UInt64(type), to: &out)
            out.append(" /* MAP_??? */")
        }
        // strace clears the huge page field with a 32-bit mask, which clears
        // the upper half too: those bits show only in the number.
        let hugeMask = UInt32(Constants.MAP_HUGE_MASK) << UInt32(Constants.MAP_HUGE_SHIFT)
        let huge = UInt64(UInt32(truncatingIfNeeded: value) & hugeMask)
        let rest = value & ~UInt64(Constants.MAP_TYPE) & UInt64(~hugeMask)
        if rest != 0 {
            out.append(byte: UInt8(ascii: "|"))
            if !appendStraceFlagNames(rest, Constants.mmapFlagNames, to: &out) { out.append(hex: rest) }
        }
        if huge != 0 {
            out.append(byte: UInt8(ascii: "|"))
            out.append(decimal: huge >> UInt64(Constants.MAP_HUGE_SHIFT))
            out.append("<<MAP_HUGE_SHIFT")
        }
    }

    /// memfd_create's name: a string of at most 250 bytes, the most the
    /// kernel takes (`-s` cuts it shorter), with `...` when longer.
    mutating func memfdName(_ i: Int) {
        let longest = 250
        guard format.stringLimit >= longest, arg(i) != 0 else { cString(i); return }
        next()
        do {
            let read = try memory.readCString(at: arg(i), limit: longest, into: &scratch)
            stringValue(scratch.prefix(longest), truncated: read.truncated || scratch.count >= longest)
        } catch {
            unreadable(arg(i))
        }
    }

    /// memfd_create's flags: `MFD_CLOEXEC|MFD_HUGETLB|21<<MFD_HUGE_SHIFT`;
    /// zero is `0` in every style.
    mutating func memfdFlags(_ i: Int) {
        next()
        let value = UInt32(truncatingIfNeeded: arg(i))
        guard value != 0 else { hexValue(0); return }
        symbolic(UInt64(value)) { out in
            let hugeMask = UInt32(Constants.MFD_HUGE_MASK) << UInt32(Constants.MFD_HUGE_SHIFT)
            let huge = value & hugeMask
            let flags = value & ~hugeMask
            if flags != 0 || huge == 0 {
                if !Decoding.appendStraceFlagNames(UInt64(flags), Constants.memfdFlags, to: &out) {
                    out.append(hex: UInt64(flags))
                    out.append(" /* MFD_??? */")
                }
            }
            if huge != 0 {
                if flags != 0 { out.append(byte: UInt8(ascii: "|")) }
                out.append(decimal: huge >> UInt32(Constants.MFD_HUGE_SHIFT))
                out.append("<<MFD_HUGE_SHIFT")
            }
        }
    }

    // MARK: NUMA policies

    /// A memory policy mode with its mode flags: `MPOL_BIND|MPOL_F_STATIC_NODES`.
    mutating func mempolicyMode(_ value: UInt64) {
        next()
        let flagMask = UInt64(Constants.MPOL_F_STATIC_NODES | Constants.MPOL_F_RELATIVE_NODES | Constants.MPOL_F_NUMA_BALANCING)
        let flags = value & flagMask
        let mode = value & ~flagMask
        if flags == 0 {
            straceNamedValue(mode, Constants.mempolicyModes, unknown: "MPOL_???")
        } else if !Constants.mempolicyModes.contains(where: { UInt64(bitPattern: $0.value) == mode }) {
            straceFlagsValue(value, Constants.mempolicyModeFlags, unknown: "MPOL_???")
        } else {
            symbolic(value, named: true) { out in
                _ = out.appendName(of: Int64(bitPattern: mode), in: Constants.mempolicyModes)
                out.append(byte: UInt8(ascii: "|"))
                _ = Decoding.appendStraceFlagNames(flags, Constants.mempolicyModeFlags, to: &out)
            }
        }
    }

    /// A node mask of `maxNodes` bits: `[0x0000000000000003]`, as words.
    mutating func nodeMask(at address: UInt64, maxNodes: UInt64) {
        let words = (maxNodes &+ 62) / 64
        if words < maxNodes / 64 || (maxNodes != 0 && words == 0) {
            pointerValue(address)
            return
        }
        remoteArray(at: address, count: words, elementSize: 8) { d, word in
            d.customValue(.unsigned(word, .hexadecimal)) { Decoding.appendZeroPaddedHex(word, to: &$0) }
        }
    }

    /// C's `%#018lx` as strace prints a node word: `0x0000000000000003`
    /// is written `0x00000000000003` (the `0x` counts in the width) and zero
    /// without the prefix.
    static func appendZeroPaddedHex(_ value: UInt64, to out: inout OutputBuffer) {
        let digits = value == 0 ? 1 : (67 - value.leadingZeroBitCount) / 4
        if value == 0 {
            for _ in 0..<16 { out.append(byte: UInt8(ascii: "0")) }
            return
        }
        out.append("0x")
        for _ in 0..<max(0, 14 - digits) { out.append(byte: UInt8(ascii: "0")) }
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xf)
            out.append(byte: nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    /// move_pages' status of a page: its node, or `-ENOENT` for an error.
    mutating func pageStatusValue(_ status: Int32) {
        let name: StaticString? = status < 0 ? ErrnoTable.name(-Int(status)) : nil
        guard let name else { signedValue(status); return }
        let style = format.constants
        customValue(.signed(Int64(status))) { out in
            if style != .abbrev { out.append(decimal: status) }
            if style == .raw { return }
            if style == .verbose { out.append(" /* ") }
            out.append("-")
            out.append(name)
            if style == .verbose { out.append(" */") }
        }
    }

    // MARK: Arrays in the tracee's memory

    /// An array of `count` elements of `elementSize` bytes (4 or 8) as
    /// strace's print_array prints it: `NULL`, `[]`, the address when the
    /// first element can't be read, `..., /* 0x... */` where a later one
    /// can't, and `-s` elements at most unless `-v`.
    mutating func remoteArray(at address: UInt64, count: UInt64, elementSize: UInt64,
                              _ printElement: (inout Decoding, UInt64) -> Void) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let (size, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, address &+ size > address else { pointerValue(address); return }
        let limit = unabbreviated ? MemoryPolicyDecoders.unabbreviatedArrayLimit : UInt64(max(0, format.stringLimit))
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index &* elementSize
            let value: UInt64?
            if elementSize == 8 {
                value = try? memory.load(UInt64.self, from: element)
            } else {
                value = (try? memory.load(UInt32.self, from: element)).map { UInt64($0) }
            }
            guard let value else {
                if index == 0 { unreadable(address); return }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if index == 0 { beginArray() }
            if index >= limit { endArray(cut: true); return }
            printElement(&self, value)
            index += 1
        }
        endArray()
    }

    /// An array of `struct iovec` printed by address (process_madvise's
    /// ranges): `[{iov_base=0x..., iov_len=N}, ...]`, whole under `-v` as
    /// strace prints it, else cut at `-s` elements.
    mutating func addressIovecArray(at address: UInt64, count: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard count > 0 else { beginArray(); endArray(); return }
        let (size, overflow) = count.multipliedReportingOverflow(by: 16)
        guard !overflow, address &+ size > address else { pointerValue(address); return }
        let limit = unabbreviated ? MemoryPolicyDecoders.unabbreviatedArrayLimit : UInt64(max(0, format.stringLimit))
        var index: UInt64 = 0
        while index < count {
            let element = address &+ index &* 16
            guard let iov = try? memory.load((UInt64, UInt64).self, from: element) else {
                if index == 0 { unreadable(address); return }
                customValue(.unreadable(element)) { $0.append("...") }
                comment { $0.append(hex: element) }
                break
            }
            if index == 0 { beginArray() }
            if index >= limit { endArray(cut: true); return }
            beginStructure()
            field("iov_base"); pointerValue(iov.0)
            field("iov_len"); unsignedValue(iov.1)
            endStructure()
            index += 1
        }
        endArray()
    }

    /// A descriptor of process `pid` (kcmp's): with `-y` its path when
    /// that process is the tracee, else its number.
    mutating func kcmpDescriptor(_ i: Int, of pid: Int32) {
        if pid == memory.pid { fd(i) } else { decimal(i) }
    }

    /// `[N]`: an unsigned int the kernel stored (getcpu's cpu and node).
    mutating func storedUnsigned32(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let value = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
        beginArray()
        unsignedValue(value)
        endArray()
    }

    // MARK: Scheduling and I/O priority

    /// `struct sched_attr`: sched_setattr's (`readSize` nil: the size is the
    /// structure's own first field) or what sched_getattr's kernel wrote.
    mutating func schedAttr(at address: UInt64, readSize: Int?) {
        guard address != 0 else { pointerValue(0); return }
        let minimumSize = 48, fullSize = 56
        var bytes = [UInt8](repeating: 0, count: fullSize)
        let declaredSize: UInt32
        let size: Int
        let isSet = readSize == nil
        if let readSize {
            let wanted = min(readSize, fullSize)
            let ok: Bool = bytes.withUnsafeMutableBytes {
                (try? memory.readExactly(from: address, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]))) != nil
            }
            guard ok else { unreadable(address); return }
            declaredSize = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            size = Int(declaredSize)
        } else {
            guard let first = try? memory.load(UInt32.self, from: address) else { unreadable(address); return }
            declaredSize = first == 0 ? UInt32(minimumSize) : first
            size = min(Int(declaredSize), fullSize)
            if size >= minimumSize {
                let ok: Bool = bytes.withUnsafeMutableBytes {
                    (try? memory.readExactly(from: address, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<size]))) != nil
                }
                guard ok else { unreadable(address); return }
            }
            bytes.withUnsafeMutableBytes { $0.storeBytes(of: first, as: UInt32.self) }
        }
        func read<T: BitwiseCopyable>(_ offset: Int, _ type: T.Type) -> T {
            bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        }
        beginStructure()
        field("size"); unsignedValue(read(0, UInt32.self))
        if size >= minimumSize {
            let policy = read(4, UInt32.self)
            let flags = read(8, UInt64.self)
            let keepPolicy = UInt64(Constants.SCHED_FLAG_KEEP_POLICY), keepParams = UInt64(Constants.SCHED_FLAG_KEEP_PARAMS)
            if !isSet || Int32(bitPattern: policy) < 0 || flags & (keepPolicy | keepParams) == 0 {
                field("sched_policy")
                straceNamedValue(UInt64(policy), Constants.schedulerPolicies, unknown: "SCHED_???")
            }
            field("sched_flags"); straceFlagsValue(flags, Constants.schedAttrFlags, unknown: "SCHED_FLAG_???")
            if !isSet || flags & keepParams == 0 {
                field("sched_nice"); signedValue(read(16, Int32.self))
                field("sched_priority"); unsignedValue(read(20, UInt32.self))
                field("sched_runtime"); unsignedValue(read(24, UInt64.self))
                field("sched_deadline"); unsignedValue(read(32, UInt64.self))
                field("sched_period"); unsignedValue(read(40, UInt64.self))
            }
            if size >= fullSize {
                field("sched_util_min"); unsignedValue(read(48, UInt32.self))
                field("sched_util_max"); unsignedValue(read(52, UInt32.self))
            }
        }
        endStructure(abbreviated: isSet && Int(declaredSize) > size)
    }

    /// ioprio_get/ioprio_set's `which` and `who` (a process or group id for
    /// IOPRIO_WHO_PROCESS and IOPRIO_WHO_PGRP).
    mutating func ioprioTarget() {
        next()
        let which = Int64(int(0))
        straceNamedValue(UInt64(UInt32(bitPattern: int(0))), Constants.ioprioTargets, unknown: "IOPRIO_WHO_???")
        if which == Constants.IOPRIO_WHO_PROCESS || which == Constants.IOPRIO_WHO_PGRP { pid(1) } else { decimal(1) }
    }

    /// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`, its class in the `-X` style.
    static func appendIOPriority(_ value: UInt32, style: StraceFormat.ConstantStyle, to out: inout OutputBuffer) {
        let ioprioClass = value >> 13
        out.append("IOPRIO_PRIO_VALUE(")
        let known = Constants.ioprioClasses.contains { $0.value == Int64(ioprioClass) }
        if style == .abbrev && known {
            _ = out.appendName(of: Int64(ioprioClass), in: Constants.ioprioClasses)
        } else {
            appendHex(UInt64(ioprioClass), to: &out)
            out.append(" /* ")
            if !out.appendName(of: Int64(ioprioClass), in: Constants.ioprioClasses) { out.append("IOPRIO_CLASS_???") }
            out.append(" */")
        }
        out.append(", ")
        out.append(decimal: Int32(bitPattern: value & 0x1fff))
        out.append(")")
    }

    /// kcmp's `struct kcmp_epoll_slot`: `{efd=3, tfd=4, toff=0}`.
    mutating func kcmpEpollSlot(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        guard let slot = try? memory.load((UInt32, UInt32, UInt64).self, from: address) else { unreadable(address); return }
        beginStructure()
        field("efd"); signedValue(Int32(bitPattern: slot.0))
        field("tfd"); signedValue(Int32(bitPattern: slot.1))
        field("toff"); unsignedValue(slot.2)
        endStructure()
    }

    /// A CPU set as strace prints one: the set bits of at most the kernel's
    /// cpumask size (`[0 1 2]`), `...` when the set is longer.
    mutating func affinityList(at address: UInt64, length: UInt32) {
        guard address != 0 else { pointerValue(0); return }
        guard length > 0 else { beginArray(); endArray(); return }
        let readSize = min(Int(length), MemoryPolicyDecoders.cpuSetSize)
        let size = (readSize + 7) & ~7
        var bits = [UInt8](repeating: 0, count: size)
        let ok: Bool = bits.withUnsafeMutableBytes {
            (try? memory.readExactly(from: address, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<readSize]))) != nil
        }
        guard ok else { unreadable(address); return }
        let more = size < Int(length)
        beginValue()
        out.append(byte: UInt8(ascii: "["))
        record(.beginArray)
        var first = true
        for (index, byte) in bits.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << UInt8(bit)) != 0 {
                if !first { out.append(byte: UInt8(ascii: " ")) }
                first = false
                out.append(decimal: index * 8 + bit)
                record(.unsigned(UInt64(index * 8 + bit), .decimal))
            }
        }
        if more {
            if !first { out.append(byte: UInt8(ascii: " ")) }
            out.append("...")
        }
        out.append(byte: UInt8(ascii: "]"))
        record(.endArray(cut: more))
    }
}
