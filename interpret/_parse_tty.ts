/**
 * ausearch-parse.c's `parse_tty` (TTY records), one copy for both
 * `libaudit search` and `libaudit report`. Each passes what it wants read, then keeps
 * the fields in its own items type (search looks names up after). A number
 * strtoul rejects ends the record (codes 2, 4, 6, 8) in both tools.
 *
 * @module
 */
import { toInt32 } from "./_cstr.ts";
import { find, NULL, readUntilSpace, stringValue } from "./_scan.ts";

/** What `parse_tty` is asked to read. */
export interface TtyWanted {
  /** Read `pid=`. */
  readonly pid: boolean;
  /** Read ` uid=` (C reads from the `=`: always 0). */
  readonly uid: boolean;
  /** Read `auid=` (its absence is error 5). */
  readonly loginuid: boolean;
  /** Read `ses=`. */
  readonly session: boolean;
  /** Read `comm=`. */
  readonly comm: boolean;
}

/** What `parse_tty` found; a field is set only when it was read. */
export interface TtyFields {
  /** `pid=`, as a 32-bit signed. */
  pid?: number;
  /** ` uid=`. */
  uid?: number;
  /** `auid=`. */
  loginuid?: number;
  /** `ses=`. */
  session?: number;
  /** `comm=` (undefined when its hex does not decode). */
  comm?: string | undefined;
  /** Whether `comm=` was read. */
  hasComm?: boolean;
}

/** `parse_tty`: fills `f` from `m`; returns 0 or ausearch-parse.c's code. */
export function parseTtyRecord(m: string, w: TtyWanted, f: TtyFields): number {
  let term = 0;
  let str: number;
  if (w.pid) {
    str = find(m, 0, "pid=");
    if (str !== NULL) {
      const r = readUntilSpace(m, str + 4);
      if (r.end === NULL) return 1;
      if (r.error) return 2;
      f.pid = toInt32(r.value);
      term = r.end;
    }
  }
  if (w.uid) {
    str = find(m, term, " uid=");
    if (str !== NULL) {
      const r = readUntilSpace(m, str + 4);
      if (r.end === NULL) return 3;
      if (r.error) return 4;
      f.uid = r.value;
      term = r.end;
    }
  }
  if (w.loginuid) {
    str = find(m, term, "auid=");
    if (str === NULL) return 5;
    const r = readUntilSpace(m, str + 5);
    if (r.error) return 6;
    f.loginuid = r.value;
    term = r.end === NULL ? str + 5 : r.end;
  }
  if (w.session) {
    str = find(m, term, "ses=");
    if (str !== NULL) {
      const r = readUntilSpace(m, str + 4);
      if (r.end === NULL) return 7;
      if (r.error) return 8;
      f.session = r.value;
      term = r.end;
    }
  }
  if (w.comm) {
    str = find(m, term, "comm=");
    if (str !== NULL) {
      const [v, err] = stringValue(m, str + 5);
      if (err) return 11;
      f.comm = v;
      f.hasComm = true;
    }
  }
  return 0;
}
