/**
 * A cache from a value's bytes to the bytes printed for it, for the `-i`
 * writer: values of the same field repeat throughout a log (ids, exit
 * codes, modes, capability sets), and their text depends on the value
 * alone.
 *
 * @module
 */

/** One cached value. */
class Entry<T> {
  constructor(
    readonly hash: number,
    readonly key: Uint8Array,
    readonly out: T,
    readonly next: Entry<T> | undefined,
  ) {}
}

/** Hash of `b[start..end)` (the cache's key). */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let p = start; p < end; p++) h = (Math.imul(h, 31) + b[p]!) | 0;
  return h;
}

/**
 * Values (printed bytes, parsed text) by the bytes they come from, cleared
 * when it grows past its limits.
 */
export class ByteCache<T = Uint8Array> {
  #map = new Map<number, Entry<T>>();
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
  constructor(maxCount = 8192, maxBytes = 1 << 20) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
  }

  /** The value kept for `b[start..end)` (whose hash is `hash`), or `undefined`. */
  get(b: Uint8Array, start: number, end: number, hash: number): T | undefined {
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

  /**
   * Keeps `out` for `b[start..end)` (whose hash is `hash`); `size` counts
   * toward the limit of bytes with the key's length. Returns `out`.
   */
  set(b: Uint8Array, start: number, end: number, hash: number, out: T, size: number): T {
    size += end - start;
    if (this.#count >= this.#maxCount || this.#bytes + size > this.#maxBytes) {
      this.#map.clear();
      this.#count = 0;
      this.#bytes = 0;
    }
    this.#count++;
    this.#bytes += size;
    const next = this.#map.get(hash);
    this.#map.set(hash, new Entry(hash, b.slice(start, end), out, next));
    return out;
  }
}
