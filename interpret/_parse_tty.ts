/**
 * ausearch-parse.c's `parse_tty` (TTY records), one copy for both
 * `libaudit search` and `libaudit report`. A number strtoul rejects ends
 * the record (codes 2, 4, 6, 8) in both tools.
 *
 * @module
 */
import type { RecordParser } from "./_parse_items.ts";
import {
  AUID,
  F,
  FIND,
  NEED_LOOSE,
  num,
  numberAt,
  PID,
  readComm,
  SES,
  setUid,
} from "./_parse_fields.ts";

const NULL = -1;

/** `parse_tty`: pid, uid (read from the `=` of ` uid=`: always 0), auid, ses, comm. */
export const parseTty: RecordParser = (m, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && (term = num(m, "pid=", term, 0, FIND, s, k, PID)) < 0) return -term;
  if (w.uid && (str = m.indexOf(" uid=", term)) !== NULL) {
    if ((v = numberAt(m, str + 4, 3)) < 0) return -v;
    setUid(s, k, v);
    term = F.term;
  }
  if (w.loginuid && (term = num(m, "auid=", term, 5, NEED_LOOSE, s, k, AUID)) < 0) return -term;
  if (w.session && (term = num(m, "ses=", term, 6, FIND, s, k, SES)) < 0) return -term;
  if (w.comm && (term = readComm(m, term, s, 11)) < 0) return -term;
  return 0;
};
