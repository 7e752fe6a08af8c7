#!/usr/bin/env python3
"""Wiretap benchmark driver.

Runs each variant of each workload in interleaved rounds (A B C A B C ...),
takes the median wall time of each, and prints a table of medians, ratios
and the tracer's peak RSS (VmHWM, sampled while it runs).

    python3 bench/run.py                   # everything, 5 rounds
    python3 bench/run.py --rounds 11 --workloads syscall_loop --variants engine,strace-none

Needs: cc, strace, gcc, python3, and a release build
(`swift build -c release -Xswiftc -static-executable`: a static binary starts faster).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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
    w = os.path.join(ROOT, "bench", "workloads")
    loop = compile_c("syscall_loop", os.path.join(w, "syscall_loop.c"))
    threads = compile_c("threads", os.path.join(w, "threads.c"))
    files = compile_c("file_loop", os.path.join(w, "file_loop.c"))
    forks = compile_c("fork_exec", os.path.join(w, "fork_exec.c"))
    rewrite = compile_c("rewrite_loop", os.path.join(w, "rewrite_loop.c"))
    deep = compile_c("syscall_loop_deep", os.path.join(w, "syscall_loop_deep.c"))
    sockets = compile_c("socket_loop", os.path.join(w, "socket_loop.c"))
    rewrite_dir = os.path.join(OUT, "rewrite")
    os.makedirs(rewrite_dir, exist_ok=True)
    subprocess.run([rewrite, "2000", rewrite_dir], check=True)  # the files exist before any run
    scratch = os.path.join(OUT, "scratch")
    os.makedirs(scratch, exist_ok=True)
    source = os.path.join(OUT, "gcc-input.c")
    with open(source, "w") as f:
        f.write("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void){puts(\"hi\");return 0;}\n")
    return {
        "syscall_loop": [loop, "100000"],
        "file_loop": [files, "10000", scratch],
        "socket_loop": [sockets, "20000"],
        "rewrite_loop": [rewrite, "2000", rewrite_dir],
        "fork_exec": [forks, "300"],
        "threads": [threads, "4", "50000"],
        "find_xargs_cat": ["/bin/sh", "-c", "find /usr/include/linux -name '*.h' | xargs cat > /dev/null"],
        "tar": ["/bin/tar", "cf", "/dev/null", "/usr/include"],
        "python_imports": ["python3", "-c", "import json, re, subprocess, asyncio, email, http.client"],
        "gcc_c": ["gcc", "-c", source, "-o", os.path.join(OUT, "gcc-output.o")],
        # For -k: a 20-deep stack at each syscall, and a real command.
        "syscall_loop_deep": [deep, "20000"],
        "ls_R": ["/bin/ls", "-R", "/usr/include"],
        # A tiny two-file C project built from clean (bench/workloads/make_j2).
        "make_j2": ["/bin/sh", "-c", f"make -s -C {os.path.join(w, 'make_j2')} clean && make -s -j2 -C {os.path.join(w, 'make_j2')}"],
    }


def variants():
    wiretap = os.path.join(RELEASE, "wiretap")
    engine = os.path.join(RELEASE, "wiretap-engine-bench")
    mini = compile_c("minitracer", os.path.join(ROOT, "bench", "minitracer.c"))
    strace = shutil.which("strace")
    return {
        "untraced": [],
        "minitracer": [mini],
        "minitracer-poll": [mini, "--poll"],
        "engine": [engine],
        "strace-none": [strace, "-f", "-qq", "-e", "trace=none", "-o", "/dev/null"],
        "strace": [strace, "-f", "-o", "/dev/null"],
        "wiretap": [wiretap, "-f", "-o", "/dev/null"],
        "wiretap-block": [wiretap, "--stop-wait=block", "-f", "-o", "/dev/null"],
        "strace-seccomp": [strace, "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null"],
        "wiretap-seccomp": [wiretap, "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", "/dev/null"],
        "strace-c": [strace, "-f", "-c", "-o", "/dev/null"],
        "wiretap-c": [wiretap, "-f", "-c", "-o", "/dev/null"],
        "wiretap-json": [wiretap, "--json", "-f", "-o", "/dev/null"],
        # --timeline writes a real file (rewritten by every run).
        "wiretap-timeline": [wiretap, "-f", "-o", "/dev/null", "--timeline", os.path.join(tempfile.gettempdir(), "wiretap-bench.pftrace")],
        "strace-k": [strace, "-f", "-k", "-o", "/dev/null"],
        "wiretap-k": [wiretap, "-f", "-k", "-o", "/dev/null"],
        "wiretap-kk": [wiretap, "-f", "-kk", "-o", "/dev/null"],
        "wiretap-k-json": [wiretap, "-f", "-k", "--json", "-o", "/dev/null"],
        "wiretap-files": [wiretap, "files", "-o", "/dev/null", "--"],
        "wiretap-tree": [wiretap, "tree", "-o", "/dev/null", "--"],
        "wiretap-f-tree": [wiretap, "-f", "--tree", "-o", "/dev/null"],
        # A fresh snapshot directory per run (see fresh_snapshot).
        "wiretap-snapshot": [wiretap, "files", "-o", "/dev/null", "--snapshot", "@SNAPSHOT@", "--"],
        "wiretap-snapshot-nosync": [wiretap, "files", "-o", "/dev/null", "--no-sync", "--snapshot", "@SNAPSHOT@", "--"],
    }


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_once(argv, traced):
    """Wall time of one run, and the tracer's own peak RSS (VmHWM, not its
    tracees'), sampled by a thread so the timing itself is exact: the main
    thread blocks in wait4 rather than polling."""
    peak = [0]
    done = threading.Event()

    def sample(pid):
        while not done.wait(0.005):
            peak[0] = max(peak[0], peak_rss_kb(pid))

    snapshot = None
    if "@SNAPSHOT@" in argv:
        snapshot = os.path.join(OUT, "snapshot")
        shutil.rmtree(snapshot, ignore_errors=True)
        argv = [snapshot if a == "@SNAPSHOT@" else a for a in argv]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True) if traced else None
    if sampler:
        sampler.start()
    _, status, _ = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    if snapshot:
        shutil.rmtree(snapshot, ignore_errors=True)
    return elapsed, peak[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workloads", default="")
    parser.add_argument("--variants", default="")
    parser.add_argument("--raw", action="store_true", help="also print every run's time, in round order")
    parser.add_argument("--baseline", default="",
                        help="another wiretap binary (an older build): adds variants 'baseline' and 'baseline-json', "
                             "run as 'wiretap' and 'wiretap-json' are, for before/after tables")
    args = parser.parse_args()
    all_workloads, all_variants = workloads(), variants()
    if args.baseline:
        all_variants["baseline"] = [args.baseline, "-f", "-o", "/dev/null"]
        all_variants["baseline-json"] = [args.baseline, "--json", "-f", "-o", "/dev/null"]
    chosen_w = [w for w in (args.workloads.split(",") if args.workloads else all_workloads)]
    chosen_v = [v for v in (args.variants.split(",") if args.variants else all_variants)]
    for w in chosen_w:
        times = {v: [] for v in chosen_v}
        rss = {v: 0 for v in chosen_v}
        for _ in range(args.rounds):
            for v in chosen_v:
                elapsed, maxrss = run_once(all_variants[v] + all_workloads[w], traced=v != "untraced")
                times[v].append(elapsed)
                rss[v] = max(rss[v], maxrss)
        medians = {v: statistics.median(times[v]) for v in chosen_v}
        print(f"\n{w} ({args.rounds} interleaved rounds, median wall time)")
        print(f"{'variant':<16}{'median s':>10}{'/untraced':>11}{'/minitracer':>12}{'/mini-poll':>11}{'/strace':>9}{'/strace-c':>10}{'/strace-seccomp':>16}{'/strace-k':>10}{'/wiretap':>10}{'/baseline':>10}{'peak RSS MB':>13}")
        for v in chosen_v:
            def ratio(base):
                return f"{medians[v] / medians[base]:.3f}" if base in medians else "-"
            peak = f"{rss[v] / 1024:.1f}" if rss[v] else "-"
            print(f"{v:<16}{medians[v]:>10.4f}{ratio('untraced'):>11}{ratio('minitracer'):>12}{ratio('minitracer-poll'):>11}{ratio('strace'):>9}"
                  f"{ratio('strace-c'):>10}{ratio('strace-seccomp'):>16}{ratio('strace-k'):>10}{ratio('wiretap'):>10}{ratio('baseline'):>10}{peak:>13}")
        if args.raw:
            for v in chosen_v:
                print(f"  {v:<16}" + " ".join(f"{t:.4f}" for t in times[v]))


if __name__ == "__main__":
    main()
