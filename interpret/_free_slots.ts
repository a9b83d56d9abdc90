/**
 * The free slots of an event grouper (search's and report's), lowest first
 * (ausearch and aureport put a new event in the first free slot of their
 * array): a bitmap of the slots and a
 * bitmap of its non-empty words, so that taking the lowest costs a few word
 * operations (a binary heap cost a dozen comparisons and moves per event).
 *
 * @module
 */

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** A set of small non-negative integers that hands out its least one. */
export class FreeSlots {
  /** Bit `v & 31` of word `v >> 5`: slot `v` is free. */
  #words = new Int32Array(0);
  /** Bit `w & 31` of word `w >> 5`: word `w` of `#words` is not 0. */
  #summary = new Int32Array(0);
  /** No word of `#summary` before this one is non-zero. */
  #low = 0;
  /** How many slots are free. */
  size = 0;

  /** Makes an empty set. */
  constructor() {
    // Set again at once, before any code runs on them: compiled code then
    // does not take them as constant (a later growth deoptimized the grouper).
    this.#grow(63);
  }

  /** Adds slot `v` (not in the set). */
  add(v: number): void {
    const w = v >> 5;
    if (w >= this.#words.length) this.#grow(w);
    this.#words[w]! |= 1 << (v & 31);
    const s = w >> 5;
    this.#summary[s]! |= 1 << (w & 31);
    if (s < this.#low) this.#low = s;
    this.size++;
  }

  /** Takes the least slot (the set must not be empty). */
  take(): number {
    const summary = this.#summary;
    let s = this.#low;
    while (summary[s] === 0) s++;
    this.#low = s;
    const w = (s << 5) + lowBit(summary[s]!);
    const word = this.#words[w]!;
    const bit = lowBit(word);
    const rest = word & ~(1 << bit);
    this.#words[w] = rest;
    if (rest === 0) summary[s] = summary[s]! & ~(1 << (w & 31));
    this.size--;
    return (w << 5) + bit;
  }

  #grow(w: number): void {
    const words = new Int32Array(Math.max(2 * this.#words.length, w + 1));
    words.set(this.#words);
    this.#words = words;
    const summary = new Int32Array((words.length >> 5) + 1);
    summary.set(this.#summary);
    this.#summary = summary;
  }
}
