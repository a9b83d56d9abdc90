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
  type ParseSink,
  type ParseWanted,
  quotedOrHex,
  ulong,
  UNSET_UID,
} from "./_parse_items.ts";
import { parseKeyValue } from "./_parse_task.ts";

const NULL = -1;
const CONFIG_CHANGE = 1305;

/** `parse_simple_message`: auid, ses, subj, key and res of CONFIG_CHANGE and MAC records. */
export function parseSimpleMessage<S extends ParseItems>(
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
    if (str === NULL && type !== CONFIG_CHANGE) return 1;
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 5);
      if ((v = ulong(m, str + 5, sp)) < 0) return 2;
      s.loginuid = v;
      term = sp === NULL ? str + 5 : sp;
      if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
    }
  }
  if (w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 3;
      s.session = v;
      term = sp === NULL ? str + 4 : sp;
    }
  }
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
  if (w.success) {
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 7;
      s.success = v | 0;
    }
  }
  return 0;
}

/** The letters at `ptr`: 0 when they start with "failed", 1 otherwise, -1 when there are none. */
function alphaResult(m: string, ptr: number): number {
  let end = ptr;
  while (end < m.length && isAlpha(m.charCodeAt(end))) end++;
  if (end === ptr) return -1;
  return end - ptr >= 6 && m.startsWith("failed", ptr) ? 0 : 1;
}

/** `parse_daemon1`: DAEMON_START, END, ABORT, CONFIG, ROTATE, RESUME. */
export function parseDaemon1<S extends ParseItems>(
  m: string,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  let mptr = m.indexOf(")");
  if (mptr === NULL) mptr = 0;
  let term = mptr;
  let str: number;
  let v: number;
  if (w.loginuid) {
    str = m.indexOf("auid=", mptr);
    if (str === NULL) return 1;
    term = m.indexOf(" ", str + 5);
    if (term === NULL) return 2;
    if ((v = ulong(m, str + 5, term)) < 0) return 3;
    s.loginuid = v;
    if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
  }
  if (w.pid) {
    str = m.indexOf("pid=", term);
    if (str === NULL) return 4;
    term = m.indexOf(" ", str + 4);
    if (term === NULL) return 5;
    if ((v = ulong(m, str + 4, term)) < 0) return 6;
    s.pid = v | 0;
  }
  if (w.uidNumber) {
    str = m.indexOf(" uid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 7;
      if ((v = ulong(m, str + 5, term)) < 0) return 8;
      s.uid = v;
    }
  }
  if (w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 9;
      if ((v = ulong(m, str + 4, term)) < 0) return 10;
      s.session = v;
    }
  }
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
}

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
export function parseKernel<S extends ParseItems>(
  m: string,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && s.pid === -1) {
    str = m.indexOf(" pid=");
    if (str === NULL) return 54;
    term = m.indexOf(" ", str + 5);
    if (term === NULL) return 52;
    if ((v = ulong(m, str + 5, term)) < 0) return 53;
    s.pid = v | 0;
  }
  if (s.uid === UNSET_UID && s.tuid === undefined && w.uid) {
    str = m.indexOf("uid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 55;
      if ((v = ulong(m, str + 4, term)) < 0) return 56;
      s.uid = v;
    } else s.uid = 0;
    if (k.lookupUid) s.tuid = k.lookupUid("uid", s.uid);
  }
  if (s.loginuid === NO_LOGINUID && s.tauid === undefined && w.loginuid) {
    str = m.indexOf("auid=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 57;
      if ((v = ulong(m, str + 5, term)) < 0) return 58;
      s.loginuid = v;
    } else s.loginuid = UNSET_UID;
    if (k.lookupUid) s.tauid = k.lookupUid("auid", s.loginuid);
  }
  if (s.terminal === undefined && w.terminal) {
    str = m.indexOf("tty=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 59;
      s.terminal = m.slice(str + 4, term);
    } else s.terminal = "(none)";
  }
  if (s.session === NO_LOGINUID && w.session) {
    str = m.indexOf("ses=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if (term === NULL) return 60;
      if ((v = ulong(m, str + 4, term)) < 0) return 61;
      s.session = v;
    } else s.session = UNSET_UID;
  }
  if (s.avc === undefined && w.subject) {
    str = m.indexOf("subj=", term);
    if (str === NULL) return 64;
    term = m.indexOf(" ", str + 5);
    if (term === NULL) return 62;
    k.addAvc(s, newAvc(m.slice(str + 5, term)));
  }
  if (s.comm === undefined && w.comm) {
    str = m.indexOf("comm=", term);
    if (str === NULL) return 66;
    const comm = quotedOrHex(m, str + 5);
    if (comm === null) return 65;
    if (m.charCodeAt(str + 5) === 34) term = m.indexOf('"', str + 6);
    s.comm = comm;
  }
  if (s.exe === undefined && w.exe) {
    str = m.indexOf("exe=");
    if (str !== NULL) {
      const exe = quotedOrHex(m, str + 4);
      if (exe === null) return 67;
      if (m.charCodeAt(str + 4) === 34) term = m.indexOf('"', str + 5);
      s.exe = exe;
    } else s.exe = "(null)";
  }
  if (w.success) {
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      const sp = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, sp)) < 0) return 69;
      s.success = v | 0;
    }
  }
  return 0;
}
