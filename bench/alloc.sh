#!/usr/bin/env bash
# Bytes the server's event loops allocate per full handshake, per session and per 1 KiB echo, from JFR's per-thread
# allocation counters (jdk.ThreadAllocationStatistics): a figure that does not depend on the machine's load.
#   bench/alloc.sh [HANDSHAKES] [ECHOES] [SESSIONS]       (defaults 500, 20000 and 500)
# A session is the seed's conversation: connect, full handshake (EC P-256, X25519), one 46-byte echo, the server's close.
# TLSECHO_JAR=other.jar bench/alloc.sh measures another build the same way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
handshakes="${1:-500}"
echoes="${2:-20000}"
sessions="${3:-500}"
"$root/tlsecho" --version >/dev/null          # builds target/tlsecho.jar when missing or stale
work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
</configuration>
JFC
(cd "$work" && "$root/tlsecho" cert >/dev/null)
# The launcher writes the server's class-data archive when a server of a new build first stops, and the JVM
# records nothing with JFR while it does: one short run first, so that the measured one has its archive.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/tlsecho" server -q --host 127.0.0.1 -p "$port" --cert "$work/tlsecho.crt" --key "$work/tlsecho.key" \
  > "$work/prime.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
TLSECHO_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/server.jfr,settings=$work/alloc.jfc" \
  "$root/tlsecho" server -q --host 127.0.0.1 -p "$port" --cert "$work/tlsecho.crt" --key "$work/tlsecho.key" \
  > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
bench=("$root/tlsecho" bench -q --host 127.0.0.1 -p "$port" --cafile "$work/tlsecho.crt" --duration 600s)
# A pause between phases, so that each per-second sample falls clearly in one of them.
sleep 2; date +%s > "$work/t0"
"${bench[@]}" --mode handshake --requests "$handshakes" -c 2 --json "$work/handshake.json" >/dev/null
sleep 3; date +%s > "$work/t1"
"${bench[@]}" --mode pingpong -s 1024 --requests "$echoes" -c 1 --json "$work/echo.json" >/dev/null
sleep 3; date +%s > "$work/t2"
"${bench[@]}" --mode session -s 46 --groups X25519 --requests "$sessions" -c 2 --json "$work/session.json" >/dev/null
sleep 3; date +%s > "$work/t3"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
[[ -s "$work/server.jfr" ]] || { echo "alloc.sh: the server left no recording:" >&2; cat "$work/server.log" >&2; exit 1; }
python3 - "$work" "$echoes" "$root/bench" <<'PY'
import json, os, sys
work, echoes = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from compare import allocation_totals
t = [int(open(os.path.join(work, f)).read()) for f in ("t0", "t1", "t2", "t3")]
sessions = json.load(open(os.path.join(work, "session.json")))["requests"]
hs = json.load(open(os.path.join(work, "handshake.json")))["handshakes"]
handshakes = hs["full"] + hs["resumed"]
total = allocation_totals(os.path.join(work, "server.jfr"))
if total is None:
    sys.exit("alloc.sh: jfr could not read the server's recording")
before, middle, after, last = (total(x) for x in t)
print(f"bytes per full handshake  {(middle - before) / handshakes:.0f}  ({handshakes} handshakes)")
print(f"bytes per 1 KiB echo      {(after - middle) / echoes:.0f}  ({echoes} echoes)")
print(f"bytes per session         {(last - after) / sessions:.0f}  ({sessions} sessions)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
