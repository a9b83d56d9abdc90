# Shared by bench/live.sh and bench/plugin_live.sh (sourced, not run): read
# the kernel's audit status, refuse a machine where another daemon runs,
# save the settings and rules the benchmark changes, and put them back.
# Uses $work (a temporary directory) and $name (the script's name).

status() { auditctl -s | awk -v k="$1" '$1 == k { print $2 }'; }

# Refuses to run beside another audit daemon or an immutable configuration,
# then saves enabled, backlog, rate, backlog wait time and the rules.
refuse() { echo "$name: $1; refusing" >&2; rm -rf "$work"; exit 2; }

save_audit_state() {
  if pgrep -x auditd >/dev/null; then refuse "auditd is running"; fi
  orig_enabled=$(status enabled)
  orig_pid=$(status pid)
  [ "$orig_enabled" = 2 ] && refuse "audit configuration is immutable"
  [ "$orig_pid" != 0 ] && refuse "pid $orig_pid is the audit daemon"
  orig_backlog=$(status backlog_limit)
  orig_rate=$(status rate_limit)
  orig_wait=$(status backlog_wait_time)
  auditctl -l >"$work/orig.rules"
  grep -q '^No rules' "$work/orig.rules" && : >"$work/orig.rules"
}

# Stops daemon PID: SIGTERM, up to TENTHS tenths of a second, then SIGKILL.
stop_daemon() {
  local pid=$1 tenths=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# Puts back the rules and settings save_audit_state saved, says what the
# kernel holds now, and removes $work (unless KEEP=1).
restore_audit_state() {
  auditctl -D >/dev/null 2>&1
  [ -s "$work/orig.rules" ] && auditctl -R "$work/orig.rules" >/dev/null 2>&1
  auditctl -b "$orig_backlog" -r "$orig_rate" --backlog_wait_time "$orig_wait" >/dev/null 2>&1
  auditctl -e "$orig_enabled" >/dev/null 2>&1
  echo "restored: $(auditctl -s | grep -E '^(enabled|pid|backlog_limit|rate_limit|backlog_wait_time) ' | tr '\n' ' ')" >&2
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
