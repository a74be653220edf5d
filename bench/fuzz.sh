#!/usr/bin/env bash
# The long fuzz run: every fuzz test with N mutants per target (default 1 000 000; the
# suite's own run is a few thousand). Prints each class's result and time.
# Usage: bench/fuzz.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
mvn -q -B -o install -DskipTests
for spec in collector:CollectorFuzzTest detector:DetectorFuzzTest testkit:RecordFuzzTest; do
    module="${spec%%:*}" test="${spec##*:}"
    start=$(date +%s)
    if (cd "modules/$module" && mvn -B -o test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
            -Dvigil.fuzz.iterations="$n" > "/tmp/vigil-fuzz-$test.log" 2>&1); then result=passed; else result=FAILED; fi
    echo "$test iterations=$n result=$result seconds=$(( $(date +%s) - start )) log=/tmp/vigil-fuzz-$test.log"
    grep -h "Tests run:" "/tmp/vigil-fuzz-$test.log" | tail -1
done
