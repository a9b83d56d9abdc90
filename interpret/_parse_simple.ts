/**
 * ausearch-parse.c's `parse_simple_message` (CONFIG_CHANGE, MAC_*),
 * `parse_daemon1`, `parse_daemon2` (DAEMON_*) and `parse_kernel`
 * (NETFILTER_CFG, EVENT_LISTENER), one copy for search and report.
 *
 * @module
 */
import { isAlpha } from "./_cstr.ts";
import {
  newAvc,
  NO_LOGINUID,
  type ParseItems,
  type ParseWanted,
  type RecordParser,
  type TypedRecordParser,
  UNSET_UID,
} from "./_parse_items.ts";
import { parseKeyValue } from "./_parse_task.ts";
import {
  ABSENT,
  AUID,
  COMM,
  EXE,
  F,
  FIND,
  FIND_LOOSE,
  NEED,
  NEED_LOOSE,
  num,
  PID,
  readResult,
  SES,
  setLoginuid,
  setUid,
  textAt,
  UID,
  UID_NUMBER,
  wordAt,
} from "./_parse_fields.ts";
import { AUDIT_CONFIG_CHANGE as CONFIG_CHANGE } from "../parse/tables/record_type_constants.ts";

const NULL = -1;

/** `parse_simple_message`: auid, ses, subj, key and res of CONFIG_CHANGE and MAC records. */
export const parseSimpleMessage: TypedRecordParser = (m, type, s, w, k) => {
  let term = 0;
  let str: number;
  if (w.loginuid) {
    const mode = type === CONFIG_CHANGE ? FIND_LOOSE : NEED_LOOSE;
    if ((term = num(m, "auid=", term, 1, mode, s, k, AUID)) < 0) return -term;
  }
  if (w.session && (term = num(m, "ses=", term, 2, FIND_LOOSE, s, k, SES)) < 0) return -term;
  if (w.subject) {
    str = m.indexOf("subj=", term);
    if (str !== NULL) {
      str += 5;
      const sp = m.indexOf(" ", str);
      k.addAvc(s, newAvc(sp === NULL ? m.slice(str) : m.slice(str, sp)));
      term = sp === NULL ? str : sp;
    }
  }
  if (w.key) {
    str = m.indexOf("key=", term);
    if (str !== NULL) {
      const ptr = str + 4;
      if (m.charCodeAt(ptr) === 34) {
        const close = m.indexOf('"', ptr + 1);
        if (close === NULL) return 6;
        (s.keys ??= []).push(m.slice(ptr + 1, close));
        term = close;
      } else {
        const rc = parseKeyValue(m, ptr, s, 6, 8);
        if (rc) return rc;
      }
    }
  }
  if (type === CONFIG_CHANGE) s.success = 1;
  if (w.success) return readResult(m, term, s, 7);
  return 0;
};

/** The letters at `ptr`: 0 when they start with "failed", 1 otherwise, -1 when there are none. */
function alphaResult(m: string, ptr: number): number {
  let end = ptr;
  while (end < m.length && isAlpha(m.charCodeAt(end))) end++;
  if (end === ptr) return -1;
  return end - ptr >= 6 && m.startsWith("failed", ptr) ? 0 : 1;
}

/** `parse_daemon1`: DAEMON_START, END, ABORT, CONFIG, ROTATE, RESUME. */
export const parseDaemon1: RecordParser = (m, s, w, k) => {
  let mptr = m.indexOf(")");
  if (mptr === NULL) mptr = 0;
  let term = mptr;
  let str: number;
  if (w.loginuid && (term = num(m, "auid=", term, 1, NEED, s, k, AUID)) < 0) return -term;
  if (w.pid && (term = num(m, "pid=", term, 4, NEED, s, k, PID)) < 0) return -term;
  if (w.uidNumber && (term = num(m, " uid=", term, 6, FIND, s, k, UID_NUMBER)) < 0) return -term;
  if (w.session && (term = num(m, "ses=", term, 8, FIND, s, k, SES)) < 0) return -term;
  if (w.subject) {
    str = m.indexOf("subj=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 5);
      k.addAvc(s, newAvc(sp === NULL ? m.slice(str + 5) : m.slice(str + 5, sp)));
    }
  }
  if (w.success) {
    str = m.indexOf("res=", mptr);
    if (str !== NULL) {
      const r = alphaResult(m, str + 4);
      if (r < 0) return 12;
      s.success = r;
    }
  }
  return 0;
};

/** `parse_daemon2`: DAEMON_ACCEPT, DAEMON_CLOSE (remote address and result). */
export function parseDaemon2<S extends ParseItems>(m: string, s: S, w: ParseWanted): number {
  let term = 0;
  let str: number;
  if (w.hostname) {
    str = m.indexOf("addr=");
    if (str !== NULL) {
      str += 5;
      let end = m.indexOf(":", str);
      if (end === NULL) {
        end = m.indexOf(" ", str);
        if (end === NULL) return 1;
      }
      s.hostname = m.slice(str, end);
      term = end;
    }
  }
  if (w.success) {
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      const r = alphaResult(m, str + 4);
      if (r < 0) return 2;
      s.success = r;
    }
  }
  return 0;
}

/** `parse_kernel`: NETFILTER_CFG and EVENT_LISTENER, filling what is still unset. */
export const parseKernel: RecordParser = (m, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && s.pid === -1) {
    // codes 54 (no " pid="), 52, 53
    if ((term = num(m, " pid=", 0, 51, FIND, s, k, PID)) < 0) return -term;
    if (term === 0) return 54;
  }
  if (s.uid === UNSET_UID && s.tuid === undefined && w.uid) {
    if ((v = num(m, "uid=", term, 54, FIND, s, k, UID)) < 0) return -v;
    if (v === term) setUid(s, k, 0);
    term = v;
  }
  if (s.loginuid === NO_LOGINUID && s.tauid === undefined && w.loginuid) {
    if ((v = num(m, "auid=", term, 56, FIND, s, k, AUID)) < 0) return -v;
    if (v === term) setLoginuid(s, k, UNSET_UID);
    term = v;
  }
  if (s.terminal === undefined && w.terminal) {
    if ((v = wordAt(m, "tty=", term, 59)) === ABSENT) s.terminal = "(none)";
    else if (v < 0) return -v;
    else {
      term = F.term;
      s.terminal = m.slice(v, term);
    }
  }
  if (s.session === NO_LOGINUID && w.session) {
    if ((v = num(m, "ses=", term, 59, FIND, s, k, SES)) < 0) return -v;
    if (v === term) s.session = UNSET_UID;
    term = v;
  }
  if (s.avc === undefined && w.subject) {
    if ((v = wordAt(m, "subj=", term, 62)) === ABSENT) return 64;
    if (v < 0) return -v;
    term = F.term;
    k.addAvc(s, newAvc(m.slice(v, term)));
  }
  if (s.comm === undefined && w.comm) {
    if ((str = m.indexOf("comm=", term)) === NULL) return 66;
    if ((v = textAt(m, str + 5, 65, s, COMM)) < 0) return -v;
    if (v) term = v;
  }
  if (s.exe === undefined && w.exe) {
    if ((str = m.indexOf("exe=")) === NULL) s.exe = "(null)";
    else if ((v = textAt(m, str + 4, 67, s, EXE)) < 0) return -v;
    else if (v) term = v;
  }
  if (w.success) return readResult(m, term, s, 69);
  return 0;
};
