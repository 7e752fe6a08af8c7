#!/usr/bin/env python3
"""Writes Tools/data/ARCH-syscall-classes.tsv (ARCH: x86_64, i386) from the
installed strace's own behaviour: how many arguments it prints for each
syscall when it does not decode it (`-e raw=all`), and which
`-e trace=%CLASS` classes select it.

Tools/probe/syscall-probe.c makes every syscall number of its ABI behind a
seccomp filter that fails them with ENOSYS; this script builds it for both
ABIs (freestanding, so no multilib packages are needed), runs it under
strace once with `-e raw=all` and once per class, and checks every name
against this machine's asm/unistd_{64,32}.h.

A fifth column, for x86_64, lists the arguments strace reads as 32 bits
(an int...: the upper half of the register ignored, as the kernel does),
`N:16` where it reads only 16 (a umode_t): Tools/probe/width-probe.c passes
each argument as 0x13, 0x100000013, 0x10013 and 0x14: strace prints the
argument (0x13 and 0x14 differ) and prints the others like 0x13. Then run
Tools/gen-syscall-classes.py.

    python3 Tools/probe-syscalls.py
"""
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = os.path.join(ROOT, "Tools", "probe", "syscall-probe.c")
WIDTH_PROBE = os.path.join(ROOT, "Tools", "probe", "width-probe.c")
DATA = os.path.join(ROOT, "Tools", "data")
ARCHES = {
    "x86_64": ([], "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
    "i386": (["-m32"], "/usr/include/x86_64-linux-gnu/asm/unistd_32.h"),
}
# The tsv's class names; `%stat` and `%statfs` stand for strace's %%stat and %%statfs.
CLASSES = ["desc", "file", "ipc", "net", "process", "signal", "memory", "stat", "lstat", "fstat",
           "%stat", "statfs", "fstatfs", "%statfs", "pure", "creds", "clock"]
LINE = re.compile(r"^(\w+)\((.*)\)\s+= ")


def trace(binary, expression):
    """The (name, argument count) of each probed call strace prints."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run(["strace", "-qq", "-e", "raw=all", "-e", f"trace={expression}", "-o", out.name, binary],
                       check=True, stderr=subprocess.DEVNULL)
        calls = []
        # The probe's own exec and filter set-up come first, once each.
        setup = ["execve(", "prctl(0x26, 0x1,", "seccomp(0x1, 0,"]
        for line in out.read().splitlines():
            m = LINE.match(line)
            if m and setup and any(line.startswith(s) for s in setup):
                setup = [s for s in setup if not line.startswith(s)]
                continue
            if m:
                args = m.group(2)
                calls.append((m.group(1), 0 if args == "" else args.count(",") + 1))
        return calls


# Arguments strace reads whole although its default output shows only their
# low half: mmap's and remap_file_pages' flags (print_mmap_flags masks with
# 32-bit constants, which drops the upper half; -X raw prints all 64 bits).
WHOLE = {"mmap": {3}, "remap_file_pages": {4}}


def int32_arguments(scratch):
    """{name: [argument positions strace reads as 32 bits, "N:16" where 16]} for x86_64."""
    binary = os.path.join(scratch, "width-probe")
    subprocess.run(["cc", "-nostdlib", "-static", "-ffreestanding", "-fno-pic", "-O1", "-o", binary, WIDTH_PROBE],
                   check=True)
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run(["strace", "-qq", "-o", out.name, binary], check=True, stderr=subprocess.DEVNULL)
        lines = [line for line in out.read().splitlines() if LINE.match(line)]
    # The probe's execve, prctl and seccomp come first and its exit last;
    # between them, four values of each argument: six per call with the other
    # arguments 0, six with 1, six with -1.
    lines = lines[3:-1]
    if len(lines) % 72:
        raise SystemExit(f"width probe: {len(lines)} lines, not 3 x 6 x 4 per call")
    result = {}
    for start in range(0, len(lines), 72):
        name = LINE.match(lines[start]).group(1)
        narrow = []
        for i in range(6):
            # Each context where strace prints the argument at all (0x13 and 0x14 differ).
            shown = [start + 24 * k + 4 * i for k in (0, 1, 2)
                     if lines[start + 24 * k + 4 * i] != lines[start + 24 * k + 4 * i + 3]]
            if not shown:
                continue  # never printed here: no evidence, the register stays whole
            if all(lines[b] == lines[b + 1] for b in shown):
                narrow.append(f"{i}:16" if all(lines[b] == lines[b + 2] for b in shown) else str(i))
        result[name] = [item for item in narrow if int(item.split(":")[0]) not in WHOLE.get(name, set())]
    return result


def main():
    with tempfile.TemporaryDirectory() as scratch:
        widths = int32_arguments(scratch)
        for arch, (cflags, unistd) in ARCHES.items():
            numbers = {m.group(1): int(m.group(2))
                       for m in re.finditer(r"^#define\s+__NR_(\w+)\s+(\d+)", open(unistd).read(), re.M)}
            binary = os.path.join(scratch, "probe-" + arch)
            subprocess.run(["cc", *cflags, "-nostdlib", "-static", "-ffreestanding", "-fno-pic", "-O1",
                            "-o", binary, PROBE], check=True)
            counts = {}
            for name, count in trace(binary, "all"):
                if name not in ("exit", "exit_group"):
                    counts[name] = count
            classes = {name: [] for name in counts}
            for c in CLASSES:
                for name, _ in trace(binary, "%" + c):
                    if name in classes:
                        classes[name].append(c)
            rows = []
            for name, count in counts.items():
                if name.startswith("syscall_"):
                    continue
                # strace names a few calls differently from the header (i386 `mmap` is old_mmap's slot).
                number = numbers.get(name)
                if number is None:
                    raise SystemExit(f"{arch}: strace prints {name}, which {unistd} does not define")
                # i386's registers are 32 bits: nothing to narrow.
                narrow = [i for i in widths.get(name, []) if int(i.split(":")[0]) < count] if arch == "x86_64" else []
                rows.append((number, name, count, ",".join(classes[name]), ",".join(map(str, narrow))))
            # exit and exit_group are not probed (the probe needs them); their facts are fixed.
            for name, count, cls in (("exit", 1, "process"), ("exit_group", 1, "process")):
                rows.append((numbers[name], name, count, cls, "0" if arch == "x86_64" else ""))
            rows.sort()
            path = os.path.join(DATA, f"{arch}-syscall-classes.tsv")
            with open(path, "w") as f:
                f.write(f"# {arch} syscalls: how many arguments strace prints for each when it does not\n"
                        "# decode it, and the -e trace=%CLASS classes that select it (%stat and %statfs\n"
                        "# stand for strace's %%stat and %%statfs), and the arguments it reads as 32\n"
                        "# bits (0-based; N:16 for 16 bits). Written by Tools/probe-syscalls.py\n"
                        f"# from strace {strace_version()} on this machine.\n"
                        "# number\tname\targuments\tclasses\tint32\n")
                for row in rows:
                    f.write("\t".join(map(str, row)) + "\n")
            print(f"{path}: {len(rows)} syscalls")


def strace_version():
    first = subprocess.run(["strace", "-V"], capture_output=True, text=True).stdout.splitlines()[0]
    return first.split()[-1]


if __name__ == "__main__":
    main()
