/**
 * A cache from a value's bytes to the bytes printed for it, for the `-i`
 * writer: values of the same field repeat throughout a log (ids, exit
 * codes, modes, capability sets), and their text depends on the value
 * alone.
 *
 * @module
 */

/** One cached value. */
class Entry {
  constructor(
    readonly hash: number,
    readonly key: Uint8Array,
    readonly out: Uint8Array,
    readonly next: Entry | undefined,
  ) {}
}

/** Hash of `b[start..end)` (the cache's key). */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let p = start; p < end; p++) h = (Math.imul(h, 31) + b[p]!) | 0;
  return h;
}

/** Printed bytes by value bytes, cleared when it grows past its limits. */
export class ByteCache {
  #map = new Map<number, Entry>();
  #count = 0;
  #bytes = 0;
  readonly #maxCount: number;
  readonly #maxBytes: number;

  /**
   * Makes an empty cache.
   *
   * @param maxCount Entries kept at most.
   * @param maxBytes Bytes (keys and texts) kept at most.
   */
  constructor(maxCount = 8192, maxBytes = 4 << 20) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
  }

  /** The printed bytes of value `b[start..end)` with hash `hash`, or `undefined`. */
  get(b: Uint8Array, start: number, end: number, hash: number): Uint8Array | undefined {
    const n = end - start;
    for (let e = this.#map.get(hash); e !== undefined; e = e.next) {
      const key = e.key;
      if (key.length !== n || e.hash !== hash) continue;
      let k = 0;
      while (k < n && key[k] === b[start + k]) k++;
      if (k === n) return e.out;
    }
    return undefined;
  }

  /** Remembers `out` (copied) as the printed bytes of value `b[start..end)`; returns the copy. */
  set(b: Uint8Array, start: number, end: number, hash: number, out: Uint8Array): Uint8Array {
    const size = end - start + out.length;
    if (this.#count >= this.#maxCount || this.#bytes + size > this.#maxBytes) {
      this.#map.clear();
      this.#count = 0;
      this.#bytes = 0;
    }
    this.#count++;
    this.#bytes += size;
    const next = this.#map.get(hash);
    const copy = out.slice();
    this.#map.set(hash, new Entry(hash, b.slice(start, end), copy, next));
    return copy;
  }
}
