/**
 * One-line text rendering of interpreted events, with attacker-influenced
 * text escaped so that a record cannot forge lines or terminal sequences.
 *
 * @module
 */

import type { AuditEvent } from "./event.ts";

function needsEscape(c: number): boolean {
  return c < 0x21 || c === 0x22 || c === 0x5c || (c >= 0x7f && c <= 0xa0) ||
    c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff);
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, "0");
}

/**
 * Makes text safe for one line of terminal output: control characters
 * (C0, DEL, C1), line and paragraph separators, bidirectional overrides
 * and lone surrogates become `\xHH`/`\uHHHH` escapes, a backslash becomes
 * `\\`; text with a space or a double quote is quoted (`"a b"`, with `\"`
 * inside); the empty string is `""`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeText } from "@libaudit/libaudit/interpret";
 * assert.equal(escapeText("/tmp/x\n"), "/tmp/x\\x0a");
 * assert.equal(escapeText("my file"), "\"my file\"");
 * ```
 */
export function escapeText(text: string): string {
  let i = 0;
  const n = text.length;
  while (i < n && !needsEscape(text.charCodeAt(i))) i++;
  if (i === n) return n === 0 ? '""' : text;
  let quote = false;
  let out = text.slice(0, i);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!needsEscape(c)) {
      out += text[i];
    } else if (c === 0x20) {
      quote = true;
      out += " ";
    } else if (c === 0x22) {
      quote = true;
      out += '\\"';
    } else if (c === 0x5c) {
      out += "\\\\";
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text[i]! + text[i + 1]!; // a valid pair
        i++;
      } else out += "\\u" + hex(c, 4);
    } else {
      out += c < 0x100 ? "\\x" + hex(c, 2) : "\\u" + hex(c, 4);
    }
  }
  return quote ? `"${out}"` : out;
}

function pair(a: string | undefined, b: string | undefined): string | undefined {
  if (a && b) return `${escapeText(a)}/${escapeText(b)}`;
  if (a) return escapeText(a);
  if (b) return "/" + escapeText(b);
  return undefined;
}

/**
 * One summary line for an event: time, sequence, category, record type,
 * result, then `actor=`, `action=`, `object=` (`type:primary/secondary`),
 * `how=`, `tags=` and `node=` when present. All values are escaped with
 * {@link escapeText}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coalesce, formatEventText } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * const line = formatEventText(coalesce([parseLogLine(
 *   "type=USER_LOGIN msg=audit(1493046015.752:42120): pid=18981 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=46.160.144.250 terminal=ssh res=failed'",
 * )]));
 * assert.equal(
 *   line,
 *   "2017-04-24T15:00:15.752Z 42120 user-login user_login fail actor=unset/root " +
 *     "action=logged-in object=user-session:ssh/46.160.144.250 how=/usr/sbin/sshd",
 * );
 * ```
 */
export function formatEventText(event: AuditEvent): string {
  const s = event.summary;
  let line = `${escapeText(event["@timestamp"])} ${event.sequence} ${escapeText(event.category)} ${
    escapeText(event.record_type)
  } ${escapeText(event.result ?? "unknown")}`;
  const actor = pair(s.actor.primary, s.actor.secondary);
  if (actor !== undefined) line += " actor=" + actor;
  if (s.action) line += " action=" + escapeText(s.action);
  const object = pair(s.object.primary, s.object.secondary);
  if (s.object.type || object !== undefined) {
    line += " object=";
    if (s.object.type) line += escapeText(s.object.type) + (object === undefined ? "" : ":");
    if (object !== undefined) line += object;
  }
  if (s.how) line += " how=" + escapeText(s.how);
  if (event.tags !== undefined && event.tags.length > 0) {
    line += " tags=" + event.tags.map(escapeText).join(",");
  }
  if (event.node !== undefined) line += " node=" + escapeText(event.node);
  return line;
}
