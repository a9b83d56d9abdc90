/**
 * Port of ausearch 3.0.9's `parse_sockaddr`, `parse_integrity`, `parse_avc` and
 * `parse_kernel_anom` (src/ausearch-parse.c).
 *
 * @module
 */
import { i32At, isXDigit, strtoNumber, u32At, unescape } from "../_cstr.ts";
import { quotedOrHex } from "../_scan.ts";
import { addSubject, type ExtractContext, wantLoginuid, wantUid } from "./_extract_context.ts";
import { commonPathParser } from "./_extract_task.ts";
import { type AvcNode, parseUser } from "./_extract_user.ts";
import { S_FAILED, S_SUCCESS } from "./criteria.ts";

const USER_AVC = 1107;
const ANOM_PROMISCUOUS = 1700;
const ANOM_ABEND = 1701;
const SECCOMP = 1326;

/** A value quoted or hex at `str` (after `name=`); [value, end or -1, -2 on error]. */
function hexBytes(m: string, i: number): Uint8Array {
  let end = i;
  while (end < m.length && isXDigit(m.charCodeAt(end))) end++;
  const out = new Uint8Array(Math.floor((end - i) / 2));
  for (let k = 0; k < out.length; k++) out[k] = parseInt(m.slice(i + 2 * k, i + 2 * k + 2), 16);
  return out;
}

