#!/usr/bin/env bash
# The live path: how many execs/s this machine reaches, and how `libaudit
# stream` and Debian's auditd keep up with them.
#
#   sudo bench/live.sh [SECONDS]
#
# 1. Builds bench/exec_storm.c (gcc) and finds the highest exec rate of a copy
#    of /bin/true with auditing off (sweeping the number of workers).
# 2. Loads one rule (-a always,exit -F arch=b64 -S execve -F exe=STORM -k
#    storm, where STORM is the copy of /bin/true, so that other processes on the
#    machine add no events; RULE overrides it), runs
#    `libaudit stream --format json -o FILE` as the audit daemon and the same
#    storm for SECONDS (default 10); then waits until the kernel backlog is
#    empty and the output stops growing.
# 3. The same with `auditd -n -c CONFDIR` (temporary config: ENRICHED log in a
#    temporary directory, Debian's default flush settings, no plugins).
# For both it prints: exec rate reached under auditing, events written (the
# storm's execve events found in the output), events/s, lost (kernel `lost`
# counter delta, serial gaps in the output, what the stream reported), CPU
# seconds (user+sys from /proc/PID/stat) per 10,000 events, and kauditd's CPU.
#
# Holds /tmp/libaudit-kernel.lock for the whole run; sets backlog_limit
# BACKLOG (default 8192), backlog_wait_time BACKLOG_WAIT (default 60000, the
# kernel's: audited processes wait for backlog space instead of losing events;
# 0 makes a slow daemon lose events instead) and rate 0 for the run and restores every setting, the rules and enabled/pid on
# exit, even on failure. Never sets failure mode 2 or enabled 2. Refuses when
# another audit daemon holds the pid. Stops only the processes it started.
#
# Environment: WORKERS (skip the sweep), RATE (pace the storms under the
# daemons to this many execs/s instead of running flat out), SWEEP_SECONDS (default 3), BACKLOG,
# LIBAUDIT (a command to run instead of `deno task libaudit`'s, e.g. a binary
# from `deno task compile`), KEEP=1 to keep the work directory, ONLY=stream or
# ONLY=auditd to run one daemon, STREAM_ARGS (default "--format json"; e.g.
# "--raw" or "-r --format json") for the stream's output, JSON=FILE to also write the results as JSON.
set -euo pipefail

