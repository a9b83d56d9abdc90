#!/usr/bin/env bash
# auditd's plugins on the same exec storm: `libaudit plugin` against laurel.
#
#   sudo bench/plugin_live.sh [SECONDS]
#
# For each plugin, starts Debian's auditd in the foreground with a
# configuration folder of its own (`auditd -n -c DIR`: no log written,
# plugin_dir with one plugin, q_depth 20000) and runs the storm of
# bench/exec_storm.c (a copy of /bin/true, flat out with WORKERS workers,
# default 2) for SECONDS (default 10) under one rule
# (-a always,exit -F arch=b64 -S execve -F exe=STORM -k storm), then waits
# until the plugin's output stops growing. It prints, per plugin: execs,
# the storm's events in the output, the plugin's CPU (user+sys from
# /proc/PID/stat, all threads) during storm and drain, CPU per 10,000
# events, and auditd's state report (SIGCONT -> /var/run/auditd.state):
# plugin queue overflow and the deepest queue.
#
# Both write JSON Lines to a file: `libaudit plugin -f json -o FILE`
# (interpreted events), laurel 0.5.1 with its default transforms and
# enrichment switched to what libaudit also adds (pid, script off).
#
# Holds /tmp/libaudit-kernel.lock; restores rules, enabled, backlog, rate and
# backlog_wait_time on exit, even on failure; stops only what it started;
# refuses when an audit daemon is registered. Environment: WORKERS, KEEP=1,
# PLUGIN_YAML (more lines for libaudit's configuration, e.g. 'no-parent: true')
# (keep the work directory), ONLY=libaudit|laurel, LIBAUDIT (a command instead
# of `deno task libaudit`: `deno run -A` with its V8 flags).
set -euo pipefail

