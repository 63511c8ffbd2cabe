#!/usr/bin/env python3
"""HTTPS row of bench/compare.sh: h2load against tlsecho's HTTP face and a Go net/http HTTPS server.

Both serve a small JSON at / (tlsecho's is its full description, ~3 KB; Go's ~200 bytes) and the body back at
POST /echo. Workloads: HTTP/2 (50 connections x 10 streams) and HTTP/1.1 keep-alive (50 connections), to / and to
/echo with a 1 KiB body. Each server is started once and warmed with every workload (the JVM compiles the hot
paths meanwhile); then, ROUNDS times, each workload runs against each server in turn (the order alternating from
round to round). A row gives the medians of requests/s and of server CPU per request (user+system of the server
process during the run, from /proc, which a shared machine disturbs less than rates), the share of that CPU
spent by the JVM's JIT compiler threads, the CPU per request during the warm-up, and the load average.

    bench/compare.sh --https [--rounds 5] [--requests 30000] [--warmup 40000] [--ab JAR]

--ab JAR adds a third server, tlsecho from another build (A/B runs). Writes bench/results/https-latest.{md,json}
(or bench/results/tmp/https-TAG.* with --tag), which bench/compare.py's table shows as its HTTPS rows.
"""
import argparse
import datetime
import json
import os
import re
import socket
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from procfs import thread_ticks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
TICKS = os.sysconf("SC_CLK_TCK")
WORKLOADS = [{"name": "h2 /", "h1": False, "echo": False}, {"name": "h2 /echo 1 KiB", "h1": False, "echo": True},
             {"name": "http/1.1 /", "h1": True, "echo": False},
             {"name": "http/1.1 /echo 1 KiB", "h1": True, "echo": True}]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("https.py: a server exited before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("https.py: a server did not listen on %d" % port)


def cpu_ticks(pid):
    """CPU ticks (user+system) of the process's threads: (all, the JIT compiler threads')."""
    ticks = thread_ticks(pid)
    return sum(ticks.values()), sum(t for name, t in ticks.items() if "CompilerThre" in name)


def start(name, work, cert, key, go_binary, jar):
    port = free_port()
    if name == "go":
        argv = [go_binary, str(port), cert, key]
    else:
        argv = [os.path.join(ROOT, "tlsecho"), "server", "--host", "127.0.0.1", "--port", str(port),
                "--cert", cert, "--key", key, "-q", "--handshake-timeout", "60s"]
    # A frozen jar: no rebuild mid-run if the sources change.
    env = dict(os.environ, TLSECHO_JAR=jar) if jar else None
    proc = subprocess.Popen(argv, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wait_listening(port, proc)
    return proc, port


def h2load(port, workload, requests, body, strict=True):
    argv = ["h2load", "-n", str(requests)]
    argv += ["--h1", "-c", "50"] if workload["h1"] else ["-c", "50", "-m", "10"]
    if workload["echo"]:
        argv += ["-d", body]
    argv.append("https://127.0.0.1:%d%s" % (port, "/echo" if workload["echo"] else "/"))
    out = subprocess.run(argv, capture_output=True, text=True, timeout=900).stdout
    done = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", out)
    rate = re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s", out)
    if not done or not rate or strict and (done.group(2) != "0" or done.group(3) != "0"):
        raise SystemExit("https.py: h2load failed:\n" + out)
    return float(rate.group(1)), int(done.group(1))


def measured(proc, port, wl, requests, body, strict=True):
    before = cpu_ticks(proc.pid)
    rate, done = h2load(port, wl, requests, body, strict)
    after = cpu_ticks(proc.pid)
    cpu, jit = ((a - b) / TICKS for a, b in zip(after, before))
    return {"rps": rate, "cpu_us": cpu / done * 1e6, "jit_us": jit / done * 1e6, "load": os.getloadavg()[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="measured runs per server and workload, alternated (default 5)")
    ap.add_argument("--requests", type=int, default=30000, help="requests per measured run (default 30000)")
    ap.add_argument("--warmup", type=int, default=40000,
                    help="requests of each workload to each server before the rounds (default 40000)")
    ap.add_argument("--ab", metavar="JAR", help="also measure tlsecho from this jar (another build), as tlsecho-ab")
    ap.add_argument("--tag", help="write bench/results/tmp/https-TAG.* instead of bench/results/https-latest.*")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tlsecho-https-")
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    cert, key = os.path.join(work, "server.crt"), os.path.join(work, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    body = os.path.join(work, "body.bin")
    with open(body, "wb") as f:
        f.write(bytes(range(256)) * 4)
    go_binary = os.path.join(work, "go-https")
    subprocess.run(["go", "build", "-o", go_binary, os.path.join(ROOT, "bench", "https", "server.go")], check=True,
                   env=dict(os.environ, GO111MODULE="off", CGO_ENABLED="0"))
    jar = os.path.join(work, "tlsecho.jar")
    shutil.copy(os.path.join(ROOT, "target", "tlsecho.jar"), jar)
    jars = {"tlsecho": jar, "go": None}
    if args.ab:
        jars["tlsecho-ab"] = os.path.join(work, "ab", "tlsecho.jar")
        os.makedirs(os.path.dirname(jars["tlsecho-ab"]))
        shutil.copy(args.ab, jars["tlsecho-ab"])
    names = list(jars)
    servers = {}
    warm = {}
    runs = {}
    started = time.time()
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(), "rounds": args.rounds, "requests": args.requests, "warmup": args.warmup,
            "command": "bench/compare.sh --https " + " ".join(sys.argv[1:]),
            "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]}
    try:
        for name in names:
            servers[name] = start(name, work, cert, key, go_binary, jars[name])
        for wl in WORKLOADS:
            for name in names:
                proc, port = servers[name]
                # Warm-up: on a loaded machine a cold server may drop a slow handshake here.
                warm[(wl["name"], name)] = measured(proc, port, wl, args.warmup, body, strict=False)
                print("%5.0fs warm-up %-22s %-10s %9.0f req/s %7.1f us CPU/req" % (
                    time.time() - started, wl["name"], name, warm[(wl["name"], name)]["rps"],
                    warm[(wl["name"], name)]["cpu_us"]), file=sys.stderr)
        for rnd in range(args.rounds):
            order = names if rnd % 2 == 0 else names[::-1]
            for wl in WORKLOADS:
                for name in order:
                    proc, port = servers[name]
                    r = measured(proc, port, wl, args.requests, body)
                    runs.setdefault((wl["name"], name), []).append(r)
                    print("%5.0fs round %d %-22s %-10s %9.0f req/s %7.1f us CPU/req (JIT %5.1f)  load %.1f" % (
                        time.time() - started, rnd + 1, wl["name"], name, r["rps"], r["cpu_us"], r["jit_us"],
                        r["load"]), file=sys.stderr)
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    rows = []
    for wl in WORKLOADS:
        for name in names:
            rs = runs[(wl["name"], name)]
            rows.append({"workload": wl["name"], "server": name,
                         "rps": statistics.median(r["rps"] for r in rs),
                         "cpu_us_per_request": statistics.median(r["cpu_us"] for r in rs),
                         "jit_us_per_request": statistics.median(r["jit_us"] for r in rs),
                         "warmup_cpu_us_per_request": warm[(wl["name"], name)]["cpu_us"],
                         "rounds_cpu_us_per_request": [round(r["cpu_us"], 1) for r in rs],
                         "rounds_rps": [round(r["rps"]) for r in rs]})
    loads = [r["load"] for rs in runs.values() for r in rs]
    meta["load_min"], meta["load_max"] = min(loads), max(loads)
    table = markdown(rows, meta)
    out_dir, stem = (os.path.join(RESULTS, "tmp"), "https-" + args.tag) if args.tag else (RESULTS, "https-latest")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, stem + ".json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    with open(os.path.join(out_dir, stem + ".md"), "w") as f:
        f.write(table)
    print(table)


def markdown(rows, meta):
    """The HTTPS table: one row per workload and server, Go's figures beside tlsecho's."""
    by = {(r["workload"], r["server"]): r for r in rows}
    lines = ["HTTPS, h2load, run %s (%d cores, load average %.1f-%.1f during the runs), %s: medians of %d "
             "alternated runs of %d requests after %d warm-up requests of each workload to each long-running "
             "server; `%s`." % (meta["date"], meta["cores"], meta["load_min"], meta["load_max"], meta["java"],
                                meta["rounds"], meta["requests"], meta["warmup"], meta["command"].strip()), "",
             "| workload | server | req/s | × Go | server CPU µs/req | ÷ Go's | of which JIT | warm-up µs/req |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        go = by.get((r["workload"], "go"))
        lines.append("| %s | %s | %.0f | %s | %.1f | %s | %.1f | %.1f |" % (
            r["workload"], r["server"], r["rps"], "–" if r["server"] == "go" else "%.2f×" % (r["rps"] / go["rps"]),
            r["cpu_us_per_request"],
            "–" if r["server"] == "go" else "%.2f×" % (r["cpu_us_per_request"] / go["cpu_us_per_request"]),
            r["jit_us_per_request"], r["warmup_cpu_us_per_request"]))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
