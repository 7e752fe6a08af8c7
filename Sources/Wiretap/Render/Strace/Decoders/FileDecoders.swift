import CWiretap
import Glibc

/// Decoders of the files family: descriptors (dup, pipe, fcntl, ioctl,
/// vectored I/O, seeking, syncing), paths (mkdir, unlink, rename, link,
/// symlink, chmod, chown, utimensat, truncate), directories (getdents64,
/// getcwd, chdir) and file system queries (statx, statfs).
enum FileDecoders {
    static let all: [String: SyscallDecoder] = [
        "openat2": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.openHow(2, size: 3)
            d.unsignedLong(3)
            return .done(.fd)
        },
        "readv": SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            return .decimal
        }),
        "writev": SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            return .done()
        },
        "preadv": SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.iovec(1, count: 2, data: d.failed ? nil : Int(d.result))
            d.unsignedLong(2)
            d.long(3)
            return .decimal
        }),
        "pwritev": SyscallDecoder { d in
            d.fd(0)
            d.iovec(1, count: 2, data: -1)
            d.unsignedLong(2)
            d.long(3)
            return .done()
        },
        "lseek": SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.next()
            d.namedValue(Int64(Int32(truncatingIfNeeded: d.arg(2))), Constants.seekWhence, unknown: "SEEK_???")
            return .done()
        },
        "statx": SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            d.statxFlags(2)
            d.next()
            d.appendStatxMask(d.arg(3))
            return .atExit
        }, exit: { d in
            d.statx(4)
            return .decimal
        }),
        "statfs": SyscallDecoder(entry: { d in
            d.path(0)
            return .atExit
        }, exit: { d in
            d.statfs(1)
            return .decimal
        }),
        "fstatfs": SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.statfs(1)
            return .decimal
        }),
        "fcntl": SyscallDecoder(entry: { d in d.fcntlEntry() }, exit: { d in d.fcntlExit() }),
        "ioctl": SyscallDecoder(entry: { d in d.ioctlEntry() }, exit: { d in d.ioctlExit() }),
        "dup": SyscallDecoder { d in
            d.fd(0)
            return .done(.fd)
        },
        "dup2": SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            return .done(.fd)
        },
        "dup3": SyscallDecoder { d in
            d.fd(0)
            d.fd(1)
            d.flags(2, Constants.openFlags)
            return .done(.fd)
        },
        "pipe": SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.fdPair(0)
            return .decimal
        }),
        "pipe2": SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.fdPair(0)
            d.flags(1, Constants.openFlags)
            return .decimal
        }),
        "getdents64": SyscallDecoder(entry: { d in
            d.fd(0)
            return .atExit
        }, exit: { d in
            d.directoryEntries(1)
            d.unsigned(2)
            return .decimal
        }),
        "mkdir": SyscallDecoder { d in
            d.path(0)
            d.mode(1)
            return .done()
        },
        "mkdirat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.mode(2)
            return .done()
        },
        "unlink": SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        "unlinkat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.flags(2, Constants.atFlags)
            return .done()
        },
        "rmdir": SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        "rename": SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        "renameat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            return .done()
        },
        "renameat2": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            d.flags(4, Constants.renameFlags)
            return .done()
        },
        "link": SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        "linkat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.dirfd(2)
            d.path(3)
            d.flags(4, Constants.atFlags)
            return .done()
        },
        "symlink": SyscallDecoder { d in
            d.path(0)
            d.path(1)
            return .done()
        },
        "symlinkat": SyscallDecoder { d in
            d.path(0)
            d.dirfd(1)
            d.path(2)
            return .done()
        },
        "readlink": SyscallDecoder(entry: { d in
            d.path(0)
            return .atExit
        }, exit: { d in
            d.resultBuffer(1)
            d.unsignedLong(2)
            return .decimal
        }),
        "readlinkat": SyscallDecoder(entry: { d in
            d.dirfd(0)
            d.path(1)
            return .atExit
        }, exit: { d in
            d.resultBuffer(2)
            d.unsignedLong(3)
            return .decimal
        }),
        "chmod": SyscallDecoder { d in
            d.path(0)
            d.mode(1)
            return .done()
        },
        "fchmod": SyscallDecoder { d in
            d.fd(0)
            d.mode(1)
            return .done()
        },
        "fchmodat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.mode(2)
            return .done()
        },
        "chown": SyscallDecoder { d in
            d.path(0)
            d.id(1)
            d.id(2)
            return .done()
        },
        "lchown": SyscallDecoder { d in
            d.path(0)
            d.id(1)
            d.id(2)
            return .done()
        },
        "fchown": SyscallDecoder { d in
            d.fd(0)
            d.id(1)
            d.id(2)
            return .done()
        },
        "fchownat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.id(2)
            d.id(3)
            d.flags(4, Constants.atFlags)
            return .done()
        },
        "utimensat": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.utimes(2)
            d.flags(3, Constants.atFlags)
            return .done()
        },
        "truncate": SyscallDecoder { d in
            d.path(0)
            d.long(1)
            return .done()
        },
        "ftruncate": SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            return .done()
        },
        "fallocate": SyscallDecoder { d in
            d.fd(0)
            d.flags(1, Constants.fallocateModes)
            d.long(2)
            d.long(3)
            return .done()
        },
        "fsync": SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        "fdatasync": SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        "sync": SyscallDecoder { _ in .done() },
        "chdir": SyscallDecoder { d in
            d.path(0)
            return .done()
        },
        "fchdir": SyscallDecoder { d in
            d.fd(0)
            return .done()
        },
        "getcwd": SyscallDecoder(entry: { _ in .atExit }, exit: { d in
            d.next()
            if d.failed || d.result <= 0 {
                d.out.appendPointer(d.arg(0))
            } else {
                d.pathBytes(at: d.arg(0), count: Int(d.result) - 1)
            }
            d.unsignedLong(1)
            return .decimal
        }),
        "umask": SyscallDecoder { d in
            d.mode(0)
            return .done(.octal)
        },
        "copy_file_range": SyscallDecoder { d in
            d.fd(0)
            d.next()
            d.int64(at: d.arg(1))
            d.fd(2)
            d.next()
            d.int64(at: d.arg(3))
            d.unsignedLong(4)
            d.unsigned(5)
            return .done()
        },
        "sendfile": SyscallDecoder(entry: { d in
            d.fd(0)
            d.fd(1)
            d.next()
            guard d.int64(at: d.arg(2)) else {
                d.unsignedLong(3)
                return .done()
            }
            return .atExit
        }, exit: { d in
            if !d.failed && d.result != 0 {
                d.out.append(" => ")
                d.int64(at: d.arg(2))
            }
            d.unsignedLong(3)
            return .decimal
        }),
        "fadvise64": SyscallDecoder { d in
            d.fd(0)
            d.long(1)
            d.long(2)
            d.next()
            d.namedValue(Int64(d.int(3)), Constants.fadviseAdvice, unknown: "POSIX_FADV_???")
            return .done()
        },
        "flock": SyscallDecoder { d in
            d.fd(0)
            d.flags(1, Constants.flockOperations)
            return .done()
        },
        "faccessat2": SyscallDecoder { d in
            d.dirfd(0)
            d.path(1)
            d.accessMode(2)
            d.flags(3, Constants.faccessatFlags)
            return .done()
        },
        "getxattr": SyscallDecoder(entry: { d in
            d.path(0)
            d.cString(1)
            return .atExit
        }, exit: { d in
            d.xattrValue(2, size: 3)
            return .decimal
        }),
        "lgetxattr": SyscallDecoder(entry: { d in
            d.path(0)
            d.cString(1)
            return .atExit
        }, exit: { d in
            d.xattrValue(2, size: 3)
            return .decimal
        }),
        "fgetxattr": SyscallDecoder(entry: { d in
            d.fd(0)
            d.cString(1)
            return .atExit
        }, exit: { d in
            d.xattrValue(2, size: 3)
            return .decimal
        }),
    ]
}

