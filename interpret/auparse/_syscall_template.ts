/**
 * The `-i` writer's text of SYSCALL records as templates: a busy host's
 * SYSCALL records differ in `a0`–`a3`, `pid` and `ppid` from one call to
 * the next (a whole-body cache almost never finds them), while their text
 * around these values repeats (the same program, syscall, ids, key). Where
 * the writer printed such a value as it is (`pid=1234`, `a0=0x1234`: a
 * plain field, or an argument its syscall has no interpreter for), another
 * value prints the same way: the record's text is then the text around the
 * values, kept once, with the new values put back in.
 *
 * A value is a hole of a template only where the writer said it printed it
 * as it is ({@linkcode SyscallTemplates.hole}) and the bytes printed are the
 * value's; every other value found (one the syscall interprets, `a0` and
 * `a1` when an interpreter read them, one inside a quoted text) must be the
 * same byte for byte. The values found are runs of `[0-9a-f]` followed by a
 * space or the message's end: replacing one by another cannot change how
 * the record splits into fields.
 *
 * Module-private.
 *
 * @module
 */

import type { ByteOut } from "./_byte_out.ts";

/** Names whose values are taken, by number: `a0`–`a3`, `ppid`, `pid`. */
const COUNT = 6;
/** Longer values stay in the text (no pid or 64-bit argument is longer). */
const MAX_VALUE = 20;

/** One template: a record's text around its values. */
class Template {
  constructor(
    /** {@linkcode SyscallTemplates} hash of the text around the values. */
    readonly hash: number,
    /** The body without the values. */
    readonly stable: Uint8Array,
    /** A view of `stable`. */
    readonly view: DataView,
    /** Field number of each value found, in the order of the text. */
    readonly fields: Int32Array,
    /** Where each value was, in `stable`. */
    readonly cuts: Int32Array,
    /** Each value that must be the same (`undefined`: a hole). */
    readonly values: (Uint8Array | undefined)[],
    /** The printed text without the holes' values. */
    readonly text: Uint8Array,
    /** Where each value goes in `text` (-1: not a hole). */
    readonly textCuts: Int32Array,
    /** The template kept before with the same hash. */
    readonly next: Template | undefined,
  ) {}
}

/** Whether `c` is `[0-9a-f]`. */
function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** A view of `b` for reading four bytes at once, kept for the next call. */
let lastArray: Uint8Array | undefined;
let lastView: DataView = new DataView(new ArrayBuffer(0));
function viewOf(b: Uint8Array): DataView {
  if (b !== lastArray) {
    lastArray = b;
    lastView = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  return lastView;
}

/** Hash of `b[start..end)` continuing `h`, four bytes at a step. */
function hashRun(v: DataView, b: Uint8Array, start: number, end: number, h: number): number {
  let p = start;
  for (; p + 4 <= end; p += 4) {
    h = Math.imul(h ^ v.getInt32(p, true), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; p < end; p++) h = Math.imul(h ^ b[p]!, 0x5bd1e995);
  return h;
}

/** Whether `a[at..at+n)` is `b[start..start+n)` (`av`, `bv`: views of them). */
function same(
  a: Uint8Array,
  av: DataView,
  at: number,
  b: Uint8Array,
  bv: DataView,
  start: number,
  n: number,
): boolean {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    if (av.getInt32(at + k, true) !== bv.getInt32(start + k, true)) return false;
  }
  for (; k < n; k++) if (a[at + k] !== b[start + k]) return false;
  return true;
}

/** Whether short `a` is `b[start..start+a.length)`. */
function sameValue(a: Uint8Array, b: Uint8Array, start: number): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[start + k]) return false;
  return true;
}

/** SYSCALL records' texts, by the text around their varying values. */
export class SyscallTemplates {
  #map = new Map<number, Template>();
  #count = 0;
  #bytes = 0;
  readonly #maxCount: number;
  readonly #maxBytes: number;
  /** The template last found or kept. */
  #last: Template | undefined = undefined;
  /** The template found by the last {@linkcode find}. */
  #found: Template | undefined = undefined;
  // The record scanned last: its values, in the order of the text.
  readonly #starts = new Int32Array(COUNT);
  readonly #ends = new Int32Array(COUNT);
  readonly #fields = new Int32Array(COUNT);
  #n = 0;
  /** Bytes of the values found. */
  #valueBytes = 0;
  #hash = 0;
  /** Output position of each value printed as it is, by order (-1: none). */
  readonly #holes = new Int32Array(COUNT);

