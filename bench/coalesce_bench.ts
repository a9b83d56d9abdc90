// Interpretation speed: events/s = events per iteration / time per iteration.
// Records are parsed (with their fields) and reassembled up front. Reads
// LIBAUDIT_BENCH_LOG when set (e.g. a corpus from make-corpus.sh), else the
// bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/coalesce_bench.ts
import { type AuditMessage, parseLogLine, Reassembler } from "../parse/mod.ts";
import { coalesce, formatEventText, IdResolver, resolveIds } from "../interpret/mod.ts";

function load(path: string | URL, limit = 200_000): AuditMessage[][] {
  const events: AuditMessage[][] = [];
  const r = new Reassembler<AuditMessage>({ onEvent: (e) => events.push(e) });
  for (const line of Deno.readTextFileSync(path).split("\n").slice(0, limit)) {
    if (line === "") continue;
    const m = parseLogLine(line);
    void m.data;
    r.push(m);
  }
  r.close();
  return events;
}

const custom = Deno.env.get("LIBAUDIT_BENCH_LOG");
const sets: [string, AuditMessage[][]][] = custom !== undefined
  ? [[custom.split("/").slice(-2).join("/"), load(custom)]]
  : [
    ["RAW sample", load(new URL("../tests/testdata/sample.log", import.meta.url))],
    ["ENRICHED sample", load(new URL("../tests/testdata/sample-enriched.log", import.meta.url))],
  ];

const PASSWD = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n";
const resolver = new IdResolver({ readFile: () => PASSWD, mtime: () => 1 });

for (const [name, events] of sets) {
  Deno.bench({
    name: `coalesce: ${name} (${events.length} events/iter)`,
    group: name,
    baseline: true,
    fn() {
      let n = 0;
      for (const e of events) n += coalesce(e).sequence;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `coalesce + resolveIds: ${name} (${events.length} events/iter)`,
    group: name,
    fn() {
      let n = 0;
      for (const e of events) n += resolveIds(coalesce(e), resolver).sequence;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `coalesce + JSON: ${name} (${events.length} events/iter)`,
    group: name,
    fn() {
      let n = 0;
      for (const e of events) n += JSON.stringify(coalesce(e)).length;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `coalesce + text line: ${name} (${events.length} events/iter)`,
    group: name,
    fn() {
      let n = 0;
      for (const e of events) n += formatEventText(coalesce(e)).length;
      if (n < 0) throw new Error("unreachable");
    },
  });
}
