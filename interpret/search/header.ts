/**
 * The header of an audit log line as ausearch reads it
 * (`extract_timestamp` in ausearch-lol.c): optional `node=`, `type=NAME`,
 * then a `msg=audit(SECS.MS:SERIAL):` token, read from the line's bytes.
 *
 * @module
 */
import type { BadHeader } from "./group.ts";
import { strtoul } from "../auparse/_c.ts";

const UTF8 = new TextDecoder();

/** Bytes as text: ASCII directly, anything else through UTF-8 (U+FFFD for invalid bytes). */
export function latinOrUtf8(buf: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b >= 0x80) return UTF8.decode(buf.subarray(start, end));
    s += String.fromCharCode(b);
  }
  return s;
}

/** Type numbers of record type names (`type=NAME` in a line's bytes), cached. */
export class TypeTable {
  readonly #lookup: (name: string) => number | undefined;
  readonly #cache = new Map<string, number>();
  readonly #slotNames: (Uint8Array | undefined)[] = new Array(256).fill(undefined);
  readonly #slotTypes = new Int32Array(256);
  /** @param lookup Type number of a name. */
  constructor(lookup: (name: string) => number | undefined) {
    this.#lookup = lookup;
  }
  /** The type of the record at `buf[p..end)` (`type=NAME`), -1 when unknown. */
  at(buf: Uint8Array, p: number, end: number): number {
    // A slot from the length and four of the bytes, no loop (the bytes are
    // compared next): one slot each for the 81 usual type names but two.
    const len = end - p - 5;
    const slot = len <= 0 ? 0 : (4 * len + 5 * buf[p + 5]! + buf[p + 5 + (len >> 1)]! +
      5 * buf[end - 1]! + 11 * buf[end - 2]!) & 255;
    const cached = this.#slotNames[slot];
    if (cached !== undefined && cached.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (cached[i] !== buf[p + 5 + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.#slotTypes[slot]!;
    }
    const name = latinOrUtf8(buf, p + 5, end);
    let type = this.#cache.get(name);
    if (type === undefined) {
      type = this.#lookup(name) ?? -1;
      this.#cache.set(name, type);
    }
    this.#slotNames[slot] = buf.slice(p + 5, end);
    this.#slotTypes[slot] = type;
    return type;
  }
}

/** A line's header as read by {@linkcode readHeader}. */
export interface Header {
  /** Start of `node=` (or -1 when there is none). */
  nodeStart: number;
  /** End of the node name. */
  nodeEnd: number;
  /** Start of `type=`. */
  typeStart: number;
  /** End of the type name. */
  typeEnd: number;
  sec: number;
  milli: number;
  serial: number;
  /**
   * The serial's decimal digits when it is past 2^53 - 1 (`serial` is then
   * rounded): ausearch reads it as a 64-bit `unsigned long` (`-1` is
   * 18446744073709551615) and prints it whole.
   */
  serialText: string | undefined;
  /** Where the time stamp's `)` is (when read by the usual way). */
  close: number;
  /**
   * Whether the type token and `msg=audit(SECS.MS:SERIAL)` (plain digits)
   * are one space apart, the stamp's `)` at {@linkcode close}.
   */
  plain: boolean;
}

/** A fresh {@linkcode Header} to read into. */
export function newHeader(): Header {
  return {
    nodeStart: -1,
    nodeEnd: -1,
    typeStart: 0,
    typeEnd: 0,
    sec: 0,
    milli: 0,
    serial: 0,
    serialText: undefined,
    close: 0,
    plain: false,
  };
}

export const NO_HEADER: BadHeader = { reason: "no msg=audit(...) header" };
export const NO_NODE_RECORD: BadHeader = { reason: "no record after node=" };
const BAD_STAMP: BadHeader = { reason: "Error extracting time stamp" };

/** The first space in `buf[i..lim)`, or `lim` (a short way, not a native call). */
function spaceFrom(buf: Uint8Array, i: number, lim: number): number {
  while (i < lim && buf[i] !== 32) i++;
  return i;
}

/**
 * Reads the header of the line `buf[start..end)` into `h` as ausearch's
 * `extract_timestamp` does: within the line's first 80 bytes (340 when it
 * starts with `n`), tokens split at spaces (runs of them, leading ones too),
 * an optional node token (`n…`, its name from its sixth byte), the type token
 * (its name from its sixth byte), then a token of more than 18 bytes holding
 * `(SECS.MS:SERIAL)`. `ascii` is not needed any more (bytes are counted, as
 * C's `strnlen`) and kept for callers.
 *
 * @returns Why the line has no readable header, or `undefined`.
 */
export function readHeader(
  buf: Uint8Array,
  start: number,
  end: number,
  h: Header,
  _ascii = false,
): BadHeader | undefined {
  let lim = start + (buf[start] === 110 ? 340 : 80);
  if (lim > end) lim = end;
  let p = start;
  while (buf[p] === 32 && p < lim) p++; // audit_strsplit skips leading spaces too
  h.nodeStart = -1;
  if (p >= lim) return NO_HEADER;
  let tokenEnd = spaceFrom(buf, p, lim);
  if (buf[p] === 110) {
    h.nodeStart = Math.min(p + 5, tokenEnd);
    h.nodeEnd = tokenEnd;
    p = tokenEnd;
    while (buf[p] === 32 && p < lim) p++;
    if (p >= lim) return NO_NODE_RECORD;
    tokenEnd = spaceFrom(buf, p, lim);
  }
  h.typeStart = p;
  h.typeEnd = tokenEnd;
  let msg = tokenEnd;
  while (buf[msg] === 32 && msg < lim) msg++;
  // The usual `msg=audit(SECS.MS:SERIAL)`: its `)` within the limit and 18
  // bytes or more from its start means a token that long (digits, `.` and
  // `:` hold no space), without looking for its end first.
  if (isMsgAudit(buf, msg) && quickStamp(buf, msg + 10, lim, h) && h.close - msg >= 18) {
    h.plain = msg === tokenEnd + 1;
    return undefined;
  }
  h.plain = false;
  const msgEnd = spaceFrom(buf, msg, lim);
  // strnlen(ptr, 20) > 18
  if (msgEnd - msg <= 18) return NO_HEADER;
  let i = msg + 9;
  if (buf[i] !== 40) {
    i = buf.indexOf(40, msg);
    if (i < 0 || i >= msgEnd) return NO_HEADER;
  }
  i++;
  if (quickStamp(buf, i, msgEnd, h)) return undefined;
  let close = buf.indexOf(41, i);
  if (close < 0 || close > msgEnd) close = msgEnd;
  return str2event(buf, i, close, h);
}

/** `msg=audit(` */
const MSG_AUDIT = [109, 115, 103, 61, 97, 117, 100, 105, 116, 40];

/** Whether `buf[at..]` starts with `msg=audit(`. */
function isMsgAudit(buf: Uint8Array, at: number): boolean {
  for (let k = 0; k < 10; k++) if (buf[at + k] !== MSG_AUDIT[k]) return false;
  return true;
}

/**
 * `SECS.MS:SERIAL)` of plain digits (the usual case) into `h`, the `)`
 * before `close` (the token's end); false for anything else.
 */
function quickStamp(buf: Uint8Array, i: number, close: number, h: Header): boolean {
  // The digit loops may run past `close` (a header cut at 80 bytes): then str2event decides.
  const first = i;
  let c = buf[i]!;
  let sec = 0;
  while (c >= 48 && c <= 57) {
    sec = sec * 10 + c - 48;
    c = buf[++i]!;
  }
  if (i === first || i - first > 15 || c !== 46) return false;
  const dot = ++i;
  c = buf[i]!;
  let milli = 0;
  while (c >= 48 && c <= 57) {
    milli = milli * 10 + c - 48;
    c = buf[++i]!;
  }
  if (i === dot || i - dot > 6 || milli > 999 || c !== 58) return false;
  const colon = ++i;
  c = buf[i]!;
  let serial = 0;
  while (c >= 48 && c <= 57) {
    serial = serial * 10 + c - 48;
    c = buf[++i]!;
  }
  if (i - colon > 15 || c !== 41 || i >= close) return false;
  h.close = i;
  h.sec = sec;
  h.milli = milli;
  h.serial = serial;
  h.serialText = undefined;
  return true;
}

const LONG_MAX = (1n << 63n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * ausearch's `str2event` on the time stamp `buf[i..close)`: `strtoul` for
 * the seconds (into a signed `time_t`: `-5` is -5), the milliseconds after
 * the first `.` (into an `unsigned int`; more than 999 is an error) and the
 * serial after the first `:` after that; no digits read as 0. The seconds
 * may not pass LONG_MAX less the default end-of-event timeout.
 */
function str2event(buf: Uint8Array, i: number, close: number, h: Header): BadHeader | undefined {
  const text = latinOrUtf8(buf, i, close);
  const u = strtoul(text, 10);
  if (u === undefined) return BAD_STAMP;
  const sec = BigInt.asIntN(64, u);
  if (sec > LONG_MAX - 3n) return BAD_STAMP;
  let rest = text;
  let milli = 0n;
  const dot = text.indexOf(".");
  if (dot >= 0) {
    rest = text.slice(dot + 1);
    const m = strtoul(rest, 10);
    if (m === undefined || BigInt.asUintN(32, m) > 999n) return BAD_STAMP;
    milli = BigInt.asUintN(32, m);
  }
  let serial = 0n;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const v = strtoul(rest.slice(colon + 1), 10);
    if (v === undefined) return BAD_STAMP;
    serial = v;
  }
  h.sec = Number(sec);
  h.milli = Number(milli);
  h.serial = Number(serial);
  h.serialText = serial > MAX_SAFE ? serial.toString() : undefined;
  return undefined;
}

const scratch = newHeader();

/**
 * Why the line `buf[start..end)` has no header {@linkcode EventGrouper}
 * can read, or `undefined` when it has one.
 *
 * @param buf The bytes holding the line (and only whole lines after it).
 * @param start Where the line starts.
 * @param end Where it ends (its line break or the end of the bytes).
 * @param ascii Whether each byte is known to be one character (ASCII).
 * @returns The problem, or `undefined`.
 */
export function headerProblem(
  buf: Uint8Array,
  start: number,
  end: number,
  ascii = false,
): BadHeader | undefined {
  return readHeader(buf, start, end, scratch, ascii);
}

// For the {@linkcode EventGrouper} link above.
// deno-lint-ignore no-unused-vars
import type { EventGrouper } from "./group.ts";
