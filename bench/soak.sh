#!/usr/bin/env bash
# Soak: runs `tlsecho server` on a loopback port under a mix of normal conversations, slow readers
# and bad input for a set time, samples its RSS and open fds into a CSV, and reports growth.
#
#   bench/soak.sh [--duration 10m] [--port 10443] [--cooldown 30s] [--out DIR]
#
# Durations: 90, 90s, 2m, 1h. Needs target/tlsecho.jar (built when missing), openssl, bash.
# Not run in CI.
set -euo pipefail
# Each background worker gets its own process group, so that stopping it stops its children too.
set -m
cd "$(dirname "$0")/.."

duration=10m port=10443 cooldown=30s out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --cooldown) cooldown="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "soak: unknown argument $1" >&2; exit 2 ;;
    esac
done

seconds() {
    case "$1" in
        *h) echo $(( ${1%h} * 3600 )) ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}
duration_s=$(seconds "$duration")
cooldown_s=$(seconds "$cooldown")
out="${out:-target/soak-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
jar=target/tlsecho.jar
[[ -f $jar ]] || mvn -o -q package -DskipTests

# A throwaway EC certificate for localhost and 127.0.0.1.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$out/server.key" -out "$out/server.crt" 2>/dev/null

java ${SOAK_JAVA_OPTS:--Xmx256m -XX:G1PeriodicGCInterval=5000} -jar "$jar" server -q \
    --host 127.0.0.1 --port "$port" --cert "$out/server.crt" --key "$out/server.key" \
    --handshake-timeout 2s --idle-timeout 10s --max-connections 2000 >"$out/server.log" 2>&1 &
server=$!
workers=()
cleanup() {
    for w in "${workers[@]}"; do kill -- "-$w" 2>/dev/null || true; done
    kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
fds() { ls "/proc/$server/fd" | wc -l; }
csv="$out/samples.csv"
echo "elapsed_s,phase,rss_kib,fds" >"$csv"
t0=$(date +%s)
sample() { echo "$(( $(date +%s) - t0 )),$1,$(rss_kib),$(fds)" >>"$csv"; }

s_client() { openssl s_client -quiet -verify_return_error -CAfile "$out/server.crt" -connect "127.0.0.1:$port" "$@"; }

# Normal conversations: openssl (cheap to start) and, less often, tlsecho's own client.
normal() {
    local i=0 stop=$1 msg="$out/msg.$BASHPID" got="$out/echo.$BASHPID"
    while (( $(date +%s) < stop )); do
        echo=$(printf 'conversation %d\0' "$i" | s_client 2>/dev/null || true)
        [[ $echo == "conversation $i" ]] && echo ok >>"$out/normal.ok" || echo "bad: $echo" >>"$out/normal.bad"
        if (( i % 20 == 0 )); then
            head -c 1048576 /dev/urandom | tr -d '\0' >"$msg"
            if java -jar "$jar" client -q --stdin --host 127.0.0.1 --port "$port" --cafile "$out/server.crt" \
                <"$msg" >"$got" 2>>"$out/client.err" && cmp -s "$msg" "$got"; then
                echo ok >>"$out/large.ok"
            else
                echo bad >>"$out/large.bad"
            fi
        fi
        i=$((i + 1))
    done
}

# Slow readers: 8 MiB in, the echo read at about 16 KiB/s until the window is spent.
slow() {
    local stop=$1
    trap '' PIPE
    while (( $(date +%s) < stop )); do
        { head -c 8388608 /dev/zero 2>/dev/null | tr '\0' 's' 2>/dev/null; sleep 20; } | timeout 20 bash -c \
            "openssl s_client -quiet -CAfile '$out/server.crt' -connect 127.0.0.1:$port 2>/dev/null \
             | while dd bs=16k count=1 status=none >/dev/null; do sleep 1; done" || true
        echo session >>"$out/slow.sessions"
    done
}

# Bad input: plain HTTP, random bytes, a silent connection, a truncated ClientHello.
bad() {
    local stop=$1
    # A write to a connection the server has already closed must fail, not kill the worker.
    trap '' PIPE
    while (( $(date +%s) < stop )); do
        { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >&3 \
            && timeout 5 cat <&3 >/dev/null; exec 3<&-; } 2>/dev/null || true
        { exec 3<>"/dev/tcp/127.0.0.1/$port" && head -c 4096 /dev/urandom >&3 \
            && timeout 5 cat <&3 >/dev/null; exec 3<&-; } 2>/dev/null || true
        { exec 3<>"/dev/tcp/127.0.0.1/$port" && timeout 5 cat <&3 >/dev/null; exec 3<&-; } 2>/dev/null || true
        { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' >&3 \
            && timeout 5 cat <&3 >/dev/null; exec 3<&-; } 2>/dev/null || true
        echo round >>"$out/bad.rounds"
    done
}

sample start
stop=$(( $(date +%s) + duration_s ))
normal "$stop" & workers+=($!)
normal "$stop" & workers+=($!)
slow "$stop" & workers+=($!)
slow "$stop" & workers+=($!)
bad "$stop" & workers+=($!)
while (( $(date +%s) < stop )); do
    sleep 5
    sample load
done
for w in "${workers[@]}"; do wait "$w" 2>/dev/null || true; done
workers=()
rm -f "$out"/msg.* "$out"/echo.*
end_cool=$(( $(date +%s) + cooldown_s ))
while (( $(date +%s) < end_cool )); do
    sleep 5
    sample cooldown
done

count() { [[ -f $1 ]] && wc -l <"$1" || echo 0; }
awk -F, -v normal_ok="$(count "$out/normal.ok")" -v normal_bad="$(count "$out/normal.bad")" \
    -v large_ok="$(count "$out/large.ok")" -v large_bad="$(count "$out/large.bad")" \
    -v bad_rounds="$(count "$out/bad.rounds")" -v slow="$(count "$out/slow.sessions")" '
NR == 2 { rss0 = $3; fd0 = $4 }
NR > 1 { if ($3 > rssmax) rssmax = $3; if ($4 > fdmax) fdmax = $4; rss1 = $3; fd1 = $4 }
END {
    printf "conversations: %d ok, %d bad; 1 MiB conversations: %d ok, %d bad; slow readers: %d; bad-input rounds (4 each): %d\n", normal_ok, normal_bad, large_ok, large_bad, slow, bad_rounds
    printf "RSS: start %d MiB, peak %d MiB, end %d MiB (%+.0f%% from start)\n", rss0/1024, rssmax/1024, rss1/1024, (rss1-rss0)*100/rss0
    printf "fds: start %d, peak %d, end %d\n", fd0, fdmax, fd1
}' "$csv" | tee "$out/summary.txt"
echo "samples: $csv; server log: $out/server.log"
