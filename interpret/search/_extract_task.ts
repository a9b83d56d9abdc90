/**
 * Port of ausearch 3.0.9's `parse_task_info`, `parse_syscall`, `parse_dir`,
 * `common_path_parser`, `avc_parse_path`, `parse_path` and `parse_obj`
 * (src/ausearch-parse.c): the same text searches from the same positions,
 * the same fields, the same failures (a nonzero code drops the event).
 *
 * @module
 */
import { i32At, isXDigit, strtoNumber, u32At, unescape } from "../_cstr.ts";
import { quotedOrHex } from "../_scan.ts";
import {
  addObject,
  addSubject,
  type ExtractContext,
  wantEuid,
  wantLoginuid,
  wantUid,
} from "./_extract_context.ts";
import { S_FAILED, S_SUCCESS } from "./criteria.ts";

const NAME_OFFSET = 28;

/** A quoted or hex value at `i`: [value, index of the closing quote or -1]. */
/** `parse_task_info`. */
export function parseTaskInfo(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  if (c.ppid !== undefined) {
    str = m.indexOf("ppid=", term);
    if (str >= 0) {
      const ptr = str + 5;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 14;
      s.ppid = i32At(m, ptr);
    }
  }
  if (c.pid !== undefined) {
    str = m.indexOf(" pid=", term);
    if (str < 0) return 16;
    const ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 17;
    s.pid = i32At(m, ptr);
  }
  if (wantLoginuid(c)) {
    str = m.indexOf("auid=", term);
    let ptr: number;
    if (str < 0) {
      str = m.indexOf("loginuid=", term);
      if (str < 0) return 19;
      ptr = str + 9;
    } else ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 20;
    s.loginuid = u32At(m, ptr);
    s.tauid = x.lookupUid("auid", s.loginuid);
  }
  if (wantUid(c)) {
    for (;;) {
      str = m.indexOf("uid=", term);
      if (str < 0) return 22;
      if (m[str - 1] === "a") {
        term = str + 1;
        continue;
      }
      break;
    }
    const ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 23;
    s.uid = u32At(m, ptr);
    s.tuid = x.lookupUid("uid", s.uid);
  }
  if (c.gid !== undefined) {
    str = m.indexOf("gid=", term);
    if (str < 0) return 25;
    const ptr = str + 4;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 26;
    s.gid = u32At(m, ptr);
  }
  if (wantEuid(c)) {
    str = m.indexOf("euid=", term);
    if (str < 0) return 28;
    const ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 29;
    s.euid = u32At(m, ptr);
    s.teuid = x.lookupUid("euid", s.euid);
  }
  if (c.egid !== undefined) {
    str = m.indexOf("egid=", term);
    if (str < 0) return 31;
    const ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 32;
    s.egid = u32At(m, ptr);
  }
  if (c.terminal !== undefined) {
    str = m.indexOf("tty=", term);
    if (str >= 0) {
      str += 4;
      term = m.indexOf(" ", str);
      if (term < 0) return 34;
      s.terminal = m.slice(str, term);
    }
  }
  if (c.session !== undefined) {
    str = m.indexOf("ses=", term);
    if (str >= 0) {
      const ptr = str + 4;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 35;
      s.session = u32At(m, ptr);
    }
  }
  if (c.comm !== undefined) {
    str = m.indexOf("comm=", term);
    if (str < 0) return 38;
    s.comm = undefined;
    const [value, end] = quotedOrHex(m, str + 5);
    if (end === -2) return 37;
    if (end >= 0) term = end;
    s.comm = value;
  }
  if (c.exe !== undefined) {
    str = m.indexOf("exe=");
    if (str < 0) return 40;
    const [value, end] = quotedOrHex(m, str + 4);
    if (end === -2) return 39;
    if (end >= 0) term = end;
    s.exe = value;
  }
  if (c.subject !== undefined) {
    str = m.indexOf("subj=", term);
    if (str >= 0) {
      str += 5;
      term = m.indexOf(" ", str);
      if (term < 0) return 41;
      addSubject(s, m.slice(str, term));
    }
  }
  if (c.success !== undefined) {
    str = m.indexOf("res=", term);
    if (str >= 0) {
      const ptr = str + 4;
      const t = m.indexOf(" ", ptr);
      if (t >= 0) term = t;
      s.success = strtoNumber(m, ptr, 10);
    }
  }
  return 0;
}

