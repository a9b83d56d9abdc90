// Interpretation speed: events/s = events per iteration / time per iteration.
// Records are parsed (with their fields) and reassembled up front. Reads
// LIBAUDIT_BENCH_LOG when set (e.g. a corpus from make-corpus.sh), else the
// bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/coalesce_bench.ts
import { benchEventSets } from "./bench_logs.ts";
import { coalesce, formatEventText, IdResolver, resolveIds } from "../interpret/mod.ts";

const sets = benchEventSets();

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
