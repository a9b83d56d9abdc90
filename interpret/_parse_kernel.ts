/**
 * ausearch-parse.c's `parse_avc` (AVC, USER_AVC), `parse_kernel_anom`
 * (SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND) and `parse_integrity`
 * (INTEGRITY_*), one copy for search and report.
 *
 * @module
 */
import { unescape } from "./_cstr.ts";
import { newAvc, type RecordParser, type TypedRecordParser } from "./_parse_items.ts";
import { commonPathParser } from "./_parse_task.ts";
import {
  ABSENT,
  addSubject,
  AUID,
  EXE,
  F,
  FIND,
  FIND_LOOSE,
  findArch,
  GID,
  NEED,
  NEED_LOOSE,
  num,
  numberAt,
  PID,
  readComm,
  readResult,
  SES,
  setUid,
  SYSCALL,
  textAt,
  UID,
  wordAt,
} from "./_parse_fields.ts";
import { parseUser } from "./_parse_user.ts";
import {
  AUDIT_ANOM_ABEND as ANOM_ABEND,
  AUDIT_ANOM_PROMISCUOUS as ANOM_PROMISCUOUS,
  AUDIT_SECCOMP as SECCOMP,
  AUDIT_USER_AVC as USER_AVC,
} from "../parse/tables/record_type_constants.ts";

const NULL = -1;

/** `parse_avc`: an AVC decision (permissions, contexts, class). */
export const parseAvc: TypedRecordParser = (m, type, s, w, k) => {
  let term = 0;
  let str: number;
  const an = newAvc();
  str = m.indexOf("avc: ");
  other: if (str !== NULL) {
    str += 5;
    const brace = m.indexOf("{", str);
    if (brace === NULL) {
      term = 0;
      break other;
    }
    if (w.success) {
      const denied = m.indexOf("denied", str);
      if (denied !== NULL && denied + 6 <= brace) {
        s.success = 0;
        an.result = 1;
      } else {
        s.success = 1;
        an.result = 2;
      }
    }
    let p = brace + 1;
    while (m.charCodeAt(p) === 32) p++;
    let close = m.indexOf("}", p);
    if (close === NULL) return 2;
    while (m.charCodeAt(close - 1) === 32) close--;
    // `{  }`: C backs up past the blanks before `p` and copies from `p` to the end.
    an.perm = close < p ? m.slice(p) : m.slice(p, close);
    term = close;
  }
  if (type === USER_AVC) {
    let rc = parseUser(m, type, s, w, k, an);
    if (rc > 20) rc = 0;
    k.addAvc(s, an);
    return rc;
  }
  let v: number;
  if (w.pid && (term = num(m, "pid=", term, 2, FIND, s, k, PID)) < 0) return -term;
  if (w.comm && s.comm === undefined) {
    str = m.indexOf("comm=", term);
    if (str === NULL) return 5;
    str += 5;
    if (m.charCodeAt(str) === 34) {
      const close = m.indexOf('"', str + 1);
      if (close === NULL) return 6;
      s.comm = m.slice(str + 1, close);
      term = close;
    } else {
      s.comm = unescape(m, str);
      if (s.comm === undefined) return 11;
      term = str + 6;
    }
  }
  if (w.filename) {
    str = m.indexOf(" path=", term);
    if (str === NULL) str = m.indexOf(" name=", term);
    if (str !== NULL) {
      const rc = commonPathParser(m, str + 6, s, k);
      if (rc) return rc;
      term += 7;
    }
  }
  if (w.subject && (v = wordAt(m, "scontext=", term, 7)) !== ABSENT) {
    if (v < 0) return -v;
    term = F.term;
    an.scontext = m.slice(v, term);
  }
  if (w.object && (v = wordAt(m, "tcontext=", term, 8)) !== ABSENT) {
    if (v < 0) return -v;
    term = F.term;
    an.tcontext = m.slice(v, term);
  }
  str = m.indexOf("tclass=", term);
  if (str === NULL) return 9;
  const sp = m.indexOf(" ", str + 7);
  an.cls = sp === NULL ? m.slice(str + 7) : m.slice(str + 7, sp);
  k.addAvc(s, an);
  return 0;
};

/** `parse_kernel_anom`: SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND. */
export const parseKernelAnom: TypedRecordParser = (m, type, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.loginuid && (term = num(m, "auid=", term, 1, NEED_LOOSE, s, k, AUID)) < 0) return -term;
  if (w.uid && (term = num(m, "uid=", term, 2, FIND, s, k, UID)) < 0) return -term;
  if (w.gid && (term = num(m, "gid=", term, 4, FIND, s, k, GID)) < 0) return -term;
  if (w.session && (term = num(m, "ses=", term, 6, FIND_LOOSE, s, k, SES)) < 0) return -term;
  if (type === ANOM_PROMISCUOUS) return 0;
  if (w.subject && (term = addSubject(m, term, s, k, 8)) < 0) return -term;
  if (w.pid && (term = num(m, "pid=", term, 9, FIND, s, k, PID)) < 0) return -term;
  if (w.comm && (term = readComm(m, term, s, 12)) < 0) return -term;
  if (w.exe) {
    if ((str = m.indexOf("exe=", term)) !== NULL) {
      if ((v = textAt(m, str + 4, 13, s, EXE)) < 0) return -v;
      if (v) term = v;
    } else if (type !== ANOM_ABEND) return 14;
  }
  if (type === SECCOMP) {
    if ((v = findArch(m, term, 15)) === ABSENT) return 0;
    if (v < 0) return -v;
    s.arch = v | 0;
    if ((term = num(m, "syscall=", F.term, 17, NEED, s, k, SYSCALL)) < 0) return -term;
  }
  if (w.success) return readResult(m, term, s, 68);
  return 0;
};

/** `parse_integrity`: INTEGRITY_* records. */
export const parseIntegrity: RecordParser = (m, s, w, k) => {
  let term = 0;
  let v: number;
  let str: number;
  if ((term = num(m, "pid=", 0, 0, FIND, s, k, PID)) < 0) return -term;
  if (w.uid && (str = m.indexOf(" uid=", term)) !== NULL) {
    // ausearch-parse.c reads from the "=" (str + 4 of " uid="): always 0.
    if ((v = numberAt(m, str + 4, 3)) < 0) return -v;
    setUid(s, k, v);
    term = F.term;
  }
  if (w.loginuid) {
    // searched from the start, not from `term`; `term` moves only when found
    const t = num(m, "auid=", 0, 4, FIND, s, k, AUID);
    if (t < 0) return -t;
    if (t !== 0) term = t;
  }
  if (w.session && (term = num(m, "ses=", term, 9, FIND, s, k, SES)) < 0) return -term;
  if (w.subject && (term = addSubject(m, term, s, k, 12)) < 0) return -term;
  if (w.comm && (term = readComm(m, term, s, 7)) < 0) return -term;
  if (w.filename) {
    str = m.indexOf(" name=", term);
    if (str !== NULL && commonPathParser(m, str + 6, s, k)) return 8;
  }
  if (w.success) return readResult(m, term, s, 9);
  return 0;
};
