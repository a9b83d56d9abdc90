/**
 * aureport's field extraction (ausearch-parse.c `extract_search_items`),
 * kernel record parsers: each record type is scanned with C string searches
 * in the same order and with the same cursors as aureport, so that the same
 * fields are found — and the same events are skipped as malformed (a
 * non-zero code).
 *
 * @module
 */
import { strtoul, toInt32, unescape } from "../_cstr.ts";
import { commonPathParser, find, NULL, readUntilSpace } from "./_scan.ts";
import { parseDaemon1, parseDaemon2, parseLogin, parseUser } from "./extract_user.ts";
import { parseAvc, parseIntegrity, parseKernelAnom, parseSockaddr } from "./_extract_misc.ts";
import { parseKernel, parseTty } from "./_extract_kernel.ts";
import { parsePktRecord } from "../_parse_pkt.ts";
import {
  emptyItems,
  type ReportEvent,
  type ReportRecord,
  type SearchItems,
  type Wanted,
} from "./types.ts";

const NAME_OFFSET = 28;

/** The outcome of {@linkcode extractSearchItems}. */
export interface Extracted {
  /** The fields found. */
  readonly items: SearchItems;
  /** 0, or aureport's code for the malformed record that ended extraction. */
  readonly error: number;
  /** The record that was malformed, when `error` is not 0. */
  readonly record: ReportRecord | undefined;
}

/** Extracts the fields `w` asks for from an event's records, as aureport does. */
export function extractSearchItems(event: ReportEvent, w: Wanted): Extracted {
  const s = emptyItems();
  for (const n of event.records) {
    const ret = parseRecord(n, s, w);
    if (ret !== 0) return { items: s, error: ret, record: n };
  }
  return { items: s, error: 0, record: undefined };
}

function parseRecord(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const t = n.type;
  switch (t) {
    case 1300:
      return parseSyscall(n, s, w);
    case 1307:
      return parseDir(n, s, w);
    case 1402:
      return avcParsePath(n, s, w);
    case 1302:
      return parsePath(n, s, w);
    case 1306:
      return parseSockaddr(n, s, w);
    case 1006:
      return parseLogin(n, s, w);
    case 1303:
    case 1318:
      return parseObj(n, s, w);
    case 1200:
    case 1201:
    case 1202:
    case 1203:
    case 1205:
    case 1206:
      return parseDaemon1(n, s, w);
    case 1207:
    case 1208:
      return parseDaemon2(n, s, w);
    case 1305: {
      const ret = parseSimpleMessage(n, s, w);
      avcParsePath(n, s, w);
      return ret;
    }
    case 1400:
    case 1107:
      return parseAvc(n, s, w);
    case 1324:
      return parsePktRecord(n.message, s, w, addObject);
    case 1328:
    case 1702:
      return parseTaskInfo(n, s, w);
    case 1326:
    case 1700:
    case 1701:
      return parseKernelAnom(n, s, w);
    case 1325:
    case 1335:
      return parseKernel(n, s, w);
    case 1319:
      return parseTty(n, s, w);
  }
  if (
    t === 1005 || (t >= 1100 && t <= 1106) || (t >= 1108 && t <= 1199) || (t >= 2100 && t <= 2999)
  ) {
    return parseUser(n, s, w, undefined);
  }
  if (t >= 1403 && t <= 1417) return parseSimpleMessage(n, s, w);
  if (t >= 1800 && t <= 1805) return parseIntegrity(n, s, w);
  return 0;
}

/** Pushes keys from a `key=` value at `pos` (quoted, or hex joined by 0x01); returns a code. */
function parseKeyValue(
  msg: string,
  pos: number,
  s: SearchItems,
  quotedErr: number,
  nullErr: number,
): number {
  s.keys ??= [];
  if (msg.charCodeAt(pos) === 34) {
    const close = msg.indexOf('"', pos + 1);
    if (close === -1) return quotedErr;
    s.keys.push(msg.slice(pos + 1, close));
    return 0;
  }
  const keys = unescape(msg, pos);
  if (keys === undefined) return nullErr;
  for (const k of keys.split("\x01")) if (k !== "") s.keys.push(k);
  return 0;
}

