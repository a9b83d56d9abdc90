/**
 * auparse's `print_tty_data`: TTY keystrokes as quoted printable runs and
 * `<name>`s of named keys (tty_named_keys.h). aureport's copy of it
 * (ausearch-lookup.c) differs only in what it prints when the hex does not
 * decode, a parameter here.
 *
 * @module
 */

import { auUnescape, isHexString } from "./_c.ts";
import { TTY_NAMED_KEYS } from "./tables.ts";

/** print_tty_data helpers: the named key sequences as bytes. */
let ttyKeys: { seq: Uint8Array; name: string }[] | undefined;

function namedKeys(): { seq: Uint8Array; name: string }[] {
  return ttyKeys ??= TTY_NAMED_KEYS.map(([hex, name]) => {
    const seq = new Uint8Array(hex.length / 2);
    for (let i = 0; i < seq.length; i++) seq[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return { seq, name };
  });
}

/**
 * print_tty_data: printable runs quoted, named keys as `<name>`,
 * comma-separated. `conversionError`: undecodable hex prints as aureport's
 * `conversion error(VAL)` instead of auparse's empty text.
 */
export function printTtyData(val: string, conversionError = false): string {
  if (!isHexString(val)) return val;
  const d = auUnescape(val);
  if (d === undefined || typeof d === "string") {
    return conversionError ? `conversion error(${val})` : "";
  }
  const end = Math.min(val.length >> 1, d.length);
  let out = "";
  let inPrintable = false;
  let i = 0;
  while (i < end) {
    const c = d[i]!;
    let name: string | undefined;
    if (!(c >= 0x20 && (c < 0x7f || c >= 0xa0))) {
      for (const k of namedKeys()) {
        if (k.seq.length <= end - i && k.seq.every((b, j) => d[i + j] === b)) {
          name = k.name;
          i += k.seq.length;
          break;
        }
      }
    }
    if (name !== undefined) {
      if (inPrintable) {
        out += '"';
        inPrintable = false;
      }
      if (out !== "") out += ",";
      out += `<${name}>`;
    } else {
      if (!inPrintable) {
        if (out !== "") out += ",";
        out += '"';
        inPrintable = true;
      }
      if (c < 0x20 || c > 0x7e) {
        out += "\\" + ((c >> 6) & 7) + ((c >> 3) & 7) + (c & 7);
      } else {
        if (c === 0x5c || c === 0x22) out += "\\";
        out += String.fromCharCode(c);
      }
      i++;
    }
  }
  if (inPrintable) out += '"';
  return out;
}
