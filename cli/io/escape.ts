/**
 * Escaping of attacker-influenced audit text for terminals: control
 * characters (C0, DEL, C1) and the Unicode controls that change how text is
 * shown (bidi embeddings, overrides and isolates, marks, line and paragraph
 * separators) come out as `\\n`, `\\t`, `\\r`, `\\xNN` or `\\uNNNN`. Its own
 * module so that warnings (every subcommand) load nothing else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeControl } from "./escape.ts";
 *
 * assert.equal(escapeControl("a\x1b[31mb\n"), "a\\x1b[31mb\\n");
 * ```
 *
 * @module
 */

// C0 controls, DEL, C1 controls, and the Unicode controls that change how text
// is shown (bidi embeddings/overrides/isolates, marks, line/paragraph separators).
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// deno-lint-ignore no-control-regex
const UNSAFE_ALL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The escape of one character: `\\n`, `\\t`, `\\r`, `\\xNN` or `\\uNNNN`. */
export function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case "\n":
      return "\\n";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
  }
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Escapes control characters in `text` for terminal-safe display: newline,
 * tab and CR as `\n`, `\t`, `\r`; other C0/C1 controls and DEL as `\xNN`;
 * bidi and line-separator controls as `\uNNNN`. Other text is unchanged.
 */
export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}
