/**
 * Record-type specific rewrites that make odd records parsable as key/value
 * pairs (go-libaudit `normalizeAuditMessage`).
 *
 * @module
 */

import {
  AUDIT_AVC,
  AUDIT_CRED_DISP,
  AUDIT_LOGIN,
  AUDIT_USER_AVC,
  AUDIT_USER_END,
  AUDIT_USER_START,
} from "./tables/record_type_constants.ts";
import { isSpace } from "./fields.ts";

/** Go regexp `\w`. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Rewrites the body of a record before field extraction, or returns
 * `undefined` when the record needs no rewrite.
 *
 * - SELinux AVC: `avc:  denied  { read write } for  pid=1` becomes
 *   `seresult=denied seperms=read,write pid=1` (what precedes is dropped).
 * - USER_AVC (not in go-libaudit): the same rewrite inside `msg='…'`, keeping
 *   what precedes (the sender's pid, uid, subj…).
 * - LOGIN: `old auid=`/`new auid=` become `old_auid=`/`new_auid=`.
 * - CRED_DISP, USER_START, USER_END: ` (hostname=` becomes ` hostname=` and
 *   trailing `)` and `'` are cut.
 */
export function normalizeBody(type: number, body: string): string | undefined {
  switch (type) {
    case AUDIT_AVC:
      return normalizeSelinuxAvc(body, false);
    case AUDIT_USER_AVC:
      return normalizeSelinuxAvc(body, true);
    case AUDIT_LOGIN:
      return replaceFirst2(replaceFirst2(body, "old ", "old_"), "new ", "new_");
    case AUDIT_CRED_DISP:
    case AUDIT_USER_START:
    case AUDIT_USER_END: {
      const text = replaceFirst2(body, " (hostname=", " hostname=");
      let end = text.length;
      while (end > 0) {
        const c = text.charCodeAt(end - 1);
        if (c !== 41 && c !== 39) break;
        end--;
      }
      return end === text.length ? text : text.slice(0, end);
    }
    default:
      return undefined;
  }
}

/** `strings.Replace(s, from, to, 2)` */
function replaceFirst2(s: string, from: string, to: string): string {
  const a = s.indexOf(from);
  if (a < 0) return s;
  const b = s.indexOf(from, a + from.length);
  if (b < 0) return s.slice(0, a) + to + s.slice(a + from.length);
  return s.slice(0, a) + to + s.slice(a + from.length, b) + to + s.slice(b + from.length);
}

/** Positions in `body` of every `}` followed by `\s+for\s+`, ascending. */
function avcCloses(body: string): number[] {
  const out: number[] = [];
  const n = body.length;
  for (let b = body.indexOf("}"); b >= 0; b = body.indexOf("}", b + 1)) {
    let k = b + 1;
    while (k < n && isSpace(body.charCodeAt(k))) k++;
    if (k > b + 1 && body.startsWith("for", k) && k + 3 < n && isSpace(body.charCodeAt(k + 3))) {
      out.push(b);
    }
  }
  return out;
}

/** The largest value in ascending `list` that is `>= lo` and `< hi`, or -1. */
function lastIn(list: number[], lo: number, hi: number): number {
  let a = 0;
  let b = list.length; // first index with list[i] >= hi
  while (a < b) {
    const m = (a + b) >> 1;
    if (list[m]! < hi) a = m + 1;
    else b = m;
  }
  const i = a - 1;
  return i >= 0 && list[i]! >= lo ? list[i]! : -1;
}

/**
 * Matches `avc:\s+(\w+)\s+\{\s*(.*)\s*\}\s+for\s+` (leftmost, greedy) and
 * rewrites it; `undefined` when there is no match (e.g. an AppArmor AVC).
 * Linear in the length of `body` (no backtracking).
 */
function normalizeSelinuxAvc(body: string, keepPrefix: boolean): string | undefined {
  const n = body.length;
  let closes: number[] | undefined;
  let newlines: number[] | undefined;
  for (let p = body.indexOf("avc:"); p >= 0; p = body.indexOf("avc:", p + 1)) {
    let j = p + 4;
    if (j >= n || !isSpace(body.charCodeAt(j))) continue;
    while (j < n && isSpace(body.charCodeAt(j))) j++;
    const wordStart = j;
    while (j < n && isWord(body.charCodeAt(j))) j++;
    if (j === wordStart || j >= n || !isSpace(body.charCodeAt(j))) continue;
    const result = body.slice(wordStart, j);
    while (j < n && isSpace(body.charCodeAt(j))) j++;
    if (body.charCodeAt(j) !== 123) continue;
    const permsStart = j + 1;
    closes ??= avcCloses(body);
    if (closes.length === 0) return undefined;
    // `(.*)` cannot cross a line break and is greedy: the last `}` on the line.
    newlines ??= positions(body, "\n");
    let lineEnd = n;
    if (newlines.length > 0) {
      const next = firstAtOrAfter(newlines, permsStart);
      if (next >= 0) lineEnd = next;
    }
    const brace = lastIn(closes, permsStart, lineEnd);
    if (brace < 0) continue;
    let k = brace + 1;
    while (isSpace(body.charCodeAt(k))) k++;
    k += 3; // "for"
    while (k < n && isSpace(body.charCodeAt(k))) k++;
    const perms = body.slice(permsStart, brace).split(/[\t\n\v\f\r ]+/).filter((s) => s !== "");
    const rewritten = `seresult=${result} seperms=${perms.join(",")} ${body.slice(k)}`;
    return keepPrefix ? body.slice(0, p) + rewritten : rewritten;
  }
  return undefined;
}

/** All positions of `needle` in `text`. */
function positions(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** The first value in ascending `list` that is `>= lo`, or -1. */
function firstAtOrAfter(list: number[], lo: number): number {
  let a = 0;
  let b = list.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (list[m]! < lo) a = m + 1;
    else b = m;
  }
  return a < list.length ? list[a]! : -1;
}
