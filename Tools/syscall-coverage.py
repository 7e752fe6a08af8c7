#!/usr/bin/env python3
"""Compares wiretap's lines with strace's for every syscall, and writes the
coverage table (docs/syscall-coverage.md).

Tests/WiretapTests/Fixtures/syscall_sweep.c calls every syscall number of its
ABI with twelve argument patterns (zeros, small numbers, ints with the upper
half set, -1, 32-bit extremes, every flag bit, pointers to a byte pattern, to
zeros, to 0xff bytes and to a buffer cut short, and two mixed rows) behind a
seccomp filter that fails every call with ENOSYS. Each call's arguments are
decoded on entry, as for a real call; output arguments, which a failed call
does not fill in, print as addresses. This script builds it for x86_64 and
i386, runs it under strace and wiretap with each flag set below, and pairs
the lines.

    python3 Tools/syscall-coverage.py                  # summary, worst first
    python3 Tools/syscall-coverage.py --show mkdir,umask   # their differing lines
    python3 Tools/syscall-coverage.py --write          # docs/syscall-coverage.md

--wiretap PATH picks the binary (default .build/debug/wiretap); --abi
x86_64|i386 and --flags "-X raw" narrow the run. SyscallSweepTests checks the
table against a live run, so rewrite it whenever a syscall's state changes.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWEEP = os.path.join(ROOT, "Tests", "WiretapTests", "Fixtures", "syscall_sweep.c")
TABLE = os.path.join(ROOT, "docs", "syscall-coverage.md")
ROWS = 12  # argument patterns per syscall in syscall_sweep.c
# The flag sets every line is compared under (SyscallSweepTests uses the same).
FLAG_SETS = [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-xx"], ["-s", "4"], ["-y"]]
ABIS = {"x86_64": [], "i386": ["-m32"]}
NAME = re.compile(r"^(\w+)\(")


def build(scratch, abi):
    binary = os.path.join(scratch, "sweep-" + abi)
    subprocess.run(["cc", *ABIS[abi], "-nostdlib", "-static", "-ffreestanding", "-fno-pic", "-O1", "-o", binary, SWEEP],
                   check=True)
    return binary


def swept_numbers(abi):
    """The numbers syscall_sweep.c calls, in order (see its skipped())."""
    exits = (60, 231) if abi == "x86_64" else (1, 252)
    return [n for n in range(451) if n not in exits and not (abi == "x86_64" and 335 <= n < 424)]


def run_once(tool, flags, binary, scratch, first=None):
    """The tool's lines for the sweep from `first` (after its set-up calls), and its exit status."""
    out = os.path.join(scratch, "trace")
    extra = [] if first is None else [str(first), "450"]
    with open(os.devnull, "rb") as null_in, open(os.devnull, "wb") as null_out:
        status = subprocess.run(["setarch", "-R", "env", "-i", tool, *flags, "-o", out, binary, *extra],
                                stdin=null_in, stdout=null_out, stderr=null_out, timeout=600).returncode
    lines = open(out, encoding="latin-1").read().splitlines()
    # The set-up: execve, mmap, munmap, prctl, seccomp; the sweep starts
    # after seccomp's line and ends before exit_group's.
    start = next((i + 1 for i, line in enumerate(lines) if line.startswith("seccomp(")), len(lines))
    end = next((i for i, line in enumerate(lines) if line.startswith("exit_group(")), len(lines))
    return lines[start:end], status


def trace(tool, flags, binary, scratch, abi, segments=None):
    """(syscall name, lines) for each swept number, the tool's exit status,
    and the runs it took: (first number or None, calls taken). Where the
    tool dies on a call (strace 6.1 aborts on some hostile arguments under
    -X verbose), that syscall's lines are None and the sweep goes on from
    the next number in a new run. `segments` replays another tool's runs,
    so both see the same memory (a restarted run's stack differs, which
    rt_sigreturn prints)."""
    numbers = swept_numbers(abi)
    result = []
    status = 0
    if segments is not None:
        for first, count in segments:
            lines, code = run_once(tool, flags, binary, scratch, first)
            status = status or code
            for k in range(count):
                chunk = lines[k * ROWS:(k + 1) * ROWS]
                m = NAME.match(chunk[0]) if len(chunk) == ROWS else None
                result.append((m.group(1) if m else "?", chunk if len(chunk) == ROWS else None))
        return result, status, segments
    taken = []
    first = None
    while len(result) < len(numbers):
        lines, code = run_once(tool, flags, binary, scratch, first)
        status = status or code
        before = len(result)
        complete = len(lines) // ROWS if code == 0 else max(0, (len(lines) - 1) // ROWS)
        for k in range(complete):
            chunk = lines[k * ROWS:(k + 1) * ROWS]
            m = NAME.match(chunk[0])
            result.append((m.group(1) if m else "?", chunk))
        if code == 0 and len(result) == len(numbers):
            taken.append((first, len(result) - before))
            break
        if code == 0:
            raise SystemExit(f"{tool} {' '.join(flags)}: {len(lines)} lines, not {ROWS} per call")
        if len(result) < len(numbers):
            # The call it died on.
            dead = lines[complete * ROWS] if complete * ROWS < len(lines) else ""
            m = NAME.match(dead)
            result.append((m.group(1) if m else f"#{numbers[len(result)]}", None))
        taken.append((first, len(result) - before))
        first = numbers[len(result)] if len(result) < len(numbers) else None
    return result, status, taken


