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

/** Parsed fields: values by key, plus which values were quoted. */
export interface FieldMap {
  /** Field values (quotes trimmed), in the order first seen. */
  readonly values: Record<string, string>;
  /** Keys whose (last) value was quoted; such a value is never hex-decoded. */
  quoted: Set<string> | undefined;
}

/** Creates an empty field map. */
export function newFieldMap(): FieldMap {
  return { values: {}, quoted: undefined };
}

/** `[a-z0-9_-]` */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** Go regexp `\s`: `[\t\n\f\r ]`. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** `strings.Trim(v, "'\" ")` */
function trimQuotesAndSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b) {
    const c = s.charCodeAt(a);
    if (c !== 39 && c !== 34 && c !== 32) break;
    a++;
  }
  while (b > a) {
    const c = s.charCodeAt(b - 1);
    if (c !== 39 && c !== 34 && c !== 32) break;
    b--;
  }
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Sets a field, guarding the one key a plain object cannot hold. */
export function setField(fields: FieldMap, key: string, value: string, quoted: boolean): void {
  if (key === "__proto__") {
    Object.defineProperty(fields.values, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    fields.values[key] = value;
  }
  if (quoted) {
    (fields.quoted ??= new Set()).add(key);
  } else if (fields.quoted !== undefined) {
    fields.quoted.delete(key);
  }
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
    if (!isKeyChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const keyStart = i;
    do i++; while (i < end && isKeyChar(text.charCodeAt(i)));
    // Every match attempt starting inside this run of key characters ends
    // at the same '=' and value, so one attempt decides for all of them.
    if (i >= end || text.charCodeAt(i) !== 61) continue;
    const v = i + 1;
    if (v >= end) return;
    const first = text.charCodeAt(v);
    let raw: string;
    let quoted = false;
    if (first === 34 || first === 39) {
      let j = v + 1;
      let lastEscaped = -1;
      let close = -1;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (c === 92 && j + 1 < end && text.charCodeAt(j + 1) === first) {
          lastEscaped = j + 1;
          j += 2;
        } else if (c === first) {
          close = j;
          break;
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
      raw = text.slice(v, close + 1);
      i = close + 1;
      quoted = true;
    } else if (isSpace(first)) {
      i = v;
      continue;
    } else {
      let j = v + 1;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (c === 34 || c === 39 || isSpace(c)) break;
        j++;
      }
      raw = text.slice(v, j);
      i = j;
    }
    const value = quoted ? trimQuotesAndSpace(raw) : raw;
    if (value === "" || value === "?" || value === "?," || value === "(null)") continue;
    const key = text.slice(keyStart, v - 1);
    if (key === "msg") {
      extractFields(value, 0, value.length, fields);
      continue;
    }
    setField(fields, key, value, quoted);
  }
}
