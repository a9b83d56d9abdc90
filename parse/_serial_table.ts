/**
 * The reassembler's open events by serial number: a hash table that never
 * allocates once grown (private).
 *
 * A `Map` that fills and empties all the time (events open and complete, a
 * few dozen at a time) is rebuilt by V8 whenever it shrinks below a quarter
 * or fills up with deleted entries, and once the `Map` lives in the old
 * generation each new table is allocated there too: on a 400 MB log a third
 * of everything that reached the old generation (34 of 106 MB) was the
 * `Map`'s tables, garbage for full collections to find. This table uses open
 * addressing with linear probing and backward-shift deletion (no deleted
 * markers), grows to keep at most half its slots used, and never shrinks.
 *
 * @module
 */

/** Slots of a new table (it grows when half of them are used). */
const INITIAL_SLOTS = 128;

/** A map from serial numbers (non-negative integers) to values; see the module doc. */
export class SerialTable<V> {
  #keys: Float64Array;
  #used: Uint8Array;
  #values: (V | undefined)[];
  #mask: number;
  #shift: number;
  #size = 0;

  /** An empty table. */
  constructor() {
    this.#keys = new Float64Array(INITIAL_SLOTS);
    this.#used = new Uint8Array(INITIAL_SLOTS);
    this.#values = new Array<V | undefined>(INITIAL_SLOTS).fill(undefined);
    this.#mask = INITIAL_SLOTS - 1;
    this.#shift = 32 - Math.log2(INITIAL_SLOTS);
  }

  /** How many keys are in the table. */
  get size(): number {
    return this.#size;
  }

  #home(key: number): number {
    // Both halves of a serial up to 2^53 into 32 bits, then Fibonacci hashing.
    return Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> this.#shift;
  }

  /** The slot of `key`, or -1. */
  #find(key: number): number {
    const keys = this.#keys, used = this.#used, mask = this.#mask;
    for (let i = this.#home(key);; i = (i + 1) & mask) {
      if (used[i] === 0) return -1;
      if (keys[i] === key) return i;
    }
  }

  /** The value of `key`, or undefined. */
  get(key: number): V | undefined {
    const i = this.#find(key);
    return i < 0 ? undefined : this.#values[i];
  }

  /** Sets the value of `key`. */
  set(key: number, value: V): void {
    const keys = this.#keys, used = this.#used, mask = this.#mask;
    let i = this.#home(key);
    for (; used[i] !== 0; i = (i + 1) & mask) {
      if (keys[i] === key) {
        this.#values[i] = value;
        return;
      }
    }
    keys[i] = key;
    used[i] = 1;
    this.#values[i] = value;
    if (++this.#size * 2 > keys.length) this.#grow();
  }

  /** Removes `key`; whether it was there. */
  delete(key: number): boolean {
    let i = this.#find(key);
    if (i < 0) return false;
    const keys = this.#keys, used = this.#used, values = this.#values, mask = this.#mask;
    // Moves back each following entry of the run that `i` now breaks.
    for (let j = (i + 1) & mask; used[j] !== 0; j = (j + 1) & mask) {
      const home = this.#home(keys[j]!);
      // The entry at j may fill slot i when its home is not cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      keys[i] = keys[j]!;
      values[i] = values[j];
      i = j;
    }
    used[i] = 0;
    values[i] = undefined;
    this.#size--;
    return true;
  }

  #grow(): void {
    const keys = this.#keys, used = this.#used, values = this.#values;
    const slots = keys.length * 2;
    this.#keys = new Float64Array(slots);
    this.#used = new Uint8Array(slots);
    this.#values = new Array<V | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
    this.#shift--;
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) if (used[i] !== 0) this.set(keys[i]!, values[i]!);
  }
}
