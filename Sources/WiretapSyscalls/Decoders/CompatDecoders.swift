import Glibc
import WiretapCore

/// Decoders for calls of the 32-bit compat ABI (i386 tracees on x86_64)
/// whose i386 form differs from the x86_64 call of the same name (16-bit
/// uids, a 32-bit time_t) or that only i386 has (_llseek, mmap2, waitpid).
/// Keyed by the i386 name; `DecoderTable.compat` prefers these to the
/// native decoders.
enum CompatDecoders {
    static let all: [(name: StaticString, decoder: SyscallDecoder)] = [
        // The 16-bit uid calls (their 32-bit forms are the `*32` calls).
        ("setuid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setgid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setfsuid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setfsgid", SyscallDecoder { d in d.id16(0); return .done() }),
        ("setreuid", SyscallDecoder { d in d.id16(0); d.id16(1); return .done() }),
        ("setregid", SyscallDecoder { d in d.id16(0); d.id16(1); return .done() }),
        ("setresuid", SyscallDecoder { d in d.id16(0); d.id16(1); d.id16(2); return .done() }),
        ("setresgid", SyscallDecoder { d in d.id16(0); d.id16(1); d.id16(2); return .done() }),
        ("getresuid", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.id16Result(i) }
            return .decimal
        })),
        ("getresgid", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            for i in 0..<3 { d.id16Result(i) }
            return .decimal
        })),
        ("chown", SyscallDecoder { d in d.path(0); d.id16(1); d.id16(2); return .done() }),
        ("lchown", SyscallDecoder { d in d.path(0); d.id16(1); d.id16(2); return .done() }),
        ("fchown", SyscallDecoder { d in d.fd(0); d.id16(1); d.id16(2); return .done() }),
        // time(2) with a 32-bit time_t.
        ("time", SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.output(0) { d, address in
                guard let value = d.load(Int32.self, 0) else { return }
                d.beginArray()
                d.signedValue(value)
                d.endArray()
            }
            return .decimal
        })),
        // _llseek(fd, offset_high, offset_low, &result, whence).
        ("_llseek", SyscallDecoder(entry: { d in
            d.fd(0)
            d.next()
            d.signedValue(Int64(bitPattern: (d.arg(1) & 0xffff_ffff) << 32 | (d.arg(2) & 0xffff_ffff)))
            return .atExit
        }, exit: { d in
            d.output(3) { d, address in
                guard let value = d.load(UInt64.self, 3) else { return }
                d.beginArray()
                d.unsignedValue(value)
                d.endArray()
            }
            d.next()
            d.namedValue(Int64(Int32(truncatingIfNeeded: d.arg(4))), Constants.seekWhence, unknown: "SEEK_???")
            return .decimal
        })),
        // waitpid(pid, &status, options): wait4 without the rusage.
        ("waitpid", SyscallDecoder(entry: { d in
            d.pid(0)
            return .atExit
        }, exit: { d in
            d.next()
            if d.failed || d.arg(1) == 0 || d.result == 0 { d.pointerValue(d.arg(1)) } else { d.waitStatus(at: d.arg(1)) }
            d.waitOptions(2)
            return .pid
        })),
        // mmap2: mmap with the offset in 4096-byte pages.
        ("mmap2", SyscallDecoder { d in
            d.pointer(0)
            d.unsignedLong(1)
            d.protection(2)
            d.mapFlags(3)
            d.fd(4)
            d.next()
            d.hexValue((d.arg(5) & 0xffff_ffff) << 12)
            return .done(.hex)
        }),
    ]
}

extension Decoding {
    /// A 16-bit user or group id (the i386 calls without the `32`): `-1`
    /// for "unchanged" (0xffff), else the low 16 bits, unsigned.
    mutating func id16(_ i: Int) {
        next()
        id16Value(UInt16(truncatingIfNeeded: arg(i)))
    }

    mutating func id16Value(_ value: UInt16) {
        if value == UInt16.max { signedValue(-1) } else { unsignedValue(value) }
    }

    /// getresuid's 16-bit outputs: `[0]`.
    mutating func id16Result(_ i: Int) {
        next()
        if failed { pointerValue(arg(i)); return }
        guard let value = try? memory.load(UInt16.self, from: arg(i)) else { unreadable(arg(i)); return }
        beginArray()
        id16Value(value)
        endArray()
    }
}