lock=/tmp/libaudit-kernel.lock
if [ "${LIVE_BENCH_LOCKED:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "live.sh: needs root" >&2; exit 2; }
  LIVE_BENCH_LOCKED=1 exec flock "$lock" "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/_v8_flags.sh"
secs=${1:-10}
sweep_secs=${SWEEP_SECONDS:-3}
backlog_for_run=${BACKLOG:-8192}
wait_for_run=${BACKLOG_WAIT:-60000}

if [ -n "${LIBAUDIT:-}" ]; then
  read -r -a libaudit <<<"$LIBAUDIT"
elif [ -x "$repo/node_modules/deno/deno" ]; then
  libaudit=("$repo/node_modules/deno/deno" run -A "--v8-flags=$(v8_flags "$repo")" "$repo/cli.ts")
else
  libaudit=(deno run -A "--v8-flags=$(v8_flags "$repo")" "$repo/cli.ts")
fi
for cmd in gcc auditctl auditd; do
  command -v "$cmd" >/dev/null || { echo "live.sh: $cmd missing (apt-get install gcc auditd)" >&2; exit 2; }
done

name=live.sh
# shellcheck source=bench/_audit_state.sh
. "$here/_audit_state.sh"
cpu_ticks() { # utime and stime of PID in clock ticks (all threads): "USER SYS"
  awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$1/stat"
}
hz=$(getconf CLK_TCK)
kauditd=$(pgrep -x kauditd | head -1 || true)

# --- refuse what we must not touch, save what we change ---------------------
work=$(mktemp -d /tmp/libaudit-live.XXXXXX)
save_audit_state
daemon_pid=

cleanup() {
  set +e
  stop_daemon "$daemon_pid" 50
  restore_audit_state
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -o "$work/exec_storm" "$here/exec_storm.c"
cp /bin/true "$work/storm-true"
# Only the storm's execs: other processes on the machine must not add events.
rule=${RULE:-"-a always,exit -F arch=b64 -S execve -F exe=$work/storm-true -k storm"}
storm() { "$work/exec_storm" -j "$1" -t "$2" ${3:+-r "$3"} "$work/storm-true"; }
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\\1/"; }

# --- 1. the exec rate without auditing --------------------------------------
auditctl -e 0 >/dev/null
auditctl -D >/dev/null
if [ -n "${WORKERS:-}" ]; then
  workers=$WORKERS
else
  best=0 workers=1
  for j in 1 2 3 4 6 8; do
    r=$(storm "$j" "$sweep_secs" | field rate)
    echo "sweep: $j workers: $r execs/s" >&2
    if awk -v a="$r" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$r workers=$j; fi
  done
fi
base_rate=$(storm "$workers" "$secs" | field rate)
echo "no auditing: $base_rate execs/s with $workers workers" >&2

# --- 2./3. under a daemon -----------------------------------------------------
auditctl -b "$backlog_for_run" -r 0 --backlog_wait_time "$wait_for_run" >/dev/null
echo "$rule" >"$work/storm.rules"

wait_registered() { # wait_registered PID STDERR_FILE
  for _ in $(seq 300); do
    [ "$(status pid)" = "$1" ] && return 0
    if ! kill -0 "$1" 2>/dev/null; then
      echo "live.sh: daemon $1 exited before registering:" >&2
      cat "$2" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "live.sh: daemon $1 did not register" >&2
  return 1
}
wait_drained() { # wait_drained FILE: until backlog 0 and FILE unchanged for 1 s; sets drained_at
  local last=-1 same=0 size
  drained_at=$(date +%s.%N)
  for _ in $(seq 1200); do
    size=$(stat -c %s "$1" 2>/dev/null || echo 0)
    if [ "$(status backlog)" = 0 ] && [ "$size" = "$last" ]; then
      same=$((same + 1))
      [ "$same" -ge 10 ] && return 0
    else
      same=0
      drained_at=$(date +%s.%N)
    fi
    last=$size
    sleep 0.1
  done
  echo "live.sh: output did not settle" >&2
}
# The serial numbers in an output, one per line: auditd's `audit(SECS:SERIAL)`
# headers or the stream's JSON `"sequence":SERIAL`.
serials() {
  { grep -oE '"sequence":[0-9]+|audit\([0-9]+\.[0-9]+:[0-9]+\)' || true; } | sed -E 's/.*[:]([0-9]+)\)?$/\1/'
}
serial_gaps() { # serial_gaps [FIRST] < OUTPUT: serials missing from FIRST (or the lowest) to the highest
  serials | awk -v first="$1" '($1 >= first + 0) && !seen[$1]++ {
      n++; if ($1 > max) max = $1; if (min == "" || $1 < min) min = $1 }
    END { if (first != "") min = first; print (n ? max - min + 1 - n : 0) }'
}
storm_events() { # storm_events OUTPUT: events of the storm binary (one line each in both formats)
  grep -cE "exe(\"?:|=)\"$work/storm-true\"" "$1" || true
}

results=()
run_daemon() { # run_daemon NAME OUTFILE COMMAND...
  local name=$1 out=$2
  shift 2
  auditctl -D >/dev/null
  auditctl -R "$work/storm.rules" >/dev/null
  "$@" 2>"$work/$name.err" &
  daemon_pid=$!
  wait_registered "$daemon_pid" "$work/$name.err"
  sleep 1
  local drained_at nice lost0 waited0 waited u0 s0 u1 s1 ku0 ks0 ku1 ks1 seq0 t0 t1 t2 st execs rate events usr sys kcpu lost gaps
  nice=$(ps -o ni= -p "$daemon_pid" | tr -d ' ')
  lost0=$(status lost)
  waited0=$(status backlog_wait_time_actual)
  read -r u0 s0 < <(cpu_ticks "$daemon_pid")
  read -r ku0 ks0 < <(if [ -n "$kauditd" ]; then cpu_ticks "$kauditd"; else echo 0 0; fi)
  # The first serial of the storm: a marker event through the same daemon.
  auditctl -m "live.sh-$name-start" >/dev/null
  t0=$(date +%s.%N)
  st=$(storm "$workers" "$secs" "${RATE:-}")
  t1=$(date +%s.%N)
  wait_drained "$out"
  t2=$drained_at
  read -r u1 s1 < <(cpu_ticks "$daemon_pid")
  read -r ku1 ks1 < <(if [ -n "$kauditd" ]; then cpu_ticks "$kauditd"; else echo 0 0; fi)
  usr=$((u1 - u0)) sys=$((s1 - s0)) kcpu=$((ku1 + ks1 - ku0 - ks0))
  lost=$(( $(status lost) - lost0 ))
  waited=$(( $(status backlog_wait_time_actual) - ${waited0:-0} ))
  auditctl -D >/dev/null
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || echo "live.sh: $name exited with $?" >&2
  daemon_pid=
  execs=$(field execs <<<"$st")
  rate=$(field rate <<<"$st")
  events=$(storm_events "$out")
  seq0=$({ grep -m1 "live\.sh-$name-start" "$out" || true; } | serials | head -1)
  gaps=$(serial_gaps "$seq0" <"$out")
  local reported=""
  if [ "$name" = stream ]; then
    reported=$(grep '"type":"lost"' "$out" | tail -1 || true)
    reported=${reported:-none}
  fi
  awk -v n="$name" -v ex="$execs" -v r="$rate" -v ev="$events" -v t0="$t0" -v t1="$t1" \
    -v t2="$t2" -v usr="$usr" -v sys="$sys" -v k="$kcpu" -v hz="$hz" -v lost="$lost" -v gaps="$gaps" \
    -v rep="$reported" -v nice="$nice" -v waited="$waited" -v size="$(stat -c %s "$out")" 'BEGIN {
      storm = t1 - t0; total = t2 - t0
      printf "%-7s exec rate %7.0f/s  execs %7d  events %7d  missing %d  events/s %7.0f (storm %.1f s + drain %.1f s)\n", n, r, ex, ev, ex - ev, ev / total, storm, t2 - t1
      printf "%-7s lost: kernel %d, serial gaps %d%s; audited processes waited for backlog space %d jiffies\n", n, lost, gaps, (rep == "" ? "" : ", reported " rep), waited
      cpu = usr + sys
      printf "%-7s CPU %.2f s (user %.2f, sys %.2f) = %.3f s per 10,000 events; kauditd %.2f s; output %.1f MB; nice %s\n", n, cpu / hz, usr / hz, sys / hz, (ev ? cpu / hz / ev * 10000 : 0), k / hz, size / 1e6, nice
    }' | tee -a "$work/results.txt"
  results+=("{\"daemon\":\"$name\",\"execs\":$execs,\"exec_rate\":$rate,\"events\":$events,\"storm_s\":$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'),\"drain_s\":$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.3f", b-a}'),\"cpu_user_s\":$(awk -v c="$usr" -v h="$hz" 'BEGIN{printf "%.2f", c/h}'),\"cpu_sys_s\":$(awk -v c="$sys" -v h="$hz" 'BEGIN{printf "%.2f", c/h}'),\"kauditd_cpu_s\":$(awk -v c="$kcpu" -v h="$hz" 'BEGIN{printf "%.2f", c/h}'),\"kernel_lost\":$lost,\"backlog_wait_jiffies\":$waited,\"serial_gaps\":$gaps}")
  if [ -s "$work/$name.err" ]; then sed "s/^/$name stderr: /" "$work/$name.err" | tail -5 >&2; fi
}

