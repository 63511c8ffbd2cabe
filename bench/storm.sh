#!/usr/bin/env bash
# Handshake storm: N TLS clients (bench/storm/storm.go, Go crypto/tls) connect at the same instant
# to `tlsecho server`; each does a full handshake and one echo. For each --max-handshakes value,
# alternated trial by trial, reports how many completed, the handshake latency p50/p99 (from the
# common start to the client's handshake done) and the time until the last echo completed; then
# the median of each figure over the trials.
#
#   bench/storm.sh [--clients 5000] [--processes 1] [--handshake-timeout 2s]
#                  [--max-handshakes "off default"] [--trials 3] [--port 10943] [--out DIR]
#
# "default" runs the server without --max-handshakes. Clients are spread over --processes Go
# processes (the open-file limit is per process); the server gets --max-connections 20000.
# Needs go (golang-go), python3, target/tlsecho.jar (built when missing). Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=5000 processes=1 timeout=2s configs="off default" trials=3 port=10943 out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients="$2"; shift 2 ;;
        --processes) processes="$2"; shift 2 ;;
        --handshake-timeout) timeout="$2"; shift 2 ;;
        --max-handshakes) configs="$2"; shift 2 ;;
        --trials) trials="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n 2,14p "$0"; exit 0 ;;
        *) echo "storm: unknown argument $1" >&2; exit 2 ;;
    esac
done
out="${out:-target/storm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
[[ -f target/tlsecho.jar ]] || mvn -q -B package -DskipTests
# A copy: a build during the run must not change the server between trials.
jar="$out/tlsecho.jar"
cp target/tlsecho.jar "$jar"
command -v go >/dev/null || { echo "storm: go is not installed (Debian package golang-go)" >&2; exit 1; }

# The storm client: standard library only, no network.
GOCACHE="$PWD/target/gocache" GO111MODULE=off CGO_ENABLED=0 go build -o "$out/storm" bench/storm/storm.go
java -jar "$jar" cert --out "$out/server" >/dev/null 2>&1

server_pid=""
stop_server() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

listening() {
    # /proc/net/tcp{,6}: local port in hex, state 0A = LISTEN.
    local hex
    hex=$(printf '%04X' "$port")
    grep -qs ":$hex [0-9A-F:]* 0A " /proc/net/tcp /proc/net/tcp6
}

run_one() { # config trial
    local config=$1 trial=$2 tag="$1-$2"
    local args=(server --host 127.0.0.1 --port "$port" --cert "$out/server.crt" --key "$out/server.key"
                --handshake-timeout "$timeout" --max-connections 20000 -q)
    [[ $config == default ]] || args+=(--max-handshakes "$config")
    java -jar "$jar" "${args[@]}" 2>"$out/server-$tag.log" &
    server_pid=$!
    for _ in $(seq 600); do listening && break; sleep 0.1; done
    listening || { echo "storm: the server did not start" >&2; cat "$out/server-$tag.log" >&2; exit 1; }
    sleep 1
    local per=$(( (clients + processes - 1) / processes )) left=$clients start_at pids=()
    start_at=$(( $(date +%s%3N) + 3000 ))
    for p in $(seq "$processes"); do
        local n=$(( left < per ? left : per ))
        left=$(( left - n ))
        "$out/storm" -addr "127.0.0.1:$port" -cafile "$out/server.crt" -n "$n" -start-at "$start_at" \
            -raw "$out/raw-$tag-$p.txt" >"$out/client-$tag-$p.json" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    stop_server
    python3 - "$out" "$tag" "$config" "$trial" "$clients" <<'PY'
import glob, json, sys
out, tag, config, trial, clients = sys.argv[1:]
hs, done, failures = [], [], {}
for f in glob.glob(f"{out}/raw-{tag}-*.txt"):
    for line in open(f):
        h, d = map(float, line.split())
        hs.append(h); done.append(d)
for f in glob.glob(f"{out}/client-{tag}-*.json"):
    for k, v in json.load(open(f)).get("failures", {}).items():
        failures[k] = failures.get(k, 0) + v
hs.sort(); done.sort()
pct = lambda xs, p: xs[max(0, -(-len(xs) * p // 100) - 1)] if xs else None
row = {"max_handshakes": config, "trial": int(trial), "clients": int(clients), "completed": len(done),
       "failed": int(clients) - len(done), "failures": failures,
       "handshake_p50_ms": pct(hs, 50), "handshake_p99_ms": pct(hs, 99),
       "last_completed_ms": done[-1] if done else None}
print(json.dumps(row))
with open(f"{out}/runs.jsonl", "a") as f:
    f.write(json.dumps(row) + "\n")
PY
}

echo "storm: $clients clients over $processes process(es), handshake timeout $timeout, $trials trial(s) of: $configs" >&2
echo "storm: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for trial in $(seq "$trials"); do
    for config in $configs; do
        run_one "$config" "$trial"
        sleep 2
    done
done
echo "storm: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(f"{sys.argv[1]}/runs.jsonl")]
print("| --max-handshakes | completed (median) | handshake p50 | handshake p99 | last completed | trials |")
print("|---|---|---|---|---|---|")
for config in dict.fromkeys(r["max_handshakes"] for r in rows):
    rs = [r for r in rows if r["max_handshakes"] == config]
    med = lambda k: statistics.median(r[k] for r in rs if r[k] is not None) if any(r[k] is not None for r in rs) else float("nan")
    print(f"| {config} | {med('completed'):.0f} of {rs[0]['clients']} | {med('handshake_p50_ms')/1000:.2f} s "
          f"| {med('handshake_p99_ms')/1000:.2f} s | {med('last_completed_ms')/1000:.2f} s | {len(rs)} |")
PY
