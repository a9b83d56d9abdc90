/**
 * ausearch-parse.c's `parse_user` (user-space messages, and USER_AVC through
 * `parse_avc`) and `parse_login` (LOGIN), one copy for search and report.
 *
 * @module
 */
import { isDigit, unescape } from "./_cstr.ts";
import { legacyValue } from "./_scan.ts";
import {
  type AvcNode,
  newAvc,
  type ParseItems,
  type ParseSink,
  type ParseWanted,
  type RecordParser,
  ulong,
} from "./_parse_items.ts";
import { commonPathParser } from "./_parse_task.ts";
import {
  ABSENT,
  F,
  FIND,
  NEED,
  num,
  numberAt,
  PID,
  readAuid,
  SES,
  setLoginuid,
  setUid,
  UID,
  wordAt,
} from "./_parse_fields.ts";
import {
  AUDIT_ADD_GROUP as ADD_GROUP,
  AUDIT_DEL_GROUP as DEL_GROUP,
  AUDIT_GRP_MGMT as GRP_MGMT,
  AUDIT_VIRT_MACHINE_ID as VIRT_MACHINE_ID,
  AUDIT_VIRT_RESOURCE as VIRT_RESOURCE,
} from "../parse/tables/record_type_constants.ts";

const NULL = -1;

/** A quoted value at `str` (to the next quote), else legacy (hex unless a non-hex character). */
function quotedOrLegacy(m: string, str: number): string | undefined | null {
  if (m.charCodeAt(str) === 34) {
    const close = m.indexOf('"', str + 1);
    return close === NULL ? null : m.slice(str + 1, close);
  }
  return legacyValue(m, str).value;
}

/** `parse_user`; `avc` is USER_AVC's own node (`parse_avc` passes it). */
export function parseUser<S extends ParseItems>(
  m: string,
  type: number,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
  avc?: AvcNode,
): number {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && (term = num(m, "pid=", term, 1, NEED, s, k, PID)) < 0) return -term;
  if (w.uid && (term = num(m, "uid=", term, 4, NEED, s, k, UID)) < 0) return -term;
  if (w.loginuid && (term = readAuid(m, term, 7, s, k)) < 0) return -term;
  if (w.session && (term = num(m, "ses=", term, 9, FIND, s, k, SES)) < 0) return -term;
  if (w.subject && (v = wordAt(m, "subj=", term, 12)) !== ABSENT) {
    if (v < 0) return -v;
    term = F.term;
    if (avc !== undefined) avc.scontext = m.slice(v, term);
    else k.addAvc(s, newAvc(m.slice(v, term)));
  }
  if (avc !== undefined && w.object) {
    str = m.indexOf("tcontext=", term);
    if (str !== NULL) {
      str += 9;
      const sp = m.indexOf(" ", str);
      if (sp !== NULL) {
        avc.tcontext = m.slice(str, sp);
        term = sp;
      } else term = str;
    }
    str = m.indexOf("tclass=", term);
    if (str !== NULL) {
      str += 7;
      const sp = m.indexOf(" ", str);
      if (sp !== NULL) {
        avc.cls = m.slice(str, sp);
        term = sp;
      } else term = str;
    }
  }
  if (w.gid && (type === ADD_GROUP || type === DEL_GROUP || type === GRP_MGMT)) {
    str = m.indexOf(" id=", term);
    if (str === NULL && type === GRP_MGMT) str = m.indexOf("gid=", term);
    if (str !== NULL) {
      if ((v = numberAt(m, str + 4, 31)) < 0) return -v;
      s.gid = v;
      term = F.term;
    }
  }
  if (w.vmname) {
    str = m.indexOf("vm=", term);
    if (str !== NULL) {
      str += 3;
      if (m.charCodeAt(str) === 34) {
        term = m.indexOf('"', str + 1);
        if (term === NULL) return 23;
        s.vmname = m.slice(str + 1, term);
      } else s.vmname = unescape(m, str);
    }
  }
  if (w.uuid) {
    str = m.indexOf("uuid=", term);
    if (str !== NULL) {
      str += 5;
      term = str;
      while (term < m.length && m.charCodeAt(term) !== 32 && m.charCodeAt(term) !== 58) term++;
      if (term === str) return 24;
      s.uuid = m.slice(str, term);
    }
  }
  if (type === VIRT_MACHINE_ID) {
    if (w.subject && (v = wordAt(m, "vm-ctx=", term, 27)) !== ABSENT) {
      if (v < 0) return -v;
      term = F.term;
      k.addAvc(s, newAvc(m.slice(v, term)));
    }
    if (w.object && (v = wordAt(m, "img-ctx=", term, 29)) !== ABSENT) {
      if (v < 0) return -v;
      term = F.term;
      k.addAvc(s, newAvc(undefined, m.slice(v, term)));
    }
  } else if (type === VIRT_RESOURCE && w.filename) {
    let incr = 6;
    str = m.indexOf(" path=", term);
    if (str === NULL) {
      incr = 10;
      str = m.indexOf(" new-disk=", term);
    }
    if (str !== NULL) {
      str += incr;
      const rc = commonPathParser(m, str, s, k);
      if (rc) return rc;
      term = str;
    }
  }
  skip: if (w.uid) {
    for (;;) {
      str = m.indexOf("uid=", term);
      if (str === NULL) break skip;
      const before = m.charCodeAt(str - 1);
      if (before === 97) {
        term = str + 1;
        continue;
      }
      if (before === 115 || before === 117) break skip;
      if (before !== 39 && before !== 32) return 25;
      const ptr = str + 4;
      term = ptr;
      while (term < m.length && isDigit(m.charCodeAt(term))) term++;
      if (term === ptr) return 14;
      if ((v = ulong(m, ptr, term)) < 0) return 15;
      setUid(s, k, v);
      break;
    }
  }
  let mptr = term;
  if (w.comm) {
    str = m.indexOf("comm=", mptr);
    if (str !== NULL) {
      str += 5;
      if (m.charCodeAt(str) === 34) {
        const close = m.indexOf('"', str + 1);
        if (close === NULL) return 16;
        s.comm = m.slice(str + 1, close);
        term = close;
      } else s.comm = unescape(m, str);
    }
  }
  str = m.indexOf("acct=", mptr);
  if (str !== NULL) {
    const ptr = str + 5;
    if (m.charCodeAt(ptr) === 34) {
      let end = ptr + 1;
      while (end < m.length && m.charCodeAt(end) !== 34) end++;
      s.acct = m.slice(ptr + 1, end);
      term = end;
    } else {
      const lv = legacyValue(m, ptr);
      s.acct = lv.value;
      term = lv.end;
    }
  }
  mptr = term;
  if (w.hostname) {
    str = m.indexOf("hostname=", mptr);
    if (str !== NULL) {
      str += 9;
      let end = m.indexOf(",", str);
      if (end === NULL) {
        end = m.indexOf(" ", str);
        if (end === NULL) return 17;
      }
      s.hostname = m.slice(str, end);
      if (end - str === 1 && m.charCodeAt(str) === 63) {
        const addr = m.indexOf("addr=", end + 1);
        if (addr !== NULL) {
          let e2 = m.indexOf(",", addr + 5);
          if (e2 === NULL) {
            e2 = m.indexOf(" ", addr + 5);
            if (e2 === NULL) return 18;
          }
          s.hostname = m.slice(addr + 5, e2);
        }
      }
    }
  }
  if (w.filename) {
    str = m.indexOf("cwd=", mptr);
    if (str !== NULL) {
      const cwd = quotedOrLegacy(m, str + 4);
      if (cwd === null) return 20;
      s.cwd = cwd;
    }
  }
  if (w.terminal) {
    str = m.indexOf("terminal=", mptr);
    if (str !== NULL) {
      str += 9;
      let end = m.indexOf(" ", str);
      if (end === NULL) {
        end = m.indexOf(")", str);
        if (end === NULL) return 19;
        // ausearch-parse.c writes a space over the ')' it cut at.
        m = m.slice(0, end) + " " + m.slice(end + 1);
        k.rewrite?.(m);
      }
      s.terminal = m.slice(str, end);
    }
  }
  if (w.exe) {
    str = m.indexOf("exe=", mptr);
    if (str !== NULL) {
      const exe = quotedOrLegacy(m, str + 4);
      if (exe === null) return 26;
      s.exe = exe;
    }
  }
  if (w.success) {
    str = m.indexOf("res=", mptr);
    if (str !== NULL) {
      const ptr = str + 4;
      const q = m.indexOf("'", ptr);
      if (q === NULL) return 21;
      s.success = q - ptr >= 6 && m.startsWith("failed", ptr) ? 0 : 1;
    } else if ((str = m.indexOf("result=", mptr)) !== NULL) {
      const ptr = str + 7;
      const p = m.indexOf(")", ptr);
      if (p === NULL) return 22;
      s.success = m.slice(ptr, p).toLowerCase() === "success" ? 1 : 0;
    }
  }
  return 0;
}

