// Real-data check: reassembling a log recorded by ../shared/corpus/make-corpus.sh
// (RAW and ENRICHED) gives as many events as `aureport --summary` counts, with no
// loss reports and no serial discontinuities; every event coalesces. Skipped
// when the corpus or aureport is absent. tests/corpus_test.ts runs the same
// checks on small logs it records with make-corpus.sh (in CI).
import assert from "node:assert/strict";
import { aureportEvents, reassembleAndCoalesce } from "../corpus_helpers.ts";

const CORPUS = new URL("../../../corpus/", import.meta.url);

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
      const { events, lost, jumps, badLines, coalesceFailures } = reassembleAndCoalesce(text!);
      assert.deepEqual(
        { events, lost, jumps, badLines, coalesceFailures },
        { events: expected, lost: 0, jumps: 0, badLines: 0, coalesceFailures: 0 },
      );
    },
  });
}
