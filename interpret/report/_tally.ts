/**
 * aureport's counting lists: strings in first-seen order (`slist`) and
 * numbers in ascending order (`ilist`), both sorted by hits, most first,
 * ties keeping their order.
 *
 * @module
 */

/** A hit counter (one map lookup per hit). */
interface Hits {
  n: number;
}

/** A string's hit counter, with the string the map holds. */
interface StringHits extends Hits {
  readonly key: string;
}

/** `[key, hits]` of a map of counters, in insertion order. */
function counted<K>(m: Map<K, Hits>): [K, number][] {
  const out: [K, number][] = [];
  for (const [k, h] of m) out.push([k, h.n]);
  return out;
}

/** Slots of a {@linkcode StringTally}'s cache of recent strings (a power of 2). */
const RECENT = 64;

/** A string tally (`slist_add_if_uniq` / `slist_sort_by_hits`). */
export class StringTally {
  readonly #hits = new Map<string, StringHits>();
  // The last string counted: a run of the same value needs no hashing.
  #lastKey: string | undefined;
  #lastHits: Hits = { n: 0 };
  // Strings counted lately (the map's own keys), by length and last character:
  // a value that comes back is compared, not hashed (a fresh string's hash is
  // computed from all its characters, a comparison stops at the first difference).
  readonly #recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(
    undefined,
  );
  readonly #recentHits: StringHits[] = new Array<StringHits>(RECENT).fill({ n: 0, key: "" });

  /** Counts `s` once (`undefined` is ignored, as C ignores NULL). */
  add(s: string | undefined): void {
    if (s === undefined) return;
    if (s === this.#lastKey) {
      this.#lastHits.n++;
      return;
    }
    const len = s.length;
    const slot = (len * 31 + (len === 0 ? 0 : s.charCodeAt(len - 1))) & (RECENT - 1);
    let h: StringHits | undefined;
    if (this.#recentKeys[slot] === s) h = this.#recentHits[slot]!;
    else {
      h = this.#hits.get(s);
      if (h === undefined) this.#hits.set(s, h = { n: 0, key: s });
      // The map's key, not `s`: no other string (nor the text it was cut from) is held on to.
      this.#recentKeys[slot] = h.key;
      this.#recentHits[slot] = h;
    }
    h.n++;
    this.#lastKey = s;
    this.#lastHits = h;
  }

  /** Counts `s` `n` times (new strings go last). */
  addCount(s: string, n: number): void {
    const h = this.#hits.get(s);
    if (h === undefined) this.#hits.set(s, { n, key: s });
    else h.n += n;
  }

  /** Number of distinct strings. */
  get size(): number {
    return this.#hits.size;
  }

  /** `[string, hits]` sorted by hits, most first, stable. */
  sorted(): [string, number][] {
    return counted(this.#hits).sort((a, b) => b[1] - a[1]);
  }

  /** `[string, hits]` in first-seen order. */
  entries(): [string, number][] {
    return counted(this.#hits);
  }
}

/** A number tally (`ilist_add_if_uniq` / `ilist_sort_by_hits`). */
export class NumberTally {
  readonly #hits = new Map<number, Hits>();

  /** Counts `n` once. */
  add(n: number): void {
    const h = this.#hits.get(n);
    if (h === undefined) this.#hits.set(n, { n: 1 });
    else h.n++;
  }

  /** Counts `n` `count` times. */
  addCount(n: number, count: number): void {
    const h = this.#hits.get(n);
    if (h === undefined) this.#hits.set(n, { n: count });
    else h.n += count;
  }

  /** `[number, hits]` in first-seen order. */
  entries(): [number, number][] {
    return counted(this.#hits);
  }

  /** Number of distinct numbers. */
  get size(): number {
    return this.#hits.size;
  }

  /** `[number, hits]`: ascending numbers, then sorted by hits, most first, stable. */
  sorted(): [number, number][] {
    return counted(this.#hits).sort((a, b) => a[0] - b[0]).sort((a, b) => b[1] - a[1]);
  }
}
