/**
 * Whether an event matches ausearch's criteria: ausearch 3.0.9's
 * `extract_search_items` (which fields each record type gives) and `match`
 * (how each option compares), ported. Strings match as substrings, or whole
 * with `-w`; `-ua`/`-ga` match any of the ids; `-se` any context; `-m` and
 * `-n` any of their values; everything else must all hold.
 *
 * @module
 */
import {
  addObject,
  type ExtractContext,
  type SearchRecord,
  type UidLookup,
} from "./_extract_context.ts";
import { parseAvc, parseIntegrity, parseKernelAnom, parseSockaddr } from "./_extract_kernel.ts";
import { parseKernel, parseSimpleMessage, parseTty } from "./_extract_simple.ts";
import { parsePktRecord } from "../_parse_pkt.ts";
import { parseDaemon1, parseDaemon2 } from "./_extract_daemon.ts";
import {
  avcParsePath,
  parseDir,
  parseObj,
  parsePath,
  parseSyscall,
  parseTaskInfo,
} from "./_extract_task.ts";
import { parseLogin, parseUser } from "./_extract_user.ts";
import { newSearchItems, type SearchCriteria, type SearchItems } from "./criteria.ts";

export type { SearchRecord, UidLookup };

/** An event as grouped for searching. */
export interface SearchEvent {
  /** Seconds of the event's time. */
  readonly sec: number;
  /** Milliseconds. */
  readonly milli: number;
  /** The serial number. */
  readonly serial: number;
  /** `node=` of its first record. */
  readonly node: string | undefined;
  /** Its records, in arrival order. */
  readonly records: readonly SearchRecord[];
  /**
   * What its lines may hold: `MAY_BE_ENRICHED` (1) and `MAY_HAVE_CONTROLS`
   * (2) from group.ts; absent: anything.
   */
  readonly flags?: number;
}

/** Facts for matching (name lookups, warnings). */
export interface MatchFacts {
  /** Name of a uid (ENRICHED text first, then the user database). */
  readonly lookupUid?: UidLookup;
  /** Told about malformed records (ausearch's `--debug` and sockaddr notes). */
  readonly warn?: (text: string) => void;
}

/** A record type nothing is extracted from. */
export const K_NONE = 0;
/** SYSCALL (`parse_syscall`). */
export const K_SYSCALL = 1;
/** CWD (`parse_dir`: only for `-f`). */
export const K_CWD = 2;
/** PATH (`parse_path`: only for `-f` and `-o`). */
export const K_PATH = 3;
/** SOCKADDR (`parse_sockaddr`: only for `-hn` and `-f`). */
export const K_SOCKADDR = 4;
const K_AVC_PATH = 5;
const K_USER = 6;
const K_LOGIN = 7;
const K_OBJ = 8;
const K_DAEMON1 = 9;
const K_DAEMON2 = 10;
const K_CONFIG = 11;
const K_AVC = 12;
const K_PKT = 13;
const K_TASK = 14;
const K_ANOM = 15;
const K_SIMPLE = 16;
const K_INTEGRITY = 17;
const K_KERNEL = 18;
const K_TTY = 19;

/**
 * Which of ausearch's extractors reads a record of type `t`
 * (`extract_search_items`' switch): {@linkcode K_NONE},
 * {@linkcode K_SYSCALL}, {@linkcode K_CWD}, {@linkcode K_PATH},
 * {@linkcode K_SOCKADDR} or another (private) kind.
 */
