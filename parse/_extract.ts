/**
 * Key/value extraction with go-libaudit's semantics, in one pass over the
 * text and without regular expressions.
 *
 * go-libaudit matches every `([a-z0-9_-]+)=((?:[^"'\s]+)|'(?:\\'|[^'])*'|"(?:\\"|[^"])*")`
 * (leftmost-first), trims `'`, `"` and spaces from each value, drops the
 * values `""`, `"?"`, `"?,"` and `"(null)"`, and parses the value of `msg`
 * again as key/value pairs (the nested message of user-space records).
 * {@linkcode extractFields} reproduces exactly that, including how an
 * unterminated quote falls back to the last escaped quote.
 *
 * Crafted input cannot make it slow or deep: nested `msg=` values are
 * walked with an explicit stack (no recursion on input structure) and at
 * most {@linkcode MAX_MSG_DEPTH} deep (deeper ones stay one `msg` field,
 * with {@linkcode FieldMap.warning} saying so), and the scans for a value's
 * end remember what they found, so no stretch of text is scanned again and
 * again: time is linear in the length of the text.
 *
 * @module
 */

import { FieldMap, isSpace, keyInfo, storeParsed } from "./fields.ts";
import { flatSlice } from "./_flat.ts";

/** Most levels of `msg=` values parsed as key/value pairs inside each other. */
export const MAX_MSG_DEPTH = 8;

/** Character classes by code unit: key characters, and value stoppers. */
const KEY = 1;
const STOP = 2; // `"`, `'` and Go regexp `\s` end an unquoted value
const CLASS = new Uint8Array(65536);
for (let c = 97; c <= 122; c++) CLASS[c] = KEY;
for (let c = 48; c <= 57; c++) CLASS[c] = KEY;
CLASS[95] = CLASS[45] = KEY;
for (const c of [34, 39, 32, 9, 10, 12, 13]) CLASS[c] = STOP;

/** `[a-z0-9_-]` */
function isKeyChar(c: number): boolean {
  return CLASS[c] === KEY;
}

// Interned keys: a key seen before is reused instead of sliced again, which
// also spares V8 from internalizing it on every property store.
const KEY_CACHE_SIZE = 1024;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);
/** The `keyInfo` of each cached key. */
const keyInfos = new Int32Array(KEY_CACHE_SIZE);
/** The `keyInfo` of the key {@linkcode keyAt} returned last. */
let lastKeyInfo = 0;

function keyAt(text: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (end - start)) & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.length === end - start) {
    let same = true;
    for (let i = start, j = 0; i < end; i++, j++) {
      if (text.charCodeAt(i) !== cached.charCodeAt(j)) {
        same = false;
        break;
      }
    }
    if (same) {
      lastKeyInfo = keyInfos[slot]!;
      return cached;
    }
  }
  const key = text.slice(start, end);
  keyCache[slot] = key;
  keyInfos[slot] = lastKeyInfo = keyInfo(key);
  return key;
}

// The stack of the `msg=` values being walked: where the enclosing range
// resumes, where it ends, and what its quote scans had found.
const resumeStack = new Int32Array(MAX_MSG_DEPTH);
const endStack = new Int32Array(MAX_MSG_DEPTH);
const noSingleStack = new Int32Array(MAX_MSG_DEPTH);
const noDoubleStack = new Int32Array(MAX_MSG_DEPTH);

/** Whether a value is one go-libaudit drops: `""`, `"?"`, `"?,"` or `"(null)"`. */
function isDropped(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n > 6) return false;
  if (n === 0) return true;
  const c = text.charCodeAt(start);
  if (n === 1) return c === 63;
  if (n === 2) return c === 63 && text.charCodeAt(start + 1) === 44;
  return n === 6 && text.startsWith("(null)", start);
}

/**
 * Extracts the key/value pairs of `text[start:end]` into `fields`, later
 * keys overwriting earlier ones (go-libaudit `extractKeyValuePairs`); the
 * pairs of a `msg` value are extracted in its place.
 */
