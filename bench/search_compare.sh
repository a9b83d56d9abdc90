#!/usr/bin/env bash
# Whole-process comparison: libaudit search vs ausearch with the same options
# on one log, paired runs (each libaudit run next to the ausearch run it is
# compared with), CPU time (user+sys) and wall time medians, peak memory.
#
#   bench/search_compare.sh LOG [RUNS]
#
# Cases: -k exec, -k exec -i, a key that matches nothing, -k exec -r. Then
# the no-match search, -k exec and -k exec -i on the log repeated SCALE times
# (default 10; SCALE=0 to skip) for memory. Environment: LIBAUDIT_V8_FLAGS (default
# --max-semi-space-size=2, as `deno task compile`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$(dirname "${BASH_SOURCE[0]}")/_bench_args.sh"
. "$here/_v8_flags.sh"
log=${1:?usage: bench/search_compare.sh LOG [RUNS]}
runs=${2:-5}
scale=${SCALE:-10}
deno=$(repo_deno "$repo")
flags=${LIBAUDIT_V8_FLAGS-$(v8_flags "$repo")}
ours=("$deno" run -A ${flags:+--v8-flags=$flags} "$repo/cli.ts" search)
export LC_ALL=C TZ=UTC
work=$(mktemp -d /tmp/libaudit-search-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

measure() { # measure OUTFILE CMD... -> appends "cpu wall kb"
  local out=$1; shift
  /usr/bin/time -f "%U %S %e %M" -o "$work/t" "$@" </dev/null >/dev/null 2>&1 || true
  tail -1 "$work/t" | awk '{ printf "%.2f %.2f %d\n", $1 + $2, $3, $4 }' >> "$out"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run_case() { # run_case NAME LOGFILE OPTS...
  local name=$1 file=$2; shift 2
  : > "$work/a"; : > "$work/b"
  for _ in $(seq "$runs"); do
    measure "$work/a" "${ours[@]}" -if "$file" "$@"
    measure "$work/b" ausearch -if "$file" "$@"
  done
  local ac aw am bc bw bm
  ac=$(cut -d' ' -f1 "$work/a" | median); aw=$(cut -d' ' -f2 "$work/a" | median)
  am=$(cut -d' ' -f3 "$work/a" | sort -n | tail -1)
  bc=$(cut -d' ' -f1 "$work/b" | median); bw=$(cut -d' ' -f2 "$work/b" | median)
  bm=$(cut -d' ' -f3 "$work/b" | sort -n | tail -1)
  printf '| %-26s | %6s | %6s | %5d | %6s | %6s | %5d | %5.1fx | %5.1fx |\n' "$name" "$ac" "$aw" \
    $((am / 1024)) "$bc" "$bw" $((bm / 1024)) "$(echo "$bc / $ac" | bc -l)" "$(echo "$bw / $aw" | bc -l)"
}

echo "ausearch: $(ausearch -v 2>&1 | head -1); log: $log ($(du -m "$log" | cut -f1) MiB, $(wc -l < "$log") lines); runs: $runs"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| case                       | ours cpu s | wall s | MiB | ausearch cpu s | wall s | MiB | cpu ratio | wall ratio |'
echo '| -------------------------- | -----: | -----: | ----: | -----: | -----: | ----: | ----: | ----: |'
run_case "-k exec" "$log" -k exec
run_case "-k exec -i" "$log" -k exec -i
run_case "-k nosuchkey (no match)" "$log" -k nosuchkey
run_case "-k exec -r" "$log" -k exec -r
if [ "$scale" -gt 0 ]; then
  for _ in $(seq "$scale"); do cat "$log"; done > "$work/scaled.log"
  runs=1
  run_case "${scale}x: -k nosuchkey" "$work/scaled.log" -k nosuchkey
  run_case "${scale}x: -k exec" "$work/scaled.log" -k exec
  run_case "${scale}x: -k exec -i" "$work/scaled.log" -k exec -i
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
