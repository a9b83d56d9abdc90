// The logs the benchmarks read: LIBAUDIT_BENCH_LOG when set (e.g. a corpus
// from make-corpus.sh), else the bundled RAW and ENRICHED samples.
import { type AuditMessage, parseLogLine, Reassembler } from "../parse/mod.ts";

/** Parses (fields included) and reassembles up to `limit` lines of `path`. */
function loadEvents(path: string | URL, limit: number): AuditMessage[][] {
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

/** Named sets of reassembled events from the bench logs. */
export function benchEventSets(limit = 200_000): [string, AuditMessage[][]][] {
  const custom = Deno.env.get("LIBAUDIT_BENCH_LOG");
  return custom !== undefined
    ? [[custom.split("/").slice(-2).join("/"), loadEvents(custom, limit)]]
    : [
      ["RAW sample", loadEvents(new URL("../tests/testdata/sample.log", import.meta.url), limit)],
      [
        "ENRICHED sample",
        loadEvents(new URL("../tests/testdata/sample-enriched.log", import.meta.url), limit),
      ],
    ];
}