/** `parse_syscall`. */
export function parseSyscall(x: ExtractContext, m: string): number {
  const { c, s } = x;
  let term = 0;
  let str: number;
  let ptr: number;
  if (c.wantArch || c.arches !== undefined) {
    str = m.indexOf("arch=", term);
    if (str < 0) return 1;
    ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 2;
    s.arch = strtoNumber(m, ptr, 16) | 0;
  }
  str = m.indexOf("syscall=", term);
  if (str < 0) return 4;
  ptr = str + 8;
  term = m.indexOf(" ", ptr);
  if (term < 0) return 5;
  s.syscall = i32At(m, ptr);
  if (c.success !== undefined) {
    str = m.indexOf("success=", term);
    if (str >= 0) {
      ptr = str + 8;
      term = m.indexOf(" ", ptr);
      if (term < 0) return 7;
      s.success = m.slice(ptr, term) === "yes" ? S_SUCCESS : S_FAILED;
    }
  }
  if (c.exit !== undefined) {
    str = m.indexOf("exit=", term);
    if (str < 0) return 8;
    ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term < 0) return 9;
    s.exit = strtoNumber(m.slice(0, term), ptr, 0);
    s.exitSet = true;
  }
  // ausearch reads a0 and a1 here for its -i output; a search needs only
  // that they are there (their values are interpreted by interpret/auparse).
  for (const arg of ["a0=", "a1="]) {
    str = m.indexOf(arg, term);
    if (str < 0) return 11;
    term = m.indexOf(" ", str + 3);
    if (term < 0) return 12;
  }
  const ret = parseTaskInfo(x, m);
  if (ret) return ret;
  if (c.key !== undefined) {
    str = m.indexOf("key=", term);
    if (str >= 0) {
      const keys = s.keys ??= [];
      str += 4;
      if (m[str] === '"') {
        str++;
        const end = m.indexOf('"', str);
        if (end < 0) return 44;
        keys.push(m.slice(str, end));
      } else {
        const value = unescape(m, str);
        if (value === undefined) return 45;
        for (const k of value.split("\x01")) if (k !== "") keys.push(k);
      }
    }
  }
  return 0;
}

/** `parse_dir` (CWD). */
export function parseDir(x: ExtractContext, m: string): number {
  if (x.c.filename === undefined) return 0;
  const str = m.indexOf(" cwd=", NAME_OFFSET);
  if (str < 0) return 0;
  const [value, end] = quotedOrHex(m, str + 5);
  if (end === -2) return 1;
  x.s.cwd ??= value;
  return 0;
}

/** `common_path_parser`: a file name at `path`, relative ones joined to cwd. */
export function commonPathParser(x: ExtractContext, m: string, path: number): number {
  const s = x.s;
  const names = s.filenames ??= [];
  let name: string | undefined;
  if (m[path] === '"') {
    const end = m.indexOf('"', path + 1);
    if (end < 0) return 2;
    name = m.slice(path + 1, end);
  } else if (m.startsWith("(null)", path)) {
    names.push("(null)");
    return 0;
  } else {
    if (!isXDigit(m.charCodeAt(path))) return 4;
    if (m[path] === "0" && m[path + 1] === "0") name = unescape(m, path + 2);
    else {
      if (m.indexOf(" ", path) < 0) return 5;
      name = unescape(m, path);
    }
    if (name === undefined) return 7;
  }
  if (name[0] === "." && (name[1] === "." || name[1] === "/") && s.cwd !== undefined) {
    name = `${s.cwd}/${name}`;
  }
  names.push(name);
  return 0;
}

/** `avc_parse_path`: ` path=` (1 when absent). */
export function avcParsePath(x: ExtractContext, m: string): number {
  if (x.c.filename === undefined) return 0;
  const str = m.indexOf(" path=");
  return str < 0 ? 1 : commonPathParser(x, m, str + 6);
}

/** `parse_path` (PATH). */
export function parsePath(x: ExtractContext, m: string): number {
  let term = NAME_OFFSET;
  if (x.c.filename !== undefined) {
    const str = m.indexOf(" name=", term);
    if (str >= 0) {
      const rc = commonPathParser(x, m, str + 6);
      if (rc) return rc;
      term = str + 6;
    }
  }
  if (x.c.object !== undefined) {
    const str = m.indexOf("obj=", term);
    if (str >= 0) {
      const end = m.indexOf(" ", str + 4);
      addObject(x.s, end < 0 ? m.slice(str + 4) : m.slice(str + 4, end));
    }
  }
  return 0;
}

/** `parse_obj` (IPC, OBJ_PID). */
export function parseObj(x: ExtractContext, m: string): number {
  if (x.c.object !== undefined) {
    const str = m.indexOf("obj=");
    if (str >= 0) {
      const end = m.indexOf(" ", str + 4);
      addObject(x.s, end < 0 ? m.slice(str + 4) : m.slice(str + 4, end));
    }
  }
  return 0;
}
