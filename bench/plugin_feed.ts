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
 * @module
 */
const [path, rateArg, countArg, burstArg] = Deno.args;
if (path === undefined) {
  console.error("usage: plugin_feed.ts LOG [EVENTS_PER_S] [EVENTS]");
  Deno.exit(2);
}
const rate = Number(rateArg ?? 1500);
const count = Number(countArg ?? 15000);
/** Events written together in one `write` (default 1: one write per record). */
const burst = Number(burstArg ?? 1);
const text = Deno.readTextFileSync(path);
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
