/**
 * aureport's field extraction for sockaddr, AVC, kernel anomaly and
 * integrity records (ausearch-parse.c), scanned as aureport scans them.
 *
 * @module
 */
import { cString, isXDigit, strtoul, toInt32, unescapeBytes } from "../_cstr.ts";
import { commonPathParser, find, NULL, readUntilSpace, stringValue } from "./_scan.ts";
import { newAvc, parseUser } from "./extract_user.ts";
import { numericHost } from "./sockaddr.ts";
import type { ReportRecord, SearchItems, Wanted } from "./types.ts";

/** `parse_sockaddr`: the remote host (numeric) or the unix socket path. */
export function parseSockaddr(n: ReportRecord, s: SearchItems, w: Wanted): number {
  if (!w.hostname && !w.filename) return 0;
  const msg = n.message;
  let str = find(msg, 0, "saddr=");
  if (str === NULL) return 0;
  str += 6;
  let len = 0;
  if (msg.charCodeAt(str) === 40) {
    const close = msg.indexOf(")", str);
    if (close !== NULL) len = close - str + 1;
  } else {
    let k = str;
    while (k < msg.length && isXDigit(msg.charCodeAt(k))) k++;
    len = (k - str) >> 1;
  }
  const raw = unescapeBytes(msg, str);
  if (raw === undefined) return 4;
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  const family = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  s.hostname = undefined;
  if (family === 2) {
    if (len < 16) return 1;
  } else if (family === 10) {
    if (len < 28) return 2;
  } else if (family === 1) {
    if (len < 4) return 3;
    if (w.filename) {
      const path = bytes[2] !== 0 ? bytes.subarray(2) : bytes.subarray(3);
      (s.filenames ??= []).push({ str: cString(path), key: undefined });
    }
    return 0;
  } else return 0;
  if (!w.hostname) return 0;
  s.hostname = numericHost(bytes, family);
  return 0;
}

/** `parse_avc`: AVC and USER_AVC decisions. */
export function parseAvc(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  const an = newAvc();
  str = find(msg, 0, "avc: ");
  other: if (str !== NULL) {
    str += 5;
    const brace = msg.indexOf("{", str);
    if (brace === NULL) {
      term = 0;
      break other;
    }
    if (msg.slice(str, brace).includes("denied")) {
      s.success = 0;
      an.result = 1;
    } else {
      s.success = 1;
      an.result = 2;
    }
    let p = brace + 1;
    while (msg.charCodeAt(p) === 32) p++;
    let close = msg.indexOf("}", p);
    if (close === NULL) return 2;
    while (msg.charCodeAt(close - 1) === 32) close--;
    an.perm = msg.slice(p, close);
    term = close;
  }
  if (n.type === 1107) {
    let rc = parseUser(n, s, w, an);
    if (rc > 20) rc = 0;
    (s.avc ??= []).push(an);
    return rc;
  }
  str = find(msg, term, "pid=");
  if (str !== NULL) {
    const r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 3;
    if (r.error) return 4;
    s.pid = toInt32(r.value);
    term = r.end;
  }
  if (w.comm && s.comm === undefined) {
    str = find(msg, term, "comm=");
    if (str === NULL) return 5;
    str += 5;
    if (msg.charCodeAt(str) === 34) {
      const close = msg.indexOf('"', str + 1);
      if (close === NULL) return 6;
      s.comm = msg.slice(str + 1, close);
      term = close;
    } else {
      s.comm = stringValue(msg, str)[0];
      if (s.comm === undefined) return 11;
      term = str + 6;
    }
  }
  if (w.filename) {
    str = find(msg, term, " path=");
    if (str === NULL) str = find(msg, term, " name=");
    if (str !== NULL) {
      const rc = commonPathParser(s, msg, str + 6);
      if (rc) return rc;
      term += 7;
    }
  }
  if (w.subject) {
    str = find(msg, term, "scontext=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 9);
      if (sp === NULL) return 7;
      an.scontext = msg.slice(str + 9, sp);
      term = sp;
    }
  }
  if (w.object) {
    str = find(msg, term, "tcontext=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 9);
      if (sp === NULL) return 8;
      an.tcontext = msg.slice(str + 9, sp);
      term = sp;
    }
  }
  str = find(msg, term, "tclass=");
  if (str === NULL) return 9;
  const sp = msg.indexOf(" ", str + 7);
  an.cls = msg.slice(str + 7, sp === NULL ? msg.length : sp);
  (s.avc ??= []).push(an);
  return 0;
}

