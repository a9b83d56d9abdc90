/**
 * The report's string tally counts as a plain map would (first-seen order,
 * hits), whatever its cache of recent strings holds: strings of one length
 * and last character share a cache slot, equal strings are different objects.
 */
import assert from "node:assert/strict";
import { StringTally } from "../../interpret/report/_tally.ts";

Deno.test("report tally: counts and order equal a map's", () => {
  const text = Array.from({ length: 400 }, (_, i) => `/usr/bin/p${i % 37}x;/a${i % 5}x;`).join("");
  const t = new StringTally();
  const ref = new Map<string, number>();
  let seed = 7;
  for (let n = 0; n < 20000; n++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // A fresh string each time (cut from the text), often equal to an earlier one.
    const at = text.indexOf(";", seed % (text.length - 40)) + 1;
    const s = text.slice(at, text.indexOf(";", at));
    t.add(s);
    ref.set(s, (ref.get(s) ?? 0) + 1);
    if (n % 3 === 0) {
      t.add(s);
      ref.set(s, ref.get(s)! + 1);
    }
  }
  t.add(undefined);
  t.add("");
  ref.set("", 1);
  assert.deepEqual(t.entries(), [...ref]);
  assert.equal(t.size, ref.size);
  t.addCount("/new", 3);
  t.addCount("/a1x", 2);
  ref.set("/new", 3);
  ref.set("/a1x", ref.get("/a1x")! + 2);
  assert.deepEqual(t.entries(), [...ref]);
  assert.deepEqual(t.sorted(), [...ref].sort((a, b) => b[1] - a[1]));
});
