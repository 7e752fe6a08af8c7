import WiretapCore

/// The KVM ioctls (type 0xae, strace's kvm.c and x86_64 arch_kvm.c):
/// KVM_CREATE_VM and KVM_CREATE_VCPU (descriptor results),
/// KVM_SET_USER_MEMORY_REGION, KVM_GET/SET_REGS, KVM_GET/SET_SREGS
/// (abbreviated unless -v), KVM_SET_CPUID2 and KVM_GET_SUPPORTED/EMULATED_CPUID,
/// KVM_CHECK_EXTENSION's capability. KVM_RUN, KVM_GET_VCPU_MMAP_SIZE and the
/// rest print their argument in hexadecimal; with `-e kvm=vcpu`, KVM_RUN's
/// result is followed by the vcpu's exit reason (`= 0 (KVM_EXIT_HLT)`), read
/// from the `struct kvm_run` the tracee mapped from the vcpu descriptor.
extension Decoding {
    mutating func kvmEntry(_ request: UInt32) -> EntryResult? {
        typealias R = IoctlRequest
        let address = arg(2)
        switch request {
        case R.KVM_CREATE_VM:
            hex(2)
            return .done(.fd)
        case R.KVM_CREATE_VCPU:
            next()
            unsignedValue(UInt32(truncatingIfNeeded: address))
            return .done(.fd)
        case R.KVM_SET_USER_MEMORY_REGION:
            next()
            guard let b = structureBytes(at: address, count: 32) else { return .done() }
            beginStructure()
            field("slot"); unsignedValue(UInt32(bitPattern: Self.int32(b, 0)))
            field("flags")
            flagsValue(UInt64(UInt32(bitPattern: Self.int32(b, 4))), Constants.kvmMemoryFlags, unknown: "KVM_MEM_???")
            field("guest_phys_addr"); hexValue(Self.uint64(b, 8))
            field("memory_size"); unsignedValue(Self.uint64(b, 16))
            field("userspace_addr"); hexValue(Self.uint64(b, 24))
            endStructure()
            return .done()
        case R.KVM_SET_REGS:
            next()
            if let b = structureBytes(at: address, count: 144) { kvmRegs(b) }
            return .done()
        case R.KVM_SET_SREGS:
            next()
            if let b = structureBytes(at: address, count: 312) { kvmSregs(b) }
            return .done()
        case R.KVM_SET_CPUID2:
            next()
            kvmCpuid2(at: address)
            return .done()
        case R.KVM_GET_REGS, R.KVM_GET_SREGS, R.KVM_GET_SUPPORTED_CPUID, R.KVM_GET_EMULATED_CPUID:
            return .atExit
        case R.KVM_CHECK_EXTENSION:
            next()
            xlatValue(address, Constants.kvmCapabilities, unknown: "KVM_CAP_???")
            return .done()
        case R.KVM_RUN where format.selection.kvmExitReasons:
            // strace prints the argument at exit, with the exit reason after the result.
            return .atExit
        default:
            return nil
        }
    }

    /// `sizeof(struct kvm_run)` on x86_64: strace reads the exit reason only
    /// from a mapping at least this long.
    static let kvmRunSize: UInt64 = 2352

    /// KVM_RUN's exit under `-e kvm=vcpu`: the argument, and the result
    /// with `(KVM_EXIT_...)` when the vcpu's `struct kvm_run` is mapped.
    mutating func kvmRunExit() -> ReturnFormat {
        hex(2)
        guard !failed, let reason = kvmExitReason(vcpu: int(0)) else { return .decimal }
        let name = Constants.kvmExitReasons.first { $0.value == Int64(reason) }?.name
        resultPrinter = { value, out in
            out.append(decimal: value)
            out.append(" (")
            out.append(name ?? "KVM_EXIT_???")
            out.append(")")
        }
        return .custom
    }