def compare(wiretap, abis, flag_sets, show=None):
    """{(abi, name): [compared, differing, first differing pair]} and the runs that failed."""
    results = collections.OrderedDict()
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for abi in abis:
            binary = build(scratch, abi)
            for flags in flag_sets:
                theirs, _, segments = trace("/usr/bin/strace", flags, binary, scratch, abi)
                ours, status, _ = trace(wiretap, flags, binary, scratch, abi, segments)
                if status != 0:
                    failures.append(f"{abi} {' '.join(flags) or '(no flags)'}: wiretap exited with {status}")
                for (name, their_lines), (_, our_lines) in zip(theirs, ours):
                    entry = results.setdefault((abi, name), [0, 0, None, []])
                    if their_lines is None:
                        # strace died on it: nothing to compare with.
                        entry[3].append(" ".join(flags))
                        continue
                    for i, line in enumerate(their_lines):
                        entry[0] += 1
                        mine = our_lines[i] if our_lines else "(missing)"
                        if mine != line:
                            entry[1] += 1
                            if entry[2] is None:
                                entry[2] = (" ".join(flags), line, mine)
                            if show and name in show:
                                print(f"[{abi} {' '.join(flags)}]\n  strace:  {line}\n  wiretap: {mine}")
    return results, failures


def syscall_numbers(abi):
    header = "/usr/include/x86_64-linux-gnu/asm/unistd_%s.h" % ("64" if abi == "x86_64" else "32")
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^#define\s+__NR_(\w+)\s+(\d+)", open(header).read(), re.M)}


def write_table(results):
    lines = [
        "# Syscall coverage",
        "",
        "Written by `Tools/syscall-coverage.py --write`; `SyscallSweepTests` checks it against a live run.",
        "",
        "Every syscall number of each ABI is called by `Tests/WiretapTests/Fixtures/syscall_sweep.c` with twelve",
        "argument patterns, ordinary and hostile (ints with the upper half set, -1, every flag bit, NULL,",
        "unmapped pointers, pointers to a byte pattern, to zeros, to 0xff bytes and to a buffer cut short),",
        "behind a seccomp filter that fails each call with ENOSYS, so every argument is decoded as a call's",
        "entry is. Each call is traced by strace 6.1 and by wiretap under these flag sets: "
        + ", ".join("`" + (" ".join(f) or "(none)") + "`" for f in FLAG_SETS) + ".",
        "",
        "- **same**: every line identical to strace's;",
        "- **differs N/M**: N of the M lines differ (the first difference is shown).",
        "",
        "Output arguments (what a successful call writes back) are not exercised here; the family",
        "fixtures (`decode_*.c`, compared by the decoder test suites) cover them.",
        "",
    ]
    for abi in ABIS:
        numbers = syscall_numbers(abi)
        rows = sorted(((numbers.get(name, 10**6), name, r) for (a, name), r in results.items() if a == abi))
        same = sum(1 for _, _, r in rows if r[1] == 0)
        lines += [f"## {abi}", "", f"{same} of {len(rows)} syscalls print the same as strace on every line.", "",
                  "| nr | syscall | state | first difference (flags: strace / wiretap) |", "| --- | --- | --- | --- |"]
        for number, name, (compared, differing, first, strace_died) in rows:
            died = f" (strace 6.1 dies on it under `{'`, `'.join(strace_died)}`)" if strace_died else ""
            if differing == 0:
                lines.append(f"| {number} | {name} | same | {died.strip()} |")
            else:
                flags, theirs, mine = first
                cell = f"`{flags or '-'}`: `{clip(theirs)}` / `{clip(mine)}`{died}"
                lines.append(f"| {number} | {name} | differs {differing}/{compared} | {cell} |")
        lines.append("")
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w") as f:
        f.write("\n".join(lines))
    print(f"{TABLE} written")


def clip(line):
    text = line.split(" = ")[0] if " = " in line else line
    text = text[:110] + ("..." if len(text) > 110 else "")
    return text.replace("|", "\\|").replace("`", "'")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wiretap", default=os.path.join(ROOT, ".build", "debug", "wiretap"))
    parser.add_argument("--abi", choices=list(ABIS), action="append")
    parser.add_argument("--flags", action="append", help='one flag set, e.g. "-X raw" (repeatable)')
    parser.add_argument("--show", help="comma-separated syscalls whose differing lines to print")
    parser.add_argument("--write", action="store_true", help="write docs/syscall-coverage.md (all ABIs and flag sets)")
    args = parser.parse_args()
    abis = list(ABIS) if args.write or not args.abi else args.abi
    flag_sets = FLAG_SETS if args.write or not args.flags else [f.split() for f in args.flags]
    show = set(args.show.split(",")) if args.show else None
    results, failures = compare(args.wiretap, abis, flag_sets, show)
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    if args.write:
        if failures:
            raise SystemExit("not written: a run failed")
        write_table(results)
    if not show:
        for abi in abis:
            rows = [(name, r) for (a, name), r in results.items() if a == abi]
            same = sum(1 for _, r in rows if r[1] == 0)
            lines = sum(r[0] for _, r in rows)
            bad = sum(r[1] for _, r in rows)
            print(f"{abi}: {same}/{len(rows)} syscalls same; {lines - bad}/{lines} lines same")
            for name, r in sorted(rows, key=lambda x: -x[1][1]):
                if r[1]:
                    print(f"  {name}: {r[1]}/{r[0]}  [{r[2][0]}] {clip(r[2][1])}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
