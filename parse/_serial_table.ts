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
 * Its slots are plain arrays (an empty slot's key is NaN), not typed ones:
 * a reassembler made per range (parallel `parse`) would otherwise allocate
 * two `ArrayBuffer`s each time.
 *
 * @module
 */

/** Slots of a new table (it grows when half of them are used). */
const INITIAL_SLOTS = 128;

/** A map from serial numbers (non-negative integers) to values; see the module doc. */
export class SerialTable<V> {
  /** Each slot's key, NaN when the slot is empty. */
  #keys: number[];
  #values: (V | undefined)[];
  #mask: number;
  #shift: number;
  #size = 0;

  /** An empty table. */
  constructor() {
    this.#keys = new Array<number>(INITIAL_SLOTS).fill(NaN);
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
    const keys = this.#keys, mask = this.#mask;
    for (let i = this.#home(key);; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) return i;
      if (k !== k) return -1; // NaN: empty
    }
  }

  /** The value of `key`, or undefined. */
  get(key: number): V | undefined {
    const i = this.#find(key);
    return i < 0 ? undefined : this.#values[i];
  }

  /** Sets the value of `key`. */
  set(key: number, value: V): void {
    const keys = this.#keys, mask = this.#mask;
    let i = this.#home(key);
    for (let k = keys[i]!; k === k; k = keys[i = (i + 1) & mask]!) {
      if (k === key) {
        this.#values[i] = value;
        return;
      }
    }
    keys[i] = key;
    this.#values[i] = value;
    if (++this.#size * 2 > keys.length) this.#grow();
  }

  /** Removes `key`; whether it was there. */
  delete(key: number): boolean {
    let i = this.#find(key);
    if (i < 0) return false;
    const keys = this.#keys, values = this.#values, mask = this.#mask;
    // Moves back each following entry of the run that `i` now breaks.
    for (let j = (i + 1) & mask; keys[j] === keys[j]; j = (j + 1) & mask) {
      const home = this.#home(keys[j]!);
      // The entry at j may fill slot i when its home is not cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      keys[i] = keys[j]!;
      values[i] = values[j];
      i = j;
    }
    keys[i] = NaN;
    values[i] = undefined;
    this.#size--;
    return true;
  }

  #grow(): void {
    const keys = this.#keys, values = this.#values;
    const slots = keys.length * 2;
    this.#keys = new Array<number>(slots).fill(NaN);
    this.#values = new Array<V | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
    this.#shift--;
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === k) this.set(k, values[i]!);
    }
  }
}
