import assert from "node:assert/strict";
import {
  lineFlagsOf,
  MAY_BE_ENRICHED,
  MAY_BE_NON_ASCII,
  MAY_HAVE_CONTROLS,
} from "../../interpret/search/mod.ts";

/** The flags byte by byte, as the doc of lineFlagsOf says. */
function reference(buf: Uint8Array): number {
  let flags = 0;
  for (const c of buf) {
    if (c >= 0x80) flags |= MAY_BE_NON_ASCII;
    else if (c === 0x1d) flags |= MAY_BE_ENRICHED;
    else if (c < 32 && c !== 10) flags |= MAY_HAVE_CONTROLS;
  }
  return flags;
}

Deno.test("lineFlagsOf: word-at-a-time masks equal the byte-by-byte flags at every alignment", () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  // Bytes around every boundary the masks test (0x0a, 0x1d, 0x20, 0x80).
  const odd = [0, 9, 10, 11, 13, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0x8a, 0x9d, 0xff];
  for (let t = 0; t < 50000; t++) {
    const n = Math.floor(rnd() * 40);
    const buf = new Uint8Array(n + 3).subarray(Math.floor(rnd() * 4));
    for (let i = 0; i < buf.length; i++) {
      buf[i] = rnd() < 0.85 ? 0x41 + Math.floor(rnd() * 26) : odd[Math.floor(rnd() * odd.length)]!;
    }
    assert.equal(lineFlagsOf(buf), reference(buf), JSON.stringify([...buf]));
  }
});
