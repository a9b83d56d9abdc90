/**
 * The header of an audit log line as ausearch reads it
 * (`extract_timestamp` in ausearch-lol.c): optional `node=`, `type=NAME`,
 * then a `msg=audit(SECS.MS:SERIAL):` token.
 *
 * @module
 */
import type { BadHeader } from "./group.ts";

/** Type numbers of record type names, cached. */
export class TypeTable {
  readonly #lookup: (name: string) => number | undefined;
  readonly #cache = new Map<string, number>();
  /** @param lookup Type number of a name. */
  constructor(lookup: (name: string) => number | undefined) {
    this.#lookup = lookup;
  }
  readonly #slotNames: (string | undefined)[] = new Array(256).fill(undefined);
  readonly #slotTypes = new Int32Array(256);
  /** The type of the record at `line[p..end)` (`type=NAME`), -1 when unknown. */
  at(line: string, p: number, end: number): number {
    let hash = 0;
    for (let i = p + 5; i < end; i++) hash = (hash * 31 + line.charCodeAt(i)) | 0;
    const slot = (hash ^ (end - p)) & 255;
    const cached = this.#slotNames[slot];
    if (cached !== undefined && cached.length === end - p - 5 && line.startsWith(cached, p + 5)) {
      return this.#slotTypes[slot]!;
    }
    const name = line.slice(p + 5, end);
    let type = this.#cache.get(name);
    if (type === undefined) {
      type = this.#lookup(name) ?? -1;
      this.#cache.set(name, type);
    }
    this.#slotNames[slot] = name;
    this.#slotTypes[slot] = type;
    return type;
  }
  /** The type of a whole line. */
  of(line: string): number {
    let p = 0;
    if (line.charCodeAt(0) === 110) {
      p = line.indexOf(" ") + 1;
      while (line.charCodeAt(p) === 32) p++;
    }
    const sp = line.indexOf(" ", p);
    return this.at(line, p, sp < 0 ? line.length : sp);
  }
}

/** The time and serial of a record. */
export interface Stamp {
  sec: number;
  milli: number;
  serial: number;
}

export const NO_HEADER: BadHeader = { reason: "no msg=audit(...) header" };
export const NO_NODE_RECORD: BadHeader = { reason: "no record after node=" };
const BAD_STAMP: BadHeader = { reason: "Error extracting time stamp" };

/** Reads `(SECS.MS:SERIAL)` of the `msg=audit(…)` token at `msg` into `st`. */
export function parseStamp(
  text: string,
  msg: number,
  tokenEnd: number,
  st: Stamp,
): BadHeader | undefined {
  let i = msg + 9;
  if (text.charCodeAt(i) !== 40) {
    i = text.indexOf("(", msg);
    if (i < 0 || i >= tokenEnd) return NO_HEADER;
  }
  i++;
  const first = i;
  let c = text.charCodeAt(i);
  let sec = 0;
  while (c >= 48 && c <= 57) {
    sec = sec * 10 + c - 48;
    c = text.charCodeAt(++i);
  }
  if (i === first) return BAD_STAMP;
  let milli = 0;
  let serial = 0;
  if (c === 46) {
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      milli = milli * 10 + c - 48;
      c = text.charCodeAt(++i);
    }
    if (milli > 999) return BAD_STAMP;
  }
  if (c !== 58) {
    const close = text.indexOf(")", i);
    const colon = text.indexOf(":", i);
    if (colon >= 0 && (close < 0 || colon < close)) {
      i = colon;
      c = 58;
    }
  }
  if (c === 58) {
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      serial = serial * 10 + c - 48;
      c = text.charCodeAt(++i);
    }
  }
  st.sec = sec;
  st.milli = milli;
  st.serial = serial;
  return undefined;
}

const scratch: Stamp = { sec: 0, milli: 0, serial: 0 };

/**
 * Why the line `text[start..end)` has no header {@linkcode EventGrouper}
 * can read (the same checks as its `addAt`), or `undefined` when it has one.
 *
 * @param text The text holding the line.
 * @param start Where the line starts.
 * @param end Where it ends (its line break or the end of the text).
 * @returns The problem, or `undefined`.
 */
export function headerProblem(text: string, start: number, end: number): BadHeader | undefined {
  let p = start;
  if (text.charCodeAt(p) === 110) {
    const sp = text.indexOf(" ", p);
    if (sp < 0 || sp >= end) return NO_NODE_RECORD;
    p = sp + 1;
    while (text.charCodeAt(p) === 32) p++;
  }
  const typeEnd = text.indexOf(" ", p);
  if (typeEnd < 0 || typeEnd >= end) return NO_HEADER;
  let msg = typeEnd + 1;
  while (text.charCodeAt(msg) === 32) msg++;
  let tokenEnd = text.indexOf(" ", msg);
  if (tokenEnd < 0 || tokenEnd > end) tokenEnd = end;
  if (tokenEnd - msg <= 18) return NO_HEADER;
  return parseStamp(text, msg, tokenEnd, scratch);
}
