/**
 * The `-i` writer's text of whole record bodies (all after the time
 * stamp), by record type and the body's bytes: a log repeats bodies a great
 * deal (the same PATH, CWD, PROCTITLE and EXECVE records, and often the same
 * SYSCALL record), and with names that never change a body's text depends
 * on nothing else. Bodies and texts are kept in one byte arena and
 * found through an open-addressing table of numbers: nothing is allocated
 * per body (a cache of objects made the collector copy each new one).
 *
 * @module
 */

import { hashRun, same, viewOf } from "../_byte_runs.ts";

/** A hash of `b[start..end)` and `type`, four bytes at a step. */
export function bodyHash(b: Uint8Array, start: number, end: number, type: number): number {
  return hashRun(viewOf(b), b, start, end, Math.imul(type, 0x9e3779b1) ^ (end - start));
}

/** Slots of {@linkcode BodyCache}'s recent bodies (a power of two). */
const RECENT_SLOTS = 4096;

/** The recent-body slot of a body of `type`, `n` bytes long. */
function recentSlot(type: number, n: number): number {
  return ((type << 6) ^ n) & (RECENT_SLOTS - 1);
}

/** Bodies' texts, all dropped at once when the arena or the table is full. */
export class BodyCache {
  /** Entry number + 1 by hash (0: empty); twice as many as the entries kept. */
  readonly #slots: Int32Array;
  /** Per entry: hash, type, body start, body length, text start, text length. */
  readonly #entries: Int32Array;
  #count = 0;
  /**
   * Entry number + 1 of the body last found or kept of each record type
   * and body length (by {@linkcode recentSlot}; 0: none): a record's body is
   * often its type's last one of that length (the same CWD, PROCTITLE,
   * SYSCALL record again; a PATH record's item 0 and item 1 in turn), found
   * then without a hash or a probe.
   */
  readonly #recent = new Int32Array(RECENT_SLOTS);
  /**
   * Bodies and texts, `#arena[0..#used)`: all its bytes at once (memory is
   * only taken as it is written), as a field never set again lets compiled
   * code rely on it (growing it deoptimized the writer and compiled it again).
   */
  readonly #arena: Uint8Array;
  /** A view of `#arena` (four bytes compared at once). */
  readonly #arenaView: DataView;
  #used = 0;
  readonly #maxCount: number;
  readonly #maxBytes: number;
  /** Where the text found by the last {@linkcode find} is in {@linkcode arena}. */
  textStart = 0;
  /** Where it ends. */
  textEnd = 0;
  /** The entry of the last text found. */
  #found = 0;
  /** The hash of the body {@linkcode lookup} last hashed. */
  #hash = 0;
  /**
   * A view of each entry's text, made when first found again: copying from
   * it needs no new view per record (one per record was a tenth of the
   * writer's time).
   */
  readonly #views: (Uint8Array | undefined)[];

