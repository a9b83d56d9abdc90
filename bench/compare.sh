#!/usr/bin/env bash
# Whole-process comparison on one real audit log:
#   libaudit parse -i --format json (default: two threads on a large file; and --threads 1)
#     vs laurel, ausearch -i, go-libaudit's auparse -i -format json, cat
#   libaudit parse --format json   vs   go-libaudit's auparse -format json
# Prints medians of RUNS runs (wall time), peak memory and ratios, for the log
# and for the log repeated 10 times with shifted sequence numbers.
#
#   bench/compare.sh [LOG]
#
# Without LOG it records one (about 40 MB, 20 s) with
# ../shared/corpus/make-corpus.sh under the kernel lock. Needs root for that
# and for installing missing Debian packages (auditd, laurel, time).
# Environment: RUNS (default 5), SCALE (default 10), SKIP_SCALED=1 to time
# only the log itself, KEEP=1 to keep the work directory, LIBAUDIT_V8_FLAGS
# (default: those of `deno task libaudit` in deno.json; empty for none),
# AUPARSE=PATH to go-libaudit's cmd/auparse binary (bench/compare_all.sh
# builds one; without it those rows are left out).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$(dirname "${BASH_SOURCE[0]}")/_bench_args.sh"
. "$here/_v8_flags.sh"
runs=${RUNS:-5}
scale=${SCALE:-10}
lock=/tmp/libaudit-kernel.lock

deno=$(repo_deno "$repo")

work=$(mktemp -d /tmp/libaudit-bench.XXXXXX)
cleanup() { [ "${KEEP:-}" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

need_pkg() { # need_pkg COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] && return 0
  echo "installing $2 for $1" >&2
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need_pkg ausearch auditd
need_pkg laurel laurel
need_pkg /usr/bin/time time

# --- input -----------------------------------------------------------------
log=${1:-}
if [ -z "$log" ]; then
  corpus="$repo/../shared/corpus/make-corpus.sh"
  [ -x "$corpus" ] || { echo "no LOG given and $corpus missing" >&2; exit 2; }
  echo "recording a corpus (20 s) with make-corpus.sh under $lock ..." >&2
  flock "$lock" "$corpus" "$work/corpus" 20 RAW >&2
  log="$work/corpus/audit.log"
fi
[ -r "$log" ] || { echo "cannot read $log" >&2; exit 2; }

# The log repeated SCALE times; copy k has its serials shifted by k*(span of
# serials) and its seconds by k*(span of seconds), so events stay distinct and
# ordered.
make_scaled() { # make_scaled IN OUT
  awk -v n="$scale" '
    function parts(line) {
      if (!match(line, /audit\([0-9]+\.[0-9]+:[0-9]+\)/)) return 0
      h = substr(line, RSTART + 6, RLENGTH - 7); split(h, a, /[.:]/)
      return 1
    }
    FNR == NR {
      line = $0
      if (parts(line)) {
        s = a[1] + 0; q = a[3] + 0
        if (!seen++ || s < smin) smin = s; if (s > smax) smax = s
        # DAEMON_* records carry the daemon counter, not kernel serials.
        if (line !~ /type=DAEMON_/) { if (!qseen++ || q < qmin) qmin = q; if (q > qmax) qmax = q }
      }
      next
    }
    FNR == 1 { k++ }
    {
      line = $0
      if (k > 1 && parts(line)) {
        d = k - 1
        head = sprintf("audit(%d.%s:%d)", a[1] + d * (smax - smin + 1), a[2], a[3] + d * (qmax - qmin + 1))
        line = substr(line, 1, RSTART - 1) head substr(line, RSTART + RLENGTH)
      }
      print line
    }' "$1" $(for _ in $(seq "$scale"); do printf '%s ' "$1"; done) >"$2"
}

# --- tools -----------------------------------------------------------------
cat >"$work/laurel.toml" <<EOF
directory = "$work"
statusreport-period = 0
[auditlog]
file = "-"
[translate]
universal = true
user-db = true
EOF

have_libaudit=1
if ! "$deno" run -A "$repo/cli.ts" parse --help >/dev/null 2>&1; then
  have_libaudit=0
  echo "note: 'libaudit parse' is not available in $repo (cli.ts parse --help failed); timing the peers only" >&2
fi

auparse=${AUPARSE:-}
tools=()
[ "$have_libaudit" = 1 ] && tools+=(libaudit libaudit-1t)
tools+=(laurel ausearch)
[ -n "$auparse" ] && tools+=(go-auparse-i)
[ "$have_libaudit" = 1 ] && tools+=(libaudit-raw)
[ -n "$auparse" ] && tools+=(go-auparse-raw)
tools+=(cat)

# The V8 flags `deno task compile` bakes into the binary (and `deno task libaudit` uses):
# 2 MiB semi-spaces keep the young generation small (peak RSS ~70 instead of ~105-160 MiB).
v8flags=${LIBAUDIT_V8_FLAGS-$(v8_flags "$repo")}
timed() { /usr/bin/time -f '%e %M %U %S' -o "$work/one" "$@"; }
run_tool() { # run_tool TOOL FILE: one timed run, output to /dev/null, "SECONDS KB" in $work/one
  case "$1" in
    libaudit) timed "$deno" run -A ${v8flags:+"--v8-flags=$v8flags"} "$repo/cli.ts" parse -i --format json "$2" ;;
    libaudit-1t) timed "$deno" run -A ${v8flags:+"--v8-flags=$v8flags"} "$repo/cli.ts" parse -i --format json --threads 1 "$2" ;;
    libaudit-raw) timed "$deno" run -A ${v8flags:+"--v8-flags=$v8flags"} "$repo/cli.ts" parse --format json "$2" ;;
    go-auparse-i) timed "$auparse" -i -format json -in "$2" 2>/dev/null ;;
    go-auparse-raw) timed "$auparse" -format json -in "$2" 2>/dev/null ;;
    laurel) timed laurel -c "$work/laurel.toml" <"$2" 2>/dev/null ;;
    ausearch) timed ausearch -i -if "$2" ;;
    cat) timed cat "$2" ;;
  esac >/dev/null
}

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

