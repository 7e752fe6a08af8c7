#!/usr/bin/env python3
"""Wiretap benchmark driver.

Runs each variant of each workload in interleaved rounds (A B C A B C ...),
takes the median wall time of each, and prints a table of medians and ratios.

    python3 bench/run.py                   # everything, 7 rounds
    python3 bench/run.py --rounds 11 --workloads syscall_loop --variants engine,strace-none

Needs: cc, strace, and a release build (`swift build -c release`).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
RELEASE = os.path.join(ROOT, ".build", "release")


def compile_c(name, source):
    os.makedirs(OUT, exist_ok=True)
    binary = os.path.join(OUT, name)
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        subprocess.run(["cc", "-O2", "-pthread", "-o", binary, source], check=True)
    return binary


def workloads():
    loop = compile_c("syscall_loop", os.path.join(ROOT, "bench", "workloads", "syscall_loop.c"))
    threads = compile_c("threads", os.path.join(ROOT, "bench", "workloads", "threads.c"))
    return {
        "syscall_loop": [loop, "200000"],
        "threads": [threads, "4", "25000"],
    }


def variants():
    wiretap = os.path.join(RELEASE, "wiretap")
    engine = os.path.join(RELEASE, "wiretap-engine-bench")
    mini = compile_c("minitracer", os.path.join(ROOT, "bench", "minitracer.c"))
    strace = shutil.which("strace")
    return {
        "untraced": [],
        "minitracer": [mini],
        "engine": [engine],
        "strace-none": [strace, "-f", "-qq", "-e", "trace=none", "-o", "/dev/null"],
        "strace": [strace, "-f", "-o", "/dev/null"],
        "wiretap": [wiretap, "-f", "-o", "/dev/null"],
        "strace-seccomp": [strace, "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null"],
        "wiretap-seccomp": [wiretap, "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null"],
    }


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--workloads", default="")
    parser.add_argument("--variants", default="")
    args = parser.parse_args()
    all_workloads, all_variants = workloads(), variants()
    chosen_w = [w for w in (args.workloads.split(",") if args.workloads else all_workloads)]
    chosen_v = [v for v in (args.variants.split(",") if args.variants else all_variants)]
    for w in chosen_w:
        times = {v: [] for v in chosen_v}
        rss = {v: 0 for v in chosen_v}
        for _ in range(args.rounds):
            for v in chosen_v:
                elapsed, maxrss = run_once(all_variants[v] + all_workloads[w])
                times[v].append(elapsed)
                rss[v] = max(rss[v], maxrss)
        medians = {v: statistics.median(times[v]) for v in chosen_v}
        print(f"\n{w} ({args.rounds} interleaved rounds, median wall time)")
        print(f"{'variant':<14}{'median s':>10}{'vs untraced':>13}{'vs minitracer':>15}{'vs strace-none':>16}{'vs strace':>11}")
        for v in chosen_v:
            def ratio(base):
                return f"{medians[v] / medians[base]:.3f}" if base in medians else "-"
            print(f"{v:<14}{medians[v]:>10.4f}{ratio('untraced'):>13}{ratio('minitracer'):>15}{ratio('strace-none'):>16}{ratio('strace'):>11}")


if __name__ == "__main__":
    main()
