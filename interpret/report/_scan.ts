/**
 * aureport's `common_path_parser` over its own {@linkcode SearchItems}; the
 * scanning helpers are interpret/_scan.ts, shared with search.
 *
 * @module
 */
import type { FileName, SearchItems } from "./types.ts";
import { isXDigit, unescape } from "../_cstr.ts";
import { quoted } from "../_scan.ts";

export { find, legacyValue, NULL, readUntilSpace, stringValue } from "../_scan.ts";

/** Adds a file name as `common_path_parser` does; returns its error code (0 ok). */
export function commonPathParser(s: SearchItems, msg: string, path: number): number {
  s.filenames ??= [];
  let str: string | undefined;
  if (msg.charCodeAt(path) === 34) {
    str = quoted(msg, path);
    if (str === undefined) return 2;
  } else if (msg.startsWith("(null)", path)) {
    s.filenames.push({ str: "(null)", key: undefined });
    return 0;
  } else {
    if (path >= msg.length || !isXDigit(msg.charCodeAt(path))) return 4;
    if (msg.charCodeAt(path) === 48 && msg.charCodeAt(path + 1) === 48) {
      str = unescape(msg, path + 2);
    } else {
      if (msg.indexOf(" ", path) === -1) return 5;
      str = unescape(msg, path);
    }
    if (str === undefined) return 7;
  }
  if (
    str.charCodeAt(0) === 46 && (str.charCodeAt(1) === 46 || str.charCodeAt(1) === 47) &&
    s.cwd !== undefined
  ) {
    str = `${s.cwd}/${str}`.slice(0, 4095);
  }
  const node: FileName = { str, key: undefined };
  s.filenames.push(node);
  return 0;
}