  /**
   * Makes an empty cache.
   *
   * @param maxCount Templates kept at most.
   * @param maxBytes Bytes (texts) kept at most.
   */
  constructor(maxCount = 4096, maxBytes = 4 << 20) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
  }

  /**
   * Whether a template fits the SYSCALL record body `b[from..lineEnd)`
   * whose message ends at `end`; then {@linkcode write} writes its text.
   * Otherwise the writer prints the record, telling {@linkcode hole} where,
   * and {@linkcode add} keeps it.
   */
  find(b: Uint8Array, from: number, end: number, lineEnd: number): boolean {
    this.#scan(b, from, end);
    this.#holes.fill(-1);
    const last = this.#last;
    if (last !== undefined && this.#fits(last, b, from, lineEnd)) {
      this.#found = last;
      return true;
    }
    const h = this.#hashOf(b, from, lineEnd);
    this.#hash = h;
    for (let t = this.#map.get(h); t !== undefined; t = t.next) {
      if (t.hash === h && this.#fits(t, b, from, lineEnd)) {
        this.#found = this.#last = t;
        return true;
      }
    }
    return false;
  }

  /** Writes the text of the template found, with the record's values (of `b`), into `out`. */
  write(out: ByteOut, b: Uint8Array): void {
    const t = this.#found!;
    const text = t.text;
    const cuts = t.textCuts;
    let prev = 0;
    for (let j = 0; j < cuts.length; j++) {
      const at = cuts[j]!;
      if (at < 0) continue;
      out.copy(text, prev, at);
      out.copy(b, this.#starts[j]!, this.#ends[j]!);
      prev = at;
    }
    out.copy(text, prev, text.length);
  }

  /**
   * Tells that the value starting at `vs` (if one found) is printed as it is,
   * at `outAt` in the output, whatever the value.
   */
  hole(vs: number, outAt: number): void {
    const starts = this.#starts;
    for (let j = 0; j < this.#n; j++) {
      if (starts[j] === vs) {
        this.#holes[j] = outAt;
        return;
      }
    }
  }

  /**
   * Keeps the text `out[mark..length)` printed for the body `b[from..lineEnd)`
   * that {@linkcode find} did not find. `argsRead`: an interpreter read
   * `a0` and `a1` (their values must then be the same).
   */
  add(
    b: Uint8Array,
    from: number,
    lineEnd: number,
    out: Uint8Array,
    mark: number,
    length: number,
    argsRead: boolean,
  ): void {
    const n = this.#n;
    const starts = this.#starts;
    const ends = this.#ends;
    const fields = this.#fields;
    const holes = this.#holes;
    // The holes: values printed as they are, in order in the output.
    let prevOut = mark;
    for (let j = 0; j < n; j++) {
      const at = holes[j]!;
      const len = ends[j]! - starts[j]!;
      if (
        at < prevOut || at + len > length || (argsRead && fields[j]! <= 1) ||
        !sameValue(out.subarray(at, at + len), b, starts[j]!)
      ) {
        holes[j] = -1;
        continue;
      }
      prevOut = at + len;
    }
    let stableLength = lineEnd - from;
    let textLength = length - mark;
    for (let j = 0; j < n; j++) {
      stableLength -= ends[j]! - starts[j]!;
      if (holes[j]! >= 0) textLength -= ends[j]! - starts[j]!;
    }
    const size = stableLength + textLength;
    if (this.#count >= this.#maxCount || this.#bytes + size > this.#maxBytes) {
      this.#map.clear();
      this.#count = 0;
      this.#bytes = 0;
      this.#last = undefined;
    }
    const stable = new Uint8Array(stableLength);
    const cuts = new Int32Array(n);
    const values: (Uint8Array | undefined)[] = [];
    const text = new Uint8Array(textLength);
    const textCuts = new Int32Array(n);
    let sp = 0;
    let prev = from;
    let tp = 0;
    let prevText = mark;
    for (let j = 0; j < n; j++) {
      const s = starts[j]!;
      const e = ends[j]!;
      stable.set(b.subarray(prev, s), sp);
      sp += s - prev;
      cuts[j] = sp;
      prev = e;
      const at = holes[j]!;
      if (at < 0) {
        values.push(b.slice(s, e));
        textCuts[j] = -1;
        continue;
      }
      values.push(undefined);
      text.set(out.subarray(prevText, at), tp);
      tp += at - prevText;
      textCuts[j] = tp;
      prevText = at + e - s;
    }
    stable.set(b.subarray(prev, lineEnd), sp);
    text.set(out.subarray(prevText, length), tp);
    const h = this.#hash;
    const t = new Template(
      h,
      stable,
      new DataView(stable.buffer),
      fields.slice(0, n),
      cuts,
      values,
      text,
      textCuts,
      this.#map.get(h),
    );
    this.#map.set(h, t);
    this.#count++;
    this.#bytes += size;
    this.#last = t;
  }

  /**
   * Finds in `b[from..end)` the first value of each of ` a0=`… ` a3=`,
   * ` ppid=`, ` pid=` that is 1 to {@linkcode MAX_VALUE} characters
   * `[0-9a-f]` followed by a space or `end`.
   */
  #scan(b: Uint8Array, from: number, end: number): void {
    const starts = this.#starts;
    const ends = this.#ends;
    const fields = this.#fields;
    let n = 0;
    let seen = 0;
    let bytes = 0;
    for (let p = from + 5; p < end; p++) {
      if (b[p] !== 61) continue;
      const c = b[p - 1]!;
      let k = -1;
      if (c >= 48 && c <= 51) {
        if (b[p - 2] === 97 && b[p - 3] === 32) k = c - 48;
      } else if (c === 100 && b[p - 2] === 105 && b[p - 3] === 112) {
        if (b[p - 4] === 32) k = 5;
        else if (b[p - 4] === 112 && b[p - 5] === 32) k = 4;
      }
      if (k < 0 || (seen & (1 << k)) !== 0) continue;
      let q = p + 1;
      const limit = Math.min(end, q + MAX_VALUE + 1);
      while (q < limit && isLowerHex(b[q]!)) q++;
      if (q === p + 1 || q - p - 1 > MAX_VALUE || (q < end && b[q] !== 32)) continue;
      seen |= 1 << k;
      starts[n] = p + 1;
      ends[n] = q;
      fields[n] = k;
      bytes += q - p - 1;
      n++;
      if (n === COUNT) break;
      p = q;
    }
    this.#n = n;
    this.#valueBytes = bytes;
  }

  /** Hash of `b[from..lineEnd)` without the values found, and where they were. */
  #hashOf(b: Uint8Array, from: number, lineEnd: number): number {
    const v = viewOf(b);
    let h = Math.imul(this.#n + 1, 0x9e3779b1);
    let prev = from;
    for (let j = 0; j < this.#n; j++) {
      const s = this.#starts[j]!;
      h = hashRun(v, b, prev, s, h ^ (s - prev) ^ (this.#fields[j]! << 24));
      prev = this.#ends[j]!;
    }
    return hashRun(v, b, prev, lineEnd, h ^ (lineEnd - prev));
  }

  /** Whether template `t` fits the record scanned, body `b[from..lineEnd)`. */
  #fits(t: Template, b: Uint8Array, from: number, lineEnd: number): boolean {
    const n = this.#n;
    const fields = t.fields;
    const stable = t.stable;
    if (fields.length !== n || stable.length !== lineEnd - from - this.#valueBytes) return false;
    const starts = this.#starts;
    const ends = this.#ends;
    const sv = t.view;
    const bv = viewOf(b);
    const cuts = t.cuts;
    let prev = from;
    let sp = 0;
    for (let j = 0; j < n; j++) {
      const s = starts[j]!;
      if (fields[j] !== this.#fields[j] || cuts[j] !== sp + s - prev) return false;
      if (!same(stable, sv, sp, b, bv, prev, s - prev)) return false;
      sp += s - prev;
      prev = ends[j]!;
      const value = t.values[j];
      if (value !== undefined && (value.length !== prev - s || !sameValue(value, b, s))) {
        return false;
      }
    }
    return stable.length - sp === lineEnd - prev &&
      same(stable, sv, sp, b, bv, prev, lineEnd - prev);
  }
}
