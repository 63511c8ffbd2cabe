#!/usr/bin/env bash
# Side-by-side benchmark of tlsecho and the seed's asyncio server (and uvloop, when installed):
# same client (`tlsecho bench`), same machine, one run. Writes bench/results/latest.{md,json} and the
# charts latest-front.svg, latest-all.svg (bench/plot.py, python3-matplotlib).
#   bench/compare.sh [--duration 10s] [--warmup 3s] [--idle-connections 10000] [--only NAME,...]
#   bench/compare.sh --https [--rounds 5] [--requests 30000] [--warmup 40000] [--ab JAR]   # HTTPS rows: h2load, tlsecho vs Go net/http
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tlsecho" --version >/dev/null          # builds target/tlsecho.jar when missing or stale
command -v openssl >/dev/null || { echo "compare.sh: openssl is required" >&2; exit 2; }
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [[ "${1:-}" == "--https" ]]; then
  shift
  command -v h2load >/dev/null || { echo "compare.sh: --https needs h2load (Debian nghttp2-client)" >&2; exit 2; }
  exec python3 "$root/bench/https.py" "$@"
fi
exec python3 "$root/bench/compare.py" "$@"
