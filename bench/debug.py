#!/usr/bin/env python3
"""The debugger's stop cost, against gdb on the same program.

A breakpoint on `work` in Tests/WiretapTests/Fixtures/debug_loop.c is hit
N times; `ignore 1 N` lets every hit but the first pass without stopping
for the user, so each hit is what it costs the debugger: the trap, the
registers, stepping over the breakpoint (restore the byte, one
instruction, put the int3 back) and resuming. The same for a hardware
watchpoint on `counter` (a debug-register trap per write, no stepping).
gdb's equivalent is the same commands (`ignore` works for both in gdb).
`threads`: four threads calling `work` 2,000 times each
(Fixtures/debug_threads.c), every hit stopping all threads (all-stop)
before the breakpoint is stepped over: the multi-threaded stop cost.
Rounds are interleaved (gdb, wiretap, gdb, wiretap...) and the median
time per hit is printed.

    python3 bench/debug.py                      # 100,000 hits, 5 rounds
    python3 bench/debug.py --hits 20000 --rounds 3 --wiretap .build/release/wiretap
    python3 bench/debug.py --kinds threads      # 8,000 hits in 4 threads

Needs: cc, gdb, and a release build of wiretap.
"""
import argparse
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")


def build_target():
    os.makedirs(OUT, exist_ok=True)
    binary = os.path.join(OUT, "debug_loop")
    source = os.path.join(ROOT, "Tests", "WiretapTests", "Fixtures", "debug_loop.c")
    subprocess.run(["cc", "-O0", "-g", "-no-pie", "-o", binary, source], check=True)
    symbols = subprocess.run(["nm", binary], check=True, capture_output=True, text=True).stdout
    addresses = {line.split()[2]: "0x" + line.split()[0] for line in symbols.splitlines() if len(line.split()) == 3}
    return binary, addresses["work"], addresses["counter"]


def build_threads():
    binary = os.path.join(OUT, "debug_threads")
    source = os.path.join(ROOT, "Tests", "WiretapTests", "Fixtures", "debug_threads.c")
    subprocess.run(["cc", "-O0", "-g", "-no-pie", "-pthread", "-o", binary, source], check=True)
    return binary


def commands(kind, work, counter, hits):
    if kind in ("breakpoint", "threads"):
        return [f"break *{work}", "RUN", f"ignore 1 {hits}", "continue"]
    # The watchpoint: set at the first call (after the program's start-up code), then N writes pass.
    return [f"break *{work}", "RUN", "delete", f"watch *(int *){counter}", f"ignore 2 {hits}", "continue"]


def run(tool, wiretap, binary, kind, work, counter, hits):
    steps = commands(kind, work, counter, hits)
    if tool == "gdb":
        argv = ["gdb", "-nx", "-batch"]
        for step in steps:
            argv += ["-ex", "run" if step == "RUN" else step]
        argv += ["--args", binary, str(hits + 1)]
    else:
        argv = [wiretap, "debug", "--batch"]
        for step in steps:
            argv += ["-ex", "continue" if step == "RUN" else step]
        argv += ["--", binary, str(hits + 1)]
    start = time.monotonic()
    result = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if "done" not in result.stdout:
        raise SystemExit(f"{tool} {kind}: the program did not finish:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--wiretap", default=os.path.join(ROOT, ".build", "release", "wiretap"))
    parser.add_argument("--kinds", default="breakpoint,watchpoint")
    args = parser.parse_args()
    binary, work, counter = build_target()
    for kind in args.kinds.split(","):
        times = {"gdb": [], "wiretap": []}
        program, hits = binary, args.hits
        if kind == "threads":
            program, hits = build_threads(), 8000
        for _ in range(args.rounds):
            for tool in ("gdb", "wiretap"):
                times[tool].append(run(tool, args.wiretap, program, kind, "work" if kind == "threads" else work, counter, hits))
        gdb = statistics.median(times["gdb"]) / hits * 1e6
        ours = statistics.median(times["wiretap"]) / hits * 1e6
        print(f"{kind}: {hits} hits, {args.rounds} interleaved rounds, median per hit: "
              f"gdb {gdb:.2f} us, wiretap {ours:.2f} us, wiretap/gdb {ours / gdb:.3f}")


if __name__ == "__main__":
    main()
