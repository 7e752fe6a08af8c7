#!/usr/bin/env python3
"""Generates Wiretap's syscall, errno and signal tables from this machine's
kernel (linux-libc-dev) and glibc headers.

    python3 Tools/gen-tables.py          # rewrites Sources/WiretapCore/Generated/ and Syscall.swift

Besides the name tables it writes Syscall.swift: `enum Syscall`, one case per
x86_64 syscall, so that code naming a syscall (the decoder table) is checked
by the compiler instead of looked up by a string.

Sources read:
  x86_64  /usr/include/x86_64-linux-gnu/asm/unistd_64.h
  i386    /usr/include/x86_64-linux-gnu/asm/unistd_32.h
  aarch64 /usr/include/asm-generic/unistd.h, evaluated with the __ARCH_WANT_*
          switches arm64's asm/unistd.h sets and __BITS_PER_LONG == 64
  errno   /usr/include/asm-generic/errno-base.h, errno.h; messages from glibc's
          strerror (via os.strerror)
  signals /usr/include/asm-generic/signal.h
The kernel-internal restart codes (512-518) are not in the uapi headers; they
are listed below with the text strace prints for them.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORE_OUT = os.path.join(ROOT, "Sources", "WiretapCore", "Generated")
SYSCALLS_OUT = os.path.join(ROOT, "Sources", "WiretapSyscalls", "Model", "Generated")
INC = "/usr/include"


def read(path):
    with open(path) as f:
        return f.read()


def simple_unistd(path):
    table = {}
    for m in re.finditer(r"^#define\s+__NR_(\w+)\s+(\d+)\s*$", read(path), re.M):
        table[int(m.group(2))] = m.group(1)
    return table


def generic_unistd(path, defined):
    """Evaluates asm-generic/unistd.h's #if/#ifdef structure for one arch."""
    numbers, aliases, stack = {}, {}, []

    def active():
        return all(stack)

    def evaluate(cond):
        cond = cond.strip()
        cond = re.sub(r"defined\s*\(\s*(\w+)\s*\)", lambda m: "1" if m.group(1) in defined else "0", cond)
        cond = re.sub(r"defined\s+(\w+)", lambda m: "1" if m.group(1) in defined else "0", cond)
        cond = cond.replace("__BITS_PER_LONG", "64").replace("&&", " and ").replace("||", " or ")
        cond = re.sub(r"!(?!=)", " not ", cond)
        cond = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: m.group(0) if m.group(0) in ("and", "or", "not") else "0", cond)
        return bool(eval(cond))

    for line in read(path).splitlines():
        s = line.strip()
        if s.startswith("#ifdef"):
            stack.append(s.split()[1] in defined)
        elif s.startswith("#ifndef"):
            stack.append(s.split()[1] not in defined)
        elif s.startswith("#if"):
            stack.append(evaluate(s[3:]))
        elif s.startswith("#elif"):
            stack[-1] = (not stack[-1]) and evaluate(s[5:])
        elif s.startswith("#else"):
            stack[-1] = not stack[-1]
        elif s.startswith("#endif"):
            stack.pop()
        elif active():
            m = re.match(r"#define\s+(__NR3264_|__NR_)(\w+)\s+(\S+)", s)
            if not m or m.group(2) in ("syscalls", "arch_specific_syscall"):
                continue
            prefix, name, value = m.groups()
            if value.isdigit():
                if prefix == "__NR_":
                    numbers[int(value)] = name
                else:
                    aliases["__NR3264_" + name] = int(value)
            elif value.startswith("__NR3264_") and value in aliases:
                numbers[aliases[value]] = name
            elif value.startswith("(__NR_arch_specific_syscall"):
                pass
    return numbers


ARM64_WANTS = {"__ARCH_WANT_RENAMEAT", "__ARCH_WANT_NEW_STAT", "__ARCH_WANT_SET_GET_RLIMIT",
               "__ARCH_WANT_TIME32_SYSCALLS", "__ARCH_WANT_SYS_CLONE3", "__ARCH_WANT_MEMFD_SECRET"}


