// The search -i formatter: what it writes into the output sink is what it
// returns as text without one, and each event is formatInterpretedLine of its
// records, last first (only the last when that is a daemon record).
import assert from "node:assert/strict";
import {
  ByteSink,
  EventGrouper,
  type GroupedEvent,
  lineFlagsOf,
  parseSearchArgs,
} from "../../interpret/search/mod.ts";
import { formatInterpretedLine, LocalClock } from "../../interpret/mod.ts";
import { recordTypeNumber } from "../../parse/record_type.ts";
import { interpretedFormatter } from "../../cli/commands/search_interpret.ts";
import { normalizedFormatter } from "../../cli/commands/search_normalize.ts";

const LOG = [
  'type=SYSCALL msg=audit(1795570504.898:1): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffd a2=80000 a3=0 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm="cat" exe="/usr/bin/cat" key="k"',
  'type=CWD msg=audit(1795570504.898:1): cwd="/tmp"',
  "type=PROCTITLE msg=audit(1795570504.898:1): proctitle=636174002F6574632F706173737764",
  "type=DAEMON_END msg=audit(1795570505.000:2): op=terminate auid=0 pid=1 subj=unconfined res=success",
  'node=h1 type=USER_LOGIN msg=audit(1795570506.000:3): pid=1 uid=0 auid=1000 ses=2 msg=\'op=login acct="caf\u00e9" exe="/bin/login" res=success\'',
].join("\n") + "\n";

function events(): GroupedEvent[] {
  const buf = new TextEncoder().encode(LOG);
  const out: GroupedEvent[] = [];
  const grouper = new EventGrouper({ eoeTimeout: 2, typeNumber: recordTypeNumber });
  grouper.lineFlags = lineFlagsOf(buf);
  for (let start = 0; start < buf.length;) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    if (end > start) grouper.addBytes(buf, start, end, (e) => out.push(e));
    start = end + 1;
  }
  grouper.finish((e) => out.push(e));
  return out;
}

const resolver = { userName: () => undefined, groupName: () => undefined, stable: true };

Deno.test("search -i formatter: sink and text agree, and each event is its records interpreted", () => {
  const prev = Deno.env.get("TZ");
  Deno.env.set("TZ", "UTC");
  try {
    for (const escape of ["tty", "raw", "shell", "shell_quote"] as const) {
      const options = { ...parseSearchArgs(["-i"], { now: 0, machine: "x86_64" }), escape };
      const list = events();
      assert.equal(list.length, 3);
      const clock = new LocalClock("UTC");
      let text = "";
      let want = "";
      let bytes = "";
      const sink = new ByteSink((b) => bytes += new TextDecoder().decode(b));
      const format = interpretedFormatter(options, resolver, clock);
      for (const e of list) {
        text += format(e);
        assert.equal(format(e, sink), "");
        const lines = e.records.map((r) => r.line);
        const shown = lines.at(-1)!.includes("DAEMON_END") ? lines.slice(-1) : lines;
        want += "----\n" +
          shown.toReversed().map((l) =>
            formatInterpretedLine(l, { resolver, clock, escape, eventNode: e.node ?? null })
          ).join("");
      }
      sink.flush();
      assert.equal(text, want, escape);
      assert.equal(bytes, want, escape);
    }
  } finally {
    if (prev === undefined) Deno.env.delete("TZ");
    else Deno.env.set("TZ", prev);
  }
});

Deno.test("search --format text formatter: sink and text agree", () => {
  const options = parseSearchArgs(["--format", "text"], { now: 0, machine: "x86_64" });
  let bytes = "";
  const sink = new ByteSink((b) => bytes += new TextDecoder().decode(b));
  const clock = new LocalClock("UTC");
  const a = normalizedFormatter(options, resolver, clock);
  const b = normalizedFormatter(options, resolver, clock);
  let text = "";
  for (const e of events()) {
    text += a(e);
    assert.equal(b(e, sink), "");
  }
  sink.flush();
  assert.equal(bytes, text);
});