lock=/tmp/libaudit-kernel.lock
if [ "${PLUGIN_BENCH_LOCKED:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "plugin_live.sh: needs root" >&2; exit 2; }
  PLUGIN_BENCH_LOCKED=1 exec flock "$lock" "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/_v8_flags.sh"
secs=${1:-10}
workers=${WORKERS:-2}
deno_bin=$repo/node_modules/deno/deno
[ -x "$deno_bin" ] || deno_bin=$(command -v deno)
for cmd in gcc auditctl auditd; do
  command -v "$cmd" >/dev/null || { echo "plugin_live.sh: $cmd missing" >&2; exit 2; }
done

name=plugin_live.sh
# shellcheck source=bench/_audit_state.sh
. "$here/_audit_state.sh"
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

work=$(mktemp -d /tmp/libaudit-plugin-live.XXXXXX)
chmod 755 "$work"
save_audit_state
auditd_pid=

cleanup() {
  set +e
  stop_daemon "$auditd_pid" 100
  restore_audit_state
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -o "$work/exec_storm" "$here/exec_storm.c"
cp /bin/true "$work/storm-true"
rule="-a always,exit -F arch=b64 -S execve -F exe=$work/storm-true -k storm"
field() { sed -E "s/.*\"$1\":([0-9.]+).*/\\1/"; }

if [ -n "${LIBAUDIT:-}" ]; then
  libaudit_cmd=$LIBAUDIT
else
  libaudit_cmd="$deno_bin run -A --v8-flags=$(v8_flags "$repo") $repo/cli.ts"
fi

# One configuration folder per plugin: auditd.conf and plugins.d/PLUGIN.conf.
auditd_conf() { # auditd_conf DIR
  mkdir -p "$1/plugins.d"
  cat >"$1/auditd.conf" <<CONF
local_events = yes
write_logs = no
log_file = $1/audit.log
log_format = ENRICHED
flush = NONE
max_log_file = 100
num_logs = 2
max_log_file_action = IGNORE
space_left = 75
space_left_action = IGNORE
admin_space_left = 50
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
q_depth = 20000
overflow_action = SYSLOG
end_of_event_timeout = 2
name_format = NONE
plugin_dir = $1/plugins.d
CONF
}
plugin_conf() { # plugin_conf DIR PATH ARGS
  cat >"$1/plugins.d/plugin.conf" <<CONF
active = yes
direction = out
path = $2
type = always
args = $3
format = string
CONF
}

# libaudit: a wrapper that execs the CLI (the plugin's pid stays auditd's child).
mkdir -p "$work/libaudit"
auditd_conf "$work/libaudit"
printf '#!/bin/sh\nexec %s "$@" 2>%s\n' "$libaudit_cmd" "$work/libaudit/plugin.err" >"$work/libaudit/run.sh"
chmod 755 "$work/libaudit/run.sh"
printf 'format: json\noutput: %s\n%s\n' "$work/libaudit/out.jsonl" "${PLUGIN_YAML:-}" >"$work/libaudit/plugin.yaml"
plugin_conf "$work/libaudit" "$work/libaudit/run.sh" "plugin --config=$work/libaudit/plugin.yaml"

# laurel: its own output directory, run as root (no user switch).
mkdir -p "$work/laurel/out"
auditd_conf "$work/laurel"
cat >"$work/laurel/laurel.toml" <<TOML
directory = "$work/laurel/out"
user = "root"
statusreport-period = 0
[auditlog]
file = "out.jsonl"
size = 1000000000
generations = 2
[enrich]
pid = true
script = false
TOML
plugin_conf "$work/laurel" "$(command -v laurel || echo /usr/sbin/laurel)" "--config $work/laurel/laurel.toml"

auditctl -b 16384 -r 0 --backlog_wait_time 60000 >/dev/null

results=()
run_plugin() { # run_plugin NAME OUTPUT
  local name=$1 out=$2 dir=$work/$1 plugin c0 c1 t0 t1 st size last same events
  auditctl -D >/dev/null
  auditctl -e 1 >/dev/null
  auditd -n -c "$dir" >/dev/null 2>"$dir/auditd.err" &
  auditd_pid=$!
  plugin=
  for _ in $(seq 200); do
    plugin=$(pgrep -P "$auditd_pid" | head -1 || true)
    [ -n "$plugin" ] && [ -s "$out" ] && break
    sleep 0.1
  done
  [ -n "$plugin" ] || { echo "plugin_live.sh: $name did not start" >&2; cat "$dir/auditd.err" >&2; return 1; }
  auditctl "${rule_args[@]}" >/dev/null
  sleep 1
  c0=$(cpu_ticks "$plugin")
  t0=$(date +%s.%N)
  st=$("$work/exec_storm" -j "$workers" -t "$secs" "$work/storm-true")
  t1=$(date +%s.%N)
  last=-1 same=0
  for _ in $(seq 1200); do
    size=$(stat -c %s "$out" 2>/dev/null || echo 0)
    if [ "$(status backlog)" = 0 ] && [ "$size" = "$last" ]; then
      same=$((same + 1)); [ "$same" -ge 10 ] && break
    else same=0; fi
    last=$size
    sleep 0.1
  done
  c1=$(cpu_ticks "$plugin")
  rm -f /var/run/auditd.state
  kill -CONT "$auditd_pid"
  for _ in $(seq 50); do [ -s /var/run/auditd.state ] && break; sleep 0.1; done
  local overflow depth
  overflow=$(sed -n 's/^plugin queue overflow detected = //p' /var/run/auditd.state)
  depth=$(sed -n 's/^max plugin queue depth used = //p' /var/run/auditd.state)
  auditctl -D >/dev/null
  kill -TERM "$auditd_pid"
  wait "$auditd_pid" || true
  auditd_pid=
  events=$(grep -c '"storm"' "$out" || true)
  local execs rate
  execs=$(field execs <<<"$st")
  rate=$(field rate <<<"$st")
  awk -v n="$name" -v ex="$execs" -v r="$rate" -v ev="$events" -v c="$((c1 - c0))" -v hz="$hz" \
    -v o="$overflow" -v d="$depth" -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" 'BEGIN {
      printf "%-8s execs %7d (%5.0f/s)  events %7d  CPU %6.2f s = %.3f s per 10,000 events  queue overflow: %s (max depth %s)\n",
        n, ex, r, ev, c / hz, (ev ? c / hz / ev * 10000 : 0), o, d
    }' | tee -a "$work/results.txt"
  results+=("{\"plugin\":\"$name\",\"execs\":$execs,\"exec_rate\":$rate,\"events\":$events,\"cpu_s\":$(awk -v c="$((c1 - c0))" -v h="$hz" 'BEGIN{printf "%.2f", c/h}'),\"overflow\":\"$overflow\",\"max_queue_depth\":${depth:-0}}")
}
read -r -a rule_args <<<"$rule"

[ "${ONLY:-libaudit}" = libaudit ] && run_plugin libaudit "$work/libaudit/out.jsonl"
[ "${ONLY:-laurel}" = laurel ] && run_plugin laurel "$work/laurel/out/out.jsonl"

{
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), Linux $(uname -r)"
  echo "deno: $("$deno_bin" --version 2>/dev/null | head -1); auditd: $(dpkg-query -W -f '${Version}' auditd 2>/dev/null || echo ?); laurel: $(laurel --version 2>/dev/null | head -1 || echo ?)"
  echo "$secs s storms, $workers workers, rule: $rule"
  cat "$work/results.txt"
} | tee "$work/summary.txt"
if [ -n "${JSON:-}" ]; then (IFS=,; echo "[${results[*]}]") >"$JSON"; fi
