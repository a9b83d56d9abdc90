/**
 * aureport's `--escape` modes for the strings it prints with
 * `safe_print_string` (ausearch-lookup.c).
 *
 * @module
 */

/** `raw`, `tty` (default), `shell` or `shell_quote`. */
export type EscapeMode = "raw" | "tty" | "shell" | "shell_quote";

const SH_SET = "\"'`$\\!()| ";
const QUOTE_SET = "\"'`$\\!()| ;#&*?[]<>{}";

function octal(c: number): string {
  return "\\" + ((c >> 6) & 3) + ((c >> 3) & 7) + (c & 7);
}

function needs(s: string, mode: EscapeMode): boolean {
  if (mode === "raw") return false;
  const set = mode === "shell" ? SH_SET : mode === "shell_quote" ? QUOTE_SET : "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) return true;
    // aureport's shell checks read the byte as a signed char: non-ASCII counts.
    if (mode !== "tty" && (c >= 128 || set.includes(s[i]!))) return true;
  }
  return false;
}

/** `safe_print_string(s, ret)`: the escaped text, with a newline when `ret`. */
export function safeString(s: string | undefined, mode: EscapeMode, ret: boolean): string {
  if (s === undefined) return "(null)";
  if (!needs(s, mode)) return ret ? s + "\n" : s;
  const set = mode === "shell" ? SH_SET : mode === "shell_quote" ? QUOTE_SET : "";
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) out += octal(c);
    else if (set !== "" && set.includes(s[i]!)) out += "\\" + s[i];
    else out += s[i];
  }
  return ret ? out + "\n" : out;
}