def swift_string_array(name, table, doc):
    size = max(table) + 1 if table else 0
    lines = [f"    /// {doc}", f"    static let {name}: [StaticString] = ["]
    for n in range(size):
        lines.append(f'        "{table.get(n, "")}", // {n}')
    lines.append("    ]")
    return "\n".join(lines)


# Swift's reserved words (a syscall named like one is written in backticks).
SWIFT_KEYWORDS = {
    "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
    "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private", "precedencegroup",
    "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case",
    "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
    "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
    "super", "throws", "true", "try", "_",
}


def swift_syscall_enum(table):
    """`enum Syscall`: x86_64's syscalls by name, the raw value their number."""
    assert len(set(table.values())) == len(table), "x86_64 syscall names must be unique"
    lines = [
        "/// A syscall by identity: one case per x86_64 syscall, its raw value the",
        "/// x86_64 number. Code that names a syscall uses these cases, so that a",
        "/// misspelt name does not compile.",
        "enum Syscall: Int, Sendable, CaseIterable {",
    ]
    for n in sorted(table):
        name = table[n]
        case = f"`{name}`" if name in SWIFT_KEYWORDS else name
        lines.append(f"    case {case} = {n}")
    lines += [
        "",
        "    /// The x86_64 number.",
        "    var number: Int { rawValue }",
        "",
        "    /// The name, as the kernel's headers spell it.",
        "    var name: StaticString { SyscallNames.x86_64[rawValue] }",
        "}",
    ]
    return "\n".join(lines)


def errno_tables():
    table = {}
    for header in ("errno-base.h", "errno.h"):
        for m in re.finditer(r"^#define\s+(E\w+)\s+(\d+)", read(f"{INC}/asm-generic/{header}"), re.M):
            table.setdefault(int(m.group(2)), m.group(1))  # first name wins (EAGAIN over EWOULDBLOCK)
    messages = {n: os.strerror(n) for n in table}
    kernel_internal = {
        512: ("ERESTARTSYS", "To be restarted if SA_RESTART is set"),
        513: ("ERESTARTNOINTR", "To be restarted"),
        514: ("ERESTARTNOHAND", "To be restarted if no handler"),
        515: ("ENOIOCTLCMD", "No ioctl command"),
        516: ("ERESTART_RESTARTBLOCK", "Interrupted by signal"),
        517: ("EPROBE_DEFER", "Driver requests probe retry"),
        518: ("EOPENSTALE", "Open found a stale dentry"),
        519: ("ENOPARAM", "Parameter not supported"),
        521: ("EBADHANDLE", "Illegal NFS file handle"),
        522: ("ENOTSYNC", "Update synchronization mismatch"),
        523: ("EBADCOOKIE", "Cookie is stale"),
        524: ("ENOTSUPP", "Operation is not supported"),
        525: ("ETOOSMALL", "Buffer or request is too small"),
        526: ("ESERVERFAULT", "An untranslatable error occurred"),
        527: ("EBADTYPE", "Type not supported by server"),
        528: ("EJUKEBOX", "Request initiated, but will not complete before timeout"),
        529: ("EIOCBQUEUED", "iocb queued, will get completion event"),
        530: ("ERECALLCONFLICT", "Conflict with recalled state"),
    }
    return table, messages, kernel_internal


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def package_visible(path):
    """The core's tables are read by the other modules: `package`, not internal."""
    text = open(path).read()
    text = re.sub(r"^enum ", "package enum ", text, flags=re.M)
    text = re.sub(r"^    static let ", "    package static let ", text, flags=re.M)
    with open(path, "w") as f:
        f.write(text)


