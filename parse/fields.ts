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
 * @module
 */

/**
 * Parsed fields. The fields that enrichment replaces (`success`, `res`,
 * `key`, `subj`, `obj`, `saddr`) are held apart so that they never need to
 * be deleted from `values` (deleting makes objects slow).
 */
export class FieldMap {
  /** Field values (quotes trimmed), in the order first seen. */
  readonly values: Record<string, string> = {};
  /** Which of the hex-capable fields (see {@linkcode hexBit}) were quoted. */
  quotedBits = 0;
  /** Quoted execve arguments (`aN`). */
  quotedArgs: Set<string> | undefined = undefined;
  /** `success=` */
  success: string | undefined = undefined;
  /** `res=` */
  res: string | undefined = undefined;
  /** `key=` */
  key: string | undefined = undefined;
  /** Whether `key=` was quoted. */
  keyQuoted = false;
  /** `subj=` */
  subj: string | undefined = undefined;
  /** `obj=` */
  obj: string | undefined = undefined;
  /** `saddr=` */
  saddr: string | undefined = undefined;

  /** Whether the value of `key` was quoted (so it is never hex). */
  isQuoted(key: string): boolean {
    const bit = hexBit(key);
    if (bit === ARG_BIT) return this.quotedArgs !== undefined && this.quotedArgs.has(key);
    return (this.quotedBits & bit) !== 0;
  }
}

const ARG_BIT = 128;

/**
 * A bit for each field that enrichment may hex-decode (`cwd`, `cmd`, `data`,
 * `exe`, `name`, `proctitle`, `acct`, and `aN` arguments); 0 for the rest.
 * Only for these does quoting need to be remembered.
 */
function hexBit(key: string): number {
  switch (key.charCodeAt(0)) {
    case 97: // a
      if (key === "acct") return 64;
      return key.length > 1 && key.charCodeAt(1) <= 57 && key.charCodeAt(1) >= 48 ? ARG_BIT : 0;
    case 99: // c
      return key === "cwd" ? 1 : key === "cmd" ? 2 : 0;
    case 100: // d
      return key === "data" ? 4 : 0;
    case 101: // e
      return key === "exe" ? 8 : 0;
    case 110: // n
      return key === "name" ? 16 : 0;
    case 112: // p
      return key === "proctitle" ? 32 : 0;
    default:
      return 0;
  }
}

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

/** Go regexp `\s`: `[\t\n\f\r ]`. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** Sets an ordinary field, guarding the one key a plain object cannot hold. */
export function setField(fields: FieldMap, key: string, value: string, quoted: boolean): void {
  if (key.charCodeAt(0) === 95 && key === "__proto__") {
    Object.defineProperty(fields.values, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    fields.values[key] = value;
  }
  const bit = hexBit(key);
  if (bit === 0) return;
  if (bit === ARG_BIT) {
    if (quoted) (fields.quotedArgs ??= new Set()).add(key);
    else fields.quotedArgs?.delete(key);
  } else if (quoted) {
    fields.quotedBits |= bit;
  } else {
    fields.quotedBits &= ~bit;
  }
}

/** Stores a field, routing the ones enrichment replaces to their slots. */
function store(fields: FieldMap, key: string, value: string, quoted: boolean): void {
  switch (key.charCodeAt(0)) {
    case 115: // s
      if (key === "success") {
        fields.success = value;
        return;
      }
      if (key === "subj") {
        fields.subj = value;
        return;
      }
      if (key === "saddr") {
        fields.saddr = value;
        return;
      }
      break;
    case 114: // r
      if (key === "res") {
        fields.res = value;
        return;
      }
      break;
    case 107: // k
      if (key === "key") {
        fields.key = value;
        fields.keyQuoted = quoted;
        return;
      }
      break;
    case 111: // o
      if (key === "obj") {
        fields.obj = value;
        return;
      }
      break;
  }
  setField(fields, key, value, quoted);
}

// Interned keys: a key seen before is reused instead of sliced again, which
// also spares V8 from internalizing it on every property store.
const KEY_CACHE_SIZE = 1024;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);

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
    if (same) return cached;
  }
  const key = text.slice(start, end);
  keyCache[slot] = key;
  return key;
}

/**
 * Extracts the key/value pairs of `text[start:end]` into `fields`, later
 * keys overwriting earlier ones (go-libaudit `extractKeyValuePairs`).
 */
export function extractFields(
  text: string,
  start: number,
  end: number,
  fields: FieldMap,
): void {
  let i = start;
  while (i < end) {
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
    if (v >= end) return;
    const first = text.charCodeAt(v);
    let value: string;
    let quoted = false;
    if (first === 34 || first === 39) {
      let j = v + 1;
      let lastEscaped = -1;
      let close = -1;
      while (j < end) {
        const ch = text.charCodeAt(j);
        if (ch === first) {
          close = j;
          break;
        }
        if (ch === 92 && j + 1 < end && text.charCodeAt(j + 1) === first) {
          lastEscaped = j + 1;
          j += 2;
        } else {
          j++;
        }
      }
      // Unterminated: the regexp backtracks to the last escaped quote.
      if (close < 0) close = lastEscaped;
      if (close < 0) {
        i = v + 1;
        continue;
      }
      // Trim quotes and spaces (`strings.Trim(v, "'\" ")`).
      let a = v + 1;
      let b = close;
      let ch = text.charCodeAt(a);
      while (a < b && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(++a);
      ch = text.charCodeAt(b - 1);
      while (b > a && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(--b - 1);
      value = a === b ? "" : text.slice(a, b);
      i = close + 1;
      quoted = true;
    } else if (isSpace(first)) {
      i = v;
      continue;
    } else {
      let j = v + 1;
      while (j < end && CLASS[text.charCodeAt(j)] !== STOP) j++;
      value = text.slice(v, j);
      i = j;
    }
    if (value.length <= 6) {
      if (value === "" || value === "?" || value === "?," || value === "(null)") continue;
    }
    const key = keyAt(text, keyStart, v - 1, hash);
    if (key === "msg") {
      extractFields(value, 0, value.length, fields);
      continue;
    }
    store(fields, key, value, quoted);
  }
}
