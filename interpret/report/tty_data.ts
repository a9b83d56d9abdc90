/**
 * aureport's rendering of TTY `data=` (ausearch-lookup.c `print_tty_data`):
 * hex input as quoted printable runs and `<name>`s for the keys auparse
 * knows (`tty_named_keys.h`), other bytes as octal escapes.
 *
 * @module
 */
import { unescapeBytes } from "../_cstr.ts";
import { TTY_NAMED_KEYS } from "./_tty_named_keys.ts";

function printable(c: number): string {
  if (c < 0x20 || c > 0x7e) return "\\" + ((c >> 6) & 7) + ((c >> 3) & 7) + (c & 7);
  const ch = String.fromCharCode(c);
  return ch === "\\" || ch === '"' ? "\\" + ch : ch;
}

/** `tty_find_named_key`: the name of the key starting at `pos`, and its length. */
function namedKey(data: Uint8Array, pos: number, end: number): [string, number] | undefined {
  const c = data[pos]!;
  if (c >= 0x20 && (c < 0x7f || c >= 0xa0)) return undefined;
  for (const [seq, name] of TTY_NAMED_KEYS) {
    if (seq.length > end - pos) continue;
    let ok = true;
    for (let i = 0; i < seq.length; i++) {
      if (data[pos + i] !== seq.charCodeAt(i)) {
        ok = false;
        break;
      }
    }
    if (ok) return [name, seq.length];
  }
  return undefined;
}

/** The text aureport prints for a TTY record's `data=` value. */
export function ttyData(val: string): string {
  if (!/^[0-9a-fA-F]*$/.test(val)) return val;
  const data = unescapeBytes(val, 0);
  if (data === undefined || typeof data === "string") return `conversion error(${val})`;
  const end = Math.min(data.length, val.length >> 1);
  let out = "";
  let inPrintable = false;
  let needComma = false;
  for (let pos = 0; pos < end;) {
    const key = namedKey(data, pos, end);
    if (key !== undefined) {
      if (inPrintable) {
        out += '"';
        inPrintable = false;
      }
      if (needComma) out += ",";
      out += `<${key[0]}>`;
      pos += key[1];
    } else {
      if (!inPrintable) {
        if (needComma) out += ",";
        out += '"';
        inPrintable = true;
      }
      out += printable(data[pos]!);
      pos++;
    }
    needComma = true;
  }
  if (inPrintable) out += '"';
  return out;
}
