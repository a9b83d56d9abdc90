// JSON output speed: events/s = events per iteration / time per iteration.
// Events are parsed, reassembled and interpreted up front; the benches time
// only serialization (`toJsonLine`) and the UTF-8 batching to a null sink
// (`BatchWriter`), as `libaudit parse -i --format json` does per event.
// Reads LIBAUDIT_BENCH_LOG when set (e.g. a corpus from make-corpus.sh),
// else the bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/output_bench.ts
//   LIBAUDIT_BENCH_LOG=/path/audit.log deno bench --allow-read --allow-env bench/output_bench.ts
import { benchEventSets } from "./bench_logs.ts";
import { coalesce } from "../interpret/mod.ts";
import { BatchWriter, type Sink, toJsonLine } from "../cli/io/output.ts";

const sets = benchEventSets();

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
