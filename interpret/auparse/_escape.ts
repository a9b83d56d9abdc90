/**
 * auparse's output escaping (`AUPARSE_ESC_*`): control characters as
 * `\ooo`, and for the shell modes a backslash before shell characters.
 *
 * @module
 */

import type { EscapeMode } from "./types.ts";

const SHELL_CHARS = "\"'`$\\!()| ";
const QUOTE_CHARS = SHELL_CHARS + ";#&*?[]<>{}";
const SHELL = new Set(SHELL_CHARS);
const QUOTE = new Set(QUOTE_CHARS);

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

const SHELL_BYTES = byteSet(SHELL_CHARS);
const QUOTE_BYTES = byteSet(QUOTE_CHARS);

/**
 * The ASCII bytes that `mode` puts a backslash before (indexed by byte, 1
 * for those), `undefined` for `raw` and `tty`.
 */
export function escapedBytes(mode: EscapeMode): Uint8Array | undefined {
  return mode === "shell" ? SHELL_BYTES : mode === "shell_quote" ? QUOTE_BYTES : undefined;
}

function octal(c: number): string {
  return "\\" + ((c >> 6) & 3) + ((c >> 3) & 7) + (c & 7);
}

/** Escapes `s` for `mode` as auparse does (nothing for `raw`). */
export function escapeFor(s: string, mode: EscapeMode): string {
  if (mode === "raw") return s;
  const set = mode === "shell" ? SHELL : mode === "shell_quote" ? QUOTE : undefined;
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || (set !== undefined && c < 128 && set.has(s[i]!))) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) out += octal(c);
    else if (set !== undefined && c < 128 && set.has(s[i]!)) out += "\\" + s[i];
    else out += s[i];
  }
  return out;
}

/** Escapes each `\x01`-separated key of a `key=` value on its own. */
export function escapeKeys(s: string, mode: EscapeMode): string {
  if (!s.includes("\x01")) return escapeFor(s, mode);
  return s.split("\x01").map((k) => escapeFor(k, mode)).join("\x01");
}
