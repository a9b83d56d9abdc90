/**
 * The ENRICHED log format's tail: auditd 3.x (`log_format = ENRICHED`)
 * appends a `\x1d` (group separator) and upper-case translations of the
 * record's ids and codes, e.g. `\x1dARCH=x86_64 SYSCALL=execve AUID="unset"
 * UID="root"` or `SADDR={ saddr_fam=inet laddr=127.0.0.1 lport=53 }`.
 *
 * @module
 */

import { setOwn } from "./fields.ts";
import { flatSlice } from "./_flat.ts";
import { TextCache, textHash } from "./_text_cache.ts";

/** The character auditd puts between a record and its translations. */
export const ENRICHED_SEPARATOR = "\x1d";

/**
 * Parses the translations after the separator: `KEY=value` pairs separated
 * by spaces; a value may be `"quoted"` (quotes removed) or a `{ … }` group
 * (kept whole, braces included).
 */
export function parseEnrichment(text: string, start: number): Record<string, string> {
  const out: Record<string, string> = {};
  const n = text.length;
  let i = start;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 61 || c === 32) break;
      i++;
    }
    if (i >= n || text.charCodeAt(i) !== 61) continue; // a word without "=": skip it
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    const first = text.charCodeAt(i);
    if (first === 34) {
      let close = text.indexOf('"', i + 1);
      if (close < 0) close = n;
      value = flatSlice(text, i + 1, close);
      i = close + 1;
    } else if (first === 123) {
      let close = text.indexOf("}", i + 1);
      close = close < 0 ? n : close + 1;
      value = flatSlice(text, i, close);
      i = close;
    } else {
      const valueStart = i;
      while (i < n && text.charCodeAt(i) !== 32) i++;
      value = flatSlice(text, valueStart, i);
    }
    setOwn(out, key, value);
  }
  return out;
}

/** A parsed ENRICHED tail, shared by the messages with the same tail (never changed). */
export class ParsedTail {
  /** The translations ({@linkcode parseEnrichment}). */
  readonly data: Record<string, string>;
  /** `JSON.stringify(data)`, once asked for. */
  json: string | undefined = undefined;

  /** Holds a parsed tail. */
  constructor(data: Record<string, string>) {
    this.data = data;
  }
}

/** Longer tails are not cached. */
const MAX_CACHED_TAIL = 1024;
const tails = new TextCache<ParsedTail>(128, 4096);

/**
 * {@linkcode parseEnrichment} of `text[start:]`, from a cache of recent
 * tails (see `_text_cache.ts`): the same translations recur as the records do.
 */
export function parseTail(text: string, start: number): ParsedTail {
  const end = text.length;
  if (end - start > MAX_CACHED_TAIL || !tails.active()) {
    return new ParsedTail(parseEnrichment(text, start));
  }
  const h = textHash(text, start, end);
  const key = text.slice(start, end);
  const hit = tails.get(key, h);
  if (hit !== undefined) return hit;
  const parsed = new ParsedTail(parseEnrichment(text, start));
  tails.offer(flatSlice(key, 0, key.length), h, parsed);
  return parsed;
}
