/**
 * What a run of log lines may hold, found four bytes at a time: ENRICHED
 * separators to look for, control characters to escape, bytes past ASCII
 * to decode with care. The search reads its input in such runs and decides
 * once per run.
 *
 * @module
 */

/** A line may hold the ENRICHED separator `\x1d` (look for it). */
export const MAY_BE_ENRICHED = 1;
/** A line may hold control characters (escape it for output). */
export const MAY_HAVE_CONTROLS = 2;
/** A line may hold bytes past ASCII. */
export const MAY_BE_NON_ASCII = 4;

/** The flags of one byte (a plain function: a closure over the flags was twice as slow). */
function byteFlags(c: number): number {
  if (c >= 0x80) return MAY_BE_NON_ASCII;
  if (c === 0x1d) return MAY_BE_ENRICHED;
  return c < 32 && c !== 10 ? MAY_HAVE_CONTROLS : 0;
}

/** Bit 7 set in each byte of `y` that is 0, exactly (no borrow crosses a byte). */
function equalBytes(y: number): number {
  return ~((((y & 0x7f7f7f7f) + 0x7f7f7f7f) | 0) | y) & 0x80808080;
}

/**
 * {@linkcode MAY_BE_ENRICHED}, {@linkcode MAY_HAVE_CONTROLS} (a control
 * character other than `\n` and ENRICHED's `\x1d`) and
 * {@linkcode MAY_BE_NON_ASCII} for the lines in `buf`, four bytes at a time
 * ({@linkcode LineIndex.scan}, whose line breaks are dropped: for runs, keep
 * one {@linkcode LineIndex}).
 *
 * @param buf Whole lines.
 * @returns The flags.
 */
export function lineFlagsOf(buf: Uint8Array): number {
  return new LineIndex().scan(buf);
}

/** Whether this machine stores the bytes of a word lowest first (the word scan assumes it). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The line breaks of a run of bytes and its {@linkcode lineFlagsOf}, found
 * in one pass four bytes at a time (a native search per line cost a call
 * each).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LineIndex } from "@libaudit/libaudit/interpret";
 * const index = new LineIndex();
 * const flags = index.scan(new TextEncoder().encode("a=1\nb=\x1d2\n\nc"));
 * assert.equal(flags, 1);
 * assert.deepEqual([...index.ends.subarray(0, index.count)], [3, 8, 9]);
 * ```
 */
export class LineIndex {
  /** The offsets of the `\n` bytes of the run last scanned (the first {@linkcode count}). */
  ends: Int32Array = new Int32Array(4096);
  /** How many `\n` bytes it has. */
  count = 0;
  /** The offsets of its ENRICHED separators `\x1d` (the first {@linkcode sepCount}). */
  seps: Int32Array = new Int32Array(4096);
  /** How many `\x1d` bytes it has. */
  sepCount = 0;
  #flags = 0;

  /**
   * Finds the line breaks and separators of `buf` and returns its flags.
   *
   * @param buf Whole lines (the last may lack its `\n`).
   * @returns {@linkcode lineFlagsOf}`(buf)`.
   */
  scan(buf: Uint8Array): number {
    const n = buf.length;
    this.count = 0;
    this.sepCount = 0;
    this.#flags = 0;
    if (!LITTLE_ENDIAN) {
      this.#bytes(buf, 0, n);
      return this.#flags;
    }
    let i = 0;
    while (i < n && ((buf.byteOffset + i) & 3) !== 0) i++;
    this.#bytes(buf, 0, i);
    const count = (n - i) >> 2;
    if (count > 0) this.#words(new Int32Array(buf.buffer, buf.byteOffset + i, count), i);
    this.#bytes(buf, i + 4 * count, n);
    return this.#flags;
  }