    /// The exit_reason of the `struct kvm_run` mapped from `vcpu` (an
    /// `anon_inode:kvm-vcpu:N` descriptor), as strace's vcpu_get_info finds
    /// it: the mapping of that name with device major 0 in /proc/PID/maps.
    func kvmExitReason(vcpu: Int32) -> UInt32? {
        let pid = memory.pid
        guard let target = try? ProcFS.linkTarget("/proc/\(pid)/fd/\(vcpu)") else { return nil }
        let prefix = Array("anon_inode:kvm-vcpu:".utf8)
        guard target.starts(with: prefix), target.count > prefix.count,
              target[prefix.count...].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let maps = try? ProcFS.readFile("/proc/\(pid)/maps")
        else { return nil }
        // Each line: start-end perms offset major:minor inode path.
        for line in maps.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { continue }
            let path = fields[5].drop { $0 == UInt8(ascii: " ") }
            guard path.elementsEqual(target) else { continue }
            let device = fields[3].split(separator: UInt8(ascii: ":"))
            guard let major = device.first, Self.kvmHex(major) == 0 else { continue }
            let range = fields[0].split(separator: UInt8(ascii: "-"))
            guard range.count == 2, let start = Self.kvmHex(range[0]), let end = Self.kvmHex(range[1]) else { continue }
            guard start < end, end - start >= Self.kvmRunSize else { return nil }
            return try? memory.load(UInt32.self, from: start &+ 8)
        }
        return nil
    }

    /// A hexadecimal number from /proc/PID/maps, or nil.
    static func kvmHex<C: Collection>(_ digits: C) -> UInt64? where C.Element == UInt8 {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }

    /// What KVM_GET_REGS, KVM_GET_SREGS and KVM_GET_*_CPUID wrote (the address when they failed).
    mutating func kvmExit(_ request: UInt32) -> ReturnFormat? {
        typealias R = IoctlRequest
        if request == R.KVM_RUN { return kvmRunExit() }
        next()
        let address = arg(2)
        if failed, address != 0 { pointerValue(address); return .decimal }
        switch request {
        case R.KVM_GET_REGS:
            if let b = structureBytes(at: address, count: 144) { kvmRegs(b) }
        case R.KVM_GET_SREGS:
            if let b = structureBytes(at: address, count: 312) { kvmSregs(b) }
        default:
            kvmCpuid2(at: address)
        }
        return .decimal
    }


    /// strace's `...` for fields left out in the middle of a structure
    /// (not recorded: the values simply lack those fields).
    mutating func kvmFieldsLeftOut() {
        out.append(", ...")
    }

    /// `struct kvm_regs`: `{rax=0x0, ..., rsp=..., rbp=..., ..., rip=..., rflags=...}`, every register with -v.
    mutating func kvmRegs(_ b: [UInt8]) {
        let names: [StaticString] = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8", "r9", "r10",
                                     "r11", "r12", "r13", "r14", "r15", "rip", "rflags"]
        beginStructure()
        for (index, name) in names.enumerated() {
            if !unabbreviated {
                if (1...5).contains(index) || (8...15).contains(index) {
                    if index == 1 || index == 8 { kvmFieldsLeftOut() }
                    continue
                }
            }
            field(name); hexValue(Self.uint64(b, index * 8))
        }
        endStructure()
    }

    /// `struct kvm_sregs`: `{cs={...}, ...}`, every field with -v.
    mutating func kvmSregs(_ b: [UInt8]) {
        beginStructure()
        field("cs"); kvmSegment(b, at: 0)
        guard unabbreviated else { endStructure(abbreviated: true); return }
        let segments: [StaticString] = ["ds", "es", "fs", "gs", "ss", "tr", "ldt"]
        for (index, name) in segments.enumerated() { field(name); kvmSegment(b, at: 24 * (index + 1)) }
        field("gdt"); kvmDescriptorTable(b, at: 192)
        field("idt"); kvmDescriptorTable(b, at: 208)
        let controls: [StaticString] = ["cr0", "cr2", "cr3", "cr4", "cr8", "efer"]
        for (index, name) in controls.enumerated() { field(name); unsignedValue(Self.uint64(b, 224 + 8 * index)) }
        field("apic_base"); hexValue(Self.uint64(b, 272))
        field("interrupt_bitmap")
        beginArray()
        for index in 0..<4 { hexValue(Self.uint64(b, 280 + 8 * index)) }
        endArray()
        endStructure()
    }

    /// `struct kvm_segment` (24 bytes).
    mutating func kvmSegment(_ b: [UInt8], at offset: Int) {
        beginStructure()
        field("base"); hexValue(Self.uint64(b, offset))
        field("limit"); unsignedValue(UInt32(bitPattern: Self.int32(b, offset + 8)))
        field("selector"); unsignedValue(UInt16(b[offset + 12]) | UInt16(b[offset + 13]) << 8)
        let bytes: [StaticString] = ["type", "present", "dpl", "db", "s", "l", "g", "avl"]
        for (index, name) in bytes.enumerated() { field(name); unsignedValue(b[offset + 14 + index]) }
        endStructure()
    }

    /// `struct kvm_dtable` (16 bytes): `{base=0x0, limit=0}`.
    mutating func kvmDescriptorTable(_ b: [UInt8], at offset: Int) {
        beginStructure()
        field("base"); hexValue(Self.uint64(b, offset))
        field("limit"); unsignedValue(UInt16(b[offset + 8]) | UInt16(b[offset + 9]) << 8)
        endStructure()
    }

    /// `struct kvm_cpuid2`: `{nent=N, entries=[...]}`, the entries with -v.
    mutating func kvmCpuid2(at address: UInt64) {
        guard address != 0 else { pointerValue(0); return }
        // The header (nent and its padding) must be readable whole.
        guard let header = try? memory.load(UInt64.self, from: address) else { unreadable(address); return }
        let count = UInt32(truncatingIfNeeded: header)
        beginStructure()
        field("nent"); unsignedValue(count)
        field("entries")
        if !unabbreviated {
            beginArray()
            endArray(cut: count != 0)
        } else {
            // strace reads every entry (capped here).
            kernelArray(at: address &+ 8, count: UInt64(count), size: 40, limit: 1 << 16) { d, b in
                d.beginStructure()
                d.field("function"); d.hexValue(UInt64(Decoding.word(b, at: 0, as: UInt32.self)))
                d.field("index"); d.hexValue(UInt64(Decoding.word(b, at: 4, as: UInt32.self)))
                d.field("flags")
                d.flagsValue(UInt64(Decoding.word(b, at: 8, as: UInt32.self)), Constants.kvmCpuidFlags, unknown: "KVM_CPUID_FLAG_???")
                let registers: [StaticString] = ["eax", "ebx", "ecx", "edx"]
                for (i, name) in registers.enumerated() {
                    d.field(name); d.hexValue(UInt64(Decoding.word(b, at: 12 + 4 * i, as: UInt32.self)))
                }
                d.endStructure()
            }
        }
        endStructure()
    }
}
