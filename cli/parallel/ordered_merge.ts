/**
 * Results computed out of order, taken in order: the merge side of a
 * parallel reader (see `chunk_plan.ts`). Results may arrive in any order;
 * {@linkcode OrderedResults.next} waits for the one whose turn it is.
 *
 * @module
 */

/** Results by index (0, 1, …), handed out in index order. */
export class OrderedResults<T> {
  readonly #ready = new Map<number, T>();
  readonly #waiting = new Map<number, (value: T) => void>();
  #next = 0;
  #aborted: { value: T } | undefined;

  /** The index whose result is taken next. */
  get turn(): number {
    return this.#next;
  }

  /** Whether the result whose turn it is has arrived. */
  get headReady(): boolean {
    return this.#ready.has(this.#next);
  }

  /** Delivers the result of `index`. */
  put(index: number, value: T): void {
    const waiter = this.#waiting.get(index);
    if (waiter !== undefined) {
      this.#waiting.delete(index);
      waiter(value);
    } else this.#ready.set(index, value);
  }

  /** The result whose turn it is (waiting for it); the turn moves on. */
  async next(): Promise<T> {
    if (this.#aborted !== undefined) return this.#aborted.value;
    const index = this.#next++;
    const ready = this.#ready.get(index);
    if (ready !== undefined) {
      this.#ready.delete(index);
      return ready;
    }
    return await new Promise<T>((resolve) => this.#waiting.set(index, resolve));
  }

  /** Wakes every waiter with `value` (e.g. undefined after a failure), now and from now on. */
  abort(value: T): void {
    this.#aborted = { value };
    for (const resolve of this.#waiting.values()) resolve(value);
    this.#waiting.clear();
  }
}