export function recordKind(t: number): number {
  switch (true) {
    case t === 1300:
      return K_SYSCALL;
    case t === 1307:
      return K_CWD;
    case t === 1402:
      return K_AVC_PATH;
    case t === 1302:
      return K_PATH;
    case t === 1005 || (t >= 1100 && t <= 1106) || (t >= 1108 && t <= 1199) ||
      (t >= 2100 && t <= 2999):
      return K_USER;
    case t === 1306:
      return K_SOCKADDR;
    case t === 1006:
      return K_LOGIN;
    case t === 1303 || t === 1318:
      return K_OBJ;
    case t === 1200 || t === 1201 || t === 1202 || t === 1203 || t === 1205 || t === 1206:
      return K_DAEMON1;
    case t === 1207 || t === 1208:
      return K_DAEMON2;
    case t === 1305:
      return K_CONFIG;
    case t === 1400 || t === 1107:
      return K_AVC;
    case t === 1324:
      return K_PKT;
    case t === 1328 || t === 1702:
      return K_TASK;
    case t === 1326 || t === 1700 || t === 1701:
      return K_ANOM;
    case t >= 1403 && t <= 1417:
      return K_SIMPLE;
    case t >= 1800 && t <= 1805:
      return K_INTEGRITY;
    case t === 1325 || t === 1335:
      return K_KERNEL;
    case t === 1319:
      return K_TTY;
  }
  return K_NONE;
}

/** Extracts what the criteria need from each record; nonzero: malformed, no match. */
export function extractSearchItems(
  event: SearchEvent,
  c: SearchCriteria,
  facts: MatchFacts = {},
): { items: SearchItems; code: number } {
  const x: ExtractContext = {
    c,
    s: newSearchItems(),
    lookupUid: facts.lookupUid ?? (() => undefined),
  };
  const warn = facts.warn ?? (() => {});
  let ret = 0;
  for (const r of event.records) {
    const m = r.mlen === r.line.length ? r.line : r.line.slice(0, r.mlen);
    const t = r.type;
    switch (recordKind(t)) {
      case K_SYSCALL:
        ret = parseSyscall(x, m);
        break;
      case K_CWD:
        ret = parseDir(x, m);
        break;
      case K_AVC_PATH:
        ret = avcParsePath(x, m);
        break;
      case K_PATH:
        ret = parsePath(x, m);
        break;
      case K_USER:
        ret = parseUser(x, m, t);
        break;
      case K_SOCKADDR:
        ret = parseSockaddr(x, m, warn);
        break;
      case K_LOGIN:
        ret = parseLogin(x, m);
        break;
      case K_OBJ:
        ret = parseObj(x, m);
        break;
      case K_DAEMON1:
        ret = parseDaemon1(x, m);
        break;
      case K_DAEMON2:
        ret = parseDaemon2(x, m);
        break;
      case K_CONFIG:
        ret = parseSimpleMessage(x, m, t);
        avcParsePath(x, m);
        break;
      case K_AVC:
        ret = parseAvc(x, m, t);
        break;
      case K_PKT:
        ret = parsePktRecord(m, x.s, {
          hostname: x.c.hostname !== undefined,
          object: x.c.object !== undefined,
        }, addObject);
        break;
      case K_TASK:
        ret = parseTaskInfo(x, m);
        break;
      case K_ANOM:
        ret = parseKernelAnom(x, m, t);
        break;
      case K_SIMPLE:
        ret = parseSimpleMessage(x, m, t);
        break;
      case K_INTEGRITY:
        ret = parseIntegrity(x, m);
        break;
      case K_KERNEL:
        ret = parseKernel(x, m);
        break;
      case K_TTY:
        ret = parseTty(x, m);
        break;
    }
    if (ret) {
      warn(`Malformed event skipped, rc=${ret}. ${m}`);
      break;
    }
  }
  return { items: x.s, code: ret };
}

function strmatch(c: SearchCriteria, needle: string, haystack: string): boolean {
  return c.exact ? haystack === needle : haystack.includes(needle);
}

function userMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (c.anyUid) {
    if (c.uidName !== undefined) {
      return s.tuid === c.uidName || s.teuid === c.uidName || s.tauid === c.uidName;
    }
    return c.uid === s.uid || c.uid === s.euid || c.uid === s.loginuid;
  }
  if (c.uidName !== undefined || c.euidName !== undefined || c.loginuidName !== undefined) {
    if (c.uidName !== undefined && s.tuid !== c.uidName) return false;
    if (c.euidName !== undefined && s.teuid !== c.euidName) return false;
    if (c.loginuidName !== undefined && s.tauid !== c.loginuidName) return false;
    return true;
  }
  if (c.uid !== undefined && c.uid !== s.uid) return false;
  if (c.euid !== undefined && c.euid !== s.euid) return false;
  if (c.loginuid !== undefined && c.loginuid !== s.loginuid) return false;
  return true;
}

function groupMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (c.anyGid) return c.gid === s.gid || c.egid === s.egid;
  if (c.gid !== undefined && c.gid !== s.gid) return false;
  if (c.egid !== undefined && c.egid !== s.egid) return false;
  return true;
}

function contextMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (!c.anyContext && c.subject === undefined && c.object === undefined) return true;
  const subjects = (s.avc ?? []).filter((a) => a.scontext !== undefined);
  const objects = (s.avc ?? []).filter((a) => a.tcontext !== undefined);
  if (c.anyContext) {
    if (c.subject !== undefined && subjects.some((a) => strmatch(c, c.subject!, a.scontext!))) {
      return true;
    }
    if (c.object !== undefined && objects.some((a) => strmatch(c, c.object!, a.tcontext!))) {
      return true;
    }
    return false;
  }
  if (c.subject !== undefined) {
    return s.avc !== undefined && subjects.some((a) => strmatch(c, c.subject!, a.scontext!));
  }
  if (c.object !== undefined) {
    return s.avc !== undefined && objects.some((a) => strmatch(c, c.object!, a.tcontext!));
  }
  return true;
}

/**
 * ausearch's `match`: whether `event` satisfies every criterion.
 *
 * @param event The event.
 * @param c The criteria.
 * @param facts Name lookups and warnings.
 * @returns Whether it matches.
 */
export function matchEvent(event: SearchEvent, c: SearchCriteria, facts: MatchFacts = {}): boolean {
  if (c.start !== undefined && event.sec < c.start) return false;
  if (c.end !== undefined && event.sec > c.end) return false;
  if (c.eventId !== undefined && c.eventId !== event.serial) return false;
  const { items: s, code } = extractSearchItems(event, c, facts);
  if (code) return false;
  if (c.nodes !== undefined) {
    if (event.node === undefined || !c.nodes.includes(event.node)) return false;
  }
  if (!userMatch(c, s) || !groupMatch(c, s)) return false;
  if (c.ppid !== undefined && c.ppid !== s.ppid) return false;
  if (c.pid !== undefined && c.pid !== s.pid) return false;
  if (c.arches !== undefined && !c.arches.includes(s.arch)) return false;
  if (c.syscall !== undefined && c.syscall !== s.syscall) return false;
  if (c.session !== undefined && c.session !== s.session) return false;
  if (c.exit !== undefined && (!s.exitSet || c.exit !== s.exit)) return false;
  if (c.success !== undefined && c.success !== s.success) return false;
  if (c.types !== undefined && !event.records.some((r) => c.types!.includes(r.type))) return false;
  if (c.filename !== undefined) {
    if (s.filenames === undefined && s.cwd === undefined) return false;
    let found = false;
    if (s.filenames !== undefined) {
      found = s.filenames.some((f) => f !== undefined && strmatch(c, c.filename!, f));
      if (!found && s.cwd === undefined) return false;
    }
    if (s.cwd !== undefined && !found && !strmatch(c, c.filename, s.cwd)) return false;
  }
  const str = (want: string | undefined, have: string | undefined): boolean =>
    want === undefined || (have !== undefined && strmatch(c, want, have));
  if (!str(c.hostname, s.hostname) || !str(c.terminal, s.terminal)) return false;
  if (!str(c.exe, s.exe) || !str(c.comm, s.comm)) return false;
  if (c.key !== undefined) {
    if (s.keys === undefined || !s.keys.some((k) => strmatch(c, c.key!, k))) return false;
  }
  if (!str(c.vmname, s.vmname) || !str(c.uuid, s.uuid)) return false;
  return contextMatch(c, s);
}
