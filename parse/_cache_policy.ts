/**
 * The policy the caches by text share (`_text_cache.ts`,
 * `_record_json_cache.ts`, `interpret/event_json_cache.ts`): sets of
 * {@linkcode WAYS} entries kept in order of last use, admission at the
 * third sighting ({@linkcode Sightings}), and a pause when few lookups hit
 * ({@linkcode HitWindow}).
 *
 * Module-private.
 *
 * @module
 */

/** Entries per set. */
export const WAYS = 4;
/** The sighting at which a text (or event) is kept: those seen once or twice leave nothing behind. */
const KEEP_AT = 3;
/** Lookups per window of the hit count. */
const WINDOW = 4096;
/** A window with fewer hits than this pauses the lookups for {@linkcode PAUSE} texts. */
const FEW_HITS = WINDOW >> 4;
/** Texts not looked up after a window of few hits. */
const PAUSE = 15 * WINDOW;

/**
 * How often each recent hash was offered, in a table of `size` slots (a
 * power of two). A hash may sit in either of two slots, and a new one takes
 * the slot of the two whose hash was offered less often: texts seen once
 * (most of them) push out each other, not the counts of texts that recur.
 * With one slot per hash, on corpus40 (RAW) 2,846 offers of events seen five
 * times or more found their count pushed out by another event's and were
 * not kept; the event JSON cache answered 77,172 of 90,060 lookups, now
 * 80,016.
 */
export class Sightings {
  readonly #seen: Int32Array;
  /** How often the text of each `#seen` hash was offered (at most 255). */
  readonly #counts: Uint8Array;
  readonly #mask: number;

  /** A table of `size` (a power of two) slots, by the hashes' high bits. */
  constructor(size: number) {
    this.#seen = new Int32Array(size);
    this.#counts = new Uint8Array(size);
    this.#mask = size - 1;
  }

  /** Counts one more offer of `hash`: whether it has now been offered at least three times. */
  offered(hash: number): boolean {
    const seen = this.#seen;
    const counts = this.#counts;
    const a = (hash >>> 13) & this.#mask;
    const b = (hash ^ (hash >>> 7)) & this.#mask;
    const slot = seen[a] === hash ? a : seen[b] === hash ? b : -1;
    if (slot < 0) {
      const free = counts[b]! < counts[a]! ? b : a;
      seen[free] = hash;
      counts[free] = 1;
      return false;
    }
    const n = counts[slot]!;
    if (n < 255) counts[slot] = n + 1;
    return n + 1 >= KEEP_AT;
  }
}

/**
 * Whether lookups pay: a log whose texts rarely repeat (under 1 in 16 hits
 * in a window of 4096 lookups) would only pay for hashing them, so the
 * lookups then stop for the next 61440 texts before they try again (a
 * sixteenth of the cost, for the same hits on repetitive logs).
 */
export class HitWindow {
  #lookups = 0;
  #hits = 0;
  #paused = 0;

  /** Whether to look the next text up (false while paused; each call passes one text by). */
  active(): boolean {
    if (this.#paused === 0) return true;
    this.#paused--;
    return false;
  }

  /** Counts a lookup (closing a window of few hits pauses the lookups). */
  lookup(): void {
    if (++this.#lookups === WINDOW) {
      if (this.#hits < FEW_HITS) this.#paused = PAUSE;
      this.#lookups = this.#hits = 0;
    }
  }

  /** Counts a hit. */
  hit(): void {
    this.#hits++;
  }
}

/**
 * Moves the entries `base`..`from - 1` of `hashes` and `entries` one place
 * down (over `from`) and puts (`hash`, `entry`) first in the set at `base`.
 */
export function putFirst<T>(
  hashes: Int32Array,
  entries: T[],
  base: number,
  from: number,
  hash: number,
  entry: T,
): void {
  for (let j = from; j > base; j--) {
    hashes[j] = hashes[j - 1]!;
    entries[j] = entries[j - 1]!;
  }
  hashes[base] = hash;
  entries[base] = entry;
}
