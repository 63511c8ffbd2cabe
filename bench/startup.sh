#!/usr/bin/env bash
# One-shot client wall time, JVM start included: the seed's Python client against tlsecho's,
# both against the same running tlsecho server; medians of N runs (default 10).
#   bench/startup.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/tlsecho" cert --out "$work/s" --san 127.0.0.1 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$root/target/tlsecho.jar" server --host 127.0.0.1 --port "$port" --cert "$work/s.crt" --key "$work/s.key" -q &
server=$!
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
"$root/tlsecho" client --host 127.0.0.1 --port "$port" --cafile "$work/s.crt" -q   # makes the CDS archive
python3 - "$runs" "$port" "$work/s.crt" "$root" <<'PY'
import statistics, subprocess, sys, time
runs, port, crt, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def median(cmd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
seed = median(["/usr/bin/python3", root + "/src/test/resources/seed/asyncio_echo_client.py",
               "--host", "127.0.0.1", "--port", port, "--cafile", crt])
ours = median([root + "/tlsecho", "client", "--host", "127.0.0.1", "--port", port, "--cafile", crt, "-q"])
print("seed client %.3f s, tlsecho client %.3f s (median of %d): tlsecho takes %.1f× the seed's time"
      % (seed, ours, runs, ours / seed))
PY
