/**
 * A small binary min-heap of numbers (aureport's free event-table slots).
 *
 * @module
 */

/** A binary min-heap of numbers. */
export class NumberHeap {
  readonly #a: number[] = [];

  /** Number of items. */
  get size(): number {
    return this.#a.length;
  }

  /** Adds a number. */
  push(v: number): void {
    const a = this.#a;
    let i = a.length;
    a.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = a[p]!;
      if (pv <= v) break;
      a[i] = pv;
      i = p;
    }
    a[i] = v;
  }

  /** Removes and returns the least number (`undefined` when empty). */
  pop(): number | undefined {
    const a = this.#a;
    const n = a.length;
    if (n === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (n > 1) {
      const len = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= len) break;
        let m = l;
        if (l + 1 < len && a[l + 1]! < a[l]!) m = l + 1;
        if (a[m]! >= last) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
