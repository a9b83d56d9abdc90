/**
 * The C library behaviour that auparse's interpreters rely on: `strtoul`
 * and friends (leading blanks, a sign, `0x` in base 16, digits up to the
 * first other character, `ERANGE` on overflow), and auparse's hex
 * unescaping (`au_unescape`); `isxdigit` is `_cstr.ts`'s, shared with the
 * ausearch-parse.c port.
 *
 * @module
 */
import { isXDigit } from "../_cstr.ts";

const U64 = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

function digit(c: number, base: number): number {
  let d = -1;
  if (c >= 48 && c <= 57) d = c - 48;
  else if (c >= 97 && c <= 122) d = c - 87;
  else if (c >= 65 && c <= 90) d = c - 55;
  return d >= 0 && d < base ? d : -1;
}

/**
 * Parses like C's `strtoul`/`strtoull` on a 64-bit machine (base 0: `0x`
 * means 16, a leading `0` means 8): returns the
 * value modulo 2^64 (a minus sign negates), or `undefined` where C sets
 * `errno` to `ERANGE`.
 */
export function strtoul(s: string, base: number): bigint | undefined {
  const r = parse(s, base);
  if (r.overflow) return undefined;
  return r.negative ? (-r.value) & U64 : r.value;
}

/** C's `strtoll`/`strtol` (64-bit long, base 0 as `strtoul`): `undefined` on `ERANGE`. */
export function strtol(s: string, base: number): bigint | undefined {
  const r = parse(s, base);
  if (r.overflow) return undefined;
  if (r.negative) return r.value > I64_MAX + 1n ? undefined : -r.value;
  return r.value > I64_MAX ? undefined : r.value;
}

function parse(s: string, base: number): { value: bigint; negative: boolean; overflow: boolean } {
  let i = 0;
  const n = s.length;
  while (i < n && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") {
    negative = s[i] === "-";
    i++;
  }
  if ((base === 16 || base === 0) && s[i] === "0") {
    const hexPrefix = (s[i + 1] === "x" || s[i + 1] === "X") && digit(s.charCodeAt(i + 2), 16) >= 0;
    if (base === 0) base = hexPrefix ? 16 : 8;
    if (hexPrefix) i += 2;
  } else if (base === 0) base = 10;
  // Fast path: short decimal or hex numbers fit in a double exactly.
  let value = 0n;
  let overflow = false;
  const start = i;
  while (i < n && digit(s.charCodeAt(i), base) >= 0) i++;
  if (i === start) return { value: 0n, negative: false, overflow: false };
  const digits = s.slice(start, i);
  value = BigInt(base === 16 ? "0x" + digits : base === 8 ? "0o" + digits : digits);
  if (value > U64) overflow = true;
  return { value, negative, overflow };
}

/** The low 32 bits as a C `int`. */
export function int32(v: bigint | number): number {
  return typeof v === "number" ? v | 0 : Number(BigInt.asIntN(32, v));
}

/** The low 32 bits as a C `unsigned int`. */
export function uint32(v: bigint | number): number {
  return typeof v === "number" ? v >>> 0 : Number(BigInt.asUintN(32, v));
}

const MAX_DIGITS: Record<number, number> = { 8: 17, 10: 15, 16: 13 };

/** A plain short number (only digits of `base`) as a double, else `undefined`. */
export function simpleNumber(s: string, base: number): number | undefined {
  const n = s.length;
  if (n === 0 || n > MAX_DIGITS[base]!) return undefined;
  for (let i = 0; i < n; i++) if (digit(s.charCodeAt(i), base) < 0) return undefined;
  return parseInt(s, base);
}

/** `(int)strtoul(s, NULL, base)`, or `undefined` on `ERANGE`. */
export function strtoul32(s: string, base: number): number | undefined {
  const fast = simpleNumber(s, base);
  if (fast !== undefined) return fast | 0;
  const v = strtoul(s, base);
  return v === undefined ? undefined : int32(v);
}

/** `(int)strtol(s, NULL, base)`, or `undefined` on `ERANGE`. */
export function strtol32(s: string, base: number): number | undefined {
  const fast = simpleNumber(s, base);
  if (fast !== undefined) return fast | 0;
  const v = strtol(s, base);
  return v === undefined ? undefined : int32(v);
}

/** auparse's `is_hex_string`: only hex digits (true for ""). */
export function isHexString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isXDigit(s.charCodeAt(i))) return false;
  return true;
}

/** auparse's `is_int_string`: only decimal digits (true for ""). */
export function isIntString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function nibble(c: number): number {
  // x2c: strchr("0123456789ABCDEF", toupper(c)); the terminating NUL matches at 16.
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return 0;
}

/**
 * auparse's `au_unescape`: the leading hex digits of `s` decoded in place
 * in a copy of them, as C leaves that buffer (decoded bytes, a NUL, zeros
 * up to `s.length / 2`, then the rest of the copied hex text), or a
 * leading `(…)` kept as text (`(null)`); `undefined` when fewer than two
 * hex digits.
 */
export function auUnescape(s: string): Uint8Array | string | undefined {
  if (s.charCodeAt(0) === 40) {
    const close = s.indexOf(")");
    return close < 0 ? undefined : s.slice(0, close + 1);
  }
  let end = 0;
  while (end < s.length && isXDigit(s.charCodeAt(end))) end++;
  if (end < 2) return undefined;
  const olen = s.length;
  const out = new Uint8Array(olen + 1);
  for (let i = 0; i < end; i++) out[i] = s.charCodeAt(i);
  let j = 0;
  for (let i = 0; i < end; i += 2, j++) {
    out[j] = (nibble(out[i]!) << 4) | nibble(out[i + 1]!);
  }
  out[j] = 0;
  const zeros = (olen >> 1) - (j - 1);
  if (zeros > 0) out.fill(0, j, j + zeros);
  return out;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes up to the first NUL as text (UTF-8, invalid sequences replaced). */
export function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  const end = nul < 0 ? bytes.length : nul;
  // ASCII (the usual case) without TextDecoder's call overhead
  let s = "";
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) return utf8.decode(bytes.subarray(0, end));
    s += String.fromCharCode(b);
  }
  return s;
}

/** Bytes as text (UTF-8, invalid sequences replaced). */
export function bytesText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