  /**
   * Makes an empty cache.
   *
   * @param maxCount Bodies kept at most (a power of two).
   * @param maxBytes Bytes (bodies and texts) kept at most.
   */
  constructor(maxCount = 1 << 14, maxBytes = 4 << 20) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
    this.#slots = new Int32Array(2 * maxCount);
    this.#entries = new Int32Array(6 * maxCount);
    this.#arena = new Uint8Array(maxBytes);
    this.#arenaView = new DataView(this.#arena.buffer);
    this.#views = new Array(maxCount).fill(undefined);
  }

  /** The text found by the last {@linkcode find} or {@linkcode recent} (valid until the next {@linkcode add}). */
  text(): Uint8Array {
    const e = this.#found;
    return this.#views[e] ??= this.#arena.subarray(this.textStart, this.textEnd);
  }

  /** The bytes of the bodies and texts (valid until the next {@linkcode add}). */
  get arena(): Uint8Array {
    return this.#arena;
  }

  /**
   * Whether the body of `type` and length last found or kept is `b[start..end)`; its
   * text is then `arena[textStart..textEnd)`.
   */
  recent(type: number, b: Uint8Array, start: number, end: number): boolean {
    const e = this.#recent[recentSlot(type, end - start)]! - 1;
    if (e < 0 || e >= this.#count) return false;
    const entries = this.#entries;
    const x = 6 * e;
    if (entries[x + 1] !== type || entries[x + 3] !== end - start) return false;
    const av = this.#arenaView;
    const bv = viewOf(b);
    const at = entries[x + 2]! - start;
    // The last bytes first: bodies that differ only there (a counter at the end) fail at once.
    if (end - start >= 4 && av.getInt32(at + end - 4, true) !== bv.getInt32(end - 4, true)) {
      return false;
    }
    if (!same(this.#arena, av, at + start, b, bv, start, end - start)) return false;
    this.#found = e;
    this.textStart = entries[x + 4]!;
    this.textEnd = this.textStart + entries[x + 5]!;
    return true;
  }

  /**
   * Whether a body of `type`, `b[start..end)`, is kept ({@linkcode recent},
   * else {@linkcode find}); its text is then {@linkcode text}, else
   * {@linkcode addLast} keeps it.
   */
  lookup(type: number, b: Uint8Array, start: number, end: number): boolean {
    if (this.recent(type, b, start, end)) return true;
    this.#hash = bodyHash(b, start, end, type);
    return this.find(type, b, start, end, this.#hash);
  }

  /** {@linkcode add} with the hash of the body {@linkcode lookup} did not find. */
  addLast(
    type: number,
    b: Uint8Array,
    start: number,
    end: number,
    text: Uint8Array,
    from: number,
    to: number,
  ): void {
    this.add(type, b, start, end, this.#hash, text, from, to);
  }

  /**
   * Whether a body of `type`, `b[start..end)`, whose {@linkcode bodyHash} is
   * `hash`, is kept; its text is then `arena[textStart..textEnd)`.
   */
  find(type: number, b: Uint8Array, start: number, end: number, hash: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    const entries = this.#entries;
    const bv = viewOf(b);
    const n = end - start;
    for (let i = hash & mask;; i = (i + 1) & mask) {
      const e = slots[i]! - 1;
      if (e < 0) return false;
      const x = 6 * e;
      if (entries[x] !== hash || entries[x + 1] !== type || entries[x + 3] !== n) continue;
      if (!same(this.#arena, this.#arenaView, entries[x + 2]!, b, bv, start, n)) continue;
      this.#recent[recentSlot(type, n)] = e + 1;
      this.#found = e;
      this.textStart = entries[x + 4]!;
      this.textEnd = this.textStart + entries[x + 5]!;
      return true;
    }
  }

  /** Keeps `text[from..to)` as the text of a body of `type`, `b[start..end)` (hash `hash`). */
  add(
    type: number,
    b: Uint8Array,
    start: number,
    end: number,
    hash: number,
    text: Uint8Array,
    from: number,
    to: number,
  ): void {
    const size = end - start + to - from;
    if (size > this.#maxBytes >> 4) return;
    if (this.#count >= this.#maxCount || this.#used + size > this.#maxBytes) {
      this.#slots.fill(0);
      this.#recent.fill(0);
      this.#views.fill(undefined);
      this.#count = 0;
      this.#used = 0;
    }
    const arena = this.#arena;
    const bodyAt = this.#used;
    arena.set(b.subarray(start, end), bodyAt);
    const textAt = bodyAt + end - start;
    arena.set(text.subarray(from, to), textAt);
    this.#used = textAt + to - from;
    const e = this.#count++;
    this.#recent[recentSlot(type, end - start)] = e + 1;
    const x = 6 * e;
    const entries = this.#entries;
    entries[x] = hash;
    entries[x + 1] = type;
    entries[x + 2] = bodyAt;
    entries[x + 3] = end - start;
    entries[x + 4] = textAt;
    entries[x + 5] = to - from;
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = hash & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }
}
