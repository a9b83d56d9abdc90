/**
 * A search in a byte range without a view per call (`subarray(...).indexOf`
 * makes an object each time, garbage on the search's per-line paths).
 * Shared by the search's key test and the `-i` writer.
 *
 * Module-private.
 *
 * @module
 */

/** The first byte `c` in `b[from..end)`, or -1. */
export function findByte(b: Uint8Array, c: number, from: number, end: number): number {
  for (let k = from; k < end; k++) if (b[k] === c) return k;
  return -1;
}
