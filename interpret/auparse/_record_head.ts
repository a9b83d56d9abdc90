/**
 * The start of a record as `ausearch -i` prints it, from the record's
 * bytes: `node=NODE `, `type=NAME msg=audit(`, and the local time, with the
 * record type word and the time stamp kept from one record to the next.
 *
 * @module
 */

import type { ByteOut } from "./_byte_out.ts";
import { digitsValue } from "./_byte_scan.ts";
import { findByte } from "../_bytes.ts";
import { msgTypeName, nameToMsgType } from "./field.ts";
import { hashBytes } from "./_byte_cache.ts";
import { asciiText, type EventStamp, eventStampText, stampText } from "./_record_text.ts";
import type { LocalClock } from "./time.ts";

const ENCODER = new TextEncoder();
const AUDIT = [97, 117, 100, 105, 116]; // "audit"

/** A record type word: its number and the bytes of `type=NAME msg=audit(`. */
class TypeWord {
  /** Whether the word holds a `(` or `)`. */
  readonly paren: boolean;
  constructor(
    readonly word: Uint8Array,
    readonly type: number,
    readonly head: Uint8Array | undefined,
  ) {
    this.paren = word.includes(40) || word.includes(41);
  }
}

/** Writes the start of records. */
export class RecordHead {
  /** The record type number of the last record written (-1: unknown). */
  type: number = -1;
  readonly #clock: LocalClock;
  readonly #types = new Map<number, TypeWord>();
  /** The type word last seen with each of the caller's type numbers (by number & 1023). */
  readonly #byNumber: (TypeWord | undefined)[] = new Array(1024).fill(undefined);
  #second = NaN;
  #secondText: Uint8Array = new Uint8Array(0);
  /** The last time stamp `audit(…)` (its first `#stampKeyLength` bytes) and its text. */
  readonly #stampKey = new Uint8Array(64);
  #stampKeyLength = -1;
  #stampOut: Uint8Array = new Uint8Array(128);
  #stampOutLength = 0;
  #node: string | undefined = undefined;
  #nodeBytes: Uint8Array = new Uint8Array(0);
  #evSec = NaN;
  #evMilli = NaN;
  #evSerial = NaN;
  /** The event's time stamp text: `#evBuf[0..n)` (as a view kept per length), or its own bytes. */
  #evText: Uint8Array = new Uint8Array(0);
  readonly #evBuf = new Uint8Array(64);
  readonly #evViews: (Uint8Array | undefined)[] = new Array(65).fill(undefined);

  /**
   * Makes a writer of record starts.
   *
   * @param clock The clock of the time stamps.
   */
  constructor(clock: LocalClock) {
    this.#clock = clock;
  }

  /**
   * Writes the start of the record `b[start..end)` (its message, without
   * any ENRICHED part) up to its fields into `out`, and sets
   * {@linkcode type}.
   *
   * @param out Where to write.
   * @param b The bytes holding the record.
   * @param start Where it starts.
   * @param end Where its message ends.
   * @param eventNode The `node=` of the event's first record, if any.
   * @param stamp The event's time stamp, printed instead of the record's
   * (then any `(` … `)` will do, as in ausearch).
   * @returns The position of the `)` after its time stamp, or -1 (nothing
   * written) when the record needs {@linkcode formatInterpretedLine}.
   */
  write(
    out: ByteOut,
    b: Uint8Array,
    start: number,
    end: number,
    eventNode: string | undefined,
    stamp?: EventStamp,
  ): number {
    const sp1 = findByte(b, 32, start, end);
    if (sp1 < 0) return -1;
    let t0 = start;
    let t1 = sp1;
    if (b[start] === 110) {
      t0 = sp1 + 1;
      t1 = findByte(b, 32, t0, end);
      if (t1 < 0) t1 = end;
    }
    if (t1 - t0 < 5) return -1;
    const tw = this.#typeWord(b, t0 + 5, t1);
    const bs = eventNode !== undefined ? sp1 + 1 : start;
    const lp = findByte(b, 40, bs, end);
    if (lp < 0) return -1;
    if (stamp !== undefined) {
      const rp = findByte(b, 41, lp + 1, end);
      if (rp < 0) return -1;
      this.#start(out, b, bs, lp, eventNode, tw);
      this.#eventStamp(out, stamp);
      return rp;
    }
    const at = lp - 5;
    if (at < bs) return -1;
    for (let k = 0; k < 5; k++) if (b[at + k] !== AUDIT[k]) return -1;
    // One pass: the first ")" (rp), the first "." (dot), the first ":" after
    // it (colon) and the first ")" after that (close, usually rp).
    let rp = -1;
    let dot = -1;
    let colon = -1;
    let close = -1;
    for (let k = lp + 1; k < end; k++) {
      const x = b[k];
      if (x === 41) {
        if (rp < 0) rp = k;
        if (colon >= 0) {
          close = k;
          break;
        }
      } else if (x === 46) {
        if (dot < 0) dot = k;
      } else if (x === 58 && dot >= 0 && colon < 0) colon = k;
    }
    if (close < 0) return -1;

    this.#start(out, b, bs, lp, eventNode, tw);
    this.#stamp(out, b, at, dot, colon, close);
    return rp;
  }

