/**
 * aureport's counting lists: strings in first-seen order (`slist`) and
 * numbers in ascending order (`ilist`), both sorted by hits, most first,
 * ties keeping their order.
 *
 * @module
 */

/** A string tally (`slist_add_if_uniq` / `slist_sort_by_hits`). */
export class StringTally {
  readonly #hits = new Map<string, number>();

  /** Counts `s` once (`undefined` is ignored, as C ignores NULL). */
  add(s: string | undefined): void {
    if (s === undefined) return;
    this.#hits.set(s, (this.#hits.get(s) ?? 0) + 1);
  }

  /** Counts `s` `n` times (new strings go last). */
  addCount(s: string, n: number): void {
    this.#hits.set(s, (this.#hits.get(s) ?? 0) + n);
  }

  /** Number of distinct strings. */
  get size(): number {
    return this.#hits.size;
  }

  /** `[string, hits]` sorted by hits, most first, stable. */
  sorted(): [string, number][] {
    return [...this.#hits].sort((a, b) => b[1] - a[1]);
  }

  /** `[string, hits]` in first-seen order. */
  entries(): [string, number][] {
    return [...this.#hits];
  }
}

/** A number tally (`ilist_add_if_uniq` / `ilist_sort_by_hits`). */
export class NumberTally {
  readonly #hits = new Map<number, number>();

  /** Counts `n` once. */
  add(n: number): void {
    this.#hits.set(n, (this.#hits.get(n) ?? 0) + 1);
  }

  /** Counts `n` `count` times. */
  addCount(n: number, count: number): void {
    this.#hits.set(n, (this.#hits.get(n) ?? 0) + count);
  }

  /** `[number, hits]` in first-seen order. */
  entries(): [number, number][] {
    return [...this.#hits];
  }

  /** Number of distinct numbers. */
  get size(): number {
    return this.#hits.size;
  }

  /** `[number, hits]`: ascending numbers, then sorted by hits, most first, stable. */
  sorted(): [number, number][] {
    return [...this.#hits].sort((a, b) => a[0] - b[0]).sort((a, b) => b[1] - a[1]);
  }
}
