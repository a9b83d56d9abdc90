/**
 * aureport's field extraction for NETFILTER_CFG and EVENT_LISTENER records
 * (ausearch-parse.c), scanned as aureport scans them. TTY and NETFILTER_PKT
 * are interpret/_parse_tty.ts and _parse_pkt.ts, shared with search.
 *
 * @module
 */
import { toInt32, unescape } from "../_cstr.ts";
import { find, NULL, readUntilSpace } from "./_scan.ts";
import { parseTtyRecord, type TtyFields } from "../_parse_tty.ts";
import {
  NO_LOGINUID,
  type ReportRecord,
  type SearchItems,
  UNSET_UID,
  type Wanted,
} from "./types.ts";

/** `parse_tty`: TTY records (interpret/_parse_tty.ts, shared with search). */
export function parseTty(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const f: TtyFields = {};
  const ret = parseTtyRecord(n.message, {
    pid: true,
    uid: w.uid,
    loginuid: w.loginuid,
    session: w.sessionId,
    comm: w.comm,
  }, f);
  if (f.pid !== undefined) s.pid = f.pid;
  if (f.uid !== undefined) s.uid = f.uid;
  if (f.loginuid !== undefined) s.loginuid = f.loginuid;
  if (f.session !== undefined) s.sessionId = f.session;
  if (f.hasComm) s.comm = f.comm;
  return ret;
}

/** `parse_kernel`: NETFILTER_CFG and EVENT_LISTENER, filling what is still unset. */
export function parseKernel(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  if (s.pid === -1) {
    str = find(msg, term, " pid=");
    if (str === NULL) return 54;
    const r = readUntilSpace(msg, str + 5);
    if (r.end === NULL) return 52;
    if (r.error) return 53;
    s.pid = toInt32(r.value);
    term = r.end;
  }
  if (s.uid === UNSET_UID && w.uid) {
    str = find(msg, term, "uid=");
    if (str !== NULL) {
      const r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 55;
      if (r.error) return 56;
      s.uid = r.value;
      term = r.end;
    } else s.uid = 0;
  }
  if (s.loginuid === NO_LOGINUID && w.loginuid) {
    str = find(msg, term, "auid=");
    if (str !== NULL) {
      const r = readUntilSpace(msg, str + 5);
      if (r.end === NULL) return 57;
      if (r.error) return 58;
      s.loginuid = r.value;
      term = r.end;
    } else s.loginuid = UNSET_UID;
  }
  if (s.terminal === undefined && w.terminal) {
    str = find(msg, term, "tty=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 4);
      if (sp === NULL) return 59;
      s.terminal = msg.slice(str + 4, sp);
      term = sp;
    } else s.terminal = "(none)";
  }
  if (s.sessionId === NO_LOGINUID && w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      const r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 60;
      if (r.error) return 61;
      s.sessionId = r.value;
      term = r.end;
    } else s.sessionId = UNSET_UID;
  }
  if (s.avc === undefined && w.subject) {
    str = find(msg, term, "subj=");
    if (str === NULL) return 64;
    const sp = msg.indexOf(" ", str + 5);
    if (sp === NULL) return 62;
    s.avc = [{
      scontext: msg.slice(str + 5, sp),
      tcontext: undefined,
      perm: undefined,
      cls: undefined,
      result: 0,
    }];
    term = sp;
  }
  if (s.comm === undefined && w.comm) {
    str = find(msg, term, "comm=");
    if (str === NULL) return 66;
    str += 5;
    if (msg.charCodeAt(str) === 34) {
      const close = msg.indexOf('"', str + 1);
      if (close === NULL) return 65;
      s.comm = msg.slice(str + 1, close);
      term = close;
    } else s.comm = unescape(msg, str);
  }
  if (s.exe === undefined && w.exe) {
    str = find(msg, 0, "exe=");
    if (str !== NULL) {
      str += 4;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 67;
        s.exe = msg.slice(str + 1, close);
        term = close;
      } else s.exe = unescape(msg, str);
    } else s.exe = "(null)";
  }
  str = find(msg, term, "res=");
  if (str !== NULL) {
    const r = readUntilSpace(msg, str + 4);
    if (r.error) return 69;
    s.success = toInt32(r.value);
  }
  return 0;
}
