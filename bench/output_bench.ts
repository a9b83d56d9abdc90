// JSON output speed: events/s = events per iteration / time per iteration.
// Events are parsed, reassembled and interpreted up front; the benches time
// only serialization (`toJsonLine`) and the UTF-8 batching to a null sink
// (`BatchWriter`), as `libaudit parse -i --format json` does per event.
// Reads LIBAUDIT_BENCH_LOG when set (e.g. a corpus from make-corpus.sh),
// else the bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/output_bench.ts
//   LIBAUDIT_BENCH_LOG=/path/audit.log deno bench --allow-read --allow-env bench/output_bench.ts
import { type AuditMessage, parseLogLine, Reassembler } from "../parse/mod.ts";
import { coalesce } from "../interpret/mod.ts";
import { BatchWriter, type Sink, toJsonLine } from "../cli/output.ts";

function load(path: string | URL, limit = 200_000): AuditMessage[][] {
  const events: AuditMessage[][] = [];
  const r = new Reassembler<AuditMessage>({ onEvent: (e) => events.push(e) });
  for (const line of Deno.readTextFileSync(path).split("\n").slice(0, limit)) {
    if (line !== "") r.push(parseLogLine(line));
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

/** Counts bytes and drops them, like `> /dev/null`. */
const nullSink: Sink & { bytes: number } = {
  bytes: 0,
  write(p: Uint8Array): Promise<number> {
    this.bytes += p.length;
    return Promise.resolve(p.length);
  },
};

for (const [name, events] of sets) {
  const interpreted = events.map((e) => coalesce(e));
  const lines = interpreted.map(toJsonLine);
  const records = events.flat();
  Deno.bench({
    name: `toJsonLine(interpreted event): ${name} (${events.length} events/iter)`,
    group: `json ${name}`,
    baseline: true,
    fn() {
      let n = 0;
      for (const event of interpreted) n += toJsonLine(event).length;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `toJsonLine(record, stored shape): ${name} (${records.length} records/iter)`,
    group: `json ${name}`,
    fn() {
      let n = 0;
      for (const record of records) n += toJsonLine(record).length;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `BatchWriter UTF-8 batching of the JSON lines: ${name} (${lines.length} lines/iter)`,
    group: `json ${name}`,
    async fn() {
      const out = new BatchWriter(nullSink);
      for (const line of lines) out.write(line);
      await out.close();
    },
  });
}
