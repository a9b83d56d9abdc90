/**
 * How ausearch-parse.c (compiled into both ausearch and aureport) reads a
 * record's text: C's `strstr` from a position, numbers up to the next space,
 * quoted-or-hex values and "legacy" values. Shared by the search and report
 * ports.
 *
 * @module
 */
import { isXDigit, strtoul, unescape } from "./_cstr.ts";

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
 * Returns `[value, end]`: end is the closing quote, -1 for hex, -2 when a
 * quote is not closed.
 */
export function quotedOrHex(msg: string, pos: number): [string | undefined, number] {
  if (msg.charCodeAt(pos) === 34) {
    const close = msg.indexOf('"', pos + 1);
    if (close === -1) return [undefined, -2];
    return [msg.slice(pos + 1, close), close];
  }
  return [unescape(msg, pos), -1];
}

/**
 * {@linkcode quotedOrHex} as `[value, error]`; error when a quote is not
 * closed.
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
