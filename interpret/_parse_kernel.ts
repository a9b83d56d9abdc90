/**
 * ausearch-parse.c's `parse_avc` (AVC, USER_AVC), `parse_kernel_anom`
 * (SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND) and `parse_integrity`
 * (INTEGRITY_*), one copy for search and report.
 *
 * @module
 */
import { strtoul, unescape } from "./_cstr.ts";
import {
  newAvc,
  type ParseItems,
  type ParseSink,
  type ParseWanted,
  quotedOrHex,
  ulong,
} from "./_parse_items.ts";
import { commonPathParser } from "./_parse_task.ts";
import { parseUser } from "./_parse_user.ts";

const NULL = -1;
const USER_AVC = 1107;
const SECCOMP = 1326;
const ANOM_PROMISCUOUS = 1700;
const ANOM_ABEND = 1701;

/** `parse_avc`: an AVC decision (permissions, contexts, class). */
export function parseAvc<S extends ParseItems>(
  m: string,
  type: number,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
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
    an.perm = m.slice(p, close);
    term = close;
  }
  if (type === USER_AVC) {
    let rc = parseUser(m, type, s, w, k, an);
    if (rc > 20) rc = 0;
    k.addAvc(s, an);
    return rc;
  }
  let v: number;
  if (w.pid) {
    str = m.indexOf("pid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 3;
      if ((v = ulong(m, str + 4, term)) < 0) return 4;
      s.pid = v | 0;
    }
  }
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
  if (w.subject) {
    str = m.indexOf("scontext=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 9);
      if (term === NULL) return 7;
      an.scontext = m.slice(str + 9, term);
    }
  }
  if (w.object) {
    str = m.indexOf("tcontext=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 9);
      if (term === NULL) return 8;
      an.tcontext = m.slice(str + 9, term);
    }
  }
  str = m.indexOf("tclass=", term);
  if (str === NULL) return 9;
  const sp = m.indexOf(" ", str + 7);
  an.cls = sp === NULL ? m.slice(str + 7) : m.slice(str + 7, sp);
  k.addAvc(s, an);
  return 0;
}

/** `parse_kernel_anom`: SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND. */
export function parseKernelAnom<S extends ParseItems>(
  m: string,
  type: number,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  let term = 0;
  let str: number;
  let v: number;
  if (w.loginuid) {
    str = m.indexOf("auid=");
    if (str === NULL) return 1;
    const sp = m.indexOf(" ", str + 5);
    if ((v = ulong(m, str + 5, sp)) < 0) return 2;
    s.loginuid = v;
    term = sp === NULL ? str + 5 : sp;
    if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
  }
  if (w.uid) {
    str = m.indexOf("uid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 3;
      if ((v = ulong(m, str + 4, term)) < 0) return 4;
      s.uid = v;
      if (k.lookupUid) s.tuid = k.lookupUid("uid", v);
    }
  }
  if (w.gid) {
    str = m.indexOf("gid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 5;
      if ((v = ulong(m, str + 4, term)) < 0) return 6;
      s.gid = v;
    }
  }
  if (w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 7;
      s.session = v;
      term = sp === NULL ? str + 4 : sp;
    }
  }
  if (type === ANOM_PROMISCUOUS) return 0;
  if (w.subject) {
    str = m.indexOf("subj=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 8;
      k.addAvc(s, newAvc(m.slice(str + 5, term)));
    }
  }
  if (w.pid) {
    str = m.indexOf("pid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 10;
      if ((v = ulong(m, str + 4, term)) < 0) return 11;
      s.pid = v | 0;
    }
  }
  if (w.comm) {
    str = m.indexOf("comm=", term);
    if (str !== NULL) {
      const comm = quotedOrHex(m, str + 5);
      if (comm === null) return 12;
      if (m.charCodeAt(str + 5) === 34) term = m.indexOf('"', str + 6);
      s.comm = comm;
    }
  }
  if (w.exe) {
    str = m.indexOf("exe=", term);
    if (str !== NULL) {
      const exe = quotedOrHex(m, str + 4);
      if (exe === null) return 13;
      if (m.charCodeAt(str + 4) === 34) term = m.indexOf('"', str + 5);
      s.exe = exe;
    } else if (type !== ANOM_ABEND) return 14;
  }
  if (type === SECCOMP) {
    str = m.indexOf("arch=", term);
    if (str === NULL) return 0;
    term = m.indexOf(" ", str + 5);
    if (term === NULL) return 15;
    const a = strtoul(m, str + 5, 16, term);
    if (a.error) return 16;
    s.arch = a.value | 0;
    str = m.indexOf("syscall=", term);
    if (str === NULL) return 17;
    term = m.indexOf(" ", str + 8);
    if (term === NULL) return 18;
    if ((v = ulong(m, str + 8, term)) < 0) return 19;
    s.syscall = v | 0;
  }
  if (w.success) {
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 68;
      s.success = v | 0;
    }
  }
  return 0;
}

/** `parse_integrity`: INTEGRITY_* records. */
export function parseIntegrity<S extends ParseItems>(
  m: string,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  let term = 0;
  let v: number;
  let str = m.indexOf("pid=");
  if (str !== NULL) {
    term = m.indexOf(" ", str + 4);
    if (term === NULL) return 1;
    if ((v = ulong(m, str + 4, term)) < 0) return 2;
    s.pid = v | 0;
  }
  if (w.uid) {
    str = m.indexOf(" uid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 3;
      // ausearch-parse.c reads from the "=" (str + 4 of " uid="): always 0.
      if ((v = ulong(m, str + 4, term)) < 0) return 4;
      s.uid = v;
      if (k.lookupUid) s.tuid = k.lookupUid("uid", v);
    }
  }
  if (w.loginuid) {
    str = m.indexOf("auid=");
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 5;
      if ((v = ulong(m, str + 5, term)) < 0) return 6;
      s.loginuid = v;
      if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
    }
  }
  if (w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 10;
      if ((v = ulong(m, str + 4, term)) < 0) return 11;
      s.session = v;
    }
  }
  if (w.subject) {
    str = m.indexOf("subj=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 12;
      k.addAvc(s, newAvc(m.slice(str + 5, term)));
    }
  }
  if (w.comm) {
    str = m.indexOf("comm=", term);
    if (str !== NULL) {
      const comm = quotedOrHex(m, str + 5);
      if (comm === null) return 7;
      if (m.charCodeAt(str + 5) === 34) term = m.indexOf('"', str + 6);
      s.comm = comm;
    }
  }
  if (w.filename) {
    str = m.indexOf(" name=", term);
    if (str !== NULL && commonPathParser(m, str + 6, s, k)) return 8;
  }
  if (w.success) {
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 9;
      s.success = v | 0;
    }
  }
  return 0;
}
