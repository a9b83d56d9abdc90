/**
 * Runs of bytes hashed, compared and copied without making a view of each
 * (the `-i` writer's caches and templates, `-k`'s last SYSCALL body): one
 * `DataView` of the array they are in, kept by {@linkcode viewOf}.
 *
 * Module-private.
 *
 * @module
 */

/** The last array given to {@linkcode viewOf}, and its view. */
let lastArray: Uint8Array | undefined;
let lastView: DataView = new DataView(new ArrayBuffer(0));

/**
 * A view of `b` for reading four bytes at once (one load, where putting four
 * byte loads together cost three times as much); kept for the next call, as
 * the records of a read come from one array.
 */
export function viewOf(b: Uint8Array): DataView {
  if (b !== lastArray) {
    lastArray = b;
    lastView = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  return lastView;
}

/** Hash of `b[start..end)` continuing `h`, four bytes at a step. */
export function hashRun(v: DataView, b: Uint8Array, start: number, end: number, h: number): number {
  let p = start;
  for (; p + 8 <= end; p += 8) {
    h = Math.imul(h ^ v.getInt32(p, true), 0x5bd1e995);
    h ^= h >>> 15;
    h = Math.imul(h ^ v.getInt32(p + 4, true), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; p + 4 <= end; p += 4) {
    h = Math.imul(h ^ v.getInt32(p, true), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; p < end; p++) h = Math.imul(h ^ b[p]!, 0x5bd1e995);
  return h;
}

/** Whether `a[at..at+n)` is `b[start..start+n)` (`av`, `bv`: views of them). */
export function same(
  a: Uint8Array,
  av: DataView,
  at: number,
  b: Uint8Array,
  bv: DataView,
  start: number,
  n: number,
): boolean {
  let k = 0;
  // Eight bytes at a time as doubles: equal doubles are equal bytes, but for
  // +0 and -0 (and NaNs are never equal): the words decide then. Sixteen
  // bytes a turn first (half the loop's own work).
  for (; k + 16 <= n; k += 16) {
    const x = av.getFloat64(at + k, true);
    const y = av.getFloat64(at + k + 8, true);
    if (
      x !== bv.getFloat64(start + k, true) || y !== bv.getFloat64(start + k + 8, true) ||
      x === 0 || y === 0
    ) break;
  }
  for (; k + 8 <= n; k += 8) {
    const x = av.getFloat64(at + k, true);
    if (x !== bv.getFloat64(start + k, true) || x === 0) break;
  }
  for (; k + 4 <= n; k += 4) {
    if (av.getInt32(at + k, true) !== bv.getInt32(start + k, true)) return false;
  }
  for (; k < n; k++) if (a[at + k] !== b[start + k]) return false;
  return true;
}

/** Copies `from[start..end)` to `to[at..]` (no view made: nothing for the collector). */
export function put(
  to: Uint8Array,
  at: number,
  from: Uint8Array,
  start: number,
  end: number,
): void {
  for (let k = start; k < end; k++) to[at++] = from[k]!;
}
