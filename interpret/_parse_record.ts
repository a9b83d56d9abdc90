/**
 * ausearch-parse.c's `extract_search_items` for one record: which parser
 * reads which record type ({@linkcode recordKind}), one table for `libaudit
 * search` and `libaudit report`.
 *
 * @module
 */
import type { ParseItems, ParseSink, ParseWanted } from "./_parse_items.ts";
import { parseAvc, parseIntegrity, parseKernelAnom } from "./_parse_kernel.ts";
import { parsePkt } from "./_parse_pkt.ts";
import { parseDaemon1, parseDaemon2, parseKernel, parseSimpleMessage } from "./_parse_simple.ts";
import { parseSockaddr } from "./_parse_sockaddr.ts";
import {
  avcParsePath,
  parseDir,
  parseObj,
  parsePath,
  parseSyscall,
  parseTaskInfo,
} from "./_parse_task.ts";
import { parseTty } from "./_parse_tty.ts";
import { parseLogin, parseUser } from "./_parse_user.ts";

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

/** A kind not looked up yet in {@linkcode KINDS}. */
const K_UNSET = 255;

/**
 * Kinds of the types below 4096, each computed the first time it is met
 * (filling all 4096 at load ran `recordKind` 4096 times, before it was
 * compiled, at every start: 3-6.5 ms of a search).
 */
const KINDS = new Uint8Array(4096).fill(K_UNSET);

/** {@linkcode recordKind} of `t`, kept for types below 4096 (computed once per type). */
export function kindOf(t: number): number {
  if (!(t >= 0 && t < 4096)) return recordKind(t);
  const k = KINDS[t]!;
  return k !== K_UNSET ? k : (KINDS[t] = recordKind(t));
}

/**
 * Whether {@linkcode parseRecord} looks at a record of type `t` at all for
 * `w` (false: it returns 0 without reading it, so a reader need not keep
 * the record's text).
 */
export function recordReads(t: number, w: ParseWanted): boolean {
  switch (kindOf(t)) {
    case K_NONE:
      return false;
    case K_CWD:
    case K_AVC_PATH:
      return w.filename;
    case K_PATH:
      return w.filename || w.object;
    case K_SOCKADDR:
      return w.hostname || w.filename;
  }
  return true;
}

/**
 * Reads what `w` asks for from one record (`m`, the text without an
 * ENRICHED part, of type `t`) into `s`; returns 0, or the parser's code
 * for a malformed record (the tools drop the event).
 */
export function parseRecord<S extends ParseItems>(
  m: string,
  t: number,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
): number {
  switch (kindOf(t)) {
    case K_SYSCALL:
      return parseSyscall(m, s, w, k);
    case K_CWD:
      return parseDir(m, s, w);
    case K_AVC_PATH:
      return avcParsePath(m, s, w, k);
    case K_PATH:
      return parsePath(m, s, w, k);
    case K_USER:
      return parseUser(m, t, s, w, k);
    case K_SOCKADDR:
      return parseSockaddr(m, s, w, k);
    case K_LOGIN:
      return parseLogin(m, s, w, k);
    case K_OBJ:
      return parseObj(m, s, w, k);
    case K_DAEMON1:
      return parseDaemon1(m, s, w, k);
    case K_DAEMON2:
      return parseDaemon2(m, s, w);
    case K_CONFIG: {
      const ret = parseSimpleMessage(m, t, s, w, k);
      // CONFIG_CHANGE: path= too, whose absence is no error; a bad path= leaves
      // aureport an empty file list (its -f report prints a row with no name).
      if (avcParsePath(m, s, w, k) > 1) k.openFiles?.(s);
      return ret;
    }
    case K_AVC:
      return parseAvc(m, t, s, w, k);
    case K_PKT:
      return parsePkt(m, s, w, k);
    case K_TASK:
      return parseTaskInfo(m, s, w, k);
    case K_ANOM:
      return parseKernelAnom(m, t, s, w, k);
    case K_SIMPLE:
      return parseSimpleMessage(m, t, s, w, k);
    case K_INTEGRITY:
      return parseIntegrity(m, s, w, k);
    case K_KERNEL:
      return parseKernel(m, s, w, k);
    case K_TTY:
      return parseTty(m, s, w, k);
  }
  return 0;
}
