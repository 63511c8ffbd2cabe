#!/usr/bin/env python3
"""Side-by-side benchmark: tlsecho, Go's crypto/tls and the seed's asyncio server, same client, same run.

Starts each server afresh for each workload on loopback and drives it with one `tlsecho bench` run
(warm-up, then the measured time). The server's CPU time is read from procfs at each of the bench's
one-second progress lines, so that its first seconds of load ("cold") are reported apart from its
steady state. The floors are measured in the same run: both plain-TCP echo servers (`tlsecho server
--plain` and the Go peer's `-plain`, driven by `bench --plain`) and the crypto from `openssl speed`.
Writes a Markdown table and a JSON file under bench/results/ (or bench/results/tmp/ with --tag), and
the charts drawn from the JSON by bench/plot.py (matplotlib). Run through bench/compare.sh.
"""
import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "tlsecho")
JAR = os.path.join(ROOT, "target", "tlsecho.jar")
SEED_SERVER = os.path.join(ROOT, "src", "test", "resources", "seed", "asyncio_echo_server.py")
GO_PEER = os.path.join(ROOT, "src", "test", "resources", "go", "echo.go")
RESULTS = os.path.join(ROOT, "bench", "results")
PLOT = os.path.join(ROOT, "bench", "plot.py")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
# Every server does the same key exchange in the session workloads: the seed's OpenSSL 3.0 and Go
# have no X25519MLKEM768, which tlsecho (BoringSSL) would otherwise choose, and which costs more.
SESSION_GROUPS = "X25519"
PROGRESS = re.compile(r"^\[\s*([\d.]+)s\]\s+(?:[a-z]+\s+)?([\d,]+) req/s")
SEED = "asyncio seed"
GO = "Go crypto/tls"
PLAIN_TLSECHO = "plain TCP: tlsecho --plain"
PLAIN_GO = "plain TCP: Go"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def seconds(text):
    m = re.fullmatch(r"([\d.]+)(ms|s|m)?", text)
    if not m:
        raise argparse.ArgumentTypeError("not a duration: %r (expected e.g. 500ms, 8s, 1m)" % text)
    return float(m.group(1)) * {"ms": 1e-3, "s": 1, "m": 60, None: 1}[m.group(2)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %s before listening" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen on %d within %ds" % (port, timeout))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def rss_bytes(pid):
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE


ALLOC_JFC = """<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
</configuration>
"""


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


class Server:
    """One server under test: how to start it, and whether it speaks TLS."""

    def __init__(self, name, argv_for, plain=False, env=None):
        self.name = name
        self.argv_for = argv_for
        self.plain = plain
        self.env = env
        self.jar = None  # tlsecho: another build than the one frozen for the run
        self.proc = None
        self.port = None
        self.recording = None  # tlsecho: a JFR file of its threads' allocation counters, when asked
        self.alloc_rows = []   # rows whose bytes allocated per request are read from it when the server stops

    def start(self, cert, key, record_alloc=False):
        self.port = free_port()
        env = dict(os.environ, **(self.env or {}))
        if self.jar:
            env["TLSECHO_JAR"] = self.jar
        if record_alloc and getattr(self, "launcher", None):
            work = tempfile.mkdtemp(prefix="tlsecho-alloc-")
            with open(os.path.join(work, "alloc.jfc"), "w") as f:
                f.write(ALLOC_JFC)
            self.recording = os.path.join(work, "server.jfr")
            env["TLSECHO_JAVA_OPTS"] = (env.get("TLSECHO_JAVA_OPTS", "") + " -XX:StartFlightRecording=filename=%s,"
                                        "settings=%s" % (self.recording, os.path.join(work, "alloc.jfc"))).strip()
        self.proc = subprocess.Popen(self.argv_for(self.port, cert, key), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True, env=env)
        wait_listening(self.port, self.proc)
        time.sleep(0.3)  # the listening probe's connection is gone; the server idles

    def stop(self, timeout=15):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        if self.recording:
            allocation_per_request(self.recording, self.alloc_rows)
            shutil.rmtree(os.path.dirname(self.recording), ignore_errors=True)
        self.recording, self.alloc_rows = None, []


def allocation_totals(recording):
    """From a JFR recording's per-thread counters (jdk.ThreadAllocationStatistics, sampled each second): a function
    giving the bytes the server's event loops had allocated by a wall time (seconds), or None without a recording."""
    try:
        out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", recording],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        events = json.loads(out)["recording"]["events"]
    except (OSError, ValueError, KeyError):
        return None
    series = {}
    for e in events:
        v = e["values"]
        name = (v.get("thread") or {}).get("javaName") or ""
        if "EventLoop" in name:
            when = datetime.datetime.fromisoformat(v["startTime"].replace("Z", "+00:00")).timestamp()
            series.setdefault(name, []).append((when, v["allocated"]))

    def total(at):
        return sum(max([a for w, a in points if w <= at], default=0) for points in series.values())
    return total


