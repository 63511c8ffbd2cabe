#!/usr/bin/env python3
"""Where a fresh server's CPU goes while it warms up: per second of load, by thread group.

Starts `tlsecho server` afresh (through ./tlsecho, the launcher's JVM options and class-data archive), drives it with
Go's load client (src/test/resources/go/echo.go `load`: EC P-256 sessions with X25519, or 1 KiB ping-pong over 50
connections with --mode pingpong; nothing to warm up on the client side) and reads every server thread's CPU time from /proc/PID/task at each of the client's one-second progress lines.
Threads are grouped as the JVM names them: the C1 and C2 compiler threads, the collector and VM thread, the event
loops (everything else). Prints one line per second (sessions/s, CPU seconds of each group, server CPU per session)
and, per run, the 5-s windows' CPU per operation against the steady figure (the last 10 s), with the C2 seconds spent in
each window. Runs alternate between the builds given (--jar, repeatable), each in its own directory, so that each keeps
its own class-data archive.

  bench/warmup.py [--runs 4] [--seconds 25] [--mode session|pingpong] [--jar A.jar --jar B.jar] [--opts "-XX:..."]
"""
import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from compare import CLK_TCK, JAR, LAUNCHER, PROGRESS, build_go, free_port, wait_listening
from procfs import thread_ticks

GROUPS = ("C1", "C2", "GC/VM", "loops")


def group(thread_name):
    if "C2 Compiler" in thread_name:
        return "C2"
    if "C1 Compiler" in thread_name:
        return "C1"
    if "GC" in thread_name or thread_name == "VM Thread":
        return "GC/VM"
    return "loops"


def thread_cpu(pid):
    out = collections.Counter()
    for name, ticks in thread_ticks(pid).items():
        out[group(name)] += ticks / CLK_TCK
    return out


def one_run(jar, opts, go, cert, key, seconds, connections, mode, size):
    port = free_port()
    env = dict(os.environ)
    if jar:
        env["TLSECHO_JAR"] = jar
    if opts:
        env["TLSECHO_JAVA_OPTS"] = opts
    server = subprocess.Popen([LAUNCHER, "server", "--host", "127.0.0.1", "--port", str(port),
                               "--cert", cert, "--key", key, "--max-connections", "20000", "-q"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, server)
        load = subprocess.Popen([go, "load", "-addr", "127.0.0.1:%d" % port, "-ca", cert, "-c", str(connections),
                                 "-size", str(size), "-mode", mode, "-warmup", "0s", "-duration", "%ds" % seconds],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        rows, before = [], thread_cpu(server.pid)
        for line in load.stderr:
            m = PROGRESS.match(line)
            if m:
                now = thread_cpu(server.pid)
                rows.append((int(m.group(2).replace(",", "")), {g: now[g] - before[g] for g in GROUPS}))
                before = now
        load.wait()
        return rows
    finally:
        server.terminate()
        server.wait()


def windows(rows):
    """CPU µs per session in each 5-s window and in the last 10 s (steady), and C2 seconds in each window."""
    def cost(part):
        n = sum(r for r, _ in part)
        return sum(sum(c.values()) for _, c in part) / n * 1e6 if n else float("nan")
    fives = [rows[i:i + 5] for i in range(0, max(len(rows) - 10, 0), 5)]
    return [cost(w) for w in fives], cost(rows[-10:]), [sum(c["C2"] for _, c in w) for w in fives]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=4, help="fresh starts per build (default 4)")
    ap.add_argument("--seconds", type=int, default=25, help="load per run (default 25; the last 10 s are steady)")
    ap.add_argument("--mode", choices=("session", "pingpong"), default="session",
                    help="session: EC P-256 sessions (default); pingpong: echoes over long connections")
    ap.add_argument("--connections", type=int, help="default 16 sessions at once, 50 ping-pong connections")
    ap.add_argument("--size", type=int, help="bytes per message (default 46 for sessions, 1024 for ping-pong)")
    ap.add_argument("--jar", action="append", default=[], help="a build to run (repeatable; default target/tlsecho.jar)")
    ap.add_argument("--opts", default="", help="JVM options added for every run (TLSECHO_JAVA_OPTS)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every second of every run")
    args = ap.parse_args()
    if args.connections is None:
        args.connections = 16 if args.mode == "session" else 50
    if args.size is None:
        args.size = 46 if args.mode == "session" else 1024
    if args.seconds < 15:
        ap.error("--seconds: at least 15 (5 s of warm-up and 10 steady)")
    subprocess.run([LAUNCHER, "--version"], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="tlsecho-warmup-")
    try:
        go = build_go(work)
        if not go:
            sys.exit("warmup.py: needs Go (Debian golang-go) for the load client")
        subprocess.run([LAUNCHER, "cert", "--out", os.path.join(work, "ec"), "--san", "127.0.0.1"],
                       check=True, stdout=subprocess.DEVNULL)
        cert, key = os.path.join(work, "ec.crt"), os.path.join(work, "ec.key")
        jars = []
        for i, jar in enumerate(args.jar or [JAR]):
            # Each build in a directory of its own: the launcher keeps the class-data archive beside the jar.
            os.makedirs(os.path.join(work, str(i)))
            copy = os.path.join(work, str(i), "tlsecho.jar")
            shutil.copy(jar, copy)
            jars.append((jar, copy))
        results = collections.defaultdict(list)
        print("load average %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
        for run in range(1, args.runs + 1):
            for name, copy in jars:
                rows = one_run(copy, args.opts, go, cert, key, args.seconds, args.connections, args.mode, args.size)
                fives, steady, c2 = windows(rows)
                results[name].append((fives, steady))
                print("%s run %d: 5-s windows %s µs per operation, steady %.1f (%s); C2 s %s" % (
                    os.path.basename(name), run, " / ".join("%.1f" % f for f in fives), steady,
                    " / ".join("%.2f×" % (f / steady) for f in fives), " / ".join("%.1f" % c for c in c2)))
                if args.verbose:
                    for second, (n, cpu) in enumerate(rows, 1):
                        print("  %3d s %6d/s  " % (second, n) + "  ".join("%s %.2f" % (g, cpu[g]) for g in GROUPS))
        print("load average %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
        for name, runs in results.items():
            ratios = list(zip(*[[f / steady for f in fives] for fives, steady in runs]))
            print("%s: medians of %d runs, each window ÷ its run's steady: %s; steady %.1f µs per operation" % (
                name, len(runs), " / ".join("%.2f×" % statistics.median(r) for r in ratios),
                statistics.median(s for _, s in runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
