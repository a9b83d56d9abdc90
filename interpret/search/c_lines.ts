/**
 * The lines of a run of bytes as ausearch reads them: each ends at its
 * `\n`, and its text at its first NUL byte, as in the C strings ausearch
 * reads (a crash leaves NUL padding in a log).
 *
 * @module
 */

/**
 * Walks the lines of `buf`: after each {@linkcode CLines.next} that returns
 * true, `buf[start..last)` is the line's text and `end` its `\n` (or the
 * run's end).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLines } from "@libaudit/libaudit/interpret";
 * const lines = new CLines(new TextEncoder().encode("a=1\nb\0=2\n"));
 * const seen: number[][] = [];
 * while (lines.next()) seen.push([lines.start, lines.last, lines.end]);
 * assert.deepEqual(seen, [[0, 3, 3], [4, 5, 8]]);
 * ```
 */
export class CLines {
  /** Where the line starts. */
  start: number = 0;
  /** Where its text ends: its first NUL byte, else {@linkcode end}. */
  last: number = 0;
  /** Where it ends: its `\n`, or the run's end. */
  end: number = -1;
  readonly #buf: Uint8Array;
  /** The next NUL byte at or after the line's start (the run's length: none). */
  #nul: number;

  /**
   * A walker of `buf`'s lines.
   *
   * @param buf Whole lines (the last may lack its `\n`).
   * @param mayHaveNul False when `buf` is known to hold no NUL byte (no search for one).
   */
  constructor(buf: Uint8Array, mayHaveNul = true) {
    this.#buf = buf;
    const nul = mayHaveNul ? buf.indexOf(0) : -1;
    this.#nul = nul < 0 ? buf.length : nul;
  }

  /** Moves to the next line; false after the last one. */
  next(): boolean {
    const buf = this.#buf;
    const start = this.start = this.end + 1;
    if (start >= buf.length) return false;
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    let last = end;
    if (this.#nul < end) {
      last = this.#nul;
      const nul = buf.indexOf(0, end);
      this.#nul = nul < 0 ? buf.length : nul;
    }
    this.end = end;
    this.last = last;
    return true;
  }
}
