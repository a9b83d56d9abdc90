#!/usr/bin/env bash
# `libaudit parse` with one thread against two (issue 16), the second thread in each backend of
# BACKENDS: paired runs A B… A B…, medians of wall time, CPU time (user +
# system, the range child's included: the parent waits for it) and peak RSS
# of the main process and of the range child (LIBAUDIT_PARALLEL_DEBUG's
# /proc figures; for one thread and the worker backend, /usr/bin/time's),
# the speed-up, the load average before and after, and a byte comparison
# (cmp) of stdout and stderr with one thread's. Then how the CPU splits
# between the threads (LIBAUDIT_PARALLEL_DEBUG's `threads:` line): on a
# shared machine wall times swing, and the CPU of two threads against one
# (with an even split) says what two idle cores would give.
#
#   bench/threads.sh LOG [PAIRS] [-- PARSE ARGS]     (default: 5 pairs, -i -f json)
#
# Environment: LIBAUDIT_V8_FLAGS (default: those of `deno task libaudit`), B_ARGS (the two-thread
# commands' extra arguments, default "--threads 2": the default thread count depends on the mode and
# the size, PARALLEL_MIN_BYTES in cli/parallel/threads.ts; B_ARGS= measures the default itself),
# BACKENDS (default "process": LIBAUDIT_PARALLEL_BACKEND of each, e.g.
# "process worker").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/_bench_args.sh" # and _v8_flags.sh
read_pairs_args "$@"
read -ra backends <<<"${BACKENDS:-process}"
B_ARGS=${B_ARGS-"--threads 2"}
deno=$(repo_deno "$repo")
flags=${LIBAUDIT_V8_FLAGS-$(v8_flags "$repo")}
cmd=("$deno" run -A ${flags:+--v8-flags=$flags} "$repo/cli.ts" parse "${args[@]}")
work=$(mktemp -d /tmp/libaudit-threads.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-1.$i" "${cmd[@]}" --threads 1 "$log" >"$work/1.out" 2>"$work/1.err"
  for b in "${backends[@]}"; do
    # shellcheck disable=SC2086
    LIBAUDIT_PARALLEL_BACKEND=$b LIBAUDIT_PARALLEL_DEBUG=1 /usr/bin/time -f "%e %U %S %M" \
      -o "$work/time-$b.$i" "${cmd[@]}" ${B_ARGS:-} "$log" >"$work/b.out" 2>"$work/b.err"
    # The main process's and the child's peak RSS (MiB), 0 when none.
    main=$(sed -n 's/.*parallel: main process: .*peak RSS \([0-9]*\) MiB/\1/p' "$work/b.err")
    child=$(sed -n 's/.*parallel: range child: .*peak RSS \([0-9]*\) MiB/\1/p' "$work/b.err")
    echo "${main:-0} ${child:-0}" >"$work/rss-$b.$i"
    # CPU seconds by thread (main, workers, V8 background) and the child's.
    sed -n 's/.*parallel: threads: main \([0-9.]*\) s, workers \([0-9.]*\) s, V8 background \([0-9.]*\) s.*/\1 \2 \3/p' \
      "$work/b.err" >"$work/split-$b.$i"
    kcpu=$(sed -n 's/.*parallel: range child: CPU \([0-9.]*\) s.*/\1/p' "$work/b.err")
    [ -s "$work/split-$b.$i" ] || echo "0 0 0" >"$work/split-$b.$i"
    sed -i "s/\$/ ${kcpu:-0}/" "$work/split-$b.$i"
    grep -v 'parse: parallel: ' "$work/b.err" >"$work/b.err2" || true
    if ! cmp -s "$work/1.out" "$work/b.out" || ! cmp -s "$work/1.err" "$work/b.err2"; then
      echo "DIFFERENT output in pair $i ($b)" >&2
      exit 1
    fi
  done
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stat() { # stat 1|BACKEND → "wall cpu MiB(time) main-MiB child-MiB"
  local w c m p k
  w=$(for f in "$work/time-$1".*; do awk '{print $1}' "$f"; done | median)
  c=$(for f in "$work/time-$1".*; do awk '{print $2 + $3}' "$f"; done | median)
  m=$(for f in "$work/time-$1".*; do awk '{print $4 / 1024}' "$f"; done | median)
  p=$(for f in "$work/rss-$1".*; do [ -e "$f" ] && awk '{print $1}' "$f"; done | median)
  k=$(for f in "$work/rss-$1".*; do [ -e "$f" ] && awk '{print $2}' "$f"; done | median)
  echo "$w $c $m ${p:-0} ${k:-0}"
}
read -r aw ac am _ _ <<<"$(stat 1)"
printf '%-26s %7s %7s %9s %9s %9s %7s %7s\n' "" "wall s" "CPU s" "peak MiB" "main MiB" "child MiB" "speed" "CPU"
printf '%-26s %7.2f %7.2f %9.0f %9s %9s %7s %7s\n' "--threads 1" "$aw" "$ac" "$am" - - 1.00x 1.00x
for b in "${backends[@]}"; do
  read -r bw bc bm bp bk <<<"$(stat "$b")"
  # The sum of both processes' peaks when there is a child, else time's.
  [ "$bk" != 0 ] && bm=$(awk -v p="$bp" -v k="$bk" 'BEGIN {print p + k}')
  printf '%-26s %7.2f %7.2f %9.0f %9s %9s %6.2fx %6.2fx\n' "$b ${B_ARGS:-default}" "$bw" "$bc" "$bm" \
    "$bp" "$bk" "$(awk -v a="$aw" -v b="$bw" 'BEGIN {print a / b}')" \
    "$(awk -v a="$ac" -v b="$bc" 'BEGIN {print b / a}')"
done
printf '\nCPU by thread, medians (s): the main thread, the worker (a range worker, or the proxy of\n'
printf 'the range child), V8 background threads (compilers, GC helpers) and the range child (all of it)\n'
printf '%-26s %7s %7s %7s %7s\n' "" main worker "V8 bg" child
for b in "${backends[@]}"; do
  col() { for f in "$work/split-$b".*; do awk -v k="$1" '{print $k}' "$f"; done | median; }
  printf '%-26s %7.2f %7.2f %7.2f %7.2f\n' "$b ${B_ARGS:-default}" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)"
done
echo "stdout and stderr identical to one thread's in all $pairs pairs"