/** `parse_task_info`: pid, auid, uid, tty, ses, comm, exe, subj, res of kernel task records. */
export function parseTaskInfo(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str = find(msg, term, " pid=");
  if (str === NULL) return 16;
  let r = readUntilSpace(msg, str + 5);
  if (r.end === NULL) return 17;
  if (r.error) return 18;
  s.pid = toInt32(r.value);
  term = r.end;
  if (w.loginuid) {
    str = find(msg, term, "auid=");
    let ptr: number;
    if (str === NULL) {
      str = find(msg, term, "loginuid=");
      if (str === NULL) return 19;
      ptr = str + 9;
    } else ptr = str + 5;
    r = readUntilSpace(msg, ptr);
    if (r.end === NULL) return 20;
    if (r.error) return 21;
    s.loginuid = r.value;
    term = r.end;
  }
  if (w.uid) {
    for (;;) {
      str = find(msg, term, "uid=");
      if (str === NULL) return 22;
      if (msg.charCodeAt(str - 1) === 97) {
        term = str + 1;
        continue;
      }
      break;
    }
    r = readUntilSpace(msg, str + 4);
    if (r.end === NULL) return 23;
    if (r.error) return 24;
    s.uid = r.value;
    term = r.end;
  }
  if (w.terminal) {
    str = find(msg, term, "tty=");
    if (str !== NULL) {
      str += 4;
      const sp = msg.indexOf(" ", str);
      if (sp === NULL) return 34;
      s.terminal = msg.slice(str, sp);
      term = sp;
    }
  }
  if (w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      r = readUntilSpace(msg, str + 4);
      if (r.end === NULL) return 35;
      if (r.error) return 36;
      s.sessionId = r.value;
      term = r.end;
    }
  }
  if (w.comm) {
    str = find(msg, term, "comm=");
    if (str === NULL) return 38;
    s.comm = undefined;
    str += 5;
    if (msg.charCodeAt(str) === 34) {
      const close = msg.indexOf('"', str + 1);
      if (close === NULL) return 37;
      s.comm = msg.slice(str + 1, close);
      term = close;
    } else s.comm = unescape(msg, str);
  }
  if (w.exe) {
    str = find(msg, 0, "exe=");
    if (str === NULL) return 40;
    str += 4;
    if (msg.charCodeAt(str) === 34) {
      const close = msg.indexOf('"', str + 1);
      if (close === NULL) return 39;
      s.exe = msg.slice(str + 1, close);
      term = close;
    } else s.exe = unescape(msg, str);
  }
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      str += 5;
      const sp = msg.indexOf(" ", str);
      if (sp === NULL) return 41;
      (s.avc ??= []).push({
        scontext: msg.slice(str, sp),
        tcontext: undefined,
        perm: undefined,
        cls: undefined,
        result: 0,
      });
      term = sp;
    }
  }
  if (term === NULL) term = 0;
  str = find(msg, term, "res=");
  if (str !== NULL) {
    r = readUntilSpace(msg, str + 4);
    if (r.error) return 43;
    s.success = toInt32(r.value);
  }
  return 0;
}

function parseSyscall(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  if (w.interpret) {
    str = find(msg, term, "arch=");
    if (str === NULL) return 1;
    const sp = msg.indexOf(" ", str + 5);
    if (sp === NULL) return 2;
    const a = strtoul(msg, str + 5, 16, sp);
    if (a.error) return 3;
    s.arch = a.value;
    term = sp;
  }
  str = find(msg, term, "syscall=");
  if (str === NULL) return 4;
  const r = readUntilSpace(msg, str + 8);
  if (r.end === NULL) return 5;
  if (r.error) return 6;
  s.syscall = toInt32(r.value);
  term = r.end;
  str = find(msg, term, "success=");
  if (str !== NULL) {
    const sp = msg.indexOf(" ", str + 8);
    if (sp === NULL) return 7;
    s.success = msg.slice(str + 8, sp) === "yes" ? 1 : 0;
    term = sp;
  }
  for (const arg of ["a0=", "a1="]) {
    str = find(msg, term, arg);
    if (str === NULL) return 11;
    const sp = msg.indexOf(" ", str + 3);
    if (sp === NULL) return 12;
    // Only overflow matters here: 16 hex digits or fewer cannot overflow.
    let k = str + 3;
    while (k < sp && msg.charCodeAt(k) === 48) k++;
    if (sp - k > 16 && strtoul(msg, str + 3, 16, sp).error) return 13;
    term = sp;
  }
  const ret = parseTaskInfo(n, s, w);
  if (ret) return ret;
  if (w.key) {
    str = find(msg, term, "key=");
    if (str !== NULL) return parseKeyValue(msg, str + 4, s, 44, 45);
  }
  return 0;
}

