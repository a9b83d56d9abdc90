// Differential test: records mutated at random (fixed seeds) are printed by
// ausearch and by us; every event ausearch prints must be ours byte for byte.
// ausearch drops records it cannot parse; those are not compared. Its
// `saddr_fam=atmpvc` reads past a short buffer (heap garbage) and is skipped.
import assert from "node:assert/strict";
import {
  AUSEARCH,
  ausearch,
  craftedEvents,
  craftedLog,
  interpretLog,
  normalizeLog,
} from "./auparse_oracle.ts";

const ALPHABET = " =\"'(),:{}0123456789abcdefABCDEFxyz-_.%";

function eventsOf(text: string): string[][] {
  const events = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const key = /audit\((\d+\.\d+:\d+)\)/.exec(line)?.[1] ?? line;
    let list = events.get(key);
    if (list === undefined) events.set(key, list = []);
    list.push(line);
  }
  return [...events.values()];
}

/** A log of `count` events copied from `sources`, one record of each mutated. */
function mutatedLog(sources: string[][], count: number, seed: number): string {
  let s = seed;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = sources[rnd(sources.length)]!.map((l) => {
      const type = l.slice(0, l.indexOf(" msg="));
      const ms = String(i % 1000).padStart(3, "0");
      return `${type} msg=audit(${1795570700 + i}.${ms}:${90000 + i}): ${
        l.slice(l.indexOf("): ") + 3)
      }`;
    });
    const r = rnd(event.length);
    const line = event[r]!;
    const head = line.indexOf("): ") + 3;
    let body = line.slice(head);
    for (let j = 0, k = 1 + rnd(4); j < k; j++) {
      const p = rnd(body.length + 1);
      const c = ALPHABET[rnd(ALPHABET.length)]!;
      const op = rnd(3);
      if (op === 0) body = body.slice(0, p) + c + body.slice(p + 1);
      else if (op === 1) body = body.slice(0, p) + c + body.slice(p);
      else body = body.slice(0, p) + body.slice(p + 1 + rnd(5));
    }
    event[r] = line.slice(0, head) + body;
    out.push(...event);
  }
  return out.join("\n") + "\n";
}

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
