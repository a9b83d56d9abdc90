#!/bin/sh
# Whole-process timings of `libaudit report` against aureport on the same log:
# plain `report` (the summary) and `report -x --summary`, runs alternating
# (A B A B ...) so that load drifts hit both, medians of wall and CPU time and
# the peak memory (/usr/bin/time), and the ratios aureport / libaudit per pair
# (wall and CPU: on a shared machine the CPU ratio is the steadier one).
# Then the same on the log repeated 10 times with shifted serials and seconds
# (memory must stay flat).
#
#   bench/report.sh [LOG]          (default /tmp/corpus40/audit.log; recorded
#                                   with make-corpus.sh 40 RAW under the kernel
#                                   lock when missing)
# Environment: RUNS (default 5), SKIP_SCALED=1, TZ and LC_ALL are set to UTC/C.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$here/_v8_flags.sh"
deno=${DENO:-$root/node_modules/deno/deno}
runs=${RUNS:-5}
log=${1:-/tmp/corpus40/audit.log}
export TZ=UTC LC_ALL=C
if [ ! -r "$log" ]; then
  flock /tmp/libaudit-kernel.lock "$root/../shared/corpus/make-corpus.sh" "$(dirname "$log")" 40 RAW >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# one NAME CMD...: appends "wall cpu maxrss_kb" to $work/NAME
one() {
  name=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$work/t" >>"$work/$name"
}

compare() { # compare LOG LABEL ARGS...
  file=$1; label=$2; shift 2
  rm -f "$work/ours" "$work/theirs"
  i=0
  while [ "$i" -lt "$runs" ]; do
    one ours "$deno" run -A "--v8-flags=$(v8_flags "$root")" "$root/cli.ts" report -if "$file" "$@"
    one theirs aureport -if "$file" "$@"
    i=$((i + 1))
  done
  ow=$(awk '{print $1}' "$work/ours" | median); oc=$(awk '{print $2}' "$work/ours" | median)
  om=$(awk '{print $3}' "$work/ours" | sort -g | tail -1)
  tw=$(awk '{print $1}' "$work/theirs" | median); tc=$(awk '{print $2}' "$work/theirs" | median)
  tm=$(awk '{print $3}' "$work/theirs" | sort -g | tail -1)
  ratio=$(paste "$work/ours" "$work/theirs" | awk '{print $4 / $1}' | median)
  cratio=$(paste "$work/ours" "$work/theirs" | awk '{print $5 / $2}' | median)
  printf '| %s | `report %s` | %.2f s / %.2f s CPU / %d MiB | %.2f s / %.2f s CPU / %d MiB | %.1fx | %.1fx |\n' \
    "$label" "$*" "$ow" "$oc" "$((om / 1024))" "$tw" "$tc" "$((tm / 1024))" "$ratio" "$cratio"
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); aureport $(aureport -v | awk '{print $NF}'); $("$deno" --version | head -1)"
echo "| input | command | libaudit (median wall / CPU / peak) | aureport | aureport/libaudit (wall, paired median) | (CPU, paired median) |"
echo "|---|---|---|---|---|---|"
compare "$log" "1x" 
compare "$log" "1x" -x --summary
if [ "${SKIP_SCALED:-}" != 1 ]; then
  # The log 10 times; copy k's serials and seconds shifted past copy k-1.
  awk '
    function parts(line) {
      if (!match(line, /audit\([0-9]+\.[0-9]+:[0-9]+\)/)) return 0
      h = substr(line, RSTART + 6, RLENGTH - 7); split(h, a, /[.:]/); return 1
    }
    FNR == NR { if (parts($0)) { s = a[1] + 0; q = a[3] + 0
        if (!seen++ || s < smin) smin = s; if (s > smax) smax = s
        if (!qs++ || q < qmin) qmin = q; if (q > qmax) qmax = q }; next }
    FNR == 1 { k++ }
    { line = $0
      if (k > 1 && parts(line)) { d = k - 1
        head = sprintf("audit(%d.%s:%d)", a[1] + d * (smax - smin + 1), a[2], a[3] + d * (qmax - qmin + 1))
        line = substr(line, 1, RSTART - 1) head substr(line, RSTART + RLENGTH) }
      print line }' "$log" "$log" "$log" "$log" "$log" "$log" "$log" "$log" "$log" "$log" "$log" >"$work/x10.log"
  runs=1
  compare "$work/x10.log" "10x"
  compare "$work/x10.log" "10x" -x --summary
fi
