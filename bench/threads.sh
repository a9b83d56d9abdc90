#!/usr/bin/env bash
# `libaudit parse` with one thread against the default (two threads on a
# large regular file, issue 16): paired runs A B A B, medians of wall time,
# CPU time (user + system) and peak RSS from /usr/bin/time, the speed-up, the
# load average before and after, and a byte comparison (cmp) of stdout and
# stderr of the two.
#
#   bench/threads.sh LOG [PAIRS] [-- PARSE ARGS]     (default: 5 pairs, -i -f json)
#
# Environment: LIBAUDIT_V8_FLAGS (default --max-semi-space-size=2, as
# `deno task libaudit`), B_ARGS (the second command's extra arguments,
# default none).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
log=$1
pairs=${2:-5}
shift $(($# >= 2 ? 2 : 1))
[ "${1:-}" = "--" ] && shift
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-i -f json)
if [ -x "$repo/node_modules/deno/deno" ]; then deno="$repo/node_modules/deno/deno"; else deno=deno; fi
flags=${LIBAUDIT_V8_FLAGS---max-semi-space-size=2}
cmd=("$deno" run -A ${flags:+--v8-flags=$flags} "$repo/cli.ts" parse "${args[@]}")
work=$(mktemp -d /tmp/libaudit-threads.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-a.$i" "${cmd[@]}" --threads 1 "$log" >"$work/a.out" 2>"$work/a.err"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-b.$i" "${cmd[@]}" ${B_ARGS:-} "$log" >"$work/b.out" 2>"$work/b.err"
  if ! cmp -s "$work/a.out" "$work/b.out" || ! cmp -s "$work/a.err" "$work/b.err"; then
    echo "DIFFERENT output in pair $i" >&2
    exit 1
  fi
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stat() { # stat a|b → "wall cpu MiB"
  local w c m
  w=$(for f in "$work/time-$1".*; do awk '{print $1}' "$f"; done | median)
  c=$(for f in "$work/time-$1".*; do awk '{print $2 + $3}' "$f"; done | median)
  m=$(for f in "$work/time-$1".*; do awk '{print $4 / 1024}' "$f"; done | median)
  echo "$w $c $m"
}
read -r aw ac am <<<"$(stat a)"
read -r bw bc bm <<<"$(stat b)"
printf '%-22s %8s %8s %9s\n' "" "wall s" "CPU s" "peak MiB"
printf '%-22s %8.2f %8.2f %9.0f\n' "--threads 1" "$aw" "$ac" "$am"
printf '%-22s %8.2f %8.2f %9.0f\n' "default ${B_ARGS:-}" "$bw" "$bc" "$bm"
awk -v a="$aw" -v b="$bw" -v c="$ac" -v d="$bc" \
  'BEGIN {printf "speed-up (wall) %.2fx, CPU %.2fx; stdout and stderr identical in all %s pairs\n", a / b, d / c, '"$pairs"'}'
