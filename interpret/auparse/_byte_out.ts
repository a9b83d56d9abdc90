/**
 * The `-i` writer's output: bytes gathered in one growing buffer, with the
 * escaping of auparse's `--escape` modes done on bytes.
 *
 * @module
 */

import { escapedBytes } from "./_escape.ts";
import { nibble } from "./_byte_scan.ts";
import { isXDigit } from "../_cstr.ts";
import { findByte } from "../_bytes.ts";
import type { EscapeMode } from "./types.ts";

const ENCODER = new TextEncoder();
const SPACE = new Uint8Array([32]);

/** Output bytes: {@linkcode buf}`[0..`{@linkcode length}`)`. */
export class ByteOut {
  /** The output: `buf[0..length)`. */
  buf: Uint8Array = new Uint8Array(0);
  /** Bytes written. */
  length = 0;
  /** Escape control characters (every mode but `raw`). */
  readonly #controls: boolean;
  /** Bytes the shell modes put a backslash before. */
  readonly #set: Uint8Array | undefined;

  /**
   * Makes an empty output.
   *
   * @param mode How text is escaped.
   */
  constructor(mode: EscapeMode) {
    this.#controls = mode !== "raw";
    this.#set = escapedBytes(mode);
    // Set again at once, before any code runs on it: compiled code then does
    // not take it as constant (a later growth deoptimized the writers).
    this.buf = new Uint8Array(1 << 16);
  }

  /** Room for `n` more bytes; returns the buffer. */
  room(n: number): Uint8Array {
    if (this.length + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    return this.buf;
  }

  /** Appends `b[start..end)`. */
  copy(b: Uint8Array, start: number, end: number): void {
    const o = this.room(end - start);
    let p = this.length;
    if (end - start > 96) o.set(b.subarray(start, end), p);
    else for (let k = start; k < end; k++) o[p++] = b[k]!;
    this.length += end - start;
  }

  /** Appends all of `b` (past a few bytes by one native copy: no view is made). */
  copyAll(b: Uint8Array): void {
    const n = b.length;
    const o = this.room(n);
    let p = this.length;
    if (n > 24) o.set(b, p);
    else for (let k = 0; k < n; k++) o[p++] = b[k]!;
    this.length += n;
  }

  /** Appends all of `b` in one native copy (a short array too: no byte loop). */
  put(b: Uint8Array): void {
    const n = b.length;
    this.room(n).set(b, this.length);
    this.length += n;
  }

  /** Appends one byte. */
  byte(c: number): void {
    this.room(1)[this.length++] = c;
  }

  /** Appends text as UTF-8. */
  text(s: string): void {
    const o = this.room(3 * s.length);
    let p = this.length;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        this.length += ENCODER.encodeInto(s, o.subarray(this.length)).written;
        return;
      }
      o[p++] = c;
    }
    this.length = p;
  }

  /** Writes `b[start..end)` escaped (the bytes are ASCII). */
  escaped(b: Uint8Array, start: number, end: number): void {
    const o = this.room(4 * (end - start));
    const set = this.#set;
    const controls = this.#controls;
    let p = this.length;
    for (let k = start; k < end; k++) {
      const c = b[k]!;
      p = putEscaped(o, p, c, set, controls);
    }
    this.length = p;
  }

  /**
   * Quoted or hex text (`print_escaped`, `print_proctitle`) decoded into the
   * output, escaped; false (nothing written) when it needs the general path.
   */
  decoded(b: Uint8Array, vs: number, ve: number, title: boolean): boolean {
    if (b[vs] === 34) {
      const close = findByte(b, 34, vs + 1, ve);
      if (close < 0) this.escaped(SPACE, 0, 1);
      else this.escaped(b, vs + 1, close);
      this.byte(32);
      return true;
    }
    const n = ve - vs;
    if (n < 2 || (n & 1) !== 0 || (b[vs] === 48 && b[vs + 1] === 48)) return false;
    const o = this.room(2 * n + 1);
    const mark = this.length;
    const set = this.#set;
    const controls = this.#controls;
    let p = mark;
    for (let k = vs; k < ve; k += 2) {
      const h = b[k]!;
      const l = b[k + 1]!;
      if (!isXDigit(h) || !isXDigit(l)) {
        this.length = mark;
        return false;
      }
      let c = (nibble(h) << 4) | nibble(l);
      if (c === 0) {
        if (!title) break;
        c = 32;
      }
      if (c >= 0x80) {
        this.length = mark;
        return false;
      }
      p = putEscaped(o, p, c, set, controls);
    }
    o[p++] = 32;
    this.length = p;
    return true;
  }
}

/**
 * Writes byte `c` at `o[p]` escaped: a control character as `\ooo` when
 * `controls`, a byte of `set` after a backslash; returns the next position.
 */
function putEscaped(
  o: Uint8Array,
  p: number,
  c: number,
  set: Uint8Array | undefined,
  controls: boolean,
): number {
  if (c < 32 && controls) {
    o[p] = 92;
    o[p + 1] = 48 + ((c >> 6) & 3);
    o[p + 2] = 48 + ((c >> 3) & 7);
    o[p + 3] = 48 + (c & 7);
    return p + 4;
  }
  if (set !== undefined && set[c] === 1) o[p++] = 92;
  o[p] = c;
  return p + 1;
}