  /** The bytes `buf[from..to)` one at a time. */
  #bytes(buf: Uint8Array, from: number, to: number): void {
    let flags = this.#flags;
    for (let j = from; j < to; j++) {
      const c = buf[j]!;
      if (c === 10) {
        if (this.count === this.ends.length) this.#grow(1);
        this.ends[this.count++] = j;
      } else {
        if (c === 0x1d) {
          if (this.sepCount === this.seps.length) this.#grow(2);
          this.seps[this.sepCount++] = j;
        }
        flags |= byteFlags(c);
      }
    }
    this.#flags = flags;
  }

  /** The words of the run, from its offset `at`. */
  #words(words: Int32Array, at: number): void {
    let flags = this.#flags;
    let high = 0;
    let k = this.count;
    let s = this.sepCount;
    let ends = this.ends;
    let seps = this.seps;
    const count = words.length;
    // Pairs of words with no byte below 0x20 (most) are passed at once.
    let w = 0;
    for (; w < count; w++) {
      for (; w + 1 < count; w += 2) {
        const x0 = words[w]!;
        const x1 = words[w + 1]!;
        const any = (~(((x0 & 0x7f7f7f7f) + 0x60606060) | 0) & ~x0) |
          (~(((x1 & 0x7f7f7f7f) + 0x60606060) | 0) & ~x1);
        if ((any & 0x80808080) !== 0) break;
        high |= x0 | x1;
      }
      if (w >= count) break;
      const x = words[w]!;
      high |= x;
      // As in lineFlagsOf: bit 7 of each byte below 0x20, exactly.
      const below = ~(((x & 0x7f7f7f7f) + 0x60606060) | 0) & ~x & 0x80808080;
      if (below === 0) continue;
      const nl = equalBytes(x ^ 0x0a0a0a0a);
      const other = below & ~nl;
      const base = at + 4 * w;
      if (other !== 0) {
        const gs = equalBytes(x ^ 0x1d1d1d1d);
        if (gs !== 0) {
          flags |= MAY_BE_ENRICHED;
          if (s + 4 > seps.length) {
            this.sepCount = s;
            seps = this.#grow(2);
          }
          if (gs & 0x80) seps[s++] = base;
          if (gs & 0x8000) seps[s++] = base + 1;
          if (gs & 0x800000) seps[s++] = base + 2;
          if (gs & 0x80000000) seps[s++] = base + 3;
        }
        if ((other & ~gs) !== 0) flags |= MAY_HAVE_CONTROLS;
      }
      if (nl === 0) continue;
      // Byte by byte (lowest first): no arithmetic on bit 31.
      if (k + 4 > ends.length) {
        this.count = k;
        ends = this.#grow(1);
      }
      if (nl & 0x80) ends[k++] = base;
      if (nl & 0x8000) ends[k++] = base + 1;
      if (nl & 0x800000) ends[k++] = base + 2;
      if (nl & 0x80000000) ends[k++] = base + 3;
    }
    if (high & 0x80808080) flags |= MAY_BE_NON_ASCII;
    this.count = k;
    this.sepCount = s;
    this.#flags = flags;
  }

  /**
   * Runs every path of {@linkcode scan} on a few bytes, a few times: its
   * loop runs long enough in the first real run to be compiled there, and
   * code compiled before a path had run left it at each run's first line
   * break (a hundred deoptimizations; half the scan's time).
   */
  static {
    const bytes = new Uint8Array(64);
    // Plain bytes (pairs of words passed at once), then each kind in turn.
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = i < 24 ? 0x61 : [0x61, 0x0a, 0x1d, 0x01, 0xc3][i % 5]!;
    }
    const index = new LineIndex();
    index.ends = new Int32Array(1);
    index.seps = new Int32Array(1);
    for (let k = 0; k < 16; k++) index.scan(bytes.subarray(k & 3, 64 - (k >> 2)));
  }

  /** More room in `ends` (`which` 1) or `seps` (2); returns the grown one. */
  #grow(which: number): Int32Array {
    if (which === 1) {
      const ends = new Int32Array(2 * this.ends.length + 4);
      ends.set(this.ends);
      return this.ends = ends;
    }
    const seps = new Int32Array(2 * this.seps.length + 4);
    seps.set(this.seps);
    return this.seps = seps;
  }
}
