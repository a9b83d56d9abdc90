// The -i writer's cache of record bodies: a body is found again by its type
// and bytes only, and everything is dropped when the table or arena is full.
import assert from "node:assert/strict";
import { BodyCache, bodyHash } from "../../interpret/auparse/_body_cache.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function text(c: BodyCache): string {
  return dec(c.arena.subarray(c.textStart, c.textEnd));
}

Deno.test("auparse body cache: found by type and bytes, anywhere in a buffer", () => {
  const c = new BodyCache(4, 1 << 12);
  const line = enc("xx): cwd=/tmp");
  const h = bodyHash(line, 2, line.length, 1307);
  assert.equal(c.find(1307, line, 2, line.length, h), false);
  const out = enc("..cwd=/tmp \n");
  c.add(1307, line, 2, line.length, h, out, 2, out.length);
  const again = enc("yyyy): cwd=/tmp");
  const h2 = bodyHash(again, 4, again.length, 1307);
  assert.equal(h2, h);
  assert.equal(c.find(1307, again, 4, again.length, h2), true);
  assert.equal(text(c), "cwd=/tmp \n");
  // Another type, or other bytes of the same length: not found.
  assert.equal(c.find(1302, again, 4, again.length, bodyHash(again, 4, again.length, 1302)), false);
  const other = enc("yyyy): cwd=/tmq");
  assert.equal(c.find(1307, other, 4, other.length, bodyHash(other, 4, other.length, 1307)), false);
  // The same hash (forced) with other bytes: not found either.
  assert.equal(c.find(1307, other, 4, other.length, h), false);
});

Deno.test("auparse body cache: a full table or arena starts again empty", () => {
  const c = new BodyCache(4, 1 << 10);
  const bodies = ["a=1", "a=2", "a=3", "a=4", "a=5"].map(enc);
  bodies.forEach((b, i) =>
    c.add(1, b, 0, b.length, bodyHash(b, 0, b.length, 1), enc(`t${i}`), 0, 2)
  );
  // The fifth emptied the table of four: only it is kept.
  const kept = bodies.map((b) => c.find(1, b, 0, b.length, bodyHash(b, 0, b.length, 1)));
  assert.deepEqual(kept, [false, false, false, false, true]);
  assert.equal(text(c), "t4");
  // A body and text over a sixteenth of the arena are not kept.
  const big = new Uint8Array(100).fill(65);
  c.add(1, big, 0, big.length, bodyHash(big, 0, 100, 1), big, 0, 100);
  assert.equal(c.find(1, big, 0, big.length, bodyHash(big, 0, 100, 1)), false);
  // Many bodies through a larger arena than the first: all found while they fit.
  const d = new BodyCache(1 << 10, 1 << 22);
  const many = Array.from({ length: 1000 }, (_, i) => enc(`name="/usr/bin/${i}" ${"x".repeat(i)}`));
  many.forEach((b, i) =>
    d.add(2, b, 0, b.length, bodyHash(b, 0, b.length, 2), enc(`out ${i}`), 0, `out ${i}`.length)
  );
  many.forEach((b, i) => {
    assert.equal(d.find(2, b, 0, b.length, bodyHash(b, 0, b.length, 2)), true);
    assert.equal(text(d), `out ${i}`);
  });
});
