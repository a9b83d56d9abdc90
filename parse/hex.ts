/**
 * Hex decoding with go-libaudit's rules: only upper-case hex digits, an even
 * number of them, nothing else (a quoted value is never hex).
 *
 * @module
 */

const decoder = new TextDecoder();

/** Value of an upper-case hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Whether `text` is a non-empty, even-length string of upper-case hex digits
 * (`0-9A-F`), the form in which the kernel encodes values that need it.
 */
export function isUpperHex(text: string): boolean {
  const n = text.length;
  if (n === 0 || (n & 1) === 1) return false;
  for (let i = 0; i < n; i++) {
    if (hexDigit(text.charCodeAt(i)) < 0) return false;
  }
  return true;
}

/**
 * Decodes upper-case hex into bytes, or `undefined` when `text` is not
 * upper-case hex of even length (the empty string decodes to no bytes).
 */
export function decodeHexBytes(text: string): Uint8Array | undefined {
  const n = text.length;
  if ((n & 1) === 1) return undefined;
  const out = new Uint8Array(n >> 1);
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const hi = hexDigit(text.charCodeAt(i));
    const lo = hexDigit(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[j] = (hi << 4) | lo;
  }
  return out;
}

/** Bytes as text: pure ASCII fast, anything else as UTF-8 (invalid → U+FFFD). */
export function bytesToString(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n < 64) {
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode(...bytes);
  }
  return decoder.decode(bytes);
}

/**
 * Decodes hex to text, cut at the first NUL (go-libaudit `hexToString`), or
 * `undefined` when `text` is not upper-case hex.
 */
export function hexToString(text: string): string | undefined {
  const bytes = decodeHexBytes(text);
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
  const bytes = decodeHexBytes(text);
  if (bytes === undefined) return undefined;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) bytes[i] = 32;
  }
  return bytesToString(bytes);
}