extension Decoding {
    /// A mode as strace's `%#03o`: `0755`, `022`, `000`.
    mutating func mode(_ i: Int) {
        next()
        modeValue(arg(i) & 0xffff_ffff)
        typed(.unsigned(arg(i)))
    }

    /// `%#03o`: `000`, `007`, `022`, `0755`.
    mutating func modeValue(_ value: UInt64) {
        if value < 0o10 { out.append("00"); out.append(decimal: value); return }
        octalValue(value)
    }

    /// A user or group id: `-1` for "unchanged", else unsigned.
    mutating func id(_ i: Int) {
        next()
        let value = UInt32(truncatingIfNeeded: arg(i))
        if value == UInt32.max { out.append("-1"); typed(.number(-1)) } else { out.append(decimal: value); typed(.number(Int64(value))) }
    }

    /// `[123]` from a 64-bit integer in the tracee (NULL, or its address when
    /// unreadable); whether it was read.
    @discardableResult
    mutating func int64(at address: UInt64) -> Bool {
        guard address != 0 else { out.append("NULL"); return false }
        guard let value = try? memory.load(Int64.self, from: address) else { out.append(hex: address); return false }
        out.append("[")
        out.append(decimal: value)
        out.append("]")
        return true
    }

    /// `[123]` from a C int in the tracee, or its address.
    mutating func int32(at address: UInt64) {
        guard address != 0 else { out.append("NULL"); return }
        guard let value = try? memory.load(Int32.self, from: address) else { out.append(hex: address); return }
        out.append("[")
        out.append(decimal: value)
        out.append("]")
    }

    /// A path of `count` bytes (getcwd's result), not cut at `-s`.
    mutating func pathBytes(at address: UInt64, count: Int) {
        let ok = (try? memory.readExactly(from: address, count: max(0, count), into: &scratch)) != nil
        guard ok || count <= 0 else { out.append(hex: address); return }
        if let nul = scratch.firstIndex(of: 0) { scratch.removeSubrange(nul...) }
        out.appendQuoted(scratch, style: format.stringStyle)
        typed(.string(truncated: false))
    }

    /// An array of `struct iovec`: `[{iov_base="hello", iov_len=5}, ...]`.
    /// `data` is how many bytes the buffers hold in all (-1: each its
    /// length; nil: the call failed, so only addresses).
    mutating func iovec(_ i: Int, count countArgument: Int, data: Int?) {
        next()
        iovecArray(at: arg(i), count: arg(countArgument), data: data)
    }

    mutating func iovecArray(at address: UInt64, count: UInt64, data: Int?) {
        guard address != 0 else { out.append("NULL"); return }
        guard count > 0 else { out.append("[]"); return }
        guard (try? memory.load((UInt64, UInt64).self, from: address)) != nil else { out.append(hex: address); return }
        var remaining = data ?? 0
        out.append("[")
        var index: UInt64 = 0
        while index < count {
            if index > 0 { out.append(", ") }
            if index >= UInt64(format.stringLimit) { out.append("..."); break }
            let element = address &+ index &* 16
            guard let iov = try? memory.load((UInt64, UInt64).self, from: element) else {
                out.append("... /* ")
                out.append(hex: element)
                out.append(" */")
                break
            }
            out.append("{iov_base=")
            if data == nil {
                out.appendPointer(iov.0)
            } else {
                var length = Int(clamping: iov.1)
                if remaining >= 0 {
                    length = min(length, remaining)
                    remaining -= length
                }
                bytes(at: iov.0, count: length, style: format.stringStyle)
            }
            out.append(", iov_len=")
            out.append(decimal: iov.1)
            out.append("}")
            index += 1
        }
        out.append("]")
    }

