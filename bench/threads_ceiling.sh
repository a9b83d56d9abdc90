#!/usr/bin/env bash
# What two threads could give at best on this machine (issue 16): the log cut
# in two halves at a line start, and paired runs of
#   1. one process on the whole log (`--threads 1`),
#   2. two independent processes, one per half, side by side (`--threads 1`
#      each: no cuts to check, no merge, no shared heap; their output is not
#      the one of the whole log, so this is a bound, not a way to run),
#   3. one process with `--threads 2` on the whole log,
# with the medians of wall time and CPU (user + system), and the speed-ups of
# 2 and 3 over 1. On two cores the halves show what the per-process costs
# (Deno's start, compiling in each isolate, V8's background threads that the
# one-process run already had the second core for) leave of the ideal 2x.
#
#   bench/threads_ceiling.sh LOG [PAIRS] [-- PARSE ARGS]   (default: 5, -i -f json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/_bench_args.sh" # and _v8_flags.sh
read_pairs_args "$@"
deno=$(repo_deno "$repo")
flags=$(v8_flags "$repo")
cmd=("$deno" run -A ${flags:+--v8-flags=$flags} "$repo/cli.ts" parse "${args[@]}")
work=$(mktemp -d /tmp/libaudit-ceiling.XXXXXX)
trap 'rm -rf "$work"' EXIT

lines=$(wc -l <"$log")
head -n $((lines / 2)) "$log" >"$work/half1"
tail -n +$((lines / 2 + 1)) "$log" >"$work/half2"

# run NAME COMMAND…: appends "wall cpu" to $work/NAME.
run() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>&1
  awk '{print $1, $2 + $3}' "$work/t" >>"$work/$name"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$pairs"); do
  run one "${cmd[@]}" --threads 1 "$log"
  # Both halves: wall time of the pair, CPU of both.
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/h1" "${cmd[@]}" --threads 1 "$work/half1" >/dev/null 2>&1 &
  /usr/bin/time -f "%U %S" -o "$work/h2" "${cmd[@]}" --threads 1 "$work/half2" >/dev/null 2>&1
  wait
  end=$(date +%s.%N)
  cat "$work/h1" "$work/h2" | awk -v w="$(echo "$end - $start" | bc)" \
    '{c += $1 + $2} END {printf "%.2f %.2f\n", w, c}' >>"$work/halves"
  run two "${cmd[@]}" --threads 2 "$log"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
one_wall=$(cut -d' ' -f1 "$work/one" | median)
printf "%-40s %8s %8s %8s\n" "$(basename "$log"), parse ${args[*]}" "wall s" "CPU s" "speed"
for name in one halves two; do
  wall=$(cut -d' ' -f1 "$work/$name" | median)
  cpu=$(cut -d' ' -f2 "$work/$name" | median)
  case $name in
    one) label="one process, --threads 1" ;;
    halves) label="two processes on the halves" ;;
    two) label="one process, --threads 2" ;;
  esac
  printf "%-40s %8s %8s %7.2fx\n" "$label" "$wall" "$cpu" "$(echo "$one_wall / $wall" | bc -l)"
done
