/**
 * aureport's `extract_timestamp` (ausearch-lol.c): a line's time stamp,
 * serial, node and record type, read in place from a run of text (no
 * string is made for a usual line).
 *
 * @module
 */
import { auditNameToMsgType } from "./msg_types.ts";
import { viewOf } from "../_byte_runs.ts";

const U64 = 1n << 64n;
const LONG_MAX = (1n << 63n) - 1n;

/**
 * C's `strtoul(text + pos, NULL, 10)` on a 64-bit machine: the unsigned
 * value (a minus sign negates it modulo 2^64), or undefined when errno is
 * set (overflow). A number while it is exact, a bigint beyond 15 digits.
 */
function strtoul(text: string, pos: number, end: number): number | bigint | undefined {
  let i = pos;
  while (
    i < end && (text.charCodeAt(i) === 32 || (text.charCodeAt(i) >= 9 && text.charCodeAt(i) <= 13))
  ) i++;
  let neg = false;
  if (i < end && (text[i] === "-" || text[i] === "+")) neg = text[i++] === "-";
  const start = i;
  let v = 0;
  for (
    let c = text.charCodeAt(i) - 48;
    i < end && c >= 0 && c <= 9;
    c = text.charCodeAt(++i) - 48
  ) {
    v = v * 10 + c;
  }
  if (i - start <= 15) return neg && v !== 0 ? U64 - BigInt(v) : v;
  const big = BigInt(text.slice(start, i));
  if (big >= U64) return undefined;
  return neg && big !== 0n ? U64 - big : big;
}

/** `time_t sec = strtoul(...)`: the unsigned value read as a signed 64-bit one. */
function asTimeT(v: number | bigint): bigint | number {
  return typeof v === "number" ? v : BigInt.asIntN(64, v);
}

/**
 * How many of the first `upTo` characters of `text` fit in `maxBytes` bytes
 * of UTF-8 (a character is not cut).
 */
export function utf8Prefix(text: string, maxBytes: number, upTo: number): number {
  let bytes = 0;
  for (let i = 0; i < upTo; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    if (bytes > maxBytes) return i;
  }
  return upTo;
}

/** `audit_strsplit`: the first `max` space-separated tokens (runs of spaces skipped). */
function splitSpaces(text: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < max) {
    while (text.charCodeAt(i) === 32) i++;
    if (i >= text.length) break;
    let j = text.indexOf(" ", i);
    if (j === -1) j = text.length;
    out.push(text.slice(i, j));
    i = j;
  }
  splitEnd = i;
  return out;
}

/** Where the last token {@linkcode splitSpaces} returned ends. */
let splitEnd = 0;

const TYPE = "type=";
const MSG = "msg=audit(";