def main():
    x86_64 = simple_unistd(f"{INC}/x86_64-linux-gnu/asm/unistd_64.h")
    i386 = simple_unistd(f"{INC}/x86_64-linux-gnu/asm/unistd_32.h")
    aarch64 = generic_unistd(f"{INC}/asm-generic/unistd.h", ARM64_WANTS)
    header = "// Generated by Tools/gen-tables.py from this machine's kernel and glibc headers. Do not edit.\n\n"

    with open(os.path.join(CORE_OUT, "SyscallNames.swift"), "w") as f:
        f.write(header)
        f.write("enum SyscallNames {\n")
        f.write(swift_string_array("x86_64", x86_64, "x86_64 syscall names, indexed by number; empty where unassigned.") + "\n\n")
        f.write(swift_string_array("i386", i386, "i386 (x86_64 compat mode) syscall names, indexed by number.") + "\n\n")
        f.write(swift_string_array("aarch64", aarch64, "aarch64 (asm-generic) syscall names, indexed by number.") + "\n")
        f.write("}\n")

    with open(os.path.join(SYSCALLS_OUT, "Syscall.swift"), "w") as f:
        f.write(header.rstrip("\n") + "\nimport WiretapCore\n\n")
        f.write(swift_syscall_enum(x86_64) + "\n")

    names, messages, internal = errno_tables()
    with open(os.path.join(CORE_OUT, "ErrnoNames.swift"), "w") as f:
        f.write(header)
        f.write("enum ErrnoNames {\n")
        size = max(names) + 1
        f.write("    /// Symbolic names (ENOENT...), indexed by errno value.\n")
        f.write("    static let names: [StaticString] = [\n")
        for n in range(size):
            f.write(f'        "{names.get(n, "")}", // {n}\n')
        f.write("    ]\n\n")
        f.write("    /// glibc's strerror texts, indexed by errno value.\n")
        f.write("    static let messages: [StaticString] = [\n")
        for n in range(size):
            f.write(f'        "{esc(messages.get(n, ""))}", // {n}\n')
        f.write("    ]\n\n")
        f.write(f"    /// Kernel-internal codes starting at {min(internal)} (restart requests and the like).\n")
        f.write(f"    static let internalBase = {min(internal)}\n")
        f.write("    static let internalNames: [StaticString] = [\n")
        for n in range(min(internal), max(internal) + 1):
            f.write(f'        "{internal.get(n, ("", ""))[0]}", // {n}\n')
        f.write("    ]\n")
        f.write("    static let internalMessages: [StaticString] = [\n")
        for n in range(min(internal), max(internal) + 1):
            f.write(f'        "{esc(internal.get(n, ("", ""))[1])}", // {n}\n')
        f.write("    ]\n}\n")

    signals = {}
    for m in re.finditer(r"^#define\s+(SIG[A-Z0-9]+)\s+(\d+)", read(f"{INC}/asm-generic/signal.h"), re.M):
        if m.group(1) in ("SIGSTKSZ", "SIGRTMIN", "SIGLOST"):
            continue
        signals.setdefault(int(m.group(2)), m.group(1))  # SIGABRT before SIGIOT
    with open(os.path.join(CORE_OUT, "SignalNames.swift"), "w") as f:
        f.write(header)
        f.write("enum SignalNames {\n")
        f.write("    /// Standard signal names, indexed by number (0 is unused).\n")
        f.write("    static let names: [StaticString] = [\n")
        for n in range(max(signals) + 1):
            f.write(f'        "{signals.get(n, "")}", // {n}\n')
        f.write("    ]\n}\n")
    print(f"x86_64 {len(x86_64)}, i386 {len(i386)}, aarch64 {len(aarch64)} syscalls; "
          f"{len(names)} errnos; {len(signals)} signals", file=sys.stderr)
    for name in ("SyscallNames.swift", "ErrnoNames.swift", "SignalNames.swift"):
        package_visible(os.path.join(CORE_OUT, name))


if __name__ == "__main__":
    main()
