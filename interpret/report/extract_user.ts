/**
 * aureport's field extraction for user-space, login and daemon records
 * (ausearch-parse.c), scanned as aureport scans them.
 *
 * @module
 */
import { isAlpha, isDigit, strtoul, toInt32 } from "../_cstr.ts";
import { commonPathParser, find, legacyValue, NULL, readUntilSpace, stringValue } from "./_scan.ts";
import type { AvcNode, ReportRecord, SearchItems, Wanted } from "./types.ts";

/** An AVC decision with nothing known yet. */
export function newAvc(): AvcNode {
  return { scontext: undefined, tcontext: undefined, perm: undefined, cls: undefined, result: 0 };
}

/** `parse_user`: user-space messages (and USER_AVC with `avc`). */
export function parseUser(
  n: ReportRecord,
  s: SearchItems,
  w: Wanted,
  avc: AvcNode | undefined,
): number {
  let msg = n.message;
  let term = 0;
  let str = find(msg, term, "pid=");
  if (str === NULL) return 1;
  let r = readUntilSpace(msg, str + 4);
  if (r.end === NULL) return 2;
  if (r.error) return 3;
  s.pid = toInt32(r.value);
  term = r.end;
  if (w.uid) {
    str = find(msg, term, "uid=");
    if (str === NULL) return 4;
    r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 5;
    if (r.error) return 6;
    s.uid = r.value;
    term = r.end;
  }
  if (w.loginuid) {
    str = find(msg, term, "auid=");
    let ptr: number;
    if (str === NULL) {
      str = find(msg, term, "loginuid=");
      if (str === NULL) return 7;
      ptr = str + 9;
    } else ptr = str + 5;
    r = readUntilSpace(msg, ptr);
    if (r.end === NULL) return 8;
    if (r.error) return 9;
    s.loginuid = r.value;
    term = r.end;
  }
  if (w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 10;
      if (r.error) return 11;
      s.sessionId = r.value;
      term = r.end;
    }
  }
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      str += 5;
      const sp = msg.indexOf(" ", str);
      if (sp === NULL) return 12;
      if (avc !== undefined) avc.scontext = msg.slice(str, sp);
      else (s.avc ??= []).push({ ...newAvc(), scontext: msg.slice(str, sp) });
      term = sp;
    }
  }
  if (avc !== undefined && w.object) {
    str = find(msg, term, "tcontext=");
    if (str !== NULL) {
      str += 9;
      const sp = msg.indexOf(" ", str);
      if (sp !== NULL) {
        avc.tcontext = msg.slice(str, sp);
        term = sp;
      } else term = str;
    }
    str = find(msg, term, "tclass=");
    if (str !== NULL) {
      str += 7;
      const sp = msg.indexOf(" ", str);
      if (sp !== NULL) {
        avc.cls = msg.slice(str, sp);
        term = sp;
      } else term = str;
    }
  }
  if (n.type === 2502) {
    if (w.subject) {
      str = find(msg, term, "vm-ctx=");
      if (str !== NULL) {
        const sp = msg.indexOf(" ", str + 7);
        if (sp === NULL) return 27;
        (s.avc ??= []).push({ ...newAvc(), scontext: msg.slice(str + 7, sp) });
        term = sp;
      }
    }
    if (w.object) {
      str = find(msg, term, "img-ctx=");
      if (str !== NULL) {
        const sp = msg.indexOf(" ", str + 8);
        if (sp === NULL) return 29;
        (s.avc ??= []).push({ ...newAvc(), tcontext: msg.slice(str + 8, sp) });
        term = sp;
      }
    }
  } else if (n.type === 2501 && w.filename) {
    let incr = 6;
    str = find(msg, term, " path=");
    if (str === NULL) {
      incr = 10;
      str = find(msg, term, " new-disk=");
    }
    if (str !== NULL) {
      str += incr;
      const rc = commonPathParser(s, msg, str);
      if (rc) return rc;
      term = str;
    }
  }
  skip: if (w.uid) {
    for (;;) {
      str = find(msg, term, "uid=");
      if (str === NULL) break skip;
      const before = msg.charCodeAt(str - 1);
      if (before === 97) {
        term = str + 1;
        continue;
      }
      if (before === 115 || before === 117) break skip;
      if (before !== 39 && before !== 32) return 25;
      const ptr = str + 4;
      let end = ptr;
      while (end < msg.length && isDigit(msg.charCodeAt(end))) end++;
      if (end === ptr) return 14;
      const v = strtoul(msg, ptr, 10, end);
      if (v.error) return 15;
      s.uid = v.value;
      term = end;
      break;
    }
  }
  let mptr = term;
  if (w.comm) {
    str = find(msg, mptr, "comm=");
    if (str !== NULL) {
      str += 5;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 16;
        s.comm = msg.slice(str + 1, close);
        term = close;
      } else s.comm = stringValue(msg, str)[0];
    }
  }
  str = find(msg, mptr, "acct=");
  if (str !== NULL) {
    const ptr = str + 5;
    if (msg.charCodeAt(ptr) === 34) {
      let end = ptr + 1;
      while (end < msg.length && msg.charCodeAt(end) !== 34) end++;
      s.acct = msg.slice(ptr + 1, end);
      term = end;
    } else {
      const v = legacyValue(msg, ptr);
      s.acct = v.value;
      term = v.end;
    }
  }
  mptr = term;
  if (w.hostname) {
    str = find(msg, mptr, "hostname=");
    if (str !== NULL) {
      str += 9;
      let end = msg.indexOf(",", str);
      if (end === NULL) {
        end = msg.indexOf(" ", str);
        if (end === NULL) return 17;
      }
      s.hostname = msg.slice(str, end);
      if (s.hostname === "?") {
        const addr = find(msg, end + 1, "addr=");
        if (addr !== NULL) {
          let e2 = msg.indexOf(",", addr + 5);
          if (e2 === NULL) {
            e2 = msg.indexOf(" ", addr + 5);
            if (e2 === NULL) return 18;
          }
          s.hostname = msg.slice(addr + 5, e2);
        }
      }
    }
  }
  if (w.filename) {
    str = find(msg, mptr, "cwd=");
    if (str !== NULL) {
      str += 4;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 20;
        s.cwd = msg.slice(str + 1, close);
      } else s.cwd = legacyValue(msg, str).value;
    }
  }
  if (w.terminal) {
    str = find(msg, mptr, "terminal=");
    if (str !== NULL) {
      str += 9;
      let end = msg.indexOf(" ", str);
      if (end === NULL) {
        end = msg.indexOf(")", str);
        if (end === NULL) return 19;
        // aureport writes a space over the ')' it cut at.
        msg = n.message = msg.slice(0, end) + " " + msg.slice(end + 1);
      }
      s.terminal = msg.slice(str, end);
    }
  }
  if (w.exe) {
    str = find(msg, mptr, "exe=");
    if (str !== NULL) {
      str += 4;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 26;
        s.exe = msg.slice(str + 1, close);
      } else s.exe = legacyValue(msg, str).value;
    }
  }
  str = find(msg, mptr, "res=");
  if (str !== NULL) {
    const ptr = str + 4;
    const q = msg.indexOf("'", ptr);
    if (q === NULL) return 21;
    s.success = msg.slice(ptr, Math.min(q, ptr + 6)) === "failed" ? 0 : 1;
  } else if ((str = find(msg, mptr, "result=")) !== NULL) {
    const ptr = str + 7;
    const p = msg.indexOf(")", ptr);
    if (p === NULL) return 22;
    s.success = msg.slice(ptr, p).toLowerCase() === "success" ? 1 : 0;
  }
  return 0;
}

