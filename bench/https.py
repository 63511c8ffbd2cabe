#!/usr/bin/env python3
"""HTTPS row of bench/compare.sh: h2load against tlsecho's HTTP face and a Go net/http HTTPS server.

Both serve a small JSON at / and the body back at POST /echo. For each workload -- HTTP/2 (50 connections x
10 streams) and HTTP/1.1 keep-alive (50 connections), to / and to /echo with a 1 KiB body -- the two servers are
run alternately, ROUNDS times each; the row gives the medians of requests/s and of server CPU per request
(user+system of the server process during the run), and the load average, since the machine may be shared.

    bench/compare.sh --https [--rounds 3] [--requests 20000]
"""
import argparse
import os
import re
import socket
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKS = os.sysconf("SC_CLK_TCK")


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


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start(name, work, cert, key, go_binary):
    port = free_port()
    if name == "tlsecho":
        argv = [os.path.join(ROOT, "tlsecho"), "server", "--host", "127.0.0.1", "--port", str(port),
                "--cert", cert, "--key", key, "-q", "--handshake-timeout", "60s"]
    else:
        argv = [go_binary, str(port), cert, key]
    # The jar built by compare.sh, frozen: no rebuild mid-run if the sources change.
    env = dict(os.environ, TLSECHO_JAR=os.path.join(ROOT, "target", "tlsecho.jar"))
    proc = subprocess.Popen(argv, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wait_listening(port, proc)
    return proc, port


def h2load(port, workload, requests, body, strict=True):
    argv = ["h2load", "-n", str(requests)]
    argv += ["--h1", "-c", "50"] if workload["h1"] else ["-c", "50", "-m", "10"]
    if workload["echo"]:
        argv += ["-d", body]
    argv.append("https://127.0.0.1:%d%s" % (port, "/echo" if workload["echo"] else "/"))
    out = subprocess.run(argv, capture_output=True, text=True, timeout=600).stdout
    done = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", out)
    rate = re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s", out)
    if not done or not rate or strict and (done.group(2) != "0" or done.group(3) != "0"):
        raise SystemExit("https.py: h2load failed:\n" + out)
    return float(rate.group(1)), int(done.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="runs per server and workload, alternated (default 3)")
    ap.add_argument("--requests", type=int, default=20000, help="requests per run (default 20000)")
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
    workloads = [{"name": "h2 /", "h1": False, "echo": False}, {"name": "h2 /echo 1 KiB", "h1": False, "echo": True},
                 {"name": "http/1.1 /", "h1": True, "echo": False},
                 {"name": "http/1.1 /echo 1 KiB", "h1": True, "echo": True}]
    results = {}
    load = []
    for wl in workloads:
        for _ in range(args.rounds):
            for name in ("tlsecho", "go"):
                proc, port = start(name, work, cert, key, go_binary)
                try:
                    # Warm-up (JIT, sessions): on a loaded machine a cold server may drop a slow handshake here.
                    h2load(port, wl, min(args.requests, 2000), body, strict=False)
                    before = cpu_seconds(proc.pid)
                    rate, done = h2load(port, wl, args.requests, body)
                    cpu = cpu_seconds(proc.pid) - before
                    load.append(os.getloadavg()[0])
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
                results.setdefault((wl["name"], name), []).append((rate, cpu / done * 1e6))
                print("%-22s %-8s %9.0f req/s %7.1f us CPU/req" % (wl["name"], name, rate, cpu / done * 1e6),
                      file=sys.stderr)
    print("| workload | tlsecho req/s | Go req/s | tlsecho CPU/req | Go CPU/req |")
    print("|---|---|---|---|---|")
    for wl in workloads:
        t = results[(wl["name"], "tlsecho")]
        g = results[(wl["name"], "go")]
        print("| %s | %.0f | %.0f | %.1f us | %.1f us |" % (
            wl["name"], statistics.median(r for r, _ in t), statistics.median(r for r, _ in g),
            statistics.median(c for _, c in t), statistics.median(c for _, c in g)))
    print("\nmedians of %d alternated runs of %d requests each; load average during runs %.1f-%.1f on %d cores"
          % (args.rounds, args.requests, min(load), max(load), os.cpu_count()))


if __name__ == "__main__":
    main()
