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