/** `parse_login`: LOGIN records (new auid and session). */
export function parseLogin(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str = find(msg, term, "pid=");
  if (str === NULL) return 1;
  let r = readUntilSpace(msg, str + 4);
  if (r.end === NULL) return 2;
  if (r.error) return 3;
  s.pid = toInt32(r.value);
  term = r.end;
  if (w.uid) {
    str = find(msg, term, "uid=");
    if (str === NULL) return 4;
    r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 5;
    if (r.error) return 6;
    s.uid = r.value;
    term = r.end;
  }
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 5);
      if (sp === NULL) return 12;
      (s.avc ??= []).push({ ...newAvc(), scontext: msg.slice(str, sp) });
      term = sp;
    }
  }
  if (w.loginuid) {
    let ptr: number;
    str = find(msg, term, "new auid=");
    if (str === NULL) {
      str = find(msg, term, " auid=");
      if (str === NULL) {
        str = find(msg, term, "new loginuid=");
        if (str === NULL) return 7;
        ptr = str + 13;
      } else ptr = str + 6;
    } else ptr = str + 9;
    r = readUntilSpace(msg, ptr);
    if (r.error) return 8;
    s.loginuid = r.value;
    term = r.end;
  }
  if (term === NULL) term = 0;
  str = find(msg, term, "res=");
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.error) return 9;
    s.success = toInt32(r.value);
    term = r.end;
  } else s.success = 1;
  if (w.sessionId) {
    if (term === NULL) term = 0;
    let ptr: number;
    str = find(msg, term, "new ses=");
    if (str === NULL) {
      str = find(msg, term, " ses=");
      if (str === NULL) return 14;
      ptr = str + 5;
    } else ptr = str + 8;
    r = readUntilSpace(msg, ptr);
    if (r.error) return 11;
    s.sessionId = r.value;
  }
  return 0;
}

