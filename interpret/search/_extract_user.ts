/**
 * Port of ausearch 3.0.9's `parse_user` and `parse_login` (src/ausearch-parse.c).
 *
 * @module
 */
import { i32At, isDigit, u32At, unescape } from "../_cstr.ts";
import { legacyValue as legacyText, quotedOrHex } from "../_scan.ts";
import {
  addObject,
  addSubject,
  type ExtractContext,
  wantLoginuid,
  wantUid,
} from "./_extract_context.ts";
import { commonPathParser } from "./_extract_task.ts";
import { S_FAILED, S_SUCCESS } from "./criteria.ts";

const ADD_GROUP = 1116;
const DEL_GROUP = 1117;
const GRP_MGMT = 1132;
const VIRT_RESOURCE = 2501;
const VIRT_MACHINE_ID = 2502;

/** A USER_AVC's own anode (`parse_avc` passes it). */
export interface AvcNode {
  scontext?: string | undefined;
  tcontext?: string | undefined;
}

/** A value that is quoted, or hex, or legacy text up to a space. */
function legacyValue(m: string, str: number): [string | undefined, number] {
  if (m[str] === '"') return quotedOrHex(m, str);
  const { value, end } = legacyText(m, str);
  return [value, end];
}

/** `parse_user` (user space messages, and USER_AVC through `parse_avc`). */
export function parseUser(x: ExtractContext, m: string, type: number, avc?: AvcNode): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  let ptr: number;
  if (c.pid !== undefined) {
    str = m.indexOf("pid=", term);
    if (str < 0) return 1;
    ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 2;
    s.pid = i32At(m, ptr);
  }
  if (wantUid(c)) {
    str = m.indexOf("uid=", term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 5;
    s.uid = u32At(m, ptr);
    s.tuid = x.lookupUid("uid", s.uid);
  }
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=", term);
    if (str < 0) {
      str = m.indexOf("loginuid=", term);
      if (str < 0) return 7;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 8;
    s.loginuid = u32At(m, ptr);
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 10;
      s.session = u32At(m, ptr);
    }
  }
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(" ", str);
      if (term < 0) return 12;
      if (avc) avc.scontext = m.slice(str, term);
      else addSubject(s, m.slice(str, term));
    }
  }
  if (avc && c.object !== undefined) {
    str = m.indexOf("tcontext=", term);
    if (str >= 0) {
      str += 9;
      const t = m.indexOf(" ", str);
      if (t >= 0) {
        term = t;
        avc.tcontext = m.slice(str, t);
      } else term = str;
    }
    str = m.indexOf("tclass=", term);
    if (str >= 0) {
      str += 7;
      const t = m.indexOf(" ", str);
      term = t >= 0 ? t : str;
    }
  }
  if (c.gid !== undefined && (type === ADD_GROUP || type === DEL_GROUP || type === GRP_MGMT)) {
    str = m.indexOf(" id=", term);
    if (str < 0 && type === GRP_MGMT) str = m.indexOf("gid=", term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 31;
      s.gid = u32At(m, ptr);
    }
  }
  if (c.vmname !== undefined) {
    str = m.indexOf("vm=", term);
    if (str >= 0) {
      str += 3;
      if (m[str] === '"') {
        str++;
        term = m.indexOf('"', str);
        if (term < 0) return 23;
        s.vmname = m.slice(str, term);
      } else s.vmname = unescape(m, str);
    }
  }
  if (c.uuid !== undefined) {
    str = m.indexOf("uuid=", term);
    if (str >= 0) {
      str += 5;
      term = str;
      while (term < m.length && m[term] !== " " && m[term] !== ":") term++;
      if (term === str) return 24;
      s.uuid = m.slice(str, term);
    }
  }
  if (type === VIRT_MACHINE_ID) {
    if (c.subject !== undefined) {
      str = m.indexOf("vm-ctx=", term);
      if (str >= 0) {
        str += 7;
        term = m.indexOf(" ", str);
        if (term < 0) return 27;
        addSubject(s, m.slice(str, term));
      }
    }
    if (c.object !== undefined) {
      str = m.indexOf("img-ctx=", term);
      if (str >= 0) {
        str += 8;
        term = m.indexOf(" ", str);
        if (term < 0) return 29;
        addObject(s, m.slice(str, term));
      }
    }
  } else if (type === VIRT_RESOURCE && c.filename !== undefined) {
    let incr = 6;
    str = m.indexOf(" path=", term);
    if (str < 0) {
      incr = 10;
      str = m.indexOf(" new-disk=", term);
    }
    if (str >= 0) {
      str += incr;
      const rc = commonPathParser(x, m, str);
      if (rc) return rc;
      term = str;
    }
  }
  let skip = false;
  if (wantUid(c)) {
    for (;;) {
      str = m.indexOf("uid=", term);
      if (str < 0) break;
      const before = m[str - 1];
      if (before === "a") {
        term = str + 1;
        continue;
      }
      if (before === "s" || before === "u") {
        skip = true;
        break;
      }
      if (!(before === "'" || before === " ")) return 25;
      ptr = str + 4;
      term = ptr;
      while (isDigit(m.charCodeAt(term))) term++;
      if (term === ptr) return 14;
      s.uid = u32At(m, ptr);
      s.tuid = x.lookupUid("uid", s.uid);
      break;
    }
  }
  void skip;
  let mptr = term;
  if (c.comm !== undefined) {
    str = m.indexOf("comm=", mptr);
    if (str >= 0) {
      str += 5;
      if (m[str] === '"') {
        str++;
        term = m.indexOf('"', str);
        if (term < 0) return 16;
        s.comm = m.slice(str, term);
      } else s.comm = unescape(m, str);
    }
  }
  str = m.indexOf("acct=", mptr);
  if (str >= 0) {
    ptr = str + 5;
    if (m[ptr] === '"') {
      term = ptr + 1;
      while (term < m.length && m[term] !== '"') term++;
      s.acct = m.slice(ptr + 1, term);
    } else {
      const [value, end] = legacyValue(m, ptr);
      term = end;
      s.acct = value;
    }
  }
  mptr = term;
  if (c.hostname !== undefined) {
    str = m.indexOf("hostname=", mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(",", str);
      if (term < 0) {
        term = m.indexOf(" ", str);
        if (term < 0) return 17;
      }
      s.hostname = m.slice(str, term);
      if (s.hostname === "?") {
        term++;
        str = m.indexOf("addr=", term);
        if (str >= 0) {
          str += 5;
          term = m.indexOf(",", str);
          if (term < 0) {
            term = m.indexOf(" ", str);
            if (term < 0) return 18;
          }
          s.hostname = m.slice(str, term);
        }
      }
    }
  }
  if (c.filename !== undefined) {
    str = m.indexOf("cwd=", mptr);
    if (str >= 0) {
      const [value, end] = legacyValue(m, str + 4);
      if (end === -2) return 20;
      s.cwd = value;
    }
  }
  if (c.terminal !== undefined) {
    str = m.indexOf("terminal=", mptr);
    if (str >= 0) {
      str += 9;
      term = m.indexOf(" ", str);
      if (term < 0) {
        term = m.indexOf(")", str);
        if (term < 0) return 19;
      }
      s.terminal = m.slice(str, term);
    }
  }
  if (c.exe !== undefined) {
    str = m.indexOf("exe=", mptr);
    if (str >= 0) {
      const [value, end] = legacyValue(m, str + 4);
      if (end === -2) return 26;
      s.exe = value;
    }
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", mptr);
    if (str >= 0) {
      ptr = str + 4;
      if (m.indexOf("'", ptr) < 0) return 21;
      s.success = m.startsWith("failed", ptr) ? S_FAILED : S_SUCCESS;
    } else if ((str = m.indexOf("result=", mptr)) >= 0) {
      ptr = str + 7;
      term = m.indexOf(")", ptr);
      if (term < 0) return 22;
      s.success = m.slice(ptr, term).toLowerCase() === "success" ? S_SUCCESS : S_FAILED;
    }
  }
  return 0;
}

