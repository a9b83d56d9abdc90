/**
 * Feeds an audit log to stdout at a fixed event rate, one `write` per record
 * like auditd's dispatcher, for measuring `libaudit plugin` without auditd:
 *
 *   deno run -A bench/plugin_feed.ts LOG [EVENTS_PER_S] [EVENTS] [BURST] | libaudit plugin -f json -o FILE
 *
 * Records are grouped into events by their `msg=audit(…)` stamp; an event's
 * records are written back to back, events evenly spaced. Defaults: 1,500
 * events/s, 15,000 events, BURST 1 (with more, BURST events' records go in one
 * `write`).
 *
 * LOG `storm` (or `storm:WORKERS`, default 8) makes up bench/exec_storm.c's
 * events instead (RAW: SYSCALL execve, EXECVE, CWD, two PATHs, PROCTITLE; event
 * times at the given rate): WORKERS `sleep` processes are started as the
 * live parents (as the storm's workers, read from /proc once and their cgroup
 * again every 100 ms of event time), and the exec'd pids, 100000 on, are gone
 * (no such pid), as most storm children are by the time their event is read.
 *
 * @module
 */
const [path, rateArg, countArg, burstArg] = Deno.args;
if (path === undefined) {
  console.error("usage: plugin_feed.ts LOG|storm[:WORKERS] [EVENTS_PER_S] [EVENTS] [BURST]");
  Deno.exit(2);
}
const rate = Number(rateArg ?? 1500);
const count = Number(countArg ?? 15000);
/** Events written together in one `write` (default 1: one write per record). */
const burst = Number(burstArg ?? 1);
const storm = /^storm(?::(\d+))?$/.exec(path);
const workers = storm === null ? [] : startWorkers(Number(storm[1] ?? 8));
const text = storm === null ? Deno.readTextFileSync(path) : stormLog(count, rate, workers);
const encoder = new TextEncoder();
const events: Uint8Array[][] = [];
let stamp = "";
for (const line of text.split("\n")) {
  if (line === "") continue;
  const at = line.indexOf("msg=audit(");
  const s = at === -1 ? "" : line.slice(at, line.indexOf(")", at));
  if (s !== stamp || events.length === 0) {
    if (events.length >= count) break;
    events.push([]);
    stamp = s;
  }
  events[events.length - 1]!.push(encoder.encode(line + "\n"));
}
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const start = performance.now();
const write = (bytes: Uint8Array): void => {
  for (let off = 0; off < bytes.length;) off += Deno.stdout.writeSync(bytes.subarray(off));
};
try {
  for (let i = 0; i < events.length; i += burst) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0.05) Atomics.wait(sleeper, 0, 0, wait);
    if (burst === 1) {
      for (const record of events[i]!) write(record);
    } else {
      const records = events.slice(i, i + burst).flat();
      const joined = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
      let off = 0;
      for (const r of records) joined.set(r, (off += r.length) - r.length);
      write(joined);
    }
  }
  console.error(
    `plugin_feed: ${events.length} events in ${((performance.now() - start) / 1000).toFixed(2)} s`,
  );
  // The storm's parents live on while the plugin reads the last events.
  if (workers.length > 0) Atomics.wait(sleeper, 0, 0, 1000);
} finally {
  for (const worker of workers) worker.kill();
}

/** Sleeping processes: the storm's live parents. */
function startWorkers(n: number): Deno.ChildProcess[] {
  return Array.from(
    { length: n },
    () =>
      new Deno.Command("sleep", { args: ["3600"], stdin: "null", stdout: "null", stderr: "null" })
        .spawn(),
  );
}

/** `n` exec events of a storm at `perSecond`, children of `parents` in turn. */
function stormLog(n: number, perSecond: number, parents: Deno.ChildProcess[]): string {
  const exe = "/tmp/libaudit-plugin-live.storm/storm-true";
  const hex = [...new TextEncoder().encode(exe)].map((b) => b.toString(16).padStart(2, "0"))
    .join("").toUpperCase();
  const start = 1_796_000_000_000; // fixed: runs compare byte for byte (but for the parents)
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ms = Math.floor(start + (i * 1000) / perSecond);
    const stamp = `msg=audit(${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}:${
      1000 + i
    }):`;
    const path = (item: number, name: string, inode: number) =>
      `type=PATH ${stamp} item=${item} name="${name}" inode=${inode} dev=fe:00 mode=0100755 ` +
      `ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`;
    lines.push(
      `type=SYSCALL ${stamp} arch=c000003e syscall=59 success=yes exit=0 a0=7ffd1a2b3c40 ` +
        `a1=7ffd1a2b3c20 a2=7ffd1a2b3c30 a3=0 items=2 ppid=${parents[i % parents.length]!.pid} ` +
        `pid=${100000 + i} auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 ` +
        `fsgid=0 tty=(none) ses=4294967295 comm="storm-true" exe="${exe}" key="storm"`,
      `type=EXECVE ${stamp} argc=1 a0="${exe}"`,
      `type=CWD ${stamp} cwd="/tmp"`,
      path(0, exe, 1234567),
      path(1, "/lib64/ld-linux-x86-64.so.2", 338944),
      `type=PROCTITLE ${stamp} proctitle=${hex}`,
    );
  }
  return lines.join("\n") + "\n";
}
