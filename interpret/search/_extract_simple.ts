/**
 * Port of ausearch 3.0.9's `parse_simple_message` and `parse_kernel`
 * (src/ausearch-parse.c); `parse_tty` and `parse_pkt` are
 * interpret/_parse_tty.ts and _parse_pkt.ts, shared with report.
 *
 * @module
 */
import { i32At, strtoNumber, u32At, unescape } from "../_cstr.ts";
import { quotedOrHex } from "../_scan.ts";
import { parseTtyRecord, type TtyFields } from "../_parse_tty.ts";
import { addSubject, type ExtractContext, wantLoginuid, wantUid } from "./_extract_context.ts";
import { S_SUCCESS } from "./criteria.ts";

const CONFIG_CHANGE = 1305;

/** The value from `str` to the next space (or the end); [value, end or -1]. */
function toSpace(m: string, str: number): [string, number] {
  const end = m.indexOf(" ", str);
  return [end < 0 ? m.slice(str) : m.slice(str, end), end];
}

/** `parse_simple_message` (CONFIG_CHANGE, MAC_*). */
export function parseSimpleMessage(x: ExtractContext, m: string, type: number): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=", term);
    if (str < 0 && type !== CONFIG_CHANGE) return 1;
    if (str >= 0) {
      const t = m.indexOf(" ", str + 5);
      s.loginuid = u32At(m, str + 5);
      term = t < 0 ? str + 5 : t;
      s.tauid = x.lookupUid("auid", s.loginuid);
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
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      const [value, end] = toSpace(m, str + 5);
      addSubject(s, value);
      term = end < 0 ? str + 5 : end;
    }
  }
  if (c.key !== undefined) {
    str = m.indexOf("key=", term);
    if (str >= 0) {
      const keys = s.keys ??= [];
      const ptr = str + 4;
      if (m[ptr] === '"') {
        const end = m.indexOf('"', ptr + 1);
        if (end < 0) return 6;
        term = end;
        keys.push(m.slice(ptr + 1, end));
      } else {
        const value = unescape(m, ptr);
        if (value === undefined) return 8;
        for (const k of value.split("\x01")) if (k !== "") keys.push(k);
      }
    }
  }
  if (type === CONFIG_CHANGE) s.success = S_SUCCESS;
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) s.success = strtoNumber(m, str + 4, 10);
  }
  return 0;
}

/** `parse_tty` (TTY): interpret/_parse_tty.ts, shared with report; names looked up after. */
export function parseTty(x: ExtractContext, m: string): number {
  const { c, s } = x;
  const f: TtyFields = {};
  const ret = parseTtyRecord(m, {
    pid: c.pid !== undefined,
    uid: wantUid(c),
    loginuid: wantLoginuid(c),
    session: c.session !== undefined,
    comm: c.comm !== undefined,
  }, f);
  if (f.pid !== undefined) s.pid = f.pid;
  if (f.uid !== undefined) {
    s.uid = f.uid;
    s.tuid = x.lookupUid("uid", s.uid);
  }
  if (f.loginuid !== undefined) {
    s.loginuid = f.loginuid;
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (f.session !== undefined) s.session = f.session;
  if (f.hasComm) s.comm = f.comm;
  return ret;
}

/** `parse_kernel` (NETFILTER_CFG, EVENT_LISTENER): fills what is still unset. */
export function parseKernel(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  if (c.pid !== undefined && s.pid === -1) {
    str = m.indexOf(" pid=", term);
    if (str < 0) return 54;
    term = m.indexOf(" ", str + 5);
    if (term < 0) return 52;
    s.pid = i32At(m, str + 5);
  }
  if (s.uid === 0xffffffff && s.tuid === undefined && wantUid(c)) {
    str = m.indexOf("uid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 55;
      s.uid = u32At(m, str + 4);
    } else s.uid = 0;
    s.tuid = x.lookupUid("uid", s.uid);
  }
  if (s.loginuid === 0xfffffffe && s.tauid === undefined && wantLoginuid(c)) {
    str = m.indexOf("auid=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 5);
      if (term < 0) return 57;
      s.loginuid = u32At(m, str + 5);
    } else s.loginuid = 0xffffffff;
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (s.terminal === undefined && c.terminal !== undefined) {
    str = m.indexOf("tty=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 59;
      s.terminal = m.slice(str + 4, term);
    } else s.terminal = "(none)";
  }
  if (s.session === 0xfffffffe && c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      term = m.indexOf(" ", str + 4);
      if (term < 0) return 60;
      s.session = u32At(m, str + 4);
    } else s.session = 0xffffffff;
  }
  if (s.avc === undefined && c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str < 0) return 64;
    term = m.indexOf(" ", str + 5);
    if (term < 0) return 62;
    addSubject(s, m.slice(str + 5, term));
  }
  if (s.comm === undefined && c.comm !== undefined) {
    str = m.indexOf("comm=", term);
    if (str < 0) return 66;
    const [value, end] = quotedOrHex(m, str + 5);
    if (end === -2) return 65;
    if (end >= 0) term = end;
    s.comm = value;
  }
  if (s.exe === undefined && c.exe !== undefined) {
    str = m.indexOf("exe=");
    if (str >= 0) {
      const [value, end] = quotedOrHex(m, str + 4);
      if (end === -2) return 67;
      if (end >= 0) term = end;
      s.exe = value;
    } else s.exe = "(null)";
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) s.success = strtoNumber(m, str + 4, 10);
  }
  return 0;
}
