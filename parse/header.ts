/**
 * Header parsing: `[node=HOST ]type=NAME msg=audit(SECS.MS:SEQ): …` log lines
 * and `audit(SECS.MS:SEQ): …` netlink payloads, by scanning character codes.
 *
 * @module
 */

import { ENRICHED_SEPARATOR } from "./enriched.ts";
import { ParseError } from "./error.ts";
import { type AuditMessage, Message } from "./message.ts";
import { recordTypeNumber } from "./record_type.ts";
import { flatSlice } from "./_flat.ts";

/** Go `unicode.IsSpace` (what `strings.TrimSpace` trims). */
function isGoSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// Record type names seen before, by a hash of their characters.
const TYPE_CACHE_SIZE = 256;
const typeCacheNames: (string | undefined)[] = new Array(TYPE_CACHE_SIZE).fill(undefined);
const typeCacheNumbers = new Int32Array(TYPE_CACHE_SIZE);

/** The record type named by `line[start:end]`, without slicing known names. */
function recordTypeAt(line: string, start: number, end: number, hash: number): number {
  const slot = (hash ^ (end - start)) & (TYPE_CACHE_SIZE - 1);
  const cached = typeCacheNames[slot];
  if (cached !== undefined && cached.length === end - start && line.startsWith(cached, start)) {
    return typeCacheNumbers[slot]!;
  }
  const name = line.slice(start, end);
  const type = recordTypeNumber(name);
  if (type === undefined) {
    throw new ParseError(`invalid record type ${JSON.stringify(name)}`, start);
  }
  typeCacheNames[slot] = name;
  typeCacheNumbers[slot] = type;
  return type;
}

/** Largest seconds value a JavaScript `Date` can hold. */
const MAX_SECONDS = 8_640_000_000_000;

/**
 * Parses a log line written by auditd, e.g.
 * `type=SYSCALL msg=audit(1490137971.011:50406): arch=c000003e syscall=42 …`.
 *
 * Also accepted: a `node=HOST ` prefix, numeric types (`type=1300`),
 * `type=UNKNOWN[1234]`, the kernel's console form without `msg=`
 * (`type=1400 audit(…): …`, also after a `… audit: ` prefix as in `dmesg`
 * and `journalctl -k`), and the ENRICHED format (translations after `\x1d`
 * go to {@linkcode AuditMessage.enrichment}). Only the header is parsed
 * here; fields are parsed on first access to `data`, `keys` or `error`.
 *
 * @param line One line, without its line break.
 * @returns The message.
 * @throws {ParseError} When the header (node, type, timestamp, sequence) is
 * malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 *
 * const msg = parseLogLine(
 *   'type=SYSCALL msg=audit(1490137971.011:50406): arch=c000003e syscall=42 success=yes exit=0 auid=4294967295 comm="master" key=(null)',
 * );
 * assert.equal(msg.recordTypeName, "SYSCALL");
 * assert.equal(msg.data.syscall, "connect");
 * assert.equal(msg.data.auid, "unset");
 * ```
 */