/** `parse_login` (LOGIN): the new auid and session. */
export const parseLogin: RecordParser = (m, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.pid && (term = num(m, "pid=", term, 1, NEED, s, k, PID)) < 0) return -term;
  if (w.uid && (term = num(m, "uid=", term, 4, NEED, s, k, UID)) < 0) return -term;
  if (w.subject) {
    str = m.indexOf("subj=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 5);
      if (term === NULL) return 12;
      k.addAvc(s, newAvc(m.slice(str, term))); // ausearch keeps "subj=" here
    }
  }
  if (w.loginuid) {
    let ptr: number;
    str = m.indexOf("new auid=", term);
    if (str === NULL) {
      str = m.indexOf(" auid=", term);
      if (str === NULL) {
        str = m.indexOf("new loginuid=", term);
        if (str === NULL) return 7;
        ptr = str + 13;
      } else ptr = str + 6;
    } else ptr = str + 9;
    term = m.indexOf(" ", ptr);
    if ((v = ulong(m, ptr, term)) < 0) return 8;
    setLoginuid(s, k, v);
  }
  if (w.success) {
    if (term === NULL) term = 0;
    str = m.indexOf("res=", term);
    if (str !== NULL) {
      term = m.indexOf(" ", str + 4);
      if ((v = ulong(m, str + 4, term)) < 0) return 9;
      s.success = v | 0;
    } else s.success = 1;
  }
  if (w.session) {
    if (term === NULL) term = 0;
    let ptr: number;
    str = m.indexOf("new ses=", term);
    if (str === NULL) {
      str = m.indexOf(" ses=", term);
      if (str === NULL) return 14;
      ptr = str + 5;
    } else ptr = str + 8;
    term = m.indexOf(" ", ptr);
    if ((v = ulong(m, ptr, term)) < 0) return 11;
    s.session = v;
  }
  return 0;
};