  /**
   * {@linkcode write} with the event's time stamp for a record without
   * `node=` in an event without one, whose header the caller has read: it
   * starts with its type token, `typeLength` bytes, then one space and
   * `msg=audit(`; the stamp's `)` is `close` bytes after the token.
   * `number` is the caller's number of the type (any number the same
   * words have; a cache key only). Callers pass both as one number,
   * `typeLength | close << 9`.
   *
   * @returns As {@linkcode write}.
   */
  writePlain(
    out: ByteOut,
    b: Uint8Array,
    start: number,
    end: number,
    typeLength: number,
    close: number,
    number: number,
    stamp: EventStamp,
  ): number {
    const t1 = start + typeLength;
    if (typeLength < 5) return this.write(out, b, start, end, undefined, stamp);
    const slot = number & 1023;
    let tw = this.#byNumber[slot];
    if (tw === undefined || !sameWord(tw.word, b, start + 5, t1)) {
      tw = this.#typeWord(b, start + 5, t1);
      this.#byNumber[slot] = tw;
    }
    // A `(` or `)` in the word: the first ones are not the stamp's.
    if (tw.paren) return this.write(out, b, start, end, undefined, stamp);
    this.#start(out, b, start, t1 + 10, undefined, tw);
    this.#eventStamp(out, stamp);
    return t1 + close;
  }