    /// openat2's `struct open_how`: `{flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}`.
    mutating func openHow(_ i: Int, size: Int) {
        next()
        let address = arg(i)
        guard arg(size) >= 24, address != 0,
              let how = try? memory.load((UInt64, UInt64, UInt64).self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{flags=")
        symbolic(how.0) { out in
            _ = out.appendName(of: Int64(how.0 & 3), in: Constants.openAccessModes)
            let rest = how.0 & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
        let tmpfile: UInt64 = 0o20200000
        if how.0 & UInt64(O_CREAT) != 0 || how.0 & tmpfile == tmpfile || how.1 != 0 {
            out.append(", mode=")
            modeValue(how.1)
        }
        out.append(", resolve=")
        symbolic(how.2) { $0.appendFlags(how.2, in: Constants.resolveFlags) }
        out.append("}")
    }

    /// pipe's `[3, 4]` at exit (the address if it failed).
    mutating func fdPair(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed, let fds = try? memory.load((Int32, Int32).self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("[")
        fdValue(fds.0)
        out.append(", ")
        fdValue(fds.1)
        out.append("]")
    }

    /// getdents64's buffer: `0x55d0... /* 5 entries */`.
    mutating func directoryEntries(_ i: Int) {
        next()
        let address = arg(i)
        out.appendPointer(address)
        // -e verbose=: outside it, the address alone.
        guard !failed, memory.dereferences else { return }
        let length = Int(result)
        let ok = (try? memory.readExactly(from: address, count: max(0, length), into: &scratch)) != nil
        guard ok else { return }
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        var entries = 0
        var offset = 0
        while offset + 19 <= length {
            let reclen = Int(scratch[offset + 16]) | Int(scratch[offset + 17]) << 8
            guard reclen > 0 else { break }
            entries += 1
            offset += reclen
        }
        out.append(" /* ")
        out.append(decimal: entries)
        out.append(entries == 1 ? " entry */" : " entries */")
    }

    /// utimensat's times: `[{tv_sec=1, tv_nsec=0} /* 1970-... */, UTIME_OMIT]`, or NULL.
    mutating func utimes(_ i: Int) {
        next()
        let address = arg(i)
        guard address != 0 else { out.append("NULL"); return }
        guard let times = try? memory.load((Glibc.timespec, Glibc.timespec).self, from: address) else { out.append(hex: address); return }
        out.append("[")
        utime(times.0)
        out.append(", ")
        utime(times.1)
        out.append("]")
    }

    mutating func utime(_ time: timespec) {
        if Constants.utimeSpecial.contains(where: { $0.value == Int64(time.tv_nsec) }) {
            symbolic(UInt64(time.tv_nsec)) { _ = $0.appendName(of: Int64(time.tv_nsec), in: Constants.utimeSpecial) }
            return
        }
        out.append("{tv_sec=")
        out.append(decimal: time.tv_sec)
        out.append(", tv_nsec=")
        out.append(decimal: time.tv_nsec)
        out.append("}")
        guard time.tv_nsec >= 0 && time.tv_nsec < 1_000_000_000 else { return }
        out.append(" /* ")
        isoTime(seconds: time.tv_sec, nanoseconds: time.tv_nsec)
        out.append(" */")
    }

    /// statx's flags: the sync type first (`AT_STATX_SYNC_AS_STAT`), then the `AT_*` flags.
    mutating func statxFlags(_ i: Int) {
        next()
        let value = arg(i) & 0xffff_ffff
        symbolic(value) { out in
            let sync = value & 0x6000
            if sync == 0 {
                out.append("AT_STATX_SYNC_AS_STAT")
            } else {
                out.appendFlags(sync, in: Constants.statxSyncTypes)
            }
            let rest = value & ~0x6000
            if rest != 0 {
                out.append("|")
                out.appendFlags(rest, in: Constants.atFlags)
            }
        }
        typed(.flags(value))
    }

    /// `STATX_BASIC_STATS|STATX_MNT_ID`: the composite masks first, as strace prints them.
    mutating func appendStatxMask(_ value: UInt64) {
        let mask = value & 0xffff_ffff
        symbolic(mask) { out in
            var remaining = mask
            var first = true
            for set in Constants.statxMaskSets where UInt64(set.value) & remaining == UInt64(set.value) {
                out.append(set.name)
                remaining &= ~UInt64(set.value)
                first = false
                break
            }
            if remaining != 0 || first {
                if !first { out.append("|") }
                out.appendFlags(remaining, in: Constants.statxMasks)
            }
        }
        typed(.flags(mask))
    }

    /// `S_IFDIR|S_ISVTX|0777`, as strace prints st_mode in statx.
    mutating func symbolicMode(_ mode: UInt32) {
        let type = Int64(mode & UInt32(S_IFMT))
        let named = type == 0 || Constants.fileTypes.contains { $0.value == type }
        if format.constants != .abbrev || !named { modeValue(UInt64(mode)) }
        guard named, format.constants != .raw else { return }
        if format.constants == .verbose { out.append(" /* ") }
        if type != 0 {
            _ = out.appendName(of: type, in: Constants.fileTypes)
            out.append("|")
        }
        for bit in Constants.modeBits.reversed() where UInt32(bit.value) & mode != 0 {
            out.append(bit.name)
            out.append("|")
        }
        modeValue(UInt64(mode & 0o777))
        if format.constants == .verbose { out.append(" */") }
    }

    /// statx's buffer at exit: `{stx_mask=..., stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=10, ...}`.
    mutating func statx(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed, let st = try? memory.load(StatxBuffer.self, from: address) else {
            out.appendPointer(address)
            return
        }
        let mask = UInt64(st.stx_mask)
        out.append("{stx_mask=")
        appendStatxMask(mask)
        if unabbreviated {
            out.append(", stx_blksize=")
            out.append(decimal: st.stx_blksize)
        }
        out.append(", stx_attributes=")
        statxAttributes(st.stx_attributes)
        if unabbreviated {
            if mask & StatxBuffer.bit("STATX_NLINK") != 0 { out.append(", stx_nlink="); out.append(decimal: st.stx_nlink) }
            if mask & StatxBuffer.bit("STATX_UID") != 0 { out.append(", stx_uid="); out.append(decimal: st.stx_uid) }
            if mask & StatxBuffer.bit("STATX_GID") != 0 { out.append(", stx_gid="); out.append(decimal: st.stx_gid) }
        }
        if mask & (StatxBuffer.bit("STATX_TYPE") | StatxBuffer.bit("STATX_MODE")) != 0 {
            out.append(", stx_mode=")
            symbolicMode(UInt32(st.stx_mode))
        }
        if unabbreviated, mask & StatxBuffer.bit("STATX_INO") != 0 { out.append(", stx_ino="); out.append(decimal: st.stx_ino) }
        if mask & StatxBuffer.bit("STATX_SIZE") != 0 {
            out.append(", stx_size=")
            out.append(decimal: st.stx_size)
        }
        guard unabbreviated else { out.append(", ...}"); return }
        if mask & StatxBuffer.bit("STATX_BLOCKS") != 0 { out.append(", stx_blocks="); out.append(decimal: st.stx_blocks) }
        out.append(", stx_attributes_mask=")
        statxAttributes(st.stx_attributes_mask)
        if mask & StatxBuffer.bit("STATX_ATIME") != 0 { statxTime("stx_atime", st.stx_atime) }
        if mask & StatxBuffer.bit("STATX_BTIME") != 0 { statxTime("stx_btime", st.stx_btime) }
        if mask & StatxBuffer.bit("STATX_CTIME") != 0 { statxTime("stx_ctime", st.stx_ctime) }
        if mask & StatxBuffer.bit("STATX_MTIME") != 0 { statxTime("stx_mtime", st.stx_mtime) }
        out.append(", stx_rdev_major="); out.append(decimal: st.stx_rdev_major)
        out.append(", stx_rdev_minor="); out.append(decimal: st.stx_rdev_minor)
        out.append(", stx_dev_major="); out.append(decimal: st.stx_dev_major)
        out.append(", stx_dev_minor="); out.append(decimal: st.stx_dev_minor)
        if mask & StatxBuffer.bit("STATX_MNT_ID") != 0 {
            out.append(", stx_mnt_id=")
            hexValue(st.stx_mnt_id)
        }
        if mask & StatxBuffer.bit("STATX_DIOALIGN") != 0 {
            out.append(", stx_dio_mem_align="); out.append(decimal: st.stx_dio_mem_align)
            out.append(", stx_dio_offset_align="); out.append(decimal: st.stx_dio_offset_align)
        }
        out.append("}")
    }

    mutating func statxAttributes(_ value: UInt64) {
        symbolic(value) { $0.appendFlags(value, in: Constants.statxAttributes) }
    }

    /// `, stx_atime={tv_sec=..., tv_nsec=...} /* ISO */`.
    mutating func statxTime(_ name: StaticString, _ time: StatxBuffer.Timestamp) {
        out.append(", ")
        out.append(name)
        out.append("={tv_sec=")
        out.append(decimal: time.tv_sec)
        out.append(", tv_nsec=")
        out.append(decimal: time.tv_nsec)
        out.append("} /* ")
        isoTime(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec))
        out.append(" */")
    }

    /// `struct statfs` at exit, or its address on failure.
    mutating func statfs(_ i: Int) {
        next()
        let address = arg(i)
        guard !failed, let st = try? memory.load(StatfsBuffer.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{f_type=")
        let type = Int64(st.f_type)
        if Constants.filesystemMagics.contains(where: { $0.value == type }) {
            symbolic(UInt64(type)) { _ = $0.appendName(of: type, in: Constants.filesystemMagics) }
        } else {
            hexValue(UInt64(type))
        }
        out.append(", f_bsize="); out.append(decimal: st.f_bsize)
        out.append(", f_blocks="); out.append(decimal: st.f_blocks)
        out.append(", f_bfree="); out.append(decimal: st.f_bfree)
        out.append(", f_bavail="); out.append(decimal: st.f_bavail)
        out.append(", f_files="); out.append(decimal: st.f_files)
        out.append(", f_ffree="); out.append(decimal: st.f_ffree)
        let fsid = (UInt32(bitPattern: st.f_fsid.0), UInt32(bitPattern: st.f_fsid.1))
        out.append(", f_fsid={val=[")
        hexValue(UInt64(fsid.0))
        out.append(", ")
        hexValue(UInt64(fsid.1))
        out.append("]}, f_namelen="); out.append(decimal: st.f_namelen)
        out.append(", f_frsize="); out.append(decimal: st.f_frsize)
        let flags = UInt64(st.f_flags)
        if let valid = Constants.statfsValidFlag.first, flags & UInt64(valid.value) != 0 {
            out.append(", f_flags=")
            symbolic(flags) { out in
                out.append(valid.name)
                let rest = flags & ~UInt64(valid.value)
                if rest != 0 {
                    out.append("|")
                    out.appendFlags(rest, in: Constants.statfsFlags)
                }
            }
        }
        out.append("}")
    }

    /// getxattr's value at exit: the bytes read, NULL, or the address.
    mutating func xattrValue(_ i: Int, size: Int) {
        next()
        let address = arg(i)
        if address == 0 { out.append("NULL") } else if failed { out.append(hex: address) } else {
            bytes(at: address, count: Int(result), style: format.stringStyle)
        }
        unsignedLong(size)
    }

    // MARK: fcntl

    /// The command's name; its argument when known at entry.
    mutating func fcntlEntry() -> EntryResult {
        fd(0)
        next()
        namedValue(Int64(Int32(truncatingIfNeeded: arg(1))), Constants.fcntlCommands, unknown: "F_???")
        let command = Int32(truncatingIfNeeded: arg(1))
        switch command {
        case F_SETFD:
            flags(2, Constants.descriptorFlags)
        case F_SETOWN, FcntlCommand.setPipeSize:
            decimal(2)
        case F_DUPFD, FcntlCommand.dupCloexec:
            decimal(2)
            return .done(.fd)
        case F_SETFL:
            statusFlags(2)
        case F_SETLK, F_SETLKW, FcntlCommand.ofdSetLock, FcntlCommand.ofdSetLockWait:
            next()
            flock(at: arg(2), getlk: false)
        case FcntlCommand.notify:
            flags(2, Constants.notifyFlags)
        case FcntlCommand.setLease:
            named(2, Constants.lockTypes)
        case FcntlCommand.addSeals:
            flags(2, Constants.sealFlags)
        case FcntlCommand.setOwnerEx:
            next()
            ownerEx(at: arg(2))
        case F_GETOWN, FcntlCommand.getPipeSize:
            break
        case F_GETFD, F_GETFL, FcntlCommand.getLease, FcntlCommand.getSeals, F_GETLK, FcntlCommand.ofdGetLock, FcntlCommand.getOwnerEx:
            return .atExit
        default:
            hex(2)
        }
        return .done()
    }

    mutating func fcntlExit() -> ReturnFormat {
        let command = Int32(truncatingIfNeeded: arg(1))
        switch command {
        case F_GETLK, FcntlCommand.ofdGetLock:
            next()
            flock(at: arg(2), getlk: true)
            return .decimal
        case FcntlCommand.getOwnerEx:
            next()
            ownerEx(at: arg(2))
            return .decimal
        default:
            break
        }
        guard !failed else { return .decimal }
        let style = format.constants
        switch command {
        case F_GETFD where result != 0:
            resultPrinter = { value, out in
                out.append(hex: UInt64(bitPattern: value))
                guard style != .raw else { return }
                out.append(" (flags ")
                out.appendFlags(UInt64(bitPattern: value), in: Constants.descriptorFlags)
                out.append(")")
            }
        case FcntlCommand.getSeals where result != 0:
            resultPrinter = { value, out in
                out.append(hex: UInt64(bitPattern: value))
                guard style != .raw else { return }
                out.append(" (seals ")
                out.appendFlags(UInt64(bitPattern: value), in: Constants.sealFlags)
                out.append(")")
            }
        case F_GETFL:
            resultPrinter = { value, out in
                if value == 0 { out.append("0") } else { out.append(hex: UInt64(bitPattern: value)) }
                guard style != .raw else { return }
                out.append(" (flags ")
                let flags = UInt64(bitPattern: value)
                _ = out.appendName(of: Int64(flags & 3), in: Constants.openAccessModes)
                if flags & ~3 != 0 {
                    out.append("|")
                    out.appendFlags(flags & ~3, in: Constants.openFlags)
                }
                out.append(")")
            }
        case FcntlCommand.getLease:
            resultPrinter = { value, out in
                if value == 0 { out.append("0") } else { out.append(hex: UInt64(bitPattern: value)) }
                guard style != .raw, Constants.lockTypes.contains(where: { $0.value == value }) else { return }
                out.append(" (")
                _ = out.appendName(of: value, in: Constants.lockTypes)
                out.append(")")
            }
        default:
            return .decimal
        }
        return .custom
    }

    /// `{l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=10[, l_pid=0]}`.
    mutating func flock(at address: UInt64, getlk: Bool) {
        guard address != 0, !(getlk && failed),
              let lock = try? memory.load(Glibc.flock.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{l_type=")
        namedValue(Int64(lock.l_type), Constants.lockTypes, unknown: "F_???")
        out.append(", l_whence=")
        namedValue(Int64(lock.l_whence), Constants.seekWhence, unknown: "SEEK_???")
        out.append(", l_start=")
        out.append(decimal: lock.l_start)
        out.append(", l_len=")
        out.append(decimal: lock.l_len)
        if getlk {
            out.append(", l_pid=")
            out.append(decimal: lock.l_pid)
        }
        out.append("}")
    }

    /// `{type=F_OWNER_PID, pid=0}`.
    mutating func ownerEx(at address: UInt64) {
        guard address != 0, !failed, let owner = try? memory.load((Int32, Int32).self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{type=")
        namedValue(Int64(owner.0), Constants.ownerTypes, unknown: "F_OWNER_???")
        out.append(", pid=")
        out.append(decimal: owner.1)
        out.append("}")
    }

    /// A name from `table`, or `0x5 /* SEEK_??? */` as strace prints unknown values.
    mutating func namedValue(_ value: Int64, _ table: [NamedConstant], unknown: StaticString) {
        // A negative C int prints as its 32 bits (`0xffffffff`).
        let bits = value < 0 && value >= Int64(Int32.min) ? UInt64(UInt32(truncatingIfNeeded: value)) : UInt64(bitPattern: value)
        if table.contains(where: { $0.value == value }) {
            symbolic(bits, named: true) { _ = $0.appendName(of: value, in: table) }
        } else {
            out.append(hex: bits)
            guard format.constants != .raw else { return }
            out.append(" /* ")
            out.append(unknown)
            out.append(" */")
        }
    }

    /// F_SETFL's flags: `O_RDONLY|O_APPEND|O_NONBLOCK`, with no mode argument.
    mutating func statusFlags(_ i: Int) {
        next()
        let value = arg(i)
        symbolic(value) { out in
            _ = out.appendName(of: Int64(value & 3), in: Constants.openAccessModes)
            let rest = value & ~3
            if rest != 0 {
                out.append(byte: UInt8(ascii: "|"))
                out.appendFlags(rest, in: Constants.openFlags)
            }
        }
        typed(.flags(value))
    }

    // MARK: ioctl

    mutating func ioctlEntry() -> EntryResult {
        fd(0)
        next()
        let request = arg(1) & 0xffff_ffff
        ioctlName(request)
        switch Int32(truncatingIfNeeded: request) {
        case TCSETS, TCSETSW, TCSETSF:
            next()
            termios(at: arg(2))
        case TIOCSWINSZ:
            next()
            winsize(at: arg(2))
        case TIOCSPGRP, FIONBIO:
            next()
            int32(at: arg(2))
        case TCGETS, TIOCGWINSZ, TIOCGPGRP, FIONREAD:
            return .atExit
        default:
            if request == UInt64(wt_FICLONE) {
                decimal(2)  // the source descriptor
            } else if request == UInt64(wt_FICLONERANGE) {
                next()
                fileCloneRange(at: arg(2))
            } else {
                hex(2)
            }
        }
        return .done()
    }

    /// `{src_fd=3, src_offset=0, src_length=0, dest_offset=0}`.
    mutating func fileCloneRange(at address: UInt64) {
        guard address != 0, let range = try? memory.load((Int64, UInt64, UInt64, UInt64).self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{src_fd=")
        out.append(decimal: Int32(truncatingIfNeeded: range.0))
        out.append(", src_offset=")
        out.append(decimal: range.1)
        out.append(", src_length=")
        out.append(decimal: range.2)
        out.append(", dest_offset=")
        out.append(decimal: range.3)
        out.append("}")
    }

    mutating func ioctlExit() -> ReturnFormat {
        next()
        let address = arg(2)
        if failed { out.appendPointer(address); return .decimal }
        switch Int32(truncatingIfNeeded: arg(1) & 0xffff_ffff) {
        case TCGETS: termios(at: address)
        case TIOCGWINSZ: winsize(at: address)
        default: int32(at: address)
        }
        return .decimal
    }

    /// The request's name (`TCGETS`, `SNDCTL_TMR_START or TCSETS`), else `_IOC(...)`.
    mutating func ioctlName(_ request: UInt64) {
        let value = Int64(request)
        // Btrfs's clone requests were generalised to all filesystems under new names.
        if request == UInt64(wt_FICLONE) || request == UInt64(wt_FICLONERANGE) {
            symbolic(request) { out in
                out.append(request == UInt64(wt_FICLONE) ? "BTRFS_IOC_CLONE or FICLONE" : "BTRFS_IOC_CLONE_RANGE or FICLONERANGE")
            }
            return
        }
        guard Constants.ttyIoctls.contains(where: { $0.value == value }) else {
            // _IOC(dir, type, nr, size) as strace spells an unknown request.
            let direction = (request >> 30) & 3
            out.append("_IOC(")
            switch direction {
            case 0: out.append("_IOC_NONE")
            case 1: out.append("_IOC_WRITE")
            case 2: out.append("_IOC_READ")
            default: out.append("_IOC_READ|_IOC_WRITE")
            }
            out.append(", ")
            hexValue((request >> 8) & 0xff)
            out.append(", ")
            hexValue(request & 0xff)
            out.append(", ")
            hexValue((request >> 16) & 0x3fff)
            out.append(")")
            return
        }
        symbolic(request) { out in
            // The OSS sequencer's requests share these numbers; strace names both.
            switch Int32(truncatingIfNeeded: request) {
            case TCSETS: out.append("SNDCTL_TMR_START or ")
            case TCSETSW: out.append("SNDCTL_TMR_STOP or ")
            case TCSETSF: out.append("SNDCTL_TMR_CONTINUE or ")
            default: break
            }
            _ = out.appendName(of: value, in: Constants.ttyIoctls)
        }
    }

    /// `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`.
    mutating func winsize(at address: UInt64) {
        guard address != 0, let size = try? memory.load(Glibc.winsize.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{ws_row=")
        out.append(decimal: size.ws_row)
        out.append(", ws_col=")
        out.append(decimal: size.ws_col)
        out.append(", ws_xpixel=")
        out.append(decimal: size.ws_xpixel)
        out.append(", ws_ypixel=")
        out.append(decimal: size.ws_ypixel)
        out.append("}")
    }

    /// `{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|...|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|..., ...}`.
    mutating func termios(at address: UInt64) {
        guard address != 0, let t = try? memory.load(Glibc.termios.self, from: address) else {
            out.appendPointer(address)
            return
        }
        out.append("{c_iflag=")
        termFlags(UInt64(t.c_iflag), Constants.termInputFlags)
        out.append(", c_oflag=")
        outputFlags(UInt64(t.c_oflag))
        out.append(", c_cflag=")
        controlFlags(UInt64(t.c_cflag))
        out.append(", c_lflag=")
        termFlags(UInt64(t.c_lflag), TermiosNames.local)
        guard unabbreviated else { out.append(", ...}"); return }
        // -v (abbrev=none): the line discipline and the kernel's 19 control characters.
        out.append(", c_line=")
        if t.c_line == 0 { out.append("N_TTY") } else { out.append(decimal: t.c_line) }
        out.append(", c_cc=[")
        for i in 0..<19 {
            if i > 0 { out.append(", ") }
            out.append(byte: UInt8(ascii: "["))
            if i < Self.controlCharacterNames.count { out.append(Self.controlCharacterNames[i]) } else { out.append(decimal: i) }
            out.append("]=")
            hexValue(UInt64(withUnsafeBytes(of: t.c_cc) { $0[i] }))
        }
        out.append("]}")
    }

    /// The names of `c_cc` indexes, as strace prints them.
    static let controlCharacterNames: [StaticString] = [
        "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP", "VSUSP", "VEOL",
        "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
    ]

    /// strace's printflags with no fallback: nothing at all for zero.
    mutating func termFlags(_ value: UInt64, _ table: [NamedConstant]) {
        guard value != 0 else { return }
        out.appendFlags(value, in: table)
    }

    /// c_oflag: the delay fields by name (`NL0|CR0|TAB0|BS0|VT0|FF0|`), then the flags.
    mutating func outputFlags(_ value: UInt64) {
        var rest = value
        for field in TermiosNames.delays {
            let shift = UInt64(field.mask.trailingZeroBitCount)
            let index = Int((value & field.mask) >> shift)
            out.append(field.names[index])
            out.append("|")
            rest &= ~field.mask
        }
        var first = true
        for (bit, name) in TermiosNames.output where rest & bit != 0 {
            if !first { out.append("|") }
            out.append(name)
            rest &= ~bit
            first = false
        }
        if rest != 0 {
            if !first { out.append("|") }
            out.append(hex: rest)
        }
    }

    /// c_cflag: the speed, the character size, then the flags.
    mutating func controlFlags(_ value: UInt64) {
        let speed = value & UInt64(CBAUD)
        if let name = TermiosNames.speeds.first(where: { $0.0 == speed }) { out.append(name.1) } else { out.append(hex: speed) }
        out.append("|")
        out.append(TermiosNames.sizes[Int((value & UInt64(CSIZE)) >> UInt64(UInt64(CSIZE).trailingZeroBitCount))])
        out.append("|")
        var rest = value & ~(UInt64(CBAUD) | UInt64(CSIZE))
        var first = true
        for (bit, name) in TermiosNames.control where rest & bit != 0 {
            if !first { out.append("|") }
            out.append(name)
            rest &= ~bit
            first = false
        }
        if rest != 0 {
            if !first { out.append("|") }
            out.append(hex: rest)
        }
    }
}

/// termios field names strace prints (values from the C headers).
enum TermiosNames {
    /// c_lflag bits in strace's order.
    static let local = Constants.termLocalFlags + Constants.termLocalExtensions + Constants.termLocalEchoFlags
        + Constants.termLocalStopFlags
    /// The delay fields of c_oflag: NLDLY, CRDLY, TABDLY, BSDLY, VTDLY, FFDLY.
    static let delays: [(mask: UInt64, names: [StaticString])] = [
        (UInt64(NLDLY), ["NL0", "NL1"]),
        (UInt64(CRDLY), ["CR0", "CR1", "CR2", "CR3"]),
        (UInt64(TABDLY), ["TAB0", "TAB1", "TAB2", "TAB3"]),
        (UInt64(BSDLY), ["BS0", "BS1"]),
        (UInt64(VTDLY), ["VT0", "VT1"]),
        (UInt64(FFDLY), ["FF0", "FF1"]),
    ]
    static let output: [(UInt64, StaticString)] = [
        (UInt64(OPOST), "OPOST"), (UInt64(OLCUC), "OLCUC"), (UInt64(ONLCR), "ONLCR"), (UInt64(OCRNL), "OCRNL"),
        (UInt64(ONOCR), "ONOCR"), (UInt64(ONLRET), "ONLRET"), (UInt64(OFILL), "OFILL"), (UInt64(OFDEL), "OFDEL"),
    ]
    static let speeds: [(UInt64, StaticString)] = [
        (UInt64(B0), "B0"), (UInt64(B50), "B50"), (UInt64(B75), "B75"), (UInt64(B110), "B110"),
        (UInt64(B134), "B134"), (UInt64(B150), "B150"), (UInt64(B200), "B200"), (UInt64(B300), "B300"),
        (UInt64(B600), "B600"), (UInt64(B1200), "B1200"), (UInt64(B1800), "B1800"), (UInt64(B2400), "B2400"),
        (UInt64(B4800), "B4800"), (UInt64(B9600), "B9600"), (UInt64(B19200), "B19200"), (UInt64(B38400), "B38400"),
        (UInt64(B57600), "B57600"), (UInt64(B115200), "B115200"), (UInt64(B230400), "B230400"),
        (UInt64(B460800), "B460800"), (UInt64(B500000), "B500000"), (UInt64(B576000), "B576000"),
        (UInt64(B921600), "B921600"), (UInt64(B1000000), "B1000000"), (UInt64(B1152000), "B1152000"),
        (UInt64(B1500000), "B1500000"), (UInt64(B2000000), "B2000000"), (UInt64(B2500000), "B2500000"),
        (UInt64(B3000000), "B3000000"), (UInt64(B3500000), "B3500000"), (UInt64(B4000000), "B4000000"),
    ]
    static let sizes: [StaticString] = ["CS5", "CS6", "CS7", "CS8"]
    static let control: [(UInt64, StaticString)] = [
        (UInt64(CSTOPB), "CSTOPB"), (UInt64(CREAD), "CREAD"), (UInt64(PARENB), "PARENB"), (UInt64(PARODD), "PARODD"),
        (UInt64(HUPCL), "HUPCL"), (UInt64(CLOCAL), "CLOCAL"), (UInt64(CMSPAR), "CMSPAR"), (UInt64(CRTSCTS), "CRTSCTS"),
    ]
}

/// The kernel's `struct statx` (linux/stat.h; glibc declares it only with _GNU_SOURCE).
struct StatxBuffer: BitwiseCopyable {
    struct Timestamp: BitwiseCopyable {
        var tv_sec: Int64 = 0
        var tv_nsec: UInt32 = 0
        var reserved: Int32 = 0
    }
    var stx_mask: UInt32 = 0
    var stx_blksize: UInt32 = 0
    var stx_attributes: UInt64 = 0
    var stx_nlink: UInt32 = 0
    var stx_uid: UInt32 = 0
    var stx_gid: UInt32 = 0
    var stx_mode: UInt16 = 0
    var spare0: UInt16 = 0
    var stx_ino: UInt64 = 0
    var stx_size: UInt64 = 0
    var stx_blocks: UInt64 = 0
    var stx_attributes_mask: UInt64 = 0
    var stx_atime = Timestamp()
    var stx_btime = Timestamp()
    var stx_ctime = Timestamp()
    var stx_mtime = Timestamp()
    var stx_rdev_major: UInt32 = 0
    var stx_rdev_minor: UInt32 = 0
    var stx_dev_major: UInt32 = 0
    var stx_dev_minor: UInt32 = 0
    var stx_mnt_id: UInt64 = 0
    var stx_dio_mem_align: UInt32 = 0
    var stx_dio_offset_align: UInt32 = 0

    /// A mask bit by name, from the generated table.
    static func bit(_ name: StaticString) -> UInt64 { UInt64(Constants.value(of: name, in: Constants.statxMasks)) }
}

/// The fcntl commands glibc's Swift module leaves out (they need _GNU_SOURCE), from the generated table.
enum FcntlCommand {
    static let setPipeSize = Int32(Constants.value(of: "F_SETPIPE_SZ", in: Constants.fcntlCommands))
    static let ofdSetLock = Int32(Constants.value(of: "F_OFD_SETLK", in: Constants.fcntlCommands))
    static let ofdSetLockWait = Int32(Constants.value(of: "F_OFD_SETLKW", in: Constants.fcntlCommands))
    static let notify = Int32(Constants.value(of: "F_NOTIFY", in: Constants.fcntlCommands))
    static let setLease = Int32(Constants.value(of: "F_SETLEASE", in: Constants.fcntlCommands))
    static let addSeals = Int32(Constants.value(of: "F_ADD_SEALS", in: Constants.fcntlCommands))
    static let setOwnerEx = Int32(Constants.value(of: "F_SETOWN_EX", in: Constants.fcntlCommands))
    static let getPipeSize = Int32(Constants.value(of: "F_GETPIPE_SZ", in: Constants.fcntlCommands))
    static let getLease = Int32(Constants.value(of: "F_GETLEASE", in: Constants.fcntlCommands))
    static let getSeals = Int32(Constants.value(of: "F_GET_SEALS", in: Constants.fcntlCommands))
    static let ofdGetLock = Int32(Constants.value(of: "F_OFD_GETLK", in: Constants.fcntlCommands))
    static let getOwnerEx = Int32(Constants.value(of: "F_GETOWN_EX", in: Constants.fcntlCommands))
    static let dupCloexec = Int32(Constants.value(of: "F_DUPFD_CLOEXEC", in: Constants.fcntlCommands))
}

/// The kernel's `struct statfs` on 64-bit targets (glibc's Swift module has no `statfs` type).
struct StatfsBuffer: BitwiseCopyable {
    var f_type: Int64 = 0
    var f_bsize: Int64 = 0
    var f_blocks: UInt64 = 0
    var f_bfree: UInt64 = 0
    var f_bavail: UInt64 = 0
    var f_files: UInt64 = 0
    var f_ffree: UInt64 = 0
    var f_fsid: (Int32, Int32) = (0, 0)
    var f_namelen: Int64 = 0
    var f_frsize: Int64 = 0
    var f_flags: Int64 = 0
    var f_spare: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
}

extension Constants {
    /// The value of `name` in `table` (0 when absent), for code that needs one constant by name.
    static func value(of name: StaticString, in table: [NamedConstant]) -> Int64 {
        for entry in table where entry.name.withUTF8Buffer({ a in name.withUTF8Buffer { b in a.elementsEqual(b) } }) {
            return entry.value
        }
        return 0
    }
}
