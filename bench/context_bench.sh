#!/usr/bin/env bash
# Process-context cost and memory (issue 13).
#
#   bench/context_bench.sh [LOG] [RUNS]
#
# 1. CPU (user+sys, /usr/bin/time) of `parse -i --ancestry` vs `parse -i` on
#    LOG (default /tmp/corpus40/audit.log, a 40 s RAW corpus from
#    make-corpus.sh), text and JSON, runs interleaved, medians and ratio.
# 2. Peak RSS of `parse -i --ancestry -f json` on LOG and on LOG x10, and the live
#    heap after each mark-compact on LOG x10 (flat when nothing accumulates).
# 3. Heap of a process table holding 100,000 processes (bench/context_memory.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-/tmp/corpus40/audit.log}
RUNS=${2:-7}
DENO=${DENO:-deno}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cpu() { # prints user+sys seconds and max RSS KB of one run
  /usr/bin/time -f "%U %S %M" -o "$TMP/t" "$DENO" run -A cli.ts parse "$@" > /dev/null
  awk '{printf "%.2f %d\n", $1 + $2, $3}' "$TMP/t"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for fmt in text json; do
  : > "$TMP/plain"
  : > "$TMP/anc"
  for _ in $(seq "$RUNS"); do
    cpu -i -f "$fmt" "$LOG" | cut -d' ' -f1 >> "$TMP/plain"
    cpu -i --ancestry -f "$fmt" "$LOG" | cut -d' ' -f1 >> "$TMP/anc"
  done
  p=$(median < "$TMP/plain")
  a=$(median < "$TMP/anc")
  echo "CPU -f $fmt: parse -i ${p}s, parse -i --ancestry ${a}s, ratio $(awk "BEGIN {printf \"%.3f\", $a / $p}") (median of $RUNS interleaved runs)"
done

for _ in $(seq 10); do cat "$LOG"; done > "$TMP/x10.log"
one=$(cpu -i --ancestry -f json "$LOG" | cut -d' ' -f2)
ten=$(cpu -i --ancestry -f json "$TMP/x10.log" | cut -d' ' -f2)
echo "peak RSS parse -i --ancestry -f json: 1x ${one} KB, 10x ${ten} KB"
# Live heap after each full GC: flat when nothing accumulates.
for a in "" "--ancestry"; do
  live=$("$DENO" run -A --v8-flags=--max-semi-space-size=2,--trace-gc cli.ts parse -i $a "$TMP/x10.log" |
    grep -o 'Mark-Compact [0-9.]* ([0-9.]*) -> [0-9.]*' | awk '{print $NF}' | tr '\n' ' ')
  echo "live heap MB after each mark-compact, 10x, parse -i ${a}: ${live}"
done

"$DENO" run --v8-flags=--expose-gc bench/context_memory.ts