export function parseLogLine(line: string): AuditMessage {
  // A line split from a larger text is a view into it; every character read
  // (and every slice) of a flat copy is cheaper.
  line = flatSlice(line, 0, line.length);
  let pos = 0;
  let node: string | undefined;
  if (line.charCodeAt(0) !== 116 && line.charCodeAt(0) !== 110) {
    // The kernel's console lines carry a prefix: "[ 5.1] audit: type=1400 audit(…)"
    // (dmesg) or "Nov 25 01:00:00 host kernel: audit: type=1400 audit(…)".
    const kernel = line.indexOf("audit: type=");
    if (kernel >= 0) pos = kernel + 7;
  }
  if (line.startsWith("node=", pos)) {
    const space = line.indexOf(" ", pos + 5);
    if (space < 0) throw new ParseError('expected a space after "node="', line.length);
    node = line.slice(pos + 5, space);
    pos = space + 1;
    while (line.charCodeAt(pos) === 32) pos++;
  }
  if (!line.startsWith("type=", pos)) throw new ParseError('expected "type="', pos);
  const typeStart = pos + 5;
  let typeEnd = typeStart;
  let hash = 0;
  for (let c = line.charCodeAt(typeEnd); typeEnd < line.length && c !== 32;) {
    hash = (hash * 31 + c) | 0;
    c = line.charCodeAt(++typeEnd);
  }
  if (typeEnd === typeStart) throw new ParseError("missing record type", typeStart);
  const type = recordTypeAt(line, typeStart, typeEnd, hash);
  pos = typeEnd;
  while (line.charCodeAt(pos) === 32) pos++;
  if (line.startsWith("msg=", pos)) return parsePayload(type, line, pos + 4, node);
  // The kernel's console form (dmesg, journal): "type=1400 audit(…): …".
  if (line.startsWith("audit(", pos)) return parsePayload(type, line, pos, node);
  throw new ParseError('expected "msg="', pos);
}

/**
 * Parses a netlink payload as the kernel sends it, e.g.
 * `audit(1490137971.011:50406): arch=c000003e syscall=42 …`, with the record
 * type from the netlink header.
 *
 * @param type The record type (netlink message type), e.g. `1300`.
 * @param payload The message text.
 * @returns The message.
 * @throws {ParseError} When the `audit(SECS.MS:SEQ)` header is malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMessage } from "@libaudit/libaudit/parse";
 *
 * const msg = parseMessage(1307, 'audit(1481077231.371:479):  cwd="/home/user"');
 * assert.equal(msg.recordTypeName, "CWD");
 * assert.equal(msg.data.cwd, "/home/user");
 * ```
 */
export function parseMessage(type: number, payload: string): AuditMessage {
  // A netlink payload may carry its C string terminator.
  let end = payload.length;
  while (end > 0 && payload.charCodeAt(end - 1) === 0) end--;
  return parsePayload(type, end === payload.length ? payload : payload.slice(0, end), 0, undefined);
}

/** Parses `audit(SECS.MS:SEQ)…` at `start` of `text`. */
function parsePayload(
  type: number,
  text: string,
  start: number,
  node: string | undefined,
): Message {
  let end = text.indexOf(ENRICHED_SEPARATOR, start);
  let tailStart = -1;
  if (end >= 0) tailStart = end + 1;
  else end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  const rawStart = start;
  if (!text.startsWith("audit(", start)) throw new ParseError('expected "audit("', start);
  let i = start + 6;

  let seconds = 0;
  const secondsStart = i;
  for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48) {
    seconds = seconds * 10 + c;
  }
  if (i === secondsStart || i - secondsStart > 13) {
    throw new ParseError("invalid timestamp seconds", secondsStart);
  }
  if (seconds > MAX_SECONDS) throw new ParseError("timestamp out of range", secondsStart);
  if (text.charCodeAt(i) !== 46) throw new ParseError('expected "." in timestamp', i);

  let millis = 0;
  const millisStart = ++i;
  for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48) {
    millis = millis * 10 + c;
  }
  if (i === millisStart || i - millisStart > 9) {
    throw new ParseError("invalid timestamp milliseconds", millisStart);
  }
  if (text.charCodeAt(i) !== 58) throw new ParseError('expected ":" after timestamp', i);

  let sequence = 0;
  const sequenceStart = ++i;
  for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48) {
    sequence = sequence * 10 + c;
  }
  if (i === sequenceStart || i - sequenceStart > 10 || sequence > 0xffffffff) {
    throw new ParseError("invalid sequence number", sequenceStart);
  }
  if (text.charCodeAt(i) !== 41) throw new ParseError('expected ")" after sequence number', i);

  const timestamp = seconds * 1000 + millis;
  if (timestamp > MAX_SECONDS * 1000) throw new ParseError("timestamp out of range", secondsStart);
  return new Message(type, timestamp, sequence, node, text, rawStart, end, i + 1, tailStart);
}