/** `parse_login` (LOGIN). */
export function parseLogin(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  let ptr: number;
  if (c.pid !== undefined) {
    str = m.indexOf("pid=", term);
    if (str < 0) return 1;
    ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 2;
    s.pid = i32At(m, ptr);
  }
  if (wantUid(c)) {
    str = m.indexOf("uid=", term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 5;
    s.uid = u32At(m, ptr);
    s.tuid = x.lookupUid("uid", s.uid);
  }
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 5);
      if (term < 0) return 12;
      addSubject(s, m.slice(str, term)); // ausearch keeps "subj=" here
    }
  }
  let nullTerm = false;
  if (wantLoginuid(c)) {
    str = m.indexOf("new auid=", term);
    if (str < 0) {
      str = m.indexOf(" auid=", term);
      if (str < 0) {
        str = m.indexOf("new loginuid=", term);
        if (str < 0) return 7;
        ptr = str + 13;
      } else ptr = str + 6;
    } else ptr = str + 9;
    term = m.indexOf(" ", ptr);
    if (term < 0) nullTerm = true;
    s.loginuid = u32At(m, ptr);
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (c.success !== undefined) {
    if (nullTerm) term = 0;
    str = m.indexOf("res=", term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(" ", ptr);
      nullTerm = term < 0;
      s.success = Number.parseInt(m.slice(ptr), 10) || 0;
    } else s.success = S_SUCCESS;
  }
  if (c.session !== undefined) {
    if (nullTerm) term = 0;
    str = m.indexOf("new ses=", term);
    if (str < 0) {
      str = m.indexOf(" ses=", term);
      if (str < 0) return 14;
      ptr = str + 5;
    } else ptr = str + 8;
    s.session = u32At(m, ptr);
  }
  return 0;
}
