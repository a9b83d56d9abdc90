// Parsing speed on real lines. Records/s = lines per iteration / time per
// iteration (printed in each bench's name). Reads LIBAUDIT_BENCH_LOG when
// set (e.g. a corpus from make-corpus.sh), else the bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/parse_bench.ts
//   LIBAUDIT_BENCH_LOG=/path/audit.log deno bench --allow-read --allow-env bench/parse_bench.ts
import { parseLogLine } from "../parse/mod.ts";

function load(path: string | URL, limit = 20_000): string[] {
  return Deno.readTextFileSync(path).split("\n").filter((l) => l !== "").slice(0, limit);
}

const custom = Deno.env.get("LIBAUDIT_BENCH_LOG");
const sets: [string, string[]][] = custom !== undefined
  ? [[custom.split("/").slice(-2).join("/"), load(custom)]]
  : [
    ["RAW sample", load(new URL("../tests/testdata/sample.log", import.meta.url))],
    ["ENRICHED sample", load(new URL("../tests/testdata/sample-enriched.log", import.meta.url))],
  ];

for (const [name, lines] of sets) {
  Deno.bench({
    name: `header only: ${name} (${lines.length} lines/iter)`,
    group: name,
    fn() {
      let n = 0;
      for (const line of lines) n += parseLogLine(line).sequence;
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `full enrichment (.data, .keys, .enrichment): ${name} (${lines.length} lines/iter)`,
    group: name,
    baseline: true,
    fn() {
      let n = 0;
      for (const line of lines) {
        const msg = parseLogLine(line);
        if (msg.data.pid !== undefined) n++;
        n += msg.keys.length;
        if (msg.enrichment !== undefined) n++; // the ENRICHED tail, when there is one
      }
      if (n < 0) throw new Error("unreachable");
    },
  });
  Deno.bench({
    name: `full enrichment + toJSON string: ${name} (${lines.length} lines/iter)`,
    group: name,
    fn() {
      let n = 0;
      for (const line of lines) n += JSON.stringify(parseLogLine(line)).length;
      if (n < 0) throw new Error("unreachable");
    },
  });
}
