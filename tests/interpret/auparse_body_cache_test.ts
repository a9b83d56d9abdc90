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

Deno.test("auparse body cache: a type's last body is found without its hash, until emptied", () => {
  const c = new BodyCache(4, 1 << 10);
  const cwd = enc("): cwd=/tmp");
  const path = enc("): item=0 name=/x");
  assert.equal(c.recent(1307, cwd, 2, cwd.length), false);
  c.add(1307, cwd, 2, cwd.length, bodyHash(cwd, 2, cwd.length, 1307), enc("cwd"), 0, 3);
  c.add(1302, path, 2, path.length, bodyHash(path, 2, path.length, 1302), enc("path"), 0, 4);
  // Elsewhere in another buffer: found by its type's last body.
  const again = enc("xyz): cwd=/tmp");
  assert.equal(c.recent(1307, again, 5, again.length), true);
  assert.equal(text(c), "cwd");
  assert.equal(c.recent(1302, path, 2, path.length), true);
  assert.equal(text(c), "path");
  // Not another type's, nor other bytes (at the end or inside), nor another length.
  assert.equal(c.recent(1302, again, 5, again.length), false);
  for (const other of ["): cwd=/tmq", "): cwd=/Tmp", "): cwd=/tm", "): cwd=/tmpp"]) {
    const b = enc(other);
    assert.equal(c.recent(1307, b, 2, b.length), false, other);
  }
  // The type number 1024 higher shares the slot: still not found.
  assert.equal(c.recent(1307 + 1024, again, 5, again.length), false);
  // Emptied (a full table): nothing recent, and the next kept body is the recent one.
  for (const s of ["a=1", "a=2", "a=3"]) {
    const b = enc(s);
    c.add(9, b, 0, b.length, bodyHash(b, 0, b.length, 9), enc(s), 0, s.length);
  }
  assert.equal(c.recent(1307, again, 5, again.length), false);
  assert.equal(c.recent(9, enc("a=3"), 0, 3), true);
  assert.equal(text(c), "a=3");
});

Deno.test("auparse body cache: a type's last body of each length is found without its hash", () => {
  const c = new BodyCache(8, 1 << 10);
  const item0 = enc("): item=0 name=/usr/bin/true");
  const item1 = enc("): item=1 name=/lib64/ld.so");
  c.add(1302, item0, 2, item0.length, bodyHash(item0, 2, item0.length, 1302), enc("p0"), 0, 2);
  c.add(1302, item1, 2, item1.length, bodyHash(item1, 2, item1.length, 1302), enc("p1"), 0, 2);
  // In turn, as a PATH record's two items come: each is its length's last one.
  for (let k = 0; k < 3; k++) {
    assert.equal(c.recent(1302, item0, 2, item0.length), true);
    assert.equal(text(c), "p0");
    assert.equal(c.recent(1302, item1, 2, item1.length), true);
    assert.equal(text(c), "p1");
  }
  // Another body of the same length is not.
  const other = enc("): item=0 name=/usr/bin/tru3");
  assert.equal(c.recent(1302, other, 2, other.length), false);
});