export function extractFields(
  text: string,
  start: number,
  end: number,
  fields: FieldMap,
): void {
  let i = start;
  let depth = 0;
  // No `'` (resp. `"`) in [noSingle, end) (resp. [noDouble, end)): learnt
  // from a quote that found no closing one.
  let noSingle = end;
  let noDouble = end;
  // The first STOP character at or after `stopFrom` is at `stopAt` (or none
  // before `stopAt` when `!stopFound`): unquoted `msg=` values inside each
  // other end at the same place.
  let stopFrom = -1;
  let stopAt = -1;
  let stopFound = false;
  for (;;) {
    if (i >= end) {
      if (depth === 0) return;
      depth--;
      i = resumeStack[depth]!;
      end = endStack[depth]!;
      noSingle = noSingleStack[depth]!;
      noDouble = noDoubleStack[depth]!;
      continue;
    }
    let c = text.charCodeAt(i);
    if (!isKeyChar(c)) {
      i++;
      continue;
    }
    const keyStart = i;
    let hash = 0;
    do {
      hash = (hash * 31 + c) | 0;
      c = text.charCodeAt(++i);
    } while (i < end && isKeyChar(c));
    // Every match attempt starting inside this run of key characters ends
    // at the same '=' and value, so one attempt decides for all of them.
    if (i >= end || c !== 61) continue;
    const v = i + 1;
    if (v >= end) {
      i = end;
      continue;
    }
    const key = keyAt(text, keyStart, i, hash);
    const info = lastKeyInfo;
    const isMsg = key === "msg";
    // `msg` is split up again and `proctitle` hex-decoded: no copy for them.
    const copy = key !== "proctitle" && !isMsg;
    const first = text.charCodeAt(v);
    let a: number;
    let b: number;
    let quoted = false;
    if (first === 34 || first === 39) {
      const limit = first === 39 ? noSingle : noDouble;
      let j = v + 1;
      let lastEscaped = -1;
      let close = -1;
      while (j < limit) {
        const ch = text.charCodeAt(j);
        if (ch === first) {
          close = j;
          break;
        }
        if (ch === 92 && j + 1 < limit && text.charCodeAt(j + 1) === first) {
          lastEscaped = j + 1;
          j += 2;
        } else {
          j++;
        }
      }
      if (close < 0) {
        // No closing quote: none after the last escaped one either.
        const none = lastEscaped >= 0 ? lastEscaped + 1 : v + 1;
        if (first === 39) noSingle = Math.min(noSingle, none);
        else noDouble = Math.min(noDouble, none);
        // Unterminated: the regexp backtracks to the last escaped quote.
        close = lastEscaped;
      }
      if (close < 0) {
        i = v + 1;
        continue;
      }
      // Trim quotes and spaces (`strings.Trim(v, "'\" ")`).
      a = v + 1;
      b = close;
      let ch = text.charCodeAt(a);
      while (a < b && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(++a);
      ch = text.charCodeAt(b - 1);
      while (b > a && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(--b - 1);
      i = close + 1;
      quoted = true;
    } else if (isSpace(first)) {
      i = v;
      continue;
    } else {
      let j: number;
      if (stopFrom >= 0 && v >= stopFrom && v <= stopAt && (stopFound || end <= stopAt)) {
        j = Math.min(stopAt, end);
      } else {
        j = v + 1;
        while (j < end && CLASS[text.charCodeAt(j)] !== STOP) j++;
        stopFrom = v;
        stopAt = j;
        stopFound = j < end;
      }
      a = v;
      b = j;
      i = j;
    }
    if (b - a <= 6 && isDropped(text, a, b)) continue;
    if (isMsg) {
      if (depth < MAX_MSG_DEPTH) {
        resumeStack[depth] = i;
        endStack[depth] = end;
        noSingleStack[depth] = noSingle;
        noDoubleStack[depth] = noDouble;
        depth++;
        i = a;
        end = b;
        // What held up to the old end holds up to the new, nearer one.
        if (noSingle > end) noSingle = end;
        if (noDouble > end) noDouble = end;
        continue;
      }
      fields.warning ??=
        `msg= values nested more than ${MAX_MSG_DEPTH} deep: the deepest kept unparsed in msg`;
    }
    storeParsed(fields, key, copy ? flatSlice(text, a, b) : text.slice(a, b), quoted, info);
  }
}

// Warm-up, once per isolate: the rarer branches (quotes escaped, trimmed,
// unterminated; nested `msg=` values; dropped and empty values) run here on
// a throwaway map, so V8's optimizing compilers have type feedback for them.
// Without it the optimized code met them on real logs and deoptimized
// ("insufficient type feedback"), and TurboFan compiled extractFields twice.
// Only keys no table knows (`zz`) and `msg` are stored, so no store site
// outside this file sees a new object shape.
const WARM_UP = `zz="a\\"b" zz=' c ' zz=? zz=?, zz=(null) zz="" zz= x ` +
  `msg='zz=a msg=zz=b zz="c"' msg=zz=d zz="e\\"f zz='g zz=`;
extractFields(WARM_UP, 0, WARM_UP.length, new FieldMap());