def allocation_per_request(recording, rows):
    """Bytes the server's event loops allocated per request in each row's steady window (a window's edges are within
    the counters' second)."""
    total = allocation_totals(recording)
    if total is None:
        return
    for row in rows:
        start, end = row.pop("_steady_wall")
        if row.get("steady_requests"):
            row["alloc_bytes_per_request"] = (total(end) - total(start)) / row["steady_requests"]


def tlsecho_server(name, extra, plain=False, jar=None, jvm=(), env=None, launcher=LAUNCHER):
    """tlsecho through its launcher (what a user runs: its JVM options and class-data archive), on the
    build frozen at the start of the run (TLSECHO_JAR) or on `jar`; `jvm` adds JVM options."""
    env = dict(env or {})
    if jvm:
        env["TLSECHO_JAVA_OPTS"] = " ".join(jvm)

    def argv(port, cert, key):
        # --plain takes no key pair: the server refuses TLS options beside it.
        keys = [] if "--plain" in extra else ["--cert", cert, "--key", key]
        return [launcher, "server", "--host", "127.0.0.1", "--port", str(port)] + keys + [
                "--max-connections", "20000", "-q"] + list(extra)
    server = Server(name, argv, plain, env)
    server.jar = jar
    server.launcher = launcher
    return server


def variant(spec):
    """NAME=TOKENS: -JOPT goes to the JVM, jar:PATH runs that build, env:K=V sets the environment, the rest
    are server options; launcher:PATH runs another launcher script."""
    name, _, rest = spec.partition("=")
    jar, jvm, env, extra, launcher = None, [], {}, [], LAUNCHER
    for token in shlex.split(rest):
        if token.startswith("-J"):
            jvm.append(token[2:])
        elif token.startswith("jar:"):
            jar = os.path.abspath(token[4:])
        elif token.startswith("launcher:"):
            launcher = os.path.abspath(token[9:])
        elif token.startswith("env:"):
            k, _, v = token[4:].partition("=")
            env[k] = v
        else:
            extra.append(token)
    return tlsecho_server("tlsecho [%s]" % name, extra, "--plain" in extra, jar, jvm, env, launcher)


def all_servers(go_binary, uvloop, variants):
    def seed(extra):
        return lambda port, cert, key: ["/usr/bin/python3", SEED_SERVER, "--host", "127.0.0.1", "--port", str(port),
                                        "--cert", cert, "--key", key] + extra

    def go(extra):
        return lambda port, cert, key: [go_binary, "server", "-addr", "127.0.0.1:%d" % port, "-cert", cert,
                                        "-key", key] + extra

    out = [tlsecho_server("tlsecho", []),
           tlsecho_server("tlsecho (jdk, nio)", ["--provider", "jdk", "--transport", "nio"])]
    out += [variant(v) for v in variants]
    if go_binary:
        out.append(Server(GO, go([])))
    out.append(Server(SEED, seed([])))
    if uvloop:
        out.append(Server("asyncio seed + uvloop", seed(["--uvloop"])))
    out.append(tlsecho_server(PLAIN_TLSECHO, ["--plain"], plain=True))
    if go_binary:
        out.append(Server(PLAIN_GO, go(["-plain"]), plain=True))
    return out


def bench_argv(java_bench, server, cafile, wl, warmup, duration):
    argv = java_bench + ["bench", "--host", "127.0.0.1", "--port", str(server.port), "--cafile", cafile,
                         "--mode", wl["mode"], "--connections", str(wl["connections"]), "--size", str(wl["size"]),
                         "--duration", "%gs" % duration, "--warmup", "%gs" % warmup]
    if server.plain:
        argv.append("--plain")
    if wl.get("resume"):
        argv.append("--resume")
    if not wl.get("verify", True):
        argv.append("--no-verify-hostname")
    if wl.get("groups"):
        argv += ["--groups", wl["groups"]]
    return argv