if [ "${ONLY:-stream}" = stream ]; then
  read -r -a stream_args <<<"${STREAM_ARGS:---format json}"
  run_daemon stream "$work/stream.jsonl" "${libaudit[@]}" stream "${stream_args[@]}" -o "$work/stream.jsonl"
fi

if [ "${ONLY:-auditd}" = auditd ]; then
  mkdir -p "$work/auditd" "$work/plugins"
  cat >"$work/auditd/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $work/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 4000
num_logs = 2
max_log_file_action = IGNORE
space_left = 75
space_left_action = IGNORE
admin_space_left = 50
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
q_depth = 2000
overflow_action = IGNORE
end_of_event_timeout = 2
name_format = NONE
plugin_dir = $work/plugins
CONF
  : >"$work/audit.log"
  run_daemon auditd "$work/audit.log" auditd -n -c "$work/auditd"
fi

{
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), Linux $(uname -r)"
  echo "deno: $("$repo/node_modules/deno/deno" --version 2>/dev/null | head -1 || echo ?); auditd: $(dpkg-query -W -f '${Version}' auditd 2>/dev/null || echo ?)"
  echo "rule: $rule; backlog_limit $backlog_for_run, backlog_wait_time $wait_for_run, rate 0; $secs s storms with $workers workers${RATE:+ paced to $RATE execs/s}"
  echo "no auditing: exec rate $base_rate/s"
  cat "$work/results.txt"
} | tee "$work/summary.txt"
if [ -n "${JSON:-}" ]; then
  (IFS=,; echo "{\"workers\":$workers,\"seconds\":$secs,\"base_exec_rate\":$base_rate,\"runs\":[${results[*]}]}") >"$JSON"
fi
