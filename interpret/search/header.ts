/**
 * The header of an audit log line as ausearch reads it
 * (`extract_timestamp` in ausearch-lol.c): optional `node=`, `type=NAME`,
 * then a `msg=audit(SECS.MS:SERIAL):` token, read from the line's bytes.
 *
 * @module
 */
import type { BadHeader } from "./group.ts";

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
    let hash = 0;
    for (let i = p + 5; i < end; i++) hash = (hash * 31 + buf[i]!) | 0;
    const len = end - p - 5;
    const slot = (hash ^ len) & 255;
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
}

/** A fresh {@linkcode Header} to read into. */
export function newHeader(): Header {
  return { nodeStart: -1, nodeEnd: -1, typeStart: 0, typeEnd: 0, sec: 0, milli: 0, serial: 0 };
}

export const NO_HEADER: BadHeader = { reason: "no msg=audit(...) header" };
export const NO_NODE_RECORD: BadHeader = { reason: "no record after node=" };
const BAD_STAMP: BadHeader = { reason: "Error extracting time stamp" };

/** Characters (UTF-16 units, as the text would hold) of `buf[start..end)`. */
function textLength(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) return UTF8.decode(buf.subarray(start, end)).length;
  }
  return end - start;
}

/** The first space in `buf` from `i`, or -1 (a short way, not a native call). */
function spaceFrom(buf: Uint8Array, i: number): number {
  const n = buf.length;
  while (i < n && buf[i] !== 32) i++;
  return i < n ? i : -1;
}

/**
 * Reads the header of the line `buf[start..end)` into `h`: the bytes after
 * the line (up to the end of `buf`) must be whole lines too, as ausearch's
 * searches for `(`, `:` and `)` may look past a short token. `ascii`: the
 * line is known to be ASCII.
 *
 * @returns Why the line has no readable header, or `undefined`.
 */
export function readHeader(
  buf: Uint8Array,
  start: number,
  end: number,
  h: Header,
  ascii = false,
): BadHeader | undefined {
  let p = start;
  h.nodeStart = -1;
  while (buf[p] === 32) p++; // audit_strsplit skips leading spaces too
  if (buf[p] === 110) {
    const sp = spaceFrom(buf, p);
    if (sp < 0 || sp >= end) return NO_NODE_RECORD;
    h.nodeStart = p + 5;
    h.nodeEnd = sp;
    p = sp + 1;
    while (buf[p] === 32) p++;
  }
  const typeEnd = spaceFrom(buf, p);
  if (typeEnd < 0 || typeEnd >= end) return NO_HEADER;
  h.typeStart = p;
  h.typeEnd = typeEnd;
  let msg = typeEnd + 1;
  while (buf[msg] === 32) msg++;
  let tokenEnd = spaceFrom(buf, msg);
  if (tokenEnd < 0 || tokenEnd > end) tokenEnd = end;
  if (tokenEnd - msg <= 18 || (!ascii && textLength(buf, msg, tokenEnd) <= 18)) return NO_HEADER;
  return parseStamp(buf, msg, tokenEnd, end, h);
}

/**
 * Reads `(SECS.MS:SERIAL)` of the `msg=audit(…)` token at `msg` into `h`;
 * its searches stop at the line's `end`, as ausearch's stop at the end of
 * its line (so that the answer does not depend on what else was read).
 */
function parseStamp(
  buf: Uint8Array,
  msg: number,
  tokenEnd: number,
  end: number,
  h: Header,
): BadHeader | undefined {
  let i = msg + 9;
  if (buf[i] !== 40) {
    i = buf.indexOf(40, msg);
    if (i < 0 || i >= tokenEnd) return NO_HEADER;
  }
  i++;
  const first = i;
  let c = buf[i] ?? -1;
  let sec = 0;
  while (c >= 48 && c <= 57) {
    sec = sec * 10 + c - 48;
    c = buf[++i] ?? -1;
  }
  if (i === first) return BAD_STAMP;
  let milli = 0;
  let serial = 0;
  if (c === 46) {
    c = buf[++i] ?? -1;
    while (c >= 48 && c <= 57) {
      milli = milli * 10 + c - 48;
      c = buf[++i] ?? -1;
    }
    if (milli > 999) return BAD_STAMP;
  }
  if (c !== 58) {
    let close = buf.indexOf(41, i);
    let colon = buf.indexOf(58, i);
    if (close >= end) close = -1;
    if (colon >= end) colon = -1;
    if (colon >= 0 && (close < 0 || colon < close)) {
      i = colon;
      c = 58;
    }
  }
  if (c === 58) {
    c = buf[++i] ?? -1;
    while (c >= 48 && c <= 57) {
      serial = serial * 10 + c - 48;
      c = buf[++i] ?? -1;
    }
  }
  h.sec = sec;
  h.milli = milli;
  h.serial = serial;
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
