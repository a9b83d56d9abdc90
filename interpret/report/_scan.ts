/**
 * The scanning state aureport's parsers share per record: the message and a
 * cursor (`term`), with C's `strstr`/`strchr` from a position.
 *
 * @module
 */
import type { FileName, SearchItems } from "./types.ts";
import { isXDigit, strtoul, unescape } from "../_cstr.ts";

/** `-1` stands for C's NULL pointer. */
export const NULL = -1;

/** `strstr(msg + from, needle)` as an index, or NULL. */
export function find(msg: string, from: number, needle: string): number {
  return msg.indexOf(needle, from < 0 ? 0 : from);
}

/** Reads an unsigned number at `pos` that ends at the next space (or the end). */
export function readUntilSpace(
  msg: string,
  pos: number,
): { value: number; error: boolean; end: number } {
  const sp = msg.indexOf(" ", pos);
  const end = sp === -1 ? msg.length : sp;
  const r = strtoul(msg, pos, 10, end);
  return { value: r.value, error: r.error, end: sp };
}

/** A quoted value (`"..."`) from `pos` (at the quote) to the next quote, or NULL. */
export function quoted(msg: string, pos: number): string | undefined {
  const close = msg.indexOf('"', pos + 1);
  return close === -1 ? undefined : msg.slice(pos + 1, close);
}

/**
 * An `exe=`/`comm=` style value at `pos`: quoted text, else hex (`unescape`).
 * Returns `[value, error]`; error when a quote is not closed.
 */
export function stringValue(msg: string, pos: number): [string | undefined, boolean] {
  if (msg.charCodeAt(pos) === 34) {
    const v = quoted(msg, pos);
    return v === undefined ? [undefined, true] : [v, false];
  }
  return [unescape(msg, pos), false];
}

/**
 * A value that is hex unless it holds a non-hex character before the next
 * space ("legacy"): hex is decoded, legacy text taken as is.
 */
export function legacyValue(msg: string, pos: number): { value: string | undefined; end: number } {
  let end = pos;
  let legacy = false;
  while (end < msg.length && msg.charCodeAt(end) !== 32) {
    if (!isXDigit(msg.charCodeAt(end))) legacy = true;
    end++;
  }
  return { value: legacy ? msg.slice(pos, end) : unescape(msg, pos), end };
}

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