function parseDir(n: ReportRecord, s: SearchItems, w: Wanted): number {
  if (!w.filename) return 0;
  const msg = n.message;
  let str = find(msg, Math.min(NAME_OFFSET, msg.length), " cwd=");
  if (str === NULL) return 0;
  str += 5;
  if (msg.charCodeAt(str) === 34) {
    const close = msg.indexOf('"', str + 1);
    if (close === NULL) return 1;
    s.cwd ??= msg.slice(str + 1, close);
  } else if (s.cwd === undefined) s.cwd = unescape(msg, str);
  return 0;
}

function avcParsePath(n: ReportRecord, s: SearchItems, w: Wanted): number {
  if (!w.filename) return 0;
  const str = find(n.message, 0, " path=");
  if (str === NULL) return 1;
  return commonPathParser(s, n.message, str + 6);
}

/** Adds an object context (`obj=` at `str`) as an AVC node. */
export function pushObject(s: SearchItems, msg: string, str: number): void {
  const sp = msg.indexOf(" ", str);
  addObject(s, msg.slice(str, sp === NULL ? msg.length : sp));
}

function addObject(s: SearchItems, tcontext: string): void {
  (s.avc ??= []).push({
    scontext: undefined,
    tcontext,
    perm: undefined,
    cls: undefined,
    result: 0,
  });
}

function parsePath(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = Math.min(NAME_OFFSET, msg.length);
  let str: number;
  if (w.filename) {
    str = find(msg, term, " name=");
    if (str !== NULL) {
      str += 6;
      const rc = commonPathParser(s, msg, str);
      if (rc) return rc;
      term = str;
      const type = find(msg, term, "type=");
      if (type !== NULL) s.filenames![s.filenames!.length - 1]!.key = msg.slice(type + 5);
    }
  }
  if (w.object) {
    str = find(msg, term, "obj=");
    if (str !== NULL) pushObject(s, msg, str + 4);
  }
  return 0;
}

function parseObj(n: ReportRecord, s: SearchItems, w: Wanted): number {
  if (!w.object) return 0;
  const str = find(n.message, 0, "obj=");
  if (str !== NULL) pushObject(s, n.message, str + 4);
  return 0;
}

function parseSimpleMessage(n: ReportRecord, s: SearchItems, w: Wanted): number {
  const msg = n.message;
  let term = 0;
  let str: number;
  if (w.loginuid) {
    str = find(msg, term, "auid=");
    if (str === NULL && n.type !== 1305) return 1;
    if (str !== NULL) {
      const r = readUntilSpace(msg, str + 5);
      if (r.error) return 2;
      s.loginuid = r.value;
      term = r.end === NULL ? str + 5 : r.end;
    }
  }
  if (w.sessionId) {
    str = find(msg, term, "ses=");
    if (str !== NULL) {
      const r = readUntilSpace(msg, str + 4);
      if (r.error) return 3;
      s.sessionId = r.value;
      term = r.end === NULL ? str + 4 : r.end;
    }
  }
  if (w.subject) {
    str = find(msg, term, "subj=");
    if (str !== NULL) {
      str += 5;
      const sp = msg.indexOf(" ", str);
      (s.avc ??= []).push({
        scontext: msg.slice(str, sp === NULL ? msg.length : sp),
        tcontext: undefined,
        perm: undefined,
        cls: undefined,
        result: 0,
      });
      term = sp === NULL ? str : sp;
    }
  }
  if (w.key) {
    str = find(msg, term, "key=");
    if (str !== NULL) {
      const ptr = str + 4;
      if (msg.charCodeAt(ptr) === 34) {
        const close = msg.indexOf('"', ptr + 1);
        if (close === NULL) return 6;
        (s.keys ??= []).push(msg.slice(ptr + 1, close));
        term = close;
      } else {
        const rc = parseKeyValue(msg, ptr, s, 6, 8);
        if (rc) return rc;
      }
    }
  }
  if (n.type === 1305) s.success = 1;
  str = find(msg, term, "res=");
  if (str !== NULL) {
    const r = readUntilSpace(msg, str + 4);
    if (r.error) return 7;
    s.success = toInt32(r.value);
  }
  return 0;
}
