/**
 * ausearch-parse.c's `parse_tty` (TTY records), one copy for both
 * `libaudit search` and `libaudit report`. A number strtoul rejects ends
 * the record (codes 2, 4, 6, 8) in both tools.
 *
 * @module
 */
import {
  type ParseItems,
  type ParseSink,
  type ParseWanted,
  quotedOrHex,
  ulong,
} from "./_parse_items.ts";

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
  if (w.pid) {
    str = m.indexOf("pid=");
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 1;
      if ((v = ulong(m, str + 4, term)) < 0) return 2;
      s.pid = v | 0;
    }
  }
  if (w.uid) {
    str = m.indexOf(" uid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 3;
      if ((v = ulong(m, str + 4, term)) < 0) return 4;
      s.uid = v;
      if (k.lookupUid) s.tuid = k.lookupUid("uid", v);
    }
  }
  if (w.loginuid) {
    str = m.indexOf("auid=", term);
    if (str === NULL) return 5;
    const sp = m.indexOf(" ", str + 5);
    if ((v = ulong(m, str + 5, sp)) < 0) return 6;
    s.loginuid = v;
    term = sp === NULL ? str + 5 : sp;
    if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
  }
  if (w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 7;
      if ((v = ulong(m, str + 4, term)) < 0) return 8;
      s.session = v;
    }
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
