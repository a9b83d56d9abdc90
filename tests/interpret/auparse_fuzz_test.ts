// Differential test: records mutated at random (fixed seeds) are printed by
// ausearch and by us; every event ausearch prints must be ours byte for byte.
// ausearch drops records it cannot parse; those are not compared. Its
// `saddr_fam=atmpvc` reads past a short buffer (heap garbage) and is skipped.
import assert from "node:assert/strict";
import {
  AUSEARCH,
  ausearch,
  eventsOf,
  interpretLog,
  mutatedLog,
  normalizeLog,
} from "./auparse_oracle.ts";
import { craftedEvents, craftedLog } from "./auparse_crafted.ts";

function unmatched(want: string[], got: string[]): string[] {
  const ours = new Set(got);
  return want.filter((w) => !ours.has(w) && !w.includes("saddr_fam=atmpvc"));
}

Deno.test({
  name:
    "auparse: mutated records print as ausearch -i, --format text and csv print them (needs ausearch)",
  ignore: AUSEARCH === undefined,
  async fn() {
    const sources = [
      ...eventsOf(craftedEvents()),
      ...eventsOf(craftedLog()),
      ...eventsOf(await Deno.readTextFile("tests/testdata/sample-enriched.log")),
    ];
    const path = await Deno.makeTempFile({ suffix: ".log" });
    try {
      for (const seed of [7, 11]) {
        const log = mutatedLog(sources, 800, seed);
        await Deno.writeTextFile(path, log);
        const wantI = (await ausearch(["-i", "-if", path], "UTC")).split("----\n");
        const gotI = interpretLog(log, "UTC").split("----\n");
        assert.ok(wantI.length > 600, "ausearch printed most events");
        assert.deepEqual(unmatched(wantI, gotI).slice(0, 3), [], `-i, seed ${seed}`);
        const gotB = interpretLog(log, "UTC", true).split("----\n");
        assert.deepEqual(unmatched(wantI, gotB).slice(0, 3), [], `-i from bytes, seed ${seed}`);
        for (const format of ["text", "csv"] as const) {
          const want = (await ausearch(["--format", format, "-if", path], "UTC")).split("\n");
          const got = normalizeLog(log, "UTC", format, []).split("\n");
          assert.deepEqual(unmatched(want, got).slice(0, 3), [], `${format}, seed ${seed}`);
        }
      }
    } finally {
      await Deno.remove(path);
    }
  },
});
