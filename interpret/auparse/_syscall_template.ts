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
import { hashRun, put, same, viewOf } from "../_byte_runs.ts";
import { LastRecord } from "./_last_record.ts";

/** Names whose values are taken, by number: `a0`–`a3`, `ppid`, `pid`. */
const COUNT = 6;
/** Longer values stay in the text (no pid or 64-bit argument is longer). */
const MAX_VALUE = 20;

// An entry: HASH, N (values found), STABLE (at, length), TEXT (at, length) in
// the arena, then per value found: its field number, where it was in the
// stable text, where its bytes are in the arena (-1: a hole) and how many,
// and where it goes in the text (-1: not a hole).
const HASH = 0;
const N = 1;
const STABLE = 2;
const TEXT = 4;
const VALUES = 6;
const PER_VALUE = 5;
const STRIDE = VALUES + PER_VALUE * COUNT;

/** 1 for the bytes `[0-9a-f]`. */
const LOWER_HEX = new Uint8Array(256);
for (const c of "0123456789abcdef") LOWER_HEX[c.charCodeAt(0)] = 1;

/** SYSCALL records' texts, by the text around their varying values. */
export class SyscallTemplates {
  /** Entry number + 1 by hash (0: empty); twice as many as the entries kept. */
  readonly #slots: Int32Array;
  /** {@linkcode STRIDE} numbers per entry. */
  readonly #entries: Int32Array;
  #count = 0;
  /** Stable texts, values and printed texts, `#arena[0..#used)`. */
  readonly #arena: Uint8Array;
  readonly #arenaView: DataView;
  #used = 0;
  readonly #maxCount: number;
  readonly #maxBytes: number;
  /** A view of each entry's text after its last hole, made when first written. */
  readonly #tails: (Uint8Array | undefined)[];
  /** A view of each entry's text before its first hole, made when first written. */
  readonly #heads: (Uint8Array | undefined)[];
  /** The entry last found or kept (-1: none). */
  #last = -1;
  /**
   * Templates found, and records the last one did not fit (both halved now
   * and then): where templates are seldom found (records that do not
   * repeat), only one record in 16 is looked up and kept.
   */
  #hits = 0;
  #misses = 0;
  /** Whether the record {@linkcode find} did not find is to be kept. */
  #keep = false;
  /** The last record written, whole (-1 in `#from`: the record found is not it). */
  readonly #record = new LastRecord();
  #from = -1;
  #lineEnd = -1;
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
   * @param maxCount Templates kept at most (a power of two).
   * @param maxBytes Bytes (texts and values) kept at most.
   */
  constructor(maxCount = 1 << 12, maxBytes = 2 << 20) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
    this.#slots = new Int32Array(2 * maxCount);
    this.#entries = new Int32Array(STRIDE * maxCount);
    this.#arena = new Uint8Array(maxBytes);
    this.#arenaView = new DataView(this.#arena.buffer);
    this.#tails = new Array(maxCount).fill(undefined);
    this.#heads = new Array(maxCount).fill(undefined);
  }

  /**
   * Whether a template fits the SYSCALL record body `b[from..lineEnd)`
   * whose message ends at `end`; then {@linkcode write} writes its text.
   * Otherwise the writer prints the record, telling {@linkcode hole} where,
   * and {@linkcode add} keeps it.
   */
  find(b: Uint8Array, from: number, end: number, lineEnd: number): boolean {
    if (this.#record.matches(b, from, lineEnd)) {
      this.#from = -1;
      return true;
    }
    this.#from = from;
    this.#lineEnd = lineEnd;
    if (this.#last >= 0 && this.#fitsLast(b, from, end, lineEnd)) {
      this.#hits++;
      return true;
    }
    if (++this.#misses > 4096) {
      this.#misses >>= 1;
      this.#hits >>= 1;
    }
    this.#keep = this.#misses <= 256 || this.#hits >= this.#misses >> 2 ||
      (this.#misses & 15) === 0;
    if (!this.#keep) return false;
    this.#scan(b, from, end);
    this.#holes.fill(-1);
    const h = this.#hashOf(b, from, lineEnd);
    this.#hash = h;
    const slots = this.#slots;
    const mask = slots.length - 1;
    const entries = this.#entries;
    for (let i = h & mask;; i = (i + 1) & mask) {
      const e = slots[i]! - 1;
      if (e < 0) return false;
      if (entries[STRIDE * e + HASH] === h && this.#fits(e, b, from, lineEnd)) {
        this.#last = e;
        this.#hits++;
        return true;
      }
    }
  }

  /** Writes the text of the template found, with the record's values (of `b`), into `out`. */
  write(out: ByteOut, b: Uint8Array): void {
    if (this.#from < 0) return out.copyAll(this.#record.text());
    const mark = out.length;
    const e = this.#last;
    const entries = this.#entries;
    const x = STRIDE * e;
    const arena = this.#arena;
    const starts = this.#starts;
    const ends = this.#ends;
    const at = entries[x + TEXT]!;
    const o = out.room(entries[x + TEXT + 1]! + this.#valueBytes);
    let p = out.length;
    let prev = at;
    for (let j = 0, v = x + VALUES; j < this.#n; j++, v += PER_VALUE) {
      const cut = at + entries[v + 4]!;
      if (cut < at) continue;
      if (prev === at && cut - at > 32) {
        const head = this.#heads[e] ??= arena.subarray(at, cut);
        o.set(head, p);
        p += head.length;
      } else for (let k = prev; k < cut; k++) o[p++] = arena[k]!;
      for (let k = starts[j]!; k < ends[j]!; k++) o[p++] = b[k]!;
      prev = cut;
    }
    const tail = this.#tails[e] ??= arena.subarray(prev, at + entries[x + TEXT + 1]!);
    if (tail.length > 64) o.set(tail, p);
    else for (let k = 0; k < tail.length; k++) o[p + k] = tail[k]!;
    out.length = p + tail.length;
    this.#record.keep(b, this.#from, this.#lineEnd, out.buf, mark, out.length);
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
    if (!this.#keep) return;
    this.#keep = false;
    this.#record.keep(b, from, lineEnd, out, mark, length);
    const n = this.#n;
    const starts = this.#starts;
    const ends = this.#ends;
    const fields = this.#fields;
    const holes = this.#holes;
    // The holes: values printed as they are, in order in the output.
    let prevOut = mark;
    let holeBytes = 0;
    for (let j = 0; j < n; j++) {
      const at = holes[j]!;
      const s = starts[j]!;
      const len = ends[j]! - s;
      let ok = at >= prevOut && at + len <= length && !(argsRead && fields[j]! <= 1);
      for (let k = 0; ok && k < len; k++) ok = out[at + k] === b[s + k];
      if (!ok) {
        holes[j] = -1;
        continue;
      }
      prevOut = at + len;
      holeBytes += len;
    }
    // Every value's bytes are kept (a hole's are not used): one copy of the body.
    const size = lineEnd - from + length - mark - holeBytes;
    if (size > this.#maxBytes >> 4) return;
    if (this.#count >= this.#maxCount || this.#used + size > this.#maxBytes) {
      this.#slots.fill(0);
      this.#tails.fill(undefined);
      this.#heads.fill(undefined);
      this.#count = 0;
      this.#used = 0;
      this.#last = -1;
    }
    const arena = this.#arena;
    const e = this.#count++;
    const x = STRIDE * e;
    const entries = this.#entries;
    entries[x + HASH] = this.#hash;
    entries[x + N] = n;
    // The stable text, then the values.
    const stableAt = this.#used;
    let p = stableAt;
    let prev = from;
    for (let j = 0; j < n; j++) {
      put(arena, p, b, prev, starts[j]!);
      p += starts[j]! - prev;
      entries[x + VALUES + PER_VALUE * j] = fields[j]!;
      entries[x + VALUES + PER_VALUE * j + 1] = p - stableAt;
      prev = ends[j]!;
    }
    put(arena, p, b, prev, lineEnd);
    p += lineEnd - prev;
    entries[x + STABLE] = stableAt;
    entries[x + STABLE + 1] = p - stableAt;
    for (let j = 0; j < n; j++) {
      const v = x + VALUES + PER_VALUE * j;
      const len = ends[j]! - starts[j]!;
      entries[v + 3] = len;
      if (holes[j]! >= 0) {
        entries[v + 2] = -1;
        continue;
      }
      entries[v + 2] = p;
      put(arena, p, b, starts[j]!, ends[j]!);
      p += len;
    }
    // The printed text without the holes.
    const textAt = p;
    let prevText = mark;
    for (let j = 0; j < n; j++) {
      const v = x + VALUES + PER_VALUE * j;
      const at = holes[j]!;
      if (at < 0) {
        entries[v + 4] = -1;
        continue;
      }
      put(arena, p, out, prevText, at);
      p += at - prevText;
      entries[v + 4] = p - textAt;
      prevText = at + ends[j]! - starts[j]!;
    }
    put(arena, p, out, prevText, length);
    p += length - prevText;
    entries[x + TEXT] = textAt;
    entries[x + TEXT + 1] = p - textAt;
    this.#used = p;
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = this.#hash & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
    this.#last = e;
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
      while (q < limit && LOWER_HEX[b[q]!] === 1) q++;
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

  /**
   * Whether the template last found or kept fits body `b[from..lineEnd)`,
   * message end `end`, read along it: the same text around values (of
   * 1 to {@linkcode MAX_VALUE} characters `[0-9a-f]`, followed by a space or
   * `end`) where it has them, the same values where they are not holes.
   * Such a record's values are those {@linkcode scan} finds: the scan
   * reads the text around them, and they hold no space or `=`.
   */
  #fitsLast(b: Uint8Array, from: number, end: number, lineEnd: number): boolean {
    const entries = this.#entries;
    const x = STRIDE * this.#last;
    const n = entries[x + N]!;
    const arena = this.#arena;
    const av = this.#arenaView;
    const bv = viewOf(b);
    const starts = this.#starts;
    const ends = this.#ends;
    const fields = this.#fields;
    const stableAt = entries[x + STABLE]!;
    const stableEnd = stableAt + entries[x + STABLE + 1]!;
    // The last bytes first (always text around the values, unless a value
    // ends the body): bodies that differ only there (a counter at the end) fail at once.
    if (
      n > 0 && stableEnd - 4 >= stableAt + entries[x + VALUES + PER_VALUE * (n - 1) + 1]! &&
      lineEnd - 4 >= from && av.getInt32(stableEnd - 4, true) !== bv.getInt32(lineEnd - 4, true)
    ) {
      return false;
    }
    let prev = from;
    let sp = 0;
    let bytes = 0;
    for (let j = 0, v = x + VALUES; j < n; j++, v += PER_VALUE) {
      const cut = entries[v + 1]!;
      const s = prev + cut - sp;
      if (s >= end || !same(arena, av, stableAt + sp, b, bv, prev, cut - sp)) return false;
      let q = s;
      const limit = Math.min(end, s + MAX_VALUE + 1);
      while (q < limit && LOWER_HEX[b[q]!] === 1) q++;
      if (q === s || q - s > MAX_VALUE || (q < end && b[q] !== 32)) return false;
      const at = entries[v + 2]!;
      if (at >= 0 && (entries[v + 3] !== q - s || !same(arena, av, at, b, bv, s, q - s))) {
        return false;
      }
      starts[j] = s;
      ends[j] = q;
      fields[j] = entries[v]!;
      bytes += q - s;
      sp = cut;
      prev = q;
    }
    if (entries[x + STABLE + 1]! - sp !== lineEnd - prev) return false;
    if (!same(arena, av, stableAt + sp, b, bv, prev, lineEnd - prev)) return false;
    this.#n = n;
    this.#valueBytes = bytes;
    return true;
  }

  /** Whether entry `e` fits the record scanned, body `b[from..lineEnd)`. */
  #fits(e: number, b: Uint8Array, from: number, lineEnd: number): boolean {
    const entries = this.#entries;
    const x = STRIDE * e;
    const n = this.#n;
    if (entries[x + N] !== n || entries[x + STABLE + 1] !== lineEnd - from - this.#valueBytes) {
      return false;
    }
    const arena = this.#arena;
    const av = this.#arenaView;
    const bv = viewOf(b);
    const starts = this.#starts;
    const ends = this.#ends;
    const fields = this.#fields;
    const stableAt = entries[x + STABLE]!;
    let prev = from;
    let sp = 0;
    for (let j = 0, v = x + VALUES; j < n; j++, v += PER_VALUE) {
      const s = starts[j]!;
      if (entries[v] !== fields[j] || entries[v + 1] !== sp + s - prev) return false;
      if (!same(arena, av, stableAt + sp, b, bv, prev, s - prev)) return false;
      sp += s - prev;
      prev = ends[j]!;
      const at = entries[v + 2]!;
      if (at >= 0 && (entries[v + 3] !== prev - s || !same(arena, av, at, b, bv, s, prev - s))) {
        return false;
      }
    }
    return same(arena, av, stableAt + sp, b, bv, prev, lineEnd - prev);
  }
}
