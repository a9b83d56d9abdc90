/**
 * The C string routines ausearch-parse.c relies on (compiled into both
 * ausearch and aureport), with their exact semantics on JavaScript strings:
 * `strtoul`/`strtol` (whitespace, sign, overflow as an error), `isxdigit`,
 * and ausearch's hex `unescape`. Shared by the search and report ports.
 *
 * @module
 */

/** Result of {@linkcode strtoul}: the value truncated to 32 bits, and whether errno was set. */
export interface CNumber {
  /** The value as C stores it in a 32-bit unsigned field. */
  value: number;
  /** errno was set (ERANGE): the C callers treat this as a malformed record. */
  error: boolean;
}

const TWO32 = 4294967296;
/** The one result object {@linkcode strtoul} fills (callers read it at once). */
const RESULT: CNumber = { value: 0, error: false };
const ULONG_MAX = 18446744073709551615n;

/** C `isspace` on a character code. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 99;
}

/**
 * glibc `strtoul(text + pos, NULL, base)` on a 64-bit machine, truncated to an
 * unsigned 32-bit field (`uid_t`, `unsigned int`). `end` bounds the text as
 * a temporary NUL would. The returned object is reused by the next call.
 */
export function strtoul(text: string, pos: number, base: 10 | 16, end = text.length): CNumber {
  const out = RESULT;
  out.error = false;
  if (base === 10) {
    // Fast path: up to 15 plain digits ending at a non-digit.
    let v = 0;
    let k = pos;
    let c = k < end ? text.charCodeAt(k) : -1;
    while (c >= 48 && c <= 57 && k - pos < 15) {
      v = v * 10 + (c - 48);
      c = ++k < end ? text.charCodeAt(k) : -1;
    }
    if (k > pos && !(c >= 48 && c <= 57)) {
      out.value = v % TWO32;
      return out;
    }
  }
  let i = pos;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let neg = false;
  const sign = text.charCodeAt(i);
  if (i < end && (sign === 45 || sign === 43)) {
    neg = sign === 45;
    i++;
  }
  if (
    base === 16 && i + 1 < end && text.charCodeAt(i) === 48 &&
    (text.charCodeAt(i + 1) | 32) === 120 && i + 2 < end && digitValue(text.charCodeAt(i + 2)) < 16
  ) i += 2;
  const start = i;
  while (i < end && digitValue(text.charCodeAt(i)) < base) i++;
  if (i === start) {
    out.value = 0;
    return out;
  }
  if (i - start <= (base === 10 ? 15 : 12)) {
    let v = 0;
    for (let k = start; k < i; k++) v = v * base + digitValue(text.charCodeAt(k));
    if (neg) v = (TWO32 - (v % TWO32)) % TWO32;
    else v = v % TWO32;
    out.value = v;
    return out;
  }
  let big = 0n;
  const b = BigInt(base);
  for (let k = start; k < i; k++) {
    big = big * b + BigInt(digitValue(text.charCodeAt(k)));
    if (big > ULONG_MAX) {
      out.value = 0xffffffff;
      out.error = true;
      return out;
    }
  }
  if (neg) big = (ULONG_MAX + 1n - big) & ULONG_MAX;
  out.value = Number(big & 0xffffffffn);
  return out;
}

/** `strtoul(s+i, NULL, 10)` stored in a 32-bit unsigned (`uid_t`, `uint32_t`). */
export function u32At(s: string, i: number): number {
  return strtoul(s, i, 10).value;
}

/** `strtoul(s+i, NULL, 10)` stored in a 32-bit signed (`pid_t`, `int`). */
export function i32At(s: string, i: number): number {
  return strtoul(s, i, 10).value | 0;
}

/**
 * `strtol`-like: the signed value of the number at `s[i]` in `base` (0: C's
 * prefixes), 0 when there is none.
 */
export function strtoNumber(s: string, i: number, base: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let sign = 1;
  if (s[i] === "-" || s[i] === "+") {
    if (s[i] === "-") sign = -1;
    i++;
  }
  if (base === 0 || base === 16) {
    if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && isXDigit(s.charCodeAt(i + 2))) {
      i += 2;
      base = 16;
    } else if (base === 0) base = s[i] === "0" ? 8 : 10;
  }
  let value = 0;
  for (; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= base) break;
    value = value * base + d;
  }
  return sign * value;
}

/** A 32-bit unsigned value seen as C's signed `int`. */
export function toInt32(value: number): number {
  return value | 0;
}

/** C `isxdigit` on a character code. */
export function isXDigit(c: number): boolean {
  return digitValue(c) < 16;
}

/** C `isdigit` on a character code. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** C `isalpha` (C locale) on a character code. */
export function isAlpha(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

const UTF8 = new TextDecoder();

/**
 * ausearch's `unescape`: a `(...)` value is returned as is (up to the next
 * `)` anywhere after it); otherwise the leading hex digits are decoded two by
 * two (an odd last digit gives its high nibble). `undefined` where C returns
 * NULL (no `)`, no hex digit, or fewer than two).
 */
export function unescapeBytes(text: string, pos: number): Uint8Array | string | undefined {
  if (text.charCodeAt(pos) === 40) {
    const close = text.indexOf(")", pos);
    return close === -1 ? undefined : text.slice(pos, close + 1);
  }
  let end = pos;
  while (end < text.length && isXDigit(text.charCodeAt(end))) end++;
  const len = end - pos;
  if (len < 2) return undefined;
  const out = new Uint8Array((len + 1) >> 1);
  for (let i = 0, k = pos; k < end; i++, k += 2) {
    const hi = digitValue(text.charCodeAt(k));
    const lo = k + 1 < end ? digitValue(text.charCodeAt(k + 1)) : 0;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** {@linkcode unescapeBytes} read as a C string: up to the first NUL, as UTF-8. */
export function unescape(text: string, pos: number): string | undefined {
  const raw = unescapeBytes(text, pos);
  if (raw === undefined || typeof raw === "string") return raw;
  return cString(raw);
}

/** Bytes up to the first NUL, decoded as UTF-8 (ASCII fast path). */
export function cString(bytes: Uint8Array): string {
  let n = bytes.indexOf(0);
  if (n === -1) n = bytes.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let s = "";
    for (let i = 0; i < n; i += 4096) {
      s += String.fromCharCode(...bytes.subarray(i, Math.min(n, i + 4096)));
    }
    return s;
  }
  return UTF8.decode(bytes.subarray(0, n));
}