bench_file() { # bench_file FILE LABEL
  local file=$1 label=$2 lines bytes t tool
  lines=$(wc -l <"$file")
  bytes=$(stat -c %s "$file")
  echo
  echo "## $label: $file ($((bytes / 1048576)) MiB, $lines lines), median of $runs runs"
  for tool in "${tools[@]}"; do : >"$work/$tool.times"; done
  for t in $(seq "$runs"); do # round-robin so drift hits every tool alike
    for tool in "${tools[@]}"; do
      run_tool "$tool" "$file" || echo "warning: $tool exited non-zero (run $t)" >&2
      cat "$work/one" >>"$work/$tool.times"
    done
  done
  printf '\n| tool | median s | CPU s | peak MiB | records/s | time vs libaudit |\n|---|---:|---:|---:|---:|---:|\n'
  local base="" rawbase=""
  [ "$have_libaudit" = 1 ] && base=$(awk '{print $1}' "$work/libaudit.times" | median)
  [ "$have_libaudit" = 1 ] && rawbase=$(awk '{print $1}' "$work/libaudit-raw.times" | median)
  for tool in "${tools[@]}"; do
    local med mem rate ratio cpu b=$base
    # Records as go-libaudit stores them: against libaudit's plain `parse --format json`.
    case "$tool" in *-raw) b=$rawbase ;; esac
    med=$(awk '{print $1}' "$work/$tool.times" | median)
    cpu=$(awk '{print $3 + $4}' "$work/$tool.times" | median)
    mem=$(awk '{print $2}' "$work/$tool.times" | sort -g | tail -1)
    rate=$(awk -v l="$lines" -v s="$med" 'BEGIN {if (s > 0) printf "%.0f", l / s; else print "-"}')
    ratio=$(awk -v b="$b" -v s="$med" 'BEGIN {if (b != "" && b > 0) printf "%.2fx", s / b; else print "-"}')
    printf '| %s | %.2f | %.2f | %.0f | %s | %s |\n' "$tool" "$med" "$cpu" "$(awk -v m="$mem" 'BEGIN {print m / 1024}')" "$rate" "$ratio"
  done
}

echo "# libaudit compare: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), kernel $(uname -r)"
echo "versions: deno $("$deno" --version | head -1 | awk '{print $2}'), laurel $(laurel --version 2>&1 | tail -1), ausearch $(ausearch -v 2>&1 | awk '{print $NF}')${auparse:+, go-libaudit auparse ${AUPARSE_VERSION:-$auparse}}"
echo "tools: libaudit = parse -i --format json (the default: two threads on a large regular file), libaudit-1t = the same with --threads 1, libaudit-raw = parse --format json; go-auparse-i = auparse -i -format json, go-auparse-raw = auparse -format json (its ratio is against libaudit-raw)"

bench_file "$log" "1x"
if [ "${SKIP_SCALED:-}" != 1 ]; then
  make_scaled "$log" "$work/scaled.log"
  bench_file "$work/scaled.log" "${scale}x"
fi
