/**
 * The lookup and keeping that SYSCALL caches keyed by the text around the
 * varying values (`_varying.ts`) share: `_record_json_cache.ts` (stored-shape
 * JSON) and `_syscall_fields.ts` (parsed fields). A text is looked up by the
 * hash of its text around the values, found when the text around them is a
 * kept one's, and kept the third time it is offered when each varying name
 * starts a key once; a log whose records rarely repeat pauses the lookups.
 *
 * Module-private.
 *
 * @module
 */

import { HitWindow, putFirst, Sightings, WAYS } from "./_cache_policy.ts";
import { VaryingValues } from "./_varying.ts";

/** What every kept entry has: which values were taken, and the text around them. */
export interface AroundEntry {
  /** Which of the varying fields were taken (bit k: field k). */
  readonly mask: number;
  /** The text around the values. */
  readonly segments: readonly string[];
}

/** Entries `E` by their text around the varying values (see the module). */
export class AroundCache<E extends AroundEntry> {
  readonly #sets: number;
  readonly #hashes: Int32Array;
  readonly #entries: (E | undefined)[];
  readonly #sightings: Sightings;
  readonly #window = new HitWindow();
  // The last lookup's text and hash, for `offerable` and `keep`.
  #text: string | undefined = undefined;
  #hash = 0;
  /** The varying values of the text last looked up. */
  readonly values: VaryingValues = new VaryingValues();

  /** A cache of `sets` sets (a power of two) that counts sightings of `seen` hashes. */
  constructor(sets: number, seen: number) {
    this.#sets = sets;
    this.#hashes = new Int32Array(sets * WAYS);
    this.#entries = new Array(sets * WAYS).fill(undefined);
    this.#sightings = new Sightings(seen);
  }

  /** The entry kept for the record body `text[start:end]`, if any ({@linkcode values} found). */
  find(text: string, start: number, end: number): E | undefined {
    this.#text = undefined;
    if (!this.#window.active()) return undefined;
    this.#window.lookup();
    const values = this.values;
    values.scan(text, start, end);
    let h = values.hashAround(text, start, end, Math.imul(values.mask + 1, 0x01000193));
    h ^= h >>> 15;
    this.#text = text;
    this.#hash = h;
    const base = (h & (this.#sets - 1)) * WAYS;
    for (let i = base; i < base + WAYS; i++) {
      const entry = this.#entries[i];
      if (
        entry === undefined || this.#hashes[i] !== h || entry.mask !== values.mask ||
        !values.around(text, start, end, entry.segments)
      ) continue;
      this.#window.hit();
      return entry;
    }
    return undefined;
  }

  /** Whether the last lookup, of `text`, looked (it may pause). */
  looked(text: string): boolean {
    return this.#text === text;
  }

  /**
   * Whether an entry for `text` (from `start`), the text of the last
   * {@linkcode find}, which gave nothing, is to be made now: the third time
   * it is offered, when each value's name starts a key once.
   */
  offerable(text: string, start: number): boolean {
    if (text !== this.#text) return false;
    this.#text = undefined;
    return this.#sightings.offered(this.#hash) && this.values.unique(text, start);
  }

  /** Keeps `entry`, made after {@linkcode offerable} said so. */
  keep(entry: E): void {
    const h = this.#hash;
    const base = (h & (this.#sets - 1)) * WAYS;
    putFirst(this.#hashes, this.#entries, base, base + WAYS - 1, h, entry);
  }
}
