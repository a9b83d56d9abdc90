/**
 * Number syntax of auditctl values (`strtoul`/`strtol` with base 0), but
 * strict: trailing garbage and out-of-range numbers are errors instead of
 * being cut off silently.
 *
 * @module
 */

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

/** Parses an unsigned C number literal (decimal, `0x` hex, `0` octal) up to 2^32-1. */
export function parseUnsigned(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = text.length > 1 && text[0] === "0" && !/^0[xX]/.test(text)
    ? parseInt(text.slice(1), 8)
    : Number(text);
  return value <= 0xffffffff ? value : undefined;
}

/** Parses `-N` or `N` as a 32-bit value (negative numbers as two's complement). */
export function parseSigned(text: string): number | undefined {
  if (text.startsWith("-")) {
    const magnitude = parseUnsigned(text.slice(1));
    return magnitude === undefined || magnitude > 0x80000000
      ? undefined
      : (0x100000000 - magnitude) % 0x100000000;
  }
  return parseUnsigned(text);
}

/** True when `text` starts with an ASCII digit (auditctl's `isdigit(*v)`). */
export function startsWithDigit(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** Reinterprets an unsigned 32-bit value as signed (`%d`). */
export function toSigned(value: number): number {
  return value | 0;
}
