/**
 * Port of ausearch 3.0.9's `parse_daemon1` and `parse_daemon2`
 * (src/ausearch-parse.c).
 *
 * @module
 */
import { i32At, isAlpha, u32At } from "../_cstr.ts";
import { addSubject, type ExtractContext, wantLoginuid } from "./_extract_context.ts";
import { S_FAILED, S_SUCCESS } from "./criteria.ts";

/** `parse_daemon1` (DAEMON_START, END, ABORT, CONFIG, ROTATE, RESUME). */
export function parseDaemon1(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let mptr = m.indexOf(")");
  if (mptr < 0) mptr = 0;
  let term = mptr;
  let str: number;
  let ptr: number;
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=", mptr);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 2;
    s.loginuid = u32At(m, ptr);
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (c.pid !== undefined) {
    str = m.indexOf("pid=", term);
    if (str < 0) return 4;
    ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 5;
    s.pid = i32At(m, ptr);
  }
  if (c.uid !== undefined) {
    str = m.indexOf(" uid=", term);
    if (str >= 0) {
      ptr = str + 5;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 7;
      s.uid = u32At(m, ptr);
    }
  }
  if (c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      ptr = str + 4;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 9;
      s.session = u32At(m, ptr);
    }
  }
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      str += 5;
      const t = m.indexOf(" ", str);
      addSubject(s, t < 0 ? m.slice(str) : m.slice(str, t));
    }
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", mptr);
    if (str >= 0) {
      ptr = term = str + 4;
      while (isAlpha(m.charCodeAt(term))) term++;
      if (term === ptr) return 12;
      s.success = m.startsWith("failed", ptr) ? S_FAILED : S_SUCCESS;
    }
  }
  return 0;
}

/** `parse_daemon2` (DAEMON_ACCEPT, DAEMON_CLOSE). */
export function parseDaemon2(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  if (c.hostname !== undefined) {
    str = m.indexOf("addr=", term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(":", str);
      if (term < 0) {
        term = m.indexOf(" ", str);
        if (term < 0) return 1;
      }
      s.hostname = m.slice(str, term);
    }
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) {
      const ptr = term = str + 4;
      while (isAlpha(m.charCodeAt(term))) term++;
      if (term === ptr) return 2;
      s.success = m.startsWith("failed", ptr) ? S_FAILED : S_SUCCESS;
    }
  }
  return 0;
}
