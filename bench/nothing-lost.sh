#!/usr/bin/env bash
# Runs NothingLostTest for longer: many rounds of up to 200 concurrent connections.
#   bench/nothing-lost.sh [rounds] [seed]     (defaults: 50 rounds, a random seed)
# The seed is printed first; pass it back to replay a failing run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-50}"
seed="${2:-$RANDOM$RANDOM$RANDOM}"
echo "nothing-lost: rounds=$rounds seed=$seed"
exec mvn -o -q test -Dtest=NothingLostTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtlsecho.nothingLost.rounds="$rounds" -Dtlsecho.nothingLost.seed="$seed"