  /** `node=… ` and `type=NAME msg=audit(` (or the record's text up to its `(`). */
  #start(
    out: ByteOut,
    b: Uint8Array,
    bs: number,
    lp: number,
    eventNode: string | undefined,
    tw: TypeWord,
  ): void {
    if (eventNode !== undefined) {
      if (eventNode !== this.#node) {
        this.#node = eventNode;
        this.#nodeBytes = ENCODER.encode(`node=${eventNode} `);
      }
      out.copy(this.#nodeBytes, 0, this.#nodeBytes.length);
    }
    this.type = tw.type;
    if (tw.head !== undefined) out.put(tw.head);
    else {
      out.copy(b, bs, lp);
      out.byte(40);
    }
  }

  /** The event's time stamp (the last one's text kept). */
  #eventStamp(out: ByteOut, stamp: EventStamp): void {
    if (
      stamp.sec !== this.#evSec || stamp.milli !== this.#evMilli || stamp.serial !== this.#evSerial
    ) {
      this.#evSec = stamp.sec;
      this.#evMilli = stamp.milli;
      this.#evSerial = stamp.serial;
      this.#evText = this.#eventStampBytes(stamp);
    }
    out.put(this.#evText);
  }

  /**
   * {@linkcode eventStampText} as bytes: in `#evBuf` (the second's text
   * kept, the numbers written as digits), returned as a view of its length
   * (made once per length); the string path's own bytes where a number is
   * not a safe integer or the text is long.
   */
  #eventStampBytes(stamp: EventStamp): Uint8Array {
    const { sec, milli, serial } = stamp;
    if (!Number.isSafeInteger(milli) || !Number.isSafeInteger(serial) || milli < 0 || serial < 0) {
      return ENCODER.encode(eventStampText(stamp, this.#clock));
    }
    if (sec !== this.#second) {
      this.#second = sec;
      this.#secondText = ENCODER.encode(this.#clock.ausearchTime(sec));
    }
    const time = this.#secondText;
    if (time.length + 40 > 64) return ENCODER.encode(eventStampText(stamp, this.#clock));
    const o = this.#evBuf;
    o.set(time);
    let p = time.length;
    o[p++] = 46; // .
    if (milli < 100) o[p++] = 48;
    if (milli < 10) o[p++] = 48;
    p = putDigits(o, p, milli);
    o[p++] = 58; // :
    p = putDigits(o, p, serial);
    o[p++] = 41; // )
    o[p++] = 32;
    return this.#evViews[p] ??= o.subarray(0, p);
  }

  #typeWord(b: Uint8Array, start: number, end: number): TypeWord {
    const h = hashBytes(b, start, end);
    const t = this.#types.get(h);
    if (t !== undefined && t.word.length === end - start) {
      let k = 0;
      while (k < t.word.length && t.word[k] === b[start + k]) k++;
      if (k === t.word.length) return t;
    }
    const type = nameToMsgType(asciiText(b, start, end));
    const name = type >= 0 ? msgTypeName(type) : undefined;
    const head = name === undefined ? undefined : ENCODER.encode(`type=${name} msg=audit(`);
    const word = new TypeWord(b.slice(start, end), type, head);
    this.#types.set(h, word);
    return word;
  }

  /** `LOCAL TIME.MS:SERIAL) ` of `audit(…)` at `b[at..close]` (the last one is kept). */
  #stamp(out: ByteOut, b: Uint8Array, at: number, dot: number, colon: number, close: number): void {
    const key = this.#stampKey;
    const n = close + 1 - at;
    let k = 0;
    if (n === this.#stampKeyLength) { while (k < n && key[k] === b[at + k]) k++; }
    if (k !== n || n !== this.#stampKeyLength) {
      this.#stampKeyLength = -1;
      const text = this.#stampBytes(out, b, at, dot, colon, close);
      if (text === undefined) return;
      if (n <= key.length) {
        for (let j = 0; j < n; j++) key[j] = b[at + j]!;
        this.#stampKeyLength = n;
      }
    }
    out.copy(this.#stampOut, 0, this.#stampOutLength);
  }

  /** Makes the stamp's text in `#stampOut`; `undefined`: written to the output instead. */
  #stampBytes(
    to: ByteOut,
    b: Uint8Array,
    at: number,
    dot: number,
    colon: number,
    close: number,
  ): true | undefined {
    const sec = digitsValue(b, at + 6, dot);
    if (sec < 0 || digitsValue(b, dot + 1, colon) < 0 || digitsValue(b, colon + 1, close) < 0) {
      to.text(stampText(asciiText(b, at, close + 1), this.#clock));
      return undefined;
    }
    if (sec !== this.#second) {
      this.#second = sec;
      this.#secondText = ENCODER.encode(this.#clock.ausearchTime(sec));
    }
    const time = this.#secondText;
    let ms = dot + 1;
    while (ms < colon - 1 && b[ms] === 48) ms++;
    const pad = Math.max(0, 3 - (colon - ms));
    const out = this.#stampOut;
    if (time.length + pad + (close - ms) + 3 > out.length) {
      to.text(stampText(asciiText(b, at, close + 1), this.#clock));
      return undefined;
    }
    out.set(time);
    let p = time.length;
    out[p++] = 46;
    for (let i = 0; i < pad; i++) out[p++] = 48;
    for (let i = ms; i < close; i++) out[p++] = b[i]!;
    out[p++] = 41;
    out[p++] = 32;
    this.#stampOutLength = p;
    return true;
  }
}

/** Whether `b[start..end)` is `word`. */
function sameWord(word: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word[k] !== b[start + k]) return false;
  return true;
}

/** Writes the decimal digits of the safe integer `n` >= 0 at `o[p..]`; returns the end. */
function putDigits(o: Uint8Array, p: number, n: number): number {
  if (n > 0x7fffffff) return putBigDigits(o, p, n);
  // Small integers (milliseconds, most serials): integer division, each digit at its place.
  let end = p + 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) end++;
  let q = end;
  let m = n | 0;
  do {
    const t = (m / 10) | 0;
    o[--q] = 48 + m - 10 * t;
    m = t;
  } while (m > 0);
  return end;
}

/** {@linkcode putDigits} of a larger safe integer. */
function putBigDigits(o: Uint8Array, p: number, n: number): number {
  const start = p;
  do {
    o[p++] = 48 + n % 10;
    n = Math.floor(n / 10);
  } while (n > 0);
  for (let i = start, j = p - 1; i < j; i++, j--) {
    const t = o[i]!;
    o[i] = o[j]!;
    o[j] = t;
  }
  return p;
}
