/**
 * C string functions as ausearch uses them (`strtoul`, `strtoll`, its
 * `unescape`), over JavaScript strings, so the port of its field extraction
 * reads like the original.
 *
 * @module
 */

/** C `isspace`. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** C `isxdigit`. */
export function isXdigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** C `isdigit`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** C `isalpha`. */
export function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
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
    if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && isXdigit(s.charCodeAt(i + 2))) {
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

/** `strtoul(s+i, NULL, 10)` stored in a 32-bit unsigned (`uid_t`, `uint32_t`). */
export function u32At(s: string, i: number): number {
  const v = strtoNumber(s, i, 10);
  return ((v % 4294967296) + 4294967296) % 4294967296;
}

/** `strtoul(s+i, NULL, 10)` stored in a 32-bit signed (`pid_t`, `int`). */
export function i32At(s: string, i: number): number {
  return u32At(s, i) | 0;
}

/**
 * ausearch's `unescape`: `(…)` text as is, else the hex digits at `i`
 * decoded (`undefined` when there are none, or fewer than 2).
 */
export function unescape(s: string, i: number): string | undefined {
  let end = i;
  if (s[i] === "(") {
    end = s.indexOf(")", i);
    if (end < 0) return undefined;
    return s.slice(i, end + 1);
  }
  while (end < s.length && isXdigit(s.charCodeAt(end))) end++;
  if (end - i < 2) return undefined;
  const bytes: number[] = [];
  for (let k = i; k + 1 < end; k += 2) {
    const b = parseInt(s.slice(k, k + 2), 16);
    if (b === 0) break;
    bytes.push(b);
  }
  if ((end - i) % 2 === 1) {
    // x2c of the last digit and the terminator: its high nibble.
    const b = parseInt(s[end - 1]!, 16) << 4;
    if (b !== 0 && bytes.length === Math.floor((end - i) / 2)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `strchr(s+i, c)` as an index (-1 when absent). */
export function strchr(s: string, i: number, c: string): number {
  return s.indexOf(c, i);
}

/** `strstr(s+i, t)` as an index (-1 when absent). */
export function strstr(s: string, i: number, t: string): number {
  return s.indexOf(t, i);
}

/** The text from `i` to the next `c` (or the end when there is none). */
export function until(s: string, i: number, c: string): string {
  const e = s.indexOf(c, i);
  return e < 0 ? s.slice(i) : s.slice(i, e);
}
