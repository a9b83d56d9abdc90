/**
 * ausearch-parse.c's `parse_tty` (TTY records), one copy for both
 * `libaudit search` and `libaudit report`. A number strtoul rejects ends
 * the record (codes 2, 4, 6, 8) in both tools.
 *
 * @module
 */
import { type ParseItems, type ParseSink, type ParseWanted, quotedOrHex } from "./_parse_items.ts";
import {
  ABSENT,
  F,
  findLooseNumber,
  findNumber,
  numberAt,
  setLoginuid,
  setUid,
} from "./_parse_fields.ts";

const NULL = -1;

/** `parse_tty`: pid, uid (read from the `=` of ` uid=`: always 0), auid, ses, comm. */
export function parseTty<S extends ParseItems>(
  m: string,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && (v = findNumber(m, "pid=", 0, 1)) !== ABSENT) {
    if (v < 0) return -v;
    s.pid = v | 0;
    term = F.term;
  }
  if (w.uid && (str = m.indexOf(" uid=", term)) !== NULL) {
    if ((v = numberAt(m, str + 4, 3)) < 0) return -v;
    setUid(s, k, v);
    term = F.term;
  }
  if (w.loginuid) {
    if ((v = findLooseNumber(m, "auid=", term, 6)) === ABSENT) return 5;
    if (v < 0) return -v;
    setLoginuid(s, k, v);
    term = F.term;
  }
  if (w.session && (v = findNumber(m, "ses=", term, 7)) !== ABSENT) {
    if (v < 0) return -v;
    s.session = v;
    term = F.term;
  }
  if (w.comm) {
    str = m.indexOf("comm=", term);
    if (str !== NULL) {
      const comm = quotedOrHex(m, str + 5);
      if (comm === null) return 11;
      s.comm = comm;
    }
  }
  return 0;
}