/** `parse_kernel_anom`: SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND. */
export function parseKernelAnom(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  let r;
  if (w.loginuid) {
    str = find(msg, term, "auid=");
    if (str === NULL) return 1;
    r = readUntilSpace(msg, str + 5);
    if (r.error) return 2;
    s.loginuid = r.value;
    term = r.end === NULL ? str + 5 : r.end;
  }
  if (w.uid) {
    str = find(msg, term, "uid=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 3;
      if (r.error) return 4;
      s.uid = r.value;
      term = r.end;
    }
  }
  if (w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.error) return 7;
      s.sessionId = r.value;
      term = r.end === NULL ? str + 4 : r.end;
    }
  }
  if (n.type === 1700) return 0;
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      const sp = msg.indexOf(" ", str + 5);
      if (sp === NULL) return 8;
      (s.avc ??= []).push({ ...newAvc(), scontext: msg.slice(str + 5, sp) });
      term = sp;
    }
  }
  str = find(msg, term, "pid=");
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 10;
    if (r.error) return 11;
    s.pid = toInt32(r.value);
    term = r.end;
  }
  if (w.comm) {
    str = find(msg, term, "comm=");
    if (str !== NULL) {
      str += 5;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 12;
        s.comm = msg.slice(str + 1, close);
        term = close;
      } else s.comm = stringValue(msg, str)[0];
    }
  }
  if (w.exe) {
    str = find(msg, term, "exe=");
    if (str !== NULL) {
      str += 4;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 13;
        s.exe = msg.slice(str + 1, close);
        term = close;
      } else s.exe = stringValue(msg, str)[0];
    } else if (n.type !== 1701) return 14;
  }
  if (n.type === 1326) {
    str = find(msg, term, "arch=");
    if (str === NULL) return 0;
    const sp = msg.indexOf(" ", str + 5);
    if (sp === NULL) return 15;
    const a = strtoul(msg, str + 5, 16, sp);
    if (a.error) return 16;
    s.arch = a.value;
    term = sp;
    str = find(msg, term, "syscall=");
    if (str === NULL) return 17;
    r = readUntilSpace(msg, str + 8);
    if (r.end === NULL) return 18;
    if (r.error) return 19;
    s.syscall = toInt32(r.value);
    term = r.end;
  }
  str = find(msg, term, "res=");
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.error) return 68;
    s.success = toInt32(r.value);
  }
  return 0;
}

/** `parse_integrity`: INTEGRITY_* records. */
export function parseIntegrity(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str = find(msg, term, "pid=");
  let r;
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 1;
    if (r.error) return 2;
    s.pid = toInt32(r.value);
    term = r.end;
  }
  if (w.uid) {
    str = find(msg, term, " uid=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 3;
      if (r.error) return 4;
      s.uid = r.value;
      term = r.end;
    }
  }
  if (w.loginuid) {
    str = find(msg, 0, "auid=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 5);
      if (r.end === NULL) return 5;
      if (r.error) return 6;
      s.loginuid = r.value;
      term = r.end;
    }
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
      const sp = msg.indexOf(" ", str + 5);
      if (sp === NULL) return 12;
      (s.avc ??= []).push({ ...newAvc(), scontext: msg.slice(str + 5, sp) });
      term = sp;
    }
  }
  if (w.comm) {
    str = find(msg, term, "comm=");
    if (str !== NULL) {
      str += 5;
      if (msg.charCodeAt(str) === 34) {
        const close = msg.indexOf('"', str + 1);
        if (close === NULL) return 7;
        s.comm = msg.slice(str + 1, close);
        term = close;
      } else s.comm = stringValue(msg, str)[0];
    }
  }
  if (w.filename) {
    str = find(msg, term, " name=");
    if (str !== NULL && commonPathParser(s, msg, str + 6)) return 8;
  }
  str = find(msg, term, "res=");
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.error) return 9;
    s.success = toInt32(r.value);
  }
  return 0;
}
