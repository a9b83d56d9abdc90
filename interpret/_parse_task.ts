/**
 * ausearch-parse.c's `parse_task_info`, `parse_syscall`, `parse_dir`,
 * `common_path_parser`, `avc_parse_path`, `parse_path` and `parse_obj`, one
 * copy for search and report: the same text searches from the same
 * positions, the same fields, the same failures (a nonzero code ends the
 * event's extraction and drops it).
 *
 * @module
 */
import { isXDigit, strtoNumber, strtoul, unescape } from "./_cstr.ts";
import {
  newAvc,
  type ParseItems,
  type ParseSink,
  type ParseWanted,
  type RecordParser,
} from "./_parse_items.ts";
import {
  ABSENT,
  addSubject,
  COMM,
  EGID,
  EUID,
  EXE,
  F,
  FIND,
  findArch,
  GID,
  NEED,
  num,
  numberAt,
  PID,
  PPID,
  readAuid,
  readResult,
  SES,
  setUid,
  SYSCALL,
  textAt,
  wordAt,
} from "./_parse_fields.ts";

const NAME_OFFSET = 28;
const NULL = -1;

/** Appends keys from a `key=` value at `pos` (quoted, or hex joined by 0x01); returns a code. */
export function parseKeyValue(
  m: string,
  pos: number,
  s: ParseItems,
  quotedErr: number,
  nullErr: number,
): number {
  const keys = s.keys ??= [];
  if (m.charCodeAt(pos) === 34) {
    const close = m.indexOf('"', pos + 1);
    if (close === NULL) return quotedErr;
    keys.push(m.slice(pos + 1, close));
    return 0;
  }
  const value = unescape(m, pos);
  if (value === undefined) return nullErr;
  if (value.indexOf("\x01") === -1) {
    if (value !== "") keys.push(value);
  } else for (const k of value.split("\x01")) if (k !== "") keys.push(k);
  return 0;
}

/** `parse_task_info`: ppid, pid, auid, uid, gid, euid, egid, tty, ses, comm, exe, subj, res. */
export const parseTaskInfo: RecordParser = (m, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.ppid && (term = num(m, "ppid=", term, 13, FIND, s, k, PPID)) < 0) return -term;
  if (w.pid && (term = num(m, " pid=", term, 16, NEED, s, k, PID)) < 0) return -term;
  if (w.loginuid && (term = readAuid(m, term, 19, s, k)) < 0) return -term;
  if (w.uid) {
    for (;;) {
      str = m.indexOf("uid=", term);
      if (str === NULL) return 22;
      if (m.charCodeAt(str - 1) === 97) {
        term = str + 1;
        continue;
      }
      break;
    }
    if ((v = numberAt(m, str + 4, 23)) < 0) return -v;
    setUid(s, k, v);
    term = F.term;
  }
  if (w.gid && (term = num(m, "gid=", term, 25, NEED, s, k, GID)) < 0) return -term;
  if (w.euid && (term = num(m, "euid=", term, 28, NEED, s, k, EUID)) < 0) return -term;
  if (w.egid && (term = num(m, "egid=", term, 31, NEED, s, k, EGID)) < 0) return -term;
  if (w.terminal && (v = wordAt(m, "tty=", term, 34)) !== ABSENT) {
    if (v < 0) return -v;
    term = F.term;
    s.terminal = m.slice(v, term);
  }
  if (w.session && (term = num(m, "ses=", term, 34, FIND, s, k, SES)) < 0) return -term;
  if (w.comm) {
    if ((str = m.indexOf("comm=", term)) === NULL) return 38;
    s.comm = undefined;
    if ((v = textAt(m, str + 5, 37, s, COMM)) < 0) return -v;
    if (v) term = v;
  }
  if (w.exe) {
    if ((str = m.indexOf("exe=")) === NULL) return 40;
    if ((v = textAt(m, str + 4, 39, s, EXE)) < 0) return -v;
    if (v) term = v;
  }
  if (w.subject && (term = addSubject(m, term, s, k, 41)) < 0) return -term;
  if (w.success) return readResult(m, term, s, 43);
  return 0;
};

