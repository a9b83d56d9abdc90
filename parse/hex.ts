/**
 * Hex decoding with go-libaudit's rules: only upper-case hex digits, an even
 * number of them, nothing else (a quoted value is never hex).
 *
 * @module
 */

const decoder = new TextDecoder();

/** Values of the upper-case hex digits by character code; -1 elsewhere. */
const HEX_DIGITS = new Int8Array(65536).fill(-1);
for (let c = 48; c <= 57; c++) HEX_DIGITS[c] = c - 48;
for (let c = 65; c <= 70; c++) HEX_DIGITS[c] = c - 55;

/** Value of an upper-case hex digit, or -1. */
function hexDigit(c: number): number {
  return HEX_DIGITS[c]!;
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

/** Bytes as UTF-8 text (invalid sequences become U+FFFD). */
export function bytesToString(bytes: Uint8Array): string {
  return decoder.decode(bytes);
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
