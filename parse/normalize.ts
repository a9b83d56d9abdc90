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
  AUDIT_USER_END,
  AUDIT_USER_START,
} from "./record_type.ts";

/** Go regexp `\s`. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

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
 * - LOGIN: `old auid=`/`new auid=` become `old_auid=`/`new_auid=`.
 * - CRED_DISP, USER_START, USER_END: ` (hostname=` becomes ` hostname=` and
 *   trailing `)` and `'` are cut.
 */
export function normalizeBody(type: number, body: string): string | undefined {
  switch (type) {
    case AUDIT_AVC:
      return normalizeSelinuxAvc(body);
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

/**
 * Matches `avc:\s+(\w+)\s+\{\s*(.*)\s*\}\s+for\s+` (leftmost, greedy) and
 * rewrites it; `undefined` when there is no match (e.g. an AppArmor AVC).
 */
function normalizeSelinuxAvc(body: string): string | undefined {
  const n = body.length;
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
    let lineEnd = body.indexOf("\n", permsStart);
    if (lineEnd < 0) lineEnd = n;
    // `(.*)` is greedy: the last `}` on the line that is followed by `\s+for\s+`.
    let matchEnd = -1;
    let brace = body.lastIndexOf("}", lineEnd - 1);
    while (brace >= permsStart) {
      let k = brace + 1;
      while (k < n && isSpace(body.charCodeAt(k))) k++;
      if (
        k > brace + 1 && body.startsWith("for", k) && k + 3 < n && isSpace(body.charCodeAt(k + 3))
      ) {
        k += 3;
        while (k < n && isSpace(body.charCodeAt(k))) k++;
        matchEnd = k;
        break;
      }
      brace = body.lastIndexOf("}", brace - 1);
    }
    if (matchEnd < 0) continue;
    const perms = body.slice(permsStart, brace).split(/[\t\n\v\f\r ]+/).filter((s) => s !== "");
    return `seresult=${result} seperms=${perms.join(",")} ${body.slice(matchEnd)}`;
  }
  return undefined;
}