/** Whether `text` holds `lit` at `pos` (a short literal, compared in place). */
function has(text: string, pos: number, lit: string): boolean {
  for (let i = 0; i < lit.length; i++) {
    if (text.charCodeAt(pos + i) !== lit.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether `view` holds the first `len` bytes of `lit` at `pos` (`len` at
 * least 4, `pos + len` within the view): four bytes at a time, the last four
 * overlapping (fewer loads and compares than a byte at a time; every line
 * compares its type name and, most lines, its stamp).
 */
function hasWords(view: DataView, pos: number, lit: DataView, len: number): boolean {
  const last = len - 4;
  for (let i = 0; i < last; i += 4) {
    if (view.getInt32(pos + i, true) !== lit.getInt32(i, true)) return false;
  }
  return view.getInt32(pos + last, true) === lit.getInt32(last, true);
}

const ASCII = new TextEncoder();

/** Longest stamp text the fast path reads: 15 + 1 + 3 + 1 + 15 digits and signs, and `)`. */
const STAMP_MAX = 36;

/** The value of the digits {@linkcode digitsEnd} read last. */
let digitValue = 0;

/** Where the run of decimal digits at `text[i]` ends; its value in {@linkcode digitValue}. */
function digitsEnd(text: string, i: number): number {
  let v = 0;
  let c = text.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    c = text.charCodeAt(++i);
  }
  digitValue = v;
  return i;
}

/** {@linkcode digitsEnd} on bytes (ASCII text). */
function digitsEndBytes(bytes: Uint8Array, i: number): number {
  let v = 0;
  let c = bytes[i]!;
  while (c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    c = bytes[++i]!;
  }
  digitValue = v;
  return i;
}

/** Type names the fast path knows at most. */
const MAX_NAMES = 256;

/** A key of the two characters at `text[from]` (a type name's first two). */
function pairKey(text: string, from: number): number {
  return ((text.charCodeAt(from) & 127) << 7) | (text.charCodeAt(from + 1) & 127);
}

/** Reads time stamps the way aureport does; the last one read is in the fields. */
export class StampReader {
  /** Seconds. */
  sec = 0;
  /** Milliseconds. */
  milli = 0;
  /** Serial (rounded beyond 2^53). */
  serial = 0;
  /** The serial's exact text when {@linkcode serial} is rounded, else undefined. */
  serialText: string | undefined = undefined;
  /** `node=` name. */
  node: string | undefined = undefined;
  /** Record type number (-1 unknown). */
  type = 0;
  /** Why the last line was skipped (when {@linkcode read} returned false). */
  reason = "";
  /** `LONG_MAX - eoe_timeout - 1`: later seconds are an error. */
  readonly #secLimit: bigint;
  /** The same as a number (exact enough for the seconds kept as numbers, below 2^53). */
  readonly #secLimitNumber: number;
  /** Type names seen on the fast path, their numbers, and "NAME msg=audit(". */
  readonly #typeNames: string[] = [];
  readonly #typeNumbers: number[] = [];
  readonly #heads: string[] = [];
  /** The same as bytes (ASCII). */
  readonly #headBytes: DataView[] = [];
  /** The first name index per {@linkcode pairKey}, -1 for none; then the next with the same key. */
  readonly #first = new Int16Array(1 << 14).fill(-1);
  readonly #nextName: number[] = [];

  /** A reader for a run with end of event timeout `eoeTimeout`. */
  constructor(eoeTimeout: number) {
    this.#secLimit = LONG_MAX - BigInt(Math.trunc(eoeTimeout)) - 1n;
    this.#secLimitNumber = Number(this.#secLimit);
  }

  /** The text `SEC.MILLI:SERIAL)` the fast path read last (ASCII, its length), and its values. */
  readonly #stamp = new Uint8Array(STAMP_MAX);
  readonly #stampView = new DataView(this.#stamp.buffer);
  #stampLength = 0;
  #stampSec = 0;
  #stampMilli = 0;
  #stampSerial = 0;

  /** Whether `text[at..at + len)` is the stamp the fast path read last. */
  #sameStamp(text: string, at: number, len: number): boolean {
    const last = this.#stamp;
    for (let i = 0; i < len; i++) if (text.charCodeAt(at + i) !== last[i]) return false;
    return true;
  }

  /** Takes the last stamp read again, for a line of type name `k`; true. */
  #lastStamp(k: number): boolean {
    this.sec = this.#stampSec;
    this.milli = this.#stampMilli;
    this.serial = this.#stampSerial;
    this.serialText = undefined;
    this.node = undefined;
    this.type = this.#typeNumbers[k]!;
    return true;
  }

  /** Keeps `text[from..to)` (ASCII digits, `.`, `:` and `)`) as the last stamp. */
  #keepStamp(text: string, from: number, to: number): void {
    const last = this.#stamp;
    for (let i = from; i < to; i++) last[i - from] = text.charCodeAt(i);
    this.#stampLength = to - from;
  }

  /**
   * {@linkcode read} of the line `text[start..end)` when `bytes` hold the
   * same characters, one byte each (ASCII text): the fast path compares
   * bytes (cheaper than characters of a string), the rest is {@linkcode read}'s.
   */
  readAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
    const view = viewOf(bytes);
    // "type=": the first four bytes as one little-endian word.
    if (start + 7 <= end && view.getInt32(start, true) === 0x65707974 && bytes[start + 4] === 61) {
      const from = start + 5;
      let k = this.#first[((bytes[from]! & 127) << 7) | (bytes[from + 1]! & 127)]!;
      while (k !== -1) {
        // A head holds no newline nor NUL: one that matches ends before the line does.
        const head = this.#headBytes[k]!;
        if (from + head.byteLength <= end && hasWords(view, from, head, head.byteLength)) break;
        k = this.#nextName[k]!;
      }
      if (k === -1) return this.read(text, start, end);
      const sp = from + this.#typeNames[k]!.length;
      if (sp < start + 70 && sp < end) {
        const len = this.#stampLength;
        const s0 = sp + 11;
        if (
          len !== 0 && s0 + len <= Math.min(start + 80, end) &&
          hasWords(view, s0, this.#stampView, len)
        ) return this.#lastStamp(k);
        if (this.#newStampBytes(bytes, start, end, k, s0)) return true;
      }
      return this.#slowLine(text, start, end);
    }
    return this.read(text, start, end);
  }

  /** Reads the line `text[start..end)`; false when aureport skips it (see {@linkcode reason}). */
  read(text: string, start: number, end: number): boolean {
    // Fast path: "type=NAME msg=audit(SEC.MILLI:SERIAL):" within the first 80 bytes, all
    // ASCII (so characters are bytes), NAME one seen before.
    if (has(text, start, TYPE)) {
      const from = start + 5;
      let k = this.#first[pairKey(text, from)]!;
      while (k !== -1 && !has(text, from, this.#heads[k]!)) k = this.#nextName[k]!;
      if (k === -1) k = this.#learn(text, start, end);
      const sp = k === -1 ? -1 : from + this.#typeNames[k]!.length;
      if (sp !== -1 && sp < start + 70 && sp < end) {
        const s0 = sp + 11;
        // Records of one event follow each other: the same stamp as the last line.
        const len = this.#stampLength;
        if (
          len !== 0 && s0 + len <= Math.min(start + 80, end) && this.#sameStamp(text, s0, len)
        ) return this.#lastStamp(k);
        if (this.#newStamp(text, start, end, k, s0)) return true;
      }
    }
    return this.#slowLine(text, start, end);
  }

  /**
   * The fast path for a stamp other than the last one, at `s0` after type
   * name `k`: true when it read "SEC.MILLI:SERIAL)" (and keeps it).
   */
  #newStamp(text: string, start: number, end: number, k: number, s0: number): boolean {
    let i = digitsEnd(text, s0);
    const sec = digitValue;
    if (text.charCodeAt(i) !== 46 || i - s0 <= 0 || i - s0 >= 16) return false;
    const m0 = i + 1;
    i = digitsEnd(text, m0);
    const milli = digitValue;
    if (text.charCodeAt(i) !== 58 || i - m0 <= 0 || i - m0 >= 4) return false;
    const n0 = i + 1;
    i = digitsEnd(text, n0);
    const serial = digitValue;
    if (text.charCodeAt(i) !== 41 || i - n0 <= 0 || i - n0 >= 16 || i >= start + 80 || i >= end) {
      return false;
    }
    this.#keepStamp(text, s0, i + 1);
    return this.#accept(k, sec, milli, serial);
  }

  /** {@linkcode #newStamp} on bytes (ASCII text). */
  #newStampBytes(bytes: Uint8Array, start: number, end: number, k: number, s0: number): boolean {
    let i = digitsEndBytes(bytes, s0);
    const sec = digitValue;
    if (bytes[i] !== 46 || i - s0 <= 0 || i - s0 >= 16) return false;
    const m0 = i + 1;
    i = digitsEndBytes(bytes, m0);
    const milli = digitValue;
    if (bytes[i] !== 58 || i - m0 <= 0 || i - m0 >= 4) return false;
    const n0 = i + 1;
    i = digitsEndBytes(bytes, n0);
    const serial = digitValue;
    if (bytes[i] !== 41 || i - n0 <= 0 || i - n0 >= 16 || i >= start + 80 || i >= end) {
      return false;
    }
    const last = this.#stamp;
    for (let j = s0; j <= i; j++) last[j - s0] = bytes[j]!;
    this.#stampLength = i + 1 - s0;
    return this.#accept(k, sec, milli, serial);
  }

  /** Takes a stamp read by the fast path (its text kept) for a line of type name `k`. */
  #accept(k: number, sec: number, milli: number, serial: number): true {
    this.sec = this.#stampSec = sec;
    this.milli = this.#stampMilli = milli;
    this.serial = this.#stampSerial = serial;
    this.serialText = undefined;
    this.node = undefined;
    this.type = this.#typeNumbers[k]!;
    return true;
  }

  #slowLine(text: string, start: number, end: number): boolean {
    return this.#slow(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  /**
   * Learns the type name of a line whose fast path is not known yet: its
   * index, or -1 when the line does not start "type=NAME msg=audit(" with
   * NAME all ASCII and ending before byte 70 (or too many names are known).
   */
  #learn(text: string, start: number, end: number): number {
    const from = start + 5;
    const sp = text.indexOf(" ", from);
    if (sp <= from || sp >= Math.min(start + 70, end) || !has(text, sp + 1, MSG)) return -1;
    for (let i = from; i < sp; i++) if (text.charCodeAt(i) >= 128) return -1;
    const names = this.#typeNames;
    if (names.length >= MAX_NAMES) return -1;
    const name = text.slice(from, sp);
    const k = names.length;
    names.push(name);
    this.#typeNumbers.push(auditNameToMsgType(name));
    // Joined, not concatenated: a flat string (a concatenation is read through its parts).
    const head = [name, " ", MSG].join("");
    this.#heads.push(head);
    const bytes = ASCII.encode(head);
    this.#headBytes.push(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const key = pairKey(text, from);
    this.#nextName.push(this.#first[key]!);
    this.#first[key] = k;
    return k;
  }

  #slow(line: string): boolean {
    // strndupa(b, 80 or 340) and strnlen(ptr, 20) count UTF-8 bytes: cut by characters
    // first (never fewer), and again by bytes when the tokens read reach past the limit.
    const max = line.charCodeAt(0) === 110 ? 340 : 80;
    let tokens = splitSpaces(line.slice(0, max), 3);
    if (splitEnd * 3 > max && utf8Prefix(line, max, splitEnd) < splitEnd) {
      tokens = splitSpaces(line.slice(0, utf8Prefix(line, max, line.length)), 3);
    }
    let i = 0;
    let node: string | undefined;
    let ptr = tokens[i++];
    if (ptr === undefined) return this.#bad("empty line");
    if (ptr.charCodeAt(0) === 110) {
      node = ptr.slice(5);
      ptr = tokens[i++];
      if (ptr === undefined) return this.#bad("no type= after node=");
    }
    const ttype = ptr.slice(5);
    const msg = tokens[i];
    if (msg === undefined || (msg.length <= 18 && utf8Prefix(msg, 18, msg.length) === msg.length)) {
      return this.#bad("no msg=audit(...) time stamp");
    }
    let open = msg.charCodeAt(9) === 40 ? 9 : msg.indexOf("(");
    if (open === -1) return this.#bad("no msg=audit(...) time stamp");
    open++;
    let close = msg.indexOf(")", open);
    if (close === -1) close = msg.length;
    const stamp = msg.slice(open, close);
    // str2event: sec is a time_t (signed), milli an unsigned int, serial an unsigned long.
    const s1 = strtoul(stamp, 0, stamp.length);
    const sec = s1 === undefined ? 0 : asTimeT(s1);
    let milli = 0;
    let serial = 0;
    let serialText: string | undefined;
    let bad = s1 === undefined ||
      (typeof sec === "number" ? sec > this.#secLimitNumber : sec > this.#secLimit);
    let rest = 0;
    const dot = stamp.indexOf(".");
    if (!bad && dot !== -1) {
      const m = strtoul(stamp, dot + 1, stamp.length);
      milli = typeof m === "number"
        ? m % 4294967296
        : m === undefined
        ? 0
        : Number(BigInt.asUintN(32, m));
      bad = m === undefined || milli > 999;
      rest = dot + 1;
    }
    if (!bad) {
      const colon = stamp.indexOf(":", rest);
      if (colon !== -1) {
        const v = strtoul(stamp, colon + 1, stamp.length);
        // Beyond 2^53 the serial is rounded (the kernel's are 32-bit) and kept as text.
        serial = Number(v ?? 0);
        if (typeof v === "bigint" && v > 9007199254740991n) serialText = String(v);
        bad = v === undefined;
      }
    }
    if (bad) return this.#bad(`Error extracting time stamp (${stamp})`);
    this.sec = Number(sec);
    this.milli = milli;
    this.serial = serial;
    this.serialText = serialText;
    this.node = node;
    this.type = auditNameToMsgType(ttype);
    return true;
  }

  #bad(reason: string): false {
    this.reason = reason;
    return false;
  }
}