/** `parse_syscall` (SYSCALL), then `parse_task_info` and `key=`. */
export const parseSyscall: RecordParser = (m, s, w, k) => {
  let term = 0;
  let str: number;
  let v: number;
  if (w.arch) {
    if ((v = findArch(m, 0, 2)) === ABSENT) return 1;
    if (v < 0) return -v;
    s.arch = v | 0;
    term = F.term;
  }
  if ((term = num(m, "syscall=", term, 4, NEED, s, k, SYSCALL)) < 0) return -term;
  if (w.success) {
    str = m.indexOf("success=", term);
    if (str !== NULL) {
      const ptr = str + 8;
      term = m.indexOf(" ", ptr);
      if (term === NULL) return 7;
      s.success = term - ptr === 3 && m.startsWith("yes", ptr) ? 1 : 0;
    }
  }
  if (w.exit) {
    str = m.indexOf("exit=", term);
    if (str === NULL) return 8;
    const ptr = str + 5;
    term = m.indexOf(" ", ptr);
    if (term === NULL) return 9;
    s.exit = strtoNumber(m.slice(0, term), ptr, 0);
    s.exitSet = true;
  }
  // a0 and a1 (strtoull, hex): only whether they are there and fit matters here.
  for (let arg = 0; arg < 2; arg++) {
    str = m.indexOf(arg === 0 ? "a0=" : "a1=", term);
    if (str === NULL) return 11;
    term = m.indexOf(" ", str + 3);
    if (term === NULL) return 12;
    let d = str + 3;
    while (d < term && m.charCodeAt(d) === 48) d++;
    if (term - d > 16 && strtoul(m, str + 3, 16, term).error) return 13;
  }
  const ret = parseTaskInfo(m, s, w, k);
  if (ret) return ret;
  if (w.key) {
    str = m.indexOf("key=", term);
    if (str !== NULL) return parseKeyValue(m, str + 4, s, 44, 45);
  }
  return 0;
};

/** `parse_dir` (CWD): the first working directory. */
export function parseDir<S extends ParseItems>(m: string, s: S, w: ParseWanted): number {
  if (!w.filename) return 0;
  let str = m.indexOf(" cwd=", NAME_OFFSET);
  if (str === NULL) return 0;
  str += 5;
  if (m.charCodeAt(str) === 34) {
    const close = m.indexOf('"', str + 1);
    if (close === NULL) return 1;
    s.cwd ??= m.slice(str + 1, close);
  } else if (s.cwd === undefined) s.cwd = unescape(m, str);
  return 0;
}

/** `common_path_parser`: a file name at `path`, one starting with `./` or `../` joined to cwd. */
export function commonPathParser<S extends ParseItems>(
  m: string,
  path: number,
  s: S,
  k: ParseSink<S>,
): number {
  let name: string | undefined;
  const c = m.charCodeAt(path);
  if (c === 34) {
    const close = m.indexOf('"', path + 1);
    if (close === NULL) return 2;
    name = m.slice(path + 1, close);
  } else if (c === 40 && m.startsWith("(null)", path)) {
    k.addFile(s, "(null)");
    return 0;
  } else {
    if (!isXDigit(c)) return 4;
    if (c === 48 && m.charCodeAt(path + 1) === 48) name = unescape(m, path + 2);
    else {
      if (m.indexOf(" ", path) === NULL) return 5;
      name = unescape(m, path);
    }
    if (name === undefined) return 7;
  }
  if (
    name.charCodeAt(0) === 46 && (name.charCodeAt(1) === 46 || name.charCodeAt(1) === 47) &&
    s.cwd !== undefined
  ) {
    name = `${s.cwd}/${name}`.slice(0, 4095);
  }
  k.addFile(s, name);
  return 0;
}

/** `avc_parse_path`: ` path=` (1 when absent). */
export const avcParsePath: RecordParser = (m, s, w, k) => {
  if (!w.filename) return 0;
  const str = m.indexOf(" path=");
  return str === NULL ? 1 : commonPathParser(m, str + 6, s, k);
};

/** Adds the object context at `str` (up to a space) as an AVC node. */
export function addObjectAt<S extends ParseItems>(m: string, str: number, s: S, k: ParseSink<S>) {
  const sp = m.indexOf(" ", str);
  k.addAvc(s, newAvc(undefined, sp === NULL ? m.slice(str) : m.slice(str, sp)));
}

/** `parse_path` (PATH): the name (with its `type=` text) and the object context. */
export const parsePath: RecordParser = (m, s, w, k) => {
  let term = NAME_OFFSET;
  let str: number;
  if (w.filename) {
    str = m.indexOf(" name=", term);
    if (str !== NULL) {
      str += 6;
      const rc = commonPathParser(m, str, s, k);
      if (rc) return rc;
      term = str;
      const type = m.indexOf("type=", term);
      if (type !== NULL) k.setFileKey(s, m.slice(type + 5));
    }
  }
  if (w.object) {
    str = m.indexOf("obj=", term);
    if (str !== NULL) addObjectAt(m, str + 4, s, k);
  }
  return 0;
};

/** `parse_obj` (IPC, OBJ_PID). */
export const parseObj: RecordParser = (m, s, w, k) => {
  if (!w.object) return 0;
  const str = m.indexOf("obj=");
  if (str !== NULL) addObjectAt(m, str + 4, s, k);
  return 0;
};