function ipv6Text(b: Uint8Array): string {
  const words: number[] = [];
  for (let k = 0; k < 8; k++) words.push((b[8 + 2 * k]! << 8) | b[9 + 2 * k]!);
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `::ffff:${b[20]}.${b[21]}.${b[22]}.${b[23]}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let k = 0; k < 8;) {
    if (words[k] !== 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && words[j] === 0) j++;
    if (j - k > bestLen) {
      bestStart = k;
      bestLen = j - k;
    }
    k = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** `parse_sockaddr` (SOCKADDR): the peer's numeric host, or an AF_UNIX path as a file. */
export function parseSockaddr(x: ExtractContext, m: string, warn: (text: string) => void): number {
  const { c, s } = x;
  if (c.hostname === undefined && c.filename === undefined) return 0;
  let str = m.indexOf("saddr=");
  if (str < 0) return 0;
  str += 6;
  if (m[str] === "(" || !isXDigit(m.charCodeAt(str)) || !isXDigit(m.charCodeAt(str + 1))) {
    s.hostname = undefined;
    return unescape(m, str) === undefined ? 4 : 0;
  }
  const b = hexBytes(m, str);
  const family = b[0]! | (b[1]! << 8);
  s.hostname = undefined;
  if (family === 2) {
    if (b.length < 16) {
      warn("sockaddr len too short");
      return 1;
    }
  } else if (family === 10) {
    if (b.length < 28) {
      warn("sockaddr6 len too short");
      return 2;
    }
  } else if (family === 1) {
    if (b.length < 4) {
      warn("sun_path len too short");
      return 3;
    }
    if (c.filename !== undefined) {
      const from = b[2] ? 2 : 3;
      let end = from;
      while (end < b.length && b[end] !== 0) end++;
      (s.filenames ??= []).push(new TextDecoder().decode(b.subarray(from, end)));
    }
    return 0;
  } else return 0;
  if (c.hostname === undefined) return 0;
  s.hostname = family === 2 ? `${b[4]}.${b[5]}.${b[6]}.${b[7]}` : ipv6Text(b);
  return 0;
}

/** `parse_integrity` (INTEGRITY_*). */
export function parseIntegrity(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str = m.indexOf("pid=", term);
  if (str >= 0) {
    term = m.indexOf(" ", str + 4);
    if (term < 0) return 1;
    s.pid = i32At(m, str + 4);
  }
  if (wantUid(c)) {
    str = m.indexOf(" uid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 3;
      // ausearch reads from the "=" (str + 4 of " uid="): always 0.
      s.uid = u32At(m, str + 4);
      s.tuid = x.lookupUid("uid", s.uid);
    }
  }
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=");
    if (str >= 0) {
      term = m.indexOf(" ", str + 5);
      if (term < 0) return 5;
      s.loginuid = u32At(m, str + 5);
      s.tauid = x.lookupUid("auid", s.loginuid);
    }
  }
  if (c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 10;
      s.session = u32At(m, str + 4);
    }
  }
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 5);
      if (term < 0) return 12;
      addSubject(s, m.slice(str + 5, term));
    }
  }
  if (c.comm !== undefined) {
    str = m.indexOf("comm=", term);
    if (str >= 0) {
      const [value, end] = quotedOrHex(m, str + 5);
      if (end === -2) return 7;
      if (end >= 0) term = end;
      s.comm = value;
    }
  }
  if (c.filename !== undefined) {
    str = m.indexOf(" name=", term);
    if (str >= 0 && commonPathParser(x, m, str + 6)) return 8;
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) s.success = strtoNumber(m, str + 4, 10);
  }
  return 0;
}

/** `parse_avc` (AVC, USER_AVC). */
export function parseAvc(x: ExtractContext, m: string, type: number): number {
  const { c, s } = x;
  const an: AvcNode & { cls?: string } = {};
  let term = 0;
  let str = m.indexOf("avc: ");
  if (str >= 0) {
    str += 5;
    const brace = m.indexOf("{", str);
    if (brace >= 0) {
      if (c.success !== undefined) {
        s.success = m.slice(str, brace).includes("denied") ? S_FAILED : S_SUCCESS;
      }
      let p = brace + 1;
      while (m[p] === " ") p++;
      const close = m.indexOf("}", p);
      if (close < 0) return 2;
      term = close;
    }
  }
  if (type === USER_AVC) {
    let rc = parseUser(x, m, type, an);
    if (rc > 20) rc = 0;
    (s.avc ??= []).push({ scontext: an.scontext, tcontext: an.tcontext });
    return rc;
  }
  if (c.pid !== undefined) {
    str = m.indexOf("pid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 3;
      s.pid = i32At(m, str + 4);
    }
  }
  if (c.comm !== undefined && s.comm === undefined) {
    str = m.indexOf("comm=", term);
    if (str < 0) return 5;
    str += 5;
    if (m[str] === '"') {
      const end = m.indexOf('"', str + 1);
      if (end < 0) return 6;
      term = end;
      s.comm = m.slice(str + 1, end);
    } else {
      s.comm = unescape(m, str);
      if (s.comm === undefined) return 11;
      term = str + 6;
    }
  }
  if (c.filename !== undefined) {
    str = m.indexOf(" path=", term);
    if (str >= 0) {
      const rc = commonPathParser(x, m, str + 6);
      if (rc) return rc;
      term += 7;
    } else {
      str = m.indexOf(" name=", term);
      if (str >= 0) {
        const rc = commonPathParser(x, m, str + 6);
        if (rc) return rc;
        term += 7;
      }
    }
  }
  if (c.subject !== undefined) {
    str = m.indexOf("scontext=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 9);
      if (term < 0) return 7;
      an.scontext = m.slice(str + 9, term);
    }
  }
  if (c.object !== undefined) {
    str = m.indexOf("tcontext=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 9);
      if (term < 0) return 8;
      an.tcontext = m.slice(str + 9, term);
    }
  }
  str = m.indexOf("tclass=", term);
  if (str < 0) return 9;
  (s.avc ??= []).push({ scontext: an.scontext, tcontext: an.tcontext });
  return 0;
}

/** `parse_kernel_anom` (SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND). */
export function parseKernelAnom(x: ExtractContext, m: string, type: number): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=", term);
    if (str < 0) return 1;
    const ptr = str + 5;
    const t = m.indexOf(" ", ptr);
    term = t < 0 ? ptr : t;
    s.loginuid = u32At(m, ptr);
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (wantUid(c)) {
    str = m.indexOf("uid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 3;
      s.uid = u32At(m, str + 4);
      s.tuid = x.lookupUid("uid", s.uid);
    }
  }
  if (c.gid !== undefined) {
    str = m.indexOf("gid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 5;
      s.gid = u32At(m, str + 4);
    }
  }
  if (c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      const t = m.indexOf(" ", str + 4);
      s.session = u32At(m, str + 4);
      term = t < 0 ? str + 4 : t;
    }
  }
  if (type === ANOM_PROMISCUOUS) return 0;
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 5);
      if (term < 0) return 8;
      addSubject(s, m.slice(str + 5, term));
    }
  }
  if (c.pid !== undefined) {
    str = m.indexOf("pid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 10;
      s.pid = i32At(m, str + 4);
    }
  }
  if (c.comm !== undefined) {
    str = m.indexOf("comm=", term);
    if (str >= 0) {
      const [value, end] = quotedOrHex(m, str + 5);
      if (end === -2) return 12;
      if (end >= 0) term = end;
      s.comm = value;
    }
  }
  if (c.exe !== undefined) {
    str = m.indexOf("exe=", term);
    if (str >= 0) {
      const [value, end] = quotedOrHex(m, str + 4);
      if (end === -2) return 13;
      if (end >= 0) term = end;
      s.exe = value;
    } else if (type !== ANOM_ABEND) return 14;
  }
  if (type === SECCOMP) {
    str = m.indexOf("arch=", term);
    if (str < 0) return 0;
    term = m.indexOf(" ", str + 5);
    if (term < 0) return 15;
    s.arch = strtoNumber(m, str + 5, 16) | 0;
    str = m.indexOf("syscall=", term);
    if (str < 0) return 17;
    term = m.indexOf(" ", str + 8);
    if (term < 0) return 18;
    s.syscall = i32At(m, str + 8);
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) s.success = strtoNumber(m, str + 4, 10);
  }
  return 0;
}
