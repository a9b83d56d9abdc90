#!/usr/bin/env bash
# Instructions executed (valgrind's cachegrind counts instructions, not
# seconds: other load on the machine does not change them) by `libaudit
# ARGS` at two commits, on a log and on its "unique bodies" variant: every
# line with a field ` zz=LINE_NUMBER` appended, so that no record body
# repeats. The recorded corpora repeat bodies (one exec storm), real hosts
# much less: a cache keyed by record text must not cost more than it saves
# when it misses.
#
#   bench/instructions.sh OLD_REV NEW_REV LOG [LINES] -- ARGS...
#
# LINES (default 50000) is how many lines of LOG are used (valgrind is about
# 50 times slower). Example:
#
#   bench/instructions.sh c9ca2d3 main /tmp/corpus40/audit.log -- parse --threads 1 -i --format json
#
# Prints, for each commit and input, the median instructions of RUNS runs
# (default 3: V8 compiles on background threads, so counts vary by a few
# percent from run to run) and the ratio new/old.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$(dirname "${BASH_SOURCE[0]}")/_bench_args.sh"
. "$here/_v8_flags.sh"
old=${1:?usage: bench/instructions.sh OLD_REV NEW_REV LOG [LINES] -- ARGS...}
new=${2:?}
log=${3:?}
shift 3
lines=50000
if [ "${1:-}" != "--" ]; then lines=$1; shift; fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "instructions.sh: no ARGS after --" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind missing (apt-get install valgrind)" >&2; exit 2; }
deno=$(repo_deno "$repo")
work=$(mktemp -d /tmp/libaudit-instructions.XXXXXX)
cleanup() {
  for rev in old new; do
    [ -d "$work/$rev" ] && git -C "$repo" worktree remove --force "$work/$rev" >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT
head -n "$lines" "$log" >"$work/repeated.log"
awk '{ print $0 " zz=" NR }' "$work/repeated.log" >"$work/unique.log"
for rev in old new; do
  ref=$old
  [ "$rev" = new ] && ref=$new
  git -C "$repo" worktree add --detach "$work/$rev" "$ref" >/dev/null 2>&1
  ln -s "$repo/node_modules" "$work/$rev/node_modules"
done
runs=${RUNS:-3}
count_once() { # count_once TREE LOG ARGS... -> instructions
  local tree=$1 input=$2 out
  out=$(valgrind --tool=cachegrind --cache-sim=no --smc-check=all-non-file \
    --cachegrind-out-file=/dev/null "$deno" run --allow-all \
    "--v8-flags=$(v8_flags "$tree")" "$tree/cli.ts" "${@:3}" "$input" 2>&1 >/dev/null) || true
  sed -nE 's/.*I[[:space:]]+refs:[[:space:]]+([0-9,]+).*/\1/p' <<<"$out" | tr -d ,
}
count() { # count TREE LOG ARGS... -> the median of $runs counts
  for _ in $(seq "$runs"); do count_once "$@"; done | sort -n |
    awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
echo "args: $*; $lines lines of $log; old $old ($(git -C "$repo" rev-parse --short "$old")), new $new ($(git -C "$repo" rev-parse --short "$new"))"
printf '| input | old instructions | new instructions | new/old |\n|---|---:|---:|---:|\n'
for input in repeated unique; do
  a=$(count "$work/old" "$work/$input.log" "$@")
  b=$(count "$work/new" "$work/$input.log" "$@")
  printf '| %s | %s | %s | %s |\n' "$input" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
done