/** Whether the letters at `ptr` (up to the first non-letter) say "failed"; code 0 when none. */
function alphaResult(msg: string, ptr: number): number {
  let end = ptr;
  while (end < msg.length && isAlpha(msg.charCodeAt(end))) end++;
  if (end === ptr) return -1;
  return msg.slice(ptr, Math.min(end, ptr + 6)) === "failed" ? 0 : 1;
}

/** `parse_daemon1`: DAEMON_START/END/ABORT/CONFIG/ROTATE/RESUME. */
export function parseDaemon1(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let mptr = msg.indexOf(")");
  if (mptr === NULL) mptr = 0;
  let term = mptr;
  let str: number;
  let r;
  if (w.loginuid) {
    str = find(msg, mptr, "auid=");
    if (str === NULL) return 1;
    r = readUntilSpace(msg, str + 5);
    if (r.end === NULL) return 2;
    if (r.error) return 3;
    s.loginuid = r.value;
    term = r.end;
  }
  str = find(msg, term, "pid=");
  if (str === NULL) return 4;
  r = readUntilSpace(msg, str + 4);
  if (r.end === NULL) return 5;
  if (r.error) return 6;
  s.pid = toInt32(r.value);
  term = r.end;
  if (w.uid) {
    str = find(msg, term, " uid=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 5);
      if (r.end === NULL) return 7;
      if (r.error) return 8;
      s.uid = r.value;
      term = r.end;
    }
  }
  if (w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 9;
      if (r.error) return 10;
      s.sessionId = r.value;
      term = r.end;
    }
  }
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 5);
      (s.avc ??= []).push({
        ...newAvc(),
        scontext: msg.slice(str + 5, sp === NULL ? msg.length : sp),
      });
    }
  }
  str = find(msg, mptr, "res=");
  if (str !== NULL) {
    const v = alphaResult(msg, str + 4);
    if (v < 0) return 12;
    s.success = v;
  }
  return 0;
}

/** `parse_daemon2`: DAEMON_ACCEPT/CLOSE (remote address and result). */
export function parseDaemon2(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  if (w.hostname) {
    str = find(msg, 0, "addr=");
    if (str !== NULL) {
      str += 5;
      let end = msg.indexOf(":", str);
      if (end === NULL) {
        end = msg.indexOf(" ", str);
        if (end === NULL) return 1;
      }
      s.hostname = msg.slice(str, end);
      term = end;
    }
  }
  str = find(msg, term, "res=");
  if (str !== NULL) {
    const v = alphaResult(msg, str + 4);
    if (v < 0) return 2;
    s.success = v;
  }
  return 0;
}
