#!/usr/bin/env python3
"""Side-by-side benchmark: tlsecho and the seed's asyncio server, same client, same run.

Starts each server in turn on loopback, drives it with `tlsecho bench` for each workload,
reads the server's CPU time and RSS from procfs, and writes a Markdown table, a JSON file and
an SVG chart under bench/results/. Run through bench/compare.sh.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "tlsecho.jar")
SEED_SERVER = os.path.join(ROOT, "src", "test", "resources", "seed", "asyncio_echo_server.py")
RESULTS = os.path.join(ROOT, "bench", "results")
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Every server does the same key exchange in the session workloads: the seed's OpenSSL 3.0 has no
# X25519MLKEM768, which tlsecho (BoringSSL) would otherwise choose, and which costs more.
SESSION_GROUPS = "X25519"
# Handshake code is the last the JIT compiler gets to, in the server and in the bench client.
SESSION_WARMUP = "20s"
PAGE = os.sysconf("SC_PAGE_SIZE")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %s before listening" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not listen on %d within %ds" % (port, timeout))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def rss_bytes(pid):
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE


class Server:
    """One server process under test."""

    def __init__(self, name, argv_for):
        self.name = name
        self.argv_for = argv_for
        self.proc = None
        self.port = None

    def start(self, cert, key):
        self.port = free_port()
        argv = self.argv_for(self.port, cert, key)
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_listening(self.port, self.proc)
        time.sleep(0.5)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


def servers(java, uvloop):
    def tlsecho(extra):
        return lambda port, cert, key: [java, "-jar", JAR, "server", "--host", "127.0.0.1", "--port", str(port),
                                        "--cert", cert, "--key", key, "--max-connections", "20000"] + extra

    def seed(extra, python):
        return lambda port, cert, key: [python, SEED_SERVER, "--host", "127.0.0.1", "--port", str(port),
                                        "--cert", cert, "--key", key] + extra

    out = [Server("tlsecho (openssl, epoll)", tlsecho([])),
           Server("tlsecho (jdk, nio)", tlsecho(["--provider", "jdk", "--transport", "nio"])),
           Server("asyncio seed", seed([], "/usr/bin/python3"))]
    if uvloop:
        out.append(Server("asyncio seed + uvloop", seed(["--uvloop"], "/usr/bin/python3")))
    return out


def run_bench(java, port, cafile, mode, conns, size, duration, warmup, resume=False, verify=True, groups=None):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    out.close()
    argv = [java, "-jar", JAR, "bench", "--host", "127.0.0.1", "--port", str(port), "--cafile", cafile,
            "--mode", mode, "--connections", str(conns), "--size", str(size), "--duration", duration,
            "--warmup", warmup, "--json", out.name, "-q"]
    if resume:
        argv.append("--resume")
    if not verify:
        argv.append("--no-verify-hostname")
    if groups:
        argv += ["--groups", groups]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(out.name) as f:
            result = json.load(f)
    except (OSError, ValueError):
        raise RuntimeError("bench failed (exit %d): %s" % (proc.returncode, proc.stderr.strip()[-500:]))
    finally:
        os.unlink(out.name)
    result["exit_code"] = proc.returncode
    return result


def measure(java, server, workload, cafile, duration, warmup):
    mode, conns, size, resume, verify = (workload[k] for k in ("mode", "connections", "size", "resume", "verify"))
    groups = workload.get("groups")
    warmup = workload.get("warmup", warmup)
    if warmup != "0s" and mode != "idle":
        run_bench(java, server.port, cafile, mode, conns, size, warmup, "0s", resume, verify, groups)
    pid = server.proc.pid
    rss_before = rss_bytes(pid)
    peak = [rss_before]
    stop = threading.Event()

    def sample():
        while not stop.wait(0.25):
            try:
                peak[0] = max(peak[0], rss_bytes(pid))
            except OSError:
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu0 = cpu_seconds(pid)
    result = run_bench(java, server.port, cafile, mode, conns, size,
                       workload.get("hold", duration) if mode == "idle" else duration, "0s", resume, verify, groups)
    cpu1 = cpu_seconds(pid)
    stop.set()
    sampler.join()
    requests = max(result.get("requests", 0), 1)
    row = {
        "server": server.name,
        "workload": workload["name"],
        "requests": result.get("requests"),
        "rps": result.get("rps"),
        "mbps": result.get("mbps"),
        "p50_us": result.get("latency_us", {}).get("p50"),
        "p99_us": result.get("latency_us", {}).get("p99"),
        "errors": result.get("errors", 0),
        "mismatches": result.get("mismatches", 0),
        "resumed": result.get("handshakes", {}).get("resumed"),
        "server_cpu_s": cpu1 - cpu0,
        "server_cpu_us_per_request": (cpu1 - cpu0) * 1e6 / requests,
        "server_rss_mb": peak[0] / 1e6,
        "client_cpu_us_per_request": result.get("client_cpu_per_request_us"),
    }
    if mode == "idle":
        row["rss_per_connection_kb"] = (peak[0] - rss_before) / 1e3 / max(result.get("established", conns), 1)
    return row


def openssl_speed():
    figures = {}
    for name, argv, pattern, unit in [
        ("AES-128-GCM 16 KiB blocks (MB/s)", ["openssl", "speed", "-seconds", "2", "-evp", "aes-128-gcm"],
         r"^AES-128-GCM\s+.*\s([\d.]+)k\s*$", 1e-3),
        ("RSA-2048 signs/s", ["openssl", "speed", "-seconds", "2", "rsa2048"], r"^rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)", 1),
        ("ECDSA P-256 signs/s", ["openssl", "speed", "-seconds", "2", "ecdsap256"],
         r"256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)", 1),
    ]:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        m = None
        for line in out.splitlines():
            m = re.search(pattern, line.strip()) or m
        figures[name] = round(float(m.group(1)) * unit, 1) if m else None
    return figures


def markdown(rows, speed, meta):
    base = {(r["workload"]): r for r in rows if r["server"] == "asyncio seed"}
    lines = ["Run %s on %s (%d cores), %s; bench: %s measured after %s warm-up (sessions: %s, key exchange %s)." % (
        meta["date"], meta["host"], meta["cores"], meta["java"], meta["duration"], meta["warmup"], SESSION_WARMUP,
        SESSION_GROUPS), "",
        "| workload | server | req/s | × seed | MB/s | p50 µs | p99 µs | server CPU µs/req | seed CPU ÷ this | RSS MB | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        b = base.get(r["workload"])
        ratio = r["rps"] / b["rps"] if b and b.get("rps") else None
        cpu_ratio = (b["server_cpu_us_per_request"] / r["server_cpu_us_per_request"]
                     if b and r["server_cpu_us_per_request"] else None)
        extra = ""
        if "rss_per_connection_kb" in r:
            extra = " (%.1f KB/conn)" % r["rss_per_connection_kb"]
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%s | %s |" % (
            r["workload"], r["server"], fmt(r["rps"]), fmt(ratio, "%.1f×"), fmt(r["mbps"]), fmt(r["p50_us"]),
            fmt(r["p99_us"]), fmt(r["server_cpu_us_per_request"]), fmt(cpu_ratio, "%.1f×"), fmt(r["server_rss_mb"]),
            extra, r["errors"] + (r["mismatches"] or 0)))
    lines += ["", "`openssl speed` on this machine (the ceiling): " + ", ".join(
        "%s %s" % (k, v) for k, v in speed.items())]
    return "\n".join(lines) + "\n"


def fmt(v, f=None):
    if v is None:
        return "–"
    if f:
        return f % v
    if v >= 100:
        return "{:,.0f}".format(v)
    return "%.1f" % v


def svg(rows):
    """Two panels, per workload and server, relative to the asyncio seed on a log scale:
    requests/s, and server CPU efficiency (the seed's CPU time per request divided by this one's)."""
    panels = [("Requests/s relative to the asyncio seed server", lambda r, b: r["rps"] / b["rps"]),
              ("Server CPU efficiency: seed's CPU per request ÷ this server's",
               lambda r, b: b["server_cpu_us_per_request"] / r["server_cpu_us_per_request"])]
    height = 330
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="900" height="%d" font-family="sans-serif" font-size="11">'
           % (height * len(panels) + 40), '<rect width="100%" height="100%" fill="white"/>']
    for i, (title, ratio) in enumerate(panels):
        out += panel(rows, title, ratio, i * height)
    names = list(dict.fromkeys(r["server"] for r in rows))
    for j, name in enumerate(names):
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            60 + j * 210, height * len(panels) + 10, COLORS[j % len(COLORS)], 76 + j * 210, height * len(panels) + 20, name))
    out.append("</svg>")
    return "\n".join(out) + "\n"


COLORS = ["#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c", "#9467bd"]


def panel(rows, title, ratio_of, top0):
    import math
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    names = list(dict.fromkeys(r["server"] for r in rows))
    base = {r["workload"]: r for r in rows if r["server"] == "asyncio seed"}
    w, h, left, top, bottom = 900, 330, 60, top0 + 40, 50
    group = (w - left - 20) / max(len(workloads), 1)
    bar = group * 0.8 / max(len(names), 1)
    lo, hi = -1, 3  # 0.1x .. 1000x

    def y(ratio):
        v = min(max(math.log10(max(ratio, 1e-3)), lo), hi)
        return top + (hi - v) / (hi - lo) * (top0 + h - top - bottom)
    out = ['<text x="%d" y="%d" font-size="14">%s (log scale; same client, same run)</text>' % (left, top0 + 22, title)]
    for e in range(lo, hi + 1):
        yy = y(10 ** e)
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, w - 20, yy, yy))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%g×</text>' % (left - 5, yy + 4, 10 ** e))
    for i, wl in enumerate(workloads):
        x0 = left + i * group + group * 0.1
        for j, name in enumerate(names):
            r = next((r for r in rows if r["workload"] == wl and r["server"] == name), None)
            b = base.get(wl)
            try:
                ratio = ratio_of(r, b)
            except (TypeError, ZeroDivisionError, KeyError):
                continue
            yy, y1 = y(ratio), y(1)
            out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %.2f×</title></rect>' % (
                x0 + j * bar, min(yy, y1), bar - 2, max(abs(y1 - yy), 1), COLORS[j % len(COLORS)], name, ratio))
        for k, part in enumerate(wl.split(", ")):
            out.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (
                x0 + group * 0.4, top0 + h - bottom + 15 + 13 * k, part))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--duration", default="8s", help="measured time per workload (default 8s)")
    ap.add_argument("--warmup", default="8s", help="warm-up per workload, discarded; the JVM needs it to compile (default 8s)")
    ap.add_argument("--idle-connections", type=int, default=10000)
    ap.add_argument("--only", help="comma-separated server names to run (substring match)")
    args = ap.parse_args()
    java = shutil.which("java") if not os.environ.get("JAVA_HOME") else os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    uvloop = subprocess.run(["/usr/bin/python3", "-c", "import uvloop"], stderr=subprocess.DEVNULL).returncode == 0

    work = tempfile.mkdtemp(prefix="tlsecho-compare-")
    rsa_crt, rsa_key = os.path.join(work, "pymotw.crt"), os.path.join(work, "pymotw.key")
    subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", rsa_key, "-x509", "-days", "365",
                    "-out", rsa_crt, "-subj", "/CN=pymotw.com"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run([java, "-jar", JAR, "cert", "--out", os.path.join(work, "ec"), "--san", "127.0.0.1"], check=True,
                   stdout=subprocess.DEVNULL)
    ec_crt, ec_key = os.path.join(work, "ec.crt"), os.path.join(work, "ec.key")

    ec_workloads = [
        dict(name="1 KiB ping-pong ×50", mode="pingpong", connections=50, size=1024, resume=False, verify=True),
        dict(name="64 KiB ping-pong ×8", mode="pingpong", connections=8, size=65536, resume=False, verify=True),
        dict(name="sessions ×16, EC P-256", mode="session", connections=16, size=46, resume=False, verify=True,
             groups=SESSION_GROUPS, warmup=SESSION_WARMUP),
        dict(name="sessions ×16, EC, resumed", mode="session", connections=16, size=46, resume=True, verify=True,
             groups=SESSION_GROUPS, warmup=SESSION_WARMUP),
        dict(name="%d idle" % args.idle_connections, mode="idle", connections=args.idle_connections, size=46,
             resume=False, verify=True, hold="5s"),
    ]
    rsa_workloads = [dict(name="sessions ×16, RSA-2048 (seed cert)", mode="session", connections=16, size=46,
                          resume=False, verify=False, groups=SESSION_GROUPS, warmup=SESSION_WARMUP)]

    rows = []
    started = time.time()
    for server in servers(java, uvloop):
        if args.only and not any(s in server.name for s in args.only.split(",")):
            continue
        for cert, key, workloads in [(ec_crt, ec_key, ec_workloads), (rsa_crt, rsa_key, rsa_workloads)]:
            try:
                server.start(cert, key)
                for wl in workloads:
                    log("%5.0fs  %-26s %s" % (time.time() - started, server.name, wl["name"]))
                    try:
                        rows.append(measure(java, server, wl, cert, args.duration, args.warmup))
                    except RuntimeError as e:
                        log("        failed: %s" % e)
            finally:
                server.stop()

    speed = openssl_speed()
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "host": socket.gethostname(),
            "cores": os.cpu_count(), "java": subprocess.run([java, "-version"], stderr=subprocess.PIPE,
                                                             text=True).stderr.splitlines()[0],
            "duration": args.duration, "warmup": args.warmup}
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    doc = {"meta": meta, "openssl_speed": speed, "rows": rows}
    for name in ("compare-%s.json" % stamp, "latest.json"):
        with open(os.path.join(RESULTS, name), "w") as f:
            json.dump(doc, f, indent=1)
    table = markdown(rows, speed, meta)
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write(table)
    with open(os.path.join(RESULTS, "latest.svg"), "w") as f:
        f.write(svg(rows))
    shutil.rmtree(work, ignore_errors=True)
    print(table)
    log("took %.0f s; results in %s" % (time.time() - started, RESULTS))


if __name__ == "__main__":
    main()