def measure(java_bench, server, wl, cafile, args):
    """One bench run against a server started for it: cold windows from the progress lines, then steady."""
    idle = wl["mode"] == "idle"
    warmup = 0 if idle else max(wl.get("warmup", args.warmup), args.cold * args.cold_windows)
    duration = wl.get("hold", args.duration) if idle else args.duration
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    out.close()
    if wl.get("loader") == "go":
        # Go's load client, which has nothing to warm up: the server's first seconds, measured at full load.
        argv = [wl["go_binary"], "load", "-addr", "127.0.0.1:%d" % server.port, "-ca", cafile,
                "-c", str(wl["connections"]), "-size", str(wl["size"]), "-warmup", "%gs" % warmup,
                "-duration", "%gs" % duration, "-json", out.name, "-mode", wl["mode"]]
    else:
        argv = bench_argv(java_bench, server, cafile, wl, warmup, duration) + ["--json", out.name]
    pid = server.proc.pid
    if idle and wl.get("warm_pass"):
        # The same connections once before, closed again: what is measured is what holding them costs a
        # server that has run (its handshake code compiled, its heap grown to its working size), not start-up.
        warm = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
        warm.close()
        subprocess.run(bench_argv(java_bench, server, cafile, wl, 0, 1) + ["--json", warm.name, "-q"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.unlink(warm.name)
        time.sleep(2)
    rss_before = rss_bytes(pid)
    peak = [rss_before]
    samples = []  # (wall time, RSS bytes)
    ticks = [(0.0, cpu_seconds(pid), 0)]  # (bench time s, server CPU s, requests in the second before)
    walls = [time.time()]  # wall time of each tick
    load_start = loadavg()
    stop = threading.Event()

    def sample_rss():
        while not stop.wait(0.25):
            try:
                rss = rss_bytes(pid)
            except OSError:
                return
            peak[0] = max(peak[0], rss)
            samples.append((time.time(), rss))

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, bufsize=1)
    tail = []
    profiler = None
    for line in proc.stderr:
        m = PROGRESS.match(line.strip())
        if m:
            ticks.append((float(m.group(1)), cpu_seconds(pid), int(m.group(2).replace(",", ""))))
            walls.append(time.time())
            t = float(m.group(1))
            if getattr(args, "profile", False) and not idle and profiler is None and t >= warmup - 0.5:
                profiler = Profiler(pid)
            elif profiler is not None and t >= warmup + duration - 0.5:
                profiler.stop()
        else:
            tail = (tail + [line.rstrip()])[-5:]
    proc.wait()
    stop.set()
    sampler.join()
    try:
        with open(out.name) as f:
            result = json.load(f)
    except (OSError, ValueError):
        raise RuntimeError("bench failed (exit %d): %s" % (proc.returncode, " / ".join(tail)))
    finally:
        os.unlink(out.name)

    row = {
        "server": server.name, "workload": wl["name"], "key": wl["key"],
        "requests": result.get("requests"), "rps": result.get("rps"), "mbps": result.get("mbps"),
        "p50_us": result.get("latency_us", {}).get("p50"), "p99_us": result.get("latency_us", {}).get("p99"),
        "errors": result.get("errors", 0) + (result.get("mismatches") or 0),
        "resumed": result.get("handshakes", {}).get("resumed"),
        "server_rss_mb": peak[0] / 1e6,
        "client_cpu_us_per_request": result.get("client_cpu_per_request_us"),
        "loadavg": [load_start, loadavg()],
    }
    if idle:
        row["rss_per_connection_kb"] = (peak[0] - rss_before) / 1e3 / max(result.get("established", 1) or 1, 1)
        row["server_cpu_us_per_request"] = (cpu_seconds(pid) - ticks[0][1]) * 1e6 / max(result.get("established", 1) or 1, 1)
        return row
    if profiler is not None:
        row["profile"] = profiler.breakdown()
    row["series"] = [[t, round(c - ticks[0][1], 3), n] for t, c, n in ticks[1:]]
    row["cold"] = [window(ticks, i * args.cold, (i + 1) * args.cold) for i in range(args.cold_windows)]
    steady = window(ticks, warmup, warmup + duration)
    row["server_cpu_us_per_request"] = steady["cpu_us_per_request"]
    row["steady_rps_from_ticks"] = steady["rps"]
    # RSS under load: the median of the samples taken in the steady window.
    wall = dict(zip((t for t, _, _ in ticks), walls))
    start, end = wall[steady["from_s"]], wall[steady["to_s"]]
    under = [rss for w, rss in samples if start <= w <= end]
    row["server_rss_under_load_mb"] = statistics.median(under) / 1e6 if under else None
    if server.recording:
        row["_steady_wall"] = (start, end)
        row["steady_requests"] = steady["requests"]
        server.alloc_rows.append(row)
    return row


class Profiler:
    """`perf record` of a server's CPU time (software clock, so no hardware counters needed), read back
    as shares per shared object: the kernel, the TLS library, the JVM, JIT-compiled Java, Go."""

    def __init__(self, pid):
        self.file = tempfile.NamedTemporaryFile(suffix=".perf", delete=False).name
        self.proc = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-p", str(pid),
                                      "-o", self.file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=30)

    def breakdown(self):
        self.stop()
        out = subprocess.run(["perf", "report", "-i", self.file, "--sort", "dso", "--stdio", "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        os.unlink(self.file)
        shares = {}
        for line in out.splitlines():
            m = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
            if m:
                name = PROFILE_GROUPS.get(m.group(2)) or next(
                    (v for k, v in PROFILE_GROUPS.items() if k.endswith("*") and m.group(2).startswith(k[:-1])),
                    m.group(2))
                shares[name] = round(shares.get(name, 0) + float(m.group(1)), 1)
        return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


PROFILE_GROUPS = {"[kernel.kallsyms]": "kernel", "[unknown]": "JIT-compiled Java", "[JIT]": "JIT-compiled Java", "libjvm.so": "JVM (GC, JIT compiler)",
                  "libnetty_tcnative*": "BoringSSL (TLS records, handshakes)", "libc.so.6": "libc",
                  "libnetty_transport_native_epoll*": "Netty epoll (JNI)", "libnetty_transport_native_io_uring*":
                  "Netty io_uring (JNI)", "goecho": "Go (runtime, crypto/tls)", "[vdso]": "kernel",
                  "python3.11": "Python", "libpython3.11.so.1.0": "Python", "libcrypto.so.3": "OpenSSL libcrypto",
                  "libssl.so.3": "OpenSSL libssl"}


def window(ticks, start, end):
    """Server CPU per request and requests/s between the progress lines at `start` and `end` seconds."""
    a = min(ticks, key=lambda t: abs(t[0] - start))
    b = min(ticks, key=lambda t: abs(t[0] - end))
    requests = sum(n for t, _, n in ticks if a[0] < t <= b[0])
    span = b[0] - a[0]
    return {"from_s": a[0], "to_s": b[0], "requests": requests, "rps": requests / span if span > 0 else None,
            "cpu_us_per_request": (b[1] - a[1]) * 1e6 / requests if requests else None}


def openssl_speed():
    """The crypto a server cannot avoid, per operation, from `openssl speed` on this machine."""
    def run(*argv):
        return subprocess.run(["openssl", "speed", "-seconds", "2"] + list(argv), stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout

    figures = {}
    for line in run("-evp", "aes-128-gcm").splitlines():
        if line.startswith("AES-128-GCM"):
            kb = [float(v.rstrip("k")) for v in line.split()[1:]]  # 16, 64, 256, 1024, 8192, 16384 bytes
            figures["aes128gcm_1k_MBps"] = round(kb[3] / 1e3, 1)
            figures["aes128gcm_16k_MBps"] = round(kb[5] / 1e3, 1)
    for name, alg, pattern in [("rsa2048_signs_per_s", "rsa2048", r"^rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)"),
                               ("ecdsa_p256_signs_per_s", "ecdsap256", r"256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)"),
                               ("x25519_ops_per_s", "ecdhx25519", r"ecdh \(X25519\)\s+\S+\s+([\d.]+)")]:
        for line in run(alg).splitlines():
            m = re.search(pattern, line.strip())
            if m:
                figures[name] = float(m.group(1))
    return figures


def crypto_floor_us(wl, speed):
    """The crypto per request no TLS server avoids: AES-GCM over the bytes both ways, or the session's
    signature and two X25519 operations (key share made and agreed)."""
    try:
        if wl["mode"] == "pingpong":
            rate = speed["aes128gcm_16k_MBps"] if wl["size"] >= 16384 else speed["aes128gcm_1k_MBps"]
            return 2 * wl["size"] / rate  # bytes / (MB/s) = µs; decrypted in, encrypted out
        if wl["mode"] == "session" and not wl.get("resume"):
            sign = speed["rsa2048_signs_per_s"] if wl.get("rsa") else speed["ecdsa_p256_signs_per_s"]
            return 1e6 / sign + 2e6 / speed["x25519_ops_per_s"]
        if wl["mode"] == "session":
            return 2e6 / speed["x25519_ops_per_s"]
    except (KeyError, ZeroDivisionError):
        pass
    return None


def alternate(java_bench, servers, workloads, plain_workloads, args, started):
    """A/B on a busy machine: per workload, every server started once and warmed up, then short
    measured runs against each in turn, round after round (ABAB...), so that each pair of figures is
    taken close in time. Cold figures are not taken."""
    runs = []
    ab_args = argparse.Namespace(duration=args.duration, warmup=args.ab_warmup, cold=args.ab_warmup, cold_windows=1)
    pairs = [(wl, [s for s in servers if not s.plain]) for wl in workloads]
    pairs += [(wl, [s for s in servers if s.plain]) for wl in plain_workloads]
    for wl, group in pairs:
        if wl["mode"] == "idle" or not group:
            continue
        try:
            for server in group:
                server.start(*wl["keys"], record_alloc=True)
                log("%5.0fs  warm-up  %-30s %s" % (time.time() - started, server.name, wl["name"]))
                measure(java_bench, server, dict(wl, warmup=0), wl["keys"][0],
                        argparse.Namespace(duration=wl.get("warmup", args.warmup), warmup=0, cold=1, cold_windows=1))
            for rnd in range(args.rounds):
                for server in group:
                    log("%5.0fs  round %d  %-30s %s" % (time.time() - started, rnd + 1, server.name, wl["name"]))
                    try:
                        row = measure(java_bench, server, dict(wl, warmup=args.ab_warmup), wl["keys"][0], ab_args)
                        row["round"] = rnd
                        row.pop("cold", None)
                        runs.append(row)
                    except (RuntimeError, OSError) as e:
                        log("        failed: %s" % e)
        finally:
            for server in group:
                server.stop()
    return runs


def ab_ratios(runs):
    """Per workload and round, each server's CPU per request ÷ the first server's: medians and ranges."""
    lines = []
    for wl in dict.fromkeys(r["workload"] for r in runs):
        rs = [r for r in runs if r["workload"] == wl and "round" in r]
        names = list(dict.fromkeys(r["server"] for r in rs))
        if len(names) < 2:
            continue
        base = {r["round"]: r["server_cpu_us_per_request"] for r in rs if r["server"] == names[0]}
        for name in names[1:]:
            ratios = sorted(r["server_cpu_us_per_request"] / base[r["round"]] for r in rs
                            if r["server"] == name and base.get(r["round"]) and r["server_cpu_us_per_request"])
            if ratios:
                lines.append("- %s: %s ÷ %s, server CPU per request: median %.3f (%d rounds, %.2f–%.2f)" % (
                    wl, name, names[0], statistics.median(ratios), len(ratios), ratios[0], ratios[-1]))
    return lines


def median_rows(runs):
    """Rounds of the same (server, workload) folded into one row: medians, and every round's CPU figure."""
    out = []
    keys = list(dict.fromkeys((r["server"], r["workload"]) for r in runs))
    for key in keys:
        rs = [r for r in runs if (r["server"], r["workload"]) == key]
        row = dict(rs[0])
        for field in ("rps", "mbps", "p50_us", "p99_us", "server_cpu_us_per_request", "server_rss_mb",
                      "server_rss_under_load_mb", "alloc_bytes_per_request", "rss_per_connection_kb",
                      "client_cpu_us_per_request"):
            vals = [r[field] for r in rs if r.get(field) is not None]
            row[field] = statistics.median(vals) if vals else None
        row["errors"] = sum(r["errors"] for r in rs)
        row["rounds_cpu_us_per_request"] = [r.get("server_cpu_us_per_request") for r in rs]
        if rs[0].get("cold"):
            row["cold"] = [{"cpu_us_per_request": med([r["cold"][i]["cpu_us_per_request"] for r in rs]),
                            "rps": med([r["cold"][i]["rps"] for r in rs])} for i in range(len(rs[0]["cold"]))]
        out.append(row)
    return out


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, f=None):
    if v is None:
        return "–"
    if f:
        return f % v
    if v >= 100:
        return "{:,.0f}".format(v)
    return "%.1f" % v


def ratio(a, b):
    return a / b if a is not None and b else None


def markdown(rows, speed, meta, workloads, runs=()):
    by = {(r["server"], r["key"]): r for r in rows}
    floors = {}
    for wl in workloads:
        plain_key = wl.get("plain_key", wl["key"])
        floors[wl["key"]] = (by.get((PLAIN_TLSECHO, plain_key)), by.get((PLAIN_GO, plain_key)),
                             crypto_floor_us(wl, speed))
    lines = ["Run %s on %s (%d cores, load average %s at the start, %s at the end), %s; each server started afresh for each "
             "workload; bench: %s measured after %s of load (sessions: %s; key exchange %s); \"cold\" is the "
             "server's first %s of load%s." % (
                 meta["date"], meta["host"], meta["cores"], meta["loadavg"], meta.get("loadavg_end", "–"), meta["java"],
                 meta["duration"],
                 meta["warmup"], meta["session_warmup"], SESSION_GROUPS, meta["cold"],
                 "" if meta["rounds"] == 1 else "; medians of %d rounds, alternated" % meta["rounds"]), "",
             "| workload | server | req/s | × seed | × Go | p50 µs | p99 µs | server CPU µs/req | ÷ Go's | seed's ÷ this "
             "| cold µs/req (first %s, next) | cold ÷ steady | floor µs/req: plain TCP tlsecho / Go, + crypto | RSS MB | RSS MB under load "
             "| bytes allocated /req | errors |" % meta["cold"],
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        seed, go = by.get((SEED, r["key"])), by.get((GO, r["key"]))
        cpu = r["server_cpu_us_per_request"]
        cold = r.get("cold") or []
        cold_txt = ", ".join(fmt(c["cpu_us_per_request"]) for c in cold) if cold else "–"
        cold_ratio = ratio(cold[0]["cpu_us_per_request"], cpu) if cold else None
        pt, pg, crypto = floors.get(r["key"], (None, None, None))
        floor = "%s / %s%s" % (fmt(pt and pt["server_cpu_us_per_request"]), fmt(pg and pg["server_cpu_us_per_request"]),
                                "" if crypto is None else ", + %s" % fmt(crypto))
        extra = " (%.1f KB/conn)" % r["rss_per_connection_kb"] if r.get("rss_per_connection_kb") is not None else ""
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%s | %s | %s | %s |" % (
            r["workload"], r["server"], fmt(r["rps"]), fmt(ratio(r["rps"], seed and seed["rps"]), "%.1f×"),
            fmt(ratio(r["rps"], go and go["rps"]), "%.2f×"), fmt(r["p50_us"]), fmt(r["p99_us"]), fmt(cpu),
            fmt(ratio(cpu, go and go["server_cpu_us_per_request"]), "%.2f×"),
            fmt(ratio(seed and seed["server_cpu_us_per_request"], cpu), "%.1f×"),
            cold_txt, fmt(cold_ratio, "%.2f×"), floor, fmt(r["server_rss_mb"]), extra,
            fmt(r.get("server_rss_under_load_mb")), fmt(r.get("alloc_bytes_per_request"), "%.0f"), r["errors"]))
    ratios = ab_ratios(runs)
    if ratios:
        lines += ["", "Paired A/B ratios (each round's figure ÷ the first server's in the same round):", ""] + ratios
    if meta["rounds"] > 1:
        lines += ["", "Server CPU µs/req in each round (alternated):", ""]
        for r in rows:
            lines.append("- %s, %s: %s" % (r["workload"], r["server"],
                                          ", ".join(fmt(v) for v in r["rounds_cpu_us_per_request"])))
    profiled = [r for r in rows if r.get("profile")]
    if profiled:
        lines += ["", "Where each server's CPU time goes in the steady window (`perf record -e cpu-clock`, shares "
                  "by shared object):", ""]
        for r in profiled:
            lines.append("- %s, %s: %s" % (r["workload"], r["server"], ", ".join(
                "%s %.0f%%" % (k, v) for k, v in r["profile"].items() if v >= 1)))
    lines += https_rows()
    lines += ["", "`openssl speed` on this machine: " + ", ".join("%s %s" % (k, v) for k, v in speed.items())]
    return "\n".join(lines) + "\n"


def https_rows():
    """The HTTPS rows (h2load, tlsecho and Go net/http) of the last `bench/compare.sh --https`, when it has run."""
    path = os.path.join(RESULTS, "https-latest.md")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return ["", "HTTPS rows, from the last `bench/compare.sh --https` (`bench/results/https-latest.md`):", ""] \
            + f.read().rstrip("\n").split("\n")


def charts(results, out_dir, stem):
    """Draws STEM-front.svg and STEM-all.svg with bench/plot.py (matplotlib: this Python's, else Debian's)."""
    for python in dict.fromkeys([sys.executable, "/usr/bin/python3"]):
        done = subprocess.run([python, PLOT, results, "--out", out_dir, "--stem", stem],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode == 0:
            return
    log("charts not drawn: install python3-matplotlib, then run bench/plot.py %s" % results)


def build_go(work):
    go = shutil.which("go")
    if not go:
        return None
    binary = os.path.join(work, "goecho")
    env = dict(os.environ, GO111MODULE="off")
    subprocess.run([go, "build", "-o", binary, GO_PEER], check=True, env=env, cwd=work)
    return binary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=seconds, default=8, help="measured time per workload (default 8s)")
    ap.add_argument("--warmup", type=seconds, default=10,
                    help="load before measuring, cold windows included; the JVM needs it to compile (default 10s)")
    ap.add_argument("--session-warmup", type=seconds, default=20, help="the same for session workloads (default 20s)")
    ap.add_argument("--cold", type=seconds, default=5, help="length of each cold window (default 5s)")
    ap.add_argument("--cold-windows", type=int, default=2, help="cold windows reported (default 2: 0-5 s, 5-10 s)")
    ap.add_argument("--idle-connections", type=int, default=10000)
    ap.add_argument("--servers", "--only", dest="servers",
                    help="comma-separated server names to run: a whole name selects that server, other text every name "
                         "holding it ('plain' for both floors)")
    ap.add_argument("--workloads", help="comma-separated: 1k,1k-go (1 KiB from Go's load client),64k,ec,ec-go (EC "
                         "sessions from Go's load client),ec-resumed,rsa,idle (default all)")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=OPTIONS",
                    help="an extra tlsecho server 'tlsecho [NAME]': server options, -JOPT for the JVM, jar:PATH for "
                         "another build, env:K=V; repeatable (A/B runs)")
    ap.add_argument("--rounds", type=int, default=1, help="repeat everything, alternating servers; medians (default 1)")
    ap.add_argument("--quick", action="store_true",
                    help="A/B mode: 4s measured, 6s warm-up (sessions 10s), 2,000 idle, results to bench/results/tmp/")
    ap.add_argument("--ab", action="store_true",
                    help="A/B: servers stay up per workload and are measured in turn, --rounds times; "
                         "paired ratios to the first server (no cold figures, no idle)")
    ap.add_argument("--ab-warmup", type=seconds, default=2, help="--ab: load before each measured run (default 2s)")
    ap.add_argument("--tag", help="write bench/results/tmp/TAG.{md,json}, TAG-*.svg instead of latest*")
    ap.add_argument("--profile", action="store_true",
                    help="perf record each server's steady window; CPU shares per shared object in the JSON and table")
    ap.add_argument("--no-speed", action="store_true", help="skip openssl speed")
    args = ap.parse_args()
    if args.quick:
        args.duration, args.warmup, args.session_warmup, args.idle_connections = 4, 6, 10, 2000
        args.cold_windows = 1
        args.tag = args.tag or "quick"
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else shutil.which("java")
    uvloop = subprocess.run(["/usr/bin/python3", "-c", "import uvloop"], stderr=subprocess.DEVNULL).returncode == 0

    work = tempfile.mkdtemp(prefix="tlsecho-compare-")
    # The bench client: a copy of today's build, so that a rebuild during the run changes no client.
    frozen = os.path.join(work, "build", "tlsecho.jar")
    os.makedirs(os.path.dirname(frozen))
    shutil.copy(JAR, frozen)
    os.environ["TLSECHO_JAR"] = frozen
    java_bench = [LAUNCHER]
    rsa_crt, rsa_key = os.path.join(work, "pymotw.crt"), os.path.join(work, "pymotw.key")
    subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", rsa_key, "-x509", "-days", "365",
                    "-out", rsa_crt, "-subj", "/CN=pymotw.com"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run(java_bench + ["cert", "--out", os.path.join(work, "ec"), "--san", "127.0.0.1"], check=True,
                   stdout=subprocess.DEVNULL)
    ec = (os.path.join(work, "ec.crt"), os.path.join(work, "ec.key"))
    rsa = (rsa_crt, rsa_key)

    sw = args.session_warmup
    workloads = [
        dict(key="1k", name="1 KiB ping-pong ×50", mode="pingpong", connections=50, size=1024, keys=ec),
        dict(key="1k-go", name="1 KiB ping-pong ×50, Go load client", mode="pingpong", connections=50, size=1024,
             keys=ec, plain_key="1k", loader="go"),
        dict(key="64k", name="64 KiB ping-pong ×8", mode="pingpong", connections=8, size=65536, keys=ec),
        dict(key="ec", name="sessions ×16, EC P-256", mode="session", connections=16, size=46, groups=SESSION_GROUPS,
             warmup=sw, keys=ec, plain_key="sessions"),
        dict(key="ec-go", name="sessions ×16, EC P-256, Go load client", mode="session", connections=16, size=46,
             groups=SESSION_GROUPS, warmup=sw, keys=ec, plain_key="sessions", loader="go"),
        dict(key="ec-resumed", name="sessions ×16, EC, resumed", mode="session", connections=16, size=46, resume=True,
             groups=SESSION_GROUPS, warmup=sw, keys=ec, plain_key="sessions"),
        dict(key="rsa", name="sessions ×16, RSA-2048 (seed cert)", mode="session", connections=16, size=46,
             verify=False, rsa=True, groups=SESSION_GROUPS, warmup=sw, keys=rsa, plain_key="sessions"),
        dict(key="idle", name="%d idle" % args.idle_connections, mode="idle", connections=args.idle_connections,
             size=46, hold=5, keys=ec, warm_pass=True),
    ]
    plain_workloads = [dict(workloads[0]), dict(workloads[1]),
                       dict(key="sessions", name="sessions ×16 (no TLS)", mode="session", connections=16, size=46,
                            warmup=sw, keys=ec),
                       dict(next(w for w in workloads if w["key"] == "idle"))]
    if args.workloads:
        wanted = args.workloads.split(",")
        unknown = set(wanted) - {w["key"] for w in workloads}
        if unknown:
            ap.error("unknown workload(s): %s" % ", ".join(sorted(unknown)))
        workloads = [w for w in workloads if w["key"] in wanted]
        plain_keys = {w.get("plain_key", w["key"]) for w in workloads}
        plain_workloads = [w for w in plain_workloads if w["key"] in plain_keys]

    go_binary = None
    if (not args.servers or any(s in n for s in args.servers.split(",") for n in (GO, PLAIN_GO))
            or any(w.get("loader") == "go" for w in workloads)):
        go_binary = build_go(work)
        if not go_binary:
            log("compare: go not found (Debian package golang-go): the Go rows and Go-loaded workloads are left out")
            workloads = [w for w in workloads if w.get("loader") != "go"]
    for w in workloads:
        if w.get("loader") == "go":
            w["go_binary"] = go_binary  # the Go peer built for the run is the load client too
    candidates = all_servers(go_binary, uvloop, args.variant)
    names = {s.name for s in candidates}
    # A name given whole selects that server alone ("tlsecho", not its variants); any other text, every name holding it.
    servers = [s for s in candidates
               if not args.servers or any(x == s.name if x in names else x in s.name for x in args.servers.split(","))]

    # The launcher writes its class-data archive (Java 25: its ahead-of-time cache, with profiles) when
    # a server of a build and JVM first stops: one short training run for each, so that no server of
    # the run starts without one.
    primed = set()
    for server in servers:
        launcher = getattr(server, "launcher", None)
        key = (server.jar, launcher, tuple(sorted((server.env or {}).items())))
        if launcher is None or key in primed:
            continue
        primed.add(key)
        prime = tlsecho_server("prime", [], jar=server.jar, env=server.env, launcher=launcher)
        log("priming %s" % server.name)
        try:
            prime.start(*ec)
            for wl in (dict(key="prime", name="prime", mode="pingpong", connections=8, size=1024),
                       dict(key="prime", name="prime", mode="session", connections=4, size=46, groups=SESSION_GROUPS)):
                measure(java_bench, prime, dict(wl, keys=ec, warmup=0), ec[0],
                        argparse.Namespace(duration=3, warmup=0, cold=1, cold_windows=1))
        except (RuntimeError, OSError) as e:
            log("        priming failed: %s" % e)
        finally:
            prime.stop(timeout=120)

    runs = []
    started = time.time()
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "host": socket.gethostname(), "cores": os.cpu_count(),
            "loadavg": open("/proc/loadavg").read().split()[0],
            "java": subprocess.run([java, "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()[0],
            "duration": "%gs" % args.duration, "warmup": "%gs" % args.warmup,
            "session_warmup": "%gs" % args.session_warmup, "cold": "%gs" % args.cold, "rounds": args.rounds,
            "go": subprocess.run(["go", "version"], stdout=subprocess.PIPE, text=True).stdout.strip()
            if go_binary else None}
    try:
        if args.ab:
            runs = alternate(java_bench, servers, workloads, plain_workloads, args, started)
        else:
            for rnd in range(args.rounds):
                for server in servers:
                    for wl in (plain_workloads if server.plain else workloads):
                        log("%5.0fs  round %d  %-30s %s" % (time.time() - started, rnd + 1, server.name, wl["name"]))
                        try:
                            server.start(*wl["keys"], record_alloc=True)
                            runs.append(measure(java_bench, server, wl, wl["keys"][0], args))
                        except (RuntimeError, OSError) as e:
                            log("        failed: %s" % e)
                        finally:
                            server.stop()
    except KeyboardInterrupt:
        log("interrupted: writing what was measured")

    meta["loadavg_end"] = loadavg().split()[0]
    rows = median_rows(runs)
    speed = {} if args.no_speed else openssl_speed()
    doc = {"meta": meta, "openssl_speed": speed, "rows": rows, "runs": runs}
    all_workloads = workloads + plain_workloads
    table = markdown(rows, speed, meta, all_workloads, runs)
    if args.tag:
        out_dir, stem = os.path.join(RESULTS, "tmp"), args.tag
    else:
        out_dir, stem = RESULTS, "latest"
        with open(os.path.join(RESULTS, "compare-%s.json" % datetime.datetime.now().strftime("%Y%m%d-%H%M%S")),
                  "w") as f:
            json.dump(doc, f, indent=1)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, stem + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
    with open(os.path.join(out_dir, stem + ".md"), "w") as f:
        f.write(table)
    charts(os.path.join(out_dir, stem + ".json"), out_dir, stem)
    shutil.rmtree(work, ignore_errors=True)
    print(table)
    log("took %.0f s; results in %s" % (time.time() - started, os.path.join(out_dir, stem) + ".*"))


if __name__ == "__main__":
    main()
