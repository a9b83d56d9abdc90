// Real-data check: reassembling a log recorded by ../shared/corpus/make-corpus.sh
// (RAW and ENRICHED) gives as many events as `aureport --summary` counts, with no
// loss reports and no serial discontinuities; every event coalesces. Skipped
// when the corpus or aureport is absent.
import assert from "node:assert/strict";
import { type AuditMessage, ParseError, parseLogLine, Reassembler } from "../../parse/mod.ts";
import { coalesce } from "../../interpret/mod.ts";

const CORPUS = new URL("../../../corpus/", import.meta.url);

function aureportEvents(path: string): number | undefined {
  try {
    const out = new Deno.Command("aureport", { args: ["--summary", "-if", path], stdout: "piped" })
      .outputSync();
    const m = /Number of events:\s*(\d+)/.exec(new TextDecoder().decode(out.stdout));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

for (const format of ["raw", "enriched"]) {
  const path = new URL(`${format}/audit.log`, CORPUS).pathname;
  let text: string | undefined;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    text = undefined;
  }
  const expected = text === undefined ? undefined : aureportEvents(path);
  Deno.test({
    name: `corpus: ${format} log gives aureport's number of events, no false losses`,
    ignore: text === undefined || expected === undefined,
    fn() {
      let events = 0;
      let badLines = 0;
      let lost = 0;
      let jumps = 0;
      let coalesceFailures = 0;
      const r = new Reassembler<AuditMessage>({
        maxInFlight: 50,
        onEvent(records) {
          events++;
          try {
            coalesce(records);
          } catch {
            coalesceFailures++;
          }
        },
        onLost: (l) => lost += l.count,
        onDiscontinuity: () => jumps++,
      });
      for (const line of text!.split("\n")) {
        if (line === "") continue;
        try {
          r.push(parseLogLine(line));
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          badLines++;
        }
      }
      r.close();
      assert.deepEqual(
        { events, lost, jumps, badLines, coalesceFailures },
        { events: expected, lost: 0, jumps: 0, badLines: 0, coalesceFailures: 0 },
      );
    },
  });
}
