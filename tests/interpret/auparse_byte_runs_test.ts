// The -i writer's byte runs: `same` compares eight and sixteen bytes at a time
// as doubles, and must still tell +0 from -0 and any one byte changed.
import assert from "node:assert/strict";
import { same } from "../../interpret/_byte_runs.ts";

Deno.test("auparse byte runs: same is byte equality (zeros, -0, a byte changed anywhere)", () => {
  let seed = 12345;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let t = 0; t < 20000; t++) {
    const n = Math.floor(random() * 80);
    const a = new Uint8Array(n + 16);
    const b = new Uint8Array(n + 16);
    const at = Math.floor(random() * 8);
    const start = Math.floor(random() * 8);
    for (let i = 0; i < n; i++) {
      // Many zeros and 0x80 bytes: +0 and -0 as doubles.
      const v = random() < 0.4 ? 0 : random() < 0.2 ? 0x80 : Math.floor(random() * 256);
      a[at + i] = v;
      b[start + i] = v;
    }
    if (random() < 0.5 && n > 0) {
      const i = Math.floor(random() * n);
      b[start + i] = random() < 0.5 ? a[at + i]! ^ 0x80 : (a[at + i]! + 1) & 255;
    }
    let want = true;
    for (let i = 0; i < n; i++) if (a[at + i] !== b[start + i]) want = false;
    const got = same(a, new DataView(a.buffer), at, b, new DataView(b.buffer), start, n);
    assert.equal(got, want, `case ${t}, ${n} bytes`);
  }
  // -0 against +0 in each half of a sixteen-byte turn.
  for (const k of [7, 15]) {
    const a = new Uint8Array(16);
    const b = new Uint8Array(16);
    a[k] = 0x80;
    assert.equal(same(a, new DataView(a.buffer), 0, b, new DataView(b.buffer), 0, 16), false);
  }
});
