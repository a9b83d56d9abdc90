/**
 * ausearch-parse.c's `parse_pkt` (NETFILTER_PKT records), one copy for both
 * `libaudit search` and `libaudit report`: each passes what it wants read and
 * how to keep an object context in its own items type.
 *
 * @module
 */
import { find, NULL } from "./_scan.ts";

/** Where `parse_pkt` puts what it finds. */
export interface PktItems {
  /** The `saddr=` value. */
  hostname: string | undefined;
}

/** What `parse_pkt` is asked to read. */
export interface PktWanted {
  /** Read `saddr=` (ausearch `-hn`, aureport's host reports). */
  readonly hostname: boolean;
  /** Read `obj=` (ausearch `-o`, aureport's object contexts). */
  readonly object: boolean;
}

/**
 * `parse_pkt`: reads `saddr=` then `obj=` (searched after it) from `m`.
 * Returns 0, or 1 when `saddr=` has no space after it.
 */
export function parsePktRecord<S extends PktItems>(
  m: string,
  s: S,
  w: PktWanted,
  addObject: (s: S, tcontext: string) => void,
): number {
  let term = 0;
  if (w.hostname) {
    const str = find(m, 0, "saddr=");
    if (str !== NULL) {
      term = m.indexOf(" ", str + 6);
      if (term === NULL) return 1;
      s.hostname = m.slice(str + 6, term);
    }
  }
  if (w.object) {
    const str = find(m, term, "obj=");
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      addObject(s, m.slice(str + 4, sp === NULL ? m.length : sp));
    }
  }
  return 0;
}
