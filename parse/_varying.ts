/**
 * The values of a SYSCALL record that change with every call of a busy
 * program (its arguments `a0`…`a3`, `pid`, `ppid`), found in the record's
 * text without parsing it: caches keyed by record text key SYSCALL records
 * by the text around these values (`_record_json_cache.ts`,
 * `interpret/event_json_cache.ts`), so that they repeat.
 *
 * A value is taken only where putting another in its place cannot change
 * how the record splits into fields: its field name starts a key (a run of
 * key characters, the only place extraction reads a key) once in the text
 * after the header (checked once, for a record kept), and the value is a
 * run of `[0-9a-f]` (key characters: never a quote, space or `=`) followed
 * by a space. Whether that occurrence is a field at all (not inside a quoted
 * value) is for the caller to check once, on a parsed record: records with
 * the same text around the values split alike.
 *
 * Module-private.
 *
 * @module
 */

import { flat } from "./_flat.ts";
import { textHash } from "./_text_cache.ts";

/** The fields whose values are taken, in field numbering (bit k of a mask: field k). */
export const VARYING_FIELDS: readonly string[] = ["a0", "a1", "a2", "a3", "ppid", "pid"];
/** How many {@linkcode VARYING_FIELDS}. */
export const VARYING_COUNT = 6;
const NAMES = VARYING_FIELDS.map((k) => k + "=");
/** Longer values are left in the text (no pid or 64-bit argument is longer). */
const MAX_VALUE = 20;

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** The names after a space, as in a SYSCALL record. */
const SPACED = NAMES.map((n) => " " + n);

/** Where a value taken at `q` ends (the space after it), or -1 when it cannot be taken. */
function valueEnd(text: string, q: number, fieldsEnd: number): number {
  let e = q;
  while (e < fieldsEnd && e - q <= MAX_VALUE && isLowerHex(text.charCodeAt(e))) e++;
  if (e === q || e >= fieldsEnd || e - q > MAX_VALUE || text.charCodeAt(e) !== 32) return -1;
  return e;
}

/** The number of the field named `text[i:i+length]` (first character `c`), or -1. */
function fieldNumber(text: string, c: number, i: number, length: number): number {
  if (c === 97) { // a0…a3
    if (length !== 2) return -1;
    const d = text.charCodeAt(i + 1) - 48;
    return d >= 0 && d <= 3 ? d : -1;
  }
  if (c !== 112) return -1; // p
  if (length === 4) return text.startsWith("ppid", i) ? 4 : -1;
  if (length === 3) return text.startsWith("pid", i) ? 5 : -1;
  return -1;
}

/** The varying values of one record, as {@linkcode VaryingValues.scan} found them. */
export class VaryingValues {
  /** Start of each field's value, by field number (valid for the fields in `mask`). */
  readonly starts: Int32Array = new Int32Array(VARYING_COUNT);
  /** End of each field's value. */
  readonly ends: Int32Array = new Int32Array(VARYING_COUNT);
  /** The field numbers found, in the order of their positions (`count` of them). */
  readonly order: Int32Array = new Int32Array(VARYING_COUNT);
  /** How many fields were found. */
  count = 0;
  /** The fields found, bit k for field k. */
  mask = 0;
  /** Scratch: where each field's value starts (-1: none), or how often its name starts a key. */
  readonly #at = new Int32Array(VARYING_COUNT);

  /**
   * Finds the values in `text[start:fieldsEnd]`, the fields of a record
   * whose text after the header runs from `start` to the end of `text`: the
   * first place each name starts a key. Whether it is the only one is for
   * {@linkcode VaryingValues.unique} to say, once, for a record kept: records
   * with the same text around the values have the names in the same places.
   */
  scan(text: string, start: number, fieldsEnd: number): void {
    if (this.#usual(text, start, fieldsEnd)) return;
    const { starts, ends } = this;
    const at = this.#at;
    for (let k = 0; k < VARYING_COUNT; k++) {
      const name = NAMES[k]!;
      let q = -1;
      for (let p = text.indexOf(name, start); p >= 0; p = text.indexOf(name, p + 1)) {
        if (p > start && isKeyChar(text.charCodeAt(p - 1))) continue;
        q = p + name.length;
        break;
      }
      at[k] = q;
    }
    let mask = 0;
    let count = 0;
    const order = this.order;
    for (let k = 0; k < VARYING_COUNT; k++) {
      const q = at[k]!;
      if (q < 0) continue;
      const e = valueEnd(text, q, fieldsEnd);
      if (e < 0) continue;
      starts[k] = q;
      ends[k] = e;
      mask |= 1 << k;
      let j = count++;
      while (j > 0 && starts[order[j - 1]!]! > q) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = k;
    }
    this.mask = mask;
    this.count = count;
  }

  /**
   * The values where a SYSCALL record has them, `… a0=V a1=V a2=V a3=V
   * items=N ppid=V pid=V …`, found with two searches instead of one per
   * name; false (nothing found) for any other layout. These places are the
   * first where the names start keys whenever each starts a key once, the
   * only records kept (see {@linkcode VaryingValues.unique}); a record whose
   * text around them is a kept one's is such a record too.
   */
  #usual(text: string, start: number, fieldsEnd: number): boolean {
    const { starts, ends, order } = this;
    let q = text.indexOf(" a0=", start) + 4;
    if (q < 4) return false;
    for (let k = 0;; k++) {
      const e = valueEnd(text, q, fieldsEnd);
      if (e < 0) return false;
      starts[k] = q;
      ends[k] = e;
      order[k] = k;
      if (k === 5) break;
      if (k < 3) {
        if (!text.startsWith(SPACED[k + 1]!, e)) return false;
        q = e + 4;
      } else if (k === 3) {
        q = text.indexOf(" ppid=", e) + 6;
        if (q < 6) return false;
      } else {
        if (!text.startsWith(" pid=", e)) return false;
        q = e + 5;
      }
    }
    this.mask = (1 << VARYING_COUNT) - 1;
    this.count = VARYING_COUNT;
    return true;
  }

