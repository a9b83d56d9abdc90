import assert from "node:assert/strict";
import { SerialTable } from "../../parse/_serial_table.ts";

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

Deno.test("serial table: get, set and delete agree with a Map over random operations", () => {
  for (const [seed, spread] of [[1, 64], [2, 1000], [3, 1 << 30], [4, 2 ** 40]] as const) {
    const random = rng(seed);
    const table = new SerialTable<number>();
    const map = new Map<number, number>();
    let next = 0;
    for (let step = 0; step < 50_000; step++) {
      const r = random();
      // Mostly consecutive serials, as audit logs have, some far apart.
      const key = r < 0.5 ? next++ : Math.floor(random() * spread);
      if (r < 0.55 || r > 0.9) {
        table.set(key, step);
        map.set(key, step);
      } else {
        assert.equal(table.delete(key), map.delete(key));
      }
      if (step % 97 === 0) {
        // Keep it around a few dozen keys, as open events are.
        for (const k of [...map.keys()].slice(0, Math.max(0, map.size - 40))) {
          assert.equal(table.delete(k), true);
          map.delete(k);
        }
      }
      assert.equal(table.get(key), map.get(key));
      assert.equal(table.size, map.size);
    }
    for (const [k, v] of map) assert.equal(table.get(k), v);
  }
});

Deno.test("serial table: grows past its first slots and keeps every key", () => {
  const table = new SerialTable<string>();
  for (let i = 0; i < 5000; i++) table.set(i * 4096, `v${i}`);
  assert.equal(table.size, 5000);
  for (let i = 0; i < 5000; i++) assert.equal(table.get(i * 4096), `v${i}`);
  for (let i = 0; i < 5000; i += 2) assert.equal(table.delete(i * 4096), true);
  for (let i = 0; i < 5000; i++) assert.equal(table.get(i * 4096), i % 2 ? `v${i}` : undefined);
  assert.equal(table.delete(1), false);
  assert.equal(table.size, 2500);
});
