/**
 * The events still open for records, found by time stamp, serial and node
 * (aureport's event table scan): chains of events in buckets chosen by
 * serial, each chain in creation order, linked through the events
 * themselves, so finding, adding and removing an event makes no object and
 * hashes nothing (serials of a log are close together: few share a bucket).
 *
 * @module
 */

/** An event as the table links it. */
export interface OpenEvent<E extends OpenEvent<E>> {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  /** The next event of its bucket (kept by the table). */
  nextOpen: E | undefined;
}

/** Buckets at first (a power of 2). */
const FIRST_BUCKETS = 4096;

/** Open events by serial, in creation order among those of one serial. */
export class OpenEvents<E extends OpenEvent<E>> {
  #buckets: (E | undefined)[] = new Array<E | undefined>(FIRST_BUCKETS).fill(undefined);
  #mask = FIRST_BUCKETS - 1;
  #size = 0;

  /** The first open event with this stamp and node, in creation order. */
  find(sec: number, milli: number, serial: number, node: string | undefined): E | undefined {
    let e = this.#buckets[(serial >>> 0) & this.#mask];
    while (
      e !== undefined &&
      (e.serial !== serial || e.sec !== sec || e.milli !== milli || e.node !== node)
    ) e = e.nextOpen;
    return e;
  }

  /** Adds `e` after the open events created before it. */
  add(e: E): void {
    if (this.#size >= 2 * this.#buckets.length) this.#grow();
    this.#append(this.#buckets, (e.serial >>> 0) & this.#mask, e);
    this.#size++;
  }

  /** Removes `e` (when it is open). */
  remove(e: E): void {
    const b = (e.serial >>> 0) & this.#mask;
    let prev: E | undefined;
    let at = this.#buckets[b];
    while (at !== undefined && at !== e) {
      prev = at;
      at = at.nextOpen;
    }
    if (at === undefined) return;
    if (prev === undefined) this.#buckets[b] = e.nextOpen;
    else prev.nextOpen = e.nextOpen;
    e.nextOpen = undefined;
    this.#size--;
  }

  /** Calls `f` on every open event and empties the table. */
  drainAll(f: (e: E) => void): void {
    const buckets = this.#buckets;
    for (let b = 0; b < buckets.length; b++) {
      let e = buckets[b];
      buckets[b] = undefined;
      while (e !== undefined) {
        const next = e.nextOpen;
        e.nextOpen = undefined;
        f(e);
        e = next;
      }
    }
    this.#size = 0;
  }

  #append(buckets: (E | undefined)[], b: number, e: E): void {
    e.nextOpen = undefined;
    let at = buckets[b];
    if (at === undefined) {
      buckets[b] = e;
      return;
    }
    while (at.nextOpen !== undefined) at = at.nextOpen;
    at.nextOpen = e;
  }

  /** Twice the buckets; each chain's order is kept (one serial stays in one bucket). */
  #grow(): void {
    const old = this.#buckets;
    const buckets = new Array<E | undefined>(old.length * 2).fill(undefined);
    const tails = new Array<E | undefined>(buckets.length).fill(undefined);
    const mask = buckets.length - 1;
    for (let b = 0; b < old.length; b++) {
      let e = old[b];
      while (e !== undefined) {
        const next = e.nextOpen;
        const to = (e.serial >>> 0) & mask;
        e.nextOpen = undefined;
        const tail = tails[to];
        if (tail === undefined) buckets[to] = e;
        else tail.nextOpen = e;
        tails[to] = e;
        e = next;
      }
    }
    this.#buckets = buckets;
    this.#mask = mask;
  }
}
