// TtlCache: expiry, remembered misses, bound.
import assert from "node:assert/strict";
import { TtlCache } from "../../interpret/mod.ts";

Deno.test("ttl cache: hits until expiry, misses remembered for missTtl, oldest dropped", () => {
  let now = 0;
  let calls = 0;
  const cache = new TtlCache<string, string>({
    ttl: 100,
    missTtl: 10,
    maxEntries: 2,
    now: () => now,
  });
  const f = (k: string) => {
    calls++;
    return k === "miss" ? undefined : k.toUpperCase();
  };
  assert.equal(cache.get("a", f), "A");
  assert.equal(cache.get("a", f), "A");
  assert.equal(calls, 1);
  assert.equal(cache.get("miss", f), undefined);
  assert.equal(cache.get("miss", f), undefined);
  assert.equal(calls, 2); // the failure is remembered
  now = 11;
  cache.get("miss", f);
  assert.equal(calls, 3); // ... until missTtl
  now = 101;
  cache.get("a", f);
  assert.equal(calls, 4); // expired
  cache.get("b", f);
  assert.equal(cache.size, 2);
});
