/**
 * Hex decoding with go-libaudit's rules: only upper-case hex digits, an even
 * number of them, nothing else (a quoted value is never hex).
 *
 * @module
 */

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Values of the upper-case hex digits by character code; -1 elsewhere. */
const HEX_DIGITS = new Int8Array(65536).fill(-1);
for (let c = 48; c <= 57; c++) HEX_DIGITS[c] = c - 48;
for (let c = 65; c <= 70; c++) HEX_DIGITS[c] = c - 55;

/** Value of an upper-case hex digit, or -1. */
function hexDigit(c: number): number {
  return HEX_DIGITS[c]!;
}

/** Value of a hex digit of either case (Go's `strconv` accepts both), or -1. */
export function hexDigitAnyCase(c: number): number {
  return c >= 97 && c <= 102 ? c - 87 : HEX_DIGITS[c]!;
}

/**
 * Decodes upper-case hex into bytes, or `undefined` when `text` is not
 * upper-case hex of even length (the empty string decodes to no bytes).
 */
export function decodeHexBytes(text: string): Uint8Array | undefined {
  const bytes = decodeHexInto(text);
  return bytes === undefined ? undefined : bytes.slice();
}

let scratch = new Uint8Array(256);

/**
 * Decodes upper-case hex into a shared scratch buffer (valid until the next
 * call), or `undefined` when `text` is not upper-case hex of even length.
 */
function decodeHexInto(text: string): Uint8Array | undefined {
  const n = text.length;
  if ((n & 1) === 1) return undefined;
  const len = n >> 1;
  if (scratch.length < len) scratch = new Uint8Array(Math.max(len, scratch.length * 2));
  const out = scratch;
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const hi = hexDigit(text.charCodeAt(i));
    const lo = hexDigit(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[j] = (hi << 4) | lo;
  }
  return out.subarray(0, len);
}

/**
 * Bytes as UTF-8 text. Each byte that is not part of a valid sequence
 * becomes one U+FFFD, as in Go (`utf8.DecodeRune`, and go-libaudit's JSON).
 */
export function bytesToString(bytes: Uint8Array): string {
  if (bytes.length <= ASCII_FAST_MAX && isAscii(bytes)) {
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return decodeInvalidUtf8(bytes);
  }
}

/** Longest input decoded with `String.fromCharCode` instead of `TextDecoder`. */
const ASCII_FAST_MAX = 2048;

/** Whether every byte is below 0x80 (ASCII decodes to the same code units). */
function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return false;
  }
  return true;
}

/** Whether `b` is a UTF-8 continuation byte within `[lo, hi]`. */
function inRange(b: number | undefined, lo = 0x80, hi = 0xbf): boolean {
  return b !== undefined && b >= lo && b <= hi;
}

/** Go's rune-by-rune UTF-8 decoding: an invalid byte is one U+FFFD. */
function decodeInvalidUtf8(bytes: Uint8Array): string {
  const points: number[] = [];
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const b0 = bytes[i]!;
    let cp = 0xfffd;
    let size = 1;
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (inRange(bytes[i + 1])) {
        cp = ((b0 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
        size = 2;
      }
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      const lo = b0 === 0xe0 ? 0xa0 : 0x80;
      const hi = b0 === 0xed ? 0x9f : 0xbf;
      if (inRange(bytes[i + 1], lo, hi) && inRange(bytes[i + 2])) {
        cp = ((b0 & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
        size = 3;
      }
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      const lo = b0 === 0xf0 ? 0x90 : 0x80;
      const hi = b0 === 0xf4 ? 0x8f : 0xbf;
      if (inRange(bytes[i + 1], lo, hi) && inRange(bytes[i + 2]) && inRange(bytes[i + 3])) {
        cp = ((b0 & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) |
          ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
        size = 4;
      }
    }
    points.push(cp);
    i += size;
    if (points.length >= 4096) {
      out += String.fromCodePoint(...points);
      points.length = 0;
    }
  }
  return out + String.fromCodePoint(...points);
}

/**
 * Decodes hex to text, cut at the first NUL (go-libaudit `hexToString`), or
 * `undefined` when `text` is not upper-case hex.
 */
export function hexToString(text: string): string | undefined {
  const bytes = decodeHexInto(text);
  if (bytes === undefined) return undefined;
  const nul = bytes.indexOf(0);
  return bytesToString(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/**
 * Decodes hex to text with NULs turned into spaces (go-libaudit `hexToStrings`
 * joined with " ", as for `proctitle`), or `undefined` when `text` is not
 * upper-case hex.
 */
export function hexToSpacedString(text: string): string | undefined {
  const bytes = decodeHexInto(text);
  if (bytes === undefined) return undefined;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) bytes[i] = 32;
  }
  return bytesToString(bytes);
}
