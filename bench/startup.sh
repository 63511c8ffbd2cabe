#!/usr/bin/env bash
# Start-up of one-shot commands, JVM start included, warm (the warm-up runs make the CDS archives).
#  1. Before and after, with hyperfine (-N, medians): the repository's ./tlsecho (the system JDK and an application
#     CDS archive) against bin/tlsecho of the release archive (target/dist/*.tar.gz, so run mvn -Pdist package first,
#     unpacked here), for --version, a one-shot client against a running server, and cert --out.
#  2. The seed's Python client against tlsecho's (the archive's when it is built, else ./tlsecho).
# The load average is printed with the figures: on a busy machine wall times stretch and only a quiet one compares.
#   bench/startup.sh [runs]                         (default 15, after 3 warm-up runs)
#   TLSECHO_BEFORE_JAR=old.jar bench/startup.sh     ("before" runs ./tlsecho with that jar, e.g. an older build's)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
work="$(mktemp -d)"
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

before_jar="${TLSECHO_BEFORE_JAR:-$root/target/tlsecho.jar}"
if [[ ! -f "$before_jar" ]]; then
  (cd "$root" && ./tlsecho --version >/dev/null)   # builds target/tlsecho.jar
fi
cp "$before_jar" "$work/before.jar"   # ./tlsecho keeps its CDS archive beside the jar: here, not in target/
before=(env "TLSECHO_JAR=$work/before.jar" "$root/tlsecho")

after=()
archive="$(ls "$root"/target/dist/tlsecho-*-linux-x86_64.tar.gz 2>/dev/null | head -1 || true)"
if [[ -n "$archive" ]]; then
  tar -xzf "$archive" -C "$work"
  after=(env "TLSECHO_CACHE_DIR=$work/cache" "$(ls -d "$work"/tlsecho-*/)bin/tlsecho")
else
  echo "startup: no release archive in target/dist (mvn -Pdist package): only ./tlsecho is measured" >&2
fi

"${before[@]}" cert --out "$work/s" --san 127.0.0.1 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$before_jar" server --host 127.0.0.1 --port "$port" --cert "$work/s.crt" --key "$work/s.key" -q &
server=$!
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

client=(client --host 127.0.0.1 --port "$port" --cafile "$work/s.crt" -q)
commands=("--version" "${client[*]}" "cert --out $work/x --force")
if command -v hyperfine >/dev/null; then
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
  args=()
  for c in "${commands[@]}"; do
    args+=(-n "before: tlsecho $c" "${before[*]} $c")
    [[ ${#after[@]} -gt 0 ]] && args+=(-n "after: tlsecho $c" "${after[*]} $c")
  done
  hyperfine -N -w 3 -r "$runs" --style none --export-json "$work/h.json" "${args[@]}" >/dev/null
  echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$work/h.json" "$work" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rows = {}
for name, r in results.items():
    side, command = name.split(": ", 1)
    rows.setdefault(command.replace(sys.argv[2] + "/", ""), {})[side] = r
def cell(r):
    if r is None:
        return "-"
    return "%.3f s (user %.3f, sys %.3f)" % (r["median"], r["user"], r["system"])
print("| command | before: ./tlsecho, median wall (mean CPU) | after: archive's bin/tlsecho |")
print("| --- | --- | --- |")
for command, sides in rows.items():
    print("| `%s` | %s | %s |" % (command, cell(sides.get("before")), cell(sides.get("after"))))
PY
else
  echo "startup: hyperfine is not installed (apt-get install hyperfine): table skipped" >&2
fi

ours=("${before[@]}")
[[ ${#after[@]} -gt 0 ]] && ours=("${after[@]}")
python3 - "$runs" "$port" "$work/s.crt" "$root" "${ours[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, port, crt, root, ours = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
def median(cmd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
seed = median(["/usr/bin/python3", root + "/src/test/resources/seed/asyncio_echo_client.py",
               "--host", "127.0.0.1", "--port", port, "--cafile", crt])
mine = median(ours + ["client", "--host", "127.0.0.1", "--port", port, "--cafile", crt, "-q"])
print("seed client %.3f s, tlsecho client %.3f s (median of %d): tlsecho takes %.1f× the seed's time"
      % (seed, mine, runs, mine / seed))
PY
