/**
 * A small cache of values computed from texts (record bodies, ENRICHED
 * tails), keyed by the text itself: audit logs repeat the same texts again
 * and again, and a hit costs a hash and a comparison of the text instead of
 * parsing it.
 *
 * A text is kept the third time it is offered (a table of recent hashes
 * counts the sightings): texts seen once or twice, most of the misses, leave
 * nothing behind to be collected later (every text kept is promoted to the
 * old generation: on corpus40 a third sighting keeps 4923 texts instead of
 * 6333 for 85.8% hits instead of 87.3%). A cache holds `sets`×{@linkcode WAYS}
 * texts, each set kept in order of last use, so memory stays bounded
 * whatever the input. Values are shared by every caller that gets them and
 * must never be changed.
 *
 * Module-private.
 *
 * @module
 */

import { HitWindow, Sightings, WAYS } from "./_cache_policy.ts";

/**
 * A 32-bit hash of `text[start:end]` for finding a text's set: FNV-1a steps
 * in four lanes (so that the multiplications do not wait for each other) over
 * every fourth character, then every one of the last few. Texts that differ
 * only in skipped characters share a hash, and a set, and are still told
 * apart by comparing them. On corpus40 (RAW) the event JSON cache
 * (`interpret/event_json_cache.ts`) answers 77,172 of 90,060 lookups and
 * builds 1,176 entries, against 75,153 and 2,374 with every other character
 * hashed: events that differ in a skipped character count their sightings
 * together and land in other sets. `parse -i -f json` on its first 50,000
 * lines: 4.5% fewer instructions (1.2% when no body repeats).
 */
export function textHash(text: string, start: number, end: number): number {
  let a = 0x811c9dc5 ^ (end - start);
  let b = 0x01000193;
  let c = 0x9e3779b9;
  let d = 0x85ebca6b;
  let i = start;
  for (; i + 12 < end; i += 16) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i + 4), 0x01000193);
    c = Math.imul(c ^ text.charCodeAt(i + 8), 0x01000193);
    d = Math.imul(d ^ text.charCodeAt(i + 12), 0x01000193);
  }
  for (; i < end; i++) a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^
    Math.imul(d, 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** Values by text, `sets`×4 of them (see the module). */
export class TextCache<T> {
  readonly #mask: number;
  readonly #hashes: Int32Array;
  readonly #texts: (string | undefined)[];
  readonly #values: (T | undefined)[];
  /** Hashes of texts offered before, by their high bits. */
  readonly #sightings: Sightings;
  readonly #window = new HitWindow();

  /** A cache of `sets` sets (a power of two) remembering `seen` (a power of two) first sightings. */
  constructor(sets: number, seen: number) {
    this.#mask = sets - 1;
    this.#hashes = new Int32Array(sets * WAYS);
    this.#texts = new Array(sets * WAYS).fill(undefined);
    this.#values = new Array(sets * WAYS).fill(undefined);
    this.#sightings = new Sightings(seen);
  }

  /**
   * Whether to look the next text up: a log whose texts rarely repeat (under
   * 1 in 16 hits in a window of 4096 lookups) would only pay for hashing
   * them, so the cache then passes by the next 61440 texts before it tries
   * again (a sixteenth of the cost, for the same hits on repetitive logs).
   */
  active(): boolean {
    return this.#window.active();
  }

  /** The value kept for `text` (whose {@linkcode textHash} is `h`), if any. */
  get(text: string, h: number): T | undefined {
    this.#window.lookup();
    const hashes = this.#hashes;
    const texts = this.#texts;
    const base = (h & this.#mask) * WAYS;
    for (let k = base; k < base + WAYS; k++) {
      if (hashes[k] !== h || texts[k] !== text) continue;
      const values = this.#values;
      const hit = values[k]!;
      this.#window.hit();
      if (k === base) return hit;
      // Most recently used first; the kept text stays (`text`, often a view
      // into a whole line, would keep that line and be promoted with it).
      this.#putFirst(base, k, h, texts[k]!, hit);
      return hit;
    }
    return undefined;
  }

  /**
   * Offers `value`, computed from `text` (hash `h`): kept if the text was
   * offered twice before, else only counted. Returns whether it was kept.
   */
  offer(text: string, h: number, value: T): boolean {
    if (!this.#sightings.offered(h)) return false;
    const base = (h & this.#mask) * WAYS;
    this.#putFirst(base, base + WAYS - 1, h, text, value);
    return true;
  }

  /** Moves the entries `base`..`from - 1` one place down (over `from`) and puts the entry first. */
  #putFirst(base: number, from: number, h: number, text: string, value: T): void {
    const hashes = this.#hashes;
    const texts = this.#texts;
    const values = this.#values;
    for (let j = from; j > base; j--) {
      hashes[j] = hashes[j - 1]!;
      texts[j] = texts[j - 1];
      values[j] = values[j - 1];
    }
    hashes[base] = h;
    texts[base] = text;
    values[base] = value;
  }
}