  /**
   * Whether each name found by the last {@linkcode VaryingValues.scan} of
   * `text` (from `start`) starts a key only once, in one pass over the runs
   * of key characters (where extraction reads keys).
   */
  unique(text: string, start: number): boolean {
    const seen = this.#at;
    seen.fill(0);
    const end = text.length;
    for (let i = start; i < end;) {
      const c = text.charCodeAt(i);
      if (!isKeyChar(c)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < end && isKeyChar(text.charCodeAt(j))) j++;
      if (j < end && text.charCodeAt(j) === 61) {
        const k = fieldNumber(text, c, i, j - i);
        if (k >= 0) seen[k]!++;
      }
      i = j;
    }
    for (let k = 0; k < VARYING_COUNT; k++) {
      if ((this.mask & (1 << k)) !== 0 && seen[k] !== 1) return false;
    }
    return true;
  }

  /**
   * `seed` mixed with the hashes of the text around the values,
   * `text[start:end]` cut at them (FNV-style steps, not finalized).
   */
  hashAround(text: string, start: number, end: number, seed: number): number {
    let h = seed;
    let pos = start;
    for (let j = 0; j < this.count; j++) {
      const k = this.order[j]!;
      h = Math.imul(h ^ textHash(text, pos, this.starts[k]!), 0x01000193);
      pos = this.ends[k]!;
    }
    return Math.imul(h ^ textHash(text, pos, end), 0x01000193);
  }

  /**
   * Whether the text around the values, `text[start:end]` cut at them, is
   * `segments` (one more than `count`).
   */
  around(text: string, start: number, end: number, segments: readonly string[]): boolean {
    let pos = start;
    const count = this.count;
    for (let j = 0; j <= count; j++) {
      const to = j < count ? this.starts[this.order[j]!]! : end;
      const segment = segments[j]!;
      // A slice is a view (no copy), and `===` compares memory where
      // `startsWith` reads character by character.
      if (to - pos !== segment.length || text.slice(pos, to) !== segment) return false;
      if (j < count) pos = this.ends[this.order[j]!]!;
    }
    return true;
  }

  /** The text around the values, `text[start:end]` cut at them, as flat strings. */
  segments(text: string, start: number, end: number): string[] {
    const out: string[] = [];
    let pos = start;
    for (let j = 0; j < this.count; j++) {
      const k = this.order[j]!;
      out.push(flat(text.slice(pos, this.starts[k]!)));
      pos = this.ends[k]!;
    }
    out.push(flat(text.slice(pos, end)));
    return out;
  }

  /** The value of field `k` in `text`. */
  value(text: string, k: number): string {
    return text.slice(this.starts[k]!, this.ends[k]!);
  }
}

/** A string no record has, standing for hole `hole` while a template is made. */
export function marker(hole: number): string {
  return `\u0000libaudit-hole-${hole}\u0000`;
}

/**
 * Cuts `marked` (a JSON text with {@linkcode marker}s) at the markers of
 * `holes`: the pieces, and the hole between each two. A marker of a hole in
 * `numbers` is cut with its quotes (a number goes there), the others without
 * (a string's text goes there). Each marker must occur `times[hole]` times;
 * `undefined` otherwise.
 */
export function cutAtMarkers(
  marked: string,
  holes: readonly number[],
  numbers: readonly number[],
  times: (hole: number) => number,
): { parts: string[]; holes: number[] } | undefined {
  const found: { at: number; hole: number; length: number }[] = [];
  for (const hole of holes) {
    const escaped = JSON.stringify(marker(hole));
    const pattern = numbers.includes(hole) ? escaped : escaped.slice(1, -1);
    let n = 0;
    for (let at = marked.indexOf(pattern); at >= 0; at = marked.indexOf(pattern, at + 1)) {
      found.push({ at, hole, length: pattern.length });
      n++;
    }
    if (n !== times(hole)) return undefined;
  }
  found.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  const order: number[] = [];
  let pos = 0;
  for (const f of found) {
    parts.push(flat(marked.slice(pos, f.at)));
    order.push(f.hole);
    pos = f.at + f.length;
  }
  parts.push(flat(marked.slice(pos)));
  return { parts, holes: order };
}
