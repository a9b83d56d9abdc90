/**
 * aureport's rendering of TTY `data=` (ausearch-lookup.c `print_tty_data`):
 * hex input as quoted printable runs; other bytes as octal escapes.
 *
 * @module
 */
import { unescapeBytes } from "./_cstr.ts";

function isHexString(s: string): boolean {
  return /^[0-9a-fA-F]*$/.test(s);
}

function printable(c: number): string {
  if (c < 0x20 || c > 0x7e) return "\\" + ((c >> 6) & 7) + ((c >> 3) & 7) + (c & 7);
  const ch = String.fromCharCode(c);
  return ch === "\\" || ch === '"' ? "\\" + ch : ch;
}

/** The text aureport prints for a TTY record's `data=` value. */
export function ttyData(val: string): string {
  if (!isHexString(val)) return val;
  const data = unescapeBytes(val, 0);
  if (data === undefined || typeof data === "string") return `conversion error(${val})`;
  let n = data.indexOf(0);
  if (n === -1) n = data.length;
  const end = Math.min(n, val.length >> 1);
  let out = "";
  let inPrintable = false;
  for (let i = 0; i < end; i++) {
    if (!inPrintable) {
      if (i !== 0) out += ",";
      out += '"';
      inPrintable = true;
    }
    out += printable(data[i]!);
  }
  if (inPrintable) out += '"';
  return out;
}
