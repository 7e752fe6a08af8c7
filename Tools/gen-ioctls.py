#!/usr/bin/env python3
"""Generates Sources/WiretapSyscalls/Model/Generated/IoctlNames.swift: every
ioctl request code this machine's exported kernel headers define, with its
name, sorted by code then name (the order strace prints several names of one
code in, joined by " or "). The definitions taken are strace's: a macro whose
value starts with `[PREFIX]_IO/_IOR/_IOW/_IOWR/_IOC(` (DRM_IOW( too), and, in
the few headers that spell requests as numbers (tty, sockets, cdrom...), a
hexadecimal `0xTTNN` whose type byte TT is that header's.

The codes are not computed here: for each header, a C program that includes
it prints the value of each macro found, so that sizes of the argument types
are the compiler's (x86_64). Headers that do not compile on their own are
retried after common prerequisites; macros that still do not compile are
left out and counted.

    python3 Tools/gen-ioctls.py
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "WiretapSyscalls", "Model", "Generated", "IoctlNames.swift")
INC = "/usr/include"
# The exported (uapi) header trees: generic, then x86's own. Debian ships the
# kernel's drm headers in libdrm-dev, as /usr/include/libdrm/; they are
# included as <drm/...> through a link made in the scratch directory.
TREES = ["linux", "asm-generic", "libdrm", "sound", "misc", "mtd", "rdma", "scsi", "video", "xen",
         "x86_64-linux-gnu/asm"]
DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Z][A-Z0-9_]*)[ \t]+(.*)$")
REQUEST = re.compile(r"^(?:[A-Z]+)?_S?(?:IO|IOW|IOR|IOWR|IOC)\s*\([^)]")
# Headers whose requests are plain numbers, and the type bytes they use.
HEX = [("03", ["linux/hdreg.h"]), ("22", ["scsi/sg.h"]), ("46", ["linux/fb.h"]), ("4B", ["linux/kd.h"]),
       ("4C", ["linux/loop.h"]), ("53", ["linux/cdrom.h", "scsi/scsi.h", "scsi/scsi_ioctl.h"]),
       ("(?:46|54|66|74)", ["x86_64-linux-gnu/asm/ioctls.h", "asm-generic/ioctls.h"]), ("56", ["linux/vt.h"]),
       ("7[12]", ["linux/videotext.h"]),
       ("89", ["x86_64-linux-gnu/asm/sockios.h", "asm-generic/sockios.h", "linux/sockios.h"]),
       ("8B", ["linux/wireless.h"])]
PRELUDES = [
    [],
    ["sys/types.h", "stdint.h", "linux/types.h"],
    ["sys/types.h", "stdint.h", "sys/socket.h", "sys/time.h", "linux/types.h", "linux/ioctl.h", "linux/posix_types.h",
     "linux/major.h"],
    # linux/fs.h's FS_IOC_FIEMAP takes a struct fiemap it does not declare.
    ["sys/types.h", "stdint.h", "linux/types.h", "linux/fiemap.h"],
]


# Names strace 6.1 leaves out of its x86_64 table, so that a code shared with
# them prints under its usual name alone: v4l2-subdev.h's copies of VIDIOC_*
# requests, dma-buf's DMA_BUF_SET_NAME (the same code as DMA_BUF_SET_NAME_B),
# btrfs's copies of FS_IOC_[GS]ETFSLABEL, and the KVM requests of other
# architectures. They keep their IoctlRequest constant.
UNNAMED = re.compile(r"^(VIDIOC_SUBDEV_(DV_TIMINGS_CAP|ENUM_DV_TIMINGS|ENUMSTD|G_DV_TIMINGS|G_EDID|G_STD|QUERY_DV_TIMINGS"
                     r"|QUERYSTD|S_DV_TIMINGS|S_EDID|S_STD)|DMA_BUF_SET_NAME|BTRFS_IOC_[GS]ET_FSLABEL|KVM_ARM_[A-Z_]+"
                     r"|KVM_ALLOCATE_RMA|KVM_CREATE_SPAPR_TCE|KVM_CREATE_SPAPR_TCE_64|KVM_PPC_[A-Z1-9_]+|KVM_S390_[A-Z_]+)$")


def candidates(path):
    """Macro names in `path` whose definition is a request code expression."""
    text = open(path, encoding="latin-1").read().replace("\\\n", " ")
    names = []
    for line in text.splitlines():
        m = DEFINE.match(line)
        # Function-like macros (`#define FOO(n) _IOW(...)`) take arguments; not a code.
        if m and REQUEST.match(m.group(2)) and not line.split(m.group(1), 1)[1].startswith("("):
            names.append(m.group(1))
    return names


def hex_requests():
    """{name: code} from the headers that define requests as numbers."""
    result = {}
    for type_byte, headers in HEX:
        pattern = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Z][A-Z0-9_]*)[ \t]+(0x" + type_byte + r"[0-9A-Fa-f]{2})\b")
        for header in headers:
            path = os.path.join(INC, header)
            if not os.path.exists(path):
                continue
            for line in open(path, encoding="latin-1"):
                m = pattern.match(line)
                if m:
                    result.setdefault(m.group(1), int(m.group(2), 16))
    return result


def header_name(path):
    """How a program includes `path`: <linux/fs.h>, <asm/ioctls.h>, <drm/drm.h>."""
    relative = os.path.relpath(path, INC)
    return relative.replace("x86_64-linux-gnu/", "").replace("libdrm/", "drm/", 1)


def evaluate(header, names, scratch, m32=False):
    """{name: code} for the names that compile with `header` (for i386 with `m32`)."""
    for prelude in PRELUDES:
        values = run(prelude, header, names, scratch, m32)
        if values is not None:
            return values
    # One at a time: a broken macro must not take the header's others with it.
    result = {}
    if len(names) > 1:
        for name in names:
            for prelude in PRELUDES:
                values = run(prelude, header, [name], scratch, m32)
                if values is not None:
                    result.update(values)
                    break
    return result


# strace's 32-bit table takes videodev2.h's time64 structures (v4l2_buffer,
# v4l2_event with 64-bit times, as a time64 i386 program passes them).
TIME64_HEADERS = {"linux/videodev2.h"}


def run(prelude, header, names, scratch, m32=False):
    source = os.path.join(scratch, "probe.c")
    binary = os.path.join(scratch, "probe")
    with open(source, "w") as f:
        for include in prelude:
            f.write(f"#include <{include}>\n")
        f.write(f"#include <{header}>\n#include <stdio.h>\nint main(void) {{\n")
        for name in names:
            f.write(f'    printf("%s %u\\n", "{name}", (unsigned int)({name}));\n')
        f.write("    return 0;\n}\n")
    bits = ["-m32"] + (["-D_TIME_BITS=64", "-D_FILE_OFFSET_BITS=64"] if header in TIME64_HEADERS else []) if m32 else []
    compiled = subprocess.run(["cc", "-w"] + bits + ["-I", scratch, "-o", binary, source],
                              capture_output=True)
    if compiled.returncode != 0:
        return None
    output = subprocess.run([binary], capture_output=True, text=True, check=True).stdout
    return {name: int(value) for name, value in (line.split() for line in output.splitlines())}


def main():
    entries = hex_requests()
    # An i386 tracee's codes: sizes of the argument types as -m32 has them
    # (gcc-multilib), which is how strace's 32-bit table differs.
    entries32 = dict(entries)
    failed = []
    with tempfile.TemporaryDirectory() as scratch:
        if os.path.isdir(os.path.join(INC, "libdrm")) and not os.path.isdir(os.path.join(INC, "drm")):
            os.symlink(os.path.join(INC, "libdrm"), os.path.join(scratch, "drm"))
        for tree in TREES:
            for directory, _, files in sorted(os.walk(os.path.join(INC, tree))):
                for file in sorted(files):
                    if not file.endswith(".h"):
                        continue
                    path = os.path.join(directory, file)
                    names = candidates(path)
                    if not names:
                        continue
                    header = header_name(path)
                    values = evaluate(header, names, scratch)
                    failed += [f"{header}:{n}" for n in names if n not in values]
                    for name, code in values.items():
                        # The same name in two headers (asm/ and asm-generic/): one entry.
                        entries.setdefault(name, code)
                    for name, code in evaluate(header, names, scratch, m32=True).items():
                        entries32.setdefault(name, code)
    rows = sorted(((code, name) for name, code in entries.items()), key=lambda r: (r[0], r[1]))
    named = [row for row in rows if not UNNAMED.match(row[1])]
    rows32 = sorted(((code, name) for name, code in entries32.items()), key=lambda r: (r[0], r[1]))
    named32 = [row for row in rows32 if not UNNAMED.match(row[1])]
    lines = [
        "// Generated by Tools/gen-ioctls.py from this machine's kernel headers. Do not edit.",
        "",
        "/// ioctl request codes by name, sorted by code and then by name.",
        "enum IoctlNames {",
        f"    /// {len(named)} request codes, ascending; `names` holds each one's name at the same index.",
        "    static let codes: [UInt32] = [",
    ]
    lines += [f"        0x{code:08x}," for code, _ in named]
    lines += ["    ]", "", "    static let names: [StaticString] = ["]
    lines += [f'        "{name}",' for _, name in named]
    lines += ["    ]", "",
              f"    /// An i386 tracee's {len(named32)} request codes (sizes as -m32 has them), ascending, and their names.",
              "    static let codes32: [UInt32] = ["]
    lines += [f"        0x{code:08x}," for code, _ in named32]
    lines += ["    ]", "", "    static let names32: [StaticString] = ["]
    lines += [f'        "{name}",' for _, name in named32]
    lines += ["    ]", "}", "",
              "/// Each request code by name, for decoders that switch on them.",
              "enum IoctlRequest {"]
    lines += [f"    static let {name}: UInt32 = 0x{code:08x}" for code, name in sorted(rows, key=lambda r: r[1])]
    lines += ["}", ""]
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"{OUT}: {len(named)} named requests ({len(rows)} constants); {len(failed)} macros did not compile", file=sys.stderr)


if __name__ == "__main__":
    main()
