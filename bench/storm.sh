#!/usr/bin/env bash
# Handshake storm: N TLS clients (bench/storm/storm.go, Go crypto/tls) connect at the same instant
# to `tlsecho server`; each does a full handshake and one echo. For each --max-handshakes value,
# alternated trial by trial, reports how many completed, the handshake latency p50/p99 (from the
# common start to the client's handshake done) and the time until the last echo completed; then
# the median of each figure over the trials.
#
#   bench/storm.sh [--clients 5000] [--processes 1] [--handshake-timeout 2s]
#                  [--max-handshakes "off default"] [--trials 3] [--port 10943] [--out DIR]
#                  [--netns [--somaxconn 65535]]
#
# "default" runs the server without --max-handshakes. Clients are spread over --processes Go
# processes (the open-file limit is per process); the server gets --max-connections 20000.
# --netns (root; iproute2): run the server and the clients in a network namespace of their own,
# tlsecho-storm-PID, on its loopback, with net.core.somaxconn and net.ipv4.tcp_max_syn_backlog
# set to --somaxconn there (both are per namespace: the host's stay as they are) and the server's
# --backlog to match, so storms larger than the host's accept queue can all get in. The
# namespace is deleted on exit.
# Needs go (golang-go), python3, target/tlsecho.jar (built when missing). Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=5000 processes=1 timeout=2s configs="off default" trials=3 port=10943 out="" netns="" somaxconn=65535
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients="$2"; shift 2 ;;
        --processes) processes="$2"; shift 2 ;;
        --handshake-timeout) timeout="$2"; shift 2 ;;
        --max-handshakes) configs="$2"; shift 2 ;;
        --trials) trials="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --netns) netns="tlsecho-storm-$$"; shift ;;
        --somaxconn) somaxconn="$2"; shift 2 ;;
        -h|--help) sed -n 2,20p "$0"; exit 0 ;;
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
load_pid=""
cleanup() {
    stop_server
    if [[ -n $load_pid ]]; then kill "$load_pid" 2>/dev/null || true; fi
    if [[ -n $netns ]]; then ip netns delete "$netns" 2>/dev/null || true; fi
}
trap cleanup EXIT

# "${in_ns[@]}" CMD...: runs CMD in the storm's namespace (or here without --netns).
in_ns=()
backlog_args=()
if [[ -n $netns ]]; then
    command -v ip >/dev/null || { echo "storm: --netns needs ip (Debian package iproute2)" >&2; exit 1; }
    [[ $(id -u) == 0 ]] || { echo "storm: --netns needs root (ip netns add)" >&2; exit 1; }
    ip netns add "$netns"
    ip -n "$netns" link set lo up
    ip netns exec "$netns" sysctl -q -w net.core.somaxconn="$somaxconn" net.ipv4.tcp_max_syn_backlog="$somaxconn"
    in_ns=(ip netns exec "$netns")
    backlog_args=(--backlog "$somaxconn")
    echo "storm: network namespace $netns: somaxconn $("${in_ns[@]}" cat /proc/sys/net/core/somaxconn)," \
         "tcp_max_syn_backlog $("${in_ns[@]}" cat /proc/sys/net/ipv4/tcp_max_syn_backlog)" \
         "(host: $(cat /proc/sys/net/core/somaxconn), unchanged)" >&2
fi

listening() {
    # /proc/net/tcp{,6} (of the namespace): local port in hex, state 0A = LISTEN.
    local hex
    hex=$(printf '%04X' "$port")
    "${in_ns[@]}" grep -qs ":$hex [0-9A-F:]* 0A " /proc/net/tcp /proc/net/tcp6
}

run_one() { # config trial
    local config=$1 trial=$2 tag="$1-$2"
    local args=(server --host 127.0.0.1 --port "$port" --cert "$out/server.crt" --key "$out/server.key"
                --handshake-timeout "$timeout" --max-connections 20000 "${backlog_args[@]}" -q)
    [[ $config == default ]] || args+=(--max-handshakes "$config")
    "${in_ns[@]}" java -jar "$jar" "${args[@]}" 2>"$out/server-$tag.log" &
    server_pid=$!
    for _ in $(seq 600); do listening && break; sleep 0.1; done
    listening || { echo "storm: the server did not start" >&2; cat "$out/server-$tag.log" >&2; exit 1; }
    sleep 1
    local per=$(( (clients + processes - 1) / processes )) left=$clients start_at pids=()
    start_at=$(( $(date +%s%3N) + 3000 ))
    for p in $(seq "$processes"); do
        local n=$(( left < per ? left : per ))
        left=$(( left - n ))
        "${in_ns[@]}" "$out/storm" -addr "127.0.0.1:$port" -cafile "$out/server.crt" -n "$n" -start-at "$start_at" \
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
# The machine's load, sampled every 5 s through the run (other work shares the cores).
( while sleep 5; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"; done ) >"$out/loadavg.txt" &
load_pid=$!
for trial in $(seq "$trials"); do
    for config in $configs; do
        run_one "$config" "$trial"
        sleep 2
    done
done
echo "storm: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
kill "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
load_pid=""
python3 - "$out/loadavg.txt" <<'PY' >&2
import statistics, sys
xs = sorted(float(l.split()[1]) for l in open(sys.argv[1]) if l.strip())
if xs:
    print(f"storm: load average (1 min, every 5 s) during the run: median {statistics.median(xs):.1f}, "
          f"min {xs[0]:.1f}, max {xs[-1]:.1f}")
PY

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
